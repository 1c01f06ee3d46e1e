"""The MkDocs plugin: the only module that imports MkDocs. It turns MkDocs events into pipeline calls."""

from __future__ import annotations

import importlib
import os
import re
import sys
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

log = get_plugin_logger(__name__)

MARKER = re.compile(r"<!--\s*plainmed:([a-z-]+)\s*-->")


class PlainmedConfig(base.Config):
    content_dir = c.Type(str, default="content")
    """Folder of medicine folders, relative to mkdocs.yml."""
    templates_dir = c.Type(str, default="templates")
    """Jinja templates for generated pages, relative to mkdocs.yml."""
    drafts = c.Type(bool, default=False)
    """Also publish medicines whose status is draft (PLAINMED_DRAFTS=1 does the same)."""


class PlainmedPlugin(BasePlugin[PlainmedConfig]):
    def on_config(self, config):
        root = self.root = Path(config.config_file_path).parent
        self.content_dir = root / self.config.content_dir
        self.templates_dir = root / self.config.templates_dir
        drafts = self.config.drafts or os.environ.get("PLAINMED_DRAFTS") == "1"
        self.api = pipeline = _fresh_pipeline()
        self.grades = []
        try:
            self.generated = pipeline.generate(
                self.content_dir, self.templates_dir, root, drafts=drafts, site_url=config.site_url or ""
            )
        except pipeline.ContentError as e:
            raise PluginError(f"Content has errors; the site was not built.\n{e.report()}") from None
        except pipeline.TemplateError as e:
            raise PluginError(f"Template error: {e}") from None
        for problem in self.generated.warnings:
            log.warning(str(problem))
        return config

    def on_files(self, files: Files, *, config) -> Files:
        edit_paths = {plan.src_uri: plan.edit_path for plan in self.generated.site.pages}
        for src_uri, markdown in self.generated.pages.items():
            file = File.generated(config, src_uri, content=markdown)
            if src_uri in edit_paths:
                # "Edit this page" opens the YAML file; mkdocs.yml's edit_uri points at docs/, so go relative to it.
                file.edit_uri = Path(os.path.relpath(self.root / edit_paths[src_uri], config.docs_dir)).as_posix()
            files.append(file)
        return files

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        def fill(match: re.Match) -> str:
            name = match.group(1)
            if name not in self.generated.fragments:
                raise PluginError(f"{page.file.src_uri}: unknown plainmed marker '{name}'")
            return self.generated.fragments[name]

        return MARKER.sub(fill, markdown)

    def on_page_content(self, html: str, *, page, config, files) -> str:
        meta = page.meta.get("plainmed")
        if not meta:
            return html
        names = self.generated.drug_names(meta["medicine"])
        grade = self.api.grade_page(html, page=page.file.src_uri, audience=meta["audience"], names=names)
        self.grades.append(grade)
        log.info(f"readability: {grade.message()}")
        for failure in grade.failures():  # warnings: the strict build fails on a patient page that is too hard
            log.warning(f"readability: {failure}")
        return html

    def on_post_build(self, *, config) -> None:
        median = self.api.median_grade(self.grades)
        if median is not None:
            count = sum(1 for g in self.grades if g.audience == "patient")
            log.info(f"readability: median reading grade of {count} patient pages: {median:.1f}")

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.content_dir))
        server.watch(str(self.templates_dir))
        server.watch(str(Path(__file__).parent))  # the generator reloads itself on each build
        return server


def _fresh_pipeline():
    """Under `mkdocs serve`, reload the generator so code edits apply without a restart."""
    for name in [n for n in sys.modules if n.startswith("plainmed.") and n != __name__]:
        del sys.modules[name]
    return importlib.import_module("plainmed.api")
