"""YAML files read through the build cache: what the fast reader made is kept as JSON, which loads many times
faster than YAML parses, so a later build does not parse an unchanged file again (load.read's `fast`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plainmed.cache import ContentCache, code_digest
from plainmed.content import yamlfast
from plainmed.content.load import Loc


def parser(cache: ContentCache):
    """The `fast` reader for load.read: kept in the cache folder when there is one."""
    if cache.folder is None:
        return yamlfast.parse
    return lambda text: _parse_kept(text, cache)


def _parse_kept(text: str, cache: ContentCache) -> tuple[Any, KeptMarks] | None:
    """Data and marks are kept apart: the marks are read only when a problem needs a location, which most
    builds never do (they were most of the memory a large library's content took)."""
    inputs = [code_digest(__name__), text]

    def parsed() -> dict:
        fast = yamlfast.parse(text)
        if fast is None:
            return {}  # kept too: the next build goes straight to ruamel for its exact message
        data, marks = fast
        cache.keep_json("marks", inputs, _marks_json(marks))
        return {"data": data}

    kept = cache.json("yaml", inputs, parsed)
    return (kept["data"], KeptMarks(cache, inputs, text)) if "data" in kept else None


@dataclass(frozen=True)
class KeptMarks:
    """Marks in the build cache, read when first asked for (parsed again if the file has gone)."""

    cache: ContentCache
    inputs: list
    text: str

    def read(self) -> list:
        kept = self.cache.stored_json("marks", self.inputs)
        return _marks_json(yamlfast.parse(self.text)[1]) if kept is None else kept


def _marks_json(marks: dict[tuple, Loc]) -> list:
    return [[list(keys), *loc] for keys, loc in marks.items()]
