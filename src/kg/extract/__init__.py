"""Rule-based fact extraction over the language layer (sentences, linked mentions, times, quantities).

``extract_facts`` is the only entry point the pipeline calls. Each fact type has its own module; they
share the normalized sentence views (:mod:`kg.extract.context`), the trigger and status lexicons
(:mod:`kg.extract.lexicon`), entity look-ups (:mod:`kg.extract.actors`) and the confidence scheme
(:mod:`kg.extract.confidence`). See docs/facts.md.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping, Set
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import ModuleType

from kg.extract import (
    actors,
    agreements,
    confidence,
    context,
    handovers,
    lexicon,
    phases,
    statements,
    troops,
    withdrawals,
)
from kg.extract.context import ArticleContext, build_views, norm
from kg.facts import BY_NAME, spec_of
from kg.gazetteer import Gazetteer
from kg.lexicon import Lexicon
from kg.model import (
    Agreement,
    Article,
    Entity,
    Fact,
    Handover,
    Mention,
    Precision,
    Quantity,
    Sentence,
    TimeValue,
    Withdrawal,
    date_at,
    period_of,
)
from kg.text.analysis import Analysis

__all__ = ["extract_facts", "fact_key", "RULE_VERSIONS", "RULES", "rule_versions"]

#: the rule module of each fact type (see kg.facts for the specs)
RULES: dict[str, ModuleType] = {
    "handovers": handovers, "withdrawals": withdrawals, "agreements": agreements,
    "phases": phases, "troops": troops, "statements": statements,
}
assert set(RULES) == set(BY_NAME) and all(RULES[n].METHOD == BY_NAME[n].method for n in RULES)
#: the hand-set base version of each rule; the version written into the graph adds a content fingerprint
RULE_VERSIONS = {m.METHOD: m.VERSION for m in RULES.values()}


@lru_cache(maxsize=16)
def rule_versions(data_fingerprint: str) -> dict[str, str]:
    """Version of every rule as written into the graph: its base version plus a fingerprint of the rule's own
    code, the extractor's shared code and the data it reads (lexicons, seeds), so any change shows."""
    shared = b"".join(_source(m) for m in (context, actors, lexicon, confidence, sys.modules[__name__]))
    out = {}
    for m in RULES.values():
        digest = hashlib.sha256(_source(m) + shared + data_fingerprint.encode()).hexdigest()[:10]
        out[m.METHOD] = f"{m.VERSION}+{digest}"
    return out


def _source(module: ModuleType) -> bytes:
    path = getattr(module, "__file__", None)
    try:
        return Path(path).read_bytes() if path else module.__name__.encode()
    except OSError:
        return module.__name__.encode()


def fact_key(f: Fact, entities: Mapping[str, Entity] | None = None,
             coalition: Set[str] = frozenset()) -> tuple[object, ...]:
    """Identity of a fact inside one article (the spec's): the same event reported twice is one fact."""
    return spec_of(f).identity(f, entities or {}, coalition)


def _richness(f: Fact) -> int:
    return sum(1 for v in vars(f).values() if v not in (None, (), False))


def _dedupe(facts: list[Fact], entities: dict[str, Entity], coalition: set[str]) -> list[Fact]:
    """Keep one fact per key (the richest, then the most confident, then the first); an undated handover is
    dropped when the same facility and status is reported with a date."""
    best: dict[tuple[object, ...], Fact] = {}
    for f in facts:
        k = fact_key(f, entities, coalition)
        old = best.get(k)
        if old is None or (_richness(f), f.evidence.confidence) > (_richness(old), old.evidence.confidence):
            best[k] = f
    dated = {(k[0], k[1], k[2], k[3]) for k, f in best.items() if isinstance(f, Handover) and f.time is not None}
    # (an unresolved date, «العام الماضي» in an undated report, dates nothing)
    dated_kinds = {f.kind for f in best.values() if isinstance(f, Agreement) and f.date is not None
                   and f.date.value is not None}
    def states(parties: tuple[str, ...]) -> set[str]:
        """Parties with the state a capital stands for («واشنطن ومدريد» are the United States and Spain)."""
        out = set(parties)
        for p in parties:
            e = entities.get(p)
            if e is not None and e.type == "City":
                out.update(e.located_in)
        return out

    dated_parties = {p for f in best.values() if isinstance(f, Agreement) and f.date is not None
                     and f.date.value is not None for p in states(f.parties)}
    if dated_kinds:  # an undated «الاتفاق» with no parties, or one of its parties, is the agreement already dated
        dated_kinds.add("Agreement")
    out = []
    for k, f in best.items():
        if isinstance(f, Handover) and f.time is None and (k[0], k[1], k[2], k[3]) in dated:
            continue
        if isinstance(f, Agreement) and f.date is None and f.kind in dated_kinds and k[2] is None and \
                f.kind != "Decision" and (
                f.kind != "Agreement" or not f.parties or states(f.parties) & dated_parties):
            continue  # «الاتفاق» again, once the article has dated it (a numbered resolution is its own)
        out.append(f)
    return sorted(out, key=lambda f: (f.evidence.start, type(f).__name__))


