"""The generic page of any IRI of the graph: its facts and what refers to it, with labels, never raw syntax.

The pages for entities, events, facts, articles and graphs (``kg.api.web.views``) are built on the same
lookups; this one serves everything else (a mention, an evidence span, a time interval, an agent...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.api.web import data
from kg.api.web.data import Row, Value
from kg.api.web.render import Page
from kg.rdf import iris

if TYPE_CHECKING:
    from kg.api.state import ApiState

#: how many incoming links a page lists (the count by relation is always complete)
INCOMING_LIMIT = 200

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


@dataclass
class Resource:
    """What the graph says about one IRI."""

    iri: str
    out: list[Link]
    incoming: list[Incoming]
    graphs: list[str]
    #: the quoted words of referrers that are statements or evidence (kg:quote, nif:anchorOf)
    quotes: dict[str, str] = field(default_factory=dict)

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
    """Outgoing triples, incoming links by relation (counted, and the first few) and the graphs of one IRI."""
    import asyncio

    def q_out() -> str:
        # what the consolidated graph says, where it describes the IRI (a canonical entity, a consolidated
        # fact: it gives them their type): the article graphs each repeat an entity's record, read once per
        # graph over the union. An IRI it only annotates (an undated article's inferred publication) is
        # described by its own graph as well.
        cg = f"<{iris.consolidated_graph(state.settings.base_iri)}>"
        return (f"SELECT DISTINCT ?p ?o WHERE {{ {{ GRAPH {cg} {{ <{iri}> ?p ?o }} }} UNION {{ "
                f"{{ FILTER NOT EXISTS {{ GRAPH {cg} {{ <{iri}> a ?y }} }} }} <{iri}> ?p ?o }} }}")

    def q_in_count() -> str:
        return f"SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p <{iri}> }} GROUP BY ?p"

    def q_in() -> str:
        return f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}> }} LIMIT {INCOMING_LIMIT}"

    def q_graphs() -> str:
        return f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }} }} LIMIT {GRAPH_LIMIT}"

    jobs = [data.select(state, q_out()), data.select(state, q_graphs())]
    if incoming:
        jobs += [data.select(state, q_in_count()), data.select(state, q_in())]
    results = await asyncio.gather(*jobs)
    out_rows, graph_rows = results[0], results[1]
    counts: list[Row] = results[2] if incoming else []
    inc_rows: list[Row] = results[3] if incoming else []
    out = [Link(r["p"].value, r["o"]) for r in out_rows]
    by_prop: dict[str, list[str]] = {}
    for r in inc_rows:
        by_prop.setdefault(r["p"].value, []).append(r["s"].value)
    inc = [Incoming(r["p"].value, int(r["n"].value), sorted(by_prop.get(r["p"].value, [])))
           for r in counts]
    inc.sort(key=lambda i: (-i.count, i.prop))
    quotes: dict[str, str] = {}
    if inc_rows:
        found = await data.select_values(state, (r["s"].value for r in inc_rows),
                                         data.any_of([data.KG + "quote", data.NIF + "anchorOf"], obj="?q"),
                                         project="?s ?q")
        for row in found:
            quotes.setdefault(row["s"].value, row["q"].value)
    return Resource(iri, out, inc, sorted(r["g"].value for r in graph_rows), quotes)


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
