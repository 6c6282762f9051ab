"""Entities for names the seeds do not know: every person, organization, facility and place a recognizer finds.

The key is a hash of the mention label and the name's *core* — its match keys without the head noun and type
adjectives of a facility or place («قاعدة فايا العسكرية», «معسكر فايا» and «القاعدة الفرنسية في فايا» have the
core «فايا»; «مدينة كيدال» and «كيدال» the core «كيدال»; «القاعدة العسكرية التركية “تركسوم”» the quoted name), without a leading article on the first word («قاعدة
الحرير» = «قاعدة حرير») — so the same name is one entity in every article. The type comes from the head noun
(``seeds/lexicon/heads.tsv``: «مطار» → Airport, «معسكر» → Camp, «قوات» → ArmedForce, «مدينة» → City).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from kg.gazetteer import name_keys
from kg.lexicon import Lexicon, default_lexicon
from kg.model import Entity, MentionLabel

MINT_LABELS: tuple[MentionLabel, ...] = ("PER", "ORG", "FAC", "LOC")
#: the ontology type of a minted name with no head noun, by mention label
DEFAULT_TYPES = {"PER": "Person", "ORG": "Organization", "FAC": "MilitaryBase", "LOC": "Place"}
_TAILS = frozenset({"الجويه", "الجوي", "العسكريه", "العسكري", "البحريه", "البحري"})
_AIR = frozenset({"الجويه", "الجوي"})
_IN = frozenset({"في", "داخل", "قرب", "بمدينه", "بمنطقه"})
_QUOTES = frozenset('"\'«»“”()')
#: a span that is only these words (a model's «القاعدة», «العتاد») names nothing
_MIN_LETTERS = 2


@lru_cache(maxsize=65536)
def _core(label: str, text: str, lex: Lexicon) -> tuple[str, ...]:
    raw = name_keys(text)
    keys = [k for k in raw if k not in _QUOTES]
    if label not in ("FAC", "LOC") or not keys:
        return tuple(keys)
    opening = next((i for i, k in enumerate(raw) if k in _QUOTES), None)
    if opening is not None and opening > 0 and raw[-1] in _QUOTES and lex.head(raw[0]) is not None:
        inside = [k for k in raw[opening + 1 : -1] if k not in _QUOTES]
        if inside:  # «القاعدة العسكرية التركية “تركسوم”» → «تركسوم»
            return tuple(inside)
    for i in range(len(keys) - 1, 0, -1):  # «القاعدة الفرنسية في فايا» → «فايا»
        if keys[i] in _IN:
            keys = keys[i + 1 :]
            break
    while keys and lex.head(keys[0]) is not None:
        keys = keys[1:]
    while len(keys) > 1 and (keys[-1] in _TAILS or lex.has(keys[-1], "not_name")):
        keys = keys[:-1]
    if keys and keys[0].startswith("ال") and len(keys[0]) > 4:
        keys[0] = keys[0][2:]
    return tuple(keys)


def core(label: str, text: str, lex: Lexicon | None = None) -> tuple[str, ...]:
    """The name's comparable words (see the module docstring)."""
    return _core(label, text, lex or default_lexicon())


def mint_key(label: str, text: str, lex: Lexicon | None = None) -> str:
    """Stable key of an unlinked entity: same label and core name → same key in every article."""
    words = core(label, text, lex) or tuple(name_keys(text))
    digest = hashlib.sha1(f"{label}|{' '.join(words)}".encode()).hexdigest()[:12]
    return f"x-{label.lower()}-{digest}"


def entity_type(label: str, text: str, lex: Lexicon | None = None) -> str:
    """Ontology type of a minted name: from its head noun, else by label; «الجوية» makes a base an air base."""
    lex = lex or default_lexicon()
    keys = name_keys(text)
    if label == "PER" or not keys:
        return DEFAULT_TYPES.get(label, "Organization")
    found = lex.head(keys[0])
    typ = found[1].type if found is not None else DEFAULT_TYPES.get(label, "Organization")
    if label == "FAC" and found is not None and found[1].kind == "place":
        typ = DEFAULT_TYPES["FAC"]  # a model's FAC span «منطقة …» stays a facility of unknown kind
    if label == "LOC" and found is not None and found[1].kind != "place":
        typ = DEFAULT_TYPES["LOC"]
    if typ == "MilitaryBase" and any(k in _AIR for k in keys):
        typ = "AirBase"
    return typ


def worth_minting(label: str, text: str, lex: Lexicon | None = None) -> bool:
    """Whether a span names something: a name word remains once heads, type adjectives, common nouns and
    trigger words are set aside (a model's «القاعدة», «العتاد», «استلام الجيش» are no entities)."""
    lex = lex or default_lexicon()
    keys = [k for k in name_keys(text) if k not in _QUOTES]
    if not keys or sum(c.isalpha() for c in "".join(keys)) < _MIN_LETTERS:
        return False
    if lex.find(keys[0], "handover.", "withdraw", "status.", "denial", "demand", "control.noun", "supervise", "report"):
        return False  # «استلام الجيش», «انسحاب القوات»: a trigger, not a name
    if label == "PER":
        return True
    rest = [k for k in (core(label, text, lex) if label in ("FAC", "LOC") else keys)
            if not lex.has(k, "not_name", "presence.noun", "control.noun") and lex.head(k) is None
            and not re.fullmatch(r"ال?", k)]
    return bool(rest)


def display_label(label: str, text: str, lex: Lexicon | None = None, after_lam: bool = False) -> str:
    """A name as people read it: a span cut after the first lam of «لل» gets its article back («لقوات
    الأفغانية» → «القوات الأفغانية»), and a facility or place loses trailing common words a model's span ran
    on into («قاعدة غوسي الواقعة» → «قاعدة غوسي»)."""
    lex = lex or default_lexicon()
    words = text.strip().split()
    if after_lam and words and words[0].startswith("ل") and not words[0].startswith("لل"):
        words[0] = "ال" + words[0][1:]
    if label in ("FAC", "LOC"):
        while len(words) > 2 and (lex.has(name_keys(words[-1])[0] if name_keys(words[-1]) else "", "not_name")
                                  and (name_keys(words[-1]) or ("",))[0] not in _TAILS):
            words = words[:-1]
    return " ".join(words) or text.strip()


def minted_entity(label: str, text: str, lex: Lexicon | None = None, key: str | None = None,
                  after_lam: bool = False) -> Entity:
    """The entity of an unlinked mention (``source == "extracted"``)."""
    return Entity(key=key or mint_key(label, text, lex), type=entity_type(label, text, lex),
                  label_ar=display_label(label, text, lex, after_lam))
