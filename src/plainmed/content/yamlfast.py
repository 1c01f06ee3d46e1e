"""A fast path for reading valid YAML with line marks, through libyaml (PyYAML's C parser).

ruamel's round-trip loader is pure Python and was most of a large library's build; libyaml composes the same
files many times faster. Scalars are resolved the YAML 1.2 way (as ruamel does: `no` stays a string) and
dates stay strings. Anything unusual (a syntax error, a duplicate key, a merge key, a custom tag)
returns None, and the caller reads the file again with ruamel, which gives the exact error message.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when PyYAML was built with libyaml
_STANDARD = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?$")
_NUMBERISH = re.compile(r"^[-+]?(0[box][0-9a-fA-F_]+|[0-9_.]+([eE][-+]?[0-9]+)?|\.(inf|Inf|INF|nan|NaN|NAN))$")

Marks = dict[tuple, tuple[int, int]]


class _Unsupported(Exception):
    """The file needs ruamel: the fast path gives up rather than guess."""


def parse(text: str) -> tuple[Any, Marks] | None:
    """(plain data, marks) like load._plain, or None when only the ruamel path can answer exactly."""
    try:
        node = yaml.compose(text, Loader=_Loader)
        marks: Marks = {}
        return (None if node is None else _plain(node, (), marks)), marks
    except (yaml.YAMLError, _Unsupported, RecursionError):
        return None


def _plain(node: yaml.Node, keys: tuple, marks: Marks) -> Any:
    if not node.tag.startswith(_STANDARD):
        raise _Unsupported(node.tag)
    if isinstance(node, yaml.MappingNode):
        return _mapping(node, keys, marks)
    if isinstance(node, yaml.SequenceNode):
        out = []
        for i, item in enumerate(node.value):
            marks[(*keys, i)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            out.append(_plain(item, (*keys, i), marks))
        return out
    return _scalar(node)


def _mapping(node: yaml.MappingNode, keys: tuple, marks: Marks) -> dict:
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == _STANDARD + "merge":
            raise _Unsupported("complex or merge key")
        key = _scalar(key_node)
        if str(key) in out:
            raise _Unsupported("duplicate key")  # ruamel reports it with its line
        marks[(*keys, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        out[str(key)] = _plain(value_node, (*keys, key), marks)
    return out


def _scalar(node: yaml.ScalarNode) -> Any:
    """PyYAML resolves plain scalars the YAML 1.1 way; keep only what YAML 1.2 (ruamel) agrees with."""
    value, kind = node.value, node.tag.removeprefix(_STANDARD)
    if node.style:  # quoted or block text (plain style is None or "")
        return value
    if kind == "str" and not _NUMBERISH.match(value):
        return value
    if kind in ("timestamp", "bool") and value not in _BOOL:
        return value  # dates stay text for the schema; yes/no/on/off are text in YAML 1.2
    if kind == "bool":
        return _BOOL[value]
    if kind == "null" and _NULL.match(value):
        return None
    if kind == "int" and _INT.match(value):
        return int(value)
    if kind == "float" and _FLOAT.match(value):
        return float(value)
    raise _Unsupported(f"scalar {value!r} resolves differently in YAML 1.1 and 1.2")
