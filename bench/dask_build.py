"""Extraction on a local Dask cluster, checked against a serial run of the same articles.

Shows the path of docs/scaling.md ("Extraction on Dask") on one machine: a ``distributed.LocalCluster`` on
127.0.0.1 (worker processes, one Pipeline each, initialized once per worker), articles sent in chunks,
results gathered in input order, the single writer turning them into the same N-Quads as a serial build.
Prints both wall times and whether the outputs are identical; exits 1 if they are not.

    pip install 'dask[distributed]'
    python bench/dask_build.py [PATH ...] [--workers 2] [--ner rules] [--chunk 8]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from kg.config import Settings
from kg.ingest import InputFailure, read_inputs
from kg.parallel import _init_worker, _process_chunk
from kg.pipeline import Pipeline
from kg.rdf.mapping import extraction_to_quads

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def nquads(results: list, base_iri: str) -> list[bytes]:
    """Sorted N-Quads of every extraction (failures as marker lines), with a fixed extraction time."""
    lines: list[bytes] = []
    for result in results:
        if not hasattr(result, "facts"):
            lines.append(f"FAILURE {result!r}".encode())
            continue
        graph = extraction_to_quads(result, base_iri, extracted_at=WHEN)
        lines.extend((ox.serialize(graph.quads, format=ox.RdfFormat.N_QUADS) or b"").splitlines())
    return sorted(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[Path(__file__).resolve().parents[1] / "examples" / "articles"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ner", default="rules", choices=["rules", "stanza", "both"])
    parser.add_argument("--chunk", type=int, default=8)
    args = parser.parse_args()
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("needs dask.distributed: pip install 'dask[distributed]'", file=sys.stderr)
        return 2

    settings = Settings(ner=args.ner)
    articles = [a for a in read_inputs(args.paths, max_article_bytes=settings.max_article_bytes)
                if not isinstance(a, InputFailure)]
    started = time.perf_counter()
    pipeline = Pipeline(settings, ner=args.ner)
    serial = [pipeline.process(a) for a in articles]
    serial_s = time.perf_counter() - started

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        started = time.perf_counter()
        client.run(_init_worker, settings, args.ner)
        chunks = [articles[i : i + args.chunk] for i in range(0, len(articles), args.chunk)]
        futures = client.map(_process_chunk, chunks, pure=False)
        dask_results = [r for chunk in client.gather(futures) for r in chunk]
        dask_s = time.perf_counter() - started

    identical = nquads(serial, settings.base_iri) == nquads(dask_results, settings.base_iri)
    print(f"articles: {len(articles)}  ner: {args.ner}  workers: {args.workers}")
    print(f"serial (one process, baseline): {serial_s:.2f} s  ({len(articles) / serial_s:.1f} articles/s)")
    print(f"dask LocalCluster (incl. worker model loading): {dask_s:.2f} s  ({len(articles) / dask_s:.1f} articles/s)")
    print(f"identical N-Quads: {identical}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
