"""`plainmed handout`: a clinic's own handout PDFs, from a small config file (see examples/clinic.yml)."""

from __future__ import annotations

from pathlib import Path

import click
from jinja2 import TemplateError

from .catalog import load_catalog
from .clinic import load_clinic
from .handout import HandoutError, HandoutMaker, clinic_outputs
from .load import ContentError, read
from .pages import plan_site
from .render import Renderer


@click.command("handout")
@click.option(
    "--clinic",
    "clinic_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The clinic's config file (YAML): name, phone, address, region, paper, logo.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("handouts"),
    show_default=True,
    help="Folder to write the PDFs to.",
)
@click.option(
    "--project",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=Path("."),
    show_default=True,
    help="The plainmed project: the folder with mkdocs.yml, content/ and templates/.",
)
def handout(clinic_file: Path, out: Path, project: Path) -> None:
    """Make a clinic's handout PDFs for every published medicine."""
    try:
        clinic, logo = load_clinic(clinic_file, clinic_file.as_posix())
        site = plan_site(load_catalog(project / "content", project))
        maker = HandoutMaker(Renderer(project / "templates"), _site_url(project), clinic, logo)
        outputs = clinic_outputs(site.handouts, maker)
    except ContentError as e:
        click.echo(e.report(), err=True)
        raise SystemExit(1) from None
    except (HandoutError, TemplateError) as e:
        click.echo(f"handout error: {e}", err=True)
        raise SystemExit(1) from None
    out.mkdir(parents=True, exist_ok=True)
    for output in outputs:
        (out / output.uri).write_bytes(output.content)
        click.echo(f"wrote {(out / output.uri).as_posix()} ({output.seconds:.2f} s)", err=True)


def _site_url(project: Path) -> str:
    """The public site's address, for the QR code: site_url in mkdocs.yml."""
    doc = read(project / "mkdocs.yml", "mkdocs.yml")
    return str(doc.data.get("site_url") or "") if isinstance(doc.data, dict) else ""
