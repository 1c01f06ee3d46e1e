"""Honest review status: pages say a clinician checked them only when a signed record matches what they show."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, copy_project, run_build, run_plainmed
from helpers import MED, article, line_of, mutate, pdf_text, soup, visible_text
from plainmed.review.review import long_date

SIGN = ("review", "sign", "isotretinoin", "--by", "Ada Okafor", "--role", "Pharmacist", "--next-due", "2027-06-01")
CHECKED = "Checked by Ada Okafor, pharmacist, on 1 December 2026. Next check due 1 June 2027."
NOT_CHECKED = "This information has not yet been checked by a clinician."
SENTENCE = ("They may crack or peel.", "They may crack, bleed or peel.")  # in side-effects.yml, a self-care sign
PUBLISH = {"PLAINMED_PUBLISH": "1"}


def pages(site: Path, slug: str = "isotretinoin") -> list[str]:
    urls = [f"{slug}/{p}" for p in ("", "how-to-take/", "side-effects/", "pregnancy/", "other-medicines/")]
    return [*urls, f"{slug}/questions/", f"{slug}/clinician/"]


def status_of(site: Path, url: str) -> tuple[str, str]:
    box = article(site, url).select_one("#review-status")
    assert box is not None, f"{url}: no review status"
    return box["data-review"], visible_text(box)


def json_ld(site: Path, url: str) -> dict:
    return json.loads(soup(site / url / "index.html").select_one('script[type="application/ld+json"]').string)


def pdfs(site: Path) -> list[Path]:
    found = sorted((site / "isotretinoin").glob("*.pdf"))
    assert len(found) == 2, found
    return found


def build_ok(project: Path, site: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    result = run_build(project, site, env=env)
    assert result.returncode == 0, result.stderr
    return result


# --- the shipped content: nobody has checked it, and every page says so ---


def test_shipped_content_says_not_yet_checked_everywhere(site, site_plan):
    assert not (Path(__file__).parents[2] / MED / "review.yml").exists(), "a sign-off must come from a real review"
    updated = long_date(max(c.date for c in site_plan.find("isotretinoin", "overview").content.changes))
    for url in pages(site):
        state, text = status_of(site, url)
        assert state == "unreviewed" and NOT_CHECKED in text, (url, text)
        assert "Ask your doctor or pharmacist" in text or url.endswith("clinician/"), (url, text)
        ld = json_ld(site, url)
        assert "lastReviewed" not in ld and "reviewedBy" not in ld, url
        marks = visible_text(article(site, url).select_one(".plainmed-trust"))
        for mark in ("Written by: The plainmed project", "First version: 20 November 2026",
                     f"Last updated: {updated}", "Checked by a clinician: " + NOT_CHECKED,
                     "Report a problem with this page:"):  # fmt: skip
            assert mark in marks, (url, mark, marks)
    handout = visible_text(soup(site / "isotretinoin/handout/index.html").select_one(".plainmed-review-status"))
    assert "Not yet checked by a clinician." in handout
    for pdf in pdfs(site):
        text = pdf_text(pdf)
        assert "Not yet checked by a clinician. Ask your doctor or pharmacist before relying on it." in text, pdf
        assert text.count("Not yet checked by a clinician.") >= 3, f"{pdf.name}: each page's foot says so too"


def test_no_blanket_review_claim_anywhere(site):
    claims = re.compile(r"reviewed by (a |clinicians)|Last reviewed|checked by (pharmacists|clinicians)", re.I)
    for path in site.rglob("*.html"):
        found = claims.search(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(site)}: {found.group(0)!r}"
    for path in ("README.md", "docs/about.md", "docs/index.md", "mkdocs.yml", f"{MED}/changelog.yml"):
        found = claims.search((Path(__file__).parents[2] / path).read_text(encoding="utf-8"))
        assert not found, f"{path}: {found.group(0)!r}"


def test_placeholder_site_url_prints_no_qr_code_and_says_why(build, site):
    assert "no QR code or web address printed" in build.stderr and "placeholder" in build.stderr
    handout = soup(site / "isotretinoin/handout/index.html")
    assert handout.select_one(".handout-qr") is None and handout.select_one(".handout-url") is None
    assert "example.org" not in pdf_text(pdfs(site)[0])


# --- sign, change, publish ---


@pytest.fixture(scope="module")
def signed(tmp_path_factory):
    """A project copy signed off by a (test) reviewer, and its built site."""
    project = copy_project(tmp_path_factory.mktemp("signed"))
    result = run_plainmed(project, *SIGN)
    assert result.returncode == 0, result.stderr
    assert "signed: isotretinoin checked by Ada Okafor, Pharmacist, on 2026-12-01" in result.stdout
    other = run_plainmed(project, *(a.replace("isotretinoin", "doxycycline") for a in SIGN))
    assert other.returncode == 0, other.stderr
    site = project / "site-signed"
    build_ok(project, site)
    return project, site


def test_a_sign_off_shows_on_every_page_the_handout_and_json_ld(signed):
    _, site = signed
    for url in pages(site):
        assert status_of(site, url) == ("reviewed", CHECKED), url
        ld = json_ld(site, url)
        assert ld["lastReviewed"] == FIXED_TODAY and ld["reviewedBy"]["name"] == "Ada Okafor", url
        assert "Checked by a clinician: " + CHECKED in visible_text(article(site, url).select_one(".plainmed-trust"))
    for pdf in pdfs(site):
        text = pdf_text(pdf)
        assert CHECKED in text and "Not yet checked" not in text, pdf


def status(project: Path, today: str = FIXED_TODAY) -> str:
    result = run_plainmed(project, "review", "status", today=today)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_editorial_changes_keep_the_sign_off(signed, tmp_path):
    project = copy_project(tmp_path)
    (project / MED / "review.yml").write_text((signed[0] / MED / "review.yml").read_text())
    assert "isotretinoin: reviewed:" in status(project)
    mutate(project, "side-effects.yml", "side_effects:", "# a comment for editors\nside_effects:")
    mutate(project, "side-effects.yml", "[fda-label, nhs-isotretinoin]", "[nhs-isotretinoin, fda-label]")
    mutate(project, "warnings.yml", "    severity: critical", "    severity:   critical")
    assert "isotretinoin: reviewed:" in status(project)
    mutate(project, "side-effects.yml", *SENTENCE)
    assert "isotretinoin: changed: Changed since it was checked on 1 December 2026." in status(project)


def test_one_changed_sentence_flips_pages_and_pdfs_and_blocks_publishing(signed, tmp_path):
    project = copy_project(tmp_path)
    (project / MED / "review.yml").write_text((signed[0] / MED / "review.yml").read_text())
    mutate(project, "side-effects.yml", *SENTENCE)
    site = tmp_path / "site"
    build_ok(project, site)
    where = "Side effects (You can usually manage these yourself)"
    for url in pages(site):
        state, text = status_of(site, url)
        assert state == "changed", url
        assert "Changed since it was checked on 1 December 2026." in text and where in text, text
    for pdf in pdfs(site):
        assert "Changed since it was checked on 1 December 2026." in pdf_text(pdf), pdf
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text().replace("https://plainmed.example.org/", "https://medicines.nhs-trust.uk/")
    mkdocs.write_text(text.replace("# report_problem:", "report_problem:"))
    result = run_build(project, tmp_path / "published", env=PUBLISH)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "This site cannot be published yet" in result.stderr
    assert f"isotretinoin changed since it was checked on 2026-12-01: {where}" in result.stderr
    assert 'plainmed review sign isotretinoin --by "NAME" --role "ROLE"' in result.stderr
    assert not (tmp_path / "published").exists()


def test_publish_build_refuses_unreviewed_content_and_passes_a_current_sign_off(signed, tmp_path):
    project = copy_project(tmp_path)
    result = run_build(project, tmp_path / "refused", env=PUBLISH)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    for reason in ("isotretinoin has not been checked by a clinician", "plainmed review sign isotretinoin",
                   "report_problem: a published site needs an address", "site_url: 'https://plainmed.example.org/' "
                   "is a placeholder"):  # fmt: skip
        assert reason in result.stderr, reason
    for slug in ("isotretinoin", "doxycycline"):
        (project / f"content/{slug}/review.yml").write_text((signed[0] / f"content/{slug}/review.yml").read_text())
    mkdocs = project / "mkdocs.yml"
    text = mkdocs.read_text().replace("https://plainmed.example.org/", "https://medicines.nhs-trust.uk/")
    mkdocs.write_text(text.replace("# report_problem:", "report_problem:"))
    site = tmp_path / "published"
    build_ok(project, site, env=PUBLISH)
    marks = visible_text(article(site, "isotretinoin/").select_one(".plainmed-trust"))
    assert "Report a problem with this page: corrections@your-site.org" in marks
    handout = soup(site / "isotretinoin/handout/index.html")
    assert "https://medicines.nhs-trust.uk/isotretinoin/" in visible_text(handout.select_one(".handout-url"))
    assert handout.select_one(".handout-qr svg") is not None
    overdue = run_build(project, tmp_path / "late", env={**PUBLISH, "PLAINMED_TODAY": "2027-06-02"})
    assert overdue.returncode != 0 and "the next check was due on 2027-06-01" in overdue.stderr


def test_overdue_check_shows_on_the_pages(signed, tmp_path):
    project = copy_project(tmp_path)
    (project / MED / "review.yml").write_text((signed[0] / MED / "review.yml").read_text())
    assert "The next check was due on 1 June 2027 and has not been done yet." in status(project, today="2027-06-02")


def test_a_lowered_floor_in_the_contract_needs_a_new_sign_off(signed, repo):
    project = repo
    (project / MED / "review.yml").write_text((signed[0] / MED / "review.yml").read_text())
    mutate(project, "contract.yml", "    mentions: [depress, suicid]", "    mentions: [depress]")
    assert "What changed: the list of warnings that must always be shown." in status(project)
    diff = git_diff(project)
    assert "## Isotretinoin: warning contract" in diff and "contract.yml` changed" in diff


def git_diff(project: Path) -> str:
    """`plainmed diff HEAD` in the copy made a git repository at its first state (content as copied)."""
    return run_plainmed(project, "diff", "HEAD").stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    project = copy_project(tmp_path)
    for command in (
        ["init", "-q"],
        ["add", "-A"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"],
    ):
        subprocess.run(["git", "-C", str(project), *command], check=True, capture_output=True)
    return project


def test_diff_prints_exactly_the_changed_sentence(repo):
    assert "No change that a reader would see." in git_diff(repo)
    mutate(repo, "side-effects.yml", *SENTENCE)
    out = git_diff(repo)
    assert "## Isotretinoin: Side effects" in out and "### You can usually manage these yourself" in out
    changed = [line for line in out.splitlines() if line.startswith("- ")]
    assert changed == [f"- Removed: “{SENTENCE[0]}”", f"- Added: “{SENTENCE[1]}”"], out


def test_diff_lists_warning_placements(repo):
    mutate(repo, "warnings.yml", "    pages: [how-to-take]\n", "    pages: [how-to-take, questions]\n")
    out = git_diff(repo)
    assert re.search(r"- Added: warning `[a-z-]+` on Questions", out), out


# --- bad input: a clear path:line error, no traceback, the last good site untouched ---


def test_a_hand_edited_record_is_refused(signed, tmp_path):
    project = copy_project(tmp_path)
    text = (signed[0] / MED / "review.yml").read_text()
    edited = text.replace('date: "2026-12-01"', 'date: "2026-11-30"')
    (project / MED / "review.yml").write_text(edited)
    site = project / "site"
    site.mkdir()
    (site / "keep.html").write_text("last good site")
    result = run_build(project, site)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    line = line_of(edited, "seal:")
    assert re.search(rf"{MED}/review.yml:{line}:1: seal: this record was edited by hand", result.stderr), result.stderr
    assert (site / "keep.html").read_text() == "last good site"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'date: "2026-12-01"',
            'date: "2026-13-01"',
            r"date: Expected a date as YYYY-MM-DD, but received: '2026-13-01'",
        ),
        ('  role: "Pharmacist"\n', "", r"reviewer.role: required field is missing|reviewer\.role: Field required"),
    ],
    ids=["impossible-date", "missing-role"],
)
def test_a_malformed_record_is_a_path_line_error(signed, tmp_path, old, new, message):
    project = copy_project(tmp_path)
    text = (signed[0] / MED / "review.yml").read_text()
    assert old in text
    (project / MED / "review.yml").write_text(text.replace(old, new))
    result = run_plainmed(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"{MED}/review.yml:\d+:\d+: ({message})", result.stdout), result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("review", "sign", "paracetamol", "--by", "A", "--role", "B"),
            "no medicine 'paracetamol' in content/ (known: doxycycline, isotretinoin)",
        ),
        (("review", "sign", "isotretinoin", "--by", "A"), "Missing option '--role'"),
        (
            ("review", "sign", "isotretinoin", "--by", "A", "--role", "B", "--date", "2026-12-02"),
            "2026-12-02 is in the future",
        ),
        (
            ("review", "sign", "isotretinoin", "--by", "A", "--role", "B", "--date", "2026-02-30"),
            "expected a date as YYYY-MM-DD",
        ),
        (
            ("review", "sign", "isotretinoin", "--by", "A", "--role", " "),
            "--role: string should have at least 1 character",
        ),
    ],
    ids=["unknown-medicine", "missing-role", "future-date", "impossible-date", "blank-role"],
)
def test_bad_sign_offs_are_refused_and_write_nothing(tmp_path, args, message):
    project = copy_project(tmp_path)
    result = run_plainmed(project, *args)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr
    assert not (project / MED / "review.yml").exists()


def test_content_that_does_not_build_cannot_be_signed(tmp_path):
    project = copy_project(tmp_path)
    line = mutate(project, "warnings.yml", "    severity: critical", "    sevrity: critical")
    result = run_plainmed(project, *SIGN)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"{MED}/warnings.yml:{line}:\d+: warnings\[\d+\]: unknown key 'sevrity'", result.stderr)
    assert not (project / MED / "review.yml").exists()
