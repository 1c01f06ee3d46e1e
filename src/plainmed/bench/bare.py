"""Bare Material on the same pages: the yardstick the benchmark's build times are compared with.

The generator writes every page it makes (and the hand-written pages with their lists filled in) into a copy of
the project's docs/ as plain Markdown files; mkdocs.yml keeps the project's theme, features and nav but loses
the plainmed plugin, and our two Markdown extensions become their standard counterparts (attr_list, none).
What MkDocs and Material then cost to build those pages is what any site of that size pays.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from ruamel.yaml import YAML

from plainmed.cli.project import generate
from plainmed.mkdocs.plugin import MARKER

# Our Markdown extensions and what a bare site uses instead (None: nothing)
_STANDARD = {"plainmed.render.attrs": "attr_list", "plainmed.render.tables": None}


def bare_project(project: Path, dest: Path, auto_nav: bool = False) -> Path:
    """A copy of `project` whose docs/ holds every page the generator makes, built without the plugin.

    auto_nav: MkDocs' default navigation (every page in the nav) instead of the project's own.
    """
    generated = generate(project)
    docs = dest / "docs"
    shutil.copytree(project / "docs", docs)
    for src_uri, markdown in generated.pages.items():
        _write(docs / src_uri, markdown)
    for page in docs.rglob("*.md"):  # hand-written pages name the lists the generator makes for them
        text = page.read_text(encoding="utf-8")
        if MARKER.search(text):
            page.write_text(MARKER.sub(lambda m: generated.fragments.get(m.group(1), ""), text), encoding="utf-8")
    for output in generated.files:
        _write(docs / output.uri, output.path.read_bytes() if output.path else output.content)
    for missing in generated.handouts.missing:  # not printed: an empty file keeps the links to it valid
        _write(docs / missing.uri, b"")
    shutil.copytree(project / "templates" / "theme", dest / "templates" / "theme")
    (dest / "mkdocs.yml").write_text(_bare_config(project / "mkdocs.yml", auto_nav), encoding="utf-8")
    return dest


def _bare_config(path: Path, auto_nav: bool) -> str:
    yaml = YAML()
    config = yaml.load(path.read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config.get("plugins") or [] if not (isinstance(p, dict) and "plainmed" in p)]
    extensions = []
    for item in config.get("markdown_extensions") or []:
        name = next(iter(item)) if isinstance(item, dict) else item
        if name not in _STANDARD:
            extensions.append(item)
        elif _STANDARD[name]:
            extensions.append(_STANDARD[name])
    config["markdown_extensions"] = extensions
    if auto_nav:
        config.pop("nav", None)
    out = io.StringIO()
    yaml.dump(config, out)
    return out.getvalue()


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
