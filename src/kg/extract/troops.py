"""Troop counts: a quantity whose counted noun is a soldier/fighter/adviser word (جندي، جنود، عسكري،
مقاتل، عنصر، مستشار، فرد، ضابط، بحار) and that is not about trainees, casualties, prisoners, money, distance, time,
or a unit number (``اللواء 65``).

Force: a nationality adjective next to the count (``جندي أميركي``, ``للقوات الأميركية``), else the armed
force / country / armed group before it in the sentence (``كان لدى الولايات المتحدة نحو 2500 جندي``), else the
force of the previous count in the same sentence, else ``التنظيم`` → the last armed group named. Country:
the country after ``في``; place: a base/city/region after ``في`` (also ``يتمركز معظمهم في أربيل``).
Kind: a future verb in the clause → projection; ``حد أقصى/لا يتجاوز/سقف`` → cap; else current.
In a sentence about «عدد الجنود/القوات…» that has a troop count, its other bare numbers (not years, unit
numbers or casualties) count the same troops (``بعد أن كان يقارب 2500``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from kg import entity_types
from kg.extract import confidence
from kg.extract.actors import (
    FACILITY_TYPES,
    actor,
    actor_type,
    adjective_country,
    etype,
    national,
    nisba_entity,
)
from kg.extract.context import ArticleContext, SentenceView, norm
from kg.extract.lexicon import cues, default_lexicon, is_future_token
from kg.model import CountKind, Evidence, Fact, Mention, Quantity, TimeValue, TroopCount, date_at
from kg.values.numbers import is_amount_word

METHOD, VERSION = "kg.rules.troops", "1"

TROOP_UNITS = {"troops", "soldiers", "soldier", "fighters", "fighter", "advisers", "adviser", "advisors", "personnel",
               "members", "military personnel", "servicemembers", "forces", "men", "officers", "sailors"}
UNIT_WORD = re.compile(r"^(?:جندي|جنود|جنديا|عسكري|عسكريا|عسكريين|مقاتل|مقاتلا|مقاتلين|عنصر|عنصرا|عناصر|مستشار|مستشارا|"
                       r"مستشارين|فرد|فردا|افراد|ضابط|ضابطا|ضباط|بحار|بحارا|بحاره|من (?:ال)?جنود|من (?:ال)?قوات)$")
NOT_TROOPS_UNITS = {"trainees", "casualties", "killed", "wounded", "dead", "km", "kilometres", "dollars", "usd", "years",
                    "months", "days", "prisoners", "detainees"}
EXCLUDE_BEFORE = re.compile(r"(?:مقتل|قتل|قتلي|اصابه|اصيب|جرح|جرحي|اسر|اعتقال|تدريب|تخريج|متدرب|ضحايا|خسائر|القبض)")
#: after the count (or its unit: «رجل دين», «رجال أعمال» are clerics and businessmen, not troops; ships, aircraft
#: and vehicles are no personnel: «ست عشرة سفينة», «70 مقاتلة»)
EXCLUDE_AFTER = re.compile(r"^(?:متدرب\w*|قتيل\w*|جريح\w*|اسير\w*|معتقل\w*|دولار\w*|كيلومتر\w*|كم|عام\w*|سن\w*|شهر\w*|يوم\w*|"
                           r"اعمال|دين|سفين\w*|سفن|طائر\w*|مقاتل(?:ه|ات)|دباب\w*|مدرع\w*|مركب\w*|مروحي\w*|"
                           r"غواص\w*|مدمر\w*|صاروخ\w*|صواريخ|"
                           # people who are no troops: «(من بينهم 12 امرأة)», «4250 جنديا و1000 مدني»
                           r"امراه|نساء|سيده|سيدات|طفل\w*|اطفال|مدني|مدنيين|مدنيا|"
                           # police are no troops: «65 عنصر شرطة», «606 من أفراد الشرطة»
                           r"(?:ال)?شرطه|شرطي\w*)$")
UNIT_NUMBER = re.compile(r"(?:اللواء|الفرقه|الفوج|الكتيبه|السرب|الفيلق)\s*$")
COUNTRY_TYPES = entity_types.COUNTRY
FORCE_TYPES = entity_types.FORCE
PLACE_TYPES = (entity_types.AREA - entity_types.COUNTRY) | FACILITY_TYPES


def _span(v: SentenceView, q: Quantity) -> tuple[int, int]:
    """First and last token of a quantity."""
    return v.token_at(q.start), v.token_at(max(q.start, q.end - 1))


def _not_a_count(v: SentenceView, q: Quantity) -> bool:
    """A unit number («اللواء 65»), or a number of casualties, trainees, dollars, years… (by the word before or
    after it): never a troop count, with a unit word or without."""
    if UNIT_NUMBER.search(v.text_between(max(v.sentence.start, q.start - 40), q.start)):
        return True
    qt, qe = _span(v, q)
    if qe + 1 < len(v.tokens) and EXCLUDE_AFTER.match(v.tokens[qe + 1].text):
        return True
    before = [t.text for t in v.tokens[max(0, qt - 3) : qt]]
    # «مهام التدريب في العراق من 500 …»: a word in another phrase, before a preposition, governs nothing here
    cut = max((i + 1 for i, w in enumerate(before) if w in ("في", "داخل", "الي", "علي")), default=0)
    return bool(EXCLUDE_BEFORE.search(" ".join(before[cut:]))) or _casualty_after(v, qe)


def _casualty_after(v: SentenceView, qe: int) -> bool:
    """«18 عنصرا من التنظيم قتلوا», «12 جنديا أصيبوا»: a casualty verb right after the counted noun phrase (its
    unit, a partitive «من X», quotes) makes the number one of casualties."""
    lex = default_lexicon()
    named = {k for m in v.mentions for k in range(v.token_at(m.start), v.token_at(max(m.start, m.end - 1)) + 1)}
    of = -1  # the token «من» of a partitive: its object is one or two words
    for t in v.tokens[qe + 1 : qe + 7]:
        if lex.has(t.text, "casualty"):
            return True
        if t.text == "من":
            of = t.i
        elif not (UNIT_WORD.match(t.text.lstrip("و")) or t.text in _QUOTES or t.i in named
                  or of >= 0 and t.i - of <= 2):
            return False
    return False


def _is_troops(v: SentenceView, q: Quantity) -> bool:
    unit = (q.unit or "").lower()
    if unit in NOT_TROOPS_UNITS or _not_a_count(v, q):
        return False
    qt, qe = _span(v, q)
    words = [t.text for t in v.tokens[qt : qe + 2]]  # the quantity's words and the one after it
    return unit in TROOP_UNITS or any(UNIT_WORD.match(w) for w in words)


#: «عدد الجنود/القوات/المستشارين…»: a sentence about a number of troops, whose other bare numbers count them too
COUNT_WORD = re.compile(r"^(?:و|ب|ل)?(?:ال)?عدد$")
#: the nouns a sentence about a number of troops opens with: «عدد/عديد/تعداد الجنود»
COUNT_NOUN = re.compile(r"^(?:و|ب|ل)?(?:ال)?(?:عدد|عديد|تعداد)$")
TROOP_NOUN = re.compile(r"^(?:ال)?(?:جنود|قوات|مستشارين|مستشارون|عسكريين|عسكريون|افراد|عناصر|مقاتلين|مقاتلون|بحاره|ضباط)"
                        r"(?:ها|ه|هم)?$")
#: «تلك القوات», «هذه القوات»: the force last counted
DEMONSTRATIVE_FORCE = re.compile(r"(?:^|\s)(?:و)?(?:تلك|هذه|هذة) (?:ال)?(?:قوات|القوات)(?:\s|$)")
AMONG = re.compile(r"(?:^|\s)(?:و)?(?:من )?(?:بينهم|منهم)(?:\s|$)")


def _among(v: SentenceView, q: Quantity) -> bool:
    """«بينهم ما يصل إلى ألف وخمسمئة»: a bare number counting part of the troops just counted."""
    qt = v.token_at(q.start)
    return bool(AMONG.search(" ".join(t.text for t in v.tokens[max(0, qt - 5) : qt])))


#: «آخرون», «آخرين»: more of the same, after a bare number
OTHERS = re.compile(r"^(?:ال)?(?:اخرون|اخرين)$")


def _others(v: SentenceView, q: Quantity) -> bool:
    """«يتمركز 1576 عسكريا بشكل دائم، بينما يقوم 1159 آخرون بمهمات قصيرة»: a bare number followed by «آخرون»
    counts more of the troops counted before it."""
    qe = v.token_at(max(q.start, q.end - 1))
    return qe + 1 < len(v.tokens) and bool(OTHERS.match(v.tokens[qe + 1].text))


def _this_number(v: SentenceView, q: Quantity, counted: list[Quantity]) -> bool:
    """«… 2000 عسكري، وسيرفع هذا العدد إلى تسعة آلاف»: a bare number after «العدد» that refers back to a count
    earlier in the sentence."""
    qt = v.token_at(q.start)
    first = min(v.token_at(c.start) for c in counted)
    return first < qt and any(COUNT_WORD.match(t.text) and t.text.lstrip("وبل").startswith("ال")
                              for t in v.tokens[max(first + 1, qt - 6) : qt])


def _accusative_nisba(ctx: ArticleContext, v: SentenceView, k: int) -> str | None:
    """«130 عسكريا فرنسيا», «454 أميركيا»: the country of an accusative nationality adjective right after a count
    (the gazetteer generates no «ـيًا» forms: «روسيا», «تركيا» are countries)."""
    if k >= len(v.tokens) or not v.tokens[k].text.endswith("يا"):
        return None
    return adjective_country(ctx, v.tokens[k].text[:-1])


def _national_item(ctx: ArticleContext, v: SentenceView, q: Quantity, counted: list[Quantity]) -> bool:
    """«500 جندي فرنسي و300 ألماني», «402 جندي روسي، 355 مولدوفيا»: a bare number after a count of its sentence,
    followed by a nationality adjective, counts that nation's troops (the noun left out)."""
    if q.unit is not None:
        return False
    qt, qe = _span(v, q)
    if qe + 1 >= len(v.tokens) or not (adjective_country(ctx, v.tokens[qe + 1].text) or _accusative_nisba(ctx, v, qe + 1)):
        return False
    return any(v.token_at(o.start) < qt for o in counted if o is not q)


