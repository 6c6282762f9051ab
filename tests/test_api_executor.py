"""The executor's processes under faults: killed workers, deadlines, a stuck or crashing writer, memory, a wedge
that /health must see, orphans left by a killed server, and many readers and writers over a one-worker pool."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.api.executor import QueryExecutor
from kg.errors import QueryResourceError, QueryTimeoutError
from kg.sparql_parse import QueryPlan
from kg.store.results import QueryRequest

JSON = "application/sparql-results+json"
CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _store(tmp_path: Path, n: int = 300) -> Path:
    path = tmp_path / "store"
    store = ox.Store(str(path))
    store.extend([ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/p"), ox.Literal(str(i)))
                  for i in range(n)])
    store.flush()
    del store
    return path


def _req(sparql: str, **kw: Any) -> QueryRequest:
    return QueryRequest(sparql, JSON, "text/turtle", **kw)


def _run(executor: QueryExecutor, body: Callable[[QueryExecutor], Awaitable[Any]], budget_s: float = 60) -> Any:
    """Start the executor on a fresh loop, run ``body``, always stop it; the whole thing has a time budget."""

    async def main() -> Any:
        await executor.start()
        try:
            return await asyncio.wait_for(body(executor), budget_s)
        finally:
            await executor.aclose()

    try:
        return asyncio.run(main())
    finally:
        executor.close()


def _hold_snapshots(ex: QueryExecutor) -> asyncio.Event:
    """Make every snapshot the executor takes wait until the returned event is set."""
    gate = asyncio.Event()
    take = ex._take_snapshot  # noqa: SLF001

    async def held() -> None:
        await gate.wait()
        await take()

    ex._take_snapshot = held  # type: ignore[method-assign]  # noqa: SLF001
    return gate


async def _pool_ready(ex: QueryExecutor, within_s: float = 30) -> None:
    deadline = time.monotonic() + within_s
    while (await ex.health())["workers"]["idle"] < ex.n_workers:
        assert time.monotonic() < deadline, "the pool did not recover"
        await asyncio.sleep(0.1)


def _count(body: bytes) -> int:
    import json

    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_a_killed_worker_is_replaced_and_no_read_fails(tmp_path: Path) -> None:
    executor = QueryExecutor(_store(tmp_path), timeout_s=20, workers=2)

    async def body(ex: QueryExecutor) -> None:
        req = _req("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        for _ in range(3):
            for proc in list(ex._workers):  # noqa: SLF001 - the test plays kill -9
                os.kill(proc.popen.pid, signal.SIGKILL)
            assert _count((await ex.query_async(req))[0]) == 300
        # killed while answering: the read is sent again to a fresh worker
        slow = asyncio.ensure_future(ex.query_async(_req("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }")))
        await asyncio.sleep(0.3)
        for proc in list(ex._workers):  # noqa: SLF001
            os.kill(proc.popen.pid, signal.SIGKILL)
        assert _count((await slow)[0]) == 90_000
        assert ex.stats.killed >= 3  # each kill round retires what was running (replacements start at once)

    _run(executor, body)


def test_the_deadline_kills_the_query_and_the_pool_recovers(tmp_path: Path) -> None:
    executor = QueryExecutor(_store(tmp_path), timeout_s=1.5, workers=1)

    async def body(ex: QueryExecutor) -> None:
        t = time.monotonic()
        with pytest.raises(QueryTimeoutError):
            await ex.query_async(_req(CROSS, plan=QueryPlan("SELECT")))
        assert time.monotonic() - t < 4
        await _pool_ready(ex)  # the replacement worker has started
        assert _count((await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))[0]) == 300

    _run(executor, body)


def test_readers_never_wait_for_a_stuck_write(tmp_path: Path) -> None:
    """An update that runs for seconds holds no reader up; at its deadline the writer is killed and restarted,
    the update is not applied, and the next write works."""
    executor = QueryExecutor(_store(tmp_path), timeout_s=10, update_timeout_s=3, workers=1)
    slow_update = "INSERT { <http://e/x> <http://e/q> ?n } WHERE { SELECT (COUNT(*) AS ?n) " \
                  "{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } }"

    async def body(ex: QueryExecutor) -> None:
        write = asyncio.ensure_future(ex.update(slow_update, None))
        await asyncio.sleep(0.3)
        t = time.monotonic()
        for _ in range(20):
            await ex.query_async(_req("ASK { ?s ?p ?o }"))
        assert time.monotonic() - t < 2.5, "reads waited for the write"
        with pytest.raises(QueryTimeoutError):
            await write
        assert ex.stats.restarts == 1
        await ex.update("INSERT DATA { <http://e/y> <http://e/q> 1 }", None)
        body_, _ = await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s <http://e/q> ?o }"))
        assert _count(body_) == 1  # the killed update left nothing

    _run(executor, body)


def test_a_crash_takes_down_only_its_process(tmp_path: Path) -> None:
    """A query that needs more memory than allowed fails with 422 (no retry storm); the server goes on."""
    executor = QueryExecutor(_store(tmp_path), timeout_s=20, workers=1, memory_mb=600)
    hog = ("SELECT (STRLEN(GROUP_CONCAT(?x)) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . "
           "BIND(CONCAT(STR(?c), STR(?f), '" + "x" * 2000 + "') AS ?x) }")

    async def body(ex: QueryExecutor) -> None:
        with pytest.raises(QueryResourceError, match="memory"):
            await ex.query_async(_req(hog, plan=QueryPlan("SELECT")))
        assert _count((await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")))[0]) == 300

    _run(executor, body)


def test_an_update_past_the_memory_limit_takes_down_only_the_writer(tmp_path: Path) -> None:
    """The writer has the same memory limit as the workers: 422, nothing applied, a fresh writer for the next
    write, and reads went on meanwhile."""
    executor = QueryExecutor(_store(tmp_path), timeout_s=20, workers=1, memory_mb=600)
    hog = ("INSERT { <http://e/x> <http://e/q> ?n } WHERE { SELECT (STRLEN(GROUP_CONCAT(?x)) AS ?n) WHERE { "
           "?a ?b ?c . ?d ?e ?f . BIND(CONCAT(STR(?c), STR(?f), '" + "x" * 2000 + "') AS ?x) } }")

    async def body(ex: QueryExecutor) -> None:
        with pytest.raises(QueryResourceError, match="memory"):
            await ex.update(hog, None)
        assert ex.stats.restarts == 1
        await ex.update("INSERT DATA { <http://e/y> <http://e/q> 1 }", None)
        assert _count((await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s <http://e/q> ?o }")))[0]) == 1

    _run(executor, body)


def test_many_readers_and_writers_on_a_one_worker_pool(tmp_path: Path) -> None:
    """No deadlock, evidently: 40 readers and 30 writers at once on one worker; every acknowledged write is
    seen by the reads that start after it."""
    executor = QueryExecutor(_store(tmp_path, 10), timeout_s=20, workers=1)

    async def body(ex: QueryExecutor) -> None:
        acked: list[int] = []

        async def writer(i: int) -> None:
            await ex.update(f"INSERT DATA {{ <http://e/w{i}> <http://e/w> {i} }}", None)
            acked.append(i)
            seen, _ = await ex.query_async(_req(f"ASK {{ <http://e/w{i}> <http://e/w> {i} }}"))
            assert b"true" in seen

        async def reader(_: int) -> None:
            floor = len(acked)
            body_, _ = await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s <http://e/w> ?o }"))
            assert _count(body_) >= floor

        await asyncio.gather(*[writer(i) for i in range(30)], *[reader(i) for i in range(40)])
        body_, _ = await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s <http://e/w> ?o }"))
        assert _count(body_) == 30

    _run(executor, body, budget_s=90)


def test_snapshots_no_worker_holds_are_removed(tmp_path: Path) -> None:
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=20, workers=1)

    async def body(ex: QueryExecutor) -> None:
        for i in range(5):
            await ex.update(f"INSERT DATA {{ <http://e/n{i}> <http://e/p> {i} }}", None)
            await ex.query_async(_req("ASK { ?s ?p ?o }"))
        await asyncio.sleep(0.5)
        assert len(list(ex.snapshots.iterdir())) <= 2

    _run(executor, body)
    assert not executor.snapshots.exists()


def _stop(pid: int) -> None:
    """SIGSTOP ``pid`` and wait until the kernel shows it stopped (a signal is delivered asynchronously)."""
    os.kill(pid, signal.SIGSTOP)
    for _ in range(200):
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        if state in ("T", "t"):
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} did not stop (state {state})")


def test_health_reports_a_wedged_pool(tmp_path: Path) -> None:
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=20, workers=1)

    async def body(ex: QueryExecutor) -> None:
        await ex.query_async(_req("ASK { ?s ?p ?o }"))  # the worker is up and idle (a starting one is not probed)
        assert (await ex.health())["status"] == "ok"
        (proc,) = list(ex._workers)  # noqa: SLF001
        _stop(proc.popen.pid)  # alive but answering nothing
        try:
            report = await ex.health(probe_s=0.5)
        finally:
            os.kill(proc.popen.pid, signal.SIGCONT)
        assert report["status"] == "wedged" and report["problems"], report
        await ex.query_async(_req("ASK { ?s ?p ?o }"))  # the unresponsive worker was replaced
        assert (await ex.health())["status"] == "ok"

    _run(executor, body)


def test_orphans_and_stale_snapshots_are_cleaned_at_start(tmp_path: Path) -> None:
    path = _store(tmp_path, 5)
    stale = path.parent / f".{path.name}.snapshots" / "7"
    stale.mkdir(parents=True)
    # a worker of this store whose server is gone (its --parent is not its parent)
    orphan = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "kg.api.worker",
                               "--store", str(path.resolve()), "--parent", "1"])
    try:
        # until it has exec'd, /proc shows the orphan with pytest's command line (fork before exec), which no
        # start-up scan can recognize: wait for its own
        for _ in range(500):
            with open(f"/proc/{orphan.pid}/cmdline", "rb") as f:
                if b"kg.api.worker" in f.read():
                    break
            time.sleep(0.01)
        executor = QueryExecutor(path, timeout_s=20, workers=1)
        try:
            assert orphan.wait(timeout=10) == -signal.SIGKILL
            assert not stale.exists()
        finally:
            executor.close()
    finally:
        if orphan.poll() is None:
            orphan.kill()


def test_workers_and_snapshots_go_with_the_server(tmp_path: Path) -> None:
    """kill -9 of the server, in the middle of reads and writes, leaves no worker (PR_SET_PDEATHSIG) and no
    snapshot directory (the janitor) behind."""
    code = ("import asyncio, sys, time; from pathlib import Path; from kg.api.executor import QueryExecutor\n"
            "from kg.store.results import QueryRequest\n"
            "ex = QueryExecutor(Path(sys.argv[1]), timeout_s=5, workers=2)\n"
            "async def main():\n"
            "    await ex.start()\n"
            "    print(' '.join(str(p.popen.pid) for p in ex._workers), ex._writer.popen.pid, flush=True)\n"
            "    for i in range(100000):\n"
            "        await ex.update(f'INSERT DATA {{ <http://e/k{i}> <http://e/p> {i} }}', None)\n"
            "        await ex.query_async(QueryRequest('ASK { ?s ?p ?o }', 'application/sparql-results+json', "
            "'text/turtle'))\n"
            "asyncio.run(main())")
    store = _store(tmp_path, 5)
    snapshots = store.parent / f".{store.name}.snapshots"
    server = subprocess.Popen([sys.executable, "-c", code, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        pids = [int(p) for p in server.stdout.readline().split()]
        assert len(pids) == 3
        time.sleep(1.0)  # writes and snapshots under way
        assert any(snapshots.rglob("*")), "no snapshot was taken"
        server.kill()
        server.wait(timeout=10)
        deadline = time.monotonic() + 15
        while any(Path(f"/proc/{p}").exists() and "Z" not in _state(p) for p in pids) or snapshots.exists():
            assert time.monotonic() < deadline, ("a worker or the snapshots outlived the server",
                                                 [_state(p) for p in pids], list(snapshots.rglob("*"))[:5])
            time.sleep(0.1)
    finally:
        if server.poll() is None:
            server.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_large_answers_on_uvloop_never_retire_a_worker(tmp_path: Path) -> None:
    """uvloop (what uvicorn runs) once left a watched pipe non-blocking, and large answers, arriving in several
    reads, made live workers look dead. Twelve such answers at once on two workers: all whole, none killed."""
    uvloop = pytest.importorskip("uvloop")
    path = tmp_path / "store"
    store = ox.Store(str(path))
    store.extend([ox.Quad(ox.NamedNode(f"http://ex/s{i}"), ox.NamedNode("http://ex/p"), ox.Literal("o" * 40))
                  for i in range(5000)])  # answers larger than a socket buffer
    store.flush()
    del store
    executor = QueryExecutor(path, timeout_s=30, workers=2)
    req = _req("SELECT * WHERE { ?s ?p ?o }", limit=10_000)

    async def body() -> None:
        await executor.start()
        try:
            for _ in range(3):
                answers = await asyncio.gather(*[executor.query_async(req) for _ in range(12)])
                assert all(a.count(b"http://ex/s") == 5000 for a, _ in answers)
            assert executor.stats.killed == 0
        finally:
            await executor.aclose()

    try:
        uvloop.run(body())
    finally:
        executor.close()


def test_closing_one_executor_leaves_the_others_workers_alone(tmp_path: Path) -> None:
    """One process, two executors (as in tests): the janitor of the one closed ends at once and touches no
    worker of the other (it once killed every worker whose server was this process)."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = QueryExecutor(_store(tmp_path / "a", 5), timeout_s=20, workers=1)
    b = QueryExecutor(_store(tmp_path / "b", 5), timeout_s=20, workers=1)

    async def body() -> None:
        await a.start()
        await b.start()
        pids = {p.popen.pid for p in b._workers} | {b._writer.popen.pid}  # type: ignore[union-attr]  # noqa: SLF001
        janitor = a._janitor  # noqa: SLF001
        assert janitor is not None
        await a.aclose()
        assert await asyncio.to_thread(janitor.wait, 5) == 0
        assert all(_state(p) not in ("Z", "X") for p in pids)
        assert b"true" in (await b.query_async(_req("ASK { ?s ?p ?o }")))[0]
        await b.aclose()

    try:
        asyncio.run(body())
    finally:
        a.close()
        b.close()


