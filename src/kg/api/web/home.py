"""The home page: which bases passed to Iraqi control, and when.

The handovers as a table (base in Arabic and English, status, date at its precision, from → to, sources with
their sentences one click away), a map of the bases coloured by the furthest status reported, a timeline of
handovers, withdrawals and mission phases, and troop counts over time per country. Filters (status, year,
country/region, force) are a GET form, so a filtered page is a link; the map, timeline and chart are drawn
in the browser from the same filtered facts, which travel in the page as JSON.

What grows with the articles is bounded (:mod:`kg.api.web.bounded`): the latest :data:`ROWS_SHOWN` withdrawals
and troop counts (with how many there are and a link to the named query that has them all), and the
:data:`CHART_POINTS` most attested counts in the chart. Handovers of facilities, of groups of bases and mission
phases are all shown: there are as many as the events the news tells of, not as many as the articles.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kg.api.state import ApiState
from kg.api.web import bounded, data, facts
from kg.api.web.facts import Count, Event, Known, Place
from kg.api.web.render import STATUS_ORDER, Page, render
from kg.display import date_bounds, date_parts, format_figure

#: rows of the withdrawals and troop-count tables the home page shows (newest first; the named queries have all)
ROWS_SHOWN = 30
#: troop counts the chart draws (the most attested)
CHART_POINTS = 100
#: the reporting articles the lead counts ("more than …" past it)
ARTICLES_CAP = 100


@dataclass(frozen=True)
class Filters:
    """The home page's filters, from the query string ("" = all)."""

    status: str = ""
    year: str = ""
    place: str = ""
    force: str = ""

    @classmethod
    def of(cls, request: Request) -> Filters:
        q = request.query_params
        return cls(q.get("status", ""), q.get("year", ""), q.get("place", ""), q.get("force", ""))

    @property
    def active(self) -> bool:
        return any((self.status, self.year, self.place, self.force))


def _places_of(places: dict[str, Place], *iris: str) -> set[str]:
    """The places themselves and every place they lie in."""
    out = set()
    for iri in iris:
        if iri:
            out.add(iri)
            place = places.get(iri)
            if place:
                out.update(place.located_in)
    return out


def _keep_event(e: Event, flt: Filters, places: dict[str, Place]) -> bool:
    if flt.status and e.status != flt.status:
        return False
    if flt.year and e.year != flt.year:
        return False
    if flt.place and flt.place not in _places_of(places, e.place, e.other_place):
        return False
    return not (flt.force and flt.force not in (e.giver, e.receiver, e.force))


def _year(date: str) -> str:
    parts = date_parts(date) if date else None
    return str(parts[0]) if parts else ""


@dataclass
class Choices:
    """The values each filter offers (only those present in the graph), as IRIs or notations."""

    statuses: list[str]
    years: list[str]
    places: list[str]
    forces: list[str]

    def iris(self) -> list[str]:
        return [*self.places, *self.forces]

    def offered(self, page: Page) -> dict[str, list[tuple[str, str]]]:
        return {
            "status": [(s, page.status(s)) for s in self.statuses],
            "year": [(y, y) for y in self.years],
            "place": sorted(((i, page.name(i)) for i in self.places), key=lambda x: x[1]),
            "force": sorted(((i, page.name(i)) for i in self.forces), key=lambda x: x[1]),
        }


def _choices(offered: bounded.Options, events: list[Event], statuses: Iterable[str],
             places: dict[str, Place]) -> Choices:
    """Statuses and years of the events read and of the graph's dated facts; the places that hold the events'
    places (and those withdrawals leave or reach) and the countries of troop counts; the forces of events and
    counts. Distinct values of single predicates, not the lists themselves."""
    holders: set[str] = set()
    for e in events:
        holders |= _places_of(places, e.place, e.other_place) - {e.place, e.other_place}
    holders |= set(offered.holders)
    years = {e.year for e in events if e.year} | set(offered.years)
    forces = {i for e in events for i in (e.giver, e.receiver, e.force) if i} | set(offered.forces)
    return Choices(sorted({*statuses, *offered.statuses}, key=lambda s: STATUS_ORDER.get(s, 9)), sorted(years),
                   sorted(holders | set(offered.countries)), sorted(forces))


def iso(text: str) -> str:
    """Text set apart for the bidirectional algorithm (FSI … PDI), so an Arabic name inside an English title (or
    the reverse) keeps its place and the words around it keep their order."""
    return f"\u2068{text}\u2069" if text else text


