"""What a reader sees on a generated page, as sentences grouped by section: what a review signs and what
`plainmed diff` compares.

Page furniture is left out (the menu, source lines, the footer, download links, the review status itself), and
so are link targets, so an editorial change that a reader cannot see (a comment, the order of `sources:`, YAML
layout, where a link points) leaves the text, and any sign-off of it, as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from plainmed.cache import digest

TOP = "Top of the page"  # the section name of what comes before the first heading
STATUS_SLOT = "<!-- plainmed:review-status -->"  # where a page's review status goes once it is known

_FURNITURE_OPEN = re.compile(
    r'^<(nav|div|p) class="(plainmed-menu|plainmed-footer|plainmed-sources|plainmed-handout-link)'
)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
_ADMONITION_TITLE = re.compile(r'^<p class="admonition-title">(.*)</p>$')
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ATTRS = re.compile(r"\{\s*[.#][^}]*\}")
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z0-9\"“(])")


@dataclass(frozen=True)
class VisibleText:
    """One page's text as a reader sees it: section name -> its sentences, in page order."""

    sections: dict[str, tuple[str, ...]]

    @property
    def digest(self) -> str:
        return digest([name + "\n" + "\n".join(lines) for name, lines in self.sections.items()])

    def section_digests(self) -> dict[str, str]:
        return {name: digest(lines) for name, lines in self.sections.items()}

    def as_json(self) -> dict:
        return {name: list(lines) for name, lines in self.sections.items()}

    @classmethod
    def from_json(cls, data: dict) -> VisibleText:
        return cls({name: tuple(lines) for name, lines in data.items()})


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def of_markdown(page: str) -> VisibleText:
    """A generated page's Markdown (with front matter) as the reader-visible text."""
    lines = page.split("\n")
    sections: dict[str, list[str]] = {TOP: []}
    current = TOP
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        for line in lines[1:end]:  # title and description show in the browser tab and in search results
            key, _, value = line.partition(": ")
            if key in ("title", "description"):
                sections[TOP].append(value.strip('"'))
        lines = lines[end + 1 :]
    closing = None
    for raw in lines:
        line = raw.strip()
        if closing:  # inside furniture: skip to its end
            if line.startswith(closing) or line.endswith(closing):
                closing = None
            continue
        furniture = _FURNITURE_OPEN.match(line)
        if furniture:
            closing = f"</{furniture.group(1)}>"
            if line.endswith(closing):
                closing = None
            continue
        if not line or line == STATUS_SLOT or line.startswith("---") or line.startswith("|---") or line == "| --- |":
            continue
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 1:  # the page title belongs to the top of the page
            sections[TOP].append(_clean(heading.group(2)))
        elif heading:
            current = _clean(heading.group(2))
            sections.setdefault(current, [])
            continue
        if line.startswith("|"):  # a table row: each cell on its own
            for cell in line.strip("|").split("|"):
                sections[current].extend(sentences(_clean(cell)))
            continue
        title = _ADMONITION_TITLE.match(line)
        text = _clean(title.group(1) if title else line)
        if text:
            sections[current].extend(sentences(text))
    return VisibleText({name: tuple(found) for name, found in sections.items() if found})


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _ATTRS.sub("", text)
    text = _TAG.sub("", text)
    if text.startswith("*[") and "]:" in text:  # a glossary tooltip: the word and what it means
        term, _, meaning = text[2:].partition("]:")
        text = f"{term}: {meaning.strip()}"
    text = text.lstrip("-*> ").replace("**", "").strip()
    return re.sub(r"\s+", " ", text)


class _HandoutText(HTMLParser):
    """Text of a handout page by section (h2), leaving out what is not content: the clinic's lines, the QR
    code and printed address, download links and the review status."""

    SKIP = (
        *("handout-clinic", "handout-qr", "handout-online", "handout-actions", "handout-link"),
        "plainmed-review-status",
    )
    VOID = {"br", "img", "meta", "link", "hr", "input", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, list[str]] = {TOP: []}
        self.current = TOP
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.buffer: list[str] = []
        self.heading = False

    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        skipped = tag in ("head", "style", "script", "svg") or any(c in self.SKIP for c in classes)
        self._flush()
        self.stack.append((tag, skipped))
        if tag == "h2":
            self.heading = True

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if self.heading and tag == "h2":
            if not self._skipping():
                self.current = _clean(" ".join(self.buffer))
                self.sections.setdefault(self.current, [])
            self.buffer = []
            self.heading = False
        else:
            self._flush()
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self._skipping():
            self.buffer.append(data)

    def _flush(self):
        if self.heading:  # a heading's text is its section's name: kept until </h2>
            return
        text = re.sub(r"\s+", " ", " ".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.sections[self.current].extend(sentences(text))


def of_handout(html: str) -> VisibleText:
    parser = _HandoutText()
    parser.feed(html)
    parser.close()
    parser._flush()
    return VisibleText({name: tuple(found) for name, found in parser.sections.items() if found})
