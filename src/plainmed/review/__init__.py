"""The review layer: what a reader sees on a page, and the clinical sign-off that binds to it."""
