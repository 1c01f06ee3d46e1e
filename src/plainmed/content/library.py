"""Checks across the medicines of the library: an interaction between two of them is stated by both, at the
same level, so neither medicine's pages can leave it out or disagree with the other's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plainmed.content.load import Problem

if TYPE_CHECKING:
    from plainmed.content.catalog import MedicineContent

LEVEL_LABELS = {
    "do-not-take-together": "Do not take together",
    "ask-first": "Ask your doctor or pharmacist first",
    "take-apart": "Take them at different times",
}


def problems(medicines: list[MedicineContent]) -> list[Problem]:
    by_slug = {c.slug: c for c in medicines}
    found: list[Problem] = []
    for content in medicines:
        doc = content.documents.get("interactions.yml")
        for i, interaction in enumerate(content.interactions):
            here = doc.problem(("interactions", i, "medicine"), "")
            other = by_slug.get(interaction.medicine)
            if other is None:
                message = (
                    f"'{interaction.medicine}' is not a medicine in this library (no content/{interaction.medicine}/)"
                )
                found.append(_at(here, message))
                continue
            if other.slug == content.slug:
                found.append(_at(here, "a medicine cannot interact with itself"))
                continue
            back = [(j, x) for j, x in enumerate(other.interactions) if x.medicine == content.slug]
            if not back:
                message = (
                    f"{other.folder}/interactions.yml does not state this interaction with {content.slug}: "
                    f"declare it there too, at level '{interaction.level}', so both medicines' pages say it"
                )
                found.append(_at(here, message))
                continue
            j, reverse = back[0]
            if reverse.level != interaction.level:
                there = other.documents["interactions.yml"].problem(("interactions", j, "level"), "")
                message = (
                    f"level '{interaction.level}' here, but '{reverse.level}' in {there.path}:{there.line}: "
                    "the two medicines must give the same advice"
                )
                found.append(_at(doc.problem(("interactions", i, "level"), ""), message))
    return found


def _at(where: Problem, message: str) -> Problem:
    return Problem(where.path, where.line, where.column, where.field, message)
