"""`plainmed review`: sign a medicine off after a clinical review, and show every medicine's review status."""

from __future__ import annotations

import datetime as dt
import json

import click
from pydantic import ValidationError

from plainmed.cli.project import CONTENT, fail, generated_or_exit, project_option
from plainmed.clock import today
from plainmed.content.model import Reviewer
from plainmed.review import review

REVIEW_CYCLE_DAYS = 183  # the next check falls due about six months after a sign-off, unless --next-due says


def _date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date as YYYY-MM-DD, but received: {value!r}", param_hint=name) from None


@click.group("review")
def review_group() -> None:
    """Clinical sign-off of a medicine's pages (content/<medicine>/review.yml)."""


@review_group.command("sign")
@click.argument("medicine")
@click.option("--by", "name", required=True, help="The reviewer's full name, as it is shown on every page.")
@click.option("--role", required=True, help="For example: Pharmacist, Dermatology nurse, Consultant dermatologist.")
@click.option("--registration", default=None, help="Professional registration, for example: GPhC 2081234.")
@click.option(
    "--scope",
    type=click.Choice(["patient", "clinician", "handout"]),
    multiple=True,
    help="What was checked (repeat; default: all three).",
)
@click.option("--date", "date_text", default=None, help="Day of the review, YYYY-MM-DD (default: today).")
@click.option(
    "--next-due", "due_text", default=None, help=f"Next check, YYYY-MM-DD (default: {REVIEW_CYCLE_DAYS} days on)."
)
@project_option
def sign(medicine, name, role, registration, scope, date_text, due_text, project) -> None:
    """Record that NAME checked MEDICINE's pages as they are now. Run it only for a review that happened."""
    day = _date(date_text, "--date") or today()
    due = _date(due_text, "--next-due") or day + dt.timedelta(days=REVIEW_CYCLE_DAYS)
    if day > today():
        raise click.BadParameter(f"{day.isoformat()} is in the future", param_hint="--date")
    if due <= day:
        raise click.BadParameter(
            f"{due.isoformat()} must come after the review ({day.isoformat()})", param_hint="--next-due"
        )
    folder = project / CONTENT / medicine
    if not (folder / "medicine.yml").is_file():
        known = ", ".join(sorted(p.name for p in (project / CONTENT).iterdir() if (p / "medicine.yml").is_file()))
        fail(f"no medicine '{medicine}' in {CONTENT}/ (known: {known or 'none'})")
    try:
        reviewer = Reviewer(name=name, role=role, registration=registration)
    except ValidationError as e:
        field = e.errors()[0]["loc"][0]
        option = "by" if field == "name" else field
        fail(f"review sign: --{option}: {e.errors()[0]['msg'].lower()} (it is shown on every page)")
    generated = generated_or_exit(project, reviews=False)  # the old record, whatever its state, is replaced
    content = next(c for c in generated.catalog.medicines if c.slug == medicine)
    data = review.record(content, generated.visible[medicine], reviewer, day, due, tuple(scope) or review.SCOPES)
    (folder / "review.yml").write_text(_as_yaml(medicine, data), encoding="utf-8")
    pages = ", ".join(review.label(p) for p in data["pages"])
    click.echo(f"signed: {medicine} checked by {name}, {role}, on {day.isoformat()} ({pages}); next check {due}")


@review_group.command("status")
@project_option
def status(project) -> None:
    """Every medicine's review status, and what changed since its sign-off."""
    generated = generated_or_exit(project)
    for content in generated.catalog.medicines:
        state = generated.reviews[content.slug]
        click.echo(f"{content.slug}: {state.state}: {state.sentence('overview')}")


def _as_yaml(slug: str, data: dict) -> str:
    """review.yml as YAML (every value written as JSON, which YAML reads as the same)."""
    lines = [
        f"# Written by `plainmed review sign {slug}`. Do not edit by hand: an edited record is refused.",
        "# It says who checked which pages and when, and holds digests of the text readers saw then.",
    ]
    for key, value in data.items():
        if key == "pages":
            lines.append("pages:")
            for page, signed in value.items():
                lines += [f"  {page}:", f"    digest: {json.dumps(signed['digest'])}", "    sections:"]
                lines += [f"      {json.dumps(name)}: {json.dumps(d)}" for name, d in signed["sections"].items()]
        elif isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in value.items()]
        else:  # JSON quotes every string, so a digest of digits is never read as a number
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
