"""Lists for browsing: bases and facilities (with their furthest handover), entities (by type, most
mentioned first, in pages) and articles (newest first, with how many facts were read from each)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kg.api.web import data, facts
from kg.api.web.render import Page, render

PAGE_SIZE = 100
#: the facility classes of the ontology (local names): a base list shows these
FACILITIES = ("Facility", "MilitaryBase", "AirBase", "Camp", "Headquarters", "Airport")



@dataclass
class BaseRow:
    """One facility of the base list."""

    iri: str
    type: str
    mentions: int
    top: facts.Event | None
    count: int
    where: list[str]


def _page_number(request: Request) -> int:
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return 1


async def bases_page(request: Request) -> Response:
    """GET /bases: every facility, its furthest handover and where it is."""
    page = Page.of(request)
    all_handovers, rows = await asyncio.gather(facts.handovers(page.state), data.named(page.state, "entities"))
    handovers: dict[str, list[facts.Event]] = {}
    for e in all_handovers:
        handovers.setdefault(e.place, []).append(e)
    listed = [r for r in rows if data.text(r, "type") in FACILITIES or data.text(r, "entity") in handovers]
    where = await facts.places(page.state, [data.text(r, "entity") for r in listed])
    page.labels = await data.labels(page.state, [
        *(data.text(r, "entity") for r in listed), *(i for p in where.values() for i in p.located_in),
        *(data.KG + t for t in FACILITIES), *facts.iris_of(all_handovers),
    ])
    items = [BaseRow(data.text(r, "entity"), data.KG + data.text(r, "type"), int(data.text(r, "mentions") or 0),
                     facts.furthest(handovers.get(data.text(r, "entity"), [])), len(handovers.get(data.text(r, "entity"), [])),
                     list((where.get(data.text(r, "entity")) or facts.Place(data.text(r, "entity"))).located_in))
             for r in listed]
    items.sort(key=lambda x: (x.top is None, -x.count, page.name(x.iri)))
    return render(page, "bases.html", items=items)


async def entities_page(request: Request) -> Response:
    """GET /entities?type=Person&page=2: entities, most mentioned first."""
    page = Page.of(request)
    rows = await data.named(page.state, "entities")
    types = sorted({data.text(r, "type") for r in rows if data.text(r, "type")})
    wanted = request.query_params.get("type", "")
    chosen = [r for r in rows if not wanted or data.text(r, "type") == wanted]
    chosen.sort(key=lambda r: (-int(data.text(r, "mentions") or 0), data.text(r, "labelAr") or data.text(r, "labelEn"), data.text(r, "entity")))
    number = _page_number(request)
    shown = chosen[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    page.labels = await data.labels(page.state, [*(data.text(r, "entity") for r in shown), *(data.KG + t for t in types)])
    return render(page, "entities.html", rows=shown, types=types, wanted=wanted, total=len(chosen),
                  number=number, pages=max(1, -(-len(chosen) // PAGE_SIZE)), kg=data.KG)


async def articles_page(request: Request) -> Response:
    """GET /articles: articles, newest first, with their outlet and the number of facts read from each."""
    page = Page.of(request)
    rows = await data.named(page.state, "articles")
    rows = sorted(rows, key=lambda r: (data.text(r, "published") or "0000", data.text(r, "article")), reverse=True)
    number = _page_number(request)
    shown = rows[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    reported = await data.select_values(page.state, [data.text(r, "article") for r in shown],
                                        "GRAPH ?g { ?fact prov:wasDerivedFrom ?s ; a kg:ReportedFact }",
                                        project="?s ?fact")
    n_facts: dict[str, int] = {}
    for r in reported:
        n_facts[r["s"].value] = n_facts.get(r["s"].value, 0) + 1
    first_words = await facts.openings(page.state, [data.text(r, "article") for r in shown if not data.text(r, "title")])
    return render(page, "articles.html", rows=shown, n_facts=n_facts, first_words=first_words, total=len(rows),
                  number=number, pages=max(1, -(-len(rows) // PAGE_SIZE)))
