"""The built pages: every planned page exists, links both ways, carries metadata, and keeps audiences apart."""

from __future__ import annotations

import json
import posixpath
import re

from helpers import article, page_file, soup, visible_text

CLINICIAN_ONLY = [re.compile(r"mg/kg"), re.compile(r"cumulative dose", re.I), re.compile(r"pharmacokinetic", re.I)]


def test_every_planned_page_is_built(site, site_plan):
    assert len(site_plan.pages) == 7 * len(site_plan.medicines)
    assert len(site_plan.handouts) == len(site_plan.medicines)
    for plan in (*site_plan.pages, *site_plan.handouts):
        assert page_file(site, plan.url).is_file(), plan.url
    assert (site / "index.html").is_file()
    assert (site / "about" / "index.html").is_file()


def test_home_lists_each_medicine(site, site_plan):
    home = article(site, "")
    for content in site_plan.medicines:
        link = home.find("a", href=f"{content.slug}/")
        assert link is not None and content.medicine.name in link.text
    assert soup(page_file(site, "")).select_one("input.md-search__input") is not None, "home needs search"


def test_clinician_only_detail_never_on_patient_pages(site, site_plan):
    for plan in site_plan.pages:
        if plan.audience != "patient":
            continue
        text = visible_text(article(site, plan.url))
        for pattern in CLINICIAN_ONLY:
            assert not pattern.search(text), f"{plan.url}: clinician-only detail {pattern.pattern!r}"
        clinician_ids = {s.id for t in plan.content.topics.values() for s in t.sections if s.audience == "clinician"}
        shown = {h.get("id") for h in article(site, plan.url).find_all(["h2", "h3"])}
        assert not (clinician_ids & shown), f"{plan.url}: clinician sections {clinician_ids & shown}"


def test_clinician_page_has_full_depth(site, site_plan):
    for content in site_plan.medicines:
        text = visible_text(article(site, f"{content.slug}/clinician/"))
        for pattern in CLINICIAN_ONLY[:2] if content.slug == "isotretinoin" else ():  # weight-based, course-long
            assert pattern.search(text), f"clinician page lacks {pattern.pattern!r}"
        assert re.search(r"\d+ mg", text), f"{content.slug}: the clinician page gives doses in mg"
        for topic in content.topics.values():
            for section in topic.sections:
                if section.audience in ("clinician", "both"):
                    assert article(site, f"{content.slug}/clinician/").find(id=section.id), section.id


def test_patient_and_clinician_pages_link_to_each_other(site, site_plan):
    for plan in site_plan.pages:
        target = "clinician/" if plan.audience == "patient" else ""
        link = article(site, plan.url).select_one("a.plainmed-counterpart")
        assert link is not None, f"{plan.url}: no counterpart link"
        resolved = (page_file(site, plan.url).parent / link["href"]).resolve()
        expected = page_file(site, f"{plan.content.slug}/{target}").parent.resolve()
        assert resolved == expected, f"{plan.url}: counterpart link goes to {link['href']}"
        assert (resolved / "index.html").is_file()


def test_meta_description_and_json_ld(site, site_plan):
    for plan in site_plan.pages:
        page = soup(page_file(site, plan.url))
        topic = plan.content.topics[plan.page]
        assert page.find("meta", attrs={"name": "description"})["content"] == topic.description
        data = json.loads(page.find("script", type="application/ld+json").string)
        assert data["@type"] == "MedicalWebPage"
        assert data["audience"]["audienceType"] == ("Patient" if plan.audience == "patient" else "Clinician")
        assert "lastReviewed" not in data, "no clinician has signed this content off (see test_review.py)"
        assert data["about"]["@type"] == "Drug" and data["about"]["name"] == plan.content.medicine.name


def test_sources_cited_on_pages_resolve_to_the_medicine_sources_page(site, site_plan):
    for plan in site_plan.pages:
        for link in article(site, plan.url).select(".plainmed-sources a"):
            href, anchor = link["href"].split("#", 1)
            target = (page_file(site, plan.url).parent / href / "index.html").resolve()
            assert target == (site / plan.content.slug / "sources" / "index.html").resolve(), link["href"]
            assert soup(target).find(id=anchor) is not None, f"{plan.url}: source anchor {anchor} missing"
    about = article(site, "about/")
    for content in site_plan.medicines:
        assert about.find("a", href=f"../{content.slug}/sources/"), f"about does not link {content.slug}'s sources"


def test_nav_does_not_list_every_medicine(site, site_plan):
    """Navigation stays constant-size: medicines are reached through the A-Z list, not the sidebar."""
    for plan in site_plan.pages:
        nav = soup(page_file(site, plan.url)).select_one("nav.md-nav--primary")
        assert not nav.find("a", href=re.compile(r"clinician/")), f"{plan.url}: medicine pages in site nav"


