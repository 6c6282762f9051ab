"""RDF: the only package that knows IRIs and ontology terms.

``mapping`` turns an :class:`kg.model.Extraction` into one named graph of quads; ``consolidate`` computes the
project-level graph from all article graphs; ``validate`` runs the SHACL shapes over a store.
"""

from __future__ import annotations

from kg.rdf.mapping import ArticleGraph, entity_quads, extraction_to_quads, ontology_quads

__all__ = ["ArticleGraph", "entity_quads", "extraction_to_quads", "ontology_quads"]
