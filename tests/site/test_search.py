"""Search: Material's search box over Pagefind's chunked index. A page's first view loads nothing of search; a
search loads a few small index files, never the whole library; only medicine pages are indexed, without furniture."""

from __future__ import annotations

import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest

from browser_support import serving
from conftest import copy_project, run_build
from plainmed.cache import ContentCache
from plainmed.mkdocs import search

MATERIAL_INDEX = "search/search_index.json"
WORKER = "workers/pagefind-search.js"
MEDICINE_PAGES = {"isotretinoin": 7, "doxycycline": 7}  # the pages Pagefind indexes, by medicine


def _search(browser, served: str, query: str):
    """Open search from the keyboard on a desktop page and type; returns (page, context, requests, first view)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(served + "isotretinoin/side-effects/", wait_until="networkidle")
    first_view = list(requested)
    page.keyboard.press("/")  # Material's keyboard shortcut: search must open without a mouse
    page.keyboard.type(query)
    return page, context, requested, first_view


def test_search_finds_a_warning_and_loads_pagefind_only_when_opened(browser, served: str):
    """Uses the session's shared browser and server (tests/browser_support.py)."""
    page, context, requested, first_view = _search(browser, served, "depression")
    assert not [u for u in first_view if "pagefind/" in u or MATERIAL_INDEX in u], first_view
    assert any(u.endswith(WORKER) for u in first_view), "Material's search worker is ours"

    hit = page.wait_for_selector(".md-search-result__list a[href*='isotretinoin/']", timeout=15_000)
    results = page.inner_text(".md-search-result__list")
    # The mental-health warning is on every patient page: its words come back with Pagefind's highlighting
    assert "depression" in results.lower(), results
    assert page.query_selector(".md-search-result__list mark"), "the words found are highlighted"
    assert re.search(r"/isotretinoin/[a-z-]*/?(#[a-z0-9-]+)?$", hit.get_attribute("href")), hit.get_attribute("href")
    context.close()
    loaded = [u for u in requested if "pagefind/" in u]
    assert any(re.search(r"pagefind/\d\d/pagefind\.js$", u) for u in loaded), loaded
    assert any("/index/" in u for u in loaded) and any("/fragment/" in u for u in loaded), loaded
    assert all(u.startswith(served) for u in requested), [u for u in requested if not u.startswith(served)]


def test_search_result_opens_the_page_it_names(browser, served: str):
    page, context, _, _ = _search(browser, served, "iPLEDGE")
    # A locator, not an element handle: the list is drawn again as results for each typed letter arrive
    link = page.locator(".md-search-result__list a[href*='isotretinoin/']").first
    link.wait_for(timeout=15_000)
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    assert page.url == href and page.url.startswith(served + "isotretinoin/"), (page.url, href)
    assert "ipledge" in page.inner_text("article").lower()
    context.close()


def test_every_medicine_page_is_indexed_without_its_furniture(site: Path, site_plan):
    pages = search.indexed(site)
    medicine_pages = {f"/{plan.url}" for plan in site_plan.pages}
    assert set(pages) == medicine_pages, "home, about, sources, handout and 404 pages are not indexed"
    for url, text in pages.items():
        assert "Sources:" not in text and "Last reviewed" not in text, f"{url}: page furniture was indexed"
    warning = "Isotretinoin can cause severe birth defects"
    patient = [plan for plan in site_plan.pages if plan.audience == "patient"]
    assert all(warning in pages[f"/{plan.url}"] for plan in patient if plan.content.slug == "isotretinoin")


def test_no_page_loads_a_whole_library_index(site: Path):
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'(src|href)="[^"]*(search_index|pagefind)', text), f"{html} links the search index"
        if "md-search__input" in text:
            assert "data-plainmed-lazy-search" in text, f"{html} would start search on page load"
    assert not list((site / "pagefind").glob("pagefind-*ui.*")), "Pagefind's own interfaces are not shipped"
    # Material's own index (its search box fetches it) holds settings only: Pagefind holds the pages
    assert json.loads((site / MATERIAL_INDEX).read_text(encoding="utf-8"))["docs"] == []


def test_pagefind_failing_is_a_clear_error(tmp_path, monkeypatch):
    with pytest.raises(search.SearchError, match="Pagefind failed .*not able to build an index"):
        search.index_site(tmp_path, ContentCache(), expected={"a": 1})  # a folder with no HTML at all
    monkeypatch.setattr("pagefind_bin.get_candidate_paths", lambda: [tmp_path / "no-pagefind"])
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<html><body data-pagefind-body><p>A page</p></body></html>")
    with pytest.raises(search.SearchError, match="Pagefind could not run .*requirements.lock"):
        search.index_site(tmp_path, ContentCache(), expected={"a": 1})  # the binary is missing


