"""Named queries as REST: ``GET /queries`` lists them, ``GET /queries/{name}?param=...`` runs one.

Named queries run over the union of all graphs. Results are cached by (query, parameters, page, media type,
store generation): any write bumps the generation, so a cached answer is never stale. Every answer has a
strong ETag (hash of the body); ``If-None-Match`` with it gets ``304 Not Modified``. ``?limit=&offset=`` read
one page of the answer (:mod:`kg.paging`); a full page carries ``Link: <next page>; rel="next"``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from urllib.parse import urlencode

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kg.api.errors import ApiError
from kg.api.negotiation import GRAPH_TYPES, SELECT_TYPES, choose
from kg.api.state import ApiState
from kg.errors import QueryError
from kg.paging import PAGE_PARAMS as PAGING_PARAMS
from kg.paging import KeyedPage, Page, count_rows, keyed_page, parse_page, sliced
from kg.queries import NamedQuery, Term
from kg.sparql_parse import QueryPlan
from kg.store.results import QueryRequest, content_type

#: how the listing and the OpenAPI document describe the page parameters every named query takes
PAGING_DOC = {
    "limit": "rows of one page: 1 to KG_QUERY_RESULT_LIMIT (without limit and offset: the whole answer)",
    "offset": "rows of the answer (in its ORDER BY order) before the page, 0 or more",
}


def describe(q: NamedQuery, request: Request, max_limit: int) -> dict[str, object]:
    """The listing entry of one named query: its parameters and, apart (they bind no variable), the page
    parameters it takes."""
    declared = {p.name for p in q.params}
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
        "paging": [
            {"name": name, "type": "integer", "minimum": 1 if name == "limit" else 0,
             **({"maximum": max_limit} if name == "limit" else {}), "description": text}
            for name, text in PAGING_DOC.items() if name not in declared
        ],
        "sparql": q.text,
    }


async def list_queries(request: Request) -> Response:
    """All named queries with their parameters: JSON, or a page for browsers (``text/html`` preferred)."""
    state: ApiState = request.app.state.kg
    if choose(request.headers.get("accept"), ("application/json", "text/html")) == "text/html":
        from kg.api.web.queries_page import queries_page

        return await queries_page(request)
    limit = state.settings.query_result_limit
    return JSONResponse({"queries": [describe(q, request, limit) for q in state.queries.values()]},
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
PAGE_PARAMS = ("format", "wide", "lang", *PAGING_PARAMS)


async def execute_named(
    state: ApiState, named: NamedQuery, terms: Mapping[str, Term], media: str, base_iri: str | None = None,
    page: Page | None = None,
) -> tuple[bytes, str, str]:
    """(body, media type, ETag) of a named query with bound terms in one media type, from the cache if there.

    ``base_iri`` (the endpoint URL) resolves relative IRIs in the query text; ``page`` reads one page of it.
    """
    is_graph = named.kind in ("CONSTRUCT", "DESCRIBE")
    params = tuple(sorted((k, str(v)) for k, v in terms.items()))
    cached = state.cache.get((named.name, params, page, media, state.generation))
    if cached is not None:
        return cached
    text = named.prepared(terms)
    plan = named.plan  # the template's parse: the VALUES block adds no SERVICE and keeps the form
    keyed = None
    if page is not None:
        text = sliced(text, page)
        keyed = None if terms else keyed_page(named.name, named.paged, page, state.settings.base_iri)
        plan = replace(plan, limit=page.limit)  # a page adds a LIMIT (and no SERVICE): answered natively

    def request(sparql: str) -> QueryRequest:
        return QueryRequest(
            sparql=sparql,
            result_type=SELECT_TYPES[0] if is_graph else media,
            graph_type=media if is_graph else GRAPH_TYPES[0],
            base_iri=base_iri,
            union_default_graph=True,
            limit=state.settings.query_result_limit,
            plan=plan,
        )

    generation = state.generation
    answer = None
    # a page read through row keys takes two or three queries: if a write lands between them, they may have read
    # two states of the store, so the page is read again (and at the last try as one query, the whole query cut)
    for _ in range(KEYED_TRIES if keyed is not None else 0):
        generation = state.generation
        assert keyed is not None
        body, media_type = await state.executor.query_async(request(await _keyed_text(state, keyed, text)))
        if state.generation == generation:
            answer = (body, media_type)
            break
    if answer is None:
        generation = state.generation
        answer = await state.executor.query_async(request(text))
    body, media_type = answer
    etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
    cached = (body, media_type, etag)
    state.cache.put((named.name, params, page, media, generation), cached)
    return cached


#: reads of a page through row keys before it is read as one query (a write landed between its queries each time)
KEYED_TRIES = 3


async def _keyed_text(state: ApiState, keyed: KeyedPage, plain: str) -> str:
    """The text of a page read through row keys (:class:`kg.paging.KeyedPage`: its key queries run first, on the
    same executor), or ``plain`` when the store's keys cannot serve it."""

    async def values(text: str) -> list[dict[str, str]]:
        req = QueryRequest(sparql=text, result_type=SELECT_TYPES[0], graph_type=GRAPH_TYPES[0],
                           limit=state.settings.query_result_limit, plan=KEY_PLAN)
        body, _ = await state.executor.query_async(req)
        return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]

    found = keyed.read_keys(await values(keyed.keys_query()))
    if found is None:
        return plain
    keys, tied = found
    before = int((await values(keyed.count_query(tied)))[0]["n"]) if tied is not None else None
    return keyed.page_query(keys, before)


#: the plan of kg's key queries (a SELECT over the consolidated graph, no SERVICE): nothing to parse
KEY_PLAN = QueryPlan(form="SELECT")


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
    page = _page(named, page_params, state.settings.query_result_limit)
    base = str(request.base_url).rstrip("/") + "/sparql"
    body, media_type, etag = await execute_named(state, named, terms, media, base, page)
    headers = {"ETag": etag, "Vary": "Accept", "Cache-Control": "no-cache"}
    if page is not None and count_rows(body, media_type) >= page.limit:
        headers["Link"] = f'<{_next_url(request, page)}>; rel="next"'
    if _etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    headers["Content-Type"] = content_type(media_type)
    if fmt is not None:
        headers["Content-Disposition"] = f'attachment; filename="{name}.{_EXTENSIONS.get(media_type, "txt")}"'
    return Response(body, headers=headers)


def _page(named: NamedQuery, page_params: Mapping[str, str], max_limit: int) -> Page | None:
    """The page a request asks for (None: the whole answer); a bad value is a 400 naming it."""
    page = parse_page(page_params.get("limit"), page_params.get("offset"), max_limit)
    if page is not None and named.kind != "SELECT":
        raise QueryError(f"query '{named.name}' is a {named.kind}: only SELECT queries are read by pages")
    return page


def _next_url(request: Request, page: Page) -> str:
    """The next page's address, relative to this one (every other parameter as the client gave it): a relative
    reference stays right behind a proxy that rewrites the host."""
    pairs = [(k, v) for k, v in request.query_params.multi_items() if k not in PAGING_PARAMS]
    pairs += [("limit", str(page.limit)), ("offset", str(page.next_offset))]
    return f"{request.url.path}?{urlencode(pairs)}"


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
        ] + [
            {"name": name, "in": "query", "required": False, "description": text,
             "schema": {"type": "integer", "minimum": 1 if name == "limit" else 0}}
            for name, text in PAGING_DOC.items() if name not in {p.name for p in q.params}
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
