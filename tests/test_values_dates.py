"""Dates: absolute, month names in both systems, relative to the publication date, vague periods, ranges."""

from __future__ import annotations

from datetime import date

import pytest

from kg.model import TimeValue
from kg.values.dates import find_dates

PUB = date(2026, 1, 18)  # a Sunday


def _one(text: str, published: date | None = PUB) -> TimeValue:
    found = find_dates(text, published)
    assert len(found) == 1, found
    t = found[0]
    assert text[t.start : t.end] == t.text
    return t


def _d(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


# text, expected span text, value, precision
ABSOLUTE = [
    ("صدر في 27 أيلول 2024 والذي", "27 أيلول 2024", "2024-09-27", "day"),
    ("في 6 تشرين الثاني 2025 بين", "6 تشرين الثاني 2025", "2025-11-06", "day"),
    ("في 1 كانون الثاني 2026", "1 كانون الثاني 2026", "2026-01-01", "day"),
    ("في 31 كانون الأول 2025", "31 كانون الأول 2025", "2025-12-31", "day"),
    ("في 15 تشرين الأول 2023", "15 تشرين الأول 2023", "2023-10-15", "day"),
    ("في 3 شباط 2025", "3 شباط 2025", "2025-02-03", "day"),
    ("في 29 شباط 2024", "29 شباط 2024", "2024-02-29", "day"),  # leap year
    ("في 4 آذار 2025", "4 آذار 2025", "2025-03-04", "day"),
    ("في 4 اذار 2025", "4 اذار 2025", "2025-03-04", "day"),
    ("في 10 نيسان 2025", "10 نيسان 2025", "2025-04-10", "day"),
    ("في 9 أيار 2025", "9 أيار 2025", "2025-05-09", "day"),
    ("في 9 ايار 2025", "9 ايار 2025", "2025-05-09", "day"),
    ("في 30 حزيران 2025", "30 حزيران 2025", "2025-06-30", "day"),
    ("في 14 تموز 2025", "14 تموز 2025", "2025-07-14", "day"),
    ("في 5 آب 2025", "5 آب 2025", "2025-08-05", "day"),
    ("في 5 ايلول 2025", "5 ايلول 2025", "2025-09-05", "day"),
    ("في 15 يناير 2026", "15 يناير 2026", "2026-01-15", "day"),
    ("في 2 فبراير 2026", "2 فبراير 2026", "2026-02-02", "day"),
    ("في 21 مارس 2025", "21 مارس 2025", "2025-03-21", "day"),
    ("في 7 أبريل 2025", "7 أبريل 2025", "2025-04-07", "day"),
    ("في 7 إبريل 2025", "7 إبريل 2025", "2025-04-07", "day"),
    ("في 1 مايو 2025", "1 مايو 2025", "2025-05-01", "day"),
    ("في 12 يونيو 2025", "12 يونيو 2025", "2025-06-12", "day"),
    ("في 12 يونيه 2025", "12 يونيه 2025", "2025-06-12", "day"),
    ("في 4 يوليو 2025", "4 يوليو 2025", "2025-07-04", "day"),
    ("في 4 يوليوز 2025", "4 يوليوز 2025", "2025-07-04", "day"),
    ("في 20 أغسطس 2025", "20 أغسطس 2025", "2025-08-20", "day"),
    ("في 27 سبتمبر 2024", "27 سبتمبر 2024", "2024-09-27", "day"),
    ("في 3 أكتوبر 2025", "3 أكتوبر 2025", "2025-10-03", "day"),
    ("في 11 نوفمبر 2025", "11 نوفمبر 2025", "2025-11-11", "day"),
    ("في 25 ديسمبر 2025", "25 ديسمبر 2025", "2025-12-25", "day"),
    ("في 27 أيلول/سبتمبر 2024 الماضي", "27 أيلول/سبتمبر 2024", "2024-09-27", "day"),
    ("في 27 سبتمبر (أيلول) 2024", "27 سبتمبر (أيلول) 2024", "2024-09-27", "day"),
    ("في 6 من تشرين الثاني عام 2025", "6 من تشرين الثاني عام 2025", "2025-11-06", "day"),
    ("في ٢٧ أيلول ٢٠٢٤", "٢٧ أيلول ٢٠٢٤", "2024-09-27", "day"),
    ("في ۲۷ سبتمبر ۲۰۲۴", "۲۷ سبتمبر ۲۰۲۴", "2024-09-27", "day"),
    ("يوم الجمعة 27 أيلول 2024 أعلن", "يوم الجمعة 27 أيلول 2024", "2024-09-27", "day"),
    ("بتاريخ 27.9.2024", "27.9.2024", "2024-09-27", "day"),
    ("بتاريخ 31/12/2025", "31/12/2025", "2025-12-31", "day"),
    ("بتاريخ 2026-01-18", "2026-01-18", "2026-01-18", "day"),
    ("بتاريخ ٣١.١٢.٢٠٢٥", "٣١.١٢.٢٠٢٥", "2025-12-31", "day"),
    ("في أيلول 2024", "أيلول 2024", "2024-09", "month"),
    ("في أيلول/سبتمبر 2024", "أيلول/سبتمبر 2024", "2024-09", "month"),
    ("في سبتمبر (أيلول) 2025", "سبتمبر (أيلول) 2025", "2025-09", "month"),
    ("في تموز/يوليو 2024", "تموز/يوليو 2024", "2024-07", "month"),
    ("في آب/أغسطس 2025", "آب/أغسطس 2025", "2025-08", "month"),
    ("في اب/أغسطس 2025", "اب/أغسطس 2025", "2025-08", "month"),
    ("في شهر حزيران من عام 2025", "شهر حزيران من عام 2025", "2025-06", "month"),
    ("في كانون الثاني ٢٠٢٦", "كانون الثاني ٢٠٢٦", "2026-01", "month"),
    ("في 2024", "2024", "2024", "year"),
    ("عام 2024 شهد", "عام 2024", "2024", "year"),
    ("في العام 2025", "العام 2025", "2025", "year"),
    ("في العام 2017 وما", "العام 2017", "2017", "year"),
    ("سنة 2019", "سنة 2019", "2019", "year"),
    ("خلال 2023 تراجعت", "2023", "2023", "year"),
]


@pytest.mark.parametrize(("text", "span", "value", "precision"), ABSOLUTE)
def test_absolute(text: str, span: str, value: str, precision: str) -> None:
    t = _one(text)
    assert (t.text, t.value, t.precision, t.basis) == (span, value, precision, "absolute")
    assert t.earliest is not None and t.latest is not None
    assert t.earliest.isoformat().startswith(value) and t.latest.isoformat().startswith(value)
    # absolute dates do not need the publication date
    u = _one(text, None)
    assert (u.value, u.basis) == (value, "absolute")


def test_bounds_of_month_and_year() -> None:
    t = _one("في شباط 2024")
    assert (t.earliest, t.latest) == (date(2024, 2, 1), date(2024, 2, 29))
    t = _one("عام 2025")
    assert (t.earliest, t.latest) == (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "في 31 شباط 2024",  # not a real date
        "في 30 شباط 2025",
        "في 32 أيلول 2024",
        "بتاريخ 31.4.2025",
        "أرسلت 2,500 جندي",
        "أرسلت 2500 جندي",
        "نحو 2024 جنديا",
        "بين 1500 و3000 مقاتل",
        "في 2000 موقع",  # allowed as a year: «في» + plausible year; see below for counts
        "الرأي العام الدولي",
        "مدة 11 عاما",
        "اللواء 65",
        "قاعدة الإرهاب والانسحاب",  # «اب» inside words is not August
        "مارس الضغط على الحكومة",  # «مارس» the verb
        "الساعة 2024",
        "https://sarabic.ae/20251231/article-1108774311.html",
    ],
)
def test_not_dates(text: str) -> None:
    found = find_dates(text, PUB)
    if text == "في 2000 موقع":
        assert [t.value for t in found] == ["2000"]  # documented: a 4-digit year after «في» is taken
        return
    assert found == [], found


