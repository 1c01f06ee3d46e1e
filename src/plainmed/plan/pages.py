"""The page map: which pages each medicine gets, where they live, and which warnings each must show."""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from plainmed.content import placement
from plainmed.content.catalog import Catalog, MedicineContent
from plainmed.content.model import BODY_PARTS, PAGE_LABELS, TOPIC_FILES, URGENCY_ORDER, SafetyWarning, SideEffect
from plainmed.content.regions import Paper

# page id -> (path below the medicine folder, template, menu label); the ids and labels come from the model.
_TEMPLATES = {"overview": "patient/overview.md.j2", "side-effects": "patient/side-effects.md.j2"}
_TEMPLATES |= {"questions": "patient/questions.md.j2", "clinician": "clinician/monograph.md.j2"}
PAGE_LAYOUT: dict[str, tuple[str, str, str]] = {
    page: ("" if page == "overview" else f"{page}/", _TEMPLATES.get(page, "patient/topic.md.j2"), PAGE_LABELS[page])
    for page in TOPIC_FILES
}
# The printable handout is a standalone HTML page (and PDFs beside it), not a MkDocs page.
HANDOUT_LAYOUT = ("handout/index.html", "handout/page.html.j2", PAGE_LABELS["handout"])


@dataclass(frozen=True)
class Variant:
    """One printed form of a handout: paper size and print size."""

    paper: Paper | Literal["Any"]  # Any: 210 x 279 mm, which prints unscaled on both A4 and US Letter
    large: bool = False

    def file_name(self, slug: str, usual_paper: Paper | None = None) -> str:
        """`<slug>-handout[-letter][-large-print].pdf`; the paper is named unless it is the usual one."""
        parts = [slug, "handout"]
        if self.paper != usual_paper:
            parts.append(self.paper.lower())
        if self.large:
            parts.append("large-print")
        return "-".join(parts) + ".pdf"

    @property
    def label(self) -> str:
        paper = {"Letter": "US Letter", "Any": "A4 or US Letter"}.get(self.paper, self.paper)
        if self.large:
            return "large print" if self.paper == "Any" else f"large print, {paper}"
        return paper

    @property
    def css_size(self) -> str:
        """The CSS @page size: A4's width and Letter's height fit inside both sheets."""
        return {"A4": "A4", "Letter": "letter", "Any": "210mm 279mm"}[self.paper]


# The site's own handout PDFs: one that prints on A4 and US Letter alike, and large print. Clinics that want one
# paper size make their own (`plainmed handout`, clinic.yml).
SITE_PAPER = "Any"
SITE_VARIANTS = (Variant(SITE_PAPER), Variant(SITE_PAPER, large=True))


def sources_uri(slug: str) -> str:
    """Each medicine's sources get a page of their own, so no page grows with the size of the library."""
    return f"{slug}/sources/index.md"


def relative(target: str, start: str) -> str:
    """posixpath.relpath for two site-relative paths, without asking the OS for the working directory each time."""
    parts, base = target.split("/"), [p for p in start.split("/") if p]
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:])


@dataclass(frozen=True)
class PagePlan:
    """One page to render: where it goes, with what template, and the warnings it must carry."""

    content: MedicineContent  # the medicine's whole content
    page: str
    template: str
    label: str
    src_uri: str
    warnings: tuple[SafetyWarning, ...]

    @property
    def audience(self) -> str:
        return "clinician" if self.page == "clinician" else "patient"

    @property
    def is_handout(self) -> bool:
        return self.page == "handout"

    @property
    def pdfs(self) -> dict[Variant, str]:
        """Where the site's PDFs of this handout live, by variant (none for other pages)."""
        if not self.is_handout:
            return {}
        slug = self.content.slug
        return {v: f"{slug}/{v.file_name(slug, SITE_PAPER)}" for v in SITE_VARIANTS}

    @property
    def edit_path(self) -> str:
        """The content file this page is written from, relative to the project root (for "edit this page")."""
        return f"{self.content.folder}/{TOPIC_FILES[self.page]}"

    @property
    def url(self) -> str:
        return posixpath.dirname(self.src_uri) + "/"

    def link_to(self, other: PagePlan | str) -> str:
        """A relative Markdown link target that MkDocs can validate."""
        target = other.src_uri if isinstance(other, PagePlan) else other
        return relative(target, posixpath.dirname(self.src_uri))

    def of_severity(self, *severities: str) -> list[SafetyWarning]:
        """This page's warnings of those severities, in the page's order (web pages and handouts split them so)."""
        return [w for w in self.warnings if w.severity in severities]


