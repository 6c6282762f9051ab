"""Confidence of a fact: a base per rule, raised by explicit evidence and lowered by each inference.

The numbers are ordinal, not calibrated probabilities: they order facts so that a consumer can prefer
explicit, locally evidenced facts over inferred ones. See docs/facts.md for the table.
"""

from __future__ import annotations

BASE = {
    "handover": 0.75,
    "withdrawal": 0.7,
    "agreement": 0.75,
    "phase": 0.75,
    "troops": 0.8,
    "statement": 0.8,
}
BONUS = {
    "explicit_status": 0.1,  # a status cue in the trigger's clause
    "linked_object": 0.05,  # the facility/force/speaker is a linked gazetteer entity
    "quote_marks": 0.05,  # statement content in quotation marks
    "explicit_date": 0.05,  # a date in the sentence
}
PENALTY = {
    "default_status": 0.15,  # status taken from a weak cue or the trigger's tense
    "anaphora": 0.1,  # object resolved from an earlier sentence ("القاعدة", "هذه المواقع")
    "publication_date": 0.15,  # time taken from the publication date
    "inherited_speaker": 0.1,  # speaker carried from the previous statement
    "unlinked": 0.1,  # object only minted, not in the gazetteer
    "sentence_scope": 0.05,  # object found outside the trigger's clause
}


def score(rule: str, bonuses: list[str] = (), penalties: list[str] = ()) -> float:  # type: ignore[assignment]
    """Confidence in [0.05, 0.99] for ``rule`` with the named bonuses and penalties applied."""
    value = BASE[rule] + sum(BONUS[b] for b in bonuses) - sum(PENALTY[p] for p in penalties)
    return round(min(0.99, max(0.05, value)), 3)


def evidence_score(
    rule: str,
    *,
    explicit_status: bool = False,
    linked_object: bool = False,
    explicit_date: bool = False,
    penalties: list[str] = (),  # type: ignore[assignment]
) -> float:
    """:func:`score` for the evidence every fact rule weighs: a status marker, a linked object, a date."""
    flags = {"explicit_status": explicit_status, "linked_object": linked_object, "explicit_date": explicit_date}
    return score(rule, [name for name, on in flags.items() if on], penalties)
