"""Render page plans into Markdown (with front matter) through the Jinja templates in templates/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from pathlib import Path

import jinja2
import markdown
from markupsafe import Markup, escape

from plainmed.content import model as m
from plainmed.content.library import LEVEL_LABELS
from plainmed.content.load import read
from plainmed.content.regions import REGIONS
from plainmed.plan.pages import PagePlan, SitePlan, by_body_part, by_urgency, sources_uri
from plainmed.render import front_matter
from plainmed.review.review import long_date

URGENCY_ORDER = m.URGENCY_ORDER
URGENCY_LABELS = {
    "emergency": "Get emergency help now",
    "call-doctor-now": "Stop taking it and call your doctor now",
    "tell-doctor": "Tell your doctor soon",
    "self-care": "You can usually manage these yourself",
}
# The same, said of one side effect in the list by part of the body (a test holds the two to the same words).
URGENCY_SHORT = {
    "emergency": "get emergency help now",
    "call-doctor-now": "stop taking it and call your doctor now",
    "tell-doctor": "tell your doctor soon",
    "self-care": "you can usually manage it yourself",
}
# On the side-effects page a warning sits with the most urgent side effect that names it (`warning:`); one that
# no side effect names goes where its severity puts it. Critical warnings stay at the top of every page.
UNLINKED_WARNING_GROUP = {"critical": "emergency", "serious": "call-doctor-now", "caution": "tell-doctor"}
ADMONITION = {"critical": "danger", "serious": "warning", "caution": "note"}


@dataclass(frozen=True)
class Trust:
    """What every page says about who made it and how to report a problem (the plugin's config)."""

    publisher: str = "The plainmed project"
    report: str = ""  # an https: or mailto: address; none, and the page says so
    report_label: str = ""

    @classmethod
    def from_options(cls, options: dict) -> Trust:
        """From the plugin's options in mkdocs.yml (the build and the command line read the same ones)."""
        report = str(options.get("report_problem") or "")
        if report and not report.startswith(("https://", "mailto:")):
            raise ValueError(f"plainmed: report_problem must be an https: or mailto: address, not {report!r}")
        return cls(
            str(options.get("publisher") or cls.publisher), report, str(options.get("report_problem_label") or "")
        )

    @property
    def key(self) -> str:
        return f"{self.publisher}\n{self.report}\n{self.report_label}"

    @property
    def link_text(self) -> str:
        return self.report_label or self.report.removeprefix("mailto:").removeprefix("https://")


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the whole `mkdocs serve` session. Jinja keys each by template file and a
    checksum of its source, so an edited template is compiled again. Used for our templates and the theme's."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED = MemoryBytecodeCache()


class Renderer:
    """A small wrapper over one Jinja environment; `render(template, **context) -> str`."""

    def __init__(
        self,
        templates: Path,
        site_url: str = "",
        trust: Trust | None = None,
        markdown: MarkdownSettings | None = None,
    ):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(templates),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=lambda name: bool(name) and name.endswith(".html.j2"),  # standalone HTML (handouts)
            bytecode_cache=COMPILED,
        )
        self.markdown = markdown or MarkdownSettings()
        self.env.filters["md"] = partial(to_html, settings=self.markdown)
        self.env.filters["attribute_text"] = attribute_text
        self.env.filters["long_date"] = long_date
        self.env.filters["source_short"] = lambda source_id, content: content.source(source_id).short
        # "911 in the US, 999 in the UK or 112 in the EU": what comes after each item of a spoken list
        self.env.globals["or_separator"] = lambda loop: ", " if loop.revindex > 2 else ("" if loop.last else " or ")
        self.env.globals.update(
            URGENCY_ORDER=URGENCY_ORDER,
            URGENCY_LABELS=URGENCY_LABELS,
            URGENCY_SHORT=URGENCY_SHORT,
            BODY_PARTS=m.BODY_PARTS,
            ADMONITION=ADMONITION,
            trust=trust or Trust(),
            sources_uri=sources_uri,
            REGIONS=REGIONS,
        )
        self.site_url = site_url
        self.trust = trust or Trust()

    def render(self, template: str, **context) -> str:
        return self.env.get_template(template).render(**context)

    def page(self, plan: PagePlan, site: SitePlan) -> str:
        return self.render(plan.template, **PageContext(plan, site, self.site_url).as_dict())


