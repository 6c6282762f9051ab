"""Agreement rules: kinds, dates, parties; generic and anaphoric mentions are not facts."""

from __future__ import annotations

from datetime import date

from extract_support import of, run, sentences_of
from kg.extract import extract_facts
from kg.model import Agreement, Article, Entity, Mention, TimeValue


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


def test_time_of_an_act_done_under_an_agreement_is_not_its_date() -> None:
    text = "وبدأت البعثة سحب عناصرها في تموز 2023 بموجب القرار رقم 2690 الذي أنهى ولايتها."
    facts, _, _ = run(text, times=[("تموز 2023", "2023-07", None)])
    (a,) = of(facts, Agreement)  # July is when the pull-out began, under a resolution passed before it
    assert a.kind == "Decision" and a.date is None
    text = "وتشكلت القوة الدولية في العام 1990 نتيجة لاتفاقية السلام بين العراق والأردن."
    facts, _, _ = run(text, [("العراق", "iraq"), ("الأردن", "jordan")], times=[("العام 1990", "1990", None)])
    (a,) = of(facts, Agreement)
    assert a.date is None


def test_date_before_the_trigger_is_the_nearest_one_and_not_a_since() -> None:
    text = ("وكانت الحكومة، التي تولت الحكم في 30 أيلول 2022، قد أمهلت فرنسا شهرا في 23 كانون الثاني، "
            "وأنهت اتفاقية التعاون العسكري مع فرنسا.")
    facts, _, _ = run(text, [("فرنسا@1", "france")],
                      times=[("30 أيلول 2022", "2022-09-30", None), ("23 كانون الثاني", None, None)])
    assert all(a.date is None for a in of(facts, Agreement))  # the September date is the coup's
    text = "ويتمركز الفوج هناك منذ عام 1984 كجزء من اتفاقيات الدفاع مع فرنسا."
    facts, _, _ = run(text, [("فرنسا", "france")], times=[("منذ عام 1984", "1984", "since")])
    (a,) = of(facts, Agreement)
    assert a.date is None
    text = "ووقعت بغداد وعمّان في آذار 2019 على اتفاقية لتبادل المعلومات العسكرية."
    facts, _, _ = run(text, times=[("آذار 2019", "2019-03", None)])
    (a,) = of(facts, Agreement)
    assert a.date is not None and a.date.value == "2019-03"


def test_bare_year_after_the_noun_dates_the_agreement() -> None:
    text = "وأبلغت الحكومة فرنسا رسميا بفسخ اتفاق 2018 الخاص بوضع القوات الفرنسية."
    facts, _, _ = run(text, [("فرنسا", "france")])
    dated = [a for a in of(facts, Agreement) if a.date is not None]
    assert [a.date.value for a in dated] == ["2018"] and dated[0].date.precision == "year"


def test_an_agreement_only_negotiated_lacking_or_hypothetical_is_none() -> None:
    for text in ("وتنتشر القوات في المنطقة دون اتفاقات أمنية رسمية مع الحكومة العراقية.",
                 "وقال الوزير إن البلدين يجريان محادثات بشأن اتفاق يسمح باستخدام القاعدة.",
                 "وأضاف أن إبرام أي معاهدة سلام بين البلدين سيقلص الحاجة إلى القوات.",
                 "وأوضح أن المفاوضات بين بغداد وأنقرة لم تسفر عن اتفاق شامل بشأن الملف الأمني."):
        facts, _, _ = run(text, [("العراق", "iraq")] if "العراق" in text else [])
        assert of(facts, Agreement) == [], text


def test_a_command_deciding_an_operation_is_no_decision_of_state() -> None:
    text = "وقالت الإذاعة إن الجيش الإسرائيلي قرر سحب لواءين من القطاع."
    facts, _, _ = run(text)
    assert of(facts, Agreement) == []
    text = "وأعلنت الحكومة الفرنسية أنها قررت سحب قواتها من البلاد."
    facts, _, _ = run(text)
    (a,) = of(facts, Agreement)
    assert a.kind == "Decision"


