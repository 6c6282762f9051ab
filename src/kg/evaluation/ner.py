"""Entity-level evaluation of recognizers on the seed articles (``python -m kg.evaluation.ner``).

Gold annotations live in ``tests/gold/entities/<seed>.tsv`` (``start end type text``, offsets into the seed
file as read from ``../shared/seeds``; the article text itself is never copied). Scoring is exact match on
(start, end, type) per type, plus the micro average over the scored types. A first line of the form
`` date YYYY-MM-DD …`` is metadata (publisher, URL, title), not article body: it is not annotated and
predictions inside it are ignored.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from kg.errors import KgError, ResourceMissingError
from kg.model import Mention, Sentence
from kg.ner.base import Recognizer
from kg.resources import checkout_root, resource_dir

PROJECT_ROOT = checkout_root()
DEFAULT_GOLD_DIR = PROJECT_ROOT / "tests" / "gold" / "entities"
DEFAULT_SEEDS_DIR = (PROJECT_ROOT / ".." / "shared" / "seeds").resolve()
SCORED_TYPES = ("PER", "ORG", "LOC", "FAC")


class Span(NamedTuple):
    doc: str
    start: int
    end: int
    label: str


def body_start(text: str) -> int:
    """Offset where the evaluated text starts: after a `` date …`` metadata line, else 0."""
    if text.startswith(" date ") and "\n" in text:
        return text.index("\n") + 1
    return 0


def load_gold(gold_dir: Path = DEFAULT_GOLD_DIR) -> dict[str, list[Span]]:
    """Gold spans per seed (file stem)."""
    if not gold_dir.is_dir():
        raise ResourceMissingError(f"gold annotation directory not found: {gold_dir}")
    gold: dict[str, list[Span]] = {}
    for path in sorted(gold_dir.glob("*.tsv")):
        spans = []
        for ln in path.read_text(encoding="utf-8").splitlines():
            if not ln.strip() or ln.startswith("#"):
                continue
            start, end, label, _text = ln.split("\t")
            spans.append(Span(path.stem, int(start), int(end), label))
        gold[path.stem] = spans
    return gold


def load_seeds(seeds_dir: Path = DEFAULT_SEEDS_DIR, names: Iterable[str] | None = None) -> dict[str, str]:
    """Seed texts by file stem (decoded UTF-8, line ends normalized to ``\\n``)."""
    if not seeds_dir.is_dir():
        raise ResourceMissingError(f"seed articles not found: {seeds_dir}")
    wanted = set(names) if names is not None else None
    return {
        p.stem: p.read_text(encoding="utf-8").replace("\r\n", "\n")
        for p in sorted(seeds_dir.glob("*.txt"))
        if wanted is None or p.stem in wanted
    }


def check_gold(gold: dict[str, list[Span]], texts: dict[str, str], gold_dir: Path = DEFAULT_GOLD_DIR) -> None:
    """Every gold span's stored surface text must equal the seed text at its offsets."""
    for doc, _spans in gold.items():
        text = texts[doc]
        for ln in (gold_dir / f"{doc}.tsv").read_text(encoding="utf-8").splitlines():
            if ln and not ln.startswith("#"):
                start, end, _label, surface = ln.split("\t")
                if text[int(start) : int(end)] != surface:
                    raise KgError(
                        f"gold {doc}:{start}-{end} says {surface!r}, text has {text[int(start) : int(end)]!r}"
                    )


# ------------------------------------------------------------------------------------------ scoring


def score(
    gold: Sequence[Span], pred: Sequence[Span], types: Sequence[str] = SCORED_TYPES
) -> dict[str, dict[str, float]]:
    """Exact-match P/R/F1 per type and ``micro`` over ``types``; spans of other types are ignored."""
    gold_set = {s for s in gold if s.label in types}
    pred_set = {s for s in pred if s.label in types}
    out: dict[str, dict[str, float]] = {}
    totals = [0, 0, 0]
    for t in types:
        g = {s for s in gold_set if s.label == t}
        p = {s for s in pred_set if s.label == t}
        tp, fp, fn = len(g & p), len(p - g), len(g - p)
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        out[t] = _prf(tp, fp, fn)
    out["micro"] = _prf(*totals)
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "support": float(tp + fn),
        "tp": float(tp),
        "fp": float(fp),
        "fn": float(fn),
    }


# ------------------------------------------------------------------------------------------ running


def sentence_splitter() -> Callable[[str], list[Sentence]]:
    """``kg.text.sentences.split_sentences`` when present; else split at line ends and . ؟ ! (fallback)."""
    try:
        mod = importlib.import_module("kg.text.sentences")
        return mod.split_sentences  # type: ignore[no-any-return]
    except (ImportError, AttributeError):
        return _simple_sentences


_SENT_RE = re.compile(r"[^\n.!?؟]+[.!?؟]*")


