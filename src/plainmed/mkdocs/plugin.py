"""The MkDocs plugin: it turns MkDocs events into pipeline calls. Only it and kept.py (this package) import MkDocs."""

from __future__ import annotations

import atexit
import gc
import hashlib
import importlib
import json
import os
import re
import sys
import time
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


class PlainmedPlugin(BasePlugin[PlainmedConfig]):
    serving = False
    printing = None  # the PDFs a build is printing, from on_files to on_post_build

    def on_startup(self, *, command, dirty) -> None:
        # Missing handout PDFs print in worker processes while MkDocs renders the pages. A build waits for them
        # at the end; `mkdocs serve` does not, so a preview never waits for WeasyPrint.
        self.serving = command == "serve"

    def on_config(self, config):
        root = self.root = Path(config.config_file_path).parent
        self.content_dir = root / self.config.content_dir
        self.templates_dir = root / self.config.templates_dir
        drafts = self.config.drafts or os.environ.get("PLAINMED_DRAFTS") == "1"
        publish = self.config.publish or os.environ.get("PLAINMED_PUBLISH") == "1"
        self.api = pipeline = _fresh_pipeline()
        self.kept = importlib.import_module("plainmed.mkdocs.kept")
        self.grades = []
        self.pdf_seconds: list[float] = []
        cache = self.cache = pipeline.ContentCache(_session["store"], self._cache_folder(root))
        gc.disable()  # generate() makes objects by the hundred thousand and no garbage: collecting cost ~40 % of load
        try:
            self.generated = pipeline.generate(
                self.content_dir,
                self.templates_dir,
                root,
                drafts=drafts,
                site_url=config.site_url or "",
                cache=cache,
                defer_pdfs=True,
                trust=self._trust(pipeline),
            )
        except pipeline.ContentError as e:
            raise PluginError(f"Content has errors; the site was not built.\n{e.report()}") from None
        except pipeline.TemplateError as e:
            raise PluginError(f"Template error: {e}") from None
        except pipeline.HandoutError as e:
            raise PluginError(f"Handout error: {e}") from None
        finally:
            gc.enable()
        if not self.serving:
            # What generate() made lives until the build ends: later collections need not walk it again
            # (a serve session makes a new catalog on every rebuild, so it is not frozen there).
            gc.freeze()
        for problem in self.generated.warnings:
            log.warning(str(problem))
        if publish:
            self._gate(config)
        for note in self.generated.notes:
            log.info(note)
        # A theme template or mkdocs.yml edit changes every page's HTML even when its Markdown stays the same.
        # Our other templates make Markdown and files, whose own bytes say when they changed.
        theme = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        self.inputs = pipeline.digest([*theme, Path(config.config_file_path)])
        self.timings = {**self.generated.timings, "readability": 0.0}
        laps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in self.generated.timings.items())
        log.info(f"{len(self.generated.pages)} pages generated ({laps}; {cache.hits} cached)")
        return config

    def _trust(self, pipeline):
        report = self.config.report_problem or ""
        if report and not report.startswith(("https://", "mailto:")):
            raise PluginError(f"plainmed: report_problem must be an https: or mailto: address, not {report!r}")
        return pipeline.Trust(self.config.publisher, report, self.config.report_problem_label)

    def _gate(self, config) -> None:
        """A publish build: every medicine carries a current clinical sign-off, and readers can report problems."""
        problems = [str(p) for p in self.generated.publish_problems()]
        if not self.config.report_problem:
            problems.append(
                "mkdocs.yml: plugins.plainmed.report_problem: a published site needs an address for reports"
            )  # noqa: E501
        if self.api.placeholder_url(config.site_url or ""):
            problems.append(f"mkdocs.yml: site_url: {config.site_url!r} is a placeholder; set the site's real address")
        if problems:
            raise PluginError("This site cannot be published yet:\n" + "\n".join(problems))

    def _cache_folder(self, root: Path) -> Path | None:
        if not self.config.cache_dir or os.environ.get("PLAINMED_NO_CACHE") == "1":
            return None
        return root / self.config.cache_dir

    def on_files(self, files: Files, *, config) -> Files:
        self.digests = {}
        edit_paths = {plan.src_uri: plan.edit_path for plan in self.generated.site.pages}
        for src_uri, markdown in self.generated.pages.items():
            file = File.generated(config, src_uri, content=markdown)
            if src_uri in edit_paths:
                # "Edit this page" opens the YAML file; mkdocs.yml's edit_uri points at docs/, so go relative to it.
                file.edit_uri = Path(os.path.relpath(self.root / edit_paths[src_uri], config.docs_dir)).as_posix()
            self._track(file, markdown)
            files.append(file)
        for file in files.documentation_pages():
            if not file.generated_by:  # hand-written: made from its own text and the fragments it names
                text = file.content_string
                used = [self.generated.fragments.get(name, "") for name in MARKER.findall(text)]
                self._track(file, text + "".join(used))
        for output in self.generated.files:
            if output.path:  # a PDF kept in the build cache: MkDocs copies the file, nothing is read here
                file = File.generated(config, output.uri, abs_src_path=str(output.path))
            else:
                file = File.generated(config, output.uri, content=output.content)
            self._track(file, output.path.name if output.path else output.content)
            files.append(file)
        start = time.perf_counter()
        self.printing = None if self.serving else self.generated.handouts.start()
        self.timings["handouts"] += time.perf_counter() - start
        for missing in self.generated.handouts.missing:
            # Printed by workers, written at on_post_build (or later, under serve). Listed now so links to it
            # resolve; a dirty build keeps the old copy until the new one is written.
            file = File.generated(config, missing.uri, content=b"")
            file.is_modified = _unchanged
            files.append(file)
        # MkDocs' own work on a generated page (Markdown to HTML, the theme's HTML) is kept too
        self.site_key = self.kept.site_key(config, files, self.inputs)
        self.kept_files = [files.get_file_from_path(src_uri) for src_uri in self.generated.pages]
        for file in self.kept_files:
            self.kept.KeptPage(file, config, self.cache, self.site_key)
        return files

    def on_nav(self, nav, *, config, files):
        self.output = self.kept.KeptOutput(config, nav, self.cache, self.site_key)
        return nav

    def _track(self, file: File, source: str | bytes) -> None:
        """Under `serve --dirty`, MkDocs rebuilds only files whose is_modified() is true; MkDocs treats every
        generated file as modified, so compare what this page is made from with what was built last time."""
        self.digests[file.src_uri] = self.api.digest([self.inputs, source])
        file.is_modified = partial(_changed, file.src_uri, self.digests[file.src_uri])

    def on_env(self, env, *, config, files):
        env.bytecode_cache = self.api.COMPILED  # serve rebuilds reuse the theme's compiled templates
        env.loader = ChoiceLoader([DictLoader(self.kept.TEMPLATES), env.loader])
        return env

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        def fill(match: re.Match) -> str:
            name = match.group(1)
            if name not in self.generated.fragments:
                raise PluginError(f"{page.file.src_uri}: unknown plainmed marker '{name}'")
            return self.generated.fragments[name]

        return MARKER.sub(fill, markdown)

    @event_priority(50)  # before Material's search plugin would index the page
    def on_page_context(self, context, *, page, config, nav):
        # Pagefind indexes the built site (search.py). Material's plugin stays for its search box, with an
        # index of no pages: its whole-library index was 32 MB at N = 300, and indexing cost a fifth of a build.
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        return context

    def _score(self, html: str, *, page, config, files) -> str:
        meta = page.meta.get("plainmed")
        if not meta:
            return html
        start = time.perf_counter()
        names = self.generated.drug_names(meta["medicine"])
        grade = self.api.cached_grade(self.cache, html, page=page.file.src_uri, audience=meta["audience"], names=names)
        self.timings["readability"] += time.perf_counter() - start
        self.grades.append(grade)
        log.info(f"readability: {grade.message()}")
        for failure in grade.failures():  # warnings: the strict build fails on a patient page that is too hard
            log.warning(f"readability: {failure}")
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
    def _sealed(self, output: str, *, page, config) -> str:
        return self._seal(output, page.file.src_uri)

    on_post_page = CombinedEvent(_kept_html, _sealed)

    @event_priority(-100)
    def on_post_template(self, output: str, *, template_name, config) -> str:
        return self._seal(output, template_name) if template_name.endswith(".html") else output  # the 404 page

    def _seal(self, html: str, where: str) -> str:
        """Fail the build on a page that could run script (nothing of it is written), else fill in its CSP."""
        start = time.perf_counter()
        try:
            return self.api.seal(html, where, cache=self.cache)
        except self.api.UnsafeHtml as e:
            raise PluginError(str(e)) from None
        finally:
            self.timings["html check"] = self.timings.get("html check", 0.0) + time.perf_counter() - start

    def on_post_build(self, *, config) -> None:
        self._index(Path(config.site_dir))
        if self.printing:
            self._finish_printing(Path(config.site_dir))
        else:
            for missing in self.generated.handouts.missing:
                self.api.print_later(missing, self.generated.handouts, Path(config.site_dir), log)
        _session["built"] = self.digests
        kept = [f.page for f in self.kept_files if f.page.content]  # under serve --dirty, only the changed ones
        if kept:
            reused = sum(page.reused for page in kept)
            log.info(
                f"build cache: Markdown of {reused} and HTML of {self.output.reused} of the {len(kept)} "
                "generated pages built came from the cache"
            )
        if os.environ.get("PLAINMED_TIMINGS"):  # the benchmark reads our share of the build from here
            report = json.dumps({"steps": self.timings, "pdfs": self.pdf_seconds})
            Path(os.environ["PLAINMED_TIMINGS"]).write_text(report, encoding="utf-8")
        median = self.api.median_grade(self.grades)
        if median is not None:
            count = sum(1 for g in self.grades if g.audience == "patient")
            log.info(f"readability: median reading grade of the {count} patient pages built: {median:.1f}")

    def _index(self, site_dir: Path) -> None:
        expected = len(self.generated.site.pages)  # the medicine pages: main.html marks them for Pagefind
        if self.serving:  # a page reload never waits for the index; a search a moment later finds the change
            self.api.SEARCH_BACKGROUND.submit(site_dir, self.cache, expected, log)
            return
        try:
            done = self.api.index_site(site_dir, self.cache, expected)
        except self.api.SearchError as e:
            raise PluginError(f"Search index: {e}") from None
        self.timings["search"] = done.seconds
        log.info(done.message())

    def _finish_printing(self, site_dir: Path) -> None:
        start = time.perf_counter()
        try:
            printed = self.printing.finish(site_dir)
        except self.api.HandoutError as e:
            raise PluginError(f"Handout error: {e}") from None
        self.timings["handouts"] += time.perf_counter() - start  # what the build waited for, after the pages
        for output in printed:
            log.info(f"handout {output.uri}: PDF made in {output.seconds:.2f} s")
        if reused := len(self.printing.reused):
            log.info(f"handouts: {reused} PDFs printed before from the same HTML were used again")
        self.pdf_seconds = [output.seconds for output in printed]
        if pruned := self.cache.prune():  # a whole build used everything the site needs now
            log.info(f"build cache: {pruned} files no longer used were removed")

    def on_build_error(self, *, error) -> None:
        if self.printing:
            self.printing.cancel()

    def on_shutdown(self) -> None:
        # At exit, Python's last garbage collection walks every object the build made: about 3 s of a 12 s
        # rebuild at N = 300. Freezing them first skips that walk; nothing is left to run but the exit itself.
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


def _fresh_pipeline():
    """Under `mkdocs serve`, reload the generator when its code changed, so edits apply without a restart."""
    code = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(PACKAGE.rglob("*.py")))).hexdigest()
    if code != _session["code"]:
        if "plainmed.handouts.printing" in sys.modules:  # its jobs name functions of the modules about to be replaced
            sys.modules["plainmed.handouts.printing"].BACKGROUND.stop()
        for name in [n for n in sys.modules if n.startswith("plainmed.") and n != __name__]:
            del sys.modules[name]
        _session.update(code=code, store={}, built={})
    return importlib.import_module("plainmed.mkdocs.api")
