"""One analysis of an article's text, made once and read by every stage: sentences, their tokens, and the
sentence in *match form* with a map back to the original offsets.

The recognizers read the tokens (so a mention and a fact trigger split the text the same way: «2,500» is one
token everywhere, not a number and a comma); the fact rules read the match form (no diacritics or tatweel, one
alef, ى→ي, ة→ه, ASCII digits, every quote as ``"``) through :class:`kg.extract.context.SentenceView`, which is
built from this analysis and has no normalizer or tokenizer of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.model import Sentence
from kg.text.normalize import NormalizedText, match_form, match_text
from kg.text.sentences import split_sentences
from kg.text.tokens import Token, tokenize


@dataclass(frozen=True)
class SentenceAnalysis:
    """One sentence: its tokens (spans index the article), their match forms, and the match-form text."""

    sentence: Sentence
    tokens: list[Token]
    forms: list[str]  # match form of each token
    match: NormalizedText  # the sentence in match form; ``offsets`` index the article text

    def index_map(self) -> list[int]:
        """Article offset of each character of ``match.text``."""
        return self.match.offsets[:-1]


@dataclass(frozen=True)
class Analysis:
    """The sentences of one article and their analyses (``sentences[i]`` ↔ ``by_sentence[i]``)."""

    text: str
    sentences: list[Sentence]
    by_sentence: list[SentenceAnalysis]

    def tokens(self) -> list[list[Token]]:
        """Tokens per sentence, for the recognizers."""
        return [s.tokens for s in self.by_sentence]


def analyze_sentence(text: str, sentence: Sentence) -> SentenceAnalysis:
    """The analysis of one sentence of ``text``."""
    chunk = text[sentence.start : sentence.end]
    tokens = tokenize(chunk, offset=sentence.start)
    norm = match_text(chunk)
    shifted = NormalizedText(norm.text, [o + sentence.start for o in norm.offsets],
                             [e + sentence.start for e in norm.ends])
    return SentenceAnalysis(sentence, tokens, [match_form(t.text) for t in tokens], shifted)


def analyze(text: str, sentences: list[Sentence] | None = None) -> Analysis:
    """Split ``text`` into sentences (unless given) and analyse each once."""
    sents = split_sentences(text) if sentences is None else sentences
    return Analysis(text, sents, [analyze_sentence(text, s) for s in sents])
