"""Numbers and counted quantities in Arabic news.

:func:`parse_number` reads digits in the three digit systems (with ``,``/``٬`` thousands separators, ``.``/``٫``
decimals, and ``.`` as a thousands separator only in groups of three) and cardinal number words, including
scale words and their duals/plurals (ألف، ألفين، آلاف، مليون، ملايين، مليار), halves (نصف مليون، مليون ونصف)
and compounds (ألفين وخمسمئة، خمسة وعشرين، 2.5 ألف).

:func:`find_quantities` finds counts in running text with their qualifier (about / more_than / less_than /
range / exact), bounds and unit. Policy (docs/language.md): numbers that are years or parts of a date,
percentages, money, distances, durations, weights and ordinal/designator numbers (اللواء 65، الـ12، F-16) are
not returned; any other count is returned, with ``unit=None`` when no known unit follows. A number written
as a single word (ثلاثة، ألف) is returned only with a unit or a qualifier, because such words are often
something else (أحد = "one of", ست = "lady").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Qualifier, Quantity
from kg.text.arabic import ARABIC_LETTER, DIACRITICS, DIGIT, TATWEEL
from kg.text.normalize import match_form
from kg.values.dates import URL_RE, find_dates_plain
from kg.values.surface import on_surface

_STRIP = re.compile(f"[{DIACRITICS}{TATWEEL}\u200c\u200d]")


def fold(word: str) -> str:
    """Lookup form of a word: the text layer's match form (no marks or tatweel, alef/yaa/taa-marbuta folded,
    ASCII digits)."""
    return match_form(word)


# ---------------------------------------------------------------------------------------------- word tables
# All keys are in folded form (see ``fold``).
_ONES = {
    "واحد": 1, "واحده": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}  # fmt: skip
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}  # fmt: skip
_HUNDREDS: dict[str, int] = {"مئه": 100, "مائه": 100, "ميه": 100}
for _w in ("مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي"):
    _HUNDREDS[_w] = 200
for _p, _v in (
    ("ثلاث", 3),
    ("اربع", 4),
    ("خمس", 5),
    ("ست", 6),
    ("سبع", 7),
    ("ثمان", 8),
    ("ثماني", 8),
    ("تسع", 9),
):
    _HUNDREDS[_p + "مئه"] = _v * 100
    _HUNDREDS[_p + "مائه"] = _v * 100
#: scale word -> (multiplier, count implied when nothing precedes it: 2 for duals)
_SCALES = {
    "الف": (1000, 1), "الفا": (1000, 1), "الاف": (1000, 1),
    "الفان": (1000, 2), "الفين": (1000, 2), "الفي": (1000, 2),
    "مليون": (10**6, 1), "مليونا": (10**6, 1), "ملايين": (10**6, 1),
    "مليونان": (10**6, 2), "مليونين": (10**6, 2), "مليوني": (10**6, 2),
    "مليار": (10**9, 1), "مليارا": (10**9, 1), "مليارات": (10**9, 1),
    "ملياران": (10**9, 2), "مليارين": (10**9, 2), "ملياري": (10**9, 2),
}  # fmt: skip
#: scale words whose construct dual («ألفا جندي», «مليونا دولار») looks like the singular accusative
_CONSTRUCT_DUALS = {"الفا", "مليونا", "مليارا"}
#: «a few» before a plural of hundreds/thousands
_FEW = {"بضع", "بضعه", "وبضع", "وبضعه", "عده", "وعده"}  # «بضع مئات», «عدة آلاف»: three to nine
#: plurals used on their own for an unspecified amount ("thousands"): the value is a lower bound.
_VAGUE = {"عشرات": 10, "مئات": 100, "الاف": 1000, "ملايين": 10**6, "مليارات": 10**9}
_FRACTIONS = {"نصف": 0.5, "ربع": 0.25}


def _word_value(w: str) -> tuple[str, float] | None:
    """Classify a folded word: ("num", v) | ("hundred", v) | ("scale", …) | ("frac", v) | ("vague", v)."""
    if w in _ONES:
        return "num", _ONES[w]
    if w in _TENS:
        return "num", _TENS[w]
    if w in _HUNDREDS:
        return "hundred", _HUNDREDS[w]
    if w in _VAGUE and w not in ("الاف", "ملايين", "مليارات"):
        return "vague", _VAGUE[w]
    if w in _SCALES:
        return "scale", 0
    if w in _FRACTIONS:
        return "frac", _FRACTIONS[w]
    return None


def _is_number_word(w: str) -> bool:
    return _word_value(w) is not None


_DIGITS_RE = re.compile(f"^[{DIGIT}]+(?:[.,\u066b\u066c\u060c][{DIGIT}]+)*$")


def parse_digits(s: str) -> float | None:
    """Value of a digit string: ``2,500`` / ``٢٬٥٠٠`` / ``2.500`` / ``2،500`` → 2500; ``1.5`` → 1.5; bad grouping →
    None."""
    if not _DIGITS_RE.match(s):
        return None
    s = match_form(s).replace("\u066b", ".").replace("\u066c", ",").replace("\u060c", ",")
    if "," in s:
        head, *groups = s.split(",")
        if "." in head or not 1 <= len(head) <= 3:
            return None
        last = groups[-1]
        dec = ""
        if "." in last:
            last, dec = last.split(".", 1)
            if "." in dec:
                return None
            groups[-1] = last
        if any(len(g) != 3 or not g.isdigit() for g in groups):
            return None
        return float(head + "".join(groups) + ("." + dec if dec else ""))
    parts = s.split(".")
    if len(parts) == 1:
        return float(parts[0])
    if len(parts) == 2 and len(parts[1]) != 3:
        return float(s)  # decimal: 2.5
    if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
        return float("".join(parts))  # dotted thousands: 2.500, 1.250.000
    return None


@dataclass
class _Parsed:
    value: float
    vague: bool  # a lower bound from a plural such as «آلاف» / «مئات»


def _parse_terms(terms: list[str]) -> _Parsed | None:
    """Combine folded terms (digit strings or number words, «و» already removed) into one value."""
    total = 0.0
    current = 0.0
    have_current = False
    last_scale = 0
    vague = False
    pending_frac = 0.0
    for i, t in enumerate(terms):
        if t[0].isdigit():
            if have_current or i and terms[i - 1][0].isdigit():
                return None
            v = parse_digits(t)
            if v is None:
                return None
            current, have_current = v, True
            continue
        kind = _word_value(t)
        if kind is None:
            return None
        k, v = kind
        if k == "num":
            current += v
            have_current = True
        elif k == "hundred":
            if have_current and 0 < current < 10 and v == 100:
                current *= 100  # «ثلاث مئة»
            else:
                current += v
            have_current = True
        elif k == "vague":
            current += v
            have_current = True
            vague = True
        elif k == "frac":
            if last_scale and not have_current:
                total += last_scale * v  # «مليون ونصف»
            else:
                pending_frac = v
        else:  # scale
            mult, implied = _SCALES[t]
            if t in ("الاف", "ملايين", "مليارات") and have_current and current >= 11 and i and terms[i - 1][0].isdigit():
                continue  # «3000 آلاف جندي»: the plural scale after a number above ten only repeats the unit

            if t in _VAGUE and not have_current and not pending_frac:
                vague = True  # «آلاف» alone
            base = current if have_current else (pending_frac or implied)
            if have_current and pending_frac:
                base = current + pending_frac
            total += base * mult
            current, have_current, pending_frac, last_scale = 0.0, False, 0.0, mult
    if pending_frac:
        return None
    total += current
    if total <= 0:
        return None
    return _Parsed(total, vague)


_SPLIT = re.compile(f"[{DIGIT}]+(?:[.,\u066b\u066c][{DIGIT}]+)*|[{ARABIC_LETTER}{DIACRITICS}{TATWEEL}]+|\\S")


def _terms_of(s: str) -> list[str] | None:
    terms: list[str] = []
    for m in _SPLIT.finditer(s):
        t = m.group()
        if t[0].isdigit():
            terms.append(match_form(t))
            continue
        w = fold(t)
        if w == "و":
            continue
        if not _is_number_word(w) and w.startswith("و") and _is_number_word(w[1:]):
            w = w[1:]
        elif not _is_number_word(w) and w.startswith("ال") and _is_number_word(w[2:]):
            w = w[2:]
        if not _is_number_word(w):
            return None
        terms.append(w)
    return terms or None


def parse_number(s: str) -> int | None:
    """Integer value of ``s`` (digits or number words), or None if it is not a whole number.

    Plurals without a count (مئات، آلاف) give their lower bound (100, 1000).
    """
    terms = _terms_of(s.strip())
    if terms is None:
        return None
    parsed = _parse_terms(terms)
    if parsed is None or parsed.value != int(parsed.value):
        return None
    return int(parsed.value)


# ------------------------------------------------------------------------------------------- quantities
_A = "[اأإآ]"
_Y = "[يى]"
_H = "[هة]"
_CLITICS = "[وفبل]{0,2}"
#: qualifier regex alternatives -> (qualifier, inclusive)
_QUALIFIERS: list[tuple[str, Qualifier, bool | None]] = [
    (f"نحو|حوال{_Y}|قراب{_H}|زهاء|ما يقارب|ما يقرب من|يقارب|تقارب|ما يناهز|يناهز", "about", None),
    ("ما لا يقل عن|لا يقل عن|لا تقل عن|ما لا يقل على|لا يقل على", "more_than", True),
    (f"{_A}كثر من|ما يزيد عن|ما يزيد على|يزيد عن|يزيد على|يزيدون على|يزيدون عن|ما يفوق|يفوق|{_A}زيد من", "more_than", False),
    (f"لا يتجاوز|لا تتجاوز|لا يزيد عن|لا يزيد على|لا تزيد عن|لا تزيد على|ما يصل {_A}ل{_Y}|يصل {_A}ل{_Y}"
     f"|تصل {_A}ل{_Y}|حت{_Y}|لغاي{_H}|بحد {_A}قص{_Y}", "less_than", True),
    (f"{_A}قل من|ما يقل عن|يقل عن|ما دون|دون", "less_than", False),
]  # fmt: skip
_QUAL_RE = re.compile(
    r"(?<![^\s(«\"“،,])"
    + _CLITICS
    + "(?:"
    + "|".join(f"(?P<q{i}>{alt})" for i, (alt, _, _) in enumerate(_QUALIFIERS))
    + r")\s*$"
)
_RANGE_BETWEEN_RE = re.compile(r"(?<![^\s(«\"“،,])[وفب]?(?:ما\s+)?بين\s+(?:[\w]+\s+)?$")
_RANGE_FROM_RE = re.compile(r"(?<![^\s(«\"“،,])[وف]?(?:ما\s+)?من\s+$")
_ABOUT_AFTER_RE = re.compile(r"\s+تقريب[اًا]*\b")
#: «… إلى 1400 جندي»: a number that falls or rises to a count is a count too
_TO_COUNT = re.compile(
    rf"\s*(?:{_A}ل{_Y}|حت{_Y})\s+(?:نحو\s+|حوال{_Y}\s+|{_A}قل\s+من\s+|{_A}كثر\s+من\s+)?[{DIGIT}][{DIGIT},.]*\s+"
    r"(?:جندي|جنود|عسكري|عسكريين|مقاتل|مقاتلين|عنصر|مستشار|فرد)"
)
_PERCENT_RE = re.compile(r"\s*(?:[%٪]|(?:بال|في\s+ال)(?:مئ|مائ)[هة])")

_UNITS = {
    "troops": "جندي جنود جنديا عسكري عسكريين عسكريون عسكريا قوات مشاة مارينز",
    "advisers": "مستشار مستشارين مستشارون مستشارا",
    "fighters": "مقاتل مقاتلين مقاتلون مقاتلا مسلح مسلحين مسلحا",
    "personnel": "عنصر عناصر عنصرا فرد افراد",
    "officers": "ضابط ضباط ضابطا",
    "people": "شخص اشخاص شخصا",
    "men": "رجل رجلا رجال",
}
_UNIT_OF = {fold(w): unit for unit, words in _UNITS.items() for w in words.split()}
#: nouns after a number that make it money, a measure or a duration: such numbers are not counts
_NOT_COUNTS = {
    fold(w)
    for w in (
        "دولار دولارا دولارات دينار دنانير يورو ريال ريالات ليرة ليرات جنيه جنيهات درهم دراهم "
        "كم كلم كيلومتر كيلومترا كيلومترات متر مترا امتار ميل اميال كغم كيلوغرام طن اطنان "
        "عام عاما اعوام سنة سنوات سنين شهر شهرا اشهر شهور يوم يوما ايام اسبوع اسبوعا اسابيع "
        "ساعة ساعات دقيقة دقائق ثانية ثوان عقد عقود قرن قرون مرة مرات ضعف اضعاف بالمئة بالمائة"
    ).split()
}
#: words before a number that make it a designator or ordinal (اللواء 65، القرار 2379), not a count
_DESIGNATORS = {
    fold(w)
    for w in (
        "لواء فرقة فوج كتيبة سرب رقم مادة بند قرار فقرة صفحة ساعة عام سنة مرحلة دورة طراز "
        "قاعدة مطار طريق شارع حي حزب جيش العدد"
    ).split()
}
#: words of an amount before a number («بمقدار 2000», «قوامها 2000», «عددهم 1950»): the number is a count even when it
#: looks like a year
_AMOUNT_BEFORE = {
    fold(w)
    for w in (
        "مقدار بمقدار مقداره مقدارها قدره قدرها بواقع قوامه قوامها قوامهم عدده عددها عددهم تعداده تعدادها تعدادهم"
    ).split()
}
_NO_COUNT_SINGLE = {"احد", "احدي", "واحد", "واحده"}
_GLUE_DEFINITE = {"ال", "وال", "بال", "لل", "فال"}
_GLUE_OK = {"و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "بـ", "لـ"}
_LETTERS = f"[{ARABIC_LETTER}{DIACRITICS}{TATWEEL}\u200c\u200d]"
_CANDIDATE = re.compile(
    # the Arabic comma groups thousands only before exactly three digits, unspaced («1،156»; «1، 2، 3» is a list)
    f"(?P<d>[{DIGIT}]+(?:(?:[.,\u066b\u066c]|\u060c(?=[{DIGIT}]{{3}}(?![{DIGIT}])))[{DIGIT}]+)*)"
    f"|(?<!{_LETTERS})(?P<w>[وفبل]{{0,2}}(?:ال)?(?:ثلاث|{_A}ربع|خمس|ست|سبع|ثمان|تسع|عشر|مئ|مائ|مي[هة]|{_A}لف|{_A}لا"
    f"|مليون|ملايين|مليار|نصف|ربع|واحد|{_A}ثن|{_A}حد){_LETTERS}*)"
)
_GLUED_BEFORE = re.compile(f"{_LETTERS}+$")
_WORD = re.compile(f"{_LETTERS}+")
_FOLLOW = re.compile(f"\\s*({_LETTERS}+)")
_DIGITS_AFTER = re.compile(f"\\s*([{DIGIT}]+)(?![{DIGIT}]|[.,\u066b\u066c][{DIGIT}])")
_CLOCK = re.compile(f"[{DIGIT}]{{1,2}}:[{DIGIT}]{{2}}")
_NEXT_WORD = re.compile(f"\\s+(?:من\\s+)?([{ARABIC_LETTER}{DIACRITICS}{TATWEEL}]+)")
_PREV_WORD = re.compile(f"([{ARABIC_LETTER}{DIACRITICS}{TATWEEL}]+)\\s*$")


@dataclass
class _Phrase:
    start: int
    end: int
    value: float
    vague: bool
    words_only: bool
    n_terms: int
    terms: list[str]
    definite: bool = False  # «الـ2500 جندي»: a count only when a unit follows («الأشهر الـ12» is not one)
    glue_start: int = -1  # where the article glued to a definite number starts


def _phrases(text: str) -> list[_Phrase]:
    """Maximal runs of number terms (digits, number words, scale words) with their values.

    Only digit runs and words that can begin a number word (``_CANDIDATE``) are looked at, so the cost is
    in the regex engine rather than in a Python loop over every word.
    """
    out: list[_Phrase] = []
    pos = 0
    for m in _CANDIDATE.finditer(text):
        s, e = m.span()
        if s < pos:
            continue
        tok = m.group()
        start = s
        definite, glue_start = False, -1
        if m.lastgroup == "d":
            glued = _GLUED_BEFORE.search(text, max(0, s - 12), s) if s and text[s - 1].isalpha() else None
            if glued is not None:  # letters glued before the digits
                glue = fold(glued.group())
                if glue in _GLUE_DEFINITE:
                    definite, glue_start = True, glued.start()
                elif glue not in _GLUE_OK:  # «و3000» is fine; «M1» is not a count
                    continue
            if s >= 2 and text[s - 1] == "-" and text[s - 2].isascii() and text[s - 2].isalpha():
                continue  # F-16
            if _CLOCK.match(text, max(0, s - 3)) or _CLOCK.match(text, s):
                continue  # a time of day: 10:30
            after = _WORD.match(text, e)
            if after is not None and not _is_number_word(fold(after.group())):
                continue  # 2024م
            if e < len(text) and text[e].isascii() and text[e].isalpha():
                continue  # 12km
            terms = [match_form(tok)]
        else:
            w = fold(tok)
            head = _strip_clitic(w)
            if head is None:
                continue
            conj = 1 if len(w) > len(head) and w[0] in "وف" else 0  # spans keep ب/ل/ال, not a conjunction
            start = s + _clitic_len(tok, conj)
            terms = [head]
        end = e
        while (nm := _FOLLOW.match(text, end)) is not None:
            w2 = fold(nm.group(1))
            if w2 == "و":
                d3 = _DIGITS_AFTER.match(text, nm.end())
                if d3 is not None and terms[-1] in _SCALES and _below_scale(d3.group(1), terms[-1], text, d3.end()):
                    terms.append(match_form(d3.group(1)))  # «11 ألفاً و500»: the hundreds after the thousands
                    end = d3.end()
                    continue
                m3 = _FOLLOW.match(text, nm.end())
                nxt = fold(m3.group(1)) if m3 is not None else ""
                if (
                    m3 is not None
                    and _is_number_word(nxt)
                    and nxt not in _SCALES
                    and not terms[-1][0].isdigit()
                ):
                    terms.append(nxt)
                    end = m3.end()
                    continue
                break
            if w2.startswith("و") and _is_number_word(w2[1:]):
                if terms[-1][0].isdigit() or w2[1:] in _SCALES:
                    break  # «ألف وألفي»: two numbers (a range), not one sum
                terms.append(w2[1:])
            elif _is_number_word(w2) and (not terms[-1][0].isdigit() or w2 in _SCALES):
                terms.append(w2)
            elif w2.startswith("ال") and w2[2:] in _SCALES and terms == ["عشرات"]:
                terms.append(w2[2:])  # «عشرات الآلاف»
            else:
                break
            end = nm.end()
        pos = end
        parsed = _parse_terms(terms)
        if parsed is not None and len(terms) == 1 and terms[0] in _CONSTRUCT_DUALS:
            # «ألفا جندي»: a dual in construct (its nun dropped) is two thousand; «ألفًا» read alone or
            # before «من» («عشرون ألفا», «ألفا من الجنود») stays one
            after = _FOLLOW.match(text, end)
            following = fold(after.group(1)) if after is not None else ""
            if following and following not in ("من", "و") and not _is_number_word(following):
                parsed = _Parsed(parsed.value * 2, parsed.vague)
        if parsed is not None:
            words_only = not terms[0][0].isdigit()
            out.append(
                _Phrase(
                    start,
                    end,
                    parsed.value,
                    parsed.vague,
                    words_only,
                    len(terms),
                    terms,
                    definite,
                    glue_start,
                )
            )
    return out


def _below_scale(digits: str, scale: str, text: str, end: int) -> bool:
    """Digits after «ألف و» that add to it («ألفاً و500») rather than begin a second number («بين ألفين و3000»,
    «ألف و3 آلاف»): smaller than the scale, and no scale word of their own."""
    v = parse_digits(digits)
    if v is None or v >= _SCALES[scale][0]:
        return False
    nxt = _FOLLOW.match(text, end)
    return nxt is None or fold(nxt.group(1)) not in _SCALES


def _all_number_words() -> set[str]:
    return set(_ONES) | set(_TENS) | set(_HUNDREDS) | set(_SCALES) | set(_FRACTIONS) | {"عشرات", "مئات"}


#: every number word with up to two proclitics (و ف ب ل), mapped to the bare word
_WITH_CLITICS: dict[str, str] = {}
for _word in _all_number_words():
    for _pre in ("", "و", "ف", "ب", "ل", "وب", "فب", "ول", "فل"):
        _WITH_CLITICS.setdefault(_pre + _word, _word)
for _word in ("الاف", "مئات", "عشرات", "ملايين"):  # «الآلاف من عناصر التنظيم», «بالمئات»
    for _pre in ("ال", "وال", "فال", "بال", "وبال"):
        _WITH_CLITICS[_pre + _word] = _word
for _word in _all_number_words():
    _WITH_CLITICS[_word] = _word  # a bare word wins over a clitic reading («واحد», not و + «احد»)


def _strip_clitic(w: str) -> str | None:
    """The number word inside ``w`` after at most a conjunction and a preposition, or None."""
    return _WITH_CLITICS.get(w)


def _clitic_len(tok: str, n_letters: int) -> int:
    """Code points of ``tok`` taken by its first ``n_letters`` letters (marks and tatweel included)."""
    if n_letters == 0:
        return 0
    seen = 0
    for k, ch in enumerate(tok):
        if not _STRIP.match(ch):
            seen += 1
            if seen > n_letters:
                return k
    return len(tok)


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Counts in ``text`` (a sentence or article) with qualifier, bounds and unit; spans shifted by ``offset``."""
    return on_surface(text, _find_quantities, offset)


