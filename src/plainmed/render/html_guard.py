"""The last check before a page is published: its final HTML may run only the theme's own script.

Content rules (safe_text.py) stop script in the Markdown; this parses what the build actually produced, so a
hole in those rules, a theme change or a template mistake is caught too. A page fails on an event handler
attribute, a `javascript:`/`data:`/`vbscript:` (or any other scheme's) URL, an element outside the allow-list, a
resource loaded from elsewhere, or a script that is not one of the theme's files or known inline scripts.

It also fills in each page's Content-Security-Policy (written by the templates with placeholders): the hashes
of the inline scripts and styles it found and accepted, so the browser runs those and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import partial

from lxml import etree

from plainmed.cache import ContentCache, code_digest
from plainmed.content import safe_text

SCRIPT_HASHES = "'plainmed-script-hashes'"  # placeholders in the templates' Content-Security-Policy
STYLE_HASHES = "'plainmed-style-hashes'"

ALLOWED_TAGS = frozenset(
    "html head body meta link title style script noscript "
    "main header footer nav article section aside div span p a abbr em strong b i u s small mark sub sup "
    "code pre kbd blockquote hr br h1 h2 h3 h4 h5 h6 ol ul li dl dt dd "
    "table caption thead tbody tfoot tr th td colgroup col details summary figure figcaption img "
    "form label input button svg g path circle rect line polyline polygon title desc defs use".split()
)
URL_ATTRIBUTES = frozenset(
    "href src action formaction xlink:href poster cite data background srcset ping manifest longdesc".split()
)
# Elements whose URL the browser fetches while showing the page: only files of the site itself. A <link> is
# fetched unless it only announces another address (rel canonical, prev, next, alternate).
RESOURCE_TAGS = frozenset({"script", "img", "link", "input", "use", "iframe", "embed", "object"})
_ANNOUNCED = frozenset({"canonical", "prev", "next", "alternate"})
# Scripts that are data, never run (Material's settings, the page's schema.org description).
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
THEME_SCRIPT_FILE = re.compile(r"(?:\.\./)*/?assets/(?:javascripts/)?[\w-]+(?:\.[\w-]+)*\.js")
# Material's inline scripts, by digest of their text with the page's relative base written as "BASE". A new
# Material version that changes them fails the build here: check what the new script does, then add its digest.
_BASE = re.compile(r'new URL\("(?:/|(?:\.\.?/?)+)",location\)')
THEME_INLINE_SCRIPTS = {
    "9e2703283f0df807387b5b1d4db3fd62df6ca101c78ef8cd4b96451e9587f552": "Material 9.8: __md_scope, local storage",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f": "Material 9.8: opens the tab the URL names",
}
_ALLOWED_META = frozenset({"content-security-policy"})
_PARSER = etree.HTMLParser()  # libxml2's HTML parser; plain elements (lxml.html's element classes cost a third more)


class UnsafeHtml(Exception):
    """A page's HTML could run script or load something from elsewhere; the message names the page and why."""


def seal(html: str, where: str, *, local_files: bool = False, cache: ContentCache | None = None) -> str:
    """Check the page; return it with its Content-Security-Policy's hash placeholders filled in. Raises UnsafeHtml.

    local_files: images may be file: URLs (a clinic's logo in the handouts WeasyPrint prints, never a web page).
    With a cache, a page whose HTML passed before is not parsed again (a rebuild of a large library).
    """
    compute = partial(_hashes, html, where, local_files)
    key = [code_digest(__name__), html, str(local_files)]
    hashes = compute() if cache is None else cache.json("sealed", key, compute)
    return html.replace(SCRIPT_HASHES, hashes["scripts"]).replace(STYLE_HASHES, hashes["styles"])


def _hashes(html: str, where: str, local_files: bool) -> dict[str, str]:
    problems, scripts, styles = inspect(html, local_files=local_files)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise UnsafeHtml(f"{where}: the built HTML could run script or load from elsewhere; not published:\n{listed}")
    return {"scripts": _sources(scripts), "styles": _sources(styles)}