def _publication_time(published: date, precision: Precision) -> TimeValue:
    """A zero-width time meaning "on or before the publication date" for completed reports without a date (at
    the precision the publication date is known to: a month-only date gives «on or before July 2025»)."""
    return TimeValue(text="", start=0, end=0, value=date_at(published, precision), precision=precision,
                     earliest=None, latest=period_of(published, precision)[1], basis="relative", modifier="before")


def _no_completion_after_publication(facts: list[Fact], article: Article) -> list[Fact]:
    """A completed event cannot be dated after the article reporting it: such a time is a duration read as a
    date («انسحبت … بعد 20 عاما من الحرب») or a wrong reading, and is dropped."""
    period = article.published_period()
    if period is None:
        return facts
    out: list[Fact] = []
    for f in facts:
        t = getattr(f, "time", None)
        if isinstance(f, Handover | Withdrawal) and f.status == "completed" and t is not None and \
                t.earliest is not None and t.earliest > period[1]:
            f = replace(f, time=None)
        out.append(f)
    return out


def _fill_publication_dates(facts: list[Fact], article: Article) -> list[Fact]:
    published = article.published
    if published is None:
        return facts
    out: list[Fact] = []
    for f in facts:
        if isinstance(f, Handover | Withdrawal) and f.status == "completed" and f.time is None and not f.negated:
            ev = replace(f.evidence, confidence=round(max(0.05, f.evidence.confidence - 0.15), 3))
            f = replace(f, time=_publication_time(published, article.published_precision), evidence=ev)
        out.append(f)
    return out


def extract_facts(
    article: Article,
    sentences: list[Sentence],
    mentions: list[Mention],
    entities: dict[str, Entity],
    times: list[TimeValue],
    quantities: list[Quantity],
    lex: Lexicon | None = None,
    gazetteer: Gazetteer | None = None,
    analysis: Analysis | None = None,
) -> list[Fact]:
    """All facts one article reports, deduplicated, in text order. May add minted ``x-…`` entities (unlinked
    speakers) to ``entities``."""
    # nationality adjectives (NORP) are read by the rules themselves; as mentions they would pose as actors
    views = build_views(article.text, sentences, [m for m in mentions if m.label != "NORP"], times, quantities,
                        analysis)
    ctx = ArticleContext(article.text, article.published, article.publisher, views, entities, lex,  # type: ignore[arg-type]
                         gazetteer.adjectives if gazetteer else None,  # type: ignore[arg-type]
                         gazetteer.entities if gazetteer else None,  # type: ignore[arg-type]
                         frozenset(gazetteer.force_only_adjectives) if gazetteer else frozenset(),
                         gazetteer.capitals if gazetteer else None,  # type: ignore[arg-type]
                         published_precision=article.published_precision)
    facts: list[Fact] = []
    for module in (handovers, withdrawals, agreements, phases, troops, statements):
        facts.extend(module.extract(ctx))
    coalition = {m.entity for m in mentions if m.entity and "تحالف" in norm(m.text)}
    facts = _no_completion_after_publication(_dedupe(facts, entities, coalition), article)
    versions = rule_versions(f"{ctx.lex.fingerprint}:{gazetteer.fingerprint if gazetteer else ''}")
    facts = [replace(f, evidence=replace(f.evidence, method_version=versions.get(f.evidence.method,
                                                                                  f.evidence.method_version)))
             for f in facts]
    return _fill_publication_dates(facts, article)
