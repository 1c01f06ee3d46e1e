"""Clinical review: a sign-off record (review.yml) bound to what readers see, and the status every page shows.

A medicine is "reviewed" only while its record matches the reader-visible text of every page in the record's
scope and its warning contract; "changed" once any of them differs; "overdue" past the record's next check;
"unreviewed" with no record. Nothing here claims more than the record says.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import escape

from plainmed.cache import digest
from plainmed.content import model as m
from plainmed.content.load import Problem
from plainmed.plan.pages import PAGE_LAYOUT
from plainmed.review.visible import STATUS_SLOT, VisibleText

if TYPE_CHECKING:
    from plainmed.content.catalog import MedicineContent

MARK_SLOT = "<!-- plainmed:review-mark -->"  # the short status among a page's trust marks (footer)
SIGN_HINT = 'plainmed review sign {slug} --by "NAME" --role "ROLE"'
HANDOUT_LABEL = "Handout"
SCOPES = ("patient", "clinician", "handout")
UNREVIEWED = "This information has not yet been checked by a clinician."


def scope_of(page: str) -> str:
    return page if page in ("clinician", "handout") else "patient"


def label(page: str) -> str:
    return HANDOUT_LABEL if page == "handout" else PAGE_LAYOUT[page][2]


def long_date(iso: str) -> str:
    """3 December 2026: the same reading in the US and the UK, unlike 12/3/2026."""
    day = dt.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def contract_digest(content: MedicineContent) -> str:
    return digest([json.dumps(content.contract.model_dump(), sort_keys=True)])


def seal(record: dict) -> str:
    """A digest of everything in a record but its seal: a hand edit shows as a mismatch."""
    return digest([json.dumps({k: v for k, v in record.items() if k != "seal"}, sort_keys=True)])


@dataclass(frozen=True)
class Status:
    """A medicine's review status for one build."""

    state: str  # unreviewed, reviewed, changed or overdue
    record: m.ReviewRecord | None = None
    changed: tuple[str, ...] = ()  # what readers see differently since the sign-off: "Side effects: Mood"

    def on(self, page: str) -> str:
        """The state a page shows: a page outside the record's scope was not checked."""
        if self.record is not None and scope_of(page) not in self.record.scope:
            return "unreviewed"
        return self.state

    @property
    def key(self) -> str:
        """For cache keys: what the status makes a page say."""
        record = self.record.model_dump() if self.record else None
        return json.dumps([self.state, record, self.changed], sort_keys=True)

    def parts(self, page: str) -> tuple[str, str]:
        """The status in two parts: a lead a printed footer can repeat, and the rest."""
        state, record = self.on(page), self.record
        if state == "unreviewed":
            return "Not yet checked by a clinician.", UNREVIEWED
        if state == "changed":
            return (
                f"Changed since it was checked on {long_date(record.date)}.",
                f"What changed: {'; '.join(self.changed)}.",
            )
        lead = f"Checked by {record.reviewer.name}, {record.reviewer.role.lower()}, on {long_date(record.date)}."
        if state == "overdue":
            return lead, f"The next check was due on {long_date(record.next_due)} and has not been done yet."
        return lead, f"Next check due {long_date(record.next_due)}."

    def sentence(self, page: str) -> str:
        lead, rest = self.parts(page)
        return rest if self.on(page) == "unreviewed" else f"{lead} {rest}"

    def advice(self, page: str) -> str:
        if self.on(page) == "reviewed":
            return ""
        if page == "clinician":
            return "Check it against the current product information before relying on it."
        if self.on(page) == "changed":
            return "Ask your doctor or pharmacist before relying on the changed parts."
        return "Ask your doctor or pharmacist before relying on it."

    def markdown(self, page: str) -> str:
        """The status near the top of a page: a calm box unless it is a current sign-off."""
        state = self.on(page)
        if state == "reviewed":
            return (
                f'<p class="plainmed-review-status" id="review-status" data-review="reviewed">'
                f"{escape(self.sentence(page))}</p>"
            )
        kind = "warning" if state == "changed" else "note"
        title = {"unreviewed": "Not yet checked", "changed": "Changed since it was checked"}.get(state, "Check overdue")
        return (
            f'<div class="admonition {kind} plainmed-review-status" id="review-status" data-review="{state}" '
            "markdown>\n"
            f'<p class="admonition-title">{title}</p>\n\n{escape(self.sentence(page))} {self.advice(page)}\n\n</div>'
        )

    def html(self, page: str = "handout") -> str:
        """The status on a handout; its lead is also printed at the foot of every PDF page (pdf.css)."""
        state = self.on(page)
        lead, rest = self.parts(page)
        rest = f"{'' if state == 'unreviewed' else rest} {self.advice(page)}".strip()
        return (
            f'<p class="plainmed-review-status review-{state}" data-review="{state}">'
            f'<strong class="review-mark">{escape(lead)}</strong> {escape(rest)}</p>'
        )

    def json_ld(self, page: str) -> dict:
        """schema.org review fields, only for what a current record says."""
        if self.on(page) not in ("reviewed", "overdue"):
            return {}
        reviewer = self.record.reviewer
        return {
            "lastReviewed": self.record.date,
            "reviewedBy": {"@type": "Person", "name": reviewer.name, "jobTitle": reviewer.role},
        }


