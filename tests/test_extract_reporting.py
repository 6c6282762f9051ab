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


# --- lists of bases, statuses told before, bases named by their place --------------------------------------


def _bases(ex: Extraction) -> list[tuple[str | None, str]]:
    return [(label(ex, h.facility) if h.facility else None, h.status) for h in of(ex, Handover)]


def test_a_list_of_bases_the_recognizers_do_not_know_is_one_handover_each(pipeline: Pipeline) -> None:
    text = "وأكملت البعثة تسليم القواعد الأربع التالية: تالوكا، بير غودي ومعسكر سانو ومطار دوريا القديم."
    ex = run(pipeline, text)
    got = _bases(ex)
    assert [s for _b, s in got] == ["completed"] * 4
    names = [b or "" for b, _s in got]
    assert any("تالوكا" in n for n in names) and any("بير غودي" in n for n in names)
    assert any(n.startswith("معسكر سانو") for n in names) and any("مطار دوريا" in n for n in names)
    assert all(ex.entities[h.facility].type in ("MilitaryBase", "Camp", "Airport") for h in of(ex, Handover))
    # bases in two countries are no list of bases
    two = run(pipeline, "وأكملت القوات تسليم القواعد في النيجر وتشاد.")
    assert all(h.facility is None for h in of(two, Handover))


def test_a_handover_told_again_keeps_the_status_told_first(pipeline: Pipeline) -> None:
    text = ("وتم تسليم ثلاث من القواعد يوم الأحد في حفل رسمي.\n"
            "وقال المتحدث إن تسليم القواعد الثلاث وهي تالوكا وبير غودي وسانو يمثل خطوة مهمة.")
    ex = run(pipeline, text)
    got = [(b, s, h.time.value if h.time else None) for (b, s), h in zip(_bases(ex), of(ex, Handover), strict=True)
           if b]
    assert len(got) == 3 and all(s == "completed" and t == "2025-06-08" for _b, s, t in got)
    # with nothing told before, a handover noun is a reference and no fact
    assert not [h for h in of(run(pipeline, text.split("\n")[1]), Handover) if h.facility]
    # «قبل تسليمها لاحقا» is another time's handover, not the one told before
    later = run(pipeline, "وتسلّم الجيش قاعدة النخيل أمس.\nوأحرقت القوات مقار داخلها قبل تسليمها لاحقا.")
    assert [h.evidence.sentence for h in of(later, Handover)] == [0]


def test_an_object_pronoun_of_a_handover_is_the_facility_named_before(pipeline: Pipeline) -> None:
    text = "وكانت القوات الإيطالية تتمركز في معسكر النخيل قرب الحدود.\nوتم تسليمه إلى الجيش المحلي يوم الأحد."
    [h] = of(run(pipeline, text), Handover)
    assert label(run(pipeline, text), h.facility) == "معسكر النخيل" and h.status == "completed"
    # a possessive of a control noun («سيطرتها») is no object pronoun of a handover
    text2 = "وانسحبت القوات من معسكر النخيل.\nوتسعى الحكومة إلى فرض سيطرتها على البلاد."
    assert not of(run(pipeline, text2), Handover)
    # in a relative clause the pronoun is the noun the clause describes («المنشآت التي تسلمتها»)
    text3 = "وانسحبت القوات من معسكر النخيل.\nوقال إن الجيش قادر على حماية المنشآت التي تسلمها."
    assert not of(run(pipeline, text3), Handover)


