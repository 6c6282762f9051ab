"""Normalization of Arabic text at two levels, keeping a map back to the original offsets.

* :func:`normalize` gives the *surface* form used for reading and rules (diacritics, tatweel, invisible
  characters removed; digits ASCII; odd spaces and curly quotes unified; a missing space after a full stop
  restored). Letters are not folded, so the result can still be shown to people.
* :func:`normalize_key` gives the *matching key* (alef/yaa/taa-marbuta variants folded, case folded, trimmed);
  it is for gazetteer and alias lookup only and never for labels.

Every character of a :class:`NormalizedText` knows where it came from, so a span found in normalized text maps
back to code points of ``Article.text`` with :meth:`NormalizedText.to_original`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kg.text.arabic import (
    ARABIC_DECIMAL,
    ARABIC_LETTER,
    ARABIC_THOUSANDS,
    DIACRITICS,
    DIGIT,
    DIGIT_MAP,
    INVISIBLE,
    KEY_MAP,
    ODD_SPACES,
    PRESENTATION_FORMS,
    QUOTE_MAP,
    TATWEEL,
)


@dataclass
class NormalizedText:
    """Normalized text plus, for each of its characters, the offset of the original character it came from.

    ``offsets`` has ``len(text) + 1`` entries; the last one is the length of the original text. ``ends`` holds,
    per character, the original offset just after its source (including removed marks that followed it).
    """

    text: str
    offsets: list[int]
    ends: list[int] = field(default_factory=list)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the span ``[start, end)`` of ``self.text`` to a span of the original text."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(
                f"span ({start}, {end}) is outside the normalized text of length {len(self.text)}"
            )
        if start == end:
            pos = self.offsets[start]
            return pos, pos
        last = self.ends[end - 1] if self.ends else self.offsets[end - 1] + 1
        return self.offsets[start], last


_REMOVE = f"[{DIACRITICS}{TATWEEL}{INVISIBLE}]+"
_REMOVE_RE = re.compile(_REMOVE)
#: where a space is missing after a full stop glued to the next Arabic word: «داعش.وأضاف» → «داعش. وأضاف»
_STOP = f'(?<=[{ARABIC_LETTER}{DIACRITICS}{DIGIT}"»)\\]]\\.)(?=[{ARABIC_LETTER}])'
_SPECIAL = re.compile(
    "|".join(
        [
            f"(?P<remove>{_REMOVE})",
            # whitespace that changes: runs, and any single character other than " " and "\n"
            r"(?P<space>[\s" + ODD_SPACES + r"]{2,}|(?![ \n])[\s" + ODD_SPACES + r"])",
            "(?P<digit>[\u0660-\u0669\u06f0-\u06f9])",
            f"(?P<sep>(?<=[{DIGIT}]){ARABIC_DECIMAL}(?=[{DIGIT}])|(?<=[{DIGIT}]){ARABIC_THOUSANDS}(?=[{DIGIT}]))",
            f"(?P<comma>[{ARABIC_DECIMAL}{ARABIC_THOUSANDS}])",
            "(?P<quote>[" + "".join(chr(c) for c in QUOTE_MAP) + "])",
            f"(?P<pres>[{PRESENTATION_FORMS}])",
            f"(?P<stop>{_STOP})",
        ]
    )
)


def normalize(text: str) -> NormalizedText:
    """Surface-normalize ``text`` and keep the offset map (see the module docstring for what changes)."""
    out: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    pos = 0
    for m in _SPECIAL.finditer(text):
        s, e = m.start(), m.end()
        if s > pos:
            out.append(text[pos:s])
            offsets.extend(range(pos, s))
            ends.extend(range(pos + 1, s + 1))
        kind = m.lastgroup
        if kind == "remove":
            if ends and ends[-1] == s and not out[-1][-1:].isspace():
                ends[-1] = e  # a removed mark belongs to the letter before it
        elif kind == "space":
            chunk = m.group()
            ch = "\n" if "\n" in chunk or "\r" in chunk else " "
            _emit(out, offsets, ends, ch, s, e)
        elif kind == "digit":
            _emit(out, offsets, ends, DIGIT_MAP[ord(m.group())], s, e)
        elif kind == "sep":
            _emit(out, offsets, ends, "." if m.group() == ARABIC_DECIMAL else ",", s, e)
        elif kind == "comma":
            _emit(out, offsets, ends, "\u060c", s, e)
        elif kind == "quote":
            _emit(out, offsets, ends, QUOTE_MAP[ord(m.group())], s, e)
        elif kind == "pres":
            repl = _REMOVE_RE.sub("", unicodedata.normalize("NFKC", m.group())).strip()
            for i, ch in enumerate(repl):
                out.append(ch)
                offsets.append(s)
                ends.append(e if i == len(repl) - 1 else s)
        else:  # stop: insert a space that has no width in the original
            _emit(out, offsets, ends, " ", s, s)
        pos = e
    if pos < len(text):
        out.append(text[pos:])
        offsets.extend(range(pos, len(text)))
        ends.extend(range(pos + 1, len(text) + 1))
    offsets.append(len(text))
    return NormalizedText("".join(out), offsets, ends)


def _emit(out: list[str], offsets: list[int], ends: list[int], ch: str, s: int, e: int) -> None:
    out.append(ch)
    offsets.append(s)
    ends.append(e)


_KEY_TABLE = {**KEY_MAP}
_KEY_SPACE = re.compile(r"[\s" + ODD_SPACES + r"]+")
_KEY_CHARS = {**DIGIT_MAP, **QUOTE_MAP, **KEY_MAP}
_KEY_SEP = re.compile(f"(?<=[{DIGIT}])[{ARABIC_DECIMAL}{ARABIC_THOUSANDS}](?=[{DIGIT}])")
_KEY_COMMA = re.compile(f"[{ARABIC_DECIMAL}{ARABIC_THOUSANDS}]")
_KEY_STOP = re.compile(_STOP)
_PRES_RE = re.compile(f"[{PRESENTATION_FORMS}]")


def normalize_key(s: str) -> str:
    """Matching key for gazetteer/alias lookup: surface normalization plus letter folding, trimmed, casefolded.

    Same result as folding ``normalize(s).text``, computed without the offset map because it is called per
    token. Never use the result as a label.
    """
    if _PRES_RE.search(s):
        s = _PRES_RE.sub(lambda m: _REMOVE_RE.sub("", unicodedata.normalize("NFKC", m.group())).strip(), s)
    s = _REMOVE_RE.sub("", s)
    if "\u066b" in s or "\u066c" in s:
        s = _KEY_SEP.sub(lambda m: "." if m.group() == ARABIC_DECIMAL else ",", s)
        s = _KEY_COMMA.sub("\u060c", s)
    if "." in s:
        s = _KEY_STOP.sub(" ", s)
    s = s.translate(_KEY_CHARS)
    return _KEY_SPACE.sub(" ", s).strip().casefold()


def key_text(text: str) -> NormalizedText:
    """Like :func:`normalize` but with the key's letter folding, so matches of keys in running text map back.

    Folding is one character to one character, so the offset map of :func:`normalize` still holds.
    Unlike :func:`normalize_key` it keeps the whitespace layout (collapsed, not trimmed) and the case.
    """
    norm = normalize(text)
    return NormalizedText(norm.text.translate(_KEY_TABLE), norm.offsets, norm.ends)


# --- match form: what the fact rules match on ---------------------------------------------------------------

#: the rules' single quote form: every double quote and guillemet reads as «"», one character for one
_MATCH_QUOTES = {ord("«"): '"', ord("»"): '"'}
_MATCH_TABLE: dict[int, str | None] = {
    **{c: None for c in range(0x064B, 0x0660)}, 0x0670: None, 0x0640: None,
    **{c: None for c in range(0x0610, 0x061B)}, **{c: None for c in range(0x06D6, 0x06EE)},
    **KEY_MAP, **DIGIT_MAP, **QUOTE_MAP, **_MATCH_QUOTES,
    0x00A0: " ", 0x066C: "،", 0x066B: ".",
    **{c: None for c in (0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF, 0x061C, 0x00AD)},
}


def match_form(s: str) -> str:
    """The rules' match form of a word or phrase: no diacritics or tatweel, one alef, ى→ي, ة→ه, ASCII
    digits, every quote as ``"``. Never for display: «علي» and «على» share it."""
    if "\u066c" in s:  # the Arabic thousands separator is «,» between digits and «،» elsewhere
        return match_text(s).text
    return s.translate(_MATCH_TABLE)


def match_text(text: str) -> NormalizedText:
    """``text`` in match form with its offset map (the surface normalization plus the match folding, one
    character for one), so a rule's match maps back to the article's own characters."""
    keyed = key_text(text)
    return NormalizedText(keyed.text.translate(_MATCH_QUOTES), keyed.offsets, keyed.ends)
