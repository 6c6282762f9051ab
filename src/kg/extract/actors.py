"""Finding the entities a fact needs: facilities, forces, places, speakers, by type, position, anaphora,
nationality adjectives, and minting entities for unlinked names."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg import entity_types
from kg.extract.context import ArticleContext, SentenceView, norm
from kg.model import Entity, Mention

FACILITY_TYPES = entity_types.FACILITY
FORCE_TYPES = entity_types.ACTOR  # who hands over or receives
PLACE_TYPES = entity_types.PLACE
SPEAKER_TYPES = entity_types.SPEAKER
AGENCY_TYPES = entity_types.AGENCY
LABEL_TYPES = {"PER": "Person", "ORG": "Organization", "FAC": "MilitaryBase", "LOC": "Place"}


def actor_type(ctx: ArticleContext, m: Mention) -> str | None:
    """Type of a mention as an actor: a capital stands for its state («واشنطن», «موسكو» → Country)."""
    if m.entity and m.entity in ctx.capitals:
        return "Country"
    return etype(ctx.entities, m)


def actor(ctx: ArticleContext, key: str | None) -> str | None:
    """The actor a key names: a capital's state («سترسل موسكو» → Russia), the country joining the entities."""
    country = ctx.capitals.get(key) if key else None
    if country is None:
        return key
    if country not in ctx.entities and country in ctx.known:
        ctx.entities[country] = ctx.known[country]
    return country if country in ctx.entities else key


def etype(entities: Mapping[str, Entity], m: Mention) -> str | None:
    """Ontology type of the entity a mention is linked to (None if unlinked)."""
    return entities[m.entity].type if m.entity and m.entity in entities else None


def find_by_label(entities: dict[str, Entity], label_norm: str, types: set[str] | None = None) -> str | None:
    """Key of an entity whose Arabic label or an alias normalizes to ``label_norm``."""
    for e in entities.values():
        if types and e.type not in types:
            continue
        names = (e.label_ar, *e.aliases)
        if any(norm(n) == label_norm or norm(n).startswith(label_norm + " ") for n in names):
            return e.key
    return None


def adjective_country(ctx: ArticleContext, token: str) -> str | None:
    """Country key a nationality adjective token names («الأميركية», «والتشاديين», «للقوات» no), from the
    gazetteer's adjectives of every country; an ambiguous one («مالي») only after a force noun (callers check)."""
    from kg.gazetteer import clitic_variants

    for _cut, rest in clitic_variants(token):
        key = ctx.adjectives.get(rest)
        if key:
            return key
    return None


def nisba_entity(ctx: ArticleContext, view: SentenceView, lo: int, hi: int, *, ambiguous: bool = False,
                 seed_force: bool = False) -> str | None:
    """Country key for the first nationality adjective (``الأميركي``) among tokens [lo, hi); the country joins
    the article's entities. Iraq is skipped (it is the host, not a force, in these reports)."""
    for t in view.tokens[max(0, lo) : min(hi, len(view.tokens))]:
        if t.text in ctx.ambiguous_adjectives and not ambiguous:
            continue
        key = adjective_country(ctx, t.text)
        if key and key != "iraq":
            # with ``seed_force``, the adjective of a force the seeds know («القوات الأمريكية») names that force
            inside = seed_force and next((m.entity for m in view.mentions if m.start <= t.start < m.end and m.entity
                           and m.entity in ctx.entities and ctx.entities[m.entity].source != "extracted"
                           and ctx.entities[m.entity].type in entity_types.FORCE - entity_types.COUNTRY), None)
            if inside:
                return str(inside)
            if key not in ctx.entities and key in ctx.known:
                ctx.entities[key] = ctx.known[key]
            if key in ctx.entities:
                return key
    return None


#: nouns a nationality adjective must follow to name an actor («القوات الأمريكية»), unlike «الحدود السورية»
FORCE_NOUN = re.compile(
    r"^(?:و|ف|ب|ل)?(?:ال)?(?:قوات|جيش|جنود|عسكريين|عسكريون|مستشارين|مستشارون|مستشاري|بعثه|حكومه|اداره|"
    r"وحدات|قطعات|القطعات|سلطات|وزاره|قياده|الجانب|جانب)$"
)


