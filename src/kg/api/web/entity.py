"""The page of an entity: one title, its aliases apart, what it is and where; for a base its handovers and
withdrawals with their sources, its operator over time and a small map; troop counts, statements and the
events it takes part in; the articles that mention it.

Every list is read from the entity's side and bounded: the latest :data:`ROWS_SHOWN` rows (with how many there
are and a link to the named query that has them all), troop counts chosen by :mod:`kg.api.web.bounded`, the
first :data:`MENTION_LIMIT` articles that mention it, links counted up to a cap (:mod:`kg.api.web.resource`).
What the page shows of a list is the named query's rows for the entity (``base-handovers``, ``withdrawals``,
``troop-counts``, ``statements``, ``operator-assignments``), sorted as the page sorts them."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from starlette.responses import Response

from kg.api.state import ApiState
from kg.api.web import bounded, data, facts
from kg.api.web.facts import Event
from kg.api.web.home import (
    ROWS_SHOWN,
    count_lists,
    event_title,
    title_for,
    total,
    troop_points,
)
from kg.api.web.render import STATUS_ORDER, Page, render
from kg.api.web.resource import Incoming, Resource, add_incoming, prop_name

#: how many mentioning articles an entity page lists
MENTION_LIMIT = 50
#: a speaker's statements the page reads, and the attestations of each (its rows are one per article)
STATEMENTS_READ = 40
STATEMENT_REPORTS_READ = 8


async def mentions(state: ApiState, iri: str) -> list[tuple[str, int]]:
    """(article, number of mentions) for the first :data:`MENTION_LIMIT` articles the graph lists as mentioning
    the entity, most mentions first (each article's mentions are counted inside its own graph)."""
    rows = await data.select(state, f"""SELECT DISTINCT ?article WHERE {{
          ?m itsrdf:taIdentRef <{iri}> ; nif:referenceContext ?article }} LIMIT {MENTION_LIMIT}""")
    base = state.settings.base_iri
    graph = {a: base + "graph/" + a[len(base):] for a in (data.text(r, "article") for r in rows)
             if a.startswith(base + "article/")}
    if not graph:
        return []
    pairs = " ".join(f"(<{a}> <{g}>)" for a, g in graph.items() if data.iri_list([a, g]) == [a, g])
    counted = await data.select(state, f"""SELECT ?article (COUNT(DISTINCT ?m) AS ?n) WHERE {{
        VALUES (?article ?g) {{ {pairs} }} GRAPH ?g {{ ?m itsrdf:taIdentRef <{iri}> ; nif:referenceContext ?article }}
        }} GROUP BY ?article""")
    found = [(data.text(r, "article"), int(data.text(r, "n") or 0)) for r in counted]
    return sorted(found, key=lambda x: (-x[1], x[0]))


@dataclass
class Said:
    """A speaker's statements as the page lists them: rows of the ``statements`` named query."""

    rows: list[data.Row]
    total: int
    more: bool


def _v(text: str) -> data.Value:
    return data.Value(text)


async def statement_rows(state: ApiState, statements: list[str], per: int) -> tuple[list[data.Row], bool]:
    """The ``statements`` named query's rows (one per statement, article and what that article gives) for the
    first ``per`` attestations of each statement, in its order (date, statement); and whether some statement
    has more attestations than were read."""
    cg = state.settings.base_iri + facts.CG
    pairs = await facts.attestations(state, statements, per)
    reports = [a for ps in pairs.values() for a, _ in ps]
    articles = {art for ps in pairs.values() for _, art in ps}
    speakers, quotes, roles, own, published, windows = await asyncio.gather(
        data.select_values(state, statements, f"GRAPH <{cg}> {{ ?s kg:speaker ?o }}", project="?s ?o"),
        data.select_values(state, reports, "GRAPH ?g { ?s kg:quote ?o }", project="?s ?o"),
        data.select_values(state, reports, "?s kg:speakerRole ?o", project="?s ?o"),
        data.select_values(state, reports, "?s kg:time ?t . ?t kg:dateValue ?o", project="?s ?o"),
        data.select_values(state, articles, "?s schema:datePublished ?o", project="?s ?o"),
        data.select_values(state, articles, "?s kg:inferredPublication ?w . ?w kg:earliest ?e ; kg:latest ?l",
                           project="?s ?e ?l"),
    )

    def many(rows: list[data.Row], key: str = "o") -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for r in rows:
            out.setdefault(r["s"].value, []).append(r[key].value)
        return out

    speaker, quote, role, own_date, pub = many(speakers), many(quotes), many(roles), many(own), many(published)
    earliest, latest = many(windows, "e"), many(windows, "l")
    groups: dict[tuple[str, str, str, str, str, str], list[str]] = {}
    for statement, ps in pairs.items():
        for reported, article in ps:
            for q in quote.get(reported, []):  # a report without its words is not a row (as in the named query)
                for sp in speaker.get(statement, [""]):
                    dates = own_date.get(reported) or pub.get(article) or [""]
                    basis = ("stated" if reported in own_date else "published" if article in pub
                             else "inferred" if article in earliest else "")
                    for d in dates:
                        groups.setdefault((statement, sp, d, q, article, basis), []).extend(role.get(reported, []))
    out = []
    for (statement, sp, d, q, article, basis), rs in groups.items():
        row = {"statement": data.Value(statement, "uri"), "quote": _v(q), "article": data.Value(article, "uri")}
        if sp:
            row["speaker"] = data.Value(sp, "uri")
        if d:
            row["date"] = _v(d)
        if basis:
            row["dateBasis"] = _v(basis)
        if rs:
            row["role"] = _v(min(rs))
        if earliest.get(article):
            row["earliest"] = _v(min(earliest[article]))
        if latest.get(article):
            row["latest"] = _v(max(latest[article]))
        out.append(row)
    out.sort(key=lambda r: (data.text(r, "date") != "", data.text(r, "date"), data.text(r, "statement"),
                            data.text(r, "article"), data.text(r, "quote")))
    read_all = all(len(ps) < per for ps in pairs.values())
    return out, not read_all


async def said_by(state: ApiState, iri: str) -> Said:
    """The statements of this speaker, as rows of ``statements`` (bounded: :data:`STATEMENTS_READ` statements,
    :data:`STATEMENT_REPORTS_READ` attestations each)."""
    cg = state.settings.base_iri + facts.CG
    found = await data.select(state, f"""SELECT DISTINCT ?s WHERE {{ GRAPH <{cg}> {{ ?s kg:speaker <{iri}> ;
        a kg:Statement }} }} LIMIT {STATEMENTS_READ + 1}""")
    statements = [data.text(r, "s") for r in found]
    rows, partial = await statement_rows(state, statements[:STATEMENTS_READ], STATEMENT_REPORTS_READ)
    return Said(rows, len(rows), partial or len(statements) > STATEMENTS_READ)


async def _own_handovers(state: ApiState, iri: str) -> tuple[list[Event], list[Event], data.Names]:
    """Every handover (they are few) and those of this facility, with their first sources; the labels of what
    they name."""
    every = await facts.handovers(state)
    own = sorted((e for e in every if e.place == iri), key=lambda e: (e.date or "9999", STATUS_ORDER.get(e.status, 9)))
    _, names = await asyncio.gather(facts.with_sources(state, own), data.labels(state, facts.iris_of(every)))
    return every, own, names


async def _withdrawals(state: ApiState, iri: str) -> tuple[list[bounded.Dated], list[bounded.Dated], facts.Known,
                                                             data.Names]:
    """The withdrawals from or to the entity and those of its forces, the latest of each read, and the labels of
    what those name."""
    at, by_force = await asyncio.gather(bounded.withdrawals(state, bounded.WithdrawalFilter(at=iri)),
                                        bounded.withdrawals(state, bounded.WithdrawalFilter(force=iri)))
    forces = {d.iri for d in by_force}
    moves = [d for d in at if d.iri not in forces]
    read = await facts.known(state, [d.iri for d in (*moves[:ROWS_SHOWN], *by_force[:ROWS_SHOWN])])
    return moves, by_force, read, await data.labels(state, facts.iris_of(read.events.values()))


async def _mentioned(state: ApiState, iri: str) -> tuple[list[tuple[str, int]], Said, dict[str, facts.Article],
                                                            dict[str, str]]:
    """The articles that mention the entity, its statements, and those articles' headlines (or first words)."""
    mentioned, said = await asyncio.gather(mentions(state, iri), said_by(state, iri))
    articles = await facts.article_info(state, [*(a for a, _ in mentioned),
                                                *(data.text(r, "article") for r in said.rows[:ROWS_SHOWN])])
    first_words = await facts.openings(state, [a for a, info in articles.items() if not info.headline])
    return mentioned, said, articles, first_words


async def _links(state: ApiState, res: Resource) -> tuple[list[Incoming], facts.Known, data.Names]:
    """What refers to the entity (but its mentions, listed apart), with the titles of the consolidated facts, and
    the labels of the relations, the referrers and what the titles name."""
    if not res.linked:
        await add_incoming(state, res)
    others = [inc for inc in res.incoming if inc.prop != data.ITSRDF_REF]
    consolidated = [s for inc in others for s in inc.subjects if "/event/" in s or "/agreement/" in s]
    titles, names = await asyncio.gather(
        facts.known(state, consolidated),
        data.labels(state, [*(inc.prop for inc in others), *(s for inc in others for s in inc.subjects)]))
    return others, titles, names | await data.labels(state, [i for i in titles.iris() if i not in names])


async def _about(state: ApiState, res: Resource) -> tuple[list[data.Row], dict[str, facts.Place], data.Names]:
    """The operator assignments, where the entity is, and the labels of the entity, its types, the places it
    lies in, its operators and the place it is shown at."""
    operators, where, names = await asyncio.gather(
        data.named(state, "operator-assignments"), facts.places(state, [res.iri]),
        data.labels(state, [res.iri, *res.types, *res.iris(data.KG + "locatedIn")]))
    place = where.get(res.iri)
    more = [data.text(r, "operator") for r in operators if data.text(r, "facility") == res.iri]
    if place is not None and place.approx_from:
        more.append(place.approx_from)
    return operators, where, names | await data.labels(state, [i for i in more if i not in names])


async def entity_page(page: Page, res: Resource, path: str, rdf_links: list[tuple[str, str]]) -> Response:
    state = page.state
    iri = res.iri
    # independent chains, side by side: each waits only for its own queries, and labels what it names
    ((every, handovers, h_names), (moves, by_force, read, w_names), (counts, chart_counts, (n_counts, counts_more), c_names),
     (mentioned, said, articles, first_words), ((operators, where, a_names), (others, titles, l_names))) = (
        await asyncio.gather(_own_handovers(state, iri), _withdrawals(state, iri),
                             count_lists(state, bounded.CountFilter(about=iri)), _mentioned(state, iri),
                             asyncio.gather(_about(state, res), _links(state, res))))
    # events it takes part in: handovers it gives or receives (not its own), withdrawals of its forces
    parties = [e for e in every if iri in (e.giver, e.receiver, e.force) and e not in handovers]
    taking = bounded.newest([bounded.Dated(e.iri, e.date, e.sources, e.status, "Handover") for e in parties] + by_force)
    by_iri = {e.iri: e for e in parties} | read.events
    takes_part = [by_iri[d.iri] for d in taking[:ROWS_SHOWN] if d.iri in by_iri]
    moves_shown = [read.events[d.iri] for d in moves[:ROWS_SHOWN] if d.iri in read.events]
    statements = said.rows[:ROWS_SHOWN]
    operator_rows = [r for r in operators if data.text(r, "facility") == iri]
    located = res.iris(data.KG + "locatedIn")
    place = where.get(iri)
    page.labels = {**h_names, **w_names, **c_names, **l_names, **a_names}
    labels = page.labels.get(iri, {})
    aliases: dict[str, list[str]] = {}
    for v in res.all(data.ALT_LABEL):
        aliases.setdefault(v.lang or "", [])
        if v.value not in aliases[v.lang or ""] and v.value not in labels.values():
            aliases[v.lang or ""].append(v.value)
    wikidata = [v.value for v in res.all(data.OWL_SAME_AS) if page.wikidata(v.value)]
    point = None
    if place is not None and place.lon is not None:
        top = facts.furthest(handovers)
        point = {
            "name": page.name(iri), "alt": page.alt_name(iri), "lon": place.lon, "lat": place.lat,
            "status": top.status if top else "", "statusLabel": page.status(top.status) if top else "",
            "date": page.date(top.date, top.precision or None) if top else "", "href": page.link(iri),
            "approx": page.t("home.map.approx", place=page.name(place.approx_from)) if place.approx_from else "",
        }
    chart = {"lang": page.lang, "bases": [point] if point else [], "timeline": [],
             "troops": troop_points(page, chart_counts),
             "words": {"col.figure": page.t("col.figure")}, "atlas": page.asset("world-atlas", "countries-50m.json")}
    summary = facts.furthest(handovers)
    return render(
        page, "entity.html", r=res, title=page.name(iri), alt=page.alt_name(iri), labels=labels, aliases=aliases,
        wikidata=wikidata, located=located, where=place, handovers=handovers, moves=moves_shown,
        takes_part=takes_part, counts=counts, operators=operator_rows,
        statements=statements, mentioned=mentioned, articles=articles,
        totals={"moves": len(moves), "takes_part": len(taking), "counts": n_counts, "statements": said.total},
        shown_totals={"counts": total(page, n_counts, counts_more), "statements": total(page, said.total, said.more),
                      "moves": str(len(moves)), "takes_part": str(len(taking))},
        more={"statements": said.more},
        chart=chart, rdf_links=rdf_links, event_title=event_title, kind_word=_kind_word, first_words=first_words,
        summary=summary, others=others, prop_name=lambda prop: prop_name(page, prop),
        title_for=lambda subject: title_for(page, titles, subject),
        charts_ready=state.assets.has("plot", "d3", "topojson", "world-atlas"),
    )


def _kind_word(page: Page, e: Event) -> str:
    return page.t(f"kind.{e.kind}")
