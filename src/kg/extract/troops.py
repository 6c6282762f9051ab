"""Troop counts: a quantity whose counted noun is a soldier/fighter/adviser word (جندي، جنود، عسكري،
مقاتل، عنصر، مستشار، فرد) and that is not about trainees, casualties, prisoners, money, distance, time,
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

from kg import entity_types
from kg.extract import confidence
from kg.extract.actors import FACILITY_TYPES, etype, nisba_entity
from kg.extract.context import ArticleContext, SentenceView
from kg.extract.lexicon import default_lexicon, is_future_token
from kg.model import CountKind, Evidence, Fact, Mention, Quantity, TroopCount

METHOD, VERSION = "kg.rules.troops", "1"

TROOP_UNITS = {"troops", "soldiers", "soldier", "fighters", "fighter", "advisers", "adviser", "advisors", "personnel",
               "members", "military personnel", "servicemembers", "forces"}
UNIT_WORD = re.compile(r"^(?:جندي|جنود|جنديا|عسكري|عسكريا|عسكريين|مقاتل|مقاتلا|مقاتلين|عنصر|عنصرا|عناصر|مستشار|مستشارا|"
                       r"مستشارين|فرد|فردا|افراد|من (?:ال)?جنود|من (?:ال)?قوات)$")
NOT_TROOPS_UNITS = {"trainees", "casualties", "killed", "wounded", "dead", "km", "kilometres", "dollars", "usd", "years",
                    "months", "days", "prisoners", "detainees"}
EXCLUDE_BEFORE = re.compile(r"(?:مقتل|قتل|قتلي|اصابه|اصيب|جرح|جرحي|اسر|اعتقال|تدريب|تخريج|متدرب|ضحايا|خسائر|القبض)")
EXCLUDE_AFTER = re.compile(r"^(?:متدرب\w*|قتيل\w*|جريح\w*|اسير\w*|معتقل\w*|دولار\w*|كيلومتر\w*|كم|عام\w*|سن\w*|شهر\w*|يوم\w*)$")
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
    return bool(EXCLUDE_BEFORE.search(" ".join(t.text for t in v.tokens[max(0, qt - 3) : qt])))


def _is_troops(v: SentenceView, q: Quantity) -> bool:
    unit = (q.unit or "").lower()
    if unit in NOT_TROOPS_UNITS or _not_a_count(v, q):
        return False
    qt, qe = _span(v, q)
    words = [t.text for t in v.tokens[qt : qe + 2]]  # the quantity's words and the one after it
    return unit in TROOP_UNITS or any(UNIT_WORD.match(w) for w in words)


#: «عدد الجنود/القوات/المستشارين…»: a sentence about a number of troops, whose other bare numbers count them too
COUNT_WORD = re.compile(r"^(?:و|ب|ل)?(?:ال)?عدد$")
TROOP_NOUN = re.compile(r"^(?:ال)?(?:جنود|قوات|مستشارين|عسكريين|افراد|عناصر|مقاتلين)$")
#: «تلك القوات», «هذه القوات»: the force last counted
DEMONSTRATIVE_FORCE = re.compile(r"(?:^|\s)(?:و)?(?:تلك|هذه|هذة) (?:ال)?(?:قوات|القوات)(?:\s|$)")
AMONG = re.compile(r"(?:^|\s)(?:و)?(?:من )?(?:بينهم|منهم)(?:\s|$)")


def _among(v: SentenceView, q: Quantity) -> bool:
    """«بينهم ما يصل إلى ألف وخمسمئة»: a bare number counting part of the troops just counted."""
    qt = v.token_at(q.start)
    return bool(AMONG.search(" ".join(t.text for t in v.tokens[max(0, qt - 5) : qt])))


def _elliptical(v: SentenceView, q: Quantity) -> bool:
    """A bare number that counts the same troops as the sentence's other count, the noun left out
    («عدد الجنود … سيصبح أقل من 2000 جندي بعد أن كان يقارب 2500»). Not a year, a unit number or a casualty."""
    if q.unit is not None:
        return False
    values = [x for x in (q.value, q.min, q.max) if x is not None]
    if not values or min(values) < 10:
        return False
    if q.qualifier == "exact" and all(1900 <= x <= 2100 and float(x).is_integer() for x in values):
        return False  # a year, not a count
    return not _not_a_count(v, q)


def _locative(ctx: ArticleContext, v: SentenceView, m: Mention) -> bool:
    """A country named as a place (``في العراق وسوريا``), not as the force that has the troops."""
    if etype(ctx.entities, m) != "Country":
        return False
    k = v.token_at(m.start)
    prev = v.tokens[k - 1].text if k > 0 else ""
    first = v.tokens[k].text
    if prev in ("في", "من", "الي", "داخل", "عبر") or first.startswith(("ب", "في")):
        return True
    if first.startswith("و") and k >= 2:
        return any(_locative(ctx, v, o) for o in v.mentions if o is not m and v.token_at(o.end - 1) == k - 1)
    return False


def extract(ctx: ArticleContext) -> list[Fact]:
    """Troop-count facts of one article."""
    facts: list[Fact] = []
    last_group: str | None = None
    last_force: str | None = None
    for v in ctx.views:
        prev_force: str | None = None
        counted = [q for q in v.quantities if _is_troops(v, q)]
        # «عدد العسكريين الأمريكيين …»: the sentence is about a number of troops; the adjective of the counted
        # noun names the force of its counts, and a bare number after it is their count
        noun_tok: int | None = None
        noun_force = None
        for i, t in enumerate(v.tokens[:-1]):
            if COUNT_WORD.match(t.text) and TROOP_NOUN.match(v.tokens[i + 1].text):
                noun_tok = i
                noun_force = nisba_entity(v, ctx.entities, i + 2, i + 3)
                break
        if counted or noun_tok is not None:
            counted = [q for q in v.quantities
                       if q in counted or (_elliptical(v, q) and (
                           (noun_tok is not None and (counted or v.token_at(q.start) > noun_tok))
                           or (counted and _among(v, q))))]
        for q in counted:
            qt, qe = _span(v, q)
            lo, hi = v.clause_bounds(qt)
            force = nisba_entity(v, ctx.entities, qe + 1, qe + 3) or nisba_entity(v, ctx.entities, max(lo, qt - 4), qt)
            if force is None and qe + 1 < len(v.tokens) and v.tokens[qe + 1].text == "من":
                # partitive: «٣٠٠ عسكري من قوات التحالف», «بضع مئات من المستشارين الأمريكيين»
                force = nisba_entity(v, ctx.entities, qe + 2, qe + 4) or next(
                    (m.entity for m in v.mentions if qe + 1 < v.token_at(m.start) <= qe + 3
                     and etype(ctx.entities, m) in FORCE_TYPES - COUNTRY_TYPES), None)
            if force is None:
                force = noun_force
            if force is None and last_force and DEMONSTRATIVE_FORCE.search(
                    v.text_between(v.tokens[lo].start, q.start)):
                force = last_force  # «وكانت تلك القوات تضم نحو ثلاثة آلاف عسكري»
            country = place = None
            for m in v.mentions:
                mt = v.token_at(m.start)
                et = etype(ctx.entities, m)
                prev = v.tokens[mt - 1].text if mt > 0 else ""
                if qe < mt <= qe + 4 and prev in ("في", "ب") or (qe < mt <= qe + 4 and v.tokens[mt].text.startswith("ب")):
                    if et in COUNTRY_TYPES and country is None:
                        country = m.entity
                    elif et in PLACE_TYPES and place is None:
                        place = m.entity
                elif qe < mt < min(len(v.tokens), hi + 6) and et in PLACE_TYPES and place is None and prev == "في":
                    place = m.entity
            if force is None:
                befores = [m for m in v.mentions if v.token_at(m.start) < qt and etype(ctx.entities, m) in FORCE_TYPES
                           and m.entity != country and not _locative(ctx, v, m)]
                if befores:
                    force = befores[-1].entity
            if force is None:
                force = prev_force
            if force is None and re.search(r"(?:^|\s)(?:ال)?تنظيم(?:\s|$)", v.text_between(v.sentence.start, q.start)):
                force = last_group
            if country is None:
                befores = [m for m in v.mentions if v.token_at(m.start) < qt and etype(ctx.entities, m) in COUNTRY_TYPES
                           and m.entity != force]
                if befores and v.tokens[v.token_at(befores[-1].start) - 1].text == "في":
                    country = befores[-1].entity
            clause = " ".join(t.text for t in v.tokens[lo:hi])
            kind: CountKind = "current"
            if re.search(r"حد (?:ا)?قصي|لا يتجاوز|سقف|بحد اقصي", clause):
                kind = "cap"
            elif (any(is_future_token(t.text) for t in v.tokens[lo:qt]) or re.search(r"من المتوقع|من المقرر", clause)
                  or default_lexicon().phrase("planned.phrase").search(clause)
                  or re.search(r"(?:خفض|تخفيض|تقليص|زياده|رفع) (?:عدد )?(?:ال)?(?:قوات|جنود)", clause)):
                kind = "projection"
            as_of = None
            if kind == "current":
                cands = [t for t in v.times if t.modifier not in ("by",)]
                as_of = min(cands, key=lambda t: abs(t.start - q.start)) if cands else None
            prev_force = force
            last_force = force or last_force
            conf = confidence.evidence_score(
                "troops", linked_object=bool(force), explicit_date=bool(as_of), penalties=[] if force else ["unlinked"]
            )
            s, e = v.tokens[lo].start, v.tokens[hi - 1].end
            ev = Evidence(v.index, s, e, ctx.quote(s, e), METHOD, VERSION, conf)
            facts.append(TroopCount(evidence=ev, quantity=q, force=force, country=country, place=place, as_of=as_of,
                                    kind=kind))
        for m in v.mentions:
            if etype(ctx.entities, m) == "ArmedGroup":
                last_group = m.entity
    return facts
