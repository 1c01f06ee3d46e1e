"""Editors' mistakes stop the build with `path:line:column: field: message`, never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import copy_project
from helpers import MED, build_fails, mutate


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


CASES = {
    "malformed-yaml": (
        "glossary.yml",
        "terms:",
        "terms: [unclosed",
        r"{path}:\d+:\d+: invalid YAML: .+",
    ),
    "unknown-key": (
        "warnings.yml",
        "    severity: critical",
        "    sevrity: critical",
        r"{path}:{line}:5: warnings\[0\]: unknown key 'sevrity' \(did you mean 'severity'\?\)",
    ),
    "missing-field": (
        "medicine.yml",
        "drug_class: Retinoid (a medicine made from vitamin A)\n",
        "",
        r"{path}:\d+:1: drug_class: required field is missing",
    ),
    "wrong-type": (
        "medicine.yml",
        "prescription_only: true",
        "prescription_only: [yes]",
        r"{path}:{line}:\d+: prescription_only: Input should be a valid boolean, but received: \['yes'\]",
    ),
    "wrong-choice": (
        "warnings.yml",
        "    severity: critical",
        "    severity: high",
        r"{path}:{line}:5: warnings\[0\]\.severity: Expected one of 'critical', 'serious' or 'caution', "
        r"but received: 'high'",
    ),
    "invalid-date": (
        "changelog.yml",
        'date: "2026-11-20"',
        'date: "2026-13-01"',
        r"{path}:{line}:\d+: changes\[2\]\.date: Expected a date as YYYY-MM-DD, but received: '2026-13-01'",
    ),
    "raw-html": (
        "warnings.yml",
        "    patient: ",
        "    patient: <script>alert(1)</script> ",
        r"{path}:{line}:5: warnings\[0\]\.patient: raw HTML is not allowed in content \(found '<script>'\)",
    ),
    "unknown-page": (
        "warnings.yml",
        "    pages: []",
        "    pages: [sideeffects]",
        r"{path}:{line}:\d+: warnings\[0\]\.pages\[0\]: Expected one of 'overview', .*'handout', "
        r"but received: 'sideeffects'",
    ),
    "unknown-source": (
        "medicine.yml",
        "sources: [seed-explainer-what-is,",
        "sources: [seed-explainer-wat-is,",
        r"{path}:{line}:\d+: key_facts\[0\]\.sources\[0\]: unknown source id 'seed-explainer-wat-is' "
        r"\(not defined in sources\.yml\)",
    ),
    "authority-off-host": (
        "sources.yml",
        "    kind: editorial\n    url: https://www.rcpsych.ac.uk/",
        "    kind: authority\n    url: https://www.rcpsych.ac.uk/",
        r"{path}:{line}:\d+: sources\[\d+\]\.kind: kind 'authority' needs a page of www\.fda\.gov, .*"
        r"\(this is www\.rcpsych\.ac\.uk\)",
    ),
    "tab-character": (
        "glossary.yml",
        "terms:",
        "terms:\t",
        r"{path}:\d+:7: tab character: indent YAML with spaces",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_mistake_gives_one_clear_line(case, project, tmp_path):
    name, old, new, pattern = CASES[case]
    line = mutate(project, name, old, new)
    stderr = build_fails(project)
    expected = pattern.format(path=re.escape(f"{MED}/{name}"), line=line)
    assert re.search(expected, stderr), f"expected /{expected}/ in:\n{stderr}"


def test_duplicate_id_names_the_second_one(project, tmp_path):
    mutate(project, "warnings.yml", "  - id: pregnancy-birth-defects", "  - id: mental-health")
    text = (project / MED / "warnings.yml").read_text()
    second = text.index("- id: mental-health", text.index("- id: mental-health") + 1)
    line = text[:second].count("\n") + 1
    stderr = build_fails(project)
    assert f"{MED}/warnings.yml:{line}:" in stderr
    assert re.search(r"warnings\[\d+\]\.id: duplicate id 'mental-health' \(ids must be unique in a file\)", stderr)


def test_every_problem_is_reported_at_once(project, tmp_path):
    mutate(project, "warnings.yml", "    severity: critical", "    sevrity: critical")
    mutate(project, "medicine.yml", "prescription_only: true", "prescription_only: [yes]")
    stderr = build_fails(project)
    assert "unknown key 'sevrity'" in stderr and "prescription_only" in stderr
    assert re.search(r"\d+ problems in 2 files", stderr)
