"""What engines (the MkDocs plugin, the CLI) call: one import point for the pipeline."""

from jinja2 import TemplateError

from .load import ContentError
from .pipeline import generate

__all__ = ["ContentError", "TemplateError", "generate"]