def event_title(page: Page, e: Event) -> str:
    """A human title: «تسليم قاعدة عين الأسد — 18 كانون الثاني 2026» / "Handover of Ain al-Asad Air Base — …"."""
    when = page.date(e.date, e.precision or None)

    def page_name(iri: str | None) -> str:
        return iso(page.name(iri))

    if e.kind == "handover":
        what = (f"تسليم {page_name(e.place)}" if page.lang == "ar" else f"Handover of {page_name(e.place)}")
    elif e.kind == "collective":
        what = f"تسليم «{iso(e.place_label)}»" if page.lang == "ar" else f"Handover of «{iso(e.place_label)}»"
    elif e.kind in ("withdrawal", "relocation"):
        force = page_name(e.force) if e.force else ""
        if page.lang == "ar":
            what = "انسحاب" if e.kind == "withdrawal" else "إعادة تموضع"
            what += f" {force}" if force else ""
            what += f" من {page_name(e.place)}" if e.place else ""
            what += f" إلى {page_name(e.other_place)}" if e.other_place else ""
        else:
            what = "Withdrawal" if e.kind == "withdrawal" else "Relocation"
            what += f" of {force}" if force else ""
            what += f" from {page_name(e.place)}" if e.place else ""
            what += f" to {page_name(e.other_place)}" if e.other_place else ""
    else:
        what = iso(e.label) or page.t("kind.phase")
        scope = page_name(e.place) if e.place else iso(e.place_label)
        what += f" ({scope})" if scope else ""
    return f"{what} — {when}" if when else what


def count_title(page: Page, c: Count) -> str:
    """«الولايات المتحدة: نحو 2,500 جندي — العراق — كانون الثاني 2025» / "United States: about 2,500 troops — …"."""
    who = iso(page.name(c.force)) if c.force else page.t("kind.count")
    where = iso(page.name(c.place or c.country)) if (c.place or c.country) else ""
    figure = format_figure(c.value, c.low, c.high, c.qualifier, page.lang)
    when = page.date(c.as_of, c.precision or None)
    what = " ".join(x for x in (figure, page.unit(c.unit)) if x)
    return f"{who}: {what}" + (f" — {where}" if where else "") + (f" — {when}" if when else "")


def statement_title(page: Page, speaker: str, words: str, length: int = 70) -> str:
    """The speaker and the first words of what was said, the words isolated so neither script reorders the
    other: "Hussein Allawi: «هذه الخطوة …»"."""
    head = iso(page.name(speaker)) if speaker else page.t("kind.statement")
    return f"{head}: «{iso(words[:length] + ('…' if len(words) > length else ''))}»" if words else head


def title_for(page: Page, f: Known, iri: str, fallback: str = "") -> str:
    """The human title of a consolidated fact read by :func:`facts.known` (event, count, statement,
    agreement)."""
    if iri in f.events:
        return event_title(page, f.events[iri])
    if iri in f.counts:
        return count_title(page, f.counts[iri])
    if iri in f.statements:
        speaker, words = f.statements[iri]
        return statement_title(page, speaker, words)
    if iri in f.agreements:
        label, date, precision = f.agreements[iri]
        when = page.date(date, precision or None)
        return (iso(label) or page.t("kind.agreement")) + (f" — {when}" if when else "")
    return fallback or page.name(iri)


def timeline_items(page: Page, events: list[Event]) -> list[dict[str, object]]:
    """Dated events for the timeline: lane (a place, or mission phases), span at the date's precision."""
    out = []
    for e in events:
        span = e.bounds
        if span is None:
            continue
        if e.kind == "phase":
            lane = page.t("home.phases")
        elif e.kind == "collective":
            lane = page.t("home.collective")
        else:
            lane = page.name(e.place or e.other_place or e.force) or page.t("unknown")
        out.append({
            "kind": e.kind, "kindLabel": page.t(f"kind.{e.kind}"), "lane": lane, "status": e.status,
            "statusLabel": page.status(e.status), "start": span[0], "end": span[1],
            "point": e.precision in ("day", "") and span[0] == span[1],
            "date": page.date(e.date, e.precision or None), "title": event_title(page, e),
            "href": page.link(e.iri),
        })
    out.sort(key=lambda x: (str(x["start"]), str(x["lane"])))
    return out


