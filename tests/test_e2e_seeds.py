"""End to end: build the graph from the real seed articles and answer the named queries.

The seeds are the evaluation set; nothing in the extractor is keyed to them. These tests check the answers an
analyst expects (issue 2 and issue 5 "done when").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings
from kg.pipeline import BuildReport, build
from kg.queries import load_named_queries
from kg.store import Store, open_store

WD = "http://www.wikidata.org/entity/"


@pytest.fixture(scope="module")
def seeds_graph(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, Settings, BuildReport]:
    tmp = tmp_path_factory.mktemp("seeds")
    settings = Settings(store=str(tmp / "store"), link_cache_dir=tmp / "cache")
    store = open_store(settings.store)
    report = build([seeds_dir], store, settings)
    yield store, settings, report
    store.close()


def rows(store: Store, settings: Settings, name: str, **params: str) -> list[dict[str, str]]:
    query = load_named_queries(settings.queries_dir)[name]
    _, result = store.select(query.prepared(query.bind(params)), union_default_graph=True)
    return [{k: v.value for k, v in row.items()} for row in result]


def test_e2e_every_seed_article_is_built(seeds_graph) -> None:
    store, settings, report = seeds_graph
    assert report.ok == 5 and not report.failed
    articles = rows(store, settings, "articles")
    assert len(articles) == 5
    assert sum(1 for a in articles if "published" in a) >= 3  # two seeds carry no date line


def test_e2e_base_handovers_lists_ain_al_asad(seeds_graph) -> None:
    store, settings, _ = seeds_graph
    handovers = rows(store, settings, "base-handovers")
    ain = [r for r in handovers if r.get("wikidata") == WD + "Q4703502"]
    assert ain, handovers
    completed = [r for r in ain if r["status"] == "completed"]
    assert completed and all(r["date"].startswith("2026-01") for r in completed)
    assert any(int(r["sources"]) >= 2 for r in completed)
    assert {"planned", "completed"} <= {r["status"] for r in ain}


def test_e2e_troop_counts(seeds_graph) -> None:
    store, settings, _ = seeds_graph
    counts = rows(store, settings, "troop-counts")
    values = {(r.get("value"), r.get("min"), r.get("max"), r["qualifier"]) for r in counts}
    assert ("2500", None, None, "about") in values, values
    assert any(r.get("min") == "1500" and r.get("max") == "3000" and r["qualifier"] == "range" for r in counts)


def test_e2e_agreements_once_each(seeds_graph) -> None:
    store, settings, _ = seeds_graph
    dates = [r.get("date") for r in rows(store, settings, "agreements")]
    assert dates.count("2024-09-27") == 1, dates
    assert dates.count("2025-11-06") == 1, dates


def test_e2e_entities_carry_verified_qids(seeds_graph) -> None:
    store, settings, _ = seeds_graph
    qids = {r["wikidata"].removeprefix(WD) for r in rows(store, settings, "entities") if "wikidata" in r}
    for qid in ("Q4703502", "Q796", "Q858", "Q187334", "Q2429253", "Q1530"):
        assert qid in qids


def test_e2e_graph_conforms_to_shapes(seeds_graph) -> None:
    from kg.rdf.validate import validate_store

    store, settings, _ = seeds_graph
    report = validate_store(store, settings.ontology_dir / "shapes.ttl")
    assert report.conforms, report.violations[:10]


def test_e2e_rebuild_duplicates_nothing(seeds_graph, seeds_dir: Path) -> None:
    store, settings, report = seeds_graph
    before = store.count()
    again = build([seeds_dir], store, settings)
    assert again.ok == report.ok
    assert store.count() == before
