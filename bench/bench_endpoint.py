"""Endpoint benchmark: `kg serve` vs `oxigraph serve` on the same data, in the same run.

Measures (keep-alive httpx clients, loopback only), each latency row interleaved in rounds (the servers take
turns, first one way round then the other) so drift on a shared machine hits both alike:
* point query p50/p95 (random subject each time, GET /sparql, JSON results), also against a second `kg serve`
  with ``KG_INLINE_LOOKUPS=false`` (every query in a worker process) to show what the in-process lane buys;
* a repeated named query: ours through ``/queries/{name}`` (result cache) vs the same SPARQL on oxigraph;
* throughput of the point query with 1/2/4/8 client threads.

Usage: ``python bench/bench_endpoint.py [--entities 10000] [--requests 1000] [--markdown out.md]``.
Both servers are started as subprocesses on 127.0.0.1 and always stopped.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

EX = "http://example.org/"
GRAPH = "https://w3id.org/kg-news/id/graph/article/bench"
NAMED = """# title: Members of one organisation
# description: Benchmark query: names and ages of the members of an organisation.
# param: org iri required -- the organisation
PREFIX ex: <http://example.org/>
SELECT ?m ?name ?age WHERE { ?m ex:memberOf ?org ; ex:name ?name ; ex:age ?age } ORDER BY ?name
"""
NAMED_RAW = """PREFIX ex: <http://example.org/>
SELECT ?m ?name ?age WHERE { GRAPH ?g { ?m ex:memberOf <%s> ; ex:name ?name ; ex:age ?age } } ORDER BY ?name
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_data(n: int) -> list[ox.Quad]:
    """n entities × 10 triples, in one named graph (like the research benchmark)."""
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
        ]
        quads += [ox.Quad(s, ox.NamedNode(f"{EX}knows"), ox.NamedNode(f"{EX}e{rnd.randrange(n)}"), g)
                  for _ in range(5)]
    return quads


def load(path: Path, quads: list[ox.Quad]) -> None:
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
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


