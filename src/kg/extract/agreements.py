"""Agreements: joint statements (بيان/إعلان مشترك), memoranda (مذكرة تفاهم), named framework agreements
(اتفاقية الإطار الاستراتيجي), and dated agreements/plans (اتفاق، اتفاقية، ما تم الاتفاق عليه، خطة متفق عليها،
بيان … الصادر في <date>).

A generic mention (``الاتفاقات المبرمة``, ``تفعيل مذكرات التفاهم``) is not a fact: an agreement needs a date,
two parties or a proper name. A later undated reference to a kind already dated in the article
(``وأوضح البيان المشترك``) is the same agreement and is dropped.
"""

from __future__ import annotations

import datetime as dt
import re

from kg import entity_types
from kg.extract import confidence
from kg.extract.context import ArticleContext, SentenceView, norm
from kg.extract.lexicon import Lexicon, default_lexicon, is_future_token, negated_at, token_status
from kg.model import Agreement, Evidence, Fact, TimeValue

METHOD, VERSION = "kg.rules.agreement", "1"

#: what a decision on foreign forces decides, as a verbal noun («قرار سحب/نشر/إنهاء …»)
DECISION_NOUNS = r"(?:سحب|انسحاب|انهاء|اغلاق|الغاء|خفض|تقليص|فسخ|تمديد|نشر|ارسال)"

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"اتفاقيه (?:ال)?اطار (?:ال)?استراتيجي"), "FrameworkAgreement"),
    (re.compile(r"(?:ال)?(?:بيان|اعلان|وثيقه)(?:ا)? (?:ال)?مشترك"), "JointStatement"),
    (re.compile(r"مذكر(?:ه|ات) (?:ال)?تفاهم"), "MemorandumOfUnderstanding"),
    (re.compile(r"(?<![\w])(?:و|ب|ل)?(?:ال)?بيان (?:ال)?حكومه(?: ال\w+)? (?:ال)?صادر"), "Agreement"),
    (re.compile(r"(?<![\w])(?:و|ف)?(?:ب|ل|ك)?(?:ال|لل)?(?:اتفاق|اتفاقيه|اتفاقيات|اتفاقات|معاهده|تفاهمات)(?:ا)?(?![\w])"
                r"|(?:تم|جري) (?:ال)?اتفاق عليه"
                r"|(?:خطه|جدول|جداول|موعد|مواعيد|اليه|ترتيبات|خارطه|خريطه)(?: \S+)? (?:ال)?متفق عليه(?:ا)?"
                # consent to what a decision would decide («وافقت إريتريا على سحب قواتها»)
                rf"|(?<![\w])(?:و|ف)?(?:وافق|وافقت|وافقا|وافقتا|وافقوا|يوافق|توافق)(?=(?: \S+)? علي (?:ال)?{DECISION_NOUNS})"
                r"|(?<![\w])(?:و|ف)?ا?تفق(?:ت|ا|تا|وا)?(?= )"
                # a lease of a base is an agreement between its host and its user («مددت روسيا عقد إيجار القاعدة»)
                r"|(?<![\w])(?:و|ب|ل)?(?:ال)?(?:عقد|عقود) (?:ال)?(?:ايجار|استئجار|استيجار)"), "Agreement"),
    # a decision on foreign forces: «قرار مجلس الأمن», «القرار السيادي», «قرار سحب/إغلاق/إنهاء …», «قررت … سحب»
    (re.compile(r"(?<![\w])(?:و|ف)?(?:ب|ل|ك)?(?:ال|لل)?قرار(?:ي|ات|ا)?(?= (?:(?:من )?مجلس الامن|رقم \"?\d|\d{3,5}|(?:ال)?سيادي|"
                rf"(?:ب)?(?:ال)?(?:بدء (?:ال)?)?{DECISION_NOUNS}))"
                # «في قراره رقم 2429»: the council's resolution, by its number
                r"|(?<![\w])(?:و|ف)?(?:ب|ل|ك)?قراره(?= رقم \"?\d)"
                r"|(?<![\w])(?:و|ف)?(?:قرر|قررت|قررنا|قرروا|يقرر|تقرر)(?=(?: \S+){0,4} (?:ب)?(?:ال)?(?:سحب|انسحاب|انهاء|اغلاق|"
                r"الغاء|خفض|تقليص|فسخ|ارسال|نشر|تمديد|زياده|رفع|ابقاء|الابقاء|استعانه|الاستعانه|وقف|تعليق|"
                r"افتتاح|اعاده افتتاح|انشاء|اقامه))"
                # an order («ترامب يأمر البنتاغون بسحب …»)
                r"|(?<![\w])(?:و|ف)?(?:امر|امرت|يامر|تامر|اوامر)(?=(?: \S+){0,3} ب(?:ال)?(?:سحب|انسحاب|خفض|تقليص|اغلاق|ارسال|"
                r"نشر))"
                # an assembly or council that authorizes («خطة أقرها البرلمان», «أجاز مجلس الأمن», «تبنى المجلس القرار»)
                r"|(?<![\w])(?:و|ف)?(?:اقر|اقرت|اقرها|اقره|يقر|صادق|صادقت|صوت|صوتت|اجاز|اجازت|تبني|اعتمد|فوض|فوضت)"
                r"(?= (?:ال)?(?:برلمان|مجلس|كونغرس|كونجرس|جمعيه|كنيست|حكومه))"),
     "Decision"),
]
#: what makes an undated mention one particular agreement rather than the word: its parties, its subject, its
#: signing, or an act done under it («بموجب الاتفاق», «وفقا للاتفاق», «إلغاء اتفاقيات التعاون العسكري»)
SPECIFIC_AFTER = re.compile(r"^ ?(?:(?:ال)?(?:سابق|مسبق|جديد|اخير|اولي|نهائي)(?:ه)? )?(?:ال)?(?:تعاون|دفاع|دفاعي|"
                            r"عسكري|عسكريه|امني|امنيه|وقف|سلام|انسحاب|شراكه|موقع|مبرم|خاص|بين|مع|الذي|التي|عليه|عليها)"
                            # what it is for («اتفاقية لنشر القوات», «اتفاقية إنشاء قاعدة»)
                            r"|^ ?ل?(?:ال)?(?:نشر|انشاء|اقامه|تمركز|استخدام|سحب|ارسال|ابقاء|بقاء)(?: |$)")
