"""The benchmark: build synthetic libraries of N medicines and measure time, memory, page weight and live reload.

Every build runs `mkdocs build --strict` in its own process (whole-process time, as a user sees it), with an
empty build cache. The plugin reports how long our own steps took (PLAINMED_TIMINGS) and how long each PDF
took to print. Figures are medians of several runs.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import click

from plainmed.bench import synth
from plainmed.bench.bare import bare_project
from plainmed.mkdocs import search

TEMPLATE_MEDICINE = "isotretinoin"
PATIENT_PAGE = "isotretinoin/side-effects/index.html"  # the page whose first view is weighed
PROJECT_FILES = ("mkdocs.yml", "docs", "templates")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass
class Row:
    """One line of the table: the medians for one library size."""

    medicines: int
    pages: int
    build_s: float
    cpu_s: float
    generator_s: float
    peak_mb: float
    html_kb: float
    first_view_kb: float
    search_kb: float
    nav_links: int
    handouts_s: float = 0.0  # all handout PDFs of the library, kept apart from the generator's own share
    search_s: float = 0.0  # Pagefind indexing the built pages
    handout_s: float | None = None  # seconds per handout PDF (n/a when a site has none)
    reload_s: float | None = None
    rebuild_s: float = 0.0  # a whole build with the build cache full (nothing changed)
    rebuild_ours_s: float = 0.0  # of which our steps
    edit_rebuild_s: float = 0.0  # a whole build with the cache full, after one medicine's text changed
    template_rebuild_s: float = 0.0  # the same, after a page template changed one page of every medicine
    steps: dict[str, float] = field(default_factory=dict)
    bare_s: float = 0.0  # bare Material building the same pages with the project's theme, features and nav
    bare_auto_nav_s: float = 0.0  # the same with MkDocs' default navigation (every page in the nav)

    @property
    def mkdocs_s(self) -> float:
        return self.build_s - self.generator_s - self.handouts_s - self.search_s


def make_project(root: Path, dest: Path, medicines: int) -> Path:
    """A copy of the project's site inputs with a synthetic library of `medicines` in content/."""
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    synth.write_library(root / "content" / TEMPLATE_MEDICINE, dest / "content", medicines)
    return dest


def measure(project: Path, runs: int) -> Row:
    """Build `runs` times and weigh the result; every time is a median."""
    builds = [_build(project) for _ in range(runs)]
    # Then again with the cache the last build left: what a rebuild costs when no medicine changed.
    rebuilds = [_build(project, fresh=False) for _ in range(runs)]
    # And after an edit to one medicine, as a deploy after a merged pull request: its pages and 3 PDFs made
    # again, and the search index (Pagefind indexes the whole site each time).
    edited = []
    for _ in range(runs):
        add_sentence(edited_file(project))
        edited.append(_build(project, fresh=False))
    # And after a page template changed, as a deploy after a template fix: one page of every medicine is
    # converted again; no PDF is printed again, since no handout changed.
    templated = []
    for _ in range(runs):
        edit_template(project)
        templated.append(_build(project, fresh=False))
    laps = [report["steps"] for *_, report in builds]
    pdfs = [report["pdfs"] for *_, report in builds]
    site = project / "site"
    pages = [p for p in site.rglob("index.html")]
    steps = {step: statistics.median(lap[step] for lap in laps) for step in laps[0]}
    return Row(
        medicines=sum(1 for p in (project / "content").iterdir() if p.is_dir()),
        pages=len(pages),
        build_s=statistics.median(b[0] for b in builds),
        rebuild_s=statistics.median(b[0] for b in rebuilds),
        rebuild_ours_s=statistics.median(_ours(b[3]["steps"]) for b in rebuilds),
        edit_rebuild_s=statistics.median(b[0] for b in edited),
        template_rebuild_s=statistics.median(b[0] for b in templated),
        # the PDF workers' time, which the build process's own CPU time leaves out
        cpu_s=statistics.median(b[1] + sum(b[3]["pdfs"]) for b in builds),
        generator_s=statistics.median(_ours(lap) - lap.get("handouts", 0.0) for lap in laps),
        handouts_s=steps.get("handouts", 0.0),
        search_s=steps.get("search", 0.0),
        peak_mb=statistics.median(b[2] for b in builds),
        html_kb=statistics.median(p.stat().st_size for p in pages) / 1024,
        first_view_kb=first_view_bytes(site, PATIENT_PAGE) / 1024,
        search_kb=search_bytes(site) / 1024,
        nav_links=nav_links(site / PATIENT_PAGE),
        handout_s=statistics.median(statistics.median(p) for p in pdfs) if all(pdfs) else None,
        steps=steps,
    )


