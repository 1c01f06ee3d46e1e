"""The page map: which pages each medicine gets, where they live, and which warnings each must show."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property

from . import placement
from .catalog import Catalog, MedicineContent
from .model import PATIENT_PAGES, TOPIC_FILES, Warning

# page id -> (path below the medicine folder, template, menu label)
PAGE_LAYOUT: dict[str, tuple[str, str, str]] = {
    "overview": ("", "patient/overview.md.j2", "Overview"),
    "how-to-take": ("how-to-take/", "patient/topic.md.j2", "How to take it"),
    "side-effects": ("side-effects/", "patient/side-effects.md.j2", "Side effects"),
    "pregnancy": ("pregnancy/", "patient/topic.md.j2", "Pregnancy"),
    "other-medicines": ("other-medicines/", "patient/topic.md.j2", "Other medicines"),
    "questions": ("questions/", "patient/questions.md.j2", "Questions"),
    "clinician": ("clinician/", "clinician/monograph.md.j2", "For clinicians"),
}


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

    medicine: MedicineContent
    page: str
    template: str
    label: str
    src_uri: str
    warnings: tuple[Warning, ...]

    @property
    def audience(self) -> str:
        return "patient" if self.page in PATIENT_PAGES else "clinician"

    @property
    def edit_path(self) -> str:
        """The content file this page is written from, relative to the project root (for "edit this page")."""
        return f"{self.medicine.folder}/{TOPIC_FILES[self.page]}"

    @property
    def url(self) -> str:
        return posixpath.dirname(self.src_uri) + "/"

    def link_to(self, other: PagePlan | str) -> str:
        """A relative Markdown link target that MkDocs can validate."""
        target = other.src_uri if isinstance(other, PagePlan) else other
        return relative(target, posixpath.dirname(self.src_uri))


@dataclass(frozen=True)
class SitePlan:
    pages: tuple[PagePlan, ...]
    medicines: tuple[MedicineContent, ...]

    def for_medicine(self, slug: str) -> tuple[PagePlan, ...]:
        return self._by_medicine.get(slug, ())

    def find(self, slug: str, page: str) -> PagePlan:
        return next(p for p in self._by_medicine[slug] if p.page == page)

    @cached_property
    def _by_medicine(self) -> dict[str, tuple[PagePlan, ...]]:
        """Pages grouped by medicine, so a lookup costs the same at 3 or 3,000 medicines."""
        grouped: dict[str, list[PagePlan]] = {}
        for plan in self.pages:
            grouped.setdefault(plan.medicine.slug, []).append(plan)
        return {slug: tuple(plans) for slug, plans in grouped.items()}


def plan_site(catalog: Catalog, include_drafts: bool = False) -> SitePlan:
    medicines = tuple(sorted(catalog.published(include_drafts), key=lambda c: c.medicine.name.lower()))
    pages = tuple(page for content in medicines for page in _plan_medicine(content))
    return SitePlan(pages, medicines)


def _plan_medicine(content: MedicineContent) -> list[PagePlan]:
    by_page = placement.plan(content.warnings)
    return [
        PagePlan(content, page, template, label, f"{content.slug}/{path}index.md", by_page[page])
        for page, (path, template, label) in PAGE_LAYOUT.items()
    ]