#: a plural («الاتفاقيات») names particular agreements only with their subject or parties after it
SUBJECT_AFTER = re.compile(r"^ ?(?:ال)?(?:تعاون|دفاع|دفاعي|دفاعيه|عسكري|عسكريه|امني|امنيه|بين|مع)")
SPECIFIC_BEFORE = re.compile(r"(?:بموجب|وفق|وفقا|طبقا|تطبيقا|تنفيذا|اطار|ضمن|الغاء|فسخ|انهاء|ابرام|توقيع|وقعت|وقع|"
                             r"توصلت|توصل|تطبيق|تنفيذ|رغم|نص|يقضي|حسب|بحسب|مع) ?(?:ل|ب)?$")
PARTY_TYPES = entity_types.PARTY
WINDOW = 14  # tokens after the trigger where its date and parties may stand


def _date(v: SentenceView, tok: int, trigger_start: int, kind: str) -> TimeValue | None:
    hi_tok = min(len(v.tokens), tok + WINDOW)
    # a future or progress verb between the trigger and a date makes the date that verb's ("تنفيذ الاتفاق بدأ في …")
    plan = default_lexicon().phrase("planned.phrase")
    for t in v.tokens[tok + 1 : hi_tok]:
        if is_future_token(t.text) or (token_status(t.text, default_lexicon()) or (None,))[0] == "in_progress" or (
                t.text in ("علي", "على") and plan.match(" ".join(x.text for x in v.tokens[t.i : t.i + 3]))):
            hi_tok = t.i  # «… على أن يعاد النظر فيه مطلع 2026»: the date of what is planned, not of the agreement
            break
    # «وفقًا للإعلان المشترك، جرى العمل على تنفيذ ذلك في أيلول 2025»: a date after carrying it out is that act's
    act = next((t.i for t in v.tokens[tok + 1 : hi_tok] if default_lexicon().has(t.text, "agreement.act")), None)
    if act is not None:
        hi_tok = act
    basis = _ends_with(v, tok, "agreement.basis")
    hi = v.tokens[hi_tok - 1].end if hi_tok > 0 else v.sentence.end
    right = [t for t in v.times if trigger_start <= t.start < hi and t.modifier not in ("by", "before")
             and not re.match(r"^(?:و)?(?:بعد|خلال|في غضون)\s", norm(t.text))]  # «بعد عام …» is a duration
    # a deadline introduced by بحلول/حتى/تنتهي belongs to what the agreement sets, not to its date
    right = [t for t in right if not re.search(r"(?:بحلول|حتى|اقصاه|تنتهي|ستنتهي)\s*$", v.text_between(v.sentence.start, t.start))]
    if re.match(r"(?:ال)?(?:موعد|مواعيد|جدول|جداول)\b", norm(v.tokens[tok].text)) and right:
        return None  # «الموعد النهائي المتفق عليه في أيلول 2025»: the time agreed on, not when it was agreed
    if (signed := _signing_time(v, tok)) is not None:
        return signed
    if right:
        return right[0]
    if (year := _year_after(v, tok)) is not None:
        return year
    if kind == "FrameworkAgreement" or basis:
        return None  # «بدأ الانسحاب في يوليو 2023 بموجب القرار»: the date of what is done under it
    # the time nearest before the trigger, when it is one («وقعت البلدان في نهاية عام 2020 على اتفاقية»); an
    # unresolved one nearer («… في 2022، منحت فرنسا مهلة في 23 يناير، وأنهت الاتفاقية») dates another verb
    # (a weekday or «أمس» unresolved in an undated report names the same day as a date before it)
    left = [t for t in v.times if t.end <= trigger_start and (t.value is not None or re.search(r"\d", t.text))]
    if not left:
        return None
    last = left[-1]
    lo, _hi = v.clause_bounds(tok)
    if last.end <= v.tokens[lo].start and any(is_future_token(t.text) or default_lexicon().has(t.text, "negation")
                                              for t in v.tokens[lo:tok]):
        return None  # «طالبت بإخلاء القاعدة في عام 2009، موضحة أنها لن تجدد الاتفاق»: a clause of its own
    if last.modifier in ("by", "before", "since", "after") or not (
            last.basis == "absolute" or last.basis == "vague" and re.search(r"\d{4}", last.text)):
        return None
    return last


