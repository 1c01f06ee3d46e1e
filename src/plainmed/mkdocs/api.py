"""What engines (the MkDocs plugin, the CLI) call: one import point for the pipeline."""

from jinja2 import TemplateError

from plainmed.cache import ContentCache, digest
from plainmed.content.load import ContentError
from plainmed.handouts.handout import HandoutError, placeholder_url
from plainmed.handouts.site_handouts import print_later
from plainmed.mkdocs.search import BACKGROUND as SEARCH_BACKGROUND
from plainmed.mkdocs.search import SearchError, index_site
from plainmed.pipeline import generate
from plainmed.render.html_guard import UnsafeHtml, seal
from plainmed.render.readability import cached_grade, median_grade
from plainmed.render.render import COMPILED, Trust

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
