"""``kg models``: train, fetch and describe the Stanza NER models.

Mounted by ``kg.cli`` as ``kg models``. Heavy imports (stanza, torch) happen inside the commands.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from kg.errors import KgError, ResourceMissingError

models_app = typer.Typer(help="Stanza NER models: train the project's model, fetch the official one, show info.",
                         no_args_is_help=True)


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1)


@models_app.command("train-ner")
def train_ner(
    out: Path = typer.Option(None, "--out", help="Output model directory (default: the shipped model's dir)"),
    max_steps: int = typer.Option(None, "--max-steps", help="Override the number of training steps"),
) -> None:
    """Reproduce the shipped NER model from src/kg/ner/data (fixed seed, CPU, no char-LM)."""
    from kg.ner.stanza_ner import DEFAULT_MODEL_DIR
    from kg.ner.training import train_model

    try:
        meta = train_model(out or DEFAULT_MODEL_DIR, max_steps=max_steps, log=typer.echo)
    except KgError as exc:
        _fail(exc)
        return
    scores = meta["dev_scores"]
    assert isinstance(scores, dict)
    typer.echo(f"{meta['name']} {meta['version']}: dev micro F1 {scores['micro']['f1']:.3f}")


@models_app.command("fetch")
def fetch(
    dir: Path = typer.Option(Path(".kg-models/stanza"), "--dir", help="Where Stanza's downloader puts the model"),
) -> None:
    """Download the official Stanza Arabic NER model (needs network access to Stanza's model host)."""
    try:
        import stanza
    except ImportError:
        _fail(ResourceMissingError("the stanza package is not installed", hint="pip install stanza"))
        return
    try:
        dir.mkdir(parents=True, exist_ok=True)
        stanza.download("ar", model_dir=str(dir), processors="ner", logging_level="WARN")
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        _fail(ResourceMissingError(
            f"cannot download the official Stanza Arabic model: {first[:200]}",
            hint="no network access to Stanza's model host; copy a downloaded directory and set KG_STANZA_OFFICIAL_DIR",
        ))
        return
    typer.echo(f"official Stanza Arabic NER model in {dir}; use it with KG_STANZA_OFFICIAL_DIR={dir}")


@models_app.command("info")
def info(
    model_dir: Path = typer.Option(None, "--model-dir", help="Model directory (default: configured or shipped)"),
) -> None:
    """Which NER model is configured, its files, sizes, version and scores."""
    from kg.ner.stanza_ner import DEFAULT_MODEL_DIR, METADATA_FILE, official_model_files, project_model_files

    configured = model_dir
    official = None
    if configured is None:
        try:
            from kg.config import get_settings

            settings = get_settings()
            configured = settings.ner_model_dir
            official = settings.stanza_official_dir if settings.use_official_stanza else None
        except KgError as exc:
            _fail(exc)
            return
    path = configured or DEFAULT_MODEL_DIR
    typer.echo(f"project model: {path}" + (" (shipped)" if configured is None else ""))
    try:
        files = project_model_files(path)
    except KgError as exc:
        _fail(exc)
        return
    for p in sorted(path.iterdir()):
        if p.is_file():
            typer.echo(f"  {p.name:16} {p.stat().st_size:>12,} B")
    meta_path = path / METADATA_FILE
    if meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        typer.echo(f"  name {meta.get('name')}  version {files.version}  tags {','.join(meta.get('tags', []))}"
                   f"  stanza {meta.get('stanza_version')}")
        micro = meta.get("dev_scores", {}).get("micro")
        if micro:
            typer.echo(f"  dev micro P/R/F1 {micro['precision']:.3f}/{micro['recall']:.3f}/{micro['f1']:.3f}")
    if official is not None:
        try:
            off = official_model_files(official)
            typer.echo(f"official model: {official} ({off.version})")
        except KgError as exc:
            typer.echo(f"official model: {exc}")