def test_an_act_done_under_the_agreement_just_dated_is_that_agreement_and_not_its_date() -> None:
    text = ("وقال إنه بعد اتفاق مع العراق على إنهاء المهمة في أيلول 2024، وفقًا للإعلان المشترك، "
            "جرى العمل على تنفيذ ذلك في أيلول 2025.")
    facts, _, _ = run(text, [("العراق", "iraq")],
                      times=[("أيلول 2024", "2024-09", None), ("أيلول 2025", "2025-09", None)])
    assert [a.date.value if a.date else None for a in of(facts, Agreement)] == ["2024-09"]


def test_an_agreed_plan_or_timetable_is_an_agreement_and_an_agreed_deadline_is_not_its_date() -> None:
    text = "وأكدت المصادر أن الانسحاب يجري ضمن خطة نقل متفق عليها بالتنسيق مع الجانبين."
    facts, _, _ = run(text)
    (a,) = of(facts, Agreement)
    assert a.date is None
    text = "وغادرت القوات القاعدة قبل الموعد النهائي المتفق عليه في أيلول 2025."
    facts, _, _ = run(text, times=[("أيلول 2025", "2025-09", None)])
    (a,) = of(facts, Agreement)
    assert a.date is None  # September is the deadline agreed on


def test_nationality_adjectives_after_the_noun_are_its_parties() -> None:
    text = "وأعلنت واشنطن عن اتفاق إسرائيلي لبناني على تمديد المهلة."
    facts, _, _ = run(text)
    (a,) = of(facts, Agreement)
    assert set(a.parties) >= {"israel", "lebanon"}


def test_decisions_told_with_their_council_number_start_or_decider() -> None:
    cases = [("وبدأت القوات مهامها في الجزيرة بقرار من مجلس الأمن.", None),
             ("ويتواصل الإخلاء وفقا لتفويض المجلس في قراره رقم \"2429\" بإعادة تشكيل البعثة.", "2429"),
             ("وقال إن روسيا ستحتفظ بالقاعدة رغم قرار ببدء سحب بعض قواتها.", None),
             ("وأكد أن قرار واشنطن نشر قواتها في تلك المنطقة له ما يبرره.", None)]
    for text, number in cases:
        facts, _, _ = run(text, [("واشنطن", "washington")] if "واشنطن" in text else [])
        (a,) = of(facts, Agreement)
        assert a.kind == "Decision", text
        assert number is None or number in a.label


def test_an_undated_decision_stays_beside_a_dated_one() -> None:
    text = ("ووافق مجلس الأمن على قرار تمديد مهمة القوة لمدة عام.\n"
            "وبدأت القوة مهامها في العام 1964 بقرار من مجلس الأمن.")
    facts, _, _ = run(text, times=[("العام 1964", "1964", None)])
    assert sorted((a.date.value if a.date else "") for a in of(facts, Agreement)) == ["", "1964"]


def test_consent_to_a_withdrawal_and_a_lease_are_agreements() -> None:
    for text in ("وقال رئيس الوزراء إن الجارة وافقت على سحب قواتها من الإقليم.",
                 "وأشار إلى أن الدولة وقعت عقد استئجار للمطار لمدة 25 عاما.",
                 "وكشف المصدر عن اتفاقية لنشر القوات الجوية بشكل دائم."):
        facts, _, _ = run(text)
        assert [a.kind for a in of(facts, Agreement)] == ["Agreement"], text


def test_the_time_of_its_signing_later_in_the_sentence_dates_it() -> None:
    text = ("وسلمت الخارجية السفير إشعارا بانتهاء اتفاق التعاون بين حكومتي البلدين في 11 تموز 2014، بشأن مركز "
            "العبور في المطار وكل المنشآت المرتبطة به، والتي وقعت عام 2009.")
    facts, _, _ = run(text, times=[("11 تموز 2014", "2014-07-11", None), ("عام 2009", "2009", None)])
    assert "2009" in [a.date.value for a in of(facts, Agreement) if a.date]
    assert "2014-07-11" not in [a.date.value for a in of(facts, Agreement) if a.date]  # when it ends


