"""Language-layer benchmark: articles/s for the pure-Python layer (normalize + split + tokenize + dates +
quantities) over the seed articles, beside a baseline measured in the same run.

    .venv/bin/python bench/bench_language.py [--seeds ../shared/seeds] [--repeat 40]

The baseline is the cheapest pass that touches the same text the same way a regex layer must: ``str.split()``
plus one ``re.finditer`` for digit runs and one for Arabic words. Each stage is also timed alone, so a
regression shows where it is. Single process, single thread; rates use this process's CPU time (best of
3 runs), so they are per-core figures even when other jobs share the machine.
"""

from __future__ import annotations

import argparse
import platform
import re
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from kg.text import normalize, split_sentences, tokenize
from kg.values.dates import find_dates
from kg.values.numbers import find_quantities

ROOT = Path(__file__).resolve().parents[1]
_HEADER_DATE = re.compile(r"\bdate (\d{4}-\d{2}-\d{2})")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_WORDS = re.compile(r"[\u0621-\u064a]+")


def _load(seeds: Path) -> list[tuple[str, date | None]]:
    out = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = _HEADER_DATE.search(text[:200])
        out.append((text, date.fromisoformat(m.group(1)) if m else None))
    if not out:
        sys.exit(f"no *.txt articles in {seeds}")
    return out


def baseline(text: str, published: date | None) -> int:
    n = len(text.split())
    n += sum(1 for _ in _DIGITS.finditer(text))
    n += sum(1 for _ in _WORDS.finditer(text))
    return n


def full_layer(text: str, published: date | None) -> int:
    """What the pipeline runs per article: everything per sentence, spans into the article."""
    normalize(text)
    n = 0
    for s in split_sentences(text):
        n += len(tokenize(s.text, s.start))
        n += len(find_dates(s.text, published, s.start))
        n += len(find_quantities(s.text, s.start))
    return n


STAGES: dict[str, Callable[[str, date | None], object]] = {
    "normalize": lambda t, p: normalize(t),
    "split_sentences": lambda t, p: split_sentences(t),
    "tokenize": lambda t, p: tokenize(t),
    "find_dates": lambda t, p: find_dates(t, p),
    "find_quantities": lambda t, p: find_quantities(t),
}


def _rate(
    fn: Callable[[str, date | None], object], articles: list[tuple[str, date | None]], repeat: int
) -> float:
    for text, pub in articles:  # warm-up (regex compilation, caches)
        fn(text, pub)
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()  # CPU time of this process: the per-core figure, robust to a busy machine
        for _ in range(repeat):
            for text, pub in articles:
                fn(text, pub)
        best = min(best, time.process_time() - t0)
    return repeat * len(articles) / best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT / ".." / "shared" / "seeds")
    ap.add_argument("--repeat", type=int, default=40, help="passes over the seed set per timing run")
    ap.add_argument("--no-ner", action="store_true", help="skip the recognizers (no torch/Stanza)")
    ap.add_argument("--model-dir", type=Path, default=None, help="Stanza NER model (default: the shipped one)")
    args = ap.parse_args()
    articles = _load(args.seeds.resolve())
    chars = sum(len(t) for t, _ in articles) / len(articles)
    print(f"python {platform.python_version()} on {platform.machine()}; {len(articles)} articles, "
          f"{chars:.0f} chars each on average, x{args.repeat} per run, best of 3, CPU time")  # fmt: skip
    base = _rate(baseline, articles, args.repeat)
    full = _rate(full_layer, articles, args.repeat)
    print(f"{'baseline (str.split + 2 x re.finditer)':44s} {base:10.0f} articles/s")
    print(
        f"{'kg language layer (all stages, per sentence)':44s} {full:10.0f} articles/s  ({base / full:.0f}x slower)"
    )
    for name, fn in STAGES.items():
        print(f"  {name:42s} {_rate(fn, articles, args.repeat):10.0f} articles/s")
    if not args.no_ner:
        for name, fn in _ner_stages(args.model_dir).items():
            print(f"{name:44s} {_rate(fn, articles, max(1, args.repeat // 10)):10.0f} articles/s")


def _ner_stages(model_dir: Path | None = None) -> dict[str, Callable[[str, date | None], object]]:
    """The recognizers with the shipped Stanza model on one torch thread (the per-core figure)."""
    import torch

    from kg.config import Settings
    from kg.gazetteer import Gazetteer
    from kg.ner.merge import merge_mentions
    from kg.ner.rules import RulesRecognizer
    from kg.ner.stanza_ner import StanzaRecognizer

    torch.set_num_threads(1)
    rules = RulesRecognizer(Gazetteer.load(Settings().seeds_dir))
    stanza = StanzaRecognizer(model_dir)

    def with_ner(text: str, published: date | None) -> int:
        full_layer(text, published)
        sentences = split_sentences(text)
        return len(merge_mentions(rules.recognize(text, sentences), stanza.recognize(text, sentences)))

    def via_pipeline(text: str, published: date | None) -> int:
        """The same tagging through a full ``stanza.Pipeline`` call (a Document per article): the reference."""
        sentences = [[t.text for t in tokenize(s.text, s.start) if t.text.strip()] for s in split_sentences(text)]
        return len(stanza.tag([s for s in sentences if s], via_pipeline=True))

    return {
        "rules recognizer (gazetteer)": lambda t, p: rules.recognize(t, split_sentences(t)),
        "Stanza tagging via stanza.Pipeline (reference)": via_pipeline,
        "Stanza recognizer (shipped model, 1 thread)": lambda t, p: stanza.recognize(t, split_sentences(t)),
        "language layer + rules + Stanza + merge": with_ner,
    }


if __name__ == "__main__":
    main()
