"""How a person reads a named query's rows: the columns that matter, labels for IRIs, dates at their precision.

The named queries return every variable of their contract (IRIs, label variables, precisions, Wikidata
links) because apps need them. A person needs fewer: for ``base-handovers`` the base, status, date, who handed
over to whom and the number of sources. :data:`READINGS` says, per named query, which columns a person reads
and how each is made from the row's variables; ``kg query`` prints them in its table format (``--wide`` prints
every variable) and the web pages use the same columns for their tables. A query without a reading (a
``.rq`` file) is shown with all its variables.

Dates are written at their precision: ``2026-01`` with precision ``month`` is "January 2026" («كانون الثاني
2026»), never "2026-01-01". Arabic month names are the Levantine/Iraqi ones the sources use.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.results import compact

if TYPE_CHECKING:
    from rich.console import RenderableType

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "ar": ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
           "تشرين الثاني", "كانون الأول"),
}

#: How a figure's qualifier is written before its number.
_QUALIFIER = {"about": "~", "less_than": "< ", "more_than": "> ", "exact": ""}


def date_parts(value: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of an ISO date, year-month or year (``2026-01-18``, ``2026-01``, ``2026``)."""
    head = value.strip().split("T", 1)[0]
    parts = head.split("-")
    try:
        if head.startswith("-") or not 1 <= len(parts) <= 3 or len(parts[0]) < 4:
            return None
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
        day = int(parts[2]) if len(parts) > 2 else None
    except ValueError:
        return None
    if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
        return None
    return year, month, day


def format_date(value: str | None, precision: str | None = None, lang: str = "en") -> str:
    """A date as a person writes it, at its precision: "18 January 2026", "January 2026", "2026", "2020s".

    Without a precision the value's own shape decides (``2026-01`` is a month). A value that is not a date is
    returned as it is.
    """
    if not value:
        return ""
    parts = date_parts(value)
    if parts is None:
        return value
    year, month, day = parts
    months = MONTHS["ar" if lang == "ar" else "en"]
    if precision == "decade":
        start = year - year % 10
        return f"{start}–{start + 9}" if lang == "ar" else f"{start}s"
    if precision == "year" or month is None:
        return str(year)
    if precision == "month" or day is None:
        return f"{months[month - 1]} {year}"
    return f"{day} {months[month - 1]} {year}"


#: qualifiers in words, for pages: (before the number in English, in Arabic)
_QUALIFIER_WORDS = {
    "about": ("about ", "نحو "),
    "less_than": ("fewer than ", "أقل من "),
    "more_than": ("more than ", "أكثر من "),
    "exact": ("", ""),
}


def format_figure(value: str | None, low: str | None, high: str | None, qualifier: str | None,
                  lang: str | None = None) -> str:
    """A troop count as read: "~2,500", "< 2,000", "> 900", "1,500–3,000"; with ``lang`` in words ("about
    2,500", «نحو 2,500»)."""

    def num(text: str) -> str:
        return f"{int(text):,}" if text.lstrip("-").isdigit() else text

    def say(kind: str, symbol: str) -> str:
        if lang is None:
            return symbol
        en, ar = _QUALIFIER_WORDS.get(kind, ("", ""))
        return ar if lang == "ar" else en

    if value:
        return say(qualifier or "", _QUALIFIER.get(qualifier or "", "")) + num(value)
    if low and high:
        return f"{num(low)}–{num(high)}"
    if low:
        return num(low) if qualifier == "exact" else say("more_than", "> ") + num(low)
    if high:
        return say("less_than", "< ") + num(high)
    return ""


Terms = Mapping[str, object]


