"""Settings, validated once at startup.

Every knob has its unit in its name and can be set from the environment with the ``KG_`` prefix
(``KG_QUERY_TIMEOUT_S=10``) or from a ``.env`` file. Library code never reads the environment itself: the CLI
and the API call :func:`get_settings` and pass typed values down.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from kg.errors import ConfigError
from kg.resources import resource_dir

#: Stable namespace of ontology terms (classes and properties). Never changes with deployment.
ONTOLOGY_NS = "https://w3id.org/kg-news/ontology#"
#: Default base of instance IRIs (articles, entities, events). Configurable with ``KG_BASE_IRI``.
DEFAULT_BASE_IRI = "https://w3id.org/kg-news/id/"

NerChoice = Literal["stanza", "rules", "both"]
ExecutorChoice = Literal["local", "dask"]


class Settings(BaseSettings):
    """All of kg's settings; see ``docs/configuration.md``."""

    model_config = SettingsConfigDict(env_prefix="KG_", env_file=".env", extra="ignore")

    store: str = Field(".kg-store", description="Store directory, or http(s) URL of a remote SPARQL store")
    base_iri: str = Field(DEFAULT_BASE_IRI, description="Base of every instance IRI kg mints")
    seeds_dir: Path = Field(default_factory=lambda: resource_dir("seeds"), description="Seed gazetteer directory")
    queries_dir: Path = Field(
        default_factory=lambda: resource_dir("queries"), description="Named SPARQL queries (*.rq)"
    )
    ontology_dir: Path = Field(
        default_factory=lambda: resource_dir("ontology"), description="Ontology and SHACL shapes"
    )

    max_article_bytes: int = Field(5_000_000, gt=0, description="Articles larger than this are refused")
    ner: NerChoice = Field("both", description="Recognizers used by `kg build`")
    ner_model_dir: Path | None = Field(None, description="Project Stanza NER model dir (default: shipped)")
    stanza_official_dir: Path | None = Field(None, description="Official Stanza Arabic models dir")
    use_official_stanza: bool = Field(False, description="Use the official Stanza Arabic NER model too")
    workers: int = Field(1, ge=1, le=64, description="Extraction processes for `kg build`")
    executor: ExecutorChoice = Field("local", description="Where `kg build` extracts: local processes or a Dask cluster")
    dask_scheduler: str | None = Field(
        None, description="Dask scheduler address (tcp://host:8786), or local:N for a local cluster of N workers"
    )
    dask_shard_articles: int = Field(25, ge=1, le=10_000, description="Articles per Dask task (one shard of input)")

    query_timeout_s: float = Field(30.0, gt=0, description="Time limit of one SPARQL query")
    query_result_limit: int = Field(100_000, gt=0, description="Most rows/triples one query may return")
    max_request_bytes: int = Field(10_000_000, gt=0, description="Largest accepted HTTP request body")
    max_query_bytes: int = Field(1_000_000, gt=0, description="Longest accepted SPARQL query (UTF-8 bytes)")
    update_timeout_s: float = Field(60.0, gt=0, description="Time limit of one update or Graph Store write")
    query_memory_mb: int = Field(
        2048, ge=0, description="Memory (data segment) each query worker and the writer may use, MB (0 = no limit)"
    )
    update_token: str | None = Field(None, description="Bearer token that enables SPARQL Update and GSP writes")
    service_allowlist: list[str] = Field(
        default_factory=lambda: ["https://query.wikidata.org/sparql"],
        description="SERVICE endpoints a query may call; anything else is refused",
    )
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS")
    union_default_graph: bool = Field(
        False, description="/sparql default graph = union of all graphs (named queries always use the union)"
    )
    query_workers: int = Field(0, ge=0, le=64, description="Query worker processes of `kg serve` (0 = one per core, min 2)")
    ui_dir: Path | None = Field(
        None, description="Browser assets of the web pages: the node_modules folder `make ui` fills (default: "
        "build/ui/node_modules of the checkout, or of the working directory)"
    )

    online: bool = Field(False, description="Allow online Wikidata lookups (`kg link --online`)")
    wikidata_api_url: str = Field("https://www.wikidata.org/w/api.php", description="Wikidata action API")
    wikidata_sparql_url: str = Field("https://query.wikidata.org/sparql", description="Wikidata SPARQL")
    wikidata_timeout_s: float = Field(10.0, gt=0, description="Timeout of one Wikidata request")
    link_cache_dir: Path = Field(Path(".kg-cache/wikidata"), description="On-disk cache of Wikidata answers")
    link_accept_threshold: float = Field(0.85, ge=0, le=1, description="Lowest score auto-accepted online")

    @field_validator("dask_scheduler")
    @classmethod
    def _scheduler_address(cls, v: str | None) -> str | None:
        if v is None or "://" in v:
            return v
        kind, _, n = v.partition(":")
        if kind != "local" or not n.isdigit() or not 1 <= int(n) <= 64:
            raise ValueError("must be a scheduler address (tcp://host:8786) or local:N with 1 <= N <= 64")
        return v

    @field_validator("base_iri")
    @classmethod
    def _base_iri_ends_with_separator(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")) or not v.endswith(("/", "#")):
            raise ValueError("must be an http(s) IRI ending with '/' or '#'")
        return v


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings from the environment, validated once; a bad value is a ConfigError, not a traceback."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"KG_{'.'.join(str(p) for p in err['loc']).upper()}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid setting: {problems}") from None
