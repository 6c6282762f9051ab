"""The fact rules' words, read from reviewed data (``seeds/lexicon/verbs.tsv`` and ``words.tsv``).

Each verb is one row (its past, present, verbal noun, participle, passive forms and class); :mod:`kg.text.morph`
generates every inflection, so a new trigger is one line of data. Particles, nouns and phrases are rows of
``words.tsv``. Every row has a *sense* from :data:`SENSES` and a source. A token is looked up by its match key
(no diacritics, one alef, ى→ي, ة→ه) with its proclitics stripped; it has a :class:`Reading` per entry it can be.

Status of a fact is read from the cue nearest to its trigger inside its clause (:func:`status_at`): a future
verb (س + present, or a planned-sense word/phrase) → ``planned``; a progress word → ``in_progress``; a
completion verb or noun → ``completed``. Weak cues (``بعد`` "after") decide only when nothing stronger is in
reach. :func:`negated_at` reads negation particles and denial verbs.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import ConfigError, ResourceMissingError
from kg.extract.context import SentenceView
from kg.model import Status
from kg.text import morph

#: Every sense a lexicon row may have; a row with another sense is a ConfigError.
SENSES = frozenset({
    "handover.give", "handover.receive", "handover.take", "handover.seize", "handover.return", "handover.pass",
    "handover.evacuate",
    "withdraw", "withdraw.leave", "withdraw.exit", "withdraw.pull", "withdraw.move", "withdraw.relocate",
    "withdraw.end", "withdraw.redeploy",
    "status.completed", "status.completed.done", "status.completed.state", "status.in_progress",
    "status.in_progress.begin",
    "status.planned", "status.planned.decided", "status.planned.postponed",
    "denial", "demand",
    "negation", "denial.phrase", "planned.phrase", "in_progress.phrase", "completed.weak", "completed.qad",
    "control.noun", "control.under", "presence.noun", "plan.noun",
    "role.to", "role.from", "role.in",
    "not_future",
})
VERB_COLUMNS = ("id", "sense", "class", "past", "present", "masdar", "participle", "passive_past",
                "passive_present", "extra", "source")
WORD_COLUMNS = ("form", "sense", "inflect", "source")


@dataclass(frozen=True, slots=True)
class Entry:
    """One generated form of a lexicon row."""

    id: str
    sense: str
    form: morph.Form
    pronoun: bool = False


@dataclass(frozen=True, slots=True)
class Reading:
    """A token read as one lexicon entry: the entry's id, sense and grammatical form, and the stripped clitics."""

    id: str
    sense: str
    form: morph.Form
    pronoun: bool
    clitics: str

    @property
    def future(self) -> bool:
        """A present verb with the future prefix س («سيغادرون», «وستتسلم»)."""
        return self.form in ("present", "passive_present") and self.clitics.lstrip("وف").startswith("س")

    @property
    def past(self) -> bool:
        return self.form in ("past", "passive_past")

    @property
    def noun(self) -> bool:
        return self.form in ("masdar", "participle")


@dataclass
class Lexicon:
    """Generated forms of every verb row, single words, and compiled phrases by sense."""

    forms: dict[str, list[Entry]] = field(default_factory=dict)
    phrases: dict[str, re.Pattern[str]] = field(default_factory=dict)
    fingerprint: str = ""

    @classmethod
    def load(cls, seeds_dir: Path) -> Lexicon:
        return _load(Path(seeds_dir).resolve())

    def readings(self, token: str) -> list[Reading]:
        """Every reading of a token (its match key, as in :class:`SentenceView` tokens)."""
        return _readings(self, token)

    def senses(self, token: str) -> set[str]:
        return {r.sense for r in self.readings(token)}

    def has(self, token: str, *senses: str) -> bool:
        """True when one reading of ``token`` has one of ``senses`` (a sense or a prefix ending in '.')."""
        return any(_sense_in(r.sense, senses) for r in self.readings(token))

    def find(self, token: str, *senses: str) -> list[Reading]:
        return [r for r in self.readings(token) if _sense_in(r.sense, senses)]

    def phrase(self, sense: str) -> re.Pattern[str]:
        """Regex of the multi-word entries of ``sense`` on the normalized sentence text (never matches if none)."""
        return self.phrases.get(sense, _NEVER)


_NEVER = re.compile(r"(?!)")


def _sense_in(sense: str, wanted: Iterable[str]) -> bool:
    return any(sense == w or (w.endswith(".") and sense.startswith(w)) or sense.startswith(w + ".") for w in wanted)


@lru_cache(maxsize=200_000)
def _readings_cached(lex_id: int, token: str) -> tuple[Reading, ...]:
    lex = _BY_ID[lex_id]
    out = []
    for clitics, entry in morph.analyses(token, lex.forms):  # type: ignore[arg-type]
        assert isinstance(entry, Entry)
        out.append(Reading(entry.id, entry.sense, entry.form, entry.pronoun, clitics))
    return tuple(out)


_BY_ID: dict[int, Lexicon] = {}


