"""The kernel keeps the processes that run SPARQL text off the network (defence in depth behind the parser).

pyoxigraph evaluates ``SERVICE <url>`` and ``LOAD <url>`` with its own HTTP client and has no hook to restrict
it. The parser (``kg.sparql_parse``) refuses off-list targets before the engine runs; this module makes sure
that even a text the parser misread cannot reach a host off the allow-list. Every query worker and the writer
process install a seccomp filter at start, before they open the store:

* ``socket()`` is allowed for AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK only, never raw; ``io_uring_setup``
  (which would bypass the filter) fails; ``sendto`` with an address (unconnected UDP) fails;
* every ``connect()`` is suspended and shown to a supervisor thread in the server process
  (``SECCOMP_RET_USER_NOTIF``), which reads the socket address from the worker's memory and lets the call go on
  only when the process is allowed the network at that moment (a query whose parsed SERVICE targets are all on
  the allow-list; an update) *and* the address is an allow-listed host and port (or a name server from
  ``/etc/resolv.conf`` on port 53, for resolving those hosts). Anything else fails with EACCES: no packet leaves.

Host names on the allow-list are resolved lazily, when a sandboxed process first connects somewhere, so a
server that never federates never sends a DNS query. The check is at host:port level; the parser checks the
exact endpoint URL. The supervisor trusts the worker not to race its own memory between the check and the
connect (``SECCOMP_USER_NOTIF_FLAG_CONTINUE``): workers run kg's code and the engine, not code from requests.
Linux x86_64 and aarch64 only; elsewhere :func:`install` raises and the server reports the sandbox as off.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import ipaddress
import logging
import os
import platform
import select
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

log = logging.getLogger("kg.api.sandbox")

# -- the filter ------------------------------------------------------------------------------------------------

_ARCH = {
    # machine: (AUDIT_ARCH, syscall numbers, has the x32 ABI)
    "x86_64": (0xC000003E, {"socket": 41, "connect": 42, "sendto": 44, "io_uring_setup": 425, "seccomp": 317}, True),
    "aarch64": (0xC00000B7, {"socket": 198, "connect": 203, "sendto": 206, "io_uring_setup": 425, "seccomp": 277},
                False),
}
_LD_W_ABS, _JEQ, _JGE, _AND, _RET = 0x20, 0x15, 0x35, 0x54, 0x06
_ALLOW, _NOTIFY, _KILL, _ERRNO = 0x7FFF0000, 0x7FC00000, 0x80000000, 0x00050000
_AF = {"unix": 1, "inet": 2, "inet6": 10, "netlink": 16}
_SOCK_RAW = 3
_NR, _ARCH_OFF, _ARGS = 0, 4, 16
_NEW_LISTENER, _SET_MODE_FILTER, _NO_NEW_PRIVS = 1 << 3, 1, 38


class _Filter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_Filter))]


def _program(machine: str) -> list[tuple[int, int, int, int]]:
    """The BPF program (see module doc), assembled with symbolic jump targets."""
    arch, nr, x32 = _ARCH[machine]
    code: list[tuple[int, str | None, str | None, int] | str] = []

    def op(c: int, k: int, jt: str | None = None, jf: str | None = None) -> None:
        code.append((c, jt, jf, k))

    op(_LD_W_ABS, _ARCH_OFF)
    op(_JEQ, arch, None, "kill")
    op(_LD_W_ABS, _NR)
    if x32:
        op(_JGE, 0x40000000, "enosys", None)
    op(_JEQ, nr["io_uring_setup"], "enosys", None)
    op(_JEQ, nr["socket"], "socket", None)
    op(_JEQ, nr["connect"], "notify", None)
    op(_JEQ, nr["sendto"], "sendto", None)
    op(_RET, _ALLOW)
    code.append("socket")
    op(_LD_W_ABS, _ARGS)  # domain (low word of args[0])
    op(_JEQ, _AF["unix"], "allow", None)
    op(_JEQ, _AF["netlink"], "allow", None)
    op(_JEQ, _AF["inet"], "type", None)
    op(_JEQ, _AF["inet6"], "type", "eacces")
    code.append("type")
    op(_LD_W_ABS, _ARGS + 8)  # type (low word of args[1]), flags masked off
    op(_AND, 0xF)
    op(_JEQ, _SOCK_RAW, "eacces", "allow")
    code.append("sendto")
    op(_LD_W_ABS, _ARGS + 32)  # dest_addr, low word
    op(_JEQ, 0, None, "eacces")
    op(_LD_W_ABS, _ARGS + 36)  # dest_addr, high word
    op(_JEQ, 0, "allow", "eacces")
    for label, ret in (("notify", _NOTIFY), ("kill", _KILL), ("enosys", _ERRNO | errno.ENOSYS),
                       ("eacces", _ERRNO | errno.EACCES), ("allow", _ALLOW)):
        code.append(label)
        op(_RET, ret)
    where: dict[str, int] = {}
    out: list[tuple[int, str | None, str | None, int]] = []
    for item in code:
        if isinstance(item, str):
            where[item] = len(out)
        else:
            out.append(item)

    def rel(i: int, label: str | None) -> int:
        return 0 if label is None else where[label] - i - 1

    return [(c, rel(i, jt), rel(i, jf), k) for i, (c, jt, jf, k) in enumerate(out)]


def install() -> int:
    """Install the filter on the calling process (first thing in a worker); the notification listener's fd."""
    machine = platform.machine()
    if machine not in _ARCH:
        raise OSError(errno.ENOSYS, f"no seccomp sandbox for {machine}")
    libc = ctypes.CDLL(None, use_errno=True)
    insns = _program(machine)
    table = (_Filter * len(insns))(*[_Filter(c, jt, jf, k) for c, jt, jf, k in insns])
    prog = _Prog(len(insns), table)
    if libc.prctl(_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    fd = libc.syscall(_ARCH[machine][1]["seccomp"], _SET_MODE_FILTER, _NEW_LISTENER, ctypes.byref(prog))
    if fd < 0:
        raise OSError(ctypes.get_errno(), "seccomp(SECCOMP_SET_MODE_FILTER) failed")
    return int(fd)


# -- the supervisor -------------------------------------------------------------------------------------------


class _Data(ctypes.Structure):
    _fields_ = [("nr", ctypes.c_int), ("arch", ctypes.c_uint32), ("ip", ctypes.c_uint64),
                ("args", ctypes.c_uint64 * 6)]


class _Notif(ctypes.Structure):
    _fields_ = [("id", ctypes.c_uint64), ("pid", ctypes.c_uint32), ("flags", ctypes.c_uint32), ("data", _Data)]


class _Resp(ctypes.Structure):
    _fields_ = [("id", ctypes.c_uint64), ("val", ctypes.c_int64), ("error", ctypes.c_int32),
                ("flags", ctypes.c_uint32)]


def _iowr(nr: int, size: int, direction: int = 3) -> int:
    return (direction << 30) | (size << 16) | (ord("!") << 8) | nr


_NOTIF_RECV = _iowr(0, ctypes.sizeof(_Notif))
_NOTIF_SEND = _iowr(1, ctypes.sizeof(_Resp))
_NOTIF_ID_VALID = _iowr(2, 8, direction=1)
_CONTINUE = 1


@dataclass
class Guard:
    """One sandboxed process as the supervisor sees it."""

    pid: int
    fd: int
    #: set by the executor around the requests that may use the network (parser-approved SERVICE, updates)
    network: bool = False
    #: (host, port) of connections refused since the executor last looked
    refused: list[tuple[str, int]] = field(default_factory=list)
    allowed: int = 0


class Allowlist:
    """The host:port pairs SERVICE/LOAD may reach, from the endpoint URLs; names resolved when first needed."""

    RESOLVE_EVERY_S = 60.0

    def __init__(self, urls: Iterable[str]) -> None:
        self.endpoints: list[tuple[str, int]] = []
        for url in urls:
            parts = urlsplit(url)
            if parts.hostname:
                self.endpoints.append((parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)))
        self._resolved: set[tuple[str, int]] = set()
        self._resolved_at = -1e9
        self._lock = threading.Lock()
        self.nameservers = _nameservers() if any(not _is_ip(h) for h, _ in self.endpoints) else set()

    def allows(self, host: str, port: int) -> bool:
        if (host, port) in self.nameservers:
            return True
        for name, p in self.endpoints:
            if p == port and _is_ip(name) and ipaddress.ip_address(name) == ipaddress.ip_address(host):
                return True
        if not any(not _is_ip(name) for name, _ in self.endpoints):
            return False
        with self._lock:
            if (host, port) not in self._resolved and time.monotonic() - self._resolved_at > self.RESOLVE_EVERY_S:
                self._resolved = self._resolve()
                self._resolved_at = time.monotonic()
            return (host, port) in self._resolved

    def _resolve(self) -> set[tuple[str, int]]:
        out: set[tuple[str, int]] = set()
        for name, port in self.endpoints:
            if _is_ip(name):
                continue
            with contextlib.suppress(OSError):
                for info in socket.getaddrinfo(name, port, proto=socket.IPPROTO_TCP):
                    out.add((str(ipaddress.ip_address(info[4][0])), port))
        return out


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _nameservers() -> set[tuple[str, int]]:
    out: set[tuple[str, int]] = set()
    with contextlib.suppress(OSError):
        for line in open("/etc/resolv.conf", encoding="utf-8", errors="replace"):  # noqa: SIM115
            fields = line.split()
            if len(fields) >= 2 and fields[0] == "nameserver" and _is_ip(fields[1]):
                out.add((str(ipaddress.ip_address(fields[1])), 53))
    return out


