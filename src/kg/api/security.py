"""Safety checks done before anything runs: the update token, and SERVICE / LOAD targets.

pyoxigraph evaluates ``SERVICE <url>`` (and ``LOAD <url>`` in updates) with its own HTTP client and offers
no hook to restrict it, so the query text is lexed here (strings, IRIs and comments understood; prefixed
names resolved with the query's PREFIX declarations) and every SERVICE / LOAD target must be an IRI on the
allow-list. A variable target (``SERVICE ?x``) or anything unresolvable is refused. The check runs before
the query reaches the store, so a refused query makes no outbound request.
"""

from __future__ import annotations

import base64
import hmac
import re
from collections.abc import Sequence

from kg.api.errors import ApiError
from kg.queries import tokens

_WORDS = re.compile(r"(?i)\b(service|load)\b")


def check_bearer(authorization: str | None, token: str | None, action: str) -> None:
    """401 without credentials, 403 with the wrong ones, 403 when writes are disabled (no token set).

    ``Bearer <token>`` is the documented form; HTTP Basic with the token as password (any user name) is also
    accepted so that clients that only speak Basic (``kg build --store http://kg:TOKEN@host:port/``) work.
    """
    if not token:
        raise ApiError(403, f"{action} is disabled: the server is read-only (start it with an update token)")
    if not authorization:
        raise ApiError(
            401, f"{action} needs 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"}
        )
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(given.strip(), validate=True).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            given = ""
        scheme = "bearer"
    if scheme.lower() != "bearer" or not given.strip():
        raise ApiError(
            401, f"{action} needs 'Authorization: Bearer <token>'", headers={"WWW-Authenticate": "Bearer"}
        )
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(403, "the bearer token is not valid")


def remote_targets(sparql: str) -> list[str | None]:
    """IRIs after each SERVICE [SILENT] / LOAD [SILENT] keyword; None for a target that is not an IRI."""
    if not _WORDS.search(sparql):
        return []  # fast path: most queries never mention either keyword
    toks = tokens(sparql)
    prefixes: dict[str, str] = {}
    base = ""
    targets: list[str | None] = []
    i = 0
    while i < len(toks):
        kind, tok, _ = toks[i]
        upper = tok.upper() if kind == "word" else ""
        if upper == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
            i += 3
            continue
        if upper == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = toks[i + 1][1][1:-1]
            i += 2
            continue
        if upper in {"SERVICE", "LOAD"}:
            j = i + 1
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
                j += 1
            target: str | None = None
            if j < len(toks):
                tkind, ttext, _ = toks[j]
                if tkind == "iri":
                    iri = ttext[1:-1]
                    target = iri if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) else (base + iri if base else None)
                elif tkind == "word" and ":" in ttext:
                    pfx, _, local = ttext.partition(":")
                    target = prefixes[pfx] + local if pfx in prefixes else None
            targets.append(target)
            i = j + 1
            continue
        i += 1
    return targets


def check_remote_targets(sparql: str, allowlist: Sequence[str]) -> None:
    """403 unless every SERVICE / LOAD target is exactly an allow-listed endpoint."""
    allowed = {a.rstrip("/") for a in allowlist}
    for target in remote_targets(sparql):
        if target is None:
            raise ApiError(403, "SERVICE/LOAD is only allowed with a literal IRI from the allow-list")
        if target.rstrip("/") not in allowed:
            raise ApiError(
                403,
                f"SERVICE/LOAD to <{target}> is not allowed; allowed endpoints: {', '.join(allowlist) or 'none'}",
            )
