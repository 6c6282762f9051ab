"""Run one SPARQL query on a pyoxigraph store and serialize its result to bytes, within a row limit.

Everything happens inside :func:`run_query`, on the calling thread: pyoxigraph result iterators are bound to
the thread that created them (touching one from another thread aborts the process), so a result never
leaves this function as an iterator. Used by the query worker processes of ``kg.api.executor`` and by
``EmbeddedStore.query_serialized``.

SELECT results are serialized here (not by pyoxigraph) because the rows must be counted against the limit
before anything is written, and pyoxigraph cannot serialize a list of solutions.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar, cast
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.config import ONTOLOGY_NS
from kg.errors import QueryError, QueryLimitError, QuerySyntaxError, StoreError

if TYPE_CHECKING:
    from kg.sparql_parse import QueryPlan

T = TypeVar("T")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: media type -> pyoxigraph format, for SELECT/ASK results (first entry of each is the canonical name).
RESULT_MEDIA_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
}
#: media type -> pyoxigraph format, for CONSTRUCT/DESCRIBE results and graph documents.
RDF_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/n3": ox.RdfFormat.N3,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


@dataclass(frozen=True)
class QueryRequest:
    """Everything a worker needs to run one query (picklable)."""

    sparql: str
    result_type: str  # media type for SELECT/ASK
    graph_type: str  # media type for CONSTRUCT/DESCRIBE
    base_iri: str | None = None
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    union_default_graph: bool = False
    limit: int = 100_000
    #: the parser's plan (``kg.sparql_parse.QueryPlan``) when kg wrote the text; None: the worker parses it
    plan: QueryPlan | None = None


def content_type(media_type: str) -> str:
    """The Content-Type header for a media type (text types get an explicit UTF-8 charset)."""
    if media_type.startswith("text/") or media_type.endswith(("+json", "+xml", "/json", "/xml")):
        return f"{media_type}; charset=utf-8"
    return media_type


def _query_kwargs(req: QueryRequest) -> dict[str, object]:
    kwargs: dict[str, object] = {"base_iri": req.base_iri}
    if req.default_graph is not None or req.named_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in req.default_graph or ()]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs or ()]
    elif req.union_default_graph:
        kwargs["use_default_graph_as_union"] = True
    return kwargs


@contextmanager
def _query_errors() -> Iterator[None]:
    """pyoxigraph's exceptions → the QueryError family."""
    try:
        yield
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except (ValueError, RuntimeError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    except OSError as exc:
        raise StoreError(f"query failed: {exc}") from None


def run_query(store: ox.Store, req: QueryRequest) -> tuple[bytes, str]:
    """Run the query and return (body, media type). Raises QueryError subclasses / StoreError."""
    with _query_errors():
        result = store.query(req.sparql, **_query_kwargs(req))  # type: ignore[arg-type]
        if isinstance(result, ox.QueryBoolean):
            fmt = RESULT_MEDIA_TYPES[req.result_type]
            return cast(bytes, result.serialize(format=fmt)), req.result_type
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = _within_limit(result, req.limit, "rows")
            return serialize_solutions(variables, rows, req.result_type), req.result_type
        triples = _within_limit(result, req.limit, "triples")
        return serialize_triples(triples, req.graph_type, req.base_iri), req.graph_type


def _within_limit(items: Iterable[T], limit: int, what: str) -> list[T]:
    """All items, or QueryLimitError as soon as there are more than ``limit`` (the rest is never evaluated)."""
    out: list[T] = []
    for item in items:
        out.append(item)
        if len(out) > limit:
            raise QueryLimitError(f"the query returns more than {limit} {what}; add a LIMIT or narrow it down")
    return out


#: SELECT result types that pyoxigraph writes byte for byte as :func:`serialize_solutions` does, with the
#: fewest bytes any row can take (JSON ``{}`` plus a comma; CSV a line end).
NATIVE_SELECT_TYPES: dict[str, tuple[ox.QueryResultsFormat, int]] = {
    "application/sparql-results+json": (ox.QueryResultsFormat.JSON, 3),
    "application/json": (ox.QueryResultsFormat.JSON, 3),
    "text/csv": (ox.QueryResultsFormat.CSV, 2),
}


def run_select_native(store: ox.Store, req: QueryRequest, sparql: str, max_rows: int) -> tuple[bytes, str] | None:
    """A SELECT serialized by pyoxigraph itself (no Python object per term), or None when the body is too
    large to prove it has at most ``max_rows`` rows (``max_rows`` ≤ ``req.limit``; the caller then runs the
    query with :func:`run_query`, which counts rows). ``sparql`` should carry a LIMIT that bounds the work.

    The row bound needs no parsing: every row takes at least ``min_bytes`` bytes, so a body of at most
    ``min_bytes × max_rows`` bytes has at most ``max_rows`` rows.
    """
    fmt, min_bytes = NATIVE_SELECT_TYPES[req.result_type]
    with _query_errors():
        result = store.query(sparql, **_query_kwargs(req))  # type: ignore[arg-type]
        if not isinstance(result, ox.QuerySolutions):
            return None
        body = result.serialize(format=fmt)
    assert body is not None
    if len(body) > min_bytes * min(max_rows, req.limit):
        return None
    return body, req.result_type


#: Prefixes written in Turtle / TriG / N3 output, for readability only.
TURTLE_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "wd": "http://www.wikidata.org/entity/",
    "kg": ONTOLOGY_NS,
}


def serialize_triples(triples: Sequence[ox.Triple], media_type: str, base_iri: str | None = None) -> bytes:
    """Triples in an RDF media type (dataset formats put them in the default graph)."""
    fmt = RDF_MEDIA_TYPES[media_type]
    items: Sequence[ox.Triple] | list[ox.Quad] = triples
    if fmt.supports_datasets:
        items = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.N3):
        return ox.serialize(items, format=fmt, prefixes=TURTLE_PREFIXES)  # type: ignore[return-value]
    return ox.serialize(items, format=fmt)  # type: ignore[return-value]


def serialize_solutions(variables: list[str], rows: Sequence[ox.QuerySolution], media_type: str) -> bytes:
    """SELECT solutions in JSON, XML, CSV or TSV (W3C result formats)."""
    fmt = RESULT_MEDIA_TYPES[media_type]
    if fmt == ox.QueryResultsFormat.JSON:
        return _json(variables, rows)
    if fmt == ox.QueryResultsFormat.XML:
        return _xml(variables, rows)
    if fmt == ox.QueryResultsFormat.CSV:
        return _csv(variables, rows)
    return _tsv(variables, rows)


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise QueryError(f"cannot serialize term {term!r}")


def _json(variables: list[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    bindings = []
    for row in rows:
        binding = {}
        for name in variables:
            value = row[name]
            if value is not None:
                binding[name] = _json_term(value)
        bindings.append(binding)
    doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>"
        )
    raise QueryError(f"cannot serialize term {term!r}")


def _xml(variables: list[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for name in variables:
            value = row[name]
            if value is not None:
                out.append(f"<binding name={quoteattr(name)}>{_xml_term(value)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode("utf-8")


def _csv_value(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _csv(variables: list[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(row[name]) for name in variables])
    return buf.getvalue().encode("utf-8")


def _tsv(variables: list[str], rows: Sequence[ox.QuerySolution]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        cells = []
        for name in variables:
            value = row[name]
            cells.append("" if value is None else str(value).replace("\t", "\\t").replace("\n", "\\n"))
        lines.append("\t".join(cells))
    return ("\n".join(lines) + "\n").encode("utf-8")
