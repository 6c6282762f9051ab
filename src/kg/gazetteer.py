"""The seed gazetteer: canonical entities from ``seeds/entities.tsv`` and an alias index from ``seeds/aliases.tsv``.

Names are indexed as tuples of token match keys (:func:`kg.text.normalize.normalize_key` of each token of
:func:`kg.text.tokens.tokenize`), so the recognizer can do longest match over the tokens of running text with the
same tokenizer. The seed files are TSV so that every change is reviewable in a diff; a bad row is a
:class:`~kg.errors.ConfigError` naming the file and line, because a silently skipped seed means silently
missing links.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from kg.errors import ConfigError, ResourceMissingError
from kg.model import Entity, MentionLabel
from kg.text.arabic import DIACRITICS, INVISIBLE, TATWEEL
from kg.text.normalize import normalize_key
from kg.text.tokens import Token, tokenize

ENTITY_COLUMNS = ("key", "type", "label_ar", "label_en", "qid", "lat", "lon", "located_in", "source", "notes")
ALIAS_COLUMNS = ("key", "alias_ar", "kind")

#: Ontology class local names a seed may use, with the mention label they read as.
TYPE_LABELS: dict[str, MentionLabel] = {
    "AirBase": "FAC",
    "MilitaryBase": "FAC",
    "Headquarters": "FAC",
    "Airport": "FAC",
    "Camp": "FAC",
    "Facility": "FAC",
    "Place": "LOC",
    "Ministry": "ORG",
    "Mission": "ORG",
    "MilitaryUnit": "ORG",
    "InternationalOrganization": "ORG",
    "Country": "LOC",
    "Region": "LOC",
    "City": "LOC",
    "GovernmentBody": "ORG",
    "ArmedForce": "ORG",
    "Coalition": "ORG",
    "ArmedGroup": "ORG",
    "Organization": "ORG",
    "NewsAgency": "ORG",
    "Person": "PER",
    "Agreement": "MISC",
    "MilitaryOperation": "MISC",
}

#: Alias kinds. ``nationality-adjective`` aliases are kept apart (they name a country only as an adjective);
#: ``surname`` aliases count only after the full name in the same text; ``contextual`` aliases only after a
#: head word (see :data:`CONTEXT_HEADS`) because they are also common nouns.
ALIAS_KINDS = frozenset(
    {
        "spelling",
        "without-al",
        "transliteration",
        "translation",
        "acronym",
        "nationality-adjective",
        "metonym",
        "surname",
        "contextual",
    }
)
#: Words after which a ``contextual`` alias may be read as a name («نائب قائد العمليات المشتركة», «قوات التحالف»).
CONTEXT_HEADS = frozenset(
    normalize_key(w)
    for w in ("قائد", "قيادة", "آمر", "رئيس", "مقر", "لقيادة", "بقيادة", "قوات", "لقوات", "وقوات", "بقوات")
)

_QID = re.compile(r"^Q[1-9][0-9]*$")
_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SKIP = re.compile(f"[{DIACRITICS}{TATWEEL}{INVISIBLE}]")


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One indexed name of an entity: ``kind`` is ``label``, an alias kind, or ``generated`` (a variant)."""

    key: str
    kind: str
    surface: str


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, ...]:
    """The token match keys of ``name``: the unit of the alias index and of longest match."""
    return tuple(k for k in (normalize_key(t.text) for t in tokenize(name)) if k)


def mention_label(entity_type: str) -> MentionLabel:
    """The NER label an entity of ``entity_type`` reads as (MISC for types without a closer label)."""
    return TYPE_LABELS.get(entity_type, "MISC")


