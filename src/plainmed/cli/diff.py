"""`plainmed diff BASE_REF`: what readers will see differently, in sentences, so a reviewer reads words, not YAML."""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path

import click

from plainmed.cli.project import CONTENT, TEMPLATES, generate, generated_or_exit, project_option
from plainmed.content.load import ContentError
from plainmed.review import review
from plainmed.review.visible import VisibleText


def changes(base, head) -> str:
    """Markdown: per medicine and page, sentences removed and added, and warning placements added or removed."""
    out: list[str] = []
    base_meds = {c.slug: c for c in base.catalog.medicines}
    for content in head.catalog.medicines:
        slug, name = content.slug, content.medicine.name
        if slug not in base_meds:
            out.append(f"## {name}: a new medicine\n\nEvery page of `{slug}` is new.\n")
            continue
        before, after = base.visible[slug], head.visible[slug]
        for page in after:
            lines = _page(before.get(page, VisibleText({})), after[page])
            if lines:
                out.append(f"## {name}: {review.label(page)}\n\n" + "\n".join(lines) + "\n")
        placements = _placements(base.site, slug) ^ _placements(head.site, slug)
        if placements:
            was = _placements(base.site, slug)
            rows = [
                f"- {'Removed' if pair in was else 'Added'}: warning `{pair[1]}` on {review.label(pair[0])}"
                for pair in sorted(placements)
            ]
            out.append(f"## {name}: warning placements\n\n" + "\n".join(rows) + "\n")
        if review.contract_digest(content) != review.contract_digest(base_meds[slug]):
            out.append(
                f"## {name}: warning contract\n\n`{content.folder}/contract.yml` changed: a reviewer must sign it.\n"
            )
    for slug in sorted(set(base_meds) - {c.slug for c in head.catalog.medicines}):
        out.append(f"## {base_meds[slug].medicine.name}: removed\n")
    return "\n".join(out) if out else "No change that a reader would see.\n"


def _page(before: VisibleText, after: VisibleText) -> list[str]:
    lines: list[str] = []
    for section in [*after.sections, *(s for s in before.sections if s not in after.sections)]:
        old, new = before.sections.get(section, ()), after.sections.get(section, ())
        if old == new:
            continue
        lines.append(f"### {section}\n")
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
            if tag in ("replace", "delete"):
                lines += [f"- Removed: “{sentence}”" for sentence in old[i1:i2]]
            if tag in ("replace", "insert"):
                lines += [f"- Added: “{sentence}”" for sentence in new[j1:j2]]
        lines.append("")
    return lines


def _placements(site, slug: str) -> set[tuple[str, str]]:
    plans = [*site.for_medicine(slug), site.find(slug, "handout")] if site.for_medicine(slug) else []
    return {(plan.page, w.id) for plan in plans for w in plan.warnings}


def _checkout(root: Path, ref: str, into: Path) -> None:
    """content/ and templates/ as they were at `ref`, from git (the code stays the working tree's)."""
    found = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", ref, CONTENT, TEMPLATES], capture_output=True
    )
    if found.returncode != 0:
        raise click.ClickException(f"git could not read {ref}: {found.stderr.decode(errors='replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(found.stdout)) as archive:
        archive.extractall(into, filter="data")


@click.command("diff")
@click.argument("base_ref")
@project_option
def diff(base_ref: str, project: Path) -> None:
    """Print, as Markdown, what readers see differently between BASE_REF and the working tree."""
    head = generated_or_exit(project)
    with tempfile.TemporaryDirectory() as tmp:
        _checkout(project, base_ref, Path(tmp))
        try:
            base = generate(project, Path(tmp) / CONTENT, Path(tmp) / TEMPLATES)
        except ContentError as e:
            raise click.ClickException(f"the content at {base_ref} does not build:\n{e.report()}") from None
    click.echo(f"# What readers will see differently ({base_ref} to the working tree)\n")
    click.echo(changes(base, head))
