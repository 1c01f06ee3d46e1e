"""A kept value's key names the code that made it: a change elsewhere in the generator keeps it (cache.py)."""

from __future__ import annotations

from pathlib import Path

from plainmed import cache

PACKAGE = Path(cache.__file__).parent


def files_of(*modules: str) -> set[str]:
    return {p.relative_to(PACKAGE).as_posix() for p in cache._imported(modules)}


def test_the_html_key_covers_our_markdown_extensions_and_what_they_import():
    found = files_of("plainmed.mkdocs.kept", "plainmed.render.attrs", "plainmed.render.tables")
    assert {"mkdocs/kept.py", "render/attrs.py", "render/tables.py", "content/safe_text.py", "cache.py"} <= found
    # a change to the handouts, the pipeline, readability or the plugin converts no page again
    for elsewhere in ("handouts/handout.py", "pipeline.py", "render/readability.py", "mkdocs/plugin.py"):
        assert elsewhere not in found


def test_imports_are_followed_through_packages_and_from_imports():
    found = files_of("plainmed.pipeline")
    # `from plainmed.handouts import handout, site_handouts` names modules; their own imports follow
    assert {"handouts/site_handouts.py", "handouts/printing.py", "background.py", "handouts/__init__.py"} <= found
    assert "content/model.py" in found  # imported by the catalog, two steps away
    assert not any(name.startswith(("mkdocs/", "cli/", "bench/")) for name in found)


def test_a_changed_module_changes_only_the_keys_that_cover_it(tmp_path, monkeypatch):
    before = (cache.code_digest("plainmed.render.readability"), cache.code_digest("plainmed.content.load"))
    copy = tmp_path / "plainmed"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (copy / "content" / "yamlfast.py").write_text((copy / "content" / "yamlfast.py").read_text() + "\n# changed\n")
    monkeypatch.setattr(cache, "__file__", str(copy / "cache.py"))
    cache.code_digest.cache_clear()
    try:
        after = (cache.code_digest("plainmed.render.readability"), cache.code_digest("plainmed.content.load"))
    finally:
        cache.code_digest.cache_clear()
    assert after[0] == before[0], "readability does not read YAML: its kept grades stay"
    assert after[1] != before[1], "the YAML reader changed: what it kept is read again"
