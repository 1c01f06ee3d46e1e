"""JSON Schemas of the content files, exported from the pydantic models, for editors' YAML autocompletion."""

from __future__ import annotations

import json
from pathlib import Path

from plainmed.content import model as m

SCHEMA_DIR = "schemas"
# yaml-language-server (VS Code's YAML extension and others) understands draft-07 best.
DIALECT = "http://json-schema.org/draft-07/schema#"


def schema_name(file: str) -> str:
    """medicine.yml -> medicine; every topic file shares the one Topic schema."""
    models = {**m.FILE_MODELS, **m.OPTIONAL_FILE_MODELS}
    return "topic" if models[file] is m.Topic else file.removesuffix(".yml")


def modeline(file: str) -> str:
    """The first line of a content file, pointing the editor at its schema."""
    return f"# yaml-language-server: $schema=../../{SCHEMA_DIR}/{schema_name(file)}.schema.json"


def schemas() -> dict[str, str]:
    """File name under schemas/ -> JSON text, one per content model."""
    files = {**m.FILE_MODELS, **m.OPTIONAL_FILE_MODELS}
    models = {schema_name(file): model for file, model in files.items()}
    return {f"{name}.schema.json": _dump(model) for name, model in sorted(models.items())}


def _dump(model: type[m.Strict]) -> str:
    schema = {"$schema": DIALECT, **model.model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write(root: Path) -> list[Path]:
    """Write every schema into root/schemas/, removing ones no model produces any more."""
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    wanted = schemas()
    for stale in folder.glob("*.schema.json"):
        if stale.name not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in wanted]
