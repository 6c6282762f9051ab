"""`kg export --format quickstatements`: operator changes from the graph, only for linked entities."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from _rdf_sample import completion_report
from kg.link.export import operator_statements, quickstatements_for_store
from kg.model import Handover
from kg.rdf.consolidate import consolidate
from kg.rdf.mapping import extraction_to_quads, ontology_quads
from kg.store import open_store

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in

BASE = "https://w3id.org/kg-news/id/"


def _store_with(extraction):
    store = open_store("memory:")
    graph = extraction_to_quads(extraction, BASE)
    store.replace_graphs({graph.graph: graph.quads})
    onto = ontology_quads(PROJECT_ROOT / "ontology", BASE)
    store.replace_graphs({onto[0].graph_name.value: onto})
    consolidate(store, BASE, extraction.entities.values())
    return store


def test_link_export_quickstatements_for_linked_operators() -> None:
    ex = completion_report("a1", 18, date(2026, 1, 18))
    ex.facts = [
        replace(f, from_actor="united-states", to_actor="iraq") if isinstance(f, Handover) else f for f in ex.facts
    ]
    store = _store_with(ex)
    rows = operator_statements(store, PROJECT_ROOT / "queries")
    assert {(r.item, r.operator) for r in rows} == {("Q4703502", "Q30"), ("Q4703502", "Q796")}
    text = quickstatements_for_store(store, PROJECT_ROOT / "queries")
    assert 'Q4703502|P137|Q30|P582|+2026-01-18T00:00:00Z/11|S854|"https://example.org/a1"' in text
    assert "Q4703502|P137|Q796|P580|+2026-01-18T00:00:00Z/11" in text


def test_link_export_skips_unlinked_operators() -> None:
    store = _store_with(completion_report("a2", 17, date(2026, 1, 17)))  # coalition and army carry no QID
    assert quickstatements_for_store(store, PROJECT_ROOT / "queries") == ""