@dataclass
class Gazetteer:
    """Canonical entities and their alias index; build it with :meth:`load` (or :meth:`from_entities`)."""

    entities: dict[str, Entity]
    index: dict[tuple[str, ...], list[AliasEntry]] = field(default_factory=dict)
    #: nationality adjective key (e.g. ``normalize_key("الأمريكية")``) → country entity key
    adjectives: dict[str, str] = field(default_factory=dict)
    max_tokens: int = 1
    #: first token keys of every indexed name: lets longest match skip most tokens at once
    first_keys: set[str] = field(default_factory=set)
    #: nationality adjectives that are also common words («مالي» financial): a country only after a force noun
    force_only_adjectives: set[str] = field(default_factory=set)
    #: content hash of the seed files (and the CLDR data) it was built from: part of every rule's version
    fingerprint: str = ""
    #: capital city key → country key: a capital stands for its state as an actor («سترسل موسكو …»)
    capitals: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, seeds_dir: Path) -> Gazetteer:
        """Read ``entities.tsv`` and ``aliases.tsv`` from ``seeds_dir``; a bad row raises ConfigError (file:line)."""
        seeds_dir = Path(seeds_dir)
        if not seeds_dir.is_dir():
            raise ResourceMissingError(
                f"seed directory not found: {seeds_dir}",
                hint="set KG_SEEDS_DIR to the project's seeds/ folder",
            )
        entity_rows = _read_tsv(seeds_dir / "entities.tsv", ENTITY_COLUMNS)
        alias_rows = _read_tsv(seeds_dir / "aliases.tsv", ALIAS_COLUMNS)
        entities: dict[str, Entity] = {}
        where: dict[str, str] = {}
        for loc, row in entity_rows:
            entity = _entity_from_row(row, loc)
            if entity.key in entities:
                raise ConfigError(
                    f"{loc}: duplicate entity key {entity.key!r} (first at {where[entity.key]})"
                )
            entities[entity.key] = entity
            where[entity.key] = loc
        for key, entity in entities.items():
            for parent in entity.located_in:
                if parent not in entities:
                    raise ConfigError(
                        f"{where[key]}: located_in key {parent!r} is not an entity of entities.tsv"
                    )
        aliases: list[tuple[str, str, str]] = []
        for loc, row in alias_rows:
            key, alias, kind = row["key"], row["alias_ar"].strip(), row["kind"]
            if key not in entities:
                raise ConfigError(f"{loc}: alias for unknown entity key {key!r}")
            if kind not in ALIAS_KINDS:
                raise ConfigError(
                    f"{loc}: unknown alias kind {kind!r} (one of {', '.join(sorted(ALIAS_KINDS))})"
                )
            if not name_keys(alias):
                raise ConfigError(f"{loc}: empty alias")
            aliases.append((key, alias, kind))
        countries, country_aliases, ambiguous, by_iso = load_countries(seeds_dir / COUNTRIES_FILE, entities)
        for country in countries:
            entities.setdefault(country.key, country)
        capitals, capital_aliases, capital_of = load_capitals(seeds_dir / CAPITALS_FILE, entities, by_iso)
        for city in capitals.values():
            entities.setdefault(city.key, city)
        country_aliases += capital_aliases
        gaz = cls.from_entities(entities.values(), [*aliases, *country_aliases])
        gaz.force_only_adjectives = {normalize_key(f) for a in ambiguous for f in nisba_forms(a)}
        gaz.fingerprint = _fingerprint(seeds_dir, ("entities.tsv", "aliases.tsv", COUNTRIES_FILE, CAPITALS_FILE))
        gaz.capitals = capital_of
        return gaz

    @classmethod
    def from_entities(
        cls, entities: Iterable[Entity], aliases: Iterable[tuple[str, str, str]] = ()
    ) -> Gazetteer:
        """Build the index from entities (their ``label_ar`` and ``aliases``) plus ``(key, alias, kind)`` rows."""
        gaz = cls(entities={})
        extra: dict[str, list[str]] = {}
        rows = list(aliases)
        for key, alias, kind in rows:
            if kind != "nationality-adjective":
                extra.setdefault(key, []).append(alias)
        for entity in entities:
            names = tuple(dict.fromkeys((*entity.aliases, *extra.get(entity.key, ()))))
            gaz.entities[entity.key] = replace(entity, aliases=names)
            gaz._add(entity.label_ar, AliasEntry(entity.key, "label", entity.label_ar))
            for name in entity.aliases:
                gaz._add(name, AliasEntry(entity.key, "spelling", name))
        for key, alias, kind in rows:
            if kind == "nationality-adjective":
                for form in nisba_forms(alias):
                    gaz.adjectives.setdefault(normalize_key(form), key)
            else:
                gaz._add(alias, AliasEntry(key, kind, alias))
        return gaz

    def _add(self, name: str, entry: AliasEntry) -> None:
        keys = name_keys(name)
        if not keys:
            return
        self._put(keys, entry)
        # generated variant: multi-token names also match without the article on their first word
        # («حلف الناتو» stays, «الولايات المتحدة» → «ولايات المتحدة» is harmless, «القائم» alone is not made)
        first = keys[0]
        if (
            len(keys) > 1
            and first.startswith("ال")
            and len(first) >= 5
            and entry.kind not in ("surname", "contextual")
        ):
            self._put((first[2:], *keys[1:]), AliasEntry(entry.key, "generated", entry.surface))

    def _put(self, keys: tuple[str, ...], entry: AliasEntry) -> None:
        bucket = self.index.setdefault(keys, [])
        if all(e.key != entry.key for e in bucket):
            bucket.append(entry)
        elif entry.kind == "label":  # the label wins over an alias of the same entity
            bucket[:] = [entry if e.key == entry.key else e for e in bucket]
        self.max_tokens = max(self.max_tokens, len(keys))
        self.first_keys.add(keys[0])

    def lookup(self, name: str) -> list[AliasEntry]:
        """Entries whose name has the same match key as ``name`` (no clitic stripping)."""
        return list(self.index.get(name_keys(name), ()))

    def lookup_keys(self, keys: tuple[str, ...]) -> list[AliasEntry]:
        """Entries for a tuple of token match keys (see :func:`name_keys`)."""
        return self.index.get(keys, [])

    def country_of_adjective(self, word: str) -> str | None:
        """The country key a nationality adjective («الأميركية») names, if the seeds list it."""
        return self.adjectives.get(normalize_key(word))


