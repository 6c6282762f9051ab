"""Link evaluation on the seed articles: ``python -m kg.evaluation.links``.

Gold: entity spans and types in ``tests/gold/entities/<article>.tsv`` and the expected entity (and QID) of each
surface form in ``tests/gold/links.tsv``. Two settings are measured: *gold spans* (the linker alone, fed the
gold mentions) and *end to end* (rules recognizer → linker; a gold mention counts as linked only when a
predicted mention has exactly its span). The QID goal is: no wrong QID, and ≥ 0.9 of the mentions whose
expected entity has a QID are linked to it.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError, ResourceMissingError
from kg.gazetteer import Gazetteer
from kg.link.linker import Linker
from kg.model import Article, Mention, MentionLabel
from kg.resources import checkout_root, resource_dir

PROJECT_ROOT = checkout_root()
DEFAULT_ARTICLES = PROJECT_ROOT.parent / "shared" / "seeds"
DEFAULT_GOLD = PROJECT_ROOT / "tests" / "gold"


@dataclass(frozen=True)
class GoldMention:
    start: int
    end: int
    label: MentionLabel
    text: str


@dataclass
class LinkScores:
    """Counts over gold mentions that have an expected link; QID counts over those whose entity has a QID."""

    mentions: int = 0
    linked: int = 0  # got some entity
    correct: int = 0  # got an expected entity
    qid_mentions: int = 0
    qid_correct: int = 0
    qid_wrong: int = 0  # linked to an entity carrying another QID (or a QID where none is expected)

    @property
    def precision(self) -> float:
        return self.correct / self.linked if self.linked else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.mentions if self.mentions else 0.0

    @property
    def qid_recall(self) -> float:
        return self.qid_correct / self.qid_mentions if self.qid_mentions else 0.0


def read_gold_mentions(path: Path) -> list[GoldMention]:
    """``start end type text`` rows (``#`` lines are comments)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        start, end, label, text = line.split("\t")[:4]
        out.append(GoldMention(int(start), int(end), label, text))  # type: ignore[arg-type]
    return out


def read_links(path: Path) -> dict[str, tuple[frozenset[str], str | None]]:
    """surface → (acceptable entity keys, with ``-`` meaning 'no seed entity'; expected QID or None)."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    out: dict[str, tuple[frozenset[str], str | None]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        out[row["surface"]] = (frozenset(row["entity"].split("|")), row["qid"] or None)
    return out


def evaluate(
    gazetteer: Gazetteer,
    articles_dir: Path,
    gold_dir: Path,
    recognize: Callable[[Article], list[Mention]] | None = None,
) -> tuple[LinkScores, list[str]]:
    """Scores over every article with a gold file; ``recognize`` None means gold spans. Returns errors too."""
    links = read_links(gold_dir / "links.tsv")
    linker = Linker(gazetteer)
    scores = LinkScores()
    errors: list[str] = []
    gold_files = sorted((gold_dir / "entities").glob("*.tsv"))
    if not gold_files:
        raise ResourceMissingError(f"no gold entity files in {gold_dir / 'entities'}")
    for gold_file in gold_files:
        article_path = articles_dir / f"{gold_file.stem}.txt"
        if not article_path.is_file():
            raise ResourceMissingError(f"seed article not found: {article_path}")
        text = article_path.read_text(encoding="utf-8")
        article = Article(key=gold_file.stem, text=text, source=article_path.name)
        gold = read_gold_mentions(gold_file)
        if recognize is None:
            mentions = [Mention(g.start, g.end, g.text, g.label, 0, "gold", "0", 1.0) for g in gold]
        else:
            mentions = recognize(article)
        linked, _ = linker.link(mentions, article)
        by_span = {(m.start, m.end): m for m in linked}
        for g in gold:
            if g.text not in links:
                continue
            expected, qid = links[g.text]
            scores.mentions += 1
            if qid:
                scores.qid_mentions += 1
            m = by_span.get((g.start, g.end))
            key = m.entity if m is not None else None
            if key is None:
                if recognize is None or m is not None:
                    errors.append(f"{gold_file.stem} {g.start}-{g.end} {g.text}: unlinked")
                continue
            seed = gazetteer.entities.get(key)
            scores.linked += 1
            ok = key in expected or (seed is None and "-" in expected)
            scores.correct += ok
            got_qid = seed.qid if seed is not None else None
            if qid and got_qid == qid:
                scores.qid_correct += 1
            if got_qid is not None and got_qid != qid:
                scores.qid_wrong += 1
            if not ok:
                errors.append(
                    f"{gold_file.stem} {g.start}-{g.end} {g.text}: got {key}, want {'|'.join(sorted(expected))}"
                )
    return scores, errors


def _rules(gazetteer: Gazetteer) -> Callable[[Article], list[Mention]]:
    from kg.ner.rules import RulesRecognizer
    from kg.text.sentences import split_sentences

    recognizer = RulesRecognizer(gazetteer)
    return lambda article: recognizer.recognize(article.text, split_sentences(article.text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kg.evaluation.links", description=__doc__.splitlines()[0])
    parser.add_argument("--seeds-dir", type=Path, default=resource_dir("seeds"))
    parser.add_argument("--articles-dir", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--gold-dir", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--verbose", action="store_true", help="list every wrong or missing link")
    args = parser.parse_args(argv)
    try:
        gazetteer = Gazetteer.load(args.seeds_dir)
        rows = []
        for name, recognize in (("gold spans", None), ("rules end-to-end", _rules(gazetteer))):
            scores, errors = evaluate(gazetteer, args.articles_dir, args.gold_dir, recognize)
            rows.append((name, scores))
            if args.verbose:
                for error in errors:
                    print(f"  [{name}] {error}")
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        "| setting | mentions | linked | correct | precision | recall | QID mentions | QID linked | wrong QIDs | QID recall |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, s in rows:
        print(
            f"| {name} | {s.mentions} | {s.linked} | {s.correct} | {s.precision:.3f} | {s.recall:.3f} "
            f"| {s.qid_mentions} | {s.qid_correct} | {s.qid_wrong} | {s.qid_recall:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
