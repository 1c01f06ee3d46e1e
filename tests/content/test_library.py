"""A library, not one medicine: a new medicine needs only content, has only the pages it needs, and an
interaction between two medicines is stated by both and links both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project, run_build, run_plainmed
from helpers import article, pdf_text, soup, visible_text

NEW = "folic-acid"
PAGES = "pages: [overview, how-to-take, side-effects, questions]"
TODO = re.compile(r"TODO[^\"\n]*")
SENTENCE = "Ask your pharmacist if you are not sure"


def fill(project: Path) -> Path:
    """`plainmed new`, then every TODO replaced by a plain sentence, fewer pages, and published."""
    result = run_plainmed(project, "new", NEW)
    assert result.returncode == 0, result.stderr
    folder = project / "content" / NEW
    sources = folder / "sources.yml"
    sources.write_text(
        sources.read_text().replace("https://www.nhs.uk/medicines/TODO/", "https://www.nhs.uk/medicines/folic-acid/")
    )
    for path in folder.glob("*.yml"):
        lines = [
            line if line.lstrip().startswith("#") else TODO.sub(SENTENCE, line) for line in path.read_text().split("\n")
        ]
        path.write_text("\n".join(lines))
    medicine = folder / "medicine.yml"
    text = medicine.read_text().replace("status: draft", f"status: published\n{PAGES}")
    medicine.write_text(text)
    sources = folder / "sources.yml"
    sources.write_text(
        sources.read_text().replace("https://www.nhs.uk/medicines/TODO/", "https://www.nhs.uk/medicines/folic-acid/")
    )
    for name in ("pregnancy.yml", "other-medicines.yml"):
        (folder / name).unlink()
    return folder


INTERACTION = """\
  - id: {other}
    medicine: {other}
    level: {level}
    patient: Ask before you take them together.
    clinician: No known interaction; listed to test the library checks.
    action: Ask your pharmacist first.
    sources: [{source}]