def _readings(lex: Lexicon, token: str) -> list[Reading]:
    _BY_ID.setdefault(id(lex), lex)
    return list(_readings_cached(id(lex), token))


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    if not path.is_file():
        raise ResourceMissingError(f"lexicon file not found: {path}", hint="restore it from the repository's seeds/")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()]
    body = [(i, ln) for i, ln in enumerate(lines, start=1) if ln.strip() and not ln.startswith("#")]
    if not body or tuple(body[0][1].split("\t")) != columns:
        raise ConfigError(f"{path}: header must be the tab-separated columns {', '.join(columns)}")
    out = []
    for number, line in body[1:]:
        cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells) != len(columns):
            raise ConfigError(f"{path}:{number}: expected {len(columns)} tab-separated columns, found {len(cells)}")
        row = dict(zip(columns, cells, strict=True))
        if row["sense"] not in SENSES:
            raise ConfigError(f"{path}:{number}: unknown sense {row['sense']!r}")
        if not row["source"].strip():
            raise ConfigError(f"{path}:{number}: source is empty (say where the word was seen)")
        out.append((f"{path.name}:{number}", row))
    return out


@lru_cache(maxsize=8)
def _load(seeds_dir: Path) -> Lexicon:
    folder = seeds_dir / "lexicon"
    verbs_path, words_path = folder / "verbs.tsv", folder / "words.tsv"
    lex = Lexicon()
    digest = hashlib.sha256()
    for path in (verbs_path, words_path):
        if path.is_file():
            digest.update(path.read_bytes())
    lex.fingerprint = digest.hexdigest()[:12]

    def put(k: str, e: Entry) -> None:
        bucket = lex.forms.setdefault(k, [])
        if e not in bucket:
            bucket.append(e)

    for loc, row in _rows(verbs_path, VERB_COLUMNS):
        cls = row["class"] or "sound"
        if cls not in morph.VERB_CLASSES:
            raise ConfigError(f"{loc}: unknown verb class {cls!r} (one of {', '.join(morph.VERB_CLASSES)})")
        forms = morph.verb_forms(row["past"], row["present"], cls,  # type: ignore[arg-type]
                                 masdar=row["masdar"], participle=row["participle"],
                                 passive_past=row["passive_past"], passive_present=row["passive_present"],
                                 extra=[w for w in row["extra"].split("|") if w])
        if not forms:
            raise ConfigError(f"{loc}: a verb row needs at least one form")
        for inf in forms:
            put(inf.key, Entry(row["id"], row["sense"], inf.form, inf.pronoun))
    phrases: dict[str, list[str]] = {}
    for _loc, row in _rows(words_path, WORD_COLUMNS):
        form = row["form"].strip()
        words = form.split()
        if len(words) > 1 or row["inflect"] == "none" and not _single_key(form):
            phrases.setdefault(row["sense"], []).append(" ".join(morph.key(w) for w in words))
            continue
        k = morph.key(form)
        put(k, Entry(f"w:{k}", row["sense"], "word"))
        if row["inflect"] == "noun":
            for inf in morph.noun_forms(form, "word"):
                put(inf.key, Entry(f"w:{k}", row["sense"], "word", inf.pronoun))
    for sense, items in phrases.items():
        alts = sorted(set(items), key=len, reverse=True)
        lex.phrases[sense] = re.compile(r"(?<!\w)(?:و|ف)?(?:" + "|".join(re.escape(a) for a in alts) + ")")
    return lex


def _single_key(form: str) -> bool:
    return bool(re.fullmatch(r"\w+", morph.key(form)))


def fingerprint_of(paths: Iterable[Path]) -> str:
    """A short content hash of files (rules, lexicons, seeds): the version written into the graph."""
    digest = hashlib.sha256()
    for p in sorted(paths):
        if p.is_file():
            digest.update(p.name.encode())
            digest.update(p.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon of the project's own seeds (used when a caller passes none)."""
    from kg.config import PROJECT_ROOT

    return Lexicon.load(PROJECT_ROOT / "seeds")


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
    best: tuple[Status, bool] | None = None
    triggers = [r for r in readings if r.sense in _DONE_BY_PAST]
    if triggers and all(r.past for r in readings):
        best = ("completed", True)  # a past trigger verb reports a done event («سلّمت», «انسحبت», «أعيدت»)
    for r in readings:
        cue: tuple[Status, bool] | None = None
        if r.future:
            cue = ("planned", True)
        elif _sense_in(r.sense, ("status.planned",)):
            cue = ("planned", True)
        elif r.sense == "status.in_progress" or r.sense == "status.in_progress.begin" and (r.past or r.noun):
            cue = ("in_progress", True)  # «بدأت/بدء الانسحاب»; the present «تبدأ المرحلة» is a plan, no cue
        elif r.sense in ("status.completed", "status.completed.done") and (r.past or r.noun):
            cue = ("completed", True)  # the present «تكتمل» is habitual or future in news: no cue
        elif r.sense == "status.completed.state":
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

    c = pick([c for c in all_cues if lo <= c.token < hi and c.strong])
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


# --- nationality adjectives -----------------------------------------------------------------------------------

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
