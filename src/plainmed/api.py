"""What engines (the MkDocs plugin, the CLI) call: one import point for the pipeline."""

from jinja2 import TemplateError

from .cache import ContentCache, digest
from .handout import HandoutError
from .load import ContentError
from .pipeline import generate
from .readability import cached_grade, median_grade
from .render import COMPILED
from .site_handouts import print_later

__all__ = [
    "COMPILED",
    "ContentCache",
    "ContentError",
    "HandoutError",
    "TemplateError",
    "digest",
    "generate",
    "cached_grade",
    "median_grade",
    "print_later",
]
