"""Global fixtures: paths to the shared seed articles and a settings factory that never touches the network."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in

SHARED = (PROJECT_ROOT / ".." / "shared").resolve()
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS} (put ../shared beside the checkout)")
    return SEEDS


@pytest.fixture
def make_settings(tmp_path: Path):
    """Settings for a test: a store in tmp_path, offline, defaults otherwise."""

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "store": str(tmp_path / "store"),
            "link_cache_dir": tmp_path / "cache",
            "online": False,
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    return make
