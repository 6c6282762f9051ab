"""Precision, recall and F1 of the extracted facts on real news reports, against gold written blind.

``python -m kg.evaluation.realworld --texts DIR [--gold DIR] [--split dev|test|all] [--ner rules|stanza|both] [-v]``

The reports are third-party pages: their texts are kept outside the project (``--texts``, one ``<id>.txt``
each); the project keeps only each report's URL, how it was found, and the gold (``tests/data/realworld/<id>.yaml``,
schema in that folder's README). Gold names places, bases and forces in Arabic as the text writes them, so
matching is by name, not by our entity keys:

* a name matches a predicted entity when their *cores* are equal or one core is a run of the other's words —
  the core is the match key without generic head nouns («قاعدة», «معسكر», «مطار», «مقر»), trailing type
  adjectives («الجوية», «العسكرية») and a leading article; or when the gazetteer reads the gold name as that
  entity (a country, «القوات الفرنسية» → France);
* **handover** = base (null: a collective handover) + status + negation + date (the value at its precision;
  a null gold date accepts no date or a date inferred from publication);
* **troop count** = value or min/max + qualifier + every gold place (the count's place or country) + as-of year
  (when gold gives one); force and kind are reported apart, not scored;
* **agreement** = date (null accepts no date); **withdrawal** = force + from + to + status + negation.

Each gold fact matches at most one predicted fact (maximum bipartite matching). The ``test`` split is frozen:
only its totals are printed, never its misses, so nobody fixes the extractor against it.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kg.errors import ConfigError, KgError
from kg.evaluation.facts import TABLE_HEAD, Score, print_misses, table_row
from kg.facts import BY_NAME
from kg.model import Agreement, Article, Entity, Extraction, Fact, Handover, TroopCount, Withdrawal

TYPES: dict[str, type[Fact]] = {n: BY_NAME[n].cls for n in ("handovers", "troops", "agreements", "withdrawals")}
#: The fact types the issue's goal is stated on (the others are reported too).
SCORED = ("handovers", "troops", "agreements")
#: Theatres the extractor was first written for; every other theatre is "unseen".
SEEN_THEATRES = frozenset({"iraq"})

_HEADS = {"قاعده", "معسكر", "مطار", "مقر", "ثكنه", "موقع", "حاميه", "مقار", "مقرات", "قواعد"}
_TAILS = {"الجويه", "الجوي", "العسكريه", "العسكري", "الجويتين", "العسكريتين"}
_QUOTES = set("\"'«»“”()[]")


def _key(s: str) -> str:
    from kg.text.normalize import normalize_key

    return normalize_key(s)


def core(name: str) -> tuple[str, ...]:
    """Comparable words of a name: match keys without head nouns, type adjectives, quotes and a leading ال."""
    from kg.text.tokens import tokenize

    words = [k for k in (_key(t.text) for t in tokenize(name)) if k and k not in _QUOTES]
    for i, w in enumerate(words):
        if w.startswith("ال") and w[2:] in _HEADS:
            words[i] = w[2:]
    while words and words[0] in _HEADS:
        words = words[1:]
    while words and words[-1] in _TAILS:
        words = words[:-1]
    if words and words[0].startswith("ال") and len(words[0]) > 3:
        words[0] = words[0][2:]
    return tuple(words)


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return n > 0 and any(big[i : i + n] == small for i in range(len(big) - n + 1))


def names_match(a: str, b: str) -> bool:
    ca, cb = core(a), core(b)
    if not ca or not cb:
        return False
    return ca == cb or _contains(ca, cb) or _contains(cb, ca)


@dataclass
class Resolver:
    """What a gold name can denote: entity keys the gazetteer reads it as, besides plain name matching."""

    gazetteer: Any

    def keys(self, name: str) -> set[str]:
        from kg.gazetteer import clitic_variants, name_keys

        out: set[str] = set()
        keys = name_keys(name)
        if not keys:
            return out
        for _cut, first in clitic_variants(keys[0]):
            for e in self.gazetteer.lookup_keys((first, *keys[1:])):
                out.add(e.key)
        for k in keys:  # «القوات الفرنسية», «الجنود الأمريكيين», «الأمريكيين»: the country of the adjective
            country = self.gazetteer.adjectives.get(k)
            if country:
                out.add(country)
        return out


@dataclass
class Case:
    """One scored report: its article, gold and metadata."""

    id: str
    split: str
    theatre: str
    article: Article
    gold: dict[str, Any]


class Matcher:
    """Decides whether a predicted fact agrees with a gold fact, within one extraction."""

    def __init__(self, ex: Extraction, resolver: Resolver) -> None:
        self.ex = ex
        self.resolver = resolver
        self._surfaces: dict[str, set[str]] = {}
        for m in ex.mentions:
            if m.entity:
                self._surfaces.setdefault(m.entity, set()).add(m.text)

    def names(self, key: str) -> set[str]:
        e: Entity | None = self.ex.entities.get(key)
        out = set(self._surfaces.get(key, ()))
        if e is not None:
            out.update(n for n in (e.label_ar, e.label_en, *e.aliases) if n)
        return out

    def entity(self, gold: Any, key: str | None) -> bool:
        """Gold names (a list of alternatives, or null) against a predicted entity key."""
        if gold is None:
            return key is None
        if key is None:
            return False
        alts = gold if isinstance(gold, list) else [gold]
        names = self.names(key)
        for g in alts:
            g = str(g)
            if key in self.resolver.keys(g) or any(names_match(g, n) for n in names):
                return True
        return False

    def place_set(self, gold: Any, keys: Iterable[str | None]) -> bool:
        """Every gold place (all together) is among the predicted places."""
        if gold is None:
            return True
        want = gold if isinstance(gold, list) else [gold]
        have = [k for k in keys if k]
        return all(any(self.entity([w], k) for k in have) for w in want)


def _date_ok(gold: Any, t: Any) -> bool:
    if gold is None:
        # none, unresolved, or only inferred from the publication date
        return t is None or getattr(t, "value", None) is None or getattr(t, "text", "x") == ""
    return t is not None and str(getattr(t, "value", None)) == str(gold)


def _same_status(g: dict[str, Any], f: Any) -> bool:
    return str(g.get("status")) == f.status and bool(g.get("negated", False)) == bool(f.negated)


def fact_matches(kind: str, g: dict[str, Any], f: Fact, m: Matcher) -> bool:
    if kind == "handovers" and isinstance(f, Handover):
        base = g.get("base")
        if base is None:
            if f.facility is not None or f.scope is None:
                return False
        elif not m.entity(base, f.facility):
            return False
        return _same_status(g, f) and _date_ok(g.get("date"), f.time)
    if kind == "troops" and isinstance(f, TroopCount):
        q = f.quantity
        if g.get("min") is not None or g.get("max") is not None:
            if (q.min, q.max) != (g.get("min"), g.get("max")):
                return False
        elif g.get("value") is not None and q.value != g.get("value"):
            return False
        if str(g.get("qualifier", "exact")) != q.qualifier:
            return False
        places = [f.place, f.country, *f.also_in]
        if not m.place_set(g.get("place"), places):
            return False
        year = g.get("year")
        if year is not None:
            got = getattr(f.as_of, "value", None) if f.as_of else None
            if not got or str(got)[:4] != str(year):
                return False
        return True
    if kind == "agreements" and isinstance(f, Agreement):
        return _date_ok(g.get("date"), f.date)
    if kind == "withdrawals" and isinstance(f, Withdrawal):
        if g.get("force") is not None and not m.entity(g.get("force"), f.force):
            return False
        if g.get("from") is not None and not m.entity(g.get("from"), f.from_place):
            return False
        if g.get("to") is not None and not m.entity(g.get("to"), f.to_place):
            return False
        return _same_status(g, f)
    return False


def _match(golds: list[dict[str, Any]], preds: list[Fact], ok: Callable[[dict[str, Any], Fact], bool]) -> dict[int, int]:
    """Maximum bipartite matching gold index -> predicted index (augmenting paths; sets are small)."""
    adj = [[j for j, p in enumerate(preds) if ok(g, p)] for g in golds]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(golds)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def describe(f: Fact, ex: Extraction) -> str:
    def lab(k: str | None) -> str | None:
        if k is None:
            return None
        e = ex.entities.get(k)
        return e.label_ar if e else k

    if isinstance(f, Handover):
        t = f.time.value if f.time else None
        return f"Handover({lab(f.facility) or f.scope!r}, {f.status}{', negated' if f.negated else ''}, {t})"
    if isinstance(f, TroopCount):
        q = f.quantity
        fig = q.value if q.qualifier != "range" else f"{q.min}-{q.max}"
        places = [lab(p) for p in (f.place, f.country, *f.also_in) if p]
        return (f"TroopCount({q.qualifier} {fig}, force={lab(f.force)}, places={places}, "
                f"as_of={f.as_of.value if f.as_of else None}, kind={f.kind})")
    if isinstance(f, Agreement):
        return f"Agreement({f.kind}, {f.date.value if f.date else None})"
    if isinstance(f, Withdrawal):
        return (f"Withdrawal({lab(f.force)}, from={lab(f.from_place)}, to={lab(f.to_place)}, {f.status}"
                f"{', negated' if f.negated else ''})")
    return type(f).__name__


def score_case(case: Case, ex: Extraction, resolver: Resolver) -> dict[str, Score]:
    m = Matcher(ex, resolver)
    out: dict[str, Score] = {}
    for kind, cls in TYPES.items():
        golds = [g for g in (case.gold.get(kind) or []) if isinstance(g, dict)]
        preds = [f for f in ex.facts if isinstance(f, cls)]
        pairs = _match(golds, preds, lambda g, p, kind=kind: fact_matches(kind, g, p, m))  # type: ignore[misc]
        s = Score(tp=len(pairs), fn=len(golds) - len(pairs), fp=len(preds) - len(pairs))
        used = set(pairs.values())
        s.misses = [f"{case.id}: {_short(g)}" for i, g in enumerate(golds) if i not in pairs]
        s.extras = [f"{case.id}: {describe(p, ex)}" for j, p in enumerate(preds) if j not in used]
        out[kind] = s
    return out


def _short(g: dict[str, Any]) -> str:
    keep = {k: v for k, v in g.items() if v not in (None, False, [], "") and k not in ("base_en", "name_en", "approx")}
    return str(keep)


def load_cases(gold_dir: Path, texts_dir: Path, split: str) -> tuple[list[Case], list[str]]:
    """Gold files of ``split`` with their texts; returns (cases, warnings)."""
    from kg.ingest import read_inputs

    if not gold_dir.is_dir():
        raise ConfigError(f"gold folder not found: {gold_dir}")
    if not texts_dir.is_dir():
        raise ConfigError(f"texts folder not found: {texts_dir} (the report texts are kept outside the project;"
                          f" see {gold_dir / 'README.md'} for how to get them)")
    cases: list[Case] = []
    warnings: list[str] = []
    for path in sorted(gold_dir.glob("*.yaml")):
        try:
            gold = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read gold file {path}: {exc}") from exc
        if split != "all" and gold.get("split") != split:
            continue
        rid = str(gold.get("id") or path.stem)
        txt = texts_dir / f"{rid}.txt"
        if not txt.is_file():
            warnings.append(f"{rid}: text {txt} missing; skipped")
            continue
        digest = hashlib.sha256(txt.read_bytes()).hexdigest()
        if gold.get("text_sha256") and gold["text_sha256"] != digest:
            warnings.append(f"{rid}: text differs from the one the gold was written on (sha256)")
        items = list(read_inputs([txt], max_article_bytes=5_000_000))
        article = items[0] if items and isinstance(items[0], Article) else None
        if article is None:
            warnings.append(f"{rid}: cannot read {txt}: {items[0] if items else 'empty'}")
            continue
        cases.append(Case(rid, str(gold.get("split")), str(gold.get("theatre", "?")), article, gold))
    return cases, warnings


def evaluate(cases: list[Case], process: Callable[[Article], Extraction], resolver: Resolver
             ) -> dict[str, dict[str, dict[str, Score]]]:
    """Scores by split, then by group (``all``, ``seen``, ``unseen``, ``theatre:X``), then by fact type."""
    out: dict[str, dict[str, dict[str, Score]]] = {}
    for case in cases:
        ex = process(case.article)
        per = score_case(case, ex, resolver)
        groups = ("all", "seen" if case.theatre in SEEN_THEATRES else "unseen", f"theatre:{case.theatre}")
        for group in groups:
            bucket = out.setdefault(case.split, {}).setdefault(group, {})
            for kind, s in per.items():
                tot = bucket.setdefault(kind, Score())
                tot.add(s)
                tot.misses.extend(s.misses)
                tot.extras.extend(s.extras)
    return out


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [f"### {title}", "", *TABLE_HEAD]
    lines += [table_row(kind, scores.get(kind, Score())) for kind in TYPES]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from kg.resources import checkout_root

    ap = argparse.ArgumentParser(prog="python -m kg.evaluation.realworld", description=__doc__.split("\n\n")[0])
    ap.add_argument("--texts", type=Path, required=True, help="folder of <id>.txt report texts")
    ap.add_argument("--gold", type=Path, default=checkout_root() / "tests" / "data" / "realworld")
    ap.add_argument("--split", default="dev", choices=["dev", "test", "all"])
    ap.add_argument("--ner", default="both", choices=["rules", "stanza", "both"])
    ap.add_argument("--theatres", action="store_true", help="also one table per theatre")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and extras (dev split only)")
    args = ap.parse_args(argv)
    try:
        from kg.config import Settings
        from kg.pipeline import Pipeline

        pipeline = Pipeline(Settings(), ner=args.ner)
        cases, warnings = load_cases(args.gold, args.texts, args.split)
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
        results = evaluate(cases, pipeline.process, Resolver(pipeline.gazetteer))
        for split in sorted(results):
            n = sum(1 for c in cases if c.split == split)
            groups = results[split]
            print(f"## split {split} ({n} reports, ner={args.ner})\n")
            for group in ("all", "seen", "unseen"):
                if group in groups:
                    print(table(f"{split} / {group}", groups[group]) + "\n")
            if args.theatres:
                for group in sorted(g for g in groups if g.startswith("theatre:")):
                    print(table(f"{split} / {group}", groups[group]) + "\n")
            if args.verbose and split != "test":
                print_misses(groups["all"])
    except KgError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