def status(content: MedicineContent, visible: dict[str, VisibleText], today: dt.date) -> Status:
    record = content.review
    if record is None:
        return Status("unreviewed")
    changed = []
    for page, text in visible.items():
        if scope_of(page) not in record.scope:
            continue
        signed = record.pages.get(page)
        if signed is None:
            changed.append(f"{label(page)} (new page)")
        elif signed.digest != text.digest:
            now = text.section_digests()
            sections = [name for name, d in now.items() if signed.sections.get(name) != d]
            sections += [name for name in signed.sections if name not in now]
            changed.append(f"{label(page)} ({', '.join(sections)})" if sections else label(page))
    if record.contract != contract_digest(content):
        changed.append("the list of warnings that must always be shown")
    if changed:
        return Status("changed", record, tuple(changed))
    if dt.date.fromisoformat(record.next_due) < today:
        return Status("overdue", record)
    return Status("reviewed", record)


def fill(text: str, status: Status, page: str) -> str:
    """A rendered page with its review status in place, and the schema.org review fields when true."""
    text = text.replace(STATUS_SLOT, status.markdown(page)).replace(MARK_SLOT, status.sentence(page))
    fields = status.json_ld(page)
    if not fields or "\nplainmed: " not in text:
        return text
    head, sep, rest = text.partition("\nplainmed: ")
    meta, newline, body = rest.partition("\n")
    data = json.loads(meta)
    data["jsonld"].update(fields)
    return head + sep + json.dumps(data, ensure_ascii=False) + newline + body


def record(
    content: MedicineContent,
    visible: dict[str, VisibleText],
    reviewer: m.Reviewer,
    date: dt.date,
    next_due: dt.date,
    scope: tuple[str, ...],
) -> dict:
    """The review.yml a sign-off writes: digests of every page in scope, and of the contract, sealed."""
    pages = {
        page: {"digest": text.digest, "sections": text.section_digests()}
        for page, text in visible.items()
        if scope_of(page) in scope
    }
    data = {
        "reviewer": reviewer.model_dump(exclude_none=True),
        "date": date.isoformat(),
        "next_due": next_due.isoformat(),
        "scope": list(scope),
        "pages": pages,
        "contract": contract_digest(content),
    }
    return {**data, "seal": seal(data)}


def record_problems(content: MedicineContent, pages: set[str], today: dt.date) -> list[Problem]:
    """A record that cannot be trusted as written: edited by hand, dated in the future, or for unknown pages."""
    found: list[Problem] = []
    record, doc = content.review, content.documents.get("review.yml")
    if record is None or doc is None:
        return found
    hint = f"sign again with: {SIGN_HINT.format(slug=content.slug)}"
    if seal(doc.data) != record.seal:
        found.append(doc.problem(("seal",), f"this record was edited by hand (its seal does not match); {hint}"))
    if dt.date.fromisoformat(record.date) > today:
        found.append(doc.problem(("date",), f"date {record.date} is in the future (today is {today.isoformat()})"))
    if record.next_due <= record.date:
        found.append(doc.problem(("next_due",), f"next check {record.next_due} must come after {record.date}"))
    for page in record.pages:
        if page not in pages:
            found.append(doc.problem(("pages", page), f"'{page}' is not a page of {content.slug}; {hint}"))
    return found


def publish_problems(content: MedicineContent, state: Status) -> list[Problem]:
    """Why a medicine may not be published yet, with the command that fixes it."""
    sign = SIGN_HINT.format(slug=content.slug)
    doc = content.documents.get("review.yml")
    where = doc.path if doc else f"{content.folder}/review.yml"
    if content.medicine.status != "published":
        return [Problem(f"{content.folder}/medicine.yml", 1, 1, "status", "a draft cannot be published")]
    if state.state == "unreviewed":
        message = f"{content.slug} has not been checked by a clinician; after a clinical review, sign it: {sign}"
        return [Problem(where, 1, 1, "", message)]
    if state.state == "changed":
        message = (
            f"{content.slug} changed since it was checked on {state.record.date}: {'; '.join(state.changed)}; "
            f"show the changes with `plainmed diff`, and after a clinical review sign again: {sign}"
        )
        return [doc.problem(("date",), message)]
    if state.state == "overdue":
        message = f"{content.slug}: the next check was due on {state.record.next_due}; after a clinical review: {sign}"
        return [doc.problem(("next_due",), message)]
    return []
