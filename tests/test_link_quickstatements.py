"""kg.link.quickstatements: V1 lines for operator changes, only for linked entities."""

from __future__ import annotations

from datetime import date

import pytest

from kg.link.quickstatements import OperatorStatement, quickstatements, wikidata_time

URL = "https://example.org/news/1"
OPERATOR = "Q30"  # any verified QID works as the operator for the format test


def test_end_time_with_reference() -> None:
    row = OperatorStatement("Q4703502", OPERATOR, URL, end="2026-01-18", end_precision="day")
    assert quickstatements([row]) == f'Q4703502|P137|Q30|P582|+2026-01-18T00:00:00Z/11|S854|"{URL}"\n'


def test_start_month_precision_and_retrieved() -> None:
    row = OperatorStatement(
        "Q4703502", "Q796", URL, start="2026-01", start_precision="month", retrieved=date(2026, 1, 20)
    )
    line = quickstatements([row], separator="\t").rstrip("\n")
    assert line.split("\t") == [
        "Q4703502",
        "P137",
        "Q796",
        "P580",
        "+2026-01-00T00:00:00Z/10",
        "S854",
        f'"{URL}"',
        "S813",
        "+2026-01-20T00:00:00Z/11",
    ]


def test_unlinked_or_undated_rows_are_skipped_and_duplicates_merged() -> None:
    rows = [
        OperatorStatement(None, OPERATOR, URL, end="2026", end_precision="year"),
        OperatorStatement("Q4703502", "x-org-abc", URL, end="2026", end_precision="year"),
        OperatorStatement("Q4703502", OPERATOR, URL),  # no date: nothing to review
        OperatorStatement("Q4703502", OPERATOR, "", end="2026", end_precision="year"),  # no source
        OperatorStatement("Q4703502", OPERATOR, URL, end="2025-09-30", end_precision="year"),
        OperatorStatement("Q4703502", OPERATOR, URL, end="2025", end_precision="year"),
    ]
    assert quickstatements(rows).splitlines() == [
        f'Q4703502|P137|Q30|P582|+2025-00-00T00:00:00Z/9|S854|"{URL}"'
    ]


def test_time_literals_and_bad_values() -> None:
    assert wikidata_time("2020", "decade") == "+2020-00-00T00:00:00Z/8"
    assert wikidata_time("2026-09-27", "month") == "+2026-09-00T00:00:00Z/10"
    with pytest.raises(ValueError):
        wikidata_time("27/09/2026", "day")
    assert '"https://x.org/a%22b"' in quickstatements(
        [OperatorStatement("Q1", "Q2", 'https://x.org/a"b', end="2026", end_precision="year")]
    )