def _ours(steps: dict[str, float]) -> float:
    """Our steps' seconds: all but Pagefind's indexing, which is a library's work, as MkDocs' is."""
    return sum(seconds for step, seconds in steps.items() if step != "search")


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}


def _build(project: Path, fresh: bool = True) -> tuple[float, float, float, dict[str, float]]:
    """(wall seconds, CPU seconds, peak resident MB, our steps' seconds) of one `mkdocs build --strict` process.

    With fresh, the build cache is emptied first, so the build is a whole build (all handout PDFs printed);
    it leaves the cache full, as `scripts/serve` or the next `scripts/build` finds it.
    """
    if fresh:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    timings = project / "timings.json"
    wall, cpu, peak = _mkdocs_build(project, PLAINMED_TIMINGS=str(timings))
    return wall, cpu, peak, json.loads(timings.read_text())


def _mkdocs_build(project: Path, **env: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MB) of one `mkdocs build --strict` process in `project`."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml")]
    cmd += ["-d", str(project / "site")]
    log = project / "build.log"
    start = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=_env(**env), cwd=project)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"build of {project} failed:\n{log.read_text(errors='replace')[-3000:]}")
    # CPU time and peak memory are the build process's own: PDF workers are children of the forkserver
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class _Refs(HTMLParser):
    """What a browser fetches for a page before any interaction: styles, scripts, icons, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.nav_links = 0
        self.lazy_search = False
        self.search_form = False
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "link" and {"stylesheet", "icon"} & set((a.get("rel") or "").split()):
            self.urls.append(a.get("href") or "")
        elif tag in ("script", "img") and a.get("src"):
            self.urls.append(a["src"])
            self.lazy_search |= tag == "script" and "data-plainmed-lazy-search" in a  # a file since the CSP
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True
        self._nav_depth += tag == "nav"
        self.nav_links += tag == "a" and self._nav_depth > 0 and bool(a.get("href"))

    def handle_endtag(self, tag: str) -> None:
        self._nav_depth -= tag == "nav" and self._nav_depth > 0


def _parse(page: Path) -> _Refs:
    refs = _Refs()
    refs.feed(page.read_text(encoding="utf-8"))
    return refs


def nav_links(page: Path) -> int:
    """Links inside <nav> elements: site nav, tabs, table of contents, the medicine's page menu."""
    return _parse(page).nav_links


def first_view_files(site: Path, page: str) -> list[Path]:
    """Local files a first view of `page` downloads, from the built files alone (no browser)."""
    refs = _parse(site / page)
    urls = [u for u in refs.urls if not urlsplit(u).scheme and not u.startswith("//")]
    base = "/" + page
    files = [_local(site, urljoin(base, u)) for u in urls]
    for css in [f for f in files if f.suffix == ".css"]:
        css_base = "/" + css.relative_to(site).as_posix()
        files += [_local(site, urljoin(css_base, u)) for u in _CSS_URL.findall(css.read_text("utf-8"))]
    if refs.search_form:  # Material fetches these from JavaScript on page load, unless search is deferred
        workers = site / "assets/javascripts/workers"
        if refs.lazy_search:
            files.append(workers / "pagefind-search.js")
        else:
            files += [*workers.glob("search.*.min.js"), site / "search/search_index.json"]
    return [site / page, *dict.fromkeys(f for f in files if f.is_file())]


def _local(site: Path, url: str) -> Path:
    return site / urlsplit(url).path.lstrip("/")


def first_view_bytes(site: Path, page: str) -> int:
    """Gzip-compressed bytes of a first view (level 6, as web servers commonly serve)."""
    return sum(len(gzip.compress(f.read_bytes(), 6)) for f in first_view_files(site, page))


def search_bytes(site: Path, shown: int = 10) -> int:
    """At most what one search downloads, gzip: what opening search loads (Material's settings, Pagefind's
    script and WebAssembly, each part's entry and page list), the largest index chunk of each part and the
    `shown` largest page fragments (the worker shows 10 results). Pagefind's own files are compressed already."""
    bundle = site / search.BUNDLE
    parts = [bundle / part for part in json.loads((bundle / search.PARTS).read_text(encoding="utf-8"))]
    fixed = [site / "search/search_index.json", bundle / search.PARTS, parts[0] / "pagefind.js"]
    fixed += [part / "pagefind-entry.json" for part in parts]
    chunks = [max(p.stat().st_size for p in (part / "index").iterdir()) for part in parts]
    fragments = sorted((p.stat().st_size for p in bundle.glob("*/fragment/*")), reverse=True)[:shown]
    compressed = [p.stat().st_size for p in (*parts[0].glob("wasm.en.pagefind"), *bundle.glob("*/*.pf_meta"))]
    return sum(len(gzip.compress(p.read_bytes(), 6)) for p in fixed) + sum(compressed + chunks + fragments)


