"""Coercers of text and of the shapes front matter is made of: a scalar as written, yes/no, whole
numbers, choices, lists, mappings, text per language, and small records inside a list; and the
``FieldError`` every coercer raises (``core/fields.py`` gathers all the coercers under one name).

Text fields read the scalar as written, so YAML 1.1's implicit typing (``no`` → false, ``010`` → 8)
never changes what an editor typed; ``yaml_surprise`` names such scalars so the editor can quote
them for other tools. Characters XML cannot carry are refused (``text.control``).
"""
from __future__ import annotations

import re
from typing import Any, Callable

import yaml

from .controlchars import CONTROL, control_message

_STR_TAG = "tag:yaml.org,2002:str"
MAX_DIGITS = 15  # a whole number of front matter is a position or a count, never longer
SHOWN = 60       # characters of a value quoted back in a message


class FieldError(Exception):
    """What is wrong with a value, at its node; ``more`` holds further problems of the same value
    (each a FieldError at its own node), so a list of entries reports every bad entry at once."""

    def __init__(self, message: str, node: yaml.Node | None = None, code: str = "field.type",
                 more: tuple[FieldError, ...] = ()):
        super().__init__(message)
        self.message = message
        self.node = node
        self.code = code
        self.more = more


Coercer = Callable[[yaml.Node], Any]


def shown(raw: str) -> str:
    """A value as a message quotes it: at most ``SHOWN`` characters, controls made visible."""
    short = raw if len(raw) <= SHOWN else raw[:SHOWN] + f"… ({len(raw)} characters)"
    return CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", short)


def key_text(node: yaml.Node) -> str:
    """A mapping key as text: a plain scalar without control characters."""
    if not isinstance(node, yaml.ScalarNode):
        raise FieldError("has a list or a mapping as a key; a key is a plain word", node)
    return no_control(node.value, node)


