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
