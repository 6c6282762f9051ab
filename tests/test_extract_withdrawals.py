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


# --- forms found by the blind demo reports (sentences written for these tests) ---


def test_move_with_partitive_object_and_far_destination() -> None:
    text = "وباشرت قوات التحالف الدولي نقل بعض مستشاريها وآلياتها من قاعدة عين الأسد ومخازن قريبة في الأنبار إلى أربيل."
    facts, _, _ = run(text, [("قوات التحالف الدولي", "coalition"), ("قاعدة عين الأسد", "ain"), ("أربيل", "erbil")])
    (w,) = of(facts, Withdrawal)
    assert (w.force, w.from_place, w.to_place, w.relocation) == ("global-coalition", "ain-al-asad-air-base", "erbil", True)
    assert w.status == "in_progress"  # باشرت: began


def test_denial_governs_its_an_clause_across_a_reporting_clause() -> None:
    text = ("ونفى مسؤول في الخارجية، خلال مؤتمر صحفي عقده مساء الثلاثاء في العاصمة، "
            "أن تكون الولايات المتحدة قد سحبت قواتها من العراق.")
    facts, _, _ = run(text, [("الولايات المتحدة", "us"), ("العراق", "iraq")])
    (w,) = of(facts, Withdrawal)
    assert w.negated and w.force == "united-states" and w.status == "completed"


def test_second_an_claim_after_a_denial_is_not_denied() -> None:
    text = ("ونفى المسؤول أن يكون هناك أي تأجيل، مؤكدا أن القوات الأمريكية انسحبت من العراق كما هو مقرر.")
    facts, _, _ = run(text, [("القوات الأمريكية", "usf"), ("العراق", "iraq")])
    (w,) = of(facts, Withdrawal)
    assert not w.negated and w.status == "completed"


def test_lam_before_the_trigger_is_a_negated_past_even_near_a_future_verb() -> None:
    text = "وأوضح أن الخفض سيتم تدريجيا، وأن القوات الأمريكية لم تغادر أيا من مواقعها في العراق."
    facts, _, _ = run(text, [("القوات الأمريكية", "usf"), ("العراق", "iraq")])
    ws = [w for w in of(facts, Withdrawal) if w.force == "us-forces"]
    assert [(w.status, w.negated) for w in ws] == [("completed", True)]


def test_the_place_left_is_the_object_of_ghadara_and_a_move_of_the_same_troops_is_one_relocation() -> None:
    text = ("وغادر نحو ألف عسكري من قوات التحالف الدولي إقليم كردستان منذ مطلع الشهر، ونقل معظمهم إلى أربيل.\n"
            "وغادرت القوات الأمريكية سوريا.")
    facts, _, _ = run(text, [("قوات التحالف الدولي", "coalition"), ("إقليم كردستان", "krg"), ("أربيل", "erbil"),
                             ("القوات الأمريكية", "usf"), ("سوريا", "syria")])
    got = [(w.force, w.from_place, w.to_place, w.relocation, w.status) for w in of(facts, Withdrawal)]
    assert got == [("global-coalition", "kurdistan-region", "erbil", True, "completed"),
                   ("us-forces", "syria", None, False, "completed")]  # fmt: skip


# --- places and forces in real reports' ways of saying them (sentences written for these tests) ---


def test_a_name_that_begins_with_lam_is_no_destination_and_a_part_of_a_place_is_the_place_left() -> None:
    text = "وانسحب الجيش الإسرائيلي فجر اليوم من جنوب لبنان بعد أسابيع من الانتظار."
    facts, _, _ = run(text, [("الجيش الإسرائيلي", "israeli-army"), ("لبنان", "lebanon")])
    (w,) = of(facts, Withdrawal)
    assert (w.from_place, w.to_place, w.relocation) == ("lebanon", None, False)


def test_a_preposition_glued_to_a_name_still_makes_the_destination() -> None:
    text = "وانتقلت القوات الأمريكية لأربيل بعد انسحابها."
    facts, _, _ = run(text, [("القوات الأمريكية", "usf"), ("أربيل", "erbil")])
    assert [(w.to_place, w.relocation) for w in of(facts, Withdrawal)][:1] == [("erbil", True)]


def test_the_country_left_is_not_the_force() -> None:
    text = "وغادر آخر الجنود الفرنسيين ليبيا مساء أمس."
    facts, _, _ = run(text, [("ليبيا", "libya")])
    (w,) = of(facts, Withdrawal)
    assert (w.force, w.from_place) == ("france", "libya")


def test_the_troops_named_after_a_complementizer_are_the_force_not_the_country_that_announces() -> None:
    text = "وأعلنت بوركينا فاسو أن جميع الجنود الفرنسيين المتمركزين على أراضيها قد انسحبوا."
    facts, _, _ = run(text, [("بوركينا فاسو", "burkina")])
    (w,) = of(facts, Withdrawal)
    assert w.force == "france"


def test_the_adjective_of_an_official_is_no_force() -> None:
    text = "وصرح الرئيس الإيفواري بأن الانسحاب سيبدأ الشهر المقبل."
    facts, _, _ = run(text, [("الإيفواري", "ivory:NORP")])
    assert all(w.force != "cote-d-ivoire" for w in of(facts, Withdrawal))