def scalar(node: yaml.Node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        shape = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        raise FieldError(f"expected {what}, found {shape}", node)
    return node.value


def yaml_surprise(node: yaml.Node) -> str | None:
    """What YAML 1.1 would silently make of an unquoted scalar meant as text, if not text."""
    if not isinstance(node, yaml.ScalarNode) or node.style or node.tag == _STR_TAG:
        return None
    kind = node.tag.rsplit(":", 1)[-1]
    if kind in {"bool", "int", "float", "null"}:
        try:
            value = yaml.safe_load(node.value)
            if str(value) != node.value:
                return f"YAML 1.1 reads `{shown(node.value)}` as {kind} {shown(repr(value))}"
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return f"YAML 1.1 reads `{shown(node.value)}` as {kind}"
    return None


def no_control(value: str, node: yaml.Node) -> str:
    found = CONTROL.search(value)
    if found:
        raise FieldError(control_message(found[0]), node, "text.control")
    return value


def text(node: yaml.Node) -> str:
    value = no_control(scalar(node, "text"), node).strip()
    if not value:
        raise FieldError("is empty; write a value or remove the key", node, "field.required")
    return value


def boolean(node: yaml.Node) -> bool:
    raw = scalar(node, "true or false")
    if raw in ("true", "True", "false", "False"):
        return raw.lower() == "true"
    raise FieldError(f"`{shown(raw)}` is not a yes/no value here; write true or false", node)


def integer(node: yaml.Node) -> int:
    raw = scalar(node, "a whole number")
    if not re.fullmatch(r"-?\d+", raw):
        raise FieldError(f"`{shown(raw)}` is not a whole number", node)
    if len(raw.lstrip("-")) > MAX_DIGITS:
        raise FieldError(f"`{shown(raw)}` is too long for a whole number here (at most {MAX_DIGITS} digits)", node)
    return int(raw)


def enum(*choices: str) -> Coercer:
    def coerce(node: yaml.Node) -> str:
        raw = scalar(node, "one of " + ", ".join(choices)).strip()
        if raw not in choices:
            raise FieldError(f"`{shown(raw)}` is not one of: {', '.join(choices)}", node)
        return raw
    coerce.__name__ = "enum"
    coerce.choices = choices  # type: ignore[attr-defined]
    return coerce


def choice(labels: dict[str, tuple[str, str]]) -> Coercer:
    """One of a fixed set of keys, each with its (Vietnamese, English) label for pages."""
    keys = tuple(labels)

    def coerce(node: yaml.Node) -> str:
        raw = scalar(node, "one of " + ", ".join(keys)).strip()
        if raw not in labels:
            raise FieldError(f"`{shown(raw)}` is not one of: {', '.join(keys)}", node)
        return raw
    coerce.__name__ = "enum"
    coerce.choices = keys  # type: ignore[attr-defined]
    coerce.labels = labels  # type: ignore[attr-defined]
    return coerce


def list_of(item: Coercer) -> Coercer:
    def coerce(node: yaml.Node) -> tuple:
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            return (item(node),)
        if not isinstance(node, yaml.SequenceNode):
            raise FieldError("expected a list", node)
        return tuple(item(child) for child in node.value)
    coerce.__name__ = f"list of {item.__name__}"
    return coerce


def localized(node: yaml.Node) -> dict[str, str]:
    """A text per language: `{vi: …, en: …}`; a bare text is Vietnamese."""
    if isinstance(node, yaml.ScalarNode):
        return {"vi": text(node)}
    if not isinstance(node, yaml.MappingNode):
        raise FieldError("expected `{vi: …, en: …}`", node)
    out = {}
    for key, value in node.value:
        lang = key_text(key)
        if not re.fullmatch(r"[a-z]{2}", lang):
            raise FieldError(f"`{shown(lang)}` is not a language code (vi, en, ko, zh, ja)", key)
        out[lang] = text(value)
    if "vi" not in out:
        raise FieldError("needs the Vietnamese text, `vi:`", node, "field.required")
    return out


def mapping(node: yaml.Node) -> dict:
    if not isinstance(node, yaml.MappingNode):
        raise FieldError("expected a mapping of keys to values", node)
    return to_python(node)


def anything(node: yaml.Node) -> Any:
    return to_python(node)


def to_python(node: yaml.Node) -> Any:
    """Plain data of a node, scalars kept as text unless quoted YAML says otherwise (a number longer
    than ``MAX_DIGITS`` stays text too). The node comes from ``yamlsource.compose``, which bounds
    its depth and refuses aliases that loop, so this recursion ends."""
    if isinstance(node, yaml.MappingNode):
        return {key_text(k): to_python(v) for k, v in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [to_python(v) for v in node.value]
    value = no_control(node.value, node)
    if node.tag == _STR_TAG or node.style:
        return value
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?\d{1,%d}" % MAX_DIGITS, value):
        return int(value)
    if value in ("", "~", "null"):
        return None
    return value


def records(item_fields: dict[str, tuple[Coercer, bool]], shape: str) -> Coercer:
    """A list of small mappings with fixed keys, each key (coercer, required): change notices
    `[{date: 2026-03-05, note: "…"}]`. A record is a dict; an unknown key, a key given twice and
    a missing required key are errors at the record."""
    def one(node: yaml.Node) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise FieldError(f"expected a list of `{shape}`", node)
        out: dict[str, Any] = {}
        for key, value in node.value:
            name = key_text(key)
            if name not in item_fields:
                raise FieldError(f"has an unknown key `{shown(name)}`; use {', '.join(item_fields)}", key,
                                 "field.unknown")
            if name in out:
                raise FieldError(f"gives `{shown(name)}` twice in one entry; keep one", key, "field.duplicate")
            out[name] = item_fields[name][0](value)
        missing = [name for name, (_, required) in item_fields.items() if required and name not in out]
        if missing:
            raise FieldError(f"has an entry without `{missing[0]}`; each is `{shape}`", node, "field.required")
        return out
    one.__name__ = "record"
    coerce = list_of(one)
    coerce.item_fields = item_fields  # type: ignore[attr-defined]
    return coerce