def test_a_build_whose_index_fails_stops_with_one_line(tmp_path):
    project = copy_project(tmp_path)
    main = project / "templates" / "theme" / "main.html"
    main.write_text(main.read_text(encoding="utf-8").replace("data-pagefind-body", "data-not-indexed"))
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert "Search index: Pagefind indexed 18 pages, not the 14 medicine pages" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr


def test_a_damaged_kept_index_is_made_again(site: Path, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    cache = ContentCache(folder=tmp_path / "cache")
    assert not search.index_site(copy, cache, expected=MEDICINE_PAGES).reused
    assert search.index_site(copy, cache, expected=MEDICINE_PAGES).reused
    kept = sorted((tmp_path / "cache").glob("search-*.bin"))
    assert len(kept) == 1, "a small library's index is one part"
    outside = io.BytesIO()
    with tarfile.open(fileobj=outside, mode="w") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 4
        tar.addfile(info, io.BytesIO(b"evil"))
    for damaged in (b"not a tar file", outside.getvalue()):
        kept[0].write_bytes(damaged)
        again = search.index_site(copy, cache, expected=MEDICINE_PAGES)
        assert again.made == 1, "a damaged part is not used: Pagefind indexes that part again, and only that"
        assert not (copy / "outside.txt").exists() and len(search.indexed(copy)) == 14


# A library reads as one: each medicine is found by its generic name (or its start), a brand, its class and
# the words of a side effect. Query -> the medicine whose pages the first results must include.
LIBRARY_QUERIES = {
    "doxy": "doxycycline",
    "Vibramycin": "doxycycline",
    "tetracycline": "doxycycline",
    "Accutane": "isotretinoin",
    "Absorica": "isotretinoin",
    "sun": "doxycycline",
    "headache": "isotretinoin",
}


@pytest.mark.parametrize("query", LIBRARY_QUERIES)
def test_search_finds_each_medicine_by_name_brand_class_and_symptom(browser, served: str, query: str):
    page, context, _, _ = _search(browser, served, query)
    slug = LIBRARY_QUERIES[query]
    page.wait_for_selector(f".md-search-result__list a[href*='/{slug}/']", timeout=15_000)
    hrefs = [a.get_attribute("href") for a in page.query_selector_all(".md-search-result__list a")]
    context.close()
    assert any(f"/{slug}/" in h for h in hrefs[:10]), (query, hrefs[:10])


def test_a_library_in_parts_is_searched_as_one_and_an_edit_indexes_only_its_part(browser, site: Path, tmp_path):
    """A large library's index comes in parts (here 4, so one medicine a part): the worker merges them, so each
    medicine is found; the parts other than the first carry no script; an edit makes only its part again."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
    cache = ContentCache(folder=tmp_path / "cache")
    done = search.index_site(copy, cache, expected=MEDICINE_PAGES, parts=4)
    assert (done.parts, done.made) == (2, 2) and done.message().endswith("(2 of its 2 parts indexed)")
    parts = json.loads((copy / "pagefind" / search.PARTS).read_text())
    assert len(parts) == 2 and (copy / "pagefind" / parts[0] / "pagefind.js").is_file()
    assert not list((copy / "pagefind" / parts[1]).glob("*.js")) and not list((copy / "pagefind" / parts[1]).glob("wasm*"))
    with serving(copy) as url:
        for query, slug in (("doxy", "doxycycline"), ("Accutane", "isotretinoin")):
            page, context, requested, _ = _search(browser, url, query)
            page.wait_for_selector(f".md-search-result__list a[href*='/{slug}/']", timeout=15_000)
            context.close()
            chunks = {u.split("/pagefind/")[1].split("/")[0] for u in requested if "/index/" in u}
            assert chunks == {p.strip("/") for p in parts}, f"{query}: chunks from parts {chunks}, not {parts}"
    page = copy / "doxycycline" / "questions" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Print a handout", "Print an edited handout", 1))
    again = search.index_site(copy, cache, expected=MEDICINE_PAGES, parts=4)
    assert (again.parts, again.made) == (2, 1), "only the edited medicine's part is indexed again"
    assert again.message().endswith("(1 of its 2 parts indexed, 1 from the cache)"), again.message()
    assert "Print an edited handout" in search.indexed(copy)["/doxycycline/questions/"]
