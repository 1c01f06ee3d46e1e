"""The warning contract of a medicine (contract.yml): warnings that must exist at a severity, and placements a
clinical reviewer signed off. It is content, covered by the review sign-off, so lowering it is a reviewed change
that shows in the diff; the build refuses content that breaks it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plainmed.content.load import Document, Problem
from plainmed.content.placement import SEVERITY_ORDER, places

if TYPE_CHECKING:
    from plainmed.content.catalog import MedicineContent


def problems(content: MedicineContent, docs: dict[str, Document]) -> list[Problem]:
    doc, warnings_doc = docs["contract.yml"], docs["warnings.yml"]
    registry = {w.id: (i, w) for i, w in enumerate(content.warnings)}
    found: list[Problem] = []
    for i, floor in enumerate(content.contract.floor):
        if floor.warning not in registry:
            found.append(
                doc.problem(("floor", i, "warning"), f"warning '{floor.warning}' is missing from warnings.yml")
            )
            continue
        at, warning = registry[floor.warning]
        if SEVERITY_ORDER.index(warning.severity) > SEVERITY_ORDER.index(floor.severity):
            message = (
                f"'{warning.id}' must be at least {floor.severity} (contract.yml:{doc.loc(('floor', i))[0]}), "
                f"but is {warning.severity}"
            )
            found.append(warnings_doc.problem(("warnings", at, "severity"), message))
        wording = f"{warning.title} {warning.patient} {warning.clinician}".lower()
        for word in floor.mentions:
            if word not in wording:
                message = f"'{warning.id}' must mention '{word}' (contract.yml:{doc.loc(('floor', i))[0]})"
                found.append(warnings_doc.problem(("warnings", at), message))
    for i, signed in enumerate(content.contract.placements):
        if signed.warning not in registry:
            message = f"warning '{signed.warning}' is missing from warnings.yml"
            found.append(doc.problem(("placements", i, "warning"), message))
            continue
        at, warning = registry[signed.warning]
        lost = [page for page in signed.pages if page not in places(warning)]
        if lost:
            message = (
                f"'{warning.id}' must be on {', '.join(lost)} (signed off in contract.yml:"
                f"{doc.loc(('placements', i))[0]}); add it to its pages: list"
            )
            found.append(warnings_doc.problem(("warnings", at), message))
    return found
