"""The graph built from ../shared/seeds (rules NER, no model needed) conforms to the shapes and answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.rdf.validate import validate_store
from kg.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
SEEDS = (ROOT / ".." / "shared" / "seeds").resolve()

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")


@pytest.fixture(scope="module")
def store() -> Store:
    from kg.pipeline import build

    s = open_store("memory:")
    report = build([SEEDS], s, Settings(), ner="rules")
    assert report.ok == len(list(SEEDS.glob("*.txt")))
    return s


def _rows(store: Store, name: str) -> list[dict[str, str]]:
    _, rows = store.select((ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    return [{k: v.value for k, v in r.items()} for r in rows]


def test_seed_graph_conforms_to_shapes(store: Store) -> None:
    report = validate_store(store, ROOT / "ontology" / "shapes.ttl")
    assert report.conforms, "\n".join(report.violations[:20])


def test_seed_graph_lists_the_ain_al_asad_handover(store: Store) -> None:
    rows = _rows(store, "base-handovers")
    ain = [r for r in rows if r.get("wikidata") == "http://www.wikidata.org/entity/Q4703502"]
    assert any(r["status"] == "completed" for r in ain)
    assert all(r["status"] in {"completed", "planned", "in_progress"} for r in rows)
    assert all(r.get("precision") in {None, "day", "month", "year"} for r in rows)


def test_undated_seed_articles_get_an_inferred_window(store: Store) -> None:
    undated = {r["article"] for r in _rows(store, "articles") if "published" not in r}
    inferred = {r["article"] for r in _rows(store, "inferred-publication")}
    assert undated and inferred == undated
