"""Gazetteer and pattern recognizer: longest match of seed names over tokens, plus a few head-word patterns.

Why rules next to a statistical model: the seed gazetteer knows the domain's bases, forces and bodies with
their spelling variants, and a gazetteer hit carries its entity key (the link) for free. Patterns cover what
a list cannot: unknown people after a title («اللواء X»), unknown bases and headquarters («قاعدة X الجوية»,
«مقر X»), agencies («وكالة "X"»), governorates («محافظة X») and foreign forces («القوات الفرنسية»).

Policy (documented in docs/linking.md):
* Proclitics (و ف ب ل ك, stacked, and «لل» = ل + ال) are stripped from the first token only when the rest is a
  known name; the span then starts after the clitic (for «لل» after the first ل, as in the gold annotations).
* ``surname`` aliases («علاوي») count only after the full name was seen earlier in the same text;
  ``contextual`` aliases («العمليات المشتركة») only after a head word such as «قائد».
* A nationality adjective after a force noun («القوات الفرنسية») is an ORG span (unlinked unless the phrase is
  a seed alias, e.g. «القوات الأمريكية» → us-forces); a free-standing one («الانسحاب الأميركي») is NORP
  linked to the country, with lower confidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from kg import entity_types
from kg.gazetteer import CONTEXT_HEADS, AliasEntry, Gazetteer, clitic_variants, mention_label, skip_letters
from kg.lexicon import Lexicon, default_lexicon
from kg.model import Mention, MentionLabel, Sentence
from kg.ner.facilities import FacilityName, FacilityNames
from kg.text.normalize import normalize_key
from kg.text.tokens import Token, tokenize

NAME = "kg.ner.rules"
VERSION = "1.0.0"

_WORD = re.compile(r"^[^\W\d_]")
_URL = re.compile(r"(?:https?://|www\.)\S+")
#: A word with a proclitic before the article («للصحفيين», «والولايات»): not part of a person's name.
_CLITIC_ARTICLE = re.compile("^(?:[وف]?[بلك]ال|[وف]ال|[وف]?لل)")


def _keys(words: str) -> frozenset[str]:
    return frozenset(normalize_key(w) for w in words.split())


#: Confidence of a gazetteer match by alias kind.
KIND_CONFIDENCE = {
    "label": 0.95,
    "spelling": 0.95,
    "transliteration": 0.9,
    "translation": 0.9,
    "acronym": 0.9,
    "without-al": 0.85,
    "generated": 0.85,
    "metonym": 0.85,
    "surname": 0.85,
    "contextual": 0.8,
}
PATTERN_CONFIDENCE = 0.7
NORP_CONFIDENCE = 0.6

FACILITY_HEADS = _keys("قاعدة معسكر مطار")
HQ_HEADS = _keys("مقر")
FACILITY_TAILS = _keys("الجوية العسكرية الجوي")
FORCE_NOUNS = _keys("القوات قوات الجيش جيش الجنود جنود القوة قوة القطعات")
AGENCY_HEADS = _keys("وكالة")
GOVERNORATE_HEADS = _keys("محافظة")
IN_WORDS = _keys("في وفي")
MEDIA_HEADS = _keys("قناة صحيفة")
_ALI = normalize_key("علي")
_key = lru_cache(maxsize=65536)(normalize_key)
MINISTRY_HEADS = _keys("وزارة")
ARMS_HEADS = _keys("سلاح")
ARMS_BRANCHES = _keys("الجو البحرية المدفعية الهندسة الإشارة")
PORTFOLIOS = _keys("الدفاع الخارجية الداخلية المالية النفط الحرب العدل الصحة التخطيط البيشمركة")
#: Title words that announce a person's name (possibly after a chain of role words and a comma).
PERSON_TITLES = _keys(
    "المستشار مستشار الفريق اللواء العميد العقيد المقدم الرائد الجنرال الأدميرال الوزير وزير وزيرة "
    "السفير سفير الرئيس المتحدث الناطق النائب نائب السيناتور الشيخ السيد"
)
#: Words allowed between a title and the name (the role chain: «مستشار رئيس الوزراء العراقي، X»).
ROLE_WORDS = _keys(
    "أول الركن رئيس الوزراء الحكومة قائد القائد العام للقوات القوات المسلحة العمليات المشتركة الدفاع "
    "الخارجية الداخلية المالية النفط الحرب العدل باسم الرسمي العسكري الأمني لشؤون شؤون الأمن الوطني "
    "القومي مجلس النواب البرلمان الجمهورية الإقليم إقليم كردستان رئاسة أركان الجيش نائب قيادة "
    "العراقي العراقية الأمريكي الأميركي الأمريكية الأميركية البريطاني الفرنسي التركي الإيراني السوري "
    "السابق الحالي الأسبق المركزية العسكرية الأمنية الجوية"
)
#: Words that end a name or cannot be part of one.
STOP_WORDS = _keys(
    "في من إلى الى على عن مع أن إن أنه إنه أنها بأن لأن قد لم لن ما لا هذا هذه ذلك التي الذي الذين "
    "اليوم أمس غدا يوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت خلال بعد قبل عند حيث حول "
    "قال قوله أكد أعلن أوضح أشار ذكر صرح أضاف كان كانت بين وفق حسب نحو عبر ضد لدى منذ حتى أو ثم و "
    "جوية عسكرية جديدة كبيرة الجديدة إنها أنهم"
)


@dataclass(frozen=True, slots=True)
class _Match:
    """A gazetteer hit: tokens ``[i, j)``; ``skip`` code points of clitic cut from the first token."""

    i: int
    j: int
    skip: int
    entries: list[AliasEntry]


class RulesRecognizer:
    """Gazetteer longest match plus head-word patterns; implements :class:`kg.ner.base.Recognizer`."""

    name = NAME
    version = VERSION

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon or default_lexicon()
        self.version = _versioned(VERSION, gazetteer, self.lexicon)
        self.facilities = FacilityNames(
            self.lexicon,
            is_adjective=lambda k: k in gazetteer.adjectives,
            is_country=lambda *ks: any(gazetteer.entities[e.key].type == "Country"
                                       for _c, rest in clitic_variants(ks[0]) for n in range(1, len(ks) + 1)
                                       for e in gazetteer.lookup_keys((rest, *ks[1:n]))),
            # a country or a province the seeds know («في محافظة نينوى», «في إقليم كردستان»): it locates a
            # facility, it does not name it
            is_area=lambda *ks: any(gazetteer.entities[e.key].type in ("Country", "Region")
                                    for _c, rest in clitic_variants(ks[0]) for n in range(1, len(ks) + 1)
                                    for e in gazetteer.lookup_keys((rest, *ks[1:n]))),
        )

    def recognize(self, text: str, sentences: list[Sentence],
                  tokens: Sequence[Sequence[Token]] | None = None) -> list[Mention]:
        """Mentions in ``text`` (offsets into ``text``); sentence indices from ``sentences`` (one if empty);
        ``tokens`` per sentence from the text layer's analysis when the pipeline has it."""
        spans = sentences or [Sentence(0, 0, len(text), text)]
        given = tokens is not None and len(tokens) == len(spans)
        seen: set[str] = set()
        mentions: list[Mention] = []
        for k, sentence in enumerate(spans):
            toks = list(tokens[k]) if given and tokens is not None else tokenize(
                text[sentence.start : sentence.end], offset=sentence.start)
            mentions.extend(self._sentence(text, sentence.index, toks, seen))
        urls = [(u.start(), u.end()) for u in _URL.finditer(text)]
        if urls:  # words inside a URL («…/قاعدة-عين-الأسد-بالأنبار-…») are not mentions
            mentions = [m for m in mentions if not any(a < m.end and m.start < b for a, b in urls)]
        return [replace(m, recognizer_version=self.version) for m in mentions]

    # --- one sentence ---------------------------------------------------------------------------------------

    def _sentence(self, text: str, sent: int, tokens: list[Token], seen: set[str]) -> list[Mention]:
        keys = [_key(t.text) for t in tokens]
        out: list[Mention] = []
        i = 0
        while i < len(tokens):
            hit = self._match(tokens, keys, i, seen)
            found: tuple[list[Mention], int] | None
            if hit is not None:
                found = self._gazetteer_mention(text, sent, tokens, keys, hit)
            else:  # a known name starting here wins over every pattern («قاعدة عين الأسد الجوية»)
                found = self._pattern(text, sent, tokens, keys, i, seen)
            if found is None:
                adjective = self._adjective(text, sent, tokens, keys, i)
                if adjective is not None:
                    out.append(adjective)
                i += 1
                continue
            mentions, i = found
            for m in mentions:
                if m.entity:
                    seen.add(m.entity)
            out.extend(mentions)
        return out

    def _match(self, tokens: list[Token], keys: list[str], i: int, seen: set[str]) -> _Match | None:
        """Longest gazetteer match starting at token ``i`` (first token possibly clitic-stripped)."""
        if not keys[i] or not _WORD.match(keys[i]):
            return None
        firsts = [
            (skip, first) for skip, first in clitic_variants(keys[i]) if first in self.gazetteer.first_keys
        ]
        if not firsts:
            return None
        limit = min(self.gazetteer.max_tokens, len(tokens) - i)
        for length in range(limit, 0, -1):
            rest = tuple(keys[i + 1 : i + length])
            for skip, first in firsts:
                entries = [
                    e
                    for e in self.gazetteer.lookup_keys((first, *rest))
                    if self._allowed(e, keys, i, seen, skip)
                ]
                if entries:
                    return _Match(i, i + length, skip, entries)
        return None

    def _allowed(self, entry: AliasEntry, keys: list[str], i: int, seen: set[str], skip: int) -> bool:
        if entry.kind == "surname":
            return entry.key in seen
        if entry.kind == "contextual":
            return skip == 0 and i > 0 and keys[i - 1] in CONTEXT_HEADS
        return True

    def _gazetteer_mention(
        self, text: str, sent: int, tokens: list[Token], keys: list[str], hit: _Match
    ) -> tuple[list[Mention], int]:
        entries = sorted(hit.entries, key=lambda e: e.kind != "label")
        entry = entries[0]
        entity = self.gazetteer.entities[entry.key]
        start = skip_letters(tokens[hit.i], hit.skip)
        end = tokens[hit.j - 1].end
        label = mention_label(entity.type)
        # «مقر + ORG» is the organization's headquarters (a facility), e.g. «مقر التحالف الدولي»
        if label == "ORG" and hit.i > 0 and _clitic_len(keys[hit.i - 1], HQ_HEADS, -1) >= 0 and hit.skip == 0:
            head = tokens[hit.i - 1]
            hq_start = skip_letters(head, _clitic_len(keys[hit.i - 1], HQ_HEADS))
            return [_mention(text, sent, hq_start, end, "FAC", None, PATTERN_CONFIDENCE)], hit.j
        confidence = KIND_CONFIDENCE.get(entry.kind, 0.85) * (0.9 if len(hit.entries) > 1 else 1.0)
        return [_mention(text, sent, start, end, label, entry.key, confidence)], hit.j

    # --- patterns -------------------------------------------------------------------------------------------

    def _pattern(
        self, text: str, sent: int, tokens: list[Token], keys: list[str], i: int, seen: set[str]
    ) -> tuple[list[Mention], int] | None:
        n = len(tokens)
        heads = {rest for _, rest in clitic_variants(keys[i])}
        if heads & FACILITY_HEADS and i + 1 < n:
            quoted = _quoted(tokens, keys, i + 1)
            if quoted is not None and self._match(tokens, keys, quoted[0], seen) is None:
                a, b = quoted
                return [_span(text, sent, tokens, a, b, "FAC", PATTERN_CONFIDENCE)], b + 1
        place_head = self.lexicon.head(keys[i])
        if (place_head is not None and place_head[1].kind == "place" and not place_head[1].plural
                or keys[i] in IN_WORDS) and i + 1 < n:
            # «منطقة “ميرتقوو”», «بلدة "X"», «في "X"», «بمنطقة (X)»: a quoted name after a place head or «في» is
            # a place
            quoted = _quoted(tokens, keys, i + 1)
            if quoted is not None and self._match(tokens, keys, quoted[0], seen) is None:
                a, b = quoted
                return [_span(text, sent, tokens, a, b, "LOC", PATTERN_CONFIDENCE)], b + 2
        if self.lexicon.head(keys[i]) is not None and i + 1 < n and not heads & GOVERNORATE_HEADS:
            # «قاعدة فايا», «معسكر تمبكتو», «قاعدتي انجمينا وأبيشي», «القاعدة الجوية 101», «… في فايا»
            names = self.facilities.find(keys, i)
            head = self.lexicon.head(keys[i])
            known = [self._known_facility(head[1].word if head and head[1].kind == "facility" else "", keys, f)
                     for f in names]
            # a known name right after a singular head is the gazetteer's (it took «قاعدة القائم» already);
            # after a dual or plural head («قاعدتي القائم والقيارة») each name is read with the singular head
            if names and (any(known) or not any(self._names_other_than_place(tokens, keys, f.name[0], seen)
                                                for f in names[:1] if f.name[0] == i + 1)):
                out = []
                label: MentionLabel = "LOC" if head and head[1].kind == "place" else "FAC"
                for f, entity in zip(names, known, strict=True):
                    start = skip_letters(tokens[f.start], self._proclitics(keys[f.start], f.start == i))
                    out.append(_mention(text, sent, start, tokens[f.end].end, label, entity,
                                        KIND_CONFIDENCE["spelling"] if entity else PATTERN_CONFIDENCE))
                return out, names[-1].end + 1
        if heads & AGENCY_HEADS and i + 1 < n:
            quoted = _quoted(tokens, keys, i + 1)
            if quoted is not None and self._match(tokens, keys, quoted[0], seen) is None:
                a, b = quoted
                return [_span(text, sent, tokens, a, b, "ORG", PATTERN_CONFIDENCE)], b + 1
            if i + 2 < n and keys[i + 1] in _keys("الأنباء أنباء") and _WORD.match(keys[i + 2]):
                start = skip_letters(tokens[i], _clitic_len(keys[i], AGENCY_HEADS))
                return [
                    _mention(text, sent, start, tokens[i + 2].end, "ORG", None, PATTERN_CONFIDENCE)
                ], i + 3
        if heads & MEDIA_HEADS and i + 1 < n:
            quoted = _quoted(tokens, keys, i + 1)
            if quoted is not None and self._match(tokens, keys, quoted[0], seen) is None:
                a, b = quoted
                return [_span(text, sent, tokens, a, b, "ORG", PATTERN_CONFIDENCE)], b + 1
            if _name_word(keys[i + 1]) and not _CLITIC_ARTICLE.match(keys[i + 1]):
                start = skip_letters(tokens[i], _clitic_len(keys[i], MEDIA_HEADS))
                return [
                    _mention(text, sent, start, tokens[i + 1].end, "ORG", None, PATTERN_CONFIDENCE)
                ], i + 2
        if heads & GOVERNORATE_HEADS and i + 1 < n and _name_word(keys[i + 1]):
            inner = self._match(tokens, keys, i + 1, seen)
            j = inner.j if inner is not None and inner.skip == 0 else i + 2
            start = skip_letters(tokens[i], _clitic_len(keys[i], GOVERNORATE_HEADS))
            entity = None
            if inner is not None:
                governorates = [e for e in inner.entries if self.gazetteer.entities[e.key].type == "Region"]
                entity = governorates[0].key if governorates else None
            return [_mention(text, sent, start, tokens[j - 1].end, "LOC", entity, PATTERN_CONFIDENCE)], j
        # «وزارة الدفاع (العراقية)», «سلاح الجو (العراقي)»: head + a known branch, then a nationality adjective
        for head_words, branches in ((MINISTRY_HEADS, PORTFOLIOS), (ARMS_HEADS, ARMS_BRANCHES)):
            if heads & head_words and i + 1 < n and keys[i + 1] in branches:
                j = i + 2
                if j < n and self.gazetteer.adjectives.get(keys[j]):
                    j += 1
                start = skip_letters(tokens[i], _clitic_len(keys[i], head_words))
                return [_mention(text, sent, start, tokens[j - 1].end, "ORG", None, PATTERN_CONFIDENCE)], j
        if heads & FORCE_NOUNS and i + 1 < n and self.gazetteer.adjectives.get(keys[i + 1]):
            start = skip_letters(tokens[i], _clitic_len(keys[i], FORCE_NOUNS))
            return [_mention(text, sent, start, tokens[i + 1].end, "ORG", None, PATTERN_CONFIDENCE)], i + 2
        if heads & PERSON_TITLES:
            return self._person(text, sent, tokens, keys, i, seen)
        return None

    def _names_other_than_place(self, tokens: list[Token], keys: list[str], i: int, seen: set[str]) -> bool:
        """A known name at ``i`` that is no place: «قاعدة التحالف» is the coalition's base, while a place after a
        facility head names the facility («مطار بغداد», «قاعدتي انجمينا وأبيشي»)."""
        hit = self._match(tokens, keys, i, seen)
        return hit is not None and not any(
            mention_label(self.gazetteer.entities[e.key].type) == "LOC" for e in hit.entries)

    def _known_facility(self, head: str, keys: list[str], f: FacilityName) -> str | None:
        """The seed facility «<singular head> <name>» denotes («قاعدتي القائم» → «قاعدة القائم»), if any."""
        name = tuple(keys[f.name[0] : f.name[1] + 1])
        if name and name[0][:1] == "و" and f.start == f.name[0]:
            name = (name[0][1:], *name[1:])  # «والقيارة» joined by و
        for words in ((head, *name), name):
            for e in self.gazetteer.lookup_keys(words) if words[0] else ():
                if self.gazetteer.entities[e.key].type in entity_types.FACILITY:
                    return e.key
        return None

    def _proclitics(self, key: str, head: bool) -> int:
        """Letters of proclitic before a facility mention's first word: و/ف and ب/ل/ك, never the article
        («والقاعدة» → «القاعدة», «للقاعدة» → «لقاعدة»'s article kept as in the gold, «وأبيشي» → «أبيشي»)."""
        if not head:
            return 1 if key[:1] in ("و", "ف") else 0
        found = self.lexicon.head(key)
        clitics = found[0] if found else ""
        if clitics.endswith("لل"):
            return len(clitics) - 1
        return len(clitics) - (2 if clitics.endswith("ال") else 0)

    def _person(
        self, text: str, sent: int, tokens: list[Token], keys: list[str], i: int, seen: set[str]
    ) -> tuple[list[Mention], int] | None:
        """«اللواء X Y», «مستشار رئيس الوزراء العراقي، X Y»: a name of 2–3 words after a title chain."""
        j = i + 1
        while j < len(tokens) and j - i <= 6 and (keys[j] in ROLE_WORDS or keys[j] in PERSON_TITLES):
            j += 1
        if j < len(tokens) and keys[j] in ("،", ","):
            j += 1
        if j >= len(tokens):
            return None
        if self._match(tokens, keys, j, seen) is not None:
            return None  # a known name (or organization) follows: let the gazetteer take it
        if keys[j].startswith("ال"):
            return None  # a first name does not carry the article («اللواء في بيان», «الوزير الجديد»)
        k = j
        while (
            k < len(tokens)
            and k - j < 3
            and _name_word(keys[k])
            and keys[k] not in ROLE_WORDS
            and not _CLITIC_ARTICLE.match(keys[k])
            and (k == j or self._match(tokens, keys, k, seen) is None)
        ):
            k += 1
        if k - j < 2:
            return None
        return [_span(text, sent, tokens, j, k - 1, "PER", PATTERN_CONFIDENCE)], k

    def _adjective(
        self, text: str, sent: int, tokens: list[Token], keys: list[str], i: int
    ) -> Mention | None:
        """A free-standing nationality adjective: NORP linked to its country."""
        country = self.gazetteer.adjectives.get(keys[i])
        if country is None or keys[i] in self.gazetteer.force_only_adjectives:
            return None  # «الدعم المالي» is financial support; «الجيش المالي» is read by the force pattern
        return _mention(text, sent, tokens[i].start, tokens[i].end, "NORP", country, NORP_CONFIDENCE)


