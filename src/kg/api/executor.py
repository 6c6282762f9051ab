"""Query execution with a time limit that can really stop a query, and a result-size limit.

pyoxigraph cannot cancel a running query, so queries on an on-disk store run in a small pool of worker
processes. A query that passes its deadline is stopped by killing its worker (SIGKILL); a fresh worker
replaces it in the background and the server keeps answering.

Workers never open the live store directory: RocksDB compacts in the background after writes and deletes
files a read-only handle still needs (seen in the W3C tests: "Corruption: No such file ... .sst"). Instead,
the server (which holds the store read-write) takes a RocksDB checkpoint (``Store.backup``: hard links plus a
memtable flush, ~10-100 ms) into ``<store>.snapshots/<generation>``; workers open that immutable snapshot
read-only and switch when the generation changes. Snapshots are lazy: a write only marks the snapshot stale
(and deletes the old ones no idle worker still has open), the first query after a series of writes takes the
new one, so a bulk of small writes pays for one checkpoint. Writes (SPARQL Update, Graph Store writes) run in
the server process behind a readers/writer gate: a write waits for running queries and blocks new ones.

Bounded lookups (``kg.api.lookup``: one triple pattern with an IRI subject, or ``DESCRIBE <iri>``) skip the
workers: their cost is one index scan of one subject, so they run in the server process on its own store handle
(under the read gate), up to ``INLINE_ROWS`` rows; a lookup that returns more is re-run by a worker with the
full limits. This saves the pipe round trip (~0.2-0.3 ms) on the commonest request of linked-data clients.

An in-memory store (``memory:``, tests) cannot be shared with another process: its queries run in the
calling thread; the deadline is then only checked after the query ends (documented limitation).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing as mp
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool

from kg import errors
from kg.api.lookup import Lookup, lookup_shape
from kg.errors import KgError, QueryLimitError, QueryTimeoutError, StoreError
from kg.store.results import NATIVE_SELECT_TYPES, QueryRequest, run_query, run_select_native

#: Most rows a bounded lookup may return in the server process before it is handed to a worker instead.
INLINE_ROWS = 10_000


def _worker_main(conn: Connection) -> None:
    """Worker loop: (generation, QueryRequest) in, ("ok", body, media type) or ("err", class, message) out."""
    store: ox.Store | None = None
    generation = -1
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        gen, snapshot, req = msg
        try:
            if store is None or gen != generation:
                store = None
                store = ox.Store.read_only(snapshot)
                generation = gen
            body, media_type = run_query(store, req)
            conn.send(("ok", body, media_type))
        except KgError as exc:
            conn.send(("err", type(exc).__name__, exc.message))
        except Exception as exc:  # noqa: BLE001 - reported to the client as one JSON error, never a traceback
            conn.send(("err", "StoreError", f"query failed: {type(exc).__name__}: {exc}"))


class _WorkerDied(Exception):
    """A worker process ended while answering (internal: the query is retried once)."""


class _Worker:
    def __init__(self, ctx: Any) -> None:
        self.generation = -1  # the snapshot generation this worker has open (-1: none yet)
        self.conn, child = ctx.Pipe()
        self.proc: BaseProcess = ctx.Process(target=_worker_main, args=(child,), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.join(timeout=5)
        with contextlib.suppress(Exception):
            self.conn.close()


class _Gate:
    """Readers/writer gate: many queries at once, or one write alone."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextlib.contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    def try_read(self) -> bool:
        """Enter as a reader without waiting (for the event loop); False if a write holds the gate."""
        if not self._cond.acquire(blocking=False):
            return False
        try:
            if self._writing:
                return False
            self._readers += 1
            return True
        finally:
            self._cond.release()

    def release_read(self) -> None:
        with self._cond:
            self._readers -= 1
            self._cond.notify_all()

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._writing = True
            while self._readers:
                self._cond.wait()
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class QueryExecutor:
    """Runs queries with a deadline and a row limit; runs writes on the server's own store handle."""

    def __init__(
        self,
        store: ox.Store,
        path: Path | None,
        *,
        timeout_s: float,
        workers: int = 2,
        inline_lookups: bool = True,
    ) -> None:
        self.store = store
        self.inline_lookups = inline_lookups
        self.inlined = 0
        self.path = path
        self.timeout_s = timeout_s
        self.generation = 0
        self._gate = _Gate()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._ctx = mp.get_context("spawn")
        self.killed = 0
        self.snapshots: Path | None = None
        self._snapshot: str = ""
        self._snapshot_gen = -1
        self._snap_lock = threading.Lock()
        if path is not None:
            self.snapshots = path.parent / f".{path.name}.snapshots"
            shutil.rmtree(self.snapshots, ignore_errors=True)
            self.snapshots.mkdir(parents=True)
            self._take_snapshot()
            for _ in range(max(1, workers)):
                self._spawn()

    def _take_snapshot(self) -> None:
        """Checkpoint the store for the workers at the current generation (callers hold the read gate)."""
        assert self.snapshots is not None
        with self._snap_lock:
            if self._snapshot_gen == self.generation:
                return
            target = self.snapshots / str(self.generation)
            shutil.rmtree(target, ignore_errors=True)
            try:
                self.store.backup(str(target))
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot snapshot the store for the query workers: {exc}") from None
            self._snapshot = str(target)
            self._snapshot_gen = self.generation

    def _drop_snapshots(self) -> None:
        """Delete the snapshots no worker has open (under the write gate: no query is running).

        An idle worker keeps the store of its last query open until its next query names a newer generation;
        RocksDB may still open files of that directory lazily, so it is removed only once no live worker holds
        it (a later write or snapshot removes it).
        """
        assert self.snapshots is not None
        with self._lock:
            held = {str(w.generation) for w in self._all if w.proc.is_alive()}
        for old in self.snapshots.iterdir():
            if old.name not in held:
                shutil.rmtree(old, ignore_errors=True)
        self._snapshot_gen = -1

    @property
    def isolated(self) -> bool:
        """True when queries run in killable worker processes."""
        return self.path is not None

    def _spawn(self) -> None:
        worker = _Worker(self._ctx)
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()
        self.killed += 1
        if not self._closed:
            threading.Thread(target=self._spawn, name="kg-query-worker-spawn", daemon=True).start()

    def query(self, req: QueryRequest, timeout_s: float | None = None) -> tuple[bytes, str]:
        """Run one query; (body, media type). QueryTimeoutError at the deadline, the worker is killed.

        A query is read-only, so when its worker dies (a crashed process, not a timeout) it is sent once more
        to a fresh worker before the client is told.
        """
        if (shape := self._lookup(req)) is not None:
            with self._gate.read():
                answer = self._inline(req, shape)
            if answer is not None:
                return answer
        try:
            return self._query_once(req, timeout_s)
        except _WorkerDied:
            try:
                return self._query_once(req, timeout_s)
            except _WorkerDied:
                raise StoreError("the query worker died; the query was not answered") from None

    def _query_once(self, req: QueryRequest, timeout_s: float | None = None) -> tuple[bytes, str]:
        limit = self.timeout_s if timeout_s is None else timeout_s
        deadline = time.monotonic() + limit
        with self._gate.read():
            if self.path is None:
                body = run_query(self.store, req)
                if time.monotonic() > deadline:
                    raise QueryTimeoutError(f"the query ran longer than the {limit:g} s limit")
                return body
            if self._snapshot_gen != self.generation:
                self._take_snapshot()
            worker: _Worker | None
            while True:
                try:
                    worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    raise QueryTimeoutError(
                        f"no query worker became free within the {limit:g} s limit (server busy)"
                    ) from None
                if worker.proc.is_alive():
                    break
                self._retire(worker)  # died while idle: a replacement is being spawned
            try:
                worker.generation = self._snapshot_gen
                worker.conn.send((self._snapshot_gen, self._snapshot, req))
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    self._retire(worker)
                    worker = None
                    raise QueryTimeoutError(f"the query ran longer than the {limit:g} s limit and was stopped")
                status, a, b = worker.conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                if worker is not None:
                    self._retire(worker)
                    worker = None
                raise _WorkerDied from None
            finally:
                if worker is not None:
                    self._idle.put(worker)
        if status == "ok":
            return a, b
        cls = getattr(errors, a, StoreError)
        raise cls(b)

    async def query_async(self, req: QueryRequest) -> tuple[bytes, str]:
        """Like :meth:`query`, from the event loop without a thread hop when a worker is free.

        Never blocks the loop: if a write holds the gate, the snapshot is stale or no worker is idle, the
        blocking :meth:`query` runs in the thread pool instead.
        """
        if (shape := self._lookup(req)) is not None and self._gate.try_read():
            try:
                answer = self._inline(req, shape)
            finally:
                self._gate.release_read()
            if answer is not None:
                return answer
        if self.path is None or self._snapshot_gen != self.generation or not self._gate.try_read():
            return await run_in_threadpool(self.query, req)
        try:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                worker = None
            if worker is not None and not worker.proc.is_alive():
                dead, worker = worker, None
                threading.Thread(target=self._retire, args=(dead,), daemon=True).start()
            if worker is None or self._snapshot_gen != self.generation:
                if worker is not None:
                    self._idle.put(worker)
                return await run_in_threadpool(self.query, req)
            loop = asyncio.get_running_loop()
            ready: asyncio.Future[None] = loop.create_future()
            fd = worker.conn.fileno()

            def _on_ready() -> None:
                if not ready.done():
                    ready.set_result(None)

            try:
                worker.generation = self._snapshot_gen
                worker.conn.send((self._snapshot_gen, self._snapshot, req))
                loop.add_reader(fd, _on_ready)
                try:
                    await asyncio.wait_for(ready, self.timeout_s)
                finally:
                    loop.remove_reader(fd)
                    # uvloop's add_reader leaves the descriptor non-blocking: a later blocking recv (here, for
                    # the rest of a large answer, or in query() on a thread) would fail with EAGAIN and the
                    # live worker would be taken for dead
                    os.set_blocking(fd, True)
                status, a, b = worker.conn.recv()
            except (TimeoutError, asyncio.CancelledError) as exc:
                dead, worker = worker, None
                threading.Thread(target=self._retire, args=(dead,), daemon=True).start()
                if isinstance(exc, asyncio.CancelledError):
                    raise
                raise QueryTimeoutError(
                    f"the query ran longer than the {self.timeout_s:g} s limit and was stopped"
                ) from None
            except (EOFError, OSError):
                dead, worker = worker, None
                threading.Thread(target=self._retire, args=(dead,), daemon=True).start()
                status = None  # the worker died: answered below by a fresh worker
            finally:
                if worker is not None:
                    self._idle.put(worker)
        finally:
            self._gate.release_read()
        if status is None:
            return await run_in_threadpool(self.query, req)
        if status == "ok":
            return a, b
        cls = getattr(errors, a, StoreError)
        raise cls(b)

    def _lookup(self, req: QueryRequest) -> Lookup | None:
        """The lookup's shape if this query is answered in-process (see :meth:`_inline`), else None."""
        if not self.inline_lookups or self.path is None:
            return None
        return lookup_shape(req.sparql)

    def _inline(self, req: QueryRequest, shape: Lookup) -> tuple[bytes, str] | None:
        """Answer a bounded lookup on the server's store (caller holds the read gate); None if it has more
        than ``INLINE_ROWS`` rows while the request allows more (a worker then answers it).

        A SELECT asked for in JSON or CSV is serialized by pyoxigraph itself, with ``LIMIT INLINE_ROWS + 1``
        added when the query has no LIMIT (the answer is the same whenever it fits); other forms and types,
        and answers too large for that path to prove their row count, go through ``run_query``.
        """
        max_rows = min(req.limit, INLINE_ROWS)
        if (
            shape.form == "SELECT"
            and req.result_type in NATIVE_SELECT_TYPES
            and (shape.limit is None or shape.limit <= max_rows)
        ):
            sparql = req.sparql if shape.limit is not None else f"{req.sparql}\nLIMIT {max_rows + 1}"
            answer = run_select_native(self.store, req, sparql, max_rows)
            if answer is not None:
                self.inlined += 1
                return answer
        small = req if req.limit <= INLINE_ROWS else replace(req, limit=INLINE_ROWS)
        try:
            answer = run_query(self.store, small)
        except QueryLimitError:
            if small is req:
                raise
            return None
        self.inlined += 1
        return answer

    def write(self, fn: Callable[[ox.Store], Any]) -> Any:
        """Run a write on the read-write store alone, then bump the generation so workers reopen."""
        with self._gate.write():
            try:
                return fn(self.store)
            finally:
                self.generation += 1
                if self.snapshots is not None:
                    self._drop_snapshots()

    def read(self, fn: Callable[[ox.Store], Any]) -> Any:
        """Run a short, bounded read (GSP GET, page lookups) in the calling thread under the read gate."""
        with self._gate.read():
            return fn(self.store)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
            worker.kill()
        if self.snapshots is not None:
            shutil.rmtree(self.snapshots, ignore_errors=True)


def default_workers() -> int:
    """Query worker processes: one per core, at least two (so one runaway query does not block the rest)."""
    return max(2, os.cpu_count() or 2)