def test_a_base_the_text_does_not_name_is_named_by_its_town(pipeline: Pipeline) -> None:
    ex = run(pipeline, "وأعادت بلجيكا للسلطات قاعدة تضم مركز اتصالات في منطقة كاسوكو، قرب العاصمة.")
    [h] = of(ex, Handover)
    assert h.facility is not None and "كاسوكو" in (label(ex, h.facility) or "") and h.status == "completed"
    assert ex.entities[h.facility].located_in and ex.entities[h.facility].type == "MilitaryBase"
    # the next sentence locates it
    text = ("سلّمت البعثة القاعدة العسكرية الثانية التي كانت تديرها إلى الجيش المحلي.\n"
            "وتقع القاعدة في منطقة “تالوكا” شمال العاصمة.")
    ex2 = run(pipeline, text)
    [h2] = of(ex2, Handover)
    assert h2.facility is not None and "تالوكا" in (label(ex2, h2.facility) or "")
    # a province only locates it, and a count of bases is never one base
    [p] = of(run(pipeline, "وسلّمت البعثة قاعدة عسكرية في ولاية تالوكا للجيش."), Handover)
    assert p.facility is None and p.scope
    [c] = of(run(pipeline, "وتسلّم الجيش 12 قاعدة في منطقة تالوكا."), Handover)
    assert c.facility is None


def test_an_unnamed_base_told_before_the_one_named_base_is_that_base(pipeline: Pipeline) -> None:
    text = ("السنغال تتسلم قاعدة عسكرية خامسة من الجيش البلجيكي\n"
            "وسلّمت بلجيكا أمس قاعدة غوري العسكرية إلى السلطات.")
    ex = run(pipeline, text)
    assert [(label(ex, h.facility), h.status) for h in of(ex, Handover)] == [("قاعدة غوري العسكرية", "completed")]


def test_the_current_month_is_no_progress_cue(pipeline: Pipeline) -> None:
    text = "المينوسما تسلم معسكرها في بلدة تالوكا للجيش المالي\nوأعلنت البعثة عن تسليمها لمعسكرها في بلدة تالوكا للجيش قبل نهاية الشهر الجاري."
    assert {h.status for h in of(run(pipeline, text), Handover)} == {"completed"}


# --- places of counts --------------------------------------------------------------------------------------


def test_a_count_in_a_structured_list_is_in_the_base_of_its_list(pipeline: Pipeline) -> None:
    text = ("ونستعرض فيما يلي انتشار القوات الكندية في المنطقة.\n"
            "1- لاتفيا\n"
            "- قاعدة آداجي العسكرية: أكبر قاعدة كندية في البلطيق\n"
            "- المكان: تقع قرب العاصمة ريغا\n"
            "- عدد الجنود: نحو 2000\n"
            "2- بولندا\n"
            "- عدد الجنود: نحو 300")
    ex = run(pipeline, text)
    counts = {c.quantity.value: c for c in of(ex, TroopCount)}
    assert label(ex, counts[2000].place) == "قاعدة آداجي العسكرية"
    assert counts[300].place is None and counts[300].country == "poland"  # the list's heading
    # a count in running text after a colon is no list item
    plain = run(pipeline, "قاعدة آداجي العسكرية في لاتفيا.\nوقال: ينتشر نحو 2000 جندي كندي في بولندا.")
    assert [c.country for c in of(plain, TroopCount)] == ["poland"]


def test_a_host_verb_takes_its_subject_from_its_own_clause(pipeline: Pipeline) -> None:
    text = "وتعد لاتفيا حليفا لكل من كندا وبولندا، وتستضيف 2000 جندي كندي."
    [c] = of(run(pipeline, text), TroopCount)
    assert c.country != "poland"


def test_troops_that_arrive_are_where_they_arrive(pipeline: Pipeline) -> None:
    text = ("تنتشر القوات الكندية في بولندا منذ سنوات، وتجري تدريبات في بولندا كل عام.\n"
            "وأعلن عن وصول العسكريين الكنديين الـ450 في أيار إلى لاتفيا.")
    [c] = of(run(pipeline, text), TroopCount)
    assert c.country == "latvia" and c.quantity.value == 450


def test_this_number_after_a_count_counts_the_same_troops_in_the_same_place(pipeline: Pipeline) -> None:
    text = "وينتشر نحو ألفي جندي كندي حاليا في قاعدة آداجي، وسيرفع هذا العدد إلى أربعة آلاف بحلول 2027."
    ex = run(pipeline, text)
    counts = {c.quantity.value: c for c in of(ex, TroopCount)}
    assert set(counts) == {2000, 4000}
    assert counts[4000].kind == "projection" and counts[4000].place == counts[2000].place is not None


