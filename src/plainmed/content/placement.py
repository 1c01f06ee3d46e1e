"""The warning placement policy: which pages each warning must appear on.

Severity decides a floor of pages; a warning's own `pages:` can add places but never remove them.
"""

from __future__ import annotations

from collections.abc import Iterable

from plainmed.content.model import ALL_PAGES, PATIENT_PAGES, SafetyWarning

POLICY: dict[str, tuple[str, ...]] = {
    "critical": (*PATIENT_PAGES, "clinician", "handout"),
    "serious": ("side-effects", "clinician", "handout"),
    "caution": ("clinician",),
}
SEVERITY_ORDER = ("critical", "serious", "caution")


def places(warning: SafetyWarning) -> tuple[str, ...]:
    """Every page this warning must be on, in site order."""
    wanted = set(POLICY[warning.severity]) | set(warning.pages)
    return tuple(page for page in ALL_PAGES if page in wanted)


def plan(warnings: Iterable[SafetyWarning]) -> dict[str, tuple[SafetyWarning, ...]]:
    """Page id -> the warnings it must show, most severe first, registry order within a tier."""
    ranked = [(w, places(w)) for w in sorted(warnings, key=lambda w: SEVERITY_ORDER.index(w.severity))]
    return {page: tuple(w for w, where in ranked if page in where) for page in ALL_PAGES}
