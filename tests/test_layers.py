"""Serving never imports the NLP stack; importing kg is cheap."""

from __future__ import annotations

import subprocess
import sys

NLP = ("kg.pipeline", "kg.ner", "kg.extract", "kg.link", "kg.ingest", "torch", "stanza")


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}\nimport sys\nprint('\\n'.join(sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.split())


def test_api_does_not_import_nlp() -> None:
    loaded = _modules_after("from kg.api.app import create_app")
    assert not [m for m in loaded if m.startswith(NLP)]


def test_importing_kg_is_cheap() -> None:
    loaded = _modules_after("import kg, kg.model, kg.errors")
    assert "torch" not in loaded and "pyoxigraph" not in loaded
