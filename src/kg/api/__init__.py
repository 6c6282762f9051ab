"""HTTP API: SPARQL 1.1 Protocol, Graph Store Protocol, named queries, linked-data pages (never imports NLP)."""

from __future__ import annotations

__all__ = ["create_app"]


def __getattr__(name: str) -> object:
    if name == "create_app":
        from kg.api.app import create_app

        return create_app
    raise AttributeError(name)
