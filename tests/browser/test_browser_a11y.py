"""Accessibility in a real browser: axe-core on every page, the skip link, and Tab reaching every control."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from browser_support import FOCUSABLE, MARK_FOCUSABLE, one_of_each_kind, site_urls, tab_through

AXE_RULES = [  # WCAG 2.2 AA and axe best practices
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
]
BLOCKING = ("serious", "critical")


def axe_problems(page, label: str) -> list[str]:
    options = {"runOnly": {"type": "tag", "values": AXE_RULES}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    return [
        f"{label}: {v['id']} ({v['impact']}) {v['help']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


def test_axe_finds_no_serious_violations(mobile, desktop, served, site_plan):
    """Every page on a phone (most readers), and each kind of page on a desktop: the width changes the layout
    the templates decide, not the content's markup, which the phone pass reads whole."""
    problems = []
    passes = ((mobile, "mobile", site_urls(site_plan)), (desktop, "desktop", one_of_each_kind(site_plan)))
    for page, name, urls in passes:
        for url in urls:
            page.goto(served + url)
            problems += axe_problems(page, f"{name} /{url}")
    mobile.goto(served + site_plan.pages[0].url)
    mobile.click("label.md-header__button[for=__drawer]")  # the navigation drawer is what phones use to move around
    mobile.wait_for_selector(".md-sidebar--primary .md-nav__link", state="visible")
    problems += axe_problems(mobile, "mobile, drawer open")
    assert not problems, "\n".join(problems)


def test_skip_link_moves_focus_past_the_header(desktop, served, site_plan):
    problems = []
    # Material renders a skip link only for pages with a table of contents; the 404 page has none.
    for url in [u for u in site_urls(site_plan) if u != "404.html"]:
        desktop.goto(served + url)
        desktop.keyboard.press("Tab")
        skip = desktop.evaluate("() => document.activeElement.matches('a.md-skip') && document.activeElement.hash")
        if not skip:
            problems.append(f"/{url}: the first Tab stop is not the skip link")
            continue
        desktop.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'", timeout=2000)
        desktop.keyboard.press("Enter")
        desktop.keyboard.press("Tab")
        landed = desktop.evaluate("() => [location.hash, !!document.activeElement.closest('article')]")
        if landed != [skip, True]:
            problems.append(f"/{url}: after the skip link, hash and focus are {landed}, expected {skip} in the article")
    assert not problems, "\n".join(problems)


def test_tab_reaches_every_interactive_element(mobile, desktop, served, site_plan):
    problems = []
    for page, name in ((mobile, "mobile"), (desktop, "desktop")):
        for url in one_of_each_kind(site_plan):
            page.goto(served + url)
            targets = page.evaluate(MARK_FOCUSABLE, FOCUSABLE)
            problems += [f"{name} /{url}: Tab never reaches {t}" for t in tab_through(page, targets)]
            problems += [f"{name} /{url}: Tab focuses a hidden element {t}" for t in page.evaluate("window.pmHidden")]
    assert not problems, "\n".join(problems)


def test_phone_menu_and_search_open_from_the_keyboard(mobile, served):
    """Material's header buttons are labels; plainmed.js makes them buttons that Tab reaches and Enter works."""
    for control, toggle, inside in (
        ("label[for=__drawer]", "#__drawer", ".md-sidebar--primary a[href='../about/']"),
        ("label[for=__search]", "#__search", "input.md-search__input"),
    ):
        mobile.goto(served + "isotretinoin/")
        button = mobile.locator(f"label.md-header__button{control[5:]}")
        assert button.get_attribute("role") == "button" and button.get_attribute("aria-label")
        for _ in range(15):  # the skip link, the logo, then the header buttons
            mobile.keyboard.press("Tab")
            if mobile.evaluate(f"document.activeElement.matches('label{control[5:]}')"):
                break
        else:
            raise AssertionError(f"Tab never reaches the {control} button")
        mobile.keyboard.press("Enter")
        assert mobile.locator(toggle).is_checked(), f"Enter on {control} did not open it"
        if control.endswith("__drawer"):
            mobile.keyboard.press(" ")
            assert not mobile.locator(toggle).is_checked(), "Space on the menu button did not close it"
            mobile.keyboard.press(" ")
            assert mobile.locator(toggle).is_checked(), "Space on the menu button did not open it"
        mobile.wait_for_timeout(300)  # the drawer slides in
        assert mobile.locator(inside).first.is_visible(), f"{inside} is not shown once {control} is open"
