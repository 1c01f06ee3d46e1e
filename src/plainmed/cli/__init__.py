"""The `plainmed` command line: one module per subcommand, plus scaffolding."""
