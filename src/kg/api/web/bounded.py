"""Which withdrawals and troop counts a page shows, and how many there are, found without reading every one.

A page shows the latest few rows of a list and says how many there are; the named queries (linked from the page)
have them all. Reading a whole list to sort it costs a lookup per row (~5-40 µs each on this machine): at 10,000
articles there are 12,000 troop counts. So the rows are found in two steps over one index of the consolidated
graph, whose sequential reads cost well under a microsecond a row:

1. a histogram of the key the list is sorted by — the month of the time intervals' ``kg:dateValue``, or the
   ``kg:sourceCount`` values — one scan of one predicate, no join (a :func:`hint`: it chooses the window only);
2. the rows in the window of the highest keys that holds enough of them (``FILTER`` on the scanned value, then
   joins from there), sorted and cut by the engine. A window that holds too few rows (the filter is rare in it)
   is widened, twice as wide each time.

A window of the highest keys holds the top rows exactly: the order is the key first (the date's text, ``2026``
after ``2025-12-31``; or the number of sources), so no row outside the window can come before one inside it. A
restriction that matches few counts (a rare entity, at most :data:`ANCHORED` counts) is read from the entity's
side instead. Counts are capped (:func:`capped`): "more than 1,000" is read in the time of 1,000 index entries.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from kg.api.state import ApiState
from kg.api.web import data
from kg.api.web.facts import CG, STATUS
from kg.errors import KgError

T = TypeVar("T")

#: a restriction that matches at most this many troop counts is read from its own side (all of them, then sorted)
ANCHORED = 300
#: the most that any total a page prints is counted to ("more than …" past it)
TOTAL_CAP = 1000
#: how many more rows than wanted the first window holds (then twice as many per widening)
WIDEN = 2
#: after the date and the number of sources, ties are ordered as ``troop-counts`` orders its rows (country, as-of
#: date, figure), then by IRI: the same order as ``kg.api.web.home.newest_first``, so a cut is the same cut
TIE_ORDER = "?c ?dv ?v ?x"
#: the country and figure that order ties, for rows already found (a lookup each, never a scan)
TIE_KEYS = "OPTIONAL { ?x kg:country ?c } OPTIONAL { ?x schema:value ?v }"


def _cg(state: ApiState) -> str:
    return f"<{state.settings.base_iri}{CG}>"


def _iri(text: str) -> str:
    """``<iri>`` of one IRI the page was given, or an IRI that matches nothing (the text is not an IRI)."""
    found = data.iri_list([text])
    return f"<{found[0]}>" if found else "<urn:kg:none>"


async def capped(state: ApiState, pattern: str, cap: int | None = None, var: str = "?x") -> tuple[int, bool]:
    """(how many distinct ``var`` the pattern has, up to ``cap`` (:data:`TOTAL_CAP`); whether there are more)."""
    cap = TOTAL_CAP if cap is None else cap
    rows = await data.select(state, f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT {var} WHERE {{ {pattern} }} "
                                    f"LIMIT {cap + 1} }}")
    n = int(data.text(rows[0], "n") or 0) if rows else 0
    return min(n, cap), n > cap


@dataclass(frozen=True)
class CountFilter:
    """Which troop counts: of an entity (its force, country or place), of a force, in a place, of a year."""

    about: str = ""
    force: str = ""
    place: str = ""
    year: str = ""

    def restriction(self) -> str:
        """Patterns on ``?x`` inside the consolidated graph that only troop counts match ("" when every count
        does): ``kg:country`` and ``kg:place`` are said of troop counts only, ``kg:force`` of withdrawals too."""
        parts = []
        if self.about:
            i = _iri(self.about)
            parts.append(f"{{ ?x kg:force {i} . ?x a kg:TroopCount }} UNION {{ ?x kg:country {i} }} UNION "
                         f"{{ ?x kg:place {i} }}")
        if self.force:
            parts.append(f"?x kg:force {_iri(self.force)} . ?x a kg:TroopCount .")
        if self.place:
            i = _iri(self.place)
            parts.append(f"{{ ?x kg:country {i} }} UNION {{ ?x kg:place {i} }}")
        return " ".join(f"{{ {p} }}" for p in parts)

    def row_check(self) -> str:
        """The same restriction as a test of each row already found (its force, country and place are looked
        up, never scanned): for a window, where the rows come from the window's index."""
        tests = []
        if self.about:
            i = _iri(self.about)
            tests.append(f"(?c = {i} || ?f = {i} || ?pl = {i})")
        if self.force:
            tests.append(f"?f = {_iri(self.force)}")
        if self.place:
            i = _iri(self.place)
            tests.append(f"(?c = {i} || ?pl = {i})")
        if not tests:
            return ""
        return "OPTIONAL { ?x kg:force ?f } OPTIONAL { ?x kg:place ?pl } FILTER (" + " && ".join(tests) + ")"

    def year_filter(self, var: str = "?dv") -> str:
        return f'FILTER (STRSTARTS(STR({var}), "{int(self.year)}"))' if self.year.isdigit() else ""