def _find_quantities(text: str) -> list[Quantity]:
    phrases = _phrases(text)
    if any(not p.words_only for p in phrases):  # only digits can be part of a date or a URL
        spans = [(t.start, t.end) for t in find_dates_plain(text, None)]
        spans += (
            [(u.start(), u.end()) for u in URL_RE.finditer(text)] if "/" in text or "www." in text else []
        )
        phrases = [p for p in phrases if not any(ds < p.end and p.start < de for ds, de in spans)]
    out: list[Quantity] = []
    i = 0
    while i < len(phrases):
        p = phrases[i]
        q = phrases[i + 1] if i + 1 < len(phrases) else None
        lo = max(0, p.start - 40)
        start, end = p.start, p.end
        qualifier: Qualifier = "exact"
        inclusive: bool | None = None
        value: int | None = None
        vmin: int | None = None
        vmax: int | None = None
        range_hit = q is not None and _range_start(text, p, q, lo)
        lo_v, hi_v = _scaled_range(p, q) if q is not None and range_hit is not None else (None, None)
        if q is not None and range_hit is not None and lo_v is None and not _falls_to_count(text, p, q):
            i += 1  # «بين 5 و3» is no range and no count
            continue
        if q is not None and range_hit is not None and lo_v is not None and hi_v is not None:
            # (a falling «من 2000 إلى 1400 جندي» is no range: two figures, read one by one below)
            start, end = range_hit, q.end
            qualifier, vmin, vmax = "range", lo_v, hi_v
            i += 2
            words_only = False
        else:
            i += 1
            if p.value != int(p.value):
                continue
            value = int(p.value)
            m = _QUAL_RE.search(text, lo, p.glue_start if p.definite else p.start)
            if m is not None:
                k = int(next(g for g, v in m.groupdict().items() if v is not None)[1:])
                _, qualifier, inclusive = _QUALIFIERS[k]
                start = m.start() + (1 if text[m.start()] in "وف" else 0)  # «وبنحو»: drop the conjunction
            elif p.vague:
                qualifier, inclusive = "more_than", True
                few = _PREV_WORD.search(text, max(0, p.start - 12), p.start)
                if few is not None and fold(few.group(1)) in _FEW and p.n_terms == 1:
                    # «بضع مئات» / «بضعة آلاف»: بضع is three to nine
                    qualifier, vmin, vmax = "range", 3 * value, 9 * value
                    value, start = None, few.start() + (1 if text[few.start()] in "وف" else 0)
            if qualifier == "more_than":
                vmin = value
            elif qualifier == "less_than":
                vmax = value
            words_only = p.words_only and p.n_terms == 1
        if _PERCENT_RE.match(text, end):
            continue
        prev = _PREV_WORD.search(text, max(0, start - 30), start)
        if prev is not None and _bare(fold(prev.group(1))) in _DESIGNATORS:
            continue
        unit: str | None = None
        nm = _NEXT_WORD.match(text, end)
        if nm is not None:
            nxt = _bare(fold(nm.group(1)))
            if nxt in _NOT_COUNTS:
                continue
            unit = _UNIT_OF.get(nxt)
            if unit is not None:
                end = nm.end()
        am = _ABOUT_AFTER_RE.match(text, end)
        if am is not None and qualifier == "exact":
            qualifier, end = "about", am.end()
        if words_only and (unit is None and qualifier == "exact" or p.terms[0] in _NO_COUNT_SINGLE):
            continue
        if p.definite and unit is None:
            continue
        if (
            qualifier == "exact"
            and unit is None
            and not p.words_only
            and value is not None
            and 1900 <= value <= 2100
            and len(p.terms) == 1
            and not _TO_COUNT.match(text, end)
            and not (prev is not None and is_amount_word(prev.group(1)))
        ):
            continue  # a bare year-like number (but «من 2000 إلى 1400 جندي» counts: the next number has a unit)
        out.append(
            Quantity(
                text=text[start:end],
                start=start,
                end=end,
                value=value,
                min=vmin,
                max=vmax,
                qualifier=qualifier,
                unit=unit,
                inclusive=inclusive,
            )
        )
    return out


