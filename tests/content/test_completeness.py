"""Completeness: every seed section and fact is in the content or deliberately left out, every source resolves,
the safety messages an authoritative medication guide gives are on the patient pages, and each medicine's
sources page lists every source."""

from __future__ import annotations

import hashlib
import os
import re
from functools import cache
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_build
from helpers import article, norm, visible_text
from plainmed.content.catalog import _source_refs as references  # the loader's own walk over `sources:`
from plainmed.content.catalog import load_catalog

MED = "content/isotretinoin"


def seeds_dir() -> Path | None:
    """The seed texts, when a folder of them is given (.ci/run sets PLAINMED_SEEDS if ../shared/seeds exists).
    A plain clone has none: then the digests sources.yml keeps of each seed section are checked instead."""
    folder = os.environ.get("PLAINMED_SEEDS")
    if not folder:
        return None
    assert Path(folder).is_dir(), f"PLAINMED_SEEDS={folder} is not a folder"
    return Path(folder)


def section_text(source, text: str) -> str:
    """A seed section: from its heading (or opening words) to the next section of the same file."""
    opening = UNTITLED.get(source.id, source.section)
    start = re.search(rf"^{re.escape(opening)}", text, re.M).start()
    starts = [m.start() for m in SECTION_LINES[source.file].finditer(text)]
    starts += [m.start() for o in UNTITLED.values() if (m := re.search(rf"^{re.escape(o)}", text, re.M))]
    later = [p for p in starts if p > start]
    return text[start : min(later) if later else len(text)]


# How each seed file marks its sections (a whole line), and the untitled parts with the words they open with.
SECTION_LINES = {
    "000_46c4c744dfc5646f.txt": re.compile(r"^(?:What is|How To Use) Isotroin\?$", re.M),
    "001_72acc059e29040bd.txt": re.compile(r"^\d+\.\s+\S.*$|^Similar products$", re.M),
}
UNTITLED = {"seed-monograph-recollections": "I remember when we first started using isotretinoin"}

# Facts of each seed section, as patterns: each must be on a built page or quoted in excluded.yml for that section.
SEED_FACTS: dict[str, list[str]] = {
    "seed-explainer-what-is": [r"vitamin A", r"retinoid", r"severe acne", r"less oil", r"pores", r"scar",
                               r"upsets you", r"dry eyes", r"dry lips", r"aching muscles", r"birth defects",
                               r"birth control", r"prescription"],
    "seed-explainer-how-to-use": [r"10 mg", r"with food", r"stomach upset", r"full glass of water", r"tablet",
                                  r"as long as your doctor says", r"skin care", r"pregnancy tests?", r"side effect"],
    "seed-monograph-preamble": [r"recalcitrant nodular acne", r"keratinisation", r"revolutionized",
                                r"tightly regulated", r"teratogenic"],
    "seed-monograph-1": [r"13-cis", r"nuclear retinoic acid receptors", r"conglobate", r"even cure",
                         r"cutaneous T-cell lymphoma", r"skin cancers", r"keratinisation disorders"],
    "seed-monograph-2": [r"soft gelatin capsules?", r"lipophilic", r"soybean oil", r"beeswax", r"1\.5- to 2-fold",
                         r"10-20 hours", r"sole active ingredient"],
    "seed-monograph-3": [r"90%", r"apoptosis", r"microcomedone", r"neutrophil chemotaxis", r"cytokine", r"RXRs?",
                         r"heterodimers", r"[Dd]ecades of nuclear-receptor research", r"disease-modifying"],
    "seed-monograph-4": [r"80-90%", r"at least 3 months", r"psychological distress", r"Gram-negative folliculitis",
                         r"lower doses", r"rosacea", r"hidradenitis suppurativa", r"ichthyoses"],
    "seed-monograph-5": [r"0\.5-1\.0 mg/kg/day", r"two divided doses", r"15-20 weeks", r"120-150 mg/kg",
                         r"0\.3-0\.5 mg/kg/day", r"10-20 mg daily or on alternate days", r"fatty meals",
                         r"liver function", r"whichever comes first", r"flare"],
    "seed-monograph-6": [r"breastfeeding", r"hypersensitivity", r"hypertriglyceridaemia", r"hepatic impairment",
                         r"hypercholesterolaemia", r"cheilitis", r"xerosis", r"conjunctivitis", r"pseudotumor cerebri",
                         r"suicidal ideation", r"tetracyclines?", r"[Vv]itamin A supplements", r"progestin",
                         r"corticosteroids", r"osteoporosis", r"[Aa]lcohol", r"20-35%", r"thymic"],
    "seed-monograph-7": [r"four decades", r"lower relapse", r"70-80%", r"quality-of-life", r"[Ll]ong-term follow-up",
                         r"[Ss]ystematic reviews", r"overwhelmingly"],
    "seed-monograph-8": [r"Accutane", r"Claravis", r"Absorica", r"bioequivalence", r"irregular eating",
                         r"comparable efficacy", r"manufacturing standards"],
    "seed-monograph-9": [r"How long does treatment last", r"[Tt]opical acne", r"permanent remission",
                         r"psychiatric assessment", r"musculoskeletal", r"night vision", r"laser", r"fillers"],
    "seed-monograph-10": [r"shared decision-making", r"patient selection", r"unquestioned", r"transformative",
                          r"most effective"],
    "seed-monograph-recollections": [r"early 2000s", r"steep learning curve", r"40 mg daily", r"emollient",
                                     r"every 2 weeks", r"picking", r"47 patients", r"triglyceride",
                                     r"Michael", r"Sarah", r"James", r"Maria", r"wedding", r"miraculous"],
}  # fmt: skip

