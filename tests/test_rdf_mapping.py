"""Extraction → quads: declared terms only, shapes conform, stable IRIs, re-ingest duplicates nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, Quad
from rdflib import OWL, RDF, Graph, URIRef

from _rdf_sample import ENTITIES, completion_report
from kg import model
from kg.config import ONTOLOGY_NS
from kg.rdf import entity_quads, extraction_to_quads, ontology_quads
from kg.rdf.namespaces import KG, PREFIXES
from kg.rdf.validate import validate_graph, validate_store
from kg.store import open_store

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/kg-news/id/"
WHEN = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
RDF_TYPE = NamedNode(PREFIXES["rdf"] + "type")
_BUILTIN = (PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["owl"], PREFIXES["xsd"])


def _sample() -> model.Extraction:
    return completion_report("sample-1", 18, date(2026, 1, 18))


def _declared() -> set[str]:
    g = Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
             URIRef(PREFIXES["skos"] + "Concept"), URIRef(PREFIXES["time"] + "TemporalUnit"))
    return {str(s) for k in kinds for s in g.subjects(RDF.type, k)}


def _to_rdflib(quads: list[Quad]) -> Graph:
    g = Graph()
    nt = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
    g.parse(data=nt, format="nt")
    return g


def test_sample_has_every_fact_type() -> None:
    kinds = {type(f) for f in _sample().facts}
    assert kinds == {model.Handover, model.Agreement, model.TroopCount, model.MissionPhase, model.Withdrawal,
                     model.Statement}


def test_every_emitted_term_is_declared_in_the_ontology() -> None:
    ag = extraction_to_quads(_sample(), BASE, extracted_at=WHEN)
    used: set[str] = set()
    for q in ag.quads:
        used.add(q.predicate.value)
        if q.predicate == RDF_TYPE or q.predicate.value.startswith(ONTOLOGY_NS):
            if isinstance(q.object, NamedNode) and not q.object.value.startswith(BASE):
                if not q.object.value.startswith(PREFIXES["wd"]):
                    used.add(q.object.value)
    used = {u for u in used if not u.startswith(_BUILTIN)}
    undeclared = used - _declared()
    assert not undeclared, sorted(undeclared)
    assert any(u.startswith(ONTOLOGY_NS) for u in used)


def test_mapping_conforms_to_shapes() -> None:
    ag = extraction_to_quads(_sample(), BASE, extracted_at=WHEN)
    report = validate_graph(_to_rdflib(ag.quads), ROOT / "ontology" / "shapes.ttl")
    assert report.conforms, "\n".join(report.violations)
    assert not report.violations


def test_shapes_catch_wrong_offsets_and_missing_status() -> None:
    ag = extraction_to_quads(_sample(), BASE, extracted_at=WHEN)
    nif_begin = NamedNode(PREFIXES["nif"] + "beginIndex")
    broken = []
    for q in ag.quads:
        if q.predicate == nif_begin and "/evidence/" in q.subject.value:
            broken.append(Quad(q.subject, q.predicate, Literal("1", datatype=q.object.datatype), q.graph_name))
        elif q.predicate == KG.status:
            continue
        else:
            broken.append(q)
    report = validate_graph(_to_rdflib(broken), ROOT / "ontology" / "shapes.ttl")
    assert not report.conforms
    text = "\n".join(report.violations)
    assert "offsets" in text
    assert "kg:status" in text
    assert all(line.startswith("Violation: ") for line in report.violations)


def test_a_month_only_publication_date_is_a_gyearmonth_that_conforms_and_reads_back() -> None:
    from dataclasses import replace

    from kg.rdf.facts import read_article

    ex = _sample()
    month = replace(ex, article=replace(ex.article, published=date(2026, 1, 1), published_precision="month"))
    ag = extraction_to_quads(month, BASE, extracted_at=WHEN)
    article = NamedNode(BASE + "article/sample-1")
    by_pred = {(q.subject, q.predicate): q.object for q in ag.quads}
    assert by_pred[(article, NamedNode(PREFIXES["schema"] + "datePublished"))] == Literal(
        "2026-01", datatype=NamedNode(PREFIXES["xsd"] + "gYearMonth"))
    report = validate_graph(_to_rdflib(ag.quads), ROOT / "ontology" / "shapes.ttl")
    assert report.conforms, "\n".join(report.violations)
    content = read_article(ag.graph, ag.quads)
    assert content.published == date(2026, 1, 1) and not content.undated


def test_iris_are_stable_and_there_are_no_blank_nodes() -> None:
    a = extraction_to_quads(_sample(), BASE, extracted_at=WHEN)
    b = extraction_to_quads(_sample(), BASE, extracted_at=datetime(2030, 1, 1, tzinfo=UTC))
    def nodes(quads: list[Quad]) -> set[str]:
        return {t.value for q in quads for t in (q.subject, q.object) if isinstance(t, NamedNode)}
    assert nodes(a.quads) == nodes(b.quads)
    assert set(extraction_to_quads(_sample(), BASE, extracted_at=WHEN).quads) == set(a.quads)
    assert not any(isinstance(t, BlankNode) for q in a.quads for t in (q.subject, q.object))
    assert a.graph == BASE + "graph/article/sample-1"
    assert all(q.graph_name == NamedNode(a.graph) for q in a.quads)
    facts = {q.subject.value for q in a.quads if q.object == KG.ReportedFact}
    assert len(facts) == 6
    assert all(f.startswith(BASE + "fact/sample-1/") for f in facts)


def test_remapping_and_replacing_duplicates_nothing() -> None:
    store = open_store("memory:")
    ag = extraction_to_quads(_sample(), BASE, extracted_at=WHEN)
    store.replace_graphs({ag.graph: ag.quads})
    first = store.count()
    again = extraction_to_quads(_sample(), BASE, extracted_at=datetime(2026, 2, 1, tzinfo=UTC))
    store.replace_graphs({again.graph: again.quads})
    assert store.count() == first == len(ag.quads)


def test_article_node_offsets_and_link_decisions() -> None:
    ex = _sample()
    ag = extraction_to_quads(ex, BASE, extracted_at=WHEN)
    article = NamedNode(BASE + "article/sample-1")
    by_pred = {(q.subject, q.predicate): q.object for q in ag.quads}
    assert by_pred[(article, NamedNode(PREFIXES["nif"] + "isString"))].value == ex.article.text
    assert by_pred[(article, NamedNode(PREFIXES["schema"] + "datePublished"))] == Literal(
        "2026-01-18", datatype=NamedNode(PREFIXES["xsd"] + "date"))
    m = ex.mentions[0]
    mention = NamedNode(f"{BASE}article/sample-1/mention/{m.start}-{m.end}")
    assert by_pred[(mention, KG.linkScore)].value == "1"
    assert by_pred[(mention, NamedNode(PREFIXES["itsrdf"] + "taIdentRef"))] == NamedNode(
        BASE + "entity/ain-al-asad-air-base")


def test_entity_quads_wikidata_wkt_and_unknown_type() -> None:
    odd = model.Entity("thing-x", "NoSuchClass", "شيء", source="extracted")
    quads = entity_quads([ENTITIES["ain-al-asad-air-base"], odd], BASE)
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    base_iri = BASE + "entity/ain-al-asad-air-base"
    assert (base_iri, PREFIXES["owl"] + "sameAs", "http://www.wikidata.org/entity/Q4703502") in triples
    assert (base_iri + "/geometry", "http://www.opengis.net/ont/geosparql#asWKT", "POINT(42.4412 33.7856)") in triples
    assert (BASE + "entity/thing-x", PREFIXES["rdf"] + "type", ONTOLOGY_NS + "Entity") in triples
    assert all(q.graph_name == NamedNode(BASE + "graph/consolidated") for q in quads)


def test_ontology_quads_and_store_validation(tmp_path: Path) -> None:
    quads = ontology_quads(ROOT / "ontology", BASE)
    assert len(quads) > 500
    store = open_store("memory:")
    ag = extraction_to_quads(_sample(), BASE, extracted_at=WHEN)
    store.replace_graphs({ag.graph: ag.quads, BASE + "graph/ontology": quads})
    report = validate_store(store, ROOT / "ontology" / "shapes.ttl")
    assert report.conforms, "\n".join(report.violations)


def test_missing_ontology_dir_is_a_clear_error(tmp_path: Path) -> None:
    from kg.errors import ResourceMissingError

    with pytest.raises(ResourceMissingError):
        ontology_quads(tmp_path, BASE)
