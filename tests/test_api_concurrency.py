"""Serving while writing, through a live server and real clients, on uvloop and on asyncio's own loop."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for

TOKEN = "t"
UPDATE = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
TURTLE = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}


@pytest.mark.parametrize("loop", ["uvloop", "asyncio"])
def test_large_results_never_kill_a_worker(tmp_path: Path, loop: str) -> None:
    """Results over 16 KiB arrive in pieces; the worker stream must wait for all of them, on either loop
    (uvloop once made the pipe non-blocking under a blocking reader: 19 of 20 such answers killed a worker)."""
    triples = " ".join(f'<http://e/s{i}> <http://e/p> "value number {i}" .' for i in range(2000))
    with live_server(settings_for(tmp_path, update_token=TOKEN), loop=loop) as url:
        assert httpx.post(f"{url}/sparql", content=f"INSERT DATA {{ {triples} }}".encode(), headers=UPDATE).status_code == 204
        with httpx.Client(base_url=url, timeout=30) as client:
            for i in range(20):
                r = client.get("/sparql", params={"query": f"SELECT ?s ?o WHERE {{ ?s ?p ?o }} # {i}"})
                assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 2000
            health = client.get("/health").json()
    assert health["killed"] == 0 and health["status"] == "ok"


def test_eight_readers_during_200_updates_and_50_gsp_puts(tmp_path: Path) -> None:
    """0 errors for readers and writers on a two-worker pool, and every write present when it is acknowledged."""
    settings = settings_for(tmp_path, update_token=TOKEN, query_workers=2)
    errors: list[str] = []
    stop = threading.Event()
    with live_server(settings) as url:

        def reader(i: int) -> int:
            done = 0
            with httpx.Client(base_url=url, timeout=60) as c:
                while not stop.is_set():
                    q = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }" if i % 2
                         else f"ASK {{ GRAPH ?g {{ <http://e/u{i}> ?p ?o }} }}")
                    r = c.get("/sparql", params={"query": q})
                    if r.status_code != 200:
                        errors.append(f"read {r.status_code} {r.text[:200]}")
                    done += 1
            return done

        def updates() -> None:
            with httpx.Client(base_url=url, timeout=60) as c:
                for i in range(200):
                    r = c.post("/sparql", content=f"INSERT DATA {{ GRAPH <http://e/g{i % 7}> {{ <http://e/u{i}> "
                                                  f"<http://e/p> {i} }} }}".encode(), headers=UPDATE)
                    if r.status_code != 204:
                        errors.append(f"update {r.status_code} {r.text[:200]}")
                    seen = c.get("/sparql", params={"query": f"ASK {{ GRAPH ?g {{ <http://e/u{i}> <http://e/p> {i} }} }}"})
                    if seen.json().get("boolean") is not True:
                        errors.append(f"update {i} acknowledged but not read back")

        def puts() -> None:
            with httpx.Client(base_url=url, timeout=60) as c:
                for i in range(50):
                    body = f'<http://e/d{i}> <http://e/p> "put {i}" . _:b <http://e/p> "blank" .'.encode()
                    r = c.put("/store", params={"graph": f"http://e/put{i}"}, content=body, headers=TURTLE)
                    if r.status_code not in (201, 204):
                        errors.append(f"put {r.status_code} {r.text[:200]}")
                    got = c.get("/store", params={"graph": f"http://e/put{i}"}, headers={"Accept": "application/n-triples"})
                    if got.status_code != 200 or f'"put {i}"'.encode() not in got.content:
                        errors.append(f"put {i} acknowledged but not read back ({got.status_code})")

        t0 = time.monotonic()
        with ThreadPoolExecutor(10) as pool:
            readers = [pool.submit(reader, i) for i in range(8)]
            writers = [pool.submit(updates), pool.submit(puts)]
            for w in writers:
                w.result(timeout=300)
            stop.set()
            reads = sum(r.result(timeout=60) for r in readers)
        elapsed = time.monotonic() - t0
        with httpx.Client(base_url=url, timeout=60) as c:
            n = c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
            health = c.get("/health").json()
    assert errors == [], "\n".join(errors[:20])
    assert int(n["results"]["bindings"][0]["n"]["value"]) == 200 + 50 * 2
    assert reads > 8 and health["status"] == "ok", (reads, health)
    print(f"{reads} reads, 250 writes in {elapsed:.1f} s")


def test_the_writers_log_stays_bounded_during_a_build(tmp_path: Path) -> None:
    """A server taking a build (graphs replaced again and again, no reads meanwhile: a read's snapshot lets
    RocksDB drop its log) kept the whole write-ahead log until it was restarted (~1 MB per write here); the
    writer now reopens the store between writes once the log passes 64 MB."""
    with live_server(settings_for(tmp_path, update_token=TOKEN)) as url:
        with httpx.Client(base_url=url, timeout=60) as c:
            for i in range(110):
                g = f"http://e/g{i % 30}"
                data = " ".join(f'<http://e/s{i}_{j}> <http://e/p> "{"x" * 200} {j}" .' for j in range(1000))
                r = c.post("/sparql", content=f"DROP SILENT GRAPH <{g}> ; INSERT DATA {{ GRAPH <{g}> {{ {data} }} }}"
                           .encode(), headers=UPDATE)
                assert r.status_code == 204, r.text
            log_mb = sum(f.stat().st_size for f in (tmp_path / "store").glob("*.log")) / 1e6
            n = c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}).json()
            health = c.get("/health").json()
    assert int(n["results"]["bindings"][0]["n"]["value"]) == 30 * 1000
    assert log_mb < 80, log_mb
    assert health["status"] == "ok" and health["writer_restarts"] == 0, health
