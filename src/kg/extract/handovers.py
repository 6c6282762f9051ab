"""Handovers of a facility (base, HQ, camp): تسلم/تسليم/استلام، إخلاء … من، تحت الإدارة/السيطرة، الإشراف على …

A trigger yields one :class:`Handover` per facility named in its clause (or, failing that, its sentence,
or an anaphor such as ``القاعدة`` / ``هذه المواقع``); a collective wording (``كافة/جميع القواعد``) yields
one Handover with ``facility=None`` and ``scope`` set. A nominal trigger with no status cue at all
(``تسلم القاعدة ينهي فصلا``) is a reference, not a report, and yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract import confidence
from kg.extract.actors import (
    FACILITY_TYPES,
    FORCE_TYPES,
    FacilityMemory,
    actor,
    actor_type,
    adjective_country,
    etype,
    mint,
    nisba_actor,
)
from kg.extract.context import ArticleContext, SentenceView, linked, nearest_time, norm
from kg.extract.lexicon import Lexicon, negated_at, status_at
from kg.extract.listing import listed_facilities
from kg.model import Evidence, Fact, Handover, Mention, Status, TimeValue
from kg.values.numbers import parse_number

METHOD, VERSION = "kg.rules.handover", "1"

COLLECTIVE = re.compile(r"(?:كافه|جميع|كل) (?:ال)?(?:قواعد|مقار|مقرات|مواقع|منشات)")
GENERIC_FACILITY = re.compile(
    r"^(?:ال)?(?:قاعده|معسكر|مطار|مقر|قواعد)$|(?:^|\s)(?:ال)?(?:قواعد|مقار|مقرات|مواقع|منشات)(?:\s|$)"
    r"|^(?:اول|ثاني|ثالث|رابع|اخر|احدي|احد|كل|كافه|جميع)\s"
    r"|^(?:ال)?(?:قاعده|معسكر|مطار|مقر) (?:ال)?(?:عسكري|جوي|عسكريه|جويه|اخري|كبري|رئيسيه)$"
)
NOT_FACILITY_CONTEXT = re.compile(
    r"(?:انطلاقا من|من خلال|تواجد\w* في|يتمركز\w* في|متواجد\w* في|قرب|بالقرب من|بجوار|محاذاه|(?:ال)?محاذي(?:ه)?"
    r"|(?:ال)?مجاور(?:ه)?|(?:ال)?قريب(?:ه)? من"
    # a destination is where troops go, not what is handed over («تحرك رتل باتجاه قاعدة الحرير»)
    r"|(?:^|\s)(?:الي|نحو|باتجاه|صوب)|(?:^|\s)(?:و)?(?:انسحب\w*|انتقل\w*|نقل\w*|توجه\w*) (?:\S+ ){0,3}الي)\s*ل?$"
)


def _premises_word(ctx: ArticleContext, word: str) -> bool:
    """A facility head («قاعدة», «معسكراتها») or a site noun («موقعها»): a word that names premises."""
    found = ctx.lex.head(word)
    return found is not None and found[1].kind == "facility" or ctx.lex.has(word, "site")


def _facilities(ctx: ArticleContext, v: SentenceView, lo: int, hi: int) -> list[tuple[str, int, int]]:
    """(key, start, end) of facility mentions in token range [lo, hi) not in a non-handover role."""
    out = []
    cands = linked(v, ctx.entities, FACILITY_TYPES)  # the linker has minted every facility worth a name
    # a minted "facility" that is only a generic noun ("ثالث قاعدة", "القواعد العسكرية") names no base
    cands = [m for m in cands if not (m.entity in ctx.entities and ctx.entities[m.entity].source == "extracted"
                                      and GENERIC_FACILITY.search(norm(m.text)))]
    for m in cands:
        t = v.token_at(m.start)
        if _predicate(ctx, v, t):
            continue  # «والقاعدة كانت مقر الجيش الأمريكي»: what the base was, not another facility
        if lo <= t < hi:
            before = v.text_between(v.sentence.start, m.start)[-25:]
            if not NOT_FACILITY_CONTEXT.search(before):
                out.append((m.entity or "", m.start, m.end))
    return prefer_known(ctx, out)


_COPULA = {"كان", "كانت", "تعد", "يعد", "تعتبر", "يعتبر", "ظلت", "ظل", "باتت", "بات", "اصبحت", "اصبح"}


def _predicate(ctx: ArticleContext, v: SentenceView, t: int) -> bool:
    """The mention at token ``t`` says what a facility named just before was: «(و)القاعدة كانت مقر …»."""
    if t < 2 or v.tokens[t - 1].text not in _COPULA:
        return False
    found = ctx.lex.head(v.tokens[t - 2].text)
    return found is not None and found[1].kind == "facility" and found[0].lstrip("و") == "ال"


def prefer_known(ctx: ArticleContext, found: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop minted facilities when a gazetteer facility is named with them ("مقر التحالف في قاعدة X" → X)."""
    known = [f for f in found if ctx.entities.get(f[0]) is None or ctx.entities[f[0]].source != "extracted"]
    return known or found


def _coalition_like(ctx: ArticleContext, m: Mention) -> bool:
    return etype(ctx.entities, m) == "Coalition" or "تحالف" in norm(m.text)


def _actors(ctx: ArticleContext, v: SentenceView, tok: int, receive: bool) -> tuple[str | None, str | None]:
    """(from, to). Explicit roles first: an actor after ``إلى/نحو/لـ/لصالح`` is the recipient, one after ``من``
    or ``مستشاري`` (or any coalition) the transferor; ``التابع لـ`` («بعثة … التابعة للأمم المتحدة») marks no
    role. Else the subject (an actor within 6 tokens before the trigger, or right after it: «سلّمت قوات
    التحالف … قاعدة», «تسلّم الجيش …») is the recipient of a receive verb (تسلّم، استلم، تولّى) and the
    transferor of a give verb (سلّم، تسليم، أخلى). A subject, or a coalition taken as transferor, is near the
    trigger (8 tokens before, 20 after); a role marked by its preposition may stand anywhere in the sentence."""
    frm = to = subject = None
    subject_span: tuple[int, int] | None = None
    for m in v.mentions:
        mt = v.token_at(m.start)
        if actor_type(ctx, m) not in FORCE_TYPES:
            # a country whose control the facility passes under («أعيدت القاعدة لسيطرة العراق») receives it
            prev = v.tokens[mt - 1].text if mt > 0 else ""
            if etype(ctx.entities, m) == "Country" and prev.startswith("ل") and ctx.lex.has(prev, "control.noun") \
                    and tok < mt <= tok + 8:
                to = to or m.entity
            continue
        near = tok - 8 <= mt <= tok + 20
        before = [x.text for x in v.tokens[max(0, mt - 2) : mt]]
        first = v.tokens[mt].text if mt < len(v.tokens) else ""
        attribute = any(w.lstrip("و").startswith(("التابع", "تابع")) for w in before[-1:])
        if attribute:
            continue
        # («لسيطرة العراق», «إلى سيطرة الجيش»: whose control it passes under)
        under = bool(before) and ctx.lex.has(before[-1], "control.noun") and (
            before[-1].startswith("ل") or len(before) > 1 and before[-2] in ("الي", "تحت"))
        to_cue = under or bool(before) and (ctx.lex.has(before[-1], "role.to") or before[-1] in ("لصالح", "لـ")) or \
            first.startswith(("لل", "الي")) or (mt > 0 and v.tokens[mt - 1].text.startswith("لل"))
        if to_cue:
            to = to or m.entity
        elif before and before[-1] in ("من", "مستشاري", "مستشارو") or near and _coalition_like(ctx, m):
            frm = frm or m.entity
        elif not near:
            continue
        elif subject is None and (0 < tok - mt <= 6 or 0 < mt - tok <= 2):
            subject = m.entity
            subject_span = (m.start, m.end)
    if subject is not None:
        if receive and to is None:
            to = subject
        elif not receive and frm is None:
            frm = subject
    if frm is None:
        lo, hi = v.clause_bounds(tok)
        found = nisba_actor(ctx, v, max(lo, tok - 6), min(hi, tok + 12))
        own = subject_span is not None and any(
            subject_span[0] <= x.start < subject_span[1] and adjective_country(ctx, x.text) == found for x in v.tokens)
        frm = None if own or found == to else found
    frm, to = actor(ctx, frm), actor(ctx, to)
    return frm, (to if to != frm else None)


