"""`plainmed schema`: write schemas/*.json from the content models (commit the result)."""

from __future__ import annotations

from pathlib import Path

import click

from plainmed.cli import json_schema as schema
from plainmed.cli.project import project_option


@click.command("schema")
@project_option
def export_schema(project: Path) -> None:
    """Write the JSON Schema of each content file into schemas/, for YAML autocompletion in editors."""
    written = schema.write(project)
    click.echo(f"wrote {len(written)} schemas to {schema.SCHEMA_DIR}/")
