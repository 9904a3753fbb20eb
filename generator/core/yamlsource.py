"""Read YAML with line marks and coerce a mapping through a field table.

Shared by front matter, site files and profiles, so every file gets the same
messages: malformed YAML, missing keys, unknown keys with "did you mean",
wrong types, YAML 1.1 surprises, all located at the key's line.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable

import yaml

from . import fields as f
from .diagnostics import Diagnostic, error, warning
from .fields import Coercer, FieldError, yaml_surprise

# Coercers that expect YAML's own typing, so an unquoted `true` or `3` is no surprise.
TYPED_COERCERS = (f.boolean, f.integer)

try:  # the C loader is many times faster; both give the same nodes
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Spec:
    """One key of a mapping: how to read it and whether it must be there."""
    name: str
    coerce: Coercer
    required: bool = False
    text_like: bool = True  # warn when YAML 1.1 would type the unquoted value


def compose(text: str, path: str, line_offset: int = 0) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Parse YAML text into a node tree; a syntax error becomes one located diagnostic."""
    try:
        return yaml.compose(text, Loader=_Loader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_offset + (mark.line + 1 if mark else 1)
        col = mark.column + 1 if mark else 1
        what = f"{exc.context + ', ' if exc.context else ''}{exc.problem or 'invalid YAML'}"
        return None, [error(path, line, "front-matter.yaml",
                            f"YAML cannot be read: {what}; check indentation, colons and quotes",
                            col)]
    except yaml.YAMLError as exc:
        return None, [error(path, line_offset + 1, "front-matter.yaml", f"YAML cannot be read: {exc}")]


def line_of(node: yaml.Node, line_offset: int) -> tuple[int, int]:
    return line_offset + node.start_mark.line + 1, node.start_mark.column + 1


def read_mapping(
    node: yaml.Node | None,
    specs: Iterable[Spec],
    path: str,
    line_offset: int = 0,
    what: str = "front matter",
    defaulted: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], dict[str, int], list[Diagnostic]]:
    """Coerce every key of a mapping node; return values, the line of each key, problems."""
    specs = {s.name: s for s in specs}
    problems: list[Diagnostic] = []
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    start = line_offset + 1
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value == ""):
        pairs: list = []
    elif not isinstance(node, yaml.MappingNode):
        line, col = line_of(node, line_offset)
        return {}, {}, [error(path, line, "front-matter.yaml",
                              f"the {what} must be a mapping of `key: value` lines", col)]
    else:
        pairs = node.value
        start = line_of(node, line_offset)[0]
    for key, value in pairs:
        line, col = line_of(key, line_offset)
        name = str(key.value)
        if name in lines:
            problems.append(error(path, line, "field.duplicate",
                                  f"`{name}` is given twice (also on line {lines[name]}); keep one", col))
            continue
        lines[name] = line
        spec = specs.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(sorted(specs))}"
            problems.append(error(path, line, "field.unknown", f"unknown key `{name}` in the {what}{hint}", col))
            continue
        if isinstance(value, yaml.ScalarNode) and value.value == "" and not value.style:
            if spec.required and name not in defaulted:
                problems.append(error(path, line, "field.required", f"`{name}` is empty; give it a value", col))
            continue
        try:
            values[name] = spec.coerce(value)
        except FieldError as exc:
            at = exc.node or value
            vline, vcol = line_of(at, line_offset)
            problems.append(error(path, vline, exc.code, f"`{name}` {exc.message}", vcol))
            continue
        surprise = spec.text_like and spec.coerce not in TYPED_COERCERS and yaml_surprise(value)
        if surprise:
            vline, vcol = line_of(value, line_offset)
            problems.append(warning(path, vline, "yaml.implicit-type",
                                    f"`{name}`: {surprise}; congtt keeps the text, but quote it "
                                    f"(`{name}: \"{value.value}\"`) so other tools agree", vcol))
    for spec in specs.values():
        if spec.required and spec.name not in lines and spec.name not in defaulted:
            problems.append(error(path, start, "field.required",
                                  f"missing required key `{spec.name}` in the {what}"))
    return values, lines, problems