def _signing_time(v: SentenceView, tok: int) -> TimeValue | None:
    """The time right after its signing, later in the sentence («اتفاق التعاون بين … في 11 تموز 2014 بشأن …
    التي وقعت عام 2009»: 2014 is when it ends, 2009 when it was signed), no other agreement named between."""
    lex = default_lexicon()
    for t in v.tokens[tok + 1 :]:
        if re.search(r"اتفاق|معاهد|مذكر|تفاهم|قرار", t.text) or is_future_token(t.text):
            return None  # another agreement, or a signing to come («سيتم توقيعه في …»)
        if not any(r.sense == "agreement.sign" and (r.past or r.noun) for r in lex.readings(t.text)):
            continue
        lo = t.end
        hi = v.tokens[min(len(v.tokens) - 1, t.i + 3)].end
        return next((x for x in v.times if lo <= x.start < hi and x.modifier not in ("by", "before")), None)
    return None


def _year_after(v: SentenceView, tok: int) -> TimeValue | None:
    """«فسخ اتفاق 2018»: a bare year right after the agreement's noun is the year it was made."""
    if tok + 1 >= len(v.tokens):
        return None
    t = v.tokens[tok + 1]
    m = re.fullmatch(r"(\d{4})", t.text)
    if not m or not 1900 <= int(m.group(1)) <= 2100 or any(x.start <= t.start < x.end for x in v.times):
        return None
    y = int(m.group(1))
    return TimeValue(text=v.text_between(t.start, t.end), start=t.start, end=t.end, value=str(y), precision="year",
                     earliest=dt.date(y, 1, 1), latest=dt.date(y, 12, 31), basis="absolute")


