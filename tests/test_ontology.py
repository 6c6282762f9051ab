"""The ontology: parses, every kg: term labelled (ar, en) and defined, every kg: term used anywhere declared."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from kg.config import ONTOLOGY_NS
from kg.rdf.namespaces import AGREEMENT_CLASSES, COUNT_KIND, ENTITY_CLASSES, PRECISION, QUALIFIER, STATUS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "kg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
KG = Namespace(ONTOLOGY_NS)
_KG_TERM = re.compile(r"\bkg:([A-Za-z_][A-Za-z0-9_]*)")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def declared_terms(g: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual,
             SKOS.Concept, SKOS.ConceptScheme)
    return {s for kind in kinds for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)}


def kg_terms_in(text: str) -> set[str]:
    return set(_KG_TERM.findall(text))


def test_ontology_header(onto: Graph) -> None:
    ont = next(onto.subjects(RDF.type, OWL.Ontology))
    assert onto.value(ont, OWL.versionIRI) is not None
    assert onto.value(ont, DCTERMS.license) is not None
    langs = {o.language for o in onto.objects(ont, DCTERMS.description) if isinstance(o, Literal)}
    assert {"ar", "en"} <= langs


def test_every_kg_term_labelled_and_defined_in_both_languages(onto: Graph) -> None:
    terms = {s for s in declared_terms(onto) if str(s).startswith(ONTOLOGY_NS)}
    assert len(terms) > 80
    problems = []
    for term in sorted(terms):
        for prop in (RDFS.label, SKOS.definition):
            langs = {o.language for o in onto.objects(term, prop) if isinstance(o, Literal)}
            if not {"ar", "en"} <= langs:
                problems.append(f"{term} {prop} has languages {sorted(map(str, langs))}")
    assert not problems, "\n".join(problems)


def test_every_kg_subject_is_declared(onto: Graph) -> None:
    declared = declared_terms(onto)
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(ONTOLOGY_NS)}
    assert used <= declared, sorted(map(str, used - declared))


def test_properties_have_a_kind_and_classes_align_to_standards(onto: Graph) -> None:
    assert (KG.TransferOfControl, RDFS.subClassOf, URIRef("http://www.cidoc-crm.org/cidoc-crm/E10_Transfer_of_Custody")) in onto
    assert (KG.MilitaryBase, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q245016")) in onto
    assert (KG.operator, SKOS.closeMatch, URIRef("http://www.wikidata.org/prop/direct/P137")) in onto
    assert (KG.Article, RDFS.subClassOf, URIRef("http://schema.org/NewsArticle")) in onto
    assert (KG.ExtractionActivity, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Activity")) in onto


def test_controlled_values_are_concepts_with_the_notations_queries_return(onto: Graph) -> None:
    for table, scheme in ((STATUS, "StatusScheme"), (QUALIFIER, "QualifierScheme"),
                          (PRECISION, "PrecisionScheme"), (COUNT_KIND, "CountKindScheme")):
        for notation, local in table.items():
            concept = KG[local]
            assert (concept, RDF.type, SKOS.Concept) in onto
            assert (concept, SKOS.inScheme, KG[scheme]) in onto
            assert str(onto.value(concept, SKOS.notation)) == notation


def test_entity_and_agreement_classes_named_in_code_are_declared(onto: Graph) -> None:
    for local in ENTITY_CLASSES | AGREEMENT_CLASSES:
        assert (KG[local], RDF.type, OWL.Class) in onto, local


def test_seed_entity_types_are_classes(onto: Graph) -> None:
    seeds = ROOT / "seeds" / "entities.tsv"
    if not seeds.is_file():
        pytest.skip("seeds/entities.tsv not present")
    with seeds.open(encoding="utf-8") as fh:
        types = {row["type"] for row in csv.DictReader(fh, delimiter="\t") if row.get("type")}
    assert types
    missing = {t for t in types if (KG[t], RDF.type, OWL.Class) not in onto or t not in ENTITY_CLASSES}
    assert not missing, f"seed types without a class (add to kg.ttl and ENTITY_CLASSES): {sorted(missing)}"


def test_shapes_parse_and_use_only_declared_kg_terms(onto: Graph) -> None:
    Graph().parse(SHAPES, format="turtle")
    declared = {str(t)[len(ONTOLOGY_NS):] for t in declared_terms(onto) if str(t).startswith(ONTOLOGY_NS)}
    undeclared = kg_terms_in(SHAPES.read_text(encoding="utf-8")) - declared
    assert not undeclared, sorted(undeclared)


def test_queries_use_only_declared_kg_terms(onto: Graph) -> None:
    declared = {str(t)[len(ONTOLOGY_NS):] for t in declared_terms(onto) if str(t).startswith(ONTOLOGY_NS)}
    for rq in sorted((ROOT / "queries").glob("*.rq")):
        undeclared = kg_terms_in(rq.read_text(encoding="utf-8")) - declared
        assert not undeclared, f"{rq.name}: {sorted(undeclared)}"


def test_no_term_is_declared_with_two_kinds(onto: Graph) -> None:
    """OWL 2 DL (and Protégé) want one kind per IRI: class, object, datatype or annotation property."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    seen: dict[URIRef, set[URIRef]] = {}
    for kind in kinds:
        for s in onto.subjects(RDF.type, kind):
            seen.setdefault(s, set()).add(kind)  # type: ignore[arg-type]
    clashes = {str(s): sorted(map(str, k)) for s, k in seen.items() if len(k) > 1}
    assert not clashes, clashes


def test_entity_types_are_one_vocabulary_of_ontology_classes() -> None:
    """Every entity type the seeds, the minting and the fact roles use is a class of ontology/kg.ttl."""
    import rdflib

    from kg import entity_types
    from kg.gazetteer import TYPE_LABELS
    from kg.lexicon import default_lexicon
    from kg.link.minting import DEFAULT_TYPES
    from kg.resources import resource_dir

    g = rdflib.Graph().parse(resource_dir("ontology") / "kg.ttl")
    kg = rdflib.Namespace("https://w3id.org/kg-news/ontology#")
    classes = {str(c)[len(str(kg)):] for c in g.subjects(rdflib.RDF.type, rdflib.OWL.Class) if str(c).startswith(str(kg))}
    used = set(entity_types.ALL) | set(TYPE_LABELS) | set(DEFAULT_TYPES.values()) | {
        h.type for h in default_lexicon().heads.values()}
    assert used <= classes, sorted(used - classes)
    assert set(TYPE_LABELS) <= entity_types.ALL
