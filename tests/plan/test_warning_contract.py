"""The safety-warning contract, checked on the built HTML: every warning is on every page it must be on."""

from __future__ import annotations

import re

import pytest

from conftest import copy_project, run_plainmed
from helpers import article, md_text, visible_text
from plainmed.content import placement


def required_pairs(site_plan):
    for plan in site_plan.pages:
        for warning in plan.warnings:
            yield plan, warning


def test_every_published_medicine_has_a_floor_at_the_top_tier(site_plan):
    """Each medicine's floor is its own content (contract.yml), read here as the build reads it."""
    for content in site_plan.medicines:
        floor = content.contract.floor
        assert any(f.severity == "critical" for f in floor), f"{content.slug}: contract.yml names no critical warning"
        registry = {w.id: w for w in content.warnings}
        for entry in floor:
            warning = registry[entry.warning]
            assert placement.SEVERITY_ORDER.index(warning.severity) <= placement.SEVERITY_ORDER.index(entry.severity)
            wording = f"{warning.title} {warning.patient} {warning.clinician}".lower()
            assert all(word in wording for word in entry.mentions), entry


def test_isotretinoin_floor_keeps_pregnancy_and_mental_health(site_plan):
    """The first medicine's floor as signed off when it moved into content: shrinking it fails here too."""
    content = next(c for c in site_plan.medicines if c.slug == "isotretinoin")
    floor = {f.warning: (f.severity, set(f.mentions)) for f in content.contract.floor}
    assert floor["pregnancy-birth-defects"] == ("critical", {"birth defects", "pregnan"})
    assert floor["mental-health"] == ("critical", {"depress", "suicid"})


def test_policy_puts_top_tier_on_every_patient_page_and_clinician_top(site_plan):
    for plan in site_plan.pages:
        critical = [w.id for w in plan.content.warnings if w.severity == "critical"]
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
    placed = 0
    for content in site_plan.medicines:
        for signed in content.contract.placements:
            for page in signed.pages:
                if page == "handout":
                    continue
                url = site_plan.find(content.slug, page).url
                assert article(site, url).select_one(f'[data-warning="{signed.warning}"]'), f"{url}: {signed.warning}"
                placed += 1
    assert placed >= 7, "isotretinoin's contract signs off at least 7 topic placements"


CONTRACT_BREAKS = {
    "deleted-floor-warning": ("warnings.yml", "  - id: mental-health\n", "  - id: mood-and-mind\n",
                              r"contract.yml:\d+:\d+: floor\[1\]\.warning: warning 'mental-health' is missing"),
    "lowered-severity": ("warnings.yml", None, None,
                         r"warnings.yml:\d+:\d+: warnings\[\d+\]\.severity: 'pregnancy-birth-defects' must be at least "
                         r"critical \(contract.yml:\d+\), but is serious"),
    "dropped-placement": ("warnings.yml", "    pages: [other-medicines]\n", "    pages: []\n",
                          r"warnings.yml:\d+:\d+: warnings\[\d+\]: '[a-z-]+' must be on other-medicines \(signed off"),
}  # fmt: skip


@pytest.mark.parametrize("case", CONTRACT_BREAKS)
def test_breaking_the_contract_stops_the_build(case, tmp_path):
    name, old, new, message = CONTRACT_BREAKS[case]
    project = copy_project(tmp_path)
    path = project / "content/isotretinoin" / name
    text = path.read_text()
    if old is None:  # the first critical warning after its id, lowered
        at = text.index("  - id: pregnancy-birth-defects")
        old, new = "    severity: critical", "    severity: serious"
        text = text[:at] + text[at:].replace(old, new, 1)
    else:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text)
    result = run_plainmed(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(message, result.stdout), result.stdout
