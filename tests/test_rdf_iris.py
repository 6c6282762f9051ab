"""Deterministic IRIs: content-addressed, percent-encoded, insensitive to confidence and run time."""

from __future__ import annotations

from dataclasses import replace

from pyoxigraph import NamedNode

from kg import model
from kg.rdf import iris

BASE = "https://w3id.org/kg-news/id/"


def _handover(start: int = 0, confidence: float = 0.9, status: str = "completed") -> model.Handover:
    ev = model.Evidence(0, start, start + 10, "x" * 10, "kg.rules.handover", "1.0", confidence)
    return model.Handover(ev, "ain-al-asad-air-base", to_actor="iraqi-army", status=status)  # type: ignore[arg-type]


def test_fact_iri_is_content_addressed() -> None:
    a = iris.fact(BASE, "k1", _handover())
    assert a == iris.fact(BASE, "k1", _handover())
    assert a.startswith(BASE + "fact/k1/handover-")
    assert a == iris.fact(BASE, "k1", _handover(confidence=0.5)), "confidence is not identity"
    assert a != iris.fact(BASE, "k1", _handover(start=5)), "offsets are identity"
    assert a != iris.fact(BASE, "k1", _handover(status="planned"))
    assert a != iris.fact(BASE, "k2", _handover())


def test_keys_are_percent_encoded_into_valid_iris() -> None:
    for key in ("عين الأسد", "a b/c?d#e", "ok-key_1.2~"):
        for iri in (iris.entity(BASE, key), iris.article(BASE, key), iris.article_graph(BASE, key)):
            NamedNode(iri)  # raises on an invalid IRI
            assert " " not in iri and "#" not in iri[len(BASE):] and "?" not in iri
    assert iris.entity(BASE, "ok-key_1.2~") == BASE + "entity/ok-key_1.2~"


def test_event_and_agreement_iris_depend_only_on_their_key() -> None:
    assert iris.event(BASE, "TransferOfControl", ("x", "y")) == iris.event(BASE, "TransferOfControl", ("x", "y"))
    assert iris.event(BASE, "TransferOfControl", ("x", "y")) != iris.event(BASE, "TransferOfControl", ("x", "z"))
    assert iris.agreement(BASE, "JointStatement", "2024-09-27").startswith(BASE + "agreement/jointstatement-")
    assert iris.activity(BASE, "k", "kg.rules.handover", "1.0") == BASE + "article/k/activity/kg-rules-handover-1-0"


def test_nested_dataclasses_hash_by_value() -> None:
    t = model.TimeValue("x", 1, 2, "2026-01-18", "day", None, None)
    h1 = replace(_handover(), time=t)
    h2 = replace(_handover(), time=replace(t))
    assert iris.fact(BASE, "k", h1) == iris.fact(BASE, "k", h2)
    assert iris.fact(BASE, "k", h1) != iris.fact(BASE, "k", replace(h1, time=replace(t, value="2026-01-17")))
