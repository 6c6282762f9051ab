"""Reading a named query a page at a time: ``limit`` / ``offset``, shared by ``kg query`` and the API.

A page is the rows ``offset`` to ``offset + limit - 1`` of the whole answer, in its ORDER BY order. Every named
query orders by all of its variables (its documented ORDER BY first), so the order is total and the pages of one
store state partition the whole answer, whichever worker evaluates them. Without a page the text runs exactly as
before.

A page of most queries is the whole query with ``LIMIT``/``OFFSET``: the engine still evaluates and sorts every
row, which is cheap for answers of a few hundred rows. The queries whose answer grows with the corpus (one row per
article or attestation) read their pages through precomputed row keys instead (:mod:`kg.rowkeys`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from kg.errors import QueryError

#: request parameters (HTTP) and options (CLI) of a page
PAGE_PARAMS = ("limit", "offset")


@dataclass(frozen=True)
class Page:
    """Rows ``offset`` .. ``offset + limit - 1`` of an answer."""

    limit: int
    offset: int = 0

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit


def parse_page(limit: str | int | None, offset: str | int | None, max_limit: int) -> Page | None:
    """The page asked for (None: the whole answer), or QueryError naming what is wrong.

    ``limit`` is 1..``max_limit`` (the server's row limit, ``KG_QUERY_RESULT_LIMIT``); ``offset`` ≥ 0 and needs
    no limit (it then pages with the largest limit)."""
    if (limit is None or limit == "") and (offset is None or offset == ""):
        return None
    n = max_limit if limit is None or limit == "" else _integer("limit", limit)
    m = 0 if offset is None or offset == "" else _integer("offset", offset)
    if not 1 <= n <= max_limit:
        raise QueryError(f"limit must be between 1 and {max_limit} (KG_QUERY_RESULT_LIMIT), got {n}")
    if m < 0:
        raise QueryError(f"offset must be 0 or more, got {m}")
    return Page(n, m)


def _integer(name: str, value: str | int) -> int:
    if isinstance(value, int):
        return value
    text = value.strip()
    if not text.lstrip("+-").isdigit() or not text.isascii():
        raise QueryError(f"{name} must be an integer, got {value!r}")
    return int(text)


def sliced(text: str, page: Page) -> str:
    """The query with ``LIMIT``/``OFFSET`` after its solution modifiers (the whole answer, then the page).

    A text with a LIMIT or OFFSET of its own cannot take a second one; that is a QueryError, found by the engine's
    own parser (a SELECT ends with its solution modifiers, so the clause goes last)."""
    from kg.queries import check_syntax

    out = f"{text.rstrip()}\nLIMIT {page.limit}\nOFFSET {page.offset}\n"
    try:
        check_syntax(out)
    except QueryError:
        raise QueryError("this query has a LIMIT or OFFSET (or a trailing VALUES) of its own, so it cannot be "
                         "paged with limit/offset") from None
    return out


def count_rows(body: bytes, media_type: str) -> int:
    """How many rows a serialized SELECT result holds (to tell whether a page is full)."""
    if media_type.endswith("json"):
        return len(json.loads(body)["results"]["bindings"])
    text = body.decode("utf-8")
    if media_type.endswith("xml"):
        return text.count("<result>")
    if media_type == "text/csv":
        return max(sum(1 for _ in csv.reader(io.StringIO(text))) - 1, 0)
    return max(len([line for line in text.split("\n") if line]) - 1, 0)  # TSV: terms escape their line ends


# ------------------------------------------------------------------------ pages through row keys (kg.rowkeys)

_PAGE_KEYS = "VALUES ?pageKey { }"


@dataclass(frozen=True)
class KeyedPage:
    """Reading one page of a keyed query (:mod:`kg.rowkeys`) in two steps, three when keys tie at its start.

    1. :meth:`keys_query`: the keys at positions ``offset − 1`` … ``offset + limit − 1`` (a scan and a sort of
       numbers the engine stores inline), and whether the store's keys are usable for this query;
    2. :meth:`page_query`: the paged form of the query (``queries/paged/``) for the rows with those keys, ordered
       by the query's own ORDER BY, with ``OFFSET`` the rows of the first key that come before the page. When the
       key before the page is the page's first key, :meth:`count_query` first counts the rows with smaller keys.

    Keys never order two rows against the query's ORDER BY (they only tie), so the page is exactly rows ``offset``
    … ``offset + limit − 1`` of the whole answer; it costs the scan of the keys plus the joins of its own rows.
    """

    query: str
    template: str  # queries/paged/<query>.rq
    page: Page
    graph: str  # the consolidated graph's IRI
    predicate: str  # the query's kg:…RowKey

    def keys_query(self) -> str:
        from kg import rowkeys

        first = max(self.page.offset - 1, 0)
        count = self.page.limit + (1 if self.page.offset > 0 else 0)
        g, kg = f"<{self.graph}>", rowkeys.KG
        return (f"SELECT ?k ?mark WHERE {{ {{ GRAPH {g} {{ {g} <{kg}rowKeysVersion> ?mark }} }} UNION "
                f"{{ GRAPH {g} {{ {g} <{kg}unkeyedRows> {json.dumps(self.query)} }} BIND (\"unkeyed\" AS ?mark) }} UNION "
                f"{{ SELECT ?k WHERE {{ GRAPH {g} {{ ?h <{self.predicate}> ?k }} }} ORDER BY ?k "
                f"OFFSET {first} LIMIT {count} }} }}")

    def read_keys(self, rows: list[dict[str, str]]) -> tuple[list[str], str | None] | None:
        """(the page's distinct keys, the key just before the page when it is the page's first key) from the
        answer of :meth:`keys_query`; None when the store's keys cannot serve this query (built before them, or a
        row kg could not key: :func:`sliced` then)."""
        from kg import rowkeys

        marks = {r["mark"] for r in rows if "mark" in r}
        if rowkeys.VERSION not in marks or "unkeyed" in marks:
            return None
        keys = sorted((r["k"] for r in rows if "k" in r), key=Decimal)
        before = None
        if self.page.offset > 0 and keys:
            previous, keys = keys[0], keys[1:]
            if keys and Decimal(previous) == Decimal(keys[0]):
                before = keys[0]
        distinct: list[str] = []
        for k in keys:
            if not distinct or Decimal(distinct[-1]) != Decimal(k):
                distinct.append(k)
        return distinct, before

    def count_query(self, key: str) -> str:
        """How many rows have a key below ``key`` (the page starts inside the rows of ``key``)."""
        return (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.graph}> {{ ?h <{self.predicate}> ?k }} "
                f"FILTER (?k < {key}) }}")

    def page_query(self, keys: list[str], before: int | None = None) -> str:
        """The paged form for the rows of ``keys``; ``before``: rows with keys below the first (default: all the
        rows before the page, so none of these is skipped)."""
        skip = 0 if before is None else self.page.offset - before
        text = self.template.replace(_PAGE_KEYS, "VALUES ?pageKey { " + " ".join(keys) + " }", 1)
        return sliced(text, Page(self.page.limit, skip))


def keyed_page(query: str, template: str | None, page: Page, base_iri: str) -> KeyedPage | None:
    """How to read this page through row keys, or None when the query has none (or no paged form)."""
    from kg import rowkeys

    predicate = rowkeys.predicate(query)
    if predicate is None or template is None or template.count(_PAGE_KEYS) != 1:
        return None
    return KeyedPage(query, template, page, f"{base_iri}graph/consolidated", predicate)