def test_a_read_after_an_acknowledged_write_finds_its_snapshot_open(tmp_path: Path) -> None:
    """A write is acknowledged once a snapshot holding it is published and open in an idle worker: the read
    that follows takes no snapshot, opens none, and sees the write."""
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=20, workers=2)

    async def body(ex: QueryExecutor) -> None:
        await _pool_ready(ex)
        for i in range(5):
            await ex.update(f"INSERT DATA {{ <http://e/r{i}> <http://e/p> {i} }}", None)
            assert any(p.opened == ex._snap_path for p in ex._workers)  # noqa: SLF001
            taken, opens = ex.stats.snapshots, ex.stats.read_opens
            seen, _ = await ex.query_async(_req(f"ASK {{ <http://e/r{i}> <http://e/p> {i} }}"))
            assert b"true" in seen
            assert (ex.stats.snapshots, ex.stats.read_opens) == (taken, opens), "the read paid for a snapshot"
        assert ex.stats.read_waits == 0 and ex.stats.unpublished == 0
        assert (await ex.health())["reads_waited_for_snapshot"] == 0

    _run(executor, body)


def test_a_busy_worker_holds_no_write_up_and_switches_after_its_request(tmp_path: Path) -> None:
    """With every worker busy, a write is acknowledged without waiting for them; the worker opens the new
    snapshot once its request is done, before it answers the next."""
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=20, workers=1)

    async def body(ex: QueryExecutor) -> None:
        await _pool_ready(ex)
        proc = await ex._acquire(ex._deadline(5))  # noqa: SLF001 - the test holds the only worker, as a request would
        before = proc.opened
        await ex.update("INSERT DATA { <http://e/b> <http://e/p> 1 }", None)
        assert proc.opened == before != ex._snap_path  # noqa: SLF001 - acknowledged while it was busy
        ex._release(proc)  # noqa: SLF001 - its request is done
        opens = ex.stats.read_opens
        seen, _ = await ex.query_async(_req("ASK { <http://e/b> <http://e/p> 1 }"))
        assert b"true" in seen and ex.stats.read_opens == opens
        assert proc.opened == ex._snap_path  # noqa: SLF001

    _run(executor, body)


