"""Per-app state: settings, the executor, named queries and the named-query result cache."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.api.assets import Assets
from kg.api.executor import QueryExecutor
from kg.config import Settings
from kg.queries import NamedQuery

if TYPE_CHECKING:
    from kg.api.remote import RemoteExecutor


class ResultCache:
    """A small LRU of serialized results keyed by (generation, request key); a write makes old keys dead."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 64_000_000) -> None:
        self._data: OrderedDict[tuple[Any, ...], tuple[bytes, str, str]] = OrderedDict()
        self._lock = threading.Lock()
        self._bytes = 0
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> tuple[bytes, str, str] | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: tuple[Any, ...], value: tuple[bytes, str, str]) -> None:
        if len(value[0]) > self.max_bytes // 8:
            return  # one huge result would evict everything else
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= len(old[0])
            self._data[key] = value
            self._bytes += len(value[0])
            while len(self._data) > self.max_entries or self._bytes > self.max_bytes:
                _, dropped = self._data.popitem(last=False)
                self._bytes -= len(dropped[0])

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0


@dataclass
class ApiState:
    """What every route needs; stored on ``app.state.kg``."""

    settings: Settings
    executor: QueryExecutor
    queries: dict[str, NamedQuery]
    union_default_graph: bool = False
    cache: ResultCache = field(default_factory=ResultCache)
    owns_store: bool = False
    close_store: Callable[[], None] | None = None
    #: the browser assets installed from npm (``make ui``); pages say when one is missing.
    assets: Assets = field(default_factory=Assets)
    #: set when the store is a remote SPARQL server: protocol and Graph Store requests are forwarded to it.
    remote: RemoteExecutor | None = None
    #: what guides the pages without being one of their facts, by name: (store generation, value)
    #: (``kg.api.web.bounded.hint``)
    hints: dict[str, tuple[int, Any]] = field(default_factory=dict)

    @property
    def generation(self) -> int:
        """Bumped on every write: part of every cache key and ETag."""
        return self.executor.generation
