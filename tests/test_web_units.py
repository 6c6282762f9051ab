"""The pieces of the web pages that need no server: search folding, marked article text, JSON in pages,
languages, coordinates, date spans."""

from __future__ import annotations

import json

import pytest

from kg.api.web.article import marked_paragraphs
from kg.api.web.facts import parse_point
from kg.api.web.i18n import WORDS, pick_lang
from kg.api.web.render import json_script
from kg.api.web.search import Entry, Index, _words, fold
from kg.display import date_bounds


@pytest.mark.parametrize(("a", "b"), [
    ("عين الأسد", "عين الاسد"),  # hamza on alef
    ("قيادة العمليات المشتركة", "قياده العمليات المشتركه"),  # ta marbuta
    ("مُسْتَشَارُو", "مستشارو"),  # diacritics
    ("العراقـــي", "العراقي"),  # tatweel
    ("مستشفى", "مستشفي"),  # alef maqsura
    ("Ḥusayn ʿAllāwī", "husayn allawi"),  # Latin accents and ʿayn marks
    ("Ain al-Asad", "ain al asad"),
])
def test_fold_makes_spellings_meet(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def _index(*names: tuple[str, str, str]) -> Index:
    return Index([Entry(iri, name, lang, "entity", fold(name), tuple(_words(fold(name)))) for iri, name, lang in names])


def test_search_matches_word_starts_and_drops_the_article() -> None:
    index = _index(("ain", "قاعدة عين الأسد الجوية", "ar"), ("ain", "Ain al-Asad Air Base", "en"),
                   ("taji", "معسكر التاجي", "ar"), ("baghdad", "بغداد", "ar"))
    assert [h.iri for h in index.search("عين اسد")] == ["ain"]  # «اسد» begins «الأسد» without its «ال»
    assert [h.iri for h in index.search("asad")] == ["ain"]
    assert [h.iri for h in index.search("تاجي")] == ["taji"]
    assert index.search("دمشق") == [] and index.search("  ") == []
    exact = _index(("a", "بغداد", "ar"), ("b", "مطار بغداد الدولي", "ar"))
    assert [h.iri for h in exact.search("بغداد")] == ["a", "b"]  # the exact name first


def test_marked_paragraphs_escape_and_mark_every_span() -> None:
    text = "أول <b>جملة</b>.\nالثانية هنا، والثالثة."
    paragraphs = [str(p) for p in marked_paragraphs(text, [(4, 15), (17, 24), (20, 30), (99, 120)])]
    assert len(paragraphs) == 2
    assert "<b>" not in paragraphs[0] and "&lt;b&gt;" in paragraphs[0]
    assert '<mark id="span-4-15">' in paragraphs[0]
    # overlapping spans share a mark; the second keeps its own anchor
    assert '<mark id="span-17-24">' in paragraphs[1] and '<span class="anchor" id="span-20-30"></span>' in paragraphs[1]
    assert "span-99-120" not in "".join(paragraphs)  # outside the text: ignored


def test_json_script_cannot_close_its_element() -> None:
    data = {"name": "</script><script>alert(1)</script>", "q": "a & b", "ls": "\u2028"}
    text = str(json_script(data))
    assert "</script" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == data


@pytest.mark.parametrize(("explicit", "header", "expected"), [
    ("ar", "en-US", ("ar", True)),
    (None, "ar-IQ,ar;q=0.9,en;q=0.8", ("ar", False)),
    (None, "fr-FR,en;q=0.5", ("en", False)),
    (None, None, ("en", False)),
    ("de", "ar", ("ar", False)),
])
def test_page_language(explicit: str | None, header: str | None, expected: tuple[str, bool]) -> None:
    assert pick_lang(explicit, header) == expected


def test_every_word_has_both_languages() -> None:
    assert all(en and ar for en, ar in WORDS.values())


def test_parse_point() -> None:
    assert parse_point("POINT(42.4412 33.7856)") == (42.4412, 33.7856)
    assert parse_point("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> Point(44.36 33.31)") == (44.36, 33.31)
    assert parse_point("POINT(200 10)") is None and parse_point("LINESTRING(1 2, 3 4)") is None


def test_date_bounds() -> None:
    assert date_bounds("2026-01", "month") == ("2026-01-01", "2026-01-31")
    assert date_bounds("2024-02", None) == ("2024-02-01", "2024-02-29")
    assert date_bounds("2025", "year") == ("2025-01-01", "2025-12-31")
    assert date_bounds("2026-01-18", "day") == ("2026-01-18", "2026-01-18")
    assert date_bounds("", "day") is None