async def _anchored(state: ApiState, flt: CountFilter) -> bool:
    """Whether the restriction is rare enough to read its counts from its own side."""
    restriction = flt.restriction()
    if not restriction:
        return False
    n, more = await capped(state, f"GRAPH {_cg(state)} {{ {restriction} }}", ANCHORED)
    return not more


def _window(hist: list[tuple[str, int]], want: int) -> tuple[str, bool]:
    """The lowest key of the window of the highest keys that holds ``want`` rows (keys high first), and whether
    that window is everything."""
    total = 0
    for i, (key, n) in enumerate(hist):
        total += n
        if total >= want:
            return key, i == len(hist) - 1
    return (hist[-1][0] if hist else ""), True


#: seconds after a page used a hint of an older store generation before a new one is read, off that page's path
REFRESH_AFTER_S = 1.0
#: the least time between two reads of one hint (under a stream of writes, a read every 10 s at most)
REFRESH_EVERY_S = 10.0
_TASKS: set[asyncio.Task[None]] = set()


async def hint(state: ApiState, name: str, read: Callable[[], Awaitable[T]]) -> T:
    """A value that guides a page but is not one of its facts (which window to read, which values a filter
    offers): the one last read, whatever writes came since, while a new one is read a moment later, off the
    page's path (at most every :data:`REFRESH_EVERY_S`). Only the first page a server serves waits for it."""
    hints = state.hints
    known = hints.get(name)
    now = time.monotonic()
    if known is None:
        known = (state.generation, await read())
        hints[name], hints[f"{name}:at"] = known, (0, now)
    elif (known[0] != state.generation and f"{name}:reading" not in hints
          and now - hints.get(f"{name}:at", (0, 0.0))[1] >= REFRESH_EVERY_S):
        hints[f"{name}:reading"] = (known[0], None)  # one new read at a time

        async def refresh(generation: int) -> None:
            try:
                await asyncio.sleep(REFRESH_AFTER_S)
                hints[f"{name}:at"] = (0, time.monotonic())
                hints[name] = (generation, await read())
            except KgError:  # a hint: the last one keeps serving
                pass
            finally:
                hints.pop(f"{name}:reading", None)

        task = asyncio.create_task(refresh(state.generation))
        _TASKS.add(task)  # the loop keeps only weak references to tasks
        task.add_done_callback(_TASKS.discard)
    value: T = known[1]
    return value


async def _month_histogram(state: ApiState, year: str = "") -> list[tuple[str, int]]:
    """(month "YYYY-MM", or the whole text when coarser; time intervals) of the consolidated graph, newest first
    (of one year when given). A :func:`hint`: it only chooses a window, and the window query reads the current
    graph (a window it makes too narrow is widened), so the rows stay exact."""

    async def read() -> list[tuple[str, int]]:
        rows = await data.select(state, f"""SELECT ?m (COUNT(*) AS ?n) WHERE {{
            GRAPH {_cg(state)} {{ ?t kg:dateValue ?dv }} BIND (SUBSTR(STR(?dv), 1, 7) AS ?m) }} GROUP BY ?m""")
        return sorted(((data.text(r, "m"), int(data.text(r, "n") or 0)) for r in rows), reverse=True)

    hist = await hint(state, "months", read)
    return [(m, n) for m, n in hist if m.startswith(str(int(year)))] if year.isdigit() else hist


