"""Hand-built extractions (our own sentences, not seed text) for the RDF mapping and consolidation tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kg import model

ENTITIES = {
    "ain-al-asad-air-base": model.Entity(
        "ain-al-asad-air-base", "AirBase", "قاعدة عين الأسد", "Ain al-Asad Air Base", "Q4703502",
        aliases=("عين الاسد", "Ain al-Asad"), lat=33.7856, lon=42.4412, located_in=("al-anbar", "iraq"),
        source="test",
    ),
    "al-anbar": model.Entity("al-anbar", "Region", "الأنبار", "Al Anbar Governorate", "Q187334",
                             located_in=("iraq",), source="test"),
    "iraq": model.Entity("iraq", "Country", "العراق", "Iraq", "Q796", source="test"),
    "united-states": model.Entity("united-states", "Country", "الولايات المتحدة", "United States", "Q30",
                                  source="test"),
    "syria": model.Entity("syria", "Country", "سوريا", "Syria", "Q858", source="test"),
    "erbil": model.Entity("erbil", "City", "أربيل", "Erbil", source="test"),
    "global-coalition": model.Entity("global-coalition", "Coalition", "التحالف الدولي", "Global Coalition",
                                     source="test"),
    "iraqi-army": model.Entity("iraqi-army", "ArmedForce", "الجيش العراقي", "Iraqi Army", source="test"),
    "some-spokesman": model.Entity("some-spokesman", "Person", "المتحدث العسكري", None, source="extracted"),
    "ina": model.Entity("ina", "NewsAgency", "وكالة الأنباء العراقية", "Iraqi News Agency", source="test"),
    "oir-mission": model.Entity("oir-mission", "MilitaryOperation", "مهمة التحالف", "Coalition mission",
                                source="test"),
}


def _ev(text: str, quote: str, sentence: int = 0, method: str = "kg.rules.test", conf: float = 0.9
        ) -> model.Evidence:
    start = text.index(quote)
    return model.Evidence(sentence, start, start + len(quote), quote, method, "1.0", conf)


def _t(text: str, expr: str, value: str | None, precision: str | None, earliest: date | None,
       latest: date | None, basis: str = "absolute", modifier: str | None = None) -> model.TimeValue:
    start = text.index(expr)
    return model.TimeValue(expr, start, start + len(expr), value, precision,  # type: ignore[arg-type]
                           earliest, latest, basis, modifier)  # type: ignore[arg-type]


def completion_report(key: str, day: int, published: date | None, *, with_statement: bool = True,
                      agreement_precision: str = "day") -> model.Extraction:
    """An article saying the base was handed over on ``day`` January 2026, with an agreement, counts,
    a phase, a withdrawal and a statement — every fact type."""
    s1 = f"أعلنت قيادة العمليات أن الجيش العراقي تسلم قاعدة عين الأسد من التحالف الدولي في {day} كانون الثاني 2026."
    if agreement_precision == "day":
        agr_expr, agr = "27 أيلول 2024", ("2024-09-27", "day", date(2024, 9, 27), date(2024, 9, 27))
    elif agreement_precision == "month":
        agr_expr, agr = "أيلول 2024", ("2024-09", "month", date(2024, 9, 1), date(2024, 9, 30))
    else:
        agr_expr, agr = "عام 2024", ("2024", "year", date(2024, 1, 1), date(2024, 12, 31))
    s2 = f"وجاء ذلك تنفيذا للبيان المشترك الصادر في {agr_expr} بين بغداد وواشنطن."
    s3 = "ويبلغ عدد الجنود الأمريكيين في العراق نحو 2500 جندي مطلع 2025."
    s4 = "وتنتهي المرحلة الأولى من المهمة في أيلول 2025."
    s5 = "وانتقلت القوات المتبقية إلى أربيل."
    s6 = "وقال المتحدث العسكري إن القاعدة أصبحت تحت الإدارة العراقية الكاملة بعد انسحاب المستشارين."
    text = " ".join([s1, s2, s3, s4, s5, s6])
    quote6 = "القاعدة أصبحت تحت الإدارة العراقية الكاملة بعد انسحاب المستشارين"
    q_start = text.index("نحو 2500 جندي")
    qty = model.Quantity("نحو 2500 جندي", q_start, q_start + len("نحو 2500 جندي"), 2500, None, None, "about",
                         "troops")
    facts: list[model.Fact] = [
        model.Handover(_ev(text, s1), "ain-al-asad-air-base", from_actor="global-coalition",
                       to_actor="iraqi-army", status="completed",
                       time=_t(text, f"{day} كانون الثاني 2026", f"2026-01-{day:02d}", "day",
                               date(2026, 1, day), date(2026, 1, day))),
        model.Agreement(_ev(text, s2, 1), "JointStatement", "البيان المشترك", parties=("iraq", "united-states"),
                        date=_t(text, agr_expr, *agr), sets="إنهاء مهمة التحالف على مرحلتين"),
        model.TroopCount(_ev(text, s3, 2), qty, force="united-states", country="iraq",
                         as_of=_t(text, "مطلع 2025", "2025", "year", date(2025, 1, 1), date(2025, 4, 30),
                                  "vague", "early")),
        model.MissionPhase(_ev(text, s4, 3), "المرحلة الأولى", number=1, scope="iraq",
                           deadline=_t(text, "أيلول 2025", "2025-09", "month", date(2025, 9, 1),
                                       date(2025, 9, 30), modifier="by"),
                           mission="oir-mission"),
        model.Withdrawal(_ev(text, s5, 4), "united-states", to_place="erbil", relocation=True),
    ]
    if with_statement:
        facts.append(model.Statement(_ev(text, s6, 5), quote6, speaker="some-spokesman", role="المتحدث العسكري",
                                     channel="ina"))
    m_start = text.index("قاعدة عين الأسد")
    mentions = [
        model.Mention(m_start, m_start + len("قاعدة عين الأسد"), "قاعدة عين الأسد", "FAC", 0, "kg.ner.rules",
                      "1.0", 0.95, "ain-al-asad-air-base", 1.0, "exact alias"),
        model.Mention(text.index("أربيل"), text.index("أربيل") + 5, "أربيل", "LOC", 4, "kg.ner.stanza", "1.0",
                      0.8),
    ]
    article = model.Article(key=key, text=text, source=f"{key}.txt", url=f"https://example.org/{key}",
                            title="تسليم قاعدة عين الأسد", published=published, publisher="وكالة تجريبية",
                            dateline="بغداد")
    return model.Extraction(article=article, mentions=mentions, entities=dict(ENTITIES), facts=facts)


def plan_report(key: str, published: date) -> model.Extraction:
    """An article announcing the handover as a plan for early January 2026."""
    s1 = "ومن المقرر أن يتسلم الجيش العراقي قاعدة عين الأسد مطلع كانون الثاني 2026."
    text = s1
    facts: list[model.Fact] = [
        model.Handover(_ev(text, s1), "ain-al-asad-air-base", from_actor="global-coalition",
                       to_actor="iraqi-army", status="planned",
                       time=_t(text, "مطلع كانون الثاني 2026", "2026-01", "month", date(2026, 1, 1),
                               date(2026, 1, 10), "vague", "early")),
    ]
    article = model.Article(key=key, text=text, source=f"{key}.txt", published=published)
    return model.Extraction(article=article, entities=dict(ENTITIES), facts=facts)


# --- the worked example of docs/ontology.md (ontology/examples/ain-al-asad.trig) -------------------------

EXAMPLE_ENTITIES = {
    k: replace(ENTITIES[k], source="seeds/entities.tsv")
    for k in ("ain-al-asad-air-base", "al-anbar", "iraq", "global-coalition", "iraqi-army")
}


def _handover_report(key: str, published: date, sentence: str, status: str, expr: str, value: str,
                     precision: str, earliest: date, latest: date, basis: str = "absolute",
                     modifier: str | None = None) -> model.Extraction:
    time = _t(sentence, expr, value, precision, earliest, latest, basis, modifier)
    fact = model.Handover(_ev(sentence, sentence, method="kg.rules.handover", conf=0.9),
                          "ain-al-asad-air-base", from_actor="global-coalition", to_actor="iraqi-army",
                          status=status, time=time)  # type: ignore[arg-type]
    article = model.Article(key=key, text=sentence, source=f"{key}.txt", url=f"https://example.org/news/{key}",
                            title="قاعدة عين الأسد", published=published, publisher="وكالة مثال")
    return model.Extraction(article=article, entities=dict(EXAMPLE_ENTITIES), facts=[fact])


def worked_example() -> list[model.Extraction]:
    """Four short reports (our own sentences): the plan, the handover under way, and two reports of the
    completion that disagree by one day."""
    return [
        _handover_report("example-plan", date(2025, 12, 20),
                         "أفاد مصدر أمني بأن الجيش العراقي سيتسلم قاعدة عين الأسد من التحالف الدولي مطلع كانون الثاني 2026.",
                         "planned", "مطلع كانون الثاني 2026", "2026-01", "month", date(2026, 1, 1),
                         date(2026, 1, 10), "vague", "early"),
        _handover_report("example-progress", date(2025, 12, 31),
                         "وتشهد قاعدة عين الأسد اليوم تسليما تدريجيا من التحالف الدولي إلى الجيش العراقي.",
                         "in_progress", "اليوم", "2025-12-31", "day", date(2025, 12, 31), date(2025, 12, 31),
                         "relative"),
        _handover_report("example-completion-a", date(2026, 1, 18),
                         "أعلنت قيادة العمليات المشتركة أن الجيش العراقي تسلم قاعدة عين الأسد بالكامل من التحالف الدولي في 17 كانون الثاني 2026.",
                         "completed", "17 كانون الثاني 2026", "2026-01-17", "day", date(2026, 1, 17),
                         date(2026, 1, 17)),
        _handover_report("example-completion-b", date(2026, 1, 19),
                         "وأكمل التحالف الدولي أمس تسليم قاعدة عين الأسد إلى الجيش العراقي.",
                         "completed", "أمس", "2026-01-18", "day", date(2026, 1, 18), date(2026, 1, 18),
                         "relative"),
    ]
