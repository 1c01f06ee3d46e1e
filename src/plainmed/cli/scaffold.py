"""Start a new medicine: render templates/scaffold/*.yml into content/<slug>/ as a valid draft full of TODOs."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from plainmed.content.model import FILE_MODELS
from plainmed.render.render import Renderer

SCAFFOLD = "scaffold"  # folder under templates/ with one template per required content file
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ()'.,/-]*$")


class ScaffoldError(ValueError):
    """A reason the scaffold could not be made, worded for the editor who asked for it."""


def default_name(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def create(content_dir: Path, templates_dir: Path, slug: str, name: str, today: dt.date) -> list[Path]:
    """Write content_dir/<slug>/ with every file of FILE_MODELS; refuse to touch an existing folder."""
    _check(content_dir, templates_dir, slug, name)
    folder = content_dir / slug
    context = {
        "slug": slug,
        "name": name,
        "today": today.isoformat(),
    }
    renderer = Renderer(templates_dir)
    pages = {file: renderer.render(f"{SCAFFOLD}/{file}", **context) for file in FILE_MODELS}
    folder.mkdir()
    for file, text in pages.items():
        (folder / file).write_text(text, encoding="utf-8")
    return [folder / file for file in pages]


def _check(content_dir: Path, templates_dir: Path, slug: str, name: str) -> None:
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is not a folder name: use lower-case words joined by hyphens, like 'folic-acid'")
    if not NAME.match(name):
        raise ScaffoldError(f"'{name}' is not a medicine name: use letters, digits, spaces and - ( ) ' . , /")
    if (content_dir / slug).exists():
        raise ScaffoldError(f"{content_dir.name}/{slug} already exists: pick another name, or edit that folder")
    missing = [f for f in FILE_MODELS if not (templates_dir / SCAFFOLD / f).is_file()]
    if missing:
        raise ScaffoldError(f"templates/{SCAFFOLD}/ lacks a template for: {', '.join(missing)}")
