"""Bounded lookups: the recognizer says yes only to one-subject scans, and the executor answers them in-process."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.api.executor import INLINE_ROWS, QueryExecutor
from kg.api.lookup import lookup_shape
from kg.errors import QueryLimitError, QuerySyntaxError
from kg.store.results import QueryRequest

LOOKUPS = [
    "SELECT ?p ?o WHERE { GRAPH ?g { <http://ex/e1> ?p ?o } }",
    "select * { <http://ex/e1> ?p ?o }",
    "SELECT DISTINCT ?o WHERE { <http://ex/e1> <http://ex/p> ?o . } LIMIT 10 OFFSET 5",
    "PREFIX ex: <http://ex/>\nSELECT ?o WHERE { ex:e1 ex:name ?o }",
    "PREFIX : <http://ex/> ASK { :e1 a :C }",
    "ASK WHERE { <http://ex/e1> <http://ex/name> \"x\"@ar }",
    "ASK { <http://ex/e1> <http://ex/n> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> }",
    "ASK { <http://ex/e1> <http://ex/n> 5 }",
    "# a comment\nSELECT ?p ?o FROM <http://ex/g> WHERE { GRAPH <http://ex/g> { <http://ex/e1> ?p ?o } }",
    "DESCRIBE <http://ex/e1>",
    "BASE <http://ex/> PREFIX kg: <https://w3id.org/kg-news/ontology#> SELECT ?o { <e1> kg:p ?o }",
]

NOT_LOOKUPS = [
    "SELECT * WHERE { ?s ?p ?o }",  # no constant subject
    "SELECT ?s WHERE { ?s a <http://ex/C> }",  # constant object only: a class can have millions of members
    "SELECT * WHERE { <http://ex/e1> ?p ?o . ?o ?q ?r }",  # a join
    "SELECT * WHERE { <http://ex/e1> ?p ?o ; ?q ?r }",  # two patterns (a cross product)
    "SELECT * WHERE { <http://ex/e1> ?p ?o , ?r }",
    "SELECT * WHERE { <http://ex/e1> <http://ex/p>+ ?o }",  # a path
    "SELECT * WHERE { <http://ex/e1> ?p ?o FILTER(regex(?o, 'x')) }",
    "SELECT * WHERE { <http://ex/e1> ?p ?o } ORDER BY ?o",
    "SELECT (COUNT(*) AS ?n) WHERE { <http://ex/e1> ?p ?o }",
    "SELECT * WHERE { SERVICE <http://evil/> { <http://ex/e1> ?p ?o } }",
    "SELECT * WHERE { { SELECT * WHERE { ?s ?p ?o } } }",
    "SELECT * WHERE { <http://ex/e1> ?p ?o OPTIONAL { ?o ?q ?r } }",
    "SELECT * WHERE { <http://ex/e1> ?p ?o } UNION { ?s ?p ?o }",
    "DESCRIBE ?x WHERE { ?x ?p ?o }",
    "DESCRIBE <http://ex/a> <http://ex/b>",
    "CONSTRUCT WHERE { <http://ex/e1> ?p ?o }",
    "INSERT DATA { <http://ex/a> <http://ex/b> <http://ex/c> }",
    "SELECT * WHERE { <http://ex/e1> ?p ?o } LIMIT ?x",
    "SELECT * WHERE { <http://ex/e1> ?p \"\"\"long\"\"\" }",
    "SELECT * WHERE { <http://ex/e1> ?p ?o } VALUES ?o { 1 }",
    "",
    "SELECT * WHERE { <http://ex/e1> ?p ?o",  # unbalanced
]


@pytest.mark.parametrize("sparql", LOOKUPS)
def test_api_lookup_recognizes_one_subject_scans(sparql: str) -> None:
    assert lookup_shape(sparql) is not None


@pytest.mark.parametrize("sparql", NOT_LOOKUPS)
def test_api_lookup_refuses_everything_else(sparql: str) -> None:
    assert lookup_shape(sparql) is None


def _executor(tmp_path: Path, n_objects: int) -> QueryExecutor:
    store = ox.Store(str(tmp_path / "store"))
    s, p = ox.NamedNode("http://ex/e1"), ox.NamedNode("http://ex/p")
    store.bulk_extend([ox.Quad(s, p, ox.Literal(str(i))) for i in range(n_objects)])
    store.flush()
    return QueryExecutor(store, tmp_path / "store", timeout_s=20, workers=2)


def _req(sparql: str, limit: int = 100_000) -> QueryRequest:
    return QueryRequest(sparql, "application/sparql-results+json", "text/turtle", limit=limit)


def test_api_lookup_executor_answers_lookups_in_process_and_the_rest_in_workers(tmp_path: Path) -> None:
    executor = _executor(tmp_path, 3)
    try:
        body, _ = asyncio.run(executor.query_async(_req("SELECT ?o { <http://ex/e1> ?p ?o }")))
        assert body.count(b'"value"') == 3
        assert executor.inlined == 1
        body, _ = executor.query(_req("ASK { <http://ex/e1> <http://ex/p> \"2\" }"))
        assert b"true" in body
        assert executor.inlined == 2
        body, _ = executor.query(_req("SELECT ?o { ?s ?p ?o }"))  # not a lookup: a worker answers
        assert body.count(b'"value"') == 3
        assert executor.inlined == 2
        with pytest.raises(QuerySyntaxError):
            executor.query(_req("SELECT ?o { <http://ex/e1> ?p ?o } LIMIT 99999999999999999999999"))
    finally:
        executor.close()


def test_api_lookup_large_subject_is_handed_to_a_worker_and_limits_still_hold(tmp_path: Path) -> None:
    executor = _executor(tmp_path, INLINE_ROWS + 5)
    try:
        body, _ = asyncio.run(executor.query_async(_req("SELECT ?o { <http://ex/e1> ?p ?o }")))
        assert body.count(b'"value"') == INLINE_ROWS + 5
        assert executor.inlined == 0
        with pytest.raises(QueryLimitError):
            executor.query(_req("SELECT ?o { <http://ex/e1> ?p ?o }", limit=10))
    finally:
        executor.close()


def test_api_lookup_can_be_switched_off(tmp_path: Path) -> None:
    executor = _executor(tmp_path, 2)
    executor.inline_lookups = False
    try:
        body, _ = executor.query(_req("SELECT ?o { <http://ex/e1> ?p ?o }"))
        assert body.count(b'"value"') == 2
        assert executor.inlined == 0
    finally:
        executor.close()


def _mixed_store(tmp_path: Path) -> QueryExecutor:
    store = ox.Store(str(tmp_path / "store"))
    s, g = ox.NamedNode("http://ex/e1"), ox.NamedNode("http://ex/g")
    store.extend([
        ox.Quad(s, ox.NamedNode("http://ex/name"), ox.Literal("قاعدة عين الأسد", language="ar"), g),
        ox.Quad(s, ox.NamedNode("http://ex/n"), ox.Literal("2500", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer")), g),
        ox.Quad(s, ox.NamedNode("http://ex/note"), ox.Literal('tab\there, "quoted", new\nline'), g),
        ox.Quad(s, ox.NamedNode("http://ex/near"), ox.BlankNode("b0"), g),
        ox.Quad(s, ox.NamedNode("http://ex/p"), ox.NamedNode("http://ex/o")),
    ])  # fmt: skip
    store.flush()
    return QueryExecutor(store, tmp_path / "store", timeout_s=20, workers=2)


@pytest.mark.parametrize(
    "media", ["application/sparql-results+json", "text/csv", "text/tab-separated-values",
              "application/sparql-results+xml"],
)  # fmt: skip
def test_api_lookup_answers_are_byte_identical_to_the_workers(tmp_path: Path, media: str) -> None:
    """Whichever path answers (pyoxigraph's serializer in-process, or a worker), the bytes are the same."""
    executor = _mixed_store(tmp_path)
    queries = [
        "SELECT ?g ?p ?o WHERE { GRAPH ?g { <http://ex/e1> ?p ?o } }",
        "SELECT * { <http://ex/e1> ?p ?o } LIMIT 2 OFFSET 1",
        "SELECT ?o { <http://ex/e1> <http://ex/n> ?o } # a trailing comment",
        "SELECT ?o { <http://ex/e1> <http://ex/missing> ?o }",
        "ASK { <http://ex/e1> <http://ex/p> <http://ex/o> }",
    ]
    try:
        for sparql in queries:
            req = QueryRequest(sparql, media, "text/turtle", union_default_graph=True)
            executor.inline_lookups = True
            before = executor.inlined
            inline = executor.query(req)
            assert executor.inlined == before + 1
            executor.inline_lookups = False
            assert executor.query(req) == inline, sparql
    finally:
        executor.close()


def test_api_lookup_row_limit_holds_on_the_native_path(tmp_path: Path) -> None:
    executor = _executor(tmp_path, 40)
    try:
        with pytest.raises(QueryLimitError):
            executor.query(_req("SELECT ?o { <http://ex/e1> ?p ?o }", limit=39))
        body, _ = executor.query(_req("SELECT ?o { <http://ex/e1> ?p ?o }", limit=40))
        assert body.count(b'"value"') == 40
        body, _ = executor.query(_req("SELECT ?o { <http://ex/e1> ?p ?o } LIMIT 5", limit=40))
        assert body.count(b'"value"') == 5
    finally:
        executor.close()