#: «من أصل», «من بين», «من إجمالي», «من مجموع»: a part and the total it is of
PARTITIVE = (["من", "اصل"], ["من", "بين"], ["من", "اجمالي"], ["من", "مجموع"])


def _partitive_of(ctx: ArticleContext, v: SentenceView, q: Quantity, counted: list[Quantity]) -> bool:
    """«90 من أصل 120 جنديا», «ألف من بين 2500 جندي», «454 أميركيا من بين 1156 عسكريا»: a bare number (or one
    of a nationality) that is part of a counted figure; «حوالى 500 جندي … من إجمالي 7000»: a bare number (or
    one of people) that is the total a counted figure is part of."""
    qt, qe = _span(v, q)
    k = qe + 1
    if k < len(v.tokens) and (adjective_country(ctx, v.tokens[k].text) or _accusative_nisba(ctx, v, k)):
        k += 1  # «454 أميركيا من بين …»
    if q.unit is None and [t.text for t in v.tokens[k : k + 2]] in PARTITIVE and any(
            v.token_at(o.start) == k + 2 for o in counted if o is not q):
        return True
    return q.unit in (None, "people") and [t.text for t in v.tokens[max(0, qt - 2) : qt]] in PARTITIVE and any(
        v.token_at(max(o.start, o.end - 1)) < qt - 2 for o in counted if o is not q)


def _elliptical(v: SentenceView, q: Quantity) -> bool:
    """A bare number that counts the same troops as the sentence's other count, the noun left out
    («عدد الجنود … سيصبح أقل من 2000 جندي بعد أن كان يقارب 2500»). Not a year, a unit number or a casualty."""
    if q.unit is not None:
        return False
    values = [x for x in (q.value, q.min, q.max) if x is not None]
    if not values or min(values) < 10:
        return False
    qt = v.token_at(q.start)
    if q.qualifier == "exact" and all(1900 <= x <= 2100 and float(x).is_integer() for x in values) and not (
            qt > 0 and is_amount_word(v.tokens[qt - 1].text)):
        return False  # a year, not a count (but «خفضت عدد القوات بمقدار 2000» counts)
    return not _not_a_count(v, q)


def _locative(ctx: ArticleContext, v: SentenceView, m: Mention) -> bool:
    """A country (or its capital) named as a place (``في العراق وسوريا``, ``في نيامي``), not as the force."""
    if actor_type(ctx, m) != "Country":
        return False
    k = v.token_at(m.start)
    j = k - 1
    while j >= 0 and v.tokens[j].text in ('"', "(", "'"):  # «في “نيامي”»: the quote is no word
        j -= 1
    prev = v.tokens[j].text if j >= 0 else ""
    first = v.tokens[k].text
    if prev in ("في", "من", "الي", "داخل", "عبر", "عن") or first.startswith(("ب", "في")) or _inside(v, k):
        return True  # «على أرض جيبوتي», «في شمال العراق» too
    if first.startswith("و") and k >= 2:
        # «إلى أربيل والكويت»: a country joined to a place after a preposition is a place too
        return any(_locative(ctx, v, o) or _after_preposition(v, o) for o in v.mentions
                   if o is not m and v.token_at(o.end - 1) == k - 1)
    return False


def _after_preposition(v: SentenceView, m: Mention) -> bool:
    """A mention right after «في/من/إلى/داخل/عبر/نحو» (a place, whatever its type)."""
    k = v.token_at(m.start)
    return k > 0 and v.tokens[k - 1].text in ("في", "من", "الي", "داخل", "عبر", "نحو")


#: words after which a place is where *some* of the counted troops are («يتمركز معظمهم في أربيل»), not the count's
SUBSET = re.compile(r"^(?:و)?(?:معظم|اغلب|غالبيه|بعض|جزء|قسم|نصف)(?:هم|ها)?$|^(?:و)?(?:منهم|بينهم)$")
#: a change of a number («خفض/رفع عدد القوات من 2000 إلى 1400», «انخفض … من … إلى …»)
CHANGE = re.compile(r"^(?:و|ف|ل|ب)?(?:ال)?(?:خفض|تخفيض|تقليص|تقليل|رفع|زياده|سحب|ينخفض|تنخفض|انخفض|انخفضت|يرتفع|"
                    r"ترتفع|ارتفع|ارتفعت|يقلص|تقلص|قلصت|قلص|سيخفض|ستخفض|سيقلص|ستقلص|سيرفع|سترفع|يرفع|ترفع|خفضت|رفعت|"
                    r"ستنخفض|سينخفض|تراجع|يتراجع|يزيد|تزيد|سيزيد|ستزيد|زاد|زادت)$")
#: relative pronouns: a clause that describes the noun before it
RELATIVE = re.compile(r"^(?:و)?(?:الذي|التي|الذين|اللذين|اللتين|اللذان|اللتان|اللواتي|اللاتي)$")
VAGUE_PLURALS = frozenset({"مئات", "الاف", "عشرات", "ملايين"})


