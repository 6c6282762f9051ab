"""The API through a real uvicorn server on 127.0.0.1 with real clients (httpx, SPARQLWrapper, rdflib)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, SPARQLWrapper

from api_live import free_port, live_server, settings_for
from kg.api.negotiation import GRAPH_TYPES, SELECT_TYPES, negotiate

BASE = "https://w3id.org/kg-news/id/"
TOKEN = "s3cret"
DATA = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX kg: <https://w3id.org/kg-news/ontology#>
INSERT DATA {{
  GRAPH <{BASE}graph/article/a1> {{
    <{BASE}entity/baghdad> rdfs:label "بغداد"@ar, "Baghdad"@en ;
        owl:sameAs <http://www.wikidata.org/entity/Q1530> ; kg:population 8000000 .
    <{BASE}fact/f1> kg:place <{BASE}entity/baghdad> ; kg:quote "اجتماع في بغداد"@ar .
  }}
  GRAPH <{BASE}graph/article/a2> {{ <{BASE}entity/basra> rdfs:label "البصرة"@ar . }}
}}
"""
NAMED = """# title: Labels
# description: Labels of entities, optionally in one language.
# param: lang string optional -- language tag
# param: s iri optional -- one subject
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE { ?s rdfs:label ?label FILTER(!BOUND(?lang) || lang(?label) = ?lang) } ORDER BY ?s ?label
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp: Path = tmp_path_factory.mktemp("api")
    (tmp / "queries").mkdir()
    (tmp / "queries" / "labels.rq").write_text(NAMED, encoding="utf-8")
    settings = settings_for(
        tmp, update_token=TOKEN, query_timeout_s=2.0, query_result_limit=50, max_request_bytes=100_000,
        service_allowlist=["http://127.0.0.1:1/allowed"], cors_origins=["https://example.org"],
    )
    with live_server(settings) as url:
        r = httpx.post(f"{url}/sparql", content=DATA.encode(),
                       headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
        assert r.status_code == 204, r.text
        yield url


@pytest.fixture
def client(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


def _error(resp: httpx.Response, status: int) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert set(body) == {"error"} and {"code", "message", "status"} <= set(body["error"])
    assert "Traceback" not in resp.text
    return body["error"]


def test_negotiation_q_values_and_wildcards() -> None:
    assert negotiate(None, SELECT_TYPES) == "application/sparql-results+json"
    assert negotiate("text/csv;q=0.5, application/sparql-results+xml", SELECT_TYPES).endswith("+xml")
    assert negotiate("text/*", SELECT_TYPES) == "text/csv"
    assert negotiate("*/*;q=0.1, text/tab-separated-values", SELECT_TYPES) == "text/tab-separated-values"
    assert negotiate("application/ld+json;q=0.9, text/turtle;q=0.2", GRAPH_TYPES) == "application/ld+json"
    assert negotiate("image/png", SELECT_TYPES) is None
    assert negotiate("text/csv;q=0, */*", SELECT_TYPES) == "application/sparql-results+json"


def test_select_formats_and_406(client: httpx.Client) -> None:
    q = {"query": "SELECT ?l WHERE { GRAPH ?g { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } } ORDER BY ?l"}
    r = client.get("/sparql", params=q)
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert len(r.json()["results"]["bindings"]) == 3
    r = client.get("/sparql", params=q, headers={"Accept": "text/csv"})
    assert r.text.splitlines()[0] == "l" and "بغداد" in r.text
    r = client.get("/sparql", params=q, headers={"Accept": "text/tab-separated-values"})
    assert r.text.splitlines()[0] == "?l"
    r = client.get("/sparql", params=q, headers={"Accept": "application/sparql-results+xml"})
    assert b"<sparql" in r.content
    _error(client.get("/sparql", params=q, headers={"Accept": "image/png"}), 406)


def test_default_graph_is_the_real_default_graph(client: httpx.Client) -> None:
    r = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.json()["boolean"] is False  # data only in named graphs; union is opt-in (KG_UNION_DEFAULT_GRAPH)


def test_construct_formats(client: httpx.Client) -> None:
    b = f"<{BASE}entity/baghdad>"
    q = {"query": f"CONSTRUCT {{ {b} ?p ?o }} WHERE {{ GRAPH ?g {{ {b} ?p ?o }} }}"}
    for accept, fmt in [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                        ("application/rdf+xml", "xml"), ("application/n-triples", "nt")]:
        r = client.get("/sparql", params=q, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        assert len(rdflib.Graph().parse(data=r.content, format=fmt)) == 4


def test_sparqlwrapper_and_rdflib_sparqlstore(server: str) -> None:
    sw = SPARQLWrapper(f"{server}/sparql")
    sw.setQuery("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    sw.setReturnFormat(JSON)
    assert sw.query().convert()["results"]["bindings"][0]["n"]["value"] == "7"
    sw.setMethod("POST")
    assert sw.query().convert()["results"]["bindings"][0]["n"]["value"] == "7"
    store = SPARQLStore(f"{server}/sparql")
    rows = list(store.query(f"SELECT ?l WHERE {{ GRAPH ?g {{ <{BASE}entity/basra> ?p ?l }} }}"))
    assert [str(r[0]) for r in rows] == ["البصرة"]
    assert store.query("ASK { GRAPH ?g { ?s ?p ?o } }").askAnswer is True
    g = rdflib.Graph(store=SPARQLStore(f"{server}/sparql"))
    assert len(list(g.query(f"SELECT ?p WHERE {{ GRAPH ?g {{ <{BASE}entity/baghdad> ?p ?o }} }}"))) == 4


def test_updates_need_the_token(client: httpx.Client) -> None:
    upd = {"update": "INSERT DATA { <http://e/x> <http://e/p> 1 }"}
    e = _error(client.post("/sparql", data=upd), 401)
    assert e["code"] == "unauthorized"
    _error(client.post("/sparql", data=upd, headers={"Authorization": "Bearer nope"}), 403)
    _error(client.put("/store?graph=http://e/g", content=b"<http://e/a> <http://e/b> <http://e/c> .",
                      headers={"Content-Type": "application/n-triples"}), 401)


def test_read_only_server_refuses_writes(tmp_path: Path) -> None:
    with live_server(settings_for(tmp_path)) as url:
        r = httpx.post(f"{url}/sparql", data={"update": "CLEAR ALL"}, headers={"Authorization": "Bearer x"})
        assert r.status_code == 403 and "read-only" in r.json()["error"]["message"]
        assert httpx.get(f"{url}/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits += 1
        self.send_response(500)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


def test_service_off_the_allowlist_makes_no_request(client: httpx.Client) -> None:
    port = free_port()
    httpd = http.server.HTTPServer(("127.0.0.1", port), _Counter)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try:
        target = f"http://127.0.0.1:{port}/sparql"
        for query in (
            f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
            f"PREFIX x: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE SILENT x:sparql {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ BIND(<{target}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        ):
            resp = client.get("/sparql", params={"query": query})
            if "?e" in query and resp.status_code == 400:  # the engine itself refuses this variable target
                continue
            e = _error(resp, 403)
            assert "not allowed" in e["message"] or "allow-list" in e["message"]
        _error(client.post("/sparql", data={"update": f"LOAD <{target}>"},
                           headers={"Authorization": f"Bearer {TOKEN}"}), 403)
        time.sleep(0.2)
        assert _Counter.hits == 0  # test_allowlisted_service_is_called shows the counter does count
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_allowlisted_service_is_called(tmp_path: Path) -> None:
    port = free_port()
    httpd = http.server.HTTPServer(("127.0.0.1", port), _Counter)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    target = f"http://127.0.0.1:{port}/sparql"
    before = _Counter.hits
    try:
        with live_server(settings_for(tmp_path, service_allowlist=[target])) as url:
            r = httpx.get(f"{url}/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"})
            assert r.status_code >= 400 and "error" in r.json()  # the fake endpoint answers 500
        assert _Counter.hits > before
    finally:
        httpd.shutdown()
        httpd.server_close()


RUNAWAY = ("SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a {1 2 3 4 5 6 7 8 9 10} VALUES ?b {1 2 3 4 5 6 7 8 9 10} "
           "VALUES ?c {1 2 3 4 5 6 7 8 9 10} VALUES ?d {1 2 3 4 5 6 7 8 9 10} VALUES ?e {1 2 3 4 5 6 7 8 9 10} "
           "VALUES ?f {1 2 3 4 5 6 7 8 9 10} VALUES ?g {1 2 3 4 5 6 7 8 9 10} VALUES ?h {1 2 3 4 5 6 7 8 9 10} "
           "VALUES ?i {1 2 3 4 5 6 7 8 9 10} VALUES ?j {1 2 3 4 5 6 7 8 9 10} }")


def test_runaway_query_is_stopped_and_server_answers(client: httpx.Client) -> None:
    start = time.monotonic()
    e = _error(client.get("/sparql", params={"query": RUNAWAY}), 503)
    assert e["code"] == "query_timeout"
    assert time.monotonic() - start < 6
    for _ in range(4):  # every worker (including the replacement) answers
        assert client.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_result_limit(client: httpx.Client) -> None:
    q = "SELECT ?x WHERE { VALUES ?a {1 2 3 4 5 6 7 8} VALUES ?b {1 2 3 4 5 6 7 8} BIND(?a*?b AS ?x) }"
    e = _error(client.get("/sparql", params={"query": q}), 413)
    assert e["code"] == "query_limit" and "50" in e["message"]


def test_request_size_limit_and_error_shape(client: httpx.Client) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 200_000
    _error(client.post("/sparql", content=big.encode(), headers={"Content-Type": "application/sparql-query"}), 413)
    _error(client.get("/nothing-here"), 404)
    _error(client.delete("/sparql"), 405)
    e = _error(client.get("/sparql", params={"query": "SELECT * WHERE {"}), 400)
    assert e["code"] == "query_syntax"


def test_concurrent_clients(server: str) -> None:
    def one(i: int) -> int:
        with httpx.Client(base_url=server, timeout=30) as c:
            ok = 0
            for _ in range(10):
                r = c.get("/sparql", params={"query": f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s ?p {i} }} }}"},
                          headers={"Accept": "text/csv" if i % 2 else "application/sparql-results+json"})
                ok += r.status_code == 200
            return ok

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(one, range(8))) == 80
    assert httpx.get(f"{server}/health").json()["status"] == "ok"


def test_named_queries_list_run_cache_etag(client: httpx.Client) -> None:
    listing = client.get("/queries").json()["queries"]
    assert listing[0]["name"] == "labels" and [p["name"] for p in listing[0]["params"]] == ["lang", "s"]
    r = client.get("/queries/labels", params={"lang": "ar"})
    assert r.status_code == 200, r.text
    labels = [b["label"]["value"] for b in r.json()["results"]["bindings"]]
    assert sorted(labels) == ["البصرة", "بغداد"]  # union of the article graphs
    etag = r.headers["etag"]
    again = client.get("/queries/labels", params={"lang": "ar"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    csv = client.get("/queries/labels", params={"lang": "en"}, headers={"Accept": "text/csv"})
    assert csv.text.splitlines()[1].endswith("Baghdad")
    e = _error(client.get("/queries/labels", params={"colour": "red"}), 400)
    assert "unknown parameter" in e["message"]
    _error(client.get("/queries/labels", params={"s": "not an iri"}), 400)
    _error(client.get("/queries/nope"), 404)
    # a write bumps the generation: the cached answer is not reused
    upd = f'INSERT DATA {{ GRAPH <{BASE}graph/article/a3> {{ <{BASE}entity/mosul> <http://www.w3.org/2000/01/rdf-schema#label> "الموصل"@ar }} }}'
    client.post("/sparql", content=upd.encode(),
                headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    r2 = client.get("/queries/labels", params={"lang": "ar"}, headers={"If-None-Match": etag})
    assert r2.status_code == 200 and "الموصل" in r2.text and r2.headers["etag"] != etag


def test_named_query_pages_are_validated_and_link_the_next_one(client: httpx.Client) -> None:
    listing = client.get("/queries").json()["queries"]
    paging = {p["name"]: p for p in listing[0]["paging"]}
    assert paging["limit"]["maximum"] == 50 and paging["offset"]["minimum"] == 0
    whole = client.get("/queries/labels", params={"lang": "ar"}).json()["results"]["bindings"]
    first = client.get("/queries/labels", params={"lang": "ar", "limit": 1})
    assert first.json()["results"]["bindings"] == whole[:1]
    assert first.headers["link"] == '</queries/labels?lang=ar&limit=1&offset=1>; rel="next"'
    assert len(whole) >= 2
    second = client.get("/queries/labels", params={"lang": "ar", "limit": 1, "offset": 1})
    assert second.json()["results"]["bindings"] == whole[1:2] and "next" in second.headers["link"]
    after = client.get("/queries/labels", params={"lang": "ar", "limit": 1, "offset": len(whole)})
    assert after.json()["results"]["bindings"] == [] and "link" not in after.headers
    rest = client.get("/queries/labels", params={"lang": "ar", "offset": 1}, headers={"Accept": "text/csv"})
    assert rest.status_code == 200 and len(rest.text.splitlines()) == len(whole) and "link" not in rest.headers
    assert "limit must be between 1 and 50" in _error(client.get("/queries/labels", params={"limit": 0}), 400)["message"]
    assert "between 1 and 50" in _error(client.get("/queries/labels", params={"limit": 51}), 400)["message"]
    assert "limit must be an integer" in _error(client.get("/queries/labels", params={"limit": "ten"}), 400)["message"]
    assert "offset must be 0 or more" in _error(client.get("/queries/labels", params={"offset": -2}), 400)["message"]
    _error(client.get("/queries/labels", params={"limit": "1", "offset": "1.5"}), 400)


def test_openapi_describes_named_queries(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/queries/labels"]["get"]
    assert op["summary"] == "Labels" and {p["name"] for p in op["parameters"]} == {"lang", "s", "limit", "offset"}
    assert "/sparql" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_linked_data_pages(client: httpx.Client) -> None:
    r = client.get("/id/entity/baghdad", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "بغداد" in r.text and "Baghdad" in r.text and "Q1530" in r.text
    assert "اجتماع في بغداد" in r.text  # the source quote of the fact that mentions it
    ttl = client.get("/id/entity/baghdad", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=ttl.content, format="turtle")
    assert (rdflib.URIRef(f"{BASE}entity/baghdad"), rdflib.OWL.sameAs,
            rdflib.URIRef("http://www.wikidata.org/entity/Q1530")) in g
    jl = client.get("/id/entity/baghdad", headers={"Accept": "application/ld+json"})
    assert jl.headers["content-type"].startswith("application/ld+json") and json.loads(jl.content)
    _error(client.get("/id/entity/nowhere"), 404)


def test_query_page_and_cors(client: httpx.Client) -> None:
    r = client.get("/editor")
    assert r.status_code == 200 and "labels" in r.text and "editor.js" in r.text
    browser = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert browser.status_code == 303 and browser.headers["location"] == str(client.base_url).rstrip("/") + "/editor"
    assert client.get("/static/editor.js").status_code == 200
    pre = client.options("/sparql", headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
    assert pre.headers.get("access-control-allow-origin") == "https://example.org"
