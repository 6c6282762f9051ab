"""`kg build --executor dask` against a serial build of the same articles, in the same run.

Both go through the public path (``kg.pipeline.build``, what ``kg build`` calls) into fresh embedded stores,
with the provenance time stamp pinned, and the two stores' N-Quads are compared. With ``--also-processes`` the
single-machine ``--workers N`` build is timed too. Two wall times per run: the articles phase (from the start until the last
article is committed: reading, extraction, mapping, loading, and for Dask the cluster start-up and per-worker
model loading) and the whole build (plus the ontology and the consolidation, which run on the writer alike). Exits 1 if the graphs differ.

    pip install 'kg[dask]'            # make install has it
    python bench/dask_build.py [PATH ...] [--scheduler local:2 | tcp://host:8786] [--ner rules] [--shard 25]
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kg.config import Settings
from kg.pipeline import BuildReport, build
from kg.store import open_store

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class Run:
    name: str
    seconds: float  # the whole build
    articles_s: float  # until the last article was committed: reading, extraction, mapping, loading
    report: BuildReport


def timed_build(name: str, paths: list[Path], settings: Settings, workers: int = 1) -> tuple[Run, bytes]:
    """One build into a fresh store: its timings and report, and the store's sorted N-Quads."""
    status: list[str] = []
    last = [0.0]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp, open_store(str(Path(tmp) / "store")) as store:
        started = time.perf_counter()
        report = build(paths, store, settings, workers=workers, extracted_at=WHEN, on_status=status.append,
                       on_progress=lambda _source, _ok: last.__setitem__(0, time.perf_counter()))
        seconds = time.perf_counter() - started
        out = io.BytesIO()
        store.dump(out, "application/n-quads")
    for line in status:
        print(f"  {line}", flush=True)
    return Run(name, seconds, last[0] - started, report), b"\n".join(sorted(out.getvalue().splitlines()))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path(__file__).resolve().parents[1] / "examples" / "articles"])
    parser.add_argument("--scheduler", default=f"local:{os.cpu_count() or 1}")
    parser.add_argument("--ner", default="rules", choices=["rules", "stanza", "both"])
    parser.add_argument("--shard", type=int, default=25, help="articles per Dask task")
    parser.add_argument("--also-processes", action="store_true", help="also time kg build --workers N")
    args = parser.parse_args()

    base = Settings(ner=args.ner)
    serial, serial_nq = timed_build("serial, one process (baseline)", args.paths, base)
    runs = [serial]
    same = True
    if args.also_processes:
        n = int(args.scheduler.partition(":")[2]) if args.scheduler.startswith("local:") else 2
        run, nq = timed_build(f"kg build --workers {n}", args.paths, base, workers=n)
        runs.append(run)
        same &= nq == serial_nq
    dask = base.model_copy(update={"executor": "dask", "dask_scheduler": args.scheduler, "dask_shard_articles": args.shard})
    run, dask_nq = timed_build(f"kg build --executor dask --scheduler {args.scheduler}", args.paths, dask)
    runs.append(run)
    same &= dask_nq == serial_nq

    rep = serial.report
    print(f"articles: {rep.ok} ok, {len(rep.failed)} failed; quads: {rep.triples}; ner: {args.ner}; "
          f"shard: {args.shard}; load average: {os.getloadavg()[0]:.2f}")
    print("| run | articles phase s | articles/s | speed-up | whole build s | speed-up |")
    print("|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r.name} | {r.articles_s:.2f} | {r.report.ok / r.articles_s:.1f} | "
              f"{serial.articles_s / r.articles_s:.2f}× | {r.seconds:.2f} | {serial.seconds / r.seconds:.2f}× |")
    print(f"identical N-Quads: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