def _ends_with(v: SentenceView, tok: int, sense: str, lex: Lexicon | None = None) -> bool:
    """The words right before token ``tok`` are an entry of ``sense`` (a word or a phrase of the lexicon)."""
    lex = lex or default_lexicon()
    if tok > 0 and lex.has(v.tokens[tok - 1].text, sense):
        return True
    before = v.text_between(v.tokens[max(0, tok - 5)].start, v.tokens[tok].start).rstrip()
    return any(m.end() == len(before) for m in lex.phrase(sense).finditer(before))


DECIDED_VERB = re.compile(r"^(?:و|ف)?(?:قرر|قررت|قررنا|قرروا|يقرر|تقرر)$")
#: who decides as a command, not as a state or an assembly
COMMAND_TYPES = frozenset({"ArmedForce", "MilitaryUnit", "Mission"})


def _force_decides(ctx: ArticleContext, v: SentenceView, tok: int) -> bool:
    """The subject of a «قرر» is a force: a force head noun or a force's name right before the verb
    («الجيش الإسرائيلي قرر», «بعثة التحالف قررت») or right after it («قررت القوات الفرنسية»)."""
    lo, _hi = v.clause_bounds(tok)
    for m in v.mentions:
        mt = v.token_at(m.start)
        if m.entity and m.entity in ctx.entities and ctx.entities[m.entity].type in COMMAND_TYPES and (
                lo <= mt < tok and v.token_at(m.end - 1) >= tok - 1 or mt == tok + 1):
            return True
    near = [t for t in (tok - 2, tok - 1, tok + 1) if lo <= t < len(v.tokens) and t != tok]
    return any((h := ctx.lex.head(v.tokens[t].text)) is not None and h[1].kind == "force" and
               (t == tok + 1 or t == tok - 1 or v.tokens[t + 1].text != "،") for t in near)


AGREED_VERB = re.compile(r"^(?:و|ف)?ا?تفق(?:ت|ا|تا|وا)?$")


def _parties(ctx: ArticleContext, v: SentenceView, tok: int) -> tuple[str, ...]:
    out: list[str] = []
    lo, _ = v.clause_bounds(tok)
    if AGREED_VERB.match(v.tokens[tok].text):
        # «واتفقت الأمم المتحدة والحكومة الكونغولية على …»: the verb's subjects are the parties
        for m in sorted(v.mentions, key=lambda m: m.start):
            mt = v.token_at(m.start)
            if tok < mt <= tok + 6 and m.entity and m.entity in ctx.entities and \
                    ctx.entities[m.entity].type in PARTY_TYPES:
                out.append(m.entity)
    # parties stand in the trigger's clause or the next one ("خطة متفق عليها بين X وY، أعلن عنها …")
    _lo2, hi = v.clause_bounds(min(len(v.tokens) - 1, v.clause_bounds(tok)[1] + 1))
    for m in v.mentions:
        mt = v.token_at(m.start)
        if not m.entity or ctx.entities.get(m.entity) is None or ctx.entities[m.entity].type not in PARTY_TYPES:
            continue
        window = " ".join(x.text for x in v.tokens[max(0, mt - 6) : mt])
        if tok < mt <= tok + WINDOW and mt < hi and re.search(r"(?:^|\s)(?:بين|مع)(?:\s|$)", window):
            out.append(m.entity)
        elif max(0, lo - 6) <= mt < tok and ctx.entities[m.entity].type == "Country":
            out.append(m.entity)  # "أعلنت الولايات المتحدة والعراق، في بيان مشترك"
    out.extend(_adjective_parties(ctx, v, tok))
    return tuple(dict.fromkeys(out))


