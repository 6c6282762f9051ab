"""Row keys order rows as their queries' ORDER BY does (kg.rowkeys): the engine itself orders random rows by the
query's variables, and along that order every key is at least the one before; rows that differ before the key's
last part get different keys; a value of another shape than kg writes is not keyed."""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from kg import rowkeys

BASE = "https://w3id.org/kg-news/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RNG = random.Random(7)


def _hex(n: int) -> str:
    return "".join(RNG.choice("0123456789abcdef") for _ in range(n))


SEEDS = sorted({RNG.choice(["ain-al-asad", "balad", "camp-taji", "harir", "iraq", "syria", "kuwait", "w-base",
                             "xinjiang", "y", "zakho", "al-taqaddum-air-base", "k1-air-base"]) + f"-{i}"
                for i in range(30)} | {"xinjiang", "iraq", "x"})
CTX = rowkeys.context(BASE, SEEDS)
SEED_CODES = {q.subject.value: q.object for q in rowkeys.seed_code_quads(BASE, SEEDS)}


def entity() -> ox.NamedNode:
    if RNG.random() < 0.5:
        return ox.NamedNode(BASE + "entity/" + RNG.choice(SEEDS))
    return ox.NamedNode(f"{BASE}entity/x-{RNG.choice(['fac', 'org', 'loc'])}-{_hex(12)}")


def date_string() -> ox.Literal:
    y, m, d = RNG.choice([2019, 2020, 2024]), RNG.randint(1, 12), RNG.randint(1, 28)
    return ox.Literal(RNG.choice([f"{y}", f"{y}-{m:02d}", f"{y}-{m:02d}-{d:02d}"]))


def published() -> ox.Literal:
    """A publication date at its precision (a month- or year-only date is a gYearMonth or gYear)."""
    y, m, d = RNG.choice([2019, 2024]), RNG.randint(1, 12), RNG.randint(1, 28)
    return RNG.choice([ox.Literal(f"{y}-{m:02d}-{d:02d}", datatype=ox.NamedNode(XSD + "date")),
                       ox.Literal(f"{y}-{m:02d}-01", datatype=ox.NamedNode(XSD + "date")),
                       ox.Literal(f"{y}-{m:02d}", datatype=ox.NamedNode(XSD + "gYearMonth")),
                       ox.Literal(f"{y}", datatype=ox.NamedNode(XSD + "gYear"))])


def article() -> ox.NamedNode:
    return ox.NamedNode(BASE + "article/" + RNG.choice([f"u-{_hex(16)}", f"volume-{RNG.randint(0, 30):04d}",
                                                         f"u-{_hex(2)}", "copy-0001"]))


def node(path: str | None = None) -> ox.NamedNode:
    return ox.NamedNode(BASE + (path or RNG.choice(rowkeys.NODE_PATHS)) + _hex(12))


def integer(top: int) -> ox.Literal:
    return ox.Literal(str(RNG.randint(0, top)), datatype=ox.NamedNode(XSD + "integer"))


def maybe(make: object, p: float = 0.2) -> object:
    return None if RNG.random() < p else make() if callable(make) else make


# layout → (its ORDER BY variables, a random row)
CASES = {
    "articles": (["published", "article"], lambda: {"published": maybe(published), "article": article()}),
    "handover-sources": (["base", "date", "status", "published", "start"], lambda: {
        "base": entity(), "date": maybe(date_string), "status": ox.Literal(RNG.choice(rowkeys.STATUSES)),
        "published": maybe(published), "start": integer(12000)}),
    "statements": (["date", "statement", "article"], lambda: {
        "date": maybe(date_string), "statement": node("event/statement-"), "article": article()}),
    "troop-counts": (["country", "asOf", "value"], lambda: {
        "country": maybe(entity), "asOf": maybe(date_string), "value": maybe(lambda: integer(10**11))}),
    "conflicts-date": (["fact", "value", "article"], lambda: {
        "fact": node(), "value": date_string(), "article": article()}),
}


