"""`kg serve --store http://…` in front of `oxigraph serve` vs the same `oxigraph serve` asked directly.

What kg's checks and forwarding cost per request (the baseline is the server itself, in the same run,
interleaved): a point query (random subject, GET, JSON results) and a 100-row aggregate, both through kg's
``/sparql`` and straight to Oxigraph's ``/query``; and a named query through ``/queries/{name}`` against the
same SPARQL sent to Oxigraph. Both servers run as subprocesses on 127.0.0.1 and are always stopped.

    python bench/bench_remote_serve.py [--entities 10000] [--requests 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_endpoint import (  # noqa: E402 — the sibling benchmark's data and helpers
    EX,
    NAMED,
    NAMED_RAW,
    free_port,
    interleaved,
    load,
    make_data,
    p,
    point_query,
    start_oxigraph,
    stop,
    wait_up,
)

AGGREGATE = f"SELECT ?org (COUNT(?m) AS ?n) WHERE {{ GRAPH ?g {{ ?m <{EX}memberOf> ?org }} }} GROUP BY ?org"


def start_kg_remote(store_url: str, queries: Path, port: int) -> subprocess.Popen[bytes]:
    code = textwrap.dedent(f"""
        import uvicorn
        from kg.api.app import create_app
        from kg.config import Settings
        s = Settings(_env_file=None, store={store_url!r}, queries_dir={str(queries)!r})
        uvicorn.run(create_app(s), host="127.0.0.1", port={port}, log_level="warning", access_log=False)
    """)
    return subprocess.Popen([sys.executable, "-c", code], start_new_session=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--entities", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=1000)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-remote-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        load(tmp / "oxi", make_data(args.entities))
        (tmp / "queries").mkdir()
        (tmp / "queries" / "members.rq").write_text(NAMED, encoding="utf-8")
        p_oxi, p_kg = free_port(), free_port()
        oxi, kg = f"http://127.0.0.1:{p_oxi}", f"http://127.0.0.1:{p_kg}"
        procs.append(start_oxigraph(tmp / "oxi", p_oxi))
        wait_up(f"{oxi}/query", procs[0])
        procs.append(start_kg_remote(oxi, tmp / "queries", p_kg))
        wait_up(f"{kg}/sparql", procs[1])
        rnd = random.Random(1)
        ids = [rnd.randrange(args.entities) for _ in range(args.requests)]
        org = f"{EX}org3"
        with httpx.Client(base_url=kg, timeout=30) as ck, httpx.Client(base_url=oxi, timeout=30) as cx:
            point = lambda k: {"query": point_query(ids[k % len(ids)])}  # noqa: E731
            interleaved({"oxigraph": (cx, "/query", point), "kg": (ck, "/sparql", point)}, 100, rounds=2)  # warm-up
            results = {
                "point query": interleaved({"oxigraph": (cx, "/query", point), "kg": (ck, "/sparql", point)},
                                           args.requests),
                "100-row GROUP BY": interleaved({
                    "oxigraph": (cx, "/query", lambda k: {"query": AGGREGATE}),
                    "kg": (ck, "/sparql", lambda k: {"query": AGGREGATE}),
                }, args.requests // 4),
                "named query": interleaved({
                    "oxigraph": (cx, "/query", lambda k: {"query": NAMED_RAW % org}),
                    "kg": (ck, "/queries/members", lambda k: {"org": org}),
                }, args.requests // 2),
            }
        print(f"entities: {args.entities}; load average: {os.getloadavg()[0]:.2f}")
        print("| request | oxigraph serve p50 ms | kg in front p50 ms | added p50 ms | oxigraph p95 ms | kg p95 ms |")
        print("|---|---|---|---|---|---|")
        for name, r in results.items():
            a, b = statistics.median(r["oxigraph"]), statistics.median(r["kg"])
            print(f"| {name} | {a:.2f} | {b:.2f} | {b - a:+.2f} | {p(r['oxigraph'], .95):.2f} | {p(r['kg'], .95):.2f} |")
    finally:
        for proc in procs:
            stop(proc)
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
