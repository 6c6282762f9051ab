"""Embedded Oxigraph store: atomic graph replacement, queries, serialized results with limits."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryLimitError, QuerySyntaxError, StoreLockedError
from kg.store import open_store
from kg.store.embedded import EmbeddedStore

G1, G2 = "http://e/g1", "http://e/g2"


def _q(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(f"http://e/{s}"), ox.NamedNode("http://e/p"), ox.Literal(o), ox.NamedNode(g))


@pytest.fixture
def store() -> EmbeddedStore:
    st = open_store("memory:")
    assert isinstance(st, EmbeddedStore)
    st.replace_graphs({G1: [_q("a", "1", G1), _q("b", "2", G1)], G2: [_q("c", "3", G2)]})
    return st


def test_replace_graphs_is_per_graph(store: EmbeddedStore) -> None:
    store.replace_graphs({G1: [_q("z", "9", G1)]})
    assert store.count(G1) == 1 and store.count(G2) == 1 and store.count() == 2
    assert store.named_graphs() == [G1, G2]


def test_select_ask_union(store: EmbeddedStore) -> None:
    variables, rows = store.select("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")
    assert variables == ["o"] and [r["o"].value for r in rows] == ["1", "2", "3"]
    assert store.ask("ASK { ?s ?p ?o }") and not store.ask("ASK { ?s ?p ?o }", union_default_graph=False)
    with pytest.raises(QuerySyntaxError):
        store.select("SELECT * WHERE {")


def test_query_serialized_formats_and_dataset(store: EmbeddedStore) -> None:
    body, media = store.query_serialized("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", "text/csv")
    assert media == "text/csv" and body.decode().split("\r\n")[:2] == ["o", "1"]
    body, media = store.query_serialized("SELECT ?o WHERE { ?s ?p ?o }", "application/sparql-results+json",
                                         default_graph=[G2], named_graphs=[])
    assert [b["o"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["3"]
    body, media = store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert media == "application/n-triples" and body.count(b"\n") == 3
    body, media = store.query_serialized("ASK { ?s ?p ?o }", "text/turtle")  # falls back to JSON for ASK
    assert media == "application/sparql-results+json" and json.loads(body)["boolean"] is True
    rel, _ = store.query_serialized("SELECT ?x WHERE { BIND(<rel> AS ?x) }", "text/tab-separated-values",
                                    base_iri="http://host/sparql")
    assert b"<http://host/rel>" in rel


def test_query_serialized_limit(store: EmbeddedStore) -> None:
    with pytest.raises(QueryLimitError, match="more than 2 rows"):
        store.query_serialized("SELECT * WHERE { ?s ?p ?o }", "text/csv", limit=2)
    with pytest.raises(QueryLimitError, match="triples"):
        store.query_serialized("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle", limit=1)


def test_results_escape_and_languages(store: EmbeddedStore) -> None:
    q = 'SELECT ?x ?y WHERE { BIND("a<b>&\\"c"@ar AS ?x) BIND(BNODE() AS ?y) }'
    xml, _ = store.query_serialized(q, "application/sparql-results+xml")
    assert b'xml:lang="ar"' in xml and b"a&lt;b&gt;&amp;" in xml
    doc = json.loads(store.query_serialized(q, "application/json")[0])
    assert doc["results"]["bindings"][0]["x"] == {"type": "literal", "value": 'a<b>&"c', "xml:lang": "ar"}
    assert doc["results"]["bindings"][0]["y"]["type"] == "bnode"


def test_dump_and_lock(tmp_path: Path) -> None:
    path = tmp_path / "s"
    st = EmbeddedStore(path)
    st.replace_graphs({G1: [_q("a", "1", G1)]})
    with pytest.raises(StoreLockedError, match="kg serve"):
        EmbeddedStore(path)
    out = io.BytesIO()
    st.dump(out, "application/n-quads")
    assert out.getvalue().count(b"\n") == 1
    st.close()
    ro = EmbeddedStore(path, read_only=True)
    assert ro.count() == 1
    ro.close()


def _disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def test_transactional_writes_leave_no_write_ahead_log_behind(tmp_path: Path) -> None:
    """A build into a store with content replaces article graphs one transaction at a time; once closed, the
    store takes no more room than the same graphs bulk-loaded (a rerun after a killed build was 4× larger:
    RocksDB's log of those transactions stayed on disk)."""
    graphs = {f"http://e/g{b}": [_q(f"s{b}_{i}", "x" * 200 + str(i), f"http://e/g{b}") for i in range(800)]
              for b in range(20)}
    bulk = EmbeddedStore(tmp_path / "bulk")
    bulk.load_fresh_graphs(graphs)
    bulk.close()
    written = EmbeddedStore(tmp_path / "written")
    for _ in range(2):  # a first build, then a rerun replacing every graph
        for g, quads in graphs.items():
            written.replace_graphs({g: quads})
    written.close()
    assert _disk_mb(tmp_path / "written") < 2 * _disk_mb(tmp_path / "bulk"), (
        _disk_mb(tmp_path / "written"), _disk_mb(tmp_path / "bulk"))
    reopened = EmbeddedStore(tmp_path / "written", read_only=True)
    assert reopened.count() == 20 * 800
