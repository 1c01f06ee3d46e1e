"""The safety-warning contract, checked on the built HTML: every warning is on every page it must be on."""

from __future__ import annotations

import pytest

from helpers import article, md_text, visible_text
from plainmed import placement

# The floor: warnings that must exist at the top tier whatever the data says. Deleting one from
# warnings.yml, or lowering its severity, fails here.
FLOOR = {
    "isotretinoin": {
        "pregnancy-birth-defects": ("birth defects", "pregnan"),
        "mental-health": ("depress", "suicid"),
    }
}

# Topic placements a clinical reviewer signed off: removing one from warnings.yml fails here.
PLACEMENT_FLOOR = {
    "isotretinoin": {
        "raised-pressure-in-head": ("other-medicines",),
        "vitamin-a-supplements": ("other-medicines",),
        "birth-control-interactions": ("pregnancy", "other-medicines"),
        "no-blood-donation": ("how-to-take",),
        "do-not-share": ("how-to-take",),
        "acne-flare": ("overview",),
    }
}


def required_pairs(site_plan):
    for plan in site_plan.pages:
        for warning in plan.warnings:
            yield plan, warning


def test_floor_warnings_exist_at_top_tier(site_plan):
    for slug, floor in FLOOR.items():
        content = next(c for c in site_plan.medicines if c.slug == slug)
        registry = {w.id: w for w in content.warnings}
        for warning_id, words in floor.items():
            assert warning_id in registry, f"{slug}: floor warning '{warning_id}' is missing from warnings.yml"
            warning = registry[warning_id]
            assert warning.severity == "critical", f"{slug}: '{warning_id}' must be critical, is {warning.severity}"
            wording = f"{warning.title} {warning.patient} {warning.clinician}".lower()
            for word in words:
                assert word in wording, f"{slug}: '{warning_id}' does not mention '{word}'"


def test_policy_puts_top_tier_on_every_patient_page_and_clinician_top(site_plan):
    for plan in site_plan.pages:
        critical = [w.id for w in plan.medicine.warnings if w.severity == "critical"]
        assert [w.id for w in plan.warnings][: len(critical)] == critical


def test_every_required_warning_is_rendered_in_full(site, site_plan):
    pairs = list(required_pairs(site_plan))
    assert len(pairs) > 30, "the plan should require many (warning, page) pairs"
    for plan, warning in pairs:
        if plan.page == "handout":
            continue
        main = article(site, plan.url)
        boxes = main.select(f'[data-warning="{warning.id}"]')
        assert len(boxes) == 1, f"{plan.url}: warning '{warning.id}' expected once, found {len(boxes)}"
        box = boxes[0]
        assert box.get("id") == f"warning-{warning.id}"
        assert "admonition" in box["class"], f"{plan.url}: '{warning.id}' is not an admonition"
        assert box.name == "div", f"{plan.url}: '{warning.id}' must not be collapsible (details)"
        text = visible_text(box)
        wording = warning.patient if plan.audience == "patient" else warning.clinician
        assert md_text(wording) in text, f"{plan.url}: '{warning.id}' text is incomplete"
        assert md_text(warning.action) in text, f"{plan.url}: '{warning.id}' action is incomplete"
        # The action is labelled, so a reader skimming the box finds what to do (and when).
        assert f"What to do: {md_text(warning.action)}" in text, f"{plan.url}: '{warning.id}' action is not labelled"


def test_no_page_shows_a_warning_it_was_not_planned_for(site, site_plan):
    for plan in site_plan.pages:
        planned = {w.id for w in plan.warnings}
        shown = {box["data-warning"] for box in article(site, plan.url).select("[data-warning]")}
        assert shown == planned, f"{plan.url}: shown {sorted(shown - planned)} not planned"


def test_critical_warnings_come_before_the_page_text(site, site_plan):
    for plan in site_plan.pages:
        main = article(site, plan.url)
        first_boxes = [box["data-warning"] for box in main.select("[data-warning]")]
        critical = [w.id for w in plan.warnings if w.severity == "critical"]
        assert first_boxes[: len(critical)] == critical, plan.url
        first_heading = main.find("h2")
        if first_heading is not None:
            for warning_id in critical:
                box = main.select_one(f'[data-warning="{warning_id}"]')
                assert box in first_heading.find_all_previous("div"), (
                    f"{plan.url}: {warning_id} is below the first heading"
                )


# The policy as clinical reviewers signed it off, written out here so a change to placement.py fails.
SIGNED_OFF_POLICY = {
    "critical": {
        "overview",
        "how-to-take",
        "side-effects",
        "pregnancy",
        "other-medicines",
        "questions",
        "clinician",
        "handout",
    },
    "serious": {"side-effects", "clinician", "handout"},
    "caution": {"clinician"},
}


@pytest.mark.parametrize("severity", SIGNED_OFF_POLICY)
def test_policy_floor_is_the_signed_off_one(severity, site_plan):
    assert set(placement.POLICY[severity]) >= SIGNED_OFF_POLICY[severity]
    for content in site_plan.medicines:
        for warning in content.warnings:
            if warning.severity == severity:
                assert SIGNED_OFF_POLICY[severity] <= set(placement.places(warning)), warning.id


def test_signed_off_topic_placements_are_on_their_pages(site, site_plan):
    for slug, floor in PLACEMENT_FLOOR.items():
        for warning_id, pages in floor.items():
            for page in pages:
                url = site_plan.find(slug, page).url
                assert article(site, url).select_one(f'[data-warning="{warning_id}"]'), f"{url}: {warning_id}"
