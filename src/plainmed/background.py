"""Work done after a `mkdocs serve` rebuild without holding up the page reload: the search index, handout PDFs.

One queue, one job at a time on one thread, the newest request first. A new request with the key of one not yet
started replaces it, so an editor saving five times in a row waits for one PDF and one index, not five.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any


class Queue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[str, tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._busy = False
        self._stops: list[Callable[[], None]] = []

    def submit(
        self, key: str, work: Callable[[], Any], done: Callable[[Any], None], failed: Callable[[BaseException], None]
    ) -> None:
        with self._lock:
            self._waiting.pop(key, None)
            self._waiting[key] = (work, done, failed)  # dicts keep order: the last key is the newest
            if not self._busy:
                self._busy = True
                threading.Thread(target=self._run, daemon=True, name="plainmed-background").start()

    def on_stop(self, stop: Callable[[], None]) -> None:
        """Also call `stop` when the queue stops (a worker pool that should not outlive it)."""
        self._stops.append(stop)

    def stop(self) -> None:
        """Drop waiting requests (the generator's code is being reloaded); the running one ends by itself."""
        with self._lock:
            self._waiting.clear()
        for stop in self._stops:
            stop()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._waiting:
                    self._busy = False
                    return
                work, done, failed = self._waiting.pop(next(reversed(self._waiting)))
            try:
                result = work()
            except Exception as error:  # reported to the caller's `failed`, never lost
                _call(failed, error)
            else:
                _call(done, result)


def _call(report: Callable[[Any], None], value: Any) -> None:
    try:
        report(value)
    except Exception:  # a fault in a report must not stop the queue: later requests still run
        traceback.print_exc()


QUEUE = Queue()
