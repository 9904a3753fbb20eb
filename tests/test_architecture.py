"""The house's shape (docs/design.md, "The map"): layers, no import cycles, handlers in the CLI,
one front-matter splitter, one git runner, one clock."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "generator"


def test_layers_import_only_downward():
    """cli > pipeline > editorial | checks > build > model > core, as pyproject.toml declares."""
    assert lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True) == 0


def test_no_module_imports_itself_through_others():
    graph = grimp.build_graph("generator")
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(edges.get(module, ())):
            if state.get(other) == 1:
                cycles.append(path[path.index(other):] + [other] if other in path else [module, other])
            elif other not in state:
                visit(other, path + [other])
        state[module] = 2

    for module in sorted(graph.modules):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def _python_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_command_handlers_live_in_the_cli_layer():
    outside = [f"{path.relative_to(REPO)}:{node.lineno} {node.name}"
               for path in _python_files() if "cli" not in path.relative_to(PACKAGE).parts
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.FunctionDef) and (node.name.startswith("cmd_") or node.name == "main")]
    assert outside == []
    assert not [p for p in _python_files() if "cli" not in p.relative_to(PACKAGE).parts
                and re.search(r"^\s*import argparse|^from argparse", p.read_text(encoding="utf-8"), re.M)]


def _uses(pattern: str) -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in _python_files() if re.search(pattern, p.read_text(encoding="utf-8")))


def test_one_front_matter_splitter_one_git_runner_one_clock():
    assert _uses(r"FM_BOUNDARY") == ["generator/core/front_matter.py"]
    assert _uses(r"subprocess\.(run|Popen|check_output)\(\s*\[\s*\"git\"") == ["generator/core/git.py"]
    assert _uses(r"ZoneInfo\(") == ["generator/core/clock.py"]
    assert _uses(r"datetime\.now\(|\.today\(\)") == ["generator/core/clock.py"]


def test_every_kind_of_page_has_one_renderer(tmp_path):
    from generator.build import render
    from generator.build.plan import plan
    from generator.core.clock import now_in_vietnam
    from generator.pipeline import BuildOptions, load_content

    options = BuildOptions(root=REPO, out=tmp_path, now=now_in_vietnam())
    config, index, _ = load_content(options)
    pages, _, _ = plan(config, index, None)
    kinds = {page.kind for page in pages}
    tables = (set(render.DATA_PAGES), set(render.HTML_PAGES), set(render.FILE_SET_PAGES))
    assert not any(a & b for i, a in enumerate(tables) for b in tables[i + 1:])
    assert kinds <= set.union(*tables)
    assert kinds >= {"home", "item", "record", "list", "search", "search_index", "lookup", "feed", "sitemap"}


def test_the_map_in_the_design_notes_names_every_module():
    design = (REPO / "docs/design.md").read_text(encoding="utf-8")
    the_map = design[design.index("## The map"):design.index("## The pipeline")]
    rows = {line.split("|")[1].strip(" `/"): line for line in the_map.splitlines() if line.startswith("| `")}
    missing = []
    for path in _python_files():
        rel = path.relative_to(PACKAGE)
        if rel.name == "__init__.py" and rel.parts[0] != "cli":  # the package's and each layer's marker
            continue
        layer = rel.parts[0] if len(rel.parts) > 1 else rel.name
        name = rel.stem if len(rel.parts) > 1 else ""
        row = rows.get(layer, "")
        if not row or (name and f"`{name}`" not in row):
            missing.append(str(rel))
    assert missing == []
