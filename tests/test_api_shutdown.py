"""`kg serve` stops within seconds on SIGTERM, even with a long query in flight, and leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from api_live import free_port


def _workers_of(store: Path) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"kg.api.worker" in argv and os.fsencode(str(store)) in argv:
                pids.append(int(entry.name))
    return pids


def test_sigterm_stops_the_server_within_seconds(tmp_path: Path) -> None:
    store = (tmp_path / "store").resolve()
    db = ox.Store(str(store))
    db.extend([ox.Quad(ox.NamedNode(f"http://e/s{i}"), ox.NamedNode("http://e/p"), ox.Literal(str(i)))
               for i in range(300)])
    db.flush()
    del db
    port = free_port()
    env = {**os.environ, "KG_QUERY_TIMEOUT_S": "60", "KG_QUERIES_DIR": str(tmp_path / "none")}
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, "kg serve did not come up"
            time.sleep(0.2)
        assert len(_workers_of(store)) >= 3  # query workers and the writer
        long_query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        threading.Thread(target=lambda: _quietly(f"{url}/sparql", long_query), daemon=True).start()
        time.sleep(1.0)
        t = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        stopped = time.monotonic() - t
        print(f"stopped {stopped:.1f} s after SIGTERM")
        assert stopped < 10
        time.sleep(0.5)
        assert _workers_of(store) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _quietly(url: str, query: str) -> None:
    try:
        httpx.get(url, params={"query": query}, timeout=60)
    except httpx.HTTPError:
        pass
