"""A small generator of Arabic inflections, so that a lexicon lists a word once and matches all its forms.

A verb is given by its past and present (3rd person masculine singular) and, optionally, its verbal noun,
participle and passive forms; :func:`verb_forms` returns every suffixed form in *match-key* form (see
:func:`kg.text.normalize.normalize_key`: no diacritics, one alef, ى→ي, ة→ه): subject suffixes of the past
(«سلّمت، سلّموا، سلّمتا»), prefixes and suffixes of the present («تسلّم، يسلّمون، نسلّم»), object pronouns
(«سلّمها، يسلّمونها، سلّموها»), the verbal noun with its plural and possessive suffixes («تسليمها، إعادتها»).
Proclitics are not generated: :func:`analyses` strips them from a token at lookup time (conjunction و/ف, then
the future س or purpose ل before a present, or a preposition ب/ل/ك and the article ال before a noun), so
a token matches when its rest is a generated form and the clitics fit the form.

Weak verbs need their class: ``sound``, ``defective`` (final weak letter: تولّى، أخلى، أنهى), ``hollow``
(medial alef: عاد، أعاد), ``doubled`` (تمّ، ردّ). Irregular forms a class does not cover are listed as extra forms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from kg.text.normalize import normalize_key

Form = Literal["past", "present", "masdar", "participle", "passive_past", "passive_present", "word"]
VerbClass = Literal["sound", "defective", "hollow", "doubled"]
VERB_CLASSES: tuple[str, ...] = ("sound", "defective", "hollow", "doubled")

#: object pronouns (and the possessive pronouns of nouns): him, her, them two, them (m), them (f)
PRONOUNS = ("ه", "ها", "هما", "هم", "هن")
#: he/she/we (the first person singular أ is left out: in news it is rare and its forms collide with the past)
_PRESENT_PREFIXES = ("ي", "ت", "ن")


@dataclass(frozen=True, slots=True)
class Inflection:
    """One generated surface key with its grammatical form; ``pronoun`` marks an attached object/possessive."""

    key: str
    form: Form
    pronoun: bool = False
    plural: bool = False


def key(word: str) -> str:
    """The match key of one word (the lexicon's and the tokens' common form)."""
    return normalize_key(word).replace(" ", "")


def _with_pronouns(forms: Iterable[tuple[str, bool]], form: Form) -> list[Inflection]:
    out: list[Inflection] = []
    for f, plural in forms:
        out.append(Inflection(f, form, False, plural))
        base = f[:-1] if f.endswith("وا") else f  # «سلّموا» + ها → «سلّموها»
        for p in PRONOUNS:
            out.append(Inflection(base + p, form, True, plural))
    return out


def past_forms(past: str, cls: VerbClass = "sound", form: Form = "past") -> list[Inflection]:
    """Past tense: 3ms, 3fs/1s/2ms (ت), duals (ا، تا), plurals (وا، ن), 1p (نا), 2p (تم), with object pronouns."""
    s = key(past)
    if cls == "defective":  # تولّى → تولّت، تولّوا، تولّيا، تولّينا
        x = s[:-1]
        forms = [(s, False), (x + "ت", False), (x + "يا", False), (x + "تا", False), (x + "وا", True),
                 (x + "ين", True), (x + "ينا", True), (x + "يت", False), (x + "يتم", True)]
    else:
        forms = [(s, False), (s + "ت", False), (s + "ا", False), (s + "تا", False), (s + "وا", True),
                 (s + "ن", True), (s + "نا", True), (s + "تم", True)]
        if cls == "hollow" and len(s) >= 3 and s[-2] == "ا":  # عاد → عدت، عدنا (first and second person)
            short = s[:-2] + s[-1]
            forms += [(short + "ت", False), (short + "نا", True), (short + "تم", True)]
        if cls == "doubled":  # تمّ → تمّت، تمّوا (the doubled letter is one letter unvocalized)
            forms += [(s + s[-1] + "ت", False)]
    return _with_pronouns(forms, form)


def present_forms(present: str, cls: VerbClass = "sound", form: Form = "present") -> list[Inflection]:
    """Present tense for the person prefixes ي، ت، ن, duals, plurals, subjunctive/jussive, with pronouns."""
    p = key(present)
    stem = p[1:] if p[:1] in (*_PRESENT_PREFIXES, "ا") else p
    forms: list[tuple[str, bool]] = []
    for pre in _PRESENT_PREFIXES:
        if cls == "defective" and stem[-1:] in ("ي", "ا", "و"):
            x = stem[:-1]
            forms += [(pre + stem, False), (pre + x + "يان", False), (pre + x + "يا", False), (pre + x + "ون", True),
                      (pre + x + "وا", True), (pre + x + "ين", False), (pre + x + "ي", False)]
        else:
            forms += [(pre + stem, False), (pre + stem + "ان", False), (pre + stem + "ا", False),
                      (pre + stem + "ون", True), (pre + stem + "وا", True), (pre + stem + "ين", False),
                      (pre + stem + "ن", True)]
    return _with_pronouns(dict.fromkeys(forms), form)


def noun_forms(noun: str, form: Form = "masdar") -> list[Inflection]:
    """A verbal noun or participle: itself, its plurals (ات، ون، ين), duals, and possessive pronouns
    («تسليمها», «إعادتها» with ة → ت before the pronoun)."""
    n = key(noun)
    if not n:
        return []
    bases = [(n, False)]
    if n.endswith("ه"):  # ة folded to ه: «إعادة» → «إعادات», «إعادته/إعادتها»
        stem = n[:-1]
        bases += [(stem + "ات", True), (stem + "تان", False), (stem + "تين", False)]
        out = [Inflection(b, form, False, pl) for b, pl in bases]
        out += [Inflection(stem + "ت" + p, form, True) for p in PRONOUNS]
        return out
    bases += [(n + "ات", True), (n + "ان", False), (n + "ين", True), (n + "ون", True)]
    if n[-1:] not in ("ا", "ي", "و", "ء"):
        bases.append((n + "ا", False))  # the indefinite accusative «انسحابًا», «تسليمًا»
    out = [Inflection(b, form, False, pl) for b, pl in bases]
    out += [Inflection(n + p, form, True) for p in PRONOUNS]
    if n.endswith("ي"):  # «تولّي» + ه → «تولّيه»; the participle «المسلّمة» is generated from its own entry
        out += [Inflection(n[:-1] + "يه", form, True)]
    return out


def verb_forms(past: str, present: str, cls: VerbClass = "sound", masdar: str = "", participle: str = "",
               passive_past: str = "", passive_present: str = "", extra: Iterable[str] = ()) -> list[Inflection]:
    """Every generated key of one verb entry (see the module docstring)."""
    out: list[Inflection] = []
    if past:
        out += past_forms(past, cls)
    if present:
        out += present_forms(present, cls)
    for m in filter(None, masdar.split("|")):
        out += noun_forms(m, "masdar")
    for p in filter(None, participle.split("|")):
        out += noun_forms(p, "participle")
    if passive_past:
        out += past_forms(passive_past, "hollow" if cls == "hollow" else "sound", "passive_past")
    if passive_present:
        out += present_forms(passive_present, "sound", "passive_present")
    out += [Inflection(key(w), "word") for w in extra if key(w)]
    return out


# --- lookup: proclitics stripped from a token --------------------------------------------------------------

_CONJ = ("و", "ف")
_VERB_PRE = ("س", "ل")
_NOUN_PRE = ("ب", "ل", "ك")


def analyses(token_key: str, forms: dict[str, list[object]], min_rest: int = 2) -> list[tuple[str, object]]:
    """``(proclitics, entry)`` for every reading of ``token_key`` among ``forms`` (generated key → entries
    with a ``form`` attribute): the token itself, or the token without و/ف, then without س/ل (present verbs)
    or ب/ل/ك and ال, with «لل» read as ل + ال. Clitics must fit the form of the entry they uncover."""
    out: list[tuple[str, object]] = []
    seen: set[tuple[str, int]] = set()

    def take(clitics: str, rest: str) -> None:
        if len(rest) < min_rest:
            return
        for entry in forms.get(rest, ()):
            form = getattr(entry, "form", "word")
            if not _clitics_fit(clitics, form):
                continue
            mark = (clitics, id(entry))
            if mark not in seen:
                seen.add(mark)
                out.append((clitics, entry))

    bases = [("", token_key)]
    if token_key[:1] in _CONJ:
        bases.append((token_key[0], token_key[1:]))
    for conj, rest in bases:
        take(conj, rest)
        if rest[:1] in _VERB_PRE:
            take(conj + rest[0], rest[1:])
        if rest.startswith("لل"):
            take(conj + "لال", "ال" + rest[2:])
            take(conj + "لال", rest[2:])
        elif rest[:1] in _NOUN_PRE:
            take(conj + rest[0], rest[1:])
            if rest[1:3] == "ال":
                take(conj + rest[0] + "ال", rest[3:])
        if rest.startswith("ال"):
            take(conj + "ال", rest[2:])
    return out


def _clitics_fit(clitics: str, form: str) -> bool:
    rest = clitics.lstrip("وف")
    if not rest:
        return True
    if form in ("present", "passive_present"):
        return rest in ("س", "ل")
    if form in ("masdar", "participle", "word"):
        return rest in ("ب", "ل", "ك", "ال", "بال", "كال", "لال")
    return False  # a past verb takes only و/ف
