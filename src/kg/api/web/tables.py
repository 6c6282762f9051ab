"""Result rows as HTML table cells: labels linked to our ``/id/`` pages, dates at their precision, no syntax.

The columns are the ones ``kg query`` prints (:mod:`kg.display`); a cell is a list of :class:`Part` so the
template can give each piece its link and its language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kg.api.web.data import Row, Value
from kg.api.web.render import Page
from kg.display import Column, format_figure


@dataclass(frozen=True)
class Part:
    """A piece of a cell: text, an optional link, and the language of the text ("" when not language text)."""

    text: str
    href: str | None = None
    lang: str = ""
    external: bool = False


def _value_part(page: Page, value: Value | None) -> Part | None:
    if value is None or value.value == "":
        return None
    if value.is_iri:
        local = page.local(value.value)
        name = page.name(value.value)
        return Part(name, local or value.value, page.label_lang(value.value) if value.value in page.labels else "",
                    external=local is None)
    return Part(value.value, None, value.lang)


def _labelled(page: Page, row: Row, var: str | None, label: str | None) -> Part | None:
    value = row.get(var) if var else None
    if value is not None and value.is_iri:
        local = page.local(value.value)
        if value.value not in page.labels and label and row.get(label):
            lab = row[label]
            return Part(lab.value, local or value.value, lab.lang, external=local is None)
        return _value_part(page, value)
    if label and row.get(label):
        return Part(row[label].value, None, row[label].lang)
    return _value_part(page, value)


def cell(page: Page, column: Column, row: Row) -> list[Part]:
    """The parts of one cell."""
    def text(name: str | None) -> str:
        return row[name].value if name and name in row else ""

    if column.kind == "label":
        part = _labelled(page, row, column.var, column.label)
        return [part] if part else []
    if column.kind == "date":
        shown = page.date(text(column.var), text(column.precision) or None)
        return [Part(shown)] if shown else []
    if column.kind == "pair":
        left = _labelled(page, row, column.var, column.label)
        right = _labelled(page, row, column.other, column.other_label)
        if not left and not right:
            return []
        return [left or Part("—"), Part(" → " if page.lang == "en" else " ← "), right or Part("—")]
    if column.kind == "figure":
        shown = format_figure(text(column.var), text("min"), text("max"), text("qualifier"))
        return [Part(shown)] if shown else []
    if column.var == "status" and text("status"):
        return [Part(page.status(text("status")) or text("status"))]
    part = _value_part(page, row.get(column.var))
    return [part] if part else []


def cells(page: Page, columns: Sequence[Column], rows: Sequence[Row]) -> list[list[list[Part]]]:
    """Every cell of every row."""
    return [[cell(page, c, row) for c in columns] for row in rows]


def iris_to_label(columns: Sequence[Column], rows: Sequence[Row]) -> list[str]:
    """The IRIs the cells show, for one label lookup."""
    out: list[str] = []
    for row in rows:
        for column in columns:
            for var in (column.var, column.other):
                value = row.get(var) if var else None
                if value is not None and value.is_iri:
                    out.append(value.value)
    return out
