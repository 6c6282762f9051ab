"""Recognizes *bounded lookups*: queries whose whole cost is one index scan of one subject.

A query is a bounded lookup when it is, after an optional prologue (``PREFIX``/``BASE``) and ``FROM`` clauses,

* ``SELECT [DISTINCT|REDUCED] (?vars | *) [WHERE] { P }`` or ``ASK [WHERE] { P }`` where ``P`` is one triple
  pattern ``<subject> predicate object`` (optionally inside one ``GRAPH ?g { … }`` / ``GRAPH <g> { … }``) whose
  subject is an IRI, followed only by ``LIMIT``/``OFFSET``; or
* ``DESCRIBE <iri>`` of one IRI, with nothing after it.

Such a query reads the triples of one subject and nothing else: no join, no path, no sort, no aggregate, no
``SERVICE``. Its work is bounded by that subject's out-degree and by the row limit, so the executor answers it
in the server process instead of a killable worker (a pipe round trip saved on the most common request of
linked-data clients and entity pages). Everything else, including anything this recognizer does not
understand, goes to the workers: the recognizer only ever says "yes" to the grammar above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<str>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<dt>\^\^)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%-]|\\[^\s]|\.(?=[\w:%-]))*)
  | (?P<num>[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z]+)
  | (?P<punct>[{}.*])
    """,
    re.VERBOSE,
)
_WORDS = {"SELECT", "DISTINCT", "REDUCED", "ASK", "DESCRIBE", "WHERE", "GRAPH", "LIMIT", "OFFSET", "PREFIX",
          "BASE", "FROM", "NAMED", "A", "TRUE", "FALSE"}  # fmt: skip

Token = tuple[str, str]  # (kind, text); words upper-cased, except the predicate keyword ``a``


def _tokens(sparql: str) -> list[Token] | None:
    out: list[Token] = []
    pos = 0
    while pos < len(sparql):
        m = _TOKEN.match(sparql, pos)
        if m is None or m.end() == pos:
            return None
        kind = m.lastgroup or ""
        text = m.group()
        pos = m.end()
        if kind == "ws":
            continue
        if kind == "word":
            if text.upper() not in _WORDS:
                return None
            text = "a" if text == "a" else text.upper()
        out.append((kind, text))
    return out


@dataclass(frozen=True)
class Lookup:
    """What the executor needs to know about a recognized lookup."""

    form: str  # SELECT, ASK or DESCRIBE
    limit: int | None  # the query's own LIMIT, if any


class _Parser:
    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.i = 0
        self.form = ""
        self.limit: int | None = None

    def peek(self) -> Token:
        return self.toks[self.i] if self.i < len(self.toks) else ("end", "")

    def take(self, *accepted: str) -> Token | None:
        """The next token if its kind or text is one of ``accepted`` (then consumed), else None."""
        tok = self.peek()
        if tok[0] in accepted or (tok[0] in ("word", "punct") and tok[1] in accepted):
            self.i += 1
            return tok
        return None

    def need(self, *accepted: str) -> Token:
        tok = self.take(*accepted)
        if tok is None:
            raise _NotLookup
        return tok

    # -- grammar --------------------------------------------------------------------------------
    def query(self) -> None:
        while self.take("PREFIX", "BASE"):
            kind = self.toks[self.i - 1][1]
            if kind == "PREFIX":
                pname = self.need("pname")
                if not pname[1].endswith(":"):
                    raise _NotLookup
            self.need("iri")
        if self.take("DESCRIBE"):
            self.form = "DESCRIBE"
            self.need("iri", "pname")
            self.need("end")
            return
        if self.take("SELECT"):
            self.form = "SELECT"
            self.take("DISTINCT", "REDUCED")
            if not self.take("*"):
                self.need("var")
                while self.take("var"):
                    pass
        else:
            self.need("ASK")
            self.form = "ASK"
        while self.take("FROM"):
            self.take("NAMED")
            self.need("iri", "pname")
        self.take("WHERE")
        self.need("{")
        if self.take("GRAPH"):
            self.need("var", "iri", "pname")
            self.need("{")
            self.triple()
            self.need("}")
        else:
            self.triple()
        self.need("}")
        while (clause := self.take("LIMIT", "OFFSET")) is not None:
            num = self.need("num")
            if not num[1].isdigit():
                raise _NotLookup
            if clause[1] == "LIMIT":
                self.limit = int(num[1])
        self.need("end")

    def triple(self) -> None:
        self.need("iri", "pname")  # a constant subject: the whole point
        self.need("iri", "pname", "var", "a")
        if self.take("str"):
            if self.take("dt"):
                self.need("iri", "pname")
            else:
                self.take("lang")
        else:
            self.need("iri", "pname", "var", "num", "TRUE", "FALSE")
        self.take(".")


class _NotLookup(Exception):
    pass


@lru_cache(maxsize=4096)
def lookup_shape(sparql: str) -> Lookup | None:
    """The lookup's form and LIMIT for the query shapes in the module docstring; None for anything else."""
    if len(sparql) > 4000:
        return None
    toks = _tokens(sparql)
    if not toks:
        return None
    parser = _Parser(toks)
    try:
        parser.query()
    except _NotLookup:
        return None
    return Lookup(parser.form, parser.limit)

