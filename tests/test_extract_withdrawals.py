"""Withdrawal and relocation rules."""

from __future__ import annotations

from extract_support import of, run
from kg.model import Withdrawal


def test_relocation_to_a_place_is_planned_with_force() -> None:
    text = "وقال المسؤول إن التحالف الدولي سيعيد نشر قواته، مع نقل معظم القوات إلى إقليم كردستان خلال الأشهر المقبلة."
    facts, _, _ = run(text, [("التحالف الدولي", "coalition"), ("إقليم كردستان", "krg")])
    (w,) = of(facts, Withdrawal)
    assert w.relocation and w.to_place == "kurdistan-region" and w.status == "planned"
    assert w.force == "global-coalition"


def test_nationality_adjective_gives_the_force_and_the_base_the_origin() -> None:
    text = "وكان الجيش العراقي قد أعلن أمس تولي المهام بعد الانسحاب الأميركي من قاعدة عين الأسد."
    facts, _, _ = run(text, [("الجيش العراقي", "army"), ("الأميركي", "us:NORP"), ("قاعدة عين الأسد", "ain")])
    (w,) = of(facts, Withdrawal)
    assert w.from_place == "ain-al-asad-air-base" and w.status == "completed"
    assert w.force == "united-states"  # the adjective, not the Iraqi army named earlier


def test_denial_marks_the_withdrawal_negated() -> None:
    text = "نفت وزارة الدفاع العراقية، اليوم، انسحاب القوات الأمريكية من قاعدة عين الأسد."
    facts, _, _ = run(text, [("وزارة الدفاع العراقية", "mod"), ("القوات الأمريكية", "usf"), ("قاعدة عين الأسد", "ain")],
                      times=[("اليوم", "2026-01-18", None)])
    (w,) = of(facts, Withdrawal)
    assert w.negated and w.force == "us-forces" and w.from_place == "ain-al-asad-air-base"


def test_demands_headlines_and_relationship_moves_are_not_withdrawals() -> None:
    text = ("صوت البرلمان على قرار يطالب بانسحاب القوات الأجنبية من العراق.\n"
            "انسحاب القوات الأمريكية من العراق\n"
            "وجرى الانتقال إلى العلاقة الأمنية الثنائية مع الولايات المتحدة.")
    facts, _, _ = run(text, [("العراق@0", "iraq"), ("القوات الأمريكية", "usf"), ("العراق@1", "iraq"),
                             ("الولايات المتحدة", "us")])
    assert of(facts, Withdrawal) == []


def test_in_progress_withdrawal_from_base() -> None:
    text = "وأكد القائد أن قاعدة عين الأسد تشهد انسحابا كاملا لقوات التحالف الدولي."
    facts, _, _ = run(text, [("قاعدة عين الأسد", "ain"), ("التحالف الدولي", "coalition")])
    (w,) = of(facts, Withdrawal)
    assert (w.status, w.from_place, w.force) == ("in_progress", "ain-al-asad-air-base", "global-coalition")
