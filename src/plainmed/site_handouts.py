"""The site's handouts: each medicine's handout page, and its PDFs from the cache when nothing they are made
from changed. The rest are printed by `printing`: by worker processes while MkDocs renders the pages (a
build, which waits for them at the end), or by one background worker (`mkdocs serve`, which does not wait).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import printing
from .cache import ContentCache, code_digest
from .handout import HandoutMaker, Output, PdfJob, site_page
from .pages import PagePlan, Variant
from .render import Renderer


@dataclass(frozen=True)
class Missing:
    """A PDF not in the cache: its HTML is rendered only when it is about to be printed."""

    plan: PagePlan
    variant: Variant
    uri: str
    key: tuple  # the cache key it is kept under


@dataclass
class Handouts:
    ready: list[Output]  # handout pages, and PDFs kept from an earlier build
    missing: list[Missing]
    cache: ContentCache
    maker: HandoutMaker

    def print_now(self) -> list[Output]:
        """Print what is missing (on every core for a big library) and keep it; every output, in order."""
        return self.ready + self.start().finish()

    def start(self) -> Printing:
        """Start printing what is missing in worker processes; the caller goes on and calls finish() later."""
        return Printing(self, printing.Batch([self.job(m) for m in self.missing]))

    def job(self, missing: Missing) -> PdfJob:
        return self.maker.job(missing.plan, missing.variant, missing.uri)

    def keep(self, output: Output, key: tuple) -> Output:
        return _output(output.uri, self.cache.keep("pdf", key, output.content), output.seconds)


@dataclass
class Printing:
    handouts: Handouts
    batch: printing.Batch

    def finish(self, site_dir: Path | None = None) -> list[Output]:
        """Wait for the PDFs, keep them, and (with site_dir) write them into the built site."""
        printed = self.batch.wait()
        kept = [self.handouts.keep(o, m.key) for o, m in zip(printed, self.handouts.missing, strict=True)]
        if site_dir is not None:
            for output in printed:
                _write(site_dir, output)
        return kept

    def cancel(self) -> None:
        self.batch.cancel()


def _write(site_dir: Path, output: Output) -> None:
    target = site_dir / output.uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(output.content)


def prepare(cache: ContentCache, renderer: Renderer, plans: tuple[PagePlan, ...], templates: str) -> Handouts:
    """Handout pages for every medicine, PDFs found in the cache, and jobs for the PDFs that are not.

    A PDF's key is its medicine's content, the templates, the generator's code and WeasyPrint's version:
    a kept file may come from another process, which cannot tell whether the code changed.
    """
    maker = HandoutMaker(renderer, renderer.site_url)
    ready: list[Output] = []
    missing: list[Missing] = []
    for plan in plans:
        page_key = (plan.medicine.digest, templates, code_digest(), plan.src_uri)
        ready.append(_output(plan.src_uri, cache.remembered("page", page_key, lambda p=plan: site_page(p, maker))))
        for variant, uri in plan.pdfs.items():
            key = (plan.medicine.digest, templates, code_digest(), uri)
            found = cache.stored("pdf", key)
            if found is None:
                missing.append(Missing(plan, variant, uri, key))
            else:
                ready.append(_output(uri, found))
    return Handouts(ready, missing, cache, maker)


def _output(uri: str, kept: Path | bytes, seconds: float = 0.0) -> Output:
    return Output(uri, b"", seconds, kept) if isinstance(kept, Path) else Output(uri, kept, seconds)


def print_later(missing: Missing, handouts: Handouts, site_dir: Path, log) -> None:
    """Print one PDF in the background, then keep it and write it into the site being served.

    A PDF already waiting for the same inputs is not asked for again (rebuilds come faster than PDFs).
    """
    if missing.key in _asked:
        return
    _asked.add(missing.key)

    def done(output: Output) -> None:
        _asked.discard(missing.key)
        handouts.keep(output, missing.key)
        _write(site_dir, output)
        log.info(f"handout {output.uri}: PDF made in {output.seconds:.2f} s (in the background)")

    def failed(error: BaseException) -> None:
        _asked.discard(missing.key)
        log.error(f"handout {missing.uri}: {error}")

    printing.BACKGROUND.submit(handouts.job(missing), done, failed)


_asked: set[tuple] = set()