def start_ours(store: Path, queries: Path, port: int, inline: bool = True) -> subprocess.Popen[bytes]:
    code = textwrap.dedent(f"""
        import uvicorn
        from kg.api.app import create_app
        from kg.config import Settings
        s = Settings(_env_file=None, store={str(store)!r}, queries_dir={str(queries)!r}, inline_lookups={inline})
        uvicorn.run(create_app(s), host="127.0.0.1", port={port}, log_level="warning", access_log=False)
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
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def point_query(i: int) -> str:
    return f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ <{EX}e{i}> ?p ?o }} }}"


def latencies(client: httpx.Client, path: str, params_fn, n: int) -> list[float]:  # noqa: ANN001
    out = []
    for k in range(n):
        t = time.perf_counter()
        r = client.get(path, params=params_fn(k), headers={"Accept": "application/sparql-results+json"})
        out.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, r.text
    return out


def interleaved(runs: dict[str, tuple[httpx.Client, str, object]], n: int, rounds: int = 10) -> dict[str, list[float]]:
    """``n`` requests per server, in ``rounds`` blocks; the order of the servers alternates between blocks."""
    out: dict[str, list[float]] = {name: [] for name in runs}
    names = list(runs)
    per = max(1, n // rounds)
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            client, path, fn = runs[name]
            out[name] += latencies(client, path, lambda k, fn=fn, r=r: fn(r * per + k), per)  # type: ignore[misc]
    return out


def p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--markdown", type=Path)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        quads = make_data(args.entities)
        ours_dir, oxi_dir, qdir = tmp / "ours", tmp / "oxi", tmp / "queries"
        load(ours_dir, quads)
        load(oxi_dir, quads)
        shutil.copytree(ours_dir, tmp / "ours-workers")
        qdir.mkdir()
        (qdir / "members.rq").write_text(NAMED, encoding="utf-8")
        p_ours, p_oxi, p_wrk = free_port(), free_port(), free_port()
        procs = [start_ours(ours_dir, qdir, p_ours), start_oxigraph(oxi_dir, p_oxi),
                 start_ours(tmp / "ours-workers", qdir, p_wrk, inline=False)]
        ours, oxi, wrk = f"http://127.0.0.1:{p_ours}", f"http://127.0.0.1:{p_oxi}", f"http://127.0.0.1:{p_wrk}"
        wait_up(f"{ours}/sparql", procs[0])
        wait_up(f"{oxi}/query", procs[1])
        wait_up(f"{wrk}/sparql", procs[2])
        rnd = random.Random(1)
        ids = [rnd.randrange(args.entities) for _ in range(args.requests)]
        org = f"{EX}org3"
        results: dict[str, dict[str, list[float]]] = {}
        with (httpx.Client(base_url=ours, timeout=30) as co, httpx.Client(base_url=oxi, timeout=30) as cx,
              httpx.Client(base_url=wrk, timeout=30) as cw):
            for c, path in ((co, "/sparql"), (cx, "/query"), (cw, "/sparql")):  # warm-up
                latencies(c, path, lambda k: {"query": point_query(ids[k])}, 100)
            point = lambda k: {"query": point_query(ids[k % len(ids)])}  # noqa: E731
            results["point"] = interleaved(
                {"oxigraph": (cx, "/query", point), "kg": (co, "/sparql", point), "kg-workers": (cw, "/sparql", point)},
                args.requests,
            )
            results["named (repeated)"] = interleaved({
                "oxigraph": (cx, "/query", lambda k: {"query": NAMED_RAW % org}),
                "kg": (co, "/queries/members", lambda k: {"org": org}),
            }, args.requests)
            results["named (uncached, distinct org)"] = interleaved({
                "oxigraph": (cx, "/query", lambda k: {"query": NAMED_RAW % f"{EX}org{k % 97}x{k}"}),
                "kg": (co, "/queries/members", lambda k: {"org": f"{EX}org{k % 97}x{k}"}),
            }, args.requests // 2)
        rows = ["| measure | oxigraph serve | kg serve | kg / oxigraph |", "|---|---|---|---|"]
        for name, r in results.items():
            a, b = statistics.median(r["oxigraph"]), statistics.median(r["kg"])
            rows.append(f"| {name} p50 (ms) | {a:.2f} | {b:.2f} | {b / a:.2f}× |")
            rows.append(f"| {name} p95 (ms) | {p(r['oxigraph'], .95):.2f} | {p(r['kg'], .95):.2f} | |")
            if "kg-workers" in r:
                w = statistics.median(r["kg-workers"])
                rows.append(f"| {name} p50 (ms), kg with every query in a worker | {a:.2f} | {w:.2f} | {w / a:.2f}× |")
        for threads in (1, 2, 4, 8):
            a = _tp(oxi, "/query", args.entities, threads, args.seconds)
            b = _tp(ours, "/sparql", args.entities, threads, args.seconds)
            rows.append(f"| point throughput, {threads} client(s) (req/s) | {a:.0f} | {b:.0f} | {b / a:.2f}× |")
        table = "\n".join(rows)
        header = (f"Data: {args.entities} entities × 10 triples = {len(quads)} quads in one named graph; "
                  f"{args.requests} requests per latency row; {args.seconds:g} s per throughput row; "
                  f"client and servers share this machine ({os.cpu_count()} cores).\n\n")
        print(header + table)
        if args.markdown:
            args.markdown.write_text(header + table + "\n", encoding="utf-8")
    finally:
        for proc in procs:
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


def _tp(url: str, path: str, entities: int, threads: int, seconds: float) -> float:
    stop_at = time.monotonic() + seconds
    counts = [0] * threads

    def run(idx: int) -> None:
        rnd = random.Random(idx)
        with httpx.Client(base_url=url, timeout=30) as c:
            while time.monotonic() < stop_at:
                r = c.get(path, params={"query": point_query(rnd.randrange(entities))},
                          headers={"Accept": "application/sparql-results+json"})
                counts[idx] += r.status_code == 200

    ts = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return sum(counts) / seconds


if __name__ == "__main__":
    main()
