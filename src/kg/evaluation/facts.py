"""Precision, recall and F1 of the fact rules per fact type, over the seeds' gold facts and over our own
test articles: ``python -m kg.evaluation.facts [--seeds DIR] [--gold FILE] [--articles DIR] [--demo DIR [--demo-gold FILE]]
[--ner rules]``.

Articles go through the real chain (``kg.pipeline.Pipeline`` when it can be built, else the same stages
called directly: sentences → rules NER with gazetteer links → dates/quantities → ``extract_facts``).
Matching (also in docs/facts.md): a predicted fact matches an unmatched gold fact of the same type when
every key field the gold fact gives is equal — handover: facility, status, time value; withdrawal: force,
from, to, relocation, status; agreement: date value, kind; phase: number, status; troops: value/min/max,
qualifier, force, kind; statement: speaker (key, or Arabic label of the predicted speaker entity; null =
anonymous) and the anchor phrase contained in the quote (compared in match form). ``negated`` must agree
(gold default false). Each gold fact matches at most one predicted fact.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ConfigError, KgError
from kg.extract.context import norm
from kg.facts import SPECS
from kg.model import (
    Agreement,
    Article,
    Entity,
    Extraction,
    Fact,
    Handover,
    MissionPhase,
    Statement,
    TroopCount,
    Withdrawal,
)
from kg.resources import checkout_root, resource_dir

ROOT = checkout_root()
TYPES: dict[str, type[Fact]] = {s.name: s.cls for s in SPECS}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts (not its miss and extra lists)."""
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _value(t: Any) -> str | None:
    return getattr(t, "value", None) if t is not None else None


def _speaker_ok(gold: Any, fact: Statement, entities: dict[str, Entity]) -> bool:
    if gold is None:
        return fact.speaker is None
    if fact.speaker is None:
        return False
    if fact.speaker == gold:
        return True
    e = entities.get(fact.speaker)
    return e is not None and norm(e.label_ar) == norm(str(gold))


def matches(kind: str, gold: dict[str, Any], f: Fact, entities: dict[str, Entity]) -> bool:
    """True when fact ``f`` agrees with every key field ``gold`` gives (see the module docstring)."""
    if bool(gold.get("negated", False)) != bool(getattr(f, "negated", False)):
        return False
    checks: dict[str, Callable[[], object]]
    if kind == "handovers" and isinstance(f, Handover):
        checks = {"facility": lambda: f.facility, "status": lambda: f.status, "time": lambda: _value(f.time)}
        if "facility" not in gold:
            return False
    elif kind == "withdrawals" and isinstance(f, Withdrawal):
        checks = {"force": lambda: f.force, "from": lambda: f.from_place, "to": lambda: f.to_place,
                  "relocation": lambda: f.relocation, "status": lambda: f.status}
    elif kind == "agreements" and isinstance(f, Agreement):
        checks = {"date": lambda: _value(f.date), "kind": lambda: f.kind}
    elif kind == "phases" and isinstance(f, MissionPhase):
        checks = {"number": lambda: f.number, "status": lambda: f.status}
    elif kind == "troops" and isinstance(f, TroopCount):
        q = f.quantity
        checks = {"value": lambda: q.value, "min": lambda: q.min, "max": lambda: q.max,
                  "qualifier": lambda: q.qualifier, "force": lambda: f.force, "kind": lambda: f.kind}
    elif kind == "statements" and isinstance(f, Statement):
        return _speaker_ok(gold.get("speaker"), f, entities) and norm(str(gold["anchor"])) in norm(f.quote)
    else:
        return False
    def ok(want: Any, got: object) -> bool:
        if isinstance(want, list):  # several acceptable values (e.g. the country or its armed forces)
            return any(ok(w, got) for w in want)
        if want is None:
            return got is None
        if str(got) == str(want):
            return True
        e = entities.get(str(got)) if got is not None else None  # a minted entity, given by its Arabic label
        return e is not None and norm(e.label_ar) == norm(str(want))

    return all(ok(gold[k], get()) for k, get in checks.items() if k in gold)