def _keys(layout: str, order: list[str], rows: list[dict[str, object]]) -> list[tuple[int, str, bool]]:
    """(row number, key, keyed) of each row, in the order the engine gives the rows by the ORDER BY variables."""
    key, ok = rowkeys.compose(rowkeys.layout(layout, CTX))
    names = [*order, "baseCode", "countryCode"]
    values = []
    for i, row in enumerate(rows):
        codes = {"baseCode": SEED_CODES.get(getattr(row.get("base"), "value", "")),
                 "countryCode": SEED_CODES.get(getattr(row.get("country"), "value", ""))}
        cells = [str(row.get(n) or codes.get(n) or "UNDEF") for n in names]
        values.append(f"({i} {' '.join(cells)})")
    text = rowkeys.expand(
        f"SELECT ?i ?key ?ok WHERE {{ VALUES (?i {' '.join('?' + n for n in names)}) {{ {' '.join(values)} }} "
        f"BIND ({key} AS ?key) BIND (COALESCE({ok}, false) AS ?ok) }} ORDER BY {' '.join('?' + n for n in order)}")
    out = []
    for r in ox.Store().query(text):
        assert r["key"] is not None, f"{layout}: row {r['i']} has no key"
        out.append((int(r["i"].value), r["key"].value, r["ok"].value == "true"))
    return out


@pytest.mark.parametrize("layout", sorted(CASES))
def test_keys_order_rows_as_the_query_does_and_tie_only_in_their_last_part(layout: str) -> None:
    from decimal import Decimal

    order, make = CASES[layout]
    rows = [make() for _ in range(400)]
    rows += [dict(rows[i]) for i in range(0, 400, 7)]  # equal rows: equal keys
    keyed = _keys(layout, order, rows)
    assert all(ok for _, _, ok in keyed), layout
    last = order[len(rowkeys.layout(layout, CTX)) - 1]
    for (i, a, _), (j, b, _) in zip(keyed, keyed[1:], strict=False):
        assert Decimal(a) <= Decimal(b), (layout, rows[i], rows[j])
        before_last = [v for v in order[:order.index(last)]]
        if any(str(rows[i].get(v)) != str(rows[j].get(v)) for v in before_last):
            assert Decimal(a) < Decimal(b), (layout, "tie", rows[i], rows[j])


def test_values_of_another_shape_are_not_keyed() -> None:
    bad = [
        ("handover-sources", {"base": ox.NamedNode("http://example.org/elsewhere"), "status": ox.Literal("completed"),
                              "start": integer(5)}),
        ("handover-sources", {"base": entity(), "date": ox.Literal("2024-13"), "status": ox.Literal("completed"),
                              "start": integer(5)}),
        ("handover-sources", {"base": entity(), "status": ox.Literal("postponed"), "start": integer(5)}),
        ("statements", {"statement": ox.NamedNode(BASE + "event/other-" + _hex(12)), "article": article()}),
        ("conflicts-date", {"fact": ox.NamedNode(BASE + "event/newkind-" + _hex(12)), "value": date_string(),
                            "article": article()}),
        ("articles", {"published": ox.Literal("2024-05-12T10:00:00", datatype=ox.NamedNode(XSD + "dateTime")),
                      "article": article()}),
    ]
    for layout, row in bad:
        order, _ = CASES[layout]
        text = _keys_or_unkeyed(layout, order, row)
        assert text is False, (layout, row)


def _keys_or_unkeyed(layout: str, order: list[str], row: dict[str, object]) -> bool | None:
    key, ok = rowkeys.compose(rowkeys.layout(layout, CTX))
    names = [*order, "baseCode", "countryCode"]
    codes = {"baseCode": SEED_CODES.get(getattr(row.get("base"), "value", ""))}
    cells = [str(row.get(n) or codes.get(n) or "UNDEF") for n in names]
    text = rowkeys.expand(f"SELECT ?ok WHERE {{ VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(cells)}) }} "
                          f"BIND (COALESCE({ok}, false) AS ?ok) }}")
    (r,) = list(ox.Store().query(text))
    return r["ok"].value == "true"


def test_entity_codes_place_minted_entities_between_the_seeds_around_them() -> None:
    assert CTX.minted_gap == sum(1 for s in sorted(BASE + "entity/" + k for k in SEEDS) if s < BASE + "entity/x-")
    assert rowkeys.context(BASE, [*SEEDS, "x-fac-000000000000"]).minted_gap is None  # a seed among the minted
