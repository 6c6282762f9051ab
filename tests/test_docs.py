"""Docs that cannot drift: every named query and every CLI command is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import app
from kg.queries import load_named_queries

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in

QUERIES = load_named_queries(PROJECT_ROOT / "queries")


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_docs_every_named_query_is_in_docs_queries(name: str) -> None:
    doc = (PROJECT_ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    assert f"| `{name}`" in doc and QUERIES[name].title in doc
    for param in QUERIES[name].params:
        assert f"`{param.name}` ({param.type}" in doc


def test_docs_readme_lists_every_command() -> None:
    import typer.main

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    missing = [name for name in commands if name != "version" and f"`kg {name}" not in readme]
    assert not missing
    assert "make demo" in readme and "make test" in readme
