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


def settings(root: Path) -> dict:
    """What the command line needs from mkdocs.yml: site_url, and the plainmed plugin's options."""
    from plainmed.content.load import read

    data = read(root / CONFIG, CONFIG).data
    data = data if isinstance(data, dict) else {}
    options: dict = {}
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("plainmed"), dict):
            options = plugin["plainmed"]
    return {"site_url": str(data.get("site_url") or ""), "plainmed": options}


def generate(root: Path, content: Path | None = None, templates: Path | None = None, reviews: bool = True):
    """Every medicine (drafts too) loaded, planned and rendered as the build would, with no PDF printed."""
    from plainmed.pipeline import generate as run
    from plainmed.render.render import Trust

    found = settings(root)
    try:
        trust = Trust.from_options(found["plainmed"])
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    return run(
        content or root / CONTENT,
        templates or root / TEMPLATES,
        root,
        drafts=True,
        site_url=found["site_url"],
        defer_pdfs=True,
        trust=trust,
        reviews=reviews,
    )


def fail(message: str) -> None:
    click.echo(message, err=True)
    raise SystemExit(1)


def generated_or_exit(root: Path, reviews: bool = True):
    """generate(), or the content's problems printed and exit status 1 (a sign-off covers content that builds)."""
    from plainmed.content.load import ContentError
    from plainmed.handouts.handout import HandoutError

    try:
        return generate(root, reviews=reviews)
    except ContentError as e:
        fail(f"{e.report()}\nFix the content first: a sign-off covers content that builds.")
    except HandoutError as e:
        fail(f"handout error: {e}")