#: Endings of a nisba adjective after its ي: masculine, feminine, plurals (nominative, oblique, feminine), duals.
_NISBA_ENDINGS = ("", "ة", "ون", "ين", "ات", "ان", "تان", "تين")


def nisba_forms(adjective: str) -> list[str]:
    """Every inflection of a nationality adjective listed in one form: «الأميركية» → «أميركي», «الأميركيين»,
    «أميركيون», «الأميركيتين» … with and without the article.

    The indefinite accusative (``-يًا``) is left out on purpose: it collides with country names («سوريا»,
    «تركيا»). An alias that does not end in a nisba ending is returned as it is.
    """
    base = adjective[2:] if adjective.startswith("ال") else adjective
    for ending in ("يتين", "يتان", "يين", "يون", "يات", "يان", "ية", "ي"):
        if base.endswith(ending) and len(base) > len(ending) + 1:
            stem = base[: len(base) - len(ending)] + "ي"
            break
    else:
        return [adjective]
    forms = [stem + e for e in _NISBA_ENDINGS]
    return [adjective, *forms, *("ال" + f for f in forms)]


def _fingerprint(folder: Path, names: Iterable[str]) -> str:
    """Short content hash of seed files, with the version of the CLDR data behind the country names."""
    import hashlib

    import babel

    digest = hashlib.sha256(f"babel {babel.__version__}".encode())
    for name in names:
        path = folder / name
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CAPITALS_FILE = "capitals.tsv"
CAPITAL_COLUMNS = ("iso2", "key", "names_ar", "name_en", "source")


