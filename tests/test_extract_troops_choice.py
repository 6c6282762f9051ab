"""Which mention is a troop count's force, which its place, and where its year comes from: general ways of
reporting, each on sentences written for the project (pipeline with the rule recognizers)."""

from __future__ import annotations

import pytest

from extract_support import counts
from kg.config import Settings
from kg.model import Extraction
from kg.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(), ner="rules")



def label(ex: Extraction, key: str | None) -> str | None:
    return ex.entities[key].label_ar if key in ex.entities else None


def test_a_figure_told_twice_is_one_count_with_the_hedge_and_the_named_force(pipeline: Pipeline) -> None:
    text = ("واشنطن تبقي 400 جندي في العراق.\n"
            "وقال مسؤول إن الولايات المتحدة ستحتفظ بنحو 400 جندي في العراق حتى نهاية العام.")
    _, found = counts(pipeline, text)
    assert [(c.quantity.value, c.quantity.qualifier, c.country) for c in found] == [(400, "about", "iraq")]
    assert found[0].force == "united-states"


def test_the_same_number_for_two_forces_or_two_places_is_two_counts(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ويوجد في مالي 400 جندي فرنسي و400 جندي ألماني.")
    assert sorted(str(c.force) for c in found) == ["france", "germany"]
    _, found = counts(pipeline, "ولدى فرنسا 400 جندي في مالي و400 جندي في النيجر.")
    assert sorted(str(c.country) for c in found) == ["mali", "niger"]


def test_an_indefinite_facility_noun_after_a_comma_describes_the_facility_named_before_it(pipeline: Pipeline) -> None:
    ex, found = counts(pipeline, "وسقط الصاروخ على مطار الوطية، قاعدة جوية تضم نحو 300 عسكري تركي.")
    assert [label(ex, c.place) for c in found] == ["مطار الوطية"]


def test_a_verb_joined_by_wa_has_no_subject_in_the_name_ending_the_clause_before(pipeline: Pipeline) -> None:
    text = "وفي أرمينيا يمدد الاتفاق بقاء القوات الروسية قرب الحدود مع تركيا وتضم نحو 4000 جندي روسي."
    _, found = counts(pipeline, text)
    assert [(c.force, c.country) for c in found] == [("russia", "armenia")]


def test_a_count_among_a_hosted_total_is_where_the_total_is(pipeline: Pipeline) -> None:
    ex, found = counts(pipeline, "وكانت قاعدة التاجي تأوي أكثر من 20 ألف شخص، بينهم نحو 8 آلاف عسكري.")
    assert [(c.quantity.value, c.place) for c in found] == [(8000, "camp-taji")]


def test_a_place_in_a_relative_clause_of_another_noun_is_not_the_counts(pipeline: Pipeline) -> None:
    text = ("وبدأت البعثة انسحابها في مدينة غاو حيث سحبت نحو 300 جندي على متن الطائرات التي أرسلتها الحكومة في "
            "مدينة باماكو.")
    ex, found = counts(pipeline, text)
    assert [label(ex, c.place) for c in found] == ["مدينة غاو"]
    # a relative clause of the counted troops themselves says where they are
    ex, found = counts(pipeline, "وتبقي فرنسا 800 جندي الذين يتمركزون منذ سنوات في مدينة غاو.")
    assert [label(ex, c.place) for c in found] == ["مدينة غاو"]


def test_the_land_of_a_country_or_of_its_capital_is_where_the_troops_are(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وينتشر نحو 1500 جندي بريطاني على أرض إستونيا.")
    assert [(c.force, c.country) for c in found] == [("united-kingdom", "estonia")]
    # «أراضي مينسك»: the capital stands for its state's land, no city
    _, found = counts(pipeline, "ويتمركز على أراضي مينسك نحو 2000 عسكري روسي.")
    assert [(c.force, c.country, c.place) for c in found] == [("russia", "belarus", None)]
    _, found = counts(pipeline, "ويقيم 3000 جندي روسي في بيلاروسيا.")
    assert [c.country for c in found] == ["belarus"]


@pytest.mark.parametrize(("text", "place"), [
    ("وسترسل موسكو نحو 2000 جندي إلى ناغورنو كاراباخ.", "nagorno-karabakh"),
    ("وتحتفظ روسيا بنحو 1500 جندي في ترانسنيستريا.", "transnistria"),
])
def test_a_region_of_a_theatre_is_a_known_place(pipeline: Pipeline, text: str, place: str) -> None:
    _, found = counts(pipeline, text)
    assert [c.place for c in found] == [place]


def test_a_part_of_a_country_is_in_the_country(pipeline: Pipeline) -> None:
    text = "وقالت واشنطن إن العمليات في الأنبار مستمرة.\nوينتشر 900 جندي أمريكي في شمال سوريا."
    _, found = counts(pipeline, text)
    assert [c.country for c in found] == ["syria"]
    _, found = counts(pipeline, "وقالت مصادر في سوريا إن بريطانيا نشرت 400 جندي في أجزاء من العراق.")
    assert [c.country for c in found] == ["iraq"]


def test_the_region_is_the_last_region_named_and_a_figure_over_several_countries_has_no_one_country(
    pipeline: Pipeline,
) -> None:
    text = ("وفي قطر قاعدة العديد، وفي قطر يقيم القادة.\n"
            "وتتوزع القوات الأمريكية في الشرق الأوسط على قواعد كثيرة.\n"
            "وينتشر نحو 40 ألف جندي أمريكي في عدة دول بالمنطقة.")
    _, found = counts(pipeline, text)
    assert [(c.place, c.country) for c in found] == [("middle-east", None)]


def test_a_count_in_a_where_clause_is_at_the_place_named_before_it(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وتعد قاعدة التاجي حيث يتمركز 400 جندي إسباني مركزا للتدريب.")
    assert [c.place for c in found] == ["camp-taji"]
    _, found = counts(pipeline, "وقالت باريس إن الوفد انتقل إلى الأردن، حيث يقيم 300 عسكري فرنسي.")
    assert [(c.force, c.country) for c in found] == [("france", "jordan")]


def test_a_base_named_again_without_its_head_noun_is_the_same_base(pipeline: Pipeline) -> None:
    text = ("وهاجم مسلحون قاعدة زليتن العسكرية ليلا.\n"
            "وأرسلت تركيا نحو 150 جنديا لحماية قواتها المتواجدة في زليتن.")
    ex, found = counts(pipeline, text)
    assert [label(ex, c.place) for c in found] == ["قاعدة زليتن العسكرية"]
    # the other rules read the text as the recognizers did: no mention is added for them
    assert [m.text for m in ex.mentions if "زليتن" in m.text] == ["قاعدة زليتن العسكرية"]


@pytest.mark.parametrize(("text", "place", "country"), [
    ("وتضم قوة المراقبين الدوليين في الجولان نحو 1100 جندي.", "golan-heights", "syria"),
    ("ويرابط 28 ألف جندي أمريكي في شبه الجزيرة الكورية.", "korean-peninsula", None),
    ("وتنتشر في سيناء قوة دولية قوامها 1500 جندي.", "sinai", None),
])
def test_regions_foreign_forces_are_counted_in(pipeline: Pipeline, text: str, place: str, country: str | None
                                               ) -> None:
    _, found = counts(pipeline, text)
    assert [(c.place, c.country) for c in found] == [(place, country)]


def test_hundreds_or_tens_of_the_troops_count_nothing(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وانسحب المئات من أفراد القوة الدولية من سيناء، وبقي العشرات من الجنود.")
    assert found == []


def test_a_base_glued_to_b_before_the_count_is_its_place(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ويتواجد بقاعدة التاجي حوالي 600 عسكري إسباني وست طائرات.")
    assert [(c.place, c.force) for c in found] == [("camp-taji", "spain")]


def test_sailors_and_officers_are_personnel_and_ships_or_jets_are_not(pipeline: Pipeline) -> None:
    text = "وقال التقرير إن عدد البحارة البريطانيين المتمركزين في البحرين نحو 900 بحار، ويقدر عدد السفن بست عشرة سفينة."
    _, found = counts(pipeline, text)
    assert [(c.quantity.value, c.force, c.country) for c in found] == [(900, "united-kingdom", "bahrain")]
    _, found = counts(pipeline, "ووصل 27 ضابطا وجنديا أميركيا إلى الأردن، ومعهم 70 مقاتلة.")
    assert [(c.quantity.value, c.country) for c in found] == [(27, "jordan")]


def test_a_bare_number_of_others_counts_more_of_the_same_troops(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ويتمركز 1500 عسكري فرنسي بشكل دائم في مالي، بينما يقوم 900 آخرون بمهمات قصيرة.")
    assert [(c.quantity.value, c.force, c.country) for c in found] == [(1500, "france", "mali"), (900, "france", "mali")]


def test_the_country_whose_land_they_are_on_is_the_place_not_the_force(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وتضم القوات البرية على أرض جيبوتي 1400 عسكري.")
    assert [(c.force, c.country) for c in found] == [(None, "djibouti")]
    _, found = counts(pipeline, "وينتشر في شمال مالي 1400 عسكري.")
    assert [(c.force, c.country) for c in found] == [(None, "mali")]


def test_a_date_after_bada_dates_that_event_not_the_figure(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وأبقت القوات الأمريكية 50 جنديا في العراق بعد سقوط النظام في ديسمبر 2024.")
    assert [(c.as_of.value, c.as_of.basis) for c in found if c.as_of] == [("2025-06-10", "publication")]
    _, found = counts(pipeline, "وكان للولايات المتحدة 2500 جندي في العراق في ديسمبر 2024.")
    assert [c.as_of.value for c in found if c.as_of] == ["2024-12"]


def test_the_report_theatre_is_never_the_country_whose_troops_it_counts(pipeline: Pipeline) -> None:
    text = ("الولايات المتحدة توسع انتشارها العسكري\n"
            "وقالت الولايات المتحدة إن الجنود الأمريكيين سيصلون إلى اليونان ويتمركزون في اليونان.\n"
            "ويضم الطاقم الجديد 300 فرد.")
    _, found = counts(pipeline, text)
    assert [c.country for c in found] == ["greece"]
    # a country named where troops are is a host even when its own forces are named too
    text = ("الصومال يتسلم القواعد\n"
            "وقالت البعثة إن الجنود الصوماليين تسلموا قاعدتين في الصومال.\n"
            "وغادر 3000 جندي.")
    _, found = counts(pipeline, text)
    assert [c.country for c in found] == ["somalia"]
