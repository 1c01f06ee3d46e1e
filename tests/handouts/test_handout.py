"""Printable handouts: the built site's handout page and PDFs, and the PDFs a clinic makes with `plainmed handout`.

Each PDF is made once per session (by the site build, or by one clinic run) and read back with pypdf.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import ROOT, copy_project
from helpers import md_text, norm, page_file, pdf_text, soup, visible_text
from plainmed.cli.main import main
from plainmed.content.catalog import load_catalog
from plainmed.handouts.handout import HandoutError, HandoutMaker, fetcher
from plainmed.plan.pages import SITE_PAPER, Variant, plan_site
from plainmed.render.render import MarkdownSettings, Renderer

PAPER_POINTS = {"A4": (595.28, 841.89), "Letter": (612.0, 792.0), "Any": (595.28, 790.87)}  # Any: 210 x 279 mm
UK_CLINIC = (ROOT / "examples" / "clinic.yml").read_text()
US_CLINIC = """\
name: Lakeside Dermatology & Skin Care
phone: (555) 010-4477
address: 400 Lake Road, Springfield, IL 62701
region: US
paper: Letter
large_print: false
site_url: https://derm.lakeside-clinic.org/medicines/
"""


@cache
def run_clinic(config: Path, out: Path):
    return CliRunner().invoke(main, ["handout", "--clinic", str(config), "--out", str(out), "--project", str(ROOT)])


@pytest.fixture(scope="session")
def site_pdfs(site, site_plan) -> dict[tuple[str, Variant], Path]:
    return {(plan.content.slug, v): site / uri for plan in site_plan.handouts for v, uri in plan.pdfs.items()}


@pytest.fixture(scope="session")
def clinic_pdfs(tmp_path_factory) -> dict[str, Path]:
    """The example UK clinic (A4, logo, large print) and a US clinic (Letter), each run once."""
    made = {}
    for region, text in (("UK", UK_CLINIC), ("US", US_CLINIC)):
        folder = tmp_path_factory.mktemp(f"clinic-{region}")
        shutil.copy(ROOT / "examples" / "clinic-logo.svg", folder)
        (folder / "clinic.yml").write_text(text)
        result = run_clinic(folder / "clinic.yml", folder / "out")
        assert result.exit_code == 0, result.output
        for pdf in (folder / "out").glob("*.pdf"):
            made[f"{region}/{pdf.name}"] = pdf
    return made


def planned_pairs(site_plan):
    for plan in site_plan.handouts:
        for warning in plan.warnings:
            yield plan, warning


def assert_warnings_in_full(site_plan, text: str, where: str) -> None:
    """Every warning planned for the handout of the medicine this PDF is of (its file name says which)."""
    slug = Path(where).name.split("-handout")[0]
    pairs = [pair for pair in planned_pairs(site_plan) if pair[0].content.slug == slug]
    assert len(pairs) >= 5, f"the plan should put at least 5 warnings on the {slug} handout"
    for _, warning in pairs:
        for part in (warning.title, warning.patient, warning.action):
            assert md_text(part) in text, f"{where}: warning '{warning.id}' is incomplete: {md_text(part)[:60]}..."


def test_site_pdfs_carry_every_planned_warning_in_full(site_pdfs, site_plan):
    assert len(site_pdfs) == 2 * len(site_plan.handouts), "one for A4 and Letter alike, and large print"
    for path in site_pdfs.values():
        assert_warnings_in_full(site_plan, pdf_text(path), path.name)


def test_clinic_pdfs_carry_every_planned_warning_in_full(clinic_pdfs, site_plan):
    assert sorted(clinic_pdfs) == [
        f"{region}/{slug}-handout{end}.pdf"
        for region, ends in (("UK", ("-large-print", "")), ("US", ("",)))
        for slug in ("doxycycline", "isotretinoin")
        for end in ends
    ]
    for name, path in clinic_pdfs.items():
        assert_warnings_in_full(site_plan, pdf_text(path), name)


def test_top_tier_warnings_come_first(site_pdfs, site_plan):
    for plan in site_plan.handouts:
        text = pdf_text(site_pdfs[(plan.content.slug, Variant(SITE_PAPER))])
        critical = [w for w in plan.warnings if w.severity == "critical"]
        first_other = min(text.index(md_text(w.patient)) for w in plan.warnings if w.severity != "critical")
        assert critical and all(text.index(md_text(w.patient)) < first_other for w in critical)
        assert all(text.index(md_text(w.patient)) < text.index("Key facts") for w in critical)


def test_normal_print_fits_two_sides_of_paper_at_a4_and_letter(site_pdfs, clinic_pdfs):
    normal = {p.name: p for key, p in site_pdfs.items() if not key[1].large}
    normal |= {name: p for name, p in clinic_pdfs.items() if "large-print" not in name}
    papers = {paper(p) for p in normal.values()}
    assert papers == {"Any", "A4", "Letter"}, "normal print must be checked at every paper size"
    for name, path in normal.items():
        pages = len(PdfReader(path).pages)
        assert pages <= 2, f"{name}: {pages} pages; the handout must fit two sides of paper"


def paper(path: Path) -> str:
    sizes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(path).pages}
    assert len(sizes) == 1, f"{path.name}: pages of different sizes {sizes}"
    width, height = sizes.pop()
    return next(name for name, (w, h) in PAPER_POINTS.items() if (round(w), round(h)) == (width, height))


def test_page_size_is_the_one_asked_for(site_pdfs, clinic_pdfs):
    for (_, variant), path in site_pdfs.items():
        assert paper(path) == variant.paper, path.name
    assert paper(clinic_pdfs["UK/isotretinoin-handout.pdf"]) == "A4"
    assert paper(clinic_pdfs["US/isotretinoin-handout.pdf"]) == "Letter"


def body_font_size(path: Path) -> float:
    """The median rendered size (pt) of the text on the PDF's pages, weighted by characters."""
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        scale = abs(tm[3] * cm[3]) or 1
        sizes.extend([round(size * scale, 1)] * len(text.strip()))

    for page in PdfReader(path).pages:
        page.extract_text(visitor_text=visit)
    return statistics.median(sizes)