RELATIVE = [
    ("أعلنت اللجنة يوم الأحد إكمال", "يوم الأحد", "2026-01-18"),
    ("أعلنت اللجنة الأحد", "الأحد", "2026-01-18"),  # the publication day itself
    ("وقال السبت إن", "السبت", "2026-01-17"),
    ("وقال الخميس إن", "الخميس", "2026-01-15"),
    ("وقال الاثنين إن", "الاثنين", "2026-01-12"),
    ("وقال الإثنين إن", "الإثنين", "2026-01-12"),
    ("الأحد الماضي", "الأحد الماضي", "2026-01-11"),
    ("الجمعة الماضي", "الجمعة الماضي", "2026-01-16"),
    ("الأحد المقبل", "الأحد المقبل", "2026-01-25"),
    ("الثلاثاء المقبل", "الثلاثاء المقبل", "2026-01-20"),
    ("الخميس القادم", "الخميس القادم", "2026-01-22"),
    ("اليوم", "اليوم", "2026-01-18"),
    ("أمس", "أمس", "2026-01-17"),
    ("امس", "امس", "2026-01-17"),
    ("بالأمس", "بالأمس", "2026-01-17"),
    ("أمس السبت", "أمس السبت", "2026-01-17"),
    ("وأعلن أمس السبت", "أمس السبت", "2026-01-17"),
    ("اليوم الأحد", "اليوم الأحد", "2026-01-18"),
    ("أول أمس", "أول أمس", "2026-01-16"),
    ("أول من أمس الجمعة", "أول من أمس الجمعة", "2026-01-16"),
    ("غداً", "غداً", "2026-01-19"),
    ("غدا الاثنين", "غدا الاثنين", "2026-01-19"),
    ("بعد غد", "بعد غد", "2026-01-20"),
    ("قبل ثلاثة أيام", "قبل ثلاثة أيام", "2026-01-15"),
    ("قبل يومين", "قبل يومين", "2026-01-16"),
    ("بعد 10 أيام", "بعد 10 أيام", "2026-01-28"),
    ("قبل أسبوعين", "قبل أسبوعين", "2026-01-04"),
    ("قبل شهرين", "قبل شهرين", "2025-11"),
    ("قبل ثمانية أعوام", "قبل ثمانية أعوام", "2018"),
    ("قبل عامين", "قبل عامين", "2024"),
    ("الشهر الماضي", "الشهر الماضي", "2025-12"),
    ("الشهر المقبل", "الشهر المقبل", "2026-02"),
    ("الشهر الجاري", "الشهر الجاري", "2026-01"),
    ("هذا الشهر", "هذا الشهر", "2026-01"),
    ("العام الماضي", "العام الماضي", "2025"),
    ("السنة الماضية", "السنة الماضية", "2025"),
    ("العام المقبل", "العام المقبل", "2027"),
    ("العام القادم", "العام القادم", "2027"),
    ("العام الجاري", "العام الجاري", "2026"),
    ("هذا العام", "هذا العام", "2026"),
    ("أيلول الماضي", "أيلول الماضي", "2025-09"),
    ("أيلول/سبتمبر الماضي٬ وقال", "أيلول/سبتمبر الماضي", "2025-09"),
    ("كانون الثاني الماضي", "كانون الثاني الماضي", "2025-01"),  # the month of publication is not «last»
    ("آذار المقبل", "آذار المقبل", "2026-03"),
    ("كانون الثاني المقبل", "كانون الثاني المقبل", "2027-01"),
    ("في 17 آذار من العام المقبل", "17 آذار من العام المقبل", "2027-03-17"),
    ("في آذار من العام الجاري", "آذار من العام الجاري", "2026-03"),
    ("في 17 كانون الثاني", "17 كانون الثاني", "2026-01-17"),
    ("في 28 كانون الأول", "28 كانون الأول", "2025-12-28"),  # nearest to publication
]


