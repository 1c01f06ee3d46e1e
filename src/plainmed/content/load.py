"""Read YAML with line marks and validate it, collecting every problem as `path:line:col: field: message`."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError

from plainmed.content import yaml_errors, yamlfast

Loc = tuple[int, int]  # 1-based line, column


class _Constructor(RoundTripConstructor):
    """Keeps dates as strings: ruamel turns an impossible date into a bare ValueError with no line."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", RoundTripConstructor.construct_yaml_str)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class LazyMarks(Protocol):
    def read(self) -> list:
        """[[keys...], line, column] for each key and item."""


FastParse = Callable[[str], "tuple[Any, dict[tuple, Loc] | LazyMarks] | None"]


@dataclass
class Document:
    """Plain data from one YAML file plus where each value sits in it."""

    path: str
    data: Any
    kept_marks: dict[tuple, Loc] | LazyMarks = field(default_factory=dict)

    @cached_property
    def marks(self) -> dict[tuple, Loc]:
        """Where each key and item sits. Marks kept in the build cache are read only when a problem needs one:
        most builds never ask, and there are hundreds of thousands of them in a large library."""
        if isinstance(self.kept_marks, dict):
            return self.kept_marks
        return {tuple(keys): (line, col) for keys, line, col in self.kept_marks.read()}

    def loc(self, keys: tuple) -> Loc:
        while keys and keys not in self.marks:
            keys = keys[:-1]
        return self.marks.get(keys, (1, 1))

    def problem(self, keys: tuple, message: str, at: tuple | None = None) -> Problem:
        """A problem with field `keys`, placed at `at` (default: the field itself, or its nearest parent)."""
        line, col = self.loc(keys if at is None else at)
        return Problem(self.path, line, col, dotted(keys), message)


