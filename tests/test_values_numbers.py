"""Numbers (digits in both systems, number words) and counted quantities with qualifiers and units."""

from __future__ import annotations

import pytest

from kg.model import Quantity
from kg.values.numbers import find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2500", 2500),
        ("2,500", 2500),
        ("٢٬٥٠٠", 2500),
        ("٢٥٠٠", 2500),
        ("۲۵۰۰", 2500),
        ("1,250,000", 1250000),
        ("2.500", 2500),  # dotted thousands
        ("واحد", 1),
        ("اثنان", 2),
        ("ثلاثة", 3),
        ("أربع", 4),
        ("خمسة", 5),
        ("ستة", 6),
        ("سبعة", 7),
        ("ثمانية", 8),
        ("تسعة", 9),
        ("عشرة", 10),
        ("أحد عشر", 11),
        ("إحدى عشرة", 11),
        ("خمسة عشر", 15),
        ("عشرون", 20),
        ("خمسة وعشرين", 25),
        ("مئة", 100),
        ("مائة", 100),
        ("مئتين", 200),
        ("ثلاث مئة", 300),
        ("خمسمئة", 500),
        ("تسعمائة", 900),
        ("مئة وخمسون", 150),
        ("ألف", 1000),
        ("ألفان", 2000),
        ("ألفين", 2000),
        ("ألفي", 2000),
        ("ثلاثة آلاف", 3000),
        ("عشرة آلاف", 10000),
        ("ألفين وخمسمئة", 2500),
        ("ثلاثة آلاف وخمسمائة", 3500),
        ("مئتي ألف", 200000),
        ("مليون", 1000000),
        ("مليونان", 2000000),
        ("ملايين", 1000000),  # a lower bound
        ("مئات", 100),  # a lower bound
        ("آلاف", 1000),  # a lower bound
        ("نصف مليون", 500000),
        ("مليون ونصف", 1500000),
        ("ألف ونصف", 1500),
        ("2.5 ألف", 2500),
        ("1.5 مليون", 1500000),
        ("3 آلاف", 3000),
        ("٣ آلاف", 3000),
        ("عشرات الآلاف", 10000),
        ("مليار", 1000000000),
        ("ثلاثةُ آلافٍ", 3000),  # diacritics
    ],
)
def test_parse_number(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "1.5", "abc", "جندي", "27.9.2024", "1,5", "12,34", "ثلاثة جنود", "نصف"])
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


def _one(text: str) -> Quantity:
    found = find_quantities(text)
    assert len(found) == 1, found
    q = found[0]
    assert text[q.start : q.end] == q.text
    return q


