"""What can be checked of docker/ without a Docker engine: the files parse and say what they must, and the
image's entrypoint command and health check work when run directly from this checkout."""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCKER = ROOT / "docker"
BIN = Path(sys.executable).parent


def _dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")))
    out = []
    for line in text.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _args(instr: str) -> list[str]:
    values = [rest for word, rest in _dockerfile() if word == instr]
    assert values, f"Dockerfile has no {instr}"
    return json.loads(values[-1])  # exec form only: signals reach kg directly


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((DOCKER / "compose.yml").read_text(encoding="utf-8"))


def test_dockerfile_runs_as_non_root() -> None:
    users = [rest for word, rest in _dockerfile() if word == "USER"]
    assert users, "no USER instruction"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")


def test_dockerfile_pins_images_and_torch_cpu() -> None:
    steps = _dockerfile()
    args = {rest.split("=", 1)[0]: rest.split("=", 1)[1] for word, rest in steps if word == "ARG" and "=" in rest}
    froms = [rest.split()[0] for word, rest in steps if word == "FROM"]
    assert len(froms) >= 2, "expected a multi-stage build (build tools stay out of the final image)"
    for image in froms:
        image = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], image)
        assert image.startswith("python:3.11") and "slim" in image, image
        assert ":" in image and not image.endswith(":latest")
    runs = " ".join(rest for word, rest in steps if word == "RUN")
    assert "torch==2.13.0" in runs and "download.pytorch.org/whl/cpu" in runs


def test_dockerfile_healthcheck_and_entrypoint() -> None:
    health = [rest for word, rest in _dockerfile() if word == "HEALTHCHECK"]
    assert health and "CMD" in health[0] and "/sparql" in health[0]
    assert _args("ENTRYPOINT") + _args("CMD") == ["kg", "serve", "--host", "0.0.0.0", "--port", "8000"]


def test_dockerfile_copies_existing_paths_and_keeps_the_model() -> None:
    for word, rest in _dockerfile():
        if word == "COPY" and not rest.startswith("--from"):
            *sources, _dest = rest.split()
            for src in sources:
                assert (ROOT / src).exists(), f"COPY source {src} missing from the repository"
    ignore = (DOCKER / "Dockerfile.dockerignore").read_text(encoding="utf-8")
    assert "!src/" in ignore and "models" not in ignore  # the shipped NER model lives under src/kg/ner/


def _build_stage() -> list[tuple[str, str]]:
    steps = _dockerfile()
    second = [i for i, (word, _) in enumerate(steps) if word == "FROM"][1]
    return steps[:second]


