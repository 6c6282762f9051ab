"""The page of a consolidated event (handover, withdrawal, relocation, mission phase, troop count, statement,
agreement) and of one article's reported fact: a human title, what the graph concludes, and who says so —
each source's sentence inline, with the value that source gives; conflicting values side by side.

A troop count reads as force, country, place, figure with its unit, kind (current, projection, cap) and as-of
date; a statement as speaker, role, date (its own, else its articles' publication, else their inferred window)
and the words."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace

from starlette.responses import Response

from kg.api.state import ApiState
from kg.api.web import data, facts
from kg.api.web.facts import Article, Count, Event
from kg.api.web.home import count_title, event_title, statement_title, title_for
from kg.api.web.render import Page, render
from kg.api.web.resource import Resource, prop_name
from kg.display import format_figure

KG = data.KG
STATUS = {KG + "Completed": "completed", KG + "InProgress": "in_progress", KG + "Planned": "planned"}
KINDS = {
    "TransferOfControl": "handover", "Relocation": "relocation", "Withdrawal": "withdrawal", "MissionPhase": "phase",
    "TroopCount": "count", "Statement": "statement", "Agreement": "agreement", "JointStatement": "agreement",
    "MemorandumOfUnderstanding": "agreement", "FrameworkAgreement": "agreement",
}
#: the properties of an event shown as they are, below what the page reads itself (local names)
SHOWN_PROPS = ("label", "phaseNumber", "collectiveScope")
#: how many reports an event page lists (per competing value); ``?all=1`` lists them all
REPORTS_SHOWN = 50
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


#: qualifier concepts → the notation the named queries return
QUALIFIERS = {KG + "Exact": "exact", KG + "About": "about", KG + "LessThan": "less_than", KG + "MoreThan": "more_than",
              KG + "Range": "range"}


async def _attestations(state: ApiState, iri: str, reported: bool) -> list[Attestation]:
    """Every report of the event (or the reported fact itself): its article, sentence, the date or figure it
    gives, its words for a statement; each read inside the report's own article graph."""
    if reported:
        rows = await data.select(state, f"SELECT ?art WHERE {{ GRAPH ?g {{ <{iri}> prov:wasDerivedFrom ?art }} }}")
        pairs = [(iri, r["art"].value) for r in rows[:1]]
    else:
        pairs = (await facts.attestations(state, [iri])).get(iri, [])
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
    report it, else by their inferred publication window (the ``statements`` named query's reading)."""
    def one(prop: str) -> str:
        v = res.first(prop)
        return v.value if v is not None else ""

    out = Said(one(KG + "speaker"), one(KG + "speakerRole"), one(KG + "quote"))
    rows = [r for r in await data.named(state, "statements") if data.text(r, "statement") == res.iri]
    # the graph's role first, then the others the reports give (one may say "adviser", another "official")
    roles = [out.role, *(data.text(r, "role") for r in rows)]
    out.role = " · ".join(dict.fromkeys(r for r in roles if r))
    dated = sorted(data.text(r, "date") for r in rows if data.text(r, "date"))
    if time.get("dateValue"):
        out.date, out.basis = time["dateValue"], "stated"
    elif dated:
        out.date, out.basis = dated[0], "published"
    else:
        earliest = [data.text(r, "earliest") for r in rows if data.text(r, "earliest")]
        latest = [data.text(r, "latest") for r in rows if data.text(r, "latest")]
        if earliest and latest:
            out.basis, out.earliest, out.latest = "inferred", min(earliest), max(latest)
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
    f, time, operators, reports = await asyncio.gather(
        facts.load(state), _time(state, res.iri), data.named(state, "operator-assignments"),
        _attestations(state, res.iri, res.is_a("ReportedFact")))
    ev = _event_of(res, kind, time)
    kind = ev.kind if kind == "handover" else kind
    consolidated = [i for i in (inc.subjects for inc in res.incoming if inc.prop == KG + "attestation")]
    parents = [s for group in consolidated for s in group]
    derived = [r for r in operators if data.text(r, "event") == res.iri]
    iris = [res.iri, *res.types, *(v.value for link in res.out for v in [link.value] if v.is_iri),
            *(link.prop for link in res.out), ev.place, ev.other_place, ev.giver, ev.receiver, ev.force,
            *parents, *(data.text(r, "operator") for r in derived), *f.iris()]
    statements, agreements = await facts.titles_data(state, parents)
    f = replace(f, statements=statements, agreements=agreements)
    page.labels = await data.labels(state, [*iris, *(sp for sp, _ in statements.values())])
    count = count_of(res, time) if kind == "count" else None
    said = await said_of(state, res, time) if kind == "statement" else None
    if count is not None or said is not None:
        page.labels.update(await data.labels(state, [count.country, count.place] if count else [said.speaker if said else ""]))
    conflicting = res.first(KG + "conflicting")
    limit = None if page.request.query_params.get("all") in ("1", "true") else REPORTS_SHOWN
    groups = competing(reports, page, kind)
    is_conflict = (conflicting is not None and conflicting.value == "true") or len(groups) > 1
    return render(
        page, "event.html", r=res, kind=kind, ev=ev, time=time, reports=reports, groups=groups, limit=limit,
        show_all=page.href("/id/" + path, all="1") + "#sources",
        conflict=is_conflict and len(groups) > 1, title=title_of(page, res, kind, ev, time, reports, count, said),
        count=count, said=said, count_kind=res.first(KG + "countKind"), shown_props=SHOWN_PROPS,
        parents=parents, derived=derived, reported=res.is_a("ReportedFact"), rdf_links=rdf_links,
        prop_name=lambda prop: prop_name(page, prop),
        titles={e: title_for(page, f, e) for e in parents},
    )