@pytest.mark.parametrize(("text", "span", "value"), RELATIVE)
def test_relative(text: str, span: str, value: str) -> None:
    t = _one(text)
    assert (t.text, t.value, t.basis) == (span, value, "relative")
    assert t.earliest is not None and t.earliest.isoformat().startswith(value)


@pytest.mark.parametrize(("text", "span", "value"), RELATIVE)
def test_relative_without_publication_is_unresolved(text: str, span: str, value: str) -> None:
    t = _one(text, None)
    assert (t.text, t.value, t.earliest, t.latest, t.basis) == (span, None, None, None, "unresolved")


def test_weekday_on_other_publication_days() -> None:
    wed = date(2025, 12, 31)
    assert _one("اليوم الأربعاء", wed).value == "2025-12-31"
    assert _one("الأحد", wed).value == "2025-12-28"
    assert _one("الأربعاء الماضي", wed).value == "2025-12-24"
    assert _one("الأربعاء المقبل", wed).value == "2026-01-07"
    assert _one("الأسبوع المقبل", wed).value == "2026-01-04"
    assert _one("الشهر المقبل", wed).value == "2026-01"
    assert _one("أيلول الماضي", date(2025, 9, 10)).value == "2024-09"


def test_weeks() -> None:
    t = _one("الأسبوع المقبل")
    assert (t.value, t.precision, t.earliest, t.latest, t.modifier) == (
        "2026-01-25",
        "day",
        date(2026, 1, 25),
        date(2026, 1, 31),
        "week",
    )
    t = _one("الأسبوع الماضي")
    assert (t.earliest, t.latest) == (date(2026, 1, 11), date(2026, 1, 17))


