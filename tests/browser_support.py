"""Playwright (from PyPI) driving Debian's Chromium, for the page tests; never a browser download.

``chromium()`` finds the browser (``KG_CHROMIUM``, else ``/usr/bin/chromium`` or ``chromium`` on PATH). Where
there is none the browser tests skip with a message saying how to get one; with ``KG_BROWSER_TESTS=require``
(set by ``.ci/run``) they fail instead, so CI never passes without having run them.

Every page a test opens goes through :class:`Watch`: requests to any host but 127.0.0.1 are aborted and
recorded, and console errors and uncaught exceptions are collected, so a test can assert that the page stays
on this machine and runs cleanly.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

#: the launch flags that work on the CI machines (no sandbox as root, no GPU, nothing phoning home)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HOW_TO = ("no Chromium for the browser tests: install Debian's package (`apt-get install -y chromium`, as root; "
          ".ci/run does it) and Playwright (`pip install -e '.[test]'`); never `playwright install`")


def chromium() -> str | None:
    """The Chromium executable to drive, or None."""
    explicit = os.environ.get("KG_CHROMIUM")
    if explicit:
        return explicit if Path(explicit).is_file() else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def required() -> bool:
    return os.environ.get("KG_BROWSER_TESTS", "").lower() == "require"


def unavailable(reason: str) -> None:
    """Skip (locally) or fail (CI) because the browser tests cannot run."""
    if required():
        pytest.fail(f"KG_BROWSER_TESTS=require but {reason}")
    pytest.skip(reason)


@contextmanager
def launch() -> Iterator[Any]:
    """A Chromium browser under Playwright with a fresh profile; skip or fail when there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable(HOW_TO + " (playwright is not installed)")
    exe = chromium()
    if exe is None:
        unavailable(HOW_TO)
    with sync_playwright() as pw:
        # Playwright gives every launch a fresh, throwaway profile (it refuses --user-data-dir here)
        browser = pw.chromium.launch(executable_path=exe, args=FLAGS, timeout=60_000)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watch:
    """What one page did: every URL it requested, what left 127.0.0.1, console errors, page errors."""

    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def clean(self) -> None:
        """Assert that nothing left 127.0.0.1 and nothing went wrong in the page."""
        assert not self.outside, f"requests left 127.0.0.1: {self.outside}"
        assert not self.errors, f"console errors: {self.errors}"


def _local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


@contextmanager
def open_page(browser: Any, width: int = 1280, height: int = 900, lang: str = "en-US") -> Iterator[tuple[Any, Watch]]:
    """A new page (own context) whose requests and console are watched."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale=lang,
                                  extra_http_headers={"Accept-Language": lang})
    watch = Watch()

    def route(r: Any) -> None:
        url = r.request.url
        watch.requests.append(url)
        if _local(url):
            r.continue_()
        else:
            watch.outside.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda msg: watch.errors.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watch.errors.append(f"uncaught: {exc}"))
    page.set_default_timeout(20_000)
    try:
        yield page, watch
    finally:
        context.close()
