"""Read YAML with line marks and coerce a mapping through a field table.

Shared by front matter, site files and profiles, so every file gets the same
messages: malformed YAML, missing keys, unknown keys with "did you mean",
wrong types, YAML 1.1 surprises, all located at the key's line.

A node tree comes out of ``compose`` bounded: at most ``MAX_DEPTH`` levels deep, no alias that
contains itself, and aliases that expand it to at most ``expansion_limit`` (a few hundred bytes of
nested aliases would otherwise stand for gigabytes: the "billion laughs"). Everything that walks
a tree (``fields.to_python``, the coercers) can therefore recurse without a guard.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable

import yaml

from . import fields as f
from .controlchars import control_message, control_positions
from .diagnostics import Diagnostic, error, warning
from .fields import Coercer, FieldError, shown, yaml_surprise

# Coercers that expect YAML's own typing, so an unquoted `true` or `3` is no surprise.
TYPED_COERCERS = (f.boolean, f.integer, f.money)

try:  # the C loader is many times faster; both give the same nodes
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_DEPTH = 50             # levels of nested lists and mappings; real files use fewer than ten
EXPANSION_BASE = 1_000_000  # nodes and characters aliases may expand a file to, plus ...
EXPANSION_PER_CHAR = 4      # ... this many per character of the file, so a file without aliases fits


@dataclass(frozen=True)
class Spec:
    """One key of a mapping: how to read it and whether it must be there."""
    name: str
    coerce: Coercer
    required: bool = False
    text_like: bool = True  # warn when YAML 1.1 would type the unquoted value


def compose(text: str, path: str, line_offset: int = 0) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Parse YAML text into a bounded node tree; a problem becomes located diagnostics instead."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_offset + (mark.line + 1 if mark else 1)
        col = mark.column + 1 if mark else 1
        what = f"{exc.context + ', ' if exc.context else ''}{exc.problem or 'invalid YAML'}"
        return None, [error(path, line, "front-matter.yaml",
                            f"YAML cannot be read: {what}; check indentation, colons and quotes",
                            col)]
    except yaml.YAMLError as exc:  # a character YAML refuses (ReaderError): say which, and where
        found = control_positions(text)
        if found:
            return None, [error(path, line_offset + line, "text.control", f"this line {control_message(char)}", col)
                          for line, col, char in found]
        return None, [error(path, line_offset + _reader_line(text, exc), "front-matter.yaml",
                            f"YAML cannot be read: {exc}")]
    except RecursionError:  # only the pure-Python parser recurses; libyaml stops at 1000 levels
        return None, [error(path, line_offset + 1, "yaml.nesting",
                            f"lists and mappings nest too deep to read; keep them under {MAX_DEPTH} levels")]
    if node is None:
        return None, []
    problems = shape_problems(node, path, line_offset, expansion_limit(text))
    return (None if problems else node), problems


def _reader_line(text: str, exc: yaml.YAMLError) -> int:
    position = getattr(exc, "position", None)
    if not isinstance(position, int):
        return 1
    # libyaml counts bytes of UTF-8, the Python reader characters: both agree on ASCII.
    data = text.encode("utf-8") if _Loader is not yaml.SafeLoader else text
    return data[:position].count(b"\n" if isinstance(data, bytes) else "\n") + 1


def expansion_limit(text: str) -> int:
    return EXPANSION_BASE + EXPANSION_PER_CHAR * len(text)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def shape_problems(root: yaml.Node, path: str, line_offset: int, limit: int) -> list[Diagnostic]:
    """What makes a composed tree unsafe to walk: too deep, an alias inside itself, or aliases
    that expand it past ``limit`` (counting one per node and one per character of text).

    One pass over the distinct nodes (an alias is the same node object again), without recursion.
    """
    size: dict[int, int] = {}    # id(node) -> expanded size, once finished
    depth: dict[int, int] = {}   # id(node) -> levels below it, once finished
    open_: set[int] = set()      # nodes whose children are being walked
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            kids = _children(node)
            size[key] = 1 + len(node.value if isinstance(node, yaml.ScalarNode) else "") + sum(
                size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            open_.discard(key)
            if depth[key] > MAX_DEPTH:
                line, col = line_of(node, line_offset)
                return [error(path, line, "yaml.nesting",
                              f"lists and mappings nest more than {MAX_DEPTH} levels deep here; no setting "
                              "needs that many, flatten it", col)]
            continue
        if key in size:
            continue
        open_.add(key)
        stack.append((node, True))
        for kid in reversed(_children(node)):
            if id(kid) in open_:
                line, col = line_of(kid, line_offset)
                return [error(path, line, "yaml.alias",
                              "this anchor (`&name`) is used by an alias (`*name`) inside its own value, so "
                              "the value would contain itself forever; write the value out instead", col)]
            if id(kid) not in size:
                stack.append((kid, False))
    if size[id(root)] <= limit:
        return []
    # Name the smallest node that is too big: where the aliases multiply.
    worst = root
    while True:
        bigger = [k for k in _children(worst) if size[id(k)] > limit]
        if not bigger:
            break
        worst = bigger[0]
    line, col = line_of(worst, line_offset)
    return [error(path, line, "yaml.alias",
                  f"aliases (`*name`) here repeat other values so often that the file would stand for "
                  f"{size[id(root)]:,} values and characters (at most {limit:,}); write the values out "
                  "or use fewer aliases", col)]


def line_of(node: yaml.Node, line_offset: int) -> tuple[int, int]:
    return line_offset + node.start_mark.line + 1, node.start_mark.column + 1


def item_lines(name: str, node: yaml.Node, line_offset: int) -> dict[str, int]:
    """Lines below a key whose value is a list, for checks that point into it: `entries.0` (the
    first item), `entries.0.day` (a key of that item, when it is a mapping)."""
    if not isinstance(node, yaml.SequenceNode):
        return {}
    out: dict[str, int] = {}
    for number, item in enumerate(node.value):
        out[f"{name}.{number}"] = line_of(item, line_offset)[0]
        if isinstance(item, yaml.MappingNode):
            for key, _ in item.value:
                if isinstance(key, yaml.ScalarNode):
                    out.setdefault(f"{name}.{number}.{key.value}", line_of(key, line_offset)[0])
    return out


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
    nested: dict[str, int] = {}  # lines inside list values (item_lines), added at the end
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
        try:
            name = f.key_text(key)
        except FieldError as exc:
            problems.append(error(path, line, exc.code, f"the {what} {exc.message}", col))
            continue
        if name in lines:
            problems.append(error(path, line, "field.duplicate",
                                  f"`{shown(name)}` is given twice (also on line {lines[name]}); keep one", col))
            continue
        lines[name] = line
        spec = specs.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(specs), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(sorted(specs))}"
            problems.append(error(path, line, "field.unknown", f"unknown key `{shown(name)}` in the {what}{hint}",
                                  col))
            continue
        if isinstance(value, yaml.ScalarNode) and value.value == "" and not value.style:
            if spec.required and name not in defaulted:
                problems.append(error(path, line, "field.required", f"`{name}` is empty; give it a value", col))
            continue
        try:
            values[name] = spec.coerce(value)
        except FieldError as exc:
            for one in (exc, *exc.more):
                vline, vcol = line_of(one.node or value, line_offset)
                problems.append(error(path, vline, one.code, f"`{name}` {one.message}", vcol))
            continue
        nested.update(item_lines(name, value, line_offset))
        surprise = spec.text_like and spec.coerce not in TYPED_COERCERS and yaml_surprise(value)
        if surprise:
            vline, vcol = line_of(value, line_offset)
            problems.append(warning(path, vline, "yaml.implicit-type",
                                    f"`{name}`: {surprise}; congtt keeps the text, but quote it "
                                    f"(`{name}: \"{shown(value.value)}\"`) so other tools agree", vcol))
    for spec in specs.values():
        if spec.required and spec.name not in lines and spec.name not in defaulted:
            problems.append(error(path, start, "field.required",
                                  f"missing required key `{spec.name}` in the {what}"))
    return values, {**lines, **nested}, problems
