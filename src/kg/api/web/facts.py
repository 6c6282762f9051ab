"""The facts the home page and the entity pages show, read from the named queries: handovers with their
sources, withdrawals, mission phases, troop counts, and what is known about the places they concern.

Everything comes from the named queries (``base-handovers``, ``handover-sources``, ``conflicts``,
``withdrawals``, ``deadlines``, ``troop-counts``, ``articles``) through their cache, plus two lookups anchored on
the IRIs found there (where the facilities are; labels), so a page costs the same few queries however large
the graph, and a write is seen at once (the cache is keyed by the store generation).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.api.state import ApiState
from kg.api.web import data
from kg.api.web.data import Row
from kg.api.web.render import STATUS_ORDER
from kg.display import date_bounds, date_parts


def _v(row: Row, name: str) -> str:
    value = row.get(name)
    return value.value if value is not None else ""


@dataclass
class Article:
    """A source article as the pages cite it."""

    iri: str
    headline: str = ""
    published: str = ""
    url: str = ""
    publisher: str = ""


@dataclass
class Quote:
    """One sentence of one article attesting a fact, with the date that article gives."""

    text: str
    start: int
    end: int
    reported_date: str = ""
    method: str = ""
    confidence: str = ""


@dataclass
class Source:
    """One article attesting a fact, with its quotes."""

    article: Article
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class DatedValue:
    """One competing value of a conflicting fact and the articles that give it."""

    value: str
    precision: str
    articles: list[str] = field(default_factory=list)


@dataclass
class Event:
    """A consolidated handover, withdrawal, relocation or mission phase as the pages show it."""

    iri: str
    kind: str  # handover | withdrawal | relocation | phase
    status: str
    date: str
    precision: str
    place: str = ""  # the facility handed over, the place left, or the phase's scope (IRI)
    place_label: str = ""  # when the query gives a label and no IRI (a phase's scope)
    other_place: str = ""  # where forces go (withdrawal, relocation)
    giver: str = ""
    receiver: str = ""
    force: str = ""
    label: str = ""  # a phase's own label
    sources: int = 0
    source_list: list[Source] = field(default_factory=list)
    conflicts: list[DatedValue] = field(default_factory=list)

    @property
    def year(self) -> str:
        parts = date_parts(self.date) if self.date else None
        return str(parts[0]) if parts else ""

    @property
    def bounds(self) -> tuple[str, str] | None:
        return date_bounds(self.date, self.precision or None)


@dataclass
class Count:
    """A consolidated troop count."""

    iri: str
    force: str
    country: str
    place: str
    value: str
    low: str
    high: str
    qualifier: str
    unit: str
    as_of: str
    precision: str
    sources: int

    @property
    def year(self) -> str:
        parts = date_parts(self.as_of) if self.as_of else None
        return str(parts[0]) if parts else ""


@dataclass
class Place:
    """Where a facility is: its coordinates and the places it lies in."""

    iri: str
    lon: float | None = None
    lat: float | None = None
    located_in: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    #: when the place has no coordinates of its own: the containing place whose coordinates it is shown at
    approx_from: str = ""


@dataclass
class Facts:
    """Everything the home page shows, before filtering."""

    handovers: list[Event]
    withdrawals: list[Event]
    phases: list[Event]
    counts: list[Count]
    places: dict[str, Place]
    articles: dict[str, Article]
    collective: list[Event] = field(default_factory=list)
    #: consolidated statement -> (speaker IRI, the words)
    statements: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: consolidated agreement -> (label, date, precision)
    agreements: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def events(self) -> dict[str, Event]:
        """Every consolidated event by IRI."""
        return {e.iri: e for e in (*self.handovers, *self.collective, *self.withdrawals, *self.phases)}

    def iris(self) -> list[str]:
        """Every IRI the page names (for one label lookup)."""
        out: list[str] = []
        for e in (*self.handovers, *self.collective, *self.withdrawals, *self.phases):
            out += [e.place, e.other_place, e.giver, e.receiver, e.force]
        out += [speaker for speaker, _ in self.statements.values()]
        for c in self.counts:
            out += [c.force, c.country, c.place]
        for p in self.places.values():
            out += p.located_in
            out += p.types
        return [i for i in out if i]


def parse_point(wkt: str) -> tuple[float, float] | None:
    """(lon, lat) of a WKT ``POINT(lon lat)`` (an optional CRS IRI before it is ignored)."""
    text = wkt.strip()
    if text.startswith("<"):
        text = text.split(">", 1)[-1].strip()
    if not text.upper().startswith("POINT"):
        return None
    inner = text[text.find("(") + 1 : text.rfind(")")].split()
    try:
        lon, lat = float(inner[0]), float(inner[1])
    except (IndexError, ValueError):
        return None
    return (lon, lat) if -180 <= lon <= 180 and -90 <= lat <= 90 else None


async def _where(state: ApiState, iris: list[str]) -> dict[str, Place]:
    geo_rows, rel_rows = await asyncio.gather(
        data.select_values(state, iris, "?s geo:hasGeometry/geo:asWKT ?wkt"),
        data.select_values(state, iris, "VALUES ?p { kg:locatedIn rdf:type } ?s ?p ?o"),
    )
    out = {i: Place(i) for i in iris}
    for row in geo_rows:
        point = parse_point(row["wkt"].value)
        place = out[row["s"].value]
        if point and place.lon is None:
            place.lon, place.lat = point
    for row in rel_rows:
        place = out[row["s"].value]
        target = row["o"].value
        if row["p"].value == data.KG + "locatedIn":
            if target not in place.located_in:
                place.located_in.append(target)
        elif target not in place.types:
            place.types.append(target)
    for place in out.values():
        place.located_in.sort()
        place.types.sort()
    return out


async def places(state: ApiState, iris: Iterable[str]) -> dict[str, Place]:
    """Coordinates, containing places and types of these places (VALUES lookups). A place without coordinates
    of its own is shown at those of the most specific place it lies in that has some (``approx_from``)."""
    out = await _where(state, data.iri_list(iris))
    lost = [p for p in out.values() if p.lon is None and p.located_in]
    if lost:
        around = await _where(state, data.iri_list(i for p in lost for i in p.located_in))
        for place in lost:
            candidates = [around[i] for i in place.located_in if i in around and around[i].lon is not None]
            if candidates:
                best = max(candidates, key=lambda c: (len(c.located_in), c.iri))
                place.lon, place.lat, place.approx_from = best.lon, best.lat, best.iri
    return out


def _articles(rows: list[Row]) -> dict[str, Article]:
    return {
        _v(r, "article"): Article(_v(r, "article"), _v(r, "title"), _v(r, "published"), _v(r, "url"),
                                  _v(r, "publisher"))
        for r in rows
    }


def _sources(rows: list[Row], articles: dict[str, Article]) -> dict[str, list[Source]]:
    """handover-sources rows → per event, the attesting articles (by publication date) with their quotes."""
    by_event: dict[str, dict[str, Source]] = {}
    for r in rows:
        art = _v(r, "article")
        article = articles.get(art) or Article(art, "", _v(r, "published"), _v(r, "url"), _v(r, "publisher"))
        source = by_event.setdefault(_v(r, "event"), {}).setdefault(art, Source(article))
        quote = Quote(_v(r, "quote"), int(_v(r, "start") or 0), int(_v(r, "end") or 0), _v(r, "reportedDate"),
                      _v(r, "method"), _v(r, "confidence"))
        if all((q.start, q.end) != (quote.start, quote.end) for q in source.quotes):
            source.quotes.append(quote)
    out = {}
    for event, sources in by_event.items():
        for s in sources.values():
            s.quotes.sort(key=lambda q: q.start)
        out[event] = sorted(sources.values(), key=lambda s: (s.article.published or "9999", s.article.iri))
    return out


def _conflicts(rows: list[Row]) -> dict[str, list[DatedValue]]:
    """conflicts rows (date conflicts) → per fact, each competing date and the articles that give it."""
    out: dict[str, dict[str, DatedValue]] = {}
    for r in rows:
        if _v(r, "on") != "date":
            continue
        values = out.setdefault(_v(r, "fact"), {})
        dv = values.setdefault(_v(r, "value"), DatedValue(_v(r, "value"), _v(r, "precision")))
        if _v(r, "article") not in dv.articles:
            dv.articles.append(_v(r, "article"))
    return {k: sorted(v.values(), key=lambda d: d.value) for k, v in out.items()}


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


async def load(state: ApiState) -> Facts:
    """The facts of the whole graph (named queries in parallel, then where the places are)."""
    names = ("base-handovers", "handover-sources", "conflicts", "withdrawals", "deadlines", "troop-counts",
             "articles", "collective-handovers", "statements", "agreements")
    results = await asyncio.gather(*(data.named(state, n) for n in names))
    (handover_rows, source_rows, conflict_rows, withdrawal_rows, phase_rows, count_rows, article_rows,
     collective_rows, statement_rows, agreement_rows) = results
    articles = _articles(article_rows)
    sources = _sources(source_rows, articles)
    conflicts = _conflicts(conflict_rows)
    handovers = [
        Event(_v(r, "event"), "handover", _v(r, "status"), _v(r, "date"), _v(r, "precision"), place=_v(r, "base"),
              giver=_v(r, "from"), receiver=_v(r, "to"), sources=_int(_v(r, "sources")),
              source_list=sources.get(_v(r, "event"), []), conflicts=conflicts.get(_v(r, "event"), []))
        for r in handover_rows
    ]
    withdrawals = [
        Event(_v(r, "event"), "relocation" if _v(r, "type") == "Relocation" else "withdrawal", _v(r, "status"),
              _v(r, "date"), _v(r, "precision"), place=_v(r, "from"), other_place=_v(r, "to"),
              force=_v(r, "force"), sources=_int(_v(r, "sources")), conflicts=conflicts.get(_v(r, "event"), []))
        for r in withdrawal_rows
    ]
    phases = [
        Event(_v(r, "phase"), "phase", _v(r, "status"), _v(r, "deadline"), _v(r, "precision"),
              place_label=_v(r, "scope"), label=_v(r, "label"), conflicts=conflicts.get(_v(r, "phase"), []))
        for r in phase_rows
    ]
    counts = [
        Count(_v(r, "observation"), _v(r, "force"), _v(r, "country"), _v(r, "place"), _v(r, "value"),
              _v(r, "min"), _v(r, "max"), _v(r, "qualifier"), _v(r, "unit"), _v(r, "asOf"), _v(r, "precision"),
              _int(_v(r, "sources")))
        for r in count_rows
    ]
    collective = [
        Event(_v(r, "event"), "collective", _v(r, "status"), _v(r, "date"), _v(r, "precision"),
              place_label=_v(r, "scope"), giver=_v(r, "from"), receiver=_v(r, "to"), sources=_int(_v(r, "sources")),
              conflicts=conflicts.get(_v(r, "event"), []))
        for r in collective_rows
    ]
    statements: dict[str, tuple[str, str]] = {}
    for r in statement_rows:
        statements.setdefault(_v(r, "statement"), (_v(r, "speaker"), _v(r, "quote")))
    agreements = {_v(r, "agreement"): (_v(r, "label"), _v(r, "date"), _v(r, "precision")) for r in agreement_rows}
    where = await places(state, [e.place for e in handovers] + [e.place for e in withdrawals]
                         + [e.other_place for e in withdrawals])
    return Facts(handovers, withdrawals, phases, counts, where, articles, collective, statements, agreements)


def furthest(events: Iterable[Event]) -> Event | None:
    """The event of the furthest status (completed > in progress > planned), latest date first among equals."""
    best = None
    for e in events:
        key = (STATUS_ORDER.get(e.status, -1), e.date)
        if best is None or key > (STATUS_ORDER.get(best.status, -1), best.date):
            best = e
    return best


async def openings(state: ApiState, iris: Iterable[str], length: int = 100) -> dict[str, str]:
    """The first words of these articles' texts (for articles without a headline)."""
    rows = await data.select_values(state, iris, f"?s nif:isString ?full BIND (SUBSTR(?full, 1, {length + 60}) AS ?text)",
                                    project="?s ?text")
    out = {}
    for r in rows:
        first = r["text"].value.strip().split("\n", 1)[0]
        out[r["s"].value] = first[:length] + ("…" if len(first) > length else "")
    return out
