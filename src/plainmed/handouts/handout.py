"""Printable handouts: the handout plan rendered through templates/handout/ to HTML, then to PDF.

The only module that imports WeasyPrint. Rendering never touches the network: the URL fetcher allows
only file: and data: URLs, and a resource that cannot be loaded stops the handout instead of vanishing.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import segno
from markupsafe import Markup

from plainmed.content import model as m
from plainmed.content.library import LEVEL_LABELS
from plainmed.content.regions import REGIONS
from plainmed.handouts.clinic import Clinic
from plainmed.plan.pages import SITE_PAPER, PagePlan, Variant, by_urgency
from plainmed.render import html_guard
from plainmed.render.render import Renderer
from plainmed.review.review import Status
from plainmed.review.visible import STATUS_SLOT

# Addresses that lead nowhere (RFC 2606 and 6761): a handout prints no QR code or address for them.
PLACEHOLDER_HOSTS = re.compile(r"(^|\.)(example\.(org|com|net)|example|invalid|test|localhost)$")


def placeholder_url(url: str) -> bool:
    """An address not worth printing: a placeholder, or not https (under `mkdocs serve` it is http://127.0.0.1)."""
    parsed = urlparse(url)
    host = parsed.hostname or ""
    return parsed.scheme != "https" or not host or bool(PLACEHOLDER_HOSTS.search(host))


FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"normal": "DejaVuSansCondensed.ttf", "bold": "DejaVuSansCondensed-Bold.ttf"}
# Topic pages whose sections editors can put on the handout (`handout: true`), in handout order.
HANDOUT_TOPICS = ("how-to-take", "side-effects", "pregnancy", "other-medicines")


class HandoutError(Exception):
    """A handout could not be made; the message says why and how to fix it."""


@dataclass(frozen=True)
class Output:
    """One file a handout produced, and how long it took."""

    uri: str  # path in the site (or below the clinic's output folder)
    content: bytes  # empty when the bytes are in `path`
    seconds: float
    path: Path | None = None  # a file in the build cache holding the bytes, copied into the site as it is


class HandoutMaker:
    """Renders one medicine's handout for a clinic (or with blank clinic lines) to HTML and PDF."""

    def __init__(
        self,
        renderer: Renderer,
        site_url: str,
        clinic: Clinic | None = None,
        logo: Path | None = None,
        statuses: dict[str, Status] | None = None,
        names: dict[str, str] | None = None,
    ):
        self.renderer = renderer
        self.site_url = site_url.rstrip("/") + "/" if site_url and not placeholder_url(site_url) else ""
        self.clinic = clinic
        self.logo = logo
        url = clinic.site_url if clinic else None
        self.clinic_url = url.rstrip("/") + "/" if url and not placeholder_url(url) else ""
        self.online_url_base = self.clinic_url or self.site_url
        self.names = names or {}  # the library's medicines: slug -> name
        self.statuses = statuses  # slug -> review status; None leaves the status slot empty (for review digests)
        _check_fonts()

    def html(self, plan: PagePlan, variant: Variant, pdf_links: dict[Variant, str] | None = None) -> str:
        context = HandoutContext(plan, self, variant, pdf_links or {}).as_dict()
        html = self.renderer.render(plan.template, **context)
        if self.statuses is not None:
            html = html.replace(STATUS_SLOT, self.statuses[plan.content.slug].html())
        try:
            return html_guard.seal(html, f"{plan.content.slug} handout", local_files=self.logo is not None)
        except html_guard.UnsafeHtml as e:
            raise HandoutError(str(e)) from None

    def job(self, plan: PagePlan, variant: Variant, uri: str) -> PdfJob:
        """What one PDF is printed from: plain strings, so a worker process can print it."""
        paged = _font_css() + self.renderer.render("handout/pdf.css")
        return PdfJob(uri, plan.content.slug, self.html(plan, variant), paged)

    def timed_pdf(self, plan: PagePlan, variant: Variant, uri: str) -> Output:
        return print_pdf(self.job(plan, variant, uri))


@dataclass(frozen=True)
class PdfJob:
    uri: str
    slug: str
    html: str
    css: str


def print_pdf(job: PdfJob) -> Output:
    """One PDF from its HTML and print CSS (runs in a worker process for big builds)."""
    from weasyprint import CSS, HTML  # imported here: a build with every PDF in the cache never needs it
    from weasyprint.urls import FatalURLFetchingError

    start = time.perf_counter()
    local = fetcher()
    try:
        document = HTML(string=job.html, base_url=str(FONT_DIR), url_fetcher=local)
        content = document.write_pdf(stylesheets=[CSS(string=job.css, url_fetcher=local)])
    except FatalURLFetchingError as e:
        raise HandoutError(f"{job.slug} handout: {e} (handouts load only local files)") from None
    return Output(job.uri, content, time.perf_counter() - start)


def site_page(plan: PagePlan, maker: HandoutMaker) -> bytes:
    """The site's handout page for one medicine, linking its PDFs; blank lines for the clinic's details."""
    return maker.html(plan, Variant(SITE_PAPER), pdf_links=plan.pdfs).encode("utf-8")


