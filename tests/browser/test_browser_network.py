"""What a reader's browser downloads: nothing from anywhere but our own server, and little of it."""

from __future__ import annotations

import json
import re

import pytest

from browser_support import ARTIFACTS, DESKTOP, first_views, site_urls
from helpers import soup

# "100 KB gzip" per patient page, in SI kilobytes: everything a first visit with an empty cache downloads.
BUDGET_GZIP = 100_000
# Markup that makes the browser fetch something (or resolve a host) without the reader asking for it.
FETCHING = {
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
ABSOLUTE = re.compile(r"^(https?:)?//", re.I)
CSS_FETCH = re.compile(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)|@import[^;]*//[^;]*", re.I)
# <link> relations that name another address without fetching it (the canonical URL is the public site).
NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "prev", "next"}


@pytest.fixture(scope="session")
def first_visits(browser, served, site_plan):
    return first_views(browser, served, site_urls(site_plan))


def test_no_page_requests_anything_from_another_host(first_visits, browser, served):
    views = {f"/{url}": view for url, view in first_visits.items()}
    views["/ (typing a search)"] = first_views(browser, served, [""], DESKTOP, then=_search_for("pregnancy"))[""]
    leaks = [f"{page}: {request[:100]}" for page, view in views.items() for request in view.outside]
    assert not leaks, "requests that would leave 127.0.0.1 (blocked in the test):\n" + "\n".join(leaks)


def _search_for(words: str):
    def type_query(page):
        page.click("input.md-search__input")
        page.keyboard.type(words)
        page.wait_for_selector(".md-search-result__item")

    return type_query


def test_built_html_and_css_reference_no_other_host(site):
    """The static twin of the browser check: also catches preconnect and dns-prefetch hints, which leak a visit
    without ever showing up as a request."""
    found = []
    for page in site.rglob("*.html"):
        for tag, attr in FETCHING.items():
            found += [
                f"{page.relative_to(site)}: <{tag} {attr}={el[attr]}>"
                for el in soup(page).find_all(tag, attrs={attr: ABSOLUTE})
                if not NOT_FETCHED.intersection(el.get("rel", []))
            ]
    for sheet in site.rglob("*.css"):
        found += [f"{sheet.relative_to(site)}: {m}" for m in CSS_FETCH.findall(sheet.read_text(encoding="utf-8"))]
    assert not found, "\n".join(found)


def test_patient_pages_fit_the_weight_budget(first_visits, site_plan):
    patient = [plan.url for plan in site_plan.pages if plan.audience == "patient"]
    report = {
        url: {"raw": first_visits[url].raw, "gzip": first_visits[url].gzip, "resources": first_visits[url].resources}
        for url in patient
    }
    _write_weight_report(report)
    over = {url: f"{w['gzip']:,} bytes gzip" for url, w in report.items() if w["gzip"] > BUDGET_GZIP}
    assert not over, f"over the {BUDGET_GZIP:,}-byte gzip budget: {over} (details in test-artifacts/page-weight.md)"


def _write_weight_report(report: dict) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-weight.json").write_text(json.dumps({"budget_gzip": BUDGET_GZIP, "pages": report}, indent=2))
    lines = [
        "# Page weight: first visit, empty cache",
        "",
        f"Budget: {BUDGET_GZIP:,} bytes gzip per patient page.",
        "",
        "| page | raw bytes | gzip bytes |",
        "|---|---:|---:|",
    ]
    lines += [f"| /{url} | {w['raw']:,} | {w['gzip']:,} |" for url, w in report.items()]
    first_url, first = next(iter(report.items()))
    lines += ["", f"## What /{first_url} downloads", "", "| resource | raw bytes | gzip bytes |", "|---|---:|---:|"]
    lines += [f"| {res} | {raw:,} | {packed:,} |" for res, raw, packed in first["resources"]]
    (ARTIFACTS / "page-weight.md").write_text("\n".join(lines) + "\n")
