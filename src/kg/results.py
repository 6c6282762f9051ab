"""SELECT rows → SPARQL 1.1 Query Results JSON / CSV / TSV, and a plain-text cell rendering for tables.

Used by the CLI, which holds materialized rows (``Store.select``) rather than pyoxigraph iterators.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

import pyoxigraph as ox

from kg.store import Row

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def term_json(term: object) -> dict[str, str]:
    """One RDF term as a SPARQL JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def plain(term: object | None) -> str:
    """A cell as a person reads it: IRIs and literal values without syntax."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode):
        return term.value
    return str(term)


WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"


def compact(term: object | None, base_iri: str) -> str:
    """A table cell: minted IRIs shortened to their path under the base, Wikidata items to ``wd:Q…``."""
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(base_iri):
            return term.value[len(base_iri) :]
        if term.value.startswith(WIKIDATA_ENTITY):
            return "wd:" + term.value[len(WIKIDATA_ENTITY) :]
    return plain(term)


def to_json(variables: Sequence[str], rows: Sequence[Row]) -> str:
    body = {
        "head": {"vars": list(variables)},
        "results": {"bindings": [{k: term_json(v) for k, v in row.items()} for row in rows]},
    }
    return json.dumps(body, ensure_ascii=False, indent=2)


def to_csv(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 CSV: plain values, CRLF line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([plain(row.get(v)) for v in variables])
    return buf.getvalue()


def to_tsv(variables: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    for row in rows:
        lines.append("\t".join(str(row[v]) if v in row else "" for v in variables))
    return "\n".join(lines) + "\n"
