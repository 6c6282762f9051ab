"""The query executor answers a read query even when the worker holding it dies (the query is retried once)."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pyoxigraph as ox

from kg.api.executor import QueryExecutor
from kg.store.results import QueryRequest


def _executor(tmp_path: Path) -> tuple[QueryExecutor, ox.Store]:
    store = ox.Store(str(tmp_path / "store"))
    store.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.Literal("o")))
    return QueryExecutor(store, tmp_path / "store", timeout_s=20, workers=2), store


def _kill_all_workers(executor: QueryExecutor) -> None:
    for worker in list(executor._all):  # noqa: SLF001 — the test plays a crashing process
        os.kill(worker.proc.pid, signal.SIGKILL)
        worker.proc.join(timeout=5)


def test_api_executor_retries_when_the_worker_dies(tmp_path: Path) -> None:
    executor, _ = _executor(tmp_path)
    try:
        req = QueryRequest("ASK { ?s ?p ?o }", "application/sparql-results+json", "text/turtle")
        _kill_all_workers(executor)
        body, _ = executor.query(req)
        assert b"true" in body
        _kill_all_workers(executor)
        body, _ = asyncio.run(executor.query_async(req))
        assert b"true" in body
        assert executor.killed >= 2
    finally:
        executor.close()


def test_api_executor_keeps_a_snapshot_while_an_idle_worker_has_it_open(tmp_path: Path) -> None:
    """A write removes only snapshots no worker holds; the one an idle worker still has open goes later."""
    executor, _ = _executor(tmp_path)
    assert executor.snapshots is not None
    try:
        req = QueryRequest("ASK { ?s ?p ?o }", "application/sparql-results+json", "text/turtle")
        executor.query(req)  # one worker now has snapshot 0 open
        held = {w.generation for w in executor._all}  # noqa: SLF001 — which snapshots the workers hold
        assert 0 in held
        executor.write(lambda st: st.add(ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"),
                                                 ox.Literal("x"))))  # fmt: skip
        assert (executor.snapshots / "0").is_dir()  # still open in an idle worker
        for _ in range(2):  # a lookup reads the live store in-process: it sees the write at once
            body, _ = executor.query(QueryRequest("ASK { <http://ex/a> ?p ?o }", "application/sparql-results+json",
                                                  "text/turtle"))  # fmt: skip
            assert b"true" in body
        for _ in range(4):  # idle workers are taken in turn: both answer at generation 1, letting go of 0
            executor.query(req)
        assert all(w.generation == 1 for w in executor._all)  # noqa: SLF001
        executor.write(lambda st: None)
        assert not (executor.snapshots / "0").exists()
    finally:
        executor.close()


def test_api_executor_workers_stay_usable_after_the_event_loop_waited_on_them(tmp_path: Path) -> None:
    """uvloop (what uvicorn runs) leaves a descriptor it watched non-blocking; a worker answered on the loop and
    then used from a thread must not be taken for dead (EAGAIN) — seen as a 500 on the first page after start."""
    uvloop = __import__("pytest").importorskip("uvloop")
    store = ox.Store(str(tmp_path / "store"))
    store.extend([ox.Quad(ox.NamedNode(f"http://ex/s{i}"), ox.NamedNode("http://ex/p"), ox.Literal("o" * 40))
                  for i in range(5000)])  # answers larger than a pipe's buffer: they arrive in several reads
    executor = QueryExecutor(store, tmp_path / "store", timeout_s=20, workers=2)
    try:
        req = QueryRequest("SELECT * WHERE { ?s ?p ?o }", "application/sparql-results+json", "text/turtle")

        async def mixed() -> list[bytes]:
            jobs = [executor.query_async(req) for _ in range(12)]  # more than the workers: some go to threads
            return [body for body, _ in await asyncio.gather(*jobs)]

        for _ in range(3):
            bodies = uvloop.run(mixed())
            assert all(body.count(b"http://ex/s") == 5000 for body in bodies)
            executor.query(req)  # a blocking query on every worker the loop has watched
            executor.query(req)
        assert executor.killed == 0
    finally:
        executor.close()
