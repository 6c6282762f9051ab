"""The words the recognizers and fact rules read, from reviewed data (``seeds/lexicon/verbs.tsv``, ``words.tsv``).

Each verb is one row (its past, present, verbal noun, participle, passive forms and class); :mod:`kg.text.morph`
generates every inflection, so a new trigger is one line of data. Particles, nouns and phrases are rows of
``words.tsv``. Every row has a *sense* from :data:`SENSES` and a source. A token is looked up by its match key
(no diacritics, one alef, ى→ي, ة→ه) with its proclitics stripped; it has a :class:`Reading` per entry it can be.

How the fact rules use them (status, negation) is in :mod:`kg.extract.lexicon`.
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
    "denial", "demand", "report", "supervise", "deploy", "host", "locate", "agreement.cancel", "agreement.sign", "agreement.notice", "agreement.basis", "agreement.unmade", "agreement.act", "count.exceed", "count.at_least", "count.cap",
    "casualty",
    "negation", "not_that", "denial.phrase", "planned.phrase", "in_progress.phrase", "completed.weak", "completed.qad",
    "control.noun", "control.under", "presence.noun", "plan.noun", "position.noun",
    "role.to", "role.from", "role.in", "list.intro", "ordinal",
    "not_future", "not_name", "not_trigger", "site", "thing", "occupy",
})
VERB_COLUMNS = ("id", "sense", "class", "past", "present", "masdar", "participle", "passive_past",
                "passive_present", "extra", "source")
WORD_COLUMNS = ("form", "sense", "inflect", "source")
HEAD_COLUMNS = ("head", "type", "kind", "gender", "plural", "source")


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


@dataclass(frozen=True, slots=True)
class Head:
    """A head noun that types the name after it («قاعدة X» → MilitaryBase)."""

    word: str  # match key
    type: str  # ontology class local name
    kind: str  # facility | place | force | body
    gender: str  # m | f
    plural: bool = False
    singular: str = ""  # the singular as written in the lexicon («قاعدة» for «قواعد» and for itself)


@dataclass(eq=False)  # compared and hashed by identity: one per seeds folder, used as a cache key
class Lexicon:
    """Generated forms of every verb row, single words, compiled phrases by sense, and typing head nouns."""

    forms: dict[str, list[Entry]] = field(default_factory=dict)
    phrases: dict[str, re.Pattern[str]] = field(default_factory=dict)
    heads: dict[str, Head] = field(default_factory=dict)
    fingerprint: str = ""

    def head(self, token: str) -> tuple[str, Head, str] | None:
        """(clitics, head, ending) when ``token`` is a head noun, possibly with proclitics, the article, and an
        ending: ``construct`` (a dual before its names: «قاعدتي», «معسكري»), ``dual`` («قاعدتين»),
        ``possessive`` («قاعدتها», «مقره») or ``""``."""
        for clitics, rest, ending in _head_variants(token):
            h = self.heads.get(rest)
            if h is not None:
                return clitics, h, ending
        return None

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
        return any(sense_in(r.sense, senses) for r in self.readings(token))

    def find(self, token: str, *senses: str) -> list[Reading]:
        return [r for r in self.readings(token) if sense_in(r.sense, senses)]

    def phrase(self, sense: str) -> re.Pattern[str]:
        """Regex of the multi-word entries of ``sense`` on the normalized sentence text (never matches if none)."""
        return self.phrases.get(sense, _NEVER)


_NEVER = re.compile(r"(?!)")


def sense_in(sense: str, wanted: Iterable[str]) -> bool:
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


def _head_variants(token: str) -> list[tuple[str, str, str]]:
    """(clitics, singular, ending) readings of a token as a head noun: proclitics and the article off, a dual,
    construct or possessive ending taken back to the singular («قاعدتي» → «قاعده», «قاعدتها» → «قاعده»)."""
    bases = [("", token)]
    if token[:1] in ("و", "ف") and len(token) > 3:
        bases.append((token[0], token[1:]))
    for c, rest in list(bases):
        if rest.startswith("لل"):
            bases.append((c + "لل", rest[2:]))
        elif rest[:1] in ("ب", "ل", "ك") and len(rest) > 3:
            bases.append((c + rest[0], rest[1:]))
    for c, rest in list(bases):
        if rest.startswith("ال") and len(rest) > 4:
            bases.append((c + "ال", rest[2:]))
    out: list[tuple[str, str, str]] = []
    for c, rest in bases:
        out.append((c, rest, ""))
        for end, kind in _FEMININE_ENDINGS:
            if rest.endswith(end) and len(rest) > len(end) + 2:
                out.append((c, rest[: -len(end)] + "ه", kind))
        for end, kind in _MASCULINE_ENDINGS:
            if rest.endswith(end) and len(rest) > len(end) + 2:
                out.append((c, rest[: -len(end)], kind))
    return out


_POSSESSIVE = ("ها", "ه", "هم", "هما")
#: endings of a feminine head after its ة turned ت: «قاعدتي/قاعدتا» (construct dual), «قاعدتين» (dual), «قاعدتها»
_FEMININE_ENDINGS = (("تي", "construct"), ("تا", "construct"), ("تان", "dual"), ("تين", "dual"),
                     *((("ت" + p), "possessive") for p in _POSSESSIVE))
#: endings of a masculine head: «معسكري» (construct dual), «معسكرين» (dual), «مقره/مقرها»
_MASCULINE_ENDINGS = (("ي", "construct"), ("ا", "construct"), ("ان", "dual"), ("ين", "dual"),
                      *((p, "possessive") for p in _POSSESSIVE))


def _rows(path: Path, columns: tuple[str, ...], check_sense: bool = True) -> list[tuple[str, dict[str, str]]]:
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
        if check_sense and row["sense"] not in SENSES:
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
    # a generated verb form that is, in news, another word («استعدت» is «prepared», not «I regained»): its verb
    # readings are dropped, its word readings kept
    for k, bucket in lex.forms.items():
        if any(e.sense == "not_trigger" for e in bucket):
            lex.forms[k] = [e for e in bucket if e.id.startswith("w:")]
    heads_path = folder / "heads.tsv"
    if heads_path.is_file():
        digest.update(heads_path.read_bytes())
        lex.fingerprint = digest.hexdigest()[:12]
        for loc, row in _rows(heads_path, HEAD_COLUMNS, check_sense=False):
            if row["kind"] not in ("facility", "place", "force", "body") or row["gender"] not in ("m", "f"):
                raise ConfigError(f"{loc}: kind must be facility|place|force|body and gender m|f")
            k = morph.key(row["head"])
            lex.heads[k] = Head(k, row["type"], row["kind"], row["gender"], singular=row["head"])
            for plural in filter(None, row["plural"].split("|")):
                pk = morph.key(plural)
                lex.heads.setdefault(pk, Head(pk, row["type"], row["kind"], row["gender"], plural=True,
                                              singular=row["head"]))
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
    from kg.resources import resource_dir

    return Lexicon.load(resource_dir("seeds"))
