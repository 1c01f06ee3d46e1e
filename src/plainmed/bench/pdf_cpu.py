"""CPU seconds to print each handout PDF of a project, one at a time in one warm process (`plainmed bench --pdf-cpu`).

The bench's "PDF s/handout" is a worker's clock while the build shares the cores; this is what printing itself
costs, the figure the goal of 0.25 s a PDF is about.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from plainmed.cache import ContentCache
from plainmed.handouts.handout import print_pdf
from plainmed.pipeline import generate


def pdf_cpu(root: Path, repeats: int = 5) -> list[tuple[str, float]]:
    """(PDF path in the site, median CPU seconds of `repeats` prints) for every handout PDF of the project."""
    made = generate(root / "content", root / "templates", root, cache=ContentCache(), defer_pdfs=True)
    handouts = made.handouts
    jobs = [handouts.maker.job(m.plan, m.variant, m.uri) for m in handouts.missing]
    print_pdf(jobs[0])  # the first print loads WeasyPrint and the fonts: not part of any PDF's cost
    return [(job.uri, statistics.median(_cpu(job) for _ in range(repeats))) for job in jobs]


def _cpu(job) -> float:
    start = time.process_time()
    print_pdf(job)
    return time.process_time() - start
