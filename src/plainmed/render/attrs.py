"""Markdown extension: attribute lists limited to `{ #id }` and `{ .class }`, which is all the templates write.

Python-Markdown's attr_list accepts any attribute (`{onmouseover="..."}` makes an event handler) and eats
ordinary braces at the end of a heading or table cell (`Dose {x}` becomes `<h2 x>`). This one recognises only
ids and class names, so any other braces stay text. Content may not write even these (safe_text.py refuses
them): only templates set attributes.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor

from plainmed.content.safe_text import ATTRIBUTE_WORDS as _WORDS  # one `#id` / `.class` list; nothing else matches


class _IdsAndClasses(AttrListTreeprocessor):
    BASE_RE = _WORDS
    HEADER_RE = re.compile(rf"[ ]+{_WORDS}[ ]*$")
    BLOCK_RE = re.compile(rf"\n[ ]*{_WORDS}[ ]*$")
    INLINE_RE = re.compile(rf"^{_WORDS}")


class IdsAndClassesExtension(Extension):
    def extendMarkdown(self, md) -> None:
        md.treeprocessors.register(_IdsAndClasses(md), "attr_list", 8)  # where attr_list runs: after inline patterns


def makeExtension(**kwargs) -> IdsAndClassesExtension:  # noqa: N802 - the name Python-Markdown looks for
    return IdsAndClassesExtension(**kwargs)