def test_large_print_body_is_at_least_16_pt(site_pdfs, clinic_pdfs):
    large = [p for key, p in site_pdfs.items() if key[1].large]
    large.append(clinic_pdfs["UK/isotretinoin-handout-large-print.pdf"])
    for path in large:
        assert body_font_size(path) >= 16, f"{path.name}: body text {body_font_size(path)} pt"
    normal = site_pdfs[("isotretinoin", Variant(SITE_PAPER))]
    assert body_font_size(normal) < 16, "the normal handout should be compact, not large print"


def test_fonts_are_embedded(site_pdfs, clinic_pdfs):
    for path in [*site_pdfs.values(), *clinic_pdfs.values()]:
        fonts = {}
        for page in PdfReader(path).pages:
            for name, ref in page["/Resources"]["/Font"].items():
                fonts[name] = ref.get_object()
        assert fonts, f"{path.name}: no fonts"
        for name, font in fonts.items():
            descriptor = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{path.name}: {name} not embedded"
            assert "DejaVu" in str(descriptor["/FontName"]), f"{path.name}: unexpected font {descriptor['/FontName']}"


def test_clinic_name_phone_emergency_number_and_programme(clinic_pdfs):
    for name in ("UK/isotretinoin-handout.pdf", "UK/isotretinoin-handout-large-print.pdf"):
        text = pdf_text(clinic_pdfs[name])
        assert "Riverside Skin Clinic" in text and "020 7946 0321" in text and "12 Mill Lane" in text
        assert "Call 999 (emergency services)" in text
        assert "in the UK, the Pregnancy Prevention Programme" in text
    text = pdf_text(clinic_pdfs["US/isotretinoin-handout.pdf"])
    assert "Lakeside Dermatology & Skin Care" in text and "(555) 010-4477" in text
    assert "Call 911 (emergency services)" in text
    assert "in the US, iPLEDGE" in text
    assert "Your clinic:" not in text


def test_site_handout_has_blank_clinic_lines_and_every_region(site_pdfs):
    for (slug, _), path in site_pdfs.items():
        text = pdf_text(path)
        assert "Your clinic:" in text and "Phone:" in text, path.name
        assert "911 in the US, 999 in the UK or 112 in the EU" in text, path.name
        programme = "US: iPLEDGE; UK: the Pregnancy Prevention Programme; EU:" in text
        assert programme == (slug == "isotretinoin"), f"{path.name}: only a medicine with a programme names one"


