"""Every query and write runs in a killable, sandboxed process; the event loop only waits, with a deadline.

Processes (``kg.api.worker``), all started by this module, all dying with the server (``PR_SET_PDEATHSIG``):

* **query workers** (``KG_QUERY_WORKERS``): each opens a read-only *snapshot* of the store and answers one
  request at a time. A request that passes its deadline is stopped by killing its worker; a fresh one replaces
  it in the background.
* **the writer**: the only process that opens the store read-write (it holds the RocksDB lock). It runs updates
  and Graph Store writes one at a time, each under ``KG_UPDATE_TIMEOUT_S`` (killed at the deadline: RocksDB's
  write-ahead log keeps the store whole; the uncommitted write is lost, and the writer is restarted), and takes
  snapshots (``Store.backup``, a checkpoint of committed data made of hard links) in a second thread.

**Writes are published before they are acknowledged**, so that no reader pays for a snapshot: once the writer
has committed a write, the next write may run, and this one waits for a snapshot that holds it (a checkpoint
also flushes RocksDB's memtable: tens to a couple of hundred ms on a large store). Writes that commit while a
snapshot is being taken share the next one (group commit). A new snapshot is opened at once by every idle query
worker (a busy one switches after its request), and the write is acknowledged when the first of them has it
open: a read that follows the acknowledgement finds a worker ready. If no snapshot can be taken (the writer
died), the write is acknowledged anyway — it is committed — and the next read takes the snapshot it needs.

**Why nothing can deadlock**: the server holds no lock that a worker or the writer waits for. The event loop
owns all the bookkeeping (one thread, no locks); each request waits, under its own deadline, for at most one
thing at a time — a snapshot, then an idle worker, then that worker's answer — and writes wait only for the
write before them to commit, then for their snapshot. Readers never wait for writers: a query needs a snapshot
that holds every write acknowledged before it arrived, which is published before the acknowledgement (only after
a failure does a read wait for one), and snapshots are taken beside running writes, not between them. A write
acknowledged to a client is in every snapshot published after it, so a client reads its own writes.

Worker I/O is asyncio streams over a socket pair (length-prefixed pickles), which behave alike on uvloop and
on asyncio's own loop; no file descriptor of a worker is ever read outside its stream.

Every process that runs SPARQL text is sandboxed (``kg.api.sandbox``): its ``connect()`` calls reach only
allow-listed hosts, and only while it runs a query whose parsed SERVICE targets are all on the allow-list, or
an update. The engine parses every text (a syntax error is a 400 before anything runs); a query first runs with
no network, and only when the engine tried to connect does kg's parser (``kg.sparql_parse``, rdflib: ~5 ms a
line, too slow for every request) read it to decide whether it may run again with the network. Updates are not
parsed by kg (rdflib needs ~0.8 s for an article's ``INSERT DATA``): the kernel keeps their LOAD and SERVICE to
the allow-listed hosts. The exception is a short update that names LOAD: it is parsed so that its documents
are fetched before the write is queued (a stalled host then holds up no other write). Without a working sandbox, every query and update is parsed and checked first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import errors
from kg.api.janitor import STOPPED
from kg.api.sandbox import Allowlist, Guard, Supervisor, receive_listener
from kg.api.security import check_targets
from kg.errors import QueryResourceError, QueryTimeoutError, StoreError
from kg.sparql_parse import QueryPlan
from kg.store.results import QueryRequest

log = logging.getLogger("kg.api.executor")

_HEADER = struct.Struct(">Q")
#: Seconds a new process may take to start (Python, pyoxigraph, rdflib's grammar) before it counts as failed.
START_TIMEOUT_S = 60.0
#: Tries of a read whose worker was killed from outside (SIGKILL) while it answered.
ATTEMPTS = 3
#: Updates up to this size that name LOAD are parsed, so that their documents are fetched before the write
#: (rdflib reads ~13 µs a character: 32 KB is ~0.4 s; a longer one runs its LOAD inside the write).
LOAD_PLAN_CHARS = 32_768
_LOAD_WORD = re.compile(r"(?i)load")
#: Query plans cached by (text, base IRI); texts longer than this are not cached.
PLAN_CACHE_ENTRIES, PLAN_CACHE_CHARS = 4096, 65_536


def default_workers() -> int:
    """Query worker processes: one per core, at least two (so one runaway query does not block the rest)."""
    return max(2, os.cpu_count() or 2)


class _Died(Exception):
    """A process ended while answering."""


class _Channel(asyncio.Protocol):
    """One worker socket as an asyncio protocol: frames in, one answer out per request (loop-agnostic)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self._buffer = bytearray()
        self._waiter: asyncio.Future[Any] | None = None
        self._closed: BaseException | None = None
        #: called when the process end is seen while no request is in flight (an idle worker died)
        self.on_idle_loss: Callable[[], None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) < _HEADER.size:
            return
        (size,) = _HEADER.unpack_from(self._buffer)
        if len(self._buffer) < _HEADER.size + size:
            return
        frame = bytes(self._buffer[_HEADER.size:_HEADER.size + size])
        del self._buffer[:_HEADER.size + size]
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_result(frame)

    @property
    def alive(self) -> bool:
        return self._closed is None

    def connection_lost(self, exc: Exception | None) -> None:
        self._closed = exc or ConnectionError("the process closed its socket")
        waiter, self._waiter = self._waiter, None
        if waiter is not None and not waiter.done():
            waiter.set_exception(_Died())
        elif waiter is None and self.on_idle_loss is not None:
            self.on_idle_loss()

    async def call(self, message: Any) -> Any:
        if self._closed is not None or self.transport is None:
            raise _Died
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(_HEADER.pack(len(data)) + data)
        return pickle.loads(await self._waiter)


