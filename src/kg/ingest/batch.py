"""``read_inputs``: files and folders -> Articles, one InputFailure per unreadable input, never an exception.

Order is deterministic: the paths in the order given; inside a folder, entries sorted by name, recursively.
A file reached twice (named twice, or through a folder and a symlink) is read once. An article whose key was
already produced in this batch (same normalized URL, or same normalized text without URL) is skipped: the
first one wins, the duplicate is logged at INFO and reported to ``on_duplicate`` (with the first one's source)
if given. Only key → source is remembered, so memory stays flat over millions of articles.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.ingest.failure import InputFailure, oversize_reason
from kg.ingest.html import read_html
from kg.ingest.readers import iter_jsonl, read_txt
from kg.model import Article

log = logging.getLogger(__name__)

TXT, JSONL, HTML = ".txt", ".jsonl", ".html"
#: File extensions read (case-insensitive) and the format each one is read as.
FORMATS = {".txt": TXT, ".jsonl": JSONL, ".html": HTML, ".htm": HTML}

DuplicateHook = Callable[[Article, str], None]


def read_inputs(
    paths: Sequence[Path],
    *,
    max_article_bytes: int,
    on_duplicate: DuplicateHook | None = None,
) -> Iterator[Article | InputFailure]:
    """Every article under ``paths``, or an :class:`InputFailure` naming each input that cannot be read."""
    seen_files: set[str] = set()
    first_source: dict[str, str] = {}
    for path in paths:
        for item in _read_path(Path(path), max_article_bytes, seen_files):
            if isinstance(item, Article):
                first = first_source.get(item.key)
                if first is not None:
                    log.info("%s: same article as %s (key %s), skipped", item.source, first, item.key)
                    if on_duplicate:
                        on_duplicate(item, first)
                    continue
                first_source[item.key] = item.source
            yield item


def _read_path(path: Path, limit: int, seen: set[str]) -> Iterator[Article | InputFailure]:
    source = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            yield InputFailure(source, f"is a broken symbolic link (to {os.readlink(path)})")
        else:
            yield InputFailure(source, "does not exist")
        return
    except OSError as exc:
        yield InputFailure(source, _os_reason(exc))
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _read_dir(path, limit, seen, ancestors=frozenset())
        return
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        yield InputFailure(
            source,
            f"has an unsupported file type {path.suffix or '(no extension)'!r} "
            "(expected .txt, .jsonl, .html or .htm)",
        )
        return
    yield from _read_file(path, st, fmt, limit, seen)


def _read_dir(
    path: Path, limit: int, seen: set[str], ancestors: frozenset[str]
) -> Iterator[Article | InputFailure]:
    real = os.path.realpath(path)
    if real in ancestors:  # a symlink loop: already being walked higher up
        return
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        yield InputFailure(str(path), _os_reason(exc, is_dir=True))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # hidden files and folders (.git, .DS_Store) are never articles
        child = path / entry.name
        supported = FORMATS.get(child.suffix.lower()) is not None
        try:
            st = child.stat()
        except FileNotFoundError:  # a dangling link (or a file removed while we walk)
            if supported and child.is_symlink():
                yield InputFailure(str(child), f"is a broken symbolic link (to {os.readlink(child)})")
            continue
        except OSError as exc:
            if supported or entry.is_dir(follow_symlinks=False):
                yield InputFailure(str(child), _os_reason(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _read_dir(child, limit, seen, ancestors | {real})
        elif supported:
            yield from _read_file(child, st, FORMATS[child.suffix.lower()], limit, seen)


def _read_file(
    path: Path, st: os.stat_result, fmt: str, limit: int, seen: set[str]
) -> Iterator[Article | InputFailure]:
    source = str(path)
    real = os.path.realpath(path)
    if real in seen:
        return
    seen.add(real)
    if not stat.S_ISREG(st.st_mode):
        yield InputFailure(source, "is not a regular file")
        return
    try:
        if fmt == JSONL:
            with open(path, "rb") as stream:
                yield from iter_jsonl(stream, source, max_article_bytes=limit)
            return
        if st.st_size > limit:
            yield InputFailure(source, oversize_reason(st.st_size, limit))
            return
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:  # grew since stat
            yield InputFailure(source, oversize_reason(len(data), limit, what="is over"))
            return
        yield read_txt(source, data) if fmt == TXT else read_html(source, data)
    except InputError as exc:
        yield InputFailure(source, str(exc))
    except OSError as exc:
        yield InputFailure(source, _os_reason(exc))
    except Exception as exc:  # noqa: BLE001 - a bug on one hostile input must not end the batch
        log.exception("unexpected error reading %s", source)
        yield InputFailure(source, f"could not be read (unexpected {type(exc).__name__}: {exc})")


def _os_reason(exc: OSError, *, is_dir: bool = False) -> str:
    """An OSError as a short reason without the path (the source already names it)."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot be listed (permission denied)" if is_dir else "cannot be read (permission denied)"
    if exc.errno == errno.ELOOP:
        return "is a symbolic link loop"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return f"cannot be read ({exc.strerror or type(exc).__name__})"