# The safety messages an authoritative medication guide gives patients: topic -> (page, patterns that must all
# be on that built patient page). A fixed floor: deleting one from the content fails here.
SAFETY_FLOOR: dict[str, tuple[str, tuple[str, ...]]] = {
    "contraception window": ("pregnancy", (r"at least 1 month before you start", r"1 month after your last dose")),
    "two forms of contraception": ("pregnancy", (r"2 kinds of birth control at the same time",)),
    "late period": ("overview", (r"late period",)),
    "failed contraception": ("pregnancy", (r"sex without birth control", r"emergency birth control")),
    "pregnancy tests before, monthly, after": ("pregnancy", (r"You will have a test: before you start every month "
                                                             r"while you take it after you stop",)),
    "breastfeeding": ("pregnancy", (r"Do not breastfeed",)),
    "do not share capsules": ("how-to-take", (r"Never share your capsules",)),
    "blood donation": ("how-to-take", (r"Do not give blood while you take isotretinoin, or for 1 month after",)),
    "waxing, dermabrasion, laser": ("how-to-take", (r"Waxing, dermabrasion.*laser skin treatment.*6 months after",)),
    "sun": ("how-to-take", (r"burn more easily in the sun", r"sunbeds")),
    "night vision and driving": ("how-to-take", (r"not see as well in the dark", r"drive .*at night")),
    "dry eyes and contact lenses": ("how-to-take", (r"eyes may get dry", r"Contact lenses")),
    "raised pressure in the head": ("side-effects", (r"pressure of the fluid around your brain",)),
    "serious skin reactions": ("side-effects", (r"severe skin reaction", r"blisters")),
    "bowel problems": ("side-effects", (r"inflammatory bowel disease", r"bloody diarrhea")),
    "pancreatitis": ("side-effects", (r"pancreas",)),
    "liver": ("side-effects", (r"[Yy]ellow skin or eyes",)),
    "blood fats": ("how-to-take", (r"raise the fats in your blood",)),
    "bones and muscles": ("side-effects", (r"bone growth", r"muscles can be badly damaged")),
    "hearing": ("side-effects", (r"[Rr]inging in your ears", r"loss of hearing")),
    "blood sugar": ("side-effects", (r"change your blood sugar",)),
    "allergic reactions": ("side-effects", (r"[Ss]erious allergic reactions", r"trouble breathing")),
    "sexual side effects": ("side-effects", (r"less interest in sex", r"erection")),
    "mental health, also after stopping": ("questions", (r"depression", r"start while you take it or after you stop")),
    "acne worse at first": ("overview", (r"acne may get worse in the first few weeks",)),
    "missed dose": ("how-to-take", (r"If you forget a dose", r"Never take 2 doses at once")),
    "too many capsules": ("how-to-take", (r"If you take too much", r"Poison Help", r"NHS 111")),
    "every medicine and allergy": ("other-medicines", (r"every medicine you take", r"any allergies",
                                                       r"allergic to soya or peanuts")),
    "tetracyclines": ("other-medicines", (r"tetracyclines", r"must not be taken with")),
    "vitamin A": ("other-medicines", (r"Do not take vitamin A pills",)),
    "US programme, dated": ("pregnancy", (r"As of [A-Z][a-z]+ 20\d\d, everyone in the US .* iPLEDGE",)),
    "UK programme, dated": ("pregnancy", (r"As of [A-Z][a-z]+ 20\d\d, the UK has a Pregnancy Prevention Programme",)),
}  # fmt: skip


@cache
def content():
    return next(c for c in load_catalog(ROOT / "content", ROOT).medicines if c.slug == "isotretinoin")


def seed_sources():
    return [s for s in content().sources if s.kind == "seed"]


def excluded_text(source_id: str) -> str:
    return " ".join(f"{e.what} {e.reason}" for e in content().excluded if e.source == source_id)


@pytest.fixture(scope="module")
def site_text(site, site_plan) -> str:
    """Every word on every built page of the medicine, patient and clinician."""
    return " ".join(visible_text(article(site, p.url)) for p in site_plan.for_medicine("isotretinoin"))


# --- seeds: sections and facts ---