class ContentError(Exception):
    """Raised with every problem found, so an editor sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        files = {p.path for p in self.problems}
        lines = [str(p) for p in self.problems]
        noun = "problem" if len(self.problems) == 1 else "problems"
        lines.append(f"{len(self.problems)} {noun} in {len(files)} file{'s' if len(files) != 1 else ''}")
        return "\n".join(lines)


def dotted(keys: tuple) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.allow_duplicate_keys = False
    return yaml


def _plain(node: Any, keys: tuple, marks: dict[tuple, Loc]) -> Any:
    """Turn ruamel's round-trip nodes into dicts/lists, remembering each key's position."""
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            line, col = node.lc.key(key)
            marks[(*keys, key)] = (line + 1, col + 1)
            out[str(key)] = _plain(value, (*keys, key), marks)
        return out
    if isinstance(node, CommentedSeq):
        for i in range(len(node)):
            line, col = node.lc.item(i)
            marks[(*keys, i)] = (line + 1, col + 1)
        return [_plain(v, (*keys, i), marks) for i, v in enumerate(node)]
    if node is None or isinstance(node, (bool, int, float)):
        return node
    return str(node)


def read(path: Path, display: str, fast: FastParse = yamlfast.parse) -> Document:
    """Parse one YAML file; a syntax error becomes a ContentError pointing at the line.

    `fast` reads plain YAML quickly (the build cache passes one that keeps what it read: kept_yaml.py), or gives
    None; then ruamel reads the file, for its exact error messages.
    """
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as e:
        raise ContentError([Problem(display, 1, 1, "", f"cannot read file: {e}")]) from None
    except UnicodeDecodeError as e:
        before = raw[: e.start].decode("utf-8", "replace")
        line, col = _position(before, len(before))
        message = f"byte 0x{raw[e.start]:02x} is not UTF-8 text: save the file as UTF-8"
        raise ContentError([Problem(display, line, col, "", message)]) from None
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        col = text.index("\t") - text.rfind("\n", 0, text.index("\t"))
        raise ContentError([Problem(display, line, col, "", "tab character: indent YAML with spaces")])
    found = fast(text)
    if found is not None:
        return Document(display, *found)
    try:
        node = _yaml().load(text)
    except MarkedYAMLError as e:
        (line, col), message = yaml_errors.describe(e)
        raise ContentError([Problem(display, line, col, "", message)]) from None
    except ReaderError as e:  # a NUL or other control character: YAML refuses it before parsing
        line, col = _position(text, e.position)
        code = e.character if isinstance(e.character, int) else ord(e.character)
        message = f"character U+{code:04X} is not allowed in YAML files: delete it"
        raise ContentError([Problem(display, line, col, "", message)]) from None
    marks: dict[tuple, Loc] = {}
    return Document(display, _plain(node, (), marks), marks)


def _position(text: str, index: int) -> Loc:
    """1-based line and column of a character offset."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _message(error: dict, model: type[BaseModel]) -> tuple[tuple, str]:
    """(field location, message) for one pydantic error, worded for editors."""
    keys = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        hint = _meant(model, keys)
        allowed = ", ".join(_fields_at(model, keys[:-1]))
        suggestion = f" (did you mean '{hint}'?)" if hint else f" (expected one of: {allowed})"
        return keys[:-1], f"unknown key '{keys[-1]}'{suggestion}"
    if kind == "missing":
        return keys, f"required field is missing (add a line '{keys[-1]}: ...')"
    if kind == "model_type":
        fields = ", ".join(_fields_at(model, keys))
        if not keys and error["input"] is None:
            return keys, f"the file is empty: it needs the keys {fields}"
        return keys, f"Expected 'key: value' lines (keys: {fields}), but received: {error['input']!r}"
    if kind == "string_too_short" or (error["input"] is None and kind.endswith("_type")):
        return keys, "is empty: write the value after the ':' (longer text on the next lines, after '>-')"
    if kind == "literal_error":
        expected = error["ctx"]["expected"]
        return keys, f"Expected one of {expected}, but received: {error['input']!r}"
    if kind == "string_pattern_mismatch":
        return keys, f"Expected lower-case words joined by hyphens (like 'dry-skin'), but received: {error['input']!r}"
    message = error["msg"].removeprefix("Value error, ")
    if kind in {"string_type", "list_type", "dict_type", "model_type", "bool_type", "bool_parsing", "int_type"}:
        message = f"{message}, but received: {error['input']!r}"
    return keys, message


def _meant(model: type[BaseModel], keys: tuple) -> str | None:
    """The allowed key an unknown key is probably a typo of."""
    hint = difflib.get_close_matches(str(keys[-1]), _fields_at(model, keys[:-1]), n=1)
    return hint[0] if hint else None


def _fields_at(model: type[BaseModel], keys: tuple) -> list[str]:
    """The field names allowed at a location, for 'did you mean' hints."""
    current: Any = model
    for key in keys:
        if isinstance(key, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        annotation = current.model_fields[key].annotation
        current = _inner_model(annotation)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, BaseModel) else []


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    return annotation


def validate(doc: Document, model: type[BaseModel]) -> Any:
    """Validate a document against its model; raise ContentError naming each field and line."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as e:
        problems = []
        # A misspelt key also leaves the real one missing: report the typo only.
        typos = {
            (*err["loc"][:-1], _meant(model, tuple(err["loc"])))
            for err in e.errors()
            if err["type"] == "extra_forbidden"
        }
        for error in e.errors():
            if error["type"] == "missing" and tuple(error["loc"]) in typos:
                continue
            keys, message = _message(error, model)
            at = tuple(error["loc"]) if error["type"] == "extra_forbidden" else None
            problems.append(doc.problem(keys, message, at=at))
        raise ContentError(problems) from None


def strings(data: Any, keys: tuple = (), skip: Callable[[Any, Any], bool] = lambda key, value: False):
    """Every string in plain YAML data with its location; `skip(key, value)` prunes a branch."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        if isinstance(data, str):
            yield keys, data
        return
    for key, value in items:
        if not skip(key, value):
            yield from strings(value, (*keys, key), skip)
