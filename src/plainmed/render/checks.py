"""Editorial checks over valid content that warn rather than refuse: placeholders, wording.

Review dates are not among them: an unreviewed or overdue medicine still previews; only a publish build
refuses it (review.publish_problems)."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

from plainmed.cache import ContentCache, code_digest
from plainmed.content.catalog import Catalog, MedicineContent
from plainmed.content.load import Problem, strings
from plainmed.render import wording

PLACEHOLDER = "TODO"  # marks scaffold text (see templates/scaffold/) that an editor must replace


def editorial_problems(catalog: Catalog, cache: ContentCache | None = None) -> list[Problem]:
    """Every editorial check, for `plainmed check` and the build (where they are fatal only if strict).

    Checked one medicine at a time and kept (on disk too), so a rebuild checks again only the medicines that changed.
    """
    cache = cache or ContentCache()
    return [
        Problem(**problem)
        for content in catalog.medicines
        for problem in cache.json("checks", [code_digest(__name__), content.digest], partial(_as_dicts, content))
    ]


def _as_dicts(content: MedicineContent) -> list[dict]:
    return [asdict(problem) for problem in medicine_problems(content)]


def medicine_problems(content: MedicineContent) -> list[Problem]:
    """Only published medicines: a draft may still be rough, has not been reviewed, and is not on the site."""
    if content.medicine.status != "published":
        return []
    return _placeholders(content) + wording.medicine_problems(content)


def _placeholders(content: MedicineContent) -> list[Problem]:
    message = f"placeholder text '{PLACEHOLDER}' in a published medicine: write the real text, or set status: draft"
    return [
        doc.problem(keys, message)
        for doc in content.documents.values()
        for keys, text in strings(doc.data)
        if PLACEHOLDER in text
    ]
