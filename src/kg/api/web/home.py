"""The home page: which bases passed to Iraqi control, and when.

The handovers as a table (base in Arabic and English, status, date at its precision, from → to, sources with
their sentences one click away), a map of the bases coloured by the furthest status reported, a timeline of
handovers, withdrawals and mission phases, and troop counts over time per country. Filters (status, year,
country/region, force) are a GET form, so a filtered page is a link; the map, timeline and chart are drawn
in the browser from the same filtered facts, which travel in the page as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kg.api.web import data, facts
from kg.api.web.facts import Count, Event, Facts
from kg.api.web.render import STATUS_ORDER, Page, render
from kg.display import date_bounds, format_figure

#: rows of the withdrawals and troop-count tables the home page shows (newest first; the named queries have all)
ROWS_SHOWN = 30
#: troop counts the chart draws (the most attested)
CHART_POINTS = 400


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


def _places_of(f: Facts, *iris: str) -> set[str]:
    """The places themselves and every place they lie in."""
    out = set()
    for iri in iris:
        if iri:
            out.add(iri)
            place = f.places.get(iri)
            if place:
                out.update(place.located_in)
    return out


def _keep_event(e: Event, flt: Filters, f: Facts) -> bool:
    if flt.status and e.status != flt.status:
        return False
    if flt.year and e.year != flt.year:
        return False
    if flt.place and flt.place not in _places_of(f, e.place, e.other_place):
        return False
    return not (flt.force and flt.force not in (e.giver, e.receiver, e.force))


def _keep_count(c: Count, flt: Filters) -> bool:
    if flt.status:
        return True  # counts have no status: the filter is about events
    if flt.year and c.year != flt.year:
        return False
    if flt.place and flt.place not in (c.place, c.country):
        return False
    return not (flt.force and flt.force != c.force)


def _options(page: Page, f: Facts) -> dict[str, list[tuple[str, str]]]:
    """The values each filter offers: only those present in the graph."""
    events = [*f.handovers, *f.collective, *f.withdrawals, *f.phases]
    statuses = sorted({e.status for e in events if e.status}, key=lambda s: STATUS_ORDER.get(s, 9))
    years = sorted({e.year for e in events if e.year} | {c.year for c in f.counts if c.year})
    place_iris: set[str] = set()
    for e in (*f.handovers, *f.withdrawals):
        place_iris |= _places_of(f, e.place, e.other_place) - {e.place, e.other_place}
    place_iris |= {c.country for c in f.counts if c.country}
    forces = {i for e in events for i in (e.giver, e.receiver, e.force) if i} | {c.force for c in f.counts if c.force}
    return {
        "status": [(s, page.status(s)) for s in statuses],
        "year": [(y, y) for y in years],
        "place": sorted(((i, page.name(i)) for i in place_iris), key=lambda x: x[1]),
        "force": sorted(((i, page.name(i)) for i in forces), key=lambda x: x[1]),
    }


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


def title_for(page: Page, f: Facts, iri: str, fallback: str = "") -> str:
    """The human title of any consolidated fact of the graph (event, count, statement, agreement)."""
    events = f.events()
    if iri in events:
        return event_title(page, events[iri])
    for c in f.counts:
        if c.iri == iri:
            return count_title(page, c)
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


def _map(page: Page, f: Facts, handovers: list[Event]) -> tuple[list[dict[str, object]], list[str]]:
    """Bases with coordinates, coloured by their furthest status; and the IRIs of those without coordinates."""
    by_base: dict[str, list[Event]] = {}
    for e in handovers:
        by_base.setdefault(e.place, []).append(e)
    points, unplaced = [], []
    for base, events in by_base.items():
        place = f.places.get(base)
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


async def home(request: Request) -> Response:
    """GET /."""
    page = Page.of(request)
    flt = Filters.of(request)
    f = await facts.load(page.state)
    page.labels = await data.labels(page.state, [*f.iris(), *(p.approx_from for p in f.places.values())])
    handovers = [e for e in f.handovers if _keep_event(e, flt, f)]
    withdrawals = [e for e in f.withdrawals if _keep_event(e, flt, f)]
    phases = [e for e in f.phases if _keep_event(e, flt, f)]
    collective = [e for e in f.collective if _keep_event(e, flt, f)]
    counts = [c for c in f.counts if _keep_count(c, flt)]
    handovers.sort(key=lambda e: (e.date or "9999", page.name(e.place), STATUS_ORDER.get(e.status, 9)))
    points, unplaced = _map(page, f, handovers)
    counts.sort(key=lambda c: (c.as_of or "0000", c.sources), reverse=True)
    withdrawals.sort(key=lambda e: (e.date or "0000", e.sources), reverse=True)
    chart = {
        "lang": page.lang,
        "bases": points,
        "timeline": timeline_items(page, [*handovers, *collective, *withdrawals, *phases]),
        "troops": troop_points(page, sorted(counts, key=lambda c: -c.sources)[:CHART_POINTS]),
        "words": {k: page.t(k) for k in ("status.completed", "status.in_progress", "status.planned",
                                         "kind.handover", "kind.withdrawal", "kind.relocation", "kind.phase",
                                         "kind.collective",
                                         "col.figure", "col.date", "col.force")},
        "atlas": page.asset("world-atlas", "countries-50m.json"),
    }
    undated = [e for e in (*handovers, *collective, *withdrawals, *phases) if e.bounds is None]
    bases = {e.place for e in f.handovers}
    return render(
        page, "home.html", f=f, flt=flt, options=_options(page, f), handovers=handovers, collective=collective,
        withdrawals=withdrawals[:ROWS_SHOWN], n_withdrawals=len(withdrawals), phases=phases,
        counts=counts[:ROWS_SHOWN], n_counts=len(counts), chart=chart, unplaced=unplaced, undated=undated[:ROWS_SHOWN],
        n_bases=len(bases), n_articles=f.handover_articles, title=event_title,
        charts_ready=page.state.assets.has("plot", "d3", "topojson", "world-atlas"),
        missing=page.state.assets.missing("plot", "d3", "topojson", "world-atlas"),
    )