def test_review_status_and_page_numbers_on_every_page(site_pdfs, site_plan):
    for plan in site_plan.handouts:
        path = site_pdfs[(plan.content.slug, Variant(SITE_PAPER))]
        pages = len(PdfReader(path).pages)
        for number in range(1, pages + 1):
            text = norm(PdfReader(path).pages[number - 1].extract_text())
            assert f"Page {number} of {pages}" in text
            assert "Not yet checked by a clinician." in text, f"{path.name}: page {number} has no review status"
        assert "example.org" not in pdf_text(path), "a placeholder address leads nowhere: none is printed"


def test_a_clinic_site_url_gives_the_printed_address_and_qr_code(clinic_pdfs):
    us = pdf_text(clinic_pdfs["US/isotretinoin-handout.pdf"]).replace("https:// ", "https://")
    assert "scan the code" in us and "https://derm.lakeside-clinic.org/medicines/isotretinoin/" in us
    uk = pdf_text(clinic_pdfs["UK/isotretinoin-handout.pdf"])
    assert "scan the code" not in uk and "example.org" not in uk, "mkdocs.yml's placeholder address is not printed"


def test_html_handout_page_shows_exactly_the_planned_warnings(site, site_plan):
    for plan in site_plan.handouts:
        page = soup(page_file(site, plan.url))
        shown = [box["data-warning"] for box in page.select("[data-warning]")]
        assert shown == [w.id for w in plan.warnings], f"{plan.url}: {shown}"
        for warning in plan.warnings:
            box = page.select_one(f'[data-warning="{warning.id}"]')
            assert md_text(warning.patient) in visible_text(box) and md_text(warning.action) in visible_text(box)
        assert page.select_one(".md-header, .md-nav") is None, "the handout has no site chrome"
        assert page.select_one(".handout-qr") is None, "no QR code for a placeholder site_url (see test_review.py)"


def test_every_patient_page_links_to_the_handout_and_its_pdfs(site, site_plan):
    for plan in site_plan.pages:
        links = soup(page_file(site, plan.url)).select(".plainmed-handout-link a")
        if plan.audience != "patient":
            assert not links, f"{plan.url}: handout links belong on patient pages"
            continue
        assert links and links[0].text == "Print a handout", plan.url
        targets = [(page_file(site, plan.url).parent / a["href"]).resolve() for a in links]
        handout = site_plan.find(plan.content.slug, "handout")
        assert targets[0] == page_file(site, handout.url).parent.resolve()
        assert sorted(t.name for t in targets[1:]) == sorted(Path(uri).name for uri in handout.pdfs.values())
        assert all(t.exists() for t in targets), plan.url


def test_build_reports_pdf_time_per_handout(build, site_plan):
    for plan in site_plan.handouts:
        for uri in plan.pdfs.values():
            assert re.search(rf"plainmed: handout {re.escape(uri)}: PDF made in \d+\.\d\d s", build.stderr), uri


BAD_CONFIGS = {
    "missing-phone": (
        "phone: 020 7946 0321\n",
        "",
        r"{path}:1:1: phone: required field is missing \(add a line 'phone: \.\.\.'\)",
    ),
    "unknown-region": (
        "region: UK ",
        "region: FR ",
        r"{path}:{line}:1: region: Expected one of 'US', 'UK' or 'EU', but received: 'FR'",
    ),
    "unknown-paper": (
        "paper: A4 ",
        "paper: A5 ",
        r"{path}:{line}:1: paper: Expected one of 'Letter' or 'A4', but received: 'A5'",
    ),
    "logo-missing": (
        "logo: clinic-logo.svg",
        "logo: logos/ours.png",
        r"{path}:{line}:1: logo: file not found: logos/ours.png \(looked for .*/logos/ours.png; "
        r"the path is relative to this file\)",
    ),
}


@pytest.mark.parametrize("case", BAD_CONFIGS, ids=list(BAD_CONFIGS))
def test_bad_clinic_config_gives_one_clear_error(case, tmp_path):
    old, new, pattern = BAD_CONFIGS[case]
    assert old in UK_CLINIC
    config = tmp_path / "clinic.yml"
    config.write_text(UK_CLINIC.replace(old, new))
    line = UK_CLINIC[: UK_CLINIC.index(old)].count("\n") + 1
    result = run_clinic(config, tmp_path / "out")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    lines = result.output.strip().splitlines()
    assert re.fullmatch(pattern.format(path=re.escape(config.as_posix()), line=line), lines[0]), result.output
    assert lines[1:] == ["1 problem in 1 file"]
    assert not (tmp_path / "out").exists()


