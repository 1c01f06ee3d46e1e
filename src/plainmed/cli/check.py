"""`plainmed check`: validate all content in seconds, without building the site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from plainmed.cli.project import CONTENT, project_option
from plainmed.clock import today
from plainmed.content.catalog import load_catalog
from plainmed.content.load import ContentError, Problem
from plainmed.plan.pages import PAGE_LAYOUT
from plainmed.render import checks
from plainmed.review import review


def content_problems(root: Path) -> tuple[int, list[Problem]]:
    """(medicines checked, every problem): schema and cross-file errors first; editorial checks on valid content."""
    try:
        catalog = load_catalog(root / CONTENT, root)
    except ContentError as e:
        return 0, e.problems
    pages = {*PAGE_LAYOUT, "handout"}
    records = [p for content in catalog.medicines for p in review.record_problems(content, pages, today())]
    return len(catalog.medicines), records + checks.editorial_problems(catalog)


@click.command("check")
@project_option
def check(project: Path) -> None:
    """Check every content file and list every problem as path:line:column: field: message.

    Exit status 0 when the content is clean, 1 when there is any problem.
    """
    count, problems = content_problems(project)
    if problems:
        click.echo(ContentError(problems).report())
        sys.exit(1)
    click.echo(f"content OK: {count} medicine{'s' if count != 1 else ''} checked, no problems")
