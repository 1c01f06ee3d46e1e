"""The MkDocs plugin: each MkDocs event is one call into the build (site_build.py). Only this package imports MkDocs.

Under `mkdocs serve`, the generator reloads itself when its code changed (_fresh below), so edits apply without
a restart; the modules are imported by name there, as everywhere, for readers and tools to follow.
"""

from __future__ import annotations

import atexit
import functools
import gc
import hashlib
import os
import re
import sys
from functools import partial
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

log = get_plugin_logger(__name__)

MARKER = re.compile(r"<!--\s*plainmed:([a-z-]+)\s*-->")
PACKAGE = Path(__file__).parents[1]  # the whole plainmed package, every layer

# Kept for the whole process, so `mkdocs serve` rebuilds reuse what did not change: the content cache (cleared
# when the generator's code changes) and a digest of each page as last built, for `serve --dirty`.
_session: dict = {"code": None, "store": {}, "built": {}}


class PlainmedConfig(base.Config):
    content_dir = c.Type(str, default="content")
    """Folder of medicine folders, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """Jinja templates for generated pages, relative to mkdocs.yml."""
    drafts = c.Type(bool, default=False)
    """Also publish medicines whose status is draft (PLAINMED_DRAFTS=1 does the same)."""
    cache_dir = c.Optional(c.Type(str))
    """Folder, relative to mkdocs.yml, keeping handout PDFs between builds (PLAINMED_NO_CACHE=1 turns it off)."""
    publish = c.Type(bool, default=False)
    """A build for the public site (PLAINMED_PUBLISH=1 does the same): every medicine needs a current sign-off."""
    publisher = c.Type(str, default="The plainmed project")
    """Who writes and runs the site: shown on every page."""
    report_problem = c.Optional(c.Type(str))
    """Where readers report a problem with a page: an https: or mailto: address. A publish build needs it."""
    report_problem_label = c.Type(str, default="")
    """The link's text (default: the address without its scheme)."""


def _stops_build(event):
    """A BuildError from the build stops MkDocs with its message (no traceback: the message says what to fix)."""

    @functools.wraps(event)
    def handler(self, *args, **kwargs):
        try:
            return event(self, *args, **kwargs)
        except self.site_build.BuildError as e:
            raise PluginError(str(e)) from None

    return handler


