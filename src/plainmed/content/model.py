"""The content schema: what each YAML file under content/<medicine>/ may hold.

Every model forbids unknown keys so a typo is an error, not a silently ignored field.
Dates are kept as ISO strings by the loader and parsed here, so an impossible date
is reported with its file and line like any other mistake.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from plainmed.content import safe_text
from plainmed.content.regions import RegionCode

Audience = Literal["patient", "clinician", "both"]
Severity = Literal["critical", "serious", "caution"]
Urgency = Literal["self-care", "tell-doctor", "call-doctor-now", "emergency"]
URGENCY_ORDER = ("emergency", "call-doctor-now", "tell-doctor", "self-care")  # most urgent first, on every page
Status = Literal["draft", "published"]
# Where a side effect is felt or seen, head to toe, with the heading a patient looks for: the side-effects page
# also lists every side effect under each of its parts of the body, so a reader can find a symptom by where it is.
BODY_PARTS = {
    "mind": "Mood, thoughts and behaviour",
    "head": "Head",
    "eyes-ears": "Eyes, sight and hearing",
    "nose-mouth-throat": "Nose, mouth, teeth and throat",
    "skin-hair": "Skin, lips and hair",
    "chest": "Chest and breathing",
    "stomach": "Stomach and bowels",
    "muscles-bones": "Muscles, bones and joints",
    "sex-genitals": "Sex and genitals",
    "whole-body": "Whole body",
}
BodyPart = Literal[tuple(BODY_PARTS)]

# The pages of a medicine, in site order, with their menu labels: the page ids are written once, here. Each page
# but the handout is made from the content file of the same name (TOPIC_FILES); the page map is in plan/pages.py.
PAGE_LABELS = {
    "overview": "Overview",
    "how-to-take": "How to take it",
    "side-effects": "Side effects",
    "pregnancy": "Pregnancy",
    "other-medicines": "Other medicines",
    "questions": "Questions",
    "clinician": "For clinicians",
    "handout": "Print a handout",
}
ALL_PAGES = tuple(PAGE_LABELS)
PATIENT_PAGES = ALL_PAGES[:-2]
PageId = Literal[ALL_PAGES]  # a tuple subscript lists its items: the page ids are written once, above

_RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")


def _no_raw_html(value: str) -> str:
    match = _RAW_HTML.search(value)
    if match:
        raise ValueError(f"raw HTML is not allowed in content (found {match.group(0)!r}); write plain Markdown instead")
    return value


def _safe_text(value: str) -> str:
    problem = safe_text.text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _https_url(value: str) -> str:
    # A source's page elsewhere: the sources page links it as written, so only a plain https:// address will do.
    if not re.fullmatch(r"https://[^\s()<>\[\]]+", value):
        raise ValueError(f"Expected an address starting with https:// (no spaces or brackets), but received: {value!r}")
    return value


def _iso_date(value: str) -> str:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"Expected a date as YYYY-MM-DD, but received: {value!r}") from None
    return str(value)


Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(_no_raw_html),
    AfterValidator(_safe_text),  # links, attribute lists and characters that could reach a browser (safe_text.py)
]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
IsoDate = Annotated[str, AfterValidator(_iso_date), Field(json_schema_extra={"format": "date"})]
HttpsUrl = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^https://[^\s/]+(/\S*)?$")]
SourceRefs = Annotated[list[Slug], Field(min_length=1)]
SourceUrl = Annotated[HttpsUrl, AfterValidator(_https_url)]  # the sources page writes it into a Markdown link


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Table(Strict):
    """A small table, for dosing and monitoring schedules."""

    caption: Text
    columns: list[Text]
    rows: list[list[Text]]


class Section(Strict):
    """One heading and its text on a page; audience decides which pages show it."""

    id: Slug
    heading: Text
    audience: Audience
    body: Text | None = None
    items: list[Text] = []
    table: Table | None = None
    note: Text | None = None
    handout: bool = False  # also print this section on the handout (the tests keep it to two pages)
    sources: SourceRefs


class SideEffect(Strict):
    """A side effect with what to do about it, sorted on the page by urgency."""

    id: Slug
    name: Text
    how_common: Text
    signs: Text
    what_to_do: Text
    urgency: Urgency
    # Every part of the body where a reader would look for it: yellow skin or eyes is under skin and eyes.
    body_parts: Annotated[list[BodyPart], Field(min_length=1)]
    # The warning about the same thing (an id in warnings.yml): the two must agree on how urgent it is.
    warning: Slug | None = None
    sources: SourceRefs


class Question(Strict):
    id: Slug
    question: Text
    answer: Text
    audience: Audience = "patient"
    sources: SourceRefs


class Topic(Strict):
    """One content file that feeds one page (and the clinician monograph)."""

    title: Text
    description: Text
    intro: Text
    sections: list[Section] = []
    side_effects: list[SideEffect] = []
    questions: list[Question] = []


class SafetyWarning(Strict):
    """A safety warning. Its text lives only here; placement decides where it shows."""

    id: Slug
    title: Text
    severity: Severity
    patient: Text
    clinician: Text
    action: Text
    pages: list[PageId] = []
    # Its signs include thoughts of suicide: every page showing it names the crisis lines (regions.py).
    crisis_lines: bool = False
    sources: SourceRefs


# The public authorities' hosts, and the name a patient knows each by: a source of kind `authority` must be on
# one of them (sourcing.py), and patient pages cite it by that name. api.fda.gov is the FDA's own label service.
AUTHORITY_HOSTS = {
    "www.fda.gov": "FDA",
    "www.accessdata.fda.gov": "FDA",
    "api.fda.gov": "FDA",
    "dailymed.nlm.nih.gov": "FDA",
    "www.ipledgeprogram.com": "iPLEDGE",
    "www.nhs.uk": "NHS",
    "www.gov.uk": "MHRA",
}


class Source(Strict):
    id: Slug
    title: Text
    publisher: Text
    kind: Literal["seed", "authority", "editorial"]
    url: SourceUrl | None = None
    file: Text | None = None
    section: Text | None = None
    digest: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None  # a seed section's text
    used_for: Text
    # How patient pages name it, in words a patient knows ("Isotroin leaflet"); default: the authority or publisher.
    cited_as: Text | None = None

    @property
    def own_section(self) -> str | None:
        """The section cited, when it says more than the title."""
        return self.section if self.section not in (None, self.title) else None

    @property
    def label(self) -> str:
        """How pages name this source: its title, and the section cited."""
        return f"{self.title}, {self.own_section}" if self.own_section else self.title

    @property
    def short(self) -> str:
        """Who it is from, in a word or two, for patient pages: the authority (FDA, NHS, MHRA), else the publisher."""
        if self.cited_as:
            return self.cited_as
        if self.kind == "seed":
            return "source document"
        host = urlparse(str(self.url or "")).hostname
        named = AUTHORITY_HOSTS.get(host) if self.kind == "authority" else None
        return named or re.split(r" \(|, |; ", self.publisher, maxsplit=1)[0]


class KeyFact(Strict):
    label: Text
    value: Text
    sources: SourceRefs


PatientPage = Literal[PATIENT_PAGES]


def _page_list(pages: list[str]) -> list[str]:
    if "overview" not in pages:
        raise ValueError("must include 'overview': every medicine has an overview page")
    if len(set(pages)) != len(pages):
        raise ValueError("names a page twice")
    return [page for page in PATIENT_PAGES if page in pages]  # site order, whatever order they are written in


class Medicine(Strict):
    """Identity of one medicine (medicine.yml). Who checked it lives in review.yml, written by `plainmed review`."""

    id: Slug
    name: Text
    status: Status
    brands: list[Text]
    # Names no longer sold (Accutane in the US): still searched for and named, always marked as former.
    former_brands: list[Text] = []
    drug_class: Text
    dose_form: Text
    strengths: list[Text]
    prescription_only: bool
    summary: Text
    key_facts: list[KeyFact]
    # The patient pages this medicine has (each needs its content file); the clinician page always exists.
    pages: Annotated[list[PatientPage], AfterValidator(_page_list)] = list(PATIENT_PAGES)
    # A pregnancy prevention programme by region, for a medicine that has one (printed on the handout).
    programmes: dict[RegionCode, Text] = {}
    sources: SourceRefs

    @property
    def all_names(self) -> tuple[str, ...]:
        """The generic name and every brand, former ones too (search finds them; readability scores them short)."""
        return (self.name, *self.brands, *self.former_brands)

    @property
    def brand_line(self) -> str:
        """The brands as pages and handouts print them: "Absorica, Roaccutane; formerly Accutane"."""
        former = f"; formerly {', '.join(self.former_brands)}" if self.former_brands else ""
        return ", ".join(self.brands) + former


class GlossaryTerm(Strict):
    term: Text
    definition: Text


class Excluded(Strict):
    id: Slug
    source: Slug
    what: Text
    reason: Text


class Change(Strict):
    """One entry of a medicine's "What changed" list."""

    date: IsoDate
    summary: Text
    sources: list[Slug] = []


