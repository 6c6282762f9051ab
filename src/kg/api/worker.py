"""The processes that run SPARQL text: query workers (read snapshots) and the writer (owns the store).

``python -m kg.api.worker --role query|writer --fd N --store DIR --parent PID --memory-mb M`` is started by
``kg.api.executor``. Before anything else a worker dies with its parent (``PR_SET_PDEATHSIG``), limits its
memory (``RLIMIT_DATA``) and installs the network sandbox (``kg.api.sandbox``), then answers framed requests
on the socket ``N`` (:func:`send_frame` / :func:`recv_frame`: an 8-byte length, then a pickle).

* A **query worker** opens the snapshot each request names (read-only; reopened when it changes; the server
  also has it open a new snapshot as soon as it is published, before a request needs it), parses
  the query when the request carries no plan (``kg.sparql_parse``; a query with SERVICE goes back to the server
  for the allow-list check before it runs), runs it and returns the serialized answer.
* The **writer** opens the store read-write (it holds the RocksDB lock; the server process never opens the
  store) and runs updates and Graph Store writes one at a time on its first socket, and takes snapshots
  (``Store.backup``, a RocksDB checkpoint of committed data) on a second one, in a second thread, so that a
  snapshot never waits for a write.

A request that outlives its time limit is stopped by the server killing the process; a hostile request that
crashes one (deep nesting, memory) takes only that process down.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import pickle
import resource
import signal
import socket
import struct
import sys
import threading
from dataclasses import replace
from typing import Any

from kg.api.negotiation import GRAPH_TYPES, SELECT_TYPES
from kg.errors import KgError, NotAcceptableError
from kg.store.results import NATIVE_SELECT_TYPES, run_query, run_select_native

_HEADER = struct.Struct(">Q")
_PDEATHSIG = 1
#: Stack of the thread that runs requests (virtual: only what deep nesting touches is used).
STACK_MB = 512


def send_frame(sock: socket.socket, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data)


def recv_frame(sock: socket.socket) -> Any:
    """The next message; EOFError when the other side has gone."""
    (size,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size))
    return pickle.loads(_recv_exact(sock, size))


def _recv_exact(sock: socket.socket, size: int) -> bytes:
    buf = bytearray(size)
    view, got = memoryview(buf), 0
    while got < size:
        n = sock.recv_into(view[got:], size - got)
        if n == 0:
            raise EOFError
        got += n
    return bytes(buf)


def _error(exc: BaseException) -> tuple[str, str, str]:
    from kg.errors import KgError

    if isinstance(exc, KgError):
        return ("err", type(exc).__name__, exc.message)
    if isinstance(exc, MemoryError):
        return ("err", "QueryResourceError", "the request needed more memory than its worker may use")
    if isinstance(exc, RecursionError):
        return ("err", "QuerySyntaxError", "the request is nested too deeply")
    return ("err", "StoreError", f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}")


def _start(args: argparse.Namespace) -> socket.socket:
    """Die with the parent, cap memory, install the sandbox, hand its listener to the server."""
    from kg.api import sandbox

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != args.parent:
        os._exit(0)  # the server died before we could ask to follow it
    if args.memory_mb:
        limit = args.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    sock = socket.socket(fileno=args.fd)
    try:
        fd = sandbox.install()
    except OSError:
        sock.sendall(b"N")
    else:
        sandbox.send_listener(sock, fd)
    return sock


# -- query worker ----------------------------------------------------------------------------------------------


class _QueryWorker:
    def __init__(self) -> None:
        self.store: Any = None
        self.snapshot: str | None = None

    def open(self, snapshot: str) -> Any:
        import pyoxigraph as ox

        if snapshot != self.snapshot:
            self.store = self.snapshot = None  # closed first: one store open at a time
            self.store = ox.Store.read_only(snapshot)
            self.snapshot = snapshot
        return self.store

    def handle(self, msg: tuple[Any, ...]) -> tuple[Any, ...]:
        op = msg[0]
        if op == "query":
            _, req, plan, snapshot = msg
            return self.query(req, plan, snapshot)
        if op == "parse":
            from kg.sparql_parse import parse_query

            return ("ok", parse_query(msg[1], msg[2]))
        if op == "graph":
            _, graph, media, limit, snapshot = msg
            return self.graph(graph, media, limit, snapshot)
        if op == "parse_update":
            _, text, base, using, using_named = msg
            return self.parse_update(text, base, using, using_named)
        if op == "load_plan":
            from kg.sparql_parse import load_operations

            return ("ok", load_operations(msg[1], msg[2]))
        if op == "fetch":
            _, url, max_bytes, timeout_s = msg
            return fetch_document(url, max_bytes, timeout_s)
        if op == "open":  # a new snapshot, opened before a request needs it
            self.open(msg[1])
            return ("ok",)
        if op == "ping":
            return ("pong",)
        return ("err", "StoreError", f"unknown request {op!r}")

    def query(self, req: Any, plan: Any, snapshot: str) -> tuple[Any, ...]:
        from kg.errors import ServiceError, StoreError

        try:
            body, media = _run(self.open(snapshot), req, plan)
        except StoreError as exc:
            if plan is not None and plan.services:  # an I/O error of a federated query is the remote endpoint's
                raise ServiceError(f"a SERVICE endpoint failed: {exc.message}") from None
            raise
        return ("ok", body, media)

    def graph(self, graph: str | None, media: str, limit: int, snapshot: str) -> tuple[Any, ...]:
        import pyoxigraph as ox

        from kg.errors import QueryLimitError
        from kg.store.results import serialize_triples

        store = self.open(snapshot)
        g = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        if graph is not None and not store.contains_named_graph(g):
            return ("missing",)
        triples = []
        for quad in store.quads_for_pattern(None, None, None, g):
            triples.append(quad.triple)
            if len(triples) > limit:
                raise QueryLimitError(f"the graph has more than {limit} triples; query it with SPARQL and a LIMIT")
        return ("ok", serialize_triples(triples, media), media)

    def parse_update(self, text: str, base: str | None, using: list[str], using_named: list[str]) -> tuple[Any, ...]:
        from kg.sparql_parse import apply_using, parse_update

        plan = parse_update(text, base)
        if (using or using_named) and plan.dataset_clause:
            return ("conflict",)
        return ("ok", plan, apply_using(text, using, using_named))


def _run(store: Any, req: Any, plan: Any) -> tuple[bytes, str]:
    """Run a query on a snapshot; the media type comes from the negotiated pair and the result's form."""
    form = plan.form if plan is not None else ""  # "": the engine's answer tells
    if form == "SELECT" and req.result_type in NATIVE_SELECT_TYPES and plan.limit is not None \
            and plan.limit <= req.limit:
        answer = run_select_native(store, req, req.sparql, min(plan.limit, req.limit))
        if answer is not None:
            return answer
    if req.result_type and req.graph_type:  # both negotiated: whatever the form, the answer has a type
        return run_query(store, req)
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    if form and (req.graph_type if graph_form else req.result_type) is None:
        raise _not_acceptable(GRAPH_TYPES if graph_form else SELECT_TYPES)
    filled = replace(req, result_type=req.result_type or SELECT_TYPES[0], graph_type=req.graph_type or GRAPH_TYPES[0])
    body, media = run_query(store, filled)
    if (media in GRAPH_TYPES and req.graph_type is None) or (media in SELECT_TYPES and req.result_type is None):
        raise _not_acceptable(GRAPH_TYPES if media in GRAPH_TYPES else SELECT_TYPES)
    return body, media


