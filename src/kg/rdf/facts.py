"""What one article graph holds, read back from its quads: reported facts, entity records, mentions.

Consolidation works from these, whether the quads come from a build that is writing them or from the store
(the old version of an article being replaced), so both paths read the same thing the same way.
"""

from __future__ import annotations

import json
import re
from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from kg import model
from kg.rdf.namespaces import PRECISION, PREFIXES

KG = PREFIXES["kg"]
_RDF_TYPE = PREFIXES["rdf"] + "type"
_IDENTIFIER = PREFIXES["dcterms"] + "identifier"
_LABEL = PREFIXES["rdfs"] + "label"
_ALT_LABEL = PREFIXES["skos"] + "altLabel"
_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
_PUBLISHED = PREFIXES["schema"] + "datePublished"
_LINK = PREFIXES["itsrdf"] + "taIdentRef"
_PREC_BY_CONCEPT = {KG + local: notation for notation, local in PRECISION.items()}
#: the properties of a fact that point at its time intervals
TIME_PROPS = ("time", "deadline", "asOf")

Term = NamedNode | Literal


def term_key(term: Term) -> str:
    """A term as a compact, exact string (JSON: kind, value, language, datatype) for tallies and hashing."""
    if isinstance(term, NamedNode):
        return json.dumps(["i", term.value], ensure_ascii=False)
    dt = term.datatype.value if term.datatype and not term.language else ""
    return json.dumps(["l", term.value, term.language or "", dt], ensure_ascii=False)


def key_term(key: str) -> Term:
    """The term :func:`term_key` encoded."""
    parts = json.loads(key)
    if parts[0] == "i":
        return NamedNode(parts[1])
    _, value, lang, dt = parts
    if lang:
        return Literal(value, language=lang)
    return Literal(value, datatype=NamedNode(dt)) if dt else Literal(value)


@lru_cache(maxsize=65536)
def key_value(key: str) -> str:
    """The lexical value (IRI or literal text) of an encoded term (cached: a node's tallies are read for each of
    its properties, and a big statement's hold hundreds of quotes and dates)."""
    return str(json.loads(key)[1])


@dataclass(frozen=True)
class Time:
    """A fact's time interval, as consolidation compares and chooses them."""

    value: str | None
    precision: str | None
    earliest: date | None
    latest: date | None
    basis: str = "absolute"
    expression: str = ""
    modifier: str | None = None

    def bounds(self) -> tuple[date, date] | None:
        if self.earliest and self.latest:
            return self.earliest, self.latest
        return bounds_of(self.value, self.precision)

    def to_model(self) -> model.TimeValue:
        return model.TimeValue(
            text=self.expression, start=0, end=0, value=self.value,
            precision=self.precision,  # type: ignore[arg-type]
            earliest=self.earliest, latest=self.latest,
            basis=self.basis,  # type: ignore[arg-type]
            modifier=self.modifier,
        )

    def key(self) -> str:
        """All of the interval, as an exact string (a tally key; kept on the instance: a node's time is chosen
        among its tallied times, compared by key, and a big statement tallies hundreds)."""
        cached: str | None = self.__dict__.get("_key")
        if cached is None:
            cached = json.dumps([self.value, self.precision, _iso_or_none(self.earliest), _iso_or_none(self.latest),
                                 self.basis, self.expression, self.modifier], ensure_ascii=False)
            object.__setattr__(self, "_key", cached)  # not a field: equality and hashing ignore it
        return cached

    def clustering_key(self) -> tuple[str | None, str | None, str | None, str | None]:
        """What compatibility depends on (value, precision and bounds), not how the date was written."""
        return (self.value, self.precision, _iso_or_none(self.earliest), _iso_or_none(self.latest))

    @classmethod
    def from_key(cls, key: str) -> Time:
        return _time_of_key(key)


@lru_cache(maxsize=65536)
def _time_of_key(key: str) -> Time:
    """:meth:`Time.from_key` (cached: Time is immutable, and the same dates are tallied by many nodes)."""
    v, p, e, lt, b, x, m = json.loads(key)
    return Time(v, p, iso(e), iso(lt), b, x, m)


def _iso_or_none(d: date | None) -> str | None:
    return d.isoformat() if d else None


def iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def published_day(value: str) -> date | None:
    """The first day of a ``schema:datePublished`` value: an xsd:date, or a gYearMonth / gYear (a month- or
    year-only publication date)."""
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return iso(value + "-01")
    if re.fullmatch(r"\d{4}", value):
        return iso(value + "-01-01")
    return iso(value[:10])