def _context_allows(path: str) -> bool:
    """Whether the .dockerignore (``**`` then ``!path`` re-inclusions) sends ``path`` to the build."""
    allowed = False
    for line in (DOCKER / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate, pattern = line.startswith("!"), line.lstrip("!").rstrip("/")
        if pattern == "**" or path == pattern or path.startswith(pattern + "/"):
            allowed = negate
    return allowed


def test_dockerfile_installs_the_wheel_not_the_checkout() -> None:
    runs = " ".join(rest for word, rest in _build_stage() if word == "RUN")
    assert "pip wheel" in runs and "pip install /wheels/kg-" in runs
    assert not re.search(r"pip install[^&]*\s-e\s", runs), "editable install in the image"
    final = _dockerfile()[len(_build_stage()):]
    copies = [rest for word, rest in final if word == "COPY"]
    assert copies == ["--from=build /opt/venv /opt/venv"], "the final image holds the venv only, no source tree"


def test_dockerfile_context_builds_a_wheel_with_its_resources(tmp_path: Path) -> None:
    """Copy exactly what the build stage COPYs (through the .dockerignore), build the wheel from it as the
    image does, and find the seeds, named queries, ontology and NER model inside."""
    workdir = Path("/")
    tree = tmp_path / "context"
    for word, rest in _build_stage():
        if word == "WORKDIR":
            workdir = Path(rest)
        elif word == "COPY" and not rest.startswith("--from"):
            *sources, dest = rest.split()
            for src in sources:
                assert _context_allows(src), f"{src} is COPYed but the .dockerignore leaves it out"
                target = tree / (workdir / dest).relative_to("/")
                if (ROOT / src).is_dir():
                    shutil.copytree(ROOT / src, target if dest != "./" else target / src, dirs_exist_ok=True,
                                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
                else:
                    target.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(ROOT / src, target / Path(src).name)
    source = tree / workdir.relative_to("/")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path / "wheels"), str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = (tmp_path / "wheels").glob("kg-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("kg/_resources/seeds/entities.tsv", "kg/_resources/queries/base-handovers.rq",
                   "kg/_resources/ontology/kg.ttl", "kg/_resources/ontology/shapes.ttl", "kg/api/templates/base.html"):
        assert needed in names, f"{needed} missing from the image's wheel"
    assert any(n.startswith("kg/ner/models/") and n.endswith("/ner.pt") for n in names)


def test_compose_services_volumes_profile(compose: dict[str, Any]) -> None:
    services = compose["services"]
    api = services["api"]
    assert "profiles" not in api
    assert any(v.startswith("kg-store:/data") for v in api["volumes"])
    assert api["environment"]["KG_STORE"] == "/data/store"
    assert api["healthcheck"]["test"][0] == "CMD" and "/sparql" in " ".join(api["healthcheck"]["test"])
    assert api["build"]["dockerfile"] == "docker/Dockerfile"

    oxi = services["oxigraph"]
    assert oxi["profiles"] == ["oxigraph"]
    image = oxi["image"]
    assert image.startswith("ghcr.io/oxigraph/oxigraph:") and not image.endswith(":latest")
    assert any(v.startswith("oxigraph-data:") for v in oxi["volumes"])
    assert oxi["command"][0] == "serve" and "0.0.0.0:7878" in oxi["command"]

    remote = services["kg-oxigraph"]
    assert remote["profiles"] == ["oxigraph"]
    assert remote["environment"]["KG_STORE"] == "http://oxigraph:7878"
    assert "oxigraph" in remote["depends_on"]
    assert remote["command"] == ["build", "/articles"]
    assert {"kg-store", "oxigraph-data"} <= set(compose["volumes"])

    front = services["kg-api-oxigraph"]  # kg serve in front of the Oxigraph server
    assert front["profiles"] == ["oxigraph"] and front["environment"]["KG_STORE"] == "http://oxigraph:7878"
    assert front["command"][0] == "serve" and "oxigraph" in front["depends_on"]

    host_ports = [p.split(":")[-2] for s in services.values() for p in s.get("ports", [])]
    assert len(host_ports) == len(set(host_ports)), "two services publish the same host port"
    for name, service in services.items():
        assert "latest" not in str(service.get("image", "")), name


def test_entrypoint_command_runs_directly() -> None:
    command = _args("ENTRYPOINT") + _args("CMD")
    kg = BIN / command[0]
    if not kg.exists():
        pytest.skip("the kg console script is not installed in this environment")
    done = subprocess.run([str(kg), *command[1:], "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--host" in done.stdout and "--port" in done.stdout


def test_oxigraph_profile_entrypoint_waits_then_runs_kg(compose: dict[str, Any]) -> None:
    """The builder's entrypoint polls the store, then execs `kg <command>` (here: `kg --help`)."""
    entry = compose["services"]["kg-oxigraph"]["entrypoint"]
    assert entry[:2] == ["python", "-c"] and len(entry) == 3

    class Ok(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 — http.server's naming
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        code = entry[2].replace("http://oxigraph:7878", f"http://127.0.0.1:{server.server_address[1]}")
        env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", code, "--help"], env=env, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        assert "build" in done.stdout and "serve" in done.stdout
        assert time.monotonic() - started < 30
    finally:
        server.shutdown()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_healthcheck_passes_against_the_served_api(tmp_path: Path) -> None:
    """Start what the image starts (on 127.0.0.1 instead of 0.0.0.0) and run the image's health check."""
    pytest.importorskip("kg.api.app", reason="the API (kg.api.app) is not in this checkout yet")
    command = _args("ENTRYPOINT") + _args("CMD")
    port = _free_port()
    args = [str(BIN / command[0]), *command[1:]]
    args[args.index("--host") + 1] = "127.0.0.1"
    args[args.index("--port") + 1] = str(port)
    env = {**os.environ, "KG_STORE": str(tmp_path / "store"), "PORT": str(port)}
    health = json.loads([rest for word, rest in _dockerfile() if word == "HEALTHCHECK"][0].split(" CMD ", 1)[1])
    probe = [sys.executable if health[0] == "python" else health[0], *health[1:]]
    server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                pytest.fail(f"kg serve exited: {server.stderr.read().decode() if server.stderr else ''}")
            if subprocess.run(probe, env=env, capture_output=True, timeout=10).returncode == 0:
                break
            assert time.monotonic() < deadline, "health check never passed within 30 s"
            time.sleep(0.3)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