def _is_headline(ctx: ArticleContext, v: SentenceView) -> bool:
    """The article's title line: the first sentence, short, without a final full stop."""
    text = ctx.text[v.sentence.start : v.sentence.end].rstrip()
    return v.index == 0 and len(v.tokens) <= 16 and not text.endswith((".", "؟", "!"))


def _verb_subject_before(ctx: ArticleContext, v: SentenceView, tok: int) -> bool:
    """True when a force mention ends within the two tokens before ``tok`` in its clause (SVO order)."""
    lo, _hi = v.clause_bounds(tok)
    for m in v.mentions:
        if etype(ctx.entities, m) in FORCE_TYPES:
            end_tok = v.token_at(m.end - 1)
            if lo <= end_tok < tok and tok - end_tok <= 2:
                return True
    return False


def _past_by_form(ctx: ArticleContext, v: SentenceView, tok: int) -> bool:
    """A trigger that is a past (or headline-present) verb by its form and position, with no status cue."""
    w = v.tokens[tok].text
    readings = ctx.lex.find(w, "handover.")
    if readings and all(r.past for r in readings):
        return True
    # «تسلّم/استلم» is also a verbal noun: a verb when a force subject stands right before it («أن الجيش العراقي
    # تسلّم بشكل كامل قاعدة …») or it opens the sentence with و/ف
    bare_past = [r for r in readings if r.past and r.clitics in ("", "و", "ف")]
    if bare_past and (tok == 0 and w[0] in "وف" or _verb_subject_before(ctx, v, tok)):
        return True
    # «مقديشو … (صونا) – تسلم الجيش الوطني قاعدة …»: the first word after a dateline's dash is the report's verb
    if bare_past and tok > 0 and v.tokens[tok - 1].text in ("-", "–", "—", ":-", "-:") and tok <= 25:
        return True
    # a headline reports a done event in the present tense («الجيش العراقي يتسلم قاعدة …»)
    return any(r.form == "present" and not r.future for r in readings) and _is_headline(ctx, v)


_ORDINAL_BEFORE = re.compile(r"^(?:و)?(?:اول|ثاني|ثالث|رابع|خامس|سادس|سابع|اخر|احدي|\d+)$")


def _unnamed_facility(ctx: ArticleContext, v: SentenceView, tok: int, hi: int) -> tuple[int, int] | None:
    """Span of a facility the text does not name, the trigger's object: «قاعدتها العسكرية الثانية في تشاد»,
    «آخر قاعدة فرنسية», «21 قاعدة», «قاعدة في منطقة جوبا السفلى». A bare «القاعدة» is an anaphor, not this."""
    lex = ctx.lex
    # after a long subject too (VSO: «سلّمت قوات بعثة … القاعدة»), and its recipient («سلّمت بعثة … رسميا إلى
    # السلطات أحد آخر معسكراتها»)
    reach = 13
    for t in v.tokens[tok + 1 : min(hi, tok + 13)]:
        if lex.has(t.text, "role.to") or t.text.startswith("لل"):
            reach = 17
    for t in v.tokens[tok + 1 : min(hi, tok + reach)]:
        if (site_end := _site_at(ctx, v, t.i, hi)) is not None:
            return t.start, v.tokens[site_end - 1].end
        found = lex.head(t.text)
        if found is None or found[1].kind != "facility":
            continue
        clitics, head, ending = found
        prev = v.tokens[t.i - 1].text if t.i > 0 else ""
        counted = bool(_ORDINAL_BEFORE.match(prev)) or parse_number(prev) is not None  # «ست قواعد»
        if head.plural and not counted and ending != "possessive":
            # «المقار الرسمية ومؤسسات الدولة»: premises in general; «21 قاعدة» counts them, and «قواعدها في
            # سوريا» are all of its bases there (a collective handover)
            return None
        if clitics.endswith(("ال", "لل")) and not counted and not ending and not head.plural:
            after = [x.text for x in v.tokens[t.i + 1 : min(hi, t.i + 5)]]
            # «تسليم القاعدة»: the base the article named before; but «القاعدة العسكرية الثانية» is told by its
            # rank, a base the text does not name
            if "في" not in after and not any(lex.has(x, "ordinal") for x in after[:2]):
                return None
        start_tok = t.i - 1 if counted else t.i
        if _one_of(v, t.i):
            start_tok = max(0, t.i - 2) if v.tokens[t.i - 1].text.lstrip("و") not in ("احد", "احدي") else t.i - 1
        end_tok = t.i
        for x in v.tokens[t.i + 1 : min(hi, t.i + 7)]:
            if lex.has(x.text, "role.to", "handover.", "withdraw") or x.text.startswith(("لل", "الي")) or \
                    x.text in ("من", "بعد", "قبل"):
                break  # (a recipient, a source, a time, or the next event: «قواعدها في سوريا وتسليمها …»)
            end_tok = x.i
        return v.tokens[start_tok].start, v.tokens[end_tok].end
    return None


_IN_PLACE = ("في", "داخل", "بمنطقه", "بمدينه", "ببلده", "بقريه")


