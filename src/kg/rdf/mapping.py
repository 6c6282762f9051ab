"""Extraction → quads: the only place that knows ontology terms (see ``ontology/kg.ttl``).

One article becomes one named graph: the article node (also the NIF context whose ``nif:isString`` every
offset counts into, in Unicode code points), its mentions (NIF phrases with link decisions), the entities it
uses, and each fact as a ``kg:ReportedFact`` with its evidence span, extraction activity and confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from kg import model
from kg.errors import ResourceMissingError
from kg.facts import spec_of
from kg.rdf import iris
from kg.rdf.namespaces import (
    COUNT_KIND,
    DCTERMS,
    ENTITY_CLASSES,
    GEO,
    ITSRDF,
    KG,
    NIF,
    OWL,
    PRECISION,
    PROV,
    QUALIFIER,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    STATUS,
    TIME,
    TIME_UNIT,
    WIKIDATA_ENTITY,
    XSD,
)

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


@dataclass
class ArticleGraph:
    """The quads of one article's named graph."""

    graph: str
    quads: list[Quad]


class _Emitter:
    """Collects triples into one graph, skipping exact duplicates while keeping insertion order."""

    def __init__(self, graph: str) -> None:
        self.graph = NamedNode(graph)
        self.quads: list[Quad] = []
        self._seen: set[tuple[object, object, object]] = set()

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal | None) -> None:
        if o is None:
            return
        key = (s, p, o)
        if key not in self._seen:
            self._seen.add(key)
            self.quads.append(Quad(s, p, o, self.graph))


def _string(value: str) -> Literal:
    return Literal(value)


def _lang(value: str) -> Literal:
    """A language-tagged string; the tag follows the script (Arabic letters → ``ar``, else ``en``)."""
    return Literal(value, language="ar" if _ARABIC.search(value) else "en")


def _ar(value: str) -> Literal:
    return Literal(value, language="ar")


