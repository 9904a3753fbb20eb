"""Fields a province's profile requires of a content type, beyond those the type requires everywhere.

A profile lists them under one key per type (``REQUIRED_BY_KEY``), one entry per element the
regulation names, in its words: ``{field: objective, label: "Mục tiêu chính"}``. An entry with a
condition (``required_when_stage: accepted``) is a rule the type's own checks enforce in every
province; it is read here only to be checked. Loading the profile checks every entry names a
field of its type (``field_list``, the ``check`` of those keys in ``profile_keys``), so a misspelt
name fails at its line instead of requiring nothing; the build then hands the pairs to the
loading of items (``LoadSettings.required``), where a missing one is ``field.required``.

Another type whose elements a profile names gets one line in ``REQUIRED_BY_KEY``, one
``ProfileKey`` with ``check=field_list("<type>")``, and nothing else. Fields of any type required by
name only are in the profile's ``required_fields`` (``type_rules.required_fields``: `{person: [phone,
fax, email]}`), read here too.
"""
from __future__ import annotations

from typing import Any, Mapping

import yaml

from ..core import fields as f
from ..core.fields import Coercer, FieldError, shown
from .content_types import CONTENT_TYPES

# Profile key → the content type whose required fields it names.
REQUIRED_BY_KEY = {
    "project_fields": "project",
    "science_fields": "science",
    "statistics_fields": "statistics",
}
CONDITIONS = ("required_when_stage",)  # entries that name a rule of the type's checks, not a requirement


def _entries(node: yaml.Node, what: str) -> list[tuple[yaml.Node, dict[str, yaml.Node]]]:
    if not isinstance(node, yaml.SequenceNode):
        raise FieldError(f"expected a list of {what}", node)
    out = []
    for entry in node.value:
        if not isinstance(entry, yaml.MappingNode):
            raise FieldError(f"expected {what}", entry)
        out.append((entry, {f.key_text(k): v for k, v in entry.value}))
    return out


def field_list(type_name: str) -> Coercer:
    """A profile's list of the elements it requires of a type: ``{field, label}`` each, where
    ``field`` is a field of the type."""
    ctype = CONTENT_TYPES[type_name]
    what = "`{field: <name>, label: \"…\"}` entries"

    def coerce(node: yaml.Node) -> list[dict[str, Any]]:
        for entry, keys in _entries(node, what):
            unknown = sorted(set(keys) - {"field", "label", *CONDITIONS})
            if unknown:
                raise FieldError(f"unknown key `{shown(unknown[0])}` in an entry; use field, label"
                                 f"{''.join(', ' + c for c in CONDITIONS)}", entry, "field.unknown")
            if "field" not in keys:
                raise FieldError("an entry needs `field`, the name of a field of the type", entry, "field.required")
            name = f.text(keys["field"])
            if ctype.field(name) is None:
                raise FieldError(f"`{shown(name)}` is not a field of the `{type_name}` type; use one of "
                                 f"{', '.join(x.name for x in ctype.fields)}", keys["field"], "profile.field")
        return f.to_python(node)
    coerce.__name__ = f"list of {type_name} fields"
    return coerce


def choice_list(type_name: str, field_name: str) -> Coercer:
    """A profile's list of the values of a choice field it names, in its order: ``{value, label}``
    each, every value one of the field's choices."""
    choices = CONTENT_TYPES[type_name].field(field_name).coerce.choices

    def coerce(node: yaml.Node) -> list[dict[str, Any]]:
        for entry, keys in _entries(node, "`{value: <name>, label: \"…\"}` entries"):
            if "value" not in keys:
                raise FieldError("an entry needs `value`", entry, "field.required")
            value = f.text(keys["value"])
            if value not in choices:
                raise FieldError(f"`{shown(value)}` is not a value of `{field_name}` of the `{type_name}` type; "
                                 f"use one of {', '.join(choices)}", keys["value"], "profile.field")
        return f.to_python(node)
    coerce.__name__ = f"list of {field_name} values"
    return coerce


def profile_requirements(profile: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """(type, field) pairs the profile requires beyond each type's own required fields: from the
    keys of ``REQUIRED_BY_KEY``, and from ``required_fields`` (type → field names, ``type_rules``)."""
    pairs = []
    for key, type_name in REQUIRED_BY_KEY.items():
        for entry in profile.get(key) or ():
            if not any(c in entry for c in CONDITIONS):
                pairs.append((type_name, entry["field"]))
    pairs += [(type_name, name) for type_name, names in (profile.get("required_fields") or {}).items()
              for name in names]
    return tuple(sorted(set(pairs)))


def required_fields(profile: Mapping[str, Any], type_name: str) -> tuple[str, ...]:
    """The fields of one type the profile requires, beyond the type's own."""
    return tuple(name for t, name in profile_requirements(profile) if t == type_name)
