"""Load every medicine folder under content/ into validated models, checking references between files."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from plainmed.cache import ContentCache, code_digest, digest
from plainmed.content import contract, kept_yaml, library, sourcing
from plainmed.content import model as m
from plainmed.content.load import ContentError, Document, Problem, read, validate


@dataclass(frozen=True)
class MedicineContent:
    """Everything known about one medicine, validated."""

    slug: str
    folder: str  # path shown in errors and edit links, relative to the project root
    medicine: m.Medicine
    warnings: tuple[m.SafetyWarning, ...]
    sources: tuple[m.Source, ...]
    glossary: tuple[m.GlossaryTerm, ...]
    excluded: tuple[m.Excluded, ...]
    topics: dict[str, m.Topic]
    changes: tuple[m.Change, ...]  # newest first
    contract: m.ContractFile
    review: m.ReviewRecord | None  # None: nobody has signed this medicine off yet
    documents: dict[str, Document]  # file name -> parsed YAML with line marks, for later checks
    digest: str = ""  # of the folder's files: what caches of this medicine's pages are keyed on
    authorities: m.AuthoritiesFile | None = None  # the authority message matrix, when the folder has one
    interactions: tuple[m.Interaction, ...] = ()  # with other medicines of the library (interactions.yml)

    def source(self, source_id: str) -> m.Source:
        return next(s for s in self.sources if s.id == source_id)


@dataclass(frozen=True)
class Catalog:
    medicines: tuple[MedicineContent, ...]

    def published(self, include_drafts: bool = False) -> tuple[MedicineContent, ...]:
        return tuple(c for c in self.medicines if include_drafts or c.medicine.status == "published")


def load_catalog(content_dir: Path, root: Path, cache: ContentCache | None = None, reviews: bool = True) -> Catalog:
    """Read content_dir/<medicine>/*.yml. Raises ContentError listing every problem in every file.

    With a cache, a medicine whose files are byte-for-byte unchanged is not read or validated again.
    reviews=False reads no review.yml (a new sign-off replaces the old record, whatever state it is in).
    """
    cache = cache or ContentCache()
    problems: list[Problem] = []
    medicines = []
    if not content_dir.is_dir():
        raise ContentError([Problem(_display(content_dir, root), 1, 1, "", "content folder not found")])
    shared = content_dir / SHARED_GLOSSARY
    for folder in sorted(p for p in content_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        key = digest([_display(folder, root), folder, str(reviews), shared])
        load = partial(_load_medicine, folder, root, key, cache, reviews, shared)
        try:
            medicines.append(cache.value("medicine", [key], load))
        except ContentError as e:
            problems.extend(e.problems)
    if not problems:
        problems = library.problems(medicines)  # across medicines: checked on every load, it is cheap
    if problems:
        raise ContentError(problems)
    return Catalog(tuple(medicines))


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


SHARED_GLOSSARY = "glossary.yml"  # beside the medicine folders: the words every medicine's pages may use


def _shared_terms(path: Path, root: Path, cache: ContentCache, problems: list[Problem]) -> tuple[m.GlossaryTerm, ...]:
    if not path.is_file():
        return ()
    try:
        return tuple(validate(read(path, _display(path, root), kept_yaml.parser(cache)), m.GlossaryFile).terms)
    except ContentError as e:
        problems.extend(e.problems)
        return ()


_PAGE_OF = {name: page for page, name in m.TOPIC_FILES.items() if page != "clinician"}


def _pages(parsed: dict) -> tuple[str, ...]:
    """The patient pages a medicine has; every page while medicine.yml itself is not valid."""
    medicine = parsed.get("medicine.yml")
    return tuple(medicine.pages) if medicine is not None else m.PATIENT_PAGES


def _load_medicine(
    folder: Path, root: Path, key: str, cache: ContentCache, reviews: bool, shared: Path
) -> MedicineContent:
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    parsed: dict[str, object] = {}
    where = _display(folder, root)  # once: resolving every file's path cost a third of loading
    for name, schema in {**m.FILE_MODELS, **m.OPTIONAL_FILE_MODELS}.items():
        path = folder / name
        display = f"{where}/{name}"
        page = _PAGE_OF.get(name)
        if page is not None and page not in _pages(parsed):
            if path.is_file():
                message = f"'{page}' is not in this medicine's pages: (medicine.yml); add it there, or delete this file"
                problems.append(Problem(display, 1, 1, "", message))
            continue
        if not path.is_file() or (name == "review.yml" and not reviews):
            if name not in m.OPTIONAL_FILE_MODELS:
                problems.append(Problem(display, 1, 1, "", "required file is missing"))
            continue
        try:
            docs[name] = read(path, display, kept_yaml.parser(cache))
            parsed[name] = validate(docs[name], schema)
        except ContentError as e:
            problems.extend(e.problems)
    for extra in sorted(folder.glob("*.y*ml")):
        if extra.name not in m.FILE_MODELS and extra.name not in m.OPTIONAL_FILE_MODELS:
            known = ", ".join([*m.FILE_MODELS, *m.OPTIONAL_FILE_MODELS])
            problems.append(Problem(f"{where}/{extra.name}", 1, 1, "", f"unexpected file; expected one of: {known}"))
    common = _shared_terms(shared, root, cache, problems)
    if problems:
        raise ContentError(problems)
    content = MedicineContent(
        slug=folder.name,
        folder=where,
        medicine=parsed["medicine.yml"],
        warnings=tuple(parsed["warnings.yml"].warnings),
        sources=tuple(parsed["sources.yml"].sources),
        glossary=(*common, *parsed["glossary.yml"].terms),
        excluded=tuple(parsed["excluded.yml"].excluded),
        topics={page: parsed[name] for page, name in m.TOPIC_FILES.items() if name in parsed},
        changes=tuple(sorted(parsed["changelog.yml"].changes, key=lambda c: c.date, reverse=True)),
        contract=parsed["contract.yml"],
        review=parsed.get("review.yml"),
        documents=docs,
        digest=key,
        authorities=parsed.get("authorities.yml"),
        interactions=tuple(parsed["interactions.yml"].interactions) if "interactions.yml" in parsed else (),
    )
    checked = [code_digest(__name__), key]  # files that passed the checks once pass them again: skip them
    if cache.stored("checked", checked) is None:
        problems = _cross_check(content, docs)
        if problems:
            raise ContentError(problems)
        cache.keep("checked", checked, b"")
    return content


def _cross_check(content: MedicineContent, docs: dict[str, Document]) -> list[Problem]:
    """Checks that span items or files: unique ids, known sources, folder name matches id, the warning contract."""
    problems = []
    if content.medicine.id != content.slug:
        problems.append(docs["medicine.yml"].problem(("id",), f"must match the folder name '{content.slug}'"))
    source_ids = {s.id for s in content.sources}
    for doc in docs.values():
        problems += _duplicate_ids(doc)
        for keys, ref in _source_refs(doc.data, ()):
            if ref not in source_ids:
                problems.append(doc.problem(keys, f"unknown source id '{ref}' (not defined in sources.yml)"))
    ids_ok = not problems  # a broken id above would only echo in the checks below
    problems += sourcing.problems(content.sources, docs)
    if content.authorities is not None and ids_ok:
        problems += _authority_problems(content, docs["authorities.yml"], source_ids)
    if ids_ok:
        problems += _warning_links(content, docs)
    return (
        problems + _page_problems(content, docs) + _glossary_problems(content, docs) + contract.problems(content, docs)
    )


def _glossary_problems(content: MedicineContent, docs: dict[str, Document]) -> list[Problem]:
    """A word is defined once: in the shared glossary or in the medicine's own, not both."""
    own = docs["glossary.yml"].data.get("terms") or [] if isinstance(docs["glossary.yml"].data, dict) else []
    shared = [t.term for t in content.glossary[: len(content.glossary) - len(own)]]
    return [
        docs["glossary.yml"].problem(("terms", i, "term"), f"'{item['term']}' is already in content/{SHARED_GLOSSARY}")
        for i, item in enumerate(own)
        if isinstance(item, dict) and item.get("term") in shared
    ]


def _page_problems(content: MedicineContent, docs: dict[str, Document]) -> list[Problem]:
    """Warnings and the contract may name only pages this medicine has."""
    has = {*content.medicine.pages, "clinician", "handout"}
    message = f"is not a page of {content.slug} (its pages: {', '.join(sorted(has))})"
    lists = [
        ("warnings.yml", "warnings", content.warnings),
        ("contract.yml", "placements", content.contract.placements),
    ]
    return [
        docs[name].problem((key, i, "pages", j), f"'{page}' {message}")
        for name, key, items in lists
        for i, item in enumerate(items)
        for j, page in enumerate(item.pages)
        if page not in has
    ]


def _warning_links(content: MedicineContent, docs: dict[str, Document]) -> list[Problem]:
    """A side effect's `warning:` names a warning of the same medicine (tests/content/test_consistency.py)."""
    known = {w.id for w in content.warnings}
    found = []
    for page, topic in content.topics.items():
        for i, effect in enumerate(topic.side_effects):
            if effect.warning is not None and effect.warning not in known:
                message = f"unknown warning id '{effect.warning}' (not defined in warnings.yml)"
                found.append(docs[m.TOPIC_FILES[page]].problem(("side_effects", i, "warning"), message))
    return found


def placement_targets(content: MedicineContent) -> set[str]:
    """Every place an authority message may name: warnings, sections, side effects, questions, the handout."""
    places = {"handout", *(f"warning:{w.id}" for w in content.warnings)}
    places |= {f"interaction:{i.id}" for i in content.interactions}
    for page, topic in content.topics.items():
        places |= {f"section:{page}/{s.id}" for s in topic.sections}
        places |= {f"side-effect:{e.id}" for e in topic.side_effects}
        places |= {f"question:{q.id}" for q in topic.questions}
    return places


def _authority_problems(content: MedicineContent, doc: Document, source_ids: set[str]) -> list[Problem]:
    """Each matrix entry names a known authority source and only places that exist."""
    problems = []
    places = placement_targets(content)
    for i, entry in enumerate(content.authorities.messages):
        if entry.authority not in source_ids:
            problems.append(
                doc.problem(
                    ("messages", i, "authority"), f"unknown source id '{entry.authority}' (not defined in sources.yml)"
                )
            )
        for j, place in enumerate(entry.placed):
            if place not in places:
                problems.append(
                    doc.problem(
                        ("messages", i, "placed", j), f"no such item: '{place}' (not found in this medicine's files)"
                    )
                )
    return problems


def _items_with_ids(data: object, keys: tuple):
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict) and "id" in item:
                        yield (*keys, key, i, "id"), item["id"]
                    yield from _items_with_ids(item, (*keys, key, i))


def _duplicate_ids(doc: Document) -> list[Problem]:
    found = list(_items_with_ids(doc.data, ()))
    counts = Counter(value for _, value in found)
    seen: set[str] = set()
    problems = []
    for keys, value in found:
        if counts[value] > 1 and value in seen:
            problems.append(doc.problem(keys, f"duplicate id '{value}' (ids must be unique in a file)"))
        seen.add(value)
    return problems


def _source_refs(data: object, keys: tuple):
    """Yield (location, id) for every source reference: `sources:` lists and excluded `source:`."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "sources" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                yield from (((*keys, key, i), v) for i, v in enumerate(value))
            elif key == "source" and isinstance(value, str):
                yield (*keys, key), value
            else:
                yield from _source_refs(value, (*keys, key))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _source_refs(item, (*keys, i))
