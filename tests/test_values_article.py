"""The whole layer on a seed-like report written for this test (not a seed): sentences, dates, quantities."""

from __future__ import annotations

from datetime import date

from kg.text import split_sentences, tokenize
from kg.values.dates import find_dates
from kg.values.numbers import find_quantities

ARTICLE = """بغداد - أعلنت قيادة العمليات المشتركة، اليوم الخميس، أن القوات الأمريكية ستغادر قاعدة حرير في أربيل بحلول منتصف 2026، فيما تسلمت القوات العراقية قاعدة عين الأسد الجوية في 15 كانون الثاني/يناير الجاري.
وقال المتحدث باسم القيادة، اللواء تحسين الخفاجي، لوكالة الأنباء العراقية (واع)، إن "عدد المستشارين المتبقين لا يتجاوز 350 مستشاراً، وسيغادرون خلال الأسابيع المقبلة".

وأضاف أن "نحو ألفي جندي أمريكي غادروا العراق منذ أيلول/سبتمبر 2024"، مشيراً إلى أن "ما بين 1500 و2000 عنصر من قوات التحالف سينتقلون إلى الكويت".
وكان العراق والولايات المتحدة قد اتفقا في 27.9.2024 على إنهاء مهمة التحالف على مرحلتين: الأولى تنتهي في أيلول 2025، والثانية في أيلول 2026.
وبلغت كلفة الوجود العسكري نحو 2.5 مليار دولار سنوياً، بحسب تقرير صدر الشهر الماضي.
وشهدت الفترة بين عامي 2014 و2017 معارك ضارية ضد تنظيم داعش.وقتل خلالها الآلاف من عناصر التنظيم.
"""
PUB = date(2026, 1, 22)  # a Thursday


def _run(published: date | None) -> tuple[list, list, list]:
    sents = split_sentences(ARTICLE)
    times, quantities = [], []
    for s in sents:
        for tok in tokenize(s.text, s.start):
            assert ARTICLE[tok.start : tok.end] == tok.text
        times += find_dates(s.text, published, s.start)
        quantities += find_quantities(s.text, s.start)
    for x in times + quantities:
        assert ARTICLE[x.start : x.end] == x.text
    return sents, times, quantities


def test_sentences() -> None:
    sents, _, _ = _run(PUB)
    assert len(sents) == 7
    assert sents[5].text.endswith("تنظيم داعش.")
    assert sents[6].text.startswith("وقتل")


def test_dates() -> None:
    _, times, _ = _run(PUB)
    got = [(t.text, t.value, t.basis, t.modifier, t.earliest, t.latest) for t in times]
    assert got == [
        ("اليوم الخميس", "2026-01-22", "relative", None, PUB, PUB),
        ("بحلول منتصف 2026", "2026", "vague", "by", None, date(2026, 8, 31)),
        (
            "15 كانون الثاني/يناير الجاري",
            "2026-01-15",
            "relative",
            None,
            date(2026, 1, 15),
            date(2026, 1, 15),
        ),
        ("خلال الأسابيع المقبلة", "2026-01-22", "vague", "within", PUB, date(2026, 2, 21)),
        ("منذ أيلول/سبتمبر 2024", "2024-09", "vague", "since", date(2024, 9, 1), None),
        ("27.9.2024", "2024-09-27", "absolute", None, date(2024, 9, 27), date(2024, 9, 27)),
        ("أيلول 2025", "2025-09", "absolute", None, date(2025, 9, 1), date(2025, 9, 30)),
        ("أيلول 2026", "2026-09", "absolute", None, date(2026, 9, 1), date(2026, 9, 30)),
        ("الشهر الماضي", "2025-12", "relative", None, date(2025, 12, 1), date(2025, 12, 31)),
        ("بين عامي 2014 و2017", "2014", "absolute", "range", date(2014, 1, 1), date(2017, 12, 31)),
    ]


def test_dates_without_publication_date() -> None:
    _, times, _ = _run(None)
    assert [t.basis for t in times] == [
        "unresolved",
        "vague",
        "unresolved",
        "unresolved",
        "vague",
        "absolute",
        "absolute",
        "absolute",
        "unresolved",
        "absolute",
    ]
    assert all(t.value is None for t in times if t.basis == "unresolved")


def test_quantities() -> None:
    _, _, quantities = _run(PUB)
    got = [(q.text, q.value, q.min, q.max, q.qualifier, q.unit, q.inclusive) for q in quantities]
    assert got == [
        ("لا يتجاوز 350 مستشاراً", 350, None, 350, "less_than", "advisers", True),
        ("نحو ألفي جندي", 2000, None, None, "about", "troops", None),
        ("ما بين 1500 و2000 عنصر", None, 1500, 2000, "range", "personnel", None),
        ("الآلاف من عناصر", 1000, 1000, None, "more_than", "personnel", True),
    ]