def test_a_country_after_a_preposition_is_a_place_and_the_land_named_by_its_adjective_is_left() -> None:
    text = ("وتواصل القوات الروسية المنتشرة في ليبيا الانسحاب.\n"
            "وجاء ذلك بعد أسابيع من بدء فرنسا سحب جنودها من الأراضي التشادية.")
    facts, _, _ = run(text, [("ليبيا", "libya"), ("فرنسا", "france"), ("التشادية", "chad:NORP")])
    got = [(w.force, w.from_place) for w in of(facts, Withdrawal)]
    assert got[0][0] != "libya"
    assert got[1] == ("france", "chad")


def test_the_coalitions_forces_are_a_name_of_its_military_command() -> None:
    from kg.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    assert {e.key for e in gaz.lookup_keys(("قوات", "التحالف", "الدولي"))} == {"cjtf-oir"}


def test_each_of_the_places_joined_after_min_or_ila_is_one_withdrawal() -> None:
    text = ("وكانت فرنسا قد سحبت قواتها من مالي والنيجر، وبوركينا فاسو خلال عامين.\n"
            "وانسحبت القوات الأمريكية إلى أربيل والكويت.")
    facts, _, _ = run(text, [("فرنسا", "france"), ("مالي", "mali"), ("النيجر", "niger"), ("بوركينا فاسو", "burkina"),
                             ("القوات الأمريكية", "usf"), ("أربيل", "erbil"), ("الكويت", "kuwait")])
    got = [(w.force, w.from_place, w.to_place) for w in of(facts, Withdrawal)]
    assert got == [("france", "mali", None), ("france", "niger", None), ("france", "burkina-faso", None),
                   ("us-forces", None, "erbil"), ("us-forces", None, "kuwait")]  # fmt: skip


def test_the_place_left_is_not_read_in_the_next_clause_joined_by_waw() -> None:
    text = "ويبدو أن فرنسا ليست مستعدة لمغادرة سوريا، ورغم خروج قواتها من مالي فإنها باقية."
    facts, _, _ = run(text, [("فرنسا", "france"), ("سوريا", "syria"), ("مالي", "mali")])
    first = of(facts, Withdrawal)[0]
    assert (first.from_place, first.negated) == ("syria", True)


def test_a_definite_verbal_noun_naming_no_troops_tells_no_new_withdrawal() -> None:
    text = ("انسحبت القوات الأمريكية من سوريا الشهر الماضي.\n"
            "ويأتي هذا الانسحاب في إطار اتفاق، وقد يتم تأجيل الانسحاب.")
    facts, _, _ = run(text, [("القوات الأمريكية", "usf"), ("سوريا", "syria")])
    assert [(w.force, w.from_place) for w in of(facts, Withdrawal)] == [("us-forces", "syria")]


def test_a_verbal_noun_of_purpose_is_a_planned_withdrawal() -> None:
    text = "وكانت الحكومة قد منحت القوات الفرنسية مهلة شهر لمغادرة تشاد."
    facts, _, _ = run(text, [("تشاد", "chad")])
    (w,) = of(facts, Withdrawal)
    assert (w.force, w.from_place, w.status) == ("france", "chad", "planned")


def test_the_place_of_the_sites_left_is_named_after_fi() -> None:
    text = ("وانسحب الجيش الإسرائيلي من مواقعه المتبقية في جنوب لبنان.\n"
            "وغادر الجنود الأمريكيون القاعدة الجوية في مدينة أربيل.\n"
            "وأنهت فرنسا وجودها العسكري في تشاد.")
    facts, _, _ = run(text, [("الجيش الإسرائيلي", "israeli-army"), ("لبنان", "lebanon"), ("أربيل", "erbil"),
                             ("فرنسا", "france"), ("تشاد", "chad")])
    assert [w.from_place for w in of(facts, Withdrawal)] == ["lebanon", "erbil", "chad"]


def test_agreed_promised_ordered_and_continued_withdrawals_and_an_ended_one() -> None:
    text = ("وأعلن الجيش أن القوات الفرنسية أنهت انسحابها من النيجر.\n"
            "ويواصل الجيش الفرنسي انسحابه من تشاد.\n"
            "وقال إن فرنسا وافقت على سحب قواتها من مالي.\n"
            "ووعدت فرنسا بسحب قواتها من ليبيا.\n"
            "وأمرت فرنسا بسحب قواتها من لبنان.\n"
            "وتدرس فرنسا سحب قواتها من الكويت.")
    facts, _, _ = run(text, [("النيجر", "niger"), ("تشاد", "chad"), ("فرنسا@0", "france"), ("مالي", "mali"),
                             ("فرنسا@1", "france"), ("ليبيا", "libya"), ("فرنسا@2", "france"), ("لبنان", "lebanon"),
                             ("فرنسا@3", "france"), ("الكويت", "kuwait")])
    got = [(w.from_place, w.status) for w in of(facts, Withdrawal)]
    assert got == [("niger", "completed"), ("chad", "in_progress"), ("mali", "planned"), ("libya", "planned"),
                   ("lebanon", "planned"), ("kuwait", "planned")]  # fmt: skip


