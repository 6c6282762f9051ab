"""Where kg's own files are: the one place that answers for a source checkout, an editable install and a wheel.

The seed gazetteer, the named queries and the ontology are edited in the checkout's top-level ``seeds/``,
``queries/`` and ``ontology/``; a built wheel carries copies of them as package data under ``kg/_resources/``
(``setup.py`` puts them there). The shipped NER model and its training data are package data of ``kg.ner``.
Everything is found through :mod:`importlib.resources`, and settings (``KG_SEEDS_DIR``, ``KG_QUERIES_DIR``,
``KG_ONTOLOGY_DIR``, ``KG_NER_MODEL_DIR``) can still point anywhere else.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

ResourceName = Literal["seeds", "queries", "ontology"]

#: Package-data folder of a wheel that holds the top-level resource folders.
SHIPPED_DIR = "_resources"


def _package_dir(package: str) -> Path:
    """The directory of an imported package (kg is always installed unzipped: pip unpacks wheels)."""
    return Path(str(files(package)))


def _source_checkout() -> Path | None:
    """The checkout kg is imported from (``src/kg`` beside a ``pyproject.toml``), or None for a wheel."""
    package = _package_dir("kg").resolve()
    root = package.parents[1]
    if package.parent.name == "src" and (root / "pyproject.toml").is_file():
        return root
    return None


#: The source checkout kg runs from, or None when kg is installed from a wheel.
SOURCE_CHECKOUT: Path | None = _source_checkout()


def resource_dir(name: ResourceName) -> Path:
    """The default ``seeds/``, ``queries/`` or ``ontology/`` folder.

    From a checkout (or an editable install) the top-level folder itself, so edits take effect at once;
    otherwise the copy inside the installed package. A missing folder is reported by whoever reads it,
    with the setting that points elsewhere.
    """
    if SOURCE_CHECKOUT is not None and (SOURCE_CHECKOUT / name).is_dir():
        return SOURCE_CHECKOUT / name
    return _package_dir("kg") / SHIPPED_DIR / name


def ner_models_dir() -> Path:
    """Where the shipped Stanza NER models live (package data of ``kg.ner``)."""
    return _package_dir("kg.ner") / "models"


def ner_data_dir() -> Path:
    """The NER training data the shipped model was trained from (package data of ``kg.ner``)."""
    return _package_dir("kg.ner") / "data"


def checkout_root() -> Path:
    """Base of the development-only paths (``tests/gold``, ``examples/``, ``../shared``) that evaluation and
    training tools read: the source checkout, or the working directory when kg is installed from a wheel."""
    return SOURCE_CHECKOUT if SOURCE_CHECKOUT is not None else Path.cwd()
