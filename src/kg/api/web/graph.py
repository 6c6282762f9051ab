"""The page of a named graph (``/id/graph/article/{key}``, ``/id/graph/consolidated``, ``/id/graph/ontology``):
what it is, how many triples, what it holds by class, and its content as RDF."""

from __future__ import annotations

import asyncio

from starlette.responses import Response

from kg.api.errors import ApiError
from kg.api.web import data
from kg.api.web.render import Page, render


async def graph_page(page: Page, iri: str, path: str, rdf_links: list[tuple[str, str]]) -> Response:
    state = page.state
    size, classes = await asyncio.gather(
        data.select(state, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"),
        data.select(state, f"""SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s a ?type }} }}
                              GROUP BY ?type ORDER BY DESC(?n) LIMIT 100"""),
    )
    triples = int(size[0]["n"].value) if size else 0
    if not triples:
        raise ApiError(404, f"no graph <{iri}> in the store")
    base = state.settings.base_iri
    rest = iri[len(base):] if iri.startswith(base) else ""
    kind = "article" if rest.startswith("graph/article/") else rest.removeprefix("graph/") or "other"
    article = base + "article/" + rest.removeprefix("graph/article/") if kind == "article" else ""
    page.labels = await data.labels(state, [r["type"].value for r in classes] + ([article] if article else []))
    if article:
        head = await data.select(state, f"SELECT ?h WHERE {{ <{article}> schema:headline ?h }} LIMIT 1")
        if head:
            page.labels.setdefault(article, {})[page.lang] = head[0]["h"].value
    return render(page, "graph.html", iri=iri, kind=kind, triples=triples, article=article,
                  classes=[(r["type"].value, int(r["n"].value)) for r in classes], downloads=rdf_links)