"""


def declare(project: Path, slug: str, other: str, level: str = "ask-first") -> Path:
    source = "todo-source" if slug == NEW else "fda-label"
    path = project / "content" / slug / "interactions.yml"
    entry = INTERACTION.format(other=other, level=level, source=source)
    if path.is_file() and f"medicine: {other}\n" not in path.read_text():  # beside the medicine's own ones
        path.write_text(path.read_text() + entry)
    else:
        path.write_text("interactions:\n" + entry)
    return path


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("library"))
    fill(project)
    declare(project, NEW, "isotretinoin")
    declare(project, "isotretinoin", NEW)
    site = project / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


def test_a_third_medicine_from_the_scaffold_builds_with_only_its_pages(library):
    _, site = library
    for page in ("", "how-to-take/", "side-effects/", "questions/", "clinician/", "handout/index.html"):
        assert (site / NEW / page).exists() or (site / NEW / page / "index.html").is_file(), page
    for page in ("pregnancy", "other-medicines"):
        assert not (site / NEW / page).exists(), f"{page}: a page the medicine does not need is not made"
    menu = article(site, f"{NEW}/").select_one("nav.plainmed-menu")
    assert [a.get_text() for a in menu.select("a")] == ["How to take it", "Side effects", "Questions", "For clinicians"]
    assert "pregnancy" not in str(menu)
    home = visible_text(soup(site / "index.html").select_one("article"))
    assert "Folic acid" in home and "Isotretinoin" in home, "the A-Z list covers the library"
    assert (site / NEW / f"{NEW}-handout.pdf").is_file()
    assert "Pregnancy prevention programme" not in pdf_text(site / NEW / f"{NEW}-handout.pdf")
    assert article(site, f"{NEW}/").select_one("#review-status")["data-review"] == "unreviewed"


def test_each_page_names_its_medicine_in_its_first_lines(library):
    _, site = library
    for slug, name in (("isotretinoin", "Isotretinoin"), (NEW, "Folic acid")):
        for path in (site / slug).rglob("index.html"):
            if "handout" in path.parts or "sources" in path.parts:
                continue
            page = soup(path)
            assert name.lower() in page.title.get_text().lower(), f"{path}: the browser title names the medicine"
            head = " ".join(visible_text(page.select_one("article")).split(" ")[:30]).lower()
            assert name.lower() in head, f"{path}: the first lines name the medicine"


def test_an_interaction_links_both_ways_on_pages_and_handouts(library):
    _, site = library
    for slug, other, page in ((NEW, "isotretinoin", ""), ("isotretinoin", NEW, "other-medicines/")):
        for url in (f"{slug}/{page}", f"{slug}/clinician/"):
            box = article(site, url).select_one(f'[data-interaction="{other}"]')
            assert box is not None, f"{url}: no interaction with {other}"
            link = box.select_one("a")
            assert link is not None and (site / url / link["href"]).resolve() == (site / other).resolve(), url
        handout = soup(site / slug / "handout/index.html").select_one(f'li[data-interaction="{other}"]')
        assert handout is not None and "ask your doctor or pharmacist first" in visible_text(handout)
    assert "Folic acid: ask your doctor or pharmacist first" in pdf_text(site / "isotretinoin/isotretinoin-handout.pdf")


def check_fails(project: Path) -> str:
    result = run_plainmed(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stdout + result.stderr
    return result.stdout


def test_a_one_sided_interaction_names_both_files(tmp_path):
    project = copy_project(tmp_path)
    fill(project)
    declare(project, "isotretinoin", NEW)
    out = check_fails(project)
    assert re.search(
        r"content/isotretinoin/interactions.yml:\d+:5: interactions\[1\]\.medicine: "
        r"content/folic-acid/interactions.yml does not state this interaction with isotretinoin",
        out,
    ), out


def test_disagreeing_levels_and_unknown_medicines_are_refused(tmp_path):
    project = copy_project(tmp_path)
    fill(project)
    declare(project, "isotretinoin", NEW, "do-not-take-together")
    declare(project, NEW, "isotretinoin", "ask-first")
    out = check_fails(project)
    assert "level 'do-not-take-together' here, but 'ask-first' in content/folic-acid/interactions.yml:4" in out
    declare(project, NEW, "minocycline")
    assert "'minocycline' is not a medicine in this library (no content/minocycline/)" in check_fails(project)


def test_a_page_the_medicine_lacks_cannot_be_named(tmp_path):
    project = copy_project(tmp_path)
    folder = fill(project)
    warnings = folder / "warnings.yml"
    warnings.write_text(warnings.read_text().replace("    pages: []", "    pages: [pregnancy]", 1))
    out = check_fails(project)
    assert re.search(
        r"content/folic-acid/warnings.yml:\d+:\d+: warnings\[0\]\.pages\[0\]: 'pregnancy' is not a page", out
    )
    (folder / "pregnancy.yml").write_text("title: x\n")
    assert "content/folic-acid/pregnancy.yml:1:1: 'pregnancy' is not in this medicine's pages" in check_fails(project)


def test_shared_words_live_in_one_glossary(library, tmp_path):
    _, site = library
    shared = (Path(__file__).parents[2] / "content" / "glossary.yml").read_text()
    assert "term: tetracyclines" in shared
    page = soup(site / "isotretinoin/other-medicines/index.html")
    assert page.find("abbr", string="tetracyclines"), "a shared word is a tooltip on a medicine's page"
    project = copy_project(tmp_path)
    own = project / "content/isotretinoin/glossary.yml"
    index = own.read_text().count("  - term: ")  # the added term's position in the list
    own.write_text(own.read_text() + "  - term: tetracyclines\n    definition: Antibiotics.\n")
    assert f"terms[{index}].term: 'tetracyclines' is already in content/glossary.yml" in check_fails(project)
