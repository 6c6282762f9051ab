"""The built wheel is the product: installed in a fresh venv outside the checkout, from another directory, it
builds the seed articles and answers a named query exactly as the checkout does.

Installing the wheel's dependencies into a new venv takes about a minute here (torch==2.13.0 comes from a
local file; anything else would download gigabytes, so it is installed first and pinned).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TORCH = "torch==2.13.0"


def _clean_env(**extra: str) -> dict[str, str]:
    """The caller's environment without anything that would let the checkout leak in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KG_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if str(ROOT) not in p)
    return {**env, **extra}


def _run(args: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env or _clean_env(), capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _source_copy(dest: Path) -> Path:
    """The files a clone would have (tracked, or new and not ignored): no .venv, no build/ leftovers."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, capture_output=True, check=True, timeout=60,
        ).stdout.decode().split("\0")
    except (OSError, subprocess.SubprocessError):
        pytest.skip("git is needed to list the checkout's files")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """bin/ of a fresh venv (outside the checkout) with torch 2.13.0 and the kg wheel built from this tree."""
    base = tmp_path_factory.mktemp("wheel")
    source = _source_copy(base / "src")
    # Build in a copy: no build/ or egg-info left in the checkout. No isolation: setuptools is already here.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(base / "dist"),
          str(source)], cwd=base, timeout=300)
    wheels = sorted((base / "dist").glob("kg-*.whl"))
    assert len(wheels) == 1, wheels
    _run([sys.executable, "-m", "venv", str(base / "venv")], cwd=base, timeout=120)
    bin_dir = base / "venv" / "bin"
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    _run([*pip, TORCH, str(wheels[0])], cwd=base, timeout=900)
    shutil.rmtree(source)  # nothing of the tree is left to fall back on
    return bin_dir


def test_wheel_carries_resources_and_model(installed: Path, tmp_path: Path) -> None:
    code = (
        "import kg, kg.resources as r, torch; from kg.config import Settings; from kg.ner.stanza_ner import DEFAULT_MODEL_DIR;"
        "s = Settings(); print(kg.__file__); print(r.SOURCE_CHECKOUT); print(torch.__version__);"
        "print(s.seeds_dir); print(s.queries_dir); print(s.ontology_dir); print(DEFAULT_MODEL_DIR)"
    )
    lines = _run([str(installed / "python"), "-c", code], cwd=tmp_path, timeout=120).splitlines()
    module, checkout, torch_version, *dirs = lines
    site = Path(module).parent
    assert str(ROOT) not in module and checkout == "None"
    assert torch_version.startswith("2.13.0")
    for path, marker in zip(dirs, ("entities.tsv", "base-handovers.rq", "kg.ttl", "ner.pt"), strict=True):
        assert Path(path).is_relative_to(site), path
        assert (Path(path) / marker).is_file(), f"{marker} missing from {path}"


def test_wheel_builds_and_queries_the_seeds_like_the_checkout(
    installed: Path, tmp_path: Path, seeds_dir: Path
) -> None:
    elsewhere = tmp_path / "somewhere"
    elsewhere.mkdir()
    kg = str(installed / "kg")
    built = _run([kg, "build", str(seeds_dir), "--store", "store"], cwd=elsewhere, timeout=300)
    assert "articles ok" in built and (elsewhere / "store").is_dir()
    rows = _run([kg, "query", "base-handovers", "--store", "store", "--format", "csv"], cwd=elsewhere, timeout=120)
    assert len(rows.splitlines()) > 1, rows

    # The same build from the checkout (this venv) gives the same answer.
    here = tmp_path / "checkout-build"
    env = _clean_env(PYTHONPATH=str(ROOT / "src"))
    _run([sys.executable, "-m", "kg", "build", str(seeds_dir), "--store", str(here)], cwd=ROOT, timeout=300, env=env)
    expected = _run([sys.executable, "-m", "kg", "query", "base-handovers", "--store", str(here), "--format", "csv"],
                    cwd=ROOT, timeout=120, env=env)
    assert rows == expected
