"""Under the pages' Content-Security-Policy, in Chromium: no page reports a violation, and search, tooltips, the
phone menu and the handout links still work. A last test proves the policy is enforced (and that a violation
would be seen), so a silent policy cannot pass the rest."""

from __future__ import annotations

import pytest

from browser_support import MOBILE, site_urls

# Every violation the browser reports, from the page itself: the event fires for blocked scripts, styles,
# images, workers and fetches alike. An init script runs before the page's own, and is not subject to its policy.
RECORD_VIOLATIONS = """
window.pmViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.pmViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def enforcing(browser):
    """A fresh phone-sized context that records CSP violations and console complaints about the policy."""
    context = browser.new_context(viewport=MOBILE)
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.pm_console = []
    page.on("console", lambda m: page.pm_console.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("() => window.pmViolations") + page.pm_console


def test_no_page_reports_a_csp_violation(enforcing, served, site_plan):
    urls = [*site_urls(site_plan), *(f"{plan.content.slug}/handout/" for plan in site_plan.handouts)]
    found = {}
    for url in urls:
        enforcing.goto(served + url, wait_until="networkidle")
        enforcing.mouse.wheel(0, 100_000)
        policy = enforcing.get_attribute("meta[http-equiv=Content-Security-Policy]", "content")
        assert policy and "'unsafe-inline'" not in policy and "plainmed-" not in policy, (url, policy)
        if "/handout/" not in url:  # Material's inline script and its bundle ran: the page is scripted
            assert enforcing.evaluate("() => typeof __md_scope === 'object'"), f"{url}: Material's inline script"
            assert enforcing.evaluate("() => !document.documentElement.classList.contains('no-js')"), url
        if violations(enforcing):
            found[url] = violations(enforcing)
        enforcing.pm_console.clear()
    assert not found, found


def test_search_works_under_the_policy(enforcing, served):
    enforcing.set_viewport_size({"width": 1280, "height": 800})
    enforcing.goto(served + "isotretinoin/side-effects/", wait_until="networkidle")
    enforcing.keyboard.press("/")
    enforcing.keyboard.type("depression")
    enforcing.wait_for_selector(".md-search-result__list a[href*='isotretinoin/']")
    assert "depression" in enforcing.inner_text(".md-search-result__list").lower()
    assert not violations(enforcing)


def test_tooltips_work_under_the_policy(enforcing, served):
    enforcing.set_viewport_size({"width": 1280, "height": 800})
    enforcing.goto(served + "isotretinoin/", wait_until="networkidle")
    term = enforcing.locator("article abbr[title]").first
    definition = term.get_attribute("title")
    term.hover()
    tooltip = enforcing.wait_for_selector(".md-tooltip2--active, .md-tooltip--active", state="visible")
    assert tooltip.inner_text().strip() == definition.strip()
    assert not violations(enforcing)


def test_phone_menu_and_handout_links_work_under_the_policy(enforcing, served, site):
    enforcing.goto(served + "isotretinoin/side-effects/", wait_until="networkidle")
    enforcing.click("label.md-header__button[for=__drawer]")
    enforcing.wait_for_selector(".md-sidebar--primary a[href='../../about/']", state="visible")
    assert enforcing.is_checked("#__drawer")
    enforcing.goto(served + "isotretinoin/side-effects/", wait_until="networkidle")
    enforcing.click("article .plainmed-handout-link a >> nth=0")
    enforcing.wait_for_url("**/isotretinoin/handout/")
    pdfs = enforcing.locator(".handout-actions a[href$='.pdf']")
    assert pdfs.count() == 2
    for i in range(pdfs.count()):
        response = enforcing.request.get(served + "isotretinoin/handout/" + pdfs.nth(i).get_attribute("href"))
        assert response.ok and response.body().startswith(b"%PDF"), pdfs.nth(i).get_attribute("href")
    assert not violations(enforcing)


def test_the_policy_blocks_a_script_the_theme_did_not_ship(enforcing, served):
    enforcing.goto(served + "isotretinoin/", wait_until="networkidle")
    ran = enforcing.evaluate("""() => {
      const s = document.createElement("script");
      s.textContent = "window.pmInjected = true";
      document.head.append(s);
      return window.pmInjected === true;
    }""")
    assert not ran, "an inline script the page did not ship ran: the policy is not enforced"
    assert any("script-src" in v for v in violations(enforcing)), violations(enforcing)
