"""The page of a consolidated event (handover, withdrawal, relocation, mission phase, troop count, statement,
agreement) and of one article's reported fact: a human title, what the graph concludes, and who says so —
each source's sentence inline, with the value that source gives; conflicting values side by side.

A troop count reads as force, country, place, figure with its unit, kind (current, projection, cap) and as-of
date; a statement as speaker, role, date (its own, else its articles' publication, else their inferred window)
and the words.

The page reads the first :data:`REPORTS_READ` reports of the event and every report that gives a date (all of
them with ``?all=1``): a handover reported by 2,000 articles, most of them copies that give no date, costs little
more than one reported by a hundred; the competing dates are those of every report; the page says when there are
more reports than it read. A troop count's reports each give a figure: all are read."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from starlette.responses import Response

from kg.api.state import ApiState
from kg.api.web import data, facts
from kg.api.web.facts import QUALIFIERS, STATUS, Article, Count, Event
from kg.api.web.home import count_title, event_title, statement_title, title_for
from kg.api.web.render import Page, render
from kg.api.web.resource import Resource, prop_name
from kg.display import format_figure

KG = data.KG
KINDS = {
    "TransferOfControl": "handover", "Relocation": "relocation", "Withdrawal": "withdrawal", "MissionPhase": "phase",
    "TroopCount": "count", "Statement": "statement", "Agreement": "agreement", "JointStatement": "agreement",
    "MemorandumOfUnderstanding": "agreement", "FrameworkAgreement": "agreement",
}
#: the properties of an event shown as they are, below what the page reads itself (local names)
SHOWN_PROPS = ("label", "phaseNumber", "collectiveScope")
#: how many reports an event page lists (per competing value); ``?all=1`` lists them all
REPORTS_SHOWN = 50
#: how many reports an event page reads, besides those that give a date (``?all=1``: all of them)
REPORTS_READ = 60
#: the properties that hold an event's time interval
TIMES = (KG + "time", KG + "deadline", KG + "asOf")



@dataclass
class Attestation:
    """One article's report of the event: its sentence and the values it gives."""

    fact: str
    article: Article
    quote: str = ""
    start: int = 0
    end: int = 0
    date: str = ""
    precision: str = ""
    expression: str = ""
    figure: str = ""
    said: str = ""  # a statement's words as this article gives them
    confidence: str = ""
    method: str = ""


@dataclass
class Competing:
    """One of the competing values of a conflicting event and the reports that give it."""

    value: str
    shown: str
    reports: list[Attestation] = field(default_factory=list)


def kind_of(res: Resource) -> str:
    for t in res.types:
        local = t.rsplit("#", 1)[-1]
        if t.startswith(KG) and local in KINDS and local != "Withdrawal":
            return KINDS[local]
    return "withdrawal" if res.is_a("Withdrawal") else "event"


async def _time(state: ApiState, iri: str) -> dict[str, str]:
    """The event's time interval: value, precision, bounds, the words as written, modifier."""
    rows = await data.select(state, f"SELECT ?p ?o WHERE {{ <{iri}> {facts.TIME_PATH} ?t . ?t ?p ?o }}")
    out: dict[str, str] = {}
    for r in rows:
        key = r["p"].value.rsplit("#", 1)[-1]
        value = r["o"].value
        if key == "precision":
            value = value.rsplit("#", 1)[-1].replace("Precision", "").lower()
        out.setdefault(key, value)
    return out


async def _dated(state: ApiState, iri: str) -> list[tuple[str, str]]:
    """(report, article) of every report of the event that gives a date: the competing values are theirs. One
    lookup per report (most give none), never the reports' details."""
    cg = state.settings.base_iri + facts.CG
    rows = await data.select(state, f"""SELECT DISTINCT ?a ?art WHERE {{ GRAPH <{cg}> {{ <{iri}> kg:attestation ?a }}
        GRAPH ?g {{ ?a {facts.TIME_PATH} ?t . ?a prov:wasDerivedFrom ?art }} }}""")
    return [(data.text(r, "a"), data.text(r, "art")) for r in rows]


