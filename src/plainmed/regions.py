"""Region facts that change what a patient is told: emergency number, usual paper. (A pregnancy prevention
programme belongs to a medicine: `programmes:` in its medicine.yml.)

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
    paper: Paper


REGIONS: dict[str, Region] = {
    "US": Region("US", "the US", "911", "Letter"),
    "UK": Region("UK", "the UK", "999", "A4"),
    "EU": Region("EU", "the EU", "112", "A4"),
}