# --- helpers ------------------------------------------------------------------------------------------------


def _versioned(base: str, gazetteer: Gazetteer, lexicon: Lexicon) -> str:
    """The recognizer's version as written into the graph: its base version plus a fingerprint of its code and
    of the seeds and lexicon it reads, so a change to any of them shows in the provenance."""
    import hashlib
    from pathlib import Path

    from kg.ner import facilities

    digest = hashlib.sha256()
    for module_file in (__file__, facilities.__file__):
        digest.update(Path(module_file).read_bytes())
    digest.update(f"{gazetteer.fingerprint}:{lexicon.fingerprint}".encode())
    return f"{base}+{digest.hexdigest()[:10]}"


def _clitic_len(key: str, heads: frozenset[str], default: int = 0) -> int:
    """How many characters of clitic precede a head word in ``key`` (``default`` if it is none)."""
    for cut, rest in clitic_variants(key):
        if rest in heads:
            return cut
    return default


def _name_word(key: str) -> bool:
    return bool(key) and bool(_WORD.match(key)) and key not in STOP_WORDS


def _quoted(tokens: list[Token], keys: list[str], i: int) -> tuple[int, int] | None:
    """Tokens ``[a, b]`` inside quotes starting at token ``i`` (1–4 words), or None."""
    if keys[i] not in ('"', "«", "'", "("):
        return None
    close = {'"': '"', "«": "»", "'": "'", "(": ")"}[keys[i]]
    for b in range(i + 1, min(i + 6, len(tokens))):
        if keys[b] == close:
            return (i + 1, b - 1) if b > i + 1 else None
        if keys[b] in ("،", ",") and b + 1 < len(tokens) and keys[b + 1] == close and b > i + 1:
            return i + 1, b - 1  # «"كامب فيكتوري،"»: a comma typed inside the quotes
        if not _WORD.match(keys[b]) and not keys[b].isdigit():
            return None
    return None


def _span(
    text: str, sent: int, tokens: list[Token], a: int, b: int, label: MentionLabel, conf: float
) -> Mention:
    return _mention(text, sent, tokens[a].start, tokens[b].end, label, None, conf)


def _mention(
    text: str, sent: int, start: int, end: int, label: MentionLabel, entity: str | None, conf: float
) -> Mention:
    return Mention(
        start=start,
        end=end,
        text=text[start:end],
        label=label,
        sentence=sent,
        recognizer=NAME,
        recognizer_version=VERSION,
        confidence=round(conf, 3),
        entity=entity,
    )
