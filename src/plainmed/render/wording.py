"""Wording lint for text shown on patient pages: no promotional words, no percentages.

The word lists are data, here and nowhere else; tests of the built site use the same patterns.
Problems name the file and line of the content item, so an editor can go straight to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plainmed.content.catalog import Catalog, MedicineContent
from plainmed.content.load import Problem, strings

# Words that sell rather than inform. Matched as whole words, in any case; a space also matches a line break.
PROMOTIONAL: dict[str, str] = {
    "miracle": "describe what it does and how often",
    "miracles": "describe what it does and how often",
    "miraculous": "describe what it does and how often",
    "revolutionary": "say what is different about it",
    "revolutionised": "say what is different about it",
    "revolutionized": "say what is different about it",
    "transformative": "describe the change plainly",
    "cure": "say what it does, for example 'clears acne for a long time'",
    "cures": "say what it does, for example 'clears acne for a long time'",
    "cured": "say what it does, for example 'clears acne for a long time'",
    "guarantee": "no medicine works for everyone; say how many people it helps",
    "guaranteed": "no medicine works for everyone; say how many people it helps",
    "breakthrough": "describe the change plainly",
    "amazing": "describe the effect plainly",
    "incredible": "describe the effect plainly",
    "life-changing": "describe the effect plainly",
    "game-changer": "describe the effect plainly",
    "game changer": "describe the effect plainly",
    "wonder drug": "name the medicine",
    "magic bullet": "name the medicine",
    "risk-free": "every medicine has risks; name them",
    "completely safe": "every medicine has risks; name them",
}
PROMOTIONAL_PATTERN = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in PROMOTIONAL) + r")(?![\w-])",
    re.IGNORECASE,
)
# A number written as a percentage: "90%", "90 %", "90 per cent", "90 percent".
PERCENT_PATTERN = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|per\s?cent\b)", re.IGNORECASE)

# Files whose text is never shown on a patient page (excluded.yml quotes the very words it leaves out).
NOT_PATIENT_FILES = {"clinician.yml", "sources.yml", "excluded.yml"}
# Keys that hold ids, references or text meant only for clinicians.
# (`warning` is a side effect's link to its warning.)
NOT_PATIENT_KEYS = {"id", "sources", "source", "audience", "severity", "urgency", "pages", "status", "clinician"}
NOT_PATIENT_KEYS |= {"warning"}


def problems(catalog: Catalog) -> list[Problem]:
    """Wording problems of published medicines (a draft may still be rough; it is not on the site)."""
    return [p for content in catalog.published() for p in medicine_problems(content)]


def medicine_problems(content: MedicineContent) -> list[Problem]:
    found = []
    for name, doc in content.documents.items():
        if name in NOT_PATIENT_FILES:
            continue
        for keys, text in patient_text(doc.data, ()):
            found += [doc.problem(keys, message) for message in lint(text)]
    return found


def lint(text: str) -> list[str]:
    """What is wrong with one piece of patient text, worded for the editor."""
    messages = [
        f"promotional word '{_key(m.group(0))}' on a patient page: {PROMOTIONAL[_key(m.group(0))]}"
        for m in PROMOTIONAL_PATTERN.finditer(text)
    ]
    messages += [
        f"percentage '{m.group(0)}' on a patient page: write it in words, like '4 out of 5 people'"
        for m in PERCENT_PATTERN.finditer(text)
    ]
    return messages


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.lower())


def patient_text(data: object, keys: tuple) -> Iterator[tuple[tuple, str]]:
    """Every string a patient page may show, with its location; clinician-only items are skipped."""
    if isinstance(data, dict) and data.get("audience") == "clinician":
        return iter(())
    return strings(data, keys, _not_patient)


def _not_patient(key: object, value: object) -> bool:
    return key in NOT_PATIENT_KEYS or (isinstance(value, dict) and value.get("audience") == "clinician")