def test_writes_that_commit_during_a_snapshot_share_the_next(tmp_path: Path) -> None:
    """Group commit: ten writes queued while a snapshot is held back are all published by one snapshot."""
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=20, workers=1)

    async def body(ex: QueryExecutor) -> None:
        await _pool_ready(ex)
        gate = _hold_snapshots(ex)
        taken = ex.stats.snapshots
        writes = [asyncio.ensure_future(ex.update(f"INSERT DATA {{ <http://e/g{i}> <http://e/p> {i} }}", None))
                  for i in range(10)]
        while ex._committed < 10:  # noqa: SLF001 - every write committed, none acknowledged
            assert not any(w.done() for w in writes)
            await asyncio.sleep(0.01)
        assert ex.generation == 0
        gate.set()
        await asyncio.gather(*writes)
        assert ex.stats.snapshots == taken + 1 and ex.generation == 10
        assert _count((await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s <http://e/p> ?o }")))[0]) == 15

    _run(executor, body)


def test_a_write_whose_snapshot_fails_is_acknowledged_and_read_back(tmp_path: Path) -> None:
    """The writer dies after committing and before its snapshot: the write (committed) is acknowledged, the
    writer is restarted, and the next read takes the snapshot it needs and sees the write."""
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=20, workers=1)

    async def body(ex: QueryExecutor) -> None:
        await _pool_ready(ex)
        gate = _hold_snapshots(ex)
        write = asyncio.ensure_future(ex.update("INSERT DATA { <http://e/f> <http://e/p> 1 }", None))
        while ex._committed < 1:  # noqa: SLF001
            await asyncio.sleep(0.01)
        writer = ex._writer  # noqa: SLF001
        assert writer is not None
        os.kill(writer.popen.pid, signal.SIGKILL)
        await asyncio.to_thread(writer.popen.wait, 10)
        gate.set()
        await write
        del ex._take_snapshot  # the class's own again  # noqa: SLF001
        assert ex.stats.unpublished == 1
        seen, _ = await ex.query_async(_req("ASK { <http://e/f> <http://e/p> 1 }"))
        assert b"true" in seen and ex.stats.restarts == 1

    _run(executor, body)


def test_a_delete_of_a_missing_graph_holds_no_read_up(tmp_path: Path) -> None:
    """A Graph Store DELETE of a graph that is not there (404) counts as a write; the reads after it once waited
    for a snapshot of it until their deadline, since the writer did not count it."""
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=5, workers=1)

    async def body(ex: QueryExecutor) -> None:
        assert await ex.graph_write("DELETE", "http://e/missing", [], "http://e/") == 404
        assert b"true" in (await ex.query_async(_req("ASK { ?s ?p ?o }")))[0]

    _run(executor, body)


