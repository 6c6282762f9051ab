"""Which page an IRI gets: entities, events and reported facts, articles and graphs have their own; anything
else the generic one (:mod:`kg.api.web.resource`)."""

from __future__ import annotations

from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kg.api.errors import ApiError
from kg.api.web import data, resource
from kg.api.web.render import Page, render

EVENT_TYPES = ("ConsolidatedFact", "ReportedFact", "Event", "TroopCount", "Statement", "Agreement")


def rdf_links(page: Page, path: str) -> list[tuple[str, str]]:
    """Download links of a resource's RDF."""
    return [(name, page.href("/id/" + path, format=fmt, lang=None))
            for name, fmt in (("Turtle", "turtle"), ("JSON-LD", "jsonld"), ("N-Triples", "ntriples"))]


async def view(request: Request, iri: str, path: str) -> Response:
    """The HTML page of one IRI; 404 when the graph says nothing about it."""
    page = Page.of(request)
    links = rdf_links(page, path)
    if path.startswith("graph/"):
        from kg.api.web.graph import graph_page

        return await graph_page(page, iri, path, links)
    res = await resource.describe(page.state, iri, incoming=False)
    if not res.out:  # nothing said about it; something may still point at it
        await resource.add_incoming(page.state, res)
    if not res.exists:
        raise ApiError(404, f"the graph has nothing about <{iri}>")
    if res.is_a("Article"):
        from kg.api.web.article import article_page

        return await article_page(page, res, path, links)
    if res.is_a(*EVENT_TYPES) or res.first(data.KG + "attestation") is not None:
        from kg.api.web.event import event_page

        return await event_page(page, res, path, links)
    if path.startswith("entity/") and "/" not in path[len("entity/"):]:
        from kg.api.web.entity import entity_page

        return await entity_page(page, res, path, links)
    return await generic(page, res, path)


async def generic(page: Page, res: resource.Resource, path: str, links: list[tuple[str, str]] | None = None,
                  see_also: list[tuple[str, str]] | None = None) -> Response:
    """The page of an IRI without a page of its own: its facts and what refers to it, labelled."""
    if not res.linked:
        await resource.add_incoming(page.state, res)
    page.labels = await data.labels(page.state, [res.iri, *resource.iris_of(res), *res.graphs])
    title = page.name(res.iri)
    return render(page, "resource.html", r=res, title=title, subtitle=page.alt_name(res.iri),
                  prop_name=lambda prop: resource.prop_name(page, prop),
                  rdf_links=links if links is not None else rdf_links(page, path), see_also=see_also or [])


async def ontology_term(request: Request, term: str) -> Response:
    """GET /ontology/{term}: a class or property of kg's ontology (its labels, definition, where it sits) and,
    for a class of entities, the list of them; what refers to it, labelled. Links to ontology terms stay here."""
    from kg.config import ONTOLOGY_NS

    page = Page.of(request)
    iri = ONTOLOGY_NS + term
    res = await resource.describe(page.state, iri)
    if not res.exists:
        raise ApiError(404, f"kg's ontology has no term {term!r}")
    entity_types = {data.text(r, "type") for r in await data.named(page.state, "entities")}
    see_also = [(page.t("ontology.list"), page.href("/entities", type=term))] if term in entity_types else []
    return await generic(page, res, "graph/ontology", rdf_links(page, "graph/ontology"), see_also)


#: how many names a 404 page suggests
SUGGESTIONS = 5


async def error_page(request: Request, status: int, message: str,
                     headers: dict[str, str] | None = None) -> HTMLResponse:
    """An error as a page for people: the status in words, the server's message, and on a 404 a search box
    filled with the words of the address (``/id/entity/ain-al-asad`` → «ain al asad») and the names they find."""
    from kg.api.web.search import index

    page = Page.of(request)
    tail = unquote(request.url.path.rstrip("/").rsplit("/", 1)[-1])
    guess = " ".join(tail.replace("-", " ").replace("_", " ").split())[:100]
    hits = []
    if status == 404 and request.url.path.startswith("/id/") and guess:
        hits = [h for h in (await index(page.state)).search(guess, SUGGESTIONS) if h.kind == "entity"]
        page.labels = await data.labels(page.state, [h.iri for h in hits])
    heading = page.t("error.404") if status == 404 else page.t("error.other")
    friendly = page.t("error.404.message") if status == 404 else message
    response = render(page, "error.html", status_code=status, status=status, heading=heading, message=friendly,
                      guess=guess, hits=hits)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response
