"""Namespaces and the vocabulary terms kg emits; the one table that names ontology IRIs.

Only ``kg.rdf`` imports this module. ``KG`` is the stable ontology namespace from :mod:`kg.config`; every
other namespace is a standard vocabulary used directly (schema.org, PROV-O, OWL-Time, GeoSPARQL, NIF, SKOS).
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.config import ONTOLOGY_NS

PREFIXES: dict[str, str] = {
    "kg": ONTOLOGY_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "http://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "crm": "http://www.cidoc-crm.org/cidoc-crm/",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
}

WIKIDATA_ENTITY = PREFIXES["wd"]


class _Ns:
    """Attribute access to terms of one namespace: ``KG.TransferOfControl`` → NamedNode."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.base + name)

    def term(self, name: str) -> NamedNode:
        return NamedNode(self.base + name)


KG = _Ns(PREFIXES["kg"])
RDF = _Ns(PREFIXES["rdf"])
RDFS = _Ns(PREFIXES["rdfs"])
OWL = _Ns(PREFIXES["owl"])
XSD = _Ns(PREFIXES["xsd"])
SKOS = _Ns(PREFIXES["skos"])
DCTERMS = _Ns(PREFIXES["dcterms"])
SCHEMA = _Ns(PREFIXES["schema"])
PROV = _Ns(PREFIXES["prov"])
TIME = _Ns(PREFIXES["time"])
GEO = _Ns(PREFIXES["geo"])
NIF = _Ns(PREFIXES["nif"])
ITSRDF = _Ns(PREFIXES["itsrdf"])

#: skos:notation of each controlled value → the concept's local name in the ontology.
STATUS = {"planned": "Planned", "in_progress": "InProgress", "completed": "Completed"}
QUALIFIER = {
    "exact": "Exact",
    "about": "About",
    "less_than": "LessThan",
    "more_than": "MoreThan",
    "range": "Range",
}
PRECISION = {"day": "DayPrecision", "month": "MonthPrecision", "year": "YearPrecision",
             "decade": "DecadePrecision"}
COUNT_KIND = {"current": "CurrentCount", "projection": "ProjectedCount", "cap": "CountCap"}
#: OWL-Time unit for each precision that OWL-Time has a unit for.
TIME_UNIT = {"day": "unitDay", "month": "unitMonth", "year": "unitYear"}

#: Entity classes the gazetteer and linker may name in ``Entity.type`` (local names in ``kg:``).
ENTITY_CLASSES = frozenset(
    {
        "Entity", "Actor", "Person", "Organization", "GovernmentBody", "Ministry", "ArmedForce",
        "MilitaryUnit", "Coalition", "ArmedGroup", "NewsAgency", "InternationalOrganization",
        "Place", "Country", "Region", "City", "Facility", "MilitaryBase", "AirBase", "Headquarters", "Airport",
        "Camp", "Agreement", "JointStatement", "MemorandumOfUnderstanding", "FrameworkAgreement",
        "MilitaryOperation", "Mission", "Decision",
    }
)
#: Agreement kinds an extracted ``Agreement.kind`` may name.
AGREEMENT_CLASSES = frozenset(
    {"Agreement", "JointStatement", "MemorandumOfUnderstanding", "FrameworkAgreement", "Decision"}
)