def _site_at(ctx: ArticleContext, v: SentenceView, tok: int, hi: int) -> int | None:
    """When the token at ``tok`` is a site noun («موقعها الميداني», «موقعًا للبعثة») whose place follows within
    seven words («… في "مورني"», «… بمنطقة (كورما)»), the end (exclusive) of the place's mention; else None.
    A site is a facility only by where it is: «موقع الوزارة» or «على موقعها» name none."""
    readings = ctx.lex.find(v.tokens[tok].text, "site")
    if not readings or any(r.clitics.endswith("ب") or tok > 0 and v.tokens[tok - 1].text == "علي" for r in readings):
        return None  # «بموقعها», «على موقعها»: where something is said or stands
    for m in sorted(v.mentions, key=lambda m: m.start):
        mt = v.token_at(m.start)
        if not (tok < mt <= min(hi - 1, tok + 8)) or etype(ctx.entities, m) not in ("City", "Place", "Region"):
            continue
        k = mt - 1
        while k > tok and v.tokens[k].text in ('"', "«", "'", "("):
            k -= 1
        if v.tokens[k].text in _IN_PLACE or v.tokens[mt].text.startswith(("بمنطقه", "بمدينه")):
            return v.token_at(m.end - 1) + 1
        return None
    return None


def _one_of(v: SentenceView, head_tok: int) -> bool:
    """«أحد (آخر) معسكراتها», «إحدى القواعد»: one of the facilities the plural head names."""
    before = [x.text.lstrip("و") for x in v.tokens[max(0, head_tok - 2) : head_tok]]
    return bool(before) and (before[-1] in ("احد", "احدي") or len(before) == 2 and before[0] in ("احد", "احدي")
                             and before[1] in ("اخر", "اكبر", "اهم", "ابرز"))


def _counted_head(ctx: ArticleContext, v: SentenceView, head_tok: int) -> bool:
    """The facility head at ``head_tok`` counts several («21 قاعدة», «قاعدتين», «القواعد»)."""
    if ctx.lex.find(v.tokens[head_tok].text, "site") or _one_of(v, head_tok):
        return False  # «موقعها», «أحد آخر معسكراتها»; the plural «مواقع» is read by the collective rules
    found = ctx.lex.head(v.tokens[head_tok].text)
    if found is None or found[1].plural or found[2] in ("dual", "construct"):
        return True
    prev = v.tokens[head_tok - 1].text if head_tok > 0 else ""
    return prev.isdigit() or bool(re.match(r"^\d", prev))


def _base_at(ctx: ArticleContext, v: SentenceView, head_tok: int, place: Mention) -> str | None:
    """A facility minted for an unnamed base by the place it is in («قاعدة … في منطقة روفيسك» → the base at
    Rufisque, keyed by the place's name as «القاعدة الفرنسية في فايا» is), or None for a country or a region
    that is only where it lies («قاعدتها الوحيدة في الكوت ديفوار»)."""
    if etype(ctx.entities, place) not in ("City", "Place", "Region") or place.entity is None:
        return None
    e = ctx.entities[place.entity]
    # a town names the base («في منطقة روفيسك», «بمدينة كيدال»); a province or state only locates it («في
    # مقاطعة هيرشابيل», «بولاية …»), and so does a bare name the seeds do not know as a town
    first = ctx.lex.head(norm(place.text).split()[0])
    k = v.token_at(place.start) - 1
    while k > 0 and v.tokens[k].text in ('"', "«", "'"):
        k -= 1
    prev_head = ctx.lex.head(v.tokens[k].text) if k >= 0 else None
    site = bool(ctx.lex.find(v.tokens[head_tok].text, "site"))
    # a site is known only by its place: a bare name after «في» is its town («موقعها في "مورني"»)
    town = e.type == "City" or site and e.type == "Place" or any(
        h is not None and h[1].kind == "place" and h[1].type in ("City",) or
        h is not None and h[1].word == "منطقه" for h in (first, prev_head))
    if not town:
        return None
    found = ctx.lex.head(v.tokens[head_tok].text)
    head = found[1] if found is not None else None
    name = f"{'موقع' if site else head.singular if head else 'قاعدة'} في {ctx.text[place.start : place.end]}"
    key = mint(ctx.entities, name, "Facility" if site else head.type if head else "MilitaryBase")
    if not ctx.entities[key].located_in:
        ctx.entities[key] = replace(ctx.entities[key], located_in=(place.entity, *e.located_in))
    return key


def _located_at(ctx: ArticleContext, v: SentenceView, head_tok: int, hi: int) -> str | None:
    """The unnamed base at ``head_tok`` named by a place after «في/بمنطقة» later in its clause (within 12 words):
    «أعادت للسلطات قاعدة تضم مركز اتصالات … في منطقة روفيسك»."""
    for m in sorted(v.mentions, key=lambda m: m.start):
        mt = v.token_at(m.start)
        if not (head_tok < mt < min(hi, head_tok + 13)) or not m.entity:
            continue
        k = mt - 1
        while k > head_tok and (v.tokens[k].text in ('"', "«", "'", "(") or (
                (h := ctx.lex.head(v.tokens[k].text)) is not None and h[1].kind == "place" and not h[0])):
            k -= 1  # «في منطقة “ميرتقوو”»: past the quote and the place head
        prev = v.tokens[k].text if k > head_tok else ""
        if prev in _IN_PLACE or v.tokens[mt].text.startswith(("بمنطقه", "بمدينه")):
            return _base_at(ctx, v, head_tok, m)
    return None


def _located_next(ctx: ArticleContext, v: SentenceView) -> str | None:
    """The unnamed base of ``v`` named by the sentence after it: «وتقع القاعدة في منطقة “ميرتقوو”»."""
    nxt = next((w for w in ctx.views if w.index == v.index + 1), None)
    if nxt is None or len(nxt.tokens) < 4:
        return None
    for t in nxt.tokens[:3]:
        if not any(r.sense == "locate" for r in ctx.lex.readings(t.text)):
            continue
        obj = nxt.tokens[t.i + 1] if t.i + 1 < len(nxt.tokens) else None
        found = ctx.lex.head(obj.text) if obj is not None else None
        if obj is None or found is None or found[1].kind != "facility" or found[0] != "ال" or found[2]:
            return None
        return _located_at(ctx, nxt, obj.i, len(nxt.tokens))
    return None


def _reported(ctx: ArticleContext, v: SentenceView, tok: int, lo: int) -> bool:
    """A verbal-noun trigger that is the object of a past report verb in its clause («أعلن … تسليم») or within
    eight tokens before it, across a parenthetical day («أعلنت الوزارة، الخميس، عن استلام …»)."""
    first = min(lo, max(0, tok - 8))
    return any(r.past for x in v.tokens[first:tok] for r in ctx.lex.find(x.text, "report")) and all(
        r.noun for r in ctx.lex.find(v.tokens[tok].text, "handover."))


_TROOPS_OBJECT = re.compile(r"^(?:ال|لل)?(?:قوات|جنود|عسكريين|مستشاري|مستشارين|عناصر|القطعات)$")
TROOPS_WORD = _TROOPS_OBJECT


def _troops_object(v: SentenceView, tok: int) -> bool:
    """The word after an evacuation verb is troops («إخلاء القوات …»), not a place."""
    return tok + 1 < len(v.tokens) and bool(_TROOPS_OBJECT.match(v.tokens[tok + 1].text))


_WAS = {"كان", "كانت", "وكان", "وكانت", "فكان", "فكانت"}
_RELATIVE = {"التي", "الذي", "اللتين", "اللذين", "الذين", "اللتان", "اللذان", "اللواتي"}


