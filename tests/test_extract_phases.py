"""Mission-phase rules."""

from __future__ import annotations

from extract_support import of, run
from kg.model import MissionPhase


def test_completed_and_started_phases_with_scope() -> None:
    text = ("ولفتت اللجنة إلى إنهاء المرحلة الاولى من مهمة التحالف الدولي في العراق.\n"
            "وأوضحت بدء المرحلة الثانية من مهمة التحالف الدولي في سوريا.")
    facts, _, _ = run(text, [("التحالف الدولي@0", "coalition"), ("العراق", "iraq"), ("التحالف الدولي@1", "coalition"),
                             ("سوريا", "syria")])
    p1, p2 = of(facts, MissionPhase)
    assert (p1.number, p1.status, p1.scope, p1.mission) == (1, "completed", "iraq", "global-coalition")
    assert (p2.number, p2.status, p2.scope) == (2, "in_progress", "syria")


def test_future_phase_with_deadline_and_past_deadline_means_completed() -> None:
    text = ("وأكد أن الحكومة ستعمل على إكمال إنهاء مهام التحالف بمرحلته الثانية في سبتمبر 2026، بما يخص أربيل.\n"
            "وتشمل المرحلة الأولى، التي تكتمل بحلول أيلول الماضي، إنهاء المهمة داخل العراق.")
    facts, _, _ = run(text, [("أربيل", "erbil")],
                      times=[("سبتمبر 2026", "2026-09", None), ("بحلول أيلول الماضي", "2025-09", "by")])
    p2, p1 = of(facts, MissionPhase)
    assert (p2.number, p2.status, p2.scope) == (2, "planned", "erbil")
    assert p2.deadline is not None and p2.deadline.value == "2026-09"
    assert (p1.number, p1.status) == (1, "completed")


def test_phase_without_ordinal_is_not_a_fact() -> None:
    facts, _, _ = run("وبين أن المرحلة المقبلة ستشهد توقيع مذكرات تعاون.")
    assert of(facts, MissionPhase) == []


# --- forms found by the blind demo reports (sentences written for these tests) ---


def test_end_noun_after_temporal_preposition_is_not_a_completion() -> None:
    text = "ومن المقرر أن يجتمع الوفدان الشهر المقبل لبحث الوجود الاستشاري بعد انتهاء المرحلة الأولى."
    facts, _, _ = run(text, [])
    (p,) = of(facts, MissionPhase)
    assert (p.number, p.status) == (1, "planned")


def test_continuing_a_phase_is_in_progress() -> None:
    text = "وتبقى وحدات محدودة في إقليم كردستان لمواصلة المرحلة الثانية من المهمة."
    facts, _, _ = run(text, [("إقليم كردستان", "krg")])
    (p,) = of(facts, MissionPhase)
    assert (p.number, p.status) == (2, "in_progress")


def test_a_purpose_clause_with_the_phase_is_a_plan() -> None:
    """«لتواصل خلال المرحلة الثانية …»: ل + imperfect says what the forces are to do, not what they are doing."""
    text = ("وتنتقل القوات إلى أربيل لتواصل منها خلال المرحلة الثانية دعم العمليات.\n"
            "ويواصل التحالف حاليا المرحلة الأولى من الانسحاب.")
    facts, _, _ = run(text, [])
    got = {p.number: p.status for p in of(facts, MissionPhase)}
    assert got == {2: "planned", 1: "in_progress"}
