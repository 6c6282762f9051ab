"""Names of military facilities after a head noun, in any theatre: «قاعدة فايا», «معسكر تمبكتو», «مطار كابول»,
«قاعدتي انجمينا وأبيشي», «القاعدة الجوية 101», «القاعدة العسكرية الفرنسية في فايا», «قاعدة غوسي العسكرية», «القاعدة العسكرية التركية “تركسوم”».

Arabic writes no capitals, so a name is told from an ordinary word by grammar and by the lexicon:

* after an *indefinite* head the name follows directly (a construct chain: «قاعدة عين الأسد», «حقل العمر»);
  an indefinite word that agrees with the head as an adjective (feminine «ـية» after «قاعدة», «ـي» after
  «معسكر») or any word the lexicon lists as ``not_name`` («قاعدة عسكرية», «قاعدة التحالف», «قاعدة تقع») is no
  name; the name is 1–3 words, later ones definite («عين الأسد») or numbers;
* a dual or plural head takes names joined by و («قاعدتي انجمينا وأبيشي»);
* a *definite* or possessed head («القاعدة», «قاعدتها») takes no name, but after its adjectives either a number
  («القاعدة الجوية 101») or «في + a place that is no country» («القاعدة الفرنسية في فايا») names it; an
  indefinite one does not («قاعدة جوية في أربيل» is any air base there); a quoted name after the adjectives
  names it too («القاعدة العسكرية التركية “تركسوم”»);
* a trailing type adjective («الجوية», «العسكرية») belongs to the span.

The span covers head and name; :mod:`kg.link.minting` keys the facility by its name alone, so «قاعدة فايا»,
«معسكر فايا» and «القاعدة الفرنسية في فايا» are one entity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kg.lexicon import Lexicon

TAILS = frozenset({"الجويه", "الجوي", "العسكريه", "العسكري", "البحريه", "البحري", "الجويتين", "العسكريتين"})
IN_WORDS = frozenset({"في", "داخل", "قرب", "بمدينه", "بمنطقه"})


@dataclass(frozen=True)
class FacilityName:
    """Tokens ``[start, end]`` (inclusive) of one facility mention; ``name`` the tokens of its name."""

    start: int
    end: int
    name: tuple[int, int]
    type: str


def _is_word(k: str) -> bool:
    return bool(k) and (k[0].isalpha() or k.isdigit())


def _adjective_like(k: str, gender: str, is_adjective: Callable[[str], bool]) -> bool:
    """An indefinite word that agrees with the head as an adjective («عسكرية» after «قاعدة»)."""
    if is_adjective(k):
        return True
    if k.startswith("ال"):
        return False
    # a feminine head takes a feminine adjective («قاعدة عسكرية»); after a masculine one the -ي adjectives are
    # the lexicon's («معسكر فرنسي», «مطار دولي»), since many names end in ي too («غوسي», «موبتي»)
    return gender == "f" and k.endswith("يه") and len(k) > 4


_OPEN_QUOTES = {'"': '"', "«": "»", "“": "”", "'": "'"}


def _quoted_name(keys: list[str], k: int) -> tuple[int, int] | None:
    """Tokens ``[a, b]`` of a name of one to three words inside quotes opening at token ``k``, or None."""
    close = _OPEN_QUOTES.get(keys[k]) if k < len(keys) else None
    if close is None:
        return None
    for b in range(k + 1, min(k + 5, len(keys))):
        if keys[b] in (close, "”", '"', "»"):
            return (k + 1, b - 1) if b > k + 1 else None
        if not _is_word(keys[b]):
            return None
    return None


class FacilityNames:
    """Finds facility names after head nouns; built on the lexicon and a nationality-adjective test."""

    def __init__(self, lex: Lexicon, is_adjective: Callable[[str], bool], is_country: Callable[..., bool],
                 is_area: Callable[..., bool] | None = None) -> None:
        """``is_country(*keys)``: a country's name starts with these keys (one word, or up to three: «الكوت
        ديفوار», «جنوب السودان»); ``is_area(*keys)``: a country's or a known province's does («محافظة نينوى»)."""
        self.lex = lex
        self.is_adjective = is_adjective
        self.is_country = is_country
        self.is_area = is_area or is_country

    def _stop(self, k: str) -> bool:
        lex = self.lex
        if not _is_word(k) or lex.has(k, "not_name", "negation", "role.", "plan.noun", "control.noun"):
            return True
        if lex.head(k) is not None or self.is_adjective(k):
            return True
        return bool(lex.find(k, "handover.", "withdraw", "status.", "denial", "demand"))

    def _name(self, keys: list[str], j: int, gender: str) -> int:
        """End (exclusive) of a name starting at token ``j``, or ``j`` when none starts there."""
        n = len(keys)
        if j < n and keys[j] == "علي":  # «على» and the name «علي» share a key: a name only before a type adjective
            for k in (j + 2, j + 3):
                if k < n and keys[k] in TAILS and all(not self._stop(x) for x in keys[j + 1 : k]):
                    return k
            return j
        if j >= n or self._stop(keys[j]) or keys[j][:1] in ("و", "ف") and self._stop(keys[j][1:]):
            return j
        if keys[j].isdigit():
            return j + 1
        if _adjective_like(keys[j], gender, self.is_adjective):
            return j
        k = j + 1
        while k < n and k - j < 3 and _is_word(keys[k]) and not self._stop(keys[k]) and keys[k] not in TAILS:
            definite = keys[k].startswith("ال") or keys[k].isdigit()
            # a foreign name of two words («بورت بويه», «حاجي علي», «كامب تشابمان»): an indefinite word that is
            # no adjective, no adverb («رسميا») and no common word
            w = keys[k]
            preposition = w[:1] in ("ل", "ب") and len(w) > 4 and w.endswith(("ه", "ات"))  # «لمراقبة», «بعمليات»
            foreign = not keys[j].startswith("ال") and not w.endswith("ا") and not w.startswith(("و", "ف")) \
                and not preposition and not _adjective_like(w, gender, self.is_adjective) and len(w) > 2
            if not (definite or foreign) or self.is_country(keys[k]):
                break
            k += 1
        return k

    def find(self, keys: list[str], i: int) -> list[FacilityName]:
        """Facility names headed by token ``i`` (empty when ``i`` is no facility head or no name follows)."""
        found = self.lex.head(keys[i])
        if found is None or found[1].kind not in ("facility", "place") or found[0].endswith("لل"):
            return []
        clitics, head, ending = found
        if head.kind == "place":  # «منطقة ناغورنو كاراباخ», «مدينة كيدال»: a name right after the head only
            if clitics.endswith("ال") or ending or head.plural:
                return []
            end = self._name(keys, i + 1, head.gender)
            return [FacilityName(i, end - 1, (i + 1, end - 1), head.type)] if end > i + 1 else []
        n = len(keys)
        definite = clitics.endswith("ال") or ending in ("dual", "possessive")
        j = i + 1
        if not definite:
            end = self._name(keys, j, head.gender)
            if end > j:
                tail = end + 1 if end < n and keys[end] in TAILS else end
                out = [FacilityName(i, tail - 1, (j, end - 1), head.type)]
                # «قاعدتي انجمينا وأبيشي», «قواعد كيدال وتيساليت وتمبكتو»: more names joined by و
                k = tail
                while head.plural or ending == "construct":
                    if k + 1 < n and keys[k] in ("،", ",") and keys[k + 1].startswith("و"):
                        k += 1  # «قاعدتي القائم، والقيارة»
                    # «قاعدتي التنف بريف حمص والشدادي بريف الحسكة»: where the name before lies, then the next
                    where = k
                    if k < n and (keys[k] in IN_WORDS or keys[k][:1] == "ب" and len(keys[k]) > 3):
                        where = next((x for x in range(k + 1, min(n, k + 4)) if keys[x].startswith("و")), k)
                    if not (where < n and keys[where].startswith("و") and len(keys[where]) > 2):
                        break
                    rest = keys[where][1:]
                    if self._stop(rest) or _adjective_like(rest, head.gender, self.is_adjective) or (
                            where > k and self.is_country(rest)):
                        break
                    k = where
                    out.append(FacilityName(k, k, (k, k), head.type))
                    k += 1
                return out
        # a definite/possessed head, or an indefinite one with adjectives: skip them, then a number or «في X»
        k = j
        while k < n and k - j < 4 and (keys[k] in TAILS or self.is_adjective(keys[k])
                                        or _adjective_like(keys[k], head.gender, self.is_adjective)
                                        or self.lex.has(keys[k], "not_name") and keys[k] not in IN_WORDS
                                        and not self.lex.has(keys[k], "role.")):
            k += 1
        if k < n and keys[k].isdigit() and k > j:
            return [FacilityName(i, k, (k, k), head.type)]
        quoted = _quoted_name(keys, k) if k > j and not head.plural else None
        if quoted is not None:  # «القاعدة العسكرية التركية “تركسوم”»: a quoted name after the head's adjectives
            return [FacilityName(i, quoted[1] + 1, quoted, head.type)]
        if k > j and k < n and keys[k].startswith("لل") and definite:
            # «المعسكر الفرنسي للكتيبة البحرية 43 (بيما) في بورت بوتو»: past whose camp it is, to where it is
            owner = next((x for x in range(k + 1, min(n, k + 7)) if keys[x] in IN_WORDS), None)
            if owner is not None and all(_is_word(x) or x.isdigit() or x in ("(", ")") for x in keys[k + 1 : owner]):
                k = owner
        if k < n and keys[k] in IN_WORDS and k + 1 < n and definite:  # «قاعدة جوية في أربيل» is any base there
            place = k + 1
            found_head = self.lex.head(keys[place])
            if found_head is not None and found_head[1].kind == "place" and place + 1 < n:
                place += 1  # «معسكرها في مدينة كيدال»
            end = self._name(keys, place, "m")
            if end > place and not self.is_area(*keys[k + 1 : k + 4]) and not self.is_area(*keys[place : place + 3]) \
                    and not head.plural:
                return [FacilityName(i, end - 1, (place, end - 1), head.type)]
        return []
