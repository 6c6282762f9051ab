"""The recognizer protocol every NER backend implements.

A recognizer reads the article text with its sentences and returns :class:`kg.model.Mention` spans whose
offsets index ``text``. Backends never see each other; ``kg.ner.merge`` combines their outputs.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from kg.model import Mention, Sentence


@runtime_checkable
class Recognizer(Protocol):
    """``name`` is recorded as provenance (``Mention.recognizer``) together with ``version``."""

    name: str
    version: str

    def recognize(self, text: str, sentences: list[Sentence]) -> list[Mention]:
        """Mentions found in ``text``; offsets are code points into ``text``."""
        ...