# text, span, value, precision, earliest, latest, modifier
VAGUE = [
    ("مطلع عام 2026", "مطلع عام 2026", "2026-01", "month", "2026-01-01", "2026-04-30", "early"),
    ("مطلع العام 2026", "مطلع العام 2026", "2026-01", "month", "2026-01-01", "2026-04-30", "early"),
    ("بداية عام 2025", "بداية عام 2025", "2025-01", "month", "2025-01-01", "2025-04-30", "early"),
    ("أوائل 2026", "أوائل 2026", "2026-01", "month", "2026-01-01", "2026-04-30", "early"),
    ("منتصف 2025", "منتصف 2025", "2025", "year", "2025-05-01", "2025-08-31", "mid"),
    ("نهاية 2025", "نهاية 2025", "2025-12", "month", "2025-09-01", "2025-12-31", "late"),
    ("أواخر عام 2025", "أواخر عام 2025", "2025-12", "month", "2025-09-01", "2025-12-31", "late"),
    ("بنهاية 2025", "بنهاية 2025", "2025-12", "month", "2025-09-01", "2025-12-31", "late"),
    ("ونهاية 2025", "نهاية 2025", "2025-12", "month", "2025-09-01", "2025-12-31", "late"),
    ("نهاية أيلول 2025", "نهاية أيلول 2025", "2025-09", "month", "2025-09-21", "2025-09-30", "late"),
    ("مطلع شباط 2024", "مطلع شباط 2024", "2024-02", "month", "2024-02-01", "2024-02-10", "early"),
    ("منتصف آذار 2025", "منتصف آذار 2025", "2025-03", "month", "2025-03-11", "2025-03-20", "mid"),
    ("بحلول أيلول 2025", "بحلول أيلول 2025", "2025-09", "month", None, "2025-09-30", "by"),
    ("وبحلول أيلول 2025", "بحلول أيلول 2025", "2025-09", "month", None, "2025-09-30", "by"),
    ("بحلول نهاية 2025", "بحلول نهاية 2025", "2025-12", "month", None, "2025-12-31", "by"),
    ("بحلول أيلول/سبتمبر 2026", "بحلول أيلول/سبتمبر 2026", "2026-09", "month", None, "2026-09-30", "by"),
    ("حتى أيلول/سبتمبر 2026", "حتى أيلول/سبتمبر 2026", "2026-09", "month", None, "2026-09-30", "by"),
    ("حتى عام 2026", "حتى عام 2026", "2026", "year", None, "2026-12-31", "by"),
    ("منذ 2014", "منذ 2014", "2014", "year", "2014-01-01", None, "since"),
    ("ومنذ عام 2014", "منذ عام 2014", "2014", "year", "2014-01-01", None, "since"),
    ("منذ مطلع 2024", "منذ مطلع 2024", "2024-01", "month", "2024-01-01", None, "since"),
    ("قبل 2003", "قبل 2003", "2003", "year", None, "2002-12-31", "before"),
    ("بعد عام 2003", "بعد عام 2003", "2003", "year", "2004-01-01", None, "after"),
    ("بعد 27 أيلول 2024", "بعد 27 أيلول 2024", "2024-09-27", "day", "2024-09-28", None, "after"),
    ("بحلول ٣١ كانون الأول ٢٠٢٥", "بحلول ٣١ كانون الأول ٢٠٢٥", "2025-12-31", "day", None, "2025-12-31", "by"),
]