def _not_acceptable(offered: tuple[str, ...]) -> KgError:
    return NotAcceptableError(f"none of the requested media types is available; offered: {', '.join(offered)}")


def _serve_queries(sock: socket.socket) -> None:
    from kg.sparql_parse import _install

    _install()  # build rdflib's grammar now, not on the first query
    worker = _QueryWorker()
    send_frame(sock, ("ready", {}))
    while True:
        try:
            msg = recv_frame(sock)
        except (EOFError, OSError):
            return
        if msg is None:
            return
        try:
            reply = worker.handle(msg)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the server as one error
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            reply = _error(exc)
        send_frame(sock, reply)


# -- writer ----------------------------------------------------------------------------------------------------


#: Write-ahead log on disk past which the writer reopens the store between writes (see _Writer.trim_log).
LOG_REOPEN_BYTES = 64 * 1024 * 1024


class _Writer:
    def __init__(self, path: str) -> None:
        import pyoxigraph as ox

        self.path = path
        self.store = ox.Store(path)
        self.committed = 0  # generation of the last committed write (given by the server)
        self.lock = threading.Lock()  # the store object is replaced only while no snapshot is being taken

    def trim_log(self) -> None:
        """Between writes, once RocksDB's write-ahead log passes LOG_REOPEN_BYTES: flush and reopen the store.
        RocksDB deletes the log files a flush made obsolete only when it opens a store, so a server taking
        builds kept them all (120 graph replacements: 127 MB of log beside 33 MB of data) until restarted."""
        import pyoxigraph as ox

        try:
            logged = sum(entry.stat().st_size for entry in os.scandir(self.path) if entry.name.endswith(".log"))
        except OSError:
            return
        if logged < LOG_REOPEN_BYTES:
            return
        with self.lock:
            self.store.flush()
            del self.store  # closes it: the last reference
            try:
                self.store = ox.Store(self.path)
            except OSError:
                os._exit(1)  # the server restarts the writer when it sees it gone

    def handle(self, msg: tuple[Any, ...]) -> tuple[Any, ...]:
        op = msg[0]
        if op == "update":
            _, text, base, gen = msg
            self.update(text, base)
            self.committed = gen
            return ("ok",)
        if op == "gsp":
            _, method, graph, documents, base, gen = msg
            status = self.gsp(method, graph, documents, base)
            self.committed = gen  # a 404 changed nothing, and the server counts it as a write all the same
            return ("ok", status)
        if op == "generation":
            self.committed = msg[1]
            return ("ok",)
        return ("err", "StoreError", f"unknown request {op!r}")

    def update(self, text: str, base: str | None) -> None:
        from kg.errors import QueryError, QuerySyntaxError

        try:
            self.store.update(text, base_iri=base)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL update syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            # what the update asked for cannot be done: a missing graph, a LOAD that failed…; nothing was written
            raise QueryError(f"update failed: {' '.join(str(exc).split())[:300]}") from None

    def gsp(self, method: str, graph: str | None, documents: list[tuple[bytes, str]], base: str) -> int:
        """One Graph Store write; ``graph`` None is the default graph, "" the dataset (POST of quads)."""
        import pyoxigraph as ox

        if graph == "":
            self.store.extend([q for body, media in documents for q in parse_document(body, media, base, None)])
            return 204
        target: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
        existed = graph is None or self.store.contains_named_graph(target)
        if method == "DELETE":
            if not existed:
                return 404
            if graph is None:
                self.store.clear_graph(target)
            else:
                self.store.remove_graph(target)
            return 204
        quads = [q for body, media in documents for q in parse_document(body, media, base, target)]
        if method == "PUT":
            # One transaction: a reader's snapshot never sees the graph emptied and not yet refilled.
            data = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
            if graph is None:
                self.store.update(f"DROP SILENT DEFAULT ; INSERT DATA {{ {data} }}")
            else:
                self.store.update(f"DROP SILENT GRAPH {target} ; CREATE SILENT GRAPH {target} ; "
                                  f"INSERT DATA {{ GRAPH {target} {{ {data} }} }}")
        else:
            if graph is not None and not existed:
                self.store.add_graph(target)
            self.store.extend(quads)
        return 204 if existed else 201


