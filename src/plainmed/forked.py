"""Work split over this machine's cores by forking: children share the parent's objects as they are (a library's
plan, a Jinja environment), so only their results cross back. Used for a whole build of a big library, never
under `mkdocs serve` (a process with threads must not fork).

Anything going wrong in a child (an error in a template, say) only means the work is done again in this process,
where the error is raised as it always is: a clear message, never a pickled traceback from another process.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

_TASK: list[Callable[[Any], Any]] = []  # the function the children run, set just before they are forked


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def map_forked(function: Callable[[Any], Any], items: Sequence[Any]) -> list[Any] | None:
    """[function(item) for item in items] computed by forked children, one a core; None if that failed."""
    count = min(cores(), len(items))
    if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    _TASK[:] = [function]
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, items, chunksize=max(1, len(items) // (count * 4))))
    except Exception:  # noqa: BLE001 - the caller does the work itself, and meets any real error there
        return None
    finally:
        _TASK.clear()


def _run(item: Any) -> Any:
    return _TASK[0](item)