def test_every_seed_section_has_a_source_entry():
    """Each section heading of each seed file is a `section:` in sources.yml, and each entry points at a real part
    whose text is the one its digest records."""
    sources = seed_sources()
    assert {s.file for s in sources} == set(SECTION_LINES), "both seed files are listed"
    for source in sources:
        assert source.section and source.digest, f"{source.id}: a seed source records its section and digest"
    if seeds_dir() is None:
        return
    for name, pattern in SECTION_LINES.items():
        text = (seeds_dir() / name).read_text(encoding="utf-8")
        listed = {s.section for s in sources if s.file == name}
        headings = {m.group(0).strip() for m in pattern.finditer(text)}
        assert headings, f"no section headings found in {name}"
        assert headings <= listed, f"{name}: sections without a source entry: {sorted(headings - listed)}"
    for source in sources:
        text = (seeds_dir() / source.file).read_text(encoding="utf-8")
        opening = UNTITLED.get(source.id, source.section)
        assert re.search(rf"^{re.escape(opening)}", text, re.M), f"{source.id}: '{opening}' is not in {source.file}"
        found = hashlib.sha256(section_text(source, text).encode("utf-8")).hexdigest()
        assert found == source.digest, f"{source.id}: the seed text changed since sources.yml recorded it"


def test_every_seed_section_is_covered_by_content_or_excluded():
    cited = {ref for doc in content().documents.values() for _, ref in references(doc.data, ())}
    for source in seed_sources():
        assert source.id in cited, f"{source.id}: no content item or excluded.yml entry cites this seed section"


@pytest.mark.parametrize("source_id", SEED_FACTS)
def test_every_seed_fact_is_on_a_page_or_excluded(source_id, site_text):
    left_out = excluded_text(source_id)
    missing = [p for p in SEED_FACTS[source_id] if not re.search(p, f"{site_text} {left_out}", re.I)]
    assert not missing, f"{source_id}: facts neither on a page nor in excluded.yml: {missing}"


def test_seed_fact_table_covers_every_seed_section():
    assert set(SEED_FACTS) == {s.id for s in seed_sources()}


def test_excluded_facts_are_not_on_any_page(site_text):
    """What excluded.yml leaves out stays out: names of patients and promotional claims."""
    for word in ("Michael", "Sarah", "James", "Maria", "miraculous", "revolutioni", "transformative", "80-90%"):
        assert word not in site_text, word


# --- sources resolve ---


def test_every_source_reference_resolves_and_every_source_is_used():
    ids = {s.id for s in content().sources}
    used = set()
    for name, doc in content().documents.items():
        for keys, ref in references(doc.data, ()):
            assert ref in ids, f"{name}: {keys}: unknown source '{ref}'"
            used.add(ref)
    assert len(used) > 15
    assert ids == used, f"sources never cited: {sorted(ids - used)}"


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("excluded.yml", "    source: seed-monograph-4\n", "    source: seed-monograph-44\n"),
        ("side-effects.yml", "[fda-label, nhs-isotretinoin]", "[fda-label, nhs-isotretinion]"),
    ],
    ids=["excluded-source", "side-effect-sources"],
)
def test_an_unknown_source_id_stops_the_build(tmp_path, name, old, new):
    project = copy_project(tmp_path)
    path = project / MED / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    line = text[: text.index(old)].count("\n") + 1
    result = run_build(project, project / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    bad = re.search(r"seed-monograph-44|nhs-isotretinion", new).group(0)
    assert re.search(
        rf"{MED}/{name}:{line}:\d+: \S+: unknown source id '{bad}' \(not defined in sources\.yml\)", result.stderr
    ), result.stderr


# --- the safety floor on the built patient pages ---


@pytest.mark.parametrize("topic", SAFETY_FLOOR)
def test_safety_message_is_on_its_patient_page(topic, site, site_plan):
    page, patterns = SAFETY_FLOOR[topic]
    plan = site_plan.find("isotretinoin", page)
    assert plan.audience == "patient"
    text = norm(visible_text(article(site, plan.url)))
    missing = [p for p in patterns if not re.search(p, text, re.S)]
    assert not missing, f"{plan.url}: safety message '{topic}' is missing: {missing}"


# --- each medicine's sources page lists every source; the about page links to it ---


def test_sources_page_lists_every_source_with_link_and_use(site, site_plan):
    about = article(site, "about/")
    for med in site_plan.medicines:
        page = article(site, f"{med.slug}/sources/")
        assert about.find("a", href=f"../{med.slug}/sources/") is not None, f"about page: no link to {med.slug}"
        for source in med.sources:
            anchor = page.find(id=f"source-{med.slug}-{source.id}")
            assert anchor is not None, f"{med.slug} sources page: no entry for {source.id}"
            entry = anchor.find_parent("li")
            text = visible_text(entry)
            assert f"Used for: {norm(source.used_for)}" in text, source.id
            if source.url:
                link = entry.find("a", href=source.url)
                assert link is not None and norm(link.get_text()) == norm(source.title), source.id
            else:
                assert source.file in text and source.section in text, source.id
        text = visible_text(page) + visible_text(about)
        for leftover in ("**", "](", "{ #", "<span", "&lt;"):
            assert leftover not in text, f"sources or about page shows raw markup {leftover!r}"
