"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store``: reads always, writes with the bearer token.

Graphs are identified indirectly (``/store?graph=IRI``, ``/store?default``) or directly (``/store/<path>``:
the graph IRI is the request URL). ``POST /store`` without a graph creates a new graph named
``<endpoint>/store/<uuid>`` and answers 201 with its IRI in ``Location`` (so it can be read back both ways);
``POST /store`` with a dataset (N-Quads, TriG) adds its quads to their graphs.

Reads run in a query worker on a snapshot and stop at the result limit (the graph is never materialized past
it); writes run in the writer process (``kg.api.executor``). Each document's blank nodes are fresh: ``_:x`` in
two uploads are two nodes. A ``PUT`` is one transaction (a reader never sees the graph emptied).
"""

from __future__ import annotations

import uuid
from email.parser import BytesParser
from email.policy import HTTP
from typing import cast

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response

from kg.api.errors import ApiError
from kg.api.negotiation import GRAPH_TYPES, choose
from kg.api.security import check_bearer
from kg.api.sparql import _media_type, read_body
from kg.api.state import ApiState
from kg.store.results import RDF_MEDIA_TYPES, content_type

Graph = ox.NamedNode | ox.DefaultGraph


def _store_url(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/store"


def _target(request: Request, path: str) -> Graph | None:
    """The graph a request names; None for the whole-store POST (graph creation)."""
    params = request.query_params
    if path:
        if "graph" in params or "default" in params:
            raise ApiError(400, "use either a graph path or ?graph= / ?default, not both")
        return ox.NamedNode(f"{_store_url(request)}/{path}")
    graphs = params.getlist("graph")
    if "default" in params:
        if graphs:
            raise ApiError(400, "use either ?graph= or ?default, not both")
        return ox.DefaultGraph()
    if len(graphs) > 1:
        raise ApiError(400, "give one ?graph= parameter")
    if graphs:
        try:
            return ox.NamedNode(graphs[0])
        except ValueError:
            raise ApiError(400, f"graph must be an absolute IRI, got {graphs[0]!r}") from None
    return None


_DATASET_TYPES = {"application/n-quads", "application/trig"}


def _documents(body: bytes, header: str | None) -> list[tuple[bytes, str]]:
    """(RDF document, media type) of each document in a request body (one, or each multipart part)."""
    media, charset = _media_type(header)
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, "only UTF-8 RDF bodies are accepted")
    if media != "multipart/form-data":
        return [(body, media)]
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {header}\r\n\r\n".encode("latin-1") + body)
    if not message.is_multipart():
        raise ApiError(400, "the multipart body does not parse")
    return [(cast(bytes, part.get_payload(decode=True) or b""), _media_type(part.get("content-type"))[0])
            for part in message.iter_parts()]


def _parse_payload(body: bytes, header: str | None, base: str) -> list[ox.Triple]:
    """The triples of a graph upload (each document, or multipart part, with fresh blank nodes): what kg sends
    on to a remote store as one N-Triples document."""
    from kg.api.worker import parse_document

    triples: list[ox.Triple] = []
    for payload, media in _documents(body, header):
        if media not in RDF_MEDIA_TYPES or media in _DATASET_TYPES:
            raise ApiError(415, f"unsupported RDF media type {media or '(none)'} for a graph")
        triples += [q.triple for q in parse_document(payload, media, base, ox.DefaultGraph())]
    return triples


async def graph_store(request: Request) -> Response:
    """GET/HEAD/PUT/POST/DELETE on a graph of the store."""
    state: ApiState = request.app.state.kg
    path = request.path_params.get("path", "")
    method = request.method
    graph = _target(request, path)
    if state.remote is not None:
        from kg.api.remote import forward_graph_store  # a remote store: kg checks, the server answers

        return await forward_graph_store(request, state, graph, _store_url(request))
    if method in ("GET", "HEAD"):
        media = choose(request.headers.get("accept"), GRAPH_TYPES)
        if graph is None:
            raise ApiError(400, "name a graph with ?graph=IRI or ?default")
        iri = graph.value if isinstance(graph, ox.NamedNode) else None
        body = await state.executor.graph(iri, media, state.settings.query_result_limit)
        if body is None:
            raise ApiError(404, f"no graph {graph}")
        headers = {"Content-Type": content_type(media), "Vary": "Accept"}
        return Response(b"" if method == "HEAD" else body, headers=headers)
    if method not in ("PUT", "POST", "DELETE"):
        raise ApiError(405, f"method {method} is not allowed on the graph store",
                       headers={"Allow": "GET, HEAD, PUT, POST, DELETE"})
    check_bearer(request.headers.get("authorization"), state.settings.update_token, "writing to the graph store")
    location = None
    documents: list[tuple[bytes, str]] = []
    if method != "DELETE":
        body = await read_body(request, state.settings.max_request_bytes)
        documents = _documents(body, request.headers.get("content-type"))
        if graph is None and method == "POST" and all(m in _DATASET_TYPES for _, m in documents):
            await state.executor.graph_write("POST", "", documents, _store_url(request))
            return Response(status_code=204)  # quads added to the graphs they name
        for _, media in documents:
            if media not in RDF_MEDIA_TYPES or media in _DATASET_TYPES:
                raise ApiError(415, f"unsupported RDF media type {media or '(none)'} for a graph")
    if graph is None:
        if method != "POST":
            raise ApiError(400, "name a graph with ?graph=IRI or ?default")
        location = f"{_store_url(request)}/{uuid.uuid4().hex}"
        graph = ox.NamedNode(location)
    iri = graph.value if isinstance(graph, ox.NamedNode) else None
    base = iri if iri is not None else _store_url(request)
    status = await state.executor.graph_write(method, iri, documents, base)
    if status == 404:
        raise ApiError(404, f"no graph {graph}")
    headers = {"Location": location} if location else {}
    return Response(status_code=status, headers=headers)
