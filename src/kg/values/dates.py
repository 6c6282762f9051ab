"""Dates and periods in Arabic news, as intervals with a precision, resolved against the publication date.

Found with our own regexes (dateparser cannot find these spans, see the research notes §4.3). Families:
absolute dates (day month year, Levantine/Iraqi and Egyptian/MSA month names, mixed «أيلول/سبتمبر» and
«سبتمبر (أيلول)», numeric 27.9.2024 / 2024-09-27, Eastern digits), month + year, years after a year word or a
preposition («عام 2024»، «في 2024»، «منذ 2014»، 2014–2017), day ranges («17 و18 كانون الثاني»), and relative
expressions (اليوم، أمس، أمس السبت، يوم الأحد، الأحد الماضي، الأسبوع المقبل، الشهر الماضي، العام المقبل، قبل
ثلاثة أيام، خلال الأيام المقبلة). A preceding vague word (مطلع/بداية/أوائل → early, منتصف → mid,
نهاية/أواخر → late) narrows the interval; a preceding preposition opens it (بحلول/حتى → by, منذ → since,
قبل → before, بعد → after). Without a publication date, relative expressions are returned with
``basis="unresolved"`` and no value or bounds: never a guess. Policy details: docs/language.md.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from kg.model import Precision, TimeBasis, TimeValue, date_at, period_of
from kg.text.arabic import DIGIT
from kg.values.surface import on_surface

_D = f"[{DIGIT}]"
_A = "[اأإآ]"
_Y = "[يى]"
_H = "[هة]"
_NB = r"(?<![\w])"  # no word character before
_NA = r"(?![\w])"  # no word character after
#: a leading conjunction, or a preposition glued to a day number («ب18 يناير»), kept out of the span
_CL = r"(?P<cl>[وف]?[بل]ـ?(?=[0-9\u0660-\u0669\u06f0-\u06f9])|[وف](?=\w))?"

# --------------------------------------------------------------------------------------------- month names
_MONTHS: list[tuple[str, int]] = [
    (rf"كانون\s*(?:ال)?ثان{_Y}|كانون\s*2", 1),
    (rf"كانون\s*(?:ال)?{_A}ول|كانون\s*1", 12),
    (rf"تشرين\s*(?:ال)?{_A}ول|تشرين\s*1", 10),
    (rf"تشرين\s*(?:ال)?ثان{_Y}|تشرين\s*2", 11),
    ("شباط", 2),
    (f"{_A}ذار", 3),
    ("نيسان", 4),
    (f"{_A}يار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    (rf"آب|{_A}ب(?=\s*/?\s*{_A}غسطس|\s+{_D}{{4}})", 8),
    (f"{_A}يلول", 9),
    ("يناير|جانف[يى]", 1),
    ("فبراير|فيفر[يى]", 2),
    ("مارس", 3),
    (f"{_A}بريل|{_A}فريل", 4),
    ("مايو", 5),
    ("يوني[وه]|جوان", 6),
    ("يولي[وه]ز?|جويلي[هة]", 7),
    (f"{_A}غسطس|{_A}وت|غشت", 8),
    ("سبتمبر|شتنبر", 9),
    (f"{_A}كتوبر", 10),
    ("نوفمبر|نونبر", 11),
    ("ديسمبر|دجنبر", 12),
]
_MONTH_ALT = "|".join(f"(?:{alt})" for alt, _ in _MONTHS)
_MONTH_FULL = [(re.compile(f"(?:{alt})"), n) for alt, n in _MONTHS]


def _month(s: str) -> int | None:
    if s in ("اب", "أب", "إب"):
        return 8  # only matched before «/أغسطس» or a year (the lookahead cannot be re-checked here)
    for rx, n in _MONTH_FULL:
        if rx.fullmatch(s):
            return n
    return None


def _monthx(tag: str) -> str:
    """A month, optionally doubled in the other naming system: «أيلول/سبتمبر», «سبتمبر (أيلول)», «تموز يوليو»."""
    mon = f"(?:{_MONTH_ALT}){_NA}"
    return rf"(?:شهر\s+)?(?P<{tag}>{mon})(?:\s*/\s*{mon}|\s*[(（]\s*{mon}\s*[)）]|\s+{mon})?"


# ---------------------------------------------------------------------------------------------- weekdays
_WEEKDAYS: dict[str, int] = {  # datetime.weekday(): Monday = 0
    "الاثنين": 0, "الإثنين": 0, "الأثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2,
    "الخميس": 3, "الجمعة": 4, "الجمعه": 4, "السبت": 5, "الأحد": 6, "الاحد": 6,
}  # fmt: skip
_WEEKDAY_ALT = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))

#: ordinal day of the month, as written in «في التاسع من أيلول», «الحادي والعشرين من آذار»
_ORD_UNITS = {
    "الحادي": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5,
    "السادس": 6, "السابع": 7, "الثامن": 8, "التاسع": 9,
}  # fmt: skip
_ORDINALS: dict[str, int] = {"الأول": 1, "الاول": 1, "العاشر": 10, "العشرين": 20, "الثلاثين": 30}
for _w, _n in _ORD_UNITS.items():
    if _n > 1:
        _ORDINALS[_w] = _n
    _ORDINALS[f"{_w} عشر"] = 10 + _n
    _ORDINALS[f"{_w} والعشرين"] = 20 + _n
_ORDINALS["الحادي والثلاثين"] = 31
_ORDINAL_ALT = "|".join(o.replace(" ", r"\s+") for o in sorted(_ORDINALS, key=len, reverse=True))

_YEAR = rf"(?<!{_D})(?<![{DIGIT}][.,٫٬])(?P<y>{_D}{{4}})(?!{_D}|[.,٫٬]{_D})(?:\s*م{_NA})?"
_YEAR_WORD = r"(?:عام|العام|سنة|السنة|لعام|للعام|لسنة|للسنة)"
_REL_DIR = "الماضي|الماضية|المنصرم|المنصرمة|الفائت|الفائتة|المقبل|المقبلة|القادم|القادمة|الجاري|الجارية|الحالي|الحالية"

_FULL = re.compile(
    _NB
    + _CL
    + rf"(?:(?P<between>بين|من)\s+(?={_D}{{1,2}}\s*(?:و|-|–|{_A}ل{_Y}|حت{_Y})\s*{_D}))?"
    + rf"(?:(?:(?:ال)?يوم\s+|{_A}مس\s+)?(?P<wd>{_WEEKDAY_ALT})\s*[،,]?\s+(?:الموافق\s+)?)?"
    + rf"(?:(?<!{_D})(?P<d1>{_D}{{1,2}})(?:\s*(?:و|-|–|{_A}ل{_Y}|حت{_Y})\s*(?P<d2>{_D}{{1,2}}))?\s*(?:من\s+)?"
    + rf"|(?P<od>{_ORDINAL_ALT})\s+من\s+(?:شهر\s+)?)"
    + _monthx("m")
    + rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{_YEAR_WORD}\s*)?{_YEAR}"
    + rf"|\s+(?P<rel>{_REL_DIR}){_NA}"
    + rf"|(?P<ofyear>\s+من\s+(?:العام|السنة|هذا\s+العام|هذه\s+السنة)(?:\s+(?P<rely>{_REL_DIR}))?{_NA}))?"
)
_MONTH_YEAR = re.compile(
    _NB
    + _CL
    + _monthx("m")
    + rf"(?:\s*[،,]?\s*(?:من\s+)?(?:{_YEAR_WORD}\s*)?{_YEAR}"
    + rf"|\s+(?P<rel>{_REL_DIR}){_NA}"
    + rf"|(?P<ofyear>\s+من\s+(?:العام|السنة|هذا\s+العام|هذه\s+السنة)(?:\s+(?P<rely>{_REL_DIR}))?{_NA}))"
)
#: a month with no year and no day: a date only after a preposition, a vague word or «شهر» («في فبراير», «منذ
#: مارس», «مطلع حزيران»), never alone («مارس» is also a verb)
_BARE_MONTH = re.compile(_NB + _CL + _monthx("m"))
_NUMERIC = re.compile(
    rf"(?<!{_D})(?<![{DIGIT}][./-])(?P<d>{_D}{{1,2}})(?P<sep>[./-])(?P<m>{_D}{{1,2}})(?P=sep)(?P<y>{_D}{{4}})(?!{_D}|[./-]{_D})"
    rf"|(?<!{_D})(?P<iy>{_D}{{4}})-(?P<im>{_D}{{1,2}})-(?P<id>{_D}{{1,2}})(?!{_D})"
)
_YEARS = re.compile(
    _NB
    + _CL
    + rf"(?:(?P<between>بين)\s+)?(?:(?P<kw>{_YEAR_WORD}|عامي|العامين|سنتي)\s*)?"
    + _YEAR
    + rf"(?:(?P<sep>\s*[-–—/]\s*|(?(between)\s*و\s*|(?!))|\s+(?:{_A}ل{_Y}|حت{_Y})\s+)(?:{_YEAR_WORD}\s*)?(?P<y2>{_D}{{4}})(?!{_D}|[.,٫٬]{_D}))?"
)
_RELATIVE = re.compile(
    _NB
    + _CL
    + r"(?:(?P<this>هذا|هذه)\s+)?(?P<unit>الأسبوع|الاسبوع|الشهر|العام|السنة)"
    + rf"(?:\s+(?P<dir>{_REL_DIR}))?{_NA}"
)
_DAYWORD = re.compile(
    _NB
    + r"(?P<cl>[وف](?=\w))?(?P<pre>[بل](?=[اأ]))?"
    + rf"(?P<dw>{_A}ول\s+(?:من\s+)?{_A}مس|{_A}مس|الأمس|البارحة|اليوم|غدا[ًٌ]?|غدًا|بعد\s+غد){_NA}"
    + rf"(?:\s*[،,]?\s*(?:يوم\s+)?(?P<wd>{_WEEKDAY_ALT}){_NA})?"
)
_WEEKDAY = re.compile(
    _NB
    + _CL
    + rf"(?:يوم\s+)?(?P<wd>{_WEEKDAY_ALT}){_NA}(?:\s+(?P<dir>الماضي|المنصرم|الفائت|المقبل|القادم){_NA})?"
)
_NUM_WORDS = (
    f"{_A}ربع[ةه]?|ثلاث[ةه]?|خمس[ةه]?|ست[ةه]?|سبع[ةه]?|ثماني[ةه]?|ثمان|تسع[ةه]?|عشر[ةه]?"
    f"|عشرين|ثلاثين|{_A}ربعين|خمسين"
)
_AGO = re.compile(
    _NB
    + _CL
    + r"(?P<dir>قبل|منذ|بعد|خلال)\s+"
    + rf"(?:(?P<n>{_D}+|{_NUM_WORDS})\s+)?"
    + rf"(?P<u>يوم|يوما|يومًا|يوماً|يومين|{_A}يام|{_A}سبوع|{_A}سبوعين|{_A}سابيع|شهر|شهرا|شهراً|شهرين|{_A}شهر|شهور"
    + rf"|عام|عاما|عاماً|عامين|{_A}عوام|سنة|سنتين|سنوات|ساعة|ساعات|ساعتين){_NA}"
    + rf"(?!\s*(?:{_D}|{_WEEKDAY_ALT}|واحد))"
)
_WINDOW = re.compile(
    _NB
    + _CL
    + rf"(?:خلال|في\s+غضون|في)\s+(?P<u>ال{_A}يام|الساعات|ال{_A}سابيع|ال{_A}شهر|الشهور|الفترة|المرحلة)\s+"
    + rf"(?:ال\u0640?(?P<n>{_D}{{1,3}})\s+)?(?:القليلة\s+)?(?P<dir>المقبلة|القادمة|الماضية|المنصرمة|ال{_A}خيرة){_NA}"
)
_LOOKBACK = re.compile(
    r"(?<![\w])(?P<cl>[وف](?=\w))?"
    + rf"(?:(?P<prep>بحلول|حت{_Y}|لغاي[ةه]|غاي[ةه]|منذ|قبل|بعد|خلال|في|مع|من|اعتبار[اًا]+\s+من|ابتداء[ًا]*\s+من)\s+)?"
    + rf"(?:(?P<vcl>[وفبل]{{0,2}})(?P<vague>مطلع|بداي[ةه]|بدايات|{_A}وائل|مستهل|منتصف|{_A}واسط|نهاي[ةه]|{_A}واخر|ختام)\s+(?:من\s+)?)?$"
)
_VAGUE_MOD = {
    "مطلع": "early",
    "بدايه": "early",
    "بدايات": "early",
    "اوائل": "early",
    "مستهل": "early",
    "منتصف": "mid",
    "اواسط": "mid",
    "نهايه": "late",
    "اواخر": "late",
    "ختام": "late",
}  # fmt: skip (keys folded: alef forms → ا, ة → ه)
_FOLD_VAGUE = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه"})
_PREP_MOD = {"اعتبارا من": "since", "اعتباراً من": "since", "ابتداء من": "since", "ابتداءً من": "since",
             "بحلول": "by", "حتى": "by", "حتي": "by", "لغاية": "by", "لغايه": "by", "غاية": "by", "غايه": "by",
             "منذ": "since", "قبل": "before", "بعد": "after"}  # fmt: skip
#: web addresses: numbers inside them are identifiers, not dates or counts
URL_RE = re.compile(r"(?:https?://|www\.)\S+|\S+\.(?:html?|php|aspx?)\S*")
_VAGUE_BASIS = {"by", "since", "before", "after", "early", "mid", "late", "within"}
#: nouns after a 4-digit number that make it a count, not a year («في 2000 جندي»)
_COUNT_AFTER = re.compile(
    r"\s*(?:[%٪]|(?:من\s+)?(?:ال)?(?:جندي|جنود|عسكري|مقاتل|عنصر|عناصر|مستشار|شخص|أشخاص|دولار|دينار|كم|كيلومتر|متر|"
    r"ألف|آلاف|مليون|طن|قتيل|جريح|هـ|ه\b))"
)

#: «… إلى (حوالي) 1400 جندي» after a bare 4-digit number makes it the first figure of a change, not a year
_TO_COUNT = re.compile(
    r"\s*(?:[اأإآ]ل[يى]|حت[يى])\s+(?:نحو\s+|حوال[يى]\s+|قراب[ةه]\s+|[أا]قل\s+من\s+|[أا]كثر\s+من\s+)?"
    r"[0-9٠-٩][0-9٠-٩,.٬]*\s+(?:جندي|جنود|عسكري|عسكريين|مقاتل|مقاتلين|عنصر|مستشار|فرد)"
)

#: a comparison right before a bare 4-digit number makes it a count («أقل من 2000», «ما يزيد على 2500»)
_COMPARATIVE_BEFORE = re.compile(
    r"(?:أقل|اقل|أكثر|اكثر|أدنى|ادنى|أعلى|اعلى|يزيد|تزيد|يقل|تقل|يقرب|يقارب|يناهز)\s+(?:من|عن|على|علي)?\s*$"
)

# -------------------------------------------------------------------------------------------- resolution
@dataclass
class _Period:
    precision: Precision
    value: str
    earliest: date | None
    latest: date | None
    relative: bool = False
    modifier: str | None = None


@dataclass
class _Unresolved:
    precision: Precision | None
    modifier: str | None = None


def _day(d: date, relative: bool = False) -> _Period:
    return _Period("day", d.isoformat(), d, d, relative)


def _month_period(y: int, m: int, relative: bool = False) -> _Period | None:
    if not (1 <= m <= 12 and 1000 <= y <= 2200):
        return None
    last = calendar.monthrange(y, m)[1]
    return _Period("month", f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, last), relative)


def _year_period(y: int, relative: bool = False) -> _Period | None:
    if not 1000 <= y <= 2200:
        return None
    return _Period("year", f"{y:04d}", date(y, 1, 1), date(y, 12, 31), relative)


def _make_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _rel_sign(word: str | None) -> int:
    """-1 for past (الماضي…), +1 for next (المقبل…), 0 for current (الجاري/الحالي) or none."""
    if not word:
        return 0
    if word.startswith(("الماضي", "المنصرم", "الفائت")):
        return -1
    if word.startswith(("المقبل", "القادم")):
        return 1
    return 0


def _month_relative(m: int, sign: int, pub: date) -> tuple[int, int]:
    """Year of month ``m`` described relative to ``pub``: last such month, next one, or this year's."""
    if sign < 0:
        return (pub.year if m < pub.month else pub.year - 1), m
    if sign > 0:
        return (pub.year if m > pub.month else pub.year + 1), m
    return pub.year, m


