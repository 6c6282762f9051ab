"""Troop counts: hedges written away from the figure, numbers that count no troops, and where a count is
(pipeline with the rule recognizers, on sentences written for the project)."""

from __future__ import annotations

import pytest

from extract_support import counts
from kg.config import Settings
from kg.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(), ner="rules")



def test_a_negated_exceed_verb_a_few_words_before_the_figure_is_a_cap(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ونص الاتفاق مع السودان على ألا يزيد عدد أفراد المركز عن 400 عسكري.")
    assert [(c.quantity.value, c.quantity.qualifier, c.kind) for c in found] == [(400, "less_than", "cap")]


def test_an_exceed_verb_right_before_the_figure_is_more_than(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وقال المتحدث إن عدد الجنود الفرنسيين في تشاد يتجاوز 1500 جندي.")
    assert [(c.quantity.value, c.quantity.qualifier, c.quantity.min) for c in found] == [(1500, "more_than", 1500)]
    _, found = counts(pipeline, "وقال المتحدث إن الجنود الفرنسيين في تشاد يزيد عددهم عن 1500 جندي.")
    assert [(c.quantity.value, c.quantity.qualifier) for c in found] == [(1500, "more_than")]


def test_a_rise_to_a_figure_is_no_hedge(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وزاد عدد الجنود الفرنسيين في تشاد إلى 1500 جندي.")
    assert [(c.quantity.value, c.quantity.qualifier) for c in found] == [(1500, "exact")]


def test_the_killed_or_wounded_after_the_counted_noun_are_no_troop_count(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وأكد الجيش أن 25 عنصرا من التنظيم قتلوا في الاشتباكات قرب الحدود.")
    assert found == []
    _, found = counts(pipeline, "وقال المصدر إن ثلاثة جنود أصيبوا في الهجوم على القاعدة.")
    assert found == []
    # a verb of another clause is no casualty of the count
    _, found = counts(pipeline, "وأرسلت فرنسا 300 جندي إلى تشاد بعد أن قتل مسلحون عشرة مدنيين.")
    assert [c.quantity.value for c in found] == [300]


def test_thousands_with_a_preposition_count_nothing(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وحذر مسؤول من أن أي سحب لآلاف الجنود من كوريا الجنوبية سيضعف الردع.")
    assert found == []


def test_the_definite_number_of_a_unit_after_the_count_is_no_count(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ووصل نحو 200 عنصر من اللواء الـ82 المجوقل إلى ليتوانيا.")
    assert [c.quantity.value for c in found] == [200]


def test_a_reduction_by_an_amount_counts_the_troops(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وقالت البعثة إنها خفضت عدد القوات في الصومال بمقدار 2000 خلال المرحلة الثانية.")
    assert [(c.quantity.value, c.country) for c in found] == [(2000, "somalia")]


def test_a_sentence_about_the_strength_of_a_force_counts_its_bare_numbers(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ويبلغ عديد القوات البحرية الفرنسية 300 بحار يقيمون في جيبوتي و40 يتناوبون.")
    assert sorted(c.quantity.value for c in found) == [40, 300]


def test_the_base_inside_which_troops_are_is_the_quoted_base_named_before(pipeline: Pipeline) -> None:
    ex, found = counts(pipeline, "ونقلت القوات إلى القاعدة العسكرية الألمانية “كوندور” قرب المدينة.\n"
                                 "ويتمركز حاليا أكثر من 200 جندي ألماني داخل القاعدة.")
    assert [ex.entities[c.place].label_ar if c.place else None for c in found] == [
        "القاعدة العسكرية الألمانية “كوندور”"]


def test_troops_a_verb_after_them_moves_away_are_counted_where_they_leave(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "أعلنت الحكومة اليابانية في طوكيو أن نحو 3000 من الجنود الأمريكيين سينقلون من ألمانيا "
                                "إلى بولندا.")
    assert [(c.quantity.value, c.country, c.place) for c in found] == [(3000, "germany", None)]


def test_the_total_a_counted_part_is_of_is_a_count_too(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ولا يزال نحو 400 جندي في تشاد من إجمالي 3000 عبروا الحدود.")
    assert [(c.quantity.value, c.country) for c in found] == [(400, "chad"), (3000, "chad")]


def test_a_number_of_a_nationality_out_of_a_counted_total_is_that_nations_count(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وأصبح لدى القوة الآن 300 فرنسيا من بين 1،200 عسكري.")
    assert [(c.quantity.value, c.force) for c in found][:1] == [(300, "france")]
    assert [c.quantity.value for c in found] == [300, 1200]


def test_a_count_with_no_place_is_in_the_region_the_report_is_about_not_in_a_country_of_another_clause(
        pipeline: Pipeline) -> None:
    ex, found = counts(pipeline, "تنتشر القوة الدولية في سيناء منذ عقود.\nوتراقب القوة الحدود في سيناء.\n"
                                 "وللقوة مكتب في إسرائيل، وتضم القوة الأمريكية نحو 1700 جندي.")
    assert [(c.country, ex.entities[c.place].label_ar if c.place else None) for c in found] == [(None, "سيناء")]


def test_a_bare_number_with_a_nationality_after_a_count_counts_that_nations_troops(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وتضم القوة المشتركة 400 جندي روسي و300 مولدوفي.")
    assert [(c.quantity.value, c.force) for c in found] == [(400, "russia"), (300, "moldova")]


def test_the_conflict_zone_names_no_region(pipeline: Pipeline) -> None:
    ex, found = counts(pipeline, "تنتشر قوة حفظ السلام في ترانسنيستريا منذ عقود.\nوتراقب القوة الحدود في ترانسنيستريا.\n"
                                 "وتنتشر في منطقة النزاع قوة تضم 400 جندي روسي.")
    assert [ex.entities[c.place].label_ar if c.place else None for c in found] == ["ترانسنيستريا"]


def test_troops_that_are_to_arrive_are_counted_where_they_arrive(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "ووصلت قوات إلى بولندا الأربعاء، ومن المفترض أن تصل مجموعة من 150 عنصرا إلى إستونيا الاثنين.")
    assert [(c.quantity.value, c.country) for c in found] == [(150, "estonia")]


def test_women_children_or_civilians_among_the_troops_are_no_troop_count(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وأرسلت السنغال مفرزة من 600 جندي (من بينهم 20 امرأة) إلى غامبيا.")
    assert [c.quantity.value for c in found] == [600]


def test_a_strength_clause_after_a_comma_counts_the_troops_where_the_clause_before_puts_them(
        pipeline: Pipeline) -> None:
    ex, found = counts(pipeline, "ونشرت فرنسا قوات في مالي.\nوقد يقلص الاتفاق الحاجة إلى القوات الأمريكية المتمركزة في "
                                 "منطقة الساحل، والبالغ قوامها 2500 جندي.")
    assert [(c.quantity.value, ex.entities[c.place].label_ar if c.place else None) for c in found] == [
        (2500, "منطقة الساحل")]


def test_a_figure_told_twice_once_beside_the_host_army_is_one_count_of_the_foreign_force(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وسلمت القوات الفرنسية قاعدة في شمال مالي للجيش المالي ضمن خطة سحب ألفي جندي.\n"
                                "وقالت القوات الفرنسية إن خطة سحب ألفي جندي بدأت اليوم.")
    assert [(c.quantity.value, c.force, c.country) for c in found] == [(2000, "france", "mali")]


def test_police_are_no_troops(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وتضم البعثة في قبرص 800 عنصر عسكري و60 عنصر شرطة و200 من أفراد الشرطة المدنية.")
    assert [c.quantity.value for c in found] == [800]


def test_the_force_of_a_partitive_is_named_after_its_troop_nouns(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "واعتمدت ليبيريا على البعثة التي ضمت 15 ألفا من أفراد قوات الأمم المتحدة.")
    assert [(c.quantity.value, c.force) for c in found] == [(15000, "united-nations")]


def test_his_country_is_the_country_of_the_official_named_by_his_adjective(pipeline: Pipeline) -> None:
    _, found = counts(pipeline, "وقال الرئيس الروماني إن عدد القوات الأمريكية المنتشرة في بلاده تضاعف، مشيرا إلى أن "
                                "عددها بلغ خمسة آلاف جندي.", published=None)
    assert [(c.quantity.value, c.country) for c in found] == [(5000, "romania")]
    # «قوات بلاده»: the troops' own country is no place
    _, found = counts(pipeline, "وأعلن الرئيس الأمريكي سحب جزء من قوات بلاده وتخفيض عددها إلى 3000 جندي.", published=None)
    assert [c.country for c in found] != ["united-states"]


def test_marines_deployed_as_the_means_of_a_presence_are_counted_where_the_presence_is(pipeline: Pipeline) -> None:
    ex, found = counts(pipeline, "وتخطط الولايات المتحدة لتعزيز وجودها العسكري في قاعدة “روتا” الإسبانية، من خلال نشر "
                                 "سفينتين و600 من مشاة البحرية.", published=None)
    assert [(c.quantity.value, ex.entities[c.place].label_ar if c.place else None) for c in found] == [(600, "روتا")]
