"""Loading benchmark: kg's store write paths against raw pyoxigraph ``Store.bulk_load`` of the same N-Quads.

    .venv/bin/python bench/bench_load.py [--articles 2000] [--quads-per-article 120] [--remote]

Synthetic article graphs shaped like kg's (one named graph per article: IRIs, Arabic language-tagged
literals, typed literals, provenance offsets) are written once as N-Quads; each method then loads them into
a fresh on-disk store in its own process (so peak RSS is per method). The baseline, measured in the same
run, is pyoxigraph's bulk loader reading the N-Quads file. Goal: kg's fresh-build path >= 0.8x baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

BASE = "https://w3id.org/kg-news/id/"
KG = "https://w3id.org/kg-news/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
WORDS = "قاعدة عين الأسد الجوية سلمت القوات الأمريكية إلى الجيش العراقي بحسب بيان قيادة العمليات المشتركة".split()

METHODS = {
    "baseline-bulk_load": "pyoxigraph Store.bulk_load(path=N-Quads file) — the baseline",
    "raw-bulk_extend": "pyoxigraph Store.bulk_extend of the same in-memory quads — second baseline",
    "replace_graphs/article": "EmbeddedStore.replace_graphs, one article per call (atomic; kg build today)",
    "replace_graphs/100": "EmbeddedStore.replace_graphs, 100 articles per call (one update)",
    "bulk_add": "EmbeddedStore.bulk_add of every quad (pyoxigraph bulk_extend)",
    "load_fresh_graphs/1000": "EmbeddedStore.load_fresh_graphs, 1000 articles per call (any /N works)",
    "remote/article": "RemoteStore.replace_graphs per article against `oxigraph serve` (loopback HTTP)",
    "remote-load_fresh/1000": "RemoteStore.load_fresh_graphs (drop + GSP POST of N-Quads), 1000 articles per call",
}


def article_quads(n: int, per_article: int) -> list[ox.Quad]:
    """One synthetic article graph of about ``per_article`` quads."""
    g = ox.NamedNode(f"{BASE}graph/article/a{n:07d}")
    art = ox.NamedNode(f"{BASE}article/a{n:07d}")
    out = [
        ox.Quad(art, ox.NamedNode(KG + "title"), ox.Literal(" ".join(WORDS[n % 5: n % 5 + 6]), language="ar"), g),
        ox.Quad(art, ox.NamedNode(KG + "published"), ox.Literal(f"2026-01-{n % 28 + 1:02d}", datatype=ox.NamedNode(XSD + "date")), g),
    ]
    i = 0
    while len(out) < per_article:
        fact = ox.NamedNode(f"{BASE}fact/a{n:07d}-{i}")
        ent = ox.NamedNode(f"{BASE}entity/e{(n * 7 + i) % 5000}")
        start = 40 * i
        out += [
            ox.Quad(fact, ox.NamedNode(KG + "about"), ent, g),
            ox.Quad(fact, ox.NamedNode(KG + "quote"), ox.Literal(" ".join(WORDS[i % 8: i % 8 + 5]), language="ar"), g),
            ox.Quad(fact, ox.NamedNode(KG + "start"), ox.Literal(str(start), datatype=ox.NamedNode(XSD + "integer")), g),
            ox.Quad(fact, ox.NamedNode(KG + "end"), ox.Literal(str(start + 31), datatype=ox.NamedNode(XSD + "integer")), g),
            ox.Quad(fact, ox.NamedNode(KG + "confidence"), ox.Literal("0.85", datatype=ox.NamedNode(XSD + "decimal")), g),
            ox.Quad(fact, ox.NamedNode(KG + "source"), art, g),
        ]
        i += 1
    return out[:per_article]


def articles(n_articles: int, per_article: int) -> Iterator[tuple[str, list[ox.Quad]]]:
    for n in range(n_articles):
        quads = article_quads(n, per_article)
        yield quads[0].graph_name.value, quads  # type: ignore[union-attr]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_method(method: str, nq: Path, workdir: Path, n_articles: int, per_article: int) -> dict[str, float]:
    """Load everything with one method into a fresh store; returns seconds (load only) and quads."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from kg.store.embedded import EmbeddedStore

    store_dir = workdir / "store"
    data = list(articles(n_articles, per_article))  # in memory before the clock starts, as in a build
    proc = None
    t0 = time.perf_counter()
    if method == "baseline-bulk_load":
        raw = ox.Store(str(store_dir))
        t0 = time.perf_counter()
        raw.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        seconds = time.perf_counter() - t0
        count = len(raw)
    elif method == "raw-bulk_extend":
        raw = ox.Store(str(store_dir))
        t0 = time.perf_counter()
        raw.bulk_extend(q for _, quads in data for q in quads)
        raw.flush()
        seconds = time.perf_counter() - t0
        count = len(raw)
    elif method in ("remote/article", "remote-load_fresh/1000"):
        from kg.store.remote import RemoteStore

        port = _free_port()
        binary = Path(sys.executable).parent / "oxigraph"
        proc = subprocess.Popen(
            [str(binary), "serve", "--location", str(store_dir), "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            remote = RemoteStore(f"http://127.0.0.1:{port}")
            deadline = time.monotonic() + 15
            while True:
                try:
                    remote.ask("ASK {}")
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.1)
            t0 = time.perf_counter()
            if method == "remote/article":
                for graph, quads in data:
                    remote.replace_graphs({graph: quads})
            else:
                for i in range(0, len(data), 1000):
                    remote.load_fresh_graphs(dict(data[i: i + 1000]))
            seconds = time.perf_counter() - t0
            count = remote.count()
            remote.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    else:
        store = EmbeddedStore(store_dir)
        t0 = time.perf_counter()
        name, _, batch = method.partition("/")
        size = 1 if batch in ("", "article") else int(batch)
        if name == "replace_graphs":
            for i in range(0, len(data), size):
                store.replace_graphs(dict(data[i: i + size]))
        elif name == "bulk_add":
            store.bulk_add(q for _, quads in data for q in quads)
        elif name == "load_fresh_graphs":
            for i in range(0, len(data), size):
                store.load_fresh_graphs(dict(data[i: i + size]))
        else:
            raise SystemExit(f"unknown method {method}")
        store.raw.flush()
        seconds = time.perf_counter() - t0
        count = len(store.raw)
        store.close()
    return {"seconds": seconds, "quads": count, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--quads-per-article", type=int, default=120)
    ap.add_argument("--methods", default=",".join(m for m in METHODS if not m.startswith("remote")))
    ap.add_argument("--remote", action="store_true", help="also measure RemoteStore against oxigraph serve")
    ap.add_argument("--repeat", type=int, default=1, help="runs per method; the median is reported")
    ap.add_argument("--json", type=Path, help="write the figures here too")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--nq", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        print(json.dumps(run_method(args.child, args.nq, args.dir, args.articles, args.quads_per_article)))
        return

    methods = args.methods.split(",") + (["remote/article", "remote-load_fresh/1000"] if args.remote else [])
    if methods[0] != "baseline-bulk_load":
        methods.insert(0, "baseline-bulk_load")
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-load-"))
    try:
        nq = tmp / "data.nq"
        with nq.open("wb") as fh:
            for _, quads in articles(args.articles, args.quads_per_article):
                ox.serialize(quads, fh, ox.RdfFormat.N_QUADS)
        total = args.articles * args.quads_per_article
        print(f"# {args.articles} articles x {args.quads_per_article} quads = {total} quads "
              f"({nq.stat().st_size / 1e6:.1f} MB N-Quads)")
        results = {}
        runs: dict[str, list[dict[str, float]]] = {m: [] for m in methods}
        for _ in range(args.repeat):  # interleaved, so drifting machine load hits every method alike
            for method in methods:
                workdir = tmp / method.replace("/", "_")
                workdir.mkdir()
                out = subprocess.run(
                    [sys.executable, __file__, "--child", method, "--nq", str(nq), "--dir", str(workdir),
                     "--articles", str(args.articles), "--quads-per-article", str(args.quads_per_article)],
                    capture_output=True, text=True, check=False,
                )
                shutil.rmtree(workdir, ignore_errors=True)
                if out.returncode != 0:
                    print(f"{method}: FAILED {out.stderr.strip().splitlines()[-1:]}")
                    continue
                r = json.loads(out.stdout.strip().splitlines()[-1])
                assert r["quads"] == total, f"{method} stored {r['quads']} quads, expected {total}"
                runs[method].append(r)
        results = {}
        for method, rs in runs.items():
            if rs:
                secs = sorted(r["seconds"] for r in rs)
                results[method] = {"seconds": statistics.median(secs), "min_s": secs[0], "max_s": secs[-1],
                                   "quads": rs[0]["quads"], "peak_rss_mb": max(r["peak_rss_mb"] for r in rs)}
        base = results["baseline-bulk_load"]["quads"] / results["baseline-bulk_load"]["seconds"]
        print(f"{'method':28} {'median s':>8} {'(min-max)':>13} {'quads/s':>10} {'vs baseline':>11} {'peak RSS MB':>11}")
        for method, r in results.items():
            rate = r["quads"] / r["seconds"]
            r["quads_per_s"] = rate
            r["ratio"] = rate / base
            spread = f"({r['min_s']:.1f}-{r['max_s']:.1f})"
            print(f"{method:28} {r['seconds']:8.2f} {spread:>13} {rate:10.0f} {rate / base:10.2f}x "
                  f"{r['peak_rss_mb']:11.0f}", flush=True)
        meta = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]),
            "nproc": os.cpu_count(),
            "machine": platform.platform(),
            "pyoxigraph": getattr(ox, "__version__", "?"),
        }
        print(f"# {meta}")
        if args.json:
            args.json.write_text(json.dumps({"meta": meta, "results": results}, indent=1))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