class PlainmedPlugin(BasePlugin[PlainmedConfig]):
    serving = False
    build = None

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"  # a preview never waits for PDFs or the search index

    @_stops_build
    def on_config(self, config):
        self.site_build, self.kept = _fresh()
        self.root = Path(config.config_file_path).parent
        markdown = self.site_build.MarkdownSettings.of(config.markdown_extensions, config.mdx_configs)
        site_url = config.site_url or ""
        options = self.site_build.Options.read(dict(self.config), self.root, site_url, markdown, self.serving)
        self.build = self.site_build.SiteBuild(options, _session["store"], log)
        self.content_dir, self.templates_dir = options.content_dir, options.templates_dir
        # A theme template or mkdocs.yml edit changes every page's HTML even when its Markdown stays the same.
        # Our other templates make Markdown and files, whose own bytes say when they changed.
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        self.inputs = self.build.digest(*theme, Path(config.config_file_path))
        return config

    def on_files(self, files: Files, *, config) -> Files:
        self.digests = {}
        edit_paths = {plan.src_uri: plan.edit_path for plan in self.build.generated.site.pages}
        for src_uri, markdown in self.build.generated.pages.items():
            file = File.generated(config, src_uri, content=markdown)
            if src_uri in edit_paths:
                # "Edit this page" opens the YAML file; mkdocs.yml's edit_uri points at docs/, so go relative to it.
                file.edit_uri = Path(os.path.relpath(self.root / edit_paths[src_uri], config.docs_dir)).as_posix()
            self._track(file, markdown)
            files.append(file)
        for file in files.documentation_pages():
            if not file.generated_by:  # hand-written: made from its own text and the fragments it names
                text = file.content_string
                used = [self.build.generated.fragments.get(name, "") for name in MARKER.findall(text)]
                self._track(file, text + "".join(used))
        for output in self.build.generated.files:
            if output.path:  # a PDF kept in the build cache: MkDocs copies the file, nothing is read here
                file = File.generated(config, output.uri, abs_src_path=str(output.path))
            else:
                file = File.generated(config, output.uri, content=output.content)
            self._track(file, output.path.name if output.path else output.content)
            files.append(file)
        self.build.start_printing()
        for missing in self.build.generated.handouts.missing:
            # Printed by workers, written at on_post_build (or later, under serve). Listed now so links to it
            # resolve; a dirty build keeps the old copy until the new one is written.
            file = File.generated(config, missing.uri, content=b"")
            file.is_modified = _unchanged
            files.append(file)
        # MkDocs' own work on a generated page (Markdown to HTML, the theme's HTML) is kept too
        self.site_key = self.kept.site_key(config, files, self.inputs)
        self.kept_files = [files.get_file_from_path(src_uri) for src_uri in self.build.generated.pages]
        for file in self.kept_files:
            self.kept.KeptPage(file, config, self.build.cache, self.site_key)
        return files

    def on_nav(self, nav, *, config, files):
        self.output = self.kept.KeptOutput(config, nav, self.build.cache, self.site_key)
        return nav

    def _track(self, file: File, source: str | bytes) -> None:
        """Under `serve --dirty`, MkDocs rebuilds only files whose is_modified() is true; MkDocs treats every
        generated file as modified, so compare what this page is made from with what was built last time."""
        self.digests[file.src_uri] = self.build.digest(self.inputs, source)
        file.is_modified = partial(_changed, file.src_uri, self.digests[file.src_uri])

    def on_env(self, env, *, config, files):
        env.bytecode_cache = self.site_build.COMPILED  # serve rebuilds reuse the theme's compiled templates
        env.loader = ChoiceLoader([DictLoader(self.kept.TEMPLATES), env.loader])
        return env

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        fragments = self.build.generated.fragments

        def fill(match: re.Match) -> str:
            if match.group(1) not in fragments:
                raise PluginError(f"{page.file.src_uri}: unknown plainmed marker '{match.group(1)}'")
            return fragments[match.group(1)]

        return MARKER.sub(fill, markdown)

    @event_priority(50)  # before Material's search plugin would index the page
    def on_page_context(self, context, *, page, config, nav):
        # Pagefind indexes the built site (search.py). Material's plugin stays for its search box, with an
        # index of no pages (its whole-library index grew with the library and was slow to make).
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def _score(self, html: str, *, page, config, files) -> str:
        self.build.score(html, page.file.src_uri, page.meta.get("plainmed"))
        return html

    @event_priority(-100)  # after every plugin has changed the page's HTML
    def _kept_output(self, html: str, *, page, config, files) -> str:
        self.output.before(page)
        return html

    on_page_content = CombinedEvent(_score, _kept_output)

    @event_priority(100)  # the theme's HTML as the templates made it, before any plugin changes it
    def _kept_html(self, output: str, *, page, config) -> str:
        self.output.after(page, output)
        return output

    @event_priority(-100)  # the page as it will be written, after every plugin: the last check before publishing
    @_stops_build
    def _sealed(self, output: str, *, page, config) -> str:
        return self.build.seal(output, page.file.src_uri)

    on_post_page = CombinedEvent(_kept_html, _sealed)

    @event_priority(-100)
    @_stops_build
    def on_post_template(self, output: str, *, template_name, config) -> str:
        return self.build.seal(output, template_name) if template_name.endswith(".html") else output  # the 404

    @_stops_build
    def on_post_build(self, *, config) -> None:
        self.build.finish(Path(config.site_dir))
        _session["built"] = self.digests
        pages = [f.page for f in self.kept_files if f.page.content]  # under serve --dirty, only the changed ones
        if pages:
            log.info(
                f"build cache: Markdown of {sum(p.reused for p in pages)} and HTML of {self.output.reused} of the "
                f"{len(pages)} generated pages built came from the cache"
            )

    def on_build_error(self, *, error) -> None:
        if self.build:
            self.build.cancel()

    def on_shutdown(self) -> None:
        # At exit, Python's last garbage collection walks every object the build made, for nothing: freezing
        # them first skips that walk; nothing is left to run but the exit itself.
        atexit.register(gc.freeze)

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.content_dir))
        server.watch(str(self.templates_dir))
        server.watch(str(PACKAGE))  # the generator reloads itself when its code changed
        return server


def _unchanged() -> bool:
    return False


def _changed(src_uri: str, digest: str) -> bool:
    return _session["built"].get(src_uri) != digest


def _fresh():
    """The build modules; under `mkdocs serve`, imported again when the generator's code changed."""
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(PACKAGE.rglob("*.py")))).hexdigest()
    if code != _session["code"]:
        if "plainmed.background" in sys.modules:  # its jobs name functions of the modules about to be replaced
            sys.modules["plainmed.background"].QUEUE.stop()
        for name in [n for n in sys.modules if n.startswith("plainmed.") and n != __name__]:
            del sys.modules[name]
        _session.update(code=code, store={}, built={})
    import plainmed.mkdocs.kept as kept
    import plainmed.mkdocs.site_build as site_build

    return site_build, kept
