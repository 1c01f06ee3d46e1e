"""`plainmed new NAME`: scaffold a new medicine as a draft that validates and builds at once."""

from __future__ import annotations

from pathlib import Path

import click

from plainmed.cli import scaffold
from plainmed.cli.project import CONTENT, TEMPLATES, project_option
from plainmed.clock import today


@click.command("new")
@click.argument("slug", metavar="NAME")
@click.option("--name", "display_name", help="The medicine's name as shown on pages (default: from NAME).")
@project_option
def new(slug: str, display_name: str | None, project: Path) -> None:
    """Create content/NAME/ with every required file, as a draft full of TODO examples.

    NAME is the folder and web address, in lower-case words joined by hyphens (for example folic-acid).
    """
    name = display_name or scaffold.default_name(slug)
    try:
        files = scaffold.create(project / CONTENT, project / TEMPLATES, slug, name, today())
    except scaffold.ScaffoldError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"created {CONTENT}/{slug}/ with {len(files)} files, status: draft")
    click.echo("next: replace every TODO, run scripts/check, preview with scripts/serve --drafts")
