"""The `plainmed` command line. Each subcommand lives in its own module, imported only when it runs, so a quick
command such as `plainmed check` does not pay for the benchmark's or the handout printer's imports."""

from __future__ import annotations

import importlib

import click

# command name -> "module:attribute"; add a line here for a new subcommand.
COMMANDS = {
    "check": "cli.check:check",
    "new": "cli.new:new",
    "schema": "cli.schema:export_schema",
    "bench": "bench.bench:command",
    "handout": "cli.handout:handout",
    "review": "cli.review:review_group",
    "diff": "cli.diff:diff",
}


class LazyGroup(click.Group):
    """click's documented pattern for subcommands imported on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name].split(":")
        return getattr(importlib.import_module(f"plainmed.{module}"), attribute)


@click.group(cls=LazyGroup)
def main() -> None:
    """plainmed: medicine pages, clinician pages and clinic handouts from one checked source."""