def _simple_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    for m in _SENT_RE.finditer(text):
        if m.group().strip():
            out.append(Sentence(len(out), m.start(), m.end(), m.group()))
    return out


def run(
    recognize: Callable[[str, list[Sentence]], list[Mention]],
    texts: dict[str, str],
    split: Callable[[str], list[Sentence]] | None = None,
) -> tuple[list[Span], dict[str, float]]:
    """Spans predicted over the seeds' bodies, and speed (tokens/s, sentences/s, seconds)."""
    split = split or sentence_splitter()
    pred: list[Span] = []
    n_sent = n_tok = 0
    elapsed = 0.0
    for doc, text in texts.items():
        sents = split(text)
        n_sent += len(sents)
        n_tok += sum(len(s.text.split()) for s in sents)
        t0 = time.perf_counter()
        mentions = recognize(text, sents)
        elapsed += time.perf_counter() - t0
        lo = body_start(text)
        pred.extend(Span(doc, m.start, m.end, m.label) for m in mentions if m.start >= lo)
    speed = {
        "seconds": elapsed,
        "sentences": float(n_sent),
        "tokens": float(n_tok),
        "tokens_per_s": n_tok / elapsed if elapsed else 0.0,
        "sentences_per_s": n_sent / elapsed if elapsed else 0.0,
    }
    return pred, speed


def build_rules(seeds_dir: Path | None = None) -> Recognizer | None:
    """The gazetteer rules recognizer if ``kg.ner.rules`` is installed, else None (reported as missing)."""
    try:
        mod = importlib.import_module("kg.ner.rules")
    except ImportError:
        return None
    cls = getattr(mod, "RulesRecognizer", None)
    if cls is None:
        return None
    try:
        return cls()  # type: ignore[no-any-return]
    except TypeError:
        gaz_mod = importlib.import_module("kg.gazetteer")
        gazetteer = gaz_mod.Gazetteer.load(seeds_dir or resource_dir("seeds"))
        return cls(gazetteer)  # type: ignore[no-any-return]


def format_table(title: str, scores: dict[str, dict[str, float]]) -> str:
    """A Markdown table of one system's scores."""
    lines = [
        f"**{title}**",
        "",
        "| type | P | R | F1 | gold | tp | fp | fn |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t, d in scores.items():
        lines.append(
            f"| {t} | {d['precision']:.3f} | {d['recall']:.3f} | {d['f1']:.3f} | {int(d['support'])} "
            f"| {int(d['tp'])} | {int(d['fp'])} | {int(d['fn'])} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Print P/R/F1 tables for stanza alone, rules alone and merged, and the stanza model's speed."""
    ap = argparse.ArgumentParser(prog="python -m kg.evaluation.ner", description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS_DIR)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD_DIR)
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--errors", action="store_true", help="list false positives and misses")
    args = ap.parse_args(argv)
    from kg.ner.merge import merge_mentions
    from kg.ner.stanza_ner import StanzaRecognizer

    try:
        gold_by_doc = load_gold(args.gold)
        texts = load_seeds(args.seeds, gold_by_doc)
        check_gold(gold_by_doc, texts, args.gold)
        stanza = StanzaRecognizer(args.model_dir)
        stanza.recognize("تمهيد .", [])  # load once so the speed excludes start-up
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    gold = [s for spans in gold_by_doc.values() for s in spans]
    split = sentence_splitter()
    systems: list[tuple[str, Callable[[str, list[Sentence]], list[Mention]]]] = [
        (f"stanza ({stanza.version})", stanza.recognize)
    ]
    rules = build_rules()
    if rules is not None:
        systems.append((f"rules ({rules.version})", rules.recognize))
        systems.append(
            (
                "merged (rules > stanza)",
                lambda t, s: merge_mentions(rules.recognize(t, s), stanza.recognize(t, s)),
            )
        )
    for title, fn in systems:
        pred, speed = run(fn, texts, split)
        print(format_table(title, score(gold, pred)))
        print(
            f"\nspeed: {speed['tokens']:.0f} tokens, {speed['sentences']:.0f} sentences in "
            f"{speed['seconds']:.3f} s = {speed['tokens_per_s']:.0f} tokens/s, "
            f"{speed['sentences_per_s']:.0f} sentences/s\n"
        )
        if args.errors:
            gs, ps = (
                {s for s in gold if s.label in SCORED_TYPES},
                {s for s in pred if s.label in SCORED_TYPES},
            )
            for s in sorted(ps - gs):
                print("  FP", s.doc[:3], s.label, repr(texts[s.doc][s.start : s.end]))
            for s in sorted(gs - ps):
                print("  FN", s.doc[:3], s.label, repr(texts[s.doc][s.start : s.end]))
    if rules is None:
        print("rules: not available (kg.ner.rules.RulesRecognizer is not installed); merged: not available")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