async def _attestations(state: ApiState, iri: str, reported: bool, limit: int | None) -> list[Attestation]:
    """The reports of the event — all of them (``limit`` None), or the first ``limit`` and every one that gives a
    date — or the reported fact itself: its article, sentence, the date or figure it gives, its words for a
    statement; each read inside the report's own article graph."""
    if reported:
        rows = await data.select(state, f"SELECT ?art WHERE {{ GRAPH ?g {{ <{iri}> prov:wasDerivedFrom ?art }} }} LIMIT 1")
        pairs = [(iri, r["art"].value) for r in rows[:1]]
    elif limit is None:
        pairs = (await facts.attestations(state, [iri])).get(iri, [])
    else:
        first, dated = await asyncio.gather(facts.attestations(state, [iri], limit), _dated(state, iri))
        pairs = list(dict.fromkeys([*first.get(iri, []), *dated]))
    reports = [a for a, _ in pairs]
    figure = [data.SCHEMA + "value", data.SCHEMA + "minValue", data.SCHEMA + "maxValue", KG + "qualifier",
              KG + "quote"]
    details, times, values, info = await asyncio.gather(
        facts.report_details(state, reports),
        data.select_values(state, reports, f"""GRAPH ?g {{ ?s {facts.TIME_PATH} ?t .
            {data.any_of([KG + "dateValue", KG + "precision", KG + "expression"], "?t", "?o", "?tp")} }}""",
                           project="?s ?tp ?o"),
        data.select_values(state, reports, f"GRAPH ?g {{ {data.any_of(figure)} }}", project="?s ?p ?o"),
        facts.article_info(state, {art for _, art in pairs}),
    )
    names = {KG + "dateValue": "dv", KG + "precision": "prec", KG + "expression": "expr", data.SCHEMA + "value": "val",
             data.SCHEMA + "minValue": "lo", data.SCHEMA + "maxValue": "hi", KG + "qualifier": "q", KG + "quote": "said"}
    extra: dict[str, dict[str, data.Value]] = {}
    for r in times:
        extra.setdefault(r["s"].value, {}).setdefault(names[r["tp"].value], r["o"])
    for r in values:
        extra.setdefault(r["s"].value, {}).setdefault(names[r["p"].value], r["o"])
    out = []
    for fact, art in pairs:
        q = details.get(fact) or facts.Quote("", 0, 0)
        r = extra.get(fact, {})
        qualifier = QUALIFIERS.get(data.text(r, "q"), "")
        out.append(Attestation(
            fact, info.get(art) or Article(art), q.text, q.start, q.end, data.text(r, "dv"),
            facts.precision_of(data.text(r, "prec")), data.text(r, "expr"),
            format_figure(data.text(r, "val"), data.text(r, "lo"), data.text(r, "hi"), qualifier) if qualifier else "",
            data.text(r, "said"), q.confidence, q.method,
        ))
    return sorted(out, key=lambda a: (a.article.published or "9999", a.article.iri, a.start))


def _event_of(res: Resource, kind: str, time: dict[str, str]) -> Event:
    def one(prop: str) -> str:
        v = res.first(KG + prop)
        return v.value if v is not None else ""

    status = STATUS.get(one("status"), "")
    place = one("facility") or one("fromPlace") or one("scope") or one("place")
    label = res.first(data.RDFS_LABEL)
    scope = res.first(KG + "collectiveScope")
    if kind == "handover" and scope is not None and not one("facility"):
        kind = "collective"
    return Event(res.iri, kind if kind in ("handover", "withdrawal", "relocation", "phase", "collective") else "phase",
                 status,
                 time.get("dateValue", ""), time.get("precision", ""), place=place,
                 other_place=one("toPlace"), giver=one("transferredFrom"), receiver=one("transferredTo"),
                 force=one("force"), label=label.value if label is not None else "",
                 sources=int(one("sourceCount") or 0), place_label=scope.value if scope is not None else "")


def count_of(res: Resource, time: dict[str, str]) -> Count:
    """A consolidated troop count as the pages show it, from its own record."""
    def one(prop: str) -> str:
        v = res.first(prop)
        return v.value if v is not None else ""

    return Count(res.iri, one(KG + "force"), one(KG + "country"), one(KG + "place"), one(data.SCHEMA + "value"),
                 one(data.SCHEMA + "minValue"), one(data.SCHEMA + "maxValue"), QUALIFIERS.get(one(KG + "qualifier"), ""),
                 one(data.SCHEMA + "unitText"), time.get("dateValue", ""), time.get("precision", ""),
                 int(one(KG + "sourceCount") or 0))


@dataclass
class Said:
    """A consolidated statement: who, in what role, when (and on what basis), the words."""

    speaker: str
    role: str
    words: str
    date: str = ""
    #: where the date comes from: stated (the statement's own), published (its earliest article's), inferred
    basis: str = ""
    earliest: str = ""
    latest: str = ""