@dataclass(eq=False)
class _Proc:
    """One worker process: its socket, its stream once attached, its sandbox guard."""

    role: str
    popen: subprocess.Popen[bytes]
    sock: socket.socket
    snap_sock: socket.socket | None = None
    guard: Guard | None = None
    sandboxed: bool = False
    channel: _Channel | None = None
    snap_channel: _Channel | None = None
    snapshot: str | None = None  # the snapshot this query worker has (or is about to have) open
    opened: str | None = None  # the snapshot it has said it has open
    ready: bool = False

    async def call(self, message: Any, snap: bool = False) -> Any:
        channel = self.snap_channel if snap else self.channel
        assert channel is not None
        return await channel.call(message)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.popen.kill()
        for channel in (self.channel, self.snap_channel):
            if channel is not None and channel.transport is not None:
                with contextlib.suppress(Exception):
                    channel.transport.close()
        for s in (self.sock, self.snap_sock):
            if s is not None:
                with contextlib.suppress(OSError):
                    s.close()


@dataclass
class _Stats:
    killed: int = 0  # workers killed at a deadline or found dead
    restarts: int = 0  # writer restarts
    snapshots: int = 0
    read_waits: int = 0  # reads that had to wait for a snapshot (only after a failure to publish one)
    read_opens: int = 0  # reads whose worker had to open their snapshot first
    unpublished: int = 0  # writes acknowledged without a snapshot (it could not be taken in time)
    plans_parsed: int = 0
    last_progress: float = field(default_factory=time.monotonic)


