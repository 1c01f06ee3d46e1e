"""What engines (the MkDocs plugin, the CLI) call: one import point for the pipeline."""

from jinja2 import TemplateError

from .cache import ContentCache, digest
from .handout import HandoutError
from .load import ContentError
from .pipeline import generate
from .readability import grade_page, median_grade

__all__ = [
    "ContentCache",
    "ContentError",
    "HandoutError",
    "TemplateError",
    "digest",
    "generate",
    "grade_page",
    "median_grade",
]