@pytest.mark.parametrize(("text", "span", "value", "precision", "lo", "hi", "modifier"), VAGUE)
def test_vague(
    text: str, span: str, value: str, precision: str, lo: str | None, hi: str | None, modifier: str
) -> None:
    t = _one(text)
    assert (t.text, t.value, t.precision, t.earliest, t.latest, t.modifier, t.basis) == (
        span,
        value,
        precision,
        _d(lo),
        _d(hi),
        modifier,
        "vague",
    )


@pytest.mark.parametrize(
    ("text", "value", "lo", "hi", "modifier"),
    [
        ("نهاية العام الجاري", "2026-12", "2026-09-01", "2026-12-31", "late"),
        ("منتصف العام", "2026", "2026-05-01", "2026-08-31", "mid"),
        ("مطلع العام المقبل", "2027-01", "2027-01-01", "2027-04-30", "early"),
        ("بحلول نهاية العام", "2026-12", None, "2026-12-31", "by"),
        ("نهاية الشهر الجاري", "2026-01", "2026-01-21", "2026-01-31", "late"),
        ("بحلول الأحد المقبل", "2026-01-25", None, "2026-01-25", "by"),
        ("خلال الأيام المقبلة", "2026-01-18", "2026-01-18", "2026-01-25", "within"),
        ("في الأيام القليلة المقبلة", "2026-01-18", "2026-01-18", "2026-01-25", "within"),
        ("خلال الأشهر المقبلة", "2026-01-18", "2026-01-18", "2026-04-18", "within"),
        ("خلال الأيام الماضية", "2026-01-18", "2026-01-11", "2026-01-18", "within"),
        ("في غضون الأيام المقبلة", "2026-01-18", "2026-01-18", "2026-01-25", "within"),
        ("خلال الساعات الـ24 المقبلة", "2026-01-18", "2026-01-18", "2026-01-19", "within"),
        ("خلال الأيام الـ10 المقبلة", "2026-01-18", "2026-01-18", "2026-01-28", "within"),
        ("خلال الأشهر الـ6 المقبلة", "2026-01-18", "2026-01-18", "2026-07-17", "within"),
        ("خلال ثلاثة أيام", "2026-01-18", "2026-01-18", "2026-01-21", "within"),
        ("منذ 11 عاما", "2015", "2015-01-01", None, "since"),
    ],
)
def test_vague_relative(text: str, value: str, lo: str | None, hi: str | None, modifier: str) -> None:
    t = _one(text)
    assert (t.value, t.earliest, t.latest, t.modifier, t.basis) == (value, _d(lo), _d(hi), modifier, "vague")
    u = _one(text, None)
    assert (u.value, u.earliest, u.latest, u.basis) == (None, None, None, "unresolved")


