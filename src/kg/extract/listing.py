"""Lists of facilities the recognizers do not know, after a plural head noun: «القواعد السبع التي تقع في بيو عدي
وراجي عيلي ومقر البرلمان», «المعسكرات التالية: كيدال، تيساليت وأجلهوك», «قواعد منها الشدادي والتنف».

Reports name the bases handed over or left as a list whose items are bare names (often places that give the base
its name); a recognizer tagging one name at a time misses most of them. A list is read only after a plural
facility head (``seeds/lexicon/heads.tsv``) and a word that introduces it (``list.intro`` in
``seeds/lexicon/words.tsv``, a role preposition «في», or a colon), and only when it has two items or more.
Each item is one to three words, split at commas and at a conjunction «و»; it ends at a word that is no name
(a trigger, a lexicon verb, a preposition, a time).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.actors import FACILITY_TYPES, etype, mint
from kg.extract.context import ArticleContext, SentenceView
from kg.lexicon import Head

MAX_ITEMS = 12
MAX_WORDS = 3
_COMMAS = ("،", ",")
_ENDS = (".", "؛", ";", "?", "؟", "!")


@dataclass(frozen=True)
class Listed:
    """One item of a list: its entity key and its article span."""

    key: str
    start: int
    end: int


def _plural_head(ctx: ArticleContext, v: SentenceView, lo: int, hi: int) -> tuple[int, Head] | None:
    for t in v.tokens[lo:hi]:
        found = ctx.lex.head(t.text)
        if found is not None and found[1].kind == "facility" and found[1].plural:
            return t.i, found[1]
    return None


def _intro(ctx: ArticleContext, v: SentenceView, head: int, hi: int) -> int | None:
    """Index of the first item after the head: past its adjectives and numbers («العسكرية السبع»), a relative
    clause of one verb («التي تقع»), then an introducing word or a colon."""
    k = head + 1
    stop = min(hi, head + 7)
    while k < stop:
        w = v.tokens[k].text
        if w == ":" or w in ("في", "داخل") or ctx.lex.has(w, "list.intro"):
            nxt = k + 1
            if nxt < len(v.tokens) and v.tokens[nxt].text == ":":
                nxt += 1
            return nxt
        if w in _COMMAS or w in _ENDS or ctx.lex.has(w, "role.to") or w.startswith("لل"):
            return None  # «مقارها للحكومة … في …»: past the recipient, «في» is about something else
        k += 1
    return None


def _no_name(ctx: ArticleContext, w: str) -> bool:
    lex = ctx.lex
    if not w[:1].isalpha() and not w.isdigit():
        return True
    if lex.has(w, "role.", "negation", "not_name", "list.intro") and not lex.head(w):
        return True
    verbal = [r for r in lex.readings(w) if r.form in ("past", "present", "passive_past", "passive_present")]
    return bool(verbal)


def listed_facilities(ctx: ArticleContext, v: SentenceView, lo: int, hi: int) -> list[Listed]:
    """The facilities a list in tokens [lo, hi) names (see the module docstring), each an entity: the facility a
    recognizer linked there, else one minted from the item («قاعدة بيو عدي»; an item that has its own head noun,
    «مقر البرلمان», keeps it). Empty when there is no list, or when an item is a country («القواعد في العراق
    وسوريا» are bases in two countries, not two bases)."""
    found = _plural_head(ctx, v, lo, hi)
    if found is None:
        return []
    head_tok, head = found
    first = _intro(ctx, v, head_tok, len(v.tokens))
    if first is None:
        return []
    items: list[tuple[int, int]] = []
    k = first
    start = k
    while k < len(v.tokens) and len(items) < MAX_ITEMS:
        w = v.tokens[k].text
        if w in _ENDS:
            break
        if w in _COMMAS:
            if k > start:
                items.append((start, k - 1))
            start = k + 1
        elif k > start and w.startswith("و") and len(w) > 3 and not _no_name(ctx, w[1:]) and not _word_with_waw(
                ctx, v, k):
            items.append((start, k - 1))
            start = k
        elif _no_name(ctx, w if k > start or not w.startswith("و") else w[1:]) or k - start >= MAX_WORDS:
            break
        k += 1
    if k > start:
        items.append((start, k - 1))
    items = [(a, b) for a, b in items if a <= b]
    if len(items) < 2:
        return []
    out: list[Listed] = []
    for a, b in items:
        s, e = v.tokens[a].start, v.tokens[b].end
        mentions = [m for m in v.mentions if m.entity and m.start < e and s < m.end]
        if any(etype(ctx.entities, m) == "Country" for m in mentions):
            return []
        known = [m for m in mentions if etype(ctx.entities, m) in FACILITY_TYPES]
        if known:
            out.append(Listed(known[0].entity or "", s, e))
            continue
        text = ctx.text[s:e]
        if text.startswith("و"):
            text, s = text[1:], s + 1
        own = ctx.lex.head(v.tokens[a].text.removeprefix("و"))
        name = text if own is not None and own[1].kind == "facility" else f"{head.singular} {text}"
        out.append(Listed(mint(ctx.entities, name, own[1].type if own and own[1].kind == "facility" else head.type),
                          s, e))
    return out


def _word_with_waw(ctx: ArticleContext, v: SentenceView, k: int) -> bool:
    """Token ``k`` begins with a و that is its own letter, not «and»: a head noun («ولاية»), or a known name
    starting there («واشنطن»; a model's span may take the conjunction in, so minted names do not count)."""
    t = v.tokens[k]
    found = ctx.lex.head(t.text)
    return found is not None and found[0] == "" or any(
        m.start == t.start and m.entity in ctx.entities and ctx.entities[m.entity].source != "extracted"
        for m in v.mentions)
