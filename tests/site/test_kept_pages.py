"""MkDocs' work on generated pages (Markdown to HTML, the theme's HTML) and the search index kept in the build cache.

A rebuild must be the site a build without the cache makes, byte for byte, and must not hide a link problem.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import copy_project, run_build
from helpers import mutate
from plainmed.mkdocs import search

KEEP = {"PLAINMED_NO_CACHE": "0"}
REUSED = re.compile(
    r"build cache: Markdown of (\d+) and HTML of (\d+) of the (\d+) generated pages built came from the cache"
)


def _files(site: Path) -> dict[str, bytes]:
    # sitemap.xml.gz holds the gzip time stamp; sitemap.xml is compared instead
    return {
        p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"
    }


def _reused(stderr: str) -> tuple[int, int, int]:
    """(pages whose Markdown came from the cache, pages whose whole HTML did, generated pages built)"""
    found = REUSED.search(stderr)
    assert found, stderr
    return int(found[1]), int(found[2]), int(found[3])


def _project(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    return copy_project(tmp_path / "project")


def _same_site(one: Path, two: Path) -> None:
    first, second = _files(one), _files(two)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"files that differ: {differ[:10]}"


def test_rebuilds_from_the_cache_convert_only_what_changed_and_make_the_same_site_as_a_fresh_build(tmp_path):
    """One project built five times with the cache: nothing changed, a content edit, a page template edit, a
    theme edit; then once without a cache, which must give the same site. A page template changes pages through
    their Markdown; the theme (templates/theme) changes every page's HTML."""
    project = _project(tmp_path)
    first = run_build(project, tmp_path / "one", env=KEEP)
    assert first.returncode == 0, first.stderr
    *reused, pages = _reused(first.stderr)
    assert reused == [0, 0] and pages >= 8  # 7 patient and clinician pages, 1 sources page

    second = run_build(project, tmp_path / "two", env=KEEP)
    assert second.returncode == 0, second.stderr
    assert _reused(second.stderr) == (pages, pages, pages)
    _same_site(tmp_path / "one", tmp_path / "two")  # every page and Pagefind's files
    assert "search: index of the 14 medicine pages from the build cache" in second.stderr, "no page changed"

    mutate(project, "questions.yml", "Here are answers to questions", "Here are the answers to questions")
    third = run_build(project, tmp_path / "three", env=KEEP)
    assert third.returncode == 0, third.stderr
    assert _reused(third.stderr) == (pages - 1, pages - 1, pages), "only the questions page changed"
    assert "search: index of the 14 medicine pages made in" in third.stderr, "a page changed: indexed again"
    index = search.indexed(tmp_path / "three")["/isotretinoin/questions/"]
    assert "Here are the answers to questions" in index and "Here are answers to questions" not in index

    questions = project / "templates" / "patient" / "questions.md.j2"
    text = questions.read_text()
    assert "{% block body %}\n" in text
    questions.write_text(text.replace("{% block body %}\n", "{% block body %}\nAnswer: these are our answers.\n\n"))
    fourth = run_build(project, tmp_path / "four", env=KEEP)
    assert fourth.returncode == 0, fourth.stderr
    assert _reused(fourth.stderr) == (pages - 2, pages - 2, pages), "only the questions pages changed (one a medicine)"
    assert "Answer: " in (tmp_path / "four" / "isotretinoin" / "questions" / "index.html").read_text()

    theme = project / "templates" / "theme" / "main.html"
    theme.write_text(theme.read_text().replace("<div data-pagefind-body>", '<div data-pagefind-body class="x-theme">'))
    fifth = run_build(project, tmp_path / "five", env=KEEP)
    assert fifth.returncode == 0, fifth.stderr
    assert _reused(fifth.stderr) == (0, 0, pages), "the theme changed: every page converted again"
    assert 'class="x-theme"' in (tmp_path / "five" / "isotretinoin" / "pregnancy" / "index.html").read_text()

    fresh = run_build(project, tmp_path / "fresh")  # no cache at all
    assert fresh.returncode == 0, fresh.stderr
    _same_site(tmp_path / "fresh", tmp_path / "five")


