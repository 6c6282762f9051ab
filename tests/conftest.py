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


def _build_store(inputs: Path, tmp: Path) -> Path:
    from kg.pipeline import build
    from kg.store import open_store

    settings = Settings(store=str(tmp / "store"), link_cache_dir=tmp / "cache", online=False)  # type: ignore[call-arg]
    with open_store(settings.store) as store:
        report = build([inputs], store, settings)
    assert report.ok and not report.failed, report.failed
    return tmp / "store"


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory built once from examples/articles (closed, like ``seeds_store``)."""
    return _build_store(PROJECT_ROOT / "examples" / "articles", tmp_path_factory.mktemp("examples-store"))


@pytest.fixture(scope="session")
def seeds_store(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store directory built once from the seed articles (closed: a server or the CLI may open it)."""
    return _build_store(seeds_dir, tmp_path_factory.mktemp("seeds-store"))
