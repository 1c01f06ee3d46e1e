"""Hostile content from a pull request: each input gives one clear `path:line` error, or renders as inert text.

Most cases run the fast path (`plainmed check`'s own function, in-process) and, for inert text, the generator plus
Python-Markdown with the site's extensions; a few full builds show the build stops before touching the last good
site, and that the check of the rendered HTML (html_guard.py) stops a hole the content rules missed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import markdown
import pytest
import yaml

from conftest import ROOT, copy_project, run_build
from helpers import MED, build_fails, line_of
from plainmed.cli.check import content_problems
from plainmed.pipeline import generate
from plainmed.render import html_guard

FILE = "questions.yml"
ANCHOR = "    question: How long does treatment last?\n"  # the first question: a patient heading
FIELD = "questions[0].question"

LINK = r"link .* is not allowed: a link must start with https:, mailto: or tel:, or point inside the site"
IMAGE = r"image .* is not allowed: images must be files in the site"
OTHER_SITE = r"link .* is not allowed: a link to another site must start with https://"
RAW = r"raw HTML is not allowed in content"
ATTRS = r"attribute lists are not allowed in content"
HANDLER = r"event handler attributes are not allowed in content"

# name -> (the question's text, the message expected at its line). Written as a YAML double-quoted string.
ERRORS = {
    "javascript": ("[click me](javascript:alert(1))", LINK),
    "mixed-case": ("[x](JaVaScRiPt:alert(1))", LINK),
    "decimal-entity": ("[x](&#106;avascript:alert(1))", LINK),
    "hex-entity": ("[x](&#x6A;avascript:alert(1))", LINK),
    "named-entity-colon": ("[x](javascript&colon;alert(1))", LINK),
    "tab-inside": ("[x](java\tscript:alert(1))", LINK),
    "newline-entity-inside": ("[x](java&#10;script:alert(1))", LINK),
    "zero-width-inside": ("[x](java\u200bscript:alert(1))", LINK),
    "percent-encoded": ("[x](%6Aavascript:alert(1))", LINK),
    "leading-space": ("[x]( javascript:alert(1) )", LINK),
    "with-title": ('[x](javascript:alert(1) "Safe")', LINK),
    "data-url": ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", LINK),
    "vbscript": ("[x](vbscript:msgbox(1))", LINK),
    "file-url": ("[x](file:///etc/passwd)", LINK),
    "plain-http": ("[x](http://example.org/)", LINK),
    "protocol-relative": ("[x](//evil.example/)", OTHER_SITE),
    "slash-backslash": ("[x](/\\\\evil.example/)", OTHER_SITE),  # Markdown unescapes it to /\evil.example/
    "reference-style": ("See [this][1].\n\n[1]: javascript:alert(1)", LINK),
    "reference-definition-alone": ("[evil]: javascript:alert(1)", LINK),
    "angle-destination": ("[x](<javascript:alert(1)>)", RAW),
    "autolink": ("<javascript:alert(1)>", RAW),
    "image-javascript": ("![x](javascript:alert(1))", IMAGE),
    "image-remote": ("![tracker](https://evil.example/pixel.png)", IMAGE),
    "image-data": ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", IMAGE),
    "attr-event-handler": ('[NHS](https://www.nhs.uk){onmouseover="alert(2)"}', HANDLER),
    "attr-spaced-handler": ("Dose { onclick=alert(1) }", HANDLER),
    "attr-style": ('Text{ style="position:fixed;inset:0" }', r"'style' attributes are not allowed in content"),
    "attr-href": ("[x](https://www.nhs.uk){href=javascript:alert(1)}", r"'href' attributes are not allowed"),
    "attr-id": ("Dose { #warning-pregnancy-birth-defects }", ATTRS),
    "attr-class": ("Dose {: .admonition }", ATTRS),
    "html-comment": ("Hidden <!-- a comment --> text", RAW),
    "script-tag": ("<script>alert(1)</script>", RAW),
    "right-to-left-override": ("Take \u202e2 capsules", r"character U\+202E \(RIGHT-TO-LEFT OVERRIDE\)"),
    "bidi-isolate": ("Take \u2066two\u2069 capsules", r"character U\+2066"),
    "nul-escape": ("Take\u0000two", r"character U\+0000 \(control character\)"),
    "escape-character": ("Take\u001b[31m two", r"character U\+001B"),
}

# Bytes YAML itself refuses, written into the file as they are: the loader names the line.
RAW_BYTES = {
    "nul-byte": (b"How long\x00 does", r"character U\+0000 is not allowed in YAML files"),
    "control-byte": (b"How long\x07 does", r"character U\+0007 is not allowed in YAML files"),
    "not-utf-8": (b"How long \xff\xfe does", r"byte 0xff is not UTF-8 text: save the file as UTF-8"),
    "latin-1": ("How long caf\u00e9 does".encode("latin-1"), r"byte 0xe9 is not UTF-8 text"),
}

# Text that must reach the page as the words written, never as markup or a template expression.
INERT = {
    "jinja-expression": ("What is {{ 7 * 7 }}?", "What is {{ 7 * 7 }}?"),
    "jinja-statement": ("{% if true %}yes{% endif %} or no?", "{% if true %}yes{% endif %} or no?"),
    "jinja-comment": ("Is {# this #} hidden?", "Is {# this #} hidden?"),
    "braces-in-heading": ("How long {weeks} does it last?", "How long {weeks} does it last?"),
    "braces-at-end": ("How long does it last {x}", "How long does it last {x}"),
    "brace-words": ("Take {1 or 2} capsules?", "Take {1 or 2} capsules?"),
    "escaped-html": ("What does &lt;script&gt; mean?", "What does <script> mean?"),
    "scheme-as-text": ("Is javascript:alert(1) a link?", "Is javascript:alert(1) a link?"),
    "entity-as-text": ("Is &#106;avascript: a link?", "Is javascript: a link?"),
    "undefined-reference": ("See [this][1]?", "See [this][1]?"),
    "very-long-line": ("How long " + "does it last and " * 2000 + "why?", "does it last and does it last"),
    "arabic-text": (
        "\u0643\u0645 \u0645\u062f\u0629 \u0627\u0644\u0639\u0644\u0627\u062c\u061f",
        "\u0643\u0645 \u0645\u062f\u0629",
    ),
}
ALLOWED = {
    "https": "[NHS](https://www.nhs.uk/medicines/isotretinoin/)",
    "mailto": "[email us](mailto:editors@example.org)",
    "tel": "[call 111](tel:111)",
    "relative": "[side effects](../side-effects/index.md)",
    "anchor": "[the warning](#how-long-does-treatment-last)",
}


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path)


def set_question(project: Path, text: str | bytes) -> int:
    """Make the first question's text `text` (a YAML double-quoted string, or raw bytes); return its line."""
    path = project / MED / FILE
    original = path.read_text(encoding="utf-8")
    assert ANCHOR in original
    if isinstance(text, bytes):
        path.write_bytes(original.replace(ANCHOR, "    question: @HOSTILE@\n", 1).encode().replace(b"@HOSTILE@", text))
    else:
        path.write_text(original.replace(ANCHOR, f"    question: {json.dumps(text)}\n", 1), encoding="utf-8")
    return line_of(original, ANCHOR)