async def said_of(state: ApiState, res: Resource, time: dict[str, str]) -> Said:
    """The statement's record, dated by its own date, else by the earliest publication of the articles that
    report it, else by their inferred publication window (the ``statements`` named query's reading, over every
    report: aggregates of a few lookups per report, whatever the number of copies)."""
    def one(prop: str) -> str:
        v = res.first(prop)
        return v.value if v is not None else ""

    cg = state.settings.base_iri + facts.CG
    reports = f"GRAPH <{cg}> {{ <{res.iri}> kg:attestation ?a }} GRAPH ?g {{ ?a prov:wasDerivedFrom ?art }}"
    out = Said(one(KG + "speaker"), one(KG + "speakerRole"), one(KG + "quote"))
    published, window, roles = await asyncio.gather(
        data.select(state, f"SELECT (MIN(?d) AS ?published) WHERE {{ {reports} ?art schema:datePublished ?d }}"),
        data.select(state, f"""SELECT (MIN(?e) AS ?earliest) (MAX(?l) AS ?latest) WHERE {{ {reports}
            ?art kg:inferredPublication ?w . ?w kg:earliest ?e ; kg:latest ?l }}"""),
        data.select(state, f"""SELECT DISTINCT ?r WHERE {{ GRAPH <{cg}> {{ <{res.iri}> kg:attestation ?a }}
            GRAPH ?g {{ ?a kg:speakerRole ?r }} }} LIMIT 20"""),
    )
    # the graph's role first, then the others the reports give (one may say "adviser", another "official")
    out.role = " · ".join(dict.fromkeys(r for r in [out.role, *sorted(data.text(r, "r") for r in roles)] if r))
    found = {**(published[0] if published else {}), **(window[0] if window else {})}
    if time.get("dateValue"):
        out.date, out.basis = time["dateValue"], "stated"
    elif data.text(found, "published"):
        out.date, out.basis = data.text(found, "published"), "published"
    elif data.text(found, "earliest") and data.text(found, "latest"):
        out.basis, out.earliest, out.latest = "inferred", data.text(found, "earliest"), data.text(found, "latest")
    return out


def title_of(page: Page, res: Resource, kind: str, ev: Event, time: dict[str, str],
             reports: list[Attestation], count: Count | None = None, said: Said | None = None) -> str:
    """A human title for any kind of event."""
    when = page.date(ev.date, ev.precision or None)
    if kind in ("handover", "withdrawal", "relocation", "phase", "collective"):
        return event_title(page, ev)
    if kind == "count" and count is not None:
        return count_title(page, count)
    if kind == "statement":
        words = (said.words if said else "") or next((r.said for r in reports if r.said), "")
        return statement_title(page, said.speaker if said else "", words, 80)
    if kind == "agreement":
        return (ev.label or page.t("kind.agreement")) + (f" — {when}" if when else "")
    return page.name(res.iri)


def competing(reports: list[Attestation], page: Page, kind: str) -> list[Competing]:
    """The reports grouped by the value they give (dates for events, figures for counts)."""
    groups: dict[str, Competing] = {}
    for r in reports:
        value = r.figure if kind == "count" else r.date
        if not value:
            continue
        shown = value if kind == "count" else page.date(r.date, r.precision or None)
        groups.setdefault(value, Competing(value, shown)).reports.append(r)
    return sorted(groups.values(), key=lambda c: c.value)


async def event_page(page: Page, res: Resource, path: str, rdf_links: list[tuple[str, str]]) -> Response:
    state = page.state
    kind = kind_of(res)
    show_all = page.request.query_params.get("all") in ("1", "true")
    read = None if show_all or kind == "count" else REPORTS_READ
    cg = state.settings.base_iri + facts.CG
    time, operators, reports, parent_rows = await asyncio.gather(
        _time(state, res.iri), data.named(state, "operator-assignments"),
        _attestations(state, res.iri, res.is_a("ReportedFact"), read),
        data.select(state, f"SELECT DISTINCT ?s WHERE {{ GRAPH <{cg}> {{ ?s kg:attestation <{res.iri}> }} }} LIMIT 20"))
    ev = _event_of(res, kind, time)
    kind = ev.kind if kind == "handover" else kind
    parents = sorted(data.text(r, "s") for r in parent_rows)
    derived = [r for r in operators if data.text(r, "event") == res.iri]
    count = count_of(res, time) if kind == "count" else None
    f, said = await asyncio.gather(
        facts.known(state, parents),
        said_of(state, res, time) if kind == "statement" else _nothing(),
    )
    iris = [res.iri, *res.types, *(v.value for link in res.out for v in [link.value] if v.is_iri),
            *(link.prop for link in res.out), ev.place, ev.other_place, ev.giver, ev.receiver, ev.force,
            *parents, *(data.text(r, "operator") for r in derived), *f.iris(),
            *((count.country, count.place) if count else ()), *((said.speaker,) if said else ())]
    page.labels = await data.labels(state, iris)
    conflicting = res.first(KG + "conflicting")
    limit = None if show_all else REPORTS_SHOWN
    groups = competing(reports, page, kind)
    is_conflict = (conflicting is not None and conflicting.value == "true") or len(groups) > 1
    unread = 0 if show_all or res.is_a("ReportedFact") else max(0, ev.sources - len({a.article.iri for a in reports}))
    return render(
        page, "event.html", r=res, kind=kind, ev=ev, time=time, reports=reports, groups=groups, limit=limit,
        show_all=page.href("/id/" + path, all="1") + "#sources", unread=unread,
        conflict=is_conflict and len(groups) > 1, title=title_of(page, res, kind, ev, time, reports, count, said),
        count=count, said=said, count_kind=res.first(KG + "countKind"), shown_props=SHOWN_PROPS,
        parents=parents, derived=derived, reported=res.is_a("ReportedFact"), rdf_links=rdf_links,
        prop_name=lambda prop: prop_name(page, prop),
        titles={e: title_for(page, f, e) for e in parents},
    )


async def _nothing() -> None:
    return None