# A link problem is logged while converting (such a page is never kept), or checked from kept anchors.
BAD_LINKS = {
    "questions.yml": ("Here are answers to questions", "no-such-page.md", "no-such-page.md"),
    "overview.yml": ("Isotretinoin is a retinoid.", "../index.md#no-such-anchor", "anchor '#no-such-anchor'"),
}


def test_a_link_problem_fails_every_build_even_with_pages_from_the_cache(tmp_path):
    project = _project(tmp_path)
    for name, (words, link, _) in BAD_LINKS.items():
        mutate(project, name, words, f"[{words}]({link})")
    for attempt in ("one", "two"):
        result = run_build(project, tmp_path / attempt, env=KEEP)
        assert result.returncode == 1, f"build {attempt} passed: {result.stderr[-2000:]}"
        for name, (_, _, warning) in BAD_LINKS.items():
            assert warning in result.stderr, f"build {attempt} lost the warning of {name}: {result.stderr[-2000:]}"
    assert _reused(result.stderr)[0] > 0, "the second build took pages from the cache"


def test_a_setting_from_the_environment_renders_the_pages_again(tmp_path):
    """mkdocs.yml can take a value from an environment variable: its bytes stay the same, the pages do not."""
    project = _project(tmp_path)
    settings = project / "mkdocs.yml"
    text = settings.read_text()
    assert text.count("\ncopyright: ") == 1
    settings.write_text(re.sub(r"\ncopyright: .*", '\ncopyright: !ENV [CLINIC_COPYRIGHT, "none"]', text))
    first = run_build(project, tmp_path / "one", env={**KEEP, "CLINIC_COPYRIGHT": "Reviewed by the first clinic"})
    assert first.returncode == 0, first.stderr
    second = run_build(project, tmp_path / "two", env={**KEEP, "CLINIC_COPYRIGHT": "Reviewed by the second clinic"})
    assert second.returncode == 0, second.stderr
    markdown, html, pages = _reused(second.stderr)
    assert (markdown, html) == (pages, 0), "the Markdown is the same; every page's HTML is made again"
    page = (tmp_path / "two" / "isotretinoin" / "side-effects" / "index.html").read_text()
    assert "Reviewed by the second clinic" in page and "first clinic" not in page


def test_front_matter_read_as_json_is_what_mkdocs_reads_as_yaml():
    from mkdocs.utils.meta import get_data

    from plainmed.cache import ContentCache
    from plainmed.pipeline import generate
    from plainmed.render.front_matter import read as _json_front_matter

    root = Path(__file__).resolve().parents[2]
    pages = generate(
        root / "content", root / "templates", root, site_url="https://x.org/", cache=ContentCache(), defer_pdfs=True
    ).pages
    assert len(pages) >= 8
    for src_uri, markdown in pages.items():
        assert _json_front_matter(markdown) == get_data(markdown), src_uri
    text = '---\ntitle: "A: b \\u00e9 \\" é"\nplainmed: {"a": [true, null, "x"]}\n---\n\n# Body\n'
    assert _json_front_matter(text) == get_data(text)
    for other in (
        '---\ndose: {"mg": 1e3}\n---\nx',
        '---\nyes: "x"\n---\nx',
        "---\ntitle: plain words\n---\nx",
        "# no front matter",
    ):
        assert _json_front_matter(other) is None, other  # read by MkDocs' own YAML path instead


def test_a_hook_counts_by_its_code(tmp_path):
    """A hook can change what the templates read after the cache key is taken; a change to its code makes the
    pages again (a hook has no settings of its own: the key once crashed on it)."""
    project = _project(tmp_path)
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text().replace("\nplugins:", "\nhooks:\n  - describe.py\n\nplugins:", 1))
    hook = project / "describe.py"
    code = 'def on_page_context(context, page, **kwargs):\n    page.meta["description"] = "{}"\n'
    page = "isotretinoin/side-effects/index.html"
    for n, words in enumerate(("Described by the first hook", "Described by the second hook")):
        hook.write_text(code.format(words))
        result = run_build(project, tmp_path / str(n), env=KEEP)
        assert result.returncode == 0, result.stderr
        assert f'<meta name="description" content="{words}">' in (tmp_path / str(n) / page).read_text()
        assert _reused(result.stderr)[1] == 0