class QueryExecutor:
    """Runs queries, updates and Graph Store requests in worker processes, with deadlines (see module doc)."""

    def __init__(
        self,
        path: Path,
        *,
        timeout_s: float,
        update_timeout_s: float | None = None,
        workers: int = 2,
        memory_mb: int = 0,
        allowlist: Sequence[str] = (),
        seed: ox.Store | None = None,
        load_max_bytes: int = 256 * 1024 * 1024,
    ) -> None:
        self.timeout_s = timeout_s
        self.update_timeout_s = update_timeout_s or timeout_s
        self.allowlist = list(allowlist)
        self.memory_mb = memory_mb
        self.load_max_bytes = load_max_bytes
        self.n_workers = max(1, workers)
        self.stats = _Stats()
        self._temp: Path | None = None
        if seed is not None:  # serve a copy of an in-memory (or caller-held) store
            self._temp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
            path = self._temp / "store"
            copy = ox.Store(str(path))
            copy.bulk_extend(seed.quads_for_pattern(None, None, None, None))
            copy.flush()
            del copy
        self.path = Path(path).resolve()
        # Snapshots live beside the store (hard links need the same file system), one directory per server: a
        # janitor process removes it if this server dies without doing so (kg.api.janitor).
        root = self.path.parent / f".{self.path.name}.snapshots"
        self.snapshots = root / str(os.getpid())
        self._janitor: subprocess.Popen[bytes] | None = None
        _kill_orphans(self.path)
        self._supervisor = Supervisor(Allowlist(self.allowlist))
        self._committed = 0  # generation of the last write the writer committed
        self._acked = 0  # generation of the last acknowledged write (published in a snapshot)
        self._snap_gen, self._snap_path = -1, ""
        self._snap_seq = 0
        self._snap_task: asyncio.Future[None] | None = None
        self._snap_open: asyncio.Event | None = None  # set once a worker has the newest snapshot open
        self._known_snapshots: set[str] = set()
        self._workers: set[_Proc] = set()
        self._idle: asyncio.Queue[_Proc] | None = None
        self._waiting = 0
        self._write_lock: asyncio.Lock | None = None
        self._writing_since: float | None = None
        self._writer_up: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._plans: OrderedDict[tuple[str, str | None], QueryPlan] = OrderedDict()
        self._closed = False
        self._tasks: set[asyncio.Future[Any]] = set()
        self._writer: _Proc | None = None
        writer = self._popen("writer")
        try:
            self._handshake(writer)  # store errors (locked by another process…) surface here, in create_app
        except BaseException:
            writer.kill()
            self._supervisor.close()
            raise
        self._writer = writer
        # Only now, holding the store's lock, is it sure that no live server uses these snapshots.
        shutil.rmtree(root, ignore_errors=True)
        self.snapshots.mkdir(parents=True)
        self._janitor = _start_janitor(self.snapshots)
        self._pending = [self._popen("query") for _ in range(self.n_workers)]

    # -- processes ---------------------------------------------------------------------------------------------

    def _popen(self, role: str) -> _Proc:
        parent, child = socket.socketpair()
        fds = [child.fileno()]
        args = [sys.executable, "-m", "kg.api.worker", "--role", role, "--fd", str(child.fileno()),
                "--store", str(self.path), "--parent", str(os.getpid()), "--memory-mb", str(self.memory_mb)]
        snap_parent = snap_child = None
        if role == "writer":
            snap_parent, snap_child = socket.socketpair()
            fds.append(snap_child.fileno())
            args += ["--snap-fd", str(snap_child.fileno())]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            popen = subprocess.Popen(args, pass_fds=fds, env=env, stdin=subprocess.DEVNULL, close_fds=True)
        finally:
            child.close()
            if snap_child is not None:
                snap_child.close()
        return _Proc(role, popen, parent, snap_parent)

    def _handshake(self, proc: _Proc) -> None:
        """Blocking: the sandbox listener, then the ``ready`` frame (or the error that stopped the process)."""
        proc.sock.settimeout(START_TIMEOUT_S)
        try:
            fd = receive_listener(proc.sock)
            if fd is not None:
                proc.guard = self._supervisor.watch(proc.popen.pid, fd)
                proc.sandboxed = True
            else:
                log.warning("the network sandbox is not available here: %s runs unconfined", proc.role)
            (size,) = _HEADER.unpack(_recv_exact(proc.sock, _HEADER.size))
            hello = pickle.loads(_recv_exact(proc.sock, size))
        except (OSError, EOFError) as exc:
            raise StoreError(f"the {proc.role} process did not start: {exc or type(exc).__name__}") from None
        finally:
            proc.sock.settimeout(None)
        if hello[0] == "error":
            raise getattr(errors, hello[1], StoreError)(hello[2])

    async def _attach(self, proc: _Proc) -> None:
        loop = asyncio.get_running_loop()
        _, proc.channel = await loop.create_connection(_Channel, sock=proc.sock)
        if proc.snap_sock is not None:
            _, proc.snap_channel = await loop.create_connection(_Channel, sock=proc.snap_sock)
        proc.ready = True

    async def start(self) -> None:
        """Attach to the running loop (the server's): the writer, the first snapshot, the query workers."""
        if self._loop is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._idle = asyncio.Queue()
        self._write_lock = asyncio.Lock()
        self._writer_up = asyncio.Event()
        assert self._writer is not None
        await self._attach(self._writer)
        self._writer_up.set()
        await self._snapshot_for(0, self._loop.time() + START_TIMEOUT_S)
        pending, self._pending = self._pending, []
        await asyncio.gather(*(self._bring_up(p) for p in pending))

    async def _bring_up(self, proc: _Proc) -> None:
        try:
            await asyncio.to_thread(self._handshake, proc)
            await self._attach(proc)
        except (KgErrorTuple) as exc:
            log.error("a query worker did not start: %s", exc)
            proc.kill()
            self._later(self._replace_after(2.0))
            return
        if self._closed:
            proc.kill()
            return
        self._workers.add(proc)
        assert self._idle is not None and proc.channel is not None
        proc.channel.on_idle_loss = lambda: self._retire(proc) if proc in self._workers else None
        self._release(proc)  # it opens the newest snapshot first

    async def _replace_after(self, delay: float) -> None:
        await asyncio.sleep(delay)
        if not self._closed:
            await self._bring_up(await asyncio.to_thread(self._popen, "query"))

    def _later(self, coro: Any) -> asyncio.Future[Any]:
        task: asyncio.Future[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _retire(self, proc: _Proc) -> None:
        """Kill a query worker (deadline, death, cancellation) and start its replacement (once per worker)."""
        if proc not in self._workers:
            return
        self._workers.discard(proc)
        if proc.guard is not None:
            self._supervisor.forget(proc.guard)
        proc.kill()
        self.stats.killed += 1
        self._later(asyncio.to_thread(_reap, proc.popen))
        if not self._closed:
            self._later(self._replace_after(0.0))

    async def _death(self, proc: _Proc) -> int | None:
        """The signal (or exit status) a dead process ended with."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            await asyncio.to_thread(proc.popen.wait, 2.0)
        return proc.popen.returncode

    # -- queries -----------------------------------------------------------------------------------------------

    @property
    def generation(self) -> int:
        """Bumped by every write (part of every cache key and ETag)."""
        return self._acked

    @property
    def sandboxed(self) -> bool:
        return self._writer is not None and self._writer.sandboxed

    def plan_for(self, req: QueryRequest) -> QueryPlan | None:
        """The plan of a query if it has been parsed before (or kg wrote it), else None."""
        if req.plan is not None:
            return req.plan
        key = (req.sparql, req.base_iri)
        plan = self._plans.get(key)
        if plan is not None:
            self._plans.move_to_end(key)
        return plan

    def _remember(self, req: QueryRequest, plan: QueryPlan) -> None:
        self.stats.plans_parsed += 1
        if len(req.sparql) <= PLAN_CACHE_CHARS:
            self._plans[(req.sparql, req.base_iri)] = plan
            while len(self._plans) > PLAN_CACHE_ENTRIES:
                self._plans.popitem(last=False)

    async def query_async(self, req: QueryRequest) -> tuple[bytes, str]:
        """Run one query: (body, media type). See the module doc for who decides what.

        A text kg has no plan for runs at once, parsed by the engine, with no network at all. Only if the engine
        then tried to connect somewhere (the sandbox refused it) is the text parsed by kg's parser, to see whether
        its SERVICE targets are all on the allow-list: then it runs again with the network (and the plan is kept,
        so the next run of the same text goes straight to the network); otherwise it is a 403.
        """
        deadline = self._deadline(self.timeout_s)
        plan = self.plan_for(req)
        if plan is None and not self.sandboxed:
            plan = await self.parse(req, deadline)  # no kernel to hold the line: the parser decides first
        if plan is not None:
            check_targets(plan.services, self.allowlist)
        network = bool(plan and plan.services)
        reply, refused = await self._on_worker(lambda snap: ("query", req, plan, snap), deadline,
                                               network=network, what="query")
        if refused and not network:
            plan = await self.parse(req, deadline)
            check_targets(plan.services, self.allowlist)
            if not plan.services:  # the engine wanted the network, the parser sees no SERVICE: refuse
                _raise_error(("err", "", ""), refused)
            reply, refused = await self._on_worker(lambda snap: ("query", req, plan, snap), deadline,
                                                   network=True, what="query")
        if refused:
            _raise_error(("err", "", ""), refused)  # a host off the list, whatever the parser said
        _raise_error(reply, [])
        return reply[1], reply[2]

    async def parse(self, req: QueryRequest, deadline: float | None = None) -> QueryPlan:
        """Parse a query in a worker (a 413 when even parsing it passes the time limit), and cache its plan."""
        try:
            reply, _ = await self._on_worker(lambda snap: ("parse", req.sparql, req.base_iri),
                                             deadline or self._deadline(self.timeout_s), network=False, what="parse",
                                             opens=False)
            _raise_error(reply, [])
        except QueryTimeoutError:
            from kg.api.errors import ApiError

            raise ApiError(413, f"the query is too large or complex to be parsed within the {self.timeout_s:g} s "
                                "limit", code="query_too_large") from None
        plan: QueryPlan = reply[1]
        self._remember(req, plan)
        return plan

    async def graph(self, graph: str | None, media: str, limit: int) -> bytes | None:
        """A graph of the store serialized (None when there is no such graph), up to ``limit`` triples."""
        reply, _ = await self._on_worker(lambda snap: ("graph", graph, media, limit, snap),
                                         self._deadline(self.timeout_s), network=False, what="query")
        return None if reply[0] == "missing" else _raise_error(reply, [])[1]

    def _deadline(self, seconds: float) -> float:
        assert self._loop is not None, "QueryExecutor.start() was not awaited"
        return self._loop.time() + seconds

    async def _on_worker(self, message: Callable[[str], Any], deadline: float, *, network: bool, what: str,
                         limit_s: float | None = None, opens: bool = True) -> tuple[Any, list[tuple[str, int]]]:
        """Send one request to an idle worker on a fresh-enough snapshot: (its reply, the connections the sandbox
        refused meanwhile). ``opens``: the request reads the snapshot (a parse or a fetch does not)."""
        need = self._acked
        if self._snap_gen < need:
            self.stats.read_waits += 1
        for attempt in range(1, ATTEMPTS + 1):
            await self._snapshot_for(need, deadline)
            proc = await self._acquire(deadline)
            # The newest snapshot, read again now: one picked before waiting for a worker may have been
            # replaced and deleted meanwhile (only the newest and those workers hold are kept).
            snapshot = proc.snapshot = await self._snapshot_for(need, deadline)
            if opens and proc.opened != snapshot:
                self.stats.read_opens += 1
                proc.opened = None  # until it answers (a failed open leaves it with none)
            if proc.guard is not None:
                proc.guard.network = network
                proc.guard.refused.clear()
            try:
                async with asyncio.timeout_at(deadline):
                    reply = await proc.call(message(snapshot))
            except TimeoutError:
                self._retire(proc)
                raise QueryTimeoutError(f"the {what} ran longer than the {limit_s or self.timeout_s:g} s limit and was "
                                        "stopped") from None
            except _Died:
                status = await self._death(proc)
                self._retire(proc)
                if attempt < ATTEMPTS and status == -signal.SIGKILL:
                    continue  # killed from outside (kill -9, the OOM killer): a read is safe to send again
                raise QueryResourceError(_crash_message(what, status, self.memory_mb)) from None
            except BaseException:
                self._retire(proc)  # cancelled mid-request: the worker's answer would arrive unasked
                raise
            finally:
                if proc.guard is not None:
                    proc.guard.network = False
            self.stats.last_progress = time.monotonic()
            if opens and reply[0] != "err":
                proc.opened = snapshot
            refused = list(proc.guard.refused) if proc.guard is not None else []
            self._release(proc)
            return reply, refused
        raise AssertionError("unreachable")

    async def _acquire(self, deadline: float) -> _Proc:
        assert self._idle is not None
        self._waiting += 1
        try:
            while True:
                try:
                    if self._idle.empty():
                        async with asyncio.timeout_at(deadline):
                            proc = await self._idle.get()
                    else:
                        proc = self._idle.get_nowait()  # the common case: no timer to set up
                except TimeoutError:
                    raise QueryTimeoutError(
                        f"no query worker became free within the {self.timeout_s:g} s limit (server busy)"
                    ) from None
                if proc.popen.returncode is None and proc.channel is not None and proc.channel.alive:
                    return proc
                self._retire(proc)  # died while idle
        finally:
            self._waiting -= 1

    def _release(self, proc: _Proc) -> bool:
        """An idle worker back in the pool; one with an older snapshot than the newest opens that one first (then
        True)."""
        if proc in self._workers and not self._closed:
            assert self._idle is not None
            if self._snap_path and proc.opened != self._snap_path:
                self._later(self._switch(proc))
                return True
            self._idle.put_nowait(proc)
        return False

    async def _switch(self, proc: _Proc) -> None:
        """Have an idle worker open the newest snapshot before a request needs it, then pool it again."""
        path = proc.snapshot = self._snap_path
        proc.opened = None  # the worker closes the one it has first
        try:
            async with asyncio.timeout(self.timeout_s):
                reply = await proc.call(("open", path))
        except (TimeoutError, _Died):
            reply = None
            self._retire(proc)
        except BaseException:
            self._retire(proc)  # cancelled (the server stops): its answer would arrive unasked
            raise
        finally:
            # a write waiting for this snapshot to be open somewhere waits no longer (if this open failed, the
            # next read opens it itself)
            if path == self._snap_path and self._snap_open is not None:
                self._snap_open.set()
        if reply is None:
            return
        if reply[0] != "ok":  # the next request names its snapshot again, and the worker tries once more
            log.warning("a query worker could not open a snapshot: %s", reply[-1])
            assert self._idle is not None
            self._idle.put_nowait(proc)  # not _release, which would try again at once
        else:
            proc.opened = path
            self._release(proc)
        self._later(asyncio.to_thread(_remove, self._unheld()))

    # -- snapshots ---------------------------------------------------------------------------------------------

    async def _snapshot_for(self, need: int, deadline: float) -> str:
        """A snapshot holding every write up to generation ``need`` (taking one if the newest is older)."""
        while self._snap_gen < need:
            task = self._snap_task
            if task is None or task.done():
                task = self._snap_task = asyncio.ensure_future(self._take_snapshot())
            try:
                async with asyncio.timeout_at(deadline):
                    await asyncio.shield(task)
            except TimeoutError:
                raise QueryTimeoutError(f"no snapshot of the store could be taken within the {self.timeout_s:g} s "
                                        "limit") from None
        return self._snap_path

    async def _take_snapshot(self) -> None:
        assert self._writer_up is not None
        await self._writer_up.wait()
        writer = self._writer
        assert writer is not None
        self._snap_seq += 1
        path = str(self.snapshots / str(self._snap_seq))
        try:
            reply = await writer.call(("snapshot", path), snap=True)
        except _Died:
            self._later(self._revive(writer))
            raise StoreError("the writer process died while taking a snapshot") from None
        if reply[0] != "ok":
            _raise_error(reply, [])
        self.stats.snapshots += 1
        self._known_snapshots.add(path)
        if reply[1] >= self._snap_gen:
            self._snap_gen, self._snap_path = reply[1], path
            self._open_everywhere()
        self._later(asyncio.to_thread(_remove, self._unheld()))

    def _open_everywhere(self) -> None:
        """Every idle worker opens the snapshot just published (busy ones will after their request)."""
        assert self._idle is not None
        if self._snap_open is not None:
            # writes waiting for the previous snapshot to be open are in this one too: they wait no longer (its
            # workers may still be opening it, and will open this one next)
            self._snap_open.set()
        self._snap_open = asyncio.Event()
        idle = []
        while not self._idle.empty():
            idle.append(self._idle.get_nowait())
        opening = [self._release(proc) for proc in idle]  # (one that died idle is dropped here)
        if not any(opening):
            self._snap_open.set()  # nobody to wait for: a write is not held up by a long query

    async def _publish(self, gen: int, deadline: float) -> None:
        """Wait until write ``gen`` is in a published snapshot that a worker has open (see module doc)."""
        try:
            await self._snapshot_for(gen, deadline)
            opened = self._snap_open
            if opened is not None:
                async with asyncio.timeout_at(deadline):
                    await opened.wait()
        except (QueryTimeoutError, StoreError, TimeoutError) as exc:
            self.stats.unpublished += 1
            log.warning("a write is acknowledged before it is in a snapshot (%s): the next read takes one", exc)
        self._acked = max(self._acked, gen)
        self.stats.last_progress = time.monotonic()

    def _unheld(self) -> list[str]:
        held = {p.snapshot for p in self._workers} | {self._snap_path}
        old = [s for s in self._known_snapshots if s not in held]
        self._known_snapshots -= set(old)
        return old

    # -- writes ------------------------------------------------------------------------------------------------

    async def update(self, text: str, base: str | None, using: Sequence[str] = (), using_named: Sequence[str] = (),
                     ) -> None:
        """Run a SPARQL update in the writer (see module doc for how LOAD and SERVICE are kept in)."""
        if len(text) <= LOAD_PLAN_CHARS and _LOAD_WORD.search(text):
            text = await self._loads_as_data(text, base)
        if using or using_named or not self.sandboxed:
            reply, _ = await self._on_worker(
                lambda snap: ("parse_update", text, base, list(using), list(using_named)),
                self._deadline(self.timeout_s), network=False, what="update", opens=False)
            _raise_error(reply, [])
            if reply[0] == "conflict":
                from kg.api.errors import ApiError

                raise ApiError(400, "using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH")
            check_targets(reply[1].targets, self.allowlist)
            text = reply[2]
        await self._write(lambda gen: ("update", text, base, gen), network=True)

    async def _loads_as_data(self, text: str, base: str | None) -> str:
        """The update with each LOAD replaced by ``INSERT DATA`` of the document it names, fetched first by a
        query worker (allow-listed hosts only, under the update's time limit) *before* the write is queued: a
        slow or stalled host holds no other write up. An update whose LOADs the parser cannot place in the text
        (or cannot read at all) is returned unchanged: the writer then runs it as the engine reads it, LOAD
        included, under the same allow-list and time limit."""
        from kg.errors import QuerySyntaxError, ServiceError

        deadline = self._deadline(self.update_timeout_s)
        try:
            reply, _ = await self._on_worker(lambda snap: ("load_plan", text, base), deadline, network=False,
                                             what="update", limit_s=self.update_timeout_s, opens=False)
            _raise_error(reply, [])
        except QuerySyntaxError:
            return text
        loads = reply[1]
        if not loads or any(op.span is None for op in loads):
            return text
        check_targets([op.source for op in loads], self.allowlist)  # a 403 before anything is fetched
        assert self._loop is not None
        out, end = [], len(text)
        for op in reversed(loads):
            # the fetch gives up just before its worker would be killed
            fetch = ("fetch", op.source, self.load_max_bytes, deadline - self._loop.time() - 0.5)
            reply, refused = await self._on_worker(_constant(fetch), deadline, network=True, what="LOAD",
                                                   limit_s=self.update_timeout_s, opens=False)
            if refused:  # the sandbox refused a connection (a redirect off the list…): 403
                _raise_error(("err", "", ""), refused)
            _raise_error(reply, [])
            if reply[0] == "failed" and not op.silent:
                raise ServiceError(f"LOAD <{op.source}> failed: {reply[1]}")
            data = reply[1] if reply[0] == "ok" else ""
            start, stop = op.span
            out += [text[stop:end], f" INSERT DATA {{ {f'GRAPH <{op.into}> {{ {data} }}' if op.into else data} }} "]
            end = start
        out.append(text[:end])
        return "".join(reversed(out))

    async def graph_write(self, method: str, graph: str | None, documents: list[tuple[bytes, str]], base: str) -> int:
        """A Graph Store write (PUT/POST/DELETE of ``graph``; None: the default graph; "": POST of a dataset)
        of RDF documents (body, media type); its HTTP status."""
        reply = await self._write(lambda gen: ("gsp", method, graph, documents, base, gen), network=False)
        return int(reply[1])

    async def _write(self, message: Callable[[int], Any], *, network: bool) -> Any:
        assert self._write_lock is not None and self._loop is not None and self._writer_up is not None
        deadline = self._loop.time() + self.update_timeout_s
        try:
            async with asyncio.timeout_at(deadline):
                await self._write_lock.acquire()
        except TimeoutError:
            raise QueryTimeoutError(f"an earlier write held the store for the whole {self.update_timeout_s:g} s "
                                    "limit") from None
        try:
            try:
                async with asyncio.timeout_at(deadline):
                    await self._writer_up.wait()
            except TimeoutError:
                raise StoreError("the writer process is not running") from None
            writer = self._writer
            assert writer is not None
            gen = self._committed + 1
            if writer.guard is not None:
                writer.guard.network = network
                writer.guard.refused.clear()
            self._writing_since = time.monotonic()
            try:
                async with asyncio.timeout_at(deadline):
                    reply = await writer.call(message(gen))
            except TimeoutError:
                await self._restart_writer(gen)
                raise QueryTimeoutError(f"the update ran longer than the {self.update_timeout_s:g} s limit and was "
                                        "stopped; it was not applied") from None
            except _Died:
                status = await self._death(writer)
                await self._restart_writer(gen)
                raise QueryResourceError(_crash_message("update", status, self.memory_mb)) from None
            except BaseException:
                await self._restart_writer(gen)
                raise
            finally:
                self._writing_since = None
                if writer.guard is not None:
                    writer.guard.network = False
            refused = list(writer.guard.refused) if writer.guard is not None else []
            if reply[0] == "ok":
                self._committed = gen
        finally:
            self._write_lock.release()  # the next write may run while this one is published
        if reply[0] == "ok":  # published even if the client goes away meanwhile: the write is committed
            await asyncio.shield(self._later(self._publish(gen, deadline)))
        return _raise_error(reply, refused)

    async def _revive(self, dead: _Proc) -> None:
        """Restart a writer found dead by a snapshot (a write finds its own), after the write running now."""
        assert self._write_lock is not None
        async with self._write_lock:
            if self._writer is dead and not self._closed:
                await self._restart_writer(self._committed)

    async def _restart_writer(self, gen: int) -> None:
        """Kill the writer and start another on the same store; every later write waits for it."""
        assert self._writer_up is not None
        self._writer_up.clear()
        old = self._writer
        self._committed = max(self._committed, gen)  # it may have committed just before it was stopped
        if old is not None:
            if old.guard is not None:
                self._supervisor.forget(old.guard)
            old.kill()
            await asyncio.to_thread(_reap, old.popen)
        if self._closed:
            return
        self.stats.restarts += 1
        for _ in range(3):
            proc = await asyncio.to_thread(self._popen, "writer")
            try:
                await asyncio.to_thread(self._handshake, proc)
                await self._attach(proc)
                await proc.call(("generation", self._committed))
            except (StoreError, _Died, OSError) as exc:
                log.error("the writer did not restart: %s", exc)
                proc.kill()
                await asyncio.sleep(0.5)
                continue
            self._writer = proc
            self._writer_up.set()
            # what the stopped writer may have committed, published now rather than by the next read
            self._later(self._publish(self._committed, self._deadline(START_TIMEOUT_S)))
            return
        log.error("the writer process could not be restarted; writes and new snapshots are unavailable")

    # -- health, shutdown --------------------------------------------------------------------------------------

    async def health(self, probe_s: float = 2.0) -> dict[str, Any]:
        """State of the pools; ``status`` is ``wedged`` when requests wait and nothing moves, or a probe fails."""
        now = time.monotonic()
        idle = self._idle.qsize() if self._idle is not None else 0
        problems = []
        if self._waiting and now - self.stats.last_progress > self.timeout_s + 10:
            problems.append(f"{self._waiting} request(s) waiting and no answer for {now - self.stats.last_progress:.0f} s")
        if self._writing_since is not None and now - self._writing_since > self.update_timeout_s + 10:
            problems.append(f"a write has run for {now - self._writing_since:.0f} s")
        if self._writer_up is not None and not self._writer_up.is_set() and self._writer is None:
            problems.append("the writer process is not running")
        if not problems and idle and self._idle is not None:
            proc = self._idle.get_nowait()
            try:
                async with asyncio.timeout(probe_s):
                    pong = await proc.call(("ping",))
                self._release(proc)
                if pong != ("pong",):
                    problems.append("a query worker answered a ping wrongly")
            except (TimeoutError, _Died):
                self._retire(proc)
                problems.append(f"an idle query worker did not answer a ping within {probe_s:g} s")
        return {
            "status": "wedged" if problems else "ok",
            "problems": problems,
            "workers": {"total": len(self._workers), "idle": idle, "waiting": self._waiting},
            "writer": {"running": bool(self._writer_up and self._writer_up.is_set()),
                       "writing_s": None if self._writing_since is None else round(now - self._writing_since, 1)},
            "generation": self._acked,
            "snapshot_generation": self._snap_gen,
            "reads_waited_for_snapshot": self.stats.read_waits,
            "reads_opened_snapshot": self.stats.read_opens,
            "sandbox": self.sandboxed,
            "killed": self.stats.killed,
            "writer_restarts": self.stats.restarts,
        }

    async def aclose(self) -> None:
        """Stop every process (the writer first asked to flush), remove the snapshots."""
        if self._closed:
            return
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        writer = self._writer
        if writer is not None and writer.ready:
            with contextlib.suppress(Exception):
                assert writer.channel is not None and writer.channel.transport is not None
                writer.channel.transport.write(_HEADER.pack(len(pickle.dumps(None))) + pickle.dumps(None))
                await asyncio.to_thread(writer.popen.wait, 3)
        self.close()

    def close(self) -> None:
        """Kill every process now (also from a thread without a loop)."""
        self._closed = True
        procs = list(self._workers) + list(getattr(self, "_pending", [])) + ([self._writer] if self._writer else [])
        self._workers.clear()
        for proc in procs:
            proc.kill()
        for proc in procs:
            _reap(proc.popen)
        self._supervisor.close()
        shutil.rmtree(self.snapshots, ignore_errors=True)
        with contextlib.suppress(OSError):
            self.snapshots.parent.rmdir()  # only when empty
        janitor, self._janitor = self._janitor, None
        if janitor is not None:  # told that this is a normal stop, it finds the directory gone and ends
            with contextlib.suppress(OSError):
                assert janitor.stdin is not None
                janitor.stdin.write(STOPPED)
                janitor.stdin.close()
            _reap(janitor, kill=False)
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)


KgErrorTuple = (StoreError, OSError, EOFError)


def _raise_error(reply: Any, refused: list[tuple[str, int]]) -> Any:
    """The reply itself, or the KgError it carries (a 403 when the sandbox refused a connection)."""
    if reply[0] != "err":
        return reply
    if refused:
        from kg.api.errors import ApiError

        host, port = refused[-1]
        raise ApiError(403, f"SERVICE/LOAD to {host}:{port} is not allowed (the host is not on the allow-list)")
    raise getattr(errors, reply[1], StoreError)(reply[2])


def _constant(message: Any) -> Callable[[str], Any]:
    """A request that needs no snapshot (see ``QueryExecutor._on_worker``)."""
    return lambda _snapshot: message


def _crash_message(what: str, status: int | None, memory_mb: int) -> str:
    """Why a process died under a request, as far as its end tells (the server itself is unharmed)."""
    if status == -signal.SIGSEGV:
        return f"the {what} overflowed the stack of the process running it: it is nested too deeply"
    limit = f"the {memory_mb} MB" if memory_mb else "its"
    how = f"signal {-status}" if status is not None and status < 0 else f"exit status {status}"
    return f"the {what} needed more memory than {limit} limit, or crashed the process running it ({how})"


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    buf = bytearray()
    while len(buf) < size:
        chunk = sock.recv(size - len(buf))
        if not chunk:
            raise EOFError("the process ended")
        buf += chunk
    return bytes(buf)


def _reap(popen: subprocess.Popen[bytes], kill: bool = True) -> None:
    if kill:
        with contextlib.suppress(OSError):
            popen.kill()
    with contextlib.suppress(subprocess.TimeoutExpired, OSError):
        popen.wait(timeout=5)


def _start_janitor(directory: Path) -> subprocess.Popen[bytes] | None:
    """The process that removes ``directory`` once this one has ended, however it ends (kg.api.janitor)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        return subprocess.Popen([sys.executable, "-m", "kg.api.janitor", "--parent", str(os.getpid()),
                                 "--dir", str(directory)], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                env=env, close_fds=True, start_new_session=True)
    except OSError as exc:
        log.warning("no janitor for the snapshots (%s): a killed server leaves %s behind", exc, directory)
        return None


def _remove(paths: list[str]) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def _kill_orphans(store: Path) -> None:
    """Kill worker processes of this store left by a server that died without stopping them."""
    me = os.getpid()
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if b"kg.api.worker" not in argv or os.fsencode(str(store)) not in argv:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == 1 or not Path(f"/proc/{ppid}").exists() or _parent_of_arg(argv) not in (ppid, None):
            with contextlib.suppress(OSError):
                os.kill(int(entry.name), signal.SIGKILL)
                log.warning("killed orphan worker %s of %s", entry.name, store)


def _parent_of_arg(argv: list[bytes]) -> int | None:
    try:
        return int(argv[argv.index(b"--parent") + 1])
    except (ValueError, IndexError):
        return None