def test_a_date_after_publication_makes_a_withdrawal_with_no_other_cue_planned() -> None:
    text = "وقالت السفارة إن الأنباء عن رحيل القوات الأمريكية من بغداد غدا غير دقيقة."
    facts, _, _ = run(text, [("القوات الأمريكية", "usf"), ("بغداد", "baghdad")], times=[("غدا", "2026-01-19", None)])
    (w,) = of(facts, Withdrawal)
    assert (w.from_place, w.status, w.negated) == ("baghdad", "planned", True)


def test_peacekeeping_missions_and_armed_groups_of_the_reports_are_seed_forces() -> None:
    from kg.gazetteer import default_gazetteer, name_keys

    gaz = default_gazetteer()
    for name, key in (("المينوسما", "minusma"), ("أتميس", "atmis"), ("اليوناميد", "unamid"), ("مونيسكو", "monusco"),
                      ("اليونيفيل", "unifil"), ("قوة برخان", "barkhane"), ("مجموعة فاغنر", "wagner-group"),
                      ("فاجنر", "wagner-group"), ("حركة 23 مارس", "m23")):
        found = {e.key for e in gaz.lookup_keys(name_keys(name))}
        assert key in found, (name, found)
        assert gaz.entities[key].type in ("Mission", "ArmedForce", "ArmedGroup")


def test_the_recipients_army_and_a_bracketed_dateline_are_no_force_and_with_no_force_there_is_no_withdrawal() -> None:
    text = ("وسلمت البعثة قاعدة للجيش الصومالي كجزء من خطة انسحاب من الصومال.\n"
            "(ليبرفيل) غادر عدد من المرتزقة الصومال في الأيام الأخيرة.")
    facts, _, _ = run(text, [("الصومال@0", "somalia"), ("ليبرفيل", "libreville"), ("الصومال@1", "somalia")])
    assert of(facts, Withdrawal) == []


def test_a_destination_after_bittijah_makes_a_relocation() -> None:
    text = "وانسحبت القوات الأمريكية بالكامل من سوريا باتجاه الأردن."
    facts, _, _ = run(text, [("القوات الأمريكية", "usf"), ("سوريا", "syria"), ("الأردن", "jordan")])
    (w,) = of(facts, Withdrawal)
    assert (w.from_place, w.to_place, w.relocation) == ("syria", "jordan", True)


def test_announced_likely_and_hoped_for_withdrawals_are_planned() -> None:
    text = ("وارتفعت الأسعار بعد الإعلان عن انسحاب القوات الأمريكية من سوريا.\n"
            "وقال المسؤولون إنه من المرجح سحب القوات الأمريكية من الأردن.\n"
            "وتأمل الحكومة أن تسحب فرنسا قواتها من تشاد.")
    facts, _, _ = run(text, [("القوات الأمريكية@0", "usf"), ("سوريا", "syria"), ("القوات الأمريكية@1", "usf"),
                             ("الأردن", "jordan"), ("فرنسا", "france"), ("تشاد", "chad")])
    assert [(w.from_place, w.status) for w in of(facts, Withdrawal)] == [
        ("syria", "planned"), ("jordan", "planned"), ("chad", "planned")]


def test_the_organization_owning_the_troops_is_the_force_and_where_they_were_sent_is_no_destination() -> None:
    text = ("وانسحبت بعثة حفظ السلام التابعة للأمم المتحدة التي أرسلت إلى ليبيريا عام 2003.\n"
            "وغادرت قوات الأمم المتحدة مالي.")
    facts, _, _ = run(text, [("لأمم المتحدة", "un"), ("ليبيريا", "liberia"), ("الأمم المتحدة", "un"), ("مالي", "mali")])
    got = [(w.force, w.to_place, w.relocation) for w in of(facts, Withdrawal)]
    assert got == [("united-nations", None, False), ("united-nations", None, False)]


def test_the_country_a_report_calls_al_bilad_is_the_one_it_named_last() -> None:
    text = ("الجنود الفرنسيون يغادرون النيجر\n"
            "وأعلنت تشاد أن آخر الجنود الفرنسيين انسحبوا من البلاد.")
    facts, _, _ = run(text, [("النيجر", "niger"), ("تشاد", "chad")])
    assert [(w.force, w.from_place) for w in of(facts, Withdrawal)][-1] == ("france", "chad")


def test_troops_after_lam_right_after_the_trigger_are_the_force_and_an_awaited_withdrawal_is_planned() -> None:
    text = ("وتشهد القاعدة انسحابا كاملا للقوات الأمريكية من سوريا.\n"
            "وناقش المجلس تداعيات الانسحاب الفرنسي المرتقب من تشاد.")
    facts, _, _ = run(text, [("لقوات الأمريكية", "usf"), ("سوريا", "syria"), ("تشاد", "chad")])
    got = [(w.force, w.from_place, w.status) for w in of(facts, Withdrawal)]
    assert got == [("us-forces", "syria", "in_progress"), ("france", "chad", "planned")]
