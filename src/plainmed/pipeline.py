"""The whole generator in one call: content folder in, rendered Markdown pages out. No MkDocs here."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from plainmed.cache import ContentCache, code_digest, digest
from plainmed.clock import today
from plainmed.content.catalog import Catalog, MedicineContent, load_catalog
from plainmed.content.load import ContentError, Problem
from plainmed.handouts import handout, site_handouts
from plainmed.plan.pages import SitePlan, plan_site, sources_uri
from plainmed.render import checks
from plainmed.render.render import MarkdownSettings, Renderer, Trust
from plainmed.review import review
from plainmed.review.visible import VisibleText, of_handout, of_markdown


@dataclass(frozen=True)
class Generated:
    catalog: Catalog
    site: SitePlan
    pages: dict[str, str]  # src_uri -> Markdown
    fragments: dict[str, str]  # marker name -> Markdown for hand-written pages
    editorial: tuple[Problem, ...]  # editorial problems (wording, style): warnings, fatal only in strict builds
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step, for logs and the benchmark
    files: tuple[handout.Output, ...] = ()  # handout pages and PDFs, added to the site as they are
    handouts: site_handouts.Handouts | None = None  # with defer_pdfs, its `missing` PDFs are still to print
    visible: dict[str, dict[str, VisibleText]] = field(default_factory=dict)  # slug -> page -> what readers see
    reviews: dict[str, review.Status] = field(default_factory=dict)  # slug -> its review status today
    notes: tuple[str, ...] = ()  # things worth a line in the log

    def publish_problems(self) -> list[Problem]:
        """Why this site may not be published: every medicine on it must carry a current clinical sign-off."""
        return [p for c in self.site.medicines for p in review.publish_problems(c, self.reviews[c.slug])]

    def drug_names(self, slug: str) -> tuple[str, ...]:
        """A medicine's generic and brand names (readability scores them as a short word)."""
        return next(c.medicine for c in self.catalog.medicines if c.slug == slug).all_names


def generate(
    content_dir: Path,
    templates_dir: Path,
    root: Path,
    *,
    drafts: bool = False,
    site_url: str = "",
    cache: ContentCache | None = None,
    defer_pdfs: bool = False,
    trust: Trust | None = None,
    reviews: bool = True,
    markdown: MarkdownSettings | None = None,
) -> Generated:
    """Load, check, plan and render. With a cache, unchanged medicines are neither re-read nor re-rendered.

    PDFs missing from the cache are printed before this returns, unless defer_pdfs: then the caller prints
    `handouts.missing` (in worker processes while MkDocs builds, or in the background under `mkdocs serve`).
    """
    cache = cache or ContentCache()
    clock = _Clock()
    catalog = load_catalog(content_dir, root, cache, reviews)
    clock.lap("load")
    site = plan_site(catalog, include_drafts=drafts)
    clock.lap("plan")
    renderer = Renderer(templates_dir, site_url, trust, markdown or MarkdownSettings.of_project(root))
    templates = digest(
        [templates_dir, site_url, renderer.trust.key, *renderer.markdown.extensions, renderer.markdown.configs]
    )
    pages: dict[str, str] = {}
    visible: dict[str, dict[str, VisibleText]] = {}
    reviews: dict[str, review.Status] = {}
    problems: list[Problem] = []
    day = today()
    for content in site.medicines:
        render = partial(_render, renderer, site, content)
        made = cache.value(
            "pages", [content.digest, templates], partial(_kept_pages, cache, content, render, templates)
        )
        seen = visible[content.slug] = {page: VisibleText.from_json(v) for page, v in made["visible"].items()}
        problems += review.record_problems(content, set(seen), day)
        status = reviews[content.slug] = review.status(content, seen, day)
        by_uri = {plan.src_uri: plan.page for plan in site.for_medicine(content.slug)}
        pages.update(
            {uri: review.fill(md, status, by_uri[uri]) if uri in by_uri else md for uri, md in made["pages"].items()}
        )
    if problems:
        raise ContentError(problems)
    fragments = {
        "medicines": renderer.render("fragments/medicines.md.j2", site=site),
        "sources": renderer.render("fragments/sources.md.j2", site=site),
        "authorities": renderer.render("fragments/authorities.md.j2", site=site),
    }
    problems = checks.editorial_problems(catalog, cache)
    clock.lap("render")
    handouts = site_handouts.prepare(cache, renderer, site.handouts, templates, reviews, site.names)
    files = handouts.ready if defer_pdfs else handouts.print_now()
    clock.lap("handouts")
    notes = () if handouts.maker.site_url else (f"handouts: no QR code or web address printed: {_no_url(site_url)}",)
    return Generated(
        catalog, site, pages, fragments, tuple(problems), clock.laps, tuple(files), handouts, visible, reviews, notes
    )


def _no_url(site_url: str) -> str:
    if not site_url:
        return "mkdocs.yml has no site_url"
    return f"site_url {site_url} is a placeholder address (set the real one in mkdocs.yml)"


def _kept_pages(cache: ContentCache, content: MedicineContent, render: partial, templates: str) -> dict:
    """A medicine's pages from the build cache folder (a later build renders only what changed), or rendered."""
    if cache.folder is None:
        return render()
    return cache.json("pages", [content.digest, templates, code_digest(__name__)], render)


def _render(renderer: Renderer, site: SitePlan, content: MedicineContent) -> dict:
    """One medicine's pages, with a slot for the review status, and what a reader sees on each (which a review
    signs). They depend on the medicine's own content and the templates only, so they cache together."""
    plans = site.for_medicine(content.slug)
    pages = {plan.src_uri: renderer.page(plan, site) for plan in plans}
    visible = {plan.page: of_markdown(pages[plan.src_uri]).as_json() for plan in plans}
    maker = handout.HandoutMaker(renderer, renderer.site_url, names=site.names)  # no statuses: the slot stays empty
    visible["handout"] = of_handout(handout.site_page(site.find(content.slug, "handout"), maker).decode()).as_json()
    pages[sources_uri(content.slug)] = renderer.render("sources.md.j2", content=content, site=site)
    return {"pages": pages, "visible": visible}


class _Clock:
    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = now - self._last
        self._last = now