def _address(raw: bytes) -> tuple[str, int] | None:
    """(host, port) of an AF_INET/AF_INET6 sockaddr; None for families that reach no network (AF_UNIX...)."""
    if len(raw) < 2:
        return ("?", 0)
    family = int.from_bytes(raw[:2], "little")
    if family == socket.AF_INET and len(raw) >= 8:
        return str(ipaddress.IPv4Address(raw[4:8])), int.from_bytes(raw[2:4], "big")
    if family == socket.AF_INET6 and len(raw) >= 24:
        ip = ipaddress.IPv6Address(raw[8:24])
        host = str(ip.ipv4_mapped) if ip.ipv4_mapped else str(ip)
        return host, int.from_bytes(raw[2:4], "big")
    if family in (socket.AF_UNIX, socket.AF_UNSPEC, socket.AF_NETLINK):
        return None
    return ("?", 0)


class Supervisor:
    """One thread answering the connect() notifications of every sandboxed process."""

    def __init__(self, allowlist: Allowlist) -> None:
        self.allowlist = allowlist
        self._guards: dict[int, Guard] = {}
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="kg-sandbox", daemon=True)
        self._thread.start()

    def watch(self, pid: int, fd: int) -> Guard:
        guard = Guard(pid, fd)
        with self._lock:
            self._guards[fd] = guard
        os.write(self._wake_w, b"w")
        return guard

    def forget(self, guard: Guard) -> None:
        with self._lock:
            if self._guards.pop(guard.fd, None) is not None:
                with contextlib.suppress(OSError):
                    os.close(guard.fd)
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"w")

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"w")
        self._thread.join(timeout=5)
        with self._lock:
            for fd in list(self._guards):
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._guards.clear()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def _run(self) -> None:
        while not self._closed:
            poller = select.poll()
            poller.register(self._wake_r, select.POLLIN)
            with self._lock:
                guards = dict(self._guards)
            for fd in guards:
                poller.register(fd, select.POLLIN)
            try:
                events = poller.poll(1000)
            except OSError:
                continue
            for fd, event in events:
                if fd == self._wake_r:
                    with contextlib.suppress(OSError):
                        os.read(self._wake_r, 512)
                    continue
                guard = guards.get(fd)
                if guard is None:
                    continue
                if event & select.POLLIN:
                    self._answer(guard)
                elif event & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    self.forget(guard)  # the process is gone

    def _answer(self, guard: Guard) -> None:
        notif = _Notif()
        if self._libc.ioctl(guard.fd, _NOTIF_RECV, ctypes.byref(notif)) != 0:
            return  # the call was interrupted, or the process died meanwhile
        verdict = self._verdict(guard, notif)
        resp = _Resp(notif.id, 0, 0, _CONTINUE) if verdict else _Resp(notif.id, 0, -errno.EACCES, 0)
        self._libc.ioctl(guard.fd, _NOTIF_SEND, ctypes.byref(resp))

    def _verdict(self, guard: Guard, notif: _Notif) -> bool:
        length = min(int(notif.data.args[2]), 128)
        try:
            fd = os.open(f"/proc/{notif.pid}/mem", os.O_RDONLY)
            try:
                raw = os.pread(fd, length, int(notif.data.args[1]))
            finally:
                os.close(fd)
        except OSError:
            return False
        check = ctypes.c_uint64(notif.id)
        if self._libc.ioctl(guard.fd, _NOTIF_ID_VALID, ctypes.byref(check)) != 0:
            return False  # the call is gone; the memory read may belong to something else
        target = _address(raw)
        if target is None:
            return True  # a local socket: reaches no network
        if guard.network and target[0] != "?" and self.allowlist.allows(*target):
            guard.allowed += 1
            return True
        guard.refused.append(target)
        del guard.refused[:-16]
        log.warning("sandbox: refused a connection from pid %s to %s:%s", notif.pid, *target)
        return False


def send_listener(sock: socket.socket, fd: int) -> None:
    """Hand the listener fd to the server over the worker's socket (SCM_RIGHTS), then drop our copy."""
    socket.send_fds(sock, [b"L"], [fd])
    os.close(fd)


def receive_listener(sock: socket.socket) -> int | None:
    """The listener fd a worker sent with :func:`send_listener`, or None if it sent that it has no sandbox."""
    msg, fds, _, _ = socket.recv_fds(sock, 1, 1)
    if msg == b"L" and fds:
        return fds[0]
    for extra in fds:
        os.close(extra)
    return None


Policy = Callable[[str, int], bool]