@lru_cache(maxsize=65536)
def bounds_of(value: str | None, precision: str | None) -> tuple[date, date] | None:
    if not value:
        return None
    try:
        if precision == "day":
            d = date.fromisoformat(value)
            return d, d
        if precision == "month":
            y, m = (int(x) for x in value.split("-")[:2])
            return date(y, m, 1), date(y, m, monthrange(y, m)[1])
        if precision == "year":
            y = int(value[:4])
            return date(y, 1, 1), date(y, 12, 31)
        if precision == "decade":
            y = int(value[:3] + "0")
            return date(y, 1, 1), date(y + 9, 12, 31)
    except ValueError:
        return None
    return None


@dataclass
class Reported:
    """One reported fact of an article graph."""

    iri: str
    cls: str  # local name of the fact's class
    article: str
    published: date | None
    props: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    times: dict[str, Time] = field(default_factory=dict)

    def one(self, local: str) -> str | None:
        values = self.props.get(KG + local) or self.props.get(local) or []
        return min(v.value for v in values) if values else None

    def terms(self, prop: str) -> list[Term]:
        return self.props.get(prop, [])


@dataclass
class EntityRecord:
    """What one article graph says of an entity it uses: its classes and names."""

    key: str
    classes: set[str] = field(default_factory=set)
    labels: set[tuple[str, str]] = field(default_factory=set)  # (value, language)
    aliases: set[str] = field(default_factory=set)


@dataclass
class ArticleContent:
    """Everything consolidation reads from one article graph."""

    graph: str
    article: str | None
    published: date | None
    facts: list[Reported]
    entities: dict[str, EntityRecord]  # by entity IRI
    mentions: Counter[str]  # entity IRI -> number of mentions linked to it

    @property
    def undated(self) -> bool:
        return self.article is not None and self.published is None


def read_article(graph: str, quads: Iterable[Quad]) -> ArticleContent:
    """Parse one article graph's quads (any order)."""
    by_subject: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for q in quads:
        o = q.object
        if isinstance(q.subject, NamedNode) and isinstance(o, NamedNode | Literal):
            by_subject[q.subject.value][q.predicate.value].append(o)
    article = next((s for s, p in by_subject.items()
                    if any(t.value == KG + "Article" for t in p.get(_RDF_TYPE, []))), None)
    published = None
    if article is not None:
        for term in by_subject[article].get(_PUBLISHED, []):
            published = published_day(term.value)
    facts: list[Reported] = []
    entities: dict[str, EntityRecord] = {}
    mentions: Counter[str] = Counter()
    for subject, props in by_subject.items():
        types = {t.value for t in props.get(_RDF_TYPE, [])}
        if KG + "ReportedFact" in types:
            cls = next((t[len(KG):] for t in sorted(types) if t.startswith(KG) and t != KG + "ReportedFact"), None)
            derived = props.get(_DERIVED, [])
            if cls is None or not derived:
                continue
            r = Reported(subject, cls, derived[0].value, published)
            for p, values in props.items():
                for v in values:
                    if v not in r.props[p]:
                        r.props[p].append(v)
            for role in TIME_PROPS:
                node = props.get(KG + role)
                if node:
                    r.times[role] = _time(by_subject.get(node[0].value, {}))
            facts.append(r)
        elif KG + "Mention" in types:
            for target in props.get(_LINK, []):
                mentions[target.value] += 1
        elif _IDENTIFIER in props and subject != article:
            rec = entities.setdefault(subject, EntityRecord(props[_IDENTIFIER][0].value))
            rec.classes |= {t[len(KG):] for t in types if t.startswith(KG)}
            rec.labels |= {(t.value, t.language or "") for t in props.get(_LABEL, []) if isinstance(t, Literal)}
            rec.aliases |= {t.value for t in props.get(_ALT_LABEL, [])}
    facts.sort(key=lambda r: r.iri)
    return ArticleContent(graph, article, published, facts, entities, mentions)


def _time(props: dict[str, list[Term]]) -> Time:
    def one(local: str) -> str | None:
        values = props.get(KG + local)
        return values[0].value if values else None

    return Time(
        value=one("dateValue"),
        precision=_PREC_BY_CONCEPT.get(one("precision") or ""),
        earliest=iso(one("earliest")),
        latest=iso(one("latest")),
        basis=one("timeBasis") or "absolute",
        expression=one("expression") or "",
        modifier=one("modifier"),
    )
