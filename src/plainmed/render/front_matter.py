"""Front matter of a generated page: written by render, read back by the MkDocs layer (kept.py).

Written as `key: <JSON>` lines: JSON is valid YAML and keeps quoting of any text safe, and reading them as JSON
gives what YAML gives, much faster. Both sides call this module, so the format is agreed in one place.
"""

from __future__ import annotations

import json
import re

# mkdocs.utils.meta.YAML_RE: the block MkDocs reads as front matter (MkDocs itself is imported only in mkdocs/)
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)


def write(meta: dict) -> str:
    """The front matter block for `meta` (no numbers in it: YAML and JSON can read a number differently)."""
    return "---\n" + "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in meta.items()) + "\n---\n"


def read(source: str) -> tuple[str, dict] | None:
    """(Markdown, metadata) as mkdocs.utils.meta.get_data reads them, when every front matter line is
    `key: <JSON>` holding no number (YAML and JSON can read a number differently); otherwise None."""
    found = YAML_RE.match(source)
    if not found:
        return None
    meta = {}
    for line in found.group(1).splitlines():
        key, sep, value = line.partition(": ")
        if not sep or not _KEY.fullmatch(key) or key.lower() in _YAML_WORDS or key in meta:
            return None
        try:
            meta[key] = json.loads(value)
        except ValueError:
            return None
        if not _numberless(meta[key]):
            return None
    return source[found.end() :].lstrip("\n"), meta


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}  # keys YAML would not read as text


def _numberless(value: object) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _numberless(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_numberless(v) for v in value)
    return value is None or isinstance(value, (str, bool))