def _nearest_year(m: int, d: int, pub: date) -> date | None:
    """A day and month with no year: the occurrence closest to the publication date."""
    cands = [x for y in (pub.year - 1, pub.year, pub.year + 1) if (x := _make_date(y, m, d)) is not None]
    return min(cands, key=lambda x: abs((x - pub).days)) if cands else None


Resolved = _Period | _Unresolved | None
Resolver = Callable[[re.Match[str], date | None], Resolved]


def _year_for_month(m: re.Match[str], month: int, day: int | None, pub: date) -> int | None:
    """Year of a month written without one: «أيلول الماضي», «آذار من العام المقبل», «17 آذار»."""
    if m.group("rel"):
        return _month_relative(month, _rel_sign(m.group("rel")), pub)[0]
    if m.group("ofyear"):
        return pub.year + _rel_sign(m.group("rely"))
    near = _nearest_year(month, day or 1, pub)
    return near.year if near else None


def _full(m: re.Match[str], pub: date | None) -> Resolved:
    month = _month(m.group("m"))
    if month is None:
        return None
    d1 = int(m.group("d1")) if m.group("d1") else _ORDINALS[re.sub(r"\s+", " ", m.group("od"))]
    d2 = int(m.group("d2")) if m.group("d2") else None
    if d2 is not None and d2 <= d1:
        return None
    rel = not m.group("y")
    if rel:
        if pub is None:
            return _Unresolved("day", "range" if d2 else None)
        y = _year_for_month(m, month, d1, pub)
        if y is None:
            return None
    else:
        y = int(m.group("y"))
    if not 1000 <= y <= 2200:
        return None
    first = _make_date(y, month, d1)
    if first is None:
        return None
    per = _day(first, rel)
    if d2 is not None:
        last = _make_date(y, month, d2)
        if last is None:
            return None
        per.latest, per.modifier = last, "range"
    return per