def nisba_actor(ctx: ArticleContext, view: SentenceView, lo: int, hi: int) -> str | None:
    """Like :func:`nisba_entity`, but only for an adjective right after a force or government noun
    («القوات الأمريكية», «الجانب الأمريكي»): an adjective of a place («قرب الحدود السورية») names no actor."""
    for i in range(max(1, lo), min(hi, len(view.tokens))):
        noun = view.tokens[i - 1].text
        if FORCE_NOUN.match(noun):
            # «… إلى قوات الأمن الأفغانية», «للقوات الأفغانية»: the recipient's phrase names no transferor
            recipient = noun.startswith(("لل", "ل")) or any(
                view.tokens[k].text in ("الي", "نحو") for k in range(max(0, i - 6), i - 1))
            if recipient:
                continue
            found = nisba_entity(ctx, view, i, i + 1, ambiguous=True)
            if found:
                return found
    return None


def national(ctx: ArticleContext, key: str | None) -> str | None:
    """The country of a national force the seeds do not know («القوات الألمانية» → Germany), as a troop count
    names it; any other key unchanged."""
    e = ctx.entities.get(key) if key else None
    if e is None or e.source != "extracted" or e.type not in ("ArmedForce", "MilitaryUnit"):
        return key
    for word in norm(e.label_ar).split()[1:]:
        country = adjective_country(ctx, word)
        if country and country != "iraq":
            if country not in ctx.entities and country in ctx.known:
                ctx.entities[country] = ctx.known[country]
            return country if country in ctx.entities else key
    return key


#: the mention label a minted entity of a type would have, for its key (see :func:`kg.link.minting.mint_key`)
_TYPE_LABEL = {"Person": "PER", "Organization": "ORG", "ArmedForce": "ORG", "Place": "LOC",
               **{t: "FAC" for t in FACILITY_TYPES}}


def mint(entities: dict[str, Entity], name: str, type_: str) -> str:
    """Key of an unlinked name found by a rule (a speaker after a title), added to ``entities``: the same
    key the linker gives the same name, so a name is one entity whichever stage found it."""
    from kg.link.minting import mint_key

    key = mint_key(_TYPE_LABEL.get(type_, "ORG"), name)
    if key not in entities:
        entities[key] = Entity(key=key, type=type_, label_ar=name.strip(), source="extracted")
    return key


def mention_key(m: Mention, entities: dict[str, Entity]) -> str | None:
    """Entity key of a mention, minting one for an unlinked PER/ORG mention."""
    if m.entity:
        return m.entity
    if m.label in ("PER", "ORG"):
        return mint(entities, m.text, LABEL_TYPES[m.label])
    return None


class FacilityMemory:
    """Recent facility mentions, for anaphora such as ``القاعدة`` / ``هذه المواقع`` in later sentences."""

    ANAPHORA = re.compile(r"(?:^|\s)(?:و|ف)?(?:ب|ل|من )?(?:ال|لل)(?:قاعده|مقر|معسكر|موقع|مطار|ثكنه|منشاه)(?:\s|$|[،.])"
                          r"|(?:هذه|تلك) (?:المواقع|القواعد|المقار|المقرات)")

    def __init__(self) -> None:
        self.last: list[str] = []  # facility keys of the most recent sentence that had any
        self.age = 99

    def update(self, keys: list[str], entities: dict[str, Entity] | None = None) -> None:
        """Remember the facilities of a sentence; gazetteer ones before minted ones (a minted "مقر التحالف"
        named with "قاعدة عين الأسد" is a part of it, and "القاعدة" later means the base)."""
        if keys:
            keys = list(dict.fromkeys(keys))
            if entities:
                keys.sort(key=lambda k: k in entities and entities[k].source == "extracted")
            self.last, self.age = keys, 0
        else:
            self.age += 1

    def resolve(self, view: SentenceView) -> list[str]:
        """Facilities an anaphor in ``view`` refers to (from the last 2 sentences), else []."""
        m = self.ANAPHORA.search(view.norm)
        if not m or self.age > 2:
            return []
        if "هذه" in m.group() or "تلك" in m.group():
            return self.last
        return self.last[-1:] if len(self.last) == 1 else self.last[:1]