def _map(page: Page, places: dict[str, Place], handovers: list[Event]) -> tuple[list[dict[str, object]], list[str]]:
    """Bases with coordinates, coloured by their furthest status; and the IRIs of those without coordinates."""
    by_base: dict[str, list[Event]] = {}
    for e in handovers:
        by_base.setdefault(e.place, []).append(e)
    points, unplaced = [], []
    for base, events in by_base.items():
        place = places.get(base)
        top = facts.furthest(events)
        if place is None or place.lon is None or top is None:
            unplaced.append(base)
            continue
        points.append({
            "name": page.name(base), "alt": page.alt_name(base), "lon": place.lon, "lat": place.lat,
            "approx": page.t("home.map.approx", place=page.name(place.approx_from)) if place.approx_from else "",
            "status": top.status, "statusLabel": page.status(top.status),
            "date": page.date(top.date, top.precision or None), "href": page.link(base),
        })
    return points, unplaced


def troop_points(page: Page, counts: list[Count]) -> list[dict[str, object]]:
    """Dated troop counts for the chart: one series per force and country (the place when no country is
    given), so that one country's troops and another's fighters in the same country are not one line."""
    out: list[dict[str, object]] = []
    for c in counts:
        span = date_bounds(c.as_of, c.precision or None)
        numbers = [int(x) for x in (c.value, c.low, c.high) if x.lstrip("-").isdigit()]
        if span is None or not numbers:
            continue
        where = page.name(c.country or c.place) if (c.country or c.place) else page.t("unknown")
        out.append({
            "series": f"{page.name(c.force)} — {where}" if c.force else where, "where": where,
            "force": page.name(c.force) if c.force else "", "start": span[0], "end": span[1],
            "value": int(c.value) if c.value.isdigit() else None,
            "low": int(c.low) if c.low.isdigit() else None, "high": int(c.high) if c.high.isdigit() else None,
            "figure": format_figure(c.value, c.low, c.high, c.qualifier), "unit": page.unit(c.unit),
            "date": page.date(c.as_of, c.precision or None), "href": page.link(c.iri),
        })
    return out


@dataclass
class _Handovers:
    """The handovers, groups of bases and phases the page shows (filtered), with where the bases are."""

    every: list[Event]
    shown: list[Event]
    collective: list[Event]
    phases: list[Event]
    statuses: list[str]
    where: dict[str, Place]
    articles: tuple[int, bool]
    labels: data.Names


async def _handovers(state: ApiState, flt: Filters) -> _Handovers:
    """Every handover of a facility, of a group of bases and every mission phase (they are as many as the events
    the news tells of), the shown ones with their first sources, how many articles report them, and the labels
    of what they name."""
    every, collective, phases = await asyncio.gather(facts.handovers(state), facts.collective(state), facts.phases(state))
    bases = [e.place for e in every]
    where = await facts.places(state, bases) if flt.place else {}  # the place filter needs where bases lie
    shown = [e for e in every if _keep_event(e, flt, where)]
    kept = ([e for e in collective if _keep_event(e, flt, where)], [e for e in phases if _keep_event(e, flt, where)])
    found, _, articles, names = await asyncio.gather(
        facts.places(state, bases) if not flt.place else _given(where), facts.with_sources(state, shown),
        bounded.reporting_articles(state, [(e.iri, e.sources) for e in every], ARTICLES_CAP),
        data.labels(state, facts.iris_of([*every, *collective, *phases])))
    around = data.iri_list(i for p in found.values() for i in (*p.located_in, p.approx_from))
    names |= await data.labels(state, [i for i in around if i not in names])
    statuses = [e.status for e in (*every, *collective, *phases)]
    return _Handovers(every, shown, *kept, statuses, found, articles, names)


async def _given(where: dict[str, Place]) -> dict[str, Place]:
    return where


async def _withdrawals(state: ApiState, flt: Filters) -> tuple[list[bounded.Dated], list[Event], data.Names]:
    """The withdrawals and relocations that match the filters (newest first), the latest of them read, and the
    labels of what those name."""
    moves = await bounded.withdrawals(state, bounded.WithdrawalFilter(force=flt.force, within=flt.place))
    moves = [d for d in moves if (not flt.status or d.status == flt.status) and (not flt.year or _year(d.date) == flt.year)]
    found = await facts.known(state, [d.iri for d in moves[:ROWS_SHOWN]])
    shown = [found.events[d.iri] for d in moves[:ROWS_SHOWN] if d.iri in found.events]
    return moves, shown, await data.labels(state, facts.iris_of(shown))