def test_bad_config_from_the_shell_exits_non_zero_without_traceback(tmp_path):
    config = tmp_path / "clinic.yml"
    config.write_text(UK_CLINIC.replace("region: UK ", "region: FR "))
    cli = Path(sys.executable).parent / "plainmed"
    result = subprocess.run(
        [cli, "handout", "--clinic", config, "--out", tmp_path / "out", "--project", ROOT],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "region: Expected one of" in result.stderr


def test_rendering_refuses_the_network(tmp_path, site_plan):
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher().fetch("https://plainmed.example.org/logo.png")
    (tmp_path / "handout").mkdir()
    (tmp_path / "handout" / "page.html.j2").write_text('<p>Hi</p><img src="http://127.0.0.1:9/logo.png">')
    (tmp_path / "handout" / "pdf.css").write_text("")
    with pytest.raises(HandoutError, match="127.0.0.1"):
        HandoutMaker(Renderer(tmp_path), "").timed_pdf(site_plan.handouts[0], Variant("A4"), "x.pdf")


def test_a_draft_handout_says_it_is_a_draft(tmp_path):
    project = copy_project(tmp_path)
    medicine = project / "content" / "isotretinoin" / "medicine.yml"
    medicine.write_text(medicine.read_text().replace("status: published", "status: draft"))
    plan = plan_site(load_catalog(project / "content", project), include_drafts=True).find("isotretinoin", "handout")
    html = HandoutMaker(Renderer(project / "templates", markdown=MarkdownSettings.of_project(project)), "").html(
        plan, Variant("A4")
    )
    assert 'id="draft-banner"' in html and "Draft — not reviewed, not for patients" in html


def test_handouts_are_made_again_only_when_their_content_changes(tmp_path):
    """With the build cache on (as in mkdocs.yml), an unchanged medicine's PDFs come from .cache/, byte for byte."""
    from conftest import run_build

    project = copy_project(tmp_path)
    keep = {"PLAINMED_NO_CACHE": "0"}
    pdf = "isotretinoin/isotretinoin-handout.pdf"

    first = run_build(project, tmp_path / "one", env=keep)
    assert first.returncode == 0, first.stderr
    assert f"handout {pdf}: PDF made in" in first.stderr
    assert list((project / ".cache" / "plainmed").glob("pdf-*.bin")), "the cache folder holds the handouts"

    second = run_build(project, tmp_path / "two", env=keep)
    assert second.returncode == 0, second.stderr
    assert "PDF made in" not in second.stderr, "an unchanged handout must not be rendered again"
    assert (tmp_path / "two" / pdf).read_bytes() == (tmp_path / "one" / pdf).read_bytes()

    key_facts = project / "content" / "isotretinoin" / "medicine.yml"
    key_facts.write_text(key_facts.read_text().replace("label: Mood", "label: Mood changes"))
    third = run_build(project, tmp_path / "three", env=keep)
    assert third.returncode == 0, third.stderr
    assert f"handout {pdf}: PDF made in" in third.stderr, "a content change must make the handout again"
    kept = sorted((project / ".cache" / "plainmed").glob("pdf-*.bin"))
    assert len(kept) == 4, "the cache keeps the PDFs of the last build only, not one set for every edit"
    assert len(list((project / ".cache" / "plainmed").glob("page-*.bin"))) == 2, "a handout page a medicine"
    assert re.search(r"build cache: \d+ files no longer used were removed", third.stderr)
    assert "Mood changes" in norm(" ".join(p.extract_text() for p in PdfReader(tmp_path / "three" / pdf).pages))


def test_a_change_that_leaves_the_handouts_as_they_were_reprints_no_pdf(tmp_path):
    """Any template or code change misses the quick lookup; a PDF printed from the same HTML is used again."""
    from conftest import run_build

    project = copy_project(tmp_path)
    keep = {"PLAINMED_NO_CACHE": "0"}
    pdfs = [f"isotretinoin/isotretinoin-handout{end}.pdf" for end in ("", "-large-print")]
    first = run_build(project, tmp_path / "one", env=keep)
    assert first.returncode == 0, first.stderr

    # A patient page's template: every key with the templates in it misses, the handout's HTML is the same.
    overview = project / "templates" / "patient" / "overview.md.j2"
    overview.write_text("{# a comment #}\n" + overview.read_text())
    second = run_build(project, tmp_path / "two", env=keep)
    assert second.returncode == 0, second.stderr
    assert "PDF made in" not in second.stderr, "a handout whose HTML did not change must not be printed again"
    assert "handouts: 4 PDFs printed before from the same HTML were used again" in second.stderr
    for pdf in pdfs:
        assert (tmp_path / "two" / pdf).read_bytes() == (tmp_path / "one" / pdf).read_bytes(), pdf
    third = run_build(project, tmp_path / "three", env=keep)
    assert third.returncode == 0, third.stderr
    assert "PDF made in" not in third.stderr and "used again" not in third.stderr, "found by the note, no HTML made"

    # The handout's own print style: its PDFs are printed again.
    css = project / "templates" / "handout" / "pdf.css"
    css.write_text("/* changed */\n" + css.read_text())
    fourth = run_build(project, tmp_path / "four", env=keep)
    assert fourth.returncode == 0, fourth.stderr
    assert all(f"handout {pdf}: PDF made in" in fourth.stderr for pdf in pdfs), fourth.stderr
    assert len(list((project / ".cache" / "plainmed").glob("pdf-*.bin"))) == 4, "only the last build's PDFs stay"


def test_under_serve_a_pdf_printed_from_the_same_html_is_written_at_once(tmp_path):
    """`mkdocs serve` after a template change: no background print when the PDF's HTML is unchanged."""
    import logging

    from plainmed import pipeline
    from plainmed.cache import ContentCache
    from plainmed.handouts import site_handouts

    cache = ContentCache(folder=tmp_path / "cache")
    generated = pipeline.generate(ROOT / "content", ROOT / "templates", ROOT, cache=cache, defer_pdfs=True)
    handouts = generated.handouts
    printed = {o.uri: o for o in handouts.start().finish()}
    missing = handouts.missing[0]
    site_handouts.print_later(missing, handouts, tmp_path / "site", logging.getLogger("test"))
    written = tmp_path / "site" / missing.uri
    assert written.is_file(), "the kept PDF must be written before print_later returns, not printed again"
    assert written.read_bytes() == printed[missing.uri].path.read_bytes()


def test_a_handout_that_cannot_be_printed_stops_scripts_build_and_keeps_the_last_site(tmp_path):
    """PDFs print while MkDocs renders the pages; one that fails still fails the build, before site/ is replaced."""
    import os

    from conftest import FIXED_TODAY

    project = copy_project(tmp_path)
    shutil.copytree(ROOT / "scripts", project / "scripts")
    for name in ("requirements.lock", "pyproject.toml"):  # the same files: _env.sh finds the venv up to date
        shutil.copy(ROOT / name, project / name)
    (project / ".venv").symlink_to(ROOT / ".venv")
    (project / "site").mkdir()
    (project / "site" / "keep.html").write_text("last good site")
    # In the print CSS: the check of the handout's HTML (html_guard.py) would stop an <img> from elsewhere first
    css = project / "templates" / "handout" / "pdf.css"
    css.write_text(css.read_text() + '\nbody { background: url("http://127.0.0.1:9/logo.png"); }\n')

    env = {**os.environ, "PLAINMED_NO_CACHE": "1", "PLAINMED_TODAY": FIXED_TODAY}
    result = subprocess.run(["bash", "scripts/build"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert re.search(r"Handout error: [a-z]+ handout: .*127\.0\.0\.1.*handouts load only local files", result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert "the last good site in site/ is untouched" in result.stderr
    assert (project / "site" / "keep.html").read_text() == "last good site"
    assert not (project / ".site-new").exists()


def test_an_interaction_line_says_what_to_do_once(site):
    """"Doxycycline: do not take together. Do not take them together." once said the same thing twice."""
    for slug, other in (("isotretinoin", "doxycycline"), ("doxycycline", "isotretinoin")):
        line = visible_text(soup(site / slug / "handout/index.html").select_one(f'li[data-interaction="{other}"]'))
        assert line.lower().count("do not take") == 1, line
        assert line.startswith(f"{other.capitalize()}: do not take together. If you are offered one"), line
