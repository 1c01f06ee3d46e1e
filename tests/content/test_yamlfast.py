"""The libyaml fast path reads content exactly as the ruamel path does, or hands the file back to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from plainmed.content import load, yamlfast

ROOT = Path(__file__).resolve().parents[2]


def ruamel(text: str):
    marks: dict = {}
    return load._plain(load._yaml().load(text), (), marks), marks


@pytest.mark.parametrize("path", sorted(ROOT.glob("content/*/*.yml")), ids=lambda p: p.name)
def test_content_reads_the_same_both_ways(path: Path):
    text = path.read_text(encoding="utf-8")
    assert yamlfast.parse(text) == ruamel(text)


@pytest.mark.parametrize(
    "text",
    [
        "a: no\nb: on\nc: 10\nd: '10'\ne: 1.5\nf: ~\ng: 2026-01-01\nh: [1, yes, True, FALSE]\n",
        "a: |\n  block\nb: >-\n  folded\n  text\nc:\nd: &x {e: 1}\nf: *x\n",
        "- 15 to 20 weeks\n- -2\n- 1.0e+3\n",
    ],
)
def test_scalars_resolve_as_yaml_1_2(text: str):
    assert yamlfast.parse(text) == ruamel(text)


@pytest.mark.parametrize(
    "text",
    ["a: 1\na: 2\n", "a: [unclosed\n", "- 1e3\n", "- 0o17\n", "- 1_000\n", "- .inf\n", "a: !!str 5\n", "<<: {a: 1}\n"],
)
def test_what_the_fast_path_cannot_answer_exactly_goes_to_ruamel(text: str):
    assert yamlfast.parse(text) is None


def test_a_file_read_from_the_build_cache_is_the_file_as_parsed(tmp_path):
    """The build cache keeps what the fast path read as JSON; reading it back gives the same data and marks."""
    from plainmed.cache import ContentCache
    from plainmed.content.kept_yaml import parser
    from plainmed.content.load import read

    for path in sorted((ROOT / "content" / "isotretinoin").glob("*.yml")):
        parsed = read(path, path.name)
        first = read(path, path.name, parser(ContentCache(folder=tmp_path)))
        later_cache = ContentCache(folder=tmp_path)  # another build
        later = read(path, path.name, parser(later_cache))
        assert later_cache.hits == 1, f"{path.name} was parsed again"
        assert (later.data, later.marks) == (first.data, first.marks) == (parsed.data, parsed.marks), path.name
        last_key = max(parsed.marks, key=parsed.marks.get)  # the mark furthest down the file
        assert str(later.problem(last_key, "x")) == str(parsed.problem(last_key, "x"))

    for kept in tmp_path.glob("marks-*.bin"):  # marks are read only when asked for: one gone is parsed again
        kept.unlink()
    path = ROOT / "content" / "isotretinoin" / "warnings.yml"
    assert read(path, path.name, parser(ContentCache(folder=tmp_path))).marks == read(path, path.name).marks


def test_a_file_the_fast_path_refuses_is_not_tried_again_by_a_later_build(tmp_path, monkeypatch):
    """The refusal is kept too: a later build goes straight to ruamel (for its exact error message)."""
    from plainmed.cache import ContentCache
    from plainmed.content.kept_yaml import parser
    from plainmed.content.load import read

    path = tmp_path / "glossary.yml"
    path.write_text("a: !!str 5\n")
    first = read(path, path.name, parser(ContentCache(folder=tmp_path / "cache")))
    tried = []
    monkeypatch.setattr(yamlfast, "parse", lambda text: tried.append(text))
    later = read(path, path.name, parser(ContentCache(folder=tmp_path / "cache")))
    assert tried == [] and (later.data, later.marks) == (first.data, first.marks) == ruamel(path.read_text())
