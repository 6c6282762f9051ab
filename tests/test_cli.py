"""The CLI contract: commands, exit statuses, one-line errors, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]  # the checkout the tests run in


KG = [sys.executable, "-m", "kg"]


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=300)


def assert_no_traceback(proc: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr


@pytest.mark.parametrize("command", ["build", "query", "serve", "export", "stats", "validate"])
def test_cli_help_lists_every_command(command: str) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "--store" in proc.stdout


def test_cli_unknown_named_query_is_one_clear_line(tmp_path: Path) -> None:
    proc = run("query", "no-such-query", "--store", str(tmp_path / "s"))
    assert proc.returncode != 0
    assert_no_traceback(proc)
    assert "no named query 'no-such-query'" in proc.stderr
    assert "base-handovers" in proc.stderr  # the hint lists the known ones


def test_cli_bad_setting_is_reported_not_raised(tmp_path: Path) -> None:
    proc = run("stats", "--store", str(tmp_path / "s"), env={"KG_QUERY_TIMEOUT_S": "-3"})
    assert proc.returncode == 2
    assert_no_traceback(proc)
    assert "KG_QUERY_TIMEOUT_S" in proc.stderr


def test_cli_malformed_query_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: broken\nSELECT WHERE { ?s ", encoding="utf-8")
    proc = run("query", str(bad), "--store", str(tmp_path / "s"))
    assert proc.returncode == 1
    assert_no_traceback(proc)
    assert "syntax" in proc.stderr.lower()


def test_cli_build_query_export_on_demo_corpus(tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = run("build", str(PROJECT_ROOT / "examples" / "articles"), "--store", str(store), "--ner", "rules")
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    assert "articles ok" in proc.stdout
    proc = run("query", "articles", "--store", str(store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["results"]["bindings"]
    assert len(rows) >= 5
    # --limit/--offset: one page of the same answer, in its order
    proc = run("query", "articles", "--store", str(store), "--format", "json", "--limit", "2", "--offset", "3")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["results"]["bindings"] == rows[3:5]
    for bad, message in ((("--limit", "0"), "limit must be between 1 and"), (("--offset", "-1"), "offset must be 0")):
        proc = run("query", "articles", "--store", str(store), *bad)
        assert proc.returncode == 1 and message in proc.stderr, proc.stderr
        assert_no_traceback(proc)
    out = tmp_path / "graph.nq"
    proc = run("export", "--store", str(store), "--format", "nquads", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.stat().st_size > 1000
    proc = run("stats", "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    proc = run("validate", "--store", str(store))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_cli_build_with_bad_inputs_names_each_and_keeps_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = (PROJECT_ROOT / "examples" / "articles")
    first = sorted(good.glob("*.txt"))[0]
    (corpus / "good.txt").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "broken.jsonl").write_text('{"id": "a", "text": "نص"\n', encoding="utf-8")
    body = sorted(good.glob("*.txt"))[1].read_text(encoding="utf-8").partition("\n")[2]
    (corpus / "bad-date.txt").write_text(f" date 2026-13-45 https://e.example/x\n{body}", encoding="utf-8")
    store = tmp_path / "store"
    proc = run("build", str(corpus), "--store", str(store), "--ner", "rules")
    assert proc.returncode == 1
    assert_no_traceback(proc)
    for name in ("binary.txt", "empty.txt", "broken.jsonl:1"):
        assert name in proc.stderr, proc.stderr
    assert "articles ok" in proc.stdout
    assert "bad-date.txt" in proc.stderr and "unknown date" in proc.stderr  # kept, with a warning
    proc = run("query", "articles", "--store", str(store), "--format", "csv")
    assert proc.returncode == 0
    assert len(proc.stdout.strip().splitlines()) == 3  # header + the good article + the one without a date