def test_a_verb_after_a_dateline_dash_reports_the_event(pipeline: Pipeline) -> None:
    text = "نيروبي 3 آذار 2024 (وكالات) – تسلم الجيش الكيني قاعدة عسكرية من القوات الأممية في الشمال."
    [h] = of(run(pipeline, text), Handover)
    assert h.status == "completed" and h.scope and h.time is not None and h.time.value == "2024-03-03"


def test_facilities_moved_to_a_force_are_handed_over(pipeline: Pipeline) -> None:
    [h] = of(run(pipeline, "وقد نقلت البعثة حتى الآن خمس قواعد عسكرية إلى القوات المحلية."), Handover)
    assert h.facility is None and h.scope and "خمس قواعد" in h.scope and h.status == "completed"
    # troops moved to a base are no handover of it
    assert not of(run(pipeline, "ونقلت البعثة جنودها إلى قاعدة النخيل."), Handover)


def test_a_planned_handover_is_dated_by_its_target_not_by_a_window(pipeline: Pipeline) -> None:
    text = "وقال إن الجيش سيتسلم قاعدة النخيل بعد مغادرة القوات خلال الأيام المقبلة، مع مطلع عام 2026."
    [h] = of(run(pipeline, text), Handover)
    assert h.status == "planned" and h.time is not None and (h.time.value, h.time.precision) == ("2026-01", "month")


def test_a_facility_in_a_known_province_is_located_not_named(pipeline: Pipeline) -> None:
    ex = run(pipeline, "وسلّمت قوات التحالف مقرها في محافظة نينوى إلى القوات العراقية.")
    [h] = of(ex, Handover)
    assert h.facility is None and h.scope and "مقرها" in h.scope
    # a town still names it
    ex2 = run(pipeline, "وغادرت البعثة معسكرها في مدينة كيدال.")
    assert any(e.type == "Camp" and "كيدال" in e.label_ar for e in ex2.entities.values())


def test_one_more_object_after_an_apposition(pipeline: Pipeline) -> None:
    text = ("وجرى تسليم معسكر النخيل، القاعدة العسكرية الكبرى لبلجيكا في البلاد، إضافة إلى قاعدة جوية قرب "
            "مطار العاصمة، خلال مراسم رسمية.")
    ex = run(pipeline, text)
    got = sorted((label(ex, h.facility) if h.facility else h.scope or "") for h in of(ex, Handover))
    assert len(got) == 2 and got[0].startswith("قاعدة جوية") and got[1] == "معسكر النخيل"


# --- agreements --------------------------------------------------------------------------------------------


def _agreements(ex: Extraction) -> list[tuple[str, str | None]]:
    from kg.model import Agreement

    return sorted((a.kind, a.date.value if a.date else None) for a in of(ex, Agreement))


def test_an_agreement_told_by_its_verb(pipeline: Pipeline) -> None:
    ex = run(pipeline, "واتفقت الأمم المتحدة والحكومة الكينية في وقت سابق على أن يتم الانسحاب عبر مرحلتين.")
    from kg.model import Agreement

    [a] = of(ex, Agreement)
    assert a.kind == "Agreement" and "united-nations" in a.parties
    assert _agreements(run(pipeline, "وكان البلدان قد اتفقا في فبراير على إغلاق القاعدة.")) == [("Agreement", "2025-02")]
    assert _agreements(run(pipeline, "وقال الوزير إنه اتفق مع المسؤولين على تشكيل لجنة مشتركة.")) == [("Agreement", None)]
    # an opinion shared is no agreement
    assert _agreements(run(pipeline, "وقال إنه اتفق معه في الرأي.")) == []


def test_a_date_of_what_an_agreement_plans_is_not_its_date(pipeline: Pipeline) -> None:
    text = "وجددت الحكومة اتفاق الدفاع مع كندا لعامين، على أن يعاد النظر فيه مطلع 2027."
    assert _agreements(run(pipeline, text)) == [("Agreement", None)]