async def latest_counts(state: ApiState, n: int, flt: CountFilter = CountFilter()) -> list[str]:
    """The ``n`` troop counts of the latest as-of date (its text: ``2027`` before ``2026-12-31``), then the most
    sources, then as :data:`TIE_ORDER`, that match the filter; undated ones after the dated (as the pages sort
    them)."""
    restriction = flt.restriction()
    year = flt.year_filter()
    order = f"ORDER BY DESC(STR(?dv)) DESC(?n) {TIE_ORDER} LIMIT {n}"
    if await _anchored(state, flt):
        rows = await data.select(state, f"""SELECT DISTINCT ?x ?dv ?n ?c ?v WHERE {{ GRAPH {_cg(state)} {{ {restriction}
            ?x kg:asOf ?t . ?t kg:dateValue ?dv . ?x kg:sourceCount ?n {TIE_KEYS} }} {year} }} {order}""")
    else:
        hist = await _month_histogram(state, flt.year)
        want = n * WIDEN * (4 if restriction else 1)  # a restriction keeps some of the window's rows
        while True:
            cut, everything = _window(hist, want)
            window = "" if everything else f'FILTER (STR(?dv) >= "{cut}")'
            rows = await data.select(state, f"""SELECT DISTINCT ?x ?dv ?n ?c ?v WHERE {{ GRAPH {_cg(state)} {{ ?t kg:dateValue ?dv .
                {window} {year} ?x kg:asOf ?t . ?x kg:sourceCount ?n {TIE_KEYS} {flt.row_check()} }} }} {order}""")
            if len(rows) >= n or everything:
                break
            want *= max(WIDEN, 2)
    out = list(dict.fromkeys(data.text(r, "x") for r in rows))  # a count with two countries is one count
    if len(out) < n and not flt.year:
        out += await _undated_counts(state, n - len(out), restriction)
    return out


async def _source_histogram(state: ApiState) -> list[tuple[int, int]]:
    """(number of sources, dated troop counts) of the consolidated graph, most first: a :func:`hint`, read off
    the pages' path (a lookup per count: it is the one hint that joins)."""

    async def read() -> list[tuple[int, int]]:
        rows = await data.select(state, f"""SELECT ?c (COUNT(*) AS ?k) WHERE {{
            GRAPH {_cg(state)} {{ ?x kg:asOf ?t ; kg:sourceCount ?c }} }} GROUP BY ?c""")
        return sorted(((int(data.text(r, "c") or 0), int(data.text(r, "k") or 0)) for r in rows), reverse=True)

    return await hint(state, "sources", read)


async def attested_counts(state: ApiState, n: int, flt: CountFilter = CountFilter()) -> list[str]:
    """The ``n`` dated troop counts with the most sources, then the latest, then as :data:`TIE_ORDER`, that
    match the filter. The histogram counts troop counts, but the window's scan reads every consolidated fact with
    that many sources (a statement copied by a hundred outlets is among them) and keeps the counts."""
    restriction = flt.restriction()
    year = flt.year_filter()
    order = f"ORDER BY DESC(?n) DESC(STR(?dv)) {TIE_ORDER} LIMIT {n}"
    if await _anchored(state, flt):
        rows = await data.select(state, f"""SELECT DISTINCT ?x ?dv ?n ?c ?v WHERE {{ GRAPH {_cg(state)} {{ {restriction}
            ?x kg:asOf ?t . ?t kg:dateValue ?dv . ?x kg:sourceCount ?n {TIE_KEYS} }} {year} }} {order}""")
        return list(dict.fromkeys(data.text(r, "x") for r in rows))
    hist = [(str(c), k) for c, k in await _source_histogram(state)]
    want = n * WIDEN  # of troop counts (the histogram's); the window's other facts cost a failed lookup each
    while True:
        cut, everything = _window(hist, want)
        window = "" if everything else f"FILTER (?n >= {int(cut)})"
        rows = await data.select(state, f"""SELECT DISTINCT ?x ?dv ?n ?c ?v WHERE {{ GRAPH {_cg(state)} {{
            ?x kg:sourceCount ?n . {window} ?x kg:asOf ?t . ?t kg:dateValue ?dv {TIE_KEYS} {flt.row_check()} }} {year}
            }} {order}""")
        if len(rows) >= n or everything:
            return list(dict.fromkeys(data.text(r, "x") for r in rows))
        want *= max(WIDEN, 2)


