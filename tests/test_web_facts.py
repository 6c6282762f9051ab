"""The pages show the named queries' facts: an entity page's handovers, withdrawals, troop counts and statements
are the named query's rows for that entity, and the home page's latest rows are the named query's latest rows.

The pages do not run the named queries (their answers grow with the articles); they read only the rows they show
(``kg.api.web.bounded``, ``kg.api.web.facts``). Checked here on two small built stores with many entities, with the
page's bounds as they are and with bounds so small that every selection is cut, widened and read from both sides.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from api_live import settings_for
from kg.api.app import create_app
from kg.api.state import ApiState
from kg.api.web import bounded, data, entity, facts, home
from kg.api.web.facts import Count, Event

PROJECT = Path(__file__).resolve().parents[1]
Rows = list[dict[str, str]]


def run(store: Path, tmp: Path, check: Callable[[ApiState], Awaitable[None]]) -> None:
    """``check(state)`` against a server state over a copy of ``store`` (its query workers started)."""
    copy = tmp / "store"
    shutil.copytree(store, copy)
    state: ApiState = create_app(settings_for(tmp, store=str(copy), queries_dir=PROJECT / "queries")).state.kg

    async def main() -> None:
        await state.executor.start()
        try:
            await check(state)
        finally:
            await state.executor.aclose()

    asyncio.run(main())


async def named(state: ApiState, name: str) -> Rows:
    return [{k: v.value for k, v in r.items()} for r in await data.named(state, name)]


async def entities(state: ApiState) -> list[str]:
    return sorted({r["entity"] for r in await named(state, "entities")})


def event_row(e: Event) -> dict[str, str]:
    """An event as the named queries give it (their variables; "" for unbound)."""
    return {"event": e.iri, "status": e.status, "date": e.date, "precision": e.precision, "sources": str(e.sources)}


def count_row(c: Count) -> dict[str, str]:
    return {"observation": c.iri, "force": c.force, "country": c.country, "place": c.place, "value": c.value,
            "min": c.low, "max": c.high, "qualifier": c.qualifier, "unit": c.unit, "asOf": c.as_of,
            "precision": c.precision, "sources": str(c.sources)}


def project(rows: Rows, keys: list[str]) -> list[dict[str, str]]:
    return [{k: r.get(k, "") for k in keys} for r in rows]


def counts_of(rows: Rows) -> list[Count]:
    """Named-query rows of ``troop-counts`` as the pages' counts, to sort them the pages' way."""
    return [Count(r["observation"], r.get("force", ""), r.get("country", ""), r.get("place", ""), r.get("value", ""),
                  r.get("min", ""), r.get("max", ""), r.get("qualifier", ""), r.get("unit", ""), r.get("asOf", ""),
                  r.get("precision", ""), int(r.get("sources", "0"))) for r in rows]


async def check_entities(state: ApiState) -> None:
    handovers, withdrawals, counts, statements, sources = [await named(state, n) for n in (
        "base-handovers", "withdrawals", "troop-counts", "statements", "handover-sources")]
    checked = 0
    for iri in await entities(state):
        # handovers of a facility: base-handovers' rows for that base
        _, own, _ = await entity._own_handovers(state, iri)
        expected = [r for r in handovers if r["base"] == iri]
        assert sorted(map(str, (event_row(e) for e in own))) == sorted(map(str, project(expected, [
            "event", "status", "date", "precision", "sources"]))), iri
        assert {(e.giver, e.receiver) for e in own} == {(r.get("from", ""), r.get("to", "")) for r in expected}
        for e in own:  # the sources shown are some of those handover-sources lists, with their sentences
            listed = {r["article"] for r in sources if r["event"] == e.iri}
            assert e.source_list and {s.article.iri for s in e.source_list} <= listed, e.iri
            assert all(q.text for s in e.source_list for q in s.quotes), e.iri
        # withdrawals from or to it, and of its forces: the withdrawals rows that name it
        moves, by_force, read, _ = await entity._withdrawals(state, iri)
        at = {r["event"] for r in withdrawals if iri in (r.get("from"), r.get("to"))}
        forced = {r["event"] for r in withdrawals if r.get("force") == iri}
        assert {d.iri for d in moves} == at - forced, iri
        assert {d.iri for d in by_force} == forced, iri
        for d in (*moves, *by_force):
            row = next(r for r in withdrawals if r["event"] == d.iri)
            e = read.events.get(d.iri)
            if e is not None:
                assert (e.kind, e.force, e.place, e.other_place) == (
                    row["type"].lower(), row.get("force", ""), row.get("from", ""), row.get("to", "")), d.iri
                assert event_row(e) == project([row], ["event", "status", "date", "precision", "sources"])[0]
        # troop counts of it (force, country or place): the troop-counts rows that name it, newest first
        recent, attested, (n, more), _ = await home.count_lists(state, bounded.CountFilter(about=iri))
        mine = counts_of([r for r in counts if iri in (r.get("force"), r.get("country"), r.get("place"))])
        assert [count_row(c) for c in recent] == [count_row(c) for c in home.newest_first(mine)[:home.ROWS_SHOWN]], iri
        dated = [c for c in mine if c.as_of]
        assert [count_row(c) for c in attested] == [count_row(c) for c in home.most_attested(dated)[:home.CHART_POINTS]]
        assert (n, more) == (min(len(mine), bounded.TOTAL_CAP), len(mine) > bounded.TOTAL_CAP), iri
        # statements it made: the statements rows of that speaker
        said = await entity.said_by(state, iri)
        if not said.more:
            keys_s = ["statement", "article", "quote", "date", "dateBasis", "earliest", "latest"]
            expected_s = [r for r in statements if r.get("speaker") == iri]
            rows = [{k: v.value for k, v in r.items()} for r in said.rows]
            assert sorted(map(str, project(rows, keys_s))) == sorted(map(str, project(expected_s, keys_s))), iri
        checked += bool(own or moves or by_force or recent or said.rows)
    assert checked >= 5  # several entities have facts of their own


async def check_home(state: ApiState) -> None:
    counts, withdrawals = await named(state, "troop-counts"), await named(state, "withdrawals")
    recent, attested, (n, _), _ = await home.count_lists(state, bounded.CountFilter())
    assert [c.iri for c in recent] == [c.iri for c in home.newest_first(counts_of(counts))[:home.ROWS_SHOWN]]
    dated = [c for c in counts_of(counts) if c.as_of]
    assert [c.iri for c in attested] == [c.iri for c in home.most_attested(dated)[:home.CHART_POINTS]]
    assert n == min(len(counts), bounded.TOTAL_CAP)
    listed = await bounded.withdrawals(state)
    assert {d.iri for d in listed} == {r["event"] for r in withdrawals}
    dates = [(d.date or "0000", d.sources) for d in listed]
    assert dates == sorted(dates, reverse=True)  # newest first, then the most sources
    for year in sorted({(c.as_of or "")[:4] for c in counts_of(counts)} - {""}):
        in_year = [c for c in counts_of(counts) if c.as_of.startswith(year)]
        got, top, (total, _), _ = await home.count_lists(state, bounded.CountFilter(year=year))
        assert [c.iri for c in got] == [c.iri for c in home.newest_first(in_year)[:home.ROWS_SHOWN]], year
        assert [c.iri for c in top] == [c.iri for c in home.most_attested(in_year)[:home.CHART_POINTS]], year
        assert total == min(len(in_year), bounded.TOTAL_CAP), year


@pytest.fixture(params=["as shipped", "tight"])
def bounds(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The pages' bounds as they are, or so small that every list is cut, its window widened, every restriction
    read through the window rather than from its own side, and every total capped."""
    if request.param == "tight":
        for module, name, value in ((home, "CHART_POINTS", 2), (home, "ROWS_SHOWN", 2), (bounded, "WIDEN", 1),
                                    (bounded, "ANCHORED", 0), (bounded, "TOTAL_CAP", 3), (facts, "SOURCES_READ", 1)):
            monkeypatch.setattr(module, name, value)
    yield request.param