# text, span, value, min, max, qualifier, unit, inclusive
QUANTITIES = [
    ("أرسلت نحو 2500 جندي أمريكي", "نحو 2500 جندي", 2500, None, None, "about", "troops", None),
    ("وصل حوالي 2,500 جندي", "حوالي 2,500 جندي", 2500, None, None, "about", "troops", None),
    ("وصل حوالى 300 مستشار", "حوالى 300 مستشار", 300, None, None, "about", "advisers", None),
    ("قرابة 4000 مقاتل", "قرابة 4000 مقاتل", 4000, None, None, "about", "fighters", None),
    ("زهاء ألفي عنصر", "زهاء ألفي عنصر", 2000, None, None, "about", "personnel", None),
    ("ما يقارب 3 آلاف عسكري", "ما يقارب 3 آلاف عسكري", 3000, None, None, "about", "troops", None),
    ("تقدر بنحو ٢٬٥٠٠ جندي", "بنحو ٢٬٥٠٠ جندي", 2500, None, None, "about", "troops", None),
    ("وبنحو 500 جندي", "بنحو 500 جندي", 500, None, None, "about", "troops", None),
    ("أكثر من 900 جندي", "أكثر من 900 جندي", 900, 900, None, "more_than", "troops", False),
    ("ما يزيد عن 5000 مقاتل", "ما يزيد عن 5000 مقاتل", 5000, 5000, None, "more_than", "fighters", False),
    (
        "ما يزيد على خمسة آلاف مقاتل",
        "ما يزيد على خمسة آلاف مقاتل",
        5000,
        5000,
        None,
        "more_than",
        "fighters",
        False,
    ),
    ("يزيد على 200 مستشار", "يزيد على 200 مستشار", 200, 200, None, "more_than", "advisers", False),
    ("ما لا يقل عن 300 مستشار", "ما لا يقل عن 300 مستشار", 300, 300, None, "more_than", "advisers", True),
    ("أقل من 2000 جندي", "أقل من 2000 جندي", 2000, None, 2000, "less_than", "troops", False),
    ("لا يتجاوز 2000 عنصر", "لا يتجاوز 2000 عنصر", 2000, None, 2000, "less_than", "personnel", True),
    ("ما يصل إلى ٣٬٠٠٠ جندي", "ما يصل إلى ٣٬٠٠٠ جندي", 3000, None, 3000, "less_than", "troops", True),
    ("ما يصل الى 3000 جندي", "ما يصل الى 3000 جندي", 3000, None, 3000, "less_than", "troops", True),
    ("حتى 500 جندي", "حتى 500 جندي", 500, None, 500, "less_than", "troops", True),
    ("بين 1500 و3000 مقاتل", "بين 1500 و3000 مقاتل", None, 1500, 3000, "range", "fighters", None),
    ("بين 1500 و 3000 مقاتل", "بين 1500 و 3000 مقاتل", None, 1500, 3000, "range", "fighters", None),
    ("ما بين ألف وألفي جندي", "ما بين ألف وألفي جندي", None, 1000, 2000, "range", "troops", None),
    ("من 500 إلى 700 مستشار", "من 500 إلى 700 مستشار", None, 500, 700, "range", "advisers", None),
    ("بين 2 و3 آلاف جندي", "بين 2 و3 آلاف جندي", None, 2000, 3000, "range", "troops", None),
    ("بين ٢٠٠٠ و٣٠٠٠ جندي", "بين ٢٠٠٠ و٣٠٠٠ جندي", None, 2000, 3000, "range", "troops", None),
    ("انتشر 2500 جندي", "2500 جندي", 2500, None, None, "exact", "troops", None),
    ("انتشر 2500 من الجنود", "2500 من الجنود", 2500, None, None, "exact", "troops", None),
    ("ثلاثة جنود", "ثلاثة جنود", 3, None, None, "exact", "troops", None),
    ("150 ألف جندي", "150 ألف جندي", 150000, None, None, "exact", "troops", None),
    ("ألفين وخمسمئة جندي", "ألفين وخمسمئة جندي", 2500, None, None, "exact", "troops", None),
    ("2.5 ألف جندي", "2.5 ألف جندي", 2500, None, None, "exact", "troops", None),
    ("100 مستشارين", "100 مستشارين", 100, None, None, "exact", "advisers", None),
    ("200 عنصر", "200 عنصر", 200, None, None, "exact", "personnel", None),
    ("500 عسكريين", "500 عسكريين", 500, None, None, "exact", "troops", None),
    ("آلاف الجنود", "آلاف الجنود", 1000, 1000, None, "more_than", "troops", True),
    ("مئات المقاتلين", "مئات المقاتلين", 100, 100, None, "more_than", "fighters", True),
    ("2500 جندي تقريبا", "2500 جندي تقريبا", 2500, None, None, "about", "troops", None),
    ("نقل 450 إلى أربيل", "450", 450, None, None, "exact", None, None),
    ("2,500 troops", "2,500", 2500, None, None, "exact", None, None),
    ("قرابة الـ2500 جندي", "قرابة الـ2500 جندي", 2500, None, None, "about", "troops", None),
    ("انسحاب الـ2500 جندي", "2500 جندي", 2500, None, None, "exact", "troops", None),
    ("قرابة 4000", "قرابة 4000", 4000, None, None, "about", None, None),
    ("زهاء نصف مليون", "زهاء نصف مليون", 500000, None, None, "about", None, None),
    # the hundreds after the thousands, in digits («ألفاً و500»)
    ("نشر 11 ألفاً و500 جندي", "11 ألفاً و500 جندي", 11500, None, None, "exact", "troops", None),
    ("نحو ثلاثة آلاف و200 عسكري", "نحو ثلاثة آلاف و200 عسكري", 3200, None, None, "about", "troops", None),
    # «ما بين … إلى …», «P أو Q آلاف»: ranges
    ("ما بين 40 إلى 50 ألف جندي", "ما بين 40 إلى 50 ألف جندي", None, 40000, 50000, "range", "troops", None),
    ("أربعة أو خمسة آلاف جندي", "أربعة أو خمسة آلاف جندي", None, 4000, 5000, "range", "troops", None),
    ("ثلاثة أو أربعة جنود", "ثلاثة أو أربعة جنود", None, 3, 4, "range", "troops", None),
    ("نحو ألف رجل", "نحو ألف رجل", 1000, None, None, "about", "men", None),
]