def _troop_nationalities(ctx: ArticleContext) -> set[str]:
    """Countries whose troops the article counts or names («الجنود الأمريكيين», «للأفراد الأمريكيين», a national
    armed force of the seeds): the forces' own countries, no theatre of their counts."""
    out: set[str] = set()
    for v in ctx.views:
        for t in v.tokens[1:]:
            noun = v.tokens[t.i - 1].text
            if TROOP_NOUN.match(noun.removeprefix("لل").removeprefix("و")) or UNIT_WORD.match(noun.lstrip("وال")):
                key = adjective_country(ctx, t.text)
                if key:
                    out.add(key)
        for m in v.mentions:
            e = ctx.entities.get(m.entity) if m.entity else None
            if e is not None and e.type == "ArmedForce" and e.source != "extracted":
                out.update(e.located_in)
    # a country also named where troops are («في الصومال») is a host, whatever its own forces do
    return out - {m.entity for v in ctx.views for m in v.mentions if m.entity and _inside(v, v.token_at(m.start))}


def theatre_country(ctx: ArticleContext, foreign: frozenset[str] | set[str] = frozenset()) -> str | None:
    """The country the article is about: the country named most often as a place (after في/من/إلى/بـ, or in
    the headline), for counts whose sentence names none («سحب 3000 جندي» in a report on Somalia)."""
    score: dict[str, int] = {}
    for v in ctx.views:
        for m in v.mentions:
            if etype(ctx.entities, m) != "Country" or not m.entity or m.entity in foreign:
                continue
            k = v.token_at(m.start)
            prev = v.tokens[k - 1].text if k > 0 else ""
            first = v.tokens[k].text if k < len(v.tokens) else ""
            locative = prev in ("في", "من", "الي", "داخل", "عبر", "بـ") or first[:1] in ("ب", "ل")
            score[m.entity] = score.get(m.entity, 0) + (3 if v.index == 0 else 0) + (2 if locative else 1)
    if not score:
        return None
    best = max(score.items(), key=lambda kv: kv[1])
    # a country named once in passing is no theatre: the headline, or two mentions as a place, make one
    return best[0] if best[1] >= 3 else None


