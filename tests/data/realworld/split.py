#!/usr/bin/env python3
"""Which split a report belongs to, decided by its URL alone (before anyone reads it):
test when the first 8 hex digits of sha256(normalized URL) mod 10 < 3, else dev.
Normalization is the one of /work/shared/eval/is_reserved.py. usage: split.py URL [URL...]"""
import hashlib
import sys
import urllib.parse


def normalize(url: str) -> str:
    u = urllib.parse.unquote(url.strip()).lower()
    for prefix in ("https://", "http://"):
        if u.startswith(prefix):
            u = u[len(prefix):]
    if u.startswith("www."):
        u = u[4:]
    return u.rstrip("/")


def split(url: str) -> str:
    return "test" if int(hashlib.sha256(normalize(url).encode()).hexdigest()[:8], 16) % 10 < 3 else "dev"


if __name__ == "__main__":
    for u in sys.argv[1:]:
        print(split(u) + "\t" + u)
