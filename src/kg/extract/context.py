"""Sentence-level helpers shared by the fact rules: a normalized view of a sentence that maps back to
original offsets, tokens, clause boundaries, and look-ups of mentions/times/quantities by position.

Rules match on the normalized text (no diacritics or tatweel, one alef, ى→ي, ة→ه, ASCII digits) so
spelling variants need no extra patterns; every offset they report is mapped back to ``Article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.model import Entity, Mention, Precision, Quantity, Sentence, TimeValue, period_of
from kg.text.analysis import Analysis, SentenceAnalysis, analyze_sentence
from kg.text.normalize import match_form

if TYPE_CHECKING:
    from datetime import date

    from kg.lexicon import Lexicon

def norm(s: str) -> str:
    """Match form of ``s`` (the text layer's, :func:`kg.text.normalize.match_form`); not for display."""
    return match_form(s)


@dataclass(frozen=True)
class Token:
    """A whitespace/punctuation-delimited word of the normalized sentence, with original offsets."""

    i: int
    text: str  # normalized
    start: int  # offsets into Article.text
    end: int


CLAUSE_BREAKS = {"،", ",", "؛", ";", ".", "?", "؟", "!", ":"}


@dataclass
class SentenceView:
    """One sentence with everything the rules need about it."""

    sentence: Sentence
    norm: str
    index_map: list[int]  # normalized char index -> offset in Article.text
    tokens: list[Token]
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeValue] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)

    @property
    def index(self) -> int:
        return self.sentence.index

    def orig(self, i: int) -> int:
        """Article offset of normalized index ``i`` (``len(norm)`` maps to the sentence end)."""
        if i >= len(self.index_map):
            return self.sentence.end
        return self.index_map[i]

    def nidx(self, offset: int) -> int:
        """Normalized index of the first character at or after article offset ``offset``."""
        return next((k for k, o in enumerate(self.index_map) if o >= offset), len(self.norm))

    def token_at(self, offset: int) -> int:
        """Index of the token containing (or first after) article offset ``offset``."""
        for t in self.tokens:
            if t.end > offset:
                return t.i
        return len(self.tokens)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[tuple[int, int, re.Match[str]]]:
        """Matches of ``pattern`` on the normalized text as (article start, article end, match)."""
        for m in pattern.finditer(self.norm):
            end = self.orig(m.end() - 1) + 1 if m.end() > m.start() else self.orig(m.start())
            yield self.orig(m.start()), end, m

    def clause_bounds(self, tok: int) -> tuple[int, int]:
        """Token range [lo, hi) of the clause around token ``tok`` (split at commas, semicolons, stops). A day set
        off by commas inside a clause («أعادت فرنسا، اليوم الخميس، قاعدتها …») splits nothing: the clause runs
        across it."""
        lo = tok
        while lo > 0 and (self.tokens[lo - 1].text not in CLAUSE_BREAKS or self._aside_comma(lo - 1)):
            lo -= 1
        hi = tok
        while hi < len(self.tokens) and (self.tokens[hi].text not in CLAUSE_BREAKS or self._aside_comma(hi)):
            hi += 1
        return lo, hi

    def _time_run(self, a: int, b: int) -> bool:
        """Tokens [a, b) are one time expression and nothing else («اليوم الخميس», «يوم 12 آذار»)."""
        if a >= b or b - a > 6:
            return False
        start, end = self.tokens[a].start, self.tokens[b - 1].end
        return any(t.start <= start and end <= t.end for t in self.times)

    def _aside_comma(self, k: int) -> bool:
        """Token ``k`` is a comma that opens or closes a time aside between two commas, inside a clause that goes
        on after it."""
        if self.tokens[k].text not in ("،", ",") or not self.times:
            return False
        n = len(self.tokens)
        close = next((j for j in range(k + 1, min(n, k + 8)) if self.tokens[j].text in CLAUSE_BREAKS), None)
        if close is not None and k > 0 and self.tokens[close].text in ("،", ",") and close + 1 < n \
                and self._time_run(k + 1, close):
            return True
        open_ = next((j for j in range(k - 1, max(-1, k - 8), -1) if self.tokens[j].text in CLAUSE_BREAKS), None)
        return open_ is not None and open_ > 0 and self.tokens[open_].text in ("،", ",") and k + 1 < n \
            and self._time_run(open_ + 1, k)

    def text_between(self, start: int, end: int) -> str:
        """Normalized text of the article span [start, end) that lies in this sentence."""
        a = next((k for k, o in enumerate(self.index_map) if o >= start), len(self.norm))
        b = next((k for k, o in enumerate(self.index_map) if o >= end), len(self.norm))
        return self.norm[a:b]


