"""Merge policy: priority, exact matches, type conflicts, partial overlaps, gaps, provenance."""

from __future__ import annotations

from kg.model import Mention
from kg.ner.merge import merge_mentions


def m(start: int, end: int, label: str = "ORG", rec: str = "kg.ner.stanza", entity: str | None = None,
      conf: float = 0.8) -> Mention:
    return Mention(start, end, "x" * (end - start), label, 0, rec, "9" if rec == "kg.ner.rules" else "1", conf,
                   entity=entity)


def rule(start: int, end: int, label: str = "ORG", entity: str | None = "e") -> Mention:
    return m(start, end, label, "kg.ner.rules", entity, 0.95)


def test_exact_match_rules_win_type_conflict() -> None:
    out = merge_mentions([rule(0, 5, "FAC")], [m(0, 5, "LOC")])
    assert out == [rule(0, 5, "FAC")]


def test_stanza_fills_gaps_and_output_sorted() -> None:
    out = merge_mentions([rule(10, 15)], [m(0, 4, "LOC"), m(20, 25, "PER")])
    assert [(x.start, x.recognizer) for x in out] == [(0, "kg.ner.stanza"), (10, "kg.ner.rules"),
                                                       (20, "kg.ner.stanza")]


def test_partial_overlap_higher_priority_wins() -> None:
    out = merge_mentions([rule(5, 12, "LOC")], [m(0, 8, "ORG")])
    assert out == [rule(5, 12, "LOC")]


def test_linked_rule_span_not_replaced_by_longer_stanza_span() -> None:
    out = merge_mentions([rule(4, 10, "FAC", entity="ain-al-asad")], [m(0, 16, "FAC")])
    assert out == [rule(4, 10, "FAC", entity="ain-al-asad")]


def test_longer_same_type_span_replaces_unlinked_rule_span() -> None:
    out = merge_mentions([rule(4, 10, "FAC", entity=None)], [m(0, 16, "FAC")])
    assert [(x.start, x.end, x.recognizer) for x in out] == [(0, 16, "kg.ner.stanza")]


def test_longer_span_of_other_type_does_not_replace() -> None:
    out = merge_mentions([rule(4, 10, "LOC", entity=None)], [m(0, 16, "FAC")])
    assert out == [rule(4, 10, "LOC", entity=None)]


def test_same_recognizer_overlaps_keep_longer() -> None:
    out = merge_mentions([m(0, 10), m(3, 6)])
    assert [(x.start, x.end) for x in out] == [(0, 10)]


def test_priority_can_be_reversed_and_unknown_recognizers_rank_last() -> None:
    out = merge_mentions([rule(0, 5, "FAC")], [m(0, 5, "LOC")], priority=("kg.ner.stanza", "kg.ner.rules"))
    assert out[0].recognizer == "kg.ner.stanza"
    other = m(0, 5, "PER", rec="kg.ner.other")
    assert merge_mentions([other], [m(0, 5, "LOC")])[0].recognizer == "kg.ner.stanza"


def test_label_filter_and_empty_spans() -> None:
    out = merge_mentions([m(0, 3, "NORP"), m(5, 5), m(6, 9, "LOC")], labels={"LOC"})
    assert [(x.start, x.label) for x in out] == [(6, "LOC")]


def test_no_overlaps_in_output() -> None:
    a = [rule(0, 4), rule(10, 20, "FAC"), rule(30, 33, "PER")]
    b = [m(2, 6), m(8, 12), m(15, 25, "FAC"), m(33, 40), m(40, 44, "LOC")]
    out = merge_mentions(a, b)
    for x, y in zip(out, out[1:], strict=False):
        assert x.end <= y.start
    assert merge_mentions() == []
