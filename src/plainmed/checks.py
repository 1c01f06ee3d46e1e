"""Editorial checks over valid content that warn rather than refuse: review dates, placeholders, wording."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from functools import partial

from . import wording
from .cache import ContentCache, code_digest
from .catalog import Catalog, MedicineContent
from .load import Problem, strings

PLACEHOLDER = "TODO"  # marks scaffold text (see templates/scaffold/) that an editor must replace


def editorial_problems(catalog: Catalog, today: dt.date, cache: ContentCache | None = None) -> list[Problem]:
    """Every editorial check, for `plainmed check` and the build (where they are fatal only if strict).

    Checked one medicine at a time and kept (on disk too), so a rebuild checks again only the medicines that changed.
    """
    cache = cache or ContentCache()
    return [
        Problem(**problem)
        for content in catalog.medicines
        for problem in cache.json(
            "checks", [code_digest(), content.digest, today.isoformat()], partial(_as_dicts, content, today)
        )
    ]


def _as_dicts(content: MedicineContent, today: dt.date) -> list[dict]:
    return [asdict(problem) for problem in medicine_problems(content, today)]


def medicine_problems(content: MedicineContent, today: dt.date) -> list[Problem]:
    """Only published medicines: a draft may still be rough, has not been reviewed, and is not on the site."""
    if content.medicine.status != "published":
        return []
    return _review(content, today) + _placeholders(content) + wording.medicine_problems(content)


def _review(content: MedicineContent, today: dt.date) -> list[Problem]:
    """A published medicine whose next review date has passed is out of date and must be reviewed."""
    due = dt.date.fromisoformat(content.medicine.review.next_review_due)
    if due >= today:
        return []
    doc = content.documents["medicine.yml"]
    message = (
        f"review overdue: next review was due {due.isoformat()} (today is {today.isoformat()}); "
        "review the content, then update last_reviewed and next_review_due"
    )
    return [doc.problem(("review", "next_review_due"), message)]


def _placeholders(content: MedicineContent) -> list[Problem]:
    message = f"placeholder text '{PLACEHOLDER}' in a published medicine: write the real text, or set status: draft"
    return [
        doc.problem(keys, message)
        for doc in content.documents.values()
        for keys, text in strings(doc.data)
        if PLACEHOLDER in text
    ]
