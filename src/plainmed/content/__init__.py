"""The content layer: YAML with line marks, the schema, the warning placement policy, the catalogue and its
cross-file checks (contracts, interactions), regions."""
