"""One site build, step by step, for the MkDocs plugin: generate, score, seal, index, print. No MkDocs import here.

The plugin (plugin.py) turns each MkDocs event into one call of this class, and a BuildError into MkDocs' own
error; everything it used to orchestrate (cache, readability, handouts, search, timings) lives here or below.
"""

from __future__ import annotations

import gc
import json
import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateError

from plainmed.cache import ContentCache, digest
from plainmed.content.load import ContentError
from plainmed.handouts.handout import HandoutError, placeholder_url
from plainmed.handouts.site_handouts import print_later
from plainmed.mkdocs import search
from plainmed.pipeline import Generated, generate
from plainmed.render.html_guard import UnsafeHtml, seal
from plainmed.render.readability import cached_grade, keep_counted_words, load_counted_words, median_grade
from plainmed.render.render import COMPILED, MarkdownSettings, Trust  # noqa: F401 - COMPILED: the plugin gives it to the theme


class BuildError(Exception):
    """Stops the build; the message says what to fix. Nothing of the failed build is published."""


@dataclass(frozen=True)
class Options:
    """The plugin's settings (mkdocs.yml `plugins: - plainmed:`) with the environment's overrides applied."""

    root: Path
    content_dir: Path
    templates_dir: Path
    drafts: bool
    publish: bool
    cache_dir: Path | None
    trust: Trust
    site_url: str
    markdown: MarkdownSettings  # mkdocs.yml's extensions: handouts render text as the pages do
    serving: bool  # `mkdocs serve`: a page reload never waits for PDFs or the search index

    @classmethod
    def read(cls, config: dict, root: Path, site_url: str, markdown: MarkdownSettings, serving: bool) -> Options:
        try:
            trust = Trust.from_options(config)
        except ValueError as e:
            raise BuildError(str(e)) from None
        no_cache = not config.get("cache_dir") or os.environ.get("PLAINMED_NO_CACHE") == "1"
        return cls(
            root=root,
            content_dir=root / config["content_dir"],
            templates_dir=root / config["templates_dir"],
            drafts=config["drafts"] or os.environ.get("PLAINMED_DRAFTS") == "1",
            publish=config["publish"] or os.environ.get("PLAINMED_PUBLISH") == "1",
            cache_dir=None if no_cache else root / config["cache_dir"],
            trust=trust,
            site_url=site_url,
            markdown=markdown,
            serving=serving,
        )


