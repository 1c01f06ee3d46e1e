"""`plainmed new`: a new medicine is a valid draft at once, built only on request, clearly marked as a draft."""

from __future__ import annotations

import subprocess

import pytest

from conftest import ROOT, copy_project, run_build, run_plainmed
from helpers import article, page_file, soup, visible_text
from plainmed.content.model import FILE_MODELS
from plainmed.plan.pages import PAGE_LAYOUT

BANNER = "Draft — not reviewed, not for patients"


def plainmed_new(project, *args: str) -> subprocess.CompletedProcess:
    return run_plainmed(project, "new", *args)


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("scaffolded"))
    result = plainmed_new(project, "folic-acid")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("created content/folic-acid/ with 14 files, status: draft\n")
    return project


@pytest.fixture(scope="module")
def draft_site(scaffolded):
    site = scaffolded / "site-drafts"
    result = run_build(scaffolded, site, env={"PLAINMED_DRAFTS": "1"})
    assert result.returncode == 0, result.stderr
    return site


def test_scaffold_has_a_template_for_every_required_file():
    assert sorted(p.name for p in (ROOT / "templates" / "scaffold").iterdir()) == sorted(FILE_MODELS)


def test_scaffold_writes_every_required_file_as_a_draft(scaffolded):
    folder = scaffolded / "content" / "folic-acid"
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILE_MODELS)
    medicine = (folder / "medicine.yml").read_text()
    assert "\nid: folic-acid\n" in medicine and '\nname: "Folic acid"\n' in medicine
    assert "\nstatus: draft\n" in medicine


def test_scaffold_passes_the_check(scaffolded):
    result = run_plainmed(scaffolded, "check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "content OK: 3 medicines checked, no problems\n"


def test_publishing_the_scaffold_unchanged_is_refused(scaffolded, tmp_path):
    project = copy_project(tmp_path)
    (project / "content" / "folic-acid").mkdir()
    for file in FILE_MODELS:
        text = (scaffolded / "content" / "folic-acid" / file).read_text()
        (project / "content" / "folic-acid" / file).write_text(text.replace("status: draft", "status: published"))
    result = run_plainmed(project, "check")
    assert result.returncode == 1
    problems = result.stdout.splitlines()[:-1]
    assert len(problems) > 30 and all("placeholder text 'TODO' in a published medicine" in p for p in problems)
    assert "content/folic-acid/warnings.yml:" in result.stdout


def test_drafts_build_on_request_with_a_banner_on_every_page(draft_site):
    for path, _, _ in PAGE_LAYOUT.values():
        main = article(draft_site, f"folic-acid/{path}")
        banner = main.select_one("#draft-banner")
        assert banner is not None, f"folic-acid/{path}: no draft banner"
        assert visible_text(banner.select_one(".admonition-title")) == BANNER
        assert banner in main.find("h1").find_all_next("div")[:3], "the banner must be at the top of the page"
    assert article(draft_site, "").find("a", href="folic-acid/") is not None, "drafts are listed when asked for"
    assert article(draft_site, "isotretinoin/").select_one("#draft-banner") is None


def test_drafts_are_left_out_of_the_published_build(scaffolded):
    site = scaffolded / "site-published"
    result = run_build(scaffolded, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "folic-acid").exists()
    assert page_file(site, "isotretinoin/").is_file()
    assert "Folic acid" not in visible_text(soup(page_file(site, "")))


@pytest.mark.parametrize(
    "args, message",
    [
        (["isotretinoin"], "Error: content/isotretinoin already exists: pick another name, or edit that folder"),
        (["Folic Acid"], "Error: 'Folic Acid' is not a folder name: use lower-case words joined by hyphens"),
        (["folic-acid", "--name", "<b>Folic</b>"], "Error: '<b>Folic</b>' is not a medicine name"),
    ],
)
def test_new_refuses_bad_names_clearly(args, message, tmp_path):
    project = copy_project(tmp_path)
    result = plainmed_new(project, *args)
    assert result.returncode == 1
    assert result.stderr.startswith(message) and "Traceback" not in result.stderr
    assert sorted(p.name for p in (project / "content").iterdir() if p.is_dir()) == ["doxycycline", "isotretinoin"]


def test_an_old_draft_does_not_block_the_published_site(scaffolded):
    """A draft full of TODOs, years later, is no problem for the check: it is not on the published site."""
    result = run_plainmed(scaffolded, "check", today="2031-01-01")
    assert result.returncode == 0, result.stdout