def _month_year(m: re.Match[str], pub: date | None) -> Resolved:
    month = _month(m.group("m"))
    if month is None:
        return None
    if m.group("y"):
        return _month_period(int(m.group("y")), month)
    if pub is None:
        return _Unresolved("month")
    y = _year_for_month(m, month, None, pub)
    return _month_period(y, month, relative=True) if y is not None else None


def _bare_month(m: re.Match[str], pub: date | None) -> Resolved:
    """«في فبراير»: that month in the year nearest the publication date; «بحلول/حتى سبتمبر» the next one, «منذ
    مارس» the last one."""
    month = _month(m.group("m"))
    if month is None:
        return None
    if pub is None:
        return _Unresolved("month")
    look = _LOOKBACK.search(m.string, max(0, m.start() - 45), m.start())
    mod = _PREP_MOD.get(re.sub(r"\s+", " ", look.group("prep") or "")) if look else None
    if mod == "by":
        year = pub.year if month >= pub.month else pub.year + 1
    elif mod == "since":
        year = pub.year if month <= pub.month else pub.year - 1
    else:
        near = _nearest_year(month, 15, pub)
        if near is None:
            return None
        year = near.year
    return _month_period(year, month, relative=True)


def _numeric(m: re.Match[str], pub: date | None) -> Resolved:
    if m.group("iy"):
        d = _make_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
    else:
        d = _make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if d is None or not 1900 <= d.year <= 2100:
        return None
    return _day(d)


