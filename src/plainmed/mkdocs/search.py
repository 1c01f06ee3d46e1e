"""The site's search index: Pagefind over the built pages, in parts, each kept in the build cache.

Pagefind writes a chunked index: a search downloads the few small chunks its words are in and the pages it
shows, never the whole library (Material's own index holds every page and is fetched whole when search opens).
Only the article of a medicine page is indexed (`data-pagefind-body` in templates/theme/main.html), without the
page furniture the readability score skips too.

Pagefind indexes everything it is given every time, so a large library is split into parts by medicine, each
indexed on its own and kept by its pages' bytes: an edit to one medicine indexes only its part again. The search
worker loads the first part and merges the others (Pagefind's mergeIndex), which share the first part's
WebAssembly; parts.json lists them.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from plainmed.background import QUEUE
from plainmed.cache import ContentCache, code_digest, digest, versions
from plainmed.render.readability import NOT_READ

BUNDLE = "pagefind"  # folder of the site the index is written to; the search worker loads it from there
PARTS = "parts.json"  # in BUNDLE: the parts' folders, the first one the worker loads Pagefind from
# Pagefind ranks by each index's own word statistics: a part of at least this many medicines keeps them close
# to the whole library's (a part of one medicine ranks a word every page of it uses below a page that names it
# once). At most MAX_PARTS: a search fetches a small chunk from each part.
MEDICINES_PER_PART = 20
MAX_PARTS = 16
# Pagefind's own search interfaces, which it writes beside the index: Material's search box is the interface
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
# What only the first part needs: the others are merged into it and use its script and WebAssembly.
FIRST_ONLY = ("pagefind.js", "pagefind-worker.js", "wasm.*.pagefind")
# Page furniture left out of the index: the readability score's list, and the "edit this page" button.
IGNORED = (*NOT_READ, ".md-content__button")


class SearchError(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass(frozen=True)
class Indexed:
    pages: int  # pages in the index
    seconds: float
    parts: int
    made: int  # parts Pagefind indexed in this build; the others came from the build cache

    @property
    def reused(self) -> bool:
        return self.made == 0

    def message(self) -> str:
        if self.reused:
            return f"search: index of the {self.pages} medicine pages from the build cache"
        made = f"search: index of the {self.pages} medicine pages made in {self.seconds:.2f} s"
        if self.parts == 1:
            return made
        kept = self.parts - self.made
        return f"{made} ({self.made} of its {self.parts} parts indexed{f', {kept} from the cache' if kept else ''})"


def part_count(medicines: int, per_part: int = MEDICINES_PER_PART) -> int:
    """Parts of the index for a library: a power of two, so that as the library grows each part splits in two."""
    parts = 1
    while parts * 2 <= min(MAX_PARTS, medicines // per_part):
        parts *= 2
    return parts


def part_of(slug: str, parts: int) -> str:
    """The part of the index a medicine is in: the same in every build while the number of parts stays."""
    return f"{int(hashlib.sha256(slug.encode()).hexdigest(), 16) % parts:02d}"


def index_site(
    site_dir: Path, cache: ContentCache, expected: Mapping[str, int], nice: int = 0, parts: int | None = None
) -> Indexed:
    """Write the search bundle into site_dir/pagefind: each part from the cache when none of its pages changed,
    else with Pagefind.

    `expected` is each medicine's number of pages: a part of any other number means a page lost its
    data-pagefind-body mark (Pagefind would then index whole pages, menus and all, without a word).
    `nice` lowers Pagefind's CPU priority (under serve, so the next rebuild is not slowed by it). `parts`: how
    many parts to split the library into, if not the number part_count() gives for its size.
    """
    start = time.perf_counter()
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    how_many = parts or part_count(len(expected))
    parts_of: dict[str, list[str]] = {}
    for slug in sorted(expected):
        parts_of.setdefault(part_of(slug, how_many), []).append(slug)
    made = 0
    for part, slugs in sorted(parts_of.items()):
        folder = site_dir / BUNDLE / part
        # code_digest: how Pagefind is run is ours
        key = [digest([code_digest(__name__), *versions("pagefind-bin"), _pages_digest(site_dir, slugs)])]
        kept = cache.stored("search", key)
        if kept is not None and _unpacked(kept.read_bytes() if isinstance(kept, Path) else kept, folder):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        _run_pagefind(site_dir, slugs, folder, nice)
        made += 1
        count, want = _page_count(folder), sum(expected[s] for s in slugs)
        if count != want:
            raise SearchError(
                f"Pagefind indexed {count} pages, not the {want} medicine pages: each must carry "
                "data-pagefind-body (templates/theme/main.html), and no other page"
            )
        cache.keep("search", key, _packed(folder))
    order = sorted(parts_of)
    for part in order[1:]:
        for pattern in FIRST_ONLY:
            for path in (site_dir / BUNDLE / part).glob(pattern):
                path.unlink()
    (site_dir / BUNDLE / PARTS).write_text(json.dumps([f"{p}/" for p in order]), encoding="utf-8")
    return Indexed(sum(expected.values()), time.perf_counter() - start, len(parts_of), made)


def _pages_digest(site_dir: Path, slugs: list[str]) -> str:
    """Every HTML page of these medicines: its path and bytes. os.walk and plain reads: faster than rglob and
    Path objects, which showed in a large library's rebuild profile."""
    pages = []
    for slug in slugs:
        for top, _, names in os.walk(site_dir / slug):
            pages += [os.path.join(top, name) for name in names if name.endswith(".html")]
    return digest(part for page in sorted(pages) for part in (os.path.relpath(page, site_dir), _read(page)))


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def indexed(site_dir: Path) -> dict[str, str]:
    """Each indexed page's URL and the text Pagefind holds for it, read back from its fragment files."""
    pages = {}
    for fragment in (site_dir / BUNDLE).glob("*/fragment/*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[record["url"]] = record["content"]
    return pages


def _page_count(bundle: Path) -> int:
    if not (bundle / "pagefind-entry.json").is_file():  # Pagefind found no page to index
        return 0
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def _run_pagefind(site_dir: Path, slugs: list[str], folder: Path, nice: int) -> None:
    try:
        from pagefind_bin import get_executable  # the binary ships in a wheel from PyPI (pagefind-bin)

        command = [str(get_executable()), "--site", str(site_dir), "--output-path", str(folder), "--silent"]
        command += ["--glob", f"{{{','.join(slugs)}}}/**/*.html", "--exclude-selectors", ", ".join(IGNORED)]
        if nice and shutil.which("nice"):  # the nice command, not preexec_fn: serve runs threads
            command = ["nice", "-n", str(nice), *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except (ImportError, OSError) as e:
        raise SearchError(f"Pagefind could not run ({e}); scripts/build installs it from requirements.lock") from None
    if done.returncode != 0:
        raise SearchError(f"Pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")
    for pattern in UNUSED:
        for path in folder.glob(pattern):
            path.unlink()


def _packed(folder: Path) -> bytes:
    # One uncompressed tar: Pagefind's files are compressed already, and the cache keeps a value as one file.
    buffer = io.BytesIO()
    # ustar: no pax header before each file, which made reading the tar back much slower
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            tar.add(path, arcname=path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _unpacked(data: bytes, folder: Path) -> bool:
    """Write a kept bundle into the folder; False, writing nothing, if it is not one _packed() made."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
            if not all(member.isfile() for member in tar.getmembers()):
                return False
            tar.extractall(folder, filter="data")  # refuses names that point outside the folder
    except (tarfile.TarError, OSError):
        return False
    return True


def index_later(site_dir: Path, cache: ContentCache, expected: Mapping[str, int], log) -> None:
    """Under `mkdocs serve`: index after a rebuild without holding up the page reload (the latest rebuild wins)."""

    work = partial(index_site, site_dir, cache, expected, nice=10)
    done = lambda indexed: log.info(f"{indexed.message()} (in the background)")  # noqa: E731
    QUEUE.submit("search", work, done, lambda error: log.error(f"search: {error}"))
