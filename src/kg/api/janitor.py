"""Removes a server's snapshot directory when the server dies without doing it (``kill -9``, the OOM killer).

``python -m kg.api.janitor --parent PID --dir DIR`` is started by ``kg.api.executor`` with a pipe as its stdin,
whose other end only the server holds. When the server ends, however it ends, the kernel closes that end and
the janitor's read returns: it waits for the server's workers to be gone (they die with the server,
``PR_SET_PDEATHSIG``; one still taking a checkpoint could write into the directory meanwhile), kills any
that linger, and removes the directory, then its parent if that is empty. A server that stops normally removes
the directory itself; the janitor then finds nothing to do. Each server has its own directory, so a janitor
that runs late never touches the snapshots of a server started since on the same store. Workers are
touched only when the server died: one that stops normally says so first (one process may run several
executors, as tests do, and a janitor whose executor was closed leaves the others' workers alone).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import time
from pathlib import Path

#: Seconds to wait for the dead server's workers to end before killing them.
WAIT_S = 10.0
#: What a server that stops normally writes before it closes the pipe.
STOPPED = b"stopped"


def workers_of(parent: int) -> list[int]:
    """Pids of the worker processes started by server ``parent`` (their argv says ``--parent PID``)."""
    out = []
    want = str(parent).encode()
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"kg.api.worker" in argv and b"--parent" in argv:
            i = argv.index(b"--parent")
            if i + 1 < len(argv) and argv[i + 1] == want and _alive(int(entry.name)):
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def clean(parent: int, directory: Path, stopped: bool) -> None:
    """Remove ``directory``. A server that ``stopped`` (it said so before closing the pipe) has stopped its own
    workers, and other executors it runs (tests run several) keep theirs. Otherwise it died: the pipe closes
    while it is still exiting, before its workers are told to die, so wait for it, then for them (or kill
    them), and only then remove the directory they may still write into."""
    if stopped:
        shutil.rmtree(directory, ignore_errors=True)
        return
    deadline = time.monotonic() + WAIT_S
    while (_alive(parent) or workers_of(parent)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in workers_of(parent):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    shutil.rmtree(directory, ignore_errors=True)
    with contextlib.suppress(OSError):
        directory.parent.rmdir()  # only when empty


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="kg.api.janitor", description=__doc__)
    ap.add_argument("--parent", type=int, required=True)
    ap.add_argument("--dir", type=Path, required=True)
    args = ap.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which closes our pipe
    said = b""
    with contextlib.suppress(OSError):
        while chunk := sys.stdin.buffer.read(4096):
            said += chunk[:64]
    clean(args.parent, args.dir, stopped=STOPPED in said)


if __name__ == "__main__":
    main()