def test_ending_an_agreement_is_a_decision_too(pipeline: Pipeline) -> None:
    ex = run(pipeline, "وفي آذار، ألغت النيجر اتفاقية عسكرية مع كندا.")
    from kg.model import Agreement

    kinds = {a.kind: a for a in of(ex, Agreement)}
    assert set(kinds) == {"Agreement", "Decision"} and kinds["Decision"].parties == ("niger",)


def test_numbered_resolutions_are_each_their_own(pipeline: Pipeline) -> None:
    text = "وأشار إلى أن الانسحاب يجري وفق قراري مجلس الأمن 2628 و2670.\nوكان مجلس الأمن قد قرر العام الماضي سحب القوات."
    assert [k for k, _d in _agreements(run(pipeline, text, published=None))] == ["Decision"] * 3
    assert _agreements(run(pipeline, "وبدأت البعثة الانسحاب بموجب القرار رقم 2690.")) == [("Decision", None)]


def test_a_decision_told_by_the_state_that_made_it(pipeline: Pipeline) -> None:
    from kg.model import Agreement

    [d] = of(run(pipeline, "وقالت الوزارة إن القرار الكندي هو وقف تناوب لواء في أوروبا."), Agreement)
    assert d.kind == "Decision" and d.parties == ("canada",)
    # a decision of no state («القرار الأممي») is not read so
    assert not of(run(pipeline, "وقالت الوزارة إن القرار الأخير مهم."), Agreement)


def test_a_port_is_a_facility_that_can_be_handed_over(pipeline: Pipeline) -> None:
    for head in ("ميناء", "مرفأ"):
        ex = run(pipeline, f"وتسلم الجيش الوطني {head} كسمايو من القوات الكينية يوم الأحد.")
        (h,) = of(ex, Handover)
        assert label(ex, h.facility) == f"{head} كسمايو" and h.status == "completed"
        assert h.time is not None and h.time.value == "2025-06-08"


def test_a_mission_site_is_named_by_the_place_it_is_at(pipeline: Pipeline) -> None:
    ex = run(pipeline, 'وقالت البعثة إنها سلمت موقعها الميداني في "كرنوي" بولاية غرب دارفور للحكومة الأحد الماضي.')
    (h,) = of(ex, Handover)
    assert label(ex, h.facility) == "موقع في كرنوي" and h.status == "completed"
    assert ex.entities[h.facility].type == "Facility"  # type: ignore[index]
    # a place in parentheses after «بمنطقة», and the indefinite accusative «موقعًا»
    ex = run(pipeline, "وفي 17 مايو تسلمت حكومة الولاية موقعا للبعثة بمنطقة (طويلة) ضمن خطة الخروج.")
    (h,) = of(ex, Handover)
    assert label(ex, h.facility) == "موقع في طويلة" and h.time is not None and h.time.value == "2025-05-17"
    # a site with no place after it, or the website a statement is posted on, is no facility
    assert not of(run(pipeline, "ونشرت الوزارة على موقعها بيانا عن تسليم المعدات."), Handover)
    assert not of(run(pipeline, "وأعلنت الحكومة تسلم موقع الوزارة من الشركة."), Handover)


def test_a_handover_retold_with_its_day_takes_that_day(pipeline: Pipeline) -> None:
    text = ("البعثة تسلم معسكرها في كيدال للجيش المالي\n"
            "أعلنت البعثة عن انتهاء مهمتها في المدينة. وجرت مراسم التسليم بين الطرفين يوم الخميس 12 يونيو 2025.")
    (h,) = of(run(pipeline, text, published=date(2025, 6, 14)), Handover)
    assert h.status == "completed" and h.time is not None and h.time.value == "2025-06-12"
    # two bases handed over: whose day the ceremony was is unknown
    two = ("تسلم الجيش المالي معسكر كيدال ومعسكر تساليت من البعثة.\n"
           "وجرت مراسم التسليم يوم الخميس 12 يونيو 2025.")
    assert all(h.time is None or h.time.value != "2025-06-12"
               for h in of(run(pipeline, two, published=date(2025, 6, 14)), Handover))


