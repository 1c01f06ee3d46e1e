"""A patient in a hurry, on a 360x640 phone: help is in the first screen, and the side effects most urgent first."""

from __future__ import annotations

import pytest

from browser_support import MOBILE, SHOWN_IN_PAGE
from conftest import copy_project, run_build
from helpers import article, mutate
from plainmed.content.regions import REGIONS
from plainmed.render.render import URGENCY_ORDER

FIRST_SCREEN = {"width": 360, "height": 640}
HELP_LINK = 'article a[href="#get-help-now"]'
# Where a box sits in the window right now, in CSS px.
BOX = "(el) => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; }"


@pytest.fixture
def phone(mobile):
    """The session's phone page, cut to a 640 px high screen for one test."""
    mobile.set_viewport_size(FIRST_SCREEN)
    yield mobile
    mobile.set_viewport_size(MOBILE)


def patient_pages(site_plan):
    return [plan for plan in site_plan.pages if plan.audience == "patient"]


def expected_numbers(plan) -> tuple[list[str], list[str]]:
    """The numbers the page's help block must show, and those it must not (crisis lines on a page without a
    warning marked `crisis_lines: true`)."""
    emergency = [r.emergency for r in REGIONS.values()]
    crisis = [r.crisis_number for r in REGIONS.values() if r.crisis_number]
    if any(w.crisis_lines for w in plan.warnings):
        return emergency + crisis, []
    return emergency, crisis


def test_help_link_is_in_the_first_screen_of_every_patient_page(phone, served, site_plan):
    problems, positions = [], {}
    for plan in patient_pages(site_plan):
        phone.goto(served + plan.url)
        link = phone.locator(HELP_LINK)
        if link.count() != 1 or not link.evaluate(SHOWN_IN_PAGE):
            problems.append(f"/{plan.url}: no one visible 'Get help now' link in the page")
            continue
        box = link.evaluate(BOX)
        positions[plan.url] = round(box["bottom"])
        if box["bottom"] > FIRST_SCREEN["height"]:
            problems.append(f"/{plan.url}: the 'Get help now' link ends {box['bottom']:.0f} px down (screen: 640 px)")
    assert not problems, "\n".join(problems)
    assert positions  # every medicine has patient pages


def test_help_link_scrolls_to_the_numbers(phone, served, site_plan):
    problems = []
    for plan in patient_pages(site_plan):
        phone.goto(served + plan.url)
        phone.locator(HELP_LINK).click()
        block = phone.locator("#get-help-now")
        phone.wait_for_function("() => location.hash === '#get-help-now'")
        box = block.evaluate(BOX)
        # Its top clear of the sticky header (56 px) and inside the screen, so the first numbers show.
        if not 40 <= box["top"] < FIRST_SCREEN["height"] / 2:
            problems.append(f"/{plan.url}: after the jump the help block starts {box['top']:.0f} px down")
        text = block.inner_text()
        shown, hidden = expected_numbers(plan)
        problems += [f"/{plan.url}: the help block does not show {n}" for n in shown if n not in text]
        problems += [f"/{plan.url}: the help block shows {n}, but no warning asks for it" for n in hidden if n in text]
        links = block.locator("a[href^='tel:']").evaluate_all("(links) => links.map((a) => a.textContent)")
        problems += [f"/{plan.url}: {n} cannot be dialled from the page" for n in shown if n not in links]
    assert not problems, "\n".join(problems)


def test_side_effects_come_most_urgent_first_and_warnings_never_fold(phone, served, site_plan):
    problems = []
    for plan in (p for p in site_plan.pages if p.page == "side-effects"):
        phone.goto(served + plan.url)
        ids = phone.locator("article h2[id]").evaluate_all("(hs) => hs.map((h) => h.id)")
        groups = [i for i in ids if i in URGENCY_ORDER]
        effects = plan.content.topics["side-effects"].side_effects
        urgencies = [u for u in URGENCY_ORDER if any(e.urgency == u for e in effects)]
        if groups != [u for u in URGENCY_ORDER if u in groups] or not set(urgencies) <= set(groups):
            problems.append(f"/{plan.url}: side-effect groups are {groups}, expected {urgencies} in that order")
        if ids[: len(groups)] != groups:
            problems.append(f"/{plan.url}: other sections come before the side effects: {ids}")
        for w in plan.warnings:  # a warning is read as it is, never behind a click
            box = phone.locator(f"#warning-{w.id}")
            if box.count() != 1 or not box.evaluate(SHOWN_IN_PAGE):
                problems.append(f"/{plan.url}: warning {w.id} is not shown open in the page")
    assert not problems, "\n".join(problems)


def test_a_medicine_without_a_crisis_warning_shows_the_emergency_numbers_only(tmp_path):
    project = copy_project(tmp_path)
    mutate(project, "warnings.yml", "    crisis_lines: true", "    crisis_lines: false")
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    block = article(project / "site", "isotretinoin/side-effects/").select_one("#get-help-now").get_text(" ")
    assert all(r.emergency in block for r in REGIONS.values())
    assert not [r.crisis_number for r in REGIONS.values() if r.crisis_number and r.crisis_number in block]


def test_a_symptom_is_found_from_the_first_screen_by_part_of_the_body(phone, served, site_plan):
    """'Find your symptom' in the first screen, then the list by part of the body, then the symptom itself."""
    problems = []
    for plan in (p for p in site_plan.pages if p.page == "side-effects"):
        phone.goto(served + plan.url)
        link = phone.locator('article a[href="#find-your-symptom"]')
        if link.count() != 1 or link.evaluate(BOX)["bottom"] > FIRST_SCREEN["height"]:
            problems.append(f"/{plan.url}: no 'Find your symptom' link in the first screen")
            continue
        link.click()
        phone.wait_for_function("() => location.hash === '#find-your-symptom'")
        # Both ways in show after the jump: the list by what to do, clear of the header, and the folded list.
        first = phone.locator(".plainmed-urgency-menu a").first.evaluate(BOX)
        summary = phone.locator("#by-body-part > summary")
        box = summary.evaluate(BOX)
        if not (48 <= first["top"] and box["bottom"] <= FIRST_SCREEN["height"]):
            problems.append(
                f"/{plan.url}: after the jump the lists show from {first['top']:.0f} to {box['bottom']:.0f} px"
            )
        summary.click()
        # One side effect of each urgency, reached from its part of the body: it lands clear of the header, in view.
        effects = plan.content.topics["side-effects"].side_effects
        for effect in {e.urgency: e for e in reversed(effects)}.values():
            phone.locator("#by-body-part").evaluate("(d) => d.scrollIntoView()")
            phone.locator(f'#by-body-part a[href="#side-effect-{effect.id}"]').first.click()
            target = phone.locator(f"#side-effect-{effect.id}")
            box = target.evaluate(BOX)
            if not 48 <= box["top"] < FIRST_SCREEN["height"] / 2:
                problems.append(f"/{plan.url}: the link to {effect.id} leaves it at {box['top']:.0f} px")
    assert not problems, "\n".join(problems)
