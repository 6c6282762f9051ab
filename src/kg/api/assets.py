"""Browser assets from the npm registry (``make ui``), served from ``/assets/{bundle}/{file}``.

``ui/package.json`` and its lock file pin the packages; ``make ui`` installs them with ``npm ci`` into
``build/ui/node_modules`` (never committed, never loaded from a CDN). Only the files listed here are served,
each under a short bundle name, so the pages do not depend on npm's directory layout and nothing else from
``node_modules`` is reachable. A page whose bundle is missing says so and keeps working without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from kg.api.errors import ApiError
from kg.resources import checkout_root

#: Where ``make ui`` installs the npm packages (in the checkout; the working directory for a wheel).
NODE_MODULES = checkout_root() / "build" / "ui" / "node_modules"


@dataclass(frozen=True)
class Bundle:
    """Files of one npm package served under one name."""

    package: str  # the npm package
    subdir: str  # where the files are inside it
    files: tuple[str, ...]
    #: byte replacements made when serving a file: (file, old, new)
    rewrites: tuple[tuple[str, bytes, bytes], ...] = ()


BUNDLES: dict[str, Bundle] = {
    # the SPARQL editor
    "yasgui": Bundle("@zazuko/yasgui", "build", ("yasgui.min.js", "yasgui.min.css")),
    # /docs and /redoc
    "swagger-ui": Bundle("swagger-ui-dist", "", ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png")),
    # ReDoc's bundle hard-codes a logo from cdn.redoc.ly in its sidebar: an empty data: URL instead (the
    # image's onError then hides it), so /redoc requests nothing from outside
    "redoc": Bundle("redoc", "bundles", ("redoc.standalone.js",), rewrites=(
        ("redoc.standalone.js", b'"https://cdn.redoc.ly/redoc/logo-mini.svg"', b'"data:,"'),
    )),
    # map, timeline and chart: Observable Plot on d3; country outlines of Natural Earth via world-atlas
    "d3": Bundle("d3", "dist", ("d3.min.js",)),
    "plot": Bundle("@observablehq/plot", "dist", ("plot.umd.min.js",)),
    "topojson": Bundle("topojson-client", "dist", ("topojson-client.min.js",)),
    "world-atlas": Bundle("world-atlas", "", ("countries-50m.json",)),
}

_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
          ".json": "application/json", ".png": "image/png"}


class Assets:
    """The installed bundles under one ``node_modules`` directory."""

    def __init__(self, node_modules: Path = NODE_MODULES) -> None:
        self.root = node_modules
        self._rewritten: dict[tuple[str, str, int], bytes] = {}

    def path(self, bundle: str, name: str) -> Path | None:
        """The file of a listed bundle, or None when it is not listed or not installed."""
        spec = BUNDLES.get(bundle)
        if spec is None or name not in spec.files:
            return None
        path = self.root / spec.package / spec.subdir / name
        return path if path.is_file() else None

    def has(self, *bundles: str) -> bool:
        """True when every file of these bundles is installed."""
        return all(self.path(b, f) is not None for b in bundles for f in BUNDLES[b].files)

    def missing(self, *bundles: str) -> list[str]:
        """The npm packages of these bundles that are not installed (for the pages' notice)."""
        return [BUNDLES[b].package for b in bundles if not self.has(b)]


    def rewritten(self, bundle: str, name: str) -> bytes | None:
        """The bytes of a file that is served rewritten (see :attr:`Bundle.rewrites`), else None."""
        edits = [(old, new) for file, old, new in BUNDLES[bundle].rewrites if file == name]
        path = self.path(bundle, name)
        if not edits or path is None:
            return None
        key = (bundle, name, path.stat().st_mtime_ns)
        if key not in self._rewritten:
            body = path.read_bytes()
            for old, new in edits:
                body = body.replace(old, new)
            self._rewritten[key] = body
        return self._rewritten[key]


async def serve_asset(request: Request, bundle: str, name: str) -> Response:
    """GET /assets/{bundle}/{name}: one listed file, cacheable for a day (the lock file pins its version)."""
    assets: Assets = request.app.state.kg.assets
    path = assets.path(bundle, name)
    if path is None:
        hint = " (run `make ui`)" if bundle in BUNDLES and name in BUNDLES[bundle].files else ""
        raise ApiError(404, f"no asset {bundle}/{name}{hint}")
    media_type = _TYPES.get(path.suffix, "application/octet-stream")
    headers = {"Cache-Control": "public, max-age=86400"}
    body = assets.rewritten(bundle, name)
    if body is not None:
        return Response(body, media_type=media_type, headers=headers)
    return FileResponse(path, media_type=media_type, headers=headers)