def one_problem(project: Path) -> str:
    count, problems = content_problems(project)  # what `plainmed check` reports, without a process
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_hostile_text_is_one_clear_error(case, project):
    text, message = ERRORS[case]
    line = set_question(project, text)
    problem = one_problem(project)
    expected = rf"{re.escape(MED)}/{FILE}:{line}:5: {re.escape(FIELD)}: {message}"
    assert re.match(expected, problem), f"expected /{expected}/, got: {problem}"


@pytest.mark.parametrize("case", RAW_BYTES, ids=list(RAW_BYTES))
def test_bytes_yaml_refuses_are_one_clear_error(case, project):
    text, message = RAW_BYTES[case]
    line = set_question(project, text)
    problem = one_problem(project)
    assert re.match(rf"{re.escape(MED)}/{FILE}:{line}:\d+: {message}", problem), problem


def rendered(project: Path, page: str = "isotretinoin/questions/index.md") -> str:
    """A page's HTML as MkDocs makes it from the generator's Markdown, with the extensions mkdocs.yml names."""
    generated = generate(project / "content", project / "templates", project, defer_pdfs=True)  # no PDF printed
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    configs = {next(iter(e)): next(iter(e.values())) for e in config["markdown_extensions"] if isinstance(e, dict)}
    source = generated.pages[page].split("\n---\n", 1)[1]  # after the front matter
    return markdown.markdown(source, extensions=names, extension_configs=configs)


