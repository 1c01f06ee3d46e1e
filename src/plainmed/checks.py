"""Editorial checks over valid content that warn rather than refuse: review dates, placeholders, wording."""

from __future__ import annotations

import datetime as dt

from . import wording
from .catalog import Catalog, MedicineContent
from .load import Problem, strings

PLACEHOLDER = "TODO"  # marks scaffold text (see templates/scaffold/) that an editor must replace


def editorial_problems(catalog: Catalog, today: dt.date) -> list[Problem]:
    """Every editorial check, for `plainmed check` and the build (where they are fatal only if strict)."""
    return review_problems(catalog, today) + placeholder_problems(catalog) + wording.problems(catalog)


def review_problems(catalog: Catalog, today: dt.date) -> list[Problem]:
    """A published medicine whose next review date has passed is out of date and must be reviewed.

    Drafts are skipped: they have not been reviewed yet, and an old draft must not block the published site.
    """
    problems = []
    for content in catalog.published():
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


def placeholder_problems(catalog: Catalog) -> list[Problem]:
    """A published medicine must not keep the scaffold's TODO text; a draft may."""
    return [p for c in catalog.medicines if c.medicine.status == "published" for p in _placeholders(c)]


def _placeholders(content: MedicineContent) -> list[Problem]:
    message = f"placeholder text '{PLACEHOLDER}' in a published medicine: write the real text, or set status: draft"
    return [
        doc.problem(keys, message)
        for doc in content.documents.values()
        for keys, text in strings(doc.data)
        if PLACEHOLDER in text
    ]
