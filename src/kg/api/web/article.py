"""The page of an article: its headline (or its opening words), outlet, date, a link to the original, its
text in paragraphs with the sentences facts were read from marked, the facts it reports and the entities it
mentions. The file it was read from is never shown (``kg:sourceName`` stays in the RDF)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from markupsafe import Markup, escape
from starlette.responses import Response

from kg.api.web import data, facts
from kg.api.web.event import KINDS
from kg.api.web.home import title_for
from kg.api.web.render import Page, render
from kg.api.web.resource import Resource

#: how many mentioned entities an article page lists
ENTITY_LIMIT = 200



@dataclass
class Reported:
    """A fact the article reports, with the consolidated event it supports."""

    fact: str
    kind: str
    start: int
    end: int
    quote: str
    event: str
    title: str


def marked_paragraphs(text: str, spans: list[tuple[int, int]]) -> list[Markup]:
    """The text as escaped paragraphs with every evidence span marked (offsets are code points into the text,
    as the graph stores them). Overlapping spans share one ``<mark>``: it carries the first span's id
    (``span-S-E``) and holds an empty anchor with the id of each other one, so every fact's link lands on it."""
    groups: list[list[tuple[int, int]]] = []
    for start, end in sorted({(s, e) for s, e in spans if 0 <= s < e <= len(text)}):
        if groups and start < max(e for _, e in groups[-1]):
            groups[-1].append((start, end))
        else:
            groups.append([(start, end)])
    out: list[str] = []
    pos = 0
    for group in groups:
        first, last = group[0][0], max(e for _, e in group)
        out.append(str(escape(text[pos:first])))
        inner, cursor = [], first
        for start, end in group[1:]:
            inner.append(str(escape(text[cursor:start])))
            inner.append(f'<span class="anchor" id="span-{start}-{end}"></span>')
            cursor = start
        inner.append(str(escape(text[cursor:last])))
        body = "".join(inner).replace("\n", "</mark>\n<mark>")
        out.append(f'<mark id="span-{group[0][0]}-{group[0][1]}">{body}</mark>')
        pos = last
    out.append(str(escape(text[pos:])))
    paragraphs = "".join(out).split("\n")
    return [Markup(p.strip()) for p in paragraphs if p.strip() and p.strip() != "<mark></mark>"]


async def article_page(page: Page, res: Resource, path: str, rdf_links: list[tuple[str, str]]) -> Response:
    state = page.state
    iri = res.iri
    fact_rows, entity_rows, window = await asyncio.gather(
        data.select(state, f"""SELECT ?fact ?type ?start ?end ?quote WHERE {{ GRAPH ?g {{
            ?fact prov:wasDerivedFrom <{iri}> ; a kg:ReportedFact , ?type ; kg:evidence ?ev .
            ?ev nif:beginIndex ?start ; nif:endIndex ?end ; nif:anchorOf ?quote }}
            FILTER (?type != kg:ReportedFact) }}"""),
        data.select(state, f"""SELECT ?entity (COUNT(DISTINCT ?m) AS ?n) WHERE {{
            ?m nif:referenceContext <{iri}> ; itsrdf:taIdentRef ?entity }}
            GROUP BY ?entity ORDER BY DESC(?n) ?entity LIMIT {ENTITY_LIMIT}"""),
        data.select(state, f"""SELECT ?earliest ?latest WHERE {{
            <{iri}> kg:inferredPublication ?w . ?w kg:earliest ?earliest ; kg:latest ?latest }} LIMIT 1"""),
    )
    entities = [(data.text(r, "entity"), int(data.text(r, "n") or 0)) for r in entity_rows]
    cg = state.settings.base_iri + facts.CG
    parent_rows = await data.select_values(state, [data.text(r, "fact") for r in fact_rows],
                                           f"GRAPH <{cg}> {{ ?event kg:attestation ?s }}", project="?s ?event")
    parent = {r["s"].value: r["event"].value for r in parent_rows}
    f, info_map = await asyncio.gather(facts.known(state, set(parent.values())), facts.article_info(state, [iri]))
    page.labels = await data.labels(state, [*f.iris(), *(e for e, _ in entities), *res.types])
    reported: dict[str, Reported] = {}
    for r in fact_rows:
        fact = data.text(r, "fact")
        local = data.text(r, "type").rsplit("#", 1)[-1]
        kind = KINDS.get(local, local)
        if fact in reported and reported[fact].kind != "withdrawal":
            continue
        event = parent.get(fact, "")
        title = title_for(page, f, event, page.t(f"kind.{kind}")) if event else page.t(f"kind.{kind}")
        reported[fact] = Reported(fact, kind, int(data.text(r, "start") or 0), int(data.text(r, "end") or 0), data.text(r, "quote"),
                                  event, title)
    items = sorted(reported.values(), key=lambda x: (x.start, x.fact))
    text = res.first(data.NIF + "isString")
    body = text.value if text is not None else ""
    headline = res.first(data.SCHEMA + "headline")
    opening = body.strip().split("\n", 1)[0][:120]
    info = info_map.get(iri)
    return render(
        page, "article.html", r=res, headline=headline.value if headline is not None else "",
        opening=opening + ("…" if len(body.strip().split("\n", 1)[0]) > 120 else ""),
        published=(info.published if info else ""), publisher=(info.publisher if info else ""),
        url=(info.url if info else ""), dateline=(res.first(data.SCHEMA + "dateline") or data.Value("")).value,
        window=window[0] if window else None,
        paragraphs=marked_paragraphs(body, [(x.start, x.end) for x in items]), items=items, entities=entities,
        rdf_links=rdf_links,
    )
