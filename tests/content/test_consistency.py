"""One answer per question: a side effect and the warning about the same thing (its `warning:`) agree on how
urgent it is and what to do, in the content and on the built page. Every medicine of the library is checked."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT, copy_project
from helpers import MED, article, mutate
from plainmed.content.catalog import load_catalog
from plainmed.content.load import ContentError
from plainmed.render.render import URGENCY_ORDER

RANK = {u: i for i, u in enumerate(reversed(URGENCY_ORDER))}  # self-care 0 ... emergency 3
# The least urgent a side effect may be when a warning of this severity is about it.
SEVERITY_FLOOR = {"critical": "call-doctor-now", "serious": "tell-doctor", "caution": "self-care"}
# How an action says what to do, in the words patient pages use.
ACTION_WORDS = {
    "emergency": re.compile(r"emergency (services|department)", re.I),
    "call-doctor-now": re.compile(r"call your doctor (now|at once|right away)", re.I),
    "tell-doctor": re.compile(r"(tell|talk to|ask) your doctor|see a doctor", re.I),
}
# Words too common to say two items share a topic.
STOPWORDS = set("a an and or of in the your you with to on at by for very other do not bad mild severe serious".split())


def urgencies_in(text: str) -> set[str]:
    return {urgency for urgency, words in ACTION_WORDS.items() if words.search(text)}


def key_words(text: str) -> set[str]:
    return {w.removesuffix("s") for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS and len(w) > 2}


def linked(content):
    warnings = {w.id: w for w in content.warnings}
    effects = (e for topic in content.topics.values() for e in topic.side_effects)
    return [(e, warnings[e.warning]) for e in effects if e.warning]


def pair_problems(effect, warning) -> list[str]:
    """Where a side effect and the warning it names disagree."""
    where, problems = f"side effect {effect.id} (warning {warning.id})", []
    floor = SEVERITY_FLOOR[warning.severity]
    if RANK[effect.urgency] < RANK[floor]:
        problems.append(
            f"{where}: urgency {effect.urgency} is lower than {floor}, the least for a {warning.severity} warning"
        )
    said, told = urgencies_in(effect.what_to_do), urgencies_in(warning.action)
    if effect.urgency != "self-care" and effect.urgency not in said:
        problems.append(
            f"{where}: urgency {effect.urgency}, but its 'what to do' says {sorted(said) or 'nothing urgent'}"
        )
    if told and effect.urgency != "self-care" and effect.urgency not in told:
        problems.append(f"{where}: urgency {effect.urgency}, but the warning's action says {sorted(told)}")
    if told and not said <= told:
        problems.append(f"{where}: 'what to do' says {sorted(said - told)}, the warning's action only {sorted(told)}")
    return problems


def effect_problems(effect) -> list[str]:
    """Every side effect, linked to a warning or not, says in its own 'what to do' the urgency it is listed under."""
    said = urgencies_in(effect.what_to_do)
    if effect.urgency == "self-care" or effect.urgency in said:
        return []
    told = sorted(said) or "nothing urgent"
    return [f"side effect {effect.id}: listed as {effect.urgency}, but its 'what to do' says {told}"]


def unlinked_problems(content) -> list[str]:
    """A side effect whose name shares two key words with a warning's title is about it: it must say so."""
    problems = []
    for effect in (e for topic in content.topics.values() for e in topic.side_effects if not e.warning):
        for w in content.warnings:
            shared = key_words(effect.name) & key_words(w.title)
            if len(shared) >= 2:
                problems.append(
                    f"side effect {effect.id} shares {sorted(shared)} with warning {w.id}: add `warning: {w.id}`"
                )
    return problems


def consistency_problems(content) -> list[str]:
    effects = [e for topic in content.topics.values() for e in topic.side_effects]
    pairs = [p for e, w in linked(content) for p in pair_problems(e, w)]
    return pairs + [p for e in effects if not e.warning for p in effect_problems(e)] + unlinked_problems(content)


def catalog(root=ROOT):
    return load_catalog(root / "content", root)


def test_side_effects_and_their_warnings_agree():
    problems = [p for content in catalog().medicines for p in consistency_problems(content)]
    assert not problems, "\n".join(problems)
    assert any(linked(content) for content in catalog().medicines), "no side effect names its warning"