def is_amount_word(word: str) -> bool:
    """«بمقدار», «قوامها», «عددهم»: a word of an amount, after which a number is a count, never a year."""
    return fold(word).lstrip("و") in _AMOUNT_BEFORE


def _bare(w: str) -> str:
    """Drop the article (and a preceding ب/ل/و) from a folded word: «للقوات» → «قوات»."""
    for pre in ("وال", "بال", "لل", "فال", "ال"):
        if w.startswith(pre) and len(w) > len(pre) + 1:
            return w[len(pre) :]
    return w


def _unit_after(text: str, end: int) -> str | None:
    """The counted unit right after a number ending at ``end`` («… عشرة آلاف رجل»), or None."""
    nm = _NEXT_WORD.match(text, end)
    return _UNIT_OF.get(_bare(fold(nm.group(1)))) if nm is not None else None


def _falls_to_count(text: str, p: _Phrase, q: _Phrase) -> bool:
    """«من 2000 إلى 1400 جندي», «من 15 ألفا إلى عشرة آلاف رجل»: a number that falls to a count is a count too
    (two figures of a change, read one by one), not a range and not nothing."""
    return bool(_TO_COUNT.match(text, p.end)) or _unit_after(text, q.end) is not None


def _range_start(text: str, p: _Phrase, q: _Phrase, lo: int) -> int | None:
    """Start of «بين P و Q» / «(ما) بين P إلى Q» / «من P إلى Q» / «P إلى Q جندي» / «P - Q» / «P أو Q آلاف», or None
    when ``p`` and ``q`` do not form a range."""
    between = text[p.end : q.start]
    if re.fullmatch(r"\s*و\s*", between):
        m = _RANGE_BETWEEN_RE.search(text, lo, p.start)
        return m.start() if m else None
    if re.fullmatch(f"\\s*(?:{_A}ل{_Y}|حت{_Y}|و)\\s*", between):
        m = _RANGE_FROM_RE.search(text, lo, p.start) or _RANGE_BETWEEN_RE.search(text, lo, p.start)
        if m is None and "و" not in between and p.value < q.value and _unit_after(text, q.end) is not None \
                and "من" not in text[max(lo, p.start - 16) : p.start].split()[-2:]:  # «من نحو ألف إلى …»: a change
            return p.start  # «نشر 4000 إلى 5000 جندي»: a range with no «من/بين» before it, before a unit
        return m.start() if m else None
    if re.fullmatch(f"\\s*{_A}و\\s*", between) and (q.terms[-1] in _SCALES or _unit_after(text, q.end)):
        return p.start  # «أربعة أو خمسة آلاف», «ثلاثة أو أربعة جنود»: either figure, a range
    if re.fullmatch(r"\s*[-–—]\s*", between) and not p.words_only and not q.words_only:
        return p.start
    return None


def _scaled_range(p: _Phrase, q: _Phrase) -> tuple[int | None, int | None]:
    """Bounds of a range; «بين 2 و3 آلاف» carries the scale of the second number to the first."""
    a, b = p.value, q.value
    if q.terms[-1] in _SCALES and p.terms[-1] not in _SCALES:
        mult = _SCALES[q.terms[-1]][0]
        if a < mult and a * mult < b:
            a *= mult
    if a != int(a) or b != int(b) or a >= b:
        return None, None
    return int(a), int(b)
