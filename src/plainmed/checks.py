"""Editorial checks over valid content that warn rather than refuse: review dates (and later, wording)."""

from __future__ import annotations

import datetime as dt

from .catalog import Catalog
from .load import Problem


def review_problems(catalog: Catalog, today: dt.date) -> list[Problem]:
    """A medicine whose next review date has passed is out of date and must be reviewed."""
    problems = []
    for content in catalog.medicines:
        due = dt.date.fromisoformat(content.medicine.review.next_review_due)
        if due < today:
            doc = content.documents["medicine.yml"]
            problems.append(
                doc.problem(
                    ("review", "next_review_due"),
                    f"review overdue: next review was due {due.isoformat()} (today is {today.isoformat()}); "
                    "review the content, then update last_reviewed and next_review_due",
                )
            )
    return problems