async def _undated_counts(state: ApiState, n: int, restriction: str) -> list[str]:
    """Troop counts without an as-of date, most sources first (there are few: a count is as of its article's
    publication when it gives no date)."""
    pattern = restriction or "?x a kg:TroopCount ."
    rows = await data.select(state, f"""SELECT DISTINCT ?x ?n ?c ?v WHERE {{ GRAPH {_cg(state)} {{ {pattern} ?x kg:sourceCount ?n
        FILTER NOT EXISTS {{ ?x kg:asOf ?t }} ?x a kg:TroopCount ; kg:qualifier ?q {TIE_KEYS} }} }}
        ORDER BY DESC(?n) ?c ?v ?x LIMIT {n}""")
    return [data.text(r, "x") for r in rows]


async def count_total(state: ApiState, flt: CountFilter = CountFilter()) -> tuple[int, bool]:
    """How many troop counts match the filter (capped at :data:`TOTAL_CAP`)."""
    if flt.year:
        return await capped(state, f"""GRAPH {_cg(state)} {{ ?t kg:dateValue ?dv . {flt.year_filter()} ?x kg:asOf ?t .
            OPTIONAL {{ ?x kg:country ?c }} {flt.row_check()} }}""")
    return await capped(state, f"GRAPH {_cg(state)} {{ {flt.restriction() or '?x a kg:TroopCount .'} }}")


@dataclass(frozen=True)
class Dated:
    """A consolidated event as a list sorts it: its date's text and number of sources."""

    iri: str
    date: str
    sources: int
    status: str = ""
    type: str = ""


@dataclass(frozen=True)
class WithdrawalFilter:
    """Which withdrawals and relocations: by force, a place they leave or reach (``at``), or a place that is,
    or holds, one of those (``within``)."""

    force: str = ""
    at: str = ""
    within: str = ""

    def patterns(self) -> str:
        out = []
        if self.force:
            out.append(f"?e kg:force {_iri(self.force)} .")
        if self.at:
            i = _iri(self.at)
            out.append(f"{{ ?e kg:fromPlace {i} }} UNION {{ ?e kg:toPlace {i} }}")
        if self.within:
            i = _iri(self.within)
            out.append(f"{{ ?e kg:fromPlace {i} }} UNION {{ ?e kg:toPlace {i} }} UNION "
                       f"{{ ?e kg:fromPlace|kg:toPlace ?pl . ?pl kg:locatedIn {i} }}")
        return " ".join(f"{{ {p} }}" for p in out)