def _adjective_parties(ctx: ArticleContext, v: SentenceView, tok: int) -> list[str]:
    """«اتفاق إسرائيلي لبناني», «الاتفاق الأميركي التركي», «الاتفاقية الأمنية العراقية الأمريكية»: the
    nationality adjectives right after the noun (past one word of its subject) name its parties."""
    from kg.extract.actors import adjective_country

    if not ctx.adjectives:
        return []
    out: list[str] = []
    for t in v.tokens[tok + 1 : min(len(v.tokens), tok + 5)]:
        key = adjective_country(ctx, t.text) if t.text not in ctx.ambiguous_adjectives else None
        if key is None:
            if out or t.i > tok + 1:
                break
            continue  # one word of its subject first («الأمنية»)
        if key not in ctx.entities and ctx.known and key in ctx.known:
            ctx.entities[key] = ctx.known[key]
        if key in ctx.entities:
            out.append(key)
    return out


SETS = re.compile(r"(?:حول|بشان|على ان|علي ان|تنص علي|والذي رسم|الذي رسم|رسم|حدد|يقضي ب)\s")


def _sets(ctx: ArticleContext, v: SentenceView, start: int) -> str | None:
    """What the agreement sets, as written: from a cue (حول، على أن، تنص على …) to the end of its clause."""
    k = v.nidx(start)
    m = SETS.search(v.norm, k)
    if not m or m.start() - k > 90:
        return None
    s = v.orig(m.end())
    _lo, hi = v.clause_bounds(v.token_at(s))
    e = v.tokens[hi - 1].end if hi > 0 else v.sentence.end
    return ctx.quote(s, e).strip(" \"“”«»") or None if e > s else None


