"""The one parse (rdflib's grammar, aligned with Oxigraph's tokens): forms, SERVICE/LOAD targets as the engine
resolves them, and every comment / whitespace trick that used to hide a SERVICE from kg's old lexers."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import QuerySyntaxError
from kg.sparql_parse import (
    apply_using,
    inject_values,
    load_operations,
    parse_query,
    parse_update,
    resolve_iri,
    values_site,
)

BASE = "http://127.0.0.1:8000/sparql"
EVIL = "http://127.0.0.1:9/sparql"

#: SPARQL's whitespace (WS ::= #x20 | #x9 | #xD | #xA) and its comment ends (EOL ::= [#xA#xD]).
WHITESPACE = [" ", "\t", "\r", "\n", "\r\n"]
COMMENTS = ["#c\r", "#c\n", "#c\r\n", "# SERVICE <http://decoy/> {}\r", "#\r"]


def _bypasses(target: str) -> list[str]:
    """SERVICE to ``target`` written with every separator and a comment in every position between tokens."""
    tokens = ["SELECT", "*", "WHERE", "{", "SERVICE", "SILENT", f"<{target}>", "{", "?s", "?p", "?o", "}", "}"]
    out = []
    for sep in WHITESPACE + COMMENTS:
        out.append(sep.join(tokens))
        for i in range(1, len(tokens)):  # one odd separator at each position, spaces elsewhere
            out.append(" ".join(tokens[:i]) + (" " + sep if sep.startswith("#") else sep) + " ".join(tokens[i:]))
    return out


@pytest.mark.parametrize("sparql", _bypasses(EVIL))
def test_every_separator_and_comment_position_shows_the_service(sparql: str) -> None:
    """Oxigraph ends a comment at CR as at LF: the parser must see the SERVICE wherever such a comment sits."""
    try:
        plan = parse_query(sparql, BASE)
    except QuerySyntaxError:
        return  # refused: never reaches the engine
    assert plan.services == (EVIL,), repr(sparql)


def test_the_issues_bypasses() -> None:
    assert parse_query(f"SELECT * {{ #x\rSERVICE <{EVIL}> {{?s ?p ?o}}\n}}", BASE).services == (EVIL,)
    assert parse_query(f"SELECT * {{ #x\r\nSERVICE <{EVIL}> {{?s ?p ?o}}\n}}", BASE).services == (EVIL,)
    # a form feed is no line end: the comment runs to the LF, for Oxigraph and for the parser
    assert parse_query(f"SELECT * {{ #x\x0cSERVICE <{EVIL}> {{?s ?p ?o}}\n}}", BASE).services == ()
    # "\#" in a prefixed name is part of the local name, it starts no comment
    plan = parse_query("PREFIX w: <https://query.wikidata.org/> SELECT * { SERVICE w:spa\\#rql { ?s ?p ?o } }", BASE)
    assert plan.services == ("https://query.wikidata.org/spa#rql",)
    # BASE and a relative IRI resolve as RFC 3986 (and the engine) say, not as a string join
    plan = parse_query("BASE <https://query.wiki> SELECT * { SERVICE <data.org/sparql> { ?s ?p ?o } }", BASE)
    assert plan.services == ("https://query.wiki/data.org/sparql",)


def test_the_lookup_that_hid_a_cross_product_is_a_join() -> None:
    """``<s> ?p ?o #\\r. <cross product>``: the parser sees the whole pattern (the engine runs it, killable)."""
    plan = parse_query("SELECT * { <http://e/s> ?p ?o #\r. ?a ?b ?c . ?d ?e ?f\n}", BASE)
    assert plan.form == "SELECT" and plan.limit is None


def test_construct_and_limit_behind_a_cr_comment() -> None:
    assert parse_query("CONSTRUCT #x\r{ ?s ?p ?o } WHERE { ?s ?p ?o }", BASE).form == "CONSTRUCT"
    assert parse_query("SELECT * { ?s ?p ?o } #x\rLIMIT 5", BASE).limit == 5


@pytest.mark.parametrize(
    "sparql",
    [
        f'SELECT * {{ ?s ?p "a\\u0022 #" . SERVICE <{EVIL}> {{ ?a ?b ?c }} }}',  # rdflib used to decode it first
        "SELECT * { SERVICE <http://127.0.0.1:9/\\u0073parql> { ?s ?p ?o } }",
        "SELECT * { \\u003fs ?p ?o }",
        "SELECT * { ?s ?p ?o \x0c }",
        "SELECT * { ?s ?p ?o \u00a0 }",
        "SELECT * { ?s ?p ?o \u2028 }",
    ],
)
def test_escapes_and_foreign_whitespace_are_refused(sparql: str) -> None:
    with pytest.raises(QuerySyntaxError):
        parse_query(sparql, BASE)


@pytest.mark.parametrize(
    ("prologue", "written", "expected"),
    [
        ("", "<x/sparql>", "http://127.0.0.1:8000/x/sparql"),
        ("BASE <http://a/b/c> ", "<../d>", "http://a/d"),
        ("BASE <http://a/b/> BASE <c/> ", "<d>", "http://a/b/c/d"),
        ("BASE <http://a/b/> PREFIX p: <../q/> ", "p:r", "http://a/q/r"),
        ("PREFIX : <http://x/> ", ":y", "http://x/y"),
        ("", "<//other.host/x>", "http://other.host/x"),
        ("BASE <https://query.wiki> ", "<data.org/sparql>", "https://query.wiki/data.org/sparql"),
        ("", "<http://a/b/../c/./d>", "http://a/b/../c/./d"),  # absolute IRIs are kept as written
    ],
)
def test_targets_resolve_as_the_engine_resolves_them(prologue: str, written: str, expected: str) -> None:
    plan = parse_query(f"{prologue}SELECT * {{ SERVICE {written} {{ ?s ?p ?o }} }}", BASE)
    assert plan.services == (expected,)
    # the engine itself, asked with the same prologue and base, binds the same IRI
    rows = list(ox.Store().query(f"{prologue}SELECT ?x WHERE {{ BIND({written} AS ?x) }}", base_iri=BASE))
    assert rows[0]["x"].value == expected


