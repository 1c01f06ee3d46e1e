"""Layout in a real browser: a 360 px phone, print, and screenshots a reviewer can look at."""

from __future__ import annotations

from PIL import Image

from browser_support import (
    ARTIFACTS,
    DESKTOP,
    PRINTED_WHOLE,
    SHOWN_ANYWHERE,
    SHOWN_IN_PAGE,
    SIDEWAYS_SCROLLERS,
    SMALL_TEXT,
    UNLABELLED_CELLS,
    site_urls,
)

MIN_TEXT_PX = 16
# Text allowed below 16 px on a phone (key: part of the "where" a failure reports; value: the reason).
# Empty: every visible word is at least 16 px.
SMALL_TEXT_ALLOWED: dict[str, str] = {}
# Site navigation that must not be printed.
NAVIGATION = "nav, .md-header, .md-tabs, .md-sidebar, .md-search, .md-footer__inner, .md-top, .plainmed-counterpart"


def test_phone_layout_has_no_sideways_scrolling_no_small_text_and_labelled_tables(mobile, served, site_plan):
    problems = []
    for url in site_urls(site_plan):
        mobile.goto(served + url)
        problems += [f"/{url}: {box} scrolls sideways at 360 px wide" for box in mobile.evaluate(SIDEWAYS_SCROLLERS)]
        problems += [f"/{url}: table cell shows no column label: {cell}" for cell in mobile.evaluate(UNLABELLED_CELLS)]
        for small in mobile.evaluate(SMALL_TEXT, MIN_TEXT_PX):
            if not any(allowed in small["where"] for allowed in SMALL_TEXT_ALLOWED):
                problems.append(f"/{url}: {small['size']} px text {small['text']!r} in {small['where']!r}")
    assert not problems, "\n".join(problems)


def test_phone_shows_key_facts_and_critical_warnings_without_a_menu(mobile, served, site_plan):
    problems = []
    for plan in (p for p in site_plan.pages if p.audience == "patient"):
        critical = [f"#warning-{w.id}" for w in plan.warnings if w.severity == "critical"]
        assert critical, f"{plan.url}: the placement policy puts critical warnings on every patient page"
        mobile.goto(served + plan.url)
        for selector in critical + (["#key-facts"] if plan.page == "overview" else []):
            box = mobile.locator(selector)
            if box.count() != 1 or not box.evaluate(SHOWN_IN_PAGE):
                problems.append(f"/{plan.url}: {selector} is not shown in the page at 360 px wide")
    assert not problems, "\n".join(problems)


def test_print_shows_warnings_whole_and_hides_navigation(browser, served, site_plan):
    page = browser.new_page(viewport=DESKTOP)
    page.emulate_media(media="print")
    plans = {plan.url: plan for plan in site_plan.pages}
    problems = []
    for url in site_urls(site_plan):
        page.goto(served + url)
        for w in plans[url].warnings if url in plans else ():
            box = page.locator(f"#warning-{w.id}")
            if box.count() != 1 or not box.evaluate(PRINTED_WHOLE):
                problems.append(f"/{url}: warning {w.id} is not printed whole")
        shown = page.locator(NAVIGATION).evaluate_all(SHOWN_ANYWHERE)
        problems += [f"/{url}: navigation printed: {html}" for html in shown]
    page.close()
    assert not problems, "\n".join(problems)


def test_screenshots_for_review(mobile, desktop, served, site_plan):
    """Full-page screenshots of the first medicine's overview and side effects, kept in test-artifacts/."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    slug = site_plan.medicines[0].slug
    for name, page in (("mobile", mobile), ("desktop", desktop)):
        for plan in (site_plan.find(slug, "overview"), site_plan.find(slug, "side-effects")):
            page.goto(served + plan.url)
            path = folder / f"{slug}-{plan.page}-{name}.png"
            page.screenshot(path=path, full_page=True, animations="disabled")
            with Image.open(path) as shot:
                low, high = shot.convert("L").getextrema()
                assert shot.width == page.viewport_size["width"] and shot.height >= page.viewport_size["height"]
                assert high - low > 128, f"{path.name} looks blank"
