"""Build hook: the wheel carries the top-level ``seeds/``, ``queries/`` and ``ontology/`` as package data.

They stay top-level in the checkout, where they are edited; ``build_py`` copies them to ``kg/_resources/`` in
the wheel, where ``kg.resources.resource_dir`` finds them once kg is installed. Editable installs skip the copy:
they read the checkout's folders directly. Everything else is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCES = ("seeds", "queries", "ontology")


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in RESOURCES:
            target = Path(self.build_lib, "kg", "_resources", name)
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))


setup(cmdclass={"build_py": BuildPyWithResources})
