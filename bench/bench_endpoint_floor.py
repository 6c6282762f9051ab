"""Where a point query's time goes: kg serve beside the floors any Python server here must pay.

Four servers on 127.0.0.1, same data, interleaved keep-alive GETs of the point query
``SELECT ?p ?o WHERE { GRAPH ?g { <eN> ?p ?o } }`` (random N, JSON):

* ``hello``   — a raw ASGI app under uvicorn that answers a constant: the floor of HTTP in Python here;
* ``minimal`` — a raw ASGI app under uvicorn: parse the query string, ``Store.query``, pyoxigraph's JSON
  serializer, nothing else (no checks, limits or negotiation): the floor of a Python SPARQL endpoint;
* ``kg``      — ``kg serve`` (``create_app`` with its defaults);
* ``oxigraph``— ``oxigraph serve-read-only``.

Usage: ``python bench/bench_endpoint_floor.py [--entities 20000] [--rounds 20] [--per-round 100]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx
from bench_endpoint import free_port, load, make_data, point_query, start_ours, start_oxigraph, stop, wait_up

APPS = '''
import pyoxigraph as ox
from urllib.parse import parse_qsl

STORE = None


async def _answer(send, body, media):
    headers = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def hello(scope, receive, send):
    if scope["type"] == "http":
        await _answer(send, b'{"boolean":true}', b"application/sparql-results+json")


async def minimal(scope, receive, send):
    if scope["type"] != "http":
        return
    query = dict(parse_qsl(scope["query_string"].decode("latin-1")))["query"]
    body = STORE.query(query).serialize(format=ox.QueryResultsFormat.JSON)
    await _answer(send, body, b"application/sparql-results+json")
'''


def start_plain(app: str, store: Path, port: int) -> subprocess.Popen[bytes]:
    code = textwrap.dedent(f"""
        import types, uvicorn, pyoxigraph as ox
        apps = types.ModuleType("apps")
        exec({APPS!r}, apps.__dict__)
        apps.STORE = ox.Store.read_only({str(store)!r})
        uvicorn.run(apps.{app}, host="127.0.0.1", port={port}, log_level="warning", access_log=False)
    """)
    return subprocess.Popen([sys.executable, "-c", code], start_new_session=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entities", type=int, default=20_000)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--per-round", type=int, default=100)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-floor-"))
    procs: dict[str, subprocess.Popen[bytes]] = {}
    clients: dict[str, httpx.Client] = {}
    try:
        quads = make_data(args.entities)
        for name in ("plain", "kg", "oxigraph"):
            load(tmp / name, quads)
        (tmp / "queries").mkdir()
        ports = {name: free_port() for name in ("hello", "minimal", "kg", "oxigraph")}
        procs["hello"] = start_plain("hello", tmp / "plain", ports["hello"])
        procs["minimal"] = start_plain("minimal", tmp / "plain", ports["minimal"])
        procs["kg"] = start_ours(tmp / "kg", tmp / "queries", ports["kg"])
        procs["oxigraph"] = start_oxigraph(tmp / "oxigraph", ports["oxigraph"])
        paths = {"hello": "/", "minimal": "/", "kg": "/sparql", "oxigraph": "/query"}
        for name, port in ports.items():
            wait_up(f"http://127.0.0.1:{port}{paths[name]}", procs[name])
            clients[name] = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        rnd = random.Random(1)
        times: dict[str, list[float]] = {name: [] for name in ports}
        names = list(ports)
        for r in range(args.rounds + 1):  # round 0 warms up and is not counted
            for name in names if r % 2 == 0 else reversed(names):
                for _ in range(args.per_round):
                    params = {"query": point_query(rnd.randrange(args.entities))}
                    t = time.perf_counter()
                    resp = clients[name].get(paths[name], params=params,
                                             headers={"Accept": "application/sparql-results+json"})
                    elapsed = (time.perf_counter() - t) * 1000
                    assert resp.status_code == 200, resp.text
                    if r:
                        times[name].append(elapsed)
        print(f"{args.entities} entities x 10 triples; {args.rounds} interleaved rounds of {args.per_round} "
              f"requests per server; client and servers share this machine\n")
        print("| server | p50 ms | p90 ms | p99 ms | mean ms |\n|---|---|---|---|---|")
        for name, values in times.items():
            v = sorted(values)
            pct = [v[int(q * (len(v) - 1))] for q in (0.5, 0.9, 0.99)]
            print(f"| {name} | {pct[0]:.3f} | {pct[1]:.3f} | {pct[2]:.3f} | {sum(v) / len(v):.3f} |")
    finally:
        for client in clients.values():
            client.close()
        for proc in procs.values():
            stop(proc)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
