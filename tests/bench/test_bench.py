"""The benchmark in quick mode: it prints its table, its sites are valid, and pages do not grow with the library."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from plainmed.bench import bench
from plainmed.content.catalog import load_catalog
from plainmed.mkdocs import search
from plainmed.plan.pages import plan_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> tuple[str, Path]:
    """`plainmed bench --quick` once (N=2 and N=6), keeping the built projects to inspect."""
    keep = tmp_path_factory.mktemp("bench")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("plainmed")), "bench", "--quick", "--keep", str(keep)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout, keep


def test_quick_benchmark_prints_the_table(quick):
    out, _ = quick
    first_table = out.split("\n\n")[0]
    header, rule, *rows = [line for line in first_table.splitlines() if line.startswith("|")]
    names = [c.strip() for c in header.strip("|").split("|")]
    columns = ("N", "pages", "build s", "generator s", "handouts s", "MkDocs s", "peak MB", "PDF s/handout")
    for column in (*columns, "HTML KB/page"):
        assert column in names
    assert "first view KB gz" in names and "nav links" in names
    table = [dict(zip(names, (c.strip() for c in row.strip("|").split("|")), strict=True)) for row in rows]
    assert [r["N"] for r in table] == ["2", "6"]
    assert [r["pages"] for r in table] == ["20", "56"], "7 pages, a sources page and a handout a medicine, home, about"
    for r in table:
        assert float(r["build s"]) > float(r["generator s"]) > 0
        assert float(r["handouts s"]) > 0 and float(r["MkDocs s"]) > 0
        assert float(r["peak MB"]) > 10 and float(r["first view KB gz"]) > 10
        assert 0 < float(r["rebuild s"]) < float(r["build s"]), "a rebuild with nothing changed reuses the cache"
        assert 0 < float(r["rebuild ours %"]) < 100
        assert float(r["edit rebuild s"]) > 0  # how it compares with a build is the bench's report, not a timed test
        assert float(r["template rebuild s"]) < float(r["build s"]), "a template change prints no PDF again"


def test_quick_benchmark_compares_with_bare_material_on_the_same_pages(quick):
    out, keep = quick
    comparison = out.split("\n\n", 1)[1]
    assert "At N = 6 medicines (56 pages)" in comparison
    rows = {
        cells[0]: cells[1:]
        for line in comparison.splitlines()
        if line.startswith("| ") and not line.startswith("| build")
        for cells in [[c.strip() for c in line.strip("|").split("|")]]
    }
    bare = rows["bare Material, same pages, the project's nav and features"]
    assert bare[1] == "1.00x" and float(bare[0]) > 0
    for name in (
        "plainmed cold, empty cache",
        "plainmed cold minus the handout step",
        "plainmed warm, nothing changed",
    ):
        assert re.fullmatch(r"\d+\.\d\dx", rows[name][1]), name
    assert float(rows["plainmed cold, empty cache"][0]) > float(rows["plainmed cold minus the handout step"][0])
    # the bare sites hold the same pages as ours, so the comparison is of like with like
    ours = {p.relative_to(keep / "n6" / "site") for p in (keep / "n6" / "site").rglob("index.html")}
    for bare_site in ("n6-bare", "n6-bare-auto"):
        theirs = {p.relative_to(keep / bare_site / "site") for p in (keep / bare_site / "site").rglob("index.html")}
        assert theirs == ours, bare_site


@pytest.mark.parametrize("n", [2, 6])
def test_quick_benchmark_sites_are_complete(quick, n):
    _, keep = quick
    project = keep / f"n{n}"
    medicines = sorted(p.name for p in (project / "content").iterdir())
    assert len(medicines) == n and "isotretinoin" in medicines
    site = project / "site"
    locations = set(search.indexed(site))
    home = (site / "index.html").read_text(encoding="utf-8")
    for slug in medicines:
        assert f'href="{slug}/"' in home, f"home does not list {slug}"
        assert f"/{slug}/side-effects/" in locations, f"search does not index {slug}"
        page = (site / slug / "pregnancy" / "index.html").read_text(encoding="utf-8")
        assert 'data-warning="pregnancy-birth-defects"' in page, f"{slug}: critical warning missing"
        overview = (site / slug / "index.html").read_text(encoding="utf-8")
        assert "<!-- benchmark template edit 1 -->" in overview, f"{slug}: the template rebuild was not built"


def test_pages_do_not_grow_with_the_library(quick):
    """Nav links of every page, and the first-view weight of every medicine page, are the same at 2 and 6 medicines.

    Only the home and about pages grow, by one list line a medicine (the A-Z list, the links to sources pages);
    the home page's table of contents has a letter heading for each initial in use, so at most 26 more links.
    """
    _, keep = quick
    small, large = keep / "n2" / "site", keep / "n6" / "site"
    # The medicine the benchmark edits holds a different sentence at each size: its pages are left out
    edited = bench.edited_file(keep / "n2").parent.name
    medicines = {p.name for p in (keep / "n2" / "content").iterdir()} - {edited}
    for page in sorted(small.rglob("index.html")):
        rel = page.relative_to(small).as_posix()
        allowed = 26 if rel == "index.html" else 0
        assert 0 <= bench.nav_links(large / rel) - bench.nav_links(page) <= allowed, rel
        if rel.split("/")[0] in medicines:
            assert bench.first_view_bytes(large, rel) == bench.first_view_bytes(small, rel), rel
    # A search loads Pagefind's chunks and the pages it shows: a whole-library index would triple from 2 to 6
    assert bench.search_bytes(large) < 1.5 * bench.search_bytes(small)
    names = {f.relative_to(large).as_posix() for f in bench.first_view_files(large, bench.PATIENT_PAGE)}
    assert not [n for n in names if re.search(r"search_index|pagefind/|workers/search\.", n)], names


def test_pdf_cpu_is_measured_for_every_handout_pdf():
    from plainmed.bench.pdf_cpu import pdf_cpu

    measured = dict(pdf_cpu(ROOT, repeats=1))
    plans = plan_site(load_catalog(ROOT / "content", ROOT)).handouts
    assert sorted(measured) == sorted(uri for plan in plans for uri in plan.pdfs.values())
    assert all(0 < seconds < 30 for seconds in measured.values()), measured
