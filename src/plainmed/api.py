"""What engines (the MkDocs plugin, the CLI) call: one import point for the pipeline."""

from jinja2 import TemplateError

from .load import ContentError
from .pipeline import generate
from .readability import grade_page, median_grade

__all__ = ["ContentError", "TemplateError", "generate", "grade_page", "median_grade"]