def test_entity_pages_show_the_named_queries_rows(examples_store: Path, tmp_path: Path, bounds: str) -> None:
    run(examples_store, tmp_path, check_entities)


def test_entity_pages_show_the_named_queries_rows_on_the_seeds(seeds_store: Path, tmp_path: Path, bounds: str) -> None:
    run(seeds_store, tmp_path, check_entities)


def test_home_lists_are_the_named_queries_latest_rows(examples_store: Path, tmp_path: Path, bounds: str) -> None:
    run(examples_store, tmp_path, check_home)


def test_a_hint_serves_across_writes_and_is_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """What guides a page (a histogram, a filter's values) is read once, served after a write, and read again a
    moment later; a page's rows never depend on it."""
    monkeypatch.setattr(bounded, "REFRESH_EVERY_S", 0.0)
    calls: list[int] = []

    class State:
        def __init__(self) -> None:
            self.hints: dict[str, Any] = {}
            self.generation = 1

    async def main() -> None:
        state: Any = State()

        async def read() -> int:
            calls.append(state.generation)
            return state.generation * 10

        assert await bounded.hint(state, "h", read) == 10
        assert await bounded.hint(state, "h", read) == 10 and calls == [1]
        state.generation = 2
        assert await bounded.hint(state, "h", read) == 10  # the last one serves at once
        await asyncio.sleep(bounded.REFRESH_AFTER_S + 0.5)
        assert calls == [1, 2] and await bounded.hint(state, "h", read) == 20

    asyncio.run(main())
