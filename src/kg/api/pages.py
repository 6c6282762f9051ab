"""The routes of the web pages: the home page, lists, search, linked-data pages, the SPARQL editor and /docs.

Every IRI kg mints under ``settings.base_iri`` dereferences at ``/id/{path}`` (and, when ``base_iri`` is the
server's own ``…/id/`` URL, the IRI itself is that address): a page for people, or Turtle / JSON-LD / any RDF
format by Accept (``?format=turtle|jsonld|ntriples|rdfxml`` for a link a browser can follow). The pages
themselves are built in :mod:`kg.api.web`; this module only routes.
"""

from __future__ import annotations

from string import Template

import pyoxigraph as ox
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from kg.api.assets import serve_asset
from kg.api.errors import ApiError
from kg.api.negotiation import GRAPH_TYPES, choose
from kg.api.state import ApiState
from kg.rdf import iris
from kg.sparql_parse import QueryPlan
from kg.store.results import QueryRequest, content_type

#: Most links into a resource that its RDF carries from the article graphs (an entity named in thousands of
#: articles: the first ones; links from the consolidated graph are all there).
ARTICLE_LINKS = 200

# Run on the real default graph (union off), naming each graph read, so that a triple many article graphs
# repeat (an entity's record) is read once: the consolidated graph ($cg) describes (types) canonical entities
# and consolidated facts; the article graphs describe the rest (articles, reported facts, mentions), also
# where the consolidated graph annotates them (an undated article's inferred publication window).
_DESCRIBE = """CONSTRUCT { $iri ?p ?o . ?s ?q $iri } WHERE {
  { GRAPH $cg { $iri ?p ?o } }
  UNION { { FILTER NOT EXISTS { GRAPH $cg { $iri a ?y } } }
          { SELECT DISTINCT ?p ?o WHERE { GRAPH ?h { $iri ?p ?o } } } }
  UNION { $iri ?p ?o }
  UNION { GRAPH $cg { ?s ?q $iri } }
  UNION { SELECT ?s ?q WHERE { GRAPH ?g { ?s ?q $iri } FILTER (?g != $cg) } LIMIT $links }
  UNION { ?s ?q $iri }
}"""
_GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $iri { ?s ?p ?o } }"

#: ``?format=`` of an /id/ page → RDF media type
RDF_FORMATS = {
    "turtle": "text/turtle",
    "jsonld": "application/ld+json",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}


def _iri_for(state: ApiState, path: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(state.settings.base_iri + path)
    except ValueError:
        raise ApiError(404, f"not an IRI of this graph: {path!r}") from None


def is_graph_path(path: str) -> bool:
    """``graph/…`` IRIs name graphs: their page is about the graph's content, not triples about the IRI."""
    return path.startswith("graph/")


async def resource_page(request: Request, path: str) -> Response:
    """GET /id/{path}: a page for browsers, RDF by Accept or ``?format=``; 404 when the graph has nothing."""
    state: ApiState = request.app.state.kg
    iri = _iri_for(state, path)
    fmt = request.query_params.get("format")
    if fmt is not None:
        if fmt not in RDF_FORMATS:
            raise ApiError(400, f"format must be one of: {', '.join(RDF_FORMATS)}; got {fmt!r}")
        media = RDF_FORMATS[fmt]
    else:
        media = choose(request.headers.get("accept"), ("text/html", *GRAPH_TYPES))
    if media != "text/html":
        graph = is_graph_path(path)
        cg = f"<{iris.consolidated_graph(state.settings.base_iri)}>"
        req = QueryRequest(
            sparql=Template(_GRAPH if graph else _DESCRIBE).substitute(iri=str(iri), cg=cg, links=ARTICLE_LINKS),
            result_type="application/sparql-results+json",
            graph_type=media,
            union_default_graph=graph,
            limit=state.settings.query_result_limit,
            plan=QueryPlan("CONSTRUCT"),  # kg's own text: no parse needed
        )
        body, media_type = await state.executor.query_async(req)
        if len(body.strip()) <= 2:  # empty document ("" or "[]")
            raise ApiError(404, f"the graph has nothing about <{iri.value}>")
        headers = {"Content-Type": content_type(media_type), "Vary": "Accept"}
        if fmt is not None:
            ext = {"turtle": "ttl", "jsonld": "jsonld", "ntriples": "nt", "rdfxml": "rdf"}[fmt]
            headers["Content-Disposition"] = f'inline; filename="{path.rstrip("/").rsplit("/", 1)[-1]}.{ext}"'
        return Response(body, headers=headers)
    from kg.api.web.views import view

    return await view(request, iri.value, path)


async def editor_page(request: Request) -> Response:
    """GET /editor: the SPARQL editor (YASGUI when installed, else a plain one), named queries as examples."""
    from kg.api.web.editor import editor

    return await editor(request)


async def docs_page(request: Request) -> Response:
    """GET /docs: Swagger UI from the locally installed swagger-ui-dist."""
    from kg.api.web.editor import api_docs

    return await api_docs(request, "swagger")


async def redoc_page(request: Request) -> Response:
    """GET /redoc: ReDoc from the locally installed redoc bundle."""
    from kg.api.web.editor import api_docs

    return await api_docs(request, "redoc")


async def home_page(request: Request) -> Response:
    """GET /: which bases passed to Iraqi control and when: table, map, timeline, troop counts."""
    from kg.api.web.home import home

    return await home(request)


async def bases_page(request: Request) -> Response:
    """GET /bases: every facility with its furthest handover."""
    from kg.api.web.lists import bases_page as page

    return await page(request)


async def entities_page(request: Request) -> Response:
    """GET /entities: entities by type, most mentioned first."""
    from kg.api.web.lists import entities_page as page

    return await page(request)


async def articles_page(request: Request) -> Response:
    """GET /articles: the articles, newest first."""
    from kg.api.web.lists import articles_page as page

    return await page(request)


async def ontology_page(request: Request, term: str) -> Response:
    """GET /ontology/{term}: a term of kg's ontology, for people."""
    from kg.api.web.views import ontology_term

    return await ontology_term(request, term)


async def search_page(request: Request) -> Response:
    """GET /search?q=: names in Arabic or English (hamza, ta marbuta and diacritics do not matter)."""
    from kg.api.web.search import search_page as page

    return await page(request)


def add_page_routes(app: FastAPI) -> None:
    """Register the pages (none of them in the OpenAPI document except /id/, which is also data)."""
    app.add_api_route("/id/{path:path}", resource_page, methods=["GET"], tags=["linked data"],
                      summary="Dereference an IRI minted by kg (HTML, Turtle, JSON-LD… by Accept or ?format=)")
    app.add_api_route("/", home_page, methods=["GET"], include_in_schema=False)
    for path, endpoint in (("/bases", bases_page), ("/entities", entities_page), ("/articles", articles_page),
                           ("/search", search_page)):
        app.add_api_route(path, endpoint, methods=["GET"], include_in_schema=False)
    app.add_api_route("/ontology/{term}", ontology_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/editor", editor_page, methods=["GET"], include_in_schema=False, name="editor_page")
    app.add_api_route("/docs", docs_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/redoc", redoc_page, methods=["GET"], include_in_schema=False)
    app.add_api_route("/assets/{bundle}/{name}", serve_asset, methods=["GET"], include_in_schema=False)