def test_a_time_after_a_plan_word_does_not_date_a_done_handover(pipeline: Pipeline) -> None:
    text = "وأعلنت البعثة تسليم معسكر كيدال للجيش المالي في إطار انسحابها المقرر قبل نهاية الشهر الجاري."
    (h,) = of(run(pipeline, text, published=date(2025, 6, 14)), Handover)
    assert h.status == "completed" and (h.time is None or h.time.text != "قبل نهاية الشهر الجاري")


def test_handing_over_a_thing_is_no_handover_of_premises(pipeline: Pipeline) -> None:
    text = "وقام وزير الخارجية بتسليم السفيرة إشعارا بإنهاء عمل قاعدة ماناس الجوية."
    assert not of(run(pipeline, text), Handover)
    assert not of(run(pipeline, "وتعهد المجلس بتسليم السلطة للمدنيين في قاعدة بانغي."), Handover)
    # the authorities who receive premises are no thing handed over
    ex = run(pipeline, "وسلمت البعثة معسكر كيدال للسلطات المالية يوم الأحد.")
    (h,) = of(ex, Handover)
    assert h.status == "completed" and label(ex, h.facility) == "معسكر كيدال"


def test_two_handovers_in_one_clause_each_take_their_own_base(pipeline: Pipeline) -> None:
    text = ("وأشار القائد إلى أن تسليم قاعدة الصقر إلى الجيش ينهي الوجود الأجنبي في المحافظة وهناك لجان تعمل "
            "لاستلام قاعدة النسر في المدينة لتصبح بعدها المنطقة خالية من القواعد.")
    ex = run(pipeline, text)
    got = {(label(ex, h.facility), h.status) for h in of(ex, Handover)}
    assert got == {("قاعدة الصقر", "completed"), ("قاعدة النسر", "planned")}


def test_a_present_state_verb_is_no_status_cue(pipeline: Pipeline) -> None:
    from kg.extract.lexicon import token_status
    from kg.lexicon import default_lexicon
    from kg.text.morph import key

    lex = default_lexicon()
    assert token_status(key("لتصبح"), lex) is None  # a purpose or a result: the event's own words decide
    assert token_status(key("أصبحت"), lex) == ("completed", True)
    assert token_status(key("تصبح"), lex) is None


def test_control_taken_of_a_camp_is_a_handover_taken(pipeline: Pipeline) -> None:
    text = "وقالت المصادر إنه عقب انسحاب الجيش قامت قوات الحكومة بالسيطرة على معسكر الصمود يوم الجمعة."
    ex = run(pipeline, text)
    (h,) = of(ex, Handover)
    assert label(ex, h.facility) == "معسكر الصمود" and h.status == "completed"
    assert h.time is not None and h.time.value == "2025-06-06"
    # control of a camp that stays under someone is no handover of it
    assert not of(run(pipeline, "وتحدث القائد عن أهمية السيطرة على الطرق المؤدية إلى المدينة."), Handover)


def test_a_handover_only_named_or_control_of_security_borrows_no_base(pipeline: Pipeline) -> None:
    text = ("وسلمت البعثة قاعدة الوادي العسكرية للقوات الوطنية يوم الأحد.\n"
            "وأشاد القائد بالقوات التي تسلمت القاعدة، مشيرا إلى أهمية عملية التسليم لأنها تظهر استعداد البلاد "
            "لتولي مسؤولية أمنها.")
    ex = run(pipeline, text)
    assert {(label(ex, h.facility), h.status) for h in of(ex, Handover)} == {("قاعدة الوادي العسكرية", "completed")}
    # a handover noun that names its recipient is the handover told again, with its base in the sentence
    again = "وقالت إن عملية التسليم للقوات الوطنية جرت بمراسم عسكرية داخل قاعدة الوادي الجوية."
    (h,) = of(run(pipeline, again), Handover)
    assert h.status == "completed"


