"""Settings: validated once, documented, errors as ConfigError."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings, get_settings
from kg.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in


def test_config_every_setting_is_documented() -> None:
    doc = (PROJECT_ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`KG_{name.upper()}`" not in doc]
    assert not missing


@pytest.mark.parametrize(
    ("variable", "value"),
    [("KG_QUERY_TIMEOUT_S", "0"), ("KG_NER", "spacy"), ("KG_BASE_IRI", "not-an-iri"), ("KG_WORKERS", "0")],
)
def test_config_bad_values_raise_config_error(monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError, match=variable):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_config_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_QUERY_TIMEOUT_S", "7.5")
    monkeypatch.setenv("KG_SERVICE_ALLOWLIST", '["https://query.wikidata.org/sparql", "http://127.0.0.1:9/sparql"]')
    settings = Settings()
    assert settings.query_timeout_s == 7.5
    assert len(settings.service_allowlist) == 2
