"""`plainmed handout`: a clinic's own handout PDFs, from a small config file (see examples/clinic.yml)."""

from __future__ import annotations

from pathlib import Path

import click
from jinja2 import TemplateError

from plainmed.cli.project import generate, project_option, settings
from plainmed.content.load import ContentError
from plainmed.handouts.clinic import load_clinic
from plainmed.handouts.handout import HandoutError, HandoutMaker, clinic_outputs
from plainmed.plan.pages import plan_site
from plainmed.render.render import MarkdownSettings, Renderer


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
@project_option
def handout(clinic_file: Path, out: Path, project: Path) -> None:
    """Make a clinic's handout PDFs for every published medicine."""
    try:
        clinic, logo = load_clinic(clinic_file, clinic_file.as_posix())
        generated = generate(project)  # each medicine's review status, as its pages show it
        site = plan_site(generated.catalog)
        renderer = Renderer(
            project / "templates", settings(project)["site_url"], markdown=MarkdownSettings.of_project(project)
        )
        maker = HandoutMaker(renderer, renderer.site_url, clinic, logo, generated.reviews, site.names)
        outputs = clinic_outputs(site.handouts, maker)
    except ContentError as e:
        click.echo(e.report(), err=True)
        raise SystemExit(1) from None
    except (HandoutError, TemplateError) as e:
        click.echo(f"handout error: {e}", err=True)
        raise SystemExit(1) from None
    if not maker.online_url_base:
        click.echo("note: no QR code or web address printed: set site_url in clinic.yml or mkdocs.yml", err=True)
    out.mkdir(parents=True, exist_ok=True)
    for output in outputs:
        (out / output.uri).write_bytes(output.content)
        click.echo(f"wrote {(out / output.uri).as_posix()} ({output.seconds:.2f} s)", err=True)