def inspect(html: str, *, local_files: bool = False) -> tuple[list[str], list[str], list[str]]:
    """(problems, inline scripts' text, inline styles' text) of one HTML document."""
    problems: list[str] = []
    scripts: list[str] = []
    styles: list[str] = []
    if not html.strip():
        return problems, scripts, styles  # nothing to publish (MkDocs writes no empty page)
    root = etree.fromstring(html, _PARSER)
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions: never run
        tag = tag.lower()
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}> is not an element pages may contain")
        for name, value in element.attrib.items():
            problems.extend(_attribute(element, tag, name.lower(), value, local_files))
        if tag == "script":
            problems.extend(_script(element, scripts))
        elif tag == "style":
            if element.getparent() is None or element.getparent().tag != "head":
                problems.append("<style> outside <head>: only the templates' own styles are allowed")
            styles.append(element.text or "")
        elif tag == "meta" and element.get("http-equiv") is not None:
            if element.get("http-equiv").lower() not in _ALLOWED_META:
                problems.append(f"<meta http-equiv={element.get('http-equiv')!r}> is not allowed")
    return problems, scripts, styles


def _attribute(element, tag: str, name: str, value: str, local_files: bool) -> list[str]:
    if name.startswith("on"):
        return [f"<{tag} {name}=...>: event handler attributes are not allowed"]
    if name == "style":
        return [f"<{tag} style=...>: inline style attributes are not allowed (the Content-Security-Policy blocks them)"]
    if name == "srcset":
        return [f"<{tag} srcset=...>: srcset is not allowed"]
    if name not in URL_ATTRIBUTES:
        return []
    shown = f"<{tag} {name}={value[:80]!r}>"
    if _fetched(element, tag):
        if local_files and tag == "img" and value.startswith("file:"):
            return []
        plain = safe_text.plain_url(value)
        if safe_text.has_scheme(plain) or plain.startswith(safe_text.OTHER_HOST):
            return [f"{shown}: the browser would load this from outside the site; only the site's own files may load"]
        return []
    if tag == "link" and re.match(r"https?://", safe_text.plain_url(value), re.IGNORECASE):
        return []  # a canonical or neighbour address, from site_url (http://127.0.0.1:... under serve); not followed
    problem = safe_text.url_problem(value)
    return [f"{shown}: {problem}"] if problem else []


def _fetched(element, tag: str) -> bool:
    """Whether the browser loads this element's URL as part of the page (a script, image, stylesheet, icon)."""
    if tag == "link":
        return not set((element.get("rel") or "").lower().split()) <= _ANNOUNCED
    return tag in RESOURCE_TAGS


def _script(element, scripts: list[str]) -> list[str]:
    kind = (element.get("type") or "").strip().lower()
    src = element.get("src")
    if src is not None:
        if not THEME_SCRIPT_FILE.fullmatch(src):
            return [f"<script src={src[:80]!r}>: only the theme's own script files may run"]
        return []
    text = element.text or ""
    if kind in DATA_SCRIPT_TYPES:
        return []
    if script_digest(text) not in THEME_INLINE_SCRIPTS:
        return [f"inline <script> {text.strip()[:60]!r}...: only the theme's own inline scripts may run"]
    scripts.append(text)
    return []


def script_digest(text: str) -> str:
    """What an inline script is known by: its text, with the page's relative base (which varies) written as BASE."""
    return hashlib.sha256(_BASE.sub('new URL("BASE",location)', text).encode("utf-8")).hexdigest()


def _sources(texts: list[str]) -> str:
    """CSP hash sources for inline scripts or styles, as the browser computes them over their exact text."""
    digests = {base64.b64encode(hashlib.sha256(t.encode("utf-8")).digest()).decode("ascii") for t in texts}
    return " ".join(f"'sha256-{d}'" for d in sorted(digests))
