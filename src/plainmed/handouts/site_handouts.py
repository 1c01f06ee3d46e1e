"""The site's handouts: each medicine's handout page, and its PDFs from the cache when nothing they are made
from changed. The rest are printed by `printing`: by worker processes while MkDocs renders the pages (a
build, which waits for them at the end), or by one background worker (`mkdocs serve`, which does not wait).

A PDF is kept under what WeasyPrint printed it from (its HTML and CSS, the printing code, WeasyPrint and the
fonts). Each medicine's PDFs are found through a small note kept under the medicine's content, the templates
and the generator's code, which needs no HTML made. When that note misses (a template or the code changed), the
HTML is made and a PDF printed from the same HTML before is used again: a change that leaves the handouts as they
were reprints none.
"""

from __future__ import annotations

import shutil
from ctypes.util import find_library
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from plainmed.cache import ContentCache, code_digest, digest, versions
from plainmed.handouts import handout, printing
from plainmed.handouts.handout import HandoutMaker, Output, PdfJob, site_page
from plainmed.plan.pages import PagePlan, Variant
from plainmed.render.render import Renderer
from plainmed.review.review import Status


@dataclass(frozen=True)
class Missing:
    """A PDF not in the cache: its HTML is rendered only when it is about to be printed."""

    plan: PagePlan
    variant: Variant
    uri: str
    key: tuple  # the medicine's content, templates and code: the note of which PDF is this one's is kept under it


@dataclass
class Handouts:
    ready: list[Output]  # handout pages, and PDFs kept from an earlier build
    missing: list[Missing]
    cache: ContentCache
    maker: HandoutMaker

    def print_now(self) -> list[Output]:
        """Print what is missing (on every core for a big library) and keep it; every output, in order."""
        started = self.start()
        return self.ready + started.finish() + started.reused

    def start(self) -> Printing:
        """Start printing what is missing in worker processes; the caller goes on and calls finish() later.
        A PDF printed before from the same HTML is not printed again."""
        looked_up = [self.look_up(m) for m in self.missing]
        todo = [t for t in looked_up if isinstance(t, ToPrint)]
        reused = [o for o in looked_up if isinstance(o, Output)]
        return Printing(self, reused, todo, printing.Batch([t.job for t in todo]))

    def look_up(self, missing: Missing) -> Output | ToPrint:
        """The PDF printed before from the same HTML (now noted as this one's), or what to print."""
        job = self.maker.job(missing.plan, missing.variant, missing.uri)
        printed = printed_digest(job)
        found = self.cache.stored("pdf", [printed])
        if found is None:
            return ToPrint(missing, printed, job)
        return self.note(missing.key, printed, _output(missing.uri, found))

    def keep(self, output: Output, todo: ToPrint) -> Output:
        kept = _output(output.uri, self.cache.keep("pdf", [todo.printed], output.content), output.seconds)
        return self.note(todo.missing.key, todo.printed, kept)

    def note(self, key: tuple, printed: str, output: Output) -> Output:
        """Remember which PDF is this medicine's, so the next build finds it without making its HTML."""
        self.cache.keep_json("note-pdf", key, {"printed": printed})
        return output


@dataclass(frozen=True)
class ToPrint:
    missing: Missing
    printed: str  # the digest of what it is printed from: the PDF is kept under it
    job: PdfJob


@dataclass
class Printing:
    handouts: Handouts
    reused: list[Output]  # printed by an earlier build from the same HTML (the code or templates changed, it did not)
    todo: list[ToPrint]
    batch: printing.Batch

    def finish(self, site_dir: Path | None = None) -> list[Output]:
        """Wait for the PDFs, keep them, and (with site_dir) write them and the reused ones into the built site.
        Returns the printed ones."""
        printed = self.batch.wait()
        kept = [self.handouts.keep(output, todo) for output, todo in zip(printed, self.todo, strict=True)]
        if site_dir is not None:
            for output in printed + self.reused:
                _write(site_dir, output)
        return kept

    def cancel(self) -> None:
        self.batch.cancel()


def _write(site_dir: Path, output: Output) -> None:
    target = site_dir / output.uri
    target.parent.mkdir(parents=True, exist_ok=True)
    if output.path is None:
        target.write_bytes(output.content)
    else:
        shutil.copyfile(output.path, target)


def printed_digest(job: PdfJob) -> str:
    """What a PDF is made from: its HTML and print CSS, and the printer."""
    return digest([_printer(), job.html, job.css])


@cache
def _printer() -> str:
    """The printing code, WeasyPrint and the libraries it draws and embeds fonts with, and the font files."""
    libraries = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pillow", "pyphen")
    # WeasyPrint subsets fonts with HarfBuzz when the system has it, else with fontTools: other bytes.
    subsetter = find_library("harfbuzz-subset") or "fonttools"
    return digest([Path(handout.__file__), *versions(*libraries), subsetter, *handout.font_files()])


def prepare(
    cache: ContentCache,
    renderer: Renderer,
    plans: tuple[PagePlan, ...],
    templates: str,
    statuses: dict[str, Status],
    names: dict[str, str],
) -> Handouts:
    """Handout pages for every medicine, PDFs found in the cache, and jobs for the PDFs that are not.

    A PDF is found through a note kept under its medicine's content, the templates and the generator's code:
    a kept file may come from another process, which cannot tell whether the code changed.
    """
    maker = HandoutMaker(renderer, renderer.site_url, statuses=statuses, names=names)
    ready: list[Output] = []
    missing: list[Missing] = []
    for plan in plans:
        status = statuses[plan.content.slug].key  # it changes with the day (a check falls due), not the content
        page_key = (plan.content.digest, templates, code_digest(__name__), status, plan.src_uri)
        ready.append(_output(plan.src_uri, cache.remembered("page", page_key, lambda p=plan: site_page(p, maker))))
        for variant, uri in plan.pdfs.items():
            key = (plan.content.digest, templates, code_digest(__name__), status, uri)
            found = _kept_pdf(cache, key)
            if found is None:
                missing.append(Missing(plan, variant, uri, key))
            else:
                ready.append(_output(uri, found))
    return Handouts(ready, missing, cache, maker)


def _kept_pdf(cache: ContentCache, key: tuple) -> Path | bytes | None:
    note = cache.stored_json("note-pdf", key)
    return cache.stored("pdf", [note["printed"]]) if isinstance(note, dict) and "printed" in note else None


def _output(uri: str, kept: Path | bytes, seconds: float = 0.0) -> Output:
    return Output(uri, b"", seconds, kept) if isinstance(kept, Path) else Output(uri, kept, seconds)


def print_later(missing: Missing, handouts: Handouts, site_dir: Path, log) -> None:
    """Print one PDF in the background, then keep it and write it into the site being served.

    A PDF already waiting for the same inputs is not asked for again (rebuilds come faster than PDFs).
    """
    if missing.key in _asked:
        return
    found = handouts.look_up(missing)
    if isinstance(found, Output):  # the same handout was printed before: nothing to wait for
        _write(site_dir, found)
        return
    _asked.add(missing.key)

    def done(output: Output) -> None:
        _asked.discard(missing.key)
        handouts.keep(output, found)
        _write(site_dir, output)
        log.info(f"handout {output.uri}: PDF made in {output.seconds:.2f} s (in the background)")

    def failed(error: BaseException) -> None:
        _asked.discard(missing.key)
        log.error(f"handout {missing.uri}: {error}")

    printing.print_in_background(found.job, done, failed)


_asked: set[tuple] = set()
