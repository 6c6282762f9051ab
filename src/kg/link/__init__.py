"""Entity linking: offline against the seed gazetteer (:class:`Linker`), optionally online against Wikidata.

The online parts (:mod:`kg.link.wikidata`, :mod:`kg.link.cache`) import httpx only when used. ``Linker`` and
``mint_key`` are imported on first use: every ``kg`` command imports :mod:`kg.link.cli` to mount ``kg link``,
and the linker's gazetteer and lexicon are ~30 ms of start-up that ``kg query`` does not need.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.link.linker import Linker
    from kg.link.minting import mint_key

__all__ = ["Linker", "mint_key"]


def __getattr__(name: str) -> Any:
    if name == "Linker":
        from kg.link.linker import Linker

        return Linker
    if name == "mint_key":
        from kg.link.minting import mint_key

        return mint_key
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
