"""The plan layer: the warning placement policy and the page map."""
