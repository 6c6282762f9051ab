"""Endpoint benchmark: `kg serve` beside `oxigraph serve` on the same data, the same SPARQL mix, in the same run.

Both servers are started as subprocesses on 127.0.0.1 (kg with its defaults: every query in a sandboxed worker
process; Oxigraph's Rust server read-only) and always stopped. Keep-alive httpx clients, one per thread, send a
fixed **mix** of SPARQL queries over a pool of subjects — point lookup, the same point query written with UNION
(incoming and outgoing), a 1-hop join, a small aggregate, an ASK and a CONSTRUCT of one subject — each client
starting at its own place in the mix. For 1, 2, 4 and 8 clients the servers take turns (``--rounds`` rounds,
the order reversed every round, so drift on the shared machine hits both alike); each row reports requests/s,
p50 and p99 latency and errors (any answer but 200). Client and servers share the machine's cores.

Also measured at the top client count, kg only (Oxigraph has neither): named queries through
``/queries/{name}`` (repeated parameter: the result cache; a new parameter each time) and linked-data pages
``/id/…`` (HTML), beside Oxigraph answering the same SPARQL; and the same mix with a never-seen subject in every
request (``cold``: kg parses each text once, ~5 ms, before it caches the plan).

Usage: ``python bench/bench_endpoint.py [--entities 20000] [--seconds 4] [--rounds 2] [--markdown out.md]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox

EX = "http://example.org/"
BASE = "https://w3id.org/kg-news/id/"
GRAPH = BASE + "graph/article/bench"
NAMED = """# title: Members of one organisation
# description: Benchmark query: names and ages of the members of an organisation.
# param: org iri required -- the organisation
PREFIX ex: <http://example.org/>
SELECT ?m ?name ?age WHERE { ?m ex:memberOf ?org ; ex:name ?name ; ex:age ?age } ORDER BY ?name
"""
NAMED_RAW = """PREFIX ex: <http://example.org/>
SELECT ?m ?name ?age WHERE { GRAPH ?g { ?m ex:memberOf <%s> ; ex:name ?name ; ex:age ?age } } ORDER BY ?name
"""
#: The SPARQL mix: (name, template); {e}/{f} are subjects, {o} an organisation.
MIX = [
    ("point", "SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{e}> ?p ?o }} }}"),
    ("point-union", "SELECT ?p ?o WHERE {{ {{ GRAPH ?g {{ <{e}> ?p ?o }} }} UNION {{ GRAPH ?g {{ ?o ?p <{e}> }} }} }}"),
    ("1-hop", "PREFIX ex: <http://example.org/> SELECT ?f ?n WHERE {{ GRAPH ?g {{ <{e}> ex:knows ?f . ?f ex:name ?n }} }}"),
    ("aggregate", "PREFIX ex: <http://example.org/> SELECT (COUNT(?m) AS ?c) (AVG(?a) AS ?avg) "
                  "WHERE {{ GRAPH ?g {{ ?m ex:memberOf <{o}> ; ex:age ?a }} }}"),
    ("ask", "ASK {{ GRAPH ?g {{ <{e}> <http://example.org/knows> <{f}> }} }}"),
    ("construct", "CONSTRUCT {{ <{e}> ?p ?o }} WHERE {{ GRAPH ?g {{ <{e}> ?p ?o }} }}"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_data(n: int) -> list[ox.Quad]:
    """n entities × 10 triples, in one named graph (like the research benchmark); subjects under kg's base so
    that kg's pages serve them."""
    rnd = random.Random(7)
    g = ox.NamedNode(GRAPH)
    quads = []
    for i in range(n):
        s = ox.NamedNode(f"{EX}e{i}")
        quads += [
            ox.Quad(s, ox.NamedNode(f"{EX}type"), ox.NamedNode(f"{EX}C{i % 100}"), g),
            ox.Quad(s, ox.NamedNode(f"{EX}name"), ox.Literal(f"name {i}", language="en"), g),
            ox.Quad(s, ox.NamedNode(f"{EX}age"), ox.Literal(str(rnd.randint(1, 90)), datatype=ox.NamedNode(
                "http://www.w3.org/2001/XMLSchema#integer")), g),
            ox.Quad(s, ox.NamedNode(f"{EX}memberOf"), ox.NamedNode(f"{EX}org{i % (n // 100 or 1)}"), g),
            ox.Quad(s, ox.NamedNode(f"{EX}comment"), ox.Literal(f"comment about entity {i}"), g),
            ox.Quad(s, ox.NamedNode(f"{EX}page"), ox.NamedNode(f"{BASE}entity/e{i}"), g),
        ]
        quads += [ox.Quad(s, ox.NamedNode(f"{EX}knows"), ox.NamedNode(f"{EX}e{rnd.randrange(n)}"), g)
                  for _ in range(4)]
        page = ox.NamedNode(f"{BASE}entity/e{i}")
        quads.append(ox.Quad(page, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                             ox.Literal(f"كيان {i}", language="ar"), g))
    return quads


