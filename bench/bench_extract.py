"""Extraction benchmark: articles/s, wall time and peak RSS of ``kg.pipeline.Pipeline.process`` on a
synthetic corpus (bench/gen_corpus.py), beside a baseline measured in the same run.

    .venv/bin/python bench/bench_extract.py [--sizes 1000,10000] [--ner rules,stanza,both] [--workers 1]

Each (size, mode) runs in its own process, streaming the corpus (articles are read, processed and dropped
one at a time, as ``kg build`` does), so its peak RSS is its own. The baseline is the language layer alone
— sentence split, tokenization, date and quantity finding — over the same articles. Startup (loading the
gazetteer and models) is timed apart from the per-article loop. Goals: peak RSS < 2 GB at 100k articles
and time(100k) / time(10k) <= 11.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import gen_corpus  # noqa: E402

MODES = ("baseline", "rules", "stanza", "both")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, corpus: Path, workers: int) -> dict[str, float]:
    """Process the corpus in one mode; returns the figures as a dict (printed as JSON by the caller)."""
    from kg.config import Settings
    from kg.ingest import InputFailure, read_inputs

    settings = Settings()
    files = sorted(corpus.glob("*.jsonl"))

    def articles():  # type: ignore[no-untyped-def]
        for item in read_inputs(files, max_article_bytes=settings.max_article_bytes):
            if not isinstance(item, InputFailure):
                yield item

    t0 = time.perf_counter()
    n = mentions = facts = failed = 0
    if mode == "baseline":
        from kg.text.sentences import split_sentences
        from kg.text.tokens import tokenize
        from kg.values.dates import find_dates
        from kg.values.numbers import find_quantities

        startup = time.perf_counter() - t0
        t1 = time.perf_counter()
        for article in articles():
            for s in split_sentences(article.text):
                tokenize(s.text, s.start)
                facts += len(find_dates(s.text, article.published, s.start))
                facts += len(find_quantities(s.text, s.start))
            n += 1
    else:
        if workers > 1:  # workers load the models themselves; their startup is inside the loop time
            from kg.parallel import process_parallel

            startup = 0.0
            t1 = time.perf_counter()
            results = process_parallel(articles(), settings, workers, ner=mode)  # type: ignore[arg-type]
        else:
            from kg.pipeline import Pipeline

            pipeline = Pipeline(settings, ner=mode)  # type: ignore[arg-type]
            startup = time.perf_counter() - t0
            t1 = time.perf_counter()
            results = ((a, _safe(pipeline, a)) for a in articles())
        for _article, extraction in results:
            n += 1
            if not hasattr(extraction, "facts"):
                failed += 1
                continue
            mentions += len(extraction.mentions)
            facts += len(extraction.facts)
    seconds = time.perf_counter() - t1
    return {"articles": n, "seconds": seconds, "startup_s": startup, "peak_rss_mb": _peak_rss_mb(),
            "mentions": mentions, "facts_or_values": facts, "failed": failed}


def _safe(pipeline, article):  # type: ignore[no-untyped-def]
    """A failing article counts as failed, as in ``kg build``; it never stops the benchmark."""
    try:
        return pipeline.process(article)
    except Exception as exc:  # noqa: BLE001
        return f"{type(exc).__name__}: {exc}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000", help="comma-separated corpus sizes, e.g. 1000,10000,100000")
    ap.add_argument("--ner", default="rules", help="comma-separated modes among rules,stanza,both")
    ap.add_argument("--workers", type=int, default=1, help="extraction processes (kg.parallel)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--corpus-dir", type=Path, help="keep generated corpora here (default: a temp dir)")
    ap.add_argument("--json", type=Path, help="append the figures here (JSON lines)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.workers)))
        return

    sizes = [int(s) for s in args.sizes.split(",")]
    modes = ["baseline", *[m for m in args.ner.split(",") if m in MODES and m != "baseline"]]
    root = args.corpus_dir or Path(tempfile.mkdtemp(prefix="kg-bench-extract-"))
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python", *sys.argv]),
        "nproc": os.cpu_count(),
        "machine": platform.platform(),
    }
    results: list[dict[str, object]] = []
    try:
        print(f"{'size':>7} {'mode':9} {'wall s':>8} {'art/s':>8} {'vs base':>8} {'startup s':>9} "
              f"{'peak RSS MB':>11} {'failed':>6}")
        for size in sizes:
            corpus = root / f"corpus-{size}"
            if not corpus.exists():
                gen_corpus.generate(size, corpus, seed=args.seed)
            base_rate = None
            for mode in modes:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", mode, "--corpus", str(corpus),
                     "--workers", str(args.workers if mode != "baseline" else 1)],
                    capture_output=True, text=True, check=False,
                )
                if out.returncode != 0:
                    print(f"{size:>7} {mode:9} FAILED: {(out.stderr.strip().splitlines() or ['?'])[-1]}")
                    continue
                r = json.loads(out.stdout.strip().splitlines()[-1])
                rate = r["articles"] / r["seconds"] if r["seconds"] else float("nan")
                if mode == "baseline":
                    base_rate = rate
                ratio = rate / base_rate if base_rate else float("nan")
                print(f"{size:>7} {mode:9} {r['seconds']:8.1f} {rate:8.1f} {ratio:7.3f}x {r['startup_s']:9.1f} "
                      f"{r['peak_rss_mb']:11.0f} {r['failed']:>6}", flush=True)
                results.append({"size": size, "mode": mode, "workers": args.workers, **r, "articles_per_s": rate,
                                 **meta})
        by = {(r["size"], r["mode"]): r["seconds"] for r in results}
        for mode in modes:
            ordered = sorted(s for s, m in by if m == mode)
            for small, big in zip(ordered, ordered[1:], strict=False):
                print(f"# {mode}: time({big}) / time({small}) = {by[(big, mode)] / by[(small, mode)]:.2f} "
                      f"(linear = {big / small:.0f})")
        print(f"# {meta}")
        if args.json:
            with args.json.open("a", encoding="utf-8") as fh:
                for r in results:
                    fh.write(json.dumps(r) + "\n")
    finally:
        if args.corpus_dir is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
