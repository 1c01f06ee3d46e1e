"""The whole generator in one call: content folder in, rendered Markdown pages out. No MkDocs here."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from . import checks
from .catalog import Catalog, load_catalog
from .load import Problem
from .pages import SitePlan, plan_site
from .render import Renderer


@dataclass(frozen=True)
class Generated:
    catalog: Catalog
    site: SitePlan
    pages: dict[str, str]  # src_uri -> Markdown
    fragments: dict[str, str]  # marker name -> Markdown for hand-written pages
    warnings: tuple[Problem, ...]  # editorial problems: fatal only in strict builds

    def drug_names(self, slug: str) -> tuple[str, ...]:
        """A medicine's generic and brand names (readability scores them as a short word)."""
        medicine = next(c.medicine for c in self.catalog.medicines if c.slug == slug)
        return (medicine.name, *medicine.brands)


def today() -> dt.date:
    """The build's clock; PLAINMED_TODAY fixes it for tests."""
    fixed = os.environ.get("PLAINMED_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def generate(
    content_dir: Path, templates_dir: Path, root: Path, *, drafts: bool = False, site_url: str = ""
) -> Generated:
    catalog = load_catalog(content_dir, root)
    site = plan_site(catalog, include_drafts=drafts)
    renderer = Renderer(templates_dir, site_url)
    pages = {plan.src_uri: renderer.page(plan, site) for plan in site.pages}
    fragments = {
        "medicines": renderer.render("fragments/medicines.md.j2", site=site),
        "sources": renderer.render("fragments/sources.md.j2", site=site),
    }
    problems = checks.editorial_problems(catalog, today())
    return Generated(catalog, site, pages, fragments, tuple(problems))
