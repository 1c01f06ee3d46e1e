"""`scripts/serve` (mkdocs serve --dirty with our plugin): an edit shows on the page, and a handout PDF is printed
again in the background, without holding the page back; so is the search index."""

from __future__ import annotations

import io
import os
import time
import urllib.request
from pathlib import Path

from pypdf import PdfReader

from conftest import copy_project
from plainmed.bench import bench
from plainmed.handouts import printing

PDF = "isotretinoin/isotretinoin-handout.pdf"


def _pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def _writing_to(log: Path) -> set[int]:
    """Processes whose output goes to this log: the server and the helpers it started."""
    found = set()
    for out in Path("/proc").glob("[0-9]*/fd/1"):
        try:
            if Path(os.readlink(out)) == log:
                found.add(int(out.parent.parent.name))
        except OSError:  # gone, or not ours to read
            continue
    return found


def test_an_edit_shows_on_the_page_and_the_handout_follows(tmp_path):
    project = copy_project(tmp_path)
    with bench.serving(project) as (url, proc):
        bench.wait_for(url + "isotretinoin/", "</html>", 120, proc)
        first = bench.wait_for_bytes(url + PDF, lambda data: data.startswith(b"%PDF"), 120, proc)
        assert "Mood" in _pdf_text(first)
        # Pagefind indexes in the background after a build: search works under serve too
        entry_url = url + "pagefind/00/pagefind-entry.json"  # a small library's index is one part
        entry = bench.wait_for_bytes(entry_url, lambda data: b"page_count" in data, 120, proc)
        assert b'"page_count":14' in entry

        overview = project / "content" / "isotretinoin" / "overview.yml"
        bench.edit_and_wait(overview, url + "isotretinoin/", 60, proc)  # raises if the edit does not show in 60 s

        # Key facts are printed on the handout: after this edit the page shows it at once, the PDF soon after.
        medicine = project / "content" / "isotretinoin" / "medicine.yml"
        medicine.write_text(medicine.read_text().replace("label: Mood", "label: Mood and feelings"))
        bench.wait_for(url + "isotretinoin/", "Mood and feelings", 60, proc)
        second = bench.wait_for_bytes(url + PDF, lambda data: data.startswith(b"%PDF") and data != first, 120, proc)
        assert "Mood and feelings" in _pdf_text(second)
        assert _fetch(url + PDF) == second
        helpers = _writing_to(project / "serve.log") - {proc.pid}
        assert helpers, "the background PDF worker and its forkserver write to the server's log"

    # The server was stopped with SIGTERM, which shuts no pool down: its PDF worker must not stay behind.
    deadline = time.monotonic() + 10
    while any(printing.running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in helpers if printing.running(pid)], "processes left running after serve stopped"
    log = (project / "serve.log").read_text(encoding="utf-8")
    assert f"handout {PDF}: PDF made in" in log and "(in the background)" in log
    assert "search: index of the 14 medicine pages made in" in log and "s (in the background)" in log
    assert "Traceback" not in log