@dataclass(frozen=True)
class Column:
    """One column a person reads: its title and how its text is made from the row's variables.

    ``kind`` is ``text`` (the value of ``var``), ``label`` (the label of the IRI in ``var``: a looked-up label,
    else the query's ``label`` variable, else the compacted IRI), ``date`` (``var`` at the precision in
    ``precision``), ``pair`` (two labelled values, "from → to") or ``figure`` (``value``/``min``/``max`` with
    the qualifier).
    """

    title: str
    kind: str
    var: str
    label: str | None = None
    precision: str | None = None
    other: str | None = None
    other_label: str | None = None

    @property
    def variables(self) -> tuple[str, ...]:
        """Every variable the column reads (for checking readings against the queries)."""
        names = [self.var, self.label, self.precision, self.other, self.other_label]
        if self.kind == "figure":
            names += ["min", "max", "qualifier"]
        return tuple(n for n in names if n)

    @property
    def iri_variables(self) -> tuple[str, ...]:
        """The variables whose IRIs the column shows by label."""
        if self.kind == "label":
            return (self.var,)
        if self.kind == "pair":
            return tuple(v for v in (self.var, self.other) if v)
        return ()

    def text(self, row: Terms, base_iri: str, lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
        """The cell's text for one row of terms; ``labels`` maps IRIs to the label to show for them."""

        def get(name: str | None) -> str:
            return compact(row.get(name), base_iri) if name else ""

        def labelled(var: str | None, label: str | None) -> str:
            term = row.get(var) if var else None
            if labels and isinstance(term, ox.NamedNode) and term.value in labels:
                return labels[term.value]
            return get(label) or get(var)

        if self.kind == "label":
            return labelled(self.var, self.label)
        if self.kind == "date":
            return format_date(get(self.var), get(self.precision) or None, lang)
        if self.kind == "pair":
            left, right = labelled(self.var, self.label), labelled(self.other, self.other_label)
            return f"{left or '—'} → {right or '—'}" if left or right else ""
        if self.kind == "figure":
            return format_figure(get(self.var), get("min"), get("max"), get("qualifier"))
        return get(self.var)


def _label(title: str, var: str, label: str | None = None) -> Column:
    return Column(title, "label", var, label=label or f"{var}Label")


def _date(title: str, var: str, precision: str | None = "precision") -> Column:
    return Column(title, "date", var, precision=precision)


def _text(var: str, title: str | None = None) -> Column:
    return Column(title or var, "text", var)


def _pair(title: str, left: str, right: str, labels: bool = True) -> Column:
    return Column(title, "pair", left, label=f"{left}Label" if labels else None, other=right,
                  other_label=f"{right}Label" if labels else None)


#: The columns a person reads, per named query (every variable named here is in the query's contract).
READINGS: dict[str, tuple[Column, ...]] = {
    "base-handovers": (
        _label("base", "base"), _text("status"), _date("date", "date"), _pair("from → to", "from", "to"),
        _text("sources"),
    ),
    "collective-handovers": (
        _text("scope"), _text("status"), _date("date", "date"), _pair("from → to", "from", "to"), _text("sources"),
    ),
    "troop-counts": (
        _label("force", "force"), _label("place", "place"), Column("figure", "figure", "value"), _text("unit"),
        _date("as of", "asOf"), _text("sources"),
    ),
    "agreements": (_text("label", "agreement"), _date("date", "date"), _text("parties"), _text("sources")),
    "deadlines": (_text("label", "phase"), _text("scope"), _date("deadline", "deadline"), _text("status")),
    "statements": (_label("speaker", "speaker"), _date("date", "date", None), _text("quote")),
    "entities": (_text("labelAr", "Arabic"), _text("labelEn", "English"), _text("type"), _text("mentions")),
    "articles": (_text("title"), _date("published", "published", None), _text("publisher")),
    "conflicts": (_text("type"), _text("on"), Column("value", "date", "value", precision="precision"),
                  _text("article"), _date("published", "published", None)),
    "handover-sources": (
        _label("base", "base"), _text("status"), _date("date", "date", None), _text("publisher"),
        _date("published", "published", None), _text("quote"),
    ),
    "inferred-publication": (
        _text("article"), _date("earliest", "earliest", None), _date("latest", "latest", None), _text("basis"),
    ),
    "operator-assignments": (
        _label("facility", "facility"), _label("operator", "operator"), _date("start", "start"),
        _date("end", "end"),
    ),
    "wikidata-bases": (
        _label("base", "base"), _label("operator", "operator"), _date("start", "start", None),
        _date("end", "end", None),
    ),
    "wikidata-operator-statements": (
        _text("item"), _text("operator"), _date("start", "start"), _date("end", "end"),
    ),
    "withdrawals": (
        _text("type"), _label("force", "force"), _pair("from → to", "from", "to"), _text("status"),
        _date("date", "date"), _text("sources"),
    ),
}


def reading(name: str, variables: Sequence[str]) -> tuple[Column, ...]:
    """The columns a person reads for a query's result; every variable when the query has no reading."""
    columns = READINGS.get(name)
    present = set(variables)
    if columns and all(c.var in present for c in columns):
        return columns
    return tuple(_text(v) for v in variables)


def row_cells(columns: Sequence[Column], row: Terms, base_iri: str, lang: str = "en",
              labels: Mapping[str, str] | None = None) -> list[str]:
    """The text of each column for one row of terms (unbound variables are missing or None)."""
    return [c.text(row, base_iri, lang, labels) for c in columns]


def labelled_iris(columns: Sequence[Column], rows: Sequence[Terms]) -> list[str]:
    """The IRIs the columns show by label, in first-seen order (for one label lookup)."""
    seen: dict[str, None] = {}
    for row in rows:
        for column in columns:
            for var in column.iri_variables:
                term = row.get(var)
                if isinstance(term, ox.NamedNode):
                    seen.setdefault(term.value, None)
    return list(seen)


SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def label_lookup(iris: Sequence[str], predicates: Sequence[str] = (SKOS_PREF_LABEL, RDFS_LABEL)) -> str:
    """One linear query for the labels of these IRIs: ``?s ?p ?l`` with ?p one of ``predicates``, as a UNION of
    constant predicates (a ``VALUES ?p`` there is evaluated over every triple before the join)."""
    values = " ".join(f"<{iri}>" for iri in iris)
    branches = " UNION ".join(f"{{ ?s <{p}> ?l BIND (<{p}> AS ?p) }}" for p in predicates)
    return f"SELECT DISTINCT ?s ?p ?l WHERE {{ VALUES ?s {{ {values} }} {branches} }}"


def choose_labels(found: Sequence[tuple[str, str, str, str]], lang: str) -> dict[str, str]:
    """The label to show per IRI from (iri, predicate, label, language) rows.

    The asked language first, then Arabic, English, any; within a language skos:prefLabel before rdfs:label,
    then the smallest string, so the same graph always gives the same label.
    """
    order = {"ar": 1, "en": 2}
    order[lang] = 0
    best: dict[str, tuple[int, int, str]] = {}
    for iri, pred, label, label_lang in found:
        rank = (order.get(label_lang, 3), 0 if pred == SKOS_PREF_LABEL else 1, label)
        if iri not in best or rank < best[iri]:
            best[iri] = rank
    return {iri: rank[2] for iri, rank in best.items()}


def table(name: str, variables: Sequence[str], rows: Sequence[Terms], base_iri: str, *, width: int = 80,
          wide: bool = False, lang: str = "en", labels: Mapping[str, str] | None = None) -> RenderableType:
    """The rows for a terminal of ``width`` columns, as a rich renderable (rich is imported only here).

    By default the reading's columns, labels in place of IRIs, dates at their precision. ``wide`` shows every
    variable: as a table when it fits the width, else one block of ``variable  value`` lines per row.
    """
    from rich import box
    from rich.console import Group
    from rich.table import Table

    title = f"{name} ({len(rows)} row{'' if len(rows) == 1 else 's'})"
    if wide:
        columns: tuple[Column, ...] = tuple(_text(v) for v in variables)
        cells = [row_cells(columns, row, base_iri, lang) for row in rows]
        natural = sum(max([len(c.title)] + [len(r[i]) for r in cells]) + 2 for i, c in enumerate(columns))
        if natural > width:
            blocks: list[str | Table] = [title]
            for n, values in enumerate(cells, 1):
                record = Table(box=None, show_header=False, pad_edge=False, title=f"── row {n}",
                               title_justify="left")
                record.add_column(style="bold", no_wrap=True)
                record.add_column(overflow="fold")
                for column, value in zip(columns, values, strict=True):
                    if value:
                        record.add_row(column.title, value)
                blocks.append(record)
            return Group(*blocks)
    else:
        columns = reading(name, variables)
        cells = [row_cells(columns, row, base_iri, lang, labels) for row in rows]
    caption = None
    if len(columns) < len(variables):
        caption = f"{len(columns)} of {len(variables)} variables: --wide for all, --format csv|tsv|json for raw values"
    out = Table(title=title, caption=caption, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left",
                caption_justify="left")
    for column in columns:
        short = column.kind in ("date", "figure") or column.var in ("status", "sources", "type", "unit")
        out.add_column(column.title, overflow="fold", no_wrap=short)
    for values in cells:
        out.add_row(*values)
    return out


def date_bounds(value: str | None, precision: str | None = None) -> tuple[str, str] | None:
    """The first and last day a date at its precision covers (``2026-01`` → 2026-01-01, 2026-01-31), ISO."""
    import calendar

    parts = date_parts(value or "")
    if parts is None:
        return None
    year, month, day = parts
    if precision == "decade":
        start = year - year % 10
        return f"{start:04d}-01-01", f"{start + 9:04d}-12-31"
    if precision == "year" or month is None:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    if precision == "month" or day is None:
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}", f"{year:04d}-{month:02d}-{day:02d}"
