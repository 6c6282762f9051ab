"""SPARQL 1.1 Graph Store HTTP Protocol at ``/store``: reads always, writes with the bearer token.

Graphs are identified indirectly (``/store?graph=IRI``, ``/store?default``) or directly (``/store/<path>``:
the graph IRI is the request URL). ``POST /store`` without a graph creates a new graph named
``<endpoint>/store/<uuid>`` and answers 201 with its IRI in ``Location`` (so it can be read back both ways).
"""

from __future__ import annotations

import uuid
from email.parser import BytesParser
from email.policy import HTTP
from typing import cast

import pyoxigraph as ox
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from kg.api.errors import ApiError
from kg.api.negotiation import GRAPH_TYPES, choose
from kg.api.security import check_bearer
from kg.api.sparql import _media_type, read_body
from kg.api.state import ApiState
from kg.store.results import RDF_MEDIA_TYPES, content_type, serialize_triples

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


def _exists(store: ox.Store, graph: Graph) -> bool:
    return isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)


def _parse(body: bytes, media: str, base: str) -> list[ox.Triple]:
    fmt = RDF_MEDIA_TYPES.get(media)
    if fmt is None or fmt.supports_datasets:
        raise ApiError(415, f"unsupported RDF media type {media or '(none)'} for a graph")
    try:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt, base_iri=base)]
    except (SyntaxError, ValueError) as exc:
        raise ApiError(400, f"the {media} body does not parse: {exc}") from None


def _parse_payload(body: bytes, header: str | None, base: str) -> list[ox.Triple]:
    media, charset = _media_type(header)
    if charset not in (None, "utf-8", "utf8"):
        raise ApiError(415, "only UTF-8 RDF bodies are accepted")
    if media != "multipart/form-data":
        return _parse(body, media, base)
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {header}\r\n\r\n".encode("latin-1") + body
    )
    if not message.is_multipart():
        raise ApiError(400, "the multipart body does not parse")
    triples: list[ox.Triple] = []
    for part in message.iter_parts():
        payload = cast(bytes, part.get_payload(decode=True) or b"")
        triples.extend(_parse(payload, _media_type(part.get("content-type"))[0], base))
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
        g = graph

        def _read(store: ox.Store) -> bytes | None:
            if not _exists(store, g):
                return None
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, g)]
            if len(triples) > state.settings.query_result_limit:
                raise ApiError(413, f"the graph has more than {state.settings.query_result_limit} triples")
            return serialize_triples(triples, media)

        body = await run_in_threadpool(state.read, _read)
        if body is None:
            raise ApiError(404, f"no graph {graph}")
        headers = {"Content-Type": content_type(media), "Vary": "Accept"}
        return Response(b"" if method == "HEAD" else body, headers=headers)
    if method not in ("PUT", "POST", "DELETE"):
        raise ApiError(405, f"method {method} is not allowed on the graph store", headers={"Allow": "GET, HEAD, PUT, POST, DELETE"})
    check_bearer(request.headers.get("authorization"), state.settings.update_token, "writing to the graph store")
    location = None
    if graph is None:
        if method != "POST":
            raise ApiError(400, "name a graph with ?graph=IRI or ?default")
        location = f"{_store_url(request)}/{uuid.uuid4().hex}"
        graph = ox.NamedNode(location)
    target = graph
    triples: list[ox.Triple] = []
    if method != "DELETE":
        body = await read_body(request, state.settings.max_request_bytes)
        base = target.value if isinstance(target, ox.NamedNode) else _store_url(request)
        triples = _parse_payload(body, request.headers.get("content-type"), base)

    def _write(store: ox.Store) -> int:
        existed = _exists(store, target)
        if method == "DELETE":
            if not existed:
                return 404
            if isinstance(target, ox.DefaultGraph):
                store.clear_graph(target)
            else:
                store.remove_graph(target)
            return 204
        if method == "PUT" and existed:
            store.clear_graph(target)
        if isinstance(target, ox.NamedNode) and not existed:
            store.add_graph(target)
        store.extend([ox.Quad(t.subject, t.predicate, t.object, target) for t in triples])
        return 204 if existed else 201

    status = await run_in_threadpool(state.write, _write)
    if status == 404:
        raise ApiError(404, f"no graph {graph}")
    headers = {"Location": location} if location else {}
    return Response(status_code=status, headers=headers)
