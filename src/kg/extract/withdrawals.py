"""Withdrawals (انسحاب، سحب القوات، مغادرة، خروج، رحيل) and relocations (نقل القوات إلى، إعادة تموضع/انتشار،
انتقال … إلى <place>).

The force is the armed force / coalition / country named next to the trigger (``انسحاب قوات التحالف``,
``الانسحاب الأميركي``), the origin the place after ``من`` or a facility in the clause, the destination a
place after ``إلى/نحو`` (which makes it a relocation). A nominal trigger with no status cue (a headline
such as ``انسحاب القوات الأميركية من العراق``) yields nothing.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg import entity_types
from kg.extract import confidence
from kg.extract.actors import (
    FACILITY_TYPES,
    FacilityMemory,
    actor,
    actor_type,
    adjective_country,
    etype,
    mint,
    national,
    nisba_entity,
)
from kg.extract.context import CLAUSE_BREAKS, ArticleContext, SentenceView, linked, nearest_time, norm
from kg.extract.lexicon import negated_at, status_at
from kg.extract.troops import LAND, PART, theatre_country
from kg.model import Evidence, Fact, Mention, Status, TimeValue, Withdrawal

METHOD, VERSION = "kg.rules.withdrawal", "1"

TROOPS_WORD = re.compile(
    r"^(?:و|ف)?(?:ب|ل)?(?:ال|لل)?(?:قوات|القوات|جنود|الجنود|مستشار\w*|عناصر|معظم|بعثه|وحدات|القطعات|قطعات|الافراد)"
    r"(?:ها|ه|هم|نا)?$"
)
#: more nouns of military personnel («عسكريا فرنسيا», «الجيش», «مقاتلي», «مرتزقة»)
TROOPS_MORE = re.compile(r"^(?:و|ف)?(?:ب|ل)?(?:ال|لل)?(?:عسكري(?:ين|ون|ا)?|جيش|مقاتل\w*|مرتزق\w*|افراد|ضباط|جنود|جندي)$")
# a partitive between the verb and the troops ("نقل جزء من عناصرها", "نقل ما تبقى من مستشاري التحالف")
PARTITIVE = re.compile(r"^(?:جزء|بعض|معظم|اغلب|غالبيه|بقيه|عدد|ما)$")
FORCE_TYPES = entity_types.FORCE
PLACE_TYPES = entity_types.PLACE


def _force(ctx: ArticleContext, v: SentenceView, tok: int, lo: int, hi: int,
           places: tuple[str | None, ...] = ()) -> str | None:
    """The force that withdraws; never the place it leaves or goes to («غادر الجنود ليبيا»), nor a name after a
    preposition («المتواجدة في سوريا بالانسحاب»: a place), nor the adjective of an authority or a person
    («السلطات التشادية», «الرئيس الإيفواري»)."""
    forces = [m for m in v.mentions if m.entity not in places and (_forces_of(ctx, v, m) or (
              actor_type(ctx, m) in FORCE_TYPES and not _after_preposition(v, m, tok)
              and m.label != "NORP"  # an adjective is read after its noun
              and not _dateline(v, m)))]
    after = [m for m in forces if tok < v.token_at(m.start) <= tok + (6 if _forces_of(ctx, v, m) else 4)
             and v.token_at(m.start) < hi]
    before = [m for m in forces if lo <= v.token_at(m.start) < tok]
    # "الانسحاب الأميركي" / "القوات الأميركية": the adjective right after the trigger wins over a later noun
    nis = nisba_entity(ctx, v, tok + 1, tok + 3, seed_force=True)
    if nis:
        return nis
    # «انسحاب قوات الاحتلال الإسرائيلي»: the adjective closing the troops' phrase right after the trigger
    if tok + 1 < hi and _troops_noun(ctx, v.tokens[tok + 1].text):
        nis = _troops_nisba(ctx, v, tok + 1, min(hi, tok + 5), places)
        if nis:
            return nis
    for m in after:
        prev = v.tokens[v.token_at(m.start) - 1].text if v.token_at(m.start) > 0 else ""
        if prev not in ("من", "الي", "نحو"):
            return m.entity
    if before:
        # «أعلنت بوركينا فاسو أن جميع الجنود الفرنسيين … قد انسحبوا»: the troops named nearer the trigger
        near = _troops_nisba(ctx, v, v.token_at(before[-1].end - 1) + 1, tok, places)
        return near or before[-1].entity
    for m in v.mentions:  # "القوات الفرنسية" with no linked country: a minted armed force
        mt = v.token_at(m.start)
        if m.entity is None and m.label == "ORG" and tok < mt <= tok + 3 and re.match(r"^(?:ال)?قوات ", norm(m.text)):
            return mint(ctx.entities, m.text, "ArmedForce")
    coal = [m for m in forces if etype(ctx.entities, m) == "Coalition" or "تحالف" in norm(m.text)]
    if coal:
        return coal[0].entity
    if any(re.match(r"^(?:و|ل|لل)?(?:ال)?تحالف$", x.text) for x in v.tokens[tok + 1 : tok + 4]):
        # a bare "التحالف" (mission/advisers of the coalition): the coalition this article names
        known = [k for k, e in ctx.entities.items() if e.type == "Coalition"]
        if len(known) == 1:
            return known[0]
    return _troops_nisba(ctx, v, lo, hi, places)


def _troops_noun(ctx: ArticleContext, text: str) -> bool:
    """A noun of troops or of a force («القوات», «جنود», «عسكريا», «قوة», «بعثة»)."""
    if TROOPS_WORD.match(text) or TROOPS_MORE.match(text):
        return True
    found = ctx.lex.head(text)
    return found is not None and found[1].kind == "force"


def _troops_nisba(ctx: ArticleContext, v: SentenceView, lo: int, hi: int,
                  places: tuple[str | None, ...] = ()) -> str | None:
    """The country of the first nationality adjective in tokens [lo, hi) that closes a troops' phrase: right after
    a troops noun, or after one or two words of its construct («قوات حفظ السلام الروسية»); never an adjective of
    an authority, a person or a place («السلطات التشادية», «الرئيس الإيفواري», «الحدود اللبنانية»)."""
    for i in range(max(lo, 0), min(hi, len(v.tokens))):
        for back in (1, 2, 3):
            j = i - back
            if j < max(lo, 0) - 1 or j < 0:
                break
            if _troops_noun(ctx, v.tokens[j].text):
                if v.tokens[j].text.lstrip("و").startswith("ل"):
                    break  # «للجيش الصومالي», «لقوات الأمن»: the recipient's phrase names no force that leaves
                found = nisba_entity(ctx, v, i, i + 1, ambiguous=True, seed_force=True)
                if found is None and v.tokens[i].text.endswith("يا"):  # «130 عسكريا فرنسيا»
                    found = _adjective_key(ctx, v.tokens[i].text[:-1])
                if found and found not in places and not any(
                        m.entity and m.entity in places for m in v.mentions if m.start <= v.tokens[i].start < m.end):
                    return found
                break
            if back == 1 and adjective_country(ctx, v.tokens[j].text) or v.tokens[j].text in _PREPOSITIONS:
                break
    return None


def _forces_of(ctx: ArticleContext, v: SentenceView, m: Mention) -> bool:
    """An organization named as the owner of troops («قوات الأمم المتحدة», «قوات حلف الناتو», «بعثة حفظ السلام
    التابعة للأمم المتحدة»): it is the force."""
    if etype(ctx.entities, m) not in ("Organization", "InternationalOrganization"):
        return False
    mt = v.token_at(m.start)
    prev = v.tokens[mt - 1].text if mt > 0 else ""
    if _troops_noun(ctx, prev) and not prev.lstrip("و").startswith("ل") and m.start == v.tokens[mt].start:
        return True
    return bool(re.match(r"^(?:ال)?تابع(?:ه|ين|ون)?$", prev)) or (
        mt > 0 and v.tokens[mt].start < m.start and re.match(r"^(?:ال)?تابع", prev) is not None)


def _dateline(v: SentenceView, m: Mention) -> bool:
    """«(ليبرفيل) غادر …»: a name alone in brackets opening the sentence is where the report was filed."""
    mt, end = v.token_at(m.start), v.token_at(m.end - 1)
    return 0 < mt <= 1 and v.tokens[mt - 1].text in ("(", "[") and end + 1 < len(v.tokens) and v.tokens[
        end + 1].text in (")", "]")


def _adjective_key(ctx: ArticleContext, text: str) -> str | None:
    key = adjective_country(ctx, text)
    if key and key != "iraq" and key not in ctx.entities and key in ctx.known:
        ctx.entities[key] = ctx.known[key]
    return key if key in ctx.entities and key != "iraq" else None


_PREPOSITIONS = ("في", "من", "الي", "نحو", "داخل", "عن", "علي", "مع", "بين")


def _after_preposition(v: SentenceView, m: Mention, tok: int | None = None) -> bool:
    """The mention is the object of a preposition (a place or a party, not the subject): «في سوريا», «لمالي»."""
    mt = v.token_at(m.start)
    prev = v.tokens[mt - 1].text if mt > 0 else ""
    if prev == "من" and (TROOPS_WORD.match(v.tokens[mt].text) or mt >= 2 and (
            TROOPS_WORD.match(v.tokens[mt - 2].text) or TROOPS_MORE.match(v.tokens[mt - 2].text))):
        return False  # «ألف عسكري من قوات التحالف»: a part of the force, not a place
    first = norm(m.text).split()[0] if m.text.strip() else ""
    if tok is not None and (mt == tok + 1 or mt == tok + 2 and not v.tokens[tok + 1].text.startswith("و")) and \
            _clitic(v, m) == "ل" and TROOPS_WORD.match(first.removeprefix("ل")):
        return False  # «انسحابا كاملا للقوات الأمريكية»: the troops whose withdrawal it is
    return prev in _PREPOSITIONS or bool(_clitic(v, m))


def _place_after(ctx: ArticleContext, v: SentenceView, tok: int, hi: int, preps: tuple[str, ...],
                 sense: str = "") -> str | None:
    """The first place after token ``tok`` introduced by one of ``preps`` or a word of the lexicon ``sense``
    («إلى», «نحو», «باتجاه», «صوب» for role.to), or by a glued one («لأربيل»)."""

    def prep(word: str) -> bool:
        return word in preps or bool(sense) and ctx.lex.has(word, sense)

    for m in v.mentions:
        mt = v.token_at(m.start)
        if tok < mt < hi and etype(ctx.entities, m) in PLACE_TYPES:
            if _sent_there(ctx, v, tok, mt):
                continue
            prev = v.tokens[mt - 1].text if mt > 0 else ""
            if prep(prev) or _clitic(v, m) in preps:
                return m.entity
            # «من جنوب لبنان», «من شمال شرقي سوريا»: a part of the place is left from (or gone to) the place
            k = mt - 1
            while k > tok and k >= mt - 2 and PART.match(v.tokens[k].text):
                k -= 1
            if k < mt - 1 and prep(v.tokens[k].text):
                return m.entity
    return None


def _conjoined(ctx: ArticleContext, v: SentenceView, key: str | None, tok: int, hi: int) -> list[str]:
    """The places joined to the place ``key`` named after token ``tok`` («من مالي والنيجر وبوركينا فاسو», «إلى
    أربيل والكويت», «من X، Y وZ»): each is left (or reached) as the first is."""
    if key is None:
        return []
    ms = sorted((m for m in v.mentions if tok < v.token_at(m.start)), key=lambda m: m.start)
    first = next((m for m in ms if m.entity == key and etype(ctx.entities, m) in PLACE_TYPES
                  and v.token_at(m.start) < hi), None)
    if first is None:
        return []
    out: list[str] = []
    end = v.token_at(first.end - 1)
    while True:
        k = end + 1
        if k < len(v.tokens) and v.tokens[k].text in ("،", ","):
            k += 1
        if k < len(v.tokens) and v.tokens[k].text == "و":
            k += 1
        if k >= len(v.tokens):
            break
        t = v.tokens[k]
        nxt = next((m for m in ms if v.token_at(m.start) == k), None)
        if nxt is None or nxt.entity is None or etype(ctx.entities, nxt) not in PLACE_TYPES:
            break
        joined = k > end + 1 or t.text.startswith("و") and nxt.start > t.start
        if not joined:
            break
        if nxt.entity != key and nxt.entity not in out:
            out.append(nxt.entity)
        end = v.token_at(nxt.end - 1)
    return out


_RELATIVE = ("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي")


def _sent_there(ctx: ArticleContext, v: SentenceView, tok: int, mt: int) -> bool:
    """The place at token ``mt`` is in a relative clause of a deployment («انسحبت البعثة التي أرسلت إلى ليبيريا
    عام 2003»): where the troops were sent, not where they go."""
    rel = next((k for k in range(mt - 1, tok, -1) if v.tokens[k].text in _RELATIVE), None)
    return rel is not None and any(ctx.lex.has(x.text, "deploy") for x in v.tokens[rel + 1 : mt])


def _clitic(v: SentenceView, m: Mention) -> str:
    """The preposition glued to the word of mention ``m`` and left out of the name («لأربيل» → «ل»), else "":
    a name that begins with the same letter («لبنان», «ليبيا», «بغداد») carries none."""
    t = v.tokens[v.token_at(m.start)]
    if m.start <= t.start:
        return ""
    glued = v.norm[v.nidx(t.start) : v.nidx(m.start)].lstrip("وف")
    return glued[:1] if glued[:1] in ("ب", "ل", "ك") else ""


def _left_place(ctx: ArticleContext, v: SentenceView, tok: int, hi: int) -> str | None:
    """The place «غادر» takes as its direct object, after the subject if one stands between («غادر أكثر من ألفي
    عسكري من قوات التحالف إقليم كردستان»): the first place in the clause not introduced by a preposition."""
    for m in sorted(v.mentions, key=lambda m: m.start):
        mt = v.token_at(m.start)
        if not tok < mt < hi or etype(ctx.entities, m) not in PLACE_TYPES:
            continue
        prev = v.tokens[mt - 1].text if mt > 0 else ""
        first = v.tokens[mt].text
        if prev in ("الي", "نحو", "في", "من", "عن", "داخل", "قرب") or _clitic(v, m):
            continue
        if prev in ("منذ", "خلال") or first.startswith("و") and m.start > v.tokens[mt].start:
            continue
        return m.entity
    return None


def _bare_noun(ctx: ArticleContext, v: SentenceView, tok: int) -> bool:
    """The trigger is a definite verbal noun naming no troops («الانسحاب», «للانسحاب», «هذا الانسحاب»), not
    «انسحاب القوات»: it refers back to a withdrawal, it does not report one."""
    readings = ctx.lex.find(v.tokens[tok].text, "withdraw")
    if not readings or not all(r.noun for r in readings):
        return False
    definite = all(r.clitics.endswith("ال") for r in readings) or tok > 0 and v.tokens[tok - 1].text in (
        "هذا", "هذه", "ذلك", "تلك")
    return definite and not _troops_follow(v, tok)


def _site_noun(ctx: ArticleContext, text: str) -> bool:
    """A noun of where troops are, whose place is named after «في»: «مواقعه», «نقاط», «القاعدة», «قواعدها»,
    «وجودها» (a presence), «القرى»."""
    if ctx.lex.has(text, "position.noun", "presence.noun"):
        return True
    found = ctx.lex.head(text)
    return found is not None and found[1].kind in ("facility", "place")


def _place_of_site(ctx: ArticleContext, v: SentenceView, k: int, hi: int) -> str | None:
    """The place named after «في» a few words after the site noun at token ``k`` («مواقعه المتبقية في محور
    نتساريم», «القاعدة 201 في مدينة أغاديز», «وجودها العسكري في تشاد»)."""
    for j in range(k + 1, min(hi, k + 5)):
        w = v.tokens[j].text
        if w in CLAUSE_BREAKS or w in _PREPOSITIONS and w != "في":
            return None
        if w != "في":
            continue
        for m in v.mentions:
            mt = v.token_at(m.start)
            if mt == j + 1 and m.entity and etype(ctx.entities, m) in PLACE_TYPES:
                return m.entity
            if j + 1 < mt <= j + 3 and m.entity and etype(ctx.entities, m) in PLACE_TYPES and all(
                    PART.match(x.text) or ctx.lex.head(x.text) for x in v.tokens[j + 1 : mt]):
                return m.entity  # «في مدينة أغاديز», «في جنوب لبنان»
        return None
    return None


def _site_left(ctx: ArticleContext, v: SentenceView, tok: int, hi: int, leave: bool) -> str | None:
    """The place of the site left: «من مواقعه في X», and for «غادر»/«أنهى» the site as the object («غادروا
    القاعدة 101 في نيامي», «أنهت وجودها العسكري في تشاد»)."""
    for k in range(tok + 1, hi - 1):
        w = v.tokens[k].text
        if w in CLAUSE_BREAKS:
            return None
        if w == "من" and _site_noun(ctx, v.tokens[k + 1].text):
            return _place_of_site(ctx, v, k + 1, hi)
        if leave and k <= tok + 4 and _site_noun(ctx, w) and v.tokens[k - 1].text not in _PREPOSITIONS:
            return _place_of_site(ctx, v, k, hi)
    return None


def _the_country(v: SentenceView, tok: int, hi: int) -> bool:
    """«من البلاد», «من هذا البلد» after the trigger: the country is named by reference."""
    words = [x.text for x in v.tokens[tok + 1 : min(hi, tok + 8)]]
    return any(w == "من" and nxt in ("البلاد", "البلد", "هذا") and (nxt != "هذا" or k + 2 < len(words) and words[
        k + 2] == "البلد") for k, (w, nxt) in enumerate(zip(words, words[1:], strict=False)))


def _last_country(ctx: ArticleContext, v: SentenceView, tok: int, skip: set[str | None]) -> str | None:
    """The country last named before token ``tok`` of ``v`` (in it or an earlier sentence), not one of ``skip``."""
    last: str | None = None
    for view in ctx.views:
        if view.index > v.index:
            break
        for m in view.mentions:
            if view.index == v.index and v.token_at(m.start) >= tok:
                break
            key = actor(ctx, m.entity) if m.entity else None
            if key and key not in skip and key in ctx.entities and ctx.entities[key].type == "Country" and \
                    m.label != "NORP":
                last = key
    return last


def _reach(v: SentenceView, hi: int, far: int) -> int:
    """How far the places of a trigger whose clause ends at ``hi`` are read: past the comma of an aside
    («انسحب الجيش، فجر اليوم، بشكل كامل من …») up to token ``far``, but not into a clause joined by «و»
    («… لمغادرة أفريقيا، ورغم طردها من مالي»: another event)."""
    n = len(v.tokens)
    if hi + 1 < n and v.tokens[hi + 1].text.startswith("و"):
        return hi
    return min(n, max(hi, far))


def _land_left(ctx: ArticleContext, v: SentenceView, tok: int, hi: int) -> str | None:
    """«من الأراضي التشادية», «من الأراضي الأفغانية»: the land left, named by its nationality adjective."""
    for k in range(tok + 1, hi - 2):
        if v.tokens[k].text == "من" and LAND.match(v.tokens[k + 1].text):
            return _adjective_key(ctx, v.tokens[k + 2].text)
    return None


def _future_time(ctx: ArticleContext, v: SentenceView, start: int, end: int) -> bool:
    """The time nearest the trigger begins after the article's publication («غدا», «الشهر المقبل»)."""
    tv = nearest_time(v, start, end)
    period = ctx.published_period
    return bool(tv and tv.earliest and period and tv.earliest > period[1])