def _years(m: re.Match[str], pub: date | None) -> Resolved:
    y = int(m.group("y"))
    y2 = int(m.group("y2")) if m.group("y2") else None
    if not 1900 <= y <= 2100:
        return None
    per = _year_period(y)
    if per is None:
        return None
    if y2 is not None:
        if not (y < y2 <= 2100 and y2 - y <= 100):
            return None
        per.latest, per.modifier = date(y2, 12, 31), "range"
    return per


def _relative(m: re.Match[str], pub: date | None) -> Resolved:
    unit = m.group("unit")
    if m.group("dir") is None and m.group("this") is None:
        return None  # bare «العام» (الرأي العام) is not a date; vague words re-enable it below
    sign = _rel_sign(m.group("dir"))
    precision: Precision = "day" if "سبوع" in unit else "month" if unit == "الشهر" else "year"
    if pub is None:
        return _Unresolved(precision, "week" if precision == "day" else None)
    return _relative_period(unit, sign, pub)


def _relative_period(unit: str, sign: int, pub: date) -> _Period | None:
    if "سبوع" in unit:
        sunday = pub - timedelta(days=(pub.weekday() + 1) % 7) + timedelta(weeks=sign)
        per = _day(sunday, True)
        per.latest, per.modifier = sunday + timedelta(days=6), "week"
        return per
    if unit == "الشهر":
        return _month_period(*_shift_month(pub.year, pub.month, sign), relative=True)
    return _year_period(pub.year + sign, relative=True)


