"""The project level: one consolidated node per event, agreement, count or statement, across articles.

Reads every ``kg:ReportedFact`` from the article graphs (SPARQL), groups the reports of the same thing and
writes ``<{base}graph/consolidated>`` from scratch, so that graph is always a function of the article
graphs. Rules (documented in docs/ontology.md):

* handovers group by (facility or collective scope, status, negation); withdrawals by (class, force, from,
  to, status, negation); mission phases by (mission, number or label, scope, status) — a plan and its
  completion differ in status, so they stay two events;
* agreements group by kind, then by date compatibility: a coarser date ("2024", "September 2024") merges into
  a finer one it contains ("27 September 2024"); two incompatible dates are two agreements;
* troop counts group by (force, country, place, kind, unit, figure) and compatible as-of dates; two groups
  about the same force, place and time with different figures are linked ``kg:conflictsWith``;
* statements group by speaker and near-identical quote; an article without a publication date that shares a
  statement with dated articles gets an inferred publication window (marked ``kg:timeBasis "inferred"``);
* when the attesting articles give incompatible dates, every value stays on its attestation, the event takes
  the best-attested one and is flagged ``kg:conflicting true``.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from calendar import monthrange
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from kg import model
from kg.rdf import iris
from kg.rdf.mapping import _Emitter, entity_quads, time_quads
from kg.rdf.namespaces import AGREEMENT_CLASSES, KG, PRECISION, PREFIXES, PROV, RDF, RDFS, XSD
from kg.store.base import Store

#: Days an inferred publication window extends beyond the dated reports of the same statement.
INFERRED_WINDOW_DAYS = 2
#: Similarity (difflib ratio over normalized text) above which two quotes are the same statement.
QUOTE_SIMILARITY = 0.85
#: Word trigrams two quotes must share to be one statement reported in different words: agencies paraphrase
#: ("ينهي فصلا كبيرا من مرحلة الحرب…" in both), and distinct statements of one speaker share at most a few.
QUOTE_SHARED_TRIGRAMS = 4

_PREC_RANK = {"day": 3, "month": 2, "year": 1, "decade": 0}
_PREC_BY_CONCEPT = {PREFIXES["kg"] + local: notation for notation, local in PRECISION.items()}
_TIME_PROPS = ("time", "deadline", "asOf")


@dataclass
class ConsolidationReport:
    """What one consolidation wrote."""

    events: int = 0  # handovers, withdrawals/relocations and mission phases
    agreements: int = 0
    troop_counts: int = 0
    statements: int = 0
    conflicts: int = 0
    inferred_publications: int = 0
    assignments: int = 0
    entities: int = 0  # distinct entities in the store after consolidation (seeds and minted)
    quads: int = 0


@dataclass
class _Time:
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
        return _bounds_of(self.value, self.precision)

    def to_model(self) -> model.TimeValue:
        return model.TimeValue(
            text=self.expression, start=0, end=0, value=self.value,
            precision=self.precision,  # type: ignore[arg-type]
            earliest=self.earliest, latest=self.latest,
            basis=self.basis,  # type: ignore[arg-type]
            modifier=self.modifier,
        )


@dataclass
class _Reported:
    iri: str
    cls: str  # local name of the fact's class
    article: str
    published: date | None
    props: dict[str, list[NamedNode | Literal]] = field(default_factory=lambda: defaultdict(list))
    times: dict[str, _Time] = field(default_factory=dict)

    def one(self, local: str) -> str | None:
        values = self.props.get(PREFIXES["kg"] + local) or self.props.get(local) or []
        return min(v.value for v in values) if values else None

    def all(self, local: str) -> list[str]:
        return sorted({v.value for v in self.props.get(PREFIXES["kg"] + local, [])})


def _bounds_of(value: str | None, precision: str | None) -> tuple[date, date] | None:
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


def compatible(a: _Time, b: _Time) -> bool:
    """Two dates are the same date at different precisions when one's interval contains the other's."""
    ba, bb = a.bounds(), b.bounds()
    if ba is None or bb is None:
        return False
    return (ba[0] <= bb[0] and bb[1] <= ba[1]) or (bb[0] <= ba[0] and ba[1] <= bb[1])


def _finer(a: _Time, b: _Time) -> bool:
    return _PREC_RANK.get(a.precision or "", -1) > _PREC_RANK.get(b.precision or "", -1)


def choose_time(times: Sequence[_Time]) -> tuple[_Time | None, bool]:
    """The time a consolidated node takes, and whether the sources conflict.

    Compatible dates collapse into the finest; otherwise the best-attested value wins (then the finest,
    then the earliest) and the node is flagged conflicting."""
    dated = [t for t in times if t.bounds() is not None]
    if not dated:
        return (times[0] if times else None), False
    conflict = any(not compatible(a, b) for i, a in enumerate(dated) for b in dated[i + 1:])
    if not conflict:
        best = dated[0]
        for t in dated[1:]:
            if _finer(t, best) or (t.precision == best.precision and (t.value or "") < (best.value or "")):
                best = t
        return best, False
    votes = Counter((t.value, t.precision) for t in dated)
    best = min(
        dated,
        key=lambda t: (-votes[(t.value, t.precision)], -_PREC_RANK.get(t.precision or "", -1), t.value or ""),
    )
    return best, True


def cluster_by_time(items: Sequence[_Reported], role: str) -> list[list[_Reported]]:
    """Group reports whose ``role`` dates are the same date at different precisions.

    Finest dates first: each report joins the first cluster whose date is compatible with its own; undated
    reports join the only cluster when there is exactly one, else form their own."""
    dated = [r for r in items if role in r.times and r.times[role].bounds() is not None]
    undated = [r for r in items if r not in dated]
    dated.sort(key=lambda r: (-_PREC_RANK.get(r.times[role].precision or "", -1), r.times[role].value or "",
                              r.iri))
    clusters: list[tuple[_Time, list[_Reported]]] = []
    for r in dated:
        t = r.times[role]
        for rep, members in clusters:
            if compatible(rep, t):
                members.append(r)
                break
        else:
            clusters.append((t, [r]))
    result = [members for _, members in clusters]
    if undated:
        if len(result) == 1:
            result[0].extend(undated)
        else:
            result.append(list(undated))
    return result


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
    na, nb = normalize_quote(a), normalize_quote(b)
    if not na or not nb:
        return False
    if min(len(na), len(nb)) >= 20 and (na in nb or nb in na):
        return True
    if len(_trigrams(na) & _trigrams(nb)) >= QUOTE_SHARED_TRIGRAMS:
        return True
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio() >= QUOTE_SIMILARITY


_FACTS_QUERY = """
PREFIX kg: <{kg}>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?fact ?cls ?article ?published ?p ?o WHERE {{
  ?fact a kg:ReportedFact ; a ?cls ; prov:wasDerivedFrom ?article ; ?p ?o .
  ?article a kg:Article .
  FILTER(?cls != kg:ReportedFact && STRSTARTS(STR(?cls), STR(kg:)))
  OPTIONAL {{ ?article schema:datePublished ?published }}
}}
"""

_TIMES_QUERY = """
PREFIX kg: <{kg}>
SELECT DISTINCT ?fact ?role ?p ?o WHERE {{
  ?fact a kg:ReportedFact ; ?role ?t .
  ?t a kg:TimeInterval ; ?p ?o .
}}
"""

_UNDATED_QUERY = """
PREFIX kg: <{kg}>
PREFIX schema: <http://schema.org/>
SELECT DISTINCT ?article WHERE {{
  ?article a kg:Article . FILTER NOT EXISTS {{ ?article schema:datePublished ?d }}
}}
"""


_ENTITY_RECORDS = """
PREFIX kg: <{kg}>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?g ?e ?key ?cls ?p ?l WHERE {{
  GRAPH ?g {{ ?e dcterms:identifier ?key ; a ?cls . OPTIONAL {{ ?e ?p ?l FILTER (?p IN (rdfs:label, skos:altLabel)) }} }}
  FILTER (?cls != kg:Article && ?g != <{cg}>)
}}
"""

_MENTION_COUNTS = """
PREFIX kg: <{kg}>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE {{ GRAPH ?g {{ ?m a kg:Mention ; itsrdf:taIdentRef ?e }} }} GROUP BY ?e
"""


def _read_reported(store: Store) -> list[_Reported]:
    kg = PREFIXES["kg"]
    facts: dict[str, _Reported] = {}
    _, rows = store.select(_FACTS_QUERY.format(kg=kg))
    for row in rows:
        iri = row["fact"].value
        cls = row["cls"].value[len(kg):]
        r = facts.get(iri)
        if r is None:
            pub = row.get("published")
            published = None
            if pub is not None:
                try:
                    published = date.fromisoformat(pub.value[:10])
                except ValueError:
                    published = None
            r = facts[iri] = _Reported(iri, cls, row["article"].value, published)
        value = row["o"]
        if isinstance(value, NamedNode | Literal) and value not in r.props[row["p"].value]:
            r.props[row["p"].value].append(value)
    raw: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    _, rows = store.select(_TIMES_QUERY.format(kg=kg))
    for row in rows:
        role = row["role"].value[len(kg):] if row["role"].value.startswith(kg) else row["role"].value
        if row["fact"].value in facts and role in _TIME_PROPS:
            raw[(row["fact"].value, role)][row["p"].value[len(kg):]] = row["o"].value
    for (iri, role), props in raw.items():
        facts[iri].times[role] = _Time(
            value=props.get("dateValue"),
            precision=_PREC_BY_CONCEPT.get(props.get("precision", "")),
            earliest=_iso(props.get("earliest")),
            latest=_iso(props.get("latest")),
            basis=props.get("timeBasis", "absolute"),
            expression=props.get("expression", ""),
            modifier=props.get("modifier"),
        )
    return sorted(facts.values(), key=lambda r: r.iri)


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _group(items: Iterable[_Reported], key: Callable[[_Reported], tuple[object, ...]]
           ) -> dict[tuple[object, ...], list[_Reported]]:
    groups: dict[tuple[object, ...], list[_Reported]] = defaultdict(list)
    for r in items:
        groups[key(r)].append(r)
    return groups


def _most_common(values: Iterable[str]) -> str | None:
    counts = Counter(values)
    if not counts:
        return None
    return min(counts, key=lambda v: (-counts[v], v))


class _Writer:
    def __init__(self, base_iri: str) -> None:
        self.base = base_iri
        self.em = _Emitter(iris.consolidated_graph(base_iri))
        self.report = ConsolidationReport()

    def node(self, iri: str, cls: str, members: list[_Reported]) -> NamedNode:
        n = NamedNode(iri)
        self.em.add(n, RDF.type, KG.term(cls))
        self.em.add(n, RDF.type, KG.ConsolidatedFact)
        for r in members:
            self.em.add(n, KG.attestation, NamedNode(r.iri))
        articles = {r.article for r in members}
        self.em.add(n, KG.sourceCount, Literal(str(len(articles)), datatype=XSD.integer))
        return n

    def copy_one(self, n: NamedNode, local: str, members: list[_Reported]) -> str | None:
        """The most attested value of a property among the attestations."""
        prop = PREFIXES["kg"] + local
        terms = [v for r in members for v in r.props.get(prop, [])]
        if not terms:
            return None
        chosen = _most_common(t.value for t in terms)
        term = next(t for t in terms if t.value == chosen)
        self.em.add(n, KG.term(local), term)
        return chosen

    def copy_all(self, n: NamedNode, local: str, members: list[_Reported]) -> None:
        prop = PREFIXES["kg"] + local
        for r in members:
            for v in r.props.get(prop, []):
                self.em.add(n, KG.term(local), v)

    def time(self, n: NamedNode, role: str, members: list[_Reported]) -> tuple[_Time | None, bool]:
        chosen, conflict = choose_time([r.times[role] for r in members if role in r.times])
        if chosen is not None:
            tnode = NamedNode(iris.time_node(n.value, role))
            self.em.add(n, KG.term(role), tnode)
            time_quads(self.em, tnode, chosen.to_model())
        self.em.add(n, KG.conflicting, Literal("true" if conflict else "false", datatype=XSD.boolean))
        if conflict:
            self.em.add(n, KG.conflictOn, Literal("date"))
            self.report.conflicts += 1
        return chosen, conflict


def consolidate(store: Store, base_iri: str, entities: Iterable[model.Entity] = ()) -> ConsolidationReport:
    """Recompute ``<{base}graph/consolidated>`` from every article graph in ``store`` (one atomic replace)."""
    reported = _read_reported(store)
    w = _Writer(base_iri)
    by_cls: dict[str, list[_Reported]] = defaultdict(list)
    for r in reported:
        family = "Agreement" if r.cls in AGREEMENT_CLASSES else r.cls
        by_cls[family].append(r)

    _handovers(w, by_cls.get("TransferOfControl", []))
    _withdrawals(w, by_cls.get("Withdrawal", []) + by_cls.get("Relocation", []))
    _phases(w, by_cls.get("MissionPhase", []))
    _agreements(w, by_cls.get("Agreement", []))
    _troop_counts(w, by_cls.get("TroopCount", []))
    _statements(w, by_cls.get("Statement", []), store)

    cg = iris.consolidated_graph(base_iri)
    w.em.add(NamedNode(cg), RDF.type, KG.ConsolidatedGraph)
    quads: list[Quad] = list(w.em.quads)
    canonical = _canonical_entities(store, base_iri, entities)
    quads.extend(entity_quads(canonical, base_iri))
    counts = _mention_counts(store)
    graph = NamedNode(cg)
    for e in canonical:
        node = NamedNode(iris.entity(base_iri, e.key))
        quads.append(Quad(node, KG.mentionCount, Literal(str(counts.get(node.value, 0)), datatype=XSD.integer),
                          graph))
    w.report.entities = len(canonical)
    w.report.quads = len(quads)
    store.replace_graphs({cg: quads})
    return w.report


def _canonical_entities(store: Store, base_iri: str, seeds: Iterable[model.Entity]) -> list[model.Entity]:
    """The seeds plus every entity an article graph names that the seeds do not know (minted by the linker).

    A minted entity takes its most common class, its most common Arabic and English names (the number of
    articles giving each; ties to the shorter, then the first in code-point order) as display labels, and
    every other name as an alias."""
    by_key = {e.key: e for e in seeds}
    _, rows = store.select(_ENTITY_RECORDS.format(kg=PREFIXES["kg"], cg=iris.consolidated_graph(base_iri)))
    classes: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    aliases: dict[str, set[str]] = defaultdict(set)
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = row["key"].value
        if key in by_key:
            continue
        g, cls = row["g"].value, row["cls"].value
        if (g, key, cls) not in seen:
            seen.add((g, key, cls))
            classes[key][cls[len(PREFIXES["kg"]):] if cls.startswith(PREFIXES["kg"]) else "Entity"] += 1
        label = row.get("l")
        if isinstance(label, Literal):
            if row["p"].value == PREFIXES["rdfs"] + "label":
                labels[key][label.language or ""][label.value] += 1
            else:
                aliases[key].add(label.value)
    minted: list[model.Entity] = []
    for key in sorted(classes):
        ar, en = _display(labels[key].get("ar")), _display(labels[key].get("en"))
        names = {v for counter in labels[key].values() for v in counter} | aliases[key]
        minted.append(model.Entity(
            key=key, type=_most_common(classes[key].elements()) or "Entity", label_ar=ar or en or key,
            label_en=en, aliases=tuple(sorted(names - {ar, en})),
        ))
    return [by_key[k] for k in sorted(by_key)] + minted


def _display(counter: Counter[str] | None) -> str | None:
    if not counter:
        return None
    return min(counter, key=lambda v: (-counter[v], len(v), v))


def _mention_counts(store: Store) -> dict[str, int]:
    _, rows = store.select(_MENTION_COUNTS.format(kg=PREFIXES["kg"]))
    return {row["e"].value: int(row["n"].value) for row in rows}


def _handovers(w: _Writer, items: list[_Reported]) -> None:
    def key(r: _Reported) -> tuple[object, ...]:
        place = r.one("facility") or "scope:" + normalize_quote(r.one("collectiveScope") or "")
        return (place, r.one("status"), r.one("negated"))

    for k, members in sorted(_group(items, key).items(), key=lambda kv: str(kv[0])):
        n = w.node(iris.event(w.base, "TransferOfControl", k), "TransferOfControl", members)
        w.report.events += 1
        facility = w.copy_one(n, "facility", members)
        w.copy_one(n, "collectiveScope", members)
        status = w.copy_one(n, "status", members)
        negated = w.copy_one(n, "negated", members)
        src = w.copy_one(n, "transferredFrom", members)
        dst = w.copy_one(n, "transferredTo", members)
        chosen, _ = w.time(n, "time", members)
        if facility and status == PREFIXES["kg"] + "Completed" and negated != "true":
            _assignments(w, n, facility, src, dst, chosen)


def _assignments(w: _Writer, event: NamedNode, facility: str, src: str | None, dst: str | None,
                 when: _Time | None) -> None:
    """Wikidata-P137-shaped operator assignments a completed handover ends and starts."""
    for operator, role in ((dst, "startTime"), (src, "endTime")):
        if not operator:
            continue
        a = NamedNode(iris.assignment(w.base, facility, operator, f"{role}:{when.value if when else ''}"))
        w.em.add(a, RDF.type, KG.OperatorAssignment)
        w.em.add(a, KG.facility, NamedNode(facility))
        w.em.add(a, KG.operator, NamedNode(operator))
        w.em.add(a, PROV.wasDerivedFrom, event)
        if when is not None:
            tnode = NamedNode(iris.time_node(a.value, "start" if role == "startTime" else "end"))
            w.em.add(a, KG.term(role), tnode)
            time_quads(w.em, tnode, when.to_model())
        w.report.assignments += 1


def _withdrawals(w: _Writer, items: list[_Reported]) -> None:
    def key(r: _Reported) -> tuple[object, ...]:
        return (r.cls, r.one("force"), r.one("fromPlace"), r.one("toPlace"), r.one("status"), r.one("negated"))

    for k, members in sorted(_group(items, key).items(), key=lambda kv: str(kv[0])):
        cls = str(k[0])
        n = w.node(iris.event(w.base, cls, k), cls, members)
        w.report.events += 1
        for local in ("force", "fromPlace", "toPlace", "status", "negated"):
            w.copy_one(n, local, members)
        w.time(n, "time", members)


def _phases(w: _Writer, items: list[_Reported]) -> None:
    def key(r: _Reported) -> tuple[object, ...]:
        label = r.one("phaseNumber") or normalize_quote(_label(r) or "")
        return (r.one("mission"), label, r.one("scope"), r.one("status"))

    for k, members in sorted(_group(items, key).items(), key=lambda kv: str(kv[0])):
        n = w.node(iris.event(w.base, "MissionPhase", k), "MissionPhase", members)
        w.report.events += 1
        _copy_label(w, n, members)
        for local in ("phaseNumber", "mission", "scope", "status"):
            w.copy_one(n, local, members)
        w.time(n, "deadline", members)


def _label(r: _Reported) -> str | None:
    values = r.props.get(PREFIXES["rdfs"] + "label", [])
    return min(v.value for v in values) if values else None


def _copy_label(w: _Writer, n: NamedNode, members: list[_Reported]) -> None:
    labels = [v for r in members for v in r.props.get(PREFIXES["rdfs"] + "label", [])]
    if labels:
        chosen = _most_common(v.value for v in labels)
        w.em.add(n, RDFS.label, next(v for v in labels if v.value == chosen))


def _agreements(w: _Writer, items: list[_Reported]) -> None:
    """Cluster all agreement reports by date compatibility, then keep distinct specific kinds apart; a
    generic ``kg:Agreement`` report joins the best-attested specific kind of its cluster."""
    for cluster in cluster_by_time(items, "time"):
        by_kind = _group(cluster, lambda r: (r.cls,))
        specific = sorted((k[0] for k in by_kind if k[0] != "Agreement"),
                          key=lambda k: (-len(by_kind[(k,)]), str(k)))
        groups: dict[str, list[_Reported]] = {str(k): list(by_kind[(k,)]) for k in specific}
        generic = by_kind.get(("Agreement",), [])
        if generic:
            groups.setdefault(str(specific[0]) if specific else "Agreement", []).extend(generic)
        for kind, members in sorted(groups.items()):
            chosen, _ = choose_time([r.times["time"] for r in members if "time" in r.times])
            ident = chosen.value if chosen and chosen.value else normalize_quote(_label(members[0]) or "")
            n = w.node(iris.agreement(w.base, kind, ident), kind, members)
            w.report.agreements += 1
            _copy_label(w, n, members)
            w.copy_all(n, "party", members)
            w.copy_one(n, "sets", members)
            w.time(n, "time", members)


def _troop_counts(w: _Writer, items: list[_Reported]) -> None:
    def subject(r: _Reported) -> tuple[object, ...]:
        return (r.one("force"), r.one("country"), r.one("place"), r.one("countKind"), r.one("unitText")
                or _schema(r, "unitText"))

    def figure(r: _Reported) -> tuple[object, ...]:
        return (r.one("qualifier"), _schema(r, "value"), _schema(r, "minValue"), _schema(r, "maxValue"))

    made: list[tuple[tuple[object, ...], tuple[object, ...], _Time | None, NamedNode]] = []
    groups = _group(items, lambda r: subject(r) + figure(r))
    for k, same in sorted(groups.items(), key=lambda kv: str(kv[0])):
        for members in cluster_by_time(same, "asOf"):
            chosen, _ = choose_time([r.times["asOf"] for r in members if "asOf" in r.times])
            ident = k + ((chosen.value, chosen.precision) if chosen else (None, None))
            n = w.node(iris.event(w.base, "TroopCount", ident), "TroopCount", members)
            w.report.troop_counts += 1
            for local in ("force", "country", "place", "countKind", "qualifier", "inclusive"):
                w.copy_one(n, local, members)
            for local in ("value", "minValue", "maxValue", "unitText"):
                values = sorted({v.value for r in members for v in r.props.get(PREFIXES["schema"] + local, [])})
                term = next((v for r in members for v in r.props.get(PREFIXES["schema"] + local, [])
                             if values and v.value == values[0]), None)
                if term is not None:
                    w.em.add(n, NamedNode(PREFIXES["schema"] + local), term)
            w.time(n, "asOf", members)
            made.append((k[:5], k[5:], chosen, n))
    # Same force, place, kind and a compatible as-of time, but a different figure: sources disagree.
    for i, (subj_a, fig_a, t_a, n_a) in enumerate(made):
        for subj_b, fig_b, t_b, n_b in made[i + 1:]:
            if subj_a == subj_b and fig_a != fig_b and t_a and t_b and compatible(t_a, t_b):
                w.em.add(n_a, KG.conflictsWith, n_b)
                w.em.add(n_b, KG.conflictsWith, n_a)
                for n in (n_a, n_b):
                    w.em.add(n, KG.conflictOn, Literal("figure"))
                w.report.conflicts += 1


def _schema(r: _Reported, local: str) -> str | None:
    values = r.props.get(PREFIXES["schema"] + local, [])
    return min(v.value for v in values) if values else None


def _statements(w: _Writer, items: list[_Reported], store: Store) -> None:
    clusters: list[list[_Reported]] = []
    by_speaker: dict[str | None, list[list[_Reported]]] = defaultdict(list)
    for r in items:
        quote = r.one("quote") or ""
        for members in by_speaker[r.one("speaker")]:
            if any(same_quote(m.one("quote") or "", quote) for m in members):
                members.append(r)
                break
        else:
            clusters.append([r])
            by_speaker[r.one("speaker")].append(clusters[-1])
    windows: dict[str, tuple[date, date, set[str]]] = {}
    for members in clusters:
        head = members[0]
        n = w.node(iris.event(w.base, "Statement", (head.one("speaker"), normalize_quote(head.one("quote") or ""))),
                   "Statement", members)
        w.report.statements += 1
        for local in ("quote", "speaker", "speakerRole", "channel"):
            w.copy_one(n, local, members)
        w.time(n, "time", members)
        dated = sorted({(r.published, r.article) for r in members if r.published is not None})
        if not dated:
            continue
        lo = dated[0][0] - timedelta(days=INFERRED_WINDOW_DAYS)
        hi = dated[-1][0] + timedelta(days=INFERRED_WINDOW_DAYS)
        for r in members:
            if r.published is None:
                prev = windows.get(r.article)
                sources = {a for _, a in dated}
                if prev:
                    lo, hi, sources = min(lo, prev[0]), max(hi, prev[1]), sources | prev[2]
                windows[r.article] = (lo, hi, sources)
    _, rows = store.select(_UNDATED_QUERY.format(kg=PREFIXES["kg"]))
    undated = {row["article"].value for row in rows}
    for article, (lo, hi, sources) in sorted(windows.items()):
        if article not in undated:
            continue
        a = NamedNode(article)
        key = article[len(w.base) + len("article/"):] if article.startswith(w.base + "article/") else article
        tnode = NamedNode(iris.inferred_publication(w.base, key))
        w.em.add(a, KG.inferredPublication, tnode)
        w.em.add(a, KG.publishedInferred, Literal("true", datatype=XSD.boolean))
        inferred = model.TimeValue(text="", start=0, end=0, value=None, precision=None, earliest=lo,
                                   latest=hi, basis="inferred")  # type: ignore[arg-type]
        time_quads(w.em, tnode, inferred)
        for src in sorted(sources):
            w.em.add(tnode, PROV.wasDerivedFrom, NamedNode(src))
        w.report.inferred_publications += 1