def _past_relative(v: SentenceView, tok: int) -> bool:
    """«وكانت قاعدة كامانيولا أولى القواعد التي يتم تسليمها»: a present «يتم» in a relative clause under a past
    «كان» tells a done handover, not one in progress."""
    return tok >= 2 and v.tokens[tok - 1].text in ("يتم", "تتم") and v.tokens[tok - 2].text in ("التي", "الذي") \
        and any(t.text in _WAS for t in v.tokens[: tok - 2])


def _partial_object(v: SentenceView, tok: int) -> bool:
    """«إخلاء عدد من المواقع», «تسليم بعض المقار»: an unnamed part of the premises is the object."""
    return tok + 1 < len(v.tokens) and v.tokens[tok + 1].text in ("عدد", "بعض")


def _other_object(ctx: ArticleContext, v: SentenceView, tok: int, hi: int) -> tuple[int, int] | None:
    """Span of «مواقع أخرى» / «قواعد أخرى» right after the trigger: premises other than those named before, a
    handover with a scope (never the base the article named last)."""
    for t in v.tokens[tok + 1 : min(hi, tok + 3)]:
        found = ctx.lex.head(t.text)
        plural = found is not None and found[1].kind == "facility" and found[1].plural or t.text == "مواقع"
        if plural and t.i + 1 < len(v.tokens) and v.tokens[t.i + 1].text in ("اخري", "اخرى"):
            return t.start, v.tokens[t.i + 1].end
    return None


_TASKS_OBJECT = re.compile(r"^(?:ال)?(?:مهام|مهمات|واجبات)(?:ها|هم|ه)?$")


def _tasks_object(v: SentenceView, tok: int) -> bool:
    """The trigger's object is tasks («استلام مهامها والانتشار بمنطقة …»): duties taken on, not a place handed
    over, so a facility named elsewhere in the sentence is not its object."""
    return tok + 1 < len(v.tokens) and bool(_TASKS_OBJECT.match(v.tokens[tok + 1].text))


def _near(v: SentenceView, lex: Lexicon, tok: int, senses: tuple[str, ...], ahead: int) -> int | None:
    """Index of the first token within ``ahead`` tokens after ``tok`` (same clause) with one of ``senses``."""
    _lo, hi = v.clause_bounds(tok)
    for t in v.tokens[tok + 1 : min(hi, tok + 1 + ahead)]:
        if lex.has(t.text, *senses):
            return t.i
    return None


def triggers(ctx: ArticleContext, v: SentenceView) -> list[tuple[int, str, bool]]:
    """(token, kind, receive) of every handover trigger of a sentence. Kinds: ``transfer`` (سلّم، تسلّم،
    استلم، أعاد … إلى), ``evacuate`` (أخلى), ``take`` (تولّى/استعاد + a control noun, سيطر على), ``control``
    (a control noun under «تحت», or «المسؤول عن إدارة»: a state, completed by default), ``move`` (a control
    noun after «نقل/انتقل»). ``receive`` marks a verb whose subject is the recipient."""
    lex = ctx.lex
    out: list[tuple[int, str, bool]] = []
    for t in v.tokens:
        rs = lex.find(t.text, "handover.")
        if rs:
            senses = {r.sense for r in rs}
            receive = bool(senses & {"handover.receive", "handover.take", "handover.seize"})
            if senses & {"handover.give", "handover.receive"}:
                if not _thing_object(ctx, v, t.i):
                    out.append((t.i, "transfer", receive))
            elif "handover.evacuate" in senses:
                if not _troops_object(v, t.i) and not _thing_object(ctx, v, t.i):  # «إخلاء القوات الروسية من قاعدتها»: the troops leave (a withdrawal)
                    out.append((t.i, "evacuate", False))
            elif senses & {"handover.take", "handover.seize"}:
                # «تولّى (الجيش) إدارة القاعدة», «استعاد السيطرة على», «سيطر على القاعدة»; not «كان يتولى
                # قيادة المعسكر» (who commanded it, a habit of the past)
                if t.i > 0 and v.tokens[t.i - 1].text.lstrip("وف") in ("كان", "كانت", "كانوا"):
                    continue
                regained = "handover.take" in senses and any(
                    (h := lex.head(x.text)) is not None and h[1].kind == "facility" for x in v.tokens[t.i + 1 : t.i + 7])
                if _near(v, lex, t.i, ("control.noun",), 5) is not None or regained or (
                        "handover.seize" in senses and any(x.text == "علي" for x in v.tokens[t.i + 1 : t.i + 3])):
                    out.append((t.i, "take", True))  # also «استعادت دكار جميع القواعد»: the bases themselves
            elif senses & {"handover.return", "handover.pass"}:
                # «أعادت القاعدة إلى …», «أعيدت القاعدتان إلى …», «آلت القاعدة إلى …»; never «إعادة تموضع»
                nxt = v.tokens[t.i + 1].text if t.i + 1 < len(v.tokens) else ""
                to = _near(v, lex, t.i, ("role.to",), 14)
                # the recipient near the verb, or after the facility its object names («أعادت فرنسا، اليوم
                # الخميس، قاعدتها العسكرية الوحيدة في … إلى سلطات البلاد»)
                # «أعادت (فرنسا) للسلطات قاعدة …»: a recipient with ل near the verb, then the facility
                # «أعيدت قاعدة بلد لسيطرة العراق», «أعيدت القاعدة إلى سيطرة الجيش»: back under someone's control
                regained = any(x.text.startswith("ل") and lex.has(x.text, "control.noun") or x.text in ("الي", "تحت")
                               and x.i + 1 < len(v.tokens) and lex.has(v.tokens[x.i + 1].text, "control.noun")
                               for x in v.tokens[t.i + 1 : t.i + 9])
                given = regained or any(r.text.startswith("ل") and len(r.text) > 3 and any(
                    (h := lex.head(x.text)) is not None and h[1].kind == "facility"
                    for x in v.tokens[r.i + 1 : r.i + 4]) for r in v.tokens[t.i + 1 : t.i + 4])
                if not lex.phrase("withdraw.redeploy").match(t.text + " " + nxt) and (given or to is not None and (
                        to <= t.i + 8 or any((h := lex.head(x.text)) is not None and h[1].kind == "facility"
                                             for x in v.tokens[t.i + 1 : to]))):
                    out.append((t.i, "transfer", False))
            continue
        if any(r.sense == "occupy" for r in lex.readings(t.text)) and _positions_left(ctx, v, t.i) is not None:
            out.append((t.i, "occupy", True))  # «تمركزت وحدات الجيش في 5 مواقع … بالتزامن مع انسحاب العدو منها»
            continue
        if any(r.sense == "withdraw.move" and not r.noun for r in lex.readings(t.text)) and _moved_facility(ctx, v, t.i):
            out.append((t.i, "transfer", False))  # «نقلت البعثة ست قواعد عسكرية إلى القوات المحلية»
            continue
        if lex.has(t.text, "control.noun") and t.i > 0:
            before = v.tokens[max(0, t.i - 4) : t.i]
            under = any(lex.has(x.text, "control.under") for x in before[-2:])
            moved = any(lex.has(x.text, "withdraw.move", "withdraw.relocate") for x in before[-2:])
            charge = any(x.text.lstrip("وال").startswith(("مسؤول", "مسوول")) for x in before) and any(
                x.text == "عن" for x in before)
            supervise = lex.has(t.text, "supervise") and t.i + 2 < len(v.tokens) and v.tokens[t.i + 1].text == "علي"
            # «قامت قوات الوفاق بالسيطرة على المعسكر», «تمكّن الجيش من السيطرة على القاعدة»: control taken
            took = t.i + 1 < len(v.tokens) and v.tokens[t.i + 1].text == "علي" and (
                t.text.lstrip("وف").startswith("بال") or v.tokens[t.i - 1].text == "من") and any(
                (h := lex.head(x.text)) is not None and h[1].kind == "facility" for x in v.tokens[t.i + 2 : t.i + 5])
            if took:
                out.append((t.i, "take", True))
            elif under or charge or supervise:
                out.append((t.i, "control", False))
            elif moved:  # «نقل السيطرة»، «تنتقل إدارته إلى …»: the move verb's own tense decides, no default
                out.append((t.i, "move", False))
        elif any(not r.noun for r in lex.find(t.text, "supervise")) and t.i + 1 < len(v.tokens) and \
                v.tokens[t.i + 1].text == "علي":
            out.append((t.i, "control", False))  # «أشرف رئيس الأركان على توزيع المهام … في القاعدة»
    return out


