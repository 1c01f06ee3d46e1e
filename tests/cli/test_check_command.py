"""`plainmed check`, run as an editor runs it: each mistake gives one exact, readable line and exit status 1."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import FIXED_TODAY, ROOT, copy_project, run_plainmed
from helpers import MED, line_of, mutate

INDENT_HINT = "check the indentation: keys at the same level start in the same column (2 spaces a level)"


def run_check(project: Path, today: str = FIXED_TODAY) -> subprocess.CompletedProcess:
    return run_plainmed(project, "check", today=today)


def one_problem(project: Path, **kwargs) -> str:
    """The single problem line the check printed, after asserting the exit status and summary."""
    result = run_check(project, **kwargs)
    assert result.returncode == 1, result
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "1 problem in 1 file", result.stdout
    assert len(lines) == 2, result.stdout
    return lines[0]


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def test_clean_content_passes(project):
    result = run_check(project)
    assert result.returncode == 0, result.stdout
    assert result.stdout == "content OK: 2 medicines checked, no problems\n"


def test_works_from_a_subfolder_of_the_project(project):
    mutate(project, "warnings.yml", "    severity: critical", "    sevrity: critical")
    result = run_plainmed(project / MED, "check")
    assert result.returncode == 1 and "unknown key 'sevrity'" in result.stdout


# An editor's mistake: (file, text to replace, replacement, the exact line printed; {line} is where it was).
MISTAKES = {
    "key-typo": (
        "warnings.yml",
        "    severity: critical",
        "    sevrity: critical",
        "warnings.yml:{line}:5: warnings[0]: unknown key 'sevrity' (did you mean 'severity'?)",
    ),
    "wrong-date": (
        "changelog.yml",
        'date: "2026-11-20"',
        "date: 2027-02-30",
        "changelog.yml:{line}:5: changes[2].date: Expected a date as YYYY-MM-DD, but received: '2027-02-30'",
    ),
    "bad-indentation": (
        "warnings.yml",
        "    severity: critical",
        "   severity: critical",
        "warnings.yml:{line}:4: invalid YAML: this line is indented differently from the lines above it; "
        + INDENT_HINT,
    ),
    "indented-too-far": (
        "warnings.yml",
        "    severity: critical",
        "      severity: critical",
        f"warnings.yml:{{line}}:15: invalid YAML: unexpected ':' here; {INDENT_HINT}. "
        "If the text itself contains ': ', put the whole text in quotes, or on the next lines after '>-'",
    ),
    "tab-character": (
        "warnings.yml",
        "    severity: critical",
        "\tseverity: critical",
        "warnings.yml:{line}:1: tab character: indent YAML with spaces",
    ),
    "duplicated-key": (
        "medicine.yml",
        "dose_form:",
        "drug_class: Retinoid\ndose_form:",
        "medicine.yml:{line}:1: invalid YAML: key 'drug_class' appears twice here; keep only one of them",
    ),
    "unclosed-list": (
        "medicine.yml",
        "sources: [seed-explainer-what-is, seed-monograph-4]",
        "sources: [seed-monograph-4",
        "medicine.yml:{line}:14: invalid YAML: a list opened with '[' here is not closed with ']'",
    ),
    "placeholder-in-published": (
        "glossary.yml",
        "definition: Deep, hard, painful ",
        "definition: TODO Deep, hard, painful ",
        "glossary.yml:{line}:5: terms[0].definition: placeholder text 'TODO' in a published medicine: "
        "write the real text, or set status: draft",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_each_mistake_gives_one_exact_line(mistake, project):
    name, old, new, expected = MISTAKES[mistake]
    line = mutate(project, name, old, new)
    assert one_problem(project) == f"{MED}/" + expected.format(line=line)


def test_missing_warning_text(project):
    path = project / MED / "warnings.yml"
    text = path.read_text()
    line = line_of(text, "  - id: pregnancy-birth-defects")
    path.write_text(re.sub(r"    patient: >-\n(      .*\n)+", "", text, count=1))
    assert one_problem(project) == (
        f"{MED}/warnings.yml:{line}:5: warnings[0].patient: required field is missing (add a line 'patient: ...')"
    )


def test_empty_warning_text(project):
    line = mutate(project, "warnings.yml", "    action: >-", "    action:\n    action_was: >-")
    result = run_check(project)
    assert f"{MED}/warnings.yml:{line}:5: warnings[0].action: is empty: write the value after the ':' " in (
        result.stdout
    )


def test_duplicated_id(project):
    mutate(project, "warnings.yml", "  - id: pancreatitis", "  - id: serious-skin-reactions")
    text = (project / MED / "warnings.yml").read_text()
    twice = "- id: serious-skin-reactions"
    second = text[: text.index(twice, text.index(twice) + 1)].count("\n") + 1
    assert one_problem(project) == (
        f"{MED}/warnings.yml:{second}:5: warnings[4].id: duplicate id 'serious-skin-reactions' "
        "(ids must be unique in a file)"
    )


def test_every_problem_in_every_file_at_once(project):
    first = mutate(project, "warnings.yml", "    severity: critical", "    sevrity: critical")
    second = mutate(project, "changelog.yml", 'date: "2026-11-20"', "date: 2027-02-30")
    third = mutate(project, "glossary.yml", "terms:", "terms:\n  - term: x\n     definition: y")
    result = run_check(project)
    assert result.returncode == 1
    assert [line.split(":")[:2] for line in result.stdout.splitlines()[:-1]] == [
        [f"{MED}/changelog.yml", str(second)],
        [f"{MED}/glossary.yml", str(third + 2)],
        [f"{MED}/warnings.yml", str(first)],
    ]
    assert result.stdout.splitlines()[-1] == "3 problems in 3 files"


def test_scripts_check_is_the_same_command():
    env = {**os.environ, "PLAINMED_TODAY": FIXED_TODAY}
    result = subprocess.run([str(ROOT / "scripts" / "check")], capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "content OK: 2 medicines checked, no problems\n"


def test_empty_file(project):
    (project / MED / "glossary.yml").write_text("# nothing here yet\n")
    assert one_problem(project) == f"{MED}/glossary.yml:1:1: the file is empty: it needs the keys terms"
