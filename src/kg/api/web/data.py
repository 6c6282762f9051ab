"""The data behind the pages: SPARQL through the query executor (time and row limits apply), rows as values.

Pages use the named queries where one answers (through the same cache as ``/queries/{name}``), and otherwise
small queries anchored on the IRIs the page is about, in linear shapes: ``VALUES`` of IRIs joined to *required*
patterns with constant predicates (a choice of predicates is a UNION of constant ones, :func:`any_of`), labels
looked up afterwards for the IRIs a page shows. Measured at 2,000 articles (1.45 M triples): 76 reports' sentence,
date, confidence and rule in four such queries take 30-40 ms each; the same in one query with OPTIONALs (and a
``VALUES ?p`` inside one) 1.6 s, because the optional groups are evaluated over the whole graph before the join.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from kg.api.state import ApiState
from kg.paging import Page
from kg.sparql_parse import QueryPlan
from kg.store.results import QueryRequest

KG = "https://w3id.org/kg-news/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PREF_LABEL = SKOS + "prefLabel"
ALT_LABEL = SKOS + "altLabel"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
NIF = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
GEO = "http://www.opengis.net/ont/geosparql#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
ITSRDF_REF = "http://www.w3.org/2005/11/its/rdf#taIdentRef"
DCTERMS = "http://purl.org/dc/terms/"

PREFIXES = f"""PREFIX kg: <{KG}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <{SKOS}>
PREFIX schema: <{SCHEMA}>
PREFIX prov: <{PROV}>
PREFIX nif: <{NIF}>
PREFIX geo: <{GEO}>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
PREFIX dcterms: <{DCTERMS}>
"""

#: the most IRIs one VALUES block carries (bigger sets are split into several queries)
VALUES_CHUNK = 400


class Value(NamedTuple):
    """One bound value of a result row: its text, kind (uri, literal, bnode), language and datatype (a named
    tuple: a page reads thousands, and a tuple is made four times faster than a frozen dataclass)."""

    value: str
    kind: str = "literal"
    lang: str = ""
    datatype: str = ""

    def __str__(self) -> str:
        return self.value

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"


Row = dict[str, Value]
#: labels by IRI: ``{iri: {lang: label}}`` (:func:`labels`)
Names = dict[str, dict[str, str]]


def text(row: Mapping[str, Value], name: str) -> str:
    """The text of a row's variable ("" when unbound)."""
    value = row.get(name)
    return value.value if value is not None else ""


def _rows(body: bytes) -> list[Row]:
    return _result(body)[1]


def _result(body: bytes) -> tuple[list[str], list[Row]]:
    doc = json.loads(body)
    out = []
    for binding in doc.get("results", {}).get("bindings", []):
        out.append({
            k: Value(v["value"], v["type"], v.get("xml:lang", ""), v.get("datatype", ""))
            for k, v in binding.items()
        })
    return list(doc.get("head", {}).get("vars", [])), out


async def select(state: ApiState, sparql: str) -> list[Row]:
    """Rows of one SELECT over the union of all graphs (under the server's time and row limits), through the
    same per-generation cache as the named queries: a page asked again before the next write costs no query."""
    key = ("page", sparql, state.generation)
    cached = state.cache.get(key)
    if cached is not None:
        return _rows(cached[0])
    req = QueryRequest(
        sparql=PREFIXES + sparql,
        result_type="application/sparql-results+json",
        graph_type="text/turtle",
        union_default_graph=True,
        limit=state.settings.query_result_limit,
        plan=QueryPlan("SELECT"),  # kg's own text: run without a parse, and without network
    )
    body, media = await state.executor.query_async(req)
    state.cache.put(key, (body, media, ""))
    return _rows(body)


async def ask(state: ApiState, sparql: str) -> bool:
    req = QueryRequest(sparql=PREFIXES + sparql, result_type="application/sparql-results+json",
                       graph_type="text/turtle", union_default_graph=True, limit=10, plan=QueryPlan("ASK"))
    body, _ = await state.executor.query_async(req)
    return bool(json.loads(body).get("boolean"))


async def named(state: ApiState, name: str, **params: str) -> list[Row]:
    """Rows of a named query with parameters, through the named-query cache; [] if the query is not loaded."""
    return (await named_result(state, name, **params))[1]