_POSITIONS = {"مواقع", "المواقع", "نقاط", "النقاط", "مراكز", "المراكز", "ثكنات", "الثكنات"}
_ALONG = {"بعد", "عقب", "اثر", "اعقاب", "مع", "بالتزامن", "تزامنا", "بالتوازي"}


def _positions_left(ctx: ArticleContext, v: SentenceView, tok: int) -> tuple[int, int] | None:
    """Span of the positions a force deploys in (a deploy verb + «في» + «مواقع/نقاط/ثكنات» within six words)
    when the sentence says another force withdrew as it did («بعد/مع/بالتزامن مع انسحاب …»): positions handed
    over on the ground. Towns a force deploys in («انتشر الجيش في 11 بلدة») are no premises, and are left out."""
    _lo, hi = v.clause_bounds(tok)
    toks = v.tokens
    start = next((x.i for x in toks[tok + 1 : min(len(toks), tok + 7)] if x.text == "في"), None)
    if start is None:
        return None
    head = next((x.i for x in toks[start + 1 : min(len(toks), start + 4)] if x.text in _POSITIONS
                 or (h := ctx.lex.head(x.text)) is not None and h[1].kind == "facility" and h[1].plural), None)
    if head is None:
        return None
    def along(w: SentenceView) -> bool:
        return any(ctx.lex.find(x.text, "withdraw") and (x.i > 0 and w.tokens[x.i - 1].text in _ALONG
                                                          or x.i > 1 and w.tokens[x.i - 2].text in _ALONG)
                   for x in w.tokens)

    # (or the next sentence says when: «جاء ذلك بعد انسحاب القوات من المنطقة»)
    nxt = next((w for w in ctx.views if w.index == v.index + 1), None)
    if not along(v) and not (nxt is not None and any(x.text == "ذلك" for x in nxt.tokens[:3]) and along(nxt)):
        return None
    end = head
    for x in toks[head + 1 : min(len(toks), head + 6)]:
        if not x.text[:1].isalpha() and not x.text.isdigit() and x.text not in ("-", "–") or x.text in _ALONG or \
                x.text.startswith(("بالتنسيق", "ضمن")) or ctx.lex.find(x.text, "withdraw"):
            break
        end = x.i
    return toks[start + 1].start, toks[end].end


def _thing_object(ctx: ArticleContext, v: SentenceView, tok: int) -> bool:
    """The object of a transfer verb is a thing, not premises: «سلّم السفيرةَ إشعارًا بإنهاء …», «تسليم السلطة»,
    «وسلّمه مفتاحًا رمزيًا», «أخلت، في يناير، جزءًا من عتادها في القاعدة» — a word of sense ``thing`` within
    four words after the verb (past a time set off by commas), before any facility."""
    # a person handed over («تسليم سلفه بشار الأسد»): an extradition
    if any(m.label == "PER" and tok < v.token_at(m.start) <= tok + 3
           and not any(t.start < m.end and m.start < t.end for t in v.times) for m in v.mentions):
        return True  # (never a time a recognizer took for a name: «صباح اليوم»)
    before = v.tokens[tok - 1].text if tok > 0 else ""
    if ctx.lex.has(before, "thing") and any(r.pronoun for r in ctx.lex.find(v.tokens[tok].text, "handover.")):
        return True  # «… في رسالة سلّمتها الوزارة إلى السفارة»: the pronoun is the thing before the verb
    stop = tok + 5
    for t in v.times:
        if tok < v.token_at(t.start) <= tok + 3:
            stop = max(stop, v.token_at(t.end - 1) + 6)
    stop = min(len(v.tokens), stop)
    for x in v.tokens[tok + 1 : stop]:
        if _premises_word(ctx, x.text):
            return False
        if ctx.lex.has(x.text, "thing"):
            return True
    return False


def _moved_facility(ctx: ArticleContext, v: SentenceView, tok: int) -> bool:
    """«نقل» whose object is facilities and whose «إلى» names who gets them: a handover, not a move of troops
    («نقلت أتميس ست قواعد عسكرية إلى القوات الصومالية»; not «نقل القوات إلى القاعدة»)."""
    _lo, hi = v.clause_bounds(tok)
    head = next((x for x in v.tokens[tok + 1 : min(hi, tok + 6)]
                 if (h := ctx.lex.head(x.text)) is not None and h[1].kind == "facility"), None)
    if head is None or any(TROOPS_WORD.match(x.text) for x in v.tokens[tok + 1 : head.i]):
        return False
    to = next((x for x in v.tokens[head.i + 1 : min(hi, head.i + 5)] if ctx.lex.has(x.text, "role.to")), None)
    if to is None:
        return False
    after = [m for m in v.mentions if v.token_at(m.start) == to.i + 1]
    return any(etype(ctx.entities, m) in FORCE_TYPES - FACILITY_TYPES for m in after) or (
        to.i + 1 < len(v.tokens) and (h := ctx.lex.head(v.tokens[to.i + 1].text)) is not None
        and h[1].kind in ("force", "body"))


