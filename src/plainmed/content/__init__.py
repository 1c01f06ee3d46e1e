"""The content layer: YAML with line marks, the schema, the catalogue and its cross-file checks, regions."""