def test_equipment_evacuated_from_a_base_is_no_handover_of_it(pipeline: Pipeline) -> None:
    text = "وكانت القوات قد أخلت، في كانون الثاني الماضي، جزءا من عتادها العسكري في قاعدة الرمال."
    assert not of(run(pipeline, text), Handover)


def test_its_bases_in_a_country_are_a_collective_handover(pipeline: Pipeline) -> None:
    ex = run(pipeline, "وتواصل الولايات المتحدة إخلاء قواعدها في سوريا وتسليمها للجيش السوري بوتيرة تدريجية.")
    hs = of(ex, Handover)
    assert hs and all(h.facility is None and h.scope == "قواعدها في سوريا" for h in hs)
    assert {h.status for h in hs} == {"in_progress"}


def test_two_bases_each_with_its_place_after_a_dual_head(pipeline: Pipeline) -> None:
    text = "وأنهت القوات وجودها في قاعدتي الصخر بريف حمص والرمل بريف الحسكة، وسلمتهما إلى الجيش."
    ex = run(pipeline, text)
    hs = of(ex, Handover)
    labels = {label(ex, h.facility) or "" for h in hs}
    assert len(hs) == 2 and "الرمل" in labels and any("الصخر" in x for x in labels)
    assert {h.status for h in hs} == {"completed"}


def test_one_of_its_camps_after_a_long_subject_and_recipient_is_one_camp(pipeline: Pipeline) -> None:
    text = "سلّمت بعثة الأمم المتحدة في مالي «البعثة» رسميا إلى السلطات الوطنية أحد آخر معسكراتها في مدينة كيدال."
    ex = run(pipeline, text)
    (h,) = of(ex, Handover)
    assert label(ex, h.facility) == "معسكر في مدينة كيدال" and h.status == "completed"
    # told first as «one of its last camps», then by its name: one camp
    two = ("وقالت المتحدثة إن البعثة سلمت الجمعة أحد آخر معسكراتها في البلاد إلى السلطات.\n"
           "وسلمت البعثة إلى السلطات معسكر موبتي وسط البلاد.")
    ex2 = run(pipeline, two)
    assert [label(ex2, h.facility) for h in of(ex2, Handover)] == ["معسكر موبتي"]


def test_positions_taken_up_as_another_force_withdraws_are_handed_over(pipeline: Pipeline) -> None:
    text = "وأعلن الجيش أن وحداته تمركزت في ستة مواقع حول بلدة الوادي بالتزامن مع انسحاب القوات الأجنبية منها."
    ex = run(pipeline, text)
    (h,) = of(ex, Handover)
    assert h.facility is None and h.scope == "ستة مواقع حول بلدة الوادي" and h.status == "completed"
    # the withdrawal told in the next sentence; towns an army deploys in are no premises
    two = "وقالت القيادة إن وحداتها انتشرت في عدة نقاط حدودية.\nوجاء ذلك بعد انسحاب القوات الأجنبية من المنطقة."
    assert [h.scope for h in of(run(pipeline, two), Handover)] == ["عدة نقاط حدودية"]
    towns = "وانتشر الجيش في 11 بلدة جنوبية بعد انسحاب القوات الأجنبية منها."
    assert not of(run(pipeline, towns), Handover)


def test_a_camp_named_by_its_unit_and_town_with_its_target_told_first(pipeline: Pipeline) -> None:
    text = ("وأعلن الرئيس أنه اعتبارا من يناير 2027، سيتم تسليم المعسكر الفرنسي للكتيبة البحرية 12 (بيما) "
            "في بورت ليون إلى القوات الوطنية.")
    ex = run(pipeline, text, published=date(2026, 12, 31))
    (h,) = of(ex, Handover)
    assert h.status == "planned" and "بورت ليون" in (label(ex, h.facility) or "")
    assert h.time is not None and h.time.value == "2027-01"


