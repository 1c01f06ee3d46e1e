"""A big library's pages are rendered by forked children in a build: the same pages as in one process, and a
template error is the same clear error."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from conftest import ROOT
from plainmed import forked, pipeline
from plainmed.bench.bench import make_project
from plainmed.cache import ContentCache

MEDICINES = pipeline.FORK_FROM + 2


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    return make_project(ROOT, tmp_path_factory.mktemp("forked") / "project", MEDICINES)


def generated(project: Path, forked_render: bool):
    return pipeline.generate(
        project / "content", project / "templates", project, cache=ContentCache(), defer_pdfs=True, forked=forked_render
    )


@pytest.mark.skipif(forked.cores() < 2, reason="forking needs two cores")
def test_forked_children_render_the_same_pages(library, monkeypatch):
    used = []
    real = forked.map_forked
    monkeypatch.setattr(forked, "map_forked", lambda f, items: used.append(len(items)) or real(f, items))
    together, alone = generated(library, True), generated(library, False)
    assert used == [MEDICINES], "every medicine's pages were rendered by forked children"
    assert together.pages == alone.pages
    assert together.visible == alone.visible


def test_a_template_error_in_a_child_is_raised_here_as_usual(library, tmp_path):
    project = make_project(ROOT, tmp_path / "broken", pipeline.FORK_FROM)
    help_block = project / "templates" / "partials" / "help.md.j2"
    text = help_block.read_text()
    help_block.write_text(text.replace("Or go to the nearest emergency department.", "{{ no_such_macro() }}"))
    with pytest.raises(jinja2.UndefinedError, match="'no_such_macro' is undefined"):
        generated(project, True)
