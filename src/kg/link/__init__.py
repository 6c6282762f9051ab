"""Entity linking: offline against the seed gazetteer (:class:`Linker`), optionally online against Wikidata.

The online parts (:mod:`kg.link.wikidata`, :mod:`kg.link.cache`) import httpx only when used.
"""

from kg.link.linker import Linker
from kg.link.minting import mint_key

__all__ = ["Linker", "mint_key"]