def test_a_joint_document_signed_by_two_commanders_is_a_joint_statement() -> None:
    text = "ووقع خلال الحفل قائد القوات البرية وقائد القوات الفرنسية في الساحل وثيقة مشتركة."
    facts, _, _ = run(text)
    assert [a.kind for a in of(facts, Agreement)] == ["JointStatement"]


def test_an_undated_mention_by_the_capitals_of_a_dated_ones_parties_is_that_one() -> None:
    text = ("وتتطلب الخطوة تعديلا في الاتفاق الموقع بين واشنطن وبغداد.\n"
            "ويحكم الوجود العسكري الاتفاق الثنائي بين العراق والولايات المتحدة الموقع عام 2008.")
    ms = [("واشنطن", "washington", "City", ("united-states",)), ("بغداد", "baghdad", "City", ("iraq",)),
          ("العراق", "iraq", "Country", ()), ("الولايات المتحدة", "united-states", "Country", ())]
    sents = sentences_of(text)
    mentions, entities = [], {}
    for surface, key, typ, within in ms:
        start = text.index(surface)
        sent = next(s.index for s in sents if s.start <= start < s.end)
        mentions.append(Mention(start, start + len(surface), surface, "LOC", sent, "test", "1", 0.9, key))
        entities[key] = Entity(key=key, type=typ, label_ar=surface, source="seed", located_in=within)  # type: ignore[arg-type]
    start = text.index("عام 2008")
    times = [TimeValue("عام 2008", start, start + 8, "2008", "year", date(2008, 1, 1), date(2008, 12, 31))]
    facts = extract_facts(Article(key="t", text=text, source="t.txt", published=None), sents, mentions, entities,
                          times, [])
    assert [a.date.value if a.date else None for a in of(facts, Agreement)] == ["2008"]


def test_ending_an_agreement_told_by_its_verbal_noun_and_doer_is_a_decision() -> None:
    text = "ويواصل الجيش الفرنسي انسحابه بعد إنهاء بغداد اتفاقية التعاون الدفاعي مع باريس."
    facts, _, _ = run(text, [("بغداد", "baghdad"), ("باريس", None)])
    assert sorted(a.kind for a in of(facts, Agreement)) == ["Agreement", "Decision"]
    text = "وطالب النواب بإنهاء اتفاقية التعاون الدفاعي مع فرنسا."
    facts, _, _ = run(text, [("فرنسا", "france")])
    assert [a.kind for a in of(facts, Agreement)] == ["Agreement"]  # asked for, not done


def test_a_decision_to_open_a_base_and_a_date_of_another_clause() -> None:
    text = "وفي العام 2014 قررت لندن إعادة افتتاح القاعدة البحرية."
    facts, _, _ = run(text, times=[("العام 2014", "2014", None)])
    (a,) = of(facts, Agreement)
    assert a.kind == "Decision" and a.date is not None and a.date.value == "2014"
    text = "وطالبت الحكومة بإخلاء القاعدة في عام 2009، موضحة أنها لن تجدد الاتفاق مع الولايات المتحدة."
    facts, _, _ = run(text, [("الولايات المتحدة", "us")], times=[("عام 2009", "2009", None)])
    (a,) = of(facts, Agreement)
    assert a.date is None  # 2009 is the evacuation's


def test_a_notice_of_ending_an_agreement_is_a_decision_not_dated_by_the_agreements_year() -> None:
    text = "وقالت الوزارة إنها تلقت إشعارا رسميا من الحكومة بفسخ اتفاق 2018 المتعلق بوضع القوات الفرنسية."
    facts, _, _ = run(text)
    got = sorted((a.kind, a.date.value if a.date else None) for a in of(facts, Agreement))
    assert got == [("Agreement", "2018"), ("Decision", None)]
