"""A Python-Markdown extension: label every table cell with its column header (`data-label`).

On a phone, plainmed.css lays each table row out as a card and shows these labels, so no table scrolls
sideways and a column such as "What to do" is never off-screen. Registered in mkdocs.yml as `plainmed.render.tables`.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class TableLabels(Treeprocessor):
    def run(self, root: Element) -> None:
        for table in root.iter("table"):
            headers = [self._text(th) for th in table.iter("th")]
            for row in table.iter("tr"):
                for header, cell in zip(headers, row.findall("td"), strict=False):
                    cell.set("data-label", header)

    def _text(self, cell: Element) -> str:
        return self.md.treeprocessors["unescape"].unescape("".join(cell.itertext()).strip())


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # After inline parsing (priority 20), so a header written as **Signs** reads "Signs".
        md.treeprocessors.register(TableLabels(md), "plainmed_table_labels", 5)


def makeExtension(**kwargs) -> TableLabelsExtension:  # noqa: N802 - the name Python-Markdown looks for
    return TableLabelsExtension(**kwargs)