def test_variable_and_undeclared_prefix_targets_are_none() -> None:
    assert parse_query("SELECT * { SERVICE ?x { ?s ?p ?o } }", BASE).services == (None,)
    assert parse_query(f"SELECT * {{ SERVICE SILENT <{EVIL}> {{ ?s ?p ?o }} }}", BASE).services == (EVIL,)
    assert parse_query("SELECT * { SERVICE nope:x { ?s ?p ?o } }", BASE).services == (None,)  # refused


def test_nested_services_and_subqueries_are_all_found() -> None:
    sparql = ("SELECT * { { SELECT * { SERVICE <http://a/1> { ?s ?p ?o } } } "
              "FILTER EXISTS { SERVICE <http://a/2> { ?s ?p ?o } } OPTIONAL { SERVICE <http://a/3> {} } }")
    assert sorted(parse_query(sparql, BASE).services) == ["http://a/1", "http://a/2", "http://a/3"]


def test_update_targets_and_dataset_clauses() -> None:
    plan = parse_update(f"#c\rLOAD <{EVIL}>", BASE)
    assert plan.targets == (EVIL,) and not plan.dataset_clause
    plan = parse_update("PREFIX a: <http://a/> LOAD SILENT a:x INTO GRAPH <g> ; "
                        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { SERVICE <http://s/> { ?s ?p ?o } }", BASE)
    assert plan.targets == ("http://a/x", "http://s/") and plan.dataset_clause


@pytest.mark.parametrize("depth", [60, 2_000, 10_000])
def test_deep_nesting_is_a_syntax_error_not_a_crash(depth: int) -> None:
    for text in ("SELECT * WHERE " + "{ " * depth + "}" * depth,
                 "SELECT * WHERE { FILTER(" + "(" * depth + "1" + ")" * depth + ") }"):
        try:
            parse_query(text, BASE)
        except QuerySyntaxError:
            pass


def test_values_site_is_the_outermost_where_group() -> None:
    text = ("# title: braces { in a comment }\nPREFIX e: <http://e/>\n"
            "SELECT ?a (CONCAT('{', ?b) AS ?c) WHERE { ?a e:p ?b FILTER(?b != '}') { ?a e:q ?d } }")
    at = values_site(text)
    assert text[:at].endswith("WHERE {")
    bound = inject_values(text, {"a": ox.NamedNode("http://x/y")})
    assert "WHERE { VALUES (?a) { (<http://x/y>) }" in bound
    construct = "CONSTRUCT { ?a <http://p> ?b } WHERE { ?a <http://q> ?b }"
    assert construct[: values_site(construct)].endswith("WHERE {")


def test_using_goes_before_each_operation_that_takes_it() -> None:
    update = ("PREFIX e: <http://e/> INSERT { ?s e:p 1 } WHERE { ?s ?p 'WHERE' } ; DELETE WHERE { ?s ?p ?o } ; "
              "DELETE { ?s ?p ?o } where { ?s ?p ?o }")
    out = apply_using(update, ["http://g/1"], ["http://g/2"])
    assert out.count("USING <http://g/1> USING NAMED <http://g/2>") == 2
    assert "DELETE WHERE" in out and "'WHERE'" in out
    parse_update(out, BASE)


def test_resolve_iri_refuses_what_the_engine_refuses() -> None:
    assert resolve_iri("relative", None) is None
    assert resolve_iri("http://a/b", None) == "http://a/b"


@pytest.mark.parametrize("form", ["SELECT * {}", "ASK {}", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <http://x>"])
def test_forms(form: str) -> None:
    assert parse_query(form, BASE).form == form.split()[0]


def test_named_queries_all_parse() -> None:
    from kg.queries import load_named_queries
    from kg.resources import resource_dir

    queries = load_named_queries(resource_dir("queries"))
    assert queries
    for q in queries.values():
        assert q.kind in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), q.name


def test_load_operations_are_placed_by_the_parser() -> None:
    """Each LOAD of an update, with its source and target resolved as the engine resolves them, and its span in
    the text; a LOAD inside a string or a comment is no operation."""
    update = ('PREFIX e: <http://e/> INSERT DATA { <http://a> <http://b> "LOAD <http://x/>" } ; #LOAD <http://y/>\r'
              " LOAD SILENT e:doc INTO GRAPH <g> ;\r\nload <http://z/>")
    ops = load_operations(update, "http://base/")
    assert [(op.source, op.silent, op.into) for op in ops] == [
        ("http://e/doc", True, "http://base/g"), ("http://z/", False, None)]
    assert [update[op.span[0]:op.span[1]] for op in ops if op.span] == [
        "LOAD SILENT e:doc INTO GRAPH <g>", "load <http://z/>"]
    assert load_operations('INSERT DATA { <http://a> <http://b> "LOAD <http://x/>" }') == []