def extract(ctx: ArticleContext) -> list[Fact]:
    """Agreement facts of one article."""
    facts: list[Fact] = []
    dated_kinds: set[str] = set()
    for v in ctx.views:
        seen_tokens: set[int] = set()
        first_dated = v.sentence.end + 1  # where the first dated agreement of this sentence stands
        basis_undated: set[int] = set()  # undated ones an act is done under («وفق إعلان مشترك»)
        n_before = len(facts)
        for pattern, kind in PATTERNS:
            for start, end, _m in v.finditer(pattern):
                tok = v.token_at(start)
                if tok in seen_tokens or tok + 1 in seen_tokens:
                    continue
                seen_tokens.update({tok, tok + 1})
                if kind == "Decision" and negated_at(v, tok, lex=ctx.lex):
                    continue  # «نفى أن تكون الإدارة قد قررت سحب قواتها»: no decision
                if _ends_with(v, tok, "agreement.unmade", ctx.lex):
                    continue  # «دون اتفاقات أمنية», «محادثات بشأن اتفاق», «أي معاهدة»: none is made
                if kind == "Decision" and DECIDED_VERB.match(v.tokens[tok].text) and _force_decides(ctx, v, tok):
                    continue  # «الجيش قرر سحب لواءين»: a command's operational order, not a state's decision
                date = _date(v, tok, start, kind)
                parties = _parties(ctx, v, tok)
                verb = AGREED_VERB.match(v.tokens[tok].text) is not None
                # «اتفق … على تشكيل فريق», «اتفقتا على إغلاق …»: what was agreed on follows
                agreed_on = verb and any(x.text in ("علي", "على") and x.i + 1 < len(v.tokens)
                                         for x in v.tokens[tok + 1 : min(len(v.tokens), tok + 12)])
                if verb and date is None and not parties and not agreed_on:
                    continue  # «اتفق معه في الرأي»: an opinion shared, not an agreement made
                if kind in ("Agreement", "MemorandumOfUnderstanding") and date is None and not parties \
                        and not agreed_on:
                    after = v.norm[v.nidx(end) : v.nidx(end) + 30]
                    before = v.text_between(max(v.sentence.start, start - 30), start).rstrip()
                    plural = bool(re.search(r"(?:ات|مذكرات)(?: |$)", v.norm[v.nidx(start) : v.nidx(end)]))
                    # «جداول زمنية متفق عليها», «وافقت على سحب قواتها»: what was agreed or consented to
                    agreed = bool(re.search(r"متفق|وافق", v.norm[v.nidx(start) : v.nidx(end)]))
                    if not agreed and not (SUBJECT_AFTER.match(after) if plural else
                            SPECIFIC_AFTER.match(after) or SPECIFIC_BEFORE.search(before)):
                        continue  # «الاتفاقات المبرمة» as a word, not one agreement
                if date is None and kind in dated_kinds and kind != "Decision" and not _numbers_after(v, tok):
                    continue
                if date is None and _ends_with(v, tok, "agreement.basis", ctx.lex) and not _numbers_after(v, tok):
                    # «ما تم الاتفاق عليه في أيلول 2024، حين أعلن … وفق إعلان مشترك»: the one dated before it
                    basis_undated.add(start)
                if date is not None and date.value is not None:
                    first_dated = min(first_dated, start)
                if date is not None and date.value is not None:
                    dated_kinds.add(kind)
                conf = confidence.evidence_score(
                    "agreement", linked_object=bool(parties), explicit_date=bool(date),
                    penalties=[] if kind != "Agreement" else ["default_status"],
                )
                ev_end = max(end, date.end) if date and date.start >= start else end
                ev = Evidence(v.index, start, ev_end, ctx.quote(start, ev_end), METHOD, VERSION, conf)
                numbers = _numbers_after(v, tok)
                # «قراري مجلس الأمن 2628 و2670»: two resolutions; a number tells one resolution from another
                for label in [f"{ctx.quote(start, end)} {n}" for n in numbers] or [ctx.quote(start, end)]:
                    facts.append(Agreement(evidence=ev, kind=kind, label=label, parties=parties, date=date,
                                           sets=_sets(ctx, v, start)))
                # «بفسخ اتفاق 2018»: 2018 names the agreement ended, not when it was ended
                named_year = date is not None and tok + 1 < len(v.tokens) and date.start == v.tokens[tok + 1].start \
                    and re.fullmatch(r"\d{4}", v.tokens[tok + 1].text) is not None
                if not verb and kind != "Decision" and (cancel := _cancelled_by(ctx, v, tok)) is not None:
                    # «قطعت النيجر اتفاقية عسكرية مع الولايات المتحدة»: ending it is a decision of its own
                    dev = Evidence(v.index, v.tokens[cancel[0]].start, end, ctx.quote(v.tokens[cancel[0]].start, end),
                                   METHOD, VERSION, conf)
                    facts.append(Agreement(evidence=dev, kind="Decision", label=ctx.quote(dev.start, dev.end),
                                           parties=cancel[1], date=None if named_year else date))
        facts[n_before:] = [f for f in facts[n_before:] if not (f.evidence.start in basis_undated
                                                                and f.evidence.start > first_dated)]
        facts.extend(_state_decisions(ctx, v, {v.tokens[t].start for t in seen_tokens if t < len(v.tokens)}))
    return facts


def _numbers_after(v: SentenceView, tok: int) -> list[str]:
    """Numbers of resolutions right after a decision trigger («قرار مجلس الأمن رقم 2690», «قراري … 2628 و2670»)."""
    out: list[str] = []
    for t in v.tokens[tok + 1 : min(len(v.tokens), tok + 6)]:
        m = re.fullmatch(r"و?(\d{3,5})", t.text)
        if m and not (1900 <= int(m.group(1)) <= 2100):
            out.append(m.group(1))
        elif out and t.text not in ("و",):
            break
    return out


