"""Mission phases: ``المرحلة الأولى/الثانية …`` (also ``بمرحلته الثانية``) with status, deadline and scope.

Status: ``إنهاء/انتهاء/أنهى … المرحلة`` → completed (unless a future verb governs it); ``بدء المرحلة`` →
in progress; a future verb (``ستبدأ``, ``ستعمل على إكمال``) → planned; a phase that only has a deadline
(``تمتد حتى``, ``تكتمل بحلول``) and no cue → planned. Deadline: a time after ``بحلول/حتى/أقصاه`` or any time
in the clause. Scope: the country/region/city named in the clause (``في سوريا``، ``بما يخص أربيل``).
A phase without an ordinal (``المرحلة المقبلة``) is not a fact.
"""

from __future__ import annotations

import re

from kg import entity_types
from kg.extract import confidence
from kg.extract.actors import etype
from kg.extract.context import ArticleContext, SentenceView
from kg.extract.lexicon import is_future_token, status_at
from kg.model import Evidence, Fact, MissionPhase, Status, TimeValue

METHOD, VERSION = "kg.rules.phase", "1"

ORDINALS = {"الاولي": 1, "الاول": 1, "الثانيه": 2, "الثاني": 2, "الثالثه": 3, "الثالث": 3, "الرابعه": 4, "الاخيره": None}
PHASE = re.compile(r"(?:ال|بال|لل|وال|في ال)?مرحل(?:ه|ته|تها|تيها)? (" + "|".join(ORDINALS) + r")(?!\w)")
END_WORDS = re.compile(r"^(?:و|ف|ب|ل)?(?:انهاء|انتهاء|انهي|انهت|انتهت|اكمال|اكتمال|ختام|اختتام)$")
START_WORDS = re.compile(r"^(?:و|ف|ب|ل)?(?:بدء|بدات|بدا|انطلاق|انطلقت|دخول|مواصله|يواصل|تواصل|استمرار)$")
# "بعد انتهاء المرحلة الأولى" dates another event; it does not report that the phase ended
TEMPORAL = re.compile(r"^(?:و|ف)?(?:بعد|عقب|اثر|قبل|حتي|حتى|لحين|بانتظار)$")
SCOPE_TYPES = entity_types.AREA
MISSION_TYPES = {"Coalition", "Mission"}


def _status(v: SentenceView, tok: int) -> tuple[Status, bool]:
    lo, hi = v.clause_bounds(tok)
    window = v.tokens[max(lo, tok - 3) : tok]
    if any(is_future_token(t.text) for t in v.tokens[max(lo, tok - 12) : tok]) or any(
        is_future_token(t.text) for t in v.tokens[tok + 1 : min(hi, tok + 10)]
    ):
        # "ستعمل على إكمال … بمرحلته الثانية" / "المرحلة الثانية … ستبدأ"
        near_end = any(END_WORDS.match(t.text) for t in window)
        if not near_end or any(is_future_token(t.text) for t in v.tokens[max(lo, tok - 12) : tok]):
            return "planned", True
    starts = [t for t in window if START_WORDS.match(t.text)]
    if starts and all(re.match(r"^(?:و|ف)?ل(?:ي|ت)", t.text) for t in starts):
        return "planned", True  # «لتواصل خلال المرحلة الثانية»: ل + imperfect is a purpose, not a report
    if starts:
        return "in_progress", True
    if any(END_WORDS.match(t.text) and not (t.i > 0 and TEMPORAL.match(v.tokens[t.i - 1].text)) for t in window):
        return "completed", True
    st, explicit = status_at(v, tok, lo, hi)
    if st and explicit:
        return st, True
    return "planned", False


def _deadline(v: SentenceView, tok: int) -> TimeValue | None:
    lo, hi = v.clause_bounds(tok)
    start = v.tokens[max(0, lo - 1)].start if lo else v.sentence.start
    end = v.tokens[min(len(v.tokens), hi + 12) - 1].end
    cands = [t for t in v.times if start <= t.start < end]
    by = [t for t in cands if t.modifier == "by" or re.search(r"(?:بحلول|حتى|اقصاه)\s*$", v.text_between(v.sentence.start, t.start))]
    if by:
        return by[0]
    in_clause = [t for t in cands if v.tokens[lo].start <= t.start < v.tokens[hi - 1].end]
    return in_clause[0] if in_clause else None


def extract(ctx: ArticleContext) -> list[Fact]:
    """Mission-phase facts of one article."""
    facts: list[Fact] = []
    for v in ctx.views:
        for start, end, m in v.finditer(PHASE):
            number = ORDINALS.get(m.group(1))
            tok = v.token_at(start)
            status, explicit = _status(v, tok)
            lo, hi = v.clause_bounds(tok)
            scope = mission = None
            for mm in v.mentions:
                mt = v.token_at(mm.start)
                if not (lo <= mt < min(len(v.tokens), hi + 8)):
                    continue
                et = etype(ctx.entities, mm)
                if et in SCOPE_TYPES and scope is None and mt > tok:
                    scope = mm.entity
                elif et in MISSION_TYPES and mission is None:
                    mission = mm.entity
            deadline = _deadline(v, tok)
            if not explicit and deadline is not None and (
                re.search(r"الماضي|المنصرم|السابق", deadline.text)
                or (ctx.published is not None and deadline.latest is not None and deadline.latest < ctx.published)
            ):
                status = "completed"  # "التي تكتمل بحلول أيلول الماضي": a deadline already past
            conf = confidence.evidence_score(
                "phase", explicit_status=explicit, explicit_date=bool(deadline),
                penalties=[] if explicit else ["default_status"],
            )
            s = v.tokens[lo].start
            e = v.tokens[hi - 1].end
            ev = Evidence(v.index, s, e, ctx.quote(s, e), METHOD, VERSION, conf)
            facts.append(
                MissionPhase(evidence=ev, label=ctx.quote(start, end), number=number, scope=scope,
                             deadline=deadline, status=status, mission=mission)
            )
    return facts
