"""Handout PDFs printed in worker processes: a big build uses every core, and `mkdocs serve` prints in the
background so a page preview never waits for a PDF.

WeasyPrint is pure Python and holds the GIL, so threads would not help; workers are separate processes.
They come from a forkserver that has WeasyPrint loaded, so a new worker starts in milliseconds, and no worker
is forked from a process that runs threads (mkdocs serve does).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from plainmed.background import QUEUE
from plainmed.handouts.handout import Output, PdfJob, print_pdf

# Fewer PDFs than this print in this process: starting workers costs more than it saves.
PARALLEL_FROM = 6


def workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _executor(count: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["plainmed.handouts.handout", "weasyprint"])
    return ProcessPoolExecutor(count, mp_context=context, initializer=_end_with, initargs=(os.getpid(),))


def _end_with(owner: int) -> None:
    """In a worker: end when the process that started it is gone. A killed `mkdocs serve` (SIGTERM) never
    shuts its pool down, and an idle worker would wait for work for ever, keeping the forkserver alive too."""

    def watch() -> None:
        while running(owner):
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="plainmed-owner-watch").start()


def running(pid: int) -> bool:
    """Whether a process is still running (it exists, and has not ended as a zombie)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie has ended, though its parent has not collected it yet
        return Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (OSError, IndexError):  # no /proc (macOS): the signal check is all there is
        return True


class Batch:
    """PDFs printing in worker processes while the build goes on; wait() returns them in order.

    The workers leave one core to the build itself: sharing every core with them slowed MkDocs down as much as
    the printing saved. At wait() the build's own process is free, and prints what no worker has started yet.
    Fewer than PARALLEL_FROM print in this process, at wait(): starting workers would cost more than it saves.
    """

    def __init__(self, jobs: list[PdfJob]):
        self._jobs = jobs
        count = min(workers() - 1, len(jobs))
        self._pool = _executor(count) if len(jobs) >= PARALLEL_FROM and count >= 1 else None
        self._futures = [self._pool.submit(print_pdf, job) for job in jobs] if self._pool else []

    def wait(self) -> list[Output]:
        """Every PDF, in order; a HandoutError from a worker is raised here, as in this process."""
        if self._pool is None:
            return [print_pdf(job) for job in self._jobs]
        try:
            outputs: dict[int, Output] = {}
            # Workers take jobs from the front; this process takes them from the back until the two meet.
            for i in reversed(range(len(self._jobs))):
                if not self._futures[i].cancel():  # a worker has it already, and so every job before it
                    break
                outputs[i] = print_pdf(self._jobs[i])
            return [outputs[i] if i in outputs else future.result() for i, future in enumerate(self._futures)]
        finally:
            self.cancel()

    def cancel(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def print_in_background(job: PdfJob, done: Callable[[Output], None], failed: Callable[[BaseException], None]) -> None:
    """Print one PDF in a worker process, on the background queue (under `mkdocs serve`)."""

    def work() -> Output | None:
        try:
            future = _background_pool().submit(print_pdf, job)
        except RuntimeError:  # the interpreter is shutting down (serve stopped): nothing left to print for
            return None
        return future.result()

    QUEUE.submit(f"pdf {job.uri}", work, lambda output: output is None or done(output), failed)


_pool: list[ProcessPoolExecutor] = []  # the one worker that prints in the background, made when first needed


def _background_pool() -> ProcessPoolExecutor:
    if not _pool:
        _pool.append(_executor(1))
    return _pool[0]


def _stop_pool() -> None:
    while _pool:
        _pool.pop().shutdown(wait=False, cancel_futures=True)


QUEUE.on_stop(_stop_pool)