BROKEN = {
    # (side effect, changed field, new value): each gives the topic a second, different answer.
    "lower-than-critical": ("low-mood", "urgency", "tell-doctor"),
    "action-the-warning-does-not-say": ("bad-headache", "what_to_do", "Call emergency services now."),
    "urgency-the-text-does-not-say": ("yellow-skin", "urgency", "emergency"),
    "softer-than-the-warning": ("severe-skin-reaction", "urgency", "call-doctor-now"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_second_answer_is_found(case):
    effect_id, field, value = BROKEN[case]
    content = next(c for c in catalog().medicines if c.slug == "isotretinoin")
    effect, warning = next((e, w) for e, w in linked(content) if e.id == effect_id)
    assert not pair_problems(effect, warning)
    assert pair_problems(effect.model_copy(update={field: value}), warning)


def test_a_side_effect_edited_by_hand_to_disagree_is_found(tmp_path):
    project = copy_project(tmp_path)
    mutate(
        project,
        "side-effects.yml",
        "    urgency: call-doctor-now\n    body_parts: [skin-hair, eyes-ears]\n    warning: liver-problems",
        "    urgency: tell-doctor\n    body_parts: [skin-hair, eyes-ears]\n    warning: liver-problems",
    )
    content = next(c for c in catalog(project).medicines if c.slug == "isotretinoin")
    assert any("yellow-skin" in p for p in consistency_problems(content))


def test_a_side_effect_without_a_warning_that_softens_its_group_is_found(tmp_path):
    # doxycycline's sore gullet once sat under "call your doctor now" but said "call your doctor today"
    project = copy_project(tmp_path)
    mutate(project, "../doxycycline/side-effects.yml", "doctor now. Your gullet", "doctor today. Your gullet")
    content = next(c for c in catalog(project).medicines if c.slug == "doxycycline")
    assert "side effect swallowing-pain: listed as call-doctor-now, but its 'what to do' says nothing urgent" in (
        consistency_problems(content)
    )


def test_a_side_effect_about_a_warning_without_the_link_is_found(tmp_path):
    project = copy_project(tmp_path)
    mutate(project, "side-effects.yml", "    warning: dry-eyes-contact-lenses\n", "")
    content = next(c for c in catalog(project).medicines if c.slug == "isotretinoin")
    assert "add `warning: dry-eyes-contact-lenses`" in "\n".join(consistency_problems(content))


def test_a_link_to_no_warning_is_a_path_line_error(tmp_path):
    project = copy_project(tmp_path)
    line = mutate(project, "side-effects.yml", "    warning: liver-problems", "    warning: liver-problem")
    with pytest.raises(ContentError) as caught:
        catalog(project)
    assert f"{MED}/side-effects.yml:{line}:" in str(caught.value)
    assert "unknown warning id 'liver-problem' (not defined in warnings.yml)" in str(caught.value)


def sections_of(page) -> dict[str, str]:
    """Each id in a built page -> the id of the h2 section it sits in."""
    found, current = {}, None
    for el in page.find_all(id=True):
        if el.name == "h2":
            current = el["id"]
        found[el["id"]] = current
    return found


def test_the_page_shows_each_warning_with_its_most_urgent_side_effect(site, site_plan):
    problems = []
    for plan in (p for p in site_plan.pages if p.page == "side-effects"):
        where = sections_of(article(site, plan.url))
        shown = {w.id for w in plan.warnings if w.severity != "critical"}  # critical ones lead every page
        for effect, warning in sorted(linked(plan.content), key=lambda pair: -RANK[pair[0].urgency]):
            if where.get(f"side-effect-{effect.id}") != effect.urgency:
                problems.append(f"/{plan.url}: {effect.id} is not under its urgency {effect.urgency}")
            if warning.id in shown:
                shown.discard(warning.id)  # the most urgent side effect comes first
                if where.get(f"warning-{warning.id}") != effect.urgency:
                    problems.append(f"/{plan.url}: warning {warning.id} is not beside {effect.id} ({effect.urgency})")
    assert not problems, "\n".join(problems)
