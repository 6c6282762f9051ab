"""Sentence splitting for Arabic news.

Policy (see docs/language.md): a line break always ends a sentence; inside a line, ``. ! ? ؟`` (and runs of
them) end a sentence when followed by a space, the end of the line, or directly by an Arabic letter (the
missing space in «داعش.وأضاف»). A full stop does not split between digits (27.9.2024, 2.5), after a
one-letter abbreviation (د. = Dr.), before a Latin letter or digit with no space (U.S., shafaq.com), or as
part of an ellipsis. Terminators inside a short quotation («…», “…”, "…" up to ``SHORT_QUOTE`` characters)
do not split; long quoted statements may. Closing quotes and brackets right after a terminator stay with the
sentence. Spans index the original text and are trimmed of surrounding whitespace.
"""

from __future__ import annotations

import re

from kg.model import Sentence
from kg.text.arabic import ARABIC_LETTER, DIGIT, INVISIBLE, TATWEEL

#: Quotations up to this many characters protect the terminators inside them.
SHORT_QUOTE = 200

_LINE = re.compile(r"[^\n\r\u2028\u2029\u0085]+")
_TERM = re.compile(r"[.!?\u061f\u06d4\u203c\u2047-\u2049]+")
_QUOTE = re.compile(r"[«»“”\"]")
_CLOSERS = "\"'»”’)]}"
_DIGIT = re.compile(f"[{DIGIT}]")
_ARABIC = re.compile(f"[{ARABIC_LETTER}]")
_LATIN_OR_DIGIT = re.compile(f"[A-Za-z{DIGIT}]")
_SPACE = f" \t\u00a0{INVISIBLE}"


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences whose spans index ``text`` (``Sentence.text == text[start:end]``)."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        spans.extend(_split_line(text, line.start(), line.end()))
    out: list[Sentence] = []
    for start, end in spans:
        while start < end and (text[start].isspace() or text[start] in _SPACE):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _SPACE):
            end -= 1
        if end > start:
            out.append(Sentence(index=len(out), start=start, end=end, text=text[start:end]))
    return out


def _split_line(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    protected = _short_quotes(text, lo, hi)
    spans: list[tuple[int, int]] = []
    start = lo
    for m in _TERM.finditer(text, lo, hi):
        s, e = m.start(), m.end()
        run = m.group()
        if run == "." or (set(run) == {"."}):
            if not _full_stop_ends(text, s, e, lo, hi):
                continue
        if any(qs < s < qe and e != qe for qs, qe in protected):
            continue  # inside a short quotation, unless it ends the quotation: «"القوات جاهزة." وأضاف»
        while e < hi and text[e] in _CLOSERS:
            e += 1
        if e < hi and not (text[e].isspace() or text[e] in _SPACE or _ARABIC.match(text, e)):
            continue
        spans.append((start, e))
        start = e
    if start < hi:
        spans.append((start, hi))
    return spans


def _full_stop_ends(text: str, s: int, e: int, lo: int, hi: int) -> bool:
    """Whether the run of dots ``text[s:e]`` ends a sentence."""
    if e - s >= 2:
        return False  # ellipsis «...»
    before = text[s - 1] if s > lo else ""
    after = text[e] if e < hi else ""
    if before and after and _DIGIT.match(before) and _DIGIT.match(after):
        return False  # 27.9.2024, 2.5
    if after and _LATIN_OR_DIGIT.match(after):
        return False  # U.S., shafaq.com, «العدد.3»
    # one-letter abbreviation: «د. محمد», «م. علي»
    if before and before.isalpha() and (s - 1 == lo or not (text[s - 2].isalpha() or text[s - 2] == TATWEEL)):
        return False
    return True


def _short_quotes(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of quotations no longer than ``SHORT_QUOTE`` in ``text[lo:hi]``.

    «» and “” pair by nesting; a straight ``"`` opens when it follows a space, the line start, tatweel or an
    opening bracket, and closes otherwise (so an unmatched closing quote does not flip the pairing).
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for m in _QUOTE.finditer(text, lo, hi):
        ch, p = m.group(), m.start()
        if ch in "«“":
            stack.append((ch, p))
        elif ch in "»”":
            want = "«" if ch == "»" else "“"
            while stack and stack[-1][0] != want:
                stack.pop()
            if stack:
                _, q = stack.pop()
                if p - q <= SHORT_QUOTE:
                    spans.append((q, p))
        else:
            prev = text[p - 1] if p > lo else " "
            opens = prev.isspace() or prev in f"{TATWEEL}([{{«“:،,"
            if opens and straight_open is None:
                straight_open = p
            elif not opens and straight_open is not None:
                if p - straight_open <= SHORT_QUOTE:
                    spans.append((straight_open, p))
                straight_open = None
    return spans
