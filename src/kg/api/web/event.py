"""The page of a consolidated event (handover, withdrawal, relocation, mission phase, troop count, statement,
agreement) and of one article's reported fact: a human title, what the graph concludes, and who says so —
each source's sentence inline, with the value that source gives; conflicting values side by side."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from starlette.responses import Response

from kg.api.state import ApiState
from kg.api.web import data, facts
from kg.api.web.facts import Article, Event
from kg.api.web.home import event_title, title_for
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
#: the properties that hold an event's time interval
TIMES = (KG + "time", KG + "deadline", KG + "asOf")


def _v(row: data.Row, name: str) -> str:
    value = row.get(name)
    return value.value if value is not None else ""


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
    rows = await data.select(state, f"""SELECT ?p ?o WHERE {{
        VALUES ?tp {{ kg:time kg:deadline kg:asOf }} <{iri}> ?tp ?t .
        VALUES ?p {{ kg:dateValue kg:earliest kg:latest kg:expression kg:modifier kg:timeBasis kg:precision }}
        ?t ?p ?o }}""")
    out: dict[str, str] = {}
    for r in rows:
        key = r["p"].value.rsplit("#", 1)[-1]
        value = r["o"].value
        if key == "precision":
            value = value.rsplit("#", 1)[-1].replace("Precision", "").lower()
        out.setdefault(key, value)
    return out


async def _attestations(state: ApiState, iri: str, articles: dict[str, Article]) -> list[Attestation]:
    rows = await data.select(state, f"""SELECT ?fact ?article ?quote ?start ?end ?dv ?prec ?expr ?val ?lo ?hi ?q
            ?said ?conf ?method WHERE {{
        {{ <{iri}> kg:attestation ?fact }} UNION {{ BIND(<{iri}> AS ?fact) <{iri}> a kg:ReportedFact }}
        ?fact prov:wasDerivedFrom ?article .
        OPTIONAL {{ ?fact kg:evidence ?ev . ?ev nif:anchorOf ?quote ; nif:beginIndex ?start ; nif:endIndex ?end }}
        OPTIONAL {{ VALUES ?tp {{ kg:time kg:deadline kg:asOf }} ?fact ?tp ?t . ?t kg:dateValue ?dv .
                   OPTIONAL {{ ?t kg:precision/skos:notation ?prec }} OPTIONAL {{ ?t kg:expression ?expr }} }}
        OPTIONAL {{ ?fact schema:value ?val }} OPTIONAL {{ ?fact schema:minValue ?lo }}
        OPTIONAL {{ ?fact schema:maxValue ?hi }} OPTIONAL {{ ?fact kg:qualifier/skos:notation ?q }}
        OPTIONAL {{ ?fact kg:quote ?said }}
        OPTIONAL {{ ?fact kg:confidence ?conf }}
        OPTIONAL {{ ?fact prov:wasGeneratedBy/prov:wasAssociatedWith/kg:method ?method }}
    }}""")
    seen: dict[str, Attestation] = {}
    missing = [a for a in {_v(r, "article") for r in rows} if a not in articles]
    if missing:
        articles = {**articles, **await article_info(state, missing)}
    for r in rows:
        fact = _v(r, "fact")
        if fact in seen:
            continue
        art = _v(r, "article")
        seen[fact] = Attestation(
            fact, articles.get(art) or Article(art), _v(r, "quote"), int(_v(r, "start") or 0), int(_v(r, "end") or 0),
            _v(r, "dv"), _v(r, "prec"), _v(r, "expr"),
            format_figure(_v(r, "val"), _v(r, "lo"), _v(r, "hi"), _v(r, "q")) if r.get("q") else "",
            _v(r, "said"), _v(r, "conf"), _v(r, "method"),
        )
    return sorted(seen.values(), key=lambda a: (a.article.published or "9999", a.article.iri, a.start))


async def article_info(state: ApiState, iris: list[str]) -> dict[str, Article]:
    """Headline, publication date, URL and publisher of these articles (one VALUES lookup)."""
    rows = await data.select_values(state, iris, """VALUES ?p { schema:headline schema:datePublished schema:url
        kg:publisherName } ?s ?p ?o""")
    out = {i: Article(i) for i in iris}
    names = {"headline": "headline", "datePublished": "published", "url": "url", "publisherName": "publisher"}
    for r in rows:
        field_name = names[r["p"].value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]]
        if not getattr(out[r["s"].value], field_name):
            setattr(out[r["s"].value], field_name, r["o"].value)
    return out


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


def title_of(page: Page, res: Resource, kind: str, ev: Event, time: dict[str, str],
             reports: list[Attestation]) -> str:
    """A human title for any kind of event."""
    when = page.date(ev.date, ev.precision or None)
    if kind in ("handover", "withdrawal", "relocation", "phase", "collective"):
        return event_title(page, ev)
    if kind == "count":
        who = page.name(ev.force) if ev.force else ""
        where = page.name(ev.place) if ev.place else ""
        figure = next((r.figure for r in reports if r.figure), "")
        base = page.t("kind.count") + (f": {who}" if who else "") + (f" — {where}" if where else "")
        return base + (f" ({figure})" if figure else "") + (f" — {when}" if when else "")
    if kind == "statement":
        speaker = res.first(KG + "speaker")
        said = next((r.said for r in reports if r.said), "")
        head = page.name(speaker.value) if speaker is not None else page.t("kind.statement")
        return f"{head}: «{said[:80]}{'…' if len(said) > 80 else ''}»" if said else head
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
    f, time, operators = await asyncio.gather(facts.load(state), _time(state, res.iri),
                                              data.named(state, "operator-assignments"))
    reports = await _attestations(state, res.iri, f.articles)
    ev = _event_of(res, kind, time)
    kind = ev.kind if kind == "handover" else kind
    consolidated = [i for i in (inc.subjects for inc in res.incoming if inc.prop == KG + "attestation")]
    parents = [s for group in consolidated for s in group]
    derived = [r for r in operators if _v(r, "event") == res.iri]
    iris = [res.iri, *res.types, *(v.value for link in res.out for v in [link.value] if v.is_iri),
            *(link.prop for link in res.out), ev.place, ev.other_place, ev.giver, ev.receiver, ev.force,
            *parents, *(_v(r, "operator") for r in derived), *f.iris()]
    page.labels = await data.labels(state, iris)
    conflicting = res.first(KG + "conflicting")
    groups = competing(reports, page, kind)
    is_conflict = (conflicting is not None and conflicting.value == "true") or len(groups) > 1
    return render(
        page, "event.html", r=res, kind=kind, ev=ev, time=time, reports=reports, groups=groups,
        conflict=is_conflict and len(groups) > 1, title=title_of(page, res, kind, ev, time, reports),
        parents=parents, derived=derived, reported=res.is_a("ReportedFact"), rdf_links=rdf_links,
        prop_name=lambda prop: prop_name(page, prop),
        titles={e: title_for(page, f, e) for e in parents},
    )
