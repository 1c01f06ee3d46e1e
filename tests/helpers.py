"""Reading built pages: parse HTML and normalise text so assertions compare words, not markup."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from pypdf import PdfReader


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def norm(text: str) -> str:
    """Collapse whitespace; drop the spaces get_text puts around inline tags (abbr, strong) before punctuation."""
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([.,;:!?)])", r"\1", text))


def md_text(source: str) -> str:
    """The words a reader sees for a Markdown snippet (bold markers, link targets removed)."""
    return norm(BeautifulSoup(markdown.markdown(source), "html.parser").get_text(" "))


def visible_text(node) -> str:
    return norm(node.get_text(" "))


def article(site: Path, url: str):
    """The main content of a built page (Material wraps it in article.md-content__inner)."""
    return soup(page_file(site, url)).select_one("article.md-content__inner")


MED = "content/isotretinoin"  # the medicine that tests break on purpose, in a copy of the project


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def mutate(project: Path, name: str, old: str, new: str, count: int = 1) -> int:
    """Replace text in a content file of a project copy; return the line where the change starts."""
    path = project / MED / name
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not found in {name}"
    path.write_text(text.replace(old, new, count))
    return line_of(text, old)


def pdf_text(path: Path) -> str:
    """All the PDF's words, whitespace-normalised; a line broken after a hyphen ("mini-|pill") is joined again."""
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return norm(re.sub(r"(?<=\w-)\n(?=\w)", "", text))


def build_fails(project: Path) -> str:
    """A build that must fail: one clear error, no traceback, and the last good site untouched."""
    from conftest import run_build

    site = project / "site"
    site.mkdir()
    (site / "keep.html").write_text("last good site")
    result = run_build(project, site)
    assert result.returncode != 0, "the build should have failed"
    assert "Traceback" not in result.stderr, result.stderr
    assert (site / "keep.html").read_text() == "last good site", "a failed build must leave site/ untouched"
    assert sorted(p.name for p in site.iterdir()) == ["keep.html"], "nothing of the failed build is written"
    return result.stderr