class ChangelogFile(Strict):
    changes: Annotated[list[Change], Field(min_length=1)]


InteractionLevel = Literal["do-not-take-together", "ask-first", "take-apart"]


class Interaction(Strict):
    """An interaction with another medicine in this library. The other medicine states it too, at the same
    level, so both medicines' pages say it and link to each other (checked across the library)."""

    id: Slug
    medicine: Slug  # the other medicine's folder under content/
    level: InteractionLevel
    patient: Text
    clinician: Text
    action: Text
    sources: SourceRefs


class InteractionsFile(Strict):
    interactions: Annotated[list[Interaction], Field(min_length=1)]


class WarningsFile(Strict):
    warnings: list[SafetyWarning]


class SourcesFile(Strict):
    sources: list[Source]


class GlossaryFile(Strict):
    terms: list[GlossaryTerm]


class ExcludedFile(Strict):
    excluded: list[Excluded]


ReviewScope = Literal["patient", "clinician", "handout"]
_DIGEST = r"^[0-9a-f]{64}$"
Digest = Annotated[str, StringConstraints(pattern=_DIGEST)]


class Reviewer(Strict):
    name: Text
    role: Text
    registration: Text | None = None  # for example a GPhC or state board number


class PageDigest(Strict):
    """What a reader of one page saw when it was signed: the whole page, and each section apart."""

    digest: Digest
    sections: dict[str, Digest]