def _time(
    ctx: ArticleContext, v: SentenceView, status: Status, start: int, end: int, noun: bool = False
) -> TimeValue | None:
    if status == "planned":
        # the first time after the trigger that is not already past (a date stamp, the reporting day)
        pub = ctx.published_period[1] if ctx.published_period else None
        right = [t for t in v.times if t.start >= start
                 and not (pub is not None and t.modifier is None and t.latest is not None and t.latest <= pub)]
        # «خلال الأيام المقبلة، مع مطلع عام 2026»: a window from the report gives way to the target it names
        if len(right) > 1 and right[0].modifier == "within" and right[1].basis in ("absolute", "vague"):
            return right[1]
        if right:
            return right[0]
        # «أعلن أنه اعتبارا من يناير 2025 سيتم تسليم المعسكر»: the target told before the trigger, in its sentence
        left = [t for t in v.times if t.end <= start and t.basis in ("absolute", "vague") and t.modifier != "before"
                and not (pub is not None and t.latest is not None and t.latest <= pub)]
        return left[-1] if left else None
    cands = [t for t in v.times if not re.search(r"(?:الصادر|صدر)\s*(?:في)?\s*$", ctx.text[max(0, t.start - 12) : t.start])
             and not _planned_before(ctx, v, t)]
    lo, hi = v.clause_bounds(v.token_at(start))
    if lo < hi:  # a time in the object's own clause wins ("وقاعدة القيارة في 26 آذار")
        own = [t for t in cands if v.tokens[lo].start <= t.start < v.tokens[hi - 1].end]
        # a noun borrows only a date that stands before it («أكملت القوات، يوم الخميس 26 آذار، تسليم القاعدة»),
        # never one of a later clause («وجاء تسليم التاجي بعد …؛ إذ سلّم … في 17 مارس»)
        if not own and noun:
            cands = [t for t in cands if t.end <= start and ";" not in ctx.text[t.end : start].replace("؛", ";")]
        cands = own or cands
    return nearest_time(v, start, end, cands)


def _planned_before(ctx: ArticleContext, v: SentenceView, t: TimeValue) -> bool:
    """«انسحابها المقرر قبل نهاية الشهر»: a time right after a plan word dates that plan, not a done handover."""
    k = v.token_at(t.start)
    return any(ctx.lex.has(x.text, "status.planned") for x in v.tokens[max(0, k - 2) : k])


