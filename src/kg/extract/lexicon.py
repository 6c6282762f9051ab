"""Status and negation of a fact trigger, read from the lexicon (:mod:`kg.lexicon`) around it.

Status is read from the cue nearest to a trigger inside its clause (:func:`status_at`): a future verb
(س + present, or a planned-sense word/phrase) → ``planned``; a progress word → ``in_progress``; a completion
verb or noun → ``completed``. Weak cues (``بعد`` "after") decide only when nothing stronger is in reach.
:func:`negated_at` reads negation particles and denial verbs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import SentenceView
from kg.lexicon import Lexicon, Reading, default_lexicon, sense_in
from kg.model import Status

__all__ = ["Lexicon", "Reading", "default_lexicon", "status_at", "negated_at", "cues", "token_status",
           "is_future_token"]

# --- status ---------------------------------------------------------------------------------------------------

#: future: س + an imperfect prefix, on any verb (grammar; a few nouns that start the same way are listed in
#: words.tsv with the sense ``not_future``)
FUTURE_VERB = re.compile(r"^(?:و|ف|ل)?س(?:ي|ت|ن)\w{2,}$")


def is_future_token(text: str, lex: Lexicon | None = None) -> bool:
    """True for a future-tense verb token (س + imperfect)."""
    lex = lex or default_lexicon()
    if not FUTURE_VERB.match(text):
        return False
    return not lex.has(text, "not_future") and not lex.has(text.lstrip("وفل"), "not_future")


@dataclass(frozen=True)
class StatusCue:
    status: Status
    token: int
    strong: bool


def token_status(text: str, lex: Lexicon, prev: str = "") -> tuple[Status, bool] | None:
    """Status cue of one token (and whether it is strong), given the token before it."""
    if is_future_token(text, lex) and not lex.has(text, "handover.", "withdraw"):
        return "planned", True
    readings = lex.readings(text)
    # «عملية الانتقال الجارية», «الوجود المستمر», «الشهر الجاري»: an adjective of another noun, not a status
    # (a «not_name» reading of the same letters is no reading of another kind)
    meant = [r for r in readings if not r.sense.startswith("not_")]
    if meant and all(r.form in ("participle", "word") and r.clitics.endswith("ال") for r in meant):
        return None
    best: tuple[Status, bool] | None = None
    triggers = [r for r in readings if r.sense in _DONE_BY_PAST]
    if triggers and all(r.past for r in readings):
        best = ("completed", True)  # a past trigger verb reports a done event («سلّمت», «انسحبت», «أعيدت»)
    for r in readings:
        cue: tuple[Status, bool] | None = None
        if r.future:
            cue = ("planned", True)
        elif sense_in(r.sense, ("status.planned",)):
            cue = ("planned", True)
        elif r.sense == "status.in_progress" or r.sense == "status.in_progress.begin" and (r.past or r.noun):
            cue = ("in_progress", True)  # «بدأت/بدء الانسحاب»; the present «تبدأ المرحلة» is a plan, no cue
        elif r.sense in ("status.completed", "status.completed.done") and (r.past or r.noun):
            cue = ("completed", True)  # the present «تكتمل» is habitual or future in news: no cue
        elif r.sense == "status.completed.state" and (r.past or r.noun):
            # «أصبحت تحت الإدارة»; the present is a habit («تصبح»), or after «ل» a purpose or a result
            # («تعمل لاستلامها لتصبح …» is a plan, «أكملت الإخلاء لتصبح المواقع تحت إدارتها» is done): no cue
            cue = ("completed", True)
        elif r.sense == "completed.weak":
            cue = ("completed", False)
        if cue is not None and (best is None or _RANK[cue[0]] < _RANK[best[0]] or (cue[1] and not best[1])):
            best = cue
    if best is None:
        return None
    if best[0] == "completed" and best[1] and prev and lex.has(prev, "completed.weak"):
        return "completed", False  # «بعد استكمال …» dates the clause, it does not report completion
    if best[0] == "in_progress" and prev and prev.lstrip("وف") == "لم":
        return "completed", True  # «لم يتم تسليم»: لم + imperfect is a (negated) past
    return best


_RANK = {"planned": 0, "in_progress": 1, "completed": 2}
#: trigger senses whose past tense is itself a completion cue for the clause («سلّمت», «انسحبت», «أعيدت»);
#: «نقلت» (also «reported») and «خرج» (also «graduated») are not
_DONE_BY_PAST = frozenset({"handover.give", "handover.receive", "handover.evacuate", "handover.return",
                           "handover.pass", "withdraw", "withdraw.leave", "withdraw.relocate", "withdraw.pull"})


def cues(view: SentenceView, lex: Lexicon | None = None) -> list[StatusCue]:
    """All status cues of a sentence, by token."""
    lex = lex or default_lexicon()
    out = []
    for t in view.tokens:
        prev = view.tokens[t.i - 1].text if t.i > 0 else ""
        c = token_status(t.text, lex, prev)
        if c is None and prev and lex.has(prev, "completed.qad") and not FUTURE_VERB.match(t.text):
            c = ("completed", True)  # «كان التحالف قد سلم …»: قد + past is a done event
        if c is None:
            continue
        out.append(StatusCue(c[0], t.i, c[1]))
    for sense, status in (("planned.phrase", "planned"), ("in_progress.phrase", "in_progress")):
        for start, _end, _m in view.finditer(lex.phrase(sense)):
            out.append(StatusCue(status, view.token_at(start), True))  # type: ignore[arg-type]
    return out


def status_at(view: SentenceView, tok: int, lo: int | None = None, hi: int | None = None,
              lex: Lexicon | None = None) -> tuple[Status | None, bool]:
    """Status for a trigger at token ``tok``: the nearest strong cue in its clause (``lo``..``hi``), else the
    nearest strong cue to its left in the sentence, else a weak cue. Ties prefer planned over in-progress
    over completed (a future phrase outranks the past-tense verb next to it). Returns (status, explicit)."""
    if lo is None or hi is None:
        lo, hi = view.clause_bounds(tok)
    all_cues = cues(view, lex)

    def pick(cands: list[StatusCue]) -> StatusCue | None:
        if not cands:
            return None
        return min(cands, key=lambda c: (abs(c.token - tok), _RANK[c.status], c.token > tok))

    own = [c for c in all_cues if lo <= c.token < hi and c.strong]
    if any(c.token < tok for c in own):
        # «قامت الوحدات باستلام القاعدة … وبدأت الانتشار»: a verb joined by و after the trigger starts another
        # event; the cue before the trigger governs it
        own = [c for c in own if c.token <= tok or not view.tokens[c.token].text.startswith("و")]
    c = pick(own)
    if c:
        return c.status, True
    c = pick([c for c in all_cues if c.token < lo and c.strong and tok - c.token <= 25])
    if c:
        return c.status, True
    c = pick([c for c in all_cues if lo <= c.token < hi and not c.strong])
    if c:
        return c.status, False
    return None, False


def negated_at(view: SentenceView, tok: int, window: int = 3, lex: Lexicon | None = None) -> bool:
    """True when a negation particle stands within ``window`` tokens before the trigger in its clause, or a
    denial verb/phrase governs the clause (``نفت ... انسحاب``, ``غير صحيح``)."""
    lex = lex or default_lexicon()
    lo, _hi = view.clause_bounds(tok)
    for t in view.tokens[max(lo, tok - window) : tok]:
        if lex.has(t.text, "negation", "denial"):
            return True
    right_text = " ".join(t.text for t in view.tokens[tok : min(len(view.tokens), tok + 12)])
    if any(lex.has(t.text, "denial") for t in view.tokens[max(0, tok - 10) : tok]) or lex.phrase(
            "denial.phrase").search(right_text):
        return True
    # «نفى المتحدث، في إفادة يوم الأربعاء، أن تكون الإدارة قد قررت سحب …»: the denial governs its أن-clause,
    # however far the reporting clause pushes it; a second أن after the denied one starts another claim
    wide = [t.text for t in view.tokens[max(0, tok - 25) : tok]]
    for k in range(len(wide) - 1, -1, -1):
        if lex.has(wide[k], "denial"):
            return sum(1 for w in wide[k + 1 :] if w in ("ان", "وان", "بان")) == 1
    return False
