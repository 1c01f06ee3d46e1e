"""The package's layers, read from its imports: a layer imports only itself and the layers below it, only the MkDocs
layer imports MkDocs, and only the handout layer imports WeasyPrint."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "plainmed"

# Lowest first. Each entry is a subpackage of plainmed, or a module at its top (cache, clock and background
# serve every layer).
LAYERS = [
    ["cache", "clock", "background"],
    ["content"],  # YAML with line marks, the schema, the placement policy, the catalogue and its cross-file checks
    ["plan"],  # the page map
    ["review"],  # what a reader sees on a page; the clinical sign-off bound to it
    ["render"],  # Jinja over templates/, the Markdown extensions, wording, readability and editorial checks
    ["handouts"],  # handout HTML and PDFs, the print workers, the site's handouts, clinic config
    ["pipeline"],  # load -> plan -> render in one call
    ["mkdocs"],  # the plugin, kept pages, the search index
    ["cli"],  # the `plainmed` command line
    ["bench"],  # the benchmark and its synthetic library, outside the product path
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}
ONLY_IN = {"mkdocs": "mkdocs", "weasyprint": "handouts"}  # a library -> the one layer that may import it


def _modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imports(name: str, path: Path) -> list[tuple[str, int]]:
    """Every module this one imports (at the top, in a function, or for type checking), with its line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found |= {(alias.name, node.lineno) for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from plainmed import pipeline` names the module plainmed.pipeline
            found |= {(f"{base}.{alias.name}" if base == "plainmed" else base, node.lineno) for alias in node.names}
    return sorted(found)


def _top(dotted: str) -> str:
    """The layer name of plainmed.<layer>...: its first part below plainmed."""
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 else ""


def _layer(dotted: str) -> str | None:
    top = _top(dotted)
    return top if top in RANK else None


def test_every_module_belongs_to_a_layer():
    unplaced = [name for name in _modules() if name != "plainmed" and _layer(name) is None]
    assert not unplaced, f"add these to LAYERS in {Path(__file__).name}: {unplaced}"


def test_a_layer_imports_only_the_layers_below_it():
    upward = []
    for name, path in _modules().items():
        if name == "plainmed":
            continue
        for imported, line in _imports(name, path):
            if imported.split(".")[0] != "plainmed" or _layer(imported) is None:
                continue
            if RANK[_layer(imported)] > RANK[_layer(name)]:
                upward.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {_layer(name)} imports {imported}")
    assert not upward, "\n".join(upward)


def test_mkdocs_and_weasyprint_are_imported_only_where_allowed():
    strays = []
    for name, path in _modules().items():
        for imported, line in _imports(name, path):
            library = imported.split(".")[0]
            if library in ONLY_IN and _layer(name) != ONLY_IN[library]:
                strays.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {imported}")
    assert not strays, "\n".join(strays)


def test_the_rule_sees_an_upward_import(tmp_path):
    """The checker itself: a content module importing the render layer is caught, relative or absolute."""
    for source in ("from ..render import render\n", "from plainmed.render.render import Renderer\n"):
        module = tmp_path / "plainmed" / "content" / "bad.py"
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text(source)
        (imported, _), *_ = _imports("plainmed.content.bad", module)
        assert _layer(imported) == "render" and RANK["render"] > RANK["content"]
