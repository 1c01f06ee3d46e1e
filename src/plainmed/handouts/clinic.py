"""A clinic's handout settings (clinic.yml): validated like content, errors as `path:line:col: field: message`."""

from __future__ import annotations

from pathlib import Path

from plainmed.content.load import ContentError, read, validate
from plainmed.content.model import HttpsUrl, Strict, Text
from plainmed.content.regions import REGIONS, Paper, Region, RegionCode

LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")


class Clinic(Strict):
    """Who gives the handout out, and where: printed on every handout the clinic makes."""

    name: Text
    phone: Text
    address: Text
    logo: Text | None = None  # an image file, relative to clinic.yml
    region: RegionCode
    paper: Paper | None = None  # default: the region's usual paper
    large_print: bool = True  # also make a large-print copy (at least 16 pt)
    site_url: HttpsUrl | None = None  # where the clinic serves these pages: the handout's QR code and address

    @property
    def facts(self) -> Region:
        return REGIONS[self.region]

    @property
    def paper_size(self) -> Paper:
        return self.paper or self.facts.paper


def load_clinic(path: Path, display: str | None = None) -> tuple[Clinic, Path | None]:
    """Read and check clinic.yml; return the clinic and its logo's absolute path. Raises ContentError."""
    doc = read(path, display or path.as_posix())
    clinic: Clinic = validate(doc, Clinic)
    if clinic.logo is None:
        return clinic, None
    logo = (path.parent / clinic.logo).resolve()
    if logo.suffix.lower() not in LOGO_TYPES:
        message = f"Expected an image file ({', '.join(LOGO_TYPES)}), but received: {clinic.logo!r}"
        raise ContentError([doc.problem(("logo",), message)])
    if not logo.is_file():
        message = f"file not found: {clinic.logo} (looked for {logo.as_posix()}; the path is relative to this file)"
        raise ContentError([doc.problem(("logo",), message)])
    return clinic, logo