_DAYWORD_DELTA = {"امس": -1, "أمس": -1, "إمس": -1, "آمس": -1, "الأمس": -1, "البارحة": -1, "اليوم": 0}


def _dayword(m: re.Match[str], pub: date | None) -> Resolved:
    dw = m.group("dw")
    if pub is None:
        return _Unresolved("day")
    if dw in _DAYWORD_DELTA:
        delta = _DAYWORD_DELTA[dw]
    elif dw.startswith("بعد"):
        delta = 2
    elif dw.startswith("غد"):
        delta = 1
    else:
        delta = -2  # أول أمس
    return _day(pub + timedelta(days=delta), True)


def _weekday(m: re.Match[str], pub: date | None) -> Resolved:
    wd = _WEEKDAYS[m.group("wd")]
    if pub is None:
        return _Unresolved("day")
    sign = _rel_sign(m.group("dir"))
    if sign > 0:
        delta = (wd - pub.weekday()) % 7 or 7
        return _day(pub + timedelta(days=delta), True)
    back = (pub.weekday() - wd) % 7
    if sign < 0 and back == 0:
        back = 7
    return _day(pub - timedelta(days=back), True)


_SMALL = {"ثلاث": 3, "أربع": 4, "اربع": 4, "إربع": 4, "آربع": 4, "خمس": 5, "ست": 6, "سبع": 7, "ثماني": 8, "ثمان": 8,
          "تسع": 9, "عشر": 10, "عشرين": 20, "ثلاثين": 30, "أربعين": 40, "اربعين": 40, "خمسين": 50}  # fmt: skip


def _ago(m: re.Match[str], pub: date | None) -> Resolved:
    u = m.group("u")
    n_txt = m.group("n")
    if n_txt:
        n = int(n_txt) if n_txt[0].isdigit() else _SMALL.get(n_txt.rstrip("ةه"))
        if n is None or n > 500:
            return None
    else:
        n = 2 if u.endswith(("ين", "تين")) and not u.endswith("سنين") else 1
        if u.startswith(
            ("أيام", "ايام", "أسابيع", "اسابيع", "أشهر", "اشهر", "شهور", "أعوام", "اعوام", "سنوات", "ساعات")
        ):
            return None  # plural with no number: «منذ سنوات» is too vague to place
    direction = m.group("dir")
    precision: Precision
    if "ساع" in u:
        unit_days, precision = 0, "day"
    elif "يوم" in u or "يام" in u:
        unit_days, precision = 1, "day"
    elif "سبوع" in u or "سابيع" in u:
        unit_days, precision = 7, "day"
    elif "شه" in u:
        unit_days, precision = 30, "month"
    else:
        unit_days, precision = 365, "year"
    if direction == "خلال":
        if pub is None:
            return _Unresolved("day", "within")
        per = _day(pub, True)
        per.latest, per.modifier = pub + timedelta(days=max(1, n * unit_days)), "within"
        return per
    if pub is None:
        return _Unresolved(precision, "since" if direction == "منذ" else None)
    sign = 1 if direction == "بعد" else -1
    back: _Period | None
    if precision == "day":
        back = _day(pub + timedelta(days=sign * n * unit_days), True)
    elif precision == "month":
        back = _month_period(*_shift_month(pub.year, pub.month, sign * n), relative=True)
    else:
        back = _year_period(pub.year + sign * n, relative=True)
    if back is not None and direction == "منذ":
        back.modifier, back.latest = "since", None
    return back


