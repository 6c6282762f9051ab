"""Trigger lexicons, status (tense/aspect) markers and negation cues, all in normalized form
(see :func:`kg.extract.context.norm`): no diacritics, ا for every alef, ي for ى, ه for ة, ASCII digits.

Status is read from the marker nearest to a trigger inside its clause: an explicit future verb or
future-time phrase → ``planned``; an approach/progress word → ``in_progress``; a completion verb or
noun → ``completed``. Weak cues (``بعد`` "after", a past-tense trigger) only decide when nothing
stronger is in reach. ``lexicon.status_at`` implements it; the rule modules only pick triggers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import SentenceView
from kg.model import Status

P = r"(?:و|ف)?(?:ب|ل|ك)?"  # proclitics before a noun or verb (conjunction, preposition)

# --- status markers (one token unless noted) ---------------------------------------------------------------
# future: س + imperfect prefix; nouns that merely start with the same letters are listed below
FUTURE_VERB = re.compile(r"^(?:و|ف|ل)?س(?:ي|ت|ن)\w{2,}$")
NOT_FUTURE = {
    "سياسه", "سياسي", "سياسيه", "سيطره", "سيطرت", "سياره", "سيارات", "سياده", "ستة", "سته", "ستين", "سنه",
    "سنوات", "سنوي", "سنويا", "سيناء", "سيناريو", "ستار", "سنين", "سيول", "سياق", "سيتي", "سيف", "سينما",
    "وسياسه", "وسيطره", "ستاد", "سيادي", "سيبراني", "السيبراني", "ستراتيجي", "سنغافوره", "سيرا", "سيره",
}
PLANNED_PHRASES = re.compile(
    r"من المقرر|من المتوقع|المزمع|خلال (?:ال)?(?:ايام|اسابيع|اشهر|شهور|اسبوع|شهر|عام|سنه)(?: ال\d+)? (?:ال)?مقبل"
    r"|(?:الاسبوع|الشهر|العام|السنه|الايام|الاسابيع|الاشهر) (?:ال)?مقبل|(?:ي|ت)عتزم|(?:ي|ت)نوي|(?:ي|ت)خطط"
    r"|عل[يى] ان (?:ي|ت)|في موعد اقصاه|في غضون|(?:خطط|خطه|نيه|عزم) ل"
)
IN_PROGRESS = re.compile(
    r"^(?:و|ف)?(?:يقترب|تقترب|اقتراب|باقتراب|تشهد|يشهد|جاريه|جاري|جار|يجري|تجري|تتواصل|يتواصل|متواصله|"
    r"مستمره|تستمر|يستمر|بدء|بدات|بدا|ابتداء|انطلاق|انطلقت|تتم|يتم|باشرت|باشر|تباشر|يباشر)$"
)
IN_PROGRESS_PHRASES = re.compile(r"في طريق(?:ه|ها|هم)|قيد (?:التنفيذ|الانجاز)|بصدد")
COMPLETED = re.compile(
    r"^(?:و|ف|ل)?(?:اكملت|اكمل|اكمال|باكمال|اكتمال|باكتمال|اكتملت|اكتمل|استكملت|استكمل|اتمت|اتمام|انجز|انجزت|"
    r"اصبحت|اصبحتا|اصبح|باتت|بات|صارت|تم|جرى|جري|انهت|انهى|انهي|انتهت|انتهى|"
    r"تسلمت|استلمت|سلمت|انسحبت|انسحب|غادرت|غادر|اخلت|سحبت|انتقلت|تصبح)$"
)
WEAK_COMPLETED = re.compile(r"^(?:و|ف)?(?:بعد|عقب|اثر|وبذلك|بذلك)$")

# --- negation -------------------------------------------------------------------------------------------------
NEGATION = re.compile(r"^(?:و|ف)?(?:لم|لن|ليس|ليست|لا|نفي|نفت|ينفي|تنفي|نافيا|نافيه|عدم|دون|بدون|ينف|تنف)$")
DENIAL_VERB = re.compile(r"^(?:و|ف)?(?:نفي|نفت|ينفي|تنفي|نافيا|نافيه)$")
DENIAL_PHRASES = re.compile(r"غير صحيح|عار عن الصحه|لا صحه|نفي|ينفي|تنفي|نفت")


@dataclass(frozen=True)
class StatusCue:
    status: Status
    token: int
    strong: bool


def _token_cue(text: str) -> tuple[Status, bool] | None:
    if FUTURE_VERB.match(text) and text not in NOT_FUTURE and text.lstrip("وفل") not in NOT_FUTURE:
        return "planned", True
    if IN_PROGRESS.match(text):
        return "in_progress", True
    if COMPLETED.match(text):
        return "completed", True
    if WEAK_COMPLETED.match(text):
        return "completed", False
    return None


def cues(view: SentenceView) -> list[StatusCue]:
    """All status cues of a sentence, by token."""
    out = []
    for t in view.tokens:
        c = _token_cue(t.text)
        if c is None and t.i > 0 and view.tokens[t.i - 1].text in ("قد", "وقد", "فقد") and not FUTURE_VERB.match(t.text):
            c = ("completed", True)  # "كان التحالف قد سلم …": قد + past verb is a done event
        if c is None:
            continue
        if c[0] == "completed" and t.i > 0 and WEAK_COMPLETED.match(view.tokens[t.i - 1].text):
            c = ("completed", False)  # "بعد استكمال …" dates the clause, it does not report completion
        if c[0] == "in_progress" and t.i > 0 and view.tokens[t.i - 1].text in ("لم", "ولم"):
            c = ("completed", True)  # "لم يتم تسليم": لم + imperfect is a (negated) past
        out.append(StatusCue(c[0], t.i, c[1]))
    for pattern, status in ((PLANNED_PHRASES, "planned"), (IN_PROGRESS_PHRASES, "in_progress")):
        for start, _end, _m in view.finditer(pattern):
            out.append(StatusCue(status, view.token_at(start), True))  # type: ignore[arg-type]
    return out


def status_at(view: SentenceView, tok: int, lo: int | None = None, hi: int | None = None) -> tuple[Status | None, bool]:
    """Status for a trigger at token ``tok``: the nearest strong cue in its clause (``lo``..``hi``), else the
    nearest strong cue to its left in the sentence, else a weak cue. Ties prefer planned over in-progress
    over completed (a future phrase outranks the past-tense verb next to it). Returns (status, explicit)."""
    if lo is None or hi is None:
        lo, hi = view.clause_bounds(tok)
    all_cues = cues(view)
    rank = {"planned": 0, "in_progress": 1, "completed": 2}

    def pick(cands: list[StatusCue]) -> StatusCue | None:
        if not cands:
            return None
        return min(cands, key=lambda c: (abs(c.token - tok), rank[c.status], c.token > tok))

    in_clause = [c for c in all_cues if lo <= c.token < hi and c.strong]
    c = pick(in_clause)
    if c:
        return c.status, True
    left = [c for c in all_cues if c.token < lo and c.strong and tok - c.token <= 25]
    c = pick(left)
    if c:
        return c.status, True
    weak = [c for c in all_cues if lo <= c.token < hi and not c.strong]
    c = pick(weak)
    if c:
        return c.status, False
    return None, False


def negated_at(view: SentenceView, tok: int, window: int = 3) -> bool:
    """True when a negation particle stands within ``window`` tokens before the trigger in its clause, or a
    denial verb/phrase governs the clause (``نفت ... انسحاب``, ``غير صحيح``)."""
    lo, hi = view.clause_bounds(tok)
    for t in view.tokens[max(lo, tok - window) : tok]:
        if NEGATION.match(t.text):
            # "لم يعد" (no longer) and "عدم تأثير" style complements of another noun are not about the trigger
            return True
    left_text = " ".join(t.text for t in view.tokens[max(0, tok - 10) : tok])
    right_text = " ".join(t.text for t in view.tokens[tok : min(len(view.tokens), tok + 12)])
    if re.search(r"(?:^|\s)(?:و|ف)?(?:نفي|نفت|ينفي|تنفي|نافيا)(?:\s|$)", left_text) or "غير صحيح" in right_text:
        return True
    # "نفى المتحدث، في إفادة يوم الأربعاء، أن تكون الإدارة قد قررت سحب …": the denial governs its أن-clause,
    # however far the reporting clause pushes it; a second أن after the denied one starts another claim
    wide = [t.text for t in view.tokens[max(0, tok - 25) : tok]]
    for k in range(len(wide) - 1, -1, -1):
        if DENIAL_VERB.match(wide[k]):
            return sum(1 for w in wide[k + 1 :] if w in ("ان", "وان", "بان")) == 1
    return False


def is_future_token(text: str) -> bool:
    """True for a future-tense verb token (س + imperfect)."""
    return bool(FUTURE_VERB.match(text)) and text not in NOT_FUTURE


NISBA_COUNTRY = {
    # adjective stem (normalized, without ال / feminine ه) -> country label (normalized)
    "اميركي": "الولايات المتحده", "امريكي": "الولايات المتحده", "عراقي": "العراق", "بريطاني": "المملكه المتحده",
    "فرنسي": "فرنسا", "اسباني": "اسبانيا", "تركي": "تركيا", "ايراني": "ايران", "سوري": "سوريا",
    "الماني": "المانيا", "ايطالي": "ايطاليا", "استرالي": "استراليا", "كندي": "كندا",
}


def nisba_country(token: str) -> str | None:
    """Normalized country label for a nationality adjective token (``الأميركية`` → ``الولايات المتحده``)."""
    m = _NISBA_PREFIX.match(token)
    assert m is not None  # every group is optional
    # try the fewest clitics first: the ف of «فرنسي» is a letter of the word, not «and then»
    cuts = sorted({0, *(m.end(g) for g in (1, 2, 3) if m.end(g) > 0)})
    for cut in cuts:
        t = re.sub(r"(?:ه|ين|ون|يه|يين|يون|يات|ات)$", "", token[cut:])
        for stem in (t, t + "ي"):
            if stem in NISBA_COUNTRY:
                return NISBA_COUNTRY[stem]
    return None


_NISBA_PREFIX = re.compile(r"^((?:و|ف)?)((?:ب|ل)?)((?:ال|لل)?)")