async def withdrawals(state: ApiState, flt: WithdrawalFilter = WithdrawalFilter()) -> list[Dated]:
    """Every withdrawal and relocation of the ``withdrawals`` named query (not denied, with a status) that
    matches the filter, newest first (then the most sources, then by IRI; undated last). Consolidated events,
    not reports: their number grows with the events the news tells of, not with the articles."""
    cg = _cg(state)
    kinds = ('{ ?e a kg:Withdrawal BIND ("Withdrawal" AS ?type) } UNION '
             '{ ?e a kg:Relocation BIND ("Relocation" AS ?type) }')
    restriction = flt.patterns()
    rows = await data.select(state, f"""SELECT DISTINCT ?e ?type ?n ?st ?dv WHERE {{ GRAPH {cg} {{ {kinds} {restriction}
        {{ ?e kg:status ?st ; kg:sourceCount ?n . FILTER NOT EXISTS {{ ?e kg:negated true }} }}
        UNION {{ ?e kg:time ?t . ?t kg:dateValue ?dv }} }} }}""")
    date = {data.text(r, "e"): data.text(r, "dv") for r in rows if "dv" in r}
    found = {data.text(r, "e"): Dated(data.text(r, "e"), date.get(data.text(r, "e"), ""), int(data.text(r, "n") or 0),
                                      STATUS.get(data.text(r, "st"), ""), data.text(r, "type"))
             for r in sorted(rows, key=lambda r: data.text(r, "type"), reverse=True) if "n" in r}
    return newest(found.values())


def newest(items: Iterable[Dated]) -> list[Dated]:
    """Newest first, then the most sources; ties as the named query orders them (its ``ORDER BY ?date ?type``),
    then by IRI."""
    ties = sorted(items, key=lambda d: (d.type, d.iri))
    return sorted(ties, key=lambda d: (d.date or "0000", d.sources), reverse=True)


async def reporting_articles(state: ApiState, events: Iterable[tuple[str, int]],
                             cap: int = 100) -> tuple[int, bool]:
    """How many articles report these consolidated events, given with their numbers of sources, and whether that
    is a floor: counted up to ``cap``; when one event alone has more sources, that number (a floor, and nothing
    is read)."""
    cg = _cg(state)
    given = list(events)
    most = max((n for _, n in given), default=0)
    todo = data.iri_list(e for e, _ in given)
    if most > cap:
        return most, True
    if not todo:
        return 0, False
    n, more = await capped(state, f"""VALUES ?e {{ {data.values(todo)} }} GRAPH {cg} {{ ?e kg:attestation ?a }}
        GRAPH ?g {{ ?a prov:wasDerivedFrom ?art }}""", cap, "?art")
    return n, more


@dataclass(frozen=True)
class Options:
    """What the home page's filters offer beyond the events it reads: the statuses of events, the forces, the
    countries of troop counts, the places that hold a place withdrawals leave or reach, the years of the graph's
    dated facts."""

    statuses: list[str]
    forces: list[str]
    countries: list[str]
    holders: list[str]
    years: list[str]


async def options(state: ApiState) -> Options:
    """Distinct values of single predicates of the consolidated graph (one index scan each; the holders of
    withdrawals' places are one lookup per withdrawal). A :func:`hint`: what a filter offers, not a fact shown."""
    cg = _cg(state)

    async def read() -> Options:
        rows = await data.select(state, f"""SELECT DISTINCT ?k ?v WHERE {{
            {{ GRAPH {cg} {{ ?x kg:status ?v }} BIND ("status" AS ?k) }}
            UNION {{ GRAPH {cg} {{ ?x kg:force ?v }} BIND ("force" AS ?k) }}
            UNION {{ GRAPH {cg} {{ ?x kg:country ?v }} BIND ("country" AS ?k) }}
            UNION {{ GRAPH {cg} {{ {{ ?x kg:fromPlace ?pl }} UNION {{ ?x kg:toPlace ?pl }} ?pl kg:locatedIn ?v }}
                     BIND ("holder" AS ?k) }} }}""")
        found: dict[str, list[str]] = {"status": [], "force": [], "country": [], "holder": []}
        for r in rows:
            found[data.text(r, "k")].append(data.text(r, "v"))
        years = sorted({m[:4] for m, _ in await _month_histogram(state) if m[:4].isdigit()})
        statuses = sorted({STATUS[v] for v in found["status"] if v in STATUS})
        return Options(statuses, sorted(set(found["force"])), sorted(set(found["country"])),
                       sorted(set(found["holder"])), years)

    return await hint(state, "options", read)
