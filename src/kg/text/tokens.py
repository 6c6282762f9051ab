"""A fast regex tokenizer for Arabic news that keeps clitics on words and offsets into the original text.

Tokens are: numbers with separators and decimals (2,500 · ٢٬٥٠٠ · 1.5 · 27.9.2024) as one token; words (a
letter followed by letters, digits, diacritics, tatweel and joiners, so «والعراق», «بـ» and «الـ12» stay
whole); an ellipsis; and every other visible character (punctuation, quotes, brackets, slash, dashes) on its
own. Whitespace and invisible characters (zero-width, bidi marks) are skipped. Clitic splitting is left to the
consumers (gazetteer lookup strips proclitics only when the rest is a known name).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.text.arabic import DIACRITICS, DIGIT, INVISIBLE, TATWEEL


class Token(NamedTuple):
    """A token's span in the article text and its text (a named tuple: cheap to make, one per word)."""

    start: int
    end: int
    text: str


_D = f"[{DIGIT}]"
_TOKEN = re.compile(
    f"{_D}+(?:[.,\u066b\u066c]{_D}+)*"  # number
    f"|[^\\W\\d_][\\w{DIACRITICS}{TATWEEL}\u200c\u200d]*"  # word (letters first, clitics attached)
    "|\\.{2,}|…"  # ellipsis
    f"|[^\\s{INVISIBLE}]"  # any other visible character
)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; their spans are shifted by ``offset`` so that they index the article text."""
    if offset:
        return [Token(m.start() + offset, m.end() + offset, m.group()) for m in _TOKEN.finditer(text)]
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
