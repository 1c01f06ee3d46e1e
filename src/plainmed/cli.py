"""The `plainmed` command line. Each subcommand lives in its own module and is registered here."""

from __future__ import annotations

import click

from . import bench, check_cli, diff_cli, handout_cli, new_cli, review_cli, schema_cli


@click.group()
def main() -> None:
    """plainmed: medicine pages, clinician pages and clinic handouts from one checked source."""


# Subcommands are added below as `main.add_command(module.command)`, one line each.
main.add_command(check_cli.check)
main.add_command(new_cli.new)
main.add_command(schema_cli.export_schema)
main.add_command(bench.command)
main.add_command(handout_cli.handout)
main.add_command(review_cli.review_group)
main.add_command(diff_cli.diff)
