"""What editors see on the built site: an edit link to each page's YAML file, and a "What changed" list."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_build
from helpers import article, md_text, page_file, soup, visible_text
from plainmed.pipeline import generate

REPO = "https://github.com/example-clinic/medicine-pages"  # a project that names its repository in mkdocs.yml
EDIT_BASE = REPO + "/edit/main/"


@pytest.fixture(scope="module")
def edit_site(tmp_path_factory) -> Path:
    """The site built by a project whose mkdocs.yml names its repository (the shipped one names none)."""
    project = copy_project(tmp_path_factory.mktemp("with-repo"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + f"repo_url: {REPO}\nedit_uri: edit/main/docs/\n")
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    return project / "site"


def test_every_generated_page_links_to_the_yaml_file_it_came_from(edit_site, site_plan):
    for plan in site_plan.pages:
        link = soup(page_file(edit_site, plan.url)).select_one("a[rel=edit]")
        assert link is not None, f"{plan.url}: no edit link"
        assert link["href"] == EDIT_BASE + plan.edit_path, f"{plan.url}: edit link {link['href']}"
        assert plan.edit_path.endswith(".yml") and (ROOT / plan.edit_path).is_file()


def test_hand_written_pages_link_to_their_markdown(edit_site):
    for url, path in [("", "docs/index.md"), ("about/", "docs/about.md")]:
        assert soup(page_file(edit_site, url)).select_one("a[rel=edit]")["href"] == EDIT_BASE + path
        assert (ROOT / path).is_file()


def test_no_edit_link_to_a_repository_the_project_has_not_named(site):
    """The shipped mkdocs.yml names no repository: no page links to a made-up address."""
    for html in site.rglob("*.html"):
        assert soup(html).select_one("a[rel=edit]") is None, html


def test_no_repository_widget_that_would_call_github(site):
    """repo_url exists only for edit links: Material's repo widget would fetch star counts from GitHub."""
    for html in site.rglob("*.html"):
        assert soup(html).select_one('[data-md-component="source"]') is None, html


def test_what_changed_on_overview_and_clinician_pages(site, site_plan):
    for content in site_plan.medicines:
        assert content.changes, f"{content.slug}: changelog.yml has no entries"
        expected = [f"{c.date}: {md_text(c.summary)}" for c in content.changes]
        assert [c.date for c in content.changes] == sorted((c.date for c in content.changes), reverse=True)
        for page in ("overview", "clinician"):
            main = article(site, site_plan.find(content.slug, page).url)
            heading = main.find(id="what-changed")
            assert heading is not None and visible_text(heading) == "What changed", page
            items = [visible_text(li) for li in heading.find_next("div", class_="plainmed-changes").find_all("li")]
            assert items == expected, page
        other = article(site, site_plan.find(content.slug, "side-effects").url)
        assert other.find(id="what-changed") is None


def test_isotretinoin_history_is_recorded_truthfully(site_plan):
    content = next(c for c in site_plan.medicines if c.slug == "isotretinoin")
    assert content.changes[-1].date == "2026-11-20"
    assert content.changes[-1].summary.startswith("First version")
    assert "Not yet checked by a clinician" in content.changes[-1].summary
    assert any("No clinician has checked them yet" in change.summary for change in content.changes)


def test_published_pages_carry_no_draft_banner(site, site_plan):
    for plan in site_plan.pages:
        assert article(site, plan.url).select_one("#draft-banner") is None, plan.url


def test_what_changed_lists_newest_first_whatever_the_file_order(tmp_path):
    project = copy_project(tmp_path)
    path = project / "content" / "isotretinoin" / "changelog.yml"
    path.write_text(path.read_text() + '  - date: "2027-01-15"\n    summary: Added a newer change.\n')
    generated = generate(project / "content", project / "templates", project)
    overview = generated.pages["isotretinoin/index.md"]
    newer, older = overview.index("**2027-01-15:** Added a newer change."), overview.index("**2026-11-20:** First")
    assert newer < older
