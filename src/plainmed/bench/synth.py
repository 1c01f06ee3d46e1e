"""A synthetic library for benchmarks: N medicine folders derived from a real one, with names and wording varied.

Each copy gets its own name, brands and condition, so search results and warnings read like a real library;
source ids and cross references are renamed together, so every copy validates like the original.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

# Name parts: one prefix per letter keeps the A-Z index spread out; stems are real drug-name endings.
_PREFIXES = "Abe Bro Cal Dar Eno Fel Gra Hal Ilo Jen Kar Lev Mor Nal Opa Per Qui Ros Sel Tor Ula Ver Wal Xan Yel Zol"
_MIDDLES = ("", "ta", "vi", "no", "ri", "ze", "lo", "ca", "mu", "de")
_STEMS = "tinib prazole olol statin pril sartan cillin oxacin mab vir zepam tidine triptan gliptin parin dronate"
_BRAND_ENDINGS = ("rex", "ora", "vil", "zan")
_CONDITIONS = ("acne", "psoriasis", "eczema", "rosacea", "hives", "dermatitis", "prurigo", "vitiligo")
_STATUS = re.compile(r"^status:.*$", re.M)


@dataclass(frozen=True)
class Variant:
    """How one synthetic medicine differs from the template medicine."""

    name: str
    brands: tuple[str, ...]
    condition: str

    @property
    def slug(self) -> str:
        return self.name.lower()


def variant(index: int) -> Variant:
    """The index-th synthetic medicine; names are unique for the first 4,160 indexes."""
    prefixes, stems = _PREFIXES.split(), _STEMS.split()
    prefix = prefixes[index % len(prefixes)]
    stem = stems[(index // len(prefixes)) % len(stems)]
    middle = _MIDDLES[(index // (len(prefixes) * len(stems))) % len(_MIDDLES)]
    root = (prefix + middle).capitalize()
    brands = tuple(root + ending + stem[:2] for ending in _BRAND_ENDINGS)
    return Variant(root + stem, brands, _CONDITIONS[index % len(_CONDITIONS)])


def write_library(template: Path, dest: Path, count: int) -> list[str]:
    """Write `count` medicine folders into dest: the template medicine itself, then count - 1 variants.

    No copy keeps a sign-off (review.yml): nobody checked a synthetic medicine, and its pages say so. Nor does it
    keep interactions.yml, which names medicines of the real library that the synthetic one does not hold.
    Returns the folder names written.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(template, dest / template.name, dirs_exist_ok=True)
    _unsigned(dest / template.name)
    original = _original(template)
    written = [template.name]
    for index in range(count - 1):
        v = variant(index)
        folder = dest / v.slug
        folder.mkdir(exist_ok=True)
        for path in sorted(template.glob("*.yml")):
            (folder / path.name).write_text(_rewrite(path.read_text(encoding="utf-8"), original, v), encoding="utf-8")
        _unsigned(folder)
        written.append(v.slug)
    return written


def _original(template: Path) -> Variant:
    """The names to replace, read from the template's medicine.yml (name and brand list)."""
    text = (template / "medicine.yml").read_text(encoding="utf-8")
    name = re.search(r"^name:\s*(.+)$", text, re.M).group(1).strip()
    block = re.search(r"^brands:\n((?:\s+-.*\n)+)", text, re.M).group(1)
    brands = tuple(line.strip().lstrip("-").strip() for line in block.splitlines())
    return Variant(name, brands, _CONDITIONS[0])


def _rewrite(text: str, original: Variant, new: Variant) -> str:
    pairs = [(original.name, new.name), *zip(original.brands, new.brands, strict=False)]
    pairs.append((original.condition, new.condition))
    for old, replacement in pairs:
        text = re.sub(rf"\b{re.escape(old)}\b", _keep_case(replacement), text, flags=re.I)
    return _STATUS.sub("status: published", text)


def _keep_case(replacement: str):
    def swap(match: re.Match) -> str:
        found = match.group(0)
        if found.islower():
            return replacement.lower()
        return replacement[0].upper() + replacement[1:] if found[0].isupper() else replacement

    return swap


def _unsigned(folder: Path) -> None:
    for name in ("review.yml", "interactions.yml"):
        (folder / name).unlink(missing_ok=True)