def _cancelled_by(ctx: ArticleContext, v: SentenceView, tok: int) -> tuple[int, tuple[str, ...]] | None:
    """(verb token, who) when a past verb that ends an agreement stands just before it, its subject between
    them: «قطعت النيجر اتفاقية …», «ألغت الحكومة الاتفاق»; or its verbal noun with its doer between them
    («بعد إنهاء انجمينا اتفاقية التعاون»: an ending done, not one asked for)."""
    for t in v.tokens[max(0, tok - 4) : tok]:
        readings = [r for r in ctx.lex.readings(t.text) if r.sense == "agreement.cancel"]
        if not readings:
            continue
        who = tuple(m.entity for m in v.mentions if m.entity and t.i < v.token_at(m.start) < tok
                    and m.entity in ctx.entities and ctx.entities[m.entity].type in PARTY_TYPES)
        if any(r.past for r in readings) or who and any(r.form == "masdar" for r in readings):
            return t.i, who
        notice = next((x.i for x in v.tokens[max(0, t.i - 6) : t.i] if ctx.lex.has(x.text, "agreement.notice")), None)
        if notice is not None and t.i == tok - 1 and any(r.form == "masdar" and "ب" in r.clitics for r in readings):
            # «تلقينا إشعارا رسميا من الحكومة بفسخ اتفاق 2018»: the notice of its end, from whoever sent it
            sender = tuple(m.entity for m in v.mentions if m.entity and notice < v.token_at(m.start) < t.i
                           and m.entity in ctx.entities and ctx.entities[m.entity].type in PARTY_TYPES)
            return notice, sender
    return None


def _state_decisions(ctx: ArticleContext, v: SentenceView, taken: set[int]) -> list[Fact]:
    """«القرار الأمريكي هو وقف تناوب لواء …»: a decision told by the state that made it (a nationality adjective
    after «القرار»), not yet read as one."""
    out: list[Fact] = []
    for t in v.tokens[:-1]:
        if t.start not in taken and (party := _decider_named(ctx, v, t.i)) is not None:
            # «قرار أنقرة نشر قواتها», «قرار واشنطن سحب …»: the decider named between the noun and what it decides
            ev = Evidence(v.index, t.start, v.tokens[party[1]].end, ctx.quote(t.start, v.tokens[party[1]].end),
                          METHOD, VERSION, confidence.evidence_score("agreement", linked_object=True,
                                                                     explicit_date=False))
            out.append(Agreement(evidence=ev, kind="Decision", label=ev.quote, parties=(party[0],),
                                 date=_date(v, t.i, t.start, "Decision")))
            continue
        if t.start in taken or not re.fullmatch(r"(?:و|ف)?(?:ب|ل)?(?:ال|لل)قرار", t.text):
            continue
        country = ctx.adjectives.get(norm(v.tokens[t.i + 1].text)) if ctx.adjectives else None
        if country is None or country not in ctx.known and country not in ctx.entities:
            continue
        if country not in ctx.entities:
            ctx.entities[country] = ctx.known[country]
        end = v.tokens[t.i + 1].end
        conf = confidence.evidence_score("agreement", linked_object=True, explicit_date=False)
        ev = Evidence(v.index, t.start, end, ctx.quote(t.start, end), METHOD, VERSION, conf)
        out.append(Agreement(evidence=ev, kind="Decision", label=ctx.quote(t.start, end), parties=(country,),
                             date=_date(v, t.i, t.start, "Decision")))
    return out


def _decider_named(ctx: ArticleContext, v: SentenceView, tok: int) -> tuple[str, int] | None:
    """(party, last token of what it decides) for «قرار <party> <verbal noun>» («قرار أنقرة نشر قواتها»)."""
    if not re.fullmatch(r"(?:و|ف)?(?:ب|ل)?قرار", v.tokens[tok].text):
        return None
    for m in v.mentions:
        if v.token_at(m.start) != tok + 1 or not m.entity or m.entity not in ctx.entities or \
                ctx.entities[m.entity].type not in PARTY_TYPES:
            continue
        after = v.token_at(m.end - 1) + 1
        if after < len(v.tokens) and re.fullmatch(rf"(?:ب)?(?:ال)?{DECISION_NOUNS}", v.tokens[after].text):
            return m.entity, after
    return None
