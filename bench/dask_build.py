"""`kg build --executor dask` against a serial build of the same articles, in the same run.

Both go through the public path (``kg.pipeline.build``, what ``kg build`` calls) into fresh embedded stores,
with the provenance time stamp pinned, and the two stores' N-Quads are compared. With ``--also-processes`` the
single-machine ``--workers N`` build is timed too. Wall times include everything a user waits for: reading,
extraction, mapping, loading, consolidation, and for Dask the cluster start-up and the per-worker model
loading. Exits 1 if the graphs differ.

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
from datetime import UTC, datetime
from pathlib import Path

from kg.config import Settings
from kg.pipeline import BuildReport, build
from kg.store import open_store

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def timed_build(paths: list[Path], settings: Settings, workers: int = 1) -> tuple[float, BuildReport, bytes]:
    """Wall seconds, the report, and the store's sorted N-Quads after one build into a fresh store."""
    status: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp, open_store(str(Path(tmp) / "store")) as store:
        started = time.perf_counter()
        report = build(paths, store, settings, workers=workers, extracted_at=WHEN, on_status=status.append)
        seconds = time.perf_counter() - started
        out = io.BytesIO()
        store.dump(out, "application/n-quads")
    for line in status:
        print(f"  {line}")
    return seconds, report, b"\n".join(sorted(out.getvalue().splitlines()))


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path(__file__).resolve().parents[1] / "examples" / "articles"])
    parser.add_argument("--scheduler", default=f"local:{os.cpu_count() or 1}")
    parser.add_argument("--ner", default="rules", choices=["rules", "stanza", "both"])
    parser.add_argument("--shard", type=int, default=25, help="articles per Dask task")
    parser.add_argument("--also-processes", action="store_true", help="also time kg build --workers N")
    args = parser.parse_args()

    base = Settings(ner=args.ner)
    rows: list[tuple[str, float, BuildReport]] = []
    serial_s, serial, serial_nq = timed_build(args.paths, base)
    rows.append(("serial, one process (baseline)", serial_s, serial))
    same = True
    if args.also_processes:
        n = int(args.scheduler.partition(":")[2]) if args.scheduler.startswith("local:") else 2
        s, report, nq = timed_build(args.paths, base, workers=n)
        rows.append((f"kg build --workers {n}", s, report))
        same &= nq == serial_nq
    dask = base.model_copy(update={"executor": "dask", "dask_scheduler": args.scheduler, "dask_shard_articles": args.shard})
    dask_s, report, dask_nq = timed_build(args.paths, dask)
    rows.append((f"kg build --executor dask --scheduler {args.scheduler}", dask_s, report))
    same &= dask_nq == serial_nq

    print(f"articles: {serial.ok} ok, {len(serial.failed)} failed; quads: {serial.triples}; ner: {args.ner}; "
          f"shard: {args.shard}; load: {os.getloadavg()[0]:.2f}")
    print("| run | wall s | articles/s | speed-up |")
    print("|---|---|---|---|")
    for name, seconds, rep in rows:
        print(f"| {name} | {seconds:.2f} | {rep.ok / seconds:.1f} | {serial_s / seconds:.2f}× |")
    print(f"identical N-Quads: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