def load(path: Path, quads: list[ox.Quad]) -> None:
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


def start_ours(store: Path, queries: Path, port: int) -> subprocess.Popen[bytes]:
    code = textwrap.dedent(f"""
        from kg.api.app import create_app
        from kg.api.server import serve
        from kg.config import Settings
        s = Settings(_env_file=None, store={str(store)!r}, queries_dir={str(queries)!r})
        serve(create_app(s), "127.0.0.1", {port})
    """)
    return subprocess.Popen([sys.executable, "-c", code], start_new_session=True)


def start_oxigraph(store: Path, port: int) -> subprocess.Popen[bytes]:
    exe = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    return subprocess.Popen([exe, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@dataclass
class Run:
    """Requests, errors and latencies of one timed run."""

    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def p(self, q: float) -> float:
        values = sorted(self.latencies)
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


Request = Callable[[httpx.Client, int, int], httpx.Response]


def timed(url: str, request: Request, threads: int, seconds: float) -> Run:
    """``threads`` clients sending ``request(client, thread, k)`` for ``seconds``."""
    stop_at = time.monotonic() + seconds
    runs = [Run(seconds) for _ in range(threads)]

    def client(idx: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as c:
            k = idx * 7919
            while time.monotonic() < stop_at:
                t = time.perf_counter()
                r = request(c, idx, k)
                runs[idx].latencies.append((time.perf_counter() - t) * 1000)
                if r.status_code != 200:
                    runs[idx].errors += 1
                k += 1

    ts = [threading.Thread(target=client, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out = Run(seconds)
    for r in runs:
        out.latencies += r.latencies
        out.errors += r.errors
    return out


def mix_query(k: int, pool: int, entities: int, cold: bool = False) -> str:
    """The k-th query of the mix: the template cycles, subjects come from a pool (or are never seen, ``cold``)."""
    name, template = MIX[k % len(MIX)]
    if cold:
        e, f = (k * 104729) % entities, (k * 7 + 1) % entities
    else:
        e, f = (k // len(MIX)) * 37 % pool, (k // len(MIX)) * 53 % pool
    return template.format(e=f"{EX}e{e}", f=f"{EX}e{f}", o=f"{EX}org{e % max(1, entities // 100)}")


def sparql(path: str, pool: int, entities: int, cold: bool = False) -> Request:
    def send(c: httpx.Client, _: int, k: int) -> httpx.Response:
        q = mix_query(k, pool, entities, cold)
        accept = "text/turtle" if q.startswith("CONSTRUCT") else "application/sparql-results+json"
        return c.get(path, params={"query": q}, headers={"Accept": accept})

    return send


def fmt(run: Run) -> str:
    return f"{run.rate:,.0f} | {run.p(.5):.2f} | {run.p(.99):.2f} | {run.errors}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--pool", type=int, default=200, help="subjects the (warm) mix cycles over")
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--clients", default="1,2,4,8")
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    clients = [int(c) for c in args.clients.split(",")]
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        quads = make_data(args.entities)
        ours_dir, oxi_dir, qdir = tmp / "ours", tmp / "oxi", tmp / "queries"
        load(ours_dir, quads)
        load(oxi_dir, quads)
        qdir.mkdir()
        (qdir / "members.rq").write_text(NAMED, encoding="utf-8")
        p_ours, p_oxi = free_port(), free_port()
        procs = [start_ours(ours_dir, qdir, p_ours), start_oxigraph(oxi_dir, p_oxi)]
        ours, oxi = f"http://127.0.0.1:{p_ours}", f"http://127.0.0.1:{p_oxi}"
        wait_up(f"{ours}/sparql", procs[0])
        wait_up(f"{oxi}/query", procs[1])
        servers = {"oxigraph": (oxi, "/query"), "kg": (ours, "/sparql")}
        for url, path in servers.values():  # warm-up: every text of the warm mix once
            send = sparql(path, args.pool, args.entities)
            with httpx.Client(base_url=url, timeout=60) as c:
                for k in range(args.pool * len(MIX)):
                    send(c, 0, k)
        rows = ["| clients | oxigraph req/s | p50 ms | p99 ms | errors | kg req/s | p50 ms | p99 ms | errors "
                "| kg / oxigraph req/s |", "|---|---|---|---|---|---|---|---|---|---|"]
        for n in clients:
            got: dict[str, list[Run]] = {name: [] for name in servers}
            for r in range(args.rounds):
                for name in servers if r % 2 == 0 else reversed(list(servers)):
                    url, path = servers[name]
                    got[name].append(timed(url, sparql(path, args.pool, args.entities), n, args.seconds))
            a, b = (_median(got["oxigraph"]), _median(got["kg"]))
            rows.append(f"| {n} | {fmt(a)} | {fmt(b)} | **{b.rate / a.rate:.2f}×** |")
        top = clients[-1]
        org = f"{EX}org3"
        extra = [
            ("mix, a never-seen subject in every request (cold)",
             (oxi, sparql("/query", args.pool, args.entities, cold=True)),
             (ours, sparql("/sparql", args.pool, args.entities, cold=True))),
            ("named query, same parameter (kg: `/queries/members`, result cache)",
             (oxi, lambda c, _, k: c.get("/query", params={"query": NAMED_RAW % org})),
             (ours, lambda c, _, k: c.get("/queries/members", params={"org": org}))),
            ("named query, new parameter each time",
             (oxi, lambda c, i, k: c.get("/query", params={"query": NAMED_RAW % f"{EX}org{k % 97}x{i}-{k}"})),
             (ours, lambda c, i, k: c.get("/queries/members", params={"org": f"{EX}org{k % 97}x{i}-{k}"}))),
            ("linked-data page (kg: `/id/entity/eN` as HTML; oxigraph: the same CONSTRUCT)",
             (oxi, lambda c, _, k: c.get("/query", headers={"Accept": "text/turtle"}, params={
                 "query": f"CONSTRUCT {{ <{BASE}entity/e{k % args.pool}> ?p ?o }} WHERE {{ GRAPH ?g "
                          f"{{ <{BASE}entity/e{k % args.pool}> ?p ?o }} }}"})),
             (ours, lambda c, _, k: c.get(f"/id/entity/e{k % args.pool}", headers={"Accept": "text/html"}))),
        ]
        rows += ["", f"At {top} clients:", "",
                 "| measure | oxigraph req/s | p50 ms | p99 ms | errors | kg req/s | p50 ms | p99 ms | errors "
                 "| kg / oxigraph req/s |", "|---|---|---|---|---|---|---|---|---|---|"]
        for name, (ua, ra), (ub, rb) in extra:
            a, b = timed(ua, ra, top, args.seconds), timed(ub, rb, top, args.seconds)
            rows.append(f"| {name} | {fmt(a)} | {fmt(b)} | {b.rate / a.rate:.2f}× |")
        header = (f"Data: {args.entities:,} entities × 11 triples = {len(quads):,} quads in one named graph; mix of "
                  f"{len(MIX)} query shapes over {args.pool} subjects; {args.seconds:g} s per run, {args.rounds} "
                  f"interleaved rounds per row (median by requests/s); {os.cpu_count()} cores shared by client and "
                  f"servers; load average at start {os.getloadavg()[0]:.1f}.\n\n")
        table = header + "\n".join(rows)
        print(table)
        if args.markdown:
            args.markdown.write_text(table + "\n", encoding="utf-8")
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def _median(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.rate)[len(runs) // 2]


if __name__ == "__main__":
    main()