@pytest.mark.parametrize(
    ("text", "span", "value", "vmin", "vmax", "qualifier", "unit", "inclusive"), QUANTITIES
)
def test_quantities(
    text: str,
    span: str,
    value: int | None,
    vmin: int | None,
    vmax: int | None,
    qualifier: str,
    unit: str | None,
    inclusive: bool | None,
) -> None:
    q = _one(text)
    assert (q.text, q.value, q.min, q.max, q.qualifier, q.unit, q.inclusive) == (
        span,
        value,
        vmin,
        vmax,
        qualifier,
        unit,
        inclusive,
    )


@pytest.mark.parametrize(
    "text",
    [
        "ارتفعت بنسبة 25%",
        "ارتفعت بنسبة 25 ٪",
        "ارتفعت 25 بالمئة",
        "ارتفعت 25 في المئة",
        "بقيمة 500 مليون دولار",
        "بقيمة 30 ألف دينار",
        "على بعد 30 كم",
        "على بعد 30 كيلومترا",
        "في 27 أيلول 2024",
        "عام 2024",
        "منذ 2014",
        "بين عامي 2014 و2017",
        "في 2024 أعلن",
        "اللواء 65 مشاة",
        "الفرقة السابعة",
        "الفرقة 7",
        "القرار 2379",
        "الأشهر الـ12",
        "منذ 11 عاما",
        "خلال ثمانية أعوام",
        "طائرات F-16",
        "أحد الجنود",
        "جندي واحد",
        "ثلاثة",  # a lone number word with no unit or qualifier
        "الساعة 10 صباحا",
        "https://sarabic.ae/20251231/article-1108774311.html",
        "بتاريخ 31.12.2025",
        "مرتين 3 مرات",
        "في الساعة 10:30 صباحا",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_several_with_offset_and_units() -> None:
    article = "مقدمة. ويبلغ عدد القوات نحو 2500 جندي، بعد أن كان أكثر من 5 آلاف مقاتل و200 مستشار."
    start = article.index("ويبلغ")
    found = find_quantities(article[start:], offset=start)
    assert [(q.value, q.qualifier, q.unit) for q in found] == [
        (2500, "about", "troops"),
        (5000, "more_than", "fighters"),
        (200, "exact", "advisers"),
    ]
    for q in found:
        assert article[q.start : q.end] == q.text


def test_glued_conjunction_is_not_in_span() -> None:
    q = _one("وصل 200 جندي و300 مستشار".split(" جندي ")[1])
    assert q.text == "300 مستشار"


def test_marks_and_odd_spaces_are_tolerated() -> None:
    article = "مقدمة. أرسلت نحوَ ٢٬٥٠٠\u00a0جنديٍّ والـ12 قاعدة"
    found = find_quantities(article[7:], offset=7)
    assert [(q.text, q.value, q.unit) for q in found] == [("نحوَ ٢٬٥٠٠\u00a0جنديٍّ", 2500, "troops")]
    assert article[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("وثلاثة آلاف جندي", "ثلاثة آلاف جندي", 3000),
        ("بثلاثة آلاف جندي", "بثلاثة آلاف جندي", 3000),
        ("والآلاف من الجنود", "الآلاف من الجنود", 1000),
        ("بالمئات من المقاتلين", "بالمئات من المقاتلين", 100),
    ],
)
def test_number_word_clitics(text: str, span: str, value: int) -> None:
    q = _one(text)
    assert (q.text, q.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "value", "lo", "hi", "qualifier"),
    [
        ("وأكد أن ألفا جندي ما زالوا هناك", 2000, None, None, "exact"),  # dual in construct: two thousand
        ("وتضم القيادة عشرين ألفا من المقاتلين", 20000, None, None, "exact"),  # accusative after a number
        ("وأبقت بضع مئات من المستشارين", None, 300, 900, "range"),  # بضع = three to nine
        ("ونشرت بضعة آلاف جندي", None, 3000, 9000, "range"),
        ("ونشرت آلاف الجنود", 1000, 1000, None, "more_than"),  # a plural alone stays a lower bound
    ],
)  # fmt: skip
def test_construct_duals_and_a_few_hundred(
    text: str, value: int | None, lo: int | None, hi: int | None, qualifier: str
) -> None:
    [q] = find_quantities(text)
    assert (q.value, q.min, q.max, q.qualifier) == (value, lo, hi, qualifier)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("بين ألفين و3000 جندي", [(None, 2000, 3000)]),  # the digits begin the second figure, they add nothing
        ("بين 2 آلاف و3 آلاف جندي", [(None, 2000, 3000)]),
        ("ألف و500 يورو", []),  # money
        ("من 15 ألفا إلى عشرة آلاف رجل", [(15000, None, None), (10000, None, None)]),  # a fall: two figures
        ("من 2000 إلى 1400 جندي", [(2000, None, None), (1400, None, None)]),
        ("واحد أو اثنان", []),  # no scale, no unit: not a count
    ],
)
def test_digits_after_a_scale_and_falling_figures(text: str, values: list[tuple[int | None, ...]]) -> None:
    assert [(q.value, q.min, q.max) for q in find_quantities(text)] == values


