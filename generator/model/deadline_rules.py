"""The regulations' publication deadlines, one profile entry each, read as rules a clock can run.

Each entry of a profile's ``deadlines`` (requirements.md §2, §6) names, besides its length
(``amount``), ``unit`` (working_days, calendar_days, office_hours, immediately, monthly), the words
of the seed (``from``) and its citation (``cite``):

- ``applies_to``: the content types it governs; a rule without one names an obligation no type
  carries yet (dissemination of law) and is reported as not measured;
- ``start``: the item field holding the event that starts the clock (``issued_date``,
  ``event_time``, ``received_at``…), or a map ``{type: field, default: field}`` where types differ;
- ``where``: optionally, the items it is limited to: ``{field: [value, …]}`` (Cao Bằng's two
  working days hold for documents issued by the Ủy ban nhân dân tỉnh);
- ``decision``: where the seed is ambiguous, the reading chosen and where it is recorded.

Every type, field and value is checked when the profile is read, at its line.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from ..core import fields as f
from ..core.fields import FieldError
from ..core.yamlsource import Spec
from . import site_fields as sf
from .content_types import CONTENT_TYPES
from .type_rules import content_type

UNITS = ("working_days", "calendar_days", "office_hours", "immediately", "monthly")
MEASURED_UNITS = ("working_days", "calendar_days", "office_hours")
DEFAULT = "default"


def _moment_fields(type_name: str) -> set[str]:
    return {fl.name for fl in CONTENT_TYPES[type_name].fields if fl.coerce in (f.date, f.datetime)}


def _fields(node: yaml.Node) -> tuple[str, ...]:
    """One field name, or a list of them: the first one an item has starts its clock."""
    if isinstance(node, yaml.SequenceNode):
        names = tuple(f.list_of(f.text)(node))
        if not names:
            raise FieldError("`start` lists no field", node, "profile.deadline")
        return names
    return (f.text(node),)


def _start(node: yaml.Node) -> dict[str, tuple[str, ...]]:
    """``start: issued_date``, ``start: [received_at, issued_date]`` (the first an item has), or a
    map of content type to either: ``{project: approved_date, default: date}``."""
    if not isinstance(node, yaml.MappingNode):
        return {DEFAULT: _fields(node)}
    out = {}
    for key, value in node.value:
        name = f.text(key)
        if name != DEFAULT:
            content_type(key)
        out[name] = _fields(value)
    return out


def _where(node: yaml.Node) -> dict[str, tuple[str, ...]]:
    if not isinstance(node, yaml.MappingNode):
        raise FieldError("`where` is a map of field name to the values it accepts", node)
    return {f.text(k): tuple(f.list_of(f.text)(v)) for k, v in node.value}


RULE = (
    Spec("amount", lambda n: None if isinstance(n, yaml.ScalarNode) and n.value in ("", "null", "~")
         else f.integer(n), text_like=False),
    Spec("unit", f.enum(*UNITS), True), Spec("from", f.text, True), Spec("cite", f.text, True),
    Spec("applies_to", f.list_of(content_type)), Spec("start", _start, text_like=False),
    Spec("where", _where, text_like=False), Spec("decision", f.text),
)
_rule = sf.record(RULE, "a deadline rule")


def deadline_rule(node: yaml.Node) -> dict[str, Any]:
    """One rule, its parts consistent: a length unless it is immediate, a start event and types
    when it is measured, each start field a date of each type it governs."""
    rule = _rule(node)
    rule.setdefault("amount", None)
    if (rule["amount"] is None) != (rule["unit"] == "immediately"):
        raise FieldError("a rule has an `amount` unless its `unit` is `immediately`", node, "profile.deadline")
    if rule["amount"] is not None and rule["amount"] < 0:
        raise FieldError("`amount` is zero or more", node, "profile.deadline")
    types = rule.get("applies_to") or []
    if types and rule["unit"] in MEASURED_UNITS and "start" not in rule:
        raise FieldError("a measured rule that applies to types names its `start` event (an item field)", node,
                         "profile.deadline")
    for type_name in types:
        for start in start_fields(rule, type_name):
            if start not in _moment_fields(type_name):
                raise FieldError(f"`start`: `{start}` is not a date field of `{type_name}`; its dates are "
                                 f"{', '.join(sorted(_moment_fields(type_name)))}", node, "profile.deadline")
    for name in rule.get("start") or {}:
        if name != DEFAULT and name not in types:
            raise FieldError(f"`start` names `{name}`, which the rule does not apply to", node, "profile.deadline")
    for field_name in rule.get("where") or {}:
        if not all(field_name in {fl.name for fl in CONTENT_TYPES[t].fields} for t in types):
            raise FieldError(f"`where`: `{field_name}` is not a field of every type the rule applies to", node,
                             "profile.deadline")
    return rule


def deadlines(node: yaml.Node) -> dict[str, dict[str, Any]]:
    """A profile's ``deadlines``: rule name → rule."""
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "{}"):
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise FieldError("`deadlines` is a map of rule name to rule", node)
    return {f.text(k): deadline_rule(v) for k, v in node.value}


def start_fields(rule: dict[str, Any], type_name: str) -> tuple[str, ...]:
    starts = rule.get("start") or {}
    return starts.get(type_name) or starts.get(DEFAULT) or ()


def _applicable(name: str, rule: dict[str, Any], fields: tuple[str, ...], values: dict[str, Any]) -> Applicable:
    """The rule with the first of its start fields the item has (the first named, when it has none)."""
    chosen = next((fl for fl in fields if values.get(fl) is not None), fields[0])
    return Applicable(name, rule, chosen, values.get(chosen))


def _norm(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)).casefold().strip()


@dataclass(frozen=True)
class Applicable:
    """The rule that governs one item, and the moment its clock starts from (None: the item lacks it)."""
    name: str
    rule: dict[str, Any]
    start_field: str
    start: dt.date | dt.datetime | None


def rules_for(deadline_table: dict[str, dict[str, Any]], type_name: str, values: dict[str, Any]) -> list[Applicable]:
    """The measured rules that govern an item of ``type_name`` with these field values: the one its
    ``deadline_rule`` names (counted from the rule's start field, else the type's date), or those
    whose ``applies_to`` and ``where`` take it."""
    named = values.get("deadline_rule")
    if named:
        rule = deadline_table.get(named)
        if rule is None or rule["unit"] not in MEASURED_UNITS:
            return []
        fields = start_fields(rule, type_name) or ((CONTENT_TYPES[type_name].date_field,)
                                                   if CONTENT_TYPES[type_name].date_field else ())
        return [_applicable(named, rule, fields, values)] if fields else []
    found = []
    for name, rule in deadline_table.items():
        if type_name not in (rule.get("applies_to") or ()) or rule["unit"] not in MEASURED_UNITS:
            continue
        where = rule.get("where") or {}
        if any(_norm(values.get(k, "")) not in {_norm(v) for v in accepted} for k, accepted in where.items()):
            continue
        found.append(_applicable(name, rule, start_fields(rule, type_name), values))
    return found


def clock_fields(deadline_table: dict[str, dict[str, Any]], type_name: str) -> tuple[str, ...]:
    """The fields an item of ``type_name`` needs for every measured rule that governs it to start its
    clock (the first of each rule's `start` list): `build.py new` stubs them."""
    found = []
    for rule in deadline_table.values():
        if type_name in (rule.get("applies_to") or ()) and rule["unit"] in MEASURED_UNITS:
            fields = start_fields(rule, type_name)
            if fields and fields[-1] not in found:  # the last of a list is the one every item has
                found.append(fields[-1])
    return tuple(found)
