"""Agreement rules: kinds, dates, parties; generic and anaphoric mentions are not facts."""

from __future__ import annotations

from extract_support import of, run
from kg.model import Agreement


def test_joint_statement_with_date_parties_and_content() -> None:
    text = "وجاء ذلك تنفيذا للبيان المشترك الصادر في 6 تشرين الثاني 2025 بين العراق والولايات المتحدة حول مستقبل العلاقة الأمنية."
    facts, _, _ = run(text, [("العراق", "iraq"), ("الولايات المتحدة", "us")],
                      times=[("6 تشرين الثاني 2025", "2025-11-06", None)])
    (a,) = of(facts, Agreement)
    assert a.kind == "JointStatement" and a.date is not None and a.date.value == "2025-11-06"
    assert a.parties == ("iraq", "united-states")
    assert a.sets is not None and a.sets.startswith("مستقبل العلاقة")


def test_generic_and_undated_repeated_mentions_are_dropped() -> None:
    text = ("وفي أيلول 2024، أعلنت الولايات المتحدة والعراق، في بيان مشترك، أن المهمة ستنتهي بحلول أيلول 2025.\n"
            "وأوضح البيان المشترك أن الانسحاب سيتم على مراحل.\n"
            "وتأتي الخطوة في إطار الاتفاقات المبرمة وتفعيل مذكرات التفاهم.")
    facts, _, _ = run(text, [("الولايات المتحدة", "us"), ("العراق", "iraq")],
                      times=[("أيلول 2024", "2024-09", None), ("بحلول أيلول 2025", "2025-09", "by")])
    (a,) = of(facts, Agreement)
    assert a.date is not None and a.date.value == "2024-09" and set(a.parties) == {"united-states", "iraq"}


def test_named_framework_agreement_needs_no_date_and_takes_no_reporting_date() -> None:
    text = "وأكد الوزير اليوم أن العلاقة ستستند إلى اتفاقية الإطار الاستراتيجي."
    facts, _, _ = run(text, times=[("اليوم", "2026-01-18", None)])
    (a,) = of(facts, Agreement)
    assert a.kind == "FrameworkAgreement" and a.date is None


def test_date_governed_by_a_later_verb_is_not_the_agreement_date() -> None:
    text = "ولفت إلى أن تنفيذ الاتفاق بدأ فعليا في أيلول الماضي."
    facts, _, _ = run(text, times=[("أيلول الماضي", "2025-09", None)])
    (a,) = of(facts, Agreement)  # the agreement is mentioned; September is when its implementation began
    assert a.date is None


def test_memorandum_with_eastern_digits_date() -> None:
    text = "ووقع العراق وتركيا مذكرة تفاهم للتعاون العسكري في ١٥ آب ٢٠٢٤."
    facts, _, _ = run(text, [("العراق", "iraq")], times=[("١٥ آب ٢٠٢٤", "2024-08-15", None)])
    (a,) = of(facts, Agreement)
    assert a.kind == "MemorandumOfUnderstanding" and a.date is not None and a.date.value == "2024-08-15"