def attribute_text(text: str) -> str:
    """Text for a page's description: Material writes it into <meta content="..."> without escaping it, so a
    quotation mark in content would end the attribute (and what follows would become attributes of its own)."""
    return str(escape(text))


@dataclass(frozen=True)
class MarkdownSettings:
    """mkdocs.yml's `markdown_extensions`, so a handout renders a text exactly as its web page does."""

    extensions: tuple[str, ...] = ()  # none: plain Markdown; a project's come from its mkdocs.yml (of_project)
    configs: str = "{}"  # JSON {extension: options}: hashable, so conversions can be cached by it

    @classmethod
    def of(cls, extensions: list, configs: dict | None = None) -> MarkdownSettings:
        """From MkDocs' own config values, or mkdocs.yml's list (names, or {name: options})."""
        names, options = [], dict(configs or {})
        for item in extensions:
            if isinstance(item, dict):
                (name, found), *_ = item.items()
                options[name] = found or {}
            else:
                name = str(item)
            names.append(name)
        return cls(tuple(names), json.dumps(options, sort_keys=True))

    @classmethod
    def of_project(cls, root: Path) -> MarkdownSettings:
        """What the project's mkdocs.yml lists (the default set for a folder without one)."""
        path = root / "mkdocs.yml"
        data = read(path, "mkdocs.yml").data if path.is_file() else {}
        found = data.get("markdown_extensions") if isinstance(data, dict) else None
        return cls.of(found) if found else cls()


@lru_cache(maxsize=8192)  # a handout prints the same strings in each of its variants
def to_html(text: str, inline: bool = False, settings: MarkdownSettings = MarkdownSettings()) -> Markup:
    """Markdown to HTML for standalone pages (handouts), with the site's Markdown extensions."""
    html = _markdown(settings).reset().convert(str(text))
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


@lru_cache(maxsize=4)  # setting up Python-Markdown costs more than converting a short string
def _markdown(settings: MarkdownSettings) -> markdown.Markdown:
    return markdown.Markdown(extensions=list(settings.extensions), extension_configs=json.loads(settings.configs))