@pytest.mark.parametrize(
    ("text", "span", "value", "lo", "hi"),
    [
        (
            "يومي 17 و18 كانون الثاني 2026",
            "17 و18 كانون الثاني 2026",
            "2026-01-17",
            "2026-01-17",
            "2026-01-18",
        ),
        (
            "بين 17 و18 كانون الثاني 2026",
            "بين 17 و18 كانون الثاني 2026",
            "2026-01-17",
            "2026-01-17",
            "2026-01-18",
        ),
        ("من 3 إلى 5 آذار 2025", "من 3 إلى 5 آذار 2025", "2025-03-03", "2025-03-03", "2025-03-05"),
        ("بين عامي 2014 و2017", "بين عامي 2014 و2017", "2014", "2014-01-01", "2017-12-31"),
        ("بين 2014 و2017", "بين 2014 و2017", "2014", "2014-01-01", "2017-12-31"),
        ("خلال 2014–2017", "2014–2017", "2014", "2014-01-01", "2017-12-31"),
        ("من 2014 إلى 2017", "2014 إلى 2017", "2014", "2014-01-01", "2017-12-31"),
    ],
)
def test_ranges(text: str, span: str, value: str, lo: str, hi: str) -> None:
    t = _one(text)
    assert (t.text, t.value, t.earliest, t.latest, t.modifier) == (span, value, _d(lo), _d(hi), "range")


def test_range_without_year_is_relative() -> None:
    t = _one("بين 17 و18 كانون الثاني")
    assert (t.value, t.latest, t.basis, t.modifier) == ("2026-01-17", date(2026, 1, 18), "relative", "range")
    assert _one("بين 17 و18 كانون الثاني", None).basis == "unresolved"


def test_two_years_listed() -> None:
    found = find_dates("في عامي 2014 و2017 وقعت", PUB)
    assert [t.value for t in found] == ["2014", "2017"]


def test_several_dates_and_offset() -> None:
    article = (
        "مقدمة طويلة. وأشارت إلى بيان 27 أيلول 2024 والبيان المشترك في 6 تشرين الثاني 2025، وأعلنت أمس السبت."
    )
    sent_start = article.index("وأشارت")
    found = find_dates(article[sent_start:], PUB, offset=sent_start)
    assert [t.value for t in found] == ["2024-09-27", "2025-11-06", "2026-01-17"]
    for t in found:
        assert article[t.start : t.end] == t.text
    assert found[0].start == article.index("27 أيلول")


def test_clitic_conjunction_kept_out_of_span() -> None:
    t = _one("وأيلول 2024")
    assert t.text == "أيلول 2024"
    t = _one("والعام الماضي")
    assert t.text == "العام الماضي"


def test_diacritics_on_tanween() -> None:
    assert _one("غدًا").value == "2026-01-19"


@pytest.mark.parametrize(
    ("text", "span", "value", "basis"),
    [
        ("في التاسع من أيلول الماضي أعلن", "التاسع من أيلول الماضي", "2025-09-09", "relative"),
        ("في الأول من شهر أيار 2025", "الأول من شهر أيار 2025", "2025-05-01", "absolute"),
        ("في الحادي والعشرين من آذار 2025", "الحادي والعشرين من آذار 2025", "2025-03-21", "absolute"),
        ("في الثاني عشر من كانون الأول 2025", "الثاني عشر من كانون الأول 2025", "2025-12-12", "absolute"),
        ("في الحادي والثلاثين من آب 2025", "الحادي والثلاثين من آب 2025", "2025-08-31", "absolute"),
        ("في كانون الثاني من عام 2025", "كانون الثاني من عام 2025", "2025-01", "absolute"),
    ],
)
def test_ordinal_days_and_month_of_year(text: str, span: str, value: str, basis: str) -> None:
    t = _one(text)
    assert (t.text, t.value, t.basis) == (span, value, basis)


