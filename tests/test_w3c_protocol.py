"""The W3C SPARQL 1.1 Protocol test suite (34 tests), read from its manifest, against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api_live import live_server, settings_for
from w3c_runner import TOKEN, W3C, W3cTest, load_manifest, run_test

MANIFEST = W3C / "protocol" / "manifest.ttl"
TESTS = load_manifest(MANIFEST) if MANIFEST.is_file() else []


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    tmp: Path = tmp_path_factory.mktemp("w3c-protocol")
    with live_server(settings_for(tmp, update_token=TOKEN)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def test_manifest_has_all_34_tests() -> None:
    if not MANIFEST.is_file():
        pytest.skip(f"W3C manifest not found at {MANIFEST}")
    assert len(TESTS) == 34


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_w3c_protocol(client: httpx.Client, test: W3cTest) -> None:
    run_test(client, test, ("/sparql/", "/sparql"))
