"""On-disk cache of Wikidata answers, so that online reconciliation is repeatable and works offline later.

One JSON file per request key (its SHA-256 name), written atomically (temporary file + rename), so an
interrupted run never leaves a half-written answer that a later offline run would trust.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from kg.errors import LinkingError


class DiskCache:
    """``get``/``put`` JSON values by a string key under ``directory`` (created on first write)."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.directory / digest[:2] / f"{digest}.json"

    def get(self, key: str) -> Any | None:
        """The cached value for ``key``, or None on a miss. A corrupt file is a LinkingError naming it."""
        path = self._path(key)
        if not path.is_file():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise LinkingError(
                f"corrupt Wikidata cache file {path}: {exc}", hint="delete it and retry"
            ) from None
        if not isinstance(record, dict) or record.get("key") != key:
            raise LinkingError(
                f"Wikidata cache file {path} does not hold {key!r}", hint="delete it and retry"
            )
        return record.get("value")

    def put(self, key: str, value: Any) -> None:
        """Store ``value`` (JSON-serializable) for ``key``, atomically."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": key, "value": value}, fh, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError as exc:
            raise LinkingError(f"cannot write the Wikidata cache in {self.directory}: {exc}") from None

    def __contains__(self, key: str) -> bool:
        return self._path(key).is_file()
