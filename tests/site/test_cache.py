"""The content cache: an unchanged medicine is not read again; a changed byte is."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from plainmed.cache import ContentCache, digest
from plainmed.content.catalog import load_catalog
from plainmed.pipeline import generate
from plainmed.render import checks

ROOT = Path(__file__).resolve().parents[2]


def test_unchanged_medicines_come_from_the_cache_and_edits_do_not(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = ContentCache()
    first = load_catalog(content, tmp_path, cache)
    misses = cache.misses
    assert load_catalog(content, tmp_path, cache).medicines[0] is first.medicines[0]
    assert (cache.hits, cache.misses) == (2, misses), "the second load is one hit a medicine and nothing computed"

    path = content / "isotretinoin" / "medicine.yml"
    path.write_text(path.read_text().replace("name: Isotretinoin", "name: Isotretinoin (edited)"))
    edited = generate(content, ROOT / "templates", tmp_path, cache=cache)
    assert edited.catalog.medicines[1].medicine.name == "Isotretinoin (edited)"
    assert any("Isotretinoin (edited)" in markdown for markdown in edited.pages.values()), "edited pages re-render"


def test_digest_depends_on_every_byte_and_on_boundaries(tmp_path):
    (tmp_path / "a.yml").write_text("x")
    before = digest([tmp_path])
    (tmp_path / "a.yml").write_text("y")
    assert digest([tmp_path]) != before
    assert digest(["ab", "c"]) != digest(["a", "bc"])


def test_bytes_survive_in_a_folder_between_processes(tmp_path):
    assert ContentCache(folder=tmp_path).stored("pdf", ["inputs"]) is None
    kept = ContentCache(folder=tmp_path).keep("pdf", ["inputs"], b"%PDF-1.7 handout")
    later = ContentCache(folder=tmp_path)  # a new process: nothing in memory
    found = later.stored("pdf", ["inputs"])
    assert found == kept and found.read_bytes() == b"%PDF-1.7 handout" and later.hits == 1
    assert later.stored("pdf", ["changed"]) is None and later.misses == 1
    assert not list(tmp_path.glob("*.tmp")), "writes are atomic: no half-written file is left behind"


def test_json_values_are_kept_and_an_unreadable_file_is_made_again(tmp_path):
    page = {"content": "<p>Take it with food.</p>", "anchors": ("a", "b")}
    assert ContentCache(folder=tmp_path).json("html", ["page"], lambda: page) == {**page, "anchors": ["a", "b"]}
    page = {**page, "anchors": ["a", "b"]}  # JSON has no tuples: a computed value comes back as a later build reads it
    (kept,) = tmp_path.glob("html-*.bin")
    assert json.loads(kept.read_bytes()) == page
    assert ContentCache(folder=tmp_path).json("html", ["page"], lambda: {"computed": True}) == page, "read back"

    kept.write_bytes(b"{not what this code writes")
    assert ContentCache(folder=tmp_path).stored_json("html", ["page"]) is None
    assert ContentCache(folder=tmp_path).json("html", ["page"], lambda: page) == page, "computed and kept again"
    assert ContentCache(folder=tmp_path).stored_json("html", ["page"]) == page


def test_without_a_folder_bytes_stay_in_memory(tmp_path):
    cache = ContentCache()
    assert cache.keep("pdf", ["inputs"], b"%PDF") == b"%PDF"
    assert cache.stored("pdf", ["inputs"]) == b"%PDF" and cache.stored("pdf", ["other"]) is None


def test_editorial_checks_are_kept_per_medicine(tmp_path):
    """A serve rebuild checks only the medicine that changed."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = ContentCache()
    assert checks.editorial_problems(load_catalog(content, tmp_path, cache), cache) == []
    hits = cache.hits
    assert checks.editorial_problems(load_catalog(content, tmp_path, cache), cache) == []
    assert cache.hits > hits, "unchanged content is not checked again"

    overview = content / "isotretinoin" / "overview.yml"
    overview.write_text(overview.read_text().replace("intro: |\n", "intro: |\n  A miraculous medicine.\n\n", 1))
    problems = checks.editorial_problems(load_catalog(content, tmp_path, cache), cache)
    assert [p.path for p in problems] == ["content/isotretinoin/overview.yml"], problems
    assert "miraculous" in str(problems[0])