@pytest.mark.parametrize("case", INERT, ids=list(INERT))
def test_odd_text_renders_as_the_words_written(case, project):
    text, shown = INERT[case]
    set_question(project, text)
    assert content_problems(project)[1] == []
    html = rendered(project)
    problems, scripts, _ = html_guard.inspect(html)
    assert problems == [] and scripts == [], problems
    words = re.sub(r"\s+", " ", "".join(lxml.html.fromstring(html).itertext()))
    assert shown in words, f"{shown!r} not in the page's text"
    if case == "braces-in-heading":  # the template's { #id } still applies after the editor's braces
        assert re.search(r'<h\d id="how-long-does-treatment-last">How long \{weeks\} does it last\?</h\d>', html)
    assert "49" not in words or case != "jinja-expression", "content went through Jinja a second time"


@pytest.mark.parametrize("case", ALLOWED, ids=list(ALLOWED))
def test_allowed_links_pass_and_stay_links(case, project):
    set_question(project, f"Where can I read more, {ALLOWED[case]}?")
    assert content_problems(project)[1] == []
    href = re.search(r"\]\(([^)]*)\)", ALLOWED[case]).group(1)
    assert f'<a href="{href}">' in rendered(project)


# --- full builds: the last good site, and the check of the rendered HTML ---------------------------------------


def test_a_hostile_link_stops_the_build_and_leaves_the_last_site(project):
    line = set_question(project, "[click me](javascript:alert(1))")
    stderr = build_fails(project)
    assert f"{MED}/{FILE}:{line}:5: {FIELD}: link 'javascript:alert(1)' is not allowed" in stderr, stderr