def test_a_base_seized_is_taken_and_dated_by_the_clause_that_tells_it(pipeline: Pipeline) -> None:
    text = ("وكانت بريطانيا قد أسست قاعدة الصخرة البحرية في العام 1935، غير أن الولايات المتحدة استولت على "
            "القاعدة بعدما حصلت البلاد على استقلالها عام 1971.")
    ex = run(pipeline, text, published=date(2010, 1, 1))
    (h,) = of(ex, Handover)
    assert h.status == "completed" and label(ex, h.to_actor) == "الولايات المتحدة"
    assert h.time is not None and h.time.value == "1971"


def test_a_quoted_name_with_a_comma_inside_the_quotes(pipeline: Pipeline) -> None:
    ex = run(pipeline, 'أعلن الجيش تسليم قاعدة "كامب النخيل،" قرب مطار العاصمة، رسميا إلى الحكومة.')
    (h,) = of(ex, Handover)
    assert label(ex, h.facility) == "كامب النخيل" and h.status == "completed"


def test_what_a_base_was_is_no_second_facility_handed_over(pipeline: Pipeline) -> None:
    text = ("وسلم الجيش قاعدة كامب النخيل إلى الحكومة.\n"
            "والقاعدة كانت مقر التحالف الدولي طوال الحرب، ويعد تسليمها إشارة إلى انتهاء المهمة.")
    ex = run(pipeline, text)
    assert {label(ex, h.facility) for h in of(ex, Handover)} == {"قاعدة كامب النخيل"}


def test_a_letter_handed_over_before_its_verb_is_no_handover(pipeline: Pipeline) -> None:
    text = "وأمهلت الحكومة القوات 180 يوما لتفكيك منشآتها وذلك في رسالة سلمتها الوزارة إلى السفارة."
    assert not of(run(pipeline, text), Handover)


def test_the_verb_a_sentence_joins_with_wa_keeps_its_own_tense(pipeline: Pipeline) -> None:
    text = "وأنهت الوحدات عملياتها اليوم الأحد فيما استعدت للانسحاب وسلمت قاعدة كبيرة للجيش الوطني."
    (h,) = of(run(pipeline, text), Handover)
    assert h.status == "completed"


def test_a_person_or_duties_handed_over_are_no_premises(pipeline: Pipeline) -> None:
    text = "وقال المسؤول إن الرئيس سيطلب من موسكو تسليم اللواء خالد حسن المقيم في قاعدة حميميم."
    assert not of(run(pipeline, text), Handover)
    duties = ("وستنهي البعثة عملياتها في قاعدة كادقلي، على أن تبدأ بعدها مرحلة نقل مهامها التي يفترض إكمالها "
              "بحلول 29 فبراير 2026.")
    assert not [h for h in of(run(pipeline, duties), Handover) if h.status == "planned"]
    # a time the recognizer took for a name does not stop a handover
    ex = run(pipeline, "سلم الجيش الأجنبي صباح اليوم السبت، قاعدة «الوادي»، شرق البلاد، للجيش الوطني.")
    assert [h.status for h in of(ex, Handover)] == ["completed"]


def test_a_base_returned_to_a_countrys_control(pipeline: Pipeline) -> None:
    ex = run(pipeline, "وأعيدت قاعدة الصقر المشتركة لسيطرة العراق أمس الثلاثاء مع رحيل آخر الجنود.",
             published=date(2011, 11, 30))
    (h,) = of(ex, Handover)
    assert h.status == "completed" and label(ex, h.to_actor) == "العراق"
    assert h.time is not None and h.time.value == "2011-11-29"


def test_an_anaphor_of_an_unnamed_base_told_earlier_with_its_town(pipeline: Pipeline) -> None:
    text = ("وقالت القيادة إن القوات قررت الانسحاب من قاعدة عسكرية في منطقة الرمادة، غرب العاصمة، وتسليم الموقع "
            "إلى القوات الوطنية خلال الساعات المقبلة.")
    ex = run(pipeline, text)
    (h,) = of(ex, Handover)
    assert label(ex, h.facility) == "قاعدة في منطقة الرمادة" and h.status == "planned"