def load_capitals(path: Path, entities: dict[str, Entity], by_iso: dict[str, str]
                  ) -> tuple[dict[str, Entity], list[tuple[str, str, str]], dict[str, str]]:
    """Capitals (``capitals.tsv``) as City entities located in their country: (new entities, alias rows for
    their other spellings, capital key → country key). A capital the seeds have keeps its entity. A missing
    file is no capitals."""
    if not path.is_file():
        return {}, [], {}
    new: dict[str, Entity] = {}
    aliases: list[tuple[str, str, str]] = []
    capital_of: dict[str, str] = {}
    for loc, row in _read_tsv(path, CAPITAL_COLUMNS):
        key, names = row["key"], [n.strip() for n in row["names_ar"].split("|") if n.strip()]
        country = by_iso.get(row["iso2"])
        if not _KEY.match(key) or not names or country is None:
            raise ConfigError(f"{loc}: a capital needs a slug key, an Arabic name and a country code of countries.tsv")
        capital_of[key] = country
        seed = entities.get(key)
        if seed is not None:
            aliases += [(key, n, "spelling") for n in names if n != seed.label_ar]
            continue
        new[key] = Entity(key=key, type="City", label_ar=names[0], label_en=row["name_en"] or None,
                          located_in=(country,), source=f"seeds/{CAPITALS_FILE}: {row['source']}")
        aliases += [(key, n, "spelling") for n in names[1:]]
    return new, aliases, capital_of


COUNTRIES_FILE = "countries.tsv"
COUNTRY_COLUMNS = ("iso2", "key", "adjectives", "names", "ambiguous", "adjective_source")


def load_countries(path: Path, seeds: dict[str, Entity]
                   ) -> tuple[list[Entity], list[tuple[str, str, str]], list[str], dict[str, str]]:
    """Every country and territory of CLDR (names from Babel) with the keys, adjectives and extra names of
    ``countries.tsv``: (new entities, alias rows, ambiguous adjectives, ISO code → key). A country the seeds already have keeps
    its seed entity (QID, coordinates, source) and gains the CLDR name and the file's names as aliases."""
    try:
        import babel
        from babel import Locale
    except ImportError as exc:  # a declared dependency: only a broken install lacks it
        raise ResourceMissingError("the Babel package (CLDR country names) is not installed",
                                   hint="pip install babel") from exc
    ar, en = Locale("ar").territories, Locale("en").territories
    entities: list[Entity] = []
    aliases: list[tuple[str, str, str]] = []
    ambiguous: list[str] = []
    by_iso: dict[str, str] = {}
    for loc, row in _read_tsv(path, COUNTRY_COLUMNS):
        iso, key = row["iso2"], row["key"]
        if iso not in ar or iso not in en:
            raise ConfigError(f"{loc}: {iso!r} is not a territory code CLDR knows")
        if not _KEY.match(key):
            raise ConfigError(f"{loc}: key {key!r} must be a lowercase slug (a-z, 0-9, '-')")
        names = [n for n in row["names"].split("|") if n.strip()]
        label = ar[iso]
        by_iso[iso] = key
        if key in seeds:
            seed = seeds[key]
            if seed.type != "Country":
                raise ConfigError(f"{loc}: key {key!r} is a seed entity of type {seed.type}, not a Country")
            extra = [label, *names] if label != seed.label_ar else names
        else:
            entities.append(Entity(key=key, type="Country", label_ar=label, label_en=en[iso],
                                   source=f"CLDR territory {iso} (Babel {babel.__version__}); seeds/{COUNTRIES_FILE}"))
            extra = names
        aliases += [(key, n.strip(), "spelling") for n in extra if n.strip()]
        own_names = {normalize_key(n) for n in (label, *names, seeds[key].label_ar if key in seeds else label)}
        for adjective in filter(None, (a.strip() for a in row["adjectives"].split("|"))):
            aliases.append((key, adjective, "nationality-adjective"))
            # «مالي» is also «financial»; «جيبوتي», «بوروندي» are the country's own name: read as the adjective
            # only after a force noun («الجيش الجيبوتي»), never alone
            if row["ambiguous"] == "yes" or normalize_key(adjective) in own_names:
                ambiguous.append(adjective)
    return entities, aliases, ambiguous, by_iso