def extract(ctx: ArticleContext) -> list[Fact]:
    """Handover facts of one article."""
    facts: list[Fact] = []
    memory = FacilityMemory()
    named = FacilityMemory()  # every facility named, in any role: what an object pronoun («تسليمها») refers to
    reported: list[tuple[int, Status, TimeValue | None]] = []  # (sentence, status, time) of each handover told
    retold: list[TimeValue] = []  # days of completed handovers retold without their object («مراسم التسليم»)
    for v in ctx.views:
        found = triggers(ctx, v)
        sentence_facilities = _facilities(ctx, v, 0, len(v.tokens))
        anaphoric = memory.resolve(v) if not sentence_facilities else []
        inherited_time: TimeValue | None = None
        transferred: set[str | None] = set()  # facilities a transfer verb of this sentence already handed over
        for tok, kind, receive in found:
            if _tasks_object(v, tok):
                continue
            lo, hi = v.clause_bounds(tok)
            status, explicit = status_at(v, tok, lo, hi, ctx.lex)
            if status is None:
                if _past_by_form(ctx, v, tok) or kind == "control" or negated_at(v, tok, lex=ctx.lex) or (
                        kind == "occupy" and any(r.past for r in ctx.lex.find(v.tokens[tok].text, "occupy"))):
                    status = "completed"
                elif kind == "transfer" and _purpose(ctx, v, tok):
                    status = "planned"  # «لجان تعمل لاستلام القاعدة», «تستعد لتسلّم»: what they are set to do
                elif _reported(ctx, v, tok, lo):
                    status = "completed"  # «أعلنت الوزارة، أمس، تسلّم القاعدة»: a reported handover is done
                elif kind == "transfer" and (told := _told_before(ctx, v, tok, reported)) is not None:
                    # «وتم تسليم سبع من القواعد يوم الاثنين» then «… تسليم القواعد السبع التي …»: the same
                    # handover told again, with its details; it keeps the status (and day) told first
                    status, inherited_time = told
                else:
                    continue
            if status == "in_progress" and _past_relative(v, tok):
                status = "completed"
            if not negated_at(v, tok, lex=ctx.lex):
                reported.append((v.index, status, nearest_time(v, v.tokens[tok].start, v.tokens[tok].end)
                                 if inherited_time is None
                                 else inherited_time))
            penalties: list[str] = [] if explicit else ["default_status"]
            clause_text = " ".join(x.text for x in v.tokens[lo:hi])
            coll = COLLECTIVE.search(clause_text)
            listed = listed_facilities(ctx, v, tok + 1, min(len(v.tokens), tok + 5))
            targets: list[tuple[str | None, int, int]] = (
                [(x.key, x.start, x.end) for x in listed] if listed else _own_share(v, tok, found, _facilities(ctx, v, lo, hi)))
            if targets and not listed:
                # "سلم قاعدة القائم في 17 آذار، وقاعدة القيارة في 26 آذار": conjoined objects in the next clauses
                nxt = hi
                # also "، ثم قاعدة …" and "، وبعدها بثلاثة أيام قاعدة …" (the object within 4 tokens of و/ثم)
                while nxt + 1 < len(v.tokens) and v.tokens[nxt].text in ("،", ","):
                    first = v.tokens[nxt + 1].text
                    found_head = ctx.lex.head(first)
                    if found_head is not None and found_head[1].kind == "facility" and found_head[0] == "ال":
                        nxt = v.clause_bounds(nxt + 1)[1]  # «معسكر جيي، القاعدة العسكرية الكبرى لفرنسا، …»: apposition
                        continue
                    if first in ("اضافه", "بالاضافه") and nxt + 2 < len(v.tokens) and v.tokens[nxt + 2].text == "الي":
                        # «…، إضافة إلى قاعدة جوية قرب مطار داكار»: one more object, named or not
                        c_hi = v.clause_bounds(nxt + 1)[1]
                        more = _facilities(ctx, v, nxt + 3, c_hi)
                        unnamed_more = None if more else _unnamed_facility(ctx, v, nxt + 2, c_hi)
                        targets += more or ([(None, *unnamed_more)] if unnamed_more else [])
                        nxt = c_hi
                        continue
                    if not (first.startswith("و") or first == "ثم"):
                        break
                    near = nxt + 2 if first not in ("ثم",) and not first.startswith("وبعد") else nxt + 6
                    c_hi = v.clause_bounds(nxt + 1)[1]
                    follow = [f for f in _facilities(ctx, v, nxt + 1, min(near, c_hi))]
                    if first == "ثم" or first.startswith("وبعد"):
                        follow = follow[:1]
                    if not follow:
                        break
                    targets += follow
                    nxt = v.clause_bounds(nxt + 1)[1]
            if kind == "occupy":
                span = _positions_left(ctx, v, tok)
                targets = [(None, *span)] if span is not None else []
            other = _other_object(ctx, v, tok, hi)
            if other is not None and not targets and not coll:
                targets = [(None, *other)]  # «سيتم تسليم مواقع أخرى»: sites other than the one named before
            if not coll and _partial_object(v, tok):
                continue  # «إخلاء عدد من المواقع المحيطة بالقاعدة»: some sites near it, not the base itself
            if not targets and not coll and not _object_elsewhere(ctx, v, tok, kind):
                if sentence_facilities:
                    targets = list(sentence_facilities)
                    penalties.append("sentence_scope")
                elif anaphoric:
                    t0 = v.tokens[tok]
                    targets = [(k, t0.start, t0.end) for k in anaphoric]
                    penalties.append("anaphora")
            if not targets and not coll and kind == "transfer" and named.age == 0 and named.last and any(
                    r.pronoun for r in ctx.lex.find(v.tokens[tok].text, "handover.")) and not (
                    tok > 0 and v.tokens[tok - 1].text in _RELATIVE):
                # «وتم تسليمها إلى الجيش»: the object pronoun is the facility named in the sentence before (in a
                # relative clause, «المنشآت التي تسلمتها», it is the noun the clause describes)
                t0 = v.tokens[tok]
                targets = [(named.last[0], t0.start, t0.end)]
                penalties.append("anaphora")
            if not targets and not coll:
                unnamed = _unnamed_facility(ctx, v, tok, hi)
                if unnamed is not None:
                    coll_span = unnamed  # «سلّمت فرنسا قاعدتها العسكرية الثانية في تشاد»: a base the text does not name
                    # one base (not «21 قاعدة»), named by the town the text puts it in
                    head_tok = next((x.i for x in v.tokens[v.token_at(unnamed[0]) : v.token_at(unnamed[1] - 1) + 1]
                                     if _premises_word(ctx, x.text)), v.token_at(unnamed[0]))
                    one = not _counted_head(ctx, v, head_tok)
                    at = (_located_at(ctx, v, head_tok, hi) or _located_next(ctx, v)) if one else None
                    targets = [(at if at is not None else None, *coll_span)]
            if not targets and not coll and kind == "transfer" and (base := _base_told_before(ctx, v, tok)):
                t0 = v.tokens[tok]  # «قررت الانسحاب من قاعدة عسكرية في منطقة أبو غريب، وتسليم الموقع إلى …»
                targets = [(base, t0.start, t0.end)]
                penalties.append("anaphora")
            if kind == "evacuate":
                # "إخلاء … بمغادرة أعدادهم … في قاعدة X": the facilities named in the sentence were evacuated
                have = {k for k, _s, _e in targets}
                targets += [f for f in sentence_facilities if f[0] not in have]
            if kind == "evacuate" and not coll and not targets:
                continue
            if coll:
                # the collective phrase as written: from the quantifier to "من" or at most 9 tokens
                ctoks = v.tokens[lo:hi]
                quantifier = next((x for x in ctoks if x.text in ("كافه", "جميع", "كل")), ctoks[0])
                stop = next((x for x in ctoks if x.i > quantifier.i and x.text == "من"), None)
                end_tok = stop.i if stop else min(hi, quantifier.i + 9)
                scope_start, scope_end = quantifier.start, v.tokens[end_tok - 1].end
                targets = [(None, scope_start, scope_end)] + targets
            neg = negated_at(v, tok, lex=ctx.lex)
            frm, to = _actors(ctx, v, tok, receive=receive)
            trig = v.tokens[tok]
            if kind in ("take", "control", "move"):
                # «تسلّمت القوات المعسكر، وستتولى حمايته وإدارته»: the same handover told again, not a second one
                targets = [x for x in targets if x[0] not in transferred]
            elif kind == "transfer":
                transferred.update(k for k, _s, _e in targets)
            if all(k is None for k, _s, _e in targets) and not coll and status == "completed" and not neg and \
                    _definite_noun(ctx, trig.text):
                # «وجرت مراسم التسليم يوم الخميس 28 ديسمبر»: the handover told before, retold with its day (and
                # perhaps where: «… في مقر البعثة»), names no base of its own
                day = _time(ctx, v, status, trig.start, trig.end)
                if day is not None and day.precision == "day":
                    retold.append(day)
            for key, s, e in targets:
                start, end = min(s, trig.start), max(e, trig.end)
                noun = all(r.noun for r in ctx.lex.find(trig.text, "handover.")) and bool(ctx.lex.find(trig.text, "handover."))
                if "sentence_scope" in penalties:  # a base named in another clause: the trigger's clause dates it
                    tv = _time(ctx, v, status, trig.start, trig.end, noun) or inherited_time
                else:
                    tv = (_time(ctx, v, status, start, end, noun) if status == "planned" or len(targets) == 1
                          else _time(ctx, v, status, s, e, noun)) or inherited_time
                conf = confidence.evidence_score(
                    "handover", explicit_status=explicit, linked_object=bool(key), explicit_date=bool(tv),
                    penalties=penalties,
                )
                ev = Evidence(v.index, start, end, ctx.quote(start, end), METHOD, VERSION, conf)
                facts.append(
                    Handover(
                        evidence=ev,
                        facility=key,
                        scope=ctx.quote(s, e) if key is None else None,
                        from_actor=frm,
                        to_actor=to,
                        status=status,
                        time=tv,
                        negated=neg,
                    )
                )
        memory.update([k for k, _s, _e in sentence_facilities], ctx.entities)
        named.update([m.entity for m in linked(v, ctx.entities, FACILITY_TYPES) if m.entity], ctx.entities)
    return _dated_by_retelling(_one_base_told_twice(ctx, _one_per_base(ctx, facts)), retold)


def _definite_noun(ctx: ArticleContext, word: str) -> bool:
    """«التسليم», «والاستلام»: a handover noun with the article, a reference to a handover already told."""
    readings = ctx.lex.find(word, "handover.")
    return bool(readings) and all(r.noun and r.clitics.endswith("ال") for r in readings)


def _dated_by_retelling(facts: list[Fact], retold: list[TimeValue]) -> list[Fact]:
    """An article that reports one completed handover with no date («المينوسما تسلم معسكرها في تومبكتو») and
    retells it with a day («وتمت مراسم التسليم يوم الخميس 28 ديسمبر 2023») dates it with that day; with two
    bases handed over, or two days told, it is unknown which day is whose, and nothing changes."""
    done = [f for f in facts if isinstance(f, Handover) and f.status == "completed" and not f.negated]
    days = {t.value for t in retold}
    if len(days) != 1 or len({f.facility or f.scope for f in done}) != 1:
        return facts
    return [replace(f, time=retold[0]) if f in done and f.time is None else f for f in facts]


_SECURITY = {"امن", "الامن", "بامن", "الامنيه", "الامني", "الملف", "المهام", "المسووليات"}


