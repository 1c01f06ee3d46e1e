"""The benchmark and its synthetic library: outside the product path."""
