"""The render layer: Jinja over templates/, the Markdown extensions, wording, readability and editorial checks."""
