"""SHACL validation of a store: ``ontology/shapes.ttl`` over the union of all graphs, with kg.ttl mixed in.

The union is validated (not each named graph on its own) because consolidated nodes point at the reported
facts of article graphs; the ontology is mixed in so ``sh:class`` honours ``rdfs:subClassOf``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import RdfFormat, parse
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.errors import ResourceMissingError, ValidationError
from kg.rdf.namespaces import PREFIXES
from kg.store.base import Store

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class ValidationReport:
    """Whether the graph conforms, and one readable line per result (violations and warnings)."""

    conforms: bool
    violations: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _short(node: Node | None) -> str:
    if node is None:
        return "-"
    text = str(node)
    if isinstance(node, URIRef):
        for prefix, ns in PREFIXES.items():
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"
    return repr(text) if len(text) < 80 else repr(text[:77] + "...")


def validate_graph(data: Graph, shapes_path: Path, ontology_path: Path | None = None) -> ValidationReport:
    """Run the shapes over one rdflib graph; ``ontology_path`` defaults to ``kg.ttl`` beside the shapes."""
    import pyshacl  # slow to import; only ``kg validate`` and tests need it

    if not shapes_path.is_file():
        raise ResourceMissingError(f"SHACL shapes {shapes_path} are missing", hint="set KG_ONTOLOGY_DIR")
    ontology_path = ontology_path or shapes_path.with_name("kg.ttl")
    shapes = Graph().parse(shapes_path, format="turtle")
    if ontology_path.is_file():
        # merged by hand: pyshacl's own ont_graph mix-in is two orders of magnitude slower
        merged = Graph()
        for triple in data:
            merged.add(triple)
        merged.parse(ontology_path, format="turtle")
        data = merged
    try:
        conforms, results, _ = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True,
        )
    except Exception as exc:  # pyshacl raises its own error types for broken shapes
        raise ValidationError(f"SHACL validation could not run: {exc}") from None
    report = ValidationReport(conforms=bool(conforms))
    assert isinstance(results, Graph)
    lines: list[tuple[str, str]] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        sev = str(severity).rsplit("#", 1)[-1] if severity else "Violation"
        message = results.value(result, SH.resultMessage)
        line = (f"{sev}: {_short(results.value(result, SH.focusNode))} "
                f"{_short(results.value(result, SH.resultPath))} — {message or 'does not conform'}")
        value = results.value(result, SH.value)
        if value is not None:
            line += f" (value {_short(value)})"
        lines.append((sev, line))
    for sev, line in sorted(set(lines)):
        (report.violations if sev == "Violation" else report.warnings).append(line)
    return report


def store_union_graph(store: Store) -> Graph:
    """Every triple of every graph of the store, as one rdflib graph."""
    buf = io.BytesIO()
    store.dump(buf, "application/n-quads")
    buf.seek(0)
    lines = {f"{q.subject} {q.predicate} {q.object} ." for q in parse(buf, format=RdfFormat.N_QUADS)}
    union = Graph()
    if lines:
        union.parse(data="\n".join(sorted(lines)), format="nt")
    return union


def validate_store(store: Store, shapes_path: Path) -> ValidationReport:
    """Validate the whole store against ``shapes_path`` (kg.ttl beside it is mixed in)."""
    return validate_graph(store_union_graph(store), Path(shapes_path))
