"""Rows as a person reads them: dates at their precision, figures, the reading of each named query, and
`kg query`'s table in an 80-column terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.display import READINGS, choose_labels, format_date, format_figure, reading, row_cells
from kg.queries import load_named_queries

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in
QUERIES = load_named_queries(PROJECT_ROOT / "queries")


@pytest.mark.parametrize(
    ("value", "precision", "lang", "expected"),
    [
        ("2026-01-18", "day", "en", "18 January 2026"),
        ("2026-01-18", "day", "ar", "18 كانون الثاني 2026"),
        ("2026-01", "month", "en", "January 2026"),
        ("2026-01", "month", "ar", "كانون الثاني 2026"),
        ("2026-01-01", "month", "en", "January 2026"),  # a month stored as a day is still a month
        ("2025-09", None, "en", "September 2025"),  # no precision: the value's shape decides
        ("2026", "year", "ar", "2026"),
        ("2020-05-01", "decade", "en", "2020s"),
        ("2025-12-31T10:00:00Z", None, "en", "31 December 2025"),
        ("", "day", "en", ""),
        ("soon", None, "en", "soon"),
        ("2026-13", None, "en", "2026-13"),
    ],
)
def test_format_date_at_its_precision(value: str, precision: str | None, lang: str, expected: str) -> None:
    assert format_date(value, precision, lang) == expected


def test_format_figure() -> None:
    assert format_figure("2500", None, None, "about") == "~2,500"
    assert format_figure("2500", None, None, "exact") == "2,500"
    assert format_figure(None, "900", None, "more_than") == "> 900"
    assert format_figure(None, None, "2000", "less_than") == "< 2,000"
    assert format_figure(None, "1500", "3000", "range") == "1,500–3,000"
    assert format_figure(None, None, None, "about") == ""


@pytest.mark.parametrize("name", sorted(READINGS))
def test_every_reading_reads_variables_of_its_query(name: str) -> None:
    assert name in QUERIES, f"reading for a query that does not exist: {name}"
    variables = [v.value for v in ox.Store().query(QUERIES[name].text).variables]  # type: ignore[union-attr]
    for column in READINGS[name]:
        missing = set(column.variables) - set(variables) - {"min", "max", "qualifier"}
        assert not missing, (name, column.title, missing)
    assert reading(name, variables) == READINGS[name]


def test_every_named_query_has_a_reading() -> None:
    assert sorted(QUERIES) == sorted(READINGS)


def test_reading_falls_back_to_every_variable() -> None:
    assert [c.title for c in reading("my-file", ["s", "p"])] == ["s", "p"]
    # a query whose variables lack the reading's (a renamed .rq copy) is shown whole, never half-read
    assert [c.title for c in reading("base-handovers", ["x"])] == ["x"]


def test_row_cells_labels_and_pairs() -> None:
    base = "https://w3id.org/kg-news/id/"
    row = {
        "base": ox.NamedNode(base + "entity/ain"), "baseLabel": ox.Literal("قاعدة عين الأسد", language="ar"),
        "status": ox.Literal("completed"), "date": ox.Literal("2026-01"), "precision": ox.Literal("month"),
        "to": ox.NamedNode(base + "entity/isf"), "sources": ox.Literal("2"),
    }
    cells = row_cells(READINGS["base-handovers"], row, base)
    assert cells == ["قاعدة عين الأسد", "completed", "January 2026", "— → entity/isf", "2"]
    labels = {base + "entity/ain": "Ain al-Asad Air Base", base + "entity/isf": "Iraqi Security Forces"}
    cells = row_cells(READINGS["base-handovers"], row, base, "ar", labels)
    assert cells == ["Ain al-Asad Air Base", "completed", "كانون الثاني 2026", "— → Iraqi Security Forces", "2"]


def test_choose_labels_prefers_the_language_then_preflabel() -> None:
    pref, rdfs = "http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label"
    found = [("x", rdfs, "B", "en"), ("x", pref, "A", "en"), ("x", pref, "ع", "ar"), ("y", rdfs, "ي", "ar")]
    assert choose_labels(found, "en") == {"x": "A", "y": "ي"}
    assert choose_labels(found, "ar") == {"x": "ع", "y": "ي"}


def _kg(*args: str, columns: int = 80) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": str(columns)}
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=120)


def test_kg_query_table_fits_80_columns_with_labels(seeds_store: Path) -> None:
    proc = _kg("query", "base-handovers", "--store", str(seeds_store))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines), max(lines, key=len)
    assert "https://" not in proc.stdout and "entity/" not in proc.stdout
    header = next(line for line in lines if "status" in line)
    assert header.split() == ["base", "status", "date", "from", "→", "to", "sources"]
    assert "Ain al-Asad Air" in proc.stdout and "18 January 2026" in proc.stdout
    arabic = _kg("query", "base-handovers", "--store", str(seeds_store), "--lang", "ar")
    assert "قاعدة عين الأسد" in arabic.stdout and "كانون الثاني 2026" in arabic.stdout


def test_kg_query_wide_and_raw_formats_keep_the_contract(seeds_store: Path) -> None:
    wide = _kg("query", "base-handovers", "--store", str(seeds_store), "--wide")
    assert wide.returncode == 0, wide.stderr
    assert all(len(line.rstrip()) <= 80 for line in wide.stdout.splitlines())
    for var in ("event", "baseLabelEn", "wikidata", "precision", "fromLabel", "toLabel"):
        assert var in wide.stdout
    csv = _kg("query", "base-handovers", "--store", str(seeds_store), "--format", "csv")
    assert csv.stdout.splitlines()[0] == (
        "event,base,baseLabel,baseLabelEn,wikidata,status,date,precision,from,fromLabel,to,toLabel,sources"
    )
    assert "https://w3id.org/kg-news/id/entity/ain-al-asad-air-base" in csv.stdout
