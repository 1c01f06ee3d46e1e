"""Real-browser checks: the built site served on 127.0.0.1, one Debian Chromium per session, page probes in JS.

conftest.py imports the fixtures below, so every browser test shares one server and one browser.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start; this machine refuses those connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
MOBILE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def site_urls(site_plan) -> list[str]:
    """Every page a reader can land on: the generated pages, the hand-written ones and the 404 page."""
    return ["", "about/", *(plan.url for plan in site_plan.pages), "404.html"]


def one_of_each_kind(site_plan) -> list[str]:
    """Each kind of page once: every page of one medicine (each of its templates), and the hand-written pages.
    For checks the templates decide (keyboard paths, axe at desktop width); axe reads every page on a phone."""
    first = site_plan.medicines[0].slug
    return ["", "about/", *(plan.url for plan in site_plan.pages if plan.content.slug == first), "404.html"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


@contextlib.contextmanager
def serving(folder: Path):
    """A folder on 127.0.0.1 at a port the OS chooses (other engineers run tests at the same time)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(site):
    """The built site, served."""
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session. A missing browser fails loudly, never skips."""
    if not CHROMIUM.is_file():
        where = "CI" if os.environ.get("CI") else "this machine"
        pytest.fail(f"Chromium not found at {CHROMIUM} on {where}: scripts/test installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _page(browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


@pytest.fixture(scope="session")
def mobile(browser):
    context, page = _page(browser, MOBILE)
    yield page
    context.close()


@pytest.fixture(scope="session")
def desktop(browser):
    context, page = _page(browser, DESKTOP)
    yield page
    context.close()


@dataclass
class FirstView:
    """What one page downloads on a first visit with an empty cache."""

    url: str
    resources: list[tuple[str, int, int]] = field(default_factory=list)  # (url, raw bytes, gzip bytes)
    outside: list[str] = field(default_factory=list)  # requests aimed anywhere but our server (blocked)

    @property
    def raw(self) -> int:
        return sum(raw for _, raw, _ in self.resources)

    @property
    def gzip(self) -> int:
        return sum(packed for _, _, packed in self.resources)


def gzip_size(body: bytes) -> int:
    """Bytes on the wire if served compressed: zlib's default level 6, as most servers use; a server
    sends already-compressed files (PNG, WOFF2) as they are, so never count more than the raw size."""
    return min(len(body), len(gzip.compress(body, compresslevel=6)))


def first_views(browser, base: str, urls: list[str], viewport=MOBILE, then=None) -> dict[str, FirstView]:
    """Load pages as a first visit: each in a fresh context (empty cache), recording every request and blocking
    any that leaves our server. All pages load at once, so their waits for the network to settle overlap.
    `then(page)` may act on each loaded page (search, say); what that downloads counts too."""
    loads = [_FirstLoad(browser, base, url, viewport) for url in urls]
    return {load.view.url: load.finish(then) for load in loads}


class _FirstLoad:
    def __init__(self, browser, base: str, url: str, viewport):
        self.base, self.view, self.responses = base, FirstView(url), []
        self.context = browser.new_context(viewport=viewport, service_workers="block")
        self.context.route("**/*", self._route)
        self.context.on("websocket", lambda ws: self.view.outside.append(ws.url))
        self.context.on("response", lambda response: self.responses.append(response))
        self.page = self.context.new_page()
        self.page.goto(base + url, wait_until="commit")

    def _route(self, route):
        if urlsplit(route.request.url).netloc == urlsplit(self.base).netloc:
            return route.continue_()
        self.view.outside.append(route.request.url)
        return route.abort()

    def finish(self, then) -> FirstView:
        self.page.wait_for_load_state("load")
        self.page.mouse.wheel(0, 100_000)  # anything loaded lazily further down the page counts too
        if then:
            then(self.page)
        self.page.wait_for_load_state("networkidle")
        for response in self.responses:
            body = response.body() if response.status < 300 else b""
            self.view.resources.append((response.url.removeprefix(self.base), len(body), gzip_size(body)))
        self.context.close()
        return self.view


# --- probes run inside the page -------------------------------------------------------------------

# A node counts as visible when it is rendered, not transparent, and on the screen horizontally (Material's
# closed drawer sits off-canvas to the left); visually-hidden text (1x1 px clip) does not count.
_VISIBLE = """
const isShown = (el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
const onScreen = (rect) => rect.width > 1 && rect.height > 1 && rect.right > 0 && rect.left < innerWidth;
"""

SMALL_TEXT = (
    "(minPx) => {"
    + _VISIBLE
    + """
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || ["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE"].includes(el.tagName) || !isShown(el)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some(onScreen)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const where = `${el.tagName.toLowerCase()} in .${el.closest("[class]")?.classList[0]}`;
    if (size < minPx) small.push({text: text.slice(0, 60), size, where});
  }
  return small;
}"""
)

# The page, or any box in it (a table's scroll wrapper, say), that scrolls sideways.
SIDEWAYS_SCROLLERS = """() => {
  const root = document.documentElement;
  const boxes = [...document.querySelectorAll("article *")].filter((el) =>
    el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(getComputedStyle(el).overflowX));
  const names = boxes.map((el) => el.className || el.tagName);
  return root.scrollWidth > root.clientWidth ? ["the page", ...names] : names;
}"""

# On a phone every cell but a row's first shows its column header (plainmed.render.tables + plainmed.css).
UNLABELLED_CELLS = """() => [...document.querySelectorAll("article table")].flatMap((table) => {
  const headers = [...table.querySelectorAll("th")].map((th) => JSON.stringify(th.textContent.trim()));
  const cells = [...table.querySelectorAll("tbody tr")].flatMap((row) => [...row.children].map((cell, i) => [cell, i]));
  return cells.filter(([cell, i]) => i > 0 && !getComputedStyle(cell, "::before").content.startsWith(headers[i]))
    .map(([cell, i]) => `${headers[i]}: ${cell.textContent.trim().slice(0, 40)}`);
})"""

# The box is in the page itself: rendered, inside the screen's width, not in a closed <details>,
# not inside the header, a navigation drawer or a sidebar that a reader would have to open.
SHOWN_IN_PAGE = (
    "(el) => {"
    + _VISIBLE
    + """
  const rect = el.getBoundingClientRect();
  return isShown(el) && onScreen(rect) && rect.left >= 0 && rect.right <= innerWidth
    && !el.closest("details:not([open]), .md-header, .md-sidebar, .md-nav, nav");
}"""
)

# In print: every part of the warning is laid out (nothing collapsed or clipped).
PRINTED_WHOLE = (
    "(el) => {"
    + _VISIBLE
    + """
  const parts = [el, ...el.querySelectorAll("*")];
  return !el.closest("details:not([open])") && parts.every((part) => isShown(part) || part.closest("svg"))
    && el.scrollHeight <= el.clientHeight + 1;
}"""
)

# Of the given elements, those a reader would see.
SHOWN_ANYWHERE = (
    "(els) => els.filter((el) => el.checkVisibility({opacityProperty: true, visibilityProperty: true}))"
    ".map((el) => el.outerHTML.slice(0, 80))"
)

# Controls left out of the Tab order on purpose, each with the reason. Keep this list short.
NOT_TABBABLE = {
    # Material's search "share" link and "clear" button carry tabindex="-1" by design: they act on a typed query,
    # which a keyboard user edits in the search box itself (reachable); arrow keys move through the results.
    ".md-search__options > *",
}
# Every element a keyboard user must be able to reach with Tab.
FOCUSABLE = (
    ":is(a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex])"
    f":not([hidden], [hidden] *, [inert] *, {', '.join(NOT_TABBABLE)})"
)

# Number every element a keyboard user should reach (rendered and on screen), and log focus as Tab moves.
MARK_FOCUSABLE = (
    "(selector) => {"
    + _VISIBLE
    + """
  const shown = (el) => !el.disabled && el.checkVisibility({visibilityProperty: true})
    && onScreen(el.getBoundingClientRect());
  const targets = [...document.querySelectorAll(selector)].filter(shown);
  targets.forEach((el, i) => { el.dataset.pmTab = i; });
  const reached = new Set();
  // So a control that slides in on focus is judged where it ends. A constructed sheet, not a <style> element:
  // the pages' Content-Security-Policy blocks inline styles, and these tests run under it.
  const still = new CSSStyleSheet();
  still.replaceSync("*, *::before, *::after { transition: none !important; animation: none !important; }");
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, still];
  document.addEventListener("focusin", (e) => reached.add(e.target.dataset.pmTab));
  window.pmHidden = [];  // focus that lands on something the reader cannot see (WCAG 2.4.7)
  window.pmCheckFocus = () => {
    const el = document.activeElement;
    if (el && el !== document.body && !(isShown(el) && onScreen(el.getBoundingClientRect())))
      window.pmHidden.push(el.outerHTML.slice(0, 100));
  };
  window.pmMissing = () => targets.map((_, i) => i).filter((i) => !reached.has(String(i)));
  return targets.map((el) => el.outerHTML.slice(0, 100));
}"""
)


def tab_through(page, targets: list[str]) -> list[str]:
    """Press Tab until every target has had focus (or long past the end of the page); return those never reached."""
    missing, presses = list(range(len(targets))), 0
    while missing and presses < 3 * len(targets) + 40:
        for _ in range(10):
            page.keyboard.press("Tab")
            page.evaluate("window.pmCheckFocus()")  # after the page's own focus handlers have run
        presses += 10
        missing = page.evaluate("() => window.pmMissing()")
    return [targets[i] for i in missing]