def _read_tsv(path: Path, columns: tuple[str, ...]) -> list[tuple[str, dict[str, str]]]:
    """Rows of a seed TSV as ``(file:line, row)``; checks the header and the column count of every row."""
    if not path.is_file():
        raise ResourceMissingError(
            f"seed file not found: {path}", hint="restore it from the repository's seeds/"
        )
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceMissingError(f"cannot read seed file {path}: {exc}") from None
    first = next((i for i, ln in enumerate(lines) if not ln.startswith("#")), len(lines))
    comments, lines = first, lines[first:]
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise ConfigError(f"{path}:1: header must be the tab-separated columns {', '.join(columns)}")
    out: list[tuple[str, dict[str, str]]] = []
    for number, line in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), start=2 + comments):
        loc = f"{path}:{number}"
        if not line or (len(line) == 1 and not line[0].strip()):
            continue
        if len(line) != len(columns):
            raise ConfigError(f"{loc}: expected {len(columns)} tab-separated columns, found {len(line)}")
        out.append((loc, dict(zip(columns, line, strict=True))))
    return out


def _entity_from_row(row: dict[str, str], loc: str) -> Entity:
    key, typ = row["key"], row["type"]
    if not _KEY.match(key):
        raise ConfigError(f"{loc}: key {key!r} must be a lowercase slug (a-z, 0-9, '-')")
    if typ not in TYPE_LABELS:
        raise ConfigError(f"{loc}: unknown type {typ!r} (one of {', '.join(TYPE_LABELS)})")
    if not row["label_ar"].strip():
        raise ConfigError(f"{loc}: label_ar is empty")
    qid = row["qid"] or None
    if qid is not None and not _QID.match(qid):
        raise ConfigError(f"{loc}: qid {qid!r} does not match Q<digits>")
    lat = _coordinate(row["lat"], -90, 90, "lat", loc)
    lon = _coordinate(row["lon"], -180, 180, "lon", loc)
    if (lat is None) != (lon is None):
        raise ConfigError(f"{loc}: lat and lon must be both set or both empty")
    if not row["source"].strip():
        raise ConfigError(f"{loc}: source is empty (say where the facts come from)")
    return Entity(
        key=key,
        type=typ,
        label_ar=row["label_ar"].strip(),
        label_en=row["label_en"].strip() or None,
        qid=qid,
        lat=lat,
        lon=lon,
        located_in=tuple(p for p in row["located_in"].split("|") if p),
        source=row["source"].strip(),
    )


def _coordinate(text: str, low: float, high: float, name: str, loc: str) -> float | None:
    if not text.strip():
        return None
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{loc}: {name} {text!r} is not a number") from None
    if not low <= value <= high:
        raise ConfigError(f"{loc}: {name} {value} is outside [{low}, {high}]")
    return value


_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


@lru_cache(maxsize=65536)
def clitic_variants(key: str) -> tuple[tuple[int, str], ...]:
    """``(chars cut, rest)`` readings of a token key, fewest cut first: و/ف, then ب/ل/ك, and «لل» → «ال»."""
    out: list[tuple[int, str]] = [(0, key)]
    bases = [(0, key)]
    if key[:1] in _CONJ and len(key) > 3:
        bases.append((1, key[1:]))
    for cut, rest in list(bases):
        if rest.startswith("لل") and len(rest) > 4:
            out.append((cut + 1, "ا" + rest[1:]))  # «للأمم» = ل + «الأمم»: span starts at the second ل
        elif rest[:1] in _PREP and len(rest) > 3:
            out.append((cut + 1, rest[1:]))
        if cut:
            out.append((cut, rest))
    seen: set[str] = set()
    uniq = []
    for cut, rest in sorted(out, key=lambda x: x[0]):
        if rest not in seen:
            seen.add(rest)
            uniq.append((cut, rest))
    return tuple(uniq)


def skip_letters(token: Token, n: int) -> int:
    """Offset in the text after the first ``n`` letters of ``token`` (diacritics and tatweel ride along)."""
    pos = 0
    count = 0
    text = token.text
    while pos < len(text) and count < n:
        if not _SKIP.match(text[pos]):
            count += 1
        pos += 1
    while pos < len(text) and _SKIP.match(text[pos]):
        pos += 1
    return token.start + pos


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the project's own seeds (for callers that pass none, such as rule unit tests)."""
    from kg.resources import resource_dir

    return Gazetteer.load(resource_dir("seeds"))