def describe(f: Fact) -> str:
    """One line for a report."""
    keep = {k: v for k, v in vars(f).items() if k != "evidence" and v not in (None, (), False)}
    for k in ("time", "date", "deadline", "as_of"):
        if k in keep:
            keep[k] = _value(keep[k]) or keep[k].text
    if "quantity" in keep:
        q = keep["quantity"]
        keep["quantity"] = f"{q.qualifier}:{q.value}/{q.min}-{q.max}"
    if "quote" in keep:
        keep["quote"] = keep["quote"][:50]
    if "sets" in keep:
        keep.pop("sets")
    return f"{type(f).__name__}(s{f.evidence.sentence}) {keep}"


def score_article(gold: dict[str, list[dict[str, Any]]], facts: list[Fact], entities: dict[str, Entity],
                  scores: dict[str, Score], name: str) -> None:
    """Add one article's matches to ``scores``."""
    for kind, cls in TYPES.items():
        preds = [f for f in facts if isinstance(f, cls)]
        golds = list(gold.get(kind) or [])
        used: set[int] = set()
        s = scores.setdefault(kind, Score())
        for g in golds:
            hit = next((i for i, f in enumerate(preds) if i not in used and matches(kind, g, f, entities)), None)
            if hit is None:
                s.fn += 1
                s.misses.append(f"{name}: {g}")
            else:
                used.add(hit)
                s.tp += 1
        for i, f in enumerate(preds):
            if i not in used:
                s.fp += 1
                s.extras.append(f"{name}: {describe(f)}")


class Annotator:
    """Runs the language layer and ``extract_facts`` over one article."""

    def __init__(self, seeds_dir: Path, ner: str = "rules") -> None:
        from kg.gazetteer import Gazetteer
        from kg.ner.rules import RulesRecognizer

        self._pipeline: Any = None
        self.mode = "stages"
        try:
            from kg.config import Settings
            from kg.pipeline import Pipeline

            self._pipeline = Pipeline(Settings(seeds_dir=seeds_dir), ner=ner)  # type: ignore[arg-type]
            self.mode = "pipeline"
        except (ImportError, KgError, TypeError, ValueError):
            pass  # the pipeline is not complete yet: call the stages directly
        self._gazetteer = Gazetteer.load(seeds_dir)
        self._recognizer = RulesRecognizer(self._gazetteer)

    def __call__(self, article: Article) -> Extraction:
        if self._pipeline is not None:
            try:
                return self._pipeline.process(article)  # type: ignore[no-any-return]
            except ImportError:
                self._pipeline, self.mode = None, "stages"
        from kg.extract import extract_facts
        from kg.text.sentences import split_sentences
        from kg.values.dates import find_dates
        from kg.values.numbers import find_quantities

        sentences = split_sentences(article.text)
        mentions = self._recognizer.recognize(article.text, sentences)
        entities = {m.entity: self._gazetteer.entities[m.entity] for m in mentions if m.entity in self._gazetteer.entities}
        times, quantities = [], []
        for s in sentences:
            times.extend(find_dates(s.text, article.published, s.start, published_precision=article.published_precision))
            quantities.extend(find_quantities(s.text, s.start))
        facts = extract_facts(article, sentences, mentions, entities, times, quantities)
        return Extraction(article, sentences, mentions, entities, times, quantities, facts)


def read_articles(paths: Iterable[Path]) -> list[Article]:
    """Articles read by ``kg.ingest`` (so headers, dates and offsets are what the pipeline sees)."""
    from kg.ingest import read_inputs

    out = []
    for item in read_inputs(list(paths), max_article_bytes=5_000_000):
        if not isinstance(item, Article):
            raise ConfigError(f"cannot read evaluation article: {item}")
        out.append(item)
    return out


def load_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read gold file {path}: {exc}") from exc


def evaluate_set(pairs: list[tuple[Article, dict[str, Any]]], annotate: Annotator) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for article, gold in pairs:
        ex = annotate(article)
        score_article(gold, ex.facts, ex.entities, scores, Path(article.source).name)
    return scores


def seed_pairs(seeds_dir: Path, gold_file: Path) -> list[tuple[Article, dict[str, Any]]]:
    gold = load_yaml(gold_file) or {}
    files = [seeds_dir / name for name in gold]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise ConfigError(f"seed articles named in {gold_file} are missing: {', '.join(missing)}")
    return [(a, gold[Path(a.source).name]) for a in read_articles(files)]


