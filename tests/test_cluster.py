"""kg build on a Dask cluster (kg.cluster) writes the graph a serial build writes, quad for quad, with the same
report, progress and failures; the CLI prints the dashboard address. Clusters listen on 127.0.0.1 only."""

from __future__ import annotations

import io
import logging
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kg.config import Settings
from kg.errors import ConfigError, ExtractionError, KgError
from kg.pipeline import BuildReport, build
from kg.store import open_store

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed (make install has it)")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def cluster():  # noqa: ANN201 — a distributed.LocalCluster
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as running:
        yield running


@pytest.fixture
def corpus(tmp_path: Path, seeds_dir: Path) -> list[Path]:
    """The seed articles, the demo corpus, and inputs that fail: undecodable bytes and an empty article."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "binary.txt").write_bytes(b"\xff\xfe\x00\x00" * 64 + bytes(range(256)))
    (bad / "empty.txt").write_text("   \n", encoding="utf-8")
    return [seeds_dir, EXAMPLES, bad]


def _build(paths: list[Path], store_dir: Path, settings: Settings) -> tuple[BuildReport, list[tuple[str, bool]], bytes]:
    seen: list[tuple[str, bool]] = []
    with open_store(str(store_dir)) as store:
        report = build(paths, store, settings, on_progress=lambda s, ok: seen.append((s, ok)), extracted_at=WHEN)
        out = io.BytesIO()
        store.dump(out, "application/n-quads")
    return report, seen, b"\n".join(sorted(out.getvalue().splitlines()))


def test_dask_build_equals_serial_build(cluster, corpus: list[Path], tmp_path: Path, make_settings) -> None:  # noqa: ANN001
    serial = _build(corpus, tmp_path / "serial", make_settings())
    status: list[str] = []
    settings = make_settings(executor="dask", dask_scheduler=cluster.scheduler_address, dask_shard_articles=3)
    with open_store(str(tmp_path / "dask")) as store:
        seen: list[tuple[str, bool]] = []
        report = build(corpus, store, settings, on_progress=lambda s, ok: seen.append((s, ok)),
                       on_status=status.append, extracted_at=WHEN)
        out = io.BytesIO()
        store.dump(out, "application/n-quads")
    nquads = b"\n".join(sorted(out.getvalue().splitlines()))

    s_report, s_seen, s_nquads = serial
    assert s_report.ok >= 10 and s_report.facts > 0 and s_report.failed, "the corpus proves little"
    assert nquads == s_nquads  # the same graph, quad for quad
    assert seen == s_seen  # the same progress, in the same order
    for field in ("ok", "failed", "facts", "entities", "events", "triples", "articles"):
        assert getattr(report, field) == getattr(s_report, field), field
    assert len(status) == 1 and "2 worker(s)" in status[0] and cluster.scheduler_address in status[0]


def test_cli_build_on_a_local_cluster_prints_the_dashboard(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(EXAMPLES), "--store", str(tmp_path / "store"), "--ner", "rules",
         "--executor", "dask", "--scheduler", "local:2"],
        capture_output=True, text=True, timeout=240, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert re.search(r"dashboard http://127\.0\.0\.1:\d+/status", done.stderr), done.stderr
    assert re.search(r"articles ok\s*│\s*7", done.stdout), done.stdout


def test_workers_with_other_seeds_are_refused(cluster, tmp_path: Path, make_settings) -> None:  # noqa: ANN001
    """A worker whose gazetteer differs from the client's would write another graph: the build stops first."""
    from kg.cluster import PipelinePlugin

    settings = make_settings()
    plugin = PipelinePlugin(settings, "rules", fingerprint="0" * 16)
    with distributed.Client(cluster) as client, pytest.raises(ConfigError, match="other seeds"):
        client.register_plugin(plugin, name="kg-test-mismatch")


def test_unreachable_scheduler_is_one_clear_error(
    tmp_path: Path, make_settings, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    import socket

    import kg.cluster

    monkeypatch.setattr(kg.cluster, "CONNECT_TIMEOUT_S", 2.0)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = make_settings(executor="dask", dask_scheduler=f"tcp://127.0.0.1:{port}")
    with open_store(str(tmp_path / "store")) as store, pytest.raises(ExtractionError, match="cannot reach"):
        build([seeds_dir], store, settings)


@pytest.mark.parametrize("value", ["local", "local:0", "local:x", "somehost:8786"])
def test_bad_scheduler_setting(value: str) -> None:
    with pytest.raises(ValueError):
        Settings(dask_scheduler=value)
    assert issubclass(ConfigError, KgError)