def _time(v: SentenceView, status: Status, start: int, end: int) -> TimeValue | None:
    if status == "planned":
        right = [t for t in v.times if t.start >= start]
        return right[0] if right else None
    return nearest_time(v, start, end)


def _kind(ctx: ArticleContext, v: SentenceView, tok: int) -> str | None:
    """``withdraw`` or ``move`` when token ``tok`` triggers a withdrawal or relocation, else None: انسحب، غادر،
    خرج، رحل always; سحب with the troops as its object; نقل/انتقل with troops; أنهى with a presence noun
    («أنهت فرنسا وجودها العسكري»); «إعادة تموضع/انتشار» (a redeployment)."""
    lex, text = ctx.lex, v.tokens[tok].text
    senses = {r.sense for r in lex.find(text, "withdraw")}
    if senses & {"withdraw", "withdraw.leave"}:
        return "withdraw"
    if lex.find(text, "handover.evacuate") and _troops_follow(v, tok):
        return "withdraw"  # «بدء عملية إخلاء القوات الروسية من قاعدتها»
    if "withdraw.exit" in senses and (_troops_follow(v, tok) or tok + 1 < len(v.tokens) and lex.has(
            v.tokens[tok + 1].text, "role.from")):
        return "withdraw"  # «خروج القوات من …», not «خرّج البرنامج 2000 متدرب»
    if "withdraw.pull" in senses and _troops_follow(v, tok):
        return "withdraw"
    if senses & {"withdraw.move", "withdraw.relocate"} and _troops_follow(v, tok):
        return "move"
    if "withdraw.end" in senses and any(lex.has(x.text, "presence.noun") for x in v.tokens[tok + 1 : tok + 4]):
        # «أنهت فرنسا وجودها العسكري»; the noun «إنهاء الوجود» only as the object of a status verb right before
        # it («قررت إنهاء وجودها»), not as a topic («يقترب من تسلّم القاعدة وإنهاء وجود التحالف»)
        verb = any(not r.noun for r in lex.find(text, "withdraw.end"))
        if verb or any(lex.has(x.text, "status.") for x in v.tokens[max(0, tok - 2) : tok]):
            return "withdraw"
    if lex.has(text, "handover.return") and tok + 1 < len(v.tokens) and lex.phrase("withdraw.redeploy").match(
            text.lstrip("وف") + " " + v.tokens[tok + 1].text) and _troops_follow(v, tok + 1):
        return "move"
    return None


