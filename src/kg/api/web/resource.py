"""The generic page of any IRI of the graph: its facts and what refers to it, with labels, never raw syntax.

The pages for entities, events, facts, articles and graphs (``kg.api.web.views``) are built on the same
lookups; this one serves everything else (a mention, an evidence span, a time interval, an agent...).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.api.web import data
from kg.api.web.data import Row, Value
from kg.api.web.render import Page
from kg.rdf import iris

if TYPE_CHECKING:
    from kg.api.state import ApiState

#: how many incoming links a page lists
INCOMING_LIMIT = 200
#: incoming links read to find the relations that point at an IRI and count them; past this many, each relation
#: (those found, kg's ontology's and the standard ones named here) is counted on its own, up to the next cap
INCOMING_SAMPLE = 2000
#: the most referrers counted per relation ("100+")
INCOMING_CAP = 100
#: referrers listed per relation when the links are too many to read
INCOMING_SHOWN = 10

#: how many of the graphs a resource appears in a page lists
GRAPH_LIMIT = 20

#: properties kept off the pages: internal provenance of seed rows, keys, and the full text (shown apart)
HIDDEN = {
    data.DCTERMS + "source",
    data.DCTERMS + "identifier",
    data.NIF + "isString",
    data.KG + "sourceName",  # the file an article was read from: a path on the machine that built the graph
    # the build's bookkeeping for reading named queries a page at a time (kg.rowkeys)
    *(data.KG + p for p in ("orderCode", "rowOf", "articlesRowKey", "handoverSourcesRowKey", "statementsRowKey",
                            "troopCountsRowKey", "conflictsRowKey")),
}

#: names of standard properties that have no label in our ontology graph: (English, Arabic)
PROPERTY_NAMES = {
    data.RDF_TYPE: ("type", "النوع"),
    data.RDFS_LABEL: ("label", "الاسم"),
    data.PREF_LABEL: ("name", "الاسم"),
    data.ALT_LABEL: ("also written", "يُكتب أيضًا"),
    data.OWL_SAME_AS: ("same as", "هو نفسه"),
    data.SCHEMA + "headline": ("headline", "العنوان"),
    data.SCHEMA + "datePublished": ("published", "تاريخ النشر"),
    data.SCHEMA + "url": ("address", "الرابط"),
    data.SCHEMA + "value": ("figure", "العدد"),
    data.SCHEMA + "minValue": ("at least", "على الأقل"),
    data.SCHEMA + "maxValue": ("at most", "على الأكثر"),
    data.SCHEMA + "unitText": ("unit", "الوحدة"),
    data.SCHEMA + "dateline": ("dateline", "مكان الخبر"),
    data.PROV + "wasDerivedFrom": ("source", "المصدر"),
    data.PROV + "wasGeneratedBy": ("read by", "استخرجه"),
    data.PROV + "wasAssociatedWith": ("agent", "الأداة"),
    data.PROV + "used": ("read", "قرأ"),
    data.PROV + "endedAtTime": ("at", "في"),
    data.NIF + "anchorOf": ("text", "النص"),
    data.NIF + "beginIndex": ("from character", "من الحرف"),
    data.NIF + "endIndex": ("to character", "إلى الحرف"),
    data.NIF + "referenceContext": ("in article", "في المقال"),
    data.ITSRDF_REF: ("refers to", "يشير إلى"),
    data.GEO + "hasGeometry": ("geometry", "الشكل"),
    data.GEO + "asWKT": ("coordinates", "الإحداثيات"),
    "http://www.w3.org/2006/time#unitType": ("time unit", "وحدة الزمن"),
    "http://www.w3.org/2000/01/rdf-schema#subClassOf": ("a kind of", "نوع من"),
    "http://www.w3.org/2000/01/rdf-schema#subPropertyOf": ("a narrower", "أضيق من"),
    "http://www.w3.org/2000/01/rdf-schema#domain": ("said of", "يوصف به"),
    "http://www.w3.org/2000/01/rdf-schema#range": ("its values", "قيمه"),
    data.SKOS + "definition": ("definition", "التعريف"),
    data.SKOS + "closeMatch": ("close to", "قريب من"),
    data.SKOS + "exactMatch": ("the same as", "مطابق لـ"),
    data.SKOS + "notation": ("code", "الرمز"),
    data.SKOS + "inScheme": ("in the list", "ضمن القائمة"),
}


@dataclass
class Link:
    """One (relation, value) pair of a resource."""

    prop: str
    value: Value


@dataclass
class Incoming:
    """Resources that point at this one through one relation."""

    prop: str
    count: int
    subjects: list[str]
    #: ``count`` is a floor: the referrers were counted up to :data:`INCOMING_CAP`
    more: bool = False


@dataclass
class Resource:
    """What the graph says about one IRI."""

    iri: str
    out: list[Link]
    incoming: list[Incoming]
    graphs: list[str]
    #: the quoted words of referrers that are statements or evidence (kg:quote, nif:anchorOf)
    quotes: dict[str, str] = field(default_factory=dict)
    #: whether the links that point at it were read (:func:`add_incoming`)
    linked: bool = False

    @property
    def visible(self) -> list[Link]:
        """The outgoing links a page shows (not the seed notes, keys, the article text or its file)."""
        return [link for link in self.out if link.prop not in HIDDEN]

    def first(self, prop: str) -> Value | None:
        return next((link.value for link in self.out if link.prop == prop), None)

    def all(self, prop: str) -> list[Value]:
        return [link.value for link in self.out if link.prop == prop]

    def iris(self, prop: str) -> list[str]:
        return [v.value for v in self.all(prop) if v.is_iri]

    @property
    def types(self) -> list[str]:
        return self.iris(data.RDF_TYPE)

    def is_a(self, *local_names: str) -> bool:
        return any(t == data.KG + n for t in self.types for n in local_names)

    @property
    def exists(self) -> bool:
        return bool(self.out or self.incoming)


async def describe(state: ApiState, iri: str, *, incoming: bool = True) -> Resource:
    """Outgoing triples and the graphs of one IRI, and (``incoming``) the links that point at it
    (:func:`add_incoming`). A consolidated fact's attestations are not read here (one is, so the page knows it
    has some): a handover reported by 2,000 articles has 2,000."""
    cg = f"<{iris.consolidated_graph(state.settings.base_iri)}>"
    # what the consolidated graph says, where it describes the IRI (a canonical entity, a consolidated fact: it
    # gives them their type): the article graphs each repeat an entity's record, read once per graph over the
    # union. An IRI it only annotates (an undated article's inferred publication) is described by its own graph
    # as well.
    q_out = (f"SELECT DISTINCT ?p ?o WHERE {{ {{ GRAPH {cg} {{ <{iri}> ?p ?o FILTER (?p != kg:attestation) }} }} "
             f"UNION {{ {{ SELECT ?p ?o WHERE {{ GRAPH {cg} {{ <{iri}> kg:attestation ?o }} BIND (kg:attestation AS ?p) }} "
             f"LIMIT 1 }} }} UNION {{ {{ FILTER NOT EXISTS {{ GRAPH {cg} {{ <{iri}> a ?y }} }} }} <{iri}> ?p ?o }} }}")
    q_graphs = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} LIMIT {GRAPH_LIMIT}"
    out_rows, graph_rows = await asyncio.gather(data.select(state, q_out), data.select(state, q_graphs))
    res = Resource(iri, [Link(r["p"].value, r["o"]) for r in out_rows], [], sorted(r["g"].value for r in graph_rows))
    if incoming:
        await add_incoming(state, res)
    return res


async def add_incoming(state: ApiState, res: Resource) -> None:
    """The links that point at the resource, by relation (counted up to a cap, and the first few), and the
    quoted words of referrers that are statements or evidence."""
    iri = res.iri
    # the relations among the first links, counted inside the engine (the rows never leave it), and the first ones
    q_sample = (f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}> }} "
                f"LIMIT {INCOMING_SAMPLE} }} GROUP BY ?p")
    q_first = f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT {INCOMING_LIMIT}"
    sample, first = await asyncio.gather(data.select(state, q_sample), data.select(state, q_first))
    res.incoming = await _incoming(state, iri, sample, first)
    res.linked = True
    listed = [s for i in res.incoming for s in i.subjects]
    if listed:
        found = await data.select_values(state, listed,
                                         data.any_of([data.KG + "quote", data.NIF + "anchorOf"], obj="?q"),
                                         project="?s ?q")
        for row in found:
            res.quotes.setdefault(row["s"].value, row["q"].value)


async def _relations(state: ApiState) -> list[str]:
    """The object properties of kg's ontology graph: the relations counted one by one when the links are too
    many to read (with those found among the first links). A hint (``kg.api.web.bounded.hint``): the ontology
    changes with the code, not with the news."""
    from kg.api.web.bounded import hint

    async def read() -> list[str]:
        ontology = f"<{iris.ontology_graph(state.settings.base_iri)}>"
        rows = await data.select(state, f"SELECT DISTINCT ?p WHERE {{ GRAPH {ontology} {{ ?p a owl:ObjectProperty }} }}")
        return sorted(r["p"].value for r in rows)

    return await hint(state, "relations", read)


async def _incoming(state: ApiState, iri: str, sample: list[Row], first: list[Row]) -> list[Incoming]:
    """The relations that point at ``iri``, each with its number of referrers and the first ones: from the sample
    when it holds every link, else relation by relation (each counted up to :data:`INCOMING_CAP`)."""
    if sum(int(data.text(r, "n") or 0) for r in sample) < INCOMING_SAMPLE:
        shown: dict[str, list[str]] = {}
        for r in first:
            shown.setdefault(r["p"].value, []).append(r["s"].value)
        inc = [Incoming(r["p"].value, int(data.text(r, "n") or 0), sorted(shown.get(r["p"].value, []))) for r in sample]
    else:
        props = data.iri_list([*(r["p"].value for r in sample), *await _relations(state), *PROPERTY_NAMES,
                               data.ITSRDF_REF])

        def counted(p: str) -> str:
            return (f"{{ {{ SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s WHERE {{ ?s <{p}> <{iri}> }} "
                    f"LIMIT {INCOMING_CAP + 1} }} }} BIND (<{p}> AS ?p) }}")

        def listed(p: str) -> str:
            return (f"{{ {{ SELECT DISTINCT ?s WHERE {{ ?s <{p}> <{iri}> }} LIMIT {INCOMING_SHOWN} }} "
                    f"BIND (<{p}> AS ?p) }}")

        counts, firsts = await asyncio.gather(
            data.select(state, "SELECT ?p ?n WHERE { " + " UNION ".join(counted(p) for p in props) + " }"),
            data.select(state, "SELECT ?p ?s WHERE { " + " UNION ".join(listed(p) for p in props) + " }"),
        )
        subjects: dict[str, list[str]] = {}
        for r in firsts:
            subjects.setdefault(r["p"].value, []).append(r["s"].value)
        inc = []
        for r in counts:
            n = int(data.text(r, "n") or 0)
            if n:
                inc.append(Incoming(r["p"].value, min(n, INCOMING_CAP), sorted(subjects.get(r["p"].value, [])),
                                    n > INCOMING_CAP))
    inc.sort(key=lambda i: (-i.count, i.prop))
    return inc


def prop_name(page: Page, prop: str) -> str:
    """A relation as a person reads it: our ontology's label, a name for a standard property, or its tail."""
    if prop in page.labels:
        return page.name(prop)
    if prop in PROPERTY_NAMES:
        en, ar = PROPERTY_NAMES[prop]
        return ar if page.lang == "ar" else en
    return page.name(prop)


def iris_of(resource: Resource) -> list[str]:
    """Every IRI the generic page shows (relations, values, referrers), for one label lookup."""
    out = [link.prop for link in resource.visible] + [link.value.value for link in resource.visible if link.value.is_iri]
    for inc in resource.incoming:
        out.append(inc.prop)
        out.extend(inc.subjects)
    return out
