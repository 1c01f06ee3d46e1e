"""Sourcing policy: which sources may carry a fact on their own.

A fact rests on a seed document or a public authority (FDA label or Medication Guide, NHS, MHRA). Editorial
sources (other sites, reviews, third-party copies of a label) may sit beside them. The rule that they never carry
a fact alone waits on branch `doxy-sourcing` until doxycycline's content meets it.
"""

from __future__ import annotations

from urllib.parse import urlparse

from plainmed.content import model as m
from plainmed.content.load import Document, Problem
from plainmed.content.model import AUTHORITY_HOSTS


def problems(sources: tuple[m.Source, ...], docs: dict[str, Document]) -> list[Problem]:
    """A source marked `authority` must be a page of one of the authorities' hosts."""
    found = []
    for i, source in enumerate(sources):
        host = urlparse(source.url or "").hostname
        if source.kind == "authority" and host not in AUTHORITY_HOSTS:
            message = f"kind 'authority' needs a page of {', '.join(AUTHORITY_HOSTS)} (this is {host or 'no url'})"
            found.append(docs["sources.yml"].problem(("sources", i, "kind"), message))
    return found