def _int(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def _decimal(value: float) -> Literal:
    return Literal(f"{round(float(value), 6):.6f}".rstrip("0").rstrip(".") or "0", datatype=XSD.decimal)


def _bool(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def _date(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _datetime(value: datetime) -> Literal:
    """An xsd:dateTime in UTC, canonical ``Z`` form (naive datetimes are taken as UTC)."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return Literal(value.replace(tzinfo=None).isoformat() + "Z", datatype=XSD.dateTime)


def date_value_literal(value: str, precision: str | None) -> Literal:
    """``kg:dateValue`` literal typed by precision (xsd:date / gYearMonth / gYear; plain string otherwise)."""
    if precision == "day" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if precision == "month" and re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if precision == "year" and re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    return Literal(value)


def entity_iri(base_iri: str, key: str) -> NamedNode:
    return NamedNode(iris.entity(base_iri, key))


def entity_class(type_name: str) -> NamedNode:
    """The ontology class of an entity type; unknown type names fall back to ``kg:Entity``."""
    return KG.term(type_name if type_name in ENTITY_CLASSES else "Entity")


def time_quads(em: _Emitter, node: NamedNode, t: model.TimeValue) -> None:
    """A ``kg:TimeInterval``: value at precision, earliest/latest bounds, basis, modifier, the words."""
    em.add(node, RDF.type, KG.TimeInterval)
    em.add(node, KG.expression, _ar(t.text) if t.text else None)
    if t.value is not None:
        em.add(node, KG.dateValue, date_value_literal(t.value, t.precision))
    if t.precision is not None:
        em.add(node, KG.precision, KG.term(PRECISION[t.precision]))
        if t.precision in TIME_UNIT:
            em.add(node, TIME.unitType, TIME.term(TIME_UNIT[t.precision]))
    if t.earliest is not None:
        em.add(node, KG.earliest, _date(t.earliest))
    if t.latest is not None:
        em.add(node, KG.latest, _date(t.latest))
    em.add(node, KG.timeBasis, _string(t.basis))
    if t.modifier:
        em.add(node, KG.modifier, _string(t.modifier))


def entity_quads(entities: Iterable[model.Entity], base_iri: str, graph: str | None = None) -> list[Quad]:
    """Canonical entity nodes: type, one ``skos:prefLabel`` per language, aliases as ``skos:altLabel``,
    owl:sameAs Wikidata, WKT point, located-in.

    ``graph`` defaults to the consolidated graph, where canonical entities live."""
    em = _Emitter(graph or iris.consolidated_graph(base_iri))
    for e in entities:
        _entity(em, e, base_iri)
    return em.quads


def _entity(em: _Emitter, e: model.Entity, base_iri: str) -> None:
    """The canonical description. A display label per language, so a query that joins labels gets one row;
    every other name is an ``skos:altLabel`` (SKOS: at most one prefLabel per language)."""
    node = entity_iri(base_iri, e.key)
    em.add(node, RDF.type, entity_class(e.type))
    em.add(node, DCTERMS.identifier, _string(e.key))
    em.add(node, SKOS.prefLabel, _ar(e.label_ar))
    if e.label_en:
        em.add(node, SKOS.prefLabel, Literal(e.label_en, language="en"))
    for alias in e.aliases:
        if alias and alias not in (e.label_ar, e.label_en):
            em.add(node, SKOS.altLabel, _lang(alias))
    if e.qid and re.fullmatch(r"Q[1-9]\d*", e.qid):
        em.add(node, OWL.sameAs, NamedNode(WIKIDATA_ENTITY + e.qid))
    if e.lat is not None and e.lon is not None:
        geom = NamedNode(iris.geometry(base_iri, e.key))
        em.add(node, GEO.hasGeometry, geom)
        em.add(geom, RDF.type, GEO.Geometry)
        em.add(geom, GEO.asWKT, Literal(f"POINT({e.lon:g} {e.lat:g})", datatype=GEO.wktLiteral))
    for container in e.located_in:
        em.add(node, KG.locatedIn, entity_iri(base_iri, container))
    em.add(node, DCTERMS.source, _string(e.source))


def _entity_record(em: _Emitter, e: model.Entity, base_iri: str) -> None:
    """What an article graph says of an entity it uses: its class, key and the names the extraction gave it
    (``rdfs:label``; a minted entity's other names as ``skos:altLabel``). The canonical description (display
    labels, seed aliases, Wikidata link, geometry) lives once, in the consolidated graph: copied into every
    article graph it made each entity's labels as many times as the articles that name it."""
    node = entity_iri(base_iri, e.key)
    em.add(node, RDF.type, entity_class(e.type))
    em.add(node, DCTERMS.identifier, _string(e.key))
    em.add(node, RDFS.label, _ar(e.label_ar))
    if e.label_en:
        em.add(node, RDFS.label, Literal(e.label_en, language="en"))
    if e.source == "extracted":
        for alias in e.aliases:
            if alias and alias not in (e.label_ar, e.label_en):
                em.add(node, SKOS.altLabel, _lang(alias))


def extraction_to_quads(
    ex: model.Extraction, base_iri: str, *, extracted_at: datetime | None = None
) -> ArticleGraph:
    """All quads of one article's named graph; the same extraction always yields the same IRIs."""
    art = ex.article
    graph = iris.article_graph(base_iri, art.key)
    em = _Emitter(graph)
    a = NamedNode(iris.article(base_iri, art.key))
    when = extracted_at or datetime.now(UTC)

    em.add(a, RDF.type, KG.Article)
    em.add(a, DCTERMS.identifier, _string(art.key))
    em.add(a, NIF.isString, _string(art.text))
    em.add(a, KG.sourceName, _string(art.source))
    em.add(a, SCHEMA.inLanguage, _string(art.lang))
    if art.title:
        em.add(a, SCHEMA.headline, Literal(art.title, language=art.lang))
    if art.url:
        em.add(a, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI))
    if art.published:
        # typed by what the source gives: xsd:date, or xsd:gYearMonth / xsd:gYear for a month- or year-only date
        em.add(a, SCHEMA.datePublished, date_value_literal(model.date_at(art.published, art.published_precision),
                                                           art.published_precision))
        em.add(a, KG.publishedInferred, _bool(False))
    if art.publisher:
        em.add(a, KG.publisherName, _string(art.publisher))
    if art.dateline:
        em.add(a, SCHEMA.dateline, _string(art.dateline))

    used: set[str] = set()
    seen_spans: set[tuple[int, int]] = set()
    for m in ex.mentions:
        suffix = m.label.lower() if (m.start, m.end) in seen_spans else ""
        seen_spans.add((m.start, m.end))
        node = NamedNode(iris.mention(base_iri, art.key, m.start, m.end, suffix))
        em.add(node, RDF.type, KG.Mention)
        _text_span(em, node, a, m.start, m.end, m.text, m.sentence)
        em.add(node, KG.mentionType, _string(m.label))
        em.add(node, KG.confidence, _decimal(m.confidence))
        em.add(node, PROV.wasGeneratedBy, _activity(em, base_iri, art.key, a, m.recognizer,
                                                     m.recognizer_version, when))
        if m.entity:
            used.add(m.entity)
            em.add(node, ITSRDF.taIdentRef, entity_iri(base_iri, m.entity))
            if m.link_score is not None:
                em.add(node, KG.linkScore, _decimal(m.link_score))
            if m.link_reason:
                em.add(node, KG.linkReason, _string(m.link_reason))

    for f in ex.facts:
        used.update(_fact(em, base_iri, art.key, a, f, when))

    for key in sorted(used):
        e = ex.entities.get(key)
        if e is not None:
            _entity_record(em, e, base_iri)
    return ArticleGraph(graph=graph, quads=em.quads)


def _text_span(
    em: _Emitter, node: NamedNode, article: NamedNode, start: int, end: int, text: str, sentence: int
) -> None:
    """A NIF span of the article (mention or evidence): context, code-point offsets, the text, its sentence."""
    em.add(node, NIF.referenceContext, article)
    em.add(node, NIF.beginIndex, _int(start))
    em.add(node, NIF.endIndex, _int(end))
    em.add(node, NIF.anchorOf, _string(text))
    em.add(node, KG.sentenceIndex, _int(sentence))


def _activity(
    em: _Emitter, base_iri: str, article_key: str, article: NamedNode, method: str, version: str,
    when: datetime,
) -> NamedNode:
    act = NamedNode(iris.activity(base_iri, article_key, method, version))
    agent = NamedNode(iris.agent(base_iri, method, version))
    em.add(act, RDF.type, KG.ExtractionActivity)
    em.add(act, PROV.used, article)
    em.add(act, PROV.wasAssociatedWith, agent)
    em.add(act, PROV.endedAtTime, _datetime(when))
    em.add(agent, RDF.type, PROV.SoftwareAgent)
    em.add(agent, KG.method, _string(method))
    em.add(agent, KG.methodVersion, _string(version))
    return act


def fact_class(f: model.Fact) -> NamedNode:
    """The event/observation class a fact is an instance of (from its spec, :mod:`kg.facts`)."""
    return KG.term(spec_of(f).ontology_class(f))


def _fact(
    em: _Emitter, base_iri: str, article_key: str, article: NamedNode, f: model.Fact, when: datetime
) -> Iterator[str]:
    """Emit one reported fact with its provenance; yield the entity keys it refers to."""
    node = NamedNode(iris.fact(base_iri, article_key, f))
    ev = f.evidence
    em.add(node, RDF.type, fact_class(f))
    em.add(node, RDF.type, KG.ReportedFact)
    em.add(node, PROV.wasDerivedFrom, article)
    em.add(node, KG.confidence, _decimal(ev.confidence))
    em.add(node, PROV.wasGeneratedBy, _activity(em, base_iri, article_key, article, ev.method,
                                                 ev.method_version, when))
    span = NamedNode(iris.evidence(base_iri, article_key, ev.start, ev.end))
    em.add(node, KG.evidence, span)
    em.add(span, RDF.type, KG.Evidence)
    _text_span(em, span, article, ev.start, ev.end, ev.quote, ev.sentence)

    def ref(prop: NamedNode, key: str | None) -> Iterator[str]:
        if key:
            em.add(node, prop, entity_iri(base_iri, key))
            yield key

    def when_(prop: NamedNode, role: str, t: model.TimeValue | None) -> None:
        if t is not None:
            tnode = NamedNode(iris.time_node(node.value, role))
            em.add(node, prop, tnode)
            time_quads(em, tnode, t)

    if isinstance(f, model.Handover):
        yield from ref(KG.facility, f.facility)
        yield from ref(KG.transferredFrom, f.from_actor)
        yield from ref(KG.transferredTo, f.to_actor)
        if f.scope:
            em.add(node, KG.collectiveScope, _lang(f.scope))
        em.add(node, KG.status, KG.term(STATUS[f.status]))
        em.add(node, KG.negated, _bool(f.negated))
        when_(KG.time, "time", f.time)
    elif isinstance(f, model.Withdrawal):
        yield from ref(KG.force, f.force)
        yield from ref(KG.fromPlace, f.from_place)
        yield from ref(KG.toPlace, f.to_place)
        em.add(node, KG.status, KG.term(STATUS[f.status]))
        em.add(node, KG.negated, _bool(f.negated))
        when_(KG.time, "time", f.time)
    elif isinstance(f, model.Agreement):
        em.add(node, RDFS.label, _lang(f.label))
        for party in f.parties:
            yield from ref(KG.party, party)
        if f.sets:
            em.add(node, KG.sets, _lang(f.sets))
        when_(KG.time, "time", f.date)
    elif isinstance(f, model.MissionPhase):
        em.add(node, RDFS.label, _lang(f.label))
        if f.number is not None:
            em.add(node, KG.phaseNumber, _int(f.number))
        yield from ref(KG.scope, f.scope)
        yield from ref(KG.mission, f.mission)
        em.add(node, KG.status, KG.term(STATUS[f.status]))
        when_(KG.deadline, "deadline", f.deadline)
    elif isinstance(f, model.TroopCount):
        q = f.quantity
        if q.value is not None:
            em.add(node, SCHEMA.value, _int(q.value))
        if q.min is not None:
            em.add(node, SCHEMA.minValue, _int(q.min))
        if q.max is not None:
            em.add(node, SCHEMA.maxValue, _int(q.max))
        em.add(node, KG.qualifier, KG.term(QUALIFIER[q.qualifier]))
        if q.unit:
            em.add(node, SCHEMA.unitText, _string(q.unit))
        if q.text:
            em.add(node, KG.expression, _ar(q.text))
        if q.inclusive is not None:
            em.add(node, KG.inclusive, _bool(q.inclusive))
        em.add(node, KG.countKind, KG.term(COUNT_KIND[f.kind]))
        yield from ref(KG.force, f.force)
        yield from ref(KG.country, f.country)
        for more in f.also_in:  # «في العراق وسوريا»: the figure covers both
            yield from ref(KG.country, more)
        yield from ref(KG.place, f.place)
        when_(KG.asOf, "as-of", f.as_of)
    elif isinstance(f, model.Statement):
        em.add(node, KG.quote, _lang(f.quote))
        yield from ref(KG.speaker, f.speaker)
        if f.role:
            em.add(node, KG.speakerRole, _lang(f.role))
        yield from ref(KG.channel, f.channel)
        when_(KG.time, "time", f.date)


def ontology_quads(ontology_dir: Path, base_iri: str) -> list[Quad]:
    """``kg.ttl`` as quads of the ontology graph, so labels and notations are queryable."""
    path = Path(ontology_dir) / "kg.ttl"
    if not path.is_file():
        raise ResourceMissingError(f"ontology file {path} is missing", hint="set KG_ONTOLOGY_DIR")
    st = path.stat()
    return list(_ontology_quads(str(path.resolve()), st.st_mtime_ns, st.st_size, base_iri))


@lru_cache(maxsize=4)
def _ontology_quads(path: str, _mtime_ns: int, _size: int, base_iri: str) -> tuple[Quad, ...]:
    """Parsed once per version of the file (every build reads it: ~6 ms of a one-article build)."""
    graph = NamedNode(iris.ontology_graph(base_iri))
    with open(path, "rb") as fh:
        return tuple(Quad(t.subject, t.predicate, t.object, graph) for t in parse(fh, format=RdfFormat.TURTLE))