async def named_result(state: ApiState, name: str, **params: str) -> tuple[list[str], list[Row]]:
    """(variables, rows) of a named query, through the named-query cache."""
    return await named_rows(state, name, params)


async def named_rows(state: ApiState, name: str, params: Mapping[str, str],
                     page: Page | None = None) -> tuple[list[str], list[Row]]:
    """(variables, rows) of a named query, or of one ``page`` of it, through the named-query cache."""
    from kg.api.queries_routes import execute_named

    query = state.queries.get(name)
    if query is None:
        return [], []
    body, _, _ = await execute_named(state, query, query.bind(params), "application/sparql-results+json",
                                     page=page)
    return _result(body)


def any_of(predicates: Sequence[str], subject: str = "?s", obj: str = "?o", var: str = "?p") -> str:
    """``{ ?s <p1> ?o BIND (<p1> AS ?p) } UNION { … }``: one of several constant predicates, and which."""
    return " UNION ".join(f"{{ {subject} <{p}> {obj} BIND (<{p}> AS {var}) }}" for p in predicates)


def iri_list(iris: Iterable[str]) -> list[str]:
    """Distinct IRIs, in first-seen order, that can be written as ``<…>`` (anything else is dropped)."""
    seen: dict[str, None] = {}
    for iri in iris:
        if iri and not any(c in iri for c in '<>"{}|^`\\ \n\t'):
            seen.setdefault(iri, None)
    return list(seen)


def values(iris: Sequence[str]) -> str:
    return " ".join(f"<{i}>" for i in iris)


async def select_values(state: ApiState, iris: Iterable[str], pattern: str, project: str = "*") -> list[Row]:
    """``SELECT DISTINCT project WHERE { VALUES ?s { … } pattern }`` over the IRIs, in chunks run side by side."""
    todo = iri_list(iris)
    chunks = [todo[i : i + VALUES_CHUNK] for i in range(0, len(todo), VALUES_CHUNK)]
    results = await asyncio.gather(*(
        select(state, f"SELECT DISTINCT {project} WHERE {{ VALUES ?s {{ {values(c)} }} {pattern} }}")
        for c in chunks
    ))
    return [row for rows in results for row in rows]


async def labels(state: ApiState, iris: Iterable[str]) -> Names:
    """``{iri: {lang: label}}``: skos:prefLabel where there is one, else rdfs:label; the smallest per language
    so the same graph always shows the same name."""
    todo = iri_list(iris)
    # display labels first: a canonical entity has one skos:prefLabel per language, written once, but every
    # article graph that uses it repeats its rdfs:label; rdfs:label only for what has no display label. What is
    # not an entity (an ontology term, a fact) is asked both at once; an entity's rdfs:label only when it has
    # no display label (rare: a second query).
    entities = state.settings.base_iri + "entity/"
    others = [i for i in todo if not i.startswith(entities)]
    rows, plain = await asyncio.gather(
        select_values(state, todo, f"?s <{PREF_LABEL}> ?l BIND (<{PREF_LABEL}> AS ?p)"),
        select_values(state, others, f"?s <{RDFS_LABEL}> ?l BIND (<{RDFS_LABEL}> AS ?p)"),
    )
    named = {row["s"].value for row in rows}
    rows += [row for row in plain if row["s"].value not in named]
    rows += await select_values(state, [i for i in todo if i.startswith(entities) and i not in named],
                                f"?s <{RDFS_LABEL}> ?l BIND (<{RDFS_LABEL}> AS ?p)")
    best: dict[str, dict[str, tuple[int, str]]] = {}
    for row in rows:
        lang = row["l"].lang or ""
        rank = (0 if row["p"].value == PREF_LABEL else 1, row["l"].value)
        per = best.setdefault(row["s"].value, {})
        if lang not in per or rank < per[lang]:
            per[lang] = rank
    out: dict[str, dict[str, str]] = {}
    for iri, per in best.items():
        names = {lang: rank[1] for lang, rank in per.items()}
        if "" in names:  # an untagged label serves both languages where they have none
            names.setdefault("en", names[""])
            names.setdefault("ar", names[""])
        out[iri] = names
    return out
