"""The plan layer: the page map, which pages exist, where, and which warnings each must show (the placement policy
it applies is content/placement.py, below the catalogue, because each medicine's contract is checked against it at
load)."""
