"""A live server over a built store for the page tests (HTTP and browser), and an article full of payloads."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from api_live import live_server, settings_for

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in

#: script-injection payloads put in every field an article brings (title, publisher, URL, text, entity names)
PAYLOADS = (
    "<script>alert('xss-title')</script>",
    '"><img src=x onerror=alert("xss-attr")>',
    "</script><script>alert('xss-close')</script>",
    "javascript:alert('xss-url')",
)


@contextmanager
def serve(store: Path, tmp: Path, **overrides: object) -> Iterator[str]:
    """A real server on 127.0.0.1 over a copy of ``store`` with the project's named queries; yields its URL.

    A copy, because an in-process server keeps its RocksDB lock until the process ends (the app is frozen out of
    the garbage collector by ``gc.freeze``), and several test modules serve the same built store.
    """
    copy = tmp / "served-store"
    shutil.copytree(store, copy)
    settings = settings_for(tmp, store=str(copy), queries_dir=PROJECT_ROOT / "queries", **overrides)
    with live_server(settings) as url:
        yield url


def write_payload_corpus(folder: Path) -> Path:
    """A JSONL corpus whose titles, publishers, URLs and texts carry the payloads around a real handover."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i, payload in enumerate(PAYLOADS):
        rows.append({
            "id": f"xss-{i}",
            "url": f"https://example.org/news/{i}?q={payload}",
            "published": f"2026-01-1{i + 1}",
            "title": f"عنوان {payload}",
            "publisher": f"وكالة {payload}",
            "text": (f"أعلنت قيادة العمليات المشتركة أن الجيش العراقي تسلم قاعدة عين الأسد الجوية من التحالف الدولي "
                     f"في 17 كانون الثاني 2026. وقال المتحدث {payload} إن القوات ستغادر.\n"
                     f"ويبلغ عدد القوات الأمريكية في العراق نحو 2500 جندي {payload}."),
        })
    path = folder / "payloads.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path