_UNIT_DAYS = {"يام": 1, "سابيع": 7, "شهر": 30, "شهور": 30}
_WINDOW_DAYS = {"يام": 7, "ساعات": 1, "سابيع": 30, "شهر": 90, "شهور": 90, "الفترة": 90, "المرحلة": 90}


def _window(m: re.Match[str], pub: date | None) -> Resolved:
    if pub is None:
        return _Unresolved("day", "within")
    u = m.group("u")
    days = next(v for k, v in _WINDOW_DAYS.items() if k in u)
    if m.group("n"):  # «خلال الساعات الـ24 المقبلة», «خلال الأيام العشرة…» (digits only)
        n = int(m.group("n"))
        per_unit = next((v for k, v in _UNIT_DAYS.items() if k in u), 1)
        days = max(1, n // 24) if "ساع" in u else n * per_unit
    per = _day(pub, True)
    per.modifier = "within"
    if m.group("dir").startswith(("المقبل", "القادم")):
        per.latest = pub + timedelta(days=days)
    else:
        per.earliest = pub - timedelta(days=days)
    return per


#: Cheap substring gates: a family's regex runs only on text that contains one of its anchor strings.
_MONTH_HINTS = (
    "كانون", "تشرين", "شباط", "ذار", "نيسان", "يار", "حزيران", "تموز", "آب", "يلول", "يناير", "جانف",
    "فبراير", "فيفر", "مارس", "بريل", "فريل", "مايو", "يوني", "جوان", "يولي", "جويلي", "غسطس", "وت",
    "غشت", "سبتمبر", "شتنبر", "كتوبر", "نوفمبر", "نونبر", "ديسمبر", "دجنبر",
)  # fmt: skip
_HAS_DIGIT = re.compile(_D)
_RELATIVE_HINTS = ("الأسبوع", "الاسبوع", "الشهر", "العام", "السنة")
_DAYWORD_HINTS = ("مس", "البارحة", "اليوم", "غد")
_WEEKDAY_HINTS = ("الأحد", "الاحد", "الاثنين", "الإثنين", "الأثنين", "الثلاثاء", "الأربعاء", "الاربعاء",
                  "الخميس", "الجمعة", "الجمعه", "السبت")  # fmt: skip
_AGO_HINTS = ("قبل", "منذ", "بعد", "خلال")
_WINDOW_HINTS = ("خلال", "في ال", "غضون")


def _hint(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words))


_MONTH_HINT = _hint(_MONTH_HINTS)
_RELATIVE_HINT = _hint(_RELATIVE_HINTS)
_DAYWORD_HINT = _hint(_DAYWORD_HINTS)
_WEEKDAY_HINT = _hint(_WEEKDAY_HINTS)
_AGO_HINT = _hint(_AGO_HINTS)
_WINDOW_HINT = _hint(_WINDOW_HINTS)


def _families(text: str) -> list[tuple[re.Pattern[str], Resolver, bool]]:
    """The regex families worth running on ``text`` (each with its resolver and whether modifiers apply)."""
    digit = _HAS_DIGIT.search(text) is not None
    fams: list[tuple[re.Pattern[str], Resolver, bool]] = []
    if _MONTH_HINT.search(text) or (digit and "اب" in text):
        fams += [(_FULL, _full, True), (_MONTH_YEAR, _month_year, True), (_BARE_MONTH, _bare_month, True)]
    if digit:
        fams += [(_NUMERIC, _numeric, True), (_YEARS, _years, True)]
    if _RELATIVE_HINT.search(text):
        fams.append((_RELATIVE, _relative, True))
    if _DAYWORD_HINT.search(text):
        fams.append((_DAYWORD, _dayword, False))
    if _WEEKDAY_HINT.search(text):
        fams.append((_WEEKDAY, _weekday, True))
    if _AGO_HINT.search(text):
        fams.append((_AGO, _ago, False))
    if _WINDOW_HINT.search(text):
        fams.append((_WINDOW, _window, False))
    return fams


# ---------------------------------------------------------------------------------------------- search
@dataclass
class _Cand:
    start: int
    end: int
    res: _Period | _Unresolved


def find_dates(text: str, published: date | None, offset: int = 0, anchor_year: int | None = None,
               published_precision: Precision = "day") -> list[TimeValue]:
    """Every date expression in ``text``, resolved against ``published``; spans shifted by ``offset``.

    ``anchor_year`` (for an undated article: the latest year its text names) dates a weekday and day with no
    year («الثلاثاء 19 أبريل»): the year near it in which that day falls on that weekday.

    A publication date known only to its month or year (``published_precision``; ``published`` is then the
    first day of it) resolves what it can: «الشهر الماضي» is the month before; «اليوم», «أمس», «الخميس» are
    days of a month that is known, so they are that month (or year), never a made-up day."""
    if isinstance(published, datetime):
        published = published.date()  # a timestamp counts by its calendar day
    if published is None or published_precision == "day":
        return on_surface(text, lambda t: find_dates_plain(t, published, anchor_year), offset)
    lo, hi = period_of(published, published_precision)
    middle = lo + (hi - lo) // 2  # resolving from the middle keeps «الشهر الماضي» inside the right month
    found = on_surface(text, lambda t: find_dates_plain(t, middle, anchor_year), offset)
    return [_coarsen(t, published_precision, lo, hi) for t in found]


