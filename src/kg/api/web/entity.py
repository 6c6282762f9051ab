"""The page of an entity: one title, its aliases apart, what it is and where; for a base its handovers and
withdrawals with their sources, its operator over time and a small map; troop counts, statements and the
events it takes part in; the articles that mention it."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from starlette.responses import Response

from kg.api.state import ApiState
from kg.api.web import data, facts
from kg.api.web.facts import Event
from kg.api.web.home import CHART_POINTS, ROWS_SHOWN, event_title, title_for, troop_points
from kg.api.web.render import STATUS_ORDER, Page, render
from kg.api.web.resource import Resource, prop_name

#: how many mentioning articles an entity page lists
MENTION_LIMIT = 50



async def mentions(state: ApiState, iri: str) -> list[tuple[str, int]]:
    """(article, number of mentions) for the articles that mention the entity, most mentions first."""
    rows = await data.select(state, f"""
        SELECT ?article (COUNT(DISTINCT ?m) AS ?n) WHERE {{
          ?m itsrdf:taIdentRef <{iri}> ; nif:referenceContext ?article .
        }} GROUP BY ?article ORDER BY DESC(?n) ?article LIMIT {MENTION_LIMIT}""")
    return [(data.text(r, "article"), int(data.text(r, "n") or 0)) for r in rows]


async def entity_page(page: Page, res: Resource, path: str, rdf_links: list[tuple[str, str]]) -> Response:
    state = page.state
    iri = res.iri
    f, statements, operators, mentioned = await asyncio.gather(
        facts.load(state),
        data.named(state, "statements", speaker=iri) if "statements" in state.queries else _none(),
        data.named(state, "operator-assignments"),
        mentions(state, iri),
    )
    handovers = sorted((e for e in f.handovers if e.place == iri),
                       key=lambda e: (e.date or "9999", STATUS_ORDER.get(e.status, 9)))
    takes_part = [e for e in (*f.handovers, *f.withdrawals)
                  if iri in (e.giver, e.receiver, e.force) and e not in handovers]
    moves = [e for e in f.withdrawals if iri in (e.place, e.other_place) and e not in takes_part]
    counts = sorted((c for c in f.counts if iri in (c.force, c.place, c.country)),
                    key=lambda c: (c.as_of or "0000", c.sources), reverse=True)
    moves.sort(key=lambda e: (e.date or "0000", e.sources), reverse=True)
    takes_part.sort(key=lambda e: (e.date or "0000", e.sources), reverse=True)
    operator_rows = [r for r in operators if data.text(r, "facility") == iri]
    where = f.places.get(iri) or (await facts.places(state, [iri])).get(iri)
    located = res.iris(data.KG + "locatedIn")
    others = [inc for inc in res.incoming if inc.prop != data.ITSRDF_REF]
    consolidated = [s for inc in others for s in inc.subjects if "/event/" in s or "/agreement/" in s]
    titles_statements, titles_agreements = await facts.titles_data(state, consolidated)
    f = replace(f, statements=titles_statements, agreements=titles_agreements)
    page.labels = await data.labels(state, [
        iri, *res.types, *located, *f.iris(), *(data.text(r, "operator") for r in operator_rows),
        *(inc.prop for inc in others), *(s for inc in others for s in inc.subjects),
        *(a for a, _ in mentioned), *((where.approx_from,) if where and where.approx_from else ()),
    ])
    labels = page.labels.get(iri, {})
    aliases: dict[str, list[str]] = {}
    for v in res.all(data.ALT_LABEL):
        aliases.setdefault(v.lang or "", [])
        if v.value not in aliases[v.lang or ""] and v.value not in labels.values():
            aliases[v.lang or ""].append(v.value)
    wikidata = [v.value for v in res.all(data.OWL_SAME_AS) if page.wikidata(v.value)]
    point = None
    if where is not None and where.lon is not None:
        top = facts.furthest(handovers)
        point = {
            "name": page.name(iri), "alt": page.alt_name(iri), "lon": where.lon, "lat": where.lat,
            "status": top.status if top else "", "statusLabel": page.status(top.status) if top else "",
            "date": page.date(top.date, top.precision or None) if top else "", "href": page.link(iri),
            "approx": page.t("home.map.approx", place=page.name(where.approx_from)) if where.approx_from else "",
        }
    chart = {"lang": page.lang, "bases": [point] if point else [], "timeline": [],
             "troops": troop_points(page, sorted(counts, key=lambda c: -c.sources)[:CHART_POINTS]),
             "words": {"col.figure": page.t("col.figure")}, "atlas": page.asset("world-atlas", "countries-50m.json")}
    articles = await facts.article_info(state, [*(a for a, _ in mentioned), *(data.text(r, "article") for r in statements)])
    first_words = await facts.openings(state, [a for a, info in articles.items() if not info.headline])
    summary = facts.furthest(handovers)
    return render(
        page, "entity.html", r=res, title=page.name(iri), alt=page.alt_name(iri), labels=labels, aliases=aliases,
        wikidata=wikidata, located=located, where=where, handovers=handovers, moves=moves[:ROWS_SHOWN],
        takes_part=takes_part[:ROWS_SHOWN], counts=counts[:ROWS_SHOWN], operators=operator_rows,
        statements=statements[:ROWS_SHOWN], mentioned=mentioned, articles=articles,
        totals={"moves": len(moves), "takes_part": len(takes_part), "counts": len(counts), "statements": len(statements)},
        chart=chart, rdf_links=rdf_links, event_title=event_title, kind_word=_kind_word, first_words=first_words,
        summary=summary, others=others, prop_name=lambda prop: prop_name(page, prop),
        title_for=lambda subject: title_for(page, f, subject),
        charts_ready=state.assets.has("plot", "d3", "topojson", "world-atlas"),
    )


async def _none() -> list[data.Row]:
    return []


def _kind_word(page: Page, e: Event) -> str:
    return page.t(f"kind.{e.kind}")