async def count_lists(state: ApiState, flt: bounded.CountFilter) -> tuple[list[Count], list[Count], tuple[int, bool],
                                                                          data.Names]:
    """The latest troop counts (the table), the most attested (the chart), read, how many there are, and the
    labels of what they name."""
    latest, attested, n = await asyncio.gather(bounded.latest_counts(state, ROWS_SHOWN, flt),
                                               bounded.attested_counts(state, CHART_POINTS, flt),
                                               bounded.count_total(state, flt))
    found = await facts.known(state, [*latest, *attested])
    counts = newest_first(found.counts[i] for i in latest if i in found.counts)[:ROWS_SHOWN]
    chart = most_attested(found.counts[i] for i in attested if i in found.counts)[:CHART_POINTS]
    return counts, chart, n, await data.labels(state, facts.iris_of([], [*counts, *chart]))


async def _offered(state: ApiState) -> tuple[bounded.Options, data.Names]:
    """What the filters offer, with its labels."""
    offered = await bounded.options(state)
    return offered, await data.labels(state, [*offered.forces, *offered.countries, *offered.holders])


def _value(text: str) -> tuple[int, float]:
    try:
        return 1, float(text)
    except ValueError:
        return 0, 0.0


def _named_order(counts: Iterable[Count]) -> list[Count]:
    """As ``troop-counts`` orders them: by country, as-of date and figure (unbound first)."""
    return sorted(counts, key=lambda c: (c.country, c.as_of, _value(c.value), c.iri))


def newest_first(counts: Iterable[Count]) -> list[Count]:
    """The latest as-of date first, then the most sources; ties in the named query's order."""
    return sorted(_named_order(counts), key=lambda c: (c.as_of or "0000", c.sources), reverse=True)


def most_attested(counts: Iterable[Count]) -> list[Count]:
    """The most sources first, then as :func:`newest_first`."""
    return sorted(newest_first(counts), key=lambda c: -c.sources)


def total(page: Page, n: int, more: bool, word: str = "total.more") -> str:
    """A count as a page prints it: ``1234``, or «more than 1,000» when it was capped there (``word``: the
    phrase for a floor, «at least 1,687»)."""
    return page.t(word, n=f"{n:,}") if more else str(n)


async def home(request: Request) -> Response:
    """GET /."""
    page = Page.of(request)
    state = page.state
    flt = Filters.of(request)
    # four independent chains, side by side: each waits only for its own queries, and labels what it names
    h, (moves, withdrawals, w_names), (counts, chart_counts, (n_counts, counts_more), c_names), (offered, o_names) = (
        await asyncio.gather(_handovers(state, flt), _withdrawals(state, flt),
                             count_lists(state, bounded.CountFilter(force=flt.force, place=flt.place, year=flt.year)),
                             _offered(state)))
    handovers, collective, phases, where = h.shown, h.collective, h.phases, h.where
    choices = _choices(offered, [*h.every, *h.collective, *h.phases], [*h.statuses, *(d.status for d in moves)], where)
    n_articles, articles_more = h.articles
    page.labels = {**o_names, **c_names, **w_names, **h.labels}
    missing = [i for i in choices.iris() if i not in page.labels]  # a holder of a base's place
    if missing:
        page.labels |= await data.labels(state, missing)
    handovers.sort(key=lambda e: (e.date or "9999", page.name(e.place), STATUS_ORDER.get(e.status, 9)))
    points, unplaced = _map(page, where, handovers)
    chart = {
        "lang": page.lang,
        "bases": points,
        "timeline": timeline_items(page, [*handovers, *collective, *withdrawals, *phases]),
        "troops": troop_points(page, chart_counts),
        "words": {k: page.t(k) for k in ("status.completed", "status.in_progress", "status.planned",
                                         "kind.handover", "kind.withdrawal", "kind.relocation", "kind.phase",
                                         "kind.collective",
                                         "col.figure", "col.date", "col.force")},
        "atlas": page.asset("world-atlas", "countries-50m.json"),
    }
    undated = [e for e in (*handovers, *collective, *withdrawals, *phases) if e.bounds is None]
    bases = {e.place for e in h.every}
    return render(
        page, "home.html", n_handovers=len(h.every), flt=flt, options=choices.offered(page),
        handovers=handovers, collective=collective, withdrawals=withdrawals, n_withdrawals=len(moves), phases=phases,
        counts=counts, n_counts=n_counts, counts_total=total(page, n_counts, counts_more), chart=chart,
        chart_points=CHART_POINTS,
        unplaced=unplaced, undated=undated[:ROWS_SHOWN], n_bases=len(bases),
        n_articles=total(page, n_articles, articles_more, "total.least"), title=event_title,
        charts_ready=page.state.assets.has("plot", "d3", "topojson", "world-atlas"),
        missing=page.state.assets.missing("plot", "d3", "topojson", "world-atlas"),
    )
