"""Turn ruamel.yaml syntax errors into plain words for editors who do not know YAML's grammar.

ruamel reports things like "expected <block end>, but found '<block mapping start>'"; an editor needs
"this line is indented differently ...". Each rule picks the mark that points at the line to fix.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

Loc = tuple[int, int]

INDENT_HINT = "check the indentation: keys at the same level start in the same column (2 spaces a level)"
QUOTE_HINT = "put the whole text in quotes, or on the next lines after '>-'"


def describe(error: MarkedYAMLError) -> tuple[Loc, str]:
    """(line, column) and an editor-friendly message for a YAML syntax error."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    for pattern, use_context, wording in _RULES:
        match = re.search(pattern, f"{context} | {problem}")
        if match:
            mark = (error.context_mark if use_context else error.problem_mark) or error.problem_mark
            message = wording.format(*match.groups()) if match.groups() else wording
            return _loc(mark), f"invalid YAML: {message}"
    return _loc(error.problem_mark or error.context_mark), f"invalid YAML: {problem or context}; {INDENT_HINT}"


def _loc(mark) -> Loc:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


# (regex over "context | problem", report at the context mark?, message with the regex groups)
_RULES: list[tuple[str, bool, str]] = [
    (r"expected <block end>", False, f"this line is indented differently from the lines above it; {INDENT_HINT}"),
    (
        r"mapping values are not allowed here",
        False,
        f"unexpected ':' here; {INDENT_HINT}. If the text itself contains ': ', {QUOTE_HINT}",
    ),
    (
        r"could not find expected ':'",
        True,
        f"this line has no ':' after its key (write 'key: value'), or it continues the text above; {INDENT_HINT}",
    ),
    (r'found duplicate key "([^"]*)"', False, "key '{0}' appears twice here; keep only one of them"),
    (r"flow sequence .*expected ',' or '\]'", True, "a list opened with '[' here is not closed with ']'"),
    (r"flow mapping .*expected ',' or '\}'", True, "a '{' here is not closed with '}'; " + QUOTE_HINT),
    (r"quoted scalar .*end of stream", True, "a quotation mark opened here is never closed; add the closing quote"),
    (r"found undefined alias '([^']*)'", False, f"'*{{0}}' reads as a YAML reference; {QUOTE_HINT}"),
    (r"found character '(.)' that cannot start any token", False, f"a value cannot start with '{{0}}'; {QUOTE_HINT}"),
]
