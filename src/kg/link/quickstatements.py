"""Give back to Wikidata: QuickStatements V1 lines for operator changes the news reports, for human review.

Wikidata models a base changing hands as time-bounded ``P137`` (operator) statements with ``P580`` (start time)
/ ``P582`` (end time) qualifiers; the article is the reference (``S854`` reference URL, ``S813`` retrieved).
Only rows whose base and operator both carry a verified QID become lines; nothing is ever sent anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.model import Precision

#: Wikidata time precision codes.
PRECISION_CODE: dict[str, int] = {"decade": 8, "year": 9, "month": 10, "day": 11}
_QID = re.compile(r"^Q[1-9][0-9]*$")
_VALUE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


@dataclass(frozen=True)
class OperatorStatement:
    """One proposed ``P137`` statement: ``item`` (the base) was operated by ``operator`` from ``start`` and/or
    until ``end``. Dates are lexical values at their precision ("2026-01-18", "2026-01", "2026"); ``url`` is the
    article that states it; ``retrieved`` the day it was read (``S813``). QIDs None → the row is skipped."""

    item: str | None
    operator: str | None
    url: str
    start: str | None = None
    start_precision: Precision | None = None
    end: str | None = None
    end_precision: Precision | None = None
    retrieved: date | None = None


def wikidata_time(value: str, precision: Precision) -> str:
    """QuickStatements time literal: ``+2026-01-18T00:00:00Z/11``; unknown parts are ``00``."""
    m = _VALUE.match(value)
    if m is None or precision not in PRECISION_CODE:
        raise ValueError(f"not a date value at a known precision: {value!r} ({precision})")
    year, month, day = m.group(1), m.group(2) or "00", m.group(3) or "00"
    if precision in ("year", "decade"):
        month = day = "00"
    elif precision == "month":
        day = "00"
    return f"+{year}-{month}-{day}T00:00:00Z/{PRECISION_CODE[precision]}"


def _quote(url: str) -> str:
    return '"' + url.replace('"', "%22").replace("\t", "%09").replace("\n", "") + '"'


def quickstatements(rows: Iterable[OperatorStatement], separator: str = "|") -> str:
    """QuickStatements V1 lines, one per row with linked base and operator and at least one date.

    Example: ``Q4703502|P137|Q…|P582|+2026-01-18T00:00:00Z/11|S854|"https://…"``.
    """
    lines: list[str] = []
    seen: set[str] = set()
    for row in rows:
        if not (row.item and row.operator and _QID.match(row.item) and _QID.match(row.operator)):
            continue
        parts = [row.item, "P137", row.operator]
        if row.start and row.start_precision:
            parts += ["P580", wikidata_time(row.start, row.start_precision)]
        if row.end and row.end_precision:
            parts += ["P582", wikidata_time(row.end, row.end_precision)]
        if len(parts) == 3 or not row.url:
            continue  # a bare operator claim without time or source adds nothing reviewable
        parts += ["S854", _quote(row.url)]
        if row.retrieved is not None:
            parts += ["S813", wikidata_time(row.retrieved.isoformat(), "day")]
        line = separator.join(parts)
        if line not in seen:
            seen.add(line)
            lines.append(line)
    return "".join(line + "\n" for line in lines)
