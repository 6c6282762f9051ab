"""The worked example of docs/ontology.md: the file is what the mapping produces, conforms, and answers.

Regenerate the file after a deliberate mapping change: ``python tests/test_rdf_example.py``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

from _rdf_sample import EXAMPLE_ENTITIES, worked_example
from kg.rdf import extraction_to_quads, ontology_quads
from kg.rdf.consolidate import consolidate
from kg.rdf.namespaces import PREFIXES
from kg.rdf.validate import validate_store
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "ontology" / "examples" / "ain-al-asad.trig"
BASE = "https://w3id.org/kg-news/id/"


@pytest.fixture(scope="module")
def store() -> Store:
    s = open_store("memory:")
    with EXAMPLE.open("rb") as fh:
        quads = list(parse(fh, format=RdfFormat.TRIG))
    graphs: dict[str, list] = {}
    for q in quads:
        assert isinstance(q.graph_name, NamedNode), "every triple of the example lives in a named graph"
        graphs.setdefault(q.graph_name.value, []).append(q)
    graphs[BASE + "graph/ontology"] = ontology_quads(ROOT / "ontology", BASE)
    s.replace_graphs(graphs)
    return s


def _rows(store: Store, name: str) -> list[dict[str, str]]:
    _, rows = store.select((ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    return [{k: v.value for k, v in r.items()} for r in rows]


HEADER = """\
# Worked example (docs/ontology.md): the Ain al-Asad handover — its plan, its progress and its completion —
# as four short reports written for this example (not real articles), mapped by kg.rdf.mapping and consolidated
# by kg.rdf.consolidate. Four article graphs say what each report says; the consolidated graph (first) says what
# the project concludes: three handover events (planned / in_progress / completed), the completion attested by
# two reports that disagree by one day (kg:conflicting true), and the operator assignments it implies (P137 shape).
# tests/test_rdf_example.py regenerates this content from the mapping and checks it is the same set of quads.
"""


def produce() -> list[Quad]:
    """The example's quads as the mapping and the consolidation make them, consolidated graph first."""
    fresh = open_store("memory:")
    for ex in worked_example():
        ag = extraction_to_quads(ex, BASE, extracted_at=datetime(2026, 1, 20, tzinfo=UTC))
        fresh.replace_graphs({ag.graph: ag.quads})
    consolidate(fresh, BASE, EXAMPLE_ENTITIES.values())
    _, rows = fresh.select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
    state = BASE + "graph/consolidation-state"  # consolidation's bookkeeping, not part of the model
    quads = [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows if r["g"].value != state]  # type: ignore[arg-type]
    return sorted(quads, key=lambda q: (not q.graph_name.value.endswith("consolidated"), q.graph_name.value,
                                        q.subject.value, q.predicate.value, str(q.object)))


def render() -> str:
    prefixes = {p: ns for p, ns in PREFIXES.items() if p != "wdt"}
    return HEADER + serialize(produce(), format=RdfFormat.TRIG, prefixes=prefixes).decode("utf-8")


def test_example_is_what_the_mapping_and_consolidation_produce() -> None:
    with EXAMPLE.open("rb") as fh:
        in_file = set(parse(fh, format=RdfFormat.TRIG))
    assert in_file == set(produce()), "mapping changed: regenerate with `python tests/test_rdf_example.py`"


def test_example_conforms_to_shapes(store: Store) -> None:
    report = validate_store(store, ROOT / "ontology" / "shapes.ttl")
    assert report.conforms, "\n".join(report.violations)


def test_base_handovers_answers_when_ain_al_asad_passed_to_iraqi_control(store: Store) -> None:
    rows = _rows(store, "base-handovers")
    got = sorted((r["status"], r["date"], r["precision"], r["sources"]) for r in rows)
    assert got == [("completed", "2026-01-17", "day", "2"), ("in_progress", "2025-12-31", "day", "1"),
                   ("planned", "2026-01", "month", "1")]
    assert {r["wikidata"] for r in rows} == {"http://www.wikidata.org/entity/Q4703502"}
    assert {r["toLabel"] for r in rows} == {"الجيش العراقي"}


def test_who_says_so(store: Store) -> None:
    rows = [r for r in _rows(store, "handover-sources") if r["status"] == "completed"]
    assert sorted((r["published"], r["reportedDate"]) for r in rows) == [
        ("2026-01-18", "2026-01-17"), ("2026-01-19", "2026-01-18")]
    assert all(r["publisher"] == "وكالة مثال" and "عين الأسد" in r["quote"] for r in rows)
    conflicts = _rows(store, "conflicts")
    assert {r["value"] for r in conflicts} == {"2026-01-17", "2026-01-18"}
    assignments = _rows(store, "operator-assignments")
    assert {(r["operatorLabel"], r.get("start"), r.get("end")) for r in assignments} == {
        ("الجيش العراقي", "2026-01-17", None), ("التحالف الدولي", None, "2026-01-17")}


if __name__ == "__main__":
    EXAMPLE.write_text(render(), encoding="utf-8")