def test_since_from() -> None:
    t = _one("اعتبارا من 1 تشرين الأول 2025")
    assert (t.text, t.modifier, t.earliest, t.latest) == (
        "اعتبارا من 1 تشرين الأول 2025",
        "since",
        date(2025, 10, 1),
        None,
    )


def test_marks_inside_expressions_are_tolerated() -> None:
    article = "مقدمة. في 27 أيلولَ 2024 وحتّى نهايةِ العامِ المقبل"
    found = find_dates(article[7:], PUB, offset=7)
    assert [(t.text, t.value, t.modifier) for t in found] == [
        ("27 أيلولَ 2024", "2024-09-27", None),
        ("حتّى نهايةِ العامِ المقبل", "2027-12", "by"),
    ]
    for t in found:
        assert article[t.start : t.end] == t.text


def test_published_may_be_a_datetime() -> None:
    from datetime import datetime

    assert _one("أمس", datetime(2026, 1, 18, 23, 5)).value == "2026-01-17"


def test_a_compared_four_digit_number_is_a_count_not_a_year() -> None:
    from kg.values.numbers import find_quantities

    text = "وقال إن عدد الجنود سينخفض إلى أقل من 2000 بعد انتهاء النقل"
    assert find_dates(text, None) == []
    [q] = find_quantities(text)
    assert (q.value, q.qualifier) == (2000, "less_than")
    assert [d.value for d in find_dates("وانسحبت القوات أكثر من مرة منذ عام 2014", None)] == ["2014"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("بموجب قرار مجلس الأمن رقم 2559 لسنة 2020 الذي أنهى التفويض", "2020"),  # «لسنة»: the year of an act
        ("في رسالة مؤرخة ب18 يناير 2023", "2023-01-18"),  # a preposition glued to the day
        ("في رسالة مؤرخة بـ18 يناير 2023", "2023-01-18"),
    ],
)
def test_year_of_an_act_and_a_glued_day(text: str, value: str) -> None:
    assert [t.value for t in find_dates(text, None)] == [value]


def test_a_weekday_and_day_without_a_year_fall_in_the_year_near_the_anchor_with_that_weekday() -> None:
    assert [t.value for t in find_dates("صباح اليوم الثلاثاء 19 أبريل", None, anchor_year=2022)] == ["2022-04-19"]
    assert [t.value for t in find_dates("يوم الأربعاء 19 أبريل", None, anchor_year=2022)] == ["2023-04-19"]
    assert [t.value for t in find_dates("يوم الاثنين 19 أبريل", None, anchor_year=2022)] == ["2021-04-19"]
    assert [t.value for t in find_dates("يوم الأحد 19 أبريل", None, anchor_year=2022)] == [None]  # no year fits
    assert [t.value for t in find_dates("صباح اليوم الثلاثاء 19 أبريل", None)] == [None]  # no anchor: unknown


