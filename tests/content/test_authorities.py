"""The authority message matrix (authorities.yml): every message is placed, left out with a reason, or open;
every placement names an item that exists, and a placed item is on the built page or handout PDF it names."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, copy_project
from helpers import article, md_text, mutate, norm, visible_text
from plainmed.content.catalog import load_catalog
from plainmed.content.load import ContentError

MED = "content/isotretinoin"


@cache
def medicines() -> dict:
    return {c.slug: c for c in load_catalog(ROOT / "content", ROOT).medicines if c.authorities is not None}


def content(slug: str = "isotretinoin"):
    return medicines()[slug]


def matrix(slug: str = "isotretinoin"):
    return content(slug).authorities.messages


WITH_MATRIX = ["isotretinoin", "doxycycline"]  # every published medicine keeps one (a test below checks)


def item_of(place: str, slug: str = "isotretinoin"):
    """The content item a placement names."""
    kind, _, ref = place.partition(":")
    med = content(slug)
    if kind == "warning":
        return next(w for w in med.warnings if w.id == ref)
    if kind == "interaction":
        return next(i for i in med.interactions if i.id == ref)
    if kind == "section":
        page, _, section = ref.partition("/")
        return next(s for s in med.topics[page].sections if s.id == section)
    items = [i for t in med.topics.values() for i in (*t.side_effects, *t.questions)]
    return next(i for i in items if i.id == ref)


def anchor(place: str) -> str:
    kind, _, ref = place.partition(":")
    prefixes = {"warning": "warning-", "side-effect": "side-effect-", "interaction": "interaction-"}
    return prefixes[kind] + ref if kind in prefixes else ref.rpartition("/")[2]


def pages_for(place: str, site_plan, slug: str = "isotretinoin") -> list:
    """The built pages a placed item must be on: its page, or, for a warning, every page planned to show it."""
    kind, _, ref = place.partition(":")
    plans = site_plan.for_medicine(slug)
    if kind == "warning":
        return [p for p in plans if any(w.id == ref for w in p.warnings)]
    if kind == "interaction":
        return [p for p in plans if p.page in ("clinician", site_plan.interaction_page(slug))]
    if kind == "section":
        audience = item_of(place, slug).audience  # clinician sections of any file are gathered on the clinician page
        shown = {"patient": {ref.partition("/")[0]}, "clinician": {"clinician"}}.get(audience)
        return [p for p in plans if p.page in (shown or {ref.partition("/")[0], "clinician"})]
    if kind == "side-effect":
        return [p for p in plans if p.page == "side-effects"]
    audience = item_of(place, slug).audience
    return [p for p in plans if p.page == ("clinician" if audience == "clinician" else "questions")]


def words_of(item) -> str:
    """The text of an item that a reader must find: its title, heading or name."""
    if hasattr(item, "medicine") and hasattr(item, "level"):  # an interaction: its box names the other medicine
        return md_text(item.action)
    return md_text(
        getattr(item, "title", None) or getattr(item, "heading", None) or getattr(item, "name", None) or item.question
    )


@cache
def handout_text(path: Path) -> str:
    """The PDF's words, whitespace-normalised; a line broken after a hyphen is joined again."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return norm(re.sub(r"(?<=\w-)\n(?=\w)", "", text))


def test_the_matrix_covers_every_authority_and_says_something_of_each():
    named = {entry.authority for entry in matrix()}
    assert len(matrix()) >= 30
    assert {"fda-medication-guide", "nhs-isotretinoin", "mhra-isotretinoin", "ipledge"} <= named
    assert named <= {s.id for s in content().sources}, "every matrix authority is a source"


def test_every_published_medicine_keeps_a_matrix(site_plan):
    assert sorted(c.slug for c in site_plan.medicines) == sorted(WITH_MATRIX)


@pytest.mark.parametrize("slug", WITH_MATRIX)
def test_every_placed_item_is_on_the_built_pages_it_names(site, site_plan, slug):
    checked = 0
    for entry in matrix(slug):
        for place in entry.placed:
            if place == "handout":
                continue
            pages = pages_for(place, site_plan, slug)
            assert pages, f"{slug}: {entry.id}: '{place}' is not on any built page"
            for plan in pages:
                node = article(site, plan.url)
                assert node.find(id=anchor(place)) is not None, f"{entry.id}: '{place}' missing on {plan.url}"
                assert words_of(item_of(place, slug)) in visible_text(node), (
                    f"{entry.id}: '{place}' text missing on {plan.url}"
                )
                checked += 1
    assert checked >= 40