def test_no_third_party_assets(site):
    for html in site.rglob("*.html"):
        page = soup(html)
        for tag in page.find_all(["script", "link", "img", "iframe"]):
            url = tag.get("src") or tag.get("href") or ""
            if tag.name == "link" and tag.get("rel") not in (["stylesheet"], ["preload"], ["icon"], ["preconnect"]):
                continue
            assert not re.match(r"(https?:)?//", url), f"{html}: third-party asset {url}"


def test_patient_pages_cite_who_and_a_number_the_clinician_page_cites_in_full(site, site_plan):
    """A patient sees "NHS (18)", linked to entry 18 of the sources page; the clinician page keeps the titles."""
    for plan in site_plan.pages:
        sources_page = soup(site / plan.content.slug / "sources" / "index.html")
        numbered = {li.find("span", id=True)["id"]: i for i, li in enumerate(sources_page.select("article ol > li"), 1)}
        assert len(numbered) == len(plan.content.sources)
        lines = article(site, plan.url).select(".plainmed-sources")
        assert lines, plan.url
        for line in lines:
            for link in line.select("a"):
                anchor = link["href"].split("#", 1)[1]
                source = plan.content.source(anchor.removeprefix(f"source-{plan.content.slug}-"))
                if plan.audience == "patient":
                    assert link.get_text() == str(numbered[anchor]), f"{plan.url}: {link.get_text()!r}"
                    assert f"{source.short} (" in line.get_text(), f"{plan.url}: {source.short} not named"
                else:
                    assert link.get_text() == source.label, plan.url
    authorities = {s.short for c in site_plan.medicines for s in c.sources if s.kind == "authority"}
    assert {"FDA", "NHS", "MHRA"} <= authorities


def body_part_lists(page) -> dict[str, list[tuple[str, str]]]:
    """The side-effects page's list by part of the body: heading -> [(linked id, what it says to do)]."""
    lists: dict[str, list[tuple[str, str]]] = {}
    heading = None
    for node in page.select_one("#by-body-part").find_all(["p", "ul"], recursive=False):
        if node.name == "p":
            heading = visible_text(node)
            lists[heading] = []
        else:
            for item in node.find_all("li"):
                link = item.find("a")
                lists[heading].append((link["href"].removeprefix("#"), visible_text(item).split(": ")[-1]))
    return lists


def test_every_side_effect_is_found_under_each_part_of_the_body_it_names(site, site_plan):
    from plainmed.content.model import BODY_PARTS, URGENCY_ORDER

    problems = []
    for plan in (p for p in site_plan.pages if p.page == "side-effects"):
        page = article(site, plan.url)
        lists = body_part_lists(page)
        effects = plan.content.topics["side-effects"].side_effects
        for e in effects:
            under = {part for part, items in lists.items() if any(i == f"side-effect-{e.id}" for i, _ in items)}
            if under != {BODY_PARTS[p] for p in e.body_parts}:
                problems.append(f"/{plan.url}: {e.id} is listed under {sorted(under)}, not {e.body_parts}")
            # The link lands in the group of its urgency, and its line says what that group says to do.
            target = page.find(id=f"side-effect-{e.id}")
            group = target.find_previous("h2") if target else None
            if not group or group.get("id") != e.urgency:
                problems.append(f"/{plan.url}: the link to {e.id} does not land in the {e.urgency} group")
            said = {what for items in lists.values() for i, what in items if i == f"side-effect-{e.id}"}
            # Said of one side effect, the group's heading: "these" becomes "it", nothing else changes.
            heading = visible_text(group).lower().replace(" these ", " it ") if group else None
            if said != {heading}:
                problems.append(f"/{plan.url}: {e.id} is listed with {said}, under the heading {heading!r}")
        for part, items in lists.items():
            urgency = {f"side-effect-{e.id}": e.urgency for e in effects}
            ranks = [URGENCY_ORDER.index(urgency[i]) for i, _ in items]
            if ranks != sorted(ranks):
                problems.append(f"/{plan.url}: {part} does not list the most urgent first")
    assert not problems, "\n".join(problems)


def test_every_help_block_names_the_signs_that_need_emergency_help(site, site_plan):
    """'Get help now' on each patient page names the medicine's emergency side effects and links to their signs."""
    checked = 0
    for plan in (p for p in site_plan.pages if p.audience == "patient"):
        emergencies = [e for e in plan.content.topics["side-effects"].side_effects if e.urgency == "emergency"]
        block = article(site, plan.url).select_one("#get-help-now")
        for effect in emergencies:
            assert effect.name.lower() in visible_text(block).lower(), (
                f"{plan.url}: the help block lacks {effect.name!r}"
            )
        link = block.find("a", string="See the signs")
        side_effects = site_plan.find(plan.content.slug, "side-effects").url
        target = posixpath.normpath(posixpath.join(plan.url, link["href"])) if link else None
        assert target == posixpath.normpath(side_effects) + "/#emergency", (
            f"{plan.url}: 'See the signs' leads to {target!r}"
        )
        assert article(site, side_effects).find(id="emergency") is not None
        checked += len(emergencies)
    assert checked >= 24  # 6 pages of 2 medicines, 2 or more emergencies each