def live_reload(project: Path, edits: int, timeout: float = 60.0) -> list[float]:
    """Seconds from saving an edited YAML file to `mkdocs serve --dirty` serving the changed page."""
    path = edited_file(project)
    with serving(project) as (url, proc):
        page = f"{url}{path.parent.name}/"
        wait_for(page, "</html>", timeout * 15, proc)  # the first full build is not what is timed
        return [edit_and_wait(path, page, timeout, proc) for _ in range(edits)]


def edited_file(project: Path) -> Path:
    """The file the benchmark edits: one synthetic medicine's overview (its first page)."""
    medicine = sorted(p.name for p in (project / "content").iterdir() if p.name != TEMPLATE_MEDICINE)[0]
    return project / "content" / medicine / "overview.yml"


def add_sentence(path: Path) -> str:
    """Add a new sentence to the intro of a content file; returns it."""
    marker = f"Benchmark edit {time.time_ns()}."
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("intro: |\n", f"intro: |\n  {marker}\n\n", 1), encoding="utf-8")
    return marker


def edit_template(project: Path) -> None:
    """Add a comment to the overview page's template: every medicine's overview Markdown changes, nothing else."""
    path = project / "templates" / "patient" / "overview.md.j2"
    text = path.read_text(encoding="utf-8")
    marker = f"<!-- benchmark template edit {text.count('benchmark template edit') + 1} -->"  # the same at every N
    block = "{% block key_facts %}\n"
    assert block in text, f"{path} has no {block!r}: the benchmark cannot edit it"
    path.write_text(text.replace(block, f"{block}{marker}\n", 1), encoding="utf-8")


