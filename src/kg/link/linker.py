"""Offline linking: mention → canonical seed entity through alias keys, type compatibility and context.

Unlinked PER/ORG/FAC mentions become project entities whose key is a hash of the mention label and the
normalized name (``x-<label>-<hash>``), so the same unlinked person or body in many articles is one entity.
Every decision is recorded on the mention (``link_score``, ``link_reason``) as provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from kg.gazetteer import AliasEntry, Gazetteer, clitic_variants, mention_label, name_keys, skip_letters
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
MINT_LABELS = ("PER", "ORG", "FAC")


class Linker:
    """Links mentions to seed entities and mints stable project entities for unlinked PER/ORG/FAC."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

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
                entity = _minted_entity(linked)
            self._add_with_parents(entity, entities)
        for linked in out:
            self._add_implied_countries(linked, entities)
        return out, entities

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
        if mention.label in MINT_LABELS:
            key = mint_key(mention.label, mention.text)
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


def mint_key(label: str, text: str) -> str:
    """Stable key of an unlinked entity: same label and normalized name → same key in every article."""
    digest = hashlib.sha1(f"{label}|{' '.join(name_keys(text))}".encode()).hexdigest()[:12]
    return f"x-{label.lower()}-{digest}"


_MINT_TYPES = {
    "PER": "Person",
    "ORG": "Organization",
    "FAC": "MilitaryBase",
}
_HEAD_TYPES = {
    normalize_key("مقر"): "Headquarters",
    normalize_key("مطار"): "Airport",
    normalize_key("وزارة"): "GovernmentBody",
    normalize_key("وكالة"): "NewsAgency",
    normalize_key("القوات"): "ArmedForce",
    normalize_key("قوات"): "ArmedForce",
    normalize_key("الجيش"): "ArmedForce",
    normalize_key("سلاح"): "ArmedForce",
}


def _minted_entity(mention: Mention) -> Entity:
    keys = name_keys(mention.text)
    typ = _MINT_TYPES.get(mention.label, "Organization")
    if keys and keys[0] in _HEAD_TYPES:
        typ = _HEAD_TYPES[keys[0]]
    if mention.label == "FAC" and any(k in (normalize_key("الجوية"), normalize_key("الجوي")) for k in keys):
        typ = "AirBase"
    if mention.label == "PER":
        typ = "Person"
    return Entity(
        key=mention.entity or mint_key(mention.label, mention.text), type=typ, label_ar=mention.text
    )


def _trim(mention: Mention, cut: int) -> Mention:
    """The mention without ``cut`` letters of proclitic at its start (e.g. a Stanza span «والعراق»)."""
    tokens = tokenize(mention.text)
    if not tokens:
        return mention
    shift = skip_letters(tokens[0], cut)
    return replace(mention, start=mention.start + shift, text=mention.text[shift:])