@pytest.mark.parametrize(
    ("text", "value", "precision", "earliest", "latest"),
    [
        ("قال المتحدث اليوم الخميس إن", "2025-07", "month", "2025-07-01", "2025-07-31"),
        ("وصلت القافلة أمس إلى", "2025-07", "month", "2025-07-01", "2025-07-31"),
        ("غادرت قبل ثلاثة أيام", "2025-07", "month", "2025-07-01", "2025-07-31"),
        ("خلال الأسبوع الماضي", "2025-07", "month", "2025-07-01", "2025-07-31"),
        ("في الشهر الماضي", "2025-06", "month", "2025-06-01", "2025-06-30"),
        ("العام المقبل", "2026", "year", "2026-01-01", "2026-12-31"),
        ("في 3 آب 2025", "2025-08-03", "day", "2025-08-03", "2025-08-03"),  # absolute: as written
    ],
)
def test_a_month_only_publication_date_resolves_days_to_its_month(
    text: str, value: str, precision: str, earliest: str, latest: str
) -> None:
    found = find_dates(text, date(2025, 7, 1), published_precision="month")
    assert len(found) == 1, found
    t = found[0]
    assert (t.value, t.precision, t.earliest, t.latest) == (value, precision, _d(earliest), _d(latest))


def test_a_year_only_publication_date_resolves_months_and_days_to_its_year() -> None:
    (t,) = find_dates("أعلنت الوزارة أمس", date(2024, 1, 1), published_precision="year")
    assert (t.value, t.precision, t.earliest, t.latest) == ("2024", "year", date(2024, 1, 1), date(2024, 12, 31))
    (m,) = find_dates("في الشهر المقبل", date(2024, 1, 1), published_precision="year")
    assert (m.value, m.precision) == ("2024", "year")
    (y,) = find_dates("العام الماضي", date(2024, 1, 1), published_precision="year")
    assert (y.value, y.precision) == ("2023", "year")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("تاريخ النشر: 2nd, April 2023 GMT", "2023-04-02"),
        ("Published June 14, 2022 10:00", "2022-06-14"),
        ("1 Sept 2021", None),  # not a CLDR abbreviation
        ("12 Dec. 2020", "2020-12-12"),
        ("the 30th of February, 2024", None),  # no such day
        ("May 2025", None),  # no day
    ],
)
def test_english_day(text: str, day: str | None) -> None:
    from kg.values.dates import english_day

    assert english_day(text) == _d(day)


@pytest.mark.parametrize(
    ("text", "span", "value", "modifier"),
    [
        ("اتفق البلدان في فبراير على", "فبراير", "2026-02", None),
        ("اتفق البلدان في فبراير (شباط) على", "فبراير (شباط)", "2026-02", None),
        ("وقع في شهر تشرين الأول", "شهر تشرين الأول", "2025-10", None),
        ("منذ مارس", "منذ مارس", "2025-03", "since"),  # the last March
        ("منذ يناير", "منذ يناير", "2026-01", "since"),
        ("بحلول سبتمبر", "بحلول سبتمبر", "2026-09", "by"),
        ("مطلع حزيران", "مطلع حزيران", "2026-06", "early"),
        ("في تموز يوليو", "تموز يوليو", "2026-07", None),  # both names, no slash
        ("سلم يوم الاثنين 5 أب أغسطس السيطرة", "يوم الاثنين 5 أب أغسطس", "2025-08-05", None),
    ],
)
def test_a_month_with_no_year_after_a_preposition(text: str, span: str, value: str, modifier: str | None) -> None:
    t = _one(text)
    assert (t.text, t.value, t.modifier) == (span, value, modifier)


@pytest.mark.parametrize("text", ["مارس الجيش ضغوطا على الحكومة", "وقال الأب إن", "في أب العائلة", "أيار"])
def test_a_month_name_alone_is_no_date(text: str) -> None:
    assert find_dates(text, PUB) == []


def test_a_bare_month_in_an_undated_report_is_unresolved() -> None:
    (t,) = find_dates("في فبراير", None)
    assert t.value is None and t.basis == "unresolved" and t.precision == "month"


def test_a_year_then_a_number_that_is_no_year_is_one_year() -> None:
    found = find_dates("انخفض عدد الجنود من 3000 جندي في 2010 إلى 1800 في 2015", PUB)
    assert [(t.text, t.value, t.modifier) for t in found] == [("2010", "2010", None), ("2015", "2015", None)]