def theatre_region(ctx: ArticleContext) -> str | None:
    """The region the report is about («سيناء» in a report on the force there): a region named at least twice
    as where something is («في سيناء», «بسيناء»), more often so than any other region; for a count whose
    sentence names no place."""
    score: dict[str, int] = {}
    for v in ctx.views:
        for m in v.mentions:
            if m.entity and etype(ctx.entities, m) == "Region" and (_inside(v, v.token_at(m.start)) or _glued_b(v, m)):
                score[m.entity] = score.get(m.entity, 0) + 1
    ranked = sorted(score.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < 2 or len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        return None
    return ranked[0][0]


_DEFINITE_NUMBER = re.compile(r"^(?:و)?ال(\d{2,6})$")


def _definite_after_noun(v: SentenceView, counted: list[Quantity]) -> list[Quantity]:
    """«العسكريين الأميركيين الـ600»: a definite number right after the counted noun (and its adjective) counts
    them; the number alone («الأشهر الـ12») is no count, so the noun must be a troops word."""
    out: list[Quantity] = []
    taken = {q.start for q in counted}
    for t in v.tokens:
        m = _DEFINITE_NUMBER.match(t.text)
        if not m or t.start in taken:
            continue
        before = [x.text for x in v.tokens[max(0, t.i - 3) : t.i]]
        if UNIT_NUMBER.search(v.text_between(max(v.sentence.start, t.start - 20), t.start)):
            continue  # «150 عنصرا من اللواء الـ173»: a unit's number
        if any(TROOP_NOUN.match(w) or UNIT_WORD.match(w.lstrip("وال")) for w in before):
            out.append(Quantity(text=t.text, start=t.start, end=t.end, value=int(m.group(1)), min=None, max=None,
                                qualifier="exact", unit="troops"))
    return out


def _vague(q: Quantity) -> bool:
    """«مئات الجنود», «آلاف العسكريين», «المئات من أفراد القوة»: a plural with no number counts nothing a reader
    can use."""
    words = q.text.split()
    first = norm(words[0]).lstrip("وف") if words else ""
    if first[:1] in ("ل", "ب") and (first[1:] in VAGUE_PLURALS or first[1:3] == "ال" and first[3:] in VAGUE_PLURALS):
        first = first[1:]  # «لآلاف الجنود», «بمئات العسكريين»
    return q.qualifier == "more_than" and (first in VAGUE_PLURALS or first.startswith("ال") and first[2:] in VAGUE_PLURALS)


#: the word between the two figures of «من P إلى Q»
_TO_WORD = re.compile(r"\s(?:[اأإآ]ل[يى]|حت[يى])\s+")


def _split_change(v: SentenceView, q: Quantity) -> list[tuple[Quantity, str]]:
    """A range «من 2000 إلى 1400 جندي», «من أربعة آلاف إلى ستة آلاف جندي» after a change word in its clause
    («خفض», «يزيد عدد القوات …») is two figures, before and after."""
    if q.qualifier != "range" or q.min is None or q.max is None or not norm(q.text).startswith("من "):
        return [(q, "")]
    qt = v.token_at(q.start)
    lo = v.clause_bounds(qt)[0]
    if not any(CHANGE.match(t.text) for t in v.tokens[max(lo, qt - 14) : qt]):
        return [(q, "")]
    text = q.text
    to = _TO_WORD.search(text)
    if to is None:
        return [(q, "")]
    first = re.match(r"\s*\S+\s+", text)  # «من»
    a = first.end() if first else 0
    before = Quantity(text[a : to.start()], q.start + a, q.start + to.start(), q.min, None, None, "exact", q.unit)
    after = Quantity(text[to.end() :], q.start + to.end(), q.end, q.max, None, None, "exact", q.unit)
    return [(before, "before"), (after, "after")]


#: «على أراضي X», «بأرض X»: the land of a place or state
LAND = re.compile(r"^(?:و)?(?:ب|ل)?(?:ال)?(?:ارض|اراضي|اراض)$")


#: «في شمال X», «في أجزاء من X»: a part of a place, where what is there is in the place
PART = re.compile(r"^(?:و)?(?:ب)?(?:ال)?(?:اجزاء|انحاء|مناطق|شمال|جنوب|شرق|غرب|وسط|شمالي|جنوبي|شرقي|غربي)$")


def _inside(v: SentenceView, k: int) -> bool:
    """The mention at token ``k`` is where something is: after «في/داخل», the land of it («على أراضي X», «في
    أرض X», «بأرض X») or a part of it («في شمال X», «في أجزاء من X», «بشرق X»)."""
    prev = v.tokens[k - 1].text if k > 0 else ""
    if prev in ("في", "داخل"):
        return True
    if prev == "من" and k >= 2 and PART.match(v.tokens[k - 2].text):
        k, prev = k - 1, v.tokens[k - 2].text
    if PART.match(prev):
        return prev.lstrip("و").startswith("ب") or k >= 2 and v.tokens[k - 2].text in ("في", "داخل")
    if not LAND.match(prev):
        return False
    return prev.lstrip("و").startswith("ب") or k >= 2 and v.tokens[k - 2].text in ("في", "علي", "داخل", "فوق")


def _glued_b(v: SentenceView, m: Mention) -> bool:
    """«ويتواجد بقاعدة الظفرة 750 عسكريا»: a mention whose word carries the preposition ب (the recognizer left
    it out of the name) is where something is, as after «في»."""
    t = v.tokens[v.token_at(m.start)]
    return t.start < m.start and t.text.lstrip("و").startswith("ب")


def _places(ctx: ArticleContext, v: SentenceView, qt: int, qe: int, hi: int, withdrawn: bool = False,
            deployed: bool = False) -> tuple[str | None, str | None, tuple[str, ...]]:
    """(country, specific place, more countries) named after the count: «في العراق», «في العراق وسوريا»,
    «في قاعدة X»; a place after «معظمهم/بعضهم» is where some of them are, not the count's place."""
    country = place = None
    more: list[str] = []
    for m in sorted(v.mentions, key=lambda m: m.start):
        mt = v.token_at(m.start)
        et = etype(ctx.entities, m)
        if et is None or not m.entity or mt <= qe:
            continue
        prev = v.tokens[mt - 1].text if mt > 0 else ""
        first = v.tokens[mt].text
        gap = [t.text for t in v.tokens[qe + 1 : mt]]
        if any(SUBSET.match(w) for w in gap):
            break
        # «… جندي أميركي بقاعدة العديد», «بقواعد بالشرق الأوسط»: a place glued to ب, right after the count and
        # its adjective or head noun
        near = mt <= qe + 4 and (_inside(v, mt) or first.startswith("ب") and mt <= qe + 3
                                 and all(x.startswith("ب") or x in gap[:1] for x in gap[1:]))
        # «… 200 فرد عن طريق الرحلات التي ألغتها السلطات في باماكو»: a place in a relative clause of another
        # noun (not one right after the count: «2000 جندي الذين يتمركزون في …») is that noun's
        far = mt < min(len(v.tokens), hi + 6) and _inside(v, mt) and not any(
            RELATIVE.match(w) for w in gap[3:])
        # «انسحاب ألفي جندي روسي … من منطقة ناغورنو كاراباخ»: troops that leave are counted where they leave;
        # «سترسل موسكو 2000 جندي إلى ناغورنو كاراباخ»: troops sent, where they go
        left = withdrawn and prev == "من" and mt <= qe + 9
        sent = deployed and ctx.lex.has(prev, "role.to") and mt <= qe + 9
        near, far = near or left or sent, far or left or sent
        if et in COUNTRY_TYPES and (near or far and country is None):
            if country is None:
                country = m.entity
                # «في العراق وسوريا»: the next country joined by و covers the same count
                for o in v.mentions:
                    ot = v.token_at(o.start)
                    if ot == v.token_at(m.end - 1) + 1 and v.tokens[ot].text.startswith("و") and \
                            etype(ctx.entities, o) in COUNTRY_TYPES and o.entity and o.entity != country:
                        more.append(o.entity)
        elif et in PLACE_TYPES and place is None and (near or far):
            place = m.entity
    return country, place, tuple(more)


def _host(ctx: ArticleContext, v: SentenceView, qt: int) -> Mention | None:
    """The place a host verb before the count names («تستضيف جيبوتي …», «جيبوتي تستضيف …»): the mention right
    after or right before the verb; a count «بينهم …» after a comma is a part of what the clause before counts,
    hosted where that is («كانت القاعدة تأوي 100 ألف شخص، بينهم 42 ألف عسكري»)."""
    lo = v.clause_bounds(qt)[0]
    if lo >= 2 and v.tokens[lo - 1].text in ("،", ",") and AMONG.match(v.tokens[lo].text):
        lo = v.clause_bounds(lo - 2)[0]
    for t in v.tokens[lo:qt]:
        readings = ctx.lex.find(t.text, "host")
        if not readings or any(r.noun for r in readings):
            continue
        # «… مع تركيا وتضم …»: a verb joined by و shares the subject of the verb before it; the name that ends
        # the clause before is no subject
        joined = all(r.clitics[:1] in ("و", "ف") for r in readings)
        found = [m for m in v.mentions if m.entity and etype(ctx.entities, m) in PLACE_TYPES | COUNTRY_TYPES and (
            # the subject right after the verb, or right before it in its own clause («… وإيران، ويستضيف 2500
            # جندي»: the last word of the clause before is no subject)
            t.i < v.token_at(m.start) <= t.i + 2 or not joined and lo <= v.token_at(m.start)
            and t.i - 2 <= v.token_at(m.end - 1) < t.i
            # «قاعدة الشيخ عيسى جنوب المنامة تضم …»: a facility that opens the clause is the host, not the town
            # that locates it
            or etype(ctx.entities, m) in FACILITY_TYPES and lo <= v.token_at(m.start) and
            t.i - 6 <= v.token_at(m.end - 1) < t.i
            # «وتضم القاعدة الروسية في مطار القامشلي أكثر من 100 عسكري»: the facility subject after the verb
            or etype(ctx.entities, m) in FACILITY_TYPES and t.i < v.token_at(m.start) <= t.i + 5
            and v.token_at(m.end - 1) < qt)]
        if found:
            return min(found, key=lambda m: (etype(ctx.entities, m) not in FACILITY_TYPES, m.start > v.tokens[t.i].start,
                                             abs(v.token_at(m.start) - t.i)))
        named = _apposed_facility(ctx, v, lo, t.i)
        if named is not None:
            return named
    return None


_QUOTES = frozenset('"\'“”″«»()')


def _apposed_facility(ctx: ArticleContext, v: SentenceView, lo: int, verb: int) -> Mention | None:
    """«… على “البرج 22”، قاعدة عسكرية تضم نحو 350 عسكريا»: a clause that opens with an indefinite facility
    noun, the subject of the host verb, describes the facility named right before the comma."""
    if lo < 2 or v.tokens[lo - 1].text not in ("،", ","):
        return None
    head = ctx.lex.head(v.tokens[lo].text)
    if head is None or head[1].kind != "facility" or "ال" in head[0] or head[2] or verb - lo > 3:
        return None
    k = lo - 2
    while k > 0 and v.tokens[k].text in _QUOTES:
        k -= 1
    return next((m for m in v.mentions if m.entity and etype(ctx.entities, m) in FACILITY_TYPES
                 and v.token_at(m.end - 1) == k), None)


#: «بلاده», «بلادها»: his/her/their country
HIS_COUNTRY = re.compile(r"^(?:و)?(?:ب|ل)?(?:بلاد|اراضي|ارض)(?:ه|ها|هم)$")


def _his_country(ctx: ArticleContext, v: SentenceView, qt: int, force: str | None) -> str | None:
    """«كشف الرئيس البولندي أن عدد القوات الأمريكية التي تم نشرها في بلاده … بلغ عشرة آلاف جندي»: «his country»
    before the count is the country of the official the sentence names by his nationality adjective, not the
    force's."""
    own = _force_country(ctx, force)
    for t in v.tokens[:qt]:
        if not HIS_COUNTRY.match(t.text):
            continue
        prev = v.tokens[t.i - 1].text if t.i > 0 else ""
        if not (prev in ("في", "داخل", "علي") or t.text.lstrip("و").startswith(("ببلاد", "بارض", "باراضي"))):
            continue
        # the official's adjective («الرئيس البولندي»: singular, after a definite noun), not a country named as
        # an actor («الولايات المتحدة») nor the troops' own («الجنود الأمريكيين»)
        before = [k for x in v.tokens[1 : t.i] if not x.text.endswith(("ين", "ون"))
                  and v.tokens[x.i - 1].text.startswith("ال")
                  and (k := adjective_country(ctx, x.text)) and k not in (force, own)]
        return before[-1] if before else None
    return None


#: «، والبالغ قوامها», «، وقوامها», «، البالغ عددهم»: a clause that gives the strength of the noun before the comma
STRENGTH = re.compile(r"^(?:و)?(?:البالغ|البالغه|البالغين|قوام|قوامها|قوامه|قوامهم|عددها|عددهم|تعدادها|تعدادهم)$")


def _described_place(ctx: ArticleContext, v: SentenceView, qt: int) -> Mention | None:
    """«القوات الأميركية المرابطة في شبه الجزيرة الكورية، والبالغ قوامها 23500 جندي»: a count in a clause that
    opens with the strength of the troops named before the comma is where those troops are (a place after
    «في» in that clause)."""
    lo = v.clause_bounds(qt)[0]
    if lo < 2 or v.tokens[lo - 1].text not in ("،", ","):
        return None
    # «… وجودها العسكري في قاعدة “روتا”، من خلال نشر … و600 من مشاة البحرية»: the means of the clause before
    means = [t.text for t in v.tokens[lo : lo + 2]] in (["من", "خلال"], ["عن", "طريق"]) and qt - lo <= 6
    if not (means or STRENGTH.match(v.tokens[lo].text) and qt - lo <= 3):
        return None
    plo = v.clause_bounds(lo - 2)[0]

    def located(m: Mention) -> bool:  # «في شبه الجزيرة»; «في قاعدة “روتا”»: over the quote and the head noun
        k = v.token_at(m.start)
        while k > 0 and v.tokens[k - 1].text in _QUOTES:
            k -= 1
        if k > 1 and ctx.lex.head(v.tokens[k - 1].text) is not None and v.tokens[k - 2].text in ("في", "داخل"):
            return True
        return _inside(v, k) or _glued_b(v, m)

    found = [m for m in v.mentions if m.entity and plo <= v.token_at(m.start) and v.token_at(m.end - 1) < lo - 1
             and etype(ctx.entities, m) in PLACE_TYPES | COUNTRY_TYPES and located(m)]
    return found[-1] if found else None


def _where(ctx: ArticleContext, v: SentenceView, qt: int) -> Mention | None:
    """«قاعدة ماناس حيث يتمركز 1200 جندي», «… في البحرين، حيث يقيم 3000 عسكري»: a count in a «حيث» clause is at
    the place named right before «حيث»."""
    lo = v.clause_bounds(qt)[0]
    at = [t.i for t in v.tokens[max(0, lo - 1) : qt] if t.text in ("حيث", "وحيث")]
    if not at:
        return None
    k = at[-1] - 1
    if k >= 0 and v.tokens[k].text in ("،", ","):
        k -= 1
    return next((m for m in v.mentions if m.entity and v.token_at(m.end - 1) == k
                 and etype(ctx.entities, m) in PLACE_TYPES | COUNTRY_TYPES), None)


#: «تتمركز بها», «ينتشر فيها»: stationed in the place named just before
STATIONED_THERE = re.compile(r"^(?:و)?(?:يتمركز|تتمركز|يتواجد|تتواجد|ينتشر|تنتشر|يوجد|توجد|يرابط|ترابط|يقيم|تقيم)"
                             r"(?:ون)? (?:بها|فيها|به|فيه)$")
#: «في الإقليم», «بالمنطقة»: the region the article named before
REGION_ANAPHOR = re.compile(r"^(?:و)?(?:ب)?ال(?:اقليم|منطقه)$")


def _stationed_there(ctx: ArticleContext, v: SentenceView, qt: int) -> Mention | None:
    """«قاعدة للمشاة قرب دوشنبه تتمركز بها قوات قوامها سبعة آلاف جندي»: the place named right before «تتمركز
    بها» (within its clause) is where the counted troops are."""
    lo = v.clause_bounds(qt)[0]
    for t in v.tokens[lo:qt]:
        if t.i + 1 < len(v.tokens) and STATIONED_THERE.match(f"{t.text} {v.tokens[t.i + 1].text}"):
            before = [m for m in v.mentions if m.entity and v.token_at(m.end - 1) < t.i
                      and t.i - v.token_at(m.end - 1) <= 3 and etype(ctx.entities, m) in PLACE_TYPES | COUNTRY_TYPES]
            return before[-1] if before else None
    return None


def _anaphoric_region(ctx: ArticleContext, v: SentenceView, qe: int, hi: int) -> Mention | None:
    """«زيادة حجم قواتها في الإقليم من نحو ألف …»: «الإقليم/المنطقة» right around the count is the region the
    article named last with that head noun («إقليم ترانسنيستريا»), else the last region it named («بالشرق
    الأوسط … في عدة دول بالمنطقة»)."""
    lo = v.clause_bounds(qe)[0]
    words = [t for t in v.tokens[max(lo, qe - 8) : min(hi, qe + 6)] if REGION_ANAPHOR.match(t.text)]
    if not words:
        return None
    head = "اقليم" if "اقليم" in words[0].text else "منطقه"
    found: Mention | None = None
    region: Mention | None = None
    for w in ctx.views:
        if w.index > v.index:
            break
        for m in w.mentions:
            if w.index == v.index and m.start >= words[0].start:
                break
            if m.entity and etype(ctx.entities, m) in PLACE_TYPES and head in norm(m.text):
                found = m
            elif m.entity and etype(ctx.entities, m) == "Region":
                region = m
    return found or region


def _anaphoric_facility(ctx: ArticleContext, v: SentenceView, qt: int, qe: int, hi: int) -> Mention | None:
    """«يتمركز أكثر من 300 جندي داخل القاعدة»: a bare definite facility head where the count is («في/داخل
    القاعدة», «بالمعسكر») is the facility the article named last (in this sentence or the two before), with
    that head noun if one was so named."""
    lo = v.clause_bounds(qt)[0]
    word: tuple[int, str] | None = None
    for t in v.tokens[max(lo, qt - 8) : min(hi, qe + 5)]:
        found = ctx.lex.head(t.text)
        if found is None or found[1].kind != "facility" or found[1].plural or found[2]:
            continue
        clitics = found[0]
        prev = v.tokens[t.i - 1].text if t.i > 0 else ""
        if clitics == "ال" and prev in ("في", "داخل") or clitics in ("بال", "وبال"):
            word = (t.start, found[1].word)
            break
    if word is None:
        return None
    recent = [m for w in ctx.views if v.index - 2 <= w.index <= v.index for m in w.mentions
              if m.entity and m.start < word[0] and etype(ctx.entities, m) in FACILITY_TYPES]
    same = [m for m in recent if ctx.lex.head(norm(m.text).split()[0]) is not None
            and ctx.lex.head(norm(m.text).split()[0])[1].word == word[1]]  # type: ignore[index]
    return (same or recent)[-1] if recent else None


_BULLET = re.compile(r"^\s*(?:[-–—•*▪·]|\d{1,2}\s*[-–.)])\s*")


def _list_item(ctx: ArticleContext, v: SentenceView) -> bool:
    """The sentence is an item of a list: its line opens with a bullet or a number («- عدد الجنود: …», «1- قطر»)."""
    line_start = ctx.text.rfind("\n", 0, v.sentence.start) + 1
    if ctx.text[line_start : v.sentence.start].strip(" \t-–—•*▪·"):
        return False  # the sentence does not open its line
    return bool(_BULLET.match(ctx.text[line_start : v.sentence.start + 6]))


def _listed_under(ctx: ArticleContext, v: SentenceView, q: Quantity) -> tuple[str | None, str | None]:
    """(facility, country) a count in a list item («- عدد الجنود: نحو 10 آلاف») is counted in: the facility that
    opens an earlier item of the same list («- قاعدة العديد الجوية: …»), the country of the list's heading
    («1- قطر»). (None, None) for a count that is no labelled list item."""
    if not _list_item(ctx, v) or ":" not in ctx.text[v.sentence.start : q.start]:
        return None, None
    place = country = None
    for w in reversed([w for w in ctx.views if w.index < v.index]):
        if not _list_item(ctx, w):
            break
        opening = [m for m in w.mentions if m.entity and not ctx.text[w.sentence.start : m.start].strip(" -–—•*▪·.)0123456789")]
        if not opening:
            continue
        t = etype(ctx.entities, opening[0])
        if t in FACILITY_TYPES and place is None:
            place = opening[0].entity
        elif t == "Country":
            country = opening[0].entity
            break
    return place, country


#: «في عدة دول», «في دول المنطقة», «في عدد من البلدان»: a figure over several countries
SEVERAL = re.compile(r"^(?:ال)?(?:دول|بلدان)$")


def _spread(v: SentenceView, qe: int, hi: int) -> bool:
    """The count is spread over several countries («ينتشر 40 ألف جندي في عدة دول»): no one country is its place."""
    return any(SEVERAL.match(t.text) and "في" in [x.text for x in v.tokens[max(0, t.i - 4) : t.i]]
               for t in v.tokens[qe + 1 : min(hi, qe + 7)])


def _country_of(ctx: ArticleContext, key: str | None) -> str | None:
    """The country a place lies in (following located_in), or None."""
    seen: set[str] = set()
    while key and key not in seen:
        seen.add(key)
        e = ctx.entities.get(key)
        if e is None:
            return None
        if e.type == "Country":
            return e.key
        if key in ctx.capitals:
            return ctx.capitals[key]
        key = next(iter(e.located_in), None)
    return None


#: «بعد سقوط النظام في ديسمبر 2024»: a date after these dates the event they name, not what came before them
EVENT_AFTER = re.compile(r"^(?:و)?(?:بعد|عقب|قبل|منذ|اثر|إثر)$")


def _dates_another_event(v: SentenceView, q: Quantity, t: TimeValue) -> bool:
    """A time after the count with «بعد/عقب/قبل/منذ» between them («مع إبقاء 50 جنديا … بعد سقوط النظام في ديسمبر
    2024»): it dates the event that word names, not the figure."""
    if t.start < q.end:
        return False
    qe, tt = v.token_at(max(q.start, q.end - 1)), v.token_at(t.start)
    return any(EVENT_AFTER.match(x.text) for x in v.tokens[qe + 1 : tt])


def _plans(ctx: ArticleContext, v: SentenceView) -> bool:
    """A sentence with a future verb or a planned phrase (its dates are targets, not the report's time)."""
    return any(c.status == "planned" for c in cues(v, ctx.lex))


def _publication_as_of(ctx: ArticleContext, q: Quantity) -> TimeValue | None:
    """As-of the article's date for a current count the text does not date (basis ``publication``); for an
    undated article, as of the latest day the text itself names («أعلنت … الثلاثاء 31 أكتوبر 2023»), at
    year precision, since the report is at least that recent."""
    pub, period = ctx.published, ctx.published_period
    if isinstance(pub, date) and period is not None:
        return TimeValue(text="", start=q.start, end=q.start, value=date_at(pub, ctx.published_precision),
                         precision=ctx.published_precision, earliest=None, latest=period[1], basis="publication")
    days = [t.latest for v in ctx.views for t in v.times
            if t.basis == "absolute" and t.precision == "day" and t.latest is not None and t.modifier is None]
    if not days:  # no day named: the latest month or year of a sentence that plans nothing («… 2735 في 2002»)
        days = [t.latest for v in ctx.views if not _plans(ctx, v) for t in v.times
                if t.basis == "absolute" and t.precision in ("month", "year") and t.latest is not None
                and t.modifier is None]
    if not days:
        return None
    latest = max(days)
    return TimeValue(text="", start=q.start, end=q.start, value=str(latest.year), precision="year",
                     earliest=latest, latest=None, basis="publication")


#: type adjectives after a facility's name («قاعدة بعشيقة العسكرية»): no part of the name said alone
_TYPE_ADJECTIVES = frozenset({"العسكريه", "العسكري", "الجويه", "الجوي", "البحريه", "البحري", "الدولي", "الدوليه"})
_CLITICS = ("", "و", "ب", "وب", "ل", "ول", "ف")


def _bare_names(ctx: ArticleContext) -> dict[str, str]:
    """The names a place or facility the article named with its head noun goes by alone («قاعدة بعشيقة
    العسكرية», then «في بعشيقة»; «منطقة كاراباخ», then «في أجزاء كاراباخ»): name (match form) → key."""
    out: dict[str, str] = {}
    for v in ctx.views:
        for m in v.mentions:
            if not m.entity or etype(ctx.entities, m) not in PLACE_TYPES:
                continue
            words = norm(m.text).split()
            if len(words) < 2 or ctx.lex.head(words[0]) is None:
                continue
            name = words[1:]
            while name and name[-1] in _TYPE_ADJECTIVES:
                name.pop()
            if name and len(" ".join(name)) >= 4 and ctx.lex.head(name[0]) is None:
                out.setdefault(" ".join(name), m.entity)
    return out


def _named_again(ctx: ArticleContext, names: dict[str, str]) -> list[SentenceView]:
    """The sentence views with a mention added for each bare name of :func:`_bare_names` that no mention covers
    (for the troop rules only: the views the other rules read are left as they are)."""
    if not names:
        return ctx.views
    out: list[SentenceView] = []
    for v in ctx.views:
        added: list[Mention] = []
        for t in v.tokens:
            if any(m.start <= t.start < m.end for m in v.mentions):
                continue
            for name, key in names.items():
                words = name.split()
                cut = next((c for c in _CLITICS if t.text == c + words[0]), None)
                if cut is None or [x.text for x in v.tokens[t.i + 1 : t.i + len(words)]] != words[1:]:
                    continue
                end = v.tokens[t.i + len(words) - 1].end
                added.append(Mention(t.start + len(cut), end, ctx.text[t.start + len(cut) : end], "LOC",
                                     v.index, METHOD, VERSION, 0.5, entity=key))
                break
        out.append(replace(v, mentions=sorted([*v.mentions, *added], key=lambda m: m.start)) if added else v)
    return out


def extract(ctx: ArticleContext) -> list[Fact]:
    """Troop-count facts of one article."""
    facts: list[TroopCount] = []
    last_group: str | None = None
    last_force: str | None = None
    theatre = theatre_country(ctx, _troop_nationalities(ctx))
    region = theatre_region(ctx)
    for v in _named_again(ctx, _bare_names(ctx)):
        prev_force: str | None = None
        counted = [q for q in v.quantities if _is_troops(v, q)]
        # «عدد العسكريين الأمريكيين …»: the sentence is about a number of troops; the adjective of the counted
        # noun names the force of its counts, and a bare number after it is their count
        noun_tok: int | None = None
        noun_force = None
        for i, t in enumerate(v.tokens[:-1]):
            # «عدد الجنود», «العدد الإجمالي للجنود الأميركيين»
            follow = [x.text for x in v.tokens[i + 1 : i + 3]]
            noun_at = next((k for k, w in enumerate(follow) if TROOP_NOUN.match(w)
                            or w.startswith("لل") and TROOP_NOUN.match(w[2:])), None)
            if COUNT_NOUN.match(t.text) and noun_at is not None and (noun_at == 0 or follow[0].startswith("ال")):
                i += noun_at
                noun_tok = i
                noun_force = nisba_entity(ctx, v, i + 2, i + 3)
                break
        if counted or noun_tok is not None:
            counted = [q for q in v.quantities
                       if q in counted or _partitive_of(ctx, v, q, counted) or _national_item(ctx, v, q, counted) or (
                           counted and q.unit is None and _change_role(v, q, counted)) or (_elliptical(v, q) and (
                           (noun_tok is not None and (counted or v.token_at(q.start) > noun_tok))
                           or (counted and (_among(v, q) or _this_number(v, q, counted) or _others(v, q)))))]
        counted = [q for q in counted if not _vague(q)] + _definite_after_noun(v, counted)
        previous: TroopCount | None = None
        for q0 in counted:
            for q, role in _split_change(v, q0):
                fact = _count(ctx, v, q, role or _change_role(v, q, counted), theatre, noun_force,
                              prev_force, last_force, last_group, region)
                if previous is not None and fact.place is None and fact.country is None and q.unit is None:
                    # a bare number counting the same troops as the figure before it is where they are
                    fact = replace(fact, place=previous.place, country=previous.country, also_in=previous.also_in)
                previous = fact
                prev_force = fact.force
                last_force = fact.force or last_force
                facts.append(fact)
        for m in v.mentions:
            if etype(ctx.entities, m) == "ArmedGroup":
                last_group = m.entity
    return list(_merge_repeats(ctx, facts))


def _force_country(ctx: ArticleContext, key: str | None) -> str | None:
    """The country a force belongs to («القوات الأمريكية» → United States), the key itself for a country or
    a force of no known country."""
    e = ctx.entities.get(key) if key else None
    if e is None or e.type == "Country":
        return key
    return _country_of(ctx, next(iter(e.located_in), None)) or national(ctx, key)


def _year(t: TimeValue | None) -> str | None:
    return t.value[:4] if t is not None and t.value else None


def _same_figure(ctx: ArticleContext, a: TroopCount, b: TroopCount) -> bool:
    """Two counts of one report that tell the same figure: its number, places and year (when both have one),
    and the same force (a country and its armed forces are one) or one unnamed."""
    qa, qb = a.quantity, b.quantity
    if (qa.value, qa.min, qa.max) != (qb.value, qb.min, qb.max):
        return False
    if a.kind != b.kind and {a.kind, b.kind} != {"current", "projection"}:
        return False  # a cap and the figure under it are two facts
    if (a.place, a.country, a.also_in) != (b.place, b.country, b.also_in):
        return False
    ya, yb = _year(a.as_of), _year(b.as_of)
    if ya and yb and ya != yb:
        return False
    fa, fb = _force_country(ctx, a.force), _force_country(ctx, b.force)
    # the host's own army read as the force of one telling («سلمت البعثة قاعدة للجيش الصومالي … انسحاب ألفي
    # جندي») is no other force than the one the other telling names
    host = a.country or _country_of(ctx, a.place)
    return fa is None or fb is None or fa == fb or host is not None and host in (fa, fb)


def _merged(ctx: ArticleContext, a: TroopCount, b: TroopCount) -> TroopCount:
    """One count for a figure told twice: the first telling, with the qualifier the text hedges it by
    («نحو خمسين» over «خمسين»), a year the text gives, and a named force, from the other."""
    keep = a
    if a.quantity.qualifier == "exact" and b.quantity.qualifier != "exact":
        keep = replace(a, quantity=b.quantity, evidence=b.evidence)
    host = a.country or _country_of(ctx, a.place)
    if keep.force is None and b.force is not None or b.force is not None and host is not None and \
            _force_country(ctx, keep.force) == host and _force_country(ctx, b.force) != host:
        keep = replace(keep, force=b.force)  # a named force, and a foreign one over the host's own army
    if b.as_of is not None and b.as_of.text and not (keep.as_of is not None and keep.as_of.text):
        keep = replace(keep, as_of=b.as_of)
    return keep


def _merge_repeats(ctx: ArticleContext, facts: list[TroopCount]) -> list[TroopCount]:
    """The same figure told twice in one report (headline and body, a summary and its paragraph) is one count."""
    out: list[TroopCount] = []
    for f in facts:
        k = next((i for i, o in enumerate(out) if _same_figure(ctx, o, f)), None)
        if k is None:
            out.append(f)
        else:
            out[k] = _merged(ctx, out[k], f)
    return out


def _change_role(v: SentenceView, q: Quantity, counted: list[Quantity]) -> str:
    """``before``/``after`` for the figures of «من X إلى Y» (a change), else ""."""
    qt = v.token_at(q.start)
    qe = v.token_at(max(q.start, q.end - 1))
    prev = v.tokens[qt - 1].text if qt > 0 else ""
    nxt = v.tokens[qe + 1].text if qe + 1 < len(v.tokens) else ""
    others = [o for o in counted if o is not q]
    if prev == "من" and nxt in ("الي", "حتي") and any(v.token_at(o.start) in (qe + 2, qe + 3) for o in others):
        return "before"
    if prev in ("الي", "حتي") and any(v.token_at(max(o.start, o.end - 1)) in (qt - 2, qt - 3) and
                                      v.tokens[v.token_at(o.start) - 1].text == "من" for o in others):
        return "after"
    if prev == "من" and nxt in ("الي", "حتي"):
        return "before" if any(CHANGE.match(t.text) for t in v.tokens[max(0, qt - 8) : qt]) else ""
    if prev in ("الي", "حتي") and qt >= 3 and any(v.tokens[k].text == "من" for k in range(max(0, qt - 5), qt)):
        return "after" if any(CHANGE.match(t.text) for t in v.tokens[max(0, qt - 12) : qt]) else ""
    return ""


def _qualified(ctx: ArticleContext, v: SentenceView, q: Quantity, qt: int, qe: int, lo: int, hi: int
               ) -> tuple[Quantity, bool]:
    """The count with a qualifier written away from it, and whether it is a cap: «500 جندي منها على الأقل» (at
    least: more_than), «لن يتجاوز عددهم 9 آلاف جندي», «ألا يزيد عدد أفرادها عن 300» (a negated exceed verb a
    few words before: a cap, less_than), «تتجاوز 1000 جندي», «يزيد عددهم عن 500» (an exceed verb not negated
    right before the figure or its «عن/على»: more_than)."""
    if q.qualifier != "exact":
        return q, False
    if ctx.lex.phrase("count.at_least").search(" ".join(t.text for t in v.tokens[qe + 1 : min(hi, qe + 5)])):
        return replace(q, qualifier="more_than", inclusive=True), False
    prev = v.tokens[qt - 1].text if qt > 0 else ""
    for t in v.tokens[max(lo, qt - 6) : qt]:
        if not ctx.lex.has(t.text, "count.exceed"):
            continue
        if t.i > 0 and ctx.lex.has(v.tokens[t.i - 1].text, "negation", "not_that"):
            # «ألا يزيد عدد أفراد القاعدة عن 300»: a cap
            return replace(q, qualifier="less_than", inclusive=True, max=q.value), True
        if prev in ("عن", "علي") or t.i == qt - 1 and ctx.lex.has(t.text, "count.exceed") and not any(
                r.id == "zada" for r in ctx.lex.readings(t.text)):
            # «عددها يتجاوز 1000 جندي», «يزيد عددهم عن 500»: more than the figure
            return replace(q, qualifier="more_than", inclusive=False, min=q.value), False
    return q, False


def _country_or_place(ctx: ArticleContext, m: Mention | None) -> tuple[str | None, str | None]:
    """(country, place) a mention locates a count in: a country is the count's country, anything else its place."""
    if m is None:
        return None, None
    if actor_type(ctx, m) == "Country":
        return actor(ctx, m.entity), None
    return None, m.entity



def _count(ctx: ArticleContext, v: SentenceView, q: Quantity, role: str, theatre: str | None,
           noun_force: str | None, prev_force: str | None, last_force: str | None,
           last_group: str | None, region: str | None = None) -> TroopCount:
    qt, qe = _span(v, q)
    lo, hi = v.clause_bounds(qt)
    force = nisba_entity(ctx, v, qe + 1, qe + 3) or _accusative_nisba(ctx, v, qe + 1) or nisba_entity(
        ctx, v, max(lo, qt - 4), qt)
    within = " من " in f" {norm(q.text)} "  # «15 ألفا من أفراد …»: the count took the partitive's noun in
    if force is None and qe + 1 < len(v.tokens) and (v.tokens[qe + 1].text == "من" or within):
        # partitive: «٣٠٠ عسكري من قوات التحالف», «4000 جندي من أتميس»
        k = qe + 1 if within else qe + 2  # «15 ألفا من أفراد قوات الأمم المتحدة»: troop nouns, then whose
        while k < min(len(v.tokens), qe + 4) and (TROOP_NOUN.match(v.tokens[k].text)
                                                   or UNIT_WORD.match(v.tokens[k].text.lstrip("وال"))):
            k += 1
        force = nisba_entity(ctx, v, qe + 2, qe + 4) or next(
            (m.entity for m in v.mentions if qe + 1 < v.token_at(m.start) <= max(qe + 3, k)
             and etype(ctx.entities, m) in (FORCE_TYPES - COUNTRY_TYPES) | {"Organization"}), None)
    if force is None:
        force = noun_force
    if force is None and last_force and DEMONSTRATIVE_FORCE.search(v.text_between(v.tokens[lo].start, q.start)):
        force = last_force  # «وكانت تلك القوات تضم نحو ثلاثة آلاف عسكري»
    lo_c = v.clause_bounds(qt)[0]
    # «انسحاب ألفي جندي من …», or the verb after its subject: «نحو تسعة آلاف من الجنود سينقلون من أوكيناوا»
    leaving = any(r.form in ("past", "present", "passive_past", "passive_present") and not r.pronoun
                  for t in v.tokens[qe + 1 : min(hi, qe + 7)] for r in ctx.lex.find(t.text, "withdraw"))
    withdrawn = leaving or any(ctx.lex.find(t.text, "withdraw") for t in v.tokens[max(lo_c, qt - 4) : qt])
    deployed = any(ctx.lex.find(t.text, "deploy") for t in v.tokens[max(lo_c, qt - 6) : qt])
    country, place, more = _places(ctx, v, qt, qe, hi, withdrawn, deployed)
    host = _host(ctx, v, qt)
    if host is not None and country is None and place is None:
        # «تستضيف جيبوتي … 2735 عسكريا»: the host of the troops is where they are
        country, place = _country_or_place(ctx, host)
    if host is None and country is None and place is None:
        country, place = _country_or_place(ctx, _where(ctx, v, qt))
    if place is None and not (leaving and country is not None):
        # «يصل عدد الجنود الذين يمكنهم التواجد في الدوحة … لـ 3000 جندي»: a place after «في» earlier in the clause
        # (not for troops that leave the place named after them: «أعلنت في طوكيو أن 3000 جندي سينقلون من …»)
        lo_c = v.clause_bounds(qt)[0]
        before = [m for m in v.mentions if m.entity and lo_c <= v.token_at(m.start) and v.token_at(m.end - 1) < qt
                  and etype(ctx.entities, m) in PLACE_TYPES and v.token_at(m.start) > 0
                  and (_inside(v, v.token_at(m.start)) or _glued_b(v, m))
                  and not any(SUBSET.match(x.text) for x in v.tokens[v.token_at(m.end - 1) + 1 : qt])]
        if before:
            place = before[-1].entity
            land = v.token_at(before[-1].start)
            if place in ctx.capitals and LAND.match(v.tokens[land - 1].text):
                place, country = None, country or actor(ctx, place)  # «أراضي مينسك»: the state's land
            elif country is None:
                country = _country_of(ctx, place)
    if country is None and place is None:
        country = _his_country(ctx, v, qt, force)
    if country is None and place is None:
        country, place = _country_or_place(ctx, _described_place(ctx, v, qt))
    if country is None and place is None:
        place, country = _listed_under(ctx, v, q)
    if country is None and place is None:
        country, place = _country_or_place(ctx, _stationed_there(ctx, v, qt) or _anaphoric_region(ctx, v, qe, hi)
                                           or _anaphoric_facility(ctx, v, qt, qe, hi))
    if force is None:
        befores = [m for m in v.mentions if v.token_at(m.start) < qt and actor_type(ctx, m) in FORCE_TYPES
                   and m.entity != country and not _locative(ctx, v, m) and m is not host]
        if befores:
            force = actor(ctx, befores[-1].entity)
    if force is None:
        # «قاعدة عسكرية فرنسية … تضم 2735 عسكريا»: the nationality of what holds them, earlier in the clause
        force = nisba_entity(ctx, v, lo, qt)
    if force is None:
        force = prev_force
    if force is None and re.search(r"(?:^|\s)(?:ال)?تنظيم(?:\s|$)", v.text_between(v.sentence.start, q.start)):
        force = last_group
    if country is None:
        befores = [m for m in v.mentions if lo_c <= v.token_at(m.start) < qt and etype(ctx.entities, m) in COUNTRY_TYPES
                   and m.entity != force]
        if befores and _inside(v, v.token_at(befores[-1].start)):
            country = befores[-1].entity
    if country is None and place is None and region is not None and not _spread(v, qe, hi):
        place = region  # «أصبح لديها 454 أميركيا» in a report on the force in Sinai: in Sinai
    if country is None:
        country = _country_of(ctx, place)
    if country is None and theatre and theatre != force and not _spread(v, qe, hi):
        country = theatre  # the country the report is about
    clause = " ".join(t.text for t in v.tokens[lo:hi])
    q, capped = _qualified(ctx, v, q, qt, qe, lo, hi)
    kind: CountKind = "current"
    if capped or ctx.lex.phrase("count.cap").search(clause) or any(
            ctx.lex.has(t.text, "count.cap") for t in v.tokens[lo:hi]):
        kind = "cap"
    elif role == "before":
        kind = "current"
    elif (any(is_future_token(t.text) for t in v.tokens[lo:qt]) or re.search(r"من المتوقع|من المقرر", clause)
          or default_lexicon().phrase("planned.phrase").search(clause)
          # the noun or present of a reduction plan («خفض عدد القوات», «يرفع عدد قواته»), not a past fall
          # («انخفض عدد الجنود»)
          or re.search(r"(?:^|\s)(?:[وف]?(?:[بل]|ال|بال|لل|س?[يت]))?(?:خفض|تخفيض|تقليص|زياده|رفع) (?:عدد )?(?:ال)?"
                       r"(?:قوات|جنود)", clause)
          or role == "after" and any(CHANGE.match(t.text) and not t.text.endswith(("ت", "ض", "ع"))
                                     for t in v.tokens[max(0, qt - 12) : qt])
          # «خفض العدد من نحو 2000 إلى أقل من 500 جندي حتى أيلول 2026»: the figure a change reaches by a date
          or role == "after" and any(t.modifier == "by" or re.match(r"^(?:حت[يى]|بحلول)\s", norm(t.text))
                                     or re.search(r"(?:حتي|بحلول)\s*$", v.text_between(q.end, t.start))
                                     for t in v.times if q.end <= t.start <= q.end + 40)):
        kind = "projection"
    as_of = None
    if kind == "projection":
        # «إلى أقل من 500 جندي حتى أيلول 2026»: a projected figure is as of its target
        targets = [t for t in v.times if t.start > q.start and t.start < v.tokens[hi - 1].end + 40 and t.value]
        as_of = targets[0] if targets else None
        if as_of is None:
            # no target: the plan as of when it was made («اتفاق … في نوفمبر 2020، سترسل موسكو بموجبه 2000
            # جندي»), else as of the report («سيستمر تمركز حوالي ألف جندي»)
            said = [t for t in v.times if t.value and t.start < q.start and t.modifier not in ("by", "within")]
            as_of = said[-1] if said else _publication_as_of(ctx, q)
    if kind in ("current", "cap"):
        cands = [t for t in v.times if t.modifier not in ("by",) and not _dates_another_event(v, q, t)]
        as_of = min(cands, key=lambda t: abs(t.start - q.start)) if cands else None
        # the figure before a change still to come («سترفع عدد قواتها من 500 إلى 4000») is the report's own
        if (as_of is None or as_of.value is None) and (role != "before" or _plans(ctx, v)):
            # «تضم اليوم 2735 عسكريا» in an undated report: «اليوم» cannot be resolved, the report's date stands
            as_of = _publication_as_of(ctx, q) or as_of
    conf = confidence.evidence_score(
        "troops", linked_object=bool(force), explicit_date=bool(as_of and as_of.text),
        penalties=[] if force else ["unlinked"]
    )
    s, e = v.tokens[lo].start, v.tokens[hi - 1].end
    ev = Evidence(v.index, s, e, ctx.quote(s, e), METHOD, VERSION, conf)
    return TroopCount(evidence=ev, quantity=q, force=force, country=country, place=place, as_of=as_of, kind=kind,
                      also_in=more)