def test_odd_text_stays_text_in_the_built_site(project, tmp_path):
    """Through MkDocs and Material too: quotes in a description (Material writes it into an attribute unescaped),
    template delimiters and braces in a clinician answer (not gated by readability)."""
    description = 'Answers" onfocus="alert(1)" autofocus x=" to questions.'
    path = project / MED / FILE
    line = f"description: {json.dumps(description)}"
    text = re.sub(r"^description: .*$", line, path.read_text(), count=1, flags=re.M)
    answer = "Most patients require {{ 7 * 7 }} {% raw %} weeks {x} of treatment."
    clinician_answer = "      Most patients require 15-20 weeks of treatment"
    assert clinician_answer in text
    text = text.replace(clinician_answer, f"      {answer[:-1]}", 1)
    path.write_text(text, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = lxml.html.fromstring((tmp_path / "site" / "isotretinoin" / "questions" / "index.html").read_bytes())
    assert page.xpath("//meta[@name='description']/@content") == [description]
    assert not page.xpath("//meta[@onfocus or @autofocus]")
    clinician = (tmp_path / "site" / "isotretinoin" / "clinician" / "index.html").read_text(encoding="utf-8")
    assert answer[:-1] in re.sub(r"\s+", " ", "".join(lxml.html.fromstring(clinician).itertext()))


def test_a_hole_after_rendering_stops_the_build_naming_the_page(project):
    """A template that writes an event handler: the content rules never see it, the rendered-HTML check does."""
    template = project / "templates" / "patient" / "questions.md.j2"
    text = template.read_text(encoding="utf-8")
    handler = '<p onclick="alert(1)">Tap</p>\n'
    template.write_text(text.replace("{% endblock %}", handler + "{% endblock %}"), encoding="utf-8")
    result = run_build(project, project / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr
    assert re.search(
        r"[a-z]+/questions/index\.md: the built HTML could run script or load from elsewhere; not published:\n"
        r".*<p onclick=\.\.\.>: event handler attributes are not allowed",
        result.stderr,
    ), result.stderr
    assert not (project / "site" / "isotretinoin" / "questions" / "index.html").exists(), "no page was written"


def test_a_hole_in_the_handout_stops_the_build_before_the_site_is_touched(project):
    template = project / "templates" / "handout" / "page.html.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("</body>", '<a href="JaVaScRiPt:alert(1)">print</a>\n</body>'), encoding="utf-8")
    stderr = build_fails(project)
    assert re.search(r"Handout error: [a-z]+ handout: the built HTML could run script", stderr), stderr
    assert "<a href='JaVaScRiPt:alert(1)'>: link 'JaVaScRiPt:alert(1)' is not allowed" in stderr, stderr


# --- the rendered-HTML check on its own: what it must refuse, however it got there -------------------------------

PAGE = "<!doctype html><html><head><title>t</title></head><body><article>{}</article></body></html>"
UNSAFE_HTML = {
    "script-inline": ("<script>alert(1)</script>", "only the theme's own inline scripts may run"),
    "script-remote": ('<script src="https://cdn.example/x.js"></script>', "only the theme's own script files"),
    "script-traversal": ('<script src="../../uploads/evil.js"></script>', "only the theme's own script files"),
    "event-handler": ('<img src="a.png" onerror="alert(1)">', "event handler attributes are not allowed"),
    "upper-case-handler": ('<div ONMOUSEOVER="alert(1)">x</div>', "event handler attributes are not allowed"),
    "javascript-href": ('<a href="javascript:alert(1)">x</a>', "is not allowed"),
    "entity-href": ('<a href="&#106;avascript:alert(1)">x</a>', "is not allowed"),
    "padded-href": ('<a href=" \tjavascript:alert(1)">x</a>', "is not allowed"),
    "vbscript-href": ('<a href="vbscript:msgbox(1)">x</a>', "is not allowed"),
    "data-src": ('<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">', "only the site's own files may load"),
    "svg-xlink": ('<svg><a xlink:href="javascript:alert(1)"><path d="M0"/></a></svg>', "is not allowed"),
    "form-action": ('<form action="javascript:alert(1)"><button>x</button></form>', "is not allowed"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "<iframe> is not an element pages may contain"),
    "object": ('<object data="x.swf"></object>', "<object> is not an element pages may contain"),
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "http-equiv='refresh'"),
    "base": ('<base href="https://evil.example/">', "<base> is not an element pages may contain"),
    "remote-stylesheet": ('<link rel="stylesheet" href="https://evil.example/x.css">', "from outside the site"),
    "style-attribute": ('<p style="background:url(https://evil.example/)">x</p>', "inline style attributes"),
    "style-in-body": ("<style>body{display:none}</style>", "<style> outside <head>"),
}


@pytest.mark.parametrize("case", UNSAFE_HTML, ids=list(UNSAFE_HTML))
def test_the_rendered_html_check_refuses(case):
    snippet, message = UNSAFE_HTML[case]
    with pytest.raises(html_guard.UnsafeHtml, match=re.escape(message)) as caught:
        html_guard.seal(PAGE.format(snippet), "some/page.md")
    assert str(caught.value).startswith("some/page.md: the built HTML could run script")


def test_every_built_page_passes_the_check_and_carries_the_policy(site: Path):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        problems, _, _ = html_guard.inspect(html)
        assert problems == [], (page, problems)
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert policy, f"{page} has no Content-Security-Policy"
        assert "'unsafe-inline'" not in policy.group(1) and "plainmed-" not in policy.group(1), policy.group(1)
        if "<script" in html:  # a policy in a <meta> governs only what comes after it
            assert html.index("Content-Security-Policy") < html.index("<script"), page
        assert "default-src 'self'" in policy.group(1) or "default-src 'none'" in policy.group(1)


def test_templates_never_render_content_through_jinja_twice():
    """Content is data to the templates: no template or module compiles text it was given."""
    for path in (ROOT / "src" / "plainmed").rglob("*.py"):
        assert not re.search(r"(?<!\w)(from_string|Template)\(", path.read_text(encoding="utf-8")), path