def test_a_write_is_not_held_up_when_a_newer_snapshot_is_published_first(tmp_path: Path) -> None:
    """A write waits for its snapshot to be open in a worker; when a later write's snapshot is published before
    that (the worker is stopped mid-open here), the first is acknowledged too — it once waited until its
    deadline, and 5 s of a client's patience, for a snapshot no worker would open any more."""
    executor = QueryExecutor(_store(tmp_path, 5), timeout_s=20, update_timeout_s=10, workers=1)

    async def body(ex: QueryExecutor) -> None:
        await _pool_ready(ex)
        (proc,) = list(ex._workers)  # noqa: SLF001
        _stop(proc.popen.pid)
        try:
            first = asyncio.ensure_future(ex.update("INSERT DATA { <http://e/n1> <http://e/p> 1 }", None))
            while ex._snap_gen < 1:  # noqa: SLF001 - its snapshot is published, the stopped worker is opening it
                await asyncio.sleep(0.01)
            await ex.update("INSERT DATA { <http://e/n2> <http://e/p> 2 }", None)  # no idle worker: acknowledged
            await first
            assert ex.stats.unpublished == 0, "the first write waited for its deadline"
        finally:
            os.kill(proc.popen.pid, signal.SIGCONT)
        assert _count((await ex.query_async(_req("SELECT (COUNT(*) AS ?n) { ?s <http://e/p> ?o }")))[0]) == 7

    _run(executor, body)
