"""Safety checks done before anything runs: the update token, the SERVICE / LOAD targets of a parse, CORS.

The targets come from the parser (``kg.sparql_parse``: every SERVICE / LOAD IRI of the parse tree, resolved
against BASE and PREFIX by the engine itself), never from a look at the text. Each must be exactly an
allow-listed endpoint; a variable or unresolvable target is refused. The kernel sandbox of the worker processes
(``kg.api.sandbox``) holds the same line at host level whatever the parser said.
"""

from __future__ import annotations

import hmac
import re
from collections.abc import Iterable, Sequence

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from kg.api.errors import ApiError

#: What may follow ``Bearer `` (one space): one run of visible ASCII (RFC 6750's b64token, and any token an
#: operator configured).
_TOKEN = re.compile(r"[\x21-\x7e]+")


def check_bearer(authorization: str | None, token: str | None, action: str) -> None:
    """401 without ``Authorization: Bearer <token>``, 403 with the wrong token or when writes are disabled.

    Strict: the scheme is exactly ``Bearer``, one space, then the token; HTTP Basic, other
    schemes, other spellings or extra whitespace are refused with 401.
    """
    if not token:
        raise ApiError(403, f"{action} is disabled: the server is read-only (start it with an update token)")
    challenge = {"WWW-Authenticate": 'Bearer realm="kg"'}
    if not authorization:
        raise ApiError(401, f"{action} needs 'Authorization: Bearer <token>'", headers=challenge)
    scheme, sep, given = authorization.partition(" ")
    if scheme != "Bearer" or not sep or not _TOKEN.fullmatch(given):
        raise ApiError(401, f"{action} needs 'Authorization: Bearer <token>' (exactly that form)", headers=challenge)
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(403, "the bearer token is not valid")


def check_targets(targets: Iterable[str | None], allowlist: Sequence[str]) -> None:
    """403 unless every SERVICE / LOAD target is exactly an allow-listed endpoint."""
    allowed = {a.rstrip("/") for a in allowlist}
    for target in targets:
        if target is None:
            raise ApiError(403, "SERVICE/LOAD is only allowed with a literal IRI from the allow-list")
        if target.rstrip("/") not in allowed:
            raise ApiError(
                403,
                f"SERVICE/LOAD to <{target}> is not allowed; allowed endpoints: {', '.join(allowlist) or 'none'}",
            )


async def check_text_targets(text: str, allowlist: Sequence[str], *, update: bool, base: str | None) -> None:
    """Parse a query or update kg will not run itself (a remote store runs it) and check its targets.

    The parse runs in a thread: rdflib needs milliseconds per line, and nothing but this check protects the
    remote server's network (its own SERVICE and LOAD settings aside).
    """
    from starlette.concurrency import run_in_threadpool

    from kg.sparql_parse import parse_query, parse_update

    targets: tuple[str | None, ...]
    if update:
        targets = (await run_in_threadpool(parse_update, text, base)).targets
    else:
        targets = (await run_in_threadpool(parse_query, text, base)).services
    check_targets(targets, allowlist)


class Cors(CORSMiddleware):
    """Starlette's CORS, except that a preflight from an origin off the list gets a plain 204 without CORS
    headers (the browser then refuses the real request), not a 400 that reads as a broken server."""

    def preflight_response(self, request_headers: Headers) -> Response:
        if not self.is_allowed_origin(origin=request_headers["origin"]):
            return Response(status_code=204, headers={"Vary": "Origin"})
        return super().preflight_response(request_headers)
