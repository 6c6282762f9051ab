"""Arabic script layer: normalization with offsets, sentence splitting, tokenization (stdlib only)."""

from kg.text.normalize import NormalizedText, key_text, normalize, normalize_key
from kg.text.sentences import split_sentences
from kg.text.tokens import Token, tokenize

__all__ = ["NormalizedText", "Token", "key_text", "normalize", "normalize_key", "split_sentences", "tokenize"]