@pytest.mark.parametrize("text", ["وخفضت البعثة عدد قواتها بمقدار 2000 خلال المرحلة الثانية",
                                  "وتنتشر في المنطقة قوة قوامها 2000 تحت قيادة واحدة"])
def test_a_year_like_number_after_a_word_of_amount_is_a_count(text: str) -> None:
    assert [q.value for q in find_quantities(text)] == [2000]


def test_the_arabic_comma_groups_thousands_only_before_three_unspaced_digits() -> None:
    assert [q.value for q in find_quantities("من بين 1،156 عسكريا")] == [1156]
    assert [q.value for q in find_quantities("البنود 1، 2، 3")] == [1, 2, 3]
    assert [q.value for q in find_quantities("البنود 1،2،3")] == [1, 2, 3]


def test_a_range_with_no_min_before_it_before_a_unit() -> None:
    (q,) = find_quantities("ودعا النائب إلى نشر 4000 إلى 5000 جندي في الإقليم")
    assert (q.qualifier, q.min, q.max) == ("range", 4000, 5000)
    # a fall, or a change from a hedged figure, stays two figures
    assert [q.value for q in find_quantities("خفض 2000 إلى 1400 جندي")] == [2000, 1400]
    assert [q.value for q in find_quantities("زيادة القوات من نحو ألف إلى ثلاثة آلاف رجل")] == [1000, 3000]
