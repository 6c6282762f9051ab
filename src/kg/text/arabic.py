"""Character tables for Arabic script, shared by normalization, tokenization, dates and numbers.

Kept as plain strings / regex character classes so that the other modules can build fast regexes from them.
"""

from __future__ import annotations

#: Harakat, tanween, shadda, sukun, superscript alef, Quranic marks: removed by every normalization level.
DIACRITICS = (
    "\u0610-\u061a"  # Quranic honorifics and small high signs
    "\u064b-\u065f"  # fathatan … wavy hamza below
    "\u0670"  # superscript alef
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"  # Quranic annotation signs
)
TATWEEL = "\u0640"

#: Characters that carry no text: zero-width (non-)joiners and spaces, bidi controls, BOM, Arabic letter mark.
INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c\u00ad"

#: Spaces other than ASCII space/tab/newline that should read as a plain space.
ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"

#: Digits in the three systems, as a regex class. ``int()`` converts all of them, but we map to ASCII for storage.
DIGIT = "0-9\u0660-\u0669\u06f0-\u06f9"
DIGIT_CLASS = f"[{DIGIT}]"
DIGIT_MAP: dict[int, str] = {
    **{0x0660 + i: str(i) for i in range(10)},  # Arabic-Indic ٠-٩
    **{0x06F0 + i: str(i) for i in range(10)},  # Extended Arabic-Indic (Persian/Urdu) ۰-۹
}

#: Curly and low quotes mapped to their ASCII form. Guillemets «» are kept: they are unambiguous.
QUOTE_MAP: dict[int, str] = {
    ord("\u201c"): '"',  # “
    ord("\u201d"): '"',  # ”
    ord("\u201e"): '"',  # „
    ord("\u201f"): '"',  # ‟
    ord("\u2033"): '"',  # ″
    ord("\u2018"): "'",  # ‘
    ord("\u2019"): "'",  # ’
    ord("\u201a"): "'",  # ‚
    ord("\u201b"): "'",  # ‛
    ord("\u2032"): "'",  # ′
}

#: Letter variants folded by the *matching key* only (never for labels: «علي» the name vs «على» the preposition).
KEY_MAP: dict[int, str] = {
    ord("\u0623"): "\u0627",  # أ → ا
    ord("\u0625"): "\u0627",  # إ → ا
    ord("\u0622"): "\u0627",  # آ → ا
    ord("\u0671"): "\u0627",  # ٱ → ا
    ord("\u0672"): "\u0627",  # ٲ → ا
    ord("\u0673"): "\u0627",  # ٳ → ا
    ord("\u0649"): "\u064a",  # ى → ي
    ord("\u0629"): "\u0647",  # ة → ه
    ord("\u06cc"): "\u064a",  # Persian yeh ی → ي
    ord("\u06a9"): "\u0643",  # keheh ک → ك
}

#: Arabic punctuation. Normalization keeps these code points as they are (they are unambiguous), except the
#: Arabic decimal separator ٫ (→ ".") and the thousands separator ٬ (→ "," between digits, "،" elsewhere,
#: because news sites use it as a comma: «الماضي٬»).
ARABIC_COMMA = "\u060c"  # ،
ARABIC_SEMICOLON = "\u061b"  # ؛
ARABIC_QUESTION = "\u061f"  # ؟
ARABIC_DECIMAL = "\u066b"  # ٫
ARABIC_THOUSANDS = "\u066c"  # ٬
ARABIC_FULL_STOP = "\u06d4"  # ۔ (Urdu full stop, seen in copied text)

#: Regex class of the Arabic letters proper (no digits, no punctuation, no marks).
ARABIC_LETTER = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"

#: Presentation forms (ligatures such as ﻻ and ﷲ) that NFKC turns into ordinary letters.
PRESENTATION_FORMS = "\ufb50-\ufdff\ufe70-\ufefe"
