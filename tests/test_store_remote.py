"""RemoteStore against a real `oxigraph serve` on 127.0.0.1 (started and stopped here)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest

from kg.errors import QuerySyntaxError, StoreError
from kg.store import open_store
from kg.store.embedded import EmbeddedStore
from kg.store.remote import RemoteStore, bind_values, parse_store_url, replace_graphs_update
from oxigraph_live import free_port, oxigraph_server

EX = "http://example.org/"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-server")) as url:
        yield url


@pytest.fixture
def store(server: str) -> Iterator[RemoteStore]:
    s = RemoteStore(server)
    s.update("DROP SILENT ALL")
    yield s
    s.close()


def q(s: str, p: str, o: ox.NamedNode | ox.Literal, g: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o, ox.NamedNode(g))


def article_graph(n: int, version: str = "v1") -> dict[str, list[ox.Quad]]:
    g = f"{EX}graph/article/{n}"
    return {
        g: [
            q(f"a{n}", "label", ox.Literal("قاعدة عين الأسد", language="ar"), g),
            q(f"a{n}", "count", ox.Literal("2500", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")), g),
            q(f"a{n}", "version", ox.Literal(version), g),
            q(f"a{n}", "mentions", ox.NamedNode(EX + "ain-al-asad"), g),
        ]
    }


def test_build_twice_no_duplicates(store: RemoteStore) -> None:
    for _ in range(2):  # the same "build" twice
        for n in range(5):
            store.replace_graphs(article_graph(n))
    assert store.count() == 20
    assert len(store.named_graphs()) == 5
    _, rows = store.select(f"SELECT ?s ?o WHERE {{ ?s <{EX}label> ?o }}")
    assert len(rows) == 5
    assert {r["o"] for r in rows} == {ox.Literal("قاعدة عين الأسد", language="ar")}


def test_replace_changes_content_of_that_graph_only(store: RemoteStore) -> None:
    store.replace_graphs({**article_graph(1), **article_graph(2)})
    store.replace_graphs(article_graph(1, version="v2"))
    _, rows = store.select(f"SELECT ?s ?v WHERE {{ ?s <{EX}version> ?v }} ORDER BY ?s")
    assert [(r["s"].value, r["v"].value) for r in rows] == [(EX + "a1", "v2"), (EX + "a2", "v1")]
    store.replace_graphs({f"{EX}graph/article/2": []})  # empty content = drop the graph
    assert store.named_graphs() == [f"{EX}graph/article/1"]


def test_load_fresh_graphs_same_state_as_replace(server: str, store: RemoteStore) -> None:
    store.replace_graphs({**article_graph(1, "old"), **article_graph(2, "old")})
    store.load_fresh_graphs({**article_graph(2, "new"), **article_graph(3, "new")})
    local = EmbeddedStore(None)
    local.replace_graphs({**article_graph(1, "old"), **article_graph(2, "old")})
    local.replace_graphs({**article_graph(2, "new"), **article_graph(3, "new")})
    sparql = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s ?p ?o"
    assert store.select(sparql) == local.select(sparql)
    assert store.count() == 12
    with RemoteStore(server + "/#gsp=") as no_gsp:  # falls back to replace_graphs
        no_gsp.load_fresh_graphs(article_graph(4))
    assert store.count() == 16


def test_one_request_is_one_transaction(store: RemoteStore) -> None:
    store.replace_graphs(article_graph(1))
    g = f"{EX}graph/article/1"
    text = replace_graphs_update({g: []}) + f" ;\nDROP GRAPH <{EX}graph/does-not-exist>"
    with pytest.raises(StoreError):
        store.update(text)
    assert store.count(g) == 4  # the failing tail rolled the DROP back


def test_replace_graphs_sends_a_single_update_request() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    s = RemoteStore("http://store.invalid:7878", client=client)
    s.replace_graphs({**article_graph(1), **article_graph(2)})
    assert len(seen) == 1
    assert seen[0].url.path == "/update"
    body = seen[0].content.decode()
    assert body.count("DROP SILENT GRAPH") == 2 and body.count("INSERT DATA") == 2
    s.replace_graphs({})
    assert len(seen) == 1


def test_select_matches_embedded_store(store: RemoteStore) -> None:
    graphs = {**article_graph(1), **article_graph(2)}
    store.replace_graphs(graphs)
    local = EmbeddedStore(None)
    local.replace_graphs(graphs)
    sparql = f"SELECT ?s ?c WHERE {{ ?s <{EX}count> ?c ; <{EX}mentions> ?m }} ORDER BY ?s"
    assert store.select(sparql) == local.select(sparql)
    assert store.count() == local.count()
    assert store.named_graphs() == local.named_graphs()
    assert store.ask(f"ASK {{ ?s <{EX}count> 2500 }}") is True
    assert store.ask(f"ASK {{ ?s <{EX}count> 2501 }}") is False


def test_union_default_graph_flag(store: RemoteStore) -> None:
    store.replace_graphs(article_graph(1))
    sparql = f"SELECT ?s WHERE {{ ?s <{EX}label> ?o }}"
    assert len(store.select(sparql)[1]) == 1
    assert store.select(sparql, union_default_graph=False)[1] == []
    _, rows = store.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{EX}label> ?o }} }}", union_default_graph=False)
    assert [r["g"].value for r in rows] == [f"{EX}graph/article/1"]


def test_dataset_union_mode(server: str, store: RemoteStore) -> None:
    store.replace_graphs({**article_graph(1), **article_graph(2)})
    with RemoteStore(server + "/#union=dataset") as portable:
        _, rows = portable.select(f"SELECT ?s WHERE {{ ?s <{EX}label> ?o }}")
        assert len(rows) == 2
        _, rows = portable.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?s <{EX}label> ?o }} }}")
        assert len(rows) == 2


def test_substitutions_bind_typed_terms(store: RemoteStore) -> None:
    store.replace_graphs({**article_graph(1), **article_graph(2)})
    sparql = f"SELECT ?s ?v WHERE {{ ?s <{EX}version> ?v }}"
    _, rows = store.select(sparql, substitutions={"s": ox.NamedNode(EX + "a2")})
    assert [r["s"].value for r in rows] == [EX + "a2"]


def test_bind_values_skips_braces_in_strings_and_comments() -> None:
    text = '# a { comment\nSELECT ?x WHERE { ?x <http://e/p> "}{" }'
    out = bind_values(text, {"x": ox.NamedNode("http://e/a")})
    assert out.endswith('WHERE { VALUES (?x) { (<http://e/a>) }  ?x <http://e/p> "}{" }')
    with pytest.raises(QuerySyntaxError):
        bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": ox.BlankNode()})


def test_dump_formats(store: RemoteStore) -> None:
    store.replace_graphs(article_graph(1))
    out = io.BytesIO()
    store.dump(out, "application/n-quads")
    quads = list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == 4 and all(x.graph_name.value == f"{EX}graph/article/1" for x in quads)
    out = io.BytesIO()
    store.dump(out, "text/turtle", graph=f"{EX}graph/article/1")
    assert len(list(ox.parse(out.getvalue(), format=ox.RdfFormat.TURTLE))) == 4
    out = io.BytesIO()
    store.dump(out, "text/turtle", graph=f"{EX}graph/none")
    assert out.getvalue() == b""
    with pytest.raises(StoreError):
        store.dump(io.BytesIO(), "text/csv")


def test_dump_without_graph_store_protocol(server: str, store: RemoteStore) -> None:
    store.replace_graphs(article_graph(3))
    with RemoteStore(server + "/#gsp=") as no_gsp:
        assert no_gsp.endpoints.gsp is None
        out = io.BytesIO()
        no_gsp.dump(out, "application/n-quads")
        assert len(list(ox.parse(out.getvalue(), format=ox.RdfFormat.N_QUADS))) == 4


def test_errors_are_one_line_store_errors(server: str, store: RemoteStore) -> None:
    with pytest.raises(QuerySyntaxError, match="refused the query"):
        store.select("SELEC ?x")
    with pytest.raises(QuerySyntaxError):
        store.select("ASK {}")
    dead = RemoteStore(f"http://127.0.0.1:{free_port()}", timeout_s=2)
    with pytest.raises(StoreError, match="cannot reach SPARQL store at http://127.0.0.1"):
        dead.count()
    ro = RemoteStore(server, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        ro.replace_graphs(article_graph(1))
    assert ro.count() == 0


def test_open_store_dispatches_urls(server: str) -> None:
    with open_store(server) as s:
        assert isinstance(s, RemoteStore) and s.kind == "remote"
        assert s.ask("ASK {}") is True


def test_url_forms() -> None:
    ep, auth = parse_store_url("http://h:7878")
    assert (ep.query, ep.update, ep.gsp, ep.union) == ("http://h:7878/query", "http://h:7878/update",
                                                       "http://h:7878/store", "oxigraph")
    assert auth is None
    ep, _ = parse_store_url("http://h:3030/kg#server=fuseki")
    assert (ep.query, ep.update, ep.gsp, ep.union) == ("http://h:3030/kg/query", "http://h:3030/kg/update",
                                                       "http://h:3030/kg/data", "server")
    ep, _ = parse_store_url("http://h:7200/repositories/kg#server=graphdb")
    assert ep.query == "http://h:7200/repositories/kg"
    assert ep.update == "http://h:7200/repositories/kg/statements"
    ep, auth = parse_store_url("https://u:s3cret@h/sparql#server=qlever&union=dataset")
    assert ep.query == ep.update == "https://h/sparql" and ep.gsp is None and ep.union == "dataset"
    assert auth is not None and "s3cret" not in ep.base
    ep, _ = parse_store_url("http://h/x/#query=q&update=http://other:1/u&gsp=")
    assert (ep.query, ep.update, ep.gsp) == ("http://h/x/q", "http://other:1/u", None)
    for bad in ("http://h#nope=1", "http://h#server=mysql", "http://h#union=all", "ftp://h/"):
        with pytest.raises(StoreError):
            parse_store_url(bad)
