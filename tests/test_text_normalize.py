"""Normalization: surface form with an offset map back to the original, and the matching key."""

from __future__ import annotations

import pytest

from kg.text.normalize import NormalizedText, key_text, normalize, normalize_key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("أَعلنَ", "اعلن"),  # diacritics
        ("بـ\u0640ـغداد", "بغداد"),  # tatweel
        ("إلى", "الي"),  # hamza-below alef, alef maqsura
        ("آذار", "اذار"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("القاعدة الجوية", "القاعده الجويه"),  # taa marbuta
        ("عين الأسد", "عين الاسد"),
        ("عين الاسد", "عين الاسد"),
        ("٢٠٢٤", "2024"),  # Arabic-Indic digits
        ("۱۴۰۳", "1403"),  # Persian digits
        ("  قاعدة \u00a0 عين\tالأسد \n", "قاعده عين الاسد"),  # whitespace collapsed and trimmed
        ("“داعش”", '"داعش"'),  # curly quotes
        ("‘x’", "'x'"),
        ("د\u200cا\u200bعش", "داعش"),  # zero-width characters
        ("ﻻ", "لا"),  # presentation-form ligature
        ("CNN", "cnn"),
    ],
)
def test_normalize_key(raw: str, key: str) -> None:
    assert normalize_key(raw) == key


def test_key_variants_collide_and_labels_do_not_change() -> None:
    assert normalize_key("الأميركية") != normalize_key("الأمريكية")  # spelling, not a normalization matter
    assert normalize_key("تنظيم الدولة الإسلامية") == normalize_key("تنظيم الدولة الاسلامية")
    # the surface form keeps letters as written: «على» (preposition) and «علي» (a name) stay distinct
    assert normalize("على").text == "على"
    assert normalize("علي").text == "علي"


def _check_map(raw: str, norm: NormalizedText) -> None:
    assert len(norm.offsets) == len(norm.text) + 1
    assert norm.offsets[-1] == len(raw)
    assert norm.offsets == sorted(norm.offsets)
    for i in range(len(norm.text)):
        s, e = norm.to_original(i, i + 1)
        assert 0 <= s <= e <= len(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("قال المسؤولُ إنَّ", "قال المسؤول إن"),
        ("الأشهر الـ12", "الأشهر ال12"),
        ("في ٢٧ أيلول ٢٠٢٤", "في 27 أيلول 2024"),
        ("٢٬٥٠٠ جندي", "2,500 جندي"),  # ٬ between digits is a thousands separator
        ("٢٫٥ مليون", "2.5 مليون"),  # ٫ is the decimal separator
        ("أيلول/سبتمبر الماضي٬ وقال", "أيلول/سبتمبر الماضي، وقال"),  # ٬ used as a comma
        ("قال:\u00a0نعم", "قال: نعم"),  # NBSP
        ("تنظيم داعش.وأضاف", "تنظيم داعش. وأضاف"),  # missing space after a full stop
        ("عام 2024.وأضاف", "عام 2024. وأضاف"),
        ('قال "نعم".وأضاف', 'قال "نعم". وأضاف'),
        ("في 27.9.2024 و2.5", "في 27.9.2024 و2.5"),  # numbers untouched
        ("shafaq.com", "shafaq.com"),
        ("سطر\r\n\r\nسطر  ثان", "سطر\nسطر ثان"),
        ("، ؛ ؟", "، ؛ ؟"),  # Arabic punctuation kept as is
        ("«داعش»", "«داعش»"),
        ("“نص”", '"نص"'),
    ],
)
def test_normalize_surface(raw: str, expected: str) -> None:
    norm = normalize(raw)
    assert norm.text == expected
    _check_map(raw, norm)


def test_to_original_maps_spans_back() -> None:
    raw = "أعلنَ\u00a0العراقُ، يومَ الأحدِ، إكمالَ انسحاب ٢٬٥٠٠ جندي.وأضاف"
    norm = normalize(raw)
    for word in ("العراق", "يوم الأحد", "انسحاب", "2,500", "جندي", "وأضاف"):
        i = norm.text.index(word)
        s, e = norm.to_original(i, i + len(word))
        assert normalize(raw[s:e]).text == word
    i = norm.text.index("العراق")
    s, e = norm.to_original(i, i + len("العراق"))
    assert raw[s:e] == "العراقُ"  # the trailing damma belongs to the word
    i = norm.text.index("2,500")
    assert raw[slice(*norm.to_original(i, i + 5))] == "٢٬٥٠٠"


def test_inserted_space_and_empty_spans() -> None:
    raw = "داعش.وأضاف"
    norm = normalize(raw)
    gap = norm.text.index(" ")
    assert norm.to_original(gap, gap + 1) == (5, 5)  # the inserted space has no width in the original
    assert norm.to_original(3, 3) == (3, 3)
    with pytest.raises(ValueError):
        norm.to_original(0, len(norm.text) + 1)


def test_ligature_expands_and_maps_to_its_source() -> None:
    raw = "قال ﷲ أكبر"
    norm = normalize(raw)
    i = norm.text.index("الله")
    assert norm.to_original(i, i + 4) == (4, 5)


def test_key_text_keeps_offsets() -> None:
    raw = "وصلت القواتُ إلى قاعدة عين الأسد الجوية"
    kt = key_text(raw)
    key = normalize_key("قاعدة عين الأسد")
    i = kt.text.index(key)
    s, e = kt.to_original(i, i + len(key))
    assert raw[s:e] == "قاعدة عين الأسد"


def test_empty() -> None:
    assert normalize("").text == ""
    assert normalize("").offsets == [0]
    assert normalize_key("") == ""


def test_key_equals_folded_surface_on_seed_tokens(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    """The fast key path agrees with folding the offset-keeping surface form."""
    import re

    from kg.text.normalize import _KEY_TABLE

    def slow(s: str) -> str:
        return re.sub(r"\s+", " ", normalize(s).text.translate(_KEY_TABLE)).strip().casefold()

    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for piece in set(text.split()) | set(text.splitlines()):
            assert normalize_key(piece) == slow(piece), piece
