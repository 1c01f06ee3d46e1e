"""Region facts that change what a patient is told: emergency number, pregnancy programme, usual paper.

One small table, used by the handout and by any page that needs a region's facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RegionCode = Literal["US", "UK", "EU"]
Paper = Literal["Letter", "A4"]


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    emergency: str
    pregnancy_programme: str
    paper: Paper


REGIONS: dict[str, Region] = {
    "US": Region("US", "the US", "911", "iPLEDGE", "Letter"),
    "UK": Region("UK", "the UK", "999", "the Pregnancy Prevention Programme", "A4"),
    "EU": Region("EU", "the EU", "112", "the national pregnancy prevention programme", "A4"),
}