_FINENESS = {"day": 0, "month": 1, "year": 2, "decade": 3}


def _coarsen(t: TimeValue, precision: Precision, lo: date, hi: date) -> TimeValue:
    """A relative time finer than the publication date it was resolved from, widened to that date's period."""
    if t.basis not in ("relative", "vague") or t.precision is None or t.value is None or \
            _FINENESS[t.precision] >= _FINENESS[precision]:
        return t
    if t.basis == "vague" and not (t.earliest is not None and lo <= t.earliest <= hi):
        return t
    modifier = t.modifier if t.modifier in ("before", "after", "since", "by") else None
    earliest = None if modifier in ("before", "by") else lo
    latest = None if modifier in ("after", "since") else hi
    return replace(t, value=date_at(lo, precision), precision=precision, earliest=earliest, latest=latest,
                   basis="relative", modifier=modifier)


def _weekday_anchor(m: re.Match[str], anchor_year: int) -> date | None:
    """The day «الثلاثاء 19 أبريل» names in the anchor year or the year before or after, by its weekday; None
    when none of them (or, for 29 February, more than one) fits."""
    wd = _WEEKDAYS.get(m.group("wd") or "")
    month = _month(m.group("m") or "")
    if wd is None or month is None or not m.group("d1") or m.group("d2"):
        return None
    fits = [d for y in (anchor_year, anchor_year - 1, anchor_year + 1)
            if (d := _make_date(y, month, int(m.group("d1")))) is not None and d.weekday() == wd]
    return fits[0] if fits else None


def find_dates_plain(text: str, published: date | None, anchor_year: int | None = None) -> list[TimeValue]:
    """:func:`find_dates` on text already free of diacritics and tatweel (no normalization, no offset)."""
    cands: list[_Cand] = []
    # «31 شباط 2024» is not a date, and «شباط 2024» inside it is not one either; nor is anything in a URL
    invalid = [(u.start(), u.end()) for u in URL_RE.finditer(text)] if "/" in text or "www." in text else []
    for rx, resolve, modifiable in _families(text):
        for m in rx.finditer(text):
            pub = published
            if pub is None and anchor_year is not None and rx is _FULL and m.group("wd") and not m.group("y"):
                pub = _weekday_anchor(m, anchor_year)  # «صباح اليوم الثلاثاء 19 أبريل» in a report that names 2022
            cand = _candidate(text, m, resolve, modifiable, pub)
            if cand is not None:
                cands.append(cand)
            elif rx is _FULL or rx is _NUMERIC:
                invalid.append((m.start(), m.end()))
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    out: list[TimeValue] = []
    last_end = -1
    for c in cands:
        if c.start < last_end or any(s <= c.start and c.end <= e for s, e in invalid):
            continue
        last_end = c.end
        out.append(_to_time_value(text, c, 0))
    return out


_YEAR_LIST_BEFORE = re.compile(
    rf"(?:عامي|العامين|سنتي|الأعوام|الاعوام|السنوات|{_YEAR_WORD})\s+{_D}{{4}}\s*(?:[،,]\s*)?$"
)


def _candidate(
    text: str, m: re.Match[str], resolve: Resolver, modifiable: bool, pub: date | None
) -> _Cand | None:
    """Resolve one regex match, widening it to a preceding vague word or preposition."""
    start = m.end("cl") if m.groupdict().get("cl") else m.start()
    end = m.end()
    look = _LOOKBACK.search(text, max(0, start - 45), start) if modifiable else None
    prep = look.group("prep") if look else None
    vague_word = look.group("vague") if look else None
    prep_mod = _PREP_MOD.get(re.sub(r"\s+", " ", prep or ""))
    vague_mod = _VAGUE_MOD.get((vague_word or "").translate(_FOLD_VAGUE))
    if m.re is _BARE_MONTH and not (prep or vague_word or text[start : m.start("m")].strip() == "شهر"):
        return None  # a bare month name is a date only after a preposition, a vague word or «شهر»
    single = False  # «من 3500 عنصر في 1999 إلى 2735 في 2002»: a year, then a number that is no year
    if m.re is _YEARS:
        y2 = m.group("y2")
        if y2 and not (int(m.group("y")) < int(y2) <= 2100 and int(y2) - int(m.group("y")) <= 100):
            single, end, y2 = True, m.end("y"), None
        listed = _YEAR_LIST_BEFORE.search(text, max(0, start - 30), m.start())
        ranged = y2 and ((m.group("sep") or "").strip() != "و" or m.group("between"))
        if not (m.group("kw") or ranged or prep or vague_word or listed):
            return None  # a bare 4-digit number is a year only after a year word, preposition or vague word
        if not (m.group("kw") or y2) and _TO_COUNT.match(text, end):
            return None  # «من 2000 إلى حوالي 1400 جندي»: a number that falls to a count is a count
        if not y2 and _COUNT_AFTER.match(text, end):
            return None
        if not (m.group("kw") or y2) and _COMPARATIVE_BEFORE.search(text, max(0, start - 25), start):
            return None  # «سينخفض إلى أقل من 2000»: a count compared, not a year
    res: Resolved
    if single:
        y = int(m.group("y"))
        res = _year_period(y) if 1900 <= y <= 2100 else None
    elif m.re is _RELATIVE and m.group("dir") is None and m.group("this") is None and vague_word:
        unit = m.group("unit")  # «نهاية العام»: the current year / month
        if pub is None:
            res = _Unresolved("year" if unit in ("العام", "السنة") else "month")
        else:
            res = _relative_period(unit, 0, pub)
    else:
        res = resolve(m, pub)
    if res is None:
        return None
    if look is not None and (vague_mod or prep_mod):
        if prep_mod:
            start = look.start("prep")
        else:
            vcl = look.group("vcl") or ""
            start = look.start("vague") - len(vcl) + (1 if vcl[:1] in ("و", "ف") else 0)
        res = _apply_modifiers(res, prep_mod, vague_mod)
    return _Cand(start, end, res)


