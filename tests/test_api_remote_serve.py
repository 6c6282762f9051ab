"""`kg serve --store http://…` in front of a real `oxigraph serve` (both on 127.0.0.1, started and stopped here):
the W3C protocol tests through kg, named queries and pages over the remote graph, the server's answers
unchanged, and kg's own time limit, result limit, SERVICE allow-list and update token still enforced."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for
from kg.config import Settings
from oxigraph_live import oxigraph_server
from w3c_runner import TOKEN, W3C, W3cTest, load_manifest, run_test

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = W3C / "protocol" / "manifest.ttl"
TESTS = load_manifest(MANIFEST) if MANIFEST.is_file() else []
GSP_MANIFEST = W3C / "gsp" / "manifest.ttl"
GSP_TESTS = load_manifest(GSP_MANIFEST) if GSP_MANIFEST.is_file() else []


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # The server's own timeout cancels what kg gave up on (kg's limit is the one the client sees).
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph"), "--timeout-s", "20") as url:
        yield url


def _settings(tmp: Path, store: str, **overrides: object) -> Settings:
    return settings_for(tmp, store=store, update_token=TOKEN, queries_dir=ROOT / "queries", **overrides)


@pytest.fixture(scope="module")
def kg(oxigraph: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tmp = tmp_path_factory.mktemp("kg-remote")
    with live_server(_settings(tmp, oxigraph)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol_through_kg(kg: httpx.Client, test: W3cTest) -> None:
    run_test(kg, test, ("/sparql/", "/sparql"))


@pytest.mark.parametrize("test", GSP_TESTS, ids=[t.name for t in GSP_TESTS])
def test_w3c_graph_store_protocol_through_kg(kg: httpx.Client, test: W3cTest) -> None:
    run_test(kg, test, ("/gsp", "/store"))


def test_server_answers_pass_unchanged(kg: httpx.Client, oxigraph: str) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    update = 'INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/p> "x", "y" . } }'
    assert kg.post("/sparql", data={"update": update}, headers=auth).status_code == 204
    for query, accept in [
        ("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o", "text/csv"),
        ("SELECT ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?o", "application/sparql-results+xml"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", "application/n-triples"),
    ]:
        through = kg.post("/sparql", data={"query": query}, headers={"Accept": accept})
        direct = httpx.post(f"{oxigraph}/query", data={"query": query}, headers={"Accept": accept})
        assert through.status_code == direct.status_code == 200, query
        assert through.headers["content-type"] == direct.headers["content-type"], query
        assert sorted(through.content.splitlines()) == sorted(direct.content.splitlines()), query
    # a query kg's parser cannot read never reaches the server: kg's own 400, in kg's error shape
    bad = kg.post("/sparql", data={"query": "SELECT * WHERE { ?s ?p }"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "query_syntax"


def test_update_token_and_service_allow_list_still_kgs(kg: httpx.Client, oxigraph: str) -> None:
    marker = 'INSERT DATA { GRAPH <http://e/forbidden> { <http://e/a> <http://e/p> "no" } }'
    assert kg.post("/sparql", data={"update": marker}).status_code == 401
    assert kg.post("/sparql", data={"update": marker}, headers={"Authorization": "Bearer wrong"}).status_code == 403
    service = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    refused = kg.get("/sparql", params={"query": service})
    assert refused.status_code == 403, refused.text
    load = kg.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert load.status_code == 403, load.text
    write = kg.put("/store", params={"graph": "http://e/forbidden"}, content=b"<http://e/a> <http://e/p> 1 .",
                   headers={"Content-Type": "application/n-triples"})
    assert write.status_code == 401
    ask = httpx.post(f"{oxigraph}/query", data={"query": "ASK { GRAPH <http://e/forbidden> { ?s ?p ?o } }"},
                     headers={"Accept": "application/sparql-results+json"})
    assert ask.json()["boolean"] is False  # nothing reached the server


def test_kgs_time_and_result_limits(oxigraph: str, tmp_path: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    rows = " ".join(f"<http://e/s{i}> <http://e/p> {i} ." for i in range(400))
    with live_server(_settings(tmp_path, oxigraph, query_timeout_s=1.0, query_result_limit=50)) as url, \
            httpx.Client(base_url=url, timeout=30) as client:
        assert client.post("/sparql", data={"update": f"INSERT DATA {{ GRAPH <http://e/big> {{ {rows} }} }}"},
                           headers=auth).status_code == 204
        too_many = client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"})
        assert too_many.status_code == 413 and too_many.json()["error"]["code"] == "query_limit"
        triples = client.get("/store", params={"graph": "http://e/big"}, headers={"Accept": "text/turtle"})
        assert triples.status_code == 413
        fits = client.get("/sparql", params={"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 50"})
        assert fits.status_code == 200 and len(fits.json()["results"]["bindings"]) == 50
        slow = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?a ?b ?c . ?d ?e ?f . ?h ?i ?j } }"  # 400³ rows
        started = time.monotonic()
        stopped = client.get("/sparql", params={"query": slow})
        assert stopped.status_code == 503 and stopped.json()["error"]["code"] == "query_timeout"
        assert time.monotonic() - started < 5
        assert client.post("/sparql", data={"update": "DROP SILENT GRAPH <http://e/big>"}, headers=auth).status_code == 204


def test_named_queries_and_pages_over_the_remote_graph(oxigraph: str, tmp_path: Path, seeds_dir: Path) -> None:
    url = oxigraph + "/"
    built = subprocess.run([sys.executable, "-m", "kg", "build", str(seeds_dir), "--store", url, "--ner", "rules"],
                           capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    local = subprocess.run([sys.executable, "-m", "kg", "query", "base-handovers", "--store", url, "-f", "json"],
                           capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    with live_server(_settings(tmp_path, url)) as base, httpx.Client(base_url=base, timeout=30) as client:
        listed = client.get("/queries").json()["queries"]
        assert any(q["name"] == "base-handovers" for q in listed)
        answer = client.get("/queries/base-handovers", headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200, answer.text
        rows = answer.json()["results"]["bindings"]
        assert rows and len(rows) == len(__import__("json").loads(local.stdout)["results"]["bindings"])
        base_iri = rows[0]["base"]["value"]
        assert base_iri.startswith(Settings().base_iri)
        page = client.get("/id/" + base_iri.removeprefix(Settings().base_iri), headers={"Accept": "text/html"})
        assert page.status_code == 200 and "<html" in page.text.lower()
        turtle = client.get("/id/" + base_iri.removeprefix(Settings().base_iri), headers={"Accept": "text/turtle"})
        assert turtle.status_code == 200 and base_iri in turtle.text
        assert client.get("/health").json()["status"] == "ok"
