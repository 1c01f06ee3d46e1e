"""Where a plainmed project's folders are, for the command line (the MkDocs plugin reads them from mkdocs.yml)."""

from __future__ import annotations

from pathlib import Path

import click

CONFIG = "mkdocs.yml"
CONTENT = "content"
TEMPLATES = "templates"


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` holding mkdocs.yml, so commands work from any subfolder."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / CONFIG).is_file():
            return folder
    raise click.UsageError(f"no {CONFIG} found in {start} or above: run this inside a plainmed project")


def _resolve(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    return find_root(value if value is not None else Path.cwd())


project_option = click.option(
    "--project",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    callback=_resolve,
    help=f"Project folder (default: the nearest folder with {CONFIG} at or above the current one).",
)
