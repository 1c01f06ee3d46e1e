"""The committed JSON Schemas match the content models, and editors' files point at them."""

from __future__ import annotations

import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from conftest import ROOT, copy_project, run_plainmed
from plainmed.cli import json_schema as schema
from plainmed.content.model import FILE_MODELS

CONTENT_FILES = sorted([*(ROOT / "content").glob("*/*.yml"), *(ROOT / "content").glob("*.yml")])


def load_yaml(path):
    return YAML(typ="safe").load(path.read_text())


def validator(file: str) -> jsonschema.Draft7Validator:
    path = ROOT / schema.SCHEMA_DIR / f"{schema.schema_name(file)}.schema.json"
    return jsonschema.Draft7Validator(json.loads(path.read_text()))


def test_committed_schemas_are_current():
    committed = {p.name: p.read_text() for p in (ROOT / schema.SCHEMA_DIR).glob("*.schema.json")}
    assert committed == schema.schemas(), "schemas/ is out of date: run `plainmed schema` and commit the result"


def test_plainmed_schema_rewrites_a_stale_folder(tmp_path):
    project = copy_project(tmp_path)
    (project / "schemas").mkdir()
    (project / "schemas" / "old.schema.json").write_text("{}")
    result = run_plainmed(project, "schema")
    assert result.returncode == 0 and result.stdout == f"wrote {len(schema.schemas())} schemas to schemas/\n"
    assert {p.name: p.read_text() for p in (project / "schemas").iterdir()} == schema.schemas()


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_content_file_names_its_schema_and_passes_it(path):
    expected = schema.modeline(path.name)
    if path.parent.name == "content":  # the shared glossary sits one folder higher than a medicine's files
        expected = expected.replace("../../", "../")
    assert path.read_text().splitlines()[0] == expected
    errors = [e.message for e in validator(path.name).iter_errors(load_yaml(path))]
    assert errors == [], f"{path.name}: the editor would underline valid content: {errors}"


def test_scaffold_files_name_their_schema():
    for file in FILE_MODELS:
        first = (ROOT / "templates" / "scaffold" / file).read_text().splitlines()[0]
        assert first == schema.modeline(file), file


def test_schema_catches_what_the_check_catches(tmp_path):
    """The editor underlines a key typo and a wrong severity as they type, before any check runs."""
    data = load_yaml(ROOT / "content" / "isotretinoin" / "warnings.yml")
    data["warnings"][0]["sevrity"] = data["warnings"][0].pop("severity")
    data["warnings"][1]["severity"] = "high"
    messages = sorted(e.message for e in validator("warnings.yml").iter_errors(data))
    assert messages == [
        "'high' is not one of ['critical', 'serious', 'caution']",
        "'severity' is a required property",
        "Additional properties are not allowed ('sevrity' was unexpected)",
    ]