@contextmanager
def serving(project: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    """`mkdocs serve --dirty` as scripts/serve runs it, on a free port; its log goes to serve.log."""
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"]
    with (project / "serve.log").open("wb") as log:
        proc = subprocess.Popen([*cmd, "-f", str(project / "mkdocs.yml")], stdout=log, stderr=log, env=_env())
        try:
            yield f"http://127.0.0.1:{port}/", proc
        finally:
            proc.terminate()
            proc.wait(10)


def edit_and_wait(path: Path, url: str, timeout: float, proc: subprocess.Popen) -> float:
    """Add a sentence to an intro, and time how long until `url` shows it."""
    start = time.perf_counter()
    marker = add_sentence(path)
    wait_for(url, marker, timeout, proc)
    return time.perf_counter() - start


def wait_for(url: str, needle: str, timeout: float, proc: subprocess.Popen) -> None:
    wait_for_bytes(url, lambda data: needle.encode("utf-8") in data, timeout, proc)


def wait_for_bytes(url: str, wanted: Callable[[bytes], bool], timeout: float, proc: subprocess.Popen) -> bytes:
    """Poll `url` until its body is what is wanted; the server must stay up meanwhile."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve stopped (exit {proc.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                data = response.read()
            if wanted(data):
                return data
        except (OSError, http.client.HTTPException):  # not up yet, or a file replaced while it was being sent
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show what was expected within {timeout} s")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


COLUMNS = (
    ("N", "{r.medicines}"),
    ("pages", "{r.pages}"),
    ("build s", "{r.build_s:.2f}"),
    ("CPU s", "{r.cpu_s:.2f}"),
    ("generator s", "{r.generator_s:.2f}"),
    ("generator %", "{pct:.1f}"),
    ("handouts s", "{r.handouts_s:.2f}"),
    ("search s", "{r.search_s:.2f}"),
    ("MkDocs s", "{r.mkdocs_s:.2f}"),
    ("peak MB", "{r.peak_mb:.0f}"),
    ("PDF s/handout", "{pdf}"),
    ("HTML KB/page", "{r.html_kb:.1f}"),
    ("first view KB gz", "{r.first_view_kb:.1f}"),
    ("search KB gz", "{r.search_kb:.1f}"),
    ("nav links", "{r.nav_links}"),
    ("rebuild s", "{r.rebuild_s:.2f}"),
    ("rebuild ours %", "{rebuild_pct:.1f}"),
    ("edit rebuild s", "{r.edit_rebuild_s:.2f}"),
    ("template rebuild s", "{r.template_rebuild_s:.2f}"),
    ("reload s", "{reload}"),
)


def table(rows: list[Row]) -> str:
    """A Markdown table, one row per library size."""
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for r in rows:
        values = {
            "r": r,
            "pct": 100 * r.generator_s / r.build_s,
            "rebuild_pct": 100 * r.rebuild_ours_s / r.rebuild_s,
            "pdf": "n/a" if r.handout_s is None else f"{r.handout_s:.2f}",
            "reload": "–" if r.reload_s is None else f"{r.reload_s:.2f}",
        }
        lines.append("| " + " | ".join(fmt.format(**values) for _, fmt in COLUMNS) + " |")
    return "\n".join(lines)


def against_material(r: Row) -> str:
    """Our builds beside bare Material on the same pages (largest library measured): whole processes."""
    cold_pages = r.build_s - r.handouts_s
    lines = [
        f"At N = {r.medicines} medicines ({r.pages} pages), medians of whole `mkdocs build` processes:",
        "",
        "| build | time s | ratio to bare Material |",
        "|---|---|---|",
    ]
    for name, seconds in (
        ("plainmed cold, empty cache", r.build_s),
        ("of which the handout step (waiting for PDFs)", r.handouts_s),
        ("plainmed cold minus the handout step", cold_pages),
        ("plainmed warm, nothing changed", r.rebuild_s),
        ("plainmed, one medicine edited", r.edit_rebuild_s),
        ("bare Material, same pages, the project's nav and features", r.bare_s),
        ("bare Material, default navigation", r.bare_auto_nav_s),
    ):
        ratio = "" if name.startswith("of which") else f"{seconds / r.bare_s:.2f}x"
        lines.append(f"| {name} | {seconds:.2f} | {ratio} |")
    lines.append(f"| one medicine edited, against warm | | {r.edit_rebuild_s / r.rebuild_s:.2f}x warm |")
    return "\n".join(lines)


def run(root: Path, sizes: list[int], runs: int, reload_edits: int, workdir: Path) -> list[Row]:
    """Measure each library size; time live reload at the largest one when reload_edits > 0."""
    rows = []
    for n in sizes:
        project = make_project(root, workdir / f"n{n}", n)
        rows.append(measure(project, runs))
        if n != max(sizes):  # the comparison is reported for the largest library
            continue
        tuned = bare_project(project, workdir / f"n{n}-bare")
        rows[-1].bare_s = statistics.median(_mkdocs_build(tuned)[0] for _ in range(runs))
        auto = bare_project(project, workdir / f"n{n}-bare-auto", auto_nav=True)
        rows[-1].bare_auto_nav_s = statistics.median(_mkdocs_build(auto)[0] for _ in range(runs))
        if reload_edits:
            rows[-1].reload_s = statistics.median(live_reload(project, reload_edits))
    return rows


@click.command("bench")
@click.option("--sizes", default="10,100,300", show_default=True, help="Library sizes (medicines), comma-separated.")
@click.option("--runs", default=3, show_default=True, help="Builds per size; the table shows medians.")
@click.option("--reload-edits", default=5, show_default=True, help="Edits timed under `mkdocs serve` (0: skip).")
@click.option("--quick", is_flag=True, help="N=2 and N=6, one run each, no live reload: for the test suite.")
@click.option("--keep", type=click.Path(file_okay=False, path_type=Path), help="Keep the built projects here.")
@click.option("--pdf-cpu", is_flag=True, help="Only the CPU seconds to print each of this project's handout PDFs.")
def command(sizes: str, runs: int, reload_edits: int, quick: bool, keep: Path | None, pdf_cpu: bool) -> None:
    """Build synthetic libraries of N medicines and print time, memory, page weight and live-reload figures."""
    if pdf_cpu:
        from plainmed.bench.pdf_cpu import pdf_cpu as measure_pdfs

        for uri, seconds in measure_pdfs(Path.cwd()):
            click.echo(f"{uri}: {seconds:.3f} s CPU (median of 5 prints in one warm process)")
        return
    if quick:
        sizes, runs, reload_edits = "2,6", 1, 0
    counts = [int(n) for n in sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="plainmed-bench-") as tmp:
        workdir = keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        rows = run(Path.cwd(), counts, runs, reload_edits, workdir)
    click.echo(table(rows))
    click.echo("")
    click.echo(against_material(rows[-1]))
    click.echo(f"medians of {runs} run(s); generator = load, validate, plan, render, readability ({_steps(rows[-1])})")


def _steps(row: Row) -> str:
    return ", ".join(f"{step} {seconds:.2f} s" for step, seconds in row.steps.items()) + f" at N={row.medicines}"
