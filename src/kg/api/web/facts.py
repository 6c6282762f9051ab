"""The facts the pages show: handovers with a few of their sources, withdrawals, mission phases, troop counts,
and where the places they concern are.

Every read is bounded by what a page shows. The lists that are bounded by the world rather than by the number of
articles — handovers of named facilities (``base-handovers``), of groups of bases (``collective-handovers``),
mission phases (``deadlines``) — come from the named queries through their cache. Which withdrawals and troop
counts a page shows is chosen by :mod:`kg.api.web.bounded`; their records are then read here by IRI
(:func:`known`), from the consolidated graph, each triple once: canonical entities and consolidated facts are
described there, a reported fact's sentence, date and rule inside its own article graph (an entity's record or a
rule's agent is repeated in every article graph, and the union would return every copy). Sources are bounded too:
the first :data:`SOURCES_READ` attestations of each handover are read and the earliest published
:data:`SOURCES_SHOWN` of their articles shown (the event page has them all); competing dates are those of the
sources read, for the events the consolidation flags ``kg:conflictOn "date"``.
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
    #: the consolidation flags the event ``kg:conflictOn "date"`` (its sources give different dates)
    conflicting: bool = False

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
class Known:
    """Consolidated facts read by IRI, for their titles: events, troop counts, statements and agreements."""

    events: dict[str, Event] = field(default_factory=dict)
    counts: dict[str, Count] = field(default_factory=dict)
    #: consolidated statement -> (speaker IRI, the words)
    statements: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: consolidated agreement -> (label, date, precision)
    agreements: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def iris(self) -> list[str]:
        """Every IRI their titles name (for one label lookup)."""
        return iris_of(self.events.values(), self.counts.values()) + [sp for sp, _ in self.statements.values() if sp]


def iris_of(events: Iterable[Event], counts: Iterable[Count] = ()) -> list[str]:
    """The IRIs these events and counts name (places, parties, forces), for one label lookup."""
    out: list[str] = []
    for e in events:
        out += [e.place, e.other_place, e.giver, e.receiver, e.force]
    for c in counts:
        out += [c.force, c.country, c.place]
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
    rows = await data.select_values(state, iris, f"""GRAPH <{cg}> {{
        {{ ?s geo:hasGeometry ?geom . ?geom geo:asWKT ?o BIND (geo:asWKT AS ?p) }}
        UNION {data.any_of([data.KG + 'locatedIn', data.RDF_TYPE])} }}""", project="?s ?p ?o")
    out = {i: Place(i) for i in iris}
    for row in sorted(rows, key=lambda r: r["o"].value):
        place = out[row["s"].value]
        target, prop = row["o"].value, row["p"].value
        if prop == data.GEO + "asWKT":
            point = parse_point(target)
            if point and place.lon is None:
                place.lon, place.lat = point
        elif prop == data.KG + "locatedIn":
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


#: how many attestations of each handover the home and entity pages read to pick the sources they show
SOURCES_READ = 3
#: events per query when each is read with a LIMIT of its own (a UNION of that many sub-SELECTs)
EVENTS_PER_QUERY = 60


async def attestations(state: ApiState, events: Iterable[str],
                       limit: int | None = None) -> dict[str, list[tuple[str, str]]]:
    """Per consolidated event, its (reported fact, article) pairs: all of them, or the first ``limit`` the
    graph lists (each event's own sub-SELECT with a LIMIT, so a handover reported by 2,000 articles costs as
    much as one reported by ten)."""
    cg = state.settings.base_iri + CG
    todo = data.iri_list(events)
    if limit is None:
        rows = await data.select_values(state, todo, f"""GRAPH <{cg}> {{ ?s kg:attestation ?a }}
            GRAPH ?g {{ ?a prov:wasDerivedFrom ?art }}""", project="?s ?a ?art")
    else:
        def one(event: str) -> str:
            return (f"{{ {{ SELECT ?a ?art WHERE {{ GRAPH <{cg}> {{ <{event}> kg:attestation ?a }} "
                    f"GRAPH ?g {{ ?a prov:wasDerivedFrom ?art }} }} LIMIT {limit} }} BIND (<{event}> AS ?s) }}")

        chunks = [todo[i : i + EVENTS_PER_QUERY] for i in range(0, len(todo), EVENTS_PER_QUERY)]
        results = await asyncio.gather(*(
            data.select(state, "SELECT ?s ?a ?art WHERE { " + " UNION ".join(one(e) for e in chunk) + " }")
            for chunk in chunks))
        rows = [r for chunk_rows in results for r in chunk_rows]
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        pair = (r["a"].value, r["art"].value)
        per = out.setdefault(r["s"].value, [])
        if pair not in per:
            per.append(pair)
    return out


#: the properties that hold a fact's time interval, as a property path
TIME_PATH = "kg:time|kg:deadline|kg:asOf"


async def report_details(state: ApiState, facts: Iterable[str]) -> dict[str, Quote]:
    """The sentence, date, rule and confidence of these reported facts, each read in its own article graph (four
    queries of required patterns, side by side: as one UNION inside ``GRAPH ?g`` the engine does not start from
    the given facts)."""
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
        out.setdefault(s, Quote(data.text(r, "q"), _int(data.text(r, "b")), _int(data.text(r, "e")), date.get(s, ""),
                                method.get(s, ""), conf.get(s, "")))
    return out


async def flagged(state: ApiState, events: Iterable[str]) -> set[str]:
    """The events the consolidation flags ``kg:conflictOn "date"`` (their sources give different dates)."""
    cg = state.settings.base_iri + CG
    rows = await data.select_values(state, events, f'GRAPH <{cg}> {{ ?s kg:conflictOn "date" }}', project="?s")
    return {r["s"].value for r in rows}


def _competing(pairs: list[tuple[str, str]], dates: dict[str, tuple[str, str]]) -> list[DatedValue]:
    """Each date these reports give, with the articles that give it (earliest first)."""
    values: dict[str, DatedValue] = {}
    for fact, article in pairs:
        if fact in dates:
            value, precision = dates[fact]
            dv = values.setdefault(value, DatedValue(value, precision))
            if article not in dv.articles:
                dv.articles.append(article)
    return sorted(values.values(), key=lambda d: d.value)


async def report_dates(state: ApiState, facts: Iterable[str]) -> dict[str, tuple[str, str]]:
    """(date, precision) that each of these reported facts gives, read in its own article graph."""
    rows = await data.select_values(state, facts, f"""GRAPH ?g {{ ?s {TIME_PATH} ?t .
        ?t kg:dateValue ?dv ; kg:precision ?prec }}""", project="?s ?dv ?prec")
    return {r["s"].value: (r["dv"].value, precision_of(data.text(r, "prec"))) for r in rows}


async def evidence(state: ApiState, facts: Iterable[str]) -> dict[str, list[tuple[str, int, int]]]:
    """The sentences (text, start, end) these reported facts were read from, in their own article graphs."""
    rows = await data.select_values(state, facts, """GRAPH ?g { ?s kg:evidence ?ev .
        ?ev nif:anchorOf ?q ; nif:beginIndex ?b ; nif:endIndex ?e }""", project="?s ?q ?b ?e")
    out: dict[str, list[tuple[str, int, int]]] = {}
    for r in rows:
        out.setdefault(r["s"].value, []).append((data.text(r, "q"), _int(data.text(r, "b")), _int(data.text(r, "e"))))
    return out


def first_sources(pairs: dict[str, list[tuple[str, str]]], info: dict[str, Article],
                  sentences: dict[str, list[tuple[str, int, int]]], dates: dict[str, tuple[str, str]],
                  limit: int = SOURCES_SHOWN) -> dict[str, list[Source]]:
    """Per event, its first ``limit`` attesting articles (earliest published first) with their sentences and the
    date each gives."""
    out: dict[str, list[Source]] = {}
    for event, reports in pairs.items():
        by_article: dict[str, list[str]] = {}
        for fact, art in reports:
            by_article.setdefault(art, []).append(fact)
        order = sorted(by_article, key=lambda a: (info[a].published if a in info and info[a].published else "9999", a))
        sources = []
        for art in order[:limit]:
            quotes = sorted((Quote(text, b, e, dates.get(f, ("", ""))[0]) for f in sorted(by_article[art])
                             for text, b, e in sentences.get(f, [])[:1]), key=lambda q: q.start)
            unique = [q for i, q in enumerate(quotes) if all((q.start, q.end) != (o.start, o.end) for o in quotes[:i])]
            sources.append(Source(info.get(art) or Article(art), unique))
        out[event] = sources
    return out


#: the status and qualifier concepts → the notation the named queries return (their ``skos:notation``)
STATUS = {data.KG + "Completed": "completed", data.KG + "InProgress": "in_progress", data.KG + "Planned": "planned"}
QUALIFIERS = {data.KG + "Exact": "exact", data.KG + "About": "about", data.KG + "LessThan": "less_than",
              data.KG + "MoreThan": "more_than", data.KG + "Range": "range"}


def handover_event(r: data.Row) -> Event:
    """A row of ``base-handovers``."""
    return Event(data.text(r, "event"), "handover", data.text(r, "status"), data.text(r, "date"),
                 data.text(r, "precision"), place=data.text(r, "base"), giver=data.text(r, "from"),
                 receiver=data.text(r, "to"), sources=_int(data.text(r, "sources")))


def collective_event(r: data.Row) -> Event:
    """A row of ``collective-handovers``."""
    return Event(data.text(r, "event"), "collective", data.text(r, "status"), data.text(r, "date"),
                 data.text(r, "precision"), place_label=data.text(r, "scope"), giver=data.text(r, "from"),
                 receiver=data.text(r, "to"), sources=_int(data.text(r, "sources")))


def phase_event(r: data.Row) -> Event:
    """A row of ``deadlines``."""
    return Event(data.text(r, "phase"), "phase", data.text(r, "status"), data.text(r, "deadline"),
                 data.text(r, "precision"), place_label=data.text(r, "scope"), label=data.text(r, "label"))


async def handovers(state: ApiState) -> list[Event]:
    """Every handover of a named facility (``base-handovers``: one row per facility and status)."""
    return [handover_event(r) for r in await data.named(state, "base-handovers")]


async def collective(state: ApiState) -> list[Event]:
    """Every handover of a group of bases (``collective-handovers``)."""
    return [collective_event(r) for r in await data.named(state, "collective-handovers")]


async def phases(state: ApiState) -> list[Event]:
    """Every mission phase (``deadlines``)."""
    return [phase_event(r) for r in await data.named(state, "deadlines")]


async def with_sources(state: ApiState, events: list[Event], read: int = SOURCES_READ) -> None:
    """Give these handovers their first sources (``read`` attestations each, the earliest published
    :data:`SOURCES_SHOWN` of their articles, with their sentences) and, for the flagged ones, the dates those
    sources give."""
    iris = [e.iri for e in events]
    pairs, conflicting = await asyncio.gather(attestations(state, iris, read), flagged(state, iris))
    facts_read = [f for ps in pairs.values() for f, _ in ps]
    info, sentences, dates = await asyncio.gather(
        article_info(state, {art for ps in pairs.values() for _, art in ps}),
        evidence(state, facts_read), report_dates(state, facts_read))
    sources = first_sources(pairs, info, sentences, dates)
    for e in events:
        e.source_list = sources.get(e.iri, [])
        e.conflicts = _competing(pairs.get(e.iri, []), dates) if e.iri in conflicting else []
        e.conflicting = e.iri in conflicting


#: what the pages read of a consolidated fact's own record (not its attestations): events, troop counts, and the
#: speaker and words of a statement, the label of an agreement
RECORD = (data.RDF_TYPE, data.RDFS_LABEL, *(data.KG + p for p in (
    "facility", "collectiveScope", "status", "transferredFrom", "transferredTo", "force", "fromPlace", "toPlace",
    "scope", "place", "country", "sourceCount", "negated", "qualifier", "speaker", "quote")),
    *(data.SCHEMA + p for p in ("value", "minValue", "maxValue", "unitText")))


async def records(state: ApiState, iris: Iterable[str]) -> dict[str, dict[str, list[data.Value]]]:
    """``{iri: {property: values}}`` of these consolidated nodes (:data:`RECORD`), with their time's
    ``kg:dateValue`` and ``kg:precision`` (one query: the record and the time, side by side in a UNION)."""
    cg = state.settings.base_iri + CG
    props = ", ".join(f"<{p}>" for p in RECORD)
    rows = await data.select_values(state, iris, f"""GRAPH <{cg}> {{ {{ ?s ?p ?o FILTER (?p IN ({props})) }}
        UNION {{ ?s {TIME_PATH} ?t . ?t ?p ?o FILTER (?p IN (kg:dateValue, kg:precision)) }} }}""", project="?s ?p ?o")
    out: dict[str, dict[str, list[data.Value]]] = {}
    for r in rows:
        per = out.setdefault(r["s"].value, {}).setdefault(r["p"].value, [])
        if r["o"] not in per:
            per.append(r["o"])
    return out


def _one(record: dict[str, list[data.Value]], prop: str) -> str:
    values = record.get(prop)
    return min(v.value for v in values) if values else ""


def event_of(iri: str, record: dict[str, list[data.Value]]) -> Event | None:
    """A consolidated handover, withdrawal, relocation or mission phase from its record (None for another
    kind of node)."""
    types = {v.value for v in record.get(data.RDF_TYPE, [])}
    k = data.KG
    if k + "TransferOfControl" in types:
        kind = "handover" if _one(record, k + "facility") or not _one(record, k + "collectiveScope") else "collective"
    elif k + "Relocation" in types:
        kind = "relocation"
    elif k + "Withdrawal" in types:
        kind = "withdrawal"
    elif k + "MissionPhase" in types:
        kind = "phase"
    else:
        return None
    place = _one(record, k + "facility") or _one(record, k + "fromPlace") or _one(record, k + "scope")
    return Event(iri, kind, STATUS.get(_one(record, k + "status"), ""), _one(record, k + "dateValue"),
                 precision_of(_one(record, k + "precision")), place=place, place_label=_one(record, k + "collectiveScope"),
                 other_place=_one(record, k + "toPlace"), giver=_one(record, k + "transferredFrom"),
                 receiver=_one(record, k + "transferredTo"), force=_one(record, k + "force"),
                 label=_one(record, data.RDFS_LABEL), sources=_int(_one(record, k + "sourceCount")))


def count_of(iri: str, record: dict[str, list[data.Value]]) -> Count | None:
    """A consolidated troop count from its record, as ``troop-counts`` gives it (the place is the most specific
    one: the base or region when one is named, else the country); None for another kind of node."""
    k, sc = data.KG, data.SCHEMA
    if k + "TroopCount" not in {v.value for v in record.get(data.RDF_TYPE, [])}:
        return None
    country = _one(record, k + "country")
    return Count(iri, _one(record, k + "force"), country, _one(record, k + "place") or country, _one(record, sc + "value"),
                 _one(record, sc + "minValue"), _one(record, sc + "maxValue"),
                 QUALIFIERS.get(_one(record, k + "qualifier"), ""), _one(record, sc + "unitText"),
                 _one(record, k + "dateValue"), precision_of(_one(record, k + "precision")),
                 _int(_one(record, k + "sourceCount")))


async def known(state: ApiState, iris: Iterable[str]) -> Known:
    """The events, troop counts, statements and agreements among these IRIs, read by IRI (for their titles)."""
    out = Known()
    k = data.KG
    for iri, record in (await records(state, iris)).items():
        event = event_of(iri, record)
        if event is not None:
            out.events[iri] = event
        count = count_of(iri, record)
        if count is not None:
            out.counts[iri] = count
        if record.get(k + "quote"):
            out.statements[iri] = (_one(record, k + "speaker"), _one(record, k + "quote"))
        elif record.get(data.RDFS_LABEL) and event is None:
            out.agreements[iri] = (_one(record, data.RDFS_LABEL), _one(record, k + "dateValue"),
                                   precision_of(_one(record, k + "precision")))
    return out


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
