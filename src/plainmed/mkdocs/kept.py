"""MkDocs' own per-page work, kept in the build cache: Python-Markdown's HTML and Material's page template output.

Most of a rebuild with nothing changed went here (Markdown conversion first, then templates; the search
index is Pagefind's, kept by `search`). A generated page whose Markdown, file list and settings are unchanged
is restored from the cache instead. Only a page whose conversion logged nothing is kept, so a link warning is
never hidden by the cache; links to anchors are still checked by MkDocs after every build, from the restored anchors.
"""

from __future__ import annotations

import json
import logging
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from plainmed.cache import ContentCache, code_digest, digest, versions
from plainmed.render import front_matter

KEPT_TEMPLATE = "plainmed/kept.html"  # a page whose whole HTML is kept names this template: it prints that HTML
TEMPLATES = {KEPT_TEMPLATE: "{{ page.kept_output }}"}


def site_key(config: MkDocsConfig, files: Files, inputs: str) -> str:
    """What every page's HTML depends on besides its own Markdown: settings, code, versions and the file list
    (links are resolved and checked against it, so adding or removing a file converts every page again)."""
    names = sorted(f"{f.src_uri}\0{f.dest_uri}" for f in files)
    libraries = versions("mkdocs", "mkdocs-material", "pymdown-extensions")
    # Our code in a page's HTML: this module and our Markdown extensions. Our other code changes the Markdown.
    ours = [name for name in config.markdown_extensions if isinstance(name, str) and name.startswith("plainmed.")]
    return digest([inputs, code_digest(__name__, *ours), *libraries, "\n".join(names)])


class KeptPage(Page):
    """A generated page whose Markdown conversion is kept: HTML, table of contents, title and anchors."""

    def __init__(self, file: File, config: MkDocsConfig, cache: ContentCache, key: str):
        super().__init__(None, file, config)
        self._cache, self._key = cache, key
        self.reused = False  # whether render() restored the page from the cache

    def read_source(self, config: MkDocsConfig) -> None:
        """Our pages' front matter reads much faster as JSON (front_matter.py). Anything else, or a
        plugin that supplies page sources, goes the usual way."""
        found = None if config.plugins.events["page_read_source"] else front_matter.read(self.file.content_string)
        if found is None:
            super().read_source(config)
        else:
            self.markdown, self.meta = found

    def render(self, config: MkDocsConfig, files: Files) -> None:
        inputs = [self._key, self.file.src_uri, self.markdown or ""]
        kept = self._cache.stored_json("html", inputs)
        if kept is not None:
            self._restore(kept, files)
            self.reused = True
            return
        with _logged() as records:
            super().render(config, files)
        if not records:
            self._cache.keep_json("html", inputs, self._record())

    def _record(self) -> dict:
        return {
            "content": self.content,
            "toc": _toc(self),
            "title": self._title_from_render,
            "anchors": sorted(self.present_anchor_ids or ()),
            "links": {f.src_uri: links for f, links in (self.links_to_anchors or {}).items()},
        }

    def _restore(self, record: dict, files: Files) -> None:
        self.content = record["content"]
        self.toc = get_toc(record["toc"])
        self._title_from_render = record["title"]
        self.present_anchor_ids = set(record["anchors"])
        if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:  # as Page.render
            self.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in record["links"].items()}


def _toc(page: Page) -> list[dict]:
    """A page's table of contents as the tokens get_toc() is made from."""
    return [_token(link) for link in page.toc]


def _token(link: AnchorLink) -> dict:
    return {"level": link.level, "id": link.id, "name": link.title, "children": [_token(c) for c in link.children]}


@contextmanager
def _logged():
    """Records MkDocs logs at INFO or above while the block runs (a page with any of them is not kept)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield records
    finally:
        logger.removeHandler(handler)


class KeptOutput:
    """The theme's whole HTML for each KeptPage, kept by everything the theme's templates read: the page (HTML,
    table of contents, title, metadata, URLs, neighbours), the site nav, the settings and the templates.

    `before` runs after every plugin's on_page_content: a page whose HTML is kept is given KEPT_TEMPLATE, which
    prints it. `after` runs before any other plugin's on_post_page and keeps what the templates made, so those
    plugins see the same HTML on every build. Not seen: template variables that another plugin adds in
    on_page_context (its settings and a hook's code are part of the key, its behaviour is not).
    """

    def __init__(self, config: MkDocsConfig, nav: Navigation, cache: ContentCache, key: str):
        self._key = digest([key, _settings(config), _nav(nav.items)])
        self._cache = cache
        self._pending: dict[str, list[str]] = {}
        self.reused = 0

    def before(self, page: Page) -> None:
        if not isinstance(page, KeptPage):
            return
        inputs = [self._key, *_page(page)]
        kept = self._cache.stored_json("output", inputs)
        if kept is None:
            self._pending[page.file.src_uri] = inputs
            return
        page.kept_output = kept
        page.meta["template"] = KEPT_TEMPLATE
        self.reused += 1

    def after(self, page: Page, output: str) -> None:
        page.__dict__.pop("kept_output", None)  # printed: the page need not hold a second copy until the end
        inputs = self._pending.pop(page.file.src_uri, None)
        if inputs is not None:
            self._cache.keep_json("output", inputs, output)


def _plain(value: object) -> str:
    """Settings as JSON; an object JSON cannot hold becomes its repr, which may change every run: such a
    setting makes pages miss the cache, never show stale HTML."""
    return json.dumps(value, sort_keys=True, default=repr)


def _settings(config: MkDocsConfig) -> str:
    """Every setting the templates can read, as loaded (so a value from an environment variable counts)."""
    # the folders are left out: no template reads them, and scripts/build builds into a new folder each time
    skip = ("theme", "plugins", "nav", "site_dir", "docs_dir", "config_file_path")
    values = {name: value for name, value in config.items() if name not in skip}
    values["theme"] = dict(config.theme)
    values["plugins"] = {name: _plugin(plugin) for name, plugin in config.plugins.items()}
    custom = config.theme.custom_dir  # the theme overrides: templates the pages are made with
    return digest([_plain(values), *([Path(custom)] if custom else [])])


def _plugin(plugin: object) -> object:
    """A plugin's settings; a hook (a Python file named in mkdocs.yml) counts by its code."""
    if hasattr(plugin, "config"):
        return dict(plugin.config)
    source = getattr(plugin, "__file__", None)
    return digest([Path(source)]) if source else repr(type(plugin))


def _nav(items: list) -> str:
    return _plain(
        [[type(i).__name__, i.title, getattr(i, "url", None), _nav(getattr(i, "children", None) or [])] for i in items]
    )


def _page(page: Page) -> list[str]:
    neighbours = [(p.title, p.url) if p else None for p in (page.previous_page, page.next_page)]
    ancestors = [a.title for a in page.ancestors]
    where = [page.url, page.canonical_url, page.edit_url, page.is_homepage, neighbours, ancestors]
    return [_plain(where), str(page.title), _plain(page.meta), _plain(_toc(page)), page.content or ""]
