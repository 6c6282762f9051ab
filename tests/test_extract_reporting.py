"""Ways real reports are written that the rules must read (found on the real-report dev split, issue 12), each on
sentences written for the project: a publication date known only to its month, counts in a changing figure,
structured lists of counts, statuses carried from the sentence before, lists of bases."""

from __future__ import annotations

from datetime import date

import pytest

from kg.config import Settings
from kg.model import Article, Extraction, Handover, Precision, TroopCount
from kg.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(), ner="rules")


def run(pipeline: Pipeline, text: str, published: date | None = date(2025, 6, 10),
        precision: Precision = "day") -> Extraction:
    article = Article(key="t", text=text, source="t.txt", published=published, published_precision=precision)
    return pipeline.process(article)


def of(ex: Extraction, cls: type) -> list:
    return [f for f in ex.facts if isinstance(f, cls)]


def label(ex: Extraction, key: str | None) -> str | None:
    return ex.entities[key].label_ar if key in ex.entities else None


# --- a publication date known only to its month -------------------------------------------------------------


def test_a_month_only_publication_date_dates_a_completed_handover_to_its_month(pipeline: Pipeline) -> None:
    text = "سلّمت القوات البلجيكية اليوم الاثنين معسكر النخيل إلى الجيش المحلي."
    [h] = of(run(pipeline, text, date(2024, 9, 1), "month"), Handover)
    assert h.status == "completed" and h.time is not None
    assert (h.time.value, h.time.precision) == ("2024-09", "month")
    # no time in the text: on or before the publication month
    [u] = of(run(pipeline, "وجرى تسليم معسكر النخيل إلى الجيش المحلي.", date(2024, 9, 1), "month"), Handover)
    assert u.time is not None and (u.time.value, u.time.precision, u.time.modifier) == ("2024-09", "month", "before")
    assert u.time.latest == date(2024, 9, 30)


def test_a_current_count_in_a_month_dated_report_is_as_of_that_month(pipeline: Pipeline) -> None:
    ex = run(pipeline, "وتنشر كندا نحو 400 جندي في لاتفيا.", date(2023, 4, 1), "month")
    [c] = of(ex, TroopCount)
    assert c.as_of is not None and (c.as_of.value, c.as_of.precision, c.as_of.basis) == ("2023-04", "month",
                                                                                          "publication")


def test_a_month_dated_report_keeps_a_completion_dated_inside_its_month(pipeline: Pipeline) -> None:
    # «في 20 أيلول» of a September report may be after its (unknown) day: it is kept, never dropped as future
    text = "وأكملت القوات الهولندية انسحابها من القاعدة في 20 أيلول 2024."
    ex = run(pipeline, text, date(2024, 9, 1), "month")
    [w] = [f for f in ex.facts if type(f).__name__ == "Withdrawal"]
    assert w.time is not None and w.time.value == "2024-09-20"


# --- counts in a changing figure ----------------------------------------------------------------------------


def test_a_count_after_a_training_mission_in_a_place_is_no_trainee_count(pipeline: Pipeline) -> None:
    text = "وقالت الوزارة إن البعثة ستزيد عدد أفرادها لأداء مهام التدريب في الأردن من 300 إلى 900 عسكري."
    counts = of(run(pipeline, text), TroopCount)
    assert sorted(c.quantity.value for c in counts) == [300, 900]
    before = next(c for c in counts if c.quantity.value == 300)
    assert before.kind == "current" and before.as_of is not None and before.as_of.value == "2025-06-10"
    # a count right after a training word is of trainees, not of troops present
    assert not of(run(pipeline, "وأنهى المدربون تدريب 300 جندي محلي."), TroopCount)
