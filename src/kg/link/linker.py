"""Offline linking: mention → canonical seed entity through alias keys, type compatibility and context.

Unlinked PER/ORG/FAC mentions become project entities whose key is a hash of the mention label and the
normalized name (``x-<label>-<hash>``), so the same unlinked person or body in many articles is one entity.
Every decision is recorded on the mention (``link_score``, ``link_reason``) as provenance.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.gazetteer import AliasEntry, Gazetteer, clitic_variants, mention_label, name_keys, skip_letters
from kg.lexicon import Lexicon, default_lexicon
from kg.link.minting import MINT_LABELS, mint_key, minted_entity, worth_minting
from kg.model import Article, Entity, Mention, MentionLabel
from kg.text.normalize import normalize_key
from kg.text.tokens import tokenize

#: Score of an alias match by kind (before type and ambiguity factors).
KIND_SCORE = {
    "label": 1.0,
    "spelling": 0.97,
    "transliteration": 0.95,
    "translation": 0.95,
    "acronym": 0.95,
    "without-al": 0.9,
    "generated": 0.9,
    "metonym": 0.88,
    "surname": 0.85,
    "contextual": 0.85,
}
CLITIC_FACTOR = 0.97
CROSS_TYPE_FACTOR = 0.8  # e.g. a LOC mention of a government body («واشنطن» tagged ORG)
AMBIGUITY_FACTOR = 0.9
#: Below this a candidate is not linked (the mention is minted or left unlinked instead).
MIN_LINK_SCORE = 0.5

#: Words that, right before «التحالف الدولي», make it the military command rather than the political coalition.
MILITARY_CONTEXT = frozenset(
    normalize_key(w)
    for w in (
        "قوات مستشاري مستشارو مستشارين بعثة مهمة مهام المهمة مقر قيادة جنود عسكريي انسحاب "
        "طائرات ضربات غارات عمليات قاعدة قواعد"
    ).split()
)
#: (general entity, military entity): chosen by :data:`MILITARY_CONTEXT`. Keys missing from the seeds are ignored.
CONTEXT_SWITCHES = (("global-coalition", "cjtf-oir"),)
#: Compatible mention labels per entity label (exact first).
COMPATIBLE = {
    "LOC": ("LOC", "NORP", "ORG"),  # countries/cities are often tagged ORG when they act («واشنطن»)
    "ORG": ("ORG", "LOC", "MISC"),
    "FAC": ("FAC", "LOC"),
    "PER": ("PER",),
    "MISC": ("MISC", "ORG"),
}


#: what may stand between a place and its country: «في», «بـ», «داخل», a direction («شمال شرق»), «الواقعة في»
_COUNTRY_LINK = re.compile(
    r"\s*[،,]?\s*(?:(?:ال)?واقع(?:ه)?\s+)?(?:في|ب|داخل|ب?(?:شمال|جنوب|شرق|غرب|وسط)(?:ي|ها)?)?"
    r"(?:\s*(?:(?:ال)?(?:شمال|جنوب|شرق|غرب|وسط)(?:ي|ها)?|في))*\s*(?:ب|ل)?"
)


class Linker:
    """Links mentions to seed entities and mints stable project entities for unlinked PER/ORG/FAC."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer
        self.lexicon = lexicon or default_lexicon()

    def link(self, mentions: list[Mention], article: Article) -> tuple[list[Mention], dict[str, Entity]]:
        """Linked copies of ``mentions`` and every entity their keys use (seed places' parents included)."""
        out: list[Mention] = []
        entities: dict[str, Entity] = {}
        for mention in mentions:
            linked = self._link_one(mention, article.text)
            out.append(linked)
            if linked.entity is None:
                continue
            entity = self.gazetteer.entities.get(linked.entity)
            if entity is None:
                after_lam = linked.start > 0 and article.text[linked.start - 1] == "ل"  # «للقوات» cut after ل
                entity = entities.get(linked.entity) or minted_entity(linked.label, linked.text, self.lexicon,
                                                                      linked.entity, after_lam)
            self._add_with_parents(entity, entities)
        for linked in out:
            self._add_implied_countries(linked, entities)
        self._place_in_country(out, entities, article.text)
        return out, entities

    def _place_in_country(self, mentions: list[Mention], entities: dict[str, Entity], text: str) -> None:
        """A minted place or facility named with its country («قاعدة فايا في شمال تشاد», «مدينة أغاديز
        بالنيجر», «كيدال، شمالي مالي») is located in that country (for this article)."""
        for m, n in zip(mentions, mentions[1:], strict=False):
            if m.sentence != n.sentence or not m.entity or not n.entity or m.label not in ("LOC", "FAC"):
                continue
            e, country = entities.get(m.entity), entities.get(n.entity)
            if e is None or country is None or country.type != "Country" or e.source != "extracted" or e.located_in:
                continue
            if _COUNTRY_LINK.fullmatch(normalize_key(text[m.end : n.start])):
                entities[m.entity] = replace(e, located_in=(country.key,))

    def _add_implied_countries(self, mention: Mention, entities: dict[str, Entity]) -> None:
        """The country of a nationality adjective inside a longer name («الجنود الأميركيين», «القوات
        الفرنسية»): the facts read the adjective («how many US troops») and need that country among the
        article's entities even though no mention names it. It is emitted only if a fact uses it."""
        if mention.label not in ("ORG", "FAC", "LOC", "PER") or " " not in mention.text.strip():
            return
        for word in mention.text.split()[1:]:
            key = self.gazetteer.country_of_adjective(word)
            if key is not None and key in self.gazetteer.entities:
                self._add_with_parents(self.gazetteer.entities[key], entities)

    def candidates(self, text: str) -> list[tuple[AliasEntry, int]]:
        """Gazetteer entries for a mention text, with the code points of clitic cut from its start."""
        keys = name_keys(text)
        while keys and not keys[-1][0].isalnum():  # a trailing quote or comma in a model's span
            keys = keys[:-1]
        if not keys or not keys[0][0].isalnum():
            return []
        variants = list(clitic_variants(keys[0]))
        if keys[0].startswith("ل") and not keys[0].startswith("لل"):
            # a span that starts at the article's lam of «لل» («لقوات» from «للقوات»): read it as «ال…»
            variants.append((0, "ا" + keys[0]))
        for cut, first in sorted(variants, key=lambda v: v[0]):
            entries = self.gazetteer.lookup_keys((first, *keys[1:]))
            if entries:
                return [(e, cut) for e in entries]
        return []

    def resolve(self, name: str, label: MentionLabel = "ORG") -> Entity | None:
        """The seed entity a bare name denotes (e.g. ``Article.publisher`` «شفق نيوز»), or None.

        Same alias keys and type compatibility as :meth:`link`, without context; None when ambiguous.
        """
        keys = {
            e.key
            for e, _ in self.candidates(name)
            if label in COMPATIBLE.get(mention_label(self.gazetteer.entities[e.key].type), ())
        }
        return self.gazetteer.entities[keys.pop()] if len(keys) == 1 else None

    def _link_one(self, mention: Mention, text: str) -> Mention:
        if mention.label in ("DATE", "QUANT"):
            return mention
        found = self.candidates(mention.text)
        if mention.entity and mention.entity in self.gazetteer.entities:
            keys = {e.key for e, _ in found}
            if mention.entity not in keys:  # rules linked it through a pattern («محافظة X», NORP adjective)
                return replace(
                    mention,
                    link_score=round(mention.confidence, 3),
                    link_reason=f"recognizer:{mention.recognizer}",
                )
        scored: list[tuple[float, str, AliasEntry, int]] = []
        for entry, cut in found:
            entity = self.gazetteer.entities[entry.key]
            elabel = mention_label(entity.type)
            if mention.label == elabel:
                factor, why = 1.0, "type"
            elif mention.label in COMPATIBLE.get(elabel, ()):
                factor, why = CROSS_TYPE_FACTOR, f"type~{mention.label}/{elabel}"
            else:
                continue
            score = KIND_SCORE.get(entry.kind, 0.85) * factor * (CLITIC_FACTOR if cut else 1.0)
            scored.append((score, f"alias:{entry.kind}{'+clitic' if cut else ''};{why}", entry, cut))
        if mention.entity:  # prefer the recognizer's own choice among equals
            scored.sort(key=lambda s: (-s[0], s[2].key != mention.entity))
        else:
            scored.sort(key=lambda s: -s[0])
        if scored:
            score, reason, entry, cut = scored[0]
            key = entry.key
            if len({s[2].key for s in scored}) > 1:
                score *= AMBIGUITY_FACTOR
                reason += f";ambiguous({len(scored)})"
            key, reason = self._context(key, reason, mention, text)
            if score >= MIN_LINK_SCORE:
                linked = _trim(mention, cut) if cut else mention
                return replace(linked, entity=key, link_score=round(score, 3), link_reason=reason)
        # a name the seeds know as another type («حسين علاوي» tagged LOC) is not minted as a new entity: the
        # recognizer's type is the likelier error
        if mention.label in MINT_LABELS and not found and worth_minting(mention.label, mention.text, self.lexicon):
            key = mint_key(mention.label, mention.text, self.lexicon)
            return replace(
                mention, entity=key, link_score=round(mention.confidence, 3), link_reason="minted:unlinked"
            )
        return replace(mention, entity=None, link_score=None, link_reason="unlinked")

    def _context(self, key: str, reason: str, mention: Mention, text: str) -> tuple[str, str]:
        """Context rules: «محافظة X» → the governorate; «قوات/مستشاري التحالف الدولي» → the military command."""
        before = tokenize(text[max(0, mention.start - 40) : mention.start])
        prev = normalize_key(before[-1].text) if before else ""
        prev_bare = {rest for _, rest in clitic_variants(prev)} if prev else set()
        if prev_bare & {normalize_key("محافظة")}:
            entity = self.gazetteer.entities[key]
            if entity.type == "City":
                for entry in self.gazetteer.lookup(f"محافظة {mention.text}"):
                    if self.gazetteer.entities[entry.key].type == "Region":
                        return entry.key, reason + ";context:governorate"
        for general, military in CONTEXT_SWITCHES:
            if key == general and military in self.gazetteer.entities and prev_bare & MILITARY_CONTEXT:
                return military, reason + f";context:military({before[-1].text})"
        return key, reason

    def _add_with_parents(self, entity: Entity, entities: dict[str, Entity]) -> None:
        stack = [entity]
        while stack:
            current = stack.pop()
            if current.key in entities:
                continue
            entities[current.key] = current
            stack.extend(
                self.gazetteer.entities[p] for p in current.located_in if p in self.gazetteer.entities
            )


def _trim(mention: Mention, cut: int) -> Mention:
    """The mention without ``cut`` letters of proclitic at its start (e.g. a Stanza span «والعراق»)."""
    tokens = tokenize(mention.text)
    if not tokens:
        return mention
    shift = skip_letters(tokens[0], cut)
    return replace(mention, start=mention.start + shift, text=mention.text[shift:])
