"""Search works from the built site, yet a page's first view does not download the whole-library index."""

from __future__ import annotations

import re
from pathlib import Path

INDEX = "search/search_index.json"
REAL_WORKER = "workers/search."


def test_search_finds_isotretinoin_and_loads_the_index_only_when_opened(browser, served: str):
    """Uses the session's shared browser and server (tests/browser_support.py)."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served + "isotretinoin/side-effects/", wait_until="networkidle")
    first_view = list(requested)
    assert not [u for u in first_view if INDEX in u or REAL_WORKER in u], first_view

    page.keyboard.press("/")  # Material's keyboard shortcut: search must open without a mouse
    page.keyboard.type("isotretinoin")
    hit = page.wait_for_selector(".md-search-result__list a[href*='isotretinoin/']", timeout=15_000)
    assert "isotretinoin" in hit.inner_text().lower()
    context.close()
    assert any(u.endswith(INDEX) for u in requested), "the index is loaded once search opens"
    assert all(u.startswith(served) for u in requested), [u for u in requested if not u.startswith(served)]


def test_no_page_references_the_index_and_the_index_holds_the_medicine(site: Path):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="[^"]*search_index', text), f"{html} links the whole-library index"
        if "md-search__input" in text:
            assert "data-plainmed-lazy-search" in text, f"{html} would start search on page load"
    assert '"location":"isotretinoin/side-effects/"' in (site / INDEX).read_text(encoding="utf-8").replace(" ", "")
