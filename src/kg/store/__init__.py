"""Graph stores: the only package that knows Oxigraph or a remote SPARQL server."""

from __future__ import annotations

from pathlib import Path

from kg.store.base import Row, Store

__all__ = ["Row", "Store", "open_store"]


def open_store(location: str | Path, *, read_only: bool = False) -> Store:
    """Open a store: ``memory:`` (in-process, for tests), a directory path, or an ``http(s)://`` URL."""
    loc = str(location)
    if loc == "memory:":
        from kg.store.embedded import EmbeddedStore

        return EmbeddedStore(None)
    if loc.startswith(("http://", "https://")):
        from kg.store.remote import RemoteStore

        return RemoteStore(loc, read_only=read_only)
    from kg.store.embedded import EmbeddedStore

    return EmbeddedStore(Path(loc), read_only=read_only)