def by_urgency(effects: Sequence[SideEffect]) -> dict[str, list[SideEffect]]:
    """Side effects by urgency, most urgent first, leaving out an urgency with none (web pages and handouts)."""
    grouped = {u: [e for e in effects if e.urgency == u] for u in URGENCY_ORDER}
    return {u: found for u, found in grouped.items() if found}


def by_body_part(effects: Sequence[SideEffect]) -> dict[str, list[SideEffect]]:
    """Side effects under each part of the body they name, head to toe, most urgent first within a part."""
    ranked = sorted(effects, key=lambda e: URGENCY_ORDER.index(e.urgency))
    grouped = {part: [e for e in ranked if part in e.body_parts] for part in BODY_PARTS}
    return {part: found for part, found in grouped.items() if found}


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[PagePlan, ...]  # the pages MkDocs renders from Markdown with the site's theme
    medicines: tuple[MedicineContent, ...]
    handouts: tuple[PagePlan, ...] = ()  # one printable handout per medicine: standalone HTML and PDFs
    names: dict[str, str] = field(default_factory=dict)  # every medicine of the library (drafts too): slug -> name

    def interaction_page(self, slug: str) -> str:
        """Where a medicine's interactions with the library's other medicines are shown to patients."""
        has = self.find(slug, "overview").content.medicine.pages
        return "other-medicines" if "other-medicines" in has else "overview"

    def for_medicine(self, slug: str) -> tuple[PagePlan, ...]:
        return self._by_medicine.get(slug, ())

    def find(self, slug: str, page: str) -> PagePlan:
        """A medicine's page by id ("handout" finds its handout)."""
        if page == "handout":
            return self._handouts[slug]
        return next(p for p in self._by_medicine[slug] if p.page == page)

    @cached_property
    def _by_medicine(self) -> dict[str, tuple[PagePlan, ...]]:
        """Pages grouped by medicine, so a lookup costs the same at 3 or 3,000 medicines."""
        grouped: dict[str, list[PagePlan]] = {}
        for plan in self.pages:
            grouped.setdefault(plan.content.slug, []).append(plan)
        return {slug: tuple(plans) for slug, plans in grouped.items()}

    @cached_property
    def _handouts(self) -> dict[str, PagePlan]:
        return {plan.content.slug: plan for plan in self.handouts}


def plan_site(catalog: Catalog, include_drafts: bool = False) -> SitePlan:
    medicines = tuple(sorted(catalog.published(include_drafts), key=lambda c: c.medicine.name.lower()))
    planned = [_plan_medicine(content) for content in medicines]
    pages = tuple(page for plans, _ in planned for page in plans)
    names = {c.slug: c.medicine.name for c in catalog.medicines}
    return SitePlan(pages, medicines, tuple(handout for _, handout in planned), names)


def _plan_medicine(content: MedicineContent) -> tuple[list[PagePlan], PagePlan]:
    """A medicine's pages, and its handout."""
    by_page = placement.plan(content.warnings)
    has = {*content.medicine.pages, "clinician"}  # a page the medicine does not need is not made, nor linked
    pages = [
        PagePlan(content, page, template, label, f"{content.slug}/{path}index.md", by_page[page])
        for page, (path, template, label) in PAGE_LAYOUT.items()
        if page in has
    ]
    path, template, label = HANDOUT_LAYOUT
    return pages, PagePlan(content, "handout", template, label, f"{content.slug}/{path}", by_page["handout"])