_THIRDS_OF_YEAR = {"early": ((1, 1), (4, 30)), "mid": ((5, 1), (8, 31)), "late": ((9, 1), (12, 31))}


def _apply_modifiers(
    res: _Period | _Unresolved, prep: str | None, vague: str | None
) -> _Period | _Unresolved:
    """Narrow the interval to a third (early/mid/late), then open it on one side (by/since/before/after)."""
    if isinstance(res, _Unresolved):
        res.modifier = prep or vague or res.modifier
        return res
    lo, hi = res.earliest, res.latest
    if vague and lo is not None and hi is not None and res.precision in ("year", "month"):
        if res.precision == "year":
            (m1, d1), (m2, d2) = _THIRDS_OF_YEAR[vague]
            lo, hi = date(lo.year, m1, d1), date(lo.year, m2, d2)
            if vague in ("early", "late"):
                # «مع مطلع العام 2026» reads as January 2026, «نهاية 2025» as December 2025: the month at its
                # precision, approximate (the modifier says so and the interval keeps the whole third)
                res.value, res.precision = f"{lo.year}-{'01' if vague == 'early' else '12'}", "month"
        else:
            d1, d2 = {"early": (1, 10), "mid": (11, 20), "late": (21, hi.day)}[vague]
            lo, hi = lo.replace(day=d1), lo.replace(day=d2)
        res.modifier = vague
    if prep == "by":
        lo = None
    elif prep == "since":
        hi = None
    elif prep == "before" and lo is not None:
        hi = lo - timedelta(days=1)
        lo = None
    elif prep == "after" and hi is not None:
        lo, hi = hi + timedelta(days=1), None
    if prep:
        res.modifier = prep
    res.earliest, res.latest = lo, hi
    return res


def _to_time_value(text: str, c: _Cand, offset: int) -> TimeValue:
    res = c.res
    quote = text[c.start : c.end]
    if isinstance(res, _Unresolved):
        return TimeValue(quote, c.start + offset, c.end + offset, None, res.precision, None, None,
                         "unresolved", res.modifier)  # fmt: skip
    basis: TimeBasis = "vague" if res.modifier in _VAGUE_BASIS else "relative" if res.relative else "absolute"
    return TimeValue(quote, c.start + offset, c.end + offset, res.value, res.precision, res.earliest, res.latest,
                     basis, res.modifier)  # fmt: skip


# ---------------------------------------------------------------------------------- English publication lines
@lru_cache(maxsize=1)
def _english_months() -> tuple[re.Pattern[str], dict[str, int]]:
    """English month names and abbreviations (CLDR through Babel, not a hand list) and a pattern of them."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for n, name in get_month_names(width, locale="en").items():
            names[name.lower().rstrip(".")] = n
    alt = "|".join(sorted((re.escape(k) for k in names), key=len, reverse=True))
    day = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
    rx = re.compile(
        rf"(?<![\w])(?:{day.format('d1')}(?:\s+of)?[\s,]+(?P<m1>{alt})\.?|(?P<m2>{alt})\.?\s+{day.format('d2')})"
        rf"[\s,]+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE)
    return rx, names


def english_day(text: str) -> date | None:
    """The first whole day written in English in ``text`` («3rd, May 2025», «February 9, 2025», «9 Feb 2025»):
    page furniture of Arabic outlets (a publication line) often writes its date so."""
    rx, names = _english_months()
    for m in rx.finditer(text):
        month = names[(m.group("m1") or m.group("m2")).lower()]
        found = _make_date(int(m.group("y")), month, int(m.group("d1") or m.group("d2")))
        if found is not None:
            return found
    return None