class PageContext:
    """Everything a page template may use, computed from the plan alone."""

    def __init__(self, plan: PagePlan, site: SitePlan, site_url: str):
        self.plan = plan
        self.site = site
        self.site_url = site_url
        self.content = plan.content

    def as_dict(self) -> dict:
        return {
            "page": self.plan,
            "medicine": self.content.medicine,
            "content": self.content,
            "topic": self.content.topics[self.plan.page],
            "siblings": self.site.for_medicine(self.content.slug),
            "handout": self.site.find(self.content.slug, "handout"),
            "critical": self.plan.of_severity("critical"),
            "others": self.plan.of_severity("serious", "caution"),
            "sections": self.sections,
            "side_effects": self.side_effects,
            "side_effect_groups": self.side_effect_groups,
            "by_body_part": by_body_part(self.content.topics[self.plan.page].side_effects),
            "questions": self.questions,
            "clinician_extras": self.clinician_extras,
            "counterpart": self.counterpart,
            "front_matter": self.front_matter,
            "glossary": self.content.glossary if self.plan.audience == "patient" else (),
            "cite": self.cite,
            "about": self.plan.link_to("about.md"),
            "interactions": self.interactions,
            "names_medicine": self.names_medicine,
        }

    def _shown(self, audience: str) -> bool:
        return audience == "both" or audience == self.plan.audience

    @cached_property
    def sections(self) -> list[m.Section]:
        return [s for s in self.content.topics[self.plan.page].sections if self._shown(s.audience)]

    @cached_property
    def side_effects(self) -> dict[str, list[m.SideEffect]]:
        return by_urgency(self.content.topics[self.plan.page].side_effects)

    @cached_property
    def side_effect_groups(self) -> list[tuple[str, list[m.SideEffect], list[m.SafetyWarning]]]:
        """(urgency, side effects, warnings about them), most urgent first: the side-effects page's order."""
        effects = self.content.topics[self.plan.page].side_effects
        home: dict[str, str] = {}
        for e in sorted(effects, key=lambda e: URGENCY_ORDER.index(e.urgency)):
            if e.warning:
                home.setdefault(e.warning, e.urgency)
        shown = self.plan.of_severity("serious", "caution")
        groups = []
        for u in URGENCY_ORDER:
            grouped = [w for w in shown if home.get(w.id, UNLINKED_WARNING_GROUP[w.severity]) == u]
            if grouped or any(e.urgency == u for e in effects):
                groups.append((u, [e for e in effects if e.urgency == u], grouped))
        return groups

    @cached_property
    def questions(self) -> list[m.Question]:
        return [q for q in self.content.topics[self.plan.page].questions if self._shown(q.audience)]

    @cached_property
    def clinician_extras(self) -> list[tuple[m.Topic, list[m.Section], list[m.Question]]]:
        """For the monograph: clinician and shared material kept in the patient topic files."""
        if self.plan.page != "clinician":
            return []
        out = []
        for page, topic in self.content.topics.items():
            if page == "clinician":
                continue
            sections = [s for s in topic.sections if self._shown(s.audience)]
            questions = [q for q in topic.questions if self._shown(q.audience)]
            if sections or questions:
                out.append((topic, sections, questions))
        return out

    @cached_property
    def interactions(self) -> list[dict]:
        """Interactions with the library's other medicines, each linking to that medicine's pages (when it is
        on this site): on the other-medicines page (or the overview) and on the clinician page."""
        slug = self.content.slug
        if self.plan.page not in ("clinician", self.site.interaction_page(slug)):
            return []
        published = {c.slug for c in self.site.medicines}
        return [
            {
                "item": i,
                "name": self.site.names.get(i.medicine, i.medicine),
                "link": self.plan.link_to(f"{i.medicine}/index.md") if i.medicine in published else None,
                "label": LEVEL_LABELS[i.level],
            }
            for i in self.content.interactions
        ]

    @cached_property
    def counterpart(self) -> PagePlan:
        """Patient pages link to the clinician page; the clinician page links back to the overview."""
        target = "overview" if self.plan.page == "clinician" else "clinician"
        return self.site.find(self.content.slug, target)

    def cite(self, *lists: list[str]) -> str:
        """Links to each source's entry on the medicine's sources page: in full on the clinician page; on patient
        pages, who it is from and its number there ("NHS ([17])"), so a patient sees the authority, not a title."""
        source_ids = list(dict.fromkeys(sid for ids in lists for sid in ids))  # several items' sources, once each
        about = self.plan.link_to(sources_uri(self.content.slug))
        link = f"{about}#source-{self.content.slug}-"
        if self.plan.audience == "clinician":
            return "; ".join(f"[{self.content.source(sid).label}]({link}{sid})" for sid in source_ids)
        by_who: dict[str, list[str]] = {}
        for sid in source_ids:
            by_who.setdefault(self.content.source(sid).short, []).append(f"[{self.numbers[sid]}]({link}{sid})")
        return "; ".join(f"{who} ({', '.join(refs)})" for who, refs in by_who.items())

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Each source's number on the sources page."""
        return {s.id: i for i, s in enumerate(self.content.sources, 1)}

    @property
    def names_medicine(self) -> bool:
        """Whether the page's own title says which medicine it is about."""
        return self.content.medicine.name.lower() in self.content.topics[self.plan.page].title.lower()

    @property
    def title(self) -> str:
        """The title in the browser tab and search results: it always names the medicine."""
        title = self.content.topics[self.plan.page].title
        return title if self.names_medicine else f"{self.content.medicine.name}: {title}"

    @cached_property
    def front_matter(self) -> str:
        topic = self.content.topics[self.plan.page]
        med = self.content.medicine
        meta = {
            "title": self.title,
            "description": attribute_text(topic.description),
            "plainmed": {
                "medicine": self.content.slug,
                "page": self.plan.page,
                "audience": self.plan.audience,
                "edit": self.plan.edit_path,
                "jsonld": self.json_ld(topic, med),
            },
        }
        return front_matter.write(meta)

    def json_ld(self, topic: m.Topic, med: m.Medicine) -> dict:
        audience = "Patient" if self.plan.audience == "patient" else "Clinician"
        return {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": topic.title,
            "description": topic.description,
            "url": self.site_url.rstrip("/") + "/" + self.plan.url if self.site_url else self.plan.url,
            "audience": {"@type": "MedicalAudience", "audienceType": audience},
            "about": {
                "@type": "Drug",
                "name": med.name,
                "nonProprietaryName": med.name.lower(),
                "drugClass": {"@type": "DrugClass", "name": med.drug_class},
                "dosageForm": med.dose_form,
                "prescriptionStatus": "PrescriptionOnly" if med.prescription_only else "OTC",
                "alternateName": list(med.all_names[1:]),
            },
        }
