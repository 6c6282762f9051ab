"""The query-text bypasses of the SERVICE/LOAD allow-list and of the time limit, tried against a live server with
real listeners on 127.0.0.1: a trap that must see zero connections, and an allow-listed stand-in that must see
some (so the test can tell). Also the defence in depth: a worker handed a SERVICE the parser "missed" still
cannot reach the trap, because the kernel refuses the connection."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api_live import Listener, live_server, settings_for
from kg.api.errors import ApiError
from kg.api.executor import QueryExecutor
from kg.sparql_parse import QueryPlan
from kg.store.results import QueryRequest

TOKEN = "t0k"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SEPARATORS = [" ", "\t", "\r", "\n", "\r\n", "#c\r", "#c\r\n", "#c\n", "#\r", "# SERVICE <http://decoy/> {}\r"]


def _service_variants(target: str) -> list[str]:
    tokens = ["SELECT", "*", "WHERE", "{", "SERVICE", "SILENT", f"<{target}>", "{", "?s", "?p", "?o", "}", "}"]
    out = [f"SELECT * {{ #x\rSERVICE <{target}> {{?s ?p ?o}}\n}}",
           f"SELECT * {{ #x\r\nSERVICE <{target}> {{?s ?p ?o}}\n}}",
           f"select * {{ #x\rservice <{target}> {{?s ?p ?o}}\n}}"]
    for sep in SEPARATORS:
        for i in (4, 5, 6, 7):  # before SERVICE, before SILENT, before the IRI, after it
            out.append(" ".join(tokens[:i]) + (" " + sep if sep.startswith("#") else sep) + " ".join(tokens[i:]))
    host, _, path = target.removeprefix("http://").partition("/")
    out.append(f"BASE <http://{host}/> SELECT * {{ #\rSERVICE <{path}> {{ ?s ?p ?o }} }}")
    out.append(f"PREFIX t: <http://{host}/> SELECT * {{ #\rSERVICE t:{path} {{ ?s ?p ?o }} }}")
    return out


def _load_variants(target: str) -> list[str]:
    return [f"#c\rLOAD <{target}>", f"#c\r\nLOAD <{target}>", f"#c\rLOAD SILENT <{target}>",
            f"INSERT DATA {{ <http://e/a> <http://e/p> 1 }} ; #\rLOAD <{target}>",
            f"#c\rINSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"]


@pytest.fixture(scope="module")
def listeners() -> Iterator[tuple[Listener, Listener]]:
    trap, allowed = Listener(), Listener()
    yield trap, allowed
    trap.close()
    allowed.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, listeners: tuple[Listener, Listener]) -> Iterator[str]:
    _, allowed = listeners
    tmp: Path = tmp_path_factory.mktemp("bypass")
    settings = settings_for(tmp, update_token=TOKEN, query_timeout_s=2.0, update_timeout_s=5.0,
                            service_allowlist=[allowed.url])
    with live_server(settings) as url:
        triples = " ".join(f"<http://e/s{i}> <http://e/p> {i} ." for i in range(300))
        r = httpx.post(f"{url}/sparql", content=f"INSERT DATA {{ {triples} }}".encode(),
                       headers={**AUTH, "Content-Type": "application/sparql-update"})
        assert r.status_code == 204, r.text
        yield url


def test_service_bypasses_reach_no_host_off_the_list(server: str, listeners: tuple[Listener, Listener]) -> None:
    trap, _ = listeners
    with httpx.Client(base_url=server, timeout=30) as client:
        for sparql in _service_variants(trap.url):
            for resp in (client.get("/sparql", params={"query": sparql}),
                         client.post("/sparql", data={"query": sparql}),
                         client.post("/sparql", content=sparql.encode(),
                                     headers={"Content-Type": "application/sparql-query"})):
                assert 400 <= resp.status_code < 500, (sparql, resp.status_code, resp.text)
    assert trap.connections == 0 and trap.requests == []


def test_load_bypasses_reach_no_host_off_the_list(server: str, listeners: tuple[Listener, Listener]) -> None:
    trap, _ = listeners
    with httpx.Client(base_url=server, timeout=30) as client:
        for update in _load_variants(trap.url):
            resp = client.post("/sparql", content=update.encode(),
                               headers={**AUTH, "Content-Type": "application/sparql-update"})
            assert resp.status_code in (204, 400, 403), (update, resp.status_code, resp.text)  # SILENT: 204
            resp = client.post("/sparql", data={"update": update}, headers=AUTH)
            assert resp.status_code in (204, 400, 403), (update, resp.status_code, resp.text)
    assert trap.connections == 0


def test_the_allow_listed_endpoint_is_reached(server: str, listeners: tuple[Listener, Listener]) -> None:
    """The positive control: the same texts aimed at the allow-listed stand-in are answered by it."""
    _, allowed = listeners
    before = allowed.connections
    with httpx.Client(base_url=server, timeout=30) as client:
        for sparql in _service_variants(allowed.url)[:3]:
            resp = client.get("/sparql", params={"query": sparql})
            assert resp.status_code == 200, resp.text
            assert len(resp.json()["results"]["bindings"]) == 1  # the stand-in's one row
    assert allowed.connections > before


def test_time_limit_holds_for_a_cross_product_dressed_as_a_lookup(server: str) -> None:
    """``<s> ?p ?o #\\r. <cross product>`` once ran on the event loop past 3 minutes; now it is stopped at 2 s,
    and /health answers meanwhile."""
    sparql = "SELECT (COUNT(*) AS ?n) { <http://e/s1> ?p ?o #\r. ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l\n}"
    health: list[tuple[int, float]] = []

    def probe() -> None:
        time.sleep(0.5)
        t = time.monotonic()
        health.append((httpx.get(f"{server}/health", timeout=10).status_code, time.monotonic() - t))

    thread = threading.Thread(target=probe)
    thread.start()
    t0 = time.monotonic()
    resp = httpx.get(f"{server}/sparql", params={"query": sparql}, timeout=60)
    elapsed = time.monotonic() - t0
    thread.join()
    assert resp.status_code == 503 and resp.json()["error"]["code"] == "query_timeout", resp.text
    assert elapsed < 8, elapsed
    assert health and health[0][0] == 200 and health[0][1] < 2, health
    assert httpx.get(f"{server}/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_a_service_the_parser_missed_is_refused_by_the_kernel(tmp_path: Path,
                                                             listeners: tuple[Listener, Listener]) -> None:
    """Defence in depth: give a worker a plan that hides the SERVICE (as a parser bug would) — no connection."""
    trap, allowed = listeners
    store = ox.Store(str(tmp_path / "store"))
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    del store
    executor = QueryExecutor(tmp_path / "store", timeout_s=10, workers=1, allowlist=[allowed.url])
    sparql = f"SELECT * {{ SERVICE <{trap.url}> {{ ?s ?p ?o }} }}"

    async def run() -> list[str]:
        await executor.start()
        outcomes = []
        for plan in (QueryPlan("SELECT"),  # "no SERVICE here": the worker has no network at all
                     QueryPlan("SELECT", services=(allowed.url,))):  # network on, but only to the allowed host
            req = QueryRequest(sparql, "application/sparql-results+json", "text/turtle", plan=plan)
            try:
                await executor.query_async(req)
                outcomes.append("answered")
            except ApiError as exc:
                outcomes.append(f"{exc.status}")
        return outcomes

    try:
        assert executor.sandboxed
        assert asyncio.run(run()) == ["403", "403"]
    finally:
        executor.close()
    assert trap.connections == 0