def make_view(text: str, sentence: Sentence, analysis: SentenceAnalysis | None = None) -> SentenceView:
    """The view of one sentence, read from the text layer's analysis of it (made here when not given)."""
    sa = analysis or analyze_sentence(text, sentence)
    tokens = [Token(k, form, t.start, t.end) for k, (t, form) in enumerate(zip(sa.tokens, sa.forms, strict=True))
              if form.strip()]
    tokens = [Token(k, t.text, t.start, t.end) for k, t in enumerate(tokens)]
    return SentenceView(sentence, sa.match.text, sa.index_map(), tokens)


def build_views(
    text: str,
    sentences: Iterable[Sentence],
    mentions: Iterable[Mention],
    times: Iterable[TimeValue],
    quantities: Iterable[Quantity],
    analysis: Analysis | None = None,
) -> list[SentenceView]:
    """Views for all sentences with the mentions/times/quantities that fall inside each one."""
    sents = list(sentences)
    if analysis is not None and [a.sentence for a in analysis.by_sentence] == sents:
        views = [make_view(text, a.sentence, a) for a in analysis.by_sentence]
    else:
        views = [make_view(text, s) for s in sents]
    mentions, times, quantities = list(mentions), list(times), list(quantities)
    for v in views:
        s = v.sentence
        v.mentions = sorted((m for m in mentions if s.start <= m.start < s.end), key=lambda m: m.start)
        v.times = sorted((t for t in times if s.start <= t.start < s.end), key=lambda t: t.start)
        v.quantities = sorted((q for q in quantities if s.start <= q.start < s.end), key=lambda q: q.start)
    return views


def linked(view: SentenceView, entities: Mapping[str, Entity], types: AbstractSet[str]) -> list[Mention]:
    """Mentions in ``view`` linked to an entity whose type is in ``types``."""
    return [m for m in view.mentions if m.entity and m.entity in entities and entities[m.entity].type in types]


def nearest(items: Sequence[Mention | TimeValue], start: int, end: int) -> int | None:
    """Index of the item nearest to the span [start, end) (distance between spans, ties to the left)."""
    best: tuple[int, int] | None = None
    for k, it in enumerate(items):
        d = max(it.start - end, start - it.end, 0)
        if best is None or d < best[0]:
            best = (d, k)
    return None if best is None else best[1]


@dataclass
class ArticleContext:
    """What every rule module reads: the article, its sentence views, and the (mutable) entity table."""

    text: str
    published: date | None
    publisher: str | None
    views: list[SentenceView]
    entities: dict[str, Entity]
    lex: Lexicon = None  # type: ignore[assignment]  # the pipeline's lexicon; the project's own when None
    #: nationality adjective (match key, every inflection) → country key, for every country (the gazetteer's)
    adjectives: Mapping[str, str] = None  # type: ignore[assignment]
    #: the gazetteer's entities, so a country an adjective names can join the article's entities
    known: Mapping[str, Entity] = None  # type: ignore[assignment]
    #: adjectives that are also common words («مالي» financial): read only after a force noun
    ambiguous_adjectives: frozenset[str] = frozenset()
    #: capital city key → country key (a capital stands for its state as an actor)
    capitals: Mapping[str, str] = None  # type: ignore[assignment]
    #: how much of ``published`` is known (``month``: only its month; ``published`` is then the first day)
    published_precision: Precision = "day"

    @property
    def published_period(self) -> tuple[date, date] | None:
        """First and last day the article may have been published; None when undated."""
        return None if self.published is None else period_of(self.published, self.published_precision)

    def __post_init__(self) -> None:
        if self.lex is None:
            from kg.lexicon import default_lexicon

            self.lex = default_lexicon()
        if self.adjectives is None or self.known is None:
            from kg.gazetteer import default_gazetteer

            gaz = default_gazetteer()
            self.adjectives = gaz.adjectives if self.adjectives is None else self.adjectives
            self.known = gaz.entities if self.known is None else self.known
            self.ambiguous_adjectives = self.ambiguous_adjectives or frozenset(gaz.force_only_adjectives)
        if self.capitals is None:
            from kg.gazetteer import default_gazetteer

            self.capitals = default_gazetteer().capitals

    def quote(self, start: int, end: int) -> str:
        return self.text[start:end]


def time_in(view: SentenceView, lo_off: int, hi_off: int, skip_by: bool = False) -> list[TimeValue]:
    """Times of ``view`` whose span lies within article offsets [lo_off, hi_off)."""
    return [t for t in view.times if lo_off <= t.start < hi_off and not (skip_by and t.modifier in ("by", "before"))]


def nearest_time(view: SentenceView, start: int, end: int, cands: list[TimeValue] | None = None) -> TimeValue | None:
    """The time nearest to [start, end) among ``cands`` (default: all times of the sentence)."""
    items = view.times if cands is None else cands
    k = nearest(items, start, end)
    return None if k is None else items[k]
