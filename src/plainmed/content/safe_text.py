"""Rules for content text that reaches a reader's browser: which links, attributes and characters it may hold.

Content is Markdown written by editors through pull requests, and a preview or a merge is served to patients,
so text must not be able to run script. Raw HTML is refused in model.py; this module refuses the rest Markdown
lets through: links and images with other schemes (however they are spelt: entities, percent-encoding, case,
tabs), attribute lists (`{onclick=...}`: templates use them, content may not), and control or bidirectional
override characters. The rendered HTML is checked again after the build (html_guard.py).
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

import markdown
from markdown.treeprocessors import Treeprocessor

# The attribute lists templates write: one or more `#id` / `.class` words between braces, optionally after
# attr_list's ':'. The Markdown extension (render/attrs.py) recognises only these; content may write none of them.
ATTRIBUTE_WORDS = r"\{\:?[ ]*((?:[#.][A-Za-z][\w-]*[ ]*)+)\}"
ATTRIBUTE_LIST = re.compile(ATTRIBUTE_WORDS + r"|\{:[^{}\n]*\}")  # also attr_list's explicit `{: ...}` form

LINK_SCHEMES = ("https", "mailto", "tel")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# What a browser ignores inside a URL (tab, newline, other C0 controls, spaces at the ends) and what hides
# text from a reviewer (zero-width and bidirectional marks): gone before the scheme is read.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
# C0/C1 controls (newline and tab are text) and bidirectional embeddings, overrides and isolates, which can
# make text read differently from what the reviewer of a pull request saw.
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Braces holding what looks like an attribute assignment (`{onclick="..."}`, `{ style=x }`), refused even where
# Markdown would leave them as text: the editor meant an attribute, and content may set none.
_ATTRIBUTE_ASSIGNMENT = re.compile(r"\{[^{}\n]*?[A-Za-z_:][\w:.\-]*\s*=[^{}\n]*\}")


def text_problem(value: str) -> str | None:
    """Why this content text is refused, or None. Cheap for the usual text with no link and no brace."""
    bad = _FORBIDDEN_CHARS.search(value)
    if bad:
        char = bad.group(0)
        name = unicodedata.name(char, "control character")
        return f"character U+{ord(char):04X} ({name}) is not allowed in content; delete it"
    if "{" in value:
        problem = _attribute_problem(value)
        if problem:
            return problem
    if "[" in value:
        return _link_problem(value)
    return None


def _attribute_problem(value: str) -> str | None:
    found = ATTRIBUTE_LIST.search(value) or _ATTRIBUTE_ASSIGNMENT.search(value)
    if not found:
        return None  # ordinary braces: they render as text
    written = found.group(0)
    what = "attribute lists"
    if re.search(r"\bon[a-z]+\s*=", written, re.IGNORECASE):
        what = "event handler attributes"
    elif re.search(r"\b(style|href|src)\s*=", written, re.IGNORECASE):
        what = f"'{re.search(r'(style|href|src)', written, re.IGNORECASE).group(1).lower()}' attributes"
    return (
        f"{what} are not allowed in content (found {written!r}); the templates set every attribute. "
        "Write the text without the braces"
    )


def plain_url(url: str) -> str:
    """A URL as a browser reads its scheme: entities (`&#106;avascript:`) and percent-encoding (`%6Aavascript:`)
    decoded, invisible characters (tabs, newlines, controls, zero-width and bidi marks) removed."""
    return _INVISIBLE.sub("", unquote(html.unescape(url)))


def has_scheme(plain: str) -> bool:
    return _SCHEME.match(plain) is not None


OTHER_HOST = ("//", "\\\\", "/\\", "\\/")  # `//host/...`; browsers read a backslash as a slash here


def url_problem(url: str, image: bool = False) -> str | None:
    """Why a link or image address is refused, or None. Case is ignored: `JaVaScRiPt:` is `javascript:`."""
    plain = plain_url(url)
    scheme = _SCHEME.match(plain)
    if image:
        if scheme or plain.startswith(OTHER_HOST):
            return f"image {url!r} is not allowed: images must be files in the site (a relative path)"
        return None
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return (
            f"link {url!r} is not allowed: a link must start with https:, mailto: or tel:, "
            "or point inside the site (a relative path or #anchor)"
        )
    if not scheme and plain.startswith(OTHER_HOST):
        return f"link {url!r} is not allowed: a link to another site must start with https://"
    return None


def _link_problem(value: str) -> str | None:
    """Markdown itself finds the links (inline, reference-style, images): no second parser to disagree with it."""
    md = _links_markdown()
    found = md.treeprocessors["plainmed-links"]
    found.urls = []
    md.reset().convert(value)
    # A reference definition may be used by another field of the same page, so each one is checked where it is.
    urls = found.urls + [(url, False) for url, _title in md.references.values()]
    for url, image in urls:
        problem = url_problem(url, image)
        if problem:
            return problem
    return None


class _Links(Treeprocessor):
    urls: list[tuple[str, bool]]

    def run(self, root) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                if element.get(attribute) is not None:
                    self.urls.append((element.get(attribute), element.tag == "img"))


_MD: list[markdown.Markdown] = []


def _links_markdown() -> markdown.Markdown:
    if not _MD:
        md = markdown.Markdown()
        md.treeprocessors.register(_Links(md), "plainmed-links", 0)  # after the inline patterns made the links
        _MD.append(md)
    return _MD[0]
