"""LOAD through a live server, with real hosts on 127.0.0.1: a document server and one that accepts and never
answers. The document is fetched before the write is queued, so a stalled host holds no other write up."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for

TOKEN = "t"
UPDATE = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
DOC = b'@prefix e: <http://e/> .\n_:b e:p "loaded" .\ne:s e:q <rel> .\n'


class _Documents:
    """Serves DOC as Turtle at every path; counts requests."""

    def __init__(self) -> None:
        outer = self
        self.requests = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                outer.requests += 1
                self.send_response(200)
                self.send_header("Content-Type", "text/turtle")
                self.send_header("Content-Length", str(len(DOC)))
                self.end_headers()
                self.wfile.write(DOC)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/doc.ttl"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Stall:
    """Accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/stall.ttl"
        self.held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


@pytest.fixture(scope="module")
def hosts() -> Iterator[tuple[_Documents, _Stall]]:
    docs, stall = _Documents(), _Stall()
    yield docs, stall
    docs.close()
    stall.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, hosts: tuple[_Documents, _Stall]) -> Iterator[str]:
    docs, stall = hosts
    settings = settings_for(tmp_path_factory.mktemp("load"), update_token=TOKEN, query_timeout_s=10.0,
                            update_timeout_s=3.0, service_allowlist=[docs.url, stall.url])
    with live_server(settings) as url:
        yield url


def _ask(url: str, pattern: str) -> bool:
    r = httpx.get(f"{url}/sparql", params={"query": f"ASK {{ {pattern} }}"}, timeout=30)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


def _count(url: str, query: str) -> int:
    r = httpx.get(f"{url}/sparql", params={"query": query}, timeout=30)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_load_into_a_graph_and_the_default_graph(server: str, hosts: tuple[_Documents, _Stall]) -> None:
    docs, _ = hosts
    for update in (f"LOAD <{docs.url}> INTO GRAPH <http://e/g1>",
                   f"PREFIX d: <{docs.url.rsplit('/', 1)[0]}/> LOAD d:doc.ttl INTO GRAPH <http://e/g1>",
                   f"INSERT DATA {{ <http://e/x> <http://e/p> 1 }} ; #\rLOAD <{docs.url}>"):
        r = httpx.post(f"{server}/sparql", content=update.encode(), headers=UPDATE, timeout=30)
        assert r.status_code == 204, (update, r.text)
    rel = docs.url.rsplit("/", 1)[0] + "/rel"  # resolved against the document's URL, as LOAD does
    assert _ask(server, f"GRAPH <http://e/g1> {{ <http://e/s> <http://e/q> <{rel}> }}")
    assert _ask(server, f"<http://e/s> <http://e/q> <{rel}> . <http://e/x> <http://e/p> 1")
    # each LOAD is its own document: two loads of the same file give two blank nodes
    assert _count(server, "SELECT (COUNT(DISTINCT ?b) AS ?n) { GRAPH <http://e/g1> { ?b <http://e/p> ?o } }") == 2


def test_a_stalled_host_holds_no_other_write_up(server: str, hosts: tuple[_Documents, _Stall]) -> None:
    _, stall = hosts
    outcome: dict[str, tuple[int, float]] = {}

    def load(silent: str) -> None:
        t = time.monotonic()
        r = httpx.post(f"{server}/sparql", content=f"LOAD {silent} <{stall.url}>".encode(), headers=UPDATE,
                       timeout=60)
        outcome[silent or "plain"] = (r.status_code, time.monotonic() - t)

    threads = [threading.Thread(target=load, args=(s,)) for s in ("", "SILENT")]
    for t in threads:
        t.start()
    time.sleep(0.5)
    for i in range(5):  # writes and reads go on while both LOADs wait for the host
        t0 = time.monotonic()
        r = httpx.post(f"{server}/sparql", content=f"INSERT DATA {{ <http://e/w{i}> <http://e/p> {i} }}".encode(),
                       headers=UPDATE, timeout=60)
        assert r.status_code == 204 and time.monotonic() - t0 < 1.5, (r.status_code, time.monotonic() - t0)
        assert _ask(server, f"<http://e/w{i}> <http://e/p> {i}")
    for t in threads:
        t.join(timeout=30)
    assert outcome["plain"][0] == 502 and outcome["plain"][1] < 6, outcome  # the host failed within the limit
    assert outcome["SILENT"][0] == 204, outcome
    health = httpx.get(f"{server}/health").json()
    assert health["status"] == "ok" and health["writer_restarts"] == 0, health


def test_a_load_kg_cannot_place_still_runs_in_the_writer(server: str, hosts: tuple[_Documents, _Stall]) -> None:
    """Past the size kg parses, the engine runs the LOAD itself (same allow-list, same time limit)."""
    docs, _ = hosts
    before = docs.requests
    big = " ".join(f"<http://e/big{i}> <http://e/p> {i} ." for i in range(1200))
    update = f"INSERT DATA {{ {big} }} ; LOAD <{docs.url}> INTO GRAPH <http://e/g2>"
    assert len(update) > 32_768
    r = httpx.post(f"{server}/sparql", content=update.encode(), headers=UPDATE, timeout=60)
    assert r.status_code == 204, r.text
    assert docs.requests == before + 1
    assert _ask(server, 'GRAPH <http://e/g2> { ?b <http://e/p> "loaded" }')


def test_load_off_the_list_is_refused_before_any_fetch(server: str, tmp_path: Path) -> None:
    trap = _Documents()
    try:
        for update in (f"LOAD <{trap.url}>", f"#c\rLOAD SILENT <{trap.url}> INTO GRAPH <http://e/t>"):
            r = httpx.post(f"{server}/sparql", content=update.encode(), headers=UPDATE, timeout=30)
            assert r.status_code == 403, r.text
        assert trap.requests == 0
    finally:
        trap.close()