def _object_elsewhere(ctx: ArticleContext, v: SentenceView, tok: int, kind: str) -> bool:
    """The trigger has an object of its own that is no facility, so it borrows none from its sentence or the one
    before: the handover is only named («أهمية عملية التسليم»: a definite noun with no object), or control is
    taken of something else («لتولّي مسؤولية أمن بلاده», «تسلّم الملف الأمني»)."""
    t = v.tokens[tok]
    nxt = v.tokens[tok + 1].text if tok + 1 < len(v.tokens) else ""
    # («عملية التسليم للقوات العراقية جرت …» names its recipient: the handover told, with its details)
    if _definite_noun(ctx, t.text) and not (
            _premises_word(ctx, nxt)
            or nxt.startswith("لل") or ctx.lex.has(nxt, "role.to")):
        return True
    if kind in ("take", "control", "move"):
        noun = _near(v, ctx.lex, tok - 1, ("control.noun",), 6)
        k = noun if noun is not None else tok
        after = v.tokens[k + 1].text if k + 1 < len(v.tokens) else ""
        # («نقل مهامها»: its duties move, no premises)
        return after in _SECURITY or bool(_TASKS_OBJECT.match(v.tokens[k].text))
    return nxt in _SECURITY


def _purpose(ctx: ArticleContext, v: SentenceView, tok: int) -> bool:
    """A handover noun with «لـ» of purpose right after a verb or a noun of effort («تعمل لاستلام», «تستعد
    لتسلّم»; not «مراسم التسليم للقوات», where «ل» marks the recipient)."""
    readings = ctx.lex.find(v.tokens[tok].text, "handover.")
    return bool(readings) and all(r.noun and r.clitics.lstrip("وف") == "ل" for r in readings)


def _base_told_before(ctx: ArticleContext, v: SentenceView, tok: int) -> str | None:
    """The unnamed base told earlier in the sentence with its town («… من قاعدة عسكرية في منطقة أبو غريب»)
    when the trigger's object is an anaphor of it («وتسليم الموقع», «وتسليمها»)."""
    nxt = v.tokens[tok + 1].text if tok + 1 < len(v.tokens) else ""
    pronoun = any(r.pronoun for r in ctx.lex.find(v.tokens[tok].text, "handover."))
    anaphor = (h := ctx.lex.head(nxt)) is not None and h[1].kind == "facility" and h[0] == "ال" and not h[2] \
        or ctx.lex.has(nxt, "site") and nxt.startswith("ال")
    if not (pronoun or anaphor):
        return None
    for x in reversed(v.tokens[:tok]):
        found = ctx.lex.head(x.text)
        if found is None or found[1].kind != "facility" or found[1].plural or found[2] or found[0].endswith("ال"):
            continue
        return _located_at(ctx, v, x.i, tok)
    return None


def _own_share(v: SentenceView, tok: int, found: list[tuple[int, str, bool]],
               facilities: list[tuple[str, int, int]]) -> list[tuple[str | None, int, int]]:
    """The facilities of a clause that are the object of the trigger at ``tok`` when the clause has several
    triggers («تسليم قاعدة X ينهي … ولجان تعمل لاستلام قاعدة Y»): those after it up to the next trigger, or, for
    a trigger that follows its object, those after the trigger before it."""
    lo, hi = v.clause_bounds(tok)
    toks = sorted(t for t, _k, _r in found if lo <= t < hi)
    nxt = next((t for t in toks if t > tok), None)
    prev = max((t for t in toks if t < tok), default=None)
    if nxt is None and prev is None:
        return list(facilities)
    mine = [f for f in facilities if v.token_at(f[1]) > tok and (nxt is None or v.token_at(f[1]) < nxt)]
    if mine:
        return list(mine)
    return [f for f in facilities if v.token_at(f[1]) < tok and (prev is None or v.token_at(f[1]) > prev)]


def _told_before(ctx: ArticleContext, v: SentenceView, tok: int, reported: list[tuple[int, Status, TimeValue | None]]
                 ) -> tuple[Status, TimeValue | None] | None:
    """Status and time of the handover told in one of the two sentences before, when ``tok`` is a handover noun
    with no status of its own (a reference to that handover, not a new one), else None."""
    readings = ctx.lex.find(v.tokens[tok].text, "handover.")
    if not readings or not all(r.noun for r in readings) or any(r.clitics.endswith("ل") for r in readings):
        return None  # «قبل تسليمها لاحقا», «تمهيدا لتسليمها»: another time's handover, or its purpose
    if tok > 0 and v.tokens[tok - 1].text in ("قبل", "تمهيدا", "بهدف", "لاجل", "بانتظار"):
        return None
    before = [(st, t) for i, st, t in reported if v.index - 2 <= i < v.index]
    return before[-1] if before else None


def _one_base_told_twice(ctx: ArticleContext, facts: list[Fact]) -> list[Fact]:
    """A single base the text does not name («قاعدة عسكرية رابعة», «قاعدتها الوحيدة») in an article that names
    exactly one base handed over with the same status is that base, told before its name: the unnamed report
    is dropped."""
    named: dict[tuple[object, ...], set[str]] = {}
    sentences: set[int] = set()
    for f in facts:
        if isinstance(f, Handover) and f.facility is not None:
            named.setdefault((f.status, f.negated), set()).add(f.facility)
            sentences.add(f.evidence.sentence)
    out: list[Fact] = []
    for f in facts:
        # (one told in the same sentence as the named base is another base: «معسكر جيي، إضافة إلى قاعدة جوية»)
        if isinstance(f, Handover) and f.facility is None and f.scope and f.evidence.sentence not in sentences \
                and len(named.get((f.status, f.negated), ())) == 1:
            words = norm(f.scope).split()
            first = next((k for k, w in enumerate(words[:3]) if ctx.lex.head(w) is not None), 0)
            found = ctx.lex.head(words[first]) if words else None
            one = first > 0 and words[0].lstrip("و") in ("احد", "احدي")  # «أحد آخر معسكراتها»
            if found is not None and found[1].kind == "facility" and (not found[1].plural or one) and \
                    found[2] not in ("dual", "construct"):
                continue
        out.append(f)
    return out


def _core(ctx: ArticleContext, key: str) -> tuple[str, ...]:
    """The words of a facility's name without head nouns and type adjectives («قاعدة القيارة الجوية» → القيارة)."""
    e = ctx.entities.get(key)
    words = norm(e.label_ar if e else key).replace("“", " ").replace("”", " ").split()
    return tuple(w for w in words if not ctx.lex.head(w) and w not in ("الجويه", "العسكريه", "الجوي", "العسكري"))


def _one_per_base(ctx: ArticleContext, facts: list[Fact]) -> list[Fact]:
    """One handover per base and status in an article: «قاعدة القيارة الجوية» and «“القيارة” الجوية» (a quote
    split the name) are the same base told twice; the fuller name, told first, stays."""
    out: list[Fact] = []
    kept: list[tuple[tuple[object, ...], str, tuple[str, ...]]] = []  # (status, negated), facility, name core
    for f in facts:
        if isinstance(f, Handover) and f.facility is not None:
            state, mine = (f.status, f.negated), _core(ctx, f.facility)
            if mine and any(st == state and key != f.facility and (_contains(core, mine) or _contains(mine, core))
                            for st, key, core in kept):
                continue
            kept.append((state, f.facility, mine))
        out.append(f)
    return out


def _contains(big: tuple[str, ...], small: tuple[str, ...]) -> bool:
    n = len(small)
    return any(big[i : i + n] == small for i in range(len(big) - n + 1))