class ReviewRecord(Strict):
    """A clinician's sign-off (review.yml), written by `plainmed review sign`, never by hand.

    It is bound to the reader-visible text of each page in its scope and to the warning contract: any change
    to those shows the medicine as "changed since it was checked". `seal` is a digest of the rest of the
    record, so a hand edit (a date, a digest) is refused: this catches mistakes, it is not a signature.
    """

    reviewer: Reviewer
    date: IsoDate
    next_due: IsoDate
    scope: Annotated[list[ReviewScope], Field(min_length=1)]
    pages: dict[str, PageDigest]
    contract: Digest
    seal: Digest


class FloorWarning(Strict):
    """A warning that must exist at least at this severity, and say these words (lower case, any part of a word)."""

    warning: Slug
    severity: Severity
    mentions: list[Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True, min_length=1)]] = []


class SignedPlacement(Strict):
    """Pages a warning must be on beyond its severity's floor: removing one from warnings.yml fails the build."""

    warning: Slug
    pages: Annotated[list[PageId], Field(min_length=1)]


class ContractFile(Strict):
    """The warning contract of one medicine (contract.yml). It is covered by the review sign-off."""

    floor: Annotated[list[FloorWarning], Field(min_length=1)]
    placements: list[SignedPlacement] = []


# Which model validates which file of a medicine's folder; topic files feed the page of the same name.
TOPIC_FILES = {page: f"{page}.yml" for page in ALL_PAGES if page != "handout"}
FILE_MODELS: dict[str, type[Strict]] = {
    "medicine.yml": Medicine,
    "warnings.yml": WarningsFile,
    "sources.yml": SourcesFile,
    "glossary.yml": GlossaryFile,
    "excluded.yml": ExcludedFile,
    "changelog.yml": ChangelogFile,
    "contract.yml": ContractFile,
    **{name: Topic for name in TOPIC_FILES.values()},
}


# --- The authority message matrix (authorities.yml, optional) ---
# A place a message is shown: a warning, a section of a page, a side effect, a question, an interaction with
# another medicine of the library, or the handout.
Placement = Annotated[
    str,
    StringConstraints(
        pattern=r"^((warning|side-effect|question|interaction):[a-z0-9-]+|section:[a-z-]+/[a-z0-9-]+|handout)$"
    ),
]


class AuthorityMessage(Strict):
    """One thing a public authority tells patients or clinicians, and where our pages say it (or why not)."""

    id: Slug
    authority: Slug  # a source id from sources.yml
    message: Text  # in our words
    placed: list[Placement] = []
    # Words of the message as our pages say them: each must be on every page and handout the placements name, so
    # an entry cannot be marked placed while the page only carries its heading.
    shows: list[Text] = []
    left_out: Text | None = None  # why it is deliberately not on our pages
    open: Text | None = None  # why it is not yet settled (unsure, or not found in an authority text)

    @model_validator(mode="after")
    def _one_outcome(self) -> AuthorityMessage:
        given = [name for name in ("placed", "left_out", "open") if getattr(self, name)]
        if len(given) != 1:
            raise ValueError(f"give exactly one of 'placed', 'left_out' or 'open', but received: {given or 'none'}")
        if self.placed and not self.shows:
            raise ValueError("a placed message needs 'shows': words of it that the pages it names must carry")
        if self.shows and not self.placed:
            raise ValueError("'shows' is for a placed message: it names words the placed pages must carry")
        return self


class AuthoritiesFile(Strict):
    as_of: IsoDate  # when the authorities' texts were last read
    messages: Annotated[list[AuthorityMessage], Field(min_length=1)]


# Files a medicine's folder may hold but need not: no review.yml means nobody has checked it yet.
OPTIONAL_FILE_MODELS: dict[str, type[Strict]] = {
    "review.yml": ReviewRecord,
    "authorities.yml": AuthoritiesFile,
    "interactions.yml": InteractionsFile,
}