def own_pairs(articles_dir: Path) -> list[tuple[Article, dict[str, Any]]]:
    """Our test articles: ``NAME.txt`` with its expected facts in ``NAME.facts.yaml``."""
    pairs = []
    for txt in sorted(articles_dir.glob("*.txt")):
        expected = txt.with_suffix(".facts.yaml")
        if not expected.is_file():
            raise ConfigError(f"{txt} has no expected facts file {expected.name}")
        (article,) = read_articles([txt])
        pairs.append((article, load_yaml(expected) or {}))
    return pairs


def demo_pairs(articles_dir: Path, gold_file: Path) -> list[tuple[Article, dict[str, Any]]]:
    """Any readable inputs (``.txt``, ``.html``, ``.jsonl`` …) with gold keyed by source name (``F.jsonl:N``)."""
    gold = load_yaml(gold_file) or {}
    files = sorted(p for p in articles_dir.iterdir() if p.is_file() and p.suffix in {".txt", ".html", ".htm", ".jsonl"}
                   and p.name.lower() != "readme.md")
    articles = read_articles(files)
    names = {Path(a.source).name for a in articles}
    missing = sorted(set(gold) - names)
    if missing:
        raise ConfigError(f"gold in {gold_file} names articles not found in {articles_dir}: {', '.join(missing)}")
    return [(a, gold[Path(a.source).name]) for a in articles if Path(a.source).name in gold]


TABLE_HEAD = ["| type | gold | predicted | TP | P | R | F1 |", "|---|---|---|---|---|---|---|"]


def table_row(kind: str, s: Score) -> str:
    """One Markdown row of a score table: gold, predicted, TP, P, R, F1."""
    return f"| {kind} | {s.tp + s.fn} | {s.tp + s.fp} | {s.tp} | {s.precision:.2f} | {s.recall:.2f} | {s.f1:.2f} |"


def print_misses(scores: dict[str, Score]) -> None:
    """Every missed gold fact and extra prediction of a set of scores, then a blank line."""
    for kind, s in scores.items():
        for m in s.misses:
            print(f"  MISS  {kind}: {m}")
        for e in s.extras:
            print(f"  EXTRA {kind}: {e}")
    print()


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [f"## {title}", "", *TABLE_HEAD]
    total = Score()
    for kind in TYPES:
        s = scores.get(kind, Score())
        total.add(s)
        lines.append(table_row(kind, s))
    lines.append(table_row("**all**", total))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m kg.evaluation.facts", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    ap.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold" / "facts" / "seeds.yaml")
    ap.add_argument("--articles", type=Path, default=ROOT / "tests" / "data" / "articles")
    ap.add_argument("--seeds-dir", type=Path, default=resource_dir("seeds"), help="gazetteer seeds (entities.tsv)")
    ap.add_argument("--demo", type=Path, default=None,
                    help="also score this folder of reports (e.g. examples/articles) against --demo-gold")
    ap.add_argument("--demo-gold", type=Path, default=ROOT / "tests" / "data" / "demo_gold" / "demo.yaml")
    ap.add_argument("--ner", default="rules", choices=["rules", "stanza", "both"])
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed gold facts and extra predictions")
    args = ap.parse_args(argv)
    try:
        annotate = Annotator(args.seeds_dir, args.ner)
        print(f"(language layer: {annotate.mode} at start, ner={args.ner})\n")
        sets = []
        if args.seeds.is_dir():
            sets.append(("Seeds (../shared/seeds, gold in tests/gold/facts/seeds.yaml)", seed_pairs(args.seeds, args.gold)))
        else:
            print(f"seeds folder {args.seeds} not found: skipping the seed evaluation\n")
        sets.append(("Own test articles (tests/data/articles)", own_pairs(args.articles)))
        if args.demo is not None:
            sets.append((f"Demo reports ({args.demo}, gold in {args.demo_gold.name})",
                         demo_pairs(args.demo, args.demo_gold)))
        for title, pairs in sets:
            scores = evaluate_set(pairs, annotate)
            print(table(title, scores) + "\n")
            if args.verbose:
                print_misses(scores)
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
