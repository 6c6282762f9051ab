"""Run a value finder on the surface-normalized text when the raw text has marks the regexes do not expect.

Diacritics («أيلولَ»), tatweel («الـ12»), zero-width characters and odd spaces are rare in news but would
break the date and number patterns; the finders then run on :func:`kg.text.normalize` output and their
spans are mapped back to the original text. Clean text (the common case) is searched directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from typing import Protocol, TypeVar

from kg.text.arabic import DIACRITICS, INVISIBLE, ODD_SPACES, TATWEEL
from kg.text.normalize import NormalizedText, normalize

_NEEDS_NORMALIZING = re.compile(f"[{DIACRITICS}{TATWEEL}{INVISIBLE}{ODD_SPACES}]")


class _Span(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


def on_surface(text: str, find: Callable[[str], list[S]], offset: int) -> list[S]:
    """``find(text)`` with spans indexing the original ``text`` and shifted by ``offset``."""
    if not _NEEDS_NORMALIZING.search(text):
        found = find(text)
        if offset:
            found = [replace(x, start=x.start + offset, end=x.end + offset) for x in found]  # type: ignore[type-var]
        return found
    norm = _normalized(text)
    out: list[S] = []
    for x in find(norm.text):
        s, e = norm.to_original(x.start, x.end)
        out.append(replace(x, text=text[s:e], start=s + offset, end=e + offset))  # type: ignore[type-var]
    return out


@lru_cache(maxsize=64)
def _normalized(text: str) -> NormalizedText:
    """Dates and quantities are usually asked for the same sentence one after the other: normalize once."""
    return normalize(text)
