"""Builds the recognizers that ``kg build --ner stanza|rules|both`` asks for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.config import NerChoice, Settings
from kg.ner.base import Recognizer

if TYPE_CHECKING:
    from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon


def build_recognizers(choice: NerChoice, settings: Settings, gazetteer: Gazetteer,
                      lexicon: Lexicon | None = None) -> list[Recognizer]:
    """Recognizers in merge-priority order (rules first: gazetteer spans carry their link)."""
    recognizers: list[Recognizer] = []
    if choice in ("rules", "both"):
        from kg.ner.rules import RulesRecognizer

        recognizers.append(RulesRecognizer(gazetteer, lexicon))
    if choice in ("stanza", "both"):
        from kg.ner.stanza_ner import StanzaRecognizer

        recognizers.append(StanzaRecognizer(settings.ner_model_dir))
        if settings.use_official_stanza:
            recognizers.append(StanzaRecognizer(official_dir=settings.stanza_official_dir))
    return recognizers