#: What a LOAD asks for, as Oxigraph's own LOAD does: every RDF syntax kg reads.
LOAD_ACCEPT = ("application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, application/ld+json;q=0.7, "
               "text/n3;q=0.6, */*;q=0.1")


def fetch_document(url: str, max_bytes: int, timeout_s: float) -> tuple[Any, ...]:
    """The triples of the RDF document at ``url`` as N-Triples text with fresh blank nodes (what a LOAD of it
    inserts), or ``("failed", why)``. The sandbox lets this process reach allow-listed hosts only."""
    import urllib.error
    import urllib.request

    import pyoxigraph as ox

    from kg.errors import InputError
    from kg.store.results import RDF_MEDIA_TYPES

    request = urllib.request.Request(url, headers={"Accept": LOAD_ACCEPT, "User-Agent": "kg"})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # straight to the host, never a proxy
    try:
        with opener.open(request, timeout=max(0.1, timeout_s)) as response:
            body = response.read(max_bytes + 1)
            media = response.headers.get_content_type()
            final = response.geturl()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return ("failed", " ".join(str(getattr(exc, "reason", exc)).split())[:300])
    if len(body) > max_bytes:
        return ("failed", f"the document is larger than {max_bytes} bytes")
    if media not in RDF_MEDIA_TYPES:  # a server that does not say: the file name does
        guessed = ox.RdfFormat.from_extension(final.rsplit("?", 1)[0].rsplit(".", 1)[-1])
        media = guessed.media_type if guessed is not None else "text/turtle"
    try:
        quads = parse_document(body, media, final, ox.DefaultGraph())
    except InputError as exc:
        return ("failed", exc.message)
    return ("ok", " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads))


def parse_document(payload: bytes, media: str, base: str, target: Any) -> list[Any]:
    """The quads of an RDF document for ``target`` (a graph; None: the dataset's own graphs), with fresh blank
    nodes: ``_:x`` in two documents are two nodes, as RDF says (a label is local to its document)."""
    import pyoxigraph as ox

    from kg.errors import InputError
    from kg.store.results import RDF_MEDIA_TYPES

    fmt = RDF_MEDIA_TYPES.get(media)
    if fmt is None:
        raise InputError(f"unsupported RDF media type {media or '(none)'}")
    fresh: dict[str, ox.BlankNode] = {}

    def term(t: Any) -> Any:
        if isinstance(t, ox.BlankNode):
            node = fresh.get(t.value)
            if node is None:
                node = fresh[t.value] = ox.BlankNode()
            return node
        if isinstance(t, ox.Triple):
            return ox.Triple(term(t.subject), t.predicate, term(t.object))
        return t

    out = []
    try:
        for q in ox.parse(payload, format=fmt, base_iri=base):
            if target is not None and not isinstance(q.graph_name, ox.DefaultGraph):
                raise InputError("a graph document may not contain named graphs")
            graph = target if target is not None else term(q.graph_name)
            out.append(ox.Quad(term(q.subject), q.predicate, term(q.object), graph))
    except (SyntaxError, ValueError) as exc:
        raise InputError(f"the {media} body does not parse: {' '.join(str(exc).split())[:300]}") from None
    return out


def _serve_writer(sock: socket.socket, snap_sock: socket.socket, path: str) -> None:
    from kg.errors import StoreError

    try:
        writer = _Writer(path)
    except OSError as exc:
        send_frame(sock, ("error", "StoreLockedError" if "lock" in str(exc).lower() else "StoreError", str(exc)))
        return
    send_frame(sock, ("ready", {}))

    def snapshots() -> None:
        while True:
            try:
                msg = recv_frame(snap_sock)
            except (EOFError, OSError):
                return
            covered = writer.committed  # read before the checkpoint starts: it holds at least this write
            try:
                with writer.lock:
                    writer.store.backup(msg[1])
                reply: tuple[Any, ...] = ("ok", covered)
            except (OSError, RuntimeError) as exc:
                reply = _error(StoreError(f"cannot snapshot the store: {exc}"))
            send_frame(snap_sock, reply)

    threading.Thread(target=snapshots, name="kg-snapshots", daemon=True).start()
    while True:
        try:
            msg = recv_frame(sock)
        except (EOFError, OSError):
            break
        if msg is None:
            break
        try:
            reply = writer.handle(msg)
        except BaseException as exc:  # noqa: BLE001
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            reply = _error(exc)
        send_frame(sock, reply)
        writer.trim_log()  # after the answer: the client does not wait for it
    with contextlib.suppress(OSError, RuntimeError):
        writer.store.flush()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="kg.api.worker", description=__doc__)
    ap.add_argument("--role", choices=("query", "writer"), required=True)
    ap.add_argument("--fd", type=int, required=True)
    ap.add_argument("--snap-fd", type=int)
    ap.add_argument("--store", required=True)
    ap.add_argument("--parent", type=int, required=True)
    ap.add_argument("--memory-mb", type=int, default=0)
    args = ap.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in a terminal reaches the server, which stops us

    try:
        sock = _start(args)  # on the main thread: the sandbox then holds for every thread started after it
    except (BrokenPipeError, ConnectionError, EOFError):
        sys.exit(0)

    def serve() -> None:
        threading.stack_size(0)  # threads this one starts (the writer's snapshots) get the default stack
        try:
            if args.role == "query":
                _serve_queries(sock)
            else:
                _serve_writer(sock, socket.socket(fileno=args.snap_fd), args.store)
        except (BrokenPipeError, ConnectionError, EOFError):
            pass  # the server went away (or gave up on us while we started)

    # The engine's parser and evaluator recurse once per nesting level: on the main thread's 8 MB stack,
    # ~3,000 nested braces overflow it (SIGSEGV); on 512 MB, 50,000 run (~150 MB touched). The reservation
    # counts against the memory limit, so it is at most a quarter of it.
    stack_mb = min(STACK_MB, args.memory_mb // 4) if args.memory_mb else STACK_MB
    threading.stack_size(max(8, stack_mb) * 1024 * 1024)
    thread = threading.Thread(target=serve, name="kg-worker")
    thread.start()
    thread.join()
    sys.exit(0)


if __name__ == "__main__":
    main()
