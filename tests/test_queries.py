"""Named-query loader: header parsing, validation and typed binding (never text pasting)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, QuerySyntaxError
from kg.queries import load_named_queries, parse_named_query

XSD = "http://www.w3.org/2001/XMLSchema#"

GOOD = """# title: People by name
# description: Everyone whose name matches.
# description: Second line of description.
# param: name lang-string required -- the name, with its language tag
# param: born date optional -- birth date
# param: limit integer optional default=10 -- unused in the text below but bound
# param: who iri optional -- one person
PREFIX ex: <http://example.org/>
SELECT ?who ?born WHERE { ?who ex:name ?name . OPTIONAL { ?who ex:born ?born } } # ?limit
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    (tmp_path / f"{name}.rq").write_text(text, encoding="utf-8")
    return tmp_path


def test_load_parses_header(tmp_path: Path) -> None:
    _write(tmp_path, "people", GOOD)
    _write(tmp_path, "all", "SELECT * WHERE { ?s ?p ?o }\n")
    (tmp_path / "notes.txt").write_text("ignored")
    queries = load_named_queries(tmp_path)
    assert list(queries) == ["all", "people"]
    q = queries["people"]
    assert q.title == "People by name"
    assert q.description == "Everyone whose name matches. Second line of description."
    assert [p.name for p in q.params] == ["name", "born", "limit", "who"]
    assert q.params[0].required and q.params[0].type == "lang-string"
    assert q.params[2].default == "10" and not q.params[2].required
    assert q.kind == "SELECT"
    assert queries["all"].title == "all" and queries["all"].params == []


def test_bind_converts_typed_values() -> None:
    q = parse_named_query("people", GOOD)
    bound = q.bind({"name": "بغداد@ar", "born": "1990-02-28", "who": "http://example.org/p1"})
    assert bound["name"] == ox.Literal("بغداد", language="ar")
    assert bound["born"] == ox.Literal("1990-02-28", datatype=ox.NamedNode(XSD + "date"))
    assert bound["limit"] == ox.Literal("10", datatype=ox.NamedNode(XSD + "integer"))
    assert bound["who"] == ox.NamedNode("http://example.org/p1")


def test_bind_optional_without_default_is_unbound() -> None:
    q = parse_named_query("people", GOOD)
    assert set(q.bind({"name": "x@en"})) == {"name", "limit"}


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({}, "needs parameter 'name'"),
        ({"name": "x@en", "colour": "red"}, "unknown parameter"),
        ({"name": "no tag"}, "language tag"),
        ({"name": "x@en", "born": "2020-02-30"}, "YYYY-MM-DD"),
        ({"name": "x@en", "born": "yesterday"}, "YYYY-MM-DD"),
        ({"name": "x@en", "limit": "1.5"}, "integer"),
        ({"name": "x@en", "who": "not an iri"}, "absolute IRI"),
        ({"name": "x@en", "who": "http://e/> } ; DROP ALL #"}, "absolute IRI"),
    ],
)
def test_bind_rejects_bad_values(values: dict[str, str], fragment: str) -> None:
    q = parse_named_query("people", GOOD)
    with pytest.raises(QueryError, match=fragment):
        q.bind(values)


def test_string_value_is_not_pasted_into_text() -> None:
    text = "# param: s string required -- any text\nSELECT ?s ?x WHERE { BIND(?s AS ?x) }\n"
    q = parse_named_query("echo", text)
    evil = '" } ; DROP ALL ; SELECT * { "'
    rows = list(ox.Store().query(q.prepared(q.bind({"s": evil}))))
    assert len(rows) == 1 and rows[0]["x"] == ox.Literal(evil)
    assert q.text == text


def test_decimal_and_string() -> None:
    text = "# param: d decimal required\n# param: s string optional\nSELECT * WHERE { BIND(?d AS ?x) BIND(?s AS ?y) }"
    q = parse_named_query("d", text)
    assert q.bind({"d": "12.50"})["d"] == ox.Literal("12.50", datatype=ox.NamedNode(XSD + "decimal"))
    with pytest.raises(QueryError, match="decimal"):
        q.bind({"d": "1e3"})


@pytest.mark.parametrize(
    ("text", "error", "fragment"),
    [
        ("# param: x colour required\nSELECT ?x WHERE {}", QueryError, "unknown type"),
        ("# param: x\nSELECT ?x WHERE {}", QueryError, "bad param header"),
        ("# param: y string required\nSELECT ?x WHERE {}", QueryError, "not a variable"),
        ("# param: x integer optional default=abc\nSELECT ?x WHERE {}", QueryError, "integer"),
        ("SELECT ?x WHERE {", QuerySyntaxError, "syntax"),
    ],
)
def test_bad_files_are_reported(tmp_path: Path, text: str, error: type[Exception], fragment: str) -> None:
    _write(tmp_path, "bad", text)
    with pytest.raises(error, match=fragment):
        load_named_queries(tmp_path)


def test_missing_dir(tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="does not exist"):
        load_named_queries(tmp_path / "nope")


def test_unprojected_parameter_is_bound_with_values_block() -> None:
    text = (
        "# param: s string required -- any text\n"
        "SELECT ?x WHERE { # a comment with { brace\n BIND(CONCAT(?s, \"}\") AS ?x) }\n"
    )
    q = parse_named_query("echo", text)
    evil = '" } ; DROP ALL ; SELECT * { "'
    rows = list(ox.Store().query(q.prepared(q.bind({"s": evil}))))
    assert rows[0]["x"] == ox.Literal(evil + "}")


def test_filter_sees_parameter() -> None:
    text = "# param: n integer required\nSELECT ?v WHERE { VALUES ?v { 1 5 9 } FILTER(?v >= ?n) }"
    q = parse_named_query("f", text)
    rows = list(ox.Store().query(q.prepared(q.bind({"n": "5"}))))
    assert sorted(int(r["v"].value) for r in rows) == [5, 9]


def test_construct_values_injected_in_where() -> None:
    text = "# param: o iri required\nCONSTRUCT { <http://e/s> <http://e/p> ?o } WHERE { }"
    q = parse_named_query("c", text)
    triples = list(ox.Store().query(q.prepared(q.bind({"o": "http://e/o"}))))
    assert [str(t.object) for t in triples] == ["<http://e/o>"]