class SiteBuild:
    def __init__(self, options: Options, store: dict, log) -> None:
        self.options, self.log = options, log
        self.cache = ContentCache(store, options.cache_dir)
        self.grades: list = []
        self.pdf_seconds: list[float] = []
        self.printing = None  # the PDFs this build is printing, from start_printing() to finish()
        self.generated = self._generate()
        load_counted_words(self.cache)
        self.timings = {**self.generated.timings, "readability": 0.0, "html check": 0.0}
        if not options.serving:
            # What generate() made lives until the build ends: later collections need not walk it again
            # (a serve session makes a new catalog on every rebuild, so it is not frozen there).
            gc.freeze()
        for problem in self.generated.editorial:
            log.warning(str(problem))
        if options.publish:
            self._gate()
        for note in self.generated.notes:
            log.info(note)
        laps = ", ".join(f"{step} {seconds:.2f} s" for step, seconds in self.generated.timings.items())
        log.info(f"{len(self.generated.pages)} pages generated ({laps}; {self.cache.hits} cached)")

    def _generate(self) -> Generated:
        o = self.options
        gc.disable()  # generate() makes objects by the hundred thousand and no garbage: collecting them is waste
        try:
            return generate(
                o.content_dir,
                o.templates_dir,
                o.root,
                drafts=o.drafts,
                site_url=o.site_url,
                cache=self.cache,
                defer_pdfs=True,
                trust=o.trust,
                markdown=o.markdown,
            )
        except ContentError as e:
            raise BuildError(f"Content has errors; the site was not built.\n{e.report()}") from None
        except TemplateError as e:
            raise BuildError(f"Template error: {e}") from None
        except HandoutError as e:
            raise BuildError(f"Handout error: {e}") from None
        finally:
            gc.enable()

    def _gate(self) -> None:
        """A publish build: every medicine carries a current clinical sign-off, and readers can report problems."""
        problems = [str(p) for p in self.generated.publish_problems()]
        if not self.options.trust.report:
            problems.append(
                "mkdocs.yml: plugins.plainmed.report_problem: a published site needs an address for reports"
            )  # noqa: E501
        if placeholder_url(self.options.site_url):
            problems.append(
                f"mkdocs.yml: site_url: {self.options.site_url!r} is a placeholder; set the site's real address"
            )  # noqa: E501
        if problems:
            raise BuildError("This site cannot be published yet:\n" + "\n".join(problems))

    def digest(self, *inputs) -> str:
        return digest(inputs)

    def start_printing(self) -> None:
        """Missing handout PDFs print in worker processes while MkDocs renders the pages (not under serve)."""
        start = time.perf_counter()
        self.printing = None if self.options.serving else self.generated.handouts.start()
        self.timings["handouts"] += time.perf_counter() - start

    def score(self, html: str, src_uri: str, meta: dict | None) -> None:
        """Readability of one generated page: logged; a patient page that is too hard is a warning."""
        if not meta:
            return
        start = time.perf_counter()
        names = self.generated.drug_names(meta["medicine"])
        grade = cached_grade(self.cache, html, page=src_uri, audience=meta["audience"], names=names)
        self.timings["readability"] += time.perf_counter() - start
        self.grades.append(grade)
        self.log.info(f"readability: {grade.message()}")
        for failure in grade.failures():  # warnings: the strict build fails on a patient page that is too hard
            self.log.warning(f"readability: {failure}")

    def seal(self, html: str, where: str) -> str:
        """The page with its Content-Security-Policy filled in; a page that could run script stops the build."""
        start = time.perf_counter()
        try:
            return seal(html, where, cache=self.cache)
        except UnsafeHtml as e:
            raise BuildError(str(e)) from None
        finally:
            self.timings["html check"] += time.perf_counter() - start

    def finish(self, site_dir: Path) -> None:
        """After MkDocs wrote the pages: the search index and the PDFs, then the build's figures."""
        keep_counted_words(self.cache)
        self._index(site_dir)
        if self.printing:
            self._finish_printing(site_dir)
        else:
            for missing in self.generated.handouts.missing:
                print_later(missing, self.generated.handouts, site_dir, self.log)
        if os.environ.get("PLAINMED_TIMINGS"):  # the benchmark reads our share of the build from here
            report = json.dumps({"steps": self.timings, "pdfs": self.pdf_seconds})
            Path(os.environ["PLAINMED_TIMINGS"]).write_text(report, encoding="utf-8")
        median = median_grade(self.grades)
        if median is not None:
            count = sum(1 for g in self.grades if g.audience == "patient")
            self.log.info(f"readability: median reading grade of the {count} patient pages built: {median:.1f}")

    def _index(self, site_dir: Path) -> None:
        # Each medicine's pages (under its folder): the ones main.html marks for Pagefind
        expected = Counter(plan.content.slug for plan in self.generated.site.pages)
        if self.options.serving:  # a page reload never waits for the index; a search a moment later finds it
            search.index_later(site_dir, self.cache, expected, self.log)
            return
        try:
            done = search.index_site(site_dir, self.cache, expected)
        except search.SearchError as e:
            raise BuildError(f"Search index: {e}") from None
        self.timings["search"] = done.seconds
        self.log.info(done.message())

    def _finish_printing(self, site_dir: Path) -> None:
        start = time.perf_counter()
        try:
            printed = self.printing.finish(site_dir)
        except HandoutError as e:
            raise BuildError(f"Handout error: {e}") from None
        self.timings["handouts"] += time.perf_counter() - start  # what the build waited for, after the pages
        for output in printed:
            self.log.info(f"handout {output.uri}: PDF made in {output.seconds:.2f} s")
        if reused := len(self.printing.reused):
            self.log.info(f"handouts: {reused} PDFs printed before from the same HTML were used again")
        self.pdf_seconds = [output.seconds for output in printed]
        if pruned := self.cache.prune():  # a whole build used everything the site needs now
            self.log.info(f"build cache: {pruned} files no longer used were removed")

    def cancel(self) -> None:
        if self.printing:
            self.printing.cancel()
