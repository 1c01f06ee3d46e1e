"""The site's search index: Pagefind over the built pages, kept in the build cache.

Pagefind writes a chunked index: a search downloads the few small chunks its words are in and the pages it
shows, never the whole library (Material's own index holds every page and is fetched whole when search opens).
Only the article of a medicine page is indexed (`data-pagefind-body` in templates/theme/main.html), without the
page furniture the readability score skips too. Pagefind indexes the whole site every time, so its bundle is
kept, keyed by every indexed page's bytes: a build where no page changed copies it instead.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import subprocess
import tarfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from plainmed.background import QUEUE
from plainmed.cache import ContentCache, code_digest, digest, versions
from plainmed.render.readability import NOT_READ

BUNDLE = "pagefind"  # folder of the site the index is written to; the search worker loads it from there
# Pagefind's own search interfaces, which it writes beside the index: Material's search box is the interface
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
# Page furniture left out of the index: the readability score's list, and the "edit this page" button.
IGNORED = (*NOT_READ, ".md-content__button")


class SearchError(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass(frozen=True)
class Indexed:
    pages: int  # pages in the index
    seconds: float
    reused: bool  # the bundle came from the build cache

    def message(self) -> str:
        source = "from the build cache" if self.reused else f"made in {self.seconds:.2f} s"
        return f"search: index of the {self.pages} medicine pages {source}"


def index_site(site_dir: Path, cache: ContentCache, expected: int, nice: int = 0) -> Indexed:
    """Write the search bundle into site_dir/pagefind: from the cache when no page changed, else with Pagefind.

    `expected` is the number of medicine pages: an index of any other number means a page lost its
    data-pagefind-body mark (Pagefind would then index whole pages, menus and all, without a word).
    `nice` lowers Pagefind's CPU priority (under serve, so the next rebuild is not slowed by it).
    """
    start = time.perf_counter()
    # code_digest: how Pagefind is run is ours
    key = [digest([code_digest(__name__), *versions("pagefind-bin"), _pages_digest(site_dir)])]
    kept = cache.stored("search", key)
    reused = kept is not None and _unpacked(kept.read_bytes() if isinstance(kept, Path) else kept, site_dir / BUNDLE)
    if not reused:
        _run_pagefind(site_dir, nice)
        count = _page_count(site_dir / BUNDLE)
        if count != expected:
            raise SearchError(
                f"Pagefind indexed {count} pages, not the {expected} medicine pages: each must carry "
                "data-pagefind-body (templates/theme/main.html), and no other page"
            )
        cache.keep("search", key, _packed(site_dir / BUNDLE))
    return Indexed(expected, time.perf_counter() - start, reused)


def _pages_digest(site_dir: Path) -> str:
    """Every HTML page's path and bytes. os.walk and plain reads: faster than rglob and Path objects, which
    showed in a large library's rebuild profile."""
    pages = []
    for top, folders, names in os.walk(site_dir):
        if top == str(site_dir) and BUNDLE in folders:
            folders.remove(BUNDLE)
        pages += [os.path.join(top, name) for name in names if name.endswith(".html")]
    return digest(part for page in sorted(pages) for part in (os.path.relpath(page, site_dir), _read(page)))


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def indexed(site_dir: Path) -> dict[str, str]:
    """Each indexed page's URL and the text Pagefind holds for it, read back from its fragment files."""
    pages = {}
    for fragment in (site_dir / BUNDLE / "fragment").glob("*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[record["url"]] = record["content"]
    return pages


def _page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def _run_pagefind(site_dir: Path, nice: int) -> None:
    try:
        from pagefind_bin import get_executable  # the binary ships in a wheel from PyPI (pagefind-bin)

        command = [str(get_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE, "--silent"]
        command += ["--exclude-selectors", ", ".join(IGNORED)]
        if nice and shutil.which("nice"):  # the nice command, not preexec_fn: serve runs threads
            command = ["nice", "-n", str(nice), *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except (ImportError, OSError) as e:
        raise SearchError(f"Pagefind could not run ({e}); scripts/build installs it from requirements.lock") from None
    if done.returncode != 0:
        raise SearchError(f"Pagefind failed ({done.returncode}): {(done.stderr or done.stdout).strip()[-2000:]}")
    for pattern in UNUSED:
        for path in (site_dir / BUNDLE).glob(pattern):
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


def index_later(site_dir: Path, cache: ContentCache, expected: int, log) -> None:
    """Under `mkdocs serve`: index after a rebuild without holding up the page reload (the latest rebuild wins)."""

    work = partial(index_site, site_dir, cache, expected, nice=10)
    done = lambda indexed: log.info(f"{indexed.message()} (in the background)")  # noqa: E731
    QUEUE.submit("search", work, done, lambda error: log.error(f"search: {error}"))
