"""The recognizer protocol every NER backend implements.

A recognizer reads the article text with its sentences and returns :class:`kg.model.Mention` spans whose
offsets index ``text``. Backends never see each other; ``kg.ner.merge`` combines their outputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from kg.model import Mention, Sentence
from kg.text.tokens import Token


@runtime_checkable
class Recognizer(Protocol):
    """``name`` is recorded as provenance (``Mention.recognizer``) together with ``version``."""

    name: str
    version: str

    def recognize(self, text: str, sentences: list[Sentence],
                  tokens: Sequence[Sequence[Token]] | None = None) -> list[Mention]:
        """Mentions found in ``text``; offsets are code points into ``text``. ``tokens`` are the text layer's
        tokens of each sentence (:mod:`kg.text.analysis`); a recognizer tokenizes itself only without them."""
        ...
