"""The content cache: an unchanged medicine is not read again; a changed byte is."""

from __future__ import annotations

import shutil
from pathlib import Path

from plainmed.cache import ContentCache, digest
from plainmed.catalog import load_catalog
from plainmed.pipeline import generate

ROOT = Path(__file__).resolve().parents[1]


def test_unchanged_medicines_come_from_the_cache_and_edits_do_not(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cache = ContentCache()
    first = load_catalog(content, tmp_path, cache)
    assert load_catalog(content, tmp_path, cache).medicines[0] is first.medicines[0]
    assert (cache.hits, cache.misses) == (1, 1)

    path = content / "isotretinoin" / "medicine.yml"
    path.write_text(path.read_text().replace("name: Isotretinoin", "name: Isotretinoin (edited)"))
    edited = generate(content, ROOT / "templates", tmp_path, cache=cache)
    assert edited.catalog.medicines[0].medicine.name == "Isotretinoin (edited)"
    assert any("Isotretinoin (edited)" in markdown for markdown in edited.pages.values()), "edited pages re-render"


def test_digest_depends_on_every_byte_and_on_boundaries(tmp_path):
    (tmp_path / "a.yml").write_text("x")
    before = digest([tmp_path])
    (tmp_path / "a.yml").write_text("y")
    assert digest([tmp_path]) != before
    assert digest(["ab", "c"]) != digest(["a", "bc"])


def test_bytes_survive_in_a_folder_between_processes(tmp_path):
    calls = []

    def render() -> bytes:
        calls.append(1)
        return b"%PDF-1.7 handout"

    assert ContentCache(folder=tmp_path).bytes("handout", ["inputs"], render) == b"%PDF-1.7 handout"
    assert ContentCache(folder=tmp_path).bytes("handout", ["inputs"], render) == b"%PDF-1.7 handout"
    assert len(calls) == 1
    assert ContentCache(folder=tmp_path).bytes("handout", ["changed"], render) and len(calls) == 2
