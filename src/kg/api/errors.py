"""One JSON error shape for every error the API returns.

``{"error": {"code": "<machine code>", "message": "<one clear sentence>", "status": <HTTP status>}}``
(plus ``"hint"`` when there is one). Codes are the ``code`` of the ``KgError`` subclass (``query_syntax``,
``query_timeout``, ``query_limit``, ``store_locked``...) or an HTTP-level code (``not_found``,
``method_not_allowed``, ``not_acceptable``, ``unsupported_media_type``, ``unauthorized``, ``forbidden``,
``payload_too_large``, ``bad_request``, ``internal``). No traceback ever reaches a client.

A browser (a GET that prefers ``text/html`` to JSON) gets the same status as a page in the site's frame instead:
what went wrong, in its language, with a search box and the names the address suggests on a 404 (``kg.api.web.views.error_page``).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from kg.errors import KgError

log = logging.getLogger("kg.api")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "bad_request",
    503: "unavailable",
}


class ApiError(KgError):
    """An HTTP-level error raised by the API itself (bad method, bad media type, auth...)."""

    def __init__(
        self, status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or _HTTP_CODES.get(status, "error")
        self.headers = headers or {}


def error_body(status: int, code: str, message: str, hint: str | None = None) -> dict[str, object]:
    """The JSON error document."""
    err: dict[str, object] = {"code": code, "message": message, "status": status}
    if hint:
        err["hint"] = hint
    return {"error": err}


def error_response(exc: KgError) -> JSONResponse:
    """A KgError as the JSON error response with its status (and headers for ApiError)."""
    headers = exc.headers if isinstance(exc, ApiError) else None
    return JSONResponse(error_body(exc.status, exc.code, exc.message, exc.hint), exc.status, headers=headers)


def wants_html(request: Request) -> bool:
    """True for a browser's GET or HEAD: ``text/html`` preferred to JSON (``*/*`` alone, or none, is JSON)."""
    if request.method not in ("GET", "HEAD"):
        return False
    from kg.api.negotiation import negotiate

    return negotiate(request.headers.get("accept"), ("application/json", "text/html")) == "text/html"


async def _page(request: Request, status: int, message: str, headers: dict[str, str] | None) -> Response | None:
    """The error as a page for a browser, or None (not a browser, or no page can be made)."""
    if not wants_html(request) or getattr(request.app.state, "kg", None) is None:
        return None
    try:
        from kg.api.web.views import error_page

        return await error_page(request, status, message, headers)
    except Exception:  # the JSON answer is always there to fall back on
        log.exception("error page")
        return None


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception to the JSON error shape (a page for browsers)."""

    @app.exception_handler(KgError)
    async def _kg(request: Request, exc: KgError) -> Response:
        headers = exc.headers if isinstance(exc, ApiError) else None
        return await _page(request, exc.status, exc.message, headers) or error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        code = _HTTP_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        headers = getattr(exc, "headers", None)
        return await _page(request, exc.status_code, message, headers) or JSONResponse(
            error_body(exc.status_code, code, message), exc.status_code, headers=headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        return JSONResponse(error_body(400, "bad_request", "; ".join(parts) or "bad request"), 400)

    @app.exception_handler(Exception)
    async def _internal(_: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error")
        return JSONResponse(error_body(500, "internal", "internal server error"), 500)