def _troops_follow(v: SentenceView, tok: int) -> bool:
    """A troops word as the object: right after the verb, or after a partitive (``جزء من عناصرها``)."""
    reach = tok + 6 if tok + 1 < len(v.tokens) and PARTITIVE.match(v.tokens[tok + 1].text) else tok + 3
    return any(TROOPS_WORD.match(x.text) for x in v.tokens[tok + 1 : reach])


def extract(ctx: ArticleContext) -> list[Fact]:
    """Withdrawal and relocation facts of one article."""
    facts: list[Fact] = []
    memory = FacilityMemory()
    theatre = theatre_country(ctx)
    last_force: str | None = None
    for v in ctx.views:
        facilities = linked(v, ctx.entities, FACILITY_TYPES)
        sentence_facts: list[Withdrawal] = []
        for t in v.tokens:
            kind = _kind(ctx, v, t.i)
            if kind is None:
                continue
            readings = ctx.lex.find(t.text, "withdraw")
            past = bool(readings) and all(r.past for r in readings)
            tok = t.i
            lo, hi = v.clause_bounds(tok)
            status, explicit = status_at(v, tok, lo, hi, ctx.lex)
            neg = negated_at(v, tok, lex=ctx.lex)
            if tok > 0 and ctx.lex.has(v.tokens[tok - 1].text, "demand"):
                continue  # "قرار يطالب بانسحاب القوات": a demand, not a plan of the force
            if tok > 0 and v.tokens[tok - 1].text in ("لم", "ولم"):
                status, explicit = "completed", True  # "القوات لم تغادر": لم + imperfect is a negated past
            if tok > 0 and ctx.lex.has(v.tokens[tok - 1].text, "plan.noun") or tok > 1 and v.tokens[
                    tok - 1].text == "عن" and ctx.lex.has(v.tokens[tok - 2].text, "plan.noun"):
                status, explicit = "planned", True  # "خطة الانسحاب": the subject of a plan, not a report of it
            if readings and all(r.noun for r in readings) and any(r.clitics.lstrip("وف").startswith("ل")
                                                                  for r in readings):
                # «أمهلتها شهرا للمغادرة», «مهلة 60 يوما للانسحاب», «تم الترتيب لخروج جزء من القوات»: a verbal noun
                # of purpose names what is to be done, not what was
                status, explicit = "planned", True
            if tok > 0 and readings and all(r.noun for r in readings) and any(
                    r.past for r in ctx.lex.find(v.tokens[tok - 1].text, "withdraw.end")):
                status, explicit = "completed", True  # «أنهت القوات الفرنسية انسحابها»: ended it, so it is done
            if status is None and _future_time(ctx, v, t.start, t.end):
                status, explicit = "planned", True  # «رحيل قواتنا من بغداد غدا»: a date still to come
            if status is None and neg:
                status = "completed"  # "نفت … انسحاب القوات": the denied report is of a done withdrawal
            if status is None and past:
                status = "completed"
            pronoun_object = any(x.text.endswith(("هم", "ها")) for x in v.tokens[tok + 1 : tok + 3])
            if status is None and kind == "move" and sentence_facts and pronoun_object and t.text.startswith("و"):
                status = sentence_facts[-1].status  # «غادر …، ونقل معظمهم إلى …»: the same report goes on
            if status is None:
                continue
            # the destination anywhere in the clause ("نقل … من قاعدة X ومواقع في بغداد إلى أربيل"), at least 12 tokens
            to_place = _place_after(ctx, v, tok, _reach(v, hi, tok + 12), ("الي", "نحو", "ل"), "role.to")
            if kind == "move" and to_place is None:
                continue
            # the place left may stand after an adverbial clause («انسحب الجيش، فجر اليوم، بشكل كامل من …»)
            from_place = _place_after(ctx, v, tok, _reach(v, hi, tok + 14), ("من",))
            named_from = from_place  # a list is read only after «من» («من X وY»), not for a place found otherwise
            if from_place is None and any(r.sense == "withdraw.leave" for r in readings):
                from_place = _left_place(ctx, v, tok, hi)
            if from_place is None:
                from_place = _land_left(ctx, v, tok, min(len(v.tokens), max(hi, tok + 8)))
            if from_place is None:
                leave = any(r.sense in ("withdraw.leave", "withdraw.end") for r in readings)
                from_place = _site_left(ctx, v, tok, _reach(v, hi, tok + 14), leave)
            penalties: list[str] = [] if explicit else ["default_status"]
            earlier = [f for f in sentence_facts if not f.relocation and f.from_place]
            if from_place is None and kind == "move" and earlier and pronoun_object:
                # «غادر … إقليم كردستان …، ونقل معظمهم إلى …»: the same troops, moved on from where they left
                from_place = earlier[-1].from_place
            if from_place is None:
                in_clause = [m for m in facilities if lo <= v.token_at(m.start) < hi and m.entity != to_place]
                known = [m for m in in_clause if m.entity in ctx.entities and ctx.entities[m.entity].source != "extracted"]
                if known or in_clause:
                    from_place = (known or in_clause)[0].entity
                elif (any(x.text in ("منها", "منه") for x in v.tokens[tok + 1 : min(hi, tok + 5)])
                      or any(r.pronoun for r in readings) and past) and facilities:
                    from_place = facilities[-1].entity  # "بعد انسحاب المستشارين منها" → the facility named before
                    penalties.append("sentence_scope")
                elif (len({m.entity for m in facilities}) == 1 and kind == "withdraw" and to_place is None
                      and facilities[0].entity != to_place):
                    from_place = facilities[0].entity  # the one facility of the sentence
                    penalties.append("sentence_scope")
                elif re.search(r"من (?:ال)?(?:قاعده|مقر|معسكر)(?:\s|$|[،.])", " ".join(x.text for x in v.tokens[tok:hi])):
                    ana = memory.resolve(v) or [m.entity for m in facilities if m.entity]
                    from_place = ana[0] if ana else None
                    penalties.append("anaphora")
            reach = _reach(v, hi, tok + 14)
            more_from = _conjoined(ctx, v, named_from, tok, reach) if named_from == from_place else []
            more_to = _conjoined(ctx, v, to_place, tok, reach)
            places = (from_place, to_place, *more_from, *more_to)
            force = actor(ctx, national(ctx, _force(ctx, v, tok, lo, hi, places)))
            if force is None and from_place is None and to_place is None and facts and _bare_noun(ctx, v, tok):
                continue  # «ويأتي هذا الانسحاب في إطار …», «قد يتم تأجيل الانسحاب»: the withdrawal told already
            if force is None and last_force is not None:
                # «نصت الخطة على مغادرة مئات الجنود بحلول …»: troops the text does not name again are the force
                # whose withdrawal it reported last
                force = last_force
                penalties.append("anaphora")
            if earlier and from_place == earlier[-1].from_place and to_place is not None:
                force = force or earlier[-1].force
            if force is None:
                continue  # who withdraws is the fact's subject: a withdrawal of no force the text names is none
            if earlier and from_place == earlier[-1].from_place and to_place is not None:
                if earlier[-1].force in (None, force) and earlier[-1] in facts:
                    facts.remove(earlier[-1])  # one relocation, not a withdrawal and a relocation
            if from_place is None and to_place is None and _the_country(v, tok, hi):
                # «انسحاب الجنود الفرنسيين من البلاد», «من هذا البلد»: the country the report named last
                from_place = _last_country(ctx, v, tok, {force, national(ctx, force)})
            if from_place is None and to_place is None and theatre and theatre != force and \
                    theatre != national(ctx, force):
                from_place = theatre  # «بدء الانسحاب الشهر الجاري» in a report on Iraq: out of Iraq
                penalties.append("sentence_scope")
            start = v.tokens[lo].start
            end = v.tokens[hi - 1].end if hi > lo else t.end
            tv = _time(v, status, t.start, t.end)
            conf = confidence.evidence_score(
                "withdrawal", explicit_status=explicit, linked_object=bool(force), explicit_date=bool(tv),
                penalties=penalties,
            )
            ev = Evidence(v.index, start, end, ctx.quote(start, end), METHOD, VERSION, conf)
            fact = Withdrawal(
                    evidence=ev,
                    force=force,
                    from_place=from_place,
                    to_place=to_place,
                    relocation=to_place is not None,
                    status=status,
                    time=tv,
                    negated=neg,
                )
            facts.append(fact)
            sentence_facts.append(fact)
            last_force = force or last_force
            # «انسحبت من مالي والنيجر وبوركينا فاسو», «نقل جزء من القوات إلى أربيل والكويت»: one fact a place
            facts.extend(replace(fact, from_place=p) for p in more_from if p not in (force, to_place))
            facts.extend(replace(fact, to_place=p) for p in more_to if p not in (force, from_place))
        memory.update([m.entity for m in facilities if m.entity], ctx.entities)
    return facts
