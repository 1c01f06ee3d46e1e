"""What engines (the MkDocs plugin, the CLI) call: one import point for the pipeline."""

from jinja2 import TemplateError

from .cache import ContentCache, digest
from .handout import HandoutError, placeholder_url
from .html_guard import UnsafeHtml, seal
from .load import ContentError
from .pipeline import generate
from .readability import cached_grade, median_grade
from .render import COMPILED, Trust
from .search import BACKGROUND as SEARCH_BACKGROUND
from .search import SearchError, index_site
from .site_handouts import print_later

__all__ = [
    "COMPILED",
    "SEARCH_BACKGROUND",
    "SearchError",
    "ContentCache",
    "ContentError",
    "HandoutError",
    "TemplateError",
    "digest",
    "generate",
    "index_site",
    "cached_grade",
    "median_grade",
    "print_later",
    "placeholder_url",
    "seal",
    "Trust",
    "UnsafeHtml",
]
