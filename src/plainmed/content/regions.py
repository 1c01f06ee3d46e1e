"""Region facts that change what a patient is told: emergency number, crisis line, usual paper. (A pregnancy prevention
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
    # A free line for thoughts of suicide: patient pages say "In <name>, <crisis> <crisis_number>." on a page
    # with a warning marked `crisis_lines: true`. Empty: no line is named for the region.
    crisis: str = ""
    crisis_number: str = ""


REGIONS: dict[str, Region] = {
    "US": Region("US", "the US", "911", "Letter", "call or text", "988"),
    "UK": Region("UK", "the UK", "999", "A4", "call Samaritans free on", "116 123"),
    "EU": Region("EU", "the EU", "112", "A4"),
}
