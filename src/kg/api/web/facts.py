"""The facts the home page and the entity pages show: handovers with a few of their sources, withdrawals,
mission phases, troop counts, and where the places they concern are.

The lists come from the named queries (``base-handovers``, ``collective-handovers``, ``withdrawals``,
``deadlines``, ``troop-counts``) through their cache. What a page adds is read with queries anchored on the IRIs
found there, in linear shapes, each triple read once: canonical entities and consolidated facts in the
consolidated graph, a reported fact's sentence, date and rule inside its own article graph (an entity's record
or a rule's agent is repeated in every article graph, and the union would return every copy). Sources are
bounded: the first :data:`SOURCES_SHOWN` articles per handover (the event page has them all); competing dates
only for the events flagged ``kg:conflictOn "date"``. The whole is built once per store generation.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.api.state import ApiState
from kg.api.web import data
from kg.api.web.render import STATUS_ORDER
from kg.display import date_bounds, date_parts

#: the consolidated graph, under the base IRI: canonical entities and consolidated facts, each described once
CG = "graph/consolidated"



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
    #: how many articles report the handovers of named facilities (all of them, not only the sources shown)
    handover_articles: int = 0

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
    cg = state.settings.base_iri + CG  # canonical entities are described there once (not once per article)
    geo_rows, rel_rows = await asyncio.gather(
        data.select_values(state, iris, f"GRAPH <{cg}> {{ ?s geo:hasGeometry ?geom . ?geom geo:asWKT ?wkt }}",
                           project="?s ?wkt"),
        data.select_values(state, iris, f"GRAPH <{cg}> {{ {data.any_of([data.KG + 'locatedIn', data.RDF_TYPE])} }}",
                           project="?s ?p ?o"),
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


#: how many attesting articles a handover row shows (the count is the event's kg:sourceCount)
SOURCES_SHOWN = 3


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def precision_of(iri: str) -> str:
    """``day`` for kg:DayPrecision (the notation the named queries return)."""
    return _local(iri).replace("Precision", "").lower() if iri else ""


async def article_info(state: ApiState, iris: Iterable[str]) -> dict[str, Article]:
    """Headline, publication date, URL and publisher of these articles (one VALUES lookup)."""
    todo = data.iri_list(iris)
    rows = await data.select_values(state, todo, data.any_of([
        data.SCHEMA + "headline", data.SCHEMA + "datePublished", data.SCHEMA + "url", data.KG + "publisherName"]),
        project="?s ?p ?o")
    out = {i: Article(i) for i in todo}
    names = {"headline": "headline", "datePublished": "published", "url": "url", "publisherName": "publisher"}
    for r in rows:
        field_name = names[_local(r["p"].value)]
        if not getattr(out[r["s"].value], field_name):
            setattr(out[r["s"].value], field_name, r["o"].value)
    return out


async def attestations(state: ApiState, events: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """Per consolidated event, its (reported fact, article) pairs."""
    cg = state.settings.base_iri + CG
    rows = await data.select_values(state, events, f"""GRAPH <{cg}> {{ ?s kg:attestation ?a }}
        GRAPH ?g {{ ?a prov:wasDerivedFrom ?art }}""", project="?s ?a ?art")
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        out.setdefault(r["s"].value, []).append((r["a"].value, r["art"].value))
    return out


#: the properties that hold a fact's time interval, as a property path
TIME_PATH = "kg:time|kg:deadline|kg:asOf"


async def report_details(state: ApiState, facts: Iterable[str]) -> dict[str, Quote]:
    """The sentence, date, rule and confidence of these reported facts, each read in its own article graph (four
    queries of required patterns, side by side)."""
    todo = data.iri_list(facts)
    evidence, dates, confidence, methods = await asyncio.gather(
        data.select_values(state, todo, """GRAPH ?g { ?s kg:evidence ?ev .
            ?ev nif:anchorOf ?q ; nif:beginIndex ?b ; nif:endIndex ?e }""", project="?s ?q ?b ?e"),
        data.select_values(state, todo, f"GRAPH ?g {{ ?s {TIME_PATH} ?t . ?t kg:dateValue ?dv }}", project="?s ?dv"),
        data.select_values(state, todo, "GRAPH ?g { ?s kg:confidence ?c }", project="?s ?c"),
        data.select_values(state, todo, """GRAPH ?g { ?s prov:wasGeneratedBy ?act . ?act prov:wasAssociatedWith ?agent .
            ?agent kg:method ?m }""", project="?s ?m"),
    )
    date = {r["s"].value: r["dv"].value for r in dates}
    conf = {r["s"].value: r["c"].value for r in confidence}
    method = {r["s"].value: r["m"].value for r in methods}
    out: dict[str, Quote] = {}
    for r in evidence:
        s = r["s"].value
        out.setdefault(s, Quote(data.text(r, "q"), _int(data.text(r, "b")), _int(data.text(r, "e")), date.get(s, ""), method.get(s, ""),
                                conf.get(s, "")))
    return out


async def competing_dates(state: ApiState, events: Iterable[str],
                          pairs: dict[str, list[tuple[str, str]]]) -> dict[str, list[DatedValue]]:
    """For the events the consolidation flags ``kg:conflictOn "date"``: each date their reports give, with the
    articles that give it."""
    cg = state.settings.base_iri + CG
    flagged = await data.select_values(state, events, f'GRAPH <{cg}> {{ ?s kg:conflictOn "date" }}', project="?s")
    conflicting = [r["s"].value for r in flagged]
    reports = [a for e in conflicting for a, _ in pairs.get(e, [])]
    rows = await data.select_values(state, reports, f"""GRAPH ?g {{ ?s {TIME_PATH} ?t .
        ?t kg:dateValue ?dv ; kg:precision ?prec }}""", project="?s ?dv ?prec")
    date_of = {r["s"].value: (r["dv"].value, precision_of(data.text(r, "prec"))) for r in rows}
    out: dict[str, list[DatedValue]] = {}
    for event in conflicting:
        values: dict[str, DatedValue] = {}
        for fact, article in pairs.get(event, []):
            if fact in date_of:
                value, precision = date_of[fact]
                dv = values.setdefault(value, DatedValue(value, precision))
                if article not in dv.articles:
                    dv.articles.append(article)
        out[event] = sorted(values.values(), key=lambda d: d.value)
    return out


async def first_sources(state: ApiState, pairs: dict[str, list[tuple[str, str]]],
                        limit: int = SOURCES_SHOWN) -> dict[str, list[Source]]:
    """Per event, its first ``limit`` attesting articles (earliest published first) with their sentences."""
    articles = {art for reports in pairs.values() for _, art in reports}
    dates = await data.select_values(state, articles, "?s schema:datePublished ?d", project="?s ?d")
    published = {r["s"].value: r["d"].value for r in dates}
    chosen: dict[str, list[tuple[str, list[str]]]] = {}
    for event, reports in pairs.items():
        by_article: dict[str, list[str]] = {}
        for fact, art in reports:
            by_article.setdefault(art, []).append(fact)
        order = sorted(by_article, key=lambda a: (published.get(a, "9999"), a))[:limit]
        chosen[event] = [(a, sorted(by_article[a])) for a in order]
    shown_articles = {a for picks in chosen.values() for a, _ in picks}
    info, details = await asyncio.gather(
        article_info(state, shown_articles),
        report_details(state, [f for picks in chosen.values() for _, fs in picks for f in fs]),
    )
    out: dict[str, list[Source]] = {}
    for event, picks in chosen.items():
        sources = []
        for art, fact_iris in picks:
            quotes = sorted((details[f] for f in fact_iris if f in details), key=lambda q: q.start)
            unique = [q for i, q in enumerate(quotes) if all((q.start, q.end) != (o.start, o.end) for o in quotes[:i])]
            sources.append(Source(info.get(art) or Article(art), unique))
        out[event] = sources
    return out


_memo: dict[int, tuple[int, Facts]] = {}
_locks: dict[int, asyncio.Lock] = {}


async def load(state: ApiState) -> Facts:
    """The facts of the whole graph, built once per store generation (concurrent pages wait for one build)."""
    key = id(state)
    cached = _memo.get(key)
    if cached is not None and cached[0] == state.generation:
        return cached[1]
    lock = _locks.setdefault(key, asyncio.Lock())
    async with lock:
        generation = state.generation
        cached = _memo.get(key)
        if cached is not None and cached[0] == generation:
            return cached[1]
        built = await _load(state)
        _memo[key] = (generation, built)
        return built


async def _load(state: ApiState) -> Facts:
    names = ("base-handovers", "withdrawals", "deadlines", "troop-counts", "collective-handovers")
    results = await asyncio.gather(*(data.named(state, n) for n in names))
    handover_rows, withdrawal_rows, phase_rows, count_rows, collective_rows = results
    handovers = [
        Event(data.text(r, "event"), "handover", data.text(r, "status"), data.text(r, "date"), data.text(r, "precision"), place=data.text(r, "base"),
              giver=data.text(r, "from"), receiver=data.text(r, "to"), sources=_int(data.text(r, "sources")))
        for r in handover_rows
    ]
    collective = [
        Event(data.text(r, "event"), "collective", data.text(r, "status"), data.text(r, "date"), data.text(r, "precision"),
              place_label=data.text(r, "scope"), giver=data.text(r, "from"), receiver=data.text(r, "to"), sources=_int(data.text(r, "sources")))
        for r in collective_rows
    ]
    withdrawals = [
        Event(data.text(r, "event"), "relocation" if data.text(r, "type") == "Relocation" else "withdrawal", data.text(r, "status"),
              data.text(r, "date"), data.text(r, "precision"), place=data.text(r, "from"), other_place=data.text(r, "to"),
              force=data.text(r, "force"), sources=_int(data.text(r, "sources")))
        for r in withdrawal_rows
    ]
    phases = [
        Event(data.text(r, "phase"), "phase", data.text(r, "status"), data.text(r, "deadline"), data.text(r, "precision"),
              place_label=data.text(r, "scope"), label=data.text(r, "label"))
        for r in phase_rows
    ]
    counts = [
        Count(data.text(r, "observation"), data.text(r, "force"), data.text(r, "country"), data.text(r, "place"), data.text(r, "value"),
              data.text(r, "min"), data.text(r, "max"), data.text(r, "qualifier"), data.text(r, "unit"), data.text(r, "asOf"), data.text(r, "precision"),
              _int(data.text(r, "sources")))
        for r in count_rows
    ]
    handover_iris = [e.iri for e in (*handovers, *collective)]
    pairs, where = await asyncio.gather(
        attestations(state, handover_iris),
        places(state, [e.place for e in handovers] + [e.place for e in withdrawals]
               + [e.other_place for e in withdrawals]),
    )
    sources, conflicts = await asyncio.gather(first_sources(state, pairs), competing_dates(state, handover_iris, pairs))
    for e in (*handovers, *collective):
        e.source_list = sources.get(e.iri, [])
        e.conflicts = conflicts.get(e.iri, [])
    articles = {s.article.iri: s.article for sl in sources.values() for s in sl}
    reporting = {art for e in handovers for _, art in pairs.get(e.iri, [])}
    return Facts(handovers, withdrawals, phases, counts, where, articles, collective,
                 handover_articles=len(reporting))


async def titles_data(state: ApiState, iris: Iterable[str]) -> tuple[dict[str, tuple[str, str]],
                                                                     dict[str, tuple[str, str, str]]]:
    """What titles of statements and agreements need: (speaker, words) and (label, date, precision)."""
    cg = state.settings.base_iri + CG
    todo = data.iri_list(iris)
    rows, times = await asyncio.gather(
        data.select_values(state, todo, f"GRAPH <{cg}> {{ {data.any_of([data.KG + 'speaker', data.KG + 'quote', data.RDFS_LABEL])} }}",
                           project="?s ?p ?o"),
        data.select_values(state, todo, f"GRAPH <{cg}> {{ ?s {TIME_PATH} ?t . ?t kg:dateValue ?dv ; kg:precision ?prec }}",
                           project="?s ?dv ?prec"),
    )
    found: dict[str, dict[str, str]] = {}
    for r in rows:
        found.setdefault(r["s"].value, {}).setdefault(_local(r["p"].value), r["o"].value)
    for r in times:
        per = found.setdefault(r["s"].value, {})
        per.setdefault("date", r["dv"].value)
        per.setdefault("precision", precision_of(data.text(r, "prec")))
    statements = {i: (v.get("speaker", ""), v["quote"]) for i, v in found.items() if "quote" in v}
    agreements = {i: (v.get("label", ""), v.get("date", ""), v.get("precision", "")) for i, v in found.items()
                  if "quote" not in v and "label" in v}
    return statements, agreements


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