def clinic_outputs(plans: tuple[PagePlan, ...], maker: HandoutMaker) -> list[Output]:
    """A clinic's PDFs: its paper size, normal print and (if asked) large print."""
    clinic = maker.clinic
    variants = [Variant(clinic.paper_size)] + ([Variant(clinic.paper_size, large=True)] if clinic.large_print else [])
    return [maker.timed_pdf(p, v, v.file_name(p.content.slug, clinic.paper_size)) for p in plans for v in variants]


class HandoutContext:
    """Everything the handout templates may use, computed from the plan, the clinic and the variant."""

    def __init__(self, plan: PagePlan, maker: HandoutMaker, variant: Variant, pdf_links: dict[Variant, str]):
        self.plan = plan
        self.maker = maker
        self.variant = variant
        self.pdf_links = pdf_links
        self.content = plan.content

    def as_dict(self) -> dict:
        clinic = self.maker.clinic
        return {
            "page": self.plan,
            "medicine": self.content.medicine,
            "content": self.content,
            "variant": self.variant,
            "critical": self.plan.of_severity("critical"),
            "serious": self.plan.of_severity("serious"),
            "caution": self.plan.of_severity("caution"),
            "topics": self.topics(),
            "side_effects": self.side_effects(),
            # Signs of call-doctor-now effects are in the serious warnings the handout prints in full.
            "SIGNS_SHOWN": ("emergency",),
            "balance": balance,
            "clinic": clinic,
            "logo": self.maker.logo.as_uri() if self.maker.logo else None,
            "region": clinic.facts if clinic else None,
            "regions": tuple(REGIONS.values()),
            "online_url": self.online_url,
            "interactions": self.interactions(),
            "qr": self.qr(),
            "pdf_links": {v: self.plan.link_to(uri) for v, uri in self.pdf_links.items()},
            "overview_link": self.plan.link_to(f"{self.content.slug}/index.html"),
        }

    def topics(self) -> dict[str, list[m.Section]]:
        """Topic page -> the sections its editors put on the handout."""
        topics = self.content.topics
        return {
            page: [s for s in topics[page].sections if s.handout] if page in topics else [] for page in HANDOUT_TOPICS
        }  # noqa: E501

    def side_effects(self) -> dict[str, list[m.SideEffect]]:
        topic = self.content.topics.get("side-effects")
        return by_urgency(topic.side_effects if topic else [])

    def interactions(self) -> list[dict]:
        """Interactions with the library's other medicines, with the address of the other's pages when known."""
        base = self.maker.online_url_base
        return [
            {
                "item": i,
                "name": self.maker.names.get(i.medicine, i.medicine),
                "label": LEVEL_LABELS[i.level],
                "link": f"{base}{i.medicine}/" if base else None,
            }
            for i in self.content.interactions
        ]

    @property
    def online_url(self) -> str:
        """The medicine's page online; none while the site's address is a placeholder (no QR code to nowhere)."""
        base = self.maker.online_url_base
        return base + f"{self.content.slug}/" if base else ""

    def qr(self) -> Markup:
        return Markup(_qr_svg(self.online_url)) if self.online_url else Markup("")


@lru_cache(maxsize=1024)
def _qr_svg(url: str) -> str:
    """A QR code of the medicine's page, made once for its site page and its PDFs."""
    return segno.make(url, error="m").svg_inline(scale=0.6, unit="mm", border=2, title=f"QR code: {url}")


def balance(items: list, columns: int = 2) -> list[list]:
    """Split items, in order, into columns of about the same amount of text (for side-by-side printing)."""
    sizes = [_text_size(item) for item in items]
    total, done, out, current = sum(sizes), 0, [], []
    for item, size in zip(items, sizes, strict=True):
        target = total * (len(out) + 1) / columns
        if current and len(out) < columns - 1 and done + size / 2 > target:
            out.append(current)
            current = []
        current.append(item)
        done += size
    return [*out, current]


def _text_size(item: m.Strict) -> int:
    if isinstance(item, m.SafetyWarning):
        return len(item.title + item.patient + item.action)
    hidden = {"id", "sources", "audience", "note", "handout", "urgency", "how_common", "warning"}
    shown = item.model_dump(exclude=hidden)
    return len(" ".join(map(str, shown.values())))


def fetcher():
    """Loads local files and data: URLs only; anything it cannot load stops the handout."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def font_files() -> list[Path]:
    return [FONT_DIR / name for name in FONTS.values()]


def _check_fonts() -> None:
    missing = [path.name for path in font_files() if not path.is_file()]
    if missing:
        raise HandoutError(
            f"font files missing from {FONT_DIR}: {', '.join(missing)}; install them with: "
            "apt-get install fonts-dejavu-core"
        )


def _font_css() -> str:
    """Embed DejaVu Sans Condensed from its files, so the PDF looks the same on every machine."""
    faces = [
        f'@font-face {{ font-family: "Handout Sans"; font-weight: {weight}; src: url("{(FONT_DIR / f).as_uri()}"); }}'
        for weight, f in FONTS.items()
    ]
    return "\n".join(faces) + "\n"
