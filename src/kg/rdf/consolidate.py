"""The project level: one consolidated node per event, agreement, count or statement, across articles.

Consolidation works on **readings**: the reports of one thing that say exactly what matters to its clustering
(a syndicated copy of a wire story gives the same readings as the original, so it is one more attestation,
never more work). Each reported fact belongs to one reading; a reading keeps its support (how many facts), a
tally of every value its facts give, its members and its first member. Readings live in a **block** whose
nodes are a function of its readings; an incremental step recomputes the part of a block its readings can
affect (a troop count's figure and year, a statement's group: :mod:`kg.rdf.incremental`):

* handovers: block (facility or collective scope, status, negation), one reading, one node; withdrawals:
  (class, force, from, to, status, negation); mission phases: (mission, number or label, scope, status) —
  a plan and its completion differ in status, so they stay two events;
* agreements: a block per year; a reading per (kind, date); dates cluster when one contains the other (a
  coarser date — "2024", "September 2024" — merges into a finer one it contains); undated mentions are one
  agreement per kind (they used to join the only dated agreement when the store held just one);
* troop counts: block (force, country, place, kind, unit); a reading per (figure, date), clustered by
  compatible dates; two nodes of one block with different figures and compatible dates are linked
  ``kg:conflictsWith``;
* statements: a reading per (speaker, normalized quote); a node per connected component of "same words"
  (near-identical text, containment or four shared word trigrams) of one speaker; a quote without a speaker is
  one statement with the quotes that are word for word the same, never with others. Only quotes that share a word trigram are
  compared (an index of trigram fingerprints, kept in the store), never every pair of a speaker's quotes; an
  article without a publication date that shares a statement with dated articles gets an inferred publication
  window;
* minted entities (not in the seeds): block = key; display label = the name most articles give.

When the attesting articles give incompatible dates, every value stays on its attestation, the node takes the
best-attested one and is flagged ``kg:conflicting true``. The value a node shows for any property is the
most attested one (ties: the first in code-point order), so the result never depends on the order articles
came in. :mod:`kg.rdf.incremental` keeps the readings in the store and applies a batch of articles;
:func:`consolidate` recomputes everything from the article graphs of a store.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from typing import TypeVar

from pyoxigraph import Literal, NamedNode, Quad
from rapidfuzz.fuzz import ratio as rapidfuzz_ratio

from kg import model
from kg.rdf import iris
from kg.rdf.facts import (
    KG,
    ArticleContent,
    EntityRecord,
    Reported,
    Time,
    key_term,
    key_value,
    term_key,
)
from kg.rdf.mapping import _Emitter, entity_quads, time_quads
from kg.rdf.namespaces import AGREEMENT_CLASSES, PREFIXES, PROV, RDF, XSD
from kg.rdf.namespaces import KG as K

#: Days an inferred publication window extends beyond the dated reports of the same statement.
INFERRED_WINDOW_DAYS = 2
#: Similarity (difflib ratio over normalized text) above which two quotes are the same statement.
QUOTE_SIMILARITY = 0.85
#: Word trigrams two quotes must share to be one statement reported in different words: agencies paraphrase
#: ("ينهي فصلا كبيرا من مرحلة الحرب…" in both), and distinct statements of one speaker share at most a few.
QUOTE_SHARED_TRIGRAMS = 4

_PREC_RANK = {"day": 3, "month": 2, "year": 1, "decade": 0}
_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_SCHEMA = PREFIXES["schema"]

# Back-compatible names (tests and callers use them).
_Time = Time
_Reported = Reported


@dataclass
class ConsolidationReport:
    """What the consolidated graph holds after a consolidation (totals, not this run's changes)."""

    events: int = 0  # handovers, withdrawals/relocations and mission phases
    agreements: int = 0
    troop_counts: int = 0
    statements: int = 0
    conflicts: int = 0
    inferred_publications: int = 0
    assignments: int = 0
    entities: int = 0  # distinct canonical entities (seeds and minted)
    quads: int = 0  # quads written by this consolidation (consolidated graph and its state)

    def counters(self) -> dict[str, int]:
        return {k: v for k, v in self.__dict__.items() if k != "quads"}


# --------------------------------------------------------------------------------------------------- rules


def compatible(a: Time, b: Time) -> bool:
    """Two dates are the same date at different precisions when one's interval contains the other's."""
    return _nested(a.bounds(), b.bounds())


def _nested(ba: tuple[date, date] | None, bb: tuple[date, date] | None) -> bool:
    if ba is None or bb is None:
        return False
    return (ba[0] <= bb[0] and bb[1] <= ba[1]) or (bb[0] <= ba[0] and ba[1] <= bb[1])


#: Intervals longer than this many months are compared with everything (a decade spans 120).
_WIDE_MONTHS = 240


class MonthIndex:
    """Integers (positions in a list) by the calendar months their date interval covers.

    Two dates can be compatible (one interval contains the other) only if their intervals overlap, and two
    overlapping intervals share a month: so a date is compared with the others that share one of its months,
    not with every other date of the block — near-linear in the number of dates rather than quadratic."""

    def __init__(self) -> None:
        self.by_month: dict[int, list[int]] = defaultdict(list)
        self.wide: list[int] = []
        self.every: list[int] = []

    @staticmethod
    def _span(bounds: tuple[date, date]) -> tuple[int, int]:
        lo, hi = bounds
        return lo.year * 12 + lo.month - 1, hi.year * 12 + hi.month - 1

    def add(self, bounds: tuple[date, date], position: int) -> None:
        first, last = self._span(bounds)
        self.every.append(position)
        if last - first > _WIDE_MONTHS:
            self.wide.append(position)
            return
        for month in range(first, last + 1):
            self.by_month[month].append(position)

    def near(self, bounds: tuple[date, date]) -> list[int]:
        """Positions that may be compatible with ``bounds`` (a superset of those that are), in ascending order."""
        first, last = self._span(bounds)
        if last - first > _WIDE_MONTHS:
            return sorted(self.every)
        found = set(self.wide)
        for month in range(first, last + 1):
            found.update(self.by_month.get(month, ()))
        return sorted(found)


def _rank(t: Time) -> int:
    return _PREC_RANK.get(t.precision or "", -1)


def choose_time(times: Sequence[Time]) -> tuple[Time | None, bool]:
    """The time a consolidated node takes, and whether the sources conflict (see :func:`choose_weighted`)."""
    return choose_weighted(Counter(times))


def choose_weighted(tally: Mapping[Time, int]) -> tuple[Time | None, bool]:
    """The time of a node from its attestations' times (each with how many attestations give it).

    Compatible dates collapse into the finest (then the earliest); otherwise the best-attested value wins
    (then the finest, then the earliest) and the node is flagged conflicting. Among attestations of the same
    value, the most common wording is kept."""
    if not tally:
        return None, False
    dated = [t for t in tally if t.bounds() is not None]
    if not dated:
        return min(tally, key=lambda t: (-tally[t], t.key())), False
    spans = sorted({b for t in dated if (b := t.bounds()) is not None})  # compatibility depends on these only
    conflict = any(not _nested(a, b) for i, a in enumerate(spans) for b in spans[i + 1:])
    if not conflict:
        return min(dated, key=lambda t: (-_rank(t), t.value or "", -tally[t], t.key())), False
    votes: Counter[tuple[str | None, str | None]] = Counter()
    for t in dated:
        votes[(t.value, t.precision)] += tally[t]
    best = min(dated, key=lambda t: (-votes[(t.value, t.precision)], -_rank(t), t.value or "", -tally[t], t.key()))
    return best, True


T = TypeVar("T")


def _cluster(entries: Iterable[tuple[Time | None, str, T]], others: int = 0) -> list[list[T]]:
    """Group items whose dates are the same date at different precisions.

    Finest dates first (then value, then the tie-break string): each item joins the first cluster whose date
    is compatible with its own; undated items join the only cluster when there is exactly one, else form one
    together. ``others``: clusters of the same items not given here (an incremental step clusters part of them)."""
    dated: list[tuple[Time, str, T]] = []
    undated: list[T] = []
    for t, tie, item in entries:
        if t is not None and t.bounds() is not None:
            dated.append((t, tie, item))
        else:
            undated.append(item)
    dated.sort(key=lambda e: (-_rank(e[0]), e[0].value or "", e[1]))
    clusters: list[tuple[Time, list[T]]] = []
    index = MonthIndex()  # the clusters by their first date's months: each item joins the first compatible one
    for t, _, item in dated:
        bounds = t.bounds()
        assert bounds is not None
        for k in index.near(bounds):
            if compatible(clusters[k][0], t):
                clusters[k][1].append(item)
                break
        else:
            index.add(bounds, len(clusters))
            clusters.append((t, [item]))
    result = [members for _, members in clusters]
    if undated:
        if len(result) == 1 and not others:
            result[0].extend(undated)
        else:
            result.append(undated)
    return result


def cluster_by_time(items: Sequence[Reported], role: str) -> list[list[Reported]]:
    """Group reports whose ``role`` dates are the same date at different precisions (see :func:`_cluster`)."""
    return _cluster((r.times.get(role), r.iri, r) for r in items)


_TASHKEEL = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")


@lru_cache(maxsize=65536)
def normalize_quote(text: str) -> str:
    """Quote text for comparison: no diacritics, tatweel or punctuation; unified alef/ya/ta marbuta."""
    s = unicodedata.normalize("NFKC", text)
    s = _TASHKEEL.sub("", s)
    s = re.sub("[أإآٱ]", "ا", s).replace("ى", "ي").replace("ة", "ه")
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip().lower()


@lru_cache(maxsize=65536)
def _trigrams(normalized: str) -> frozenset[tuple[str, ...]]:
    words = normalized.split()
    return frozenset(tuple(words[i:i + 3]) for i in range(len(words) - 2))


def same_quote(a: str, b: str) -> bool:
    """Near-identical quotes, or the same words reported with a different frame (shared word trigrams)."""
    return _same_normalized(normalize_quote(a), normalize_quote(b))


def _same_normalized(na: str, nb: str, shared: int | None = None) -> bool:
    """:func:`same_quote` on normalized quotes (``shared``: their shared trigrams, when already counted)."""
    if not na or not nb:
        return False
    if na == nb:
        return True
    if min(len(na), len(nb)) >= 20 and (na in nb or nb in na):
        return True
    if (shared if shared is not None else len(_trigrams(na) & _trigrams(nb))) >= QUOTE_SHARED_TRIGRAMS:
        return True
    la, lb = len(na), len(nb)
    if 2 * min(la, lb) < QUOTE_SIMILARITY * (la + lb):  # the ratio cannot reach the threshold
        return False
    lo, hi = sorted((na, nb))  # difflib's ratio is not symmetric; the relation must be
    # difflib's ratio is 2·M/(la+lb) with M the characters of its matching blocks, a common subsequence, so it never
    # exceeds rapidfuzz's Indel ratio 2·LCS/(la+lb): a pair below the threshold there is below it in difflib, and is
    # rejected in microseconds (the pairs of one speaker's quotes that share a trigram cost ~1 ms each in difflib,
    # most of a build's consolidation at 10k articles). Only the pairs that pass are measured by difflib.
    if rapidfuzz_ratio(lo, hi, score_cutoff=100 * QUOTE_SIMILARITY - 1e-9) == 0:
        return False
    m = difflib.SequenceMatcher(None, lo, hi, autojunk=False)
    return m.quick_ratio() >= QUOTE_SIMILARITY and m.ratio() >= QUOTE_SIMILARITY


@lru_cache(maxsize=65536)
def quote_keys(normalized: str) -> tuple[str, ...]:
    """The candidate keys of a normalized quote: a fingerprint of each of its word trigrams (of each word, for a
    quote of fewer than three words). Two quotes are compared only when they share a key; any two that share
    four trigrams, or one that contains the other, or near-identical ones (but for very short ones) do."""
    grams = [" ".join(g) for g in sorted(_trigrams(normalized))] or ["w:" + w for w in sorted(set(normalized.split()))]
    return tuple(hashlib.blake2b(g.encode("utf-8"), digest_size=8).hexdigest() for g in grams)


# ------------------------------------------------------------------------------------------------ readings

#: per family: the properties whose values the nodes take (predicate IRIs) and the time role
FAMILY_PROPS: dict[str, tuple[tuple[str, ...], str]] = {
    "TransferOfControl": (tuple(KG + p for p in (
        "facility", "collectiveScope", "status", "negated", "transferredFrom", "transferredTo")), "time"),
    "Withdrawal": (tuple(KG + p for p in ("force", "fromPlace", "toPlace", "status", "negated")), "time"),
    "MissionPhase": ((_RDFS_LABEL, *(KG + p for p in ("phaseNumber", "mission", "scope", "status"))), "deadline"),
    "Agreement": ((_RDFS_LABEL, KG + "party", KG + "sets"), "time"),
    "TroopCount": (tuple(KG + p for p in ("force", "country", "place", "countKind", "qualifier", "inclusive"))
                   + tuple(_SCHEMA + p for p in ("value", "minValue", "maxValue", "unitText")), "asOf"),
    "Statement": (tuple(KG + p for p in ("quote", "speaker", "speakerRole", "channel")), "time"),
}
ENTITY = "Entity"


def family_of(cls: str) -> str | None:
    if cls in AGREEMENT_CLASSES:
        return "Agreement"
    if cls == "Relocation":
        return "Withdrawal"
    return cls if cls in FAMILY_PROPS else None


def _schema(r: Reported, local: str) -> str | None:
    values = r.props.get(_SCHEMA + local, [])
    return min(v.value for v in values) if values else None


def _label(r: Reported) -> str | None:
    values = r.props.get(_RDFS_LABEL, [])
    return min(v.value for v in values) if values else None


Key = tuple[object, ...]


def placement(r: Reported) -> tuple[str, Key, Key] | None:
    """The family, block and reading (unit) of a reported fact; None for a class consolidation ignores."""
    family = family_of(r.cls)
    if family is None:
        return None
    if family == "TransferOfControl":
        place = r.one("facility") or "scope:" + normalize_quote(r.one("collectiveScope") or "")
        return family, (place, r.one("status"), r.one("negated")), ()
    if family == "Withdrawal":
        return family, (r.cls, r.one("force"), r.one("fromPlace"), r.one("toPlace"), r.one("status"),
                        r.one("negated")), ()
    if family == "MissionPhase":
        label = r.one("phaseNumber") or normalize_quote(_label(r) or "")
        return family, (r.one("mission"), label, r.one("scope"), r.one("status")), ()
    if family == "Agreement":
        t = r.times.get("time")
        if t is None or t.bounds() is None:
            return family, _agreement_block(None), (r.cls, None)
        return family, _agreement_block(t), (r.cls, list(t.clustering_key()))
    if family == "TroopCount":
        subject = (r.one("force"), r.one("country"), r.one("place"), r.one("countKind"),
                   r.one("unitText") or _schema(r, "unitText"))
        figure = [r.one("qualifier"), _schema(r, "value"), _schema(r, "minValue"), _schema(r, "maxValue")]
        t = r.times.get("asOf")
        return family, subject, (figure, list(t.clustering_key()) if t and t.bounds() else None)
    return family, (r.one("speaker"),), (normalize_quote(r.one("quote") or ""),)


def _agreement_block(t: Time | None) -> Key:
    """Agreements cluster by compatible dates, which never cross a year (a decade only holds decades): the year
    of the date is the block, so an agreement's consolidation reads that year's agreements, not all of them."""
    if t is None:
        return ("undated",)
    bounds = t.bounds()
    assert bounds is not None
    lo, hi = bounds
    return (str(lo.year),) if lo.year == hi.year else (f"{lo.year // 10}0s",)


def block_id(family: str, block: Key) -> str:
    """The block as one string (the index the store keeps readings under)."""
    return family + "|" + json.dumps(block, ensure_ascii=False)


def reading_iri(base: str, family: str, block: Key, unit: Key) -> str:
    return f"{base}consolidation-state/reading/{iris.slug(family)}-{iris.short_hash(family, block, unit)}"


@dataclass(frozen=True)
class Dated:
    """The dated articles of a statement (reading or node) as far as its undated articles' inferred windows go.

    ``first`` is the least (date, article) pair, ``last`` the latest date with the least article at it: what
    :func:`inferred_window` keeps of all the pairs. Two summaries combine into the summary of the union, so a
    new dated report updates a node's without reading its other members, and an undated article's window is the
    combination of its statements' summaries (not of every report of each)."""

    first: tuple[str, str]  # (ISO date, article IRI)
    last: tuple[str, str]

    @classmethod
    def of(cls, day: date, article: str) -> Dated:
        pair = (day.isoformat(), article)
        return cls(pair, pair)

    def join(self, other: Dated | None) -> Dated:
        if other is None:
            return self
        last = min(self.last, other.last, key=lambda p: (-date.fromisoformat(p[0]).toordinal(), p[1]))
        return Dated(min(self.first, other.first), last)

    def pairs(self) -> set[tuple[date, str]]:
        return {(date.fromisoformat(d), a) for d, a in (self.first, self.last)}

    def articles(self) -> set[str]:
        return {self.first[1], self.last[1]}

    def pack(self) -> list[str]:
        return [*self.first, *self.last]

    @classmethod
    def unpack(cls, packed: Sequence[str]) -> Dated:
        return cls((packed[0], packed[1]), (packed[2], packed[3]))


def join_dated(summaries: Iterable[Dated | None]) -> Dated | None:
    """The summary of the union of some summaries (None: no dated article)."""
    out: Dated | None = None
    for d in summaries:
        if d is not None:
            out = d.join(out)
    return out


@dataclass
class Reading:
    """The reports of one thing that say the same thing that matters (see the module doc)."""

    iri: str
    family: str
    block: Key
    unit: Key
    support: int = 0
    tallies: dict[str, Counter[str]] = field(default_factory=dict)
    min_member: str | None = None
    node: str | None = None  # the node it belonged to before this batch (from the store)
    undated: Counter[str] = field(default_factory=Counter)  # undated articles among the members
    members: set[str] | None = None  # every member (a fresh consolidation keeps them in memory)
    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    existed: bool = False  # had support before this batch
    min_dirty: bool = False  # the first member was removed; the store has the others
    # statements: the (publication date, article) pairs of the dated articles among the members that bound an
    # inferred window: the earliest date (first article at it) and the latest (first article at it); see Dated
    dated: Dated | None = None
    dated_dirty: bool = False  # an article at a bound was removed; the store has the other members
    # a statement node's readings an incremental step did not load, as one reading (their tallies, support,
    # undated articles and Dated summary together; the node's first member if it is among them): see
    # kg.rdf.incremental.NodeSummary. Never written to the store.
    remainder_of: str | None = None
    represents: int = 1  # readings this one stands for
    touched: bool = False  # a member was added or removed by this batch (else its data is as stored)

    @cached_property
    def block_id(self) -> str:
        return block_id(self.family, self.block)  # the block never changes (it is part of the IRI)

    def tally(self, prop: str) -> Counter[str]:
        return self.tallies.get(prop) or Counter()

    def data(self) -> str:
        return json.dumps({
            "family": self.family, "block": self.block, "unit": self.unit, "support": self.support,
            "tallies": {p: dict(sorted(c.items())) for p, c in sorted(self.tallies.items()) if c},
            "min": self.min_member, "undated": dict(sorted(self.undated.items())),
            **({"dated": self.dated.pack()} if self.dated is not None else {}),
        }, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_data(cls, iri: str, data: str, node: str | None) -> Reading:
        d = json.loads(data)
        return cls(iri, d["family"], _tuple(d["block"]), _tuple(d["unit"]), d["support"],
                   {p: Counter(c) for p, c in d["tallies"].items()}, d["min"], node,
                   Counter(d.get("undated", {})), existed=d["support"] > 0,
                   dated=Dated.unpack(d["dated"]) if d.get("dated") else None)

    def copy(self) -> Reading:
        return Reading(self.iri, self.family, self.block, self.unit, self.support,
                       {p: Counter(c) for p, c in self.tallies.items()}, self.min_member, self.node,
                       Counter(self.undated), None if self.members is None else set(self.members),
                       set(self.added), set(self.removed), self.existed, self.min_dirty, self.dated,
                       self.dated_dirty, self.remainder_of, self.represents)


def _tuple(value: object) -> Key:
    return tuple(value) if isinstance(value, list) else ()


def _contribution(family: str, r: Reported) -> dict[str, Counter[str]]:
    props, role = FAMILY_PROPS[family]
    out: dict[str, Counter[str]] = {}
    for prop in props:
        terms = r.terms(prop)
        if terms:
            out[prop] = Counter(term_key(t) for t in terms)
    t = r.times.get(role)
    if t is not None:
        out["@" + role] = Counter({t.key(): 1})
    return out


def _entity_contribution(rec: EntityRecord) -> dict[str, Counter[str]]:
    out: dict[str, Counter[str]] = {"class": Counter(rec.classes or {"Entity"})}
    for value, lang in rec.labels:
        out.setdefault("label@" + (lang or "ar"), Counter())[value] += 1
    if rec.aliases:
        out["alias"] = Counter(rec.aliases)
    return out


def merge_tallies(into: dict[str, Counter[str]], part: Mapping[str, Counter[str]], sign: int) -> None:
    """Add (sign 1) or take away (-1) one set of tallies from another (empty counts are dropped)."""
    _merge(into, part, sign)


def _merge(into: dict[str, Counter[str]], part: Mapping[str, Counter[str]], sign: int) -> None:
    for prop, counter in part.items():
        target = into.setdefault(prop, Counter())
        for key, n in counter.items():
            target[key] += sign * n
            if target[key] <= 0:
                del target[key]
        if not target:
            del into[prop]


# --------------------------------------------------------------------------------------------------- nodes


@dataclass
class Node:
    """One consolidated node of a block, as a function of its readings."""

    iri: str
    family: str
    readings: tuple[str, ...]
    quads: frozenset[Quad]  # everything but the attestation links and the source count
    kind: str  # events | agreements | troop_counts | statements | entities
    conflicts: int = 0
    assignments: int = 0
    count: TroopSummary | None = None  # troop counts: what another count's conflicts with this one depend on


@dataclass(frozen=True)
class TroopSummary:
    """A troop-count node as the conflicts of the other counts of its block see it: its figure and as-of date."""

    iri: str
    figure: str  # the figure's JSON (one block holds a node per figure and date)
    as_of: Time | None

    def pack(self) -> str:
        return json.dumps([self.figure, self.as_of.key() if self.as_of else None], ensure_ascii=False)

    @classmethod
    def unpack(cls, iri: str, packed: str) -> TroopSummary:
        figure, key = json.loads(packed)
        return cls(iri, figure, Time.from_key(key) if key else None)


def date_period(t: Time | None) -> str:
    """The day of a one-day date (``2024-03-05``), else the month a date falls in (``2024-03``), else its year
    (``2024``), else ``*`` (no date, or one over more than a year). A date whose precision is not that of its span
    (a "day" over a week, a "month" of one day) is filed under its year.

    :func:`_cluster` takes days first in date order, then months, then years; each joins the first cluster it is
    compatible with. So readings of different days cluster together only through a reading over their month or
    year, and such a reading joins the cluster of the first day within its dates, else (a year's) perhaps a
    month's: an incremental step reads a troop count's figure (an agreement's year block) on the days it touches,
    with the readings over their months and years and the first day within each, not every reading of its block
    (see :mod:`kg.rdf.incremental`); a year with a date filed under it that is not over months is read whole."""
    bounds = t.bounds() if t is not None else None
    if t is None or bounds is None or bounds[0].year != bounds[1].year:
        return "*"
    lo, hi = bounds
    if lo == hi and _rank(t) == _PREC_RANK["day"]:
        return lo.isoformat()
    if lo != hi and lo.month == hi.month and _rank(t) == _PREC_RANK["month"]:
        return f"{lo.year:04d}-{lo.month:02d}"
    return str(lo.year)


def spans_months(t: Time | None) -> bool:
    """A date filed under its year that is over months of it, as a year's precision says (else: odd)."""
    bounds = t.bounds() if t is not None else None
    return t is not None and bounds is not None and bounds[0].month != bounds[1].month and _rank(t) == _PREC_RANK[
        "year"]


def reading_period(r: Reading) -> str:
    """:func:`date_period` of a troop-count or agreement reading's date."""
    return unit_period(r.unit)


def unit_period(unit: Key) -> str:
    """:func:`date_period` of the date in a troop-count (figure, date) or agreement (kind, date) unit."""
    return date_period(key_time(unit[1] if len(unit) > 1 else None))


def figure_of(r: Reading) -> str:
    """The figure of a troop-count reading, as the JSON its nodes are grouped by."""
    return json.dumps(r.unit[0])


@dataclass
class TroopNodes:
    """Troop-count nodes of some figures of a block, with their conflicts with counts of the block not given."""

    nodes: list[Node]
    links: dict[str, set[str]]  # partner IRI -> IRIs of the nodes here it conflicts with
    pairs: int  # conflicts between a node here and a partner


class _Builder:
    """Emits one node's quads into the consolidated graph."""

    def __init__(self, base: str, readings: Sequence[Reading]) -> None:
        self.base = base
        self.readings = readings
        self.em = _Emitter(iris.consolidated_graph(base))
        self.conflicts = 0
        self.assignments = 0

    def merged(self, prop: str) -> Counter[str]:
        out: Counter[str] = Counter()
        for r in self.readings:
            out.update(r.tally(prop))
        return out

    def head(self, iri: str, cls: str) -> NamedNode:
        n = NamedNode(iri)
        self.em.add(n, RDF.type, K.term(cls))
        self.em.add(n, RDF.type, K.ConsolidatedFact)
        return n

    def copy_one(self, n: NamedNode, prop: str) -> str | None:
        """The most attested value of a property (ties: the first value in code-point order)."""
        tally = self.merged(prop)
        if not tally:
            return None
        by_value: Counter[str] = Counter()
        for key, count in tally.items():
            by_value[key_value(key)] += count
        value = min(by_value, key=lambda v: (-by_value[v], v))
        key = min((k for k in tally if key_value(k) == value), key=lambda k: (-tally[k], k))
        self.em.add(n, NamedNode(prop), key_term(key))
        return value

    def copy_lowest(self, n: NamedNode, prop: str) -> None:
        """The lowest value (figures: the block already fixes them)."""
        tally = self.merged(prop)
        if tally:
            self.em.add(n, NamedNode(prop), key_term(min(tally, key=lambda k: (key_value(k), k))))

    def copy_all(self, n: NamedNode, prop: str) -> None:
        for key in sorted(self.merged(prop)):
            self.em.add(n, NamedNode(prop), key_term(key))

    def chosen_time(self, role: str) -> tuple[Time | None, bool]:
        return choose_weighted(Counter({Time.from_key(k): c for k, c in self.merged("@" + role).items()}))

    def time(self, n: NamedNode, role: str) -> tuple[Time | None, bool]:
        chosen, conflict = self.chosen_time(role)
        if chosen is not None:
            tnode = NamedNode(iris.time_node(n.value, role))
            self.em.add(n, K.term(role), tnode)
            time_quads(self.em, tnode, chosen.to_model())
        self.em.add(n, K.conflicting, Literal("true" if conflict else "false", datatype=XSD.boolean))
        if conflict:
            self.em.add(n, K.conflictOn, Literal("date"))
            self.conflicts += 1
        return chosen, conflict

    def node(self, iri: str, family: str, kind: str) -> Node:
        return Node(iri, family, tuple(sorted(r.iri for r in self.readings)), frozenset(self.em.quads), kind,
                    self.conflicts, self.assignments)


def _handover(base: str, block: Key, readings: list[Reading]) -> list[Node]:
    b = _Builder(base, readings)
    n = b.head(iris.event(base, "TransferOfControl", block), "TransferOfControl")
    facility = b.copy_one(n, KG + "facility")
    b.copy_one(n, KG + "collectiveScope")
    status = b.copy_one(n, KG + "status")
    negated = b.copy_one(n, KG + "negated")
    src = b.copy_one(n, KG + "transferredFrom")
    dst = b.copy_one(n, KG + "transferredTo")
    chosen, _ = b.time(n, "time")
    if facility and status == KG + "Completed" and negated != "true":
        for operator, role in ((dst, "startTime"), (src, "endTime")):
            if not operator:
                continue
            a = NamedNode(iris.assignment(base, facility, operator, f"{role}:{chosen.value if chosen else ''}"))
            b.em.add(a, RDF.type, K.OperatorAssignment)
            b.em.add(a, K.facility, NamedNode(facility))
            b.em.add(a, K.operator, NamedNode(operator))
            b.em.add(a, PROV.wasDerivedFrom, n)
            if chosen is not None:
                tnode = NamedNode(iris.time_node(a.value, "start" if role == "startTime" else "end"))
                b.em.add(a, K.term(role), tnode)
                time_quads(b.em, tnode, chosen.to_model())
            b.assignments += 1
    return [b.node(n.value, "TransferOfControl", "events")]


def _withdrawal(base: str, block: Key, readings: list[Reading]) -> list[Node]:
    b = _Builder(base, readings)
    cls = str(block[0])
    n = b.head(iris.event(base, cls, block), cls)
    for local in ("force", "fromPlace", "toPlace", "status", "negated"):
        b.copy_one(n, KG + local)
    b.time(n, "time")
    return [b.node(n.value, "Withdrawal", "events")]


def _phase(base: str, block: Key, readings: list[Reading]) -> list[Node]:
    b = _Builder(base, readings)
    n = b.head(iris.event(base, "MissionPhase", block), "MissionPhase")
    b.copy_one(n, _RDFS_LABEL)
    for local in ("phaseNumber", "mission", "scope", "status"):
        b.copy_one(n, KG + local)
    b.time(n, "deadline")
    return [b.node(n.value, "MissionPhase", "events")]


def _unit_time(r: Reading, index: int) -> Time | None:
    """The clustering date of a reading whose unit carries one (agreements: index 1, counts: index 1)."""
    return key_time(r.unit[index] if len(r.unit) > index else None)


def key_time(key: object) -> Time | None:
    """The Time of a clustering key (see ``Time.clustering_key``; None for anything else)."""
    if not isinstance(key, list | tuple) or len(key) != 4:
        return None
    v, p, e, lt = key
    return Time(str(v) if v is not None else None, str(p) if p is not None else None, _date(e), _date(lt))


def _date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None


def _agreements(base: str, block: Key, readings: list[Reading]) -> list[Node]:
    out: list[Node] = []
    entries = ((_unit_time(r, 1), json.dumps(r.unit) + (r.min_member or ""), r) for r in readings)
    for cluster in _cluster(entries):
        by_kind: dict[str, list[Reading]] = defaultdict(list)
        for r in cluster:
            by_kind[str(r.unit[0])].append(r)
        weight = {k: sum(r.support for r in rs) for k, rs in by_kind.items()}
        specific = sorted((k for k in by_kind if k != "Agreement"), key=lambda k: (-weight[k], k))
        groups = {k: list(by_kind[k]) for k in specific}
        if "Agreement" in by_kind:
            groups.setdefault(specific[0] if specific else "Agreement", []).extend(by_kind["Agreement"])
        for kind, members in sorted(groups.items()):
            b = _Builder(base, members)
            chosen, _ = b.chosen_time("time")
            labels = b.merged(_RDFS_LABEL)
            label = min((key_value(k) for k in labels), key=lambda v: (-sum(
                c for k, c in labels.items() if key_value(k) == v), v)) if labels else ""
            ident = chosen.value if chosen and chosen.value else normalize_quote(label)
            n = b.head(iris.agreement(base, kind, ident), kind)
            b.copy_one(n, _RDFS_LABEL)
            b.copy_all(n, KG + "party")
            b.copy_one(n, KG + "sets")
            b.time(n, "time")
            out.append(b.node(n.value, "Agreement", "agreements"))
    return out


def _troop_counts(base: str, block: Key, readings: list[Reading]) -> list[Node]:
    return troop_count_nodes(base, block, readings).nodes


def troop_count_nodes(base: str, block: Key, readings: Sequence[Reading], *, others: Mapping[str, int] | None = None,
                      partners: Callable[[Sequence[TroopSummary]], Sequence[TroopSummary]] | None = None
                      ) -> TroopNodes:
    """The nodes of a troop-count block, or of part of it (an incremental step).

    Given part of a block — every reading of some figures in some months or years (:func:`date_period`) —,
    ``others`` counts each figure's clusters outside it and ``partners`` finds, for the nodes made, the block's
    other nodes whose
    dates may be compatible: the nodes are then those the whole block would give, their figure conflicts
    included, and the result says which partners conflict with which of them."""
    by_figure: dict[str, list[Reading]] = defaultdict(list)
    for r in readings:
        by_figure[figure_of(r)].append(r)
    made: list[tuple[str, Time | None, _Builder, NamedNode]] = []
    for fig in sorted(by_figure):
        entries = ((_unit_time(r, 1), json.dumps(r.unit) + (r.min_member or ""), r) for r in by_figure[fig])
        for members in _cluster(entries, (others or {}).get(fig, 0)):
            b = _Builder(base, members)
            chosen, _ = b.chosen_time("asOf")
            ident = list(block) + list(json.loads(fig)) + ([chosen.value, chosen.precision] if chosen else [None, None])
            n = b.head(iris.event(base, "TroopCount", ident), "TroopCount")
            for local in ("force", "country", "place", "countKind", "qualifier", "inclusive"):
                b.copy_one(n, KG + local)
            for local in ("value", "minValue", "maxValue", "unitText"):
                b.copy_lowest(n, _SCHEMA + local)
            b.time(n, "asOf")
            made.append((fig, chosen, b, n))
    # Same force, place, kind and a compatible as-of time, but a different figure: sources disagree. Only counts
    # whose as-of months overlap are compared (a block holds a count per figure and date of every report).
    summaries = [TroopSummary(n.value, fig, chosen) for fig, chosen, _, n in made]
    outside = list(partners(summaries)) if partners is not None else []
    links: dict[str, set[str]] = defaultdict(set)
    pairs = 0
    for i, j in figure_conflicts([(x.figure, x.as_of) for x in summaries + outside]):
        if i >= len(made):
            continue  # two partners: not this part's to say
        _, _, b_a, n_a = made[i]
        b_a.em.add(n_a, K.conflictOn, Literal("figure"))
        if j >= len(made):
            b_a.em.add(n_a, K.conflictsWith, NamedNode(outside[j - len(made)].iri))
            links[outside[j - len(made)].iri].add(n_a.value)
            pairs += 1
            continue
        _, _, b_b, n_b = made[j]
        b_a.em.add(n_a, K.conflictsWith, n_b)
        b_b.em.add(n_b, K.conflictsWith, n_a)
        b_b.em.add(n_b, K.conflictOn, Literal("figure"))
        b_a.conflicts += 1
    nodes = []
    for (_, _, b, _), summary in zip(made, summaries, strict=True):
        node = b.node(summary.iri, "TroopCount", "troop_counts")
        node.count = summary
        nodes.append(node)
    return TroopNodes(nodes, dict(links), pairs)


def figure_conflicts(counts: Sequence[tuple[str, Time | None]]) -> list[tuple[int, int]]:
    """Pairs (i < j) of counts of one block with different figures and compatible as-of dates, in order."""
    index = MonthIndex()
    pairs: list[tuple[int, int]] = []
    for j, (fig_b, t_b) in enumerate(counts):
        if t_b is None or (bounds := t_b.bounds()) is None:
            continue
        for i in index.near(bounds):
            fig_a, t_a = counts[i]
            if fig_a != fig_b and t_a is not None and compatible(t_a, t_b):
                pairs.append((i, j))
        index.add(bounds, j)
    return sorted(pairs)


def _quote(r: Reading) -> str:
    return str(r.unit[0])


def _by_trigrams(quote: str) -> bool:
    """Whether a quote's candidate keys are its trigrams (three words or more), not its words."""
    return len(quote.split()) >= 3


def quote_edge(a: str, b: str) -> bool:
    """Whether two normalized quotes of one speaker are the same words (the candidate relation first)."""
    ka, kb = set(quote_keys(a)), set(quote_keys(b))
    shared = len(ka & kb)
    return bool(shared) and _same_normalized(a, b, shared if _by_trigrams(a) else None)


def statement_components(readings: Sequence[Reading]) -> list[list[Reading]]:
    """Connected components of "same words" among one speaker's live readings.

    Readings the store already grouped keep their groups (the pairs inside were checked when they came in);
    a group that lost a reading is checked again inside, since it may split; each new reading is checked
    against the readings it shares a trigram fingerprint with, and joins (or merges) their groups."""
    live = [r for r in readings if r.support > 0]
    if live and live[0].block[0] is None:  # no speaker: only the same words, word for word, are one statement
        return [[r] for r in live]
    parent = list(range(len(live)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    postings: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(live):
        if r.remainder_of is None:  # a remainder has no words of its own (its readings' edges were checked)
            for key in quote_keys(_quote(r)):
                postings[key].append(i)

    def candidates(i: int, among: set[int] | None = None) -> Counter[int]:
        out: Counter[int] = Counter()
        for key in quote_keys(_quote(live[i])):
            for j in postings[key]:
                if j != i and (among is None or j in among):
                    out[j] += 1
        return out

    def check(i: int, among: set[int] | None = None) -> None:
        for j, shared in sorted(candidates(i, among).items()):
            qi = _quote(live[i])
            if find(i) != find(j) and _same_normalized(qi, _quote(live[j]), shared if _by_trigrams(qi) else None):
                union(i, j)

    stored: dict[str, list[int]] = defaultdict(list)
    new: list[int] = []
    for i, r in enumerate(live):
        if r.existed and r.node:
            stored[r.node].append(i)
        else:
            new.append(i)
    lost = {r.node for r in readings if r.existed and r.node and r.support <= 0}
    for node, members in stored.items():
        if node in lost:  # may have split: check the pairs inside again
            inside = set(members)
            for i in members:
                check(i, inside)
        else:
            for i in members[1:]:
                union(members[0], i)
    for i in new:
        check(i)
    groups: dict[int, list[Reading]] = defaultdict(list)
    for i, r in enumerate(live):
        groups[find(i)].append(r)
    return list(groups.values())


def _statements(base: str, block: Key, readings: list[Reading]) -> list[Node]:
    out = []
    for members in statement_components(readings):
        head = min(members, key=lambda r: (r.min_member or "", r.iri))
        b = _Builder(base, members)
        n = b.head(iris.event(base, "Statement", (block[0], head.unit[0])), "Statement")
        for local in ("quote", "speaker", "speakerRole", "channel"):
            b.copy_one(n, KG + local)
        b.time(n, "time")
        out.append(b.node(n.value, "Statement", "statements"))
    return out


def display_name(counter: Counter[str] | None) -> str | None:
    """The name most articles give (ties: the shorter, then the first in code-point order)."""
    if not counter:
        return None
    return min(counter, key=lambda v: (-counter[v], len(v), v))


def minted_entity(key: str, reading: Reading) -> model.Entity:
    """A canonical entity the seeds do not know, from the records of the articles that use it."""
    ar, en = display_name(reading.tally("label@ar")), display_name(reading.tally("label@en"))
    names = {v for p, c in reading.tallies.items() if p.startswith("label@") or p == "alias" for v in c}
    classes = reading.tally("class")
    cls = min(classes, key=lambda c: (-classes[c], c)) if classes else "Entity"
    return model.Entity(key=key, type=cls, label_ar=ar or en or key, label_en=en,
                        aliases=tuple(sorted(names - {ar, en})))


def _entities(base: str, block: Key, readings: list[Reading]) -> list[Node]:
    key = str(block[0])
    quads = entity_quads([minted_entity(key, readings[0])], base)
    return [Node(iris.entity(base, key), ENTITY, (readings[0].iri,), frozenset(quads), "entities")]


BLOCK_NODES: dict[str, Callable[[str, Key, list[Reading]], list[Node]]] = {
    "TransferOfControl": _handover,
    "Withdrawal": _withdrawal,
    "MissionPhase": _phase,
    "Agreement": _agreements,
    "TroopCount": _troop_counts,
    "Statement": _statements,
    ENTITY: _entities,
}


def block_nodes(base: str, family: str, block: Key, readings: Iterable[Reading]) -> list[Node]:
    """The nodes of a block (or, for statements, of a closed set of one speaker's readings)."""
    ordered = sorted(readings, key=lambda r: r.iri)
    if family == "Statement":  # the dead readings tell which stored groups may split
        return _statements(base, block, ordered) if any(r.support > 0 for r in ordered) else []
    live = [r for r in ordered if r.support > 0]
    return BLOCK_NODES[family](base, block, live) if live else []


# ------------------------------------------------------------------------------------------------- engine


@dataclass
class TroopScope:
    """The part of a troop-count block an incremental step loaded, and how to find the rest's nodes it touches.

    ``recomputed``: the stored nodes of the readings loaded (whole clusters: they are computed again here);
    ``others``: figure -> clusters of that figure outside what was loaded; ``lookup``: the stored summaries of
    the block's nodes whose dates may be compatible with some of these (see
    :func:`kg.rdf.incremental.conflict_keys`)."""

    recomputed: frozenset[str]
    others: dict[str, int]
    lookup: Callable[[Sequence[TroopSummary]], Sequence[TroopSummary]]

    def partners(self, made: Sequence[TroopSummary]) -> list[TroopSummary]:
        """Stored nodes of the block, outside the loaded part, that may conflict with the nodes made."""
        return [x for x in self.lookup(made) if x.iri not in self.recomputed]


@dataclass
class Change:
    """A reading's delta from one batch of articles."""

    reading: Reading
    before: Reading | None  # as it was (None: new)


class Engine:
    """Readings of the blocks a batch touches, the batch's facts applied to them, and the nodes before/after.

    ``keep_members`` (a fresh consolidation) keeps every member in memory; otherwise a reading only knows
    the members this batch adds and removes, the store has the rest."""

    def __init__(self, base: str, seeds: Iterable[str] = (), *, keep_members: bool = False) -> None:
        self.base = base
        self.seeds = set(seeds)
        self.keep_members = keep_members
        self.readings: dict[str, Reading] = {}
        self.before: dict[str, Reading] = {}  # loaded state, untouched
        self.mentions: Counter[str] = Counter()  # mention count deltas by entity IRI
        self.batch_articles: dict[str, date | None] = {}  # article IRI -> publication date (None: undated)
        self.batch_undated: set[str] = set()
        self.old_undated: set[str] = set()  # batch articles that were undated before
        self.troop_scopes: dict[str, TroopScope] = {}  # block id -> the part loaded (absent: the whole block)
        # per computation ("before", "after"): partner IRI -> nodes it conflicts with, and how many such pairs
        self.partner_links: dict[str, dict[str, set[str]]] = {}
        self.partner_pairs: dict[str, int] = {}

    # --- loading the stored state
    def load(self, readings: Iterable[Reading]) -> None:
        for r in readings:
            if r.iri not in self.readings:
                self.readings[r.iri] = r
                self.before[r.iri] = r.copy()

    # --- applying articles
    def remove(self, content: ArticleContent) -> None:
        self._apply(content, -1)
        if content.undated and content.article:
            self.old_undated.add(content.article)

    def add(self, content: ArticleContent) -> None:
        self._apply(content, 1)
        if content.article:
            self.batch_articles[content.article] = content.published
            if content.undated:
                self.batch_undated.add(content.article)

    def placements(self, content: ArticleContent) -> Iterable[tuple[str, Key, Key, str]]:
        """(family, block, unit, reading IRI) of every fact and minted entity of an article."""
        for r in content.facts:
            p = placement(r)
            if p is not None:
                yield p[0], p[1], p[2], reading_iri(self.base, *p)
        for rec in content.entities.values():
            if rec.key not in self.seeds:
                yield ENTITY, (rec.key,), (), reading_iri(self.base, ENTITY, (rec.key,), ())

    def _reading(self, family: str, block: Key, unit: Key) -> Reading:
        iri = reading_iri(self.base, family, block, unit)
        r = self.readings.get(iri)
        if r is None:
            r = self.readings[iri] = Reading(iri, family, block, unit,
                                             members=set() if self.keep_members else None)
        return r

    def _apply(self, content: ArticleContent, sign: int) -> None:
        for entity, n in content.mentions.items():
            self.mentions[entity] += sign * n
        for r in content.facts:
            p = placement(r)
            if p is None:
                continue
            reading = self._reading(*p)
            _merge(reading.tallies, _contribution(p[0], r), sign)
            # undated articles matter to statements only (their inferred publication windows)
            undated = r.article if content.undated and p[0] == "Statement" else None
            self._member(reading, r.iri, sign, undated)
            if p[0] == "Statement" and content.article and content.published is not None:
                if sign > 0:
                    reading.dated = Dated.of(content.published, content.article).join(reading.dated)
                elif reading.dated is not None and content.article in reading.dated.articles():
                    reading.dated_dirty = True  # a bound is gone: the other members tell the new one
        for _iri, rec in content.entities.items():
            if rec.key in self.seeds:
                continue
            reading = self._reading(ENTITY, (rec.key,), ())
            _merge(reading.tallies, _entity_contribution(rec), sign)
            self._member(reading, content.graph, sign, None)

    def _member(self, reading: Reading, member: str, sign: int, undated: str | None) -> None:
        reading.touched = True
        reading.support += sign
        if undated:
            reading.undated[undated] += sign
            if reading.undated[undated] <= 0:
                del reading.undated[undated]
        if sign > 0:
            if member in reading.removed:
                reading.removed.discard(member)
            else:
                reading.added.add(member)
            if reading.members is not None:
                reading.members.add(member)
            if reading.min_member is None or member < reading.min_member:
                reading.min_member = member
                reading.min_dirty = False
        else:
            if member in reading.added:
                reading.added.discard(member)
            else:
                reading.removed.add(member)
            if reading.members is not None:
                reading.members.discard(member)
            if member == reading.min_member:
                if reading.members is not None:
                    reading.min_member = min(reading.members) if reading.members else None
                else:
                    reading.min_dirty = True

    # --- nodes
    def nodes(self, readings: Iterable[Reading], which: str = "") -> dict[str, Node]:
        """Nodes of the given readings' blocks (statements: of each speaker's loaded readings; troop counts: of
        the part in ``troop_scopes``, with their conflicts with the rest, kept under ``which``)."""
        by_block: dict[tuple[str, str], list[Reading]] = defaultdict(list)
        for r in readings:
            by_block[(r.family, r.block_id)].append(r)
        out: dict[str, Node] = {}
        links: dict[str, set[str]] = defaultdict(set)
        pairs = 0
        for (family, bid), members in sorted(by_block.items()):
            scope = self.troop_scopes.get(bid) if family == "TroopCount" else None
            if scope is None:
                nodes = block_nodes(self.base, family, members[0].block, members)
            else:
                live = sorted((r for r in members if r.support > 0), key=lambda r: r.iri)
                part = troop_count_nodes(self.base, members[0].block, live, others=scope.others,
                                         partners=scope.partners)
                nodes = part.nodes
                pairs += part.pairs
                for partner, of in part.links.items():
                    links[partner] |= of
            for node in nodes:
                out[node.iri] = node
        self.partner_links[which] = dict(links)
        self.partner_pairs[which] = pairs
        return out

    def nodes_before(self) -> dict[str, Node]:
        return self.nodes(self.before.values(), "before")

    def nodes_after(self) -> dict[str, Node]:
        return self.nodes(self.readings.values(), "after")


def node_of(nodes: Mapping[str, Node]) -> dict[str, str]:
    """Reading IRI -> node IRI."""
    return {r: n.iri for n in nodes.values() for r in n.readings}


def article_of_member(base: str, member: str) -> str:
    """The article a member belongs to: a reported fact's IRI names it (``fact/{article}/…``); an entity
    record's member is its article graph (``graph/article/{article}``)."""
    for prefix, target in ((f"{base}fact/", f"{base}article/"), (f"{base}graph/article/", f"{base}article/")):
        if member.startswith(prefix):
            return target + member[len(prefix):].split("/", 1)[0]
    return member


def inferred_window(dated: Iterable[tuple[date, str]]) -> tuple[date, date, list[str]] | None:
    """An undated article's publication window from the dated articles that report the same statements, with the
    articles that bound it: the first (in IRI order) of the earliest-dated and of the latest-dated reports.

    Only the bounds are named as sources: a wire statement is reported by hundreds of dated articles, and naming
    each one on each undated article's window grew the consolidated graph (and ``inferred-publication``) with the
    product of the two (159k rows at 10k articles)."""
    pairs = set(dated)
    if not pairs:
        return None
    first, last = min(d for d, _ in pairs), max(d for d, _ in pairs)
    bounds = {min(a for d, a in pairs if d == first), min(a for d, a in pairs if d == last)}
    return (first - timedelta(days=INFERRED_WINDOW_DAYS), last + timedelta(days=INFERRED_WINDOW_DAYS), sorted(bounds))


def window_quads(base: str, article: str, window: tuple[date, date, list[str]]) -> list[Quad]:
    """``kg:inferredPublication`` of an undated article (``kg:timeBasis "inferred"``, derived from its sources)."""
    em = _Emitter(iris.consolidated_graph(base))
    lo, hi, sources = window
    a = NamedNode(article)
    key = article[len(base) + len("article/"):] if article.startswith(base + "article/") else article
    tnode = NamedNode(iris.inferred_publication(base, key))
    em.add(a, K.inferredPublication, tnode)
    em.add(a, K.publishedInferred, Literal("true", datatype=XSD.boolean))
    inferred = model.TimeValue(text="", start=0, end=0, value=None, precision=None, earliest=lo, latest=hi,
                               basis="inferred")  # type: ignore[arg-type]  # the ontology's basis, not the extractor's
    time_quads(em, tnode, inferred)
    for src in sources:
        em.add(tnode, PROV.wasDerivedFrom, NamedNode(src))
    return em.quads


def consolidate(store: object, base_iri: str, entities: Iterable[model.Entity] = ()) -> ConsolidationReport:
    """Recompute the consolidated graph (and its state) from every article graph in ``store``."""
    from kg.rdf.incremental import reconsolidate

    return reconsolidate(store, base_iri, list(entities))  # type: ignore[arg-type]
