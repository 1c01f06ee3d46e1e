"""The built HTML is valid: the Nu Html Checker (npm vnu-jar, on the machine's Java) reports no errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Errors in Material for MkDocs' own markup, which we accept, each with the reason. An entry matches on the
# message and on the element it quotes, so the same mistake in our templates is still reported.
MATERIAL_MARKUP = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle"',
        "Material's hidden drawer and search checkboxes carry autocomplete=off so browsers do not restore them "
        "open after Back; browsers honour it on checkboxes although the HTML standard lists it for text-like inputs.",
    ),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        'for="__toc"',
        "Material's table-of-contents title is a label for the drawer's __toc checkbox, which Material renders only "
        "for pages in the site nav; medicine pages are reached from the A-Z list instead (mkdocs.yml, "
        "validation.nav). The label still reads as a heading; clicking it does nothing.",
    ),
]


@pytest.fixture(scope="session")
def vnu_errors(site) -> list[dict]:
    """One run of the checker over every HTML file of the built site."""
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.fail(f"the Nu Html Checker needs java ({java}) and {VNU_JAR}: scripts/test installs both")
    pages = sorted(str(p) for p in site.rglob("*.html"))
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr)["messages"]
    assert run.returncode in (0, 1) and all(m["type"] == "error" for m in messages), run.stderr[-2000:]
    return [dict(m, page=Path(m["url"].removeprefix("file:")).relative_to(site).as_posix()) for m in messages]


def _accepted(error: dict) -> bool:
    return any(
        error["message"].startswith(message) and element in error.get("extract", "")
        for message, element, _ in MATERIAL_MARKUP
    )


def test_built_html_has_no_validation_errors(vnu_errors):
    real = [e for e in vnu_errors if not _accepted(e)]
    assert not real, "\n".join(f"{e['page']}:{e.get('lastLine')}: {e['message']}" for e in real)


def test_every_accepted_material_error_still_occurs(vnu_errors):
    """An entry that no longer matches anything (Material fixed it) should leave the list."""
    for message, element, _ in MATERIAL_MARKUP:
        assert any(e["message"].startswith(message) and element in e.get("extract", "") for e in vnu_errors), message
