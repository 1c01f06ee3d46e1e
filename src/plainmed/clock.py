"""The build's clock: PLAINMED_TODAY fixes it, so tests do not depend on the day they run."""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    fixed = os.environ.get("PLAINMED_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()
