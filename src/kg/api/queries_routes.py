"""Named queries as REST: ``GET /queries`` lists them, ``GET /queries/{name}?param=...`` runs one.

Named queries run over the union of all graphs. Results are cached by (query, parameters, media type,
store generation): any write bumps the generation, so a cached answer is never stale. Every answer has a
strong ETag (hash of the body); ``If-None-Match`` with it gets ``304 Not Modified``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Mapping

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kg.api.errors import ApiError
from kg.api.negotiation import GRAPH_TYPES, SELECT_TYPES, choose
from kg.api.state import ApiState
from kg.queries import NamedQuery, Term
from kg.store.results import QueryRequest, content_type


def describe(q: NamedQuery, request: Request) -> dict[str, object]:
    """The listing entry of one named query."""
    return {
        "name": q.name,
        "title": q.title,
        "description": q.description,
        "kind": q.kind,
        "url": str(request.url_for("run_named_query", name=q.name)),
        "params": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "description": p.description,
            }
            for p in q.params
        ],
        "sparql": q.text,
    }


async def list_queries(request: Request) -> Response:
    """All named queries with their parameters: JSON, or a page for browsers (``text/html`` preferred)."""
    state: ApiState = request.app.state.kg
    if choose(request.headers.get("accept"), ("application/json", "text/html")) == "text/html":
        from kg.api.web.queries_page import queries_page

        return await queries_page(request)
    return JSONResponse({"queries": [describe(q, request) for q in state.queries.values()]},
                        headers={"Vary": "Accept"})


def _etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


#: ``?format=`` names → media types (downloads); ``html`` is the page for people.
FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "nquads": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_EXTENSIONS = {
    "application/sparql-results+json": "json", "application/sparql-results+xml": "xml", "text/csv": "csv",
    "text/tab-separated-values": "tsv", "text/turtle": "ttl", "application/n-triples": "nt",
    "application/n-quads": "nq", "application/trig": "trig", "application/ld+json": "jsonld",
    "application/rdf+xml": "rdf",
}
#: request parameters the server reads itself unless a named query declares a parameter of that name
PAGE_PARAMS = ("format", "wide", "lang")


async def execute_named(
    state: ApiState, named: NamedQuery, terms: Mapping[str, Term], media: str, base_iri: str | None = None
) -> tuple[bytes, str, str]:
    """(body, media type, ETag) of a named query with bound terms in one media type, from the cache if there.

    ``base_iri`` (the endpoint URL) resolves relative IRIs in the query text.
    """
    is_graph = named.kind in ("CONSTRUCT", "DESCRIBE")
    key = (named.name, tuple(sorted((k, str(v)) for k, v in terms.items())), media, state.generation)
    cached = state.cache.get(key)
    if cached is None:
        req = QueryRequest(
            sparql=named.prepared(terms),
            result_type=SELECT_TYPES[0] if is_graph else media,
            graph_type=media if is_graph else GRAPH_TYPES[0],
            base_iri=base_iri,
            union_default_graph=True,
            limit=state.settings.query_result_limit,
            plan=named.plan,  # the template's parse: the VALUES block adds no SERVICE and keeps the form
        )
        body, media_type = await state.executor.query_async(req)
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        cached = (body, media_type, etag)
        state.cache.put(key, cached)
    return cached


def _split_params(named: NamedQuery, pairs: list[tuple[str, str]]) -> tuple[dict[str, str], dict[str, str]]:
    """(the query's parameter values, the page's own parameters) from the request's pairs."""
    keys = [k for k, _ in pairs]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    if dup:
        raise ApiError(400, f"parameter(s) given more than once: {', '.join(dup)}")
    declared = {p.name for p in named.params}
    values: dict[str, str] = {}
    page: dict[str, str] = {}
    for k, v in pairs:
        (page if k in PAGE_PARAMS and k not in declared else values)[k] = v
    return values, page


async def run_named_query(request: Request, name: str) -> Response:
    """Run one named query with typed parameters from the URL: an HTML table for browsers, any result format
    by Accept, or a download with ``?format=csv|tsv|json|xml`` (``turtle``, ``jsonld``… for graph queries)."""
    state: ApiState = request.app.state.kg
    named = state.queries.get(name)
    if named is None:
        raise ApiError(404, f"no named query '{name}'; see GET /queries")
    values, page_params = _split_params(named, list(request.query_params.multi_items()))
    is_graph = named.kind in ("CONSTRUCT", "DESCRIBE")
    offers = GRAPH_TYPES if is_graph else SELECT_TYPES
    fmt = page_params.get("format")
    if fmt is not None:
        formats = GRAPH_FORMATS if is_graph else FORMATS
        if fmt != "html" and fmt not in formats:
            raise ApiError(400, f"format must be one of: html, {', '.join(formats)}; got {fmt!r}")
        media = "text/html" if fmt == "html" else formats[fmt]
    else:
        media = choose(request.headers.get("accept"), (*offers, "text/html"))
    terms = named.bind(values)
    if media == "text/html":
        from kg.api.web.queries_page import named_query_page

        return await named_query_page(request, named, values, page_params)
    base = str(request.base_url).rstrip("/") + "/sparql"
    body, media_type, etag = await execute_named(state, named, terms, media, base)
    headers = {"ETag": etag, "Vary": "Accept", "Cache-Control": "no-cache"}
    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    headers["Content-Type"] = content_type(media_type)
    if fmt is not None:
        headers["Content-Disposition"] = f'attachment; filename="{name}.{_EXTENSIONS.get(media_type, "txt")}"'
    return Response(body, headers=headers)


def _runner(name: str) -> Callable[[Request], Awaitable[Response]]:  # a FastAPI endpoint per named query
    async def _run(request: Request) -> Response:
        return await run_named_query(request, name)

    return _run


def add_query_routes(app: FastAPI, queries: dict[str, NamedQuery]) -> None:
    """Register the listing, the generic runner, and one documented OpenAPI path per named query."""
    app.add_api_route("/queries", list_queries, methods=["GET"], tags=["named queries"],
                      summary="List the named queries and their parameters")
    for q in queries.values():
        parameters = [
            {
                "name": p.name,
                "in": "query",
                "required": p.required and p.default is None,
                "description": f"{p.description} ({p.type})".strip(),
                "schema": {"type": "string", **({"default": p.default} if p.default is not None else {})},
            }
            for p in q.params
        ]

        app.add_api_route(
            f"/queries/{q.name}",
            _runner(q.name),
            methods=["GET"],
            tags=["named queries"],
            summary=q.title,
            description=f"{q.description}\n\n```sparql\n{q.text}\n```",
            openapi_extra={"parameters": parameters},
            name=f"named_query_{q.name}",
        )
    app.add_api_route("/queries/{name}", run_named_query, methods=["GET"], tags=["named queries"],
                      summary="Run a named query", name="run_named_query")
