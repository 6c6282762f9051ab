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


def test_a_projection_without_a_target_is_as_of_its_plan_or_its_report(pipeline: Pipeline) -> None:
    [c] = of(run(pipeline, "لكن سيبقى نحو 600 جندي كندي في لاتفيا."), TroopCount)
    assert c.kind == "projection" and c.as_of is not None and c.as_of.value == "2025-06-10"
    assert c.as_of.basis == "publication"
    text = "ووقع البلدان اتفاقا في آذار 2019، سترسل أوتاوا بموجبه نحو 600 جندي إلى لاتفيا."
    [d] = of(run(pipeline, text), TroopCount)
    assert d.kind == "projection" and d.as_of is not None and d.as_of.value == "2019-03"
    # a target still wins
    [e] = of(run(pipeline, "وستخفض كندا عدد قواتها إلى 400 جندي بحلول 2027."), TroopCount)
    assert e.kind == "projection" and e.as_of is not None and e.as_of.value == "2027"


def test_a_qualifier_written_away_from_the_count(pipeline: Pipeline) -> None:
    [c] = of(run(pipeline, "وانتشر 700 جندي منهم على الأقل في منطقة الحدود."), TroopCount)
    assert (c.quantity.value, c.quantity.qualifier) == (700, "more_than")
    text = "وقالت الوزارة إن عدد الجنود الكنديين في البعثة لن يتجاوز عددهم 900 جندي."
    [d] = of(run(pipeline, text), TroopCount)
    assert (d.quantity.value, d.quantity.qualifier, d.kind) == (900, "less_than", "cap")
    assert d.as_of is not None and d.as_of.value == "2025-06-10"  # a cap in force as of the report
    [e] = of(run(pipeline, "وحدد الاتفاق عدد القوات بحد أقصى 3000 جندي."), TroopCount)
    assert e.kind == "cap"
    # an exceed verb that is not negated caps nothing
    [f] = of(run(pipeline, "وتجاوز عدد الجنود 900 جندي."), TroopCount)
    assert f.kind == "current" and f.quantity.qualifier == "exact"


def test_a_past_fall_of_a_count_is_no_projection(pipeline: Pipeline) -> None:
    text = "وانخفض عدد الجنود البلجيكيين من حوالي 900 جندي في 2015 إلى 600 في 2019."
    counts = of(run(pipeline, text), TroopCount)
    assert sorted((c.quantity.value, c.quantity.qualifier, c.kind, c.as_of.value if c.as_of else None)
                  for c in counts) == [(600, "exact", "current", "2019"), (900, "about", "current", "2015")]
    # the noun or the present of a reduction is a plan
    [p] = of(run(pipeline, "وتعتزم الحكومة خفض عدد القوات إلى 600 جندي."), TroopCount)
    assert p.kind == "projection"
    counts = of(run(pipeline, "الحلف يرفع عدد قواته في لاتفيا من 500 إلى 900 عسكري"), TroopCount)
    assert {(c.quantity.value, c.kind) for c in counts} == {(500, "current"), (900, "projection")}


def test_a_count_in_the_base_is_in_the_base_named_before(pipeline: Pipeline) -> None:
    text = "ونقلت الطائرات الجنود إلى قاعدة النخيل الجوية في شمال البلاد.\nويتمركز حاليا أكثر من 300 جندي بلجيكي داخل القاعدة."
    [c] = of(run(pipeline, text), TroopCount)
    assert label(run(pipeline, text), c.place) == "قاعدة النخيل الجوية"
    # no base named before: no place from the anaphor
    [d] = of(run(pipeline, "ويتمركز حاليا أكثر من 300 جندي بلجيكي داخل القاعدة."), TroopCount)
    assert d.place is None


def test_a_day_set_off_by_commas_does_not_cut_the_clause(pipeline: Pipeline) -> None:
    text = "أعادت هولندا، اليوم الخميس، قاعدتها العسكرية الوحيدة في الكوت ديفوار إلى سلطات البلاد."
    ex = run(pipeline, text)
    [h] = of(ex, Handover)
    assert h.facility is None and h.scope is not None and "قاعدتها العسكرية الوحيدة" in h.scope
    assert h.status == "completed" and h.time is not None and h.time.value == "2025-06-10"
    # a country name of two words after «في» is no base name («الكوت ديفوار» stays the country)
    assert "cote-d-ivoire" in ex.entities


def test_a_country_spelled_with_waw_is_the_same_country(pipeline: Pipeline) -> None:
    [c] = of(run(pipeline, "وتضم البعثة في جمهورية الكونغو الديموقراطية 12 ألف جندي."), TroopCount)
    assert c.country == "congo-kinshasa"