@pytest.mark.parametrize("slug", WITH_MATRIX)
def test_every_handout_placement_is_in_the_handout_pdfs(site, site_plan, slug):
    pdfs = [site / uri for uri in site_plan.find(slug, "handout").pdfs.values()]
    assert len(pdfs) == 2
    for entry in (e for e in matrix(slug) if "handout" in e.placed):
        others = [p for p in entry.placed if p != "handout"]
        assert others, f"{entry.id}: 'handout' needs the item it prints named beside it"
        for pdf in pdfs:
            text = handout_text(pdf)
            assert any(words_of(item_of(p, slug)) in text for p in others), f"{slug}: {entry.id}: not in {pdf.name}"


def plain(text: str) -> str:
    """Text as a phrase is looked for in it: whitespace collapsed, lower case, typographic quotes made plain."""
    return (
        norm(text).lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    )


def places_of(entry, site, site_plan, slug: str):
    """(where, text) of every built page and handout PDF an entry's placements name."""
    for place in entry.placed:
        if place == "handout":
            for uri in site_plan.find(slug, "handout").pdfs.values():
                yield f"{uri} (handout)", handout_text(site / uri)
        else:
            for plan in pages_for(place, site_plan, slug):
                yield f"{plan.url} ({place})", visible_text(article(site, plan.url))


@pytest.mark.parametrize("slug", WITH_MATRIX)
def test_every_placed_message_shows_its_words_on_every_page_and_handout_it_names(site, site_plan, slug):
    checked, missing = 0, []
    for entry in (e for e in matrix(slug) if e.placed):
        for where, text in places_of(entry, site, site_plan, slug):
            for phrase in entry.shows:
                checked += 1
                if plain(phrase) not in plain(text):
                    missing.append(f"{slug}: {entry.id}: {phrase!r} is not on {where}")
    assert not missing, "\n".join(missing)
    assert checked >= 60


MATRIX_MISTAKES = {
    "placed-without-its-words": (
        "    shows: [Roaccutane, Rizuderm]\n",
        "a placed message needs 'shows': words of it that the pages it names must carry",
    ),
    "no-placement-and-no-reason": (
        "    placed: [section:pregnancy/men]\n    shows: [sperm]\n",
        "give exactly one of 'placed', 'left_out' or 'open', but received: none",
    ),
}


@pytest.mark.parametrize("case", MATRIX_MISTAKES, ids=list(MATRIX_MISTAKES))
def test_a_matrix_entry_missing_what_it_needs_stops_the_check(tmp_path, case):
    removed, message = MATRIX_MISTAKES[case]
    project = copy_project(tmp_path)
    mutate(project, "authorities.yml", removed, "")
    with pytest.raises(ContentError) as caught:
        load_catalog(project / "content", project)
    assert "authorities.yml" in str(caught.value)
    assert message in str(caught.value)


def test_a_placement_that_points_nowhere_is_a_path_line_error(tmp_path):
    project = copy_project(tmp_path)
    mutate(project, "authorities.yml", "[section:pregnancy/men]", "[section:pregnancy/mens]")
    with pytest.raises(ContentError) as caught:
        load_catalog(project / "content", project)
    text = (project / MED / "authorities.yml").read_text().splitlines()
    line = next(i for i, row in enumerate(text, 1) if "pregnancy/mens" in row)
    assert f"{MED}/authorities.yml:{line}:" in str(caught.value)
    assert "no such item: 'section:pregnancy/mens'" in str(caught.value)


def test_a_medicine_without_a_matrix_still_loads(tmp_path):
    project = copy_project(tmp_path)
    (project / MED / "authorities.yml").unlink()
    loaded = next(c for c in load_catalog(project / "content", project).medicines if c.slug == "isotretinoin")
    assert loaded.authorities is None


@pytest.mark.parametrize("slug", WITH_MATRIX)
def test_the_about_page_counts_each_matrix_as_it_is(site, slug):
    """The about page's line for a medicine is counted from its matrix: it cannot claim more than the file holds."""
    from plainmed.review.review import long_date

    about = visible_text(article(site, "about/"))
    med, entries = content(slug), matrix(slug)
    counts = [sum(1 for e in entries if getattr(e, kind)) for kind in ("placed", "left_out", "open")]
    line = f"{med.medicine.name}, as of {long_date(med.authorities.as_of)}: {len(entries)} messages from "
    assert line in about, about
    said = (
        f"On the pages or the handout: {counts[0]}; left out with a reason: {counts[1]}; "
        f"still open (not settled, or not yet on the patient pages): {counts[2]}."
    )
    assert said in about
