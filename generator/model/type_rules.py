"""Profile keys that name content types: the fields a type must carry under a province's rules
(`required_fields`), the types each kind of site must carry (`required_sections`), what the
catalogue of information to be disclosed says of each type (`disclosure`), and the approvals some
types need beyond their site's own (`type_approvals`).

Each function below is the coercer of one key of ``profile_keys``: every type, field and kind of
site a profile names is checked at its line, so a misspelt name is an error, never a rule that
silently applies to nothing. The rules are applied where the item is read (fields:
``profile_fields.profile_requirements``), in ``build/profile_rules.py`` (sections) and in
``build/catalogue.py`` (the catalogue).
"""
from __future__ import annotations

import difflib
from typing import Any

import yaml

from ..core import fields as f
from ..core.fields import Coercer, FieldError
from .board import ROLES
from .content_types import CONTENT_TYPES
from .site_fields import SITE_KINDS


def _one_of(known: tuple[str, ...], what: str, code: str) -> Coercer:
    def coerce(node: yaml.Node) -> str:
        raw = f.text(node)
        if raw not in known:
            close = difflib.get_close_matches(raw, known, n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"use one of: {', '.join(known)}"
            raise FieldError(f"names `{f.shown(raw)}`, which is not {what}; {hint}", node, code)
        return raw
    return coerce


content_type = _one_of(tuple(CONTENT_TYPES), "a content type", "profile.type")
site_kind = _one_of(SITE_KINDS, "a kind of site", "profile.site-kind")


def _pairs(node: yaml.Node, what: str) -> list[tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise FieldError(f"expected a mapping of {what}", node)
    return node.value


def required_fields(node: yaml.Node) -> dict[str, tuple[str, ...]]:
    """Content type → the fields it must carry besides those it always requires:
    `{person: [phone, fax, email]}` (004 Đ5.9)."""
    out: dict[str, tuple[str, ...]] = {}
    for key, value in _pairs(node, "content type to field names"):
        type_name = content_type(key)
        names = tuple(x.name for x in CONTENT_TYPES[type_name].fields)
        out[type_name] = f.list_of(_one_of(names, f"a field of `{type_name}`", "profile.field"))(value)
    return out


def required_sections(node: yaml.Node) -> dict[str, tuple[str, ...]]:
    """Kind of site → the content types every site of that kind must carry:
    `{portal: [news, legal, …], department: [news, …]}`."""
    return {site_kind(key): f.list_of(content_type)(value) for key, value in _pairs(node, "kind of site to types")}


_TYPE_OR_DEFAULT = _one_of((*CONTENT_TYPES, "default"), "a content type or `default`", "profile.type")


def _texts_by_type(node: yaml.Node) -> dict[str, str]:
    return {_TYPE_OR_DEFAULT(key): f.text(value) for key, value in _pairs(node, "content type to text")}


DISCLOSURE_KEYS = {
    "when": "type → when it is published, in words with its citation, before any rule of `deadlines`; "
            "`default` where `deadlines` has no rule for a type",
    "retention": "type (or `default`) → how long it stays published, in words with its citation",
}


def disclosure(node: yaml.Node) -> dict[str, Any]:
    """What the catalogue of information to be disclosed (000/001 Đ5.1.h) says beyond `deadlines`:
    `{when: {directive: "…"}, retention: {default: "…", legal: "…"}}`."""
    out = {}
    for key, value in _pairs(node, "when and retention"):
        name = f.key_text(key)
        if name not in DISCLOSURE_KEYS:
            raise FieldError(f"has an unknown key `{f.shown(name)}`; use {', '.join(DISCLOSURE_KEYS)}", key,
                             "field.unknown")
        out[name] = _texts_by_type(value)
    return out


_role = _one_of(ROLES, "a board role", "profile.approvers")


def _groups(node: yaml.Node) -> tuple[tuple[str, ...], ...]:
    groups = f.list_of(f.list_of(_role))(node) if isinstance(node, yaml.SequenceNode) else ()
    if not groups or not all(groups):
        raise FieldError("`groups` is a list of groups of roles, one approval from each: [[chu_tich]]", node,
                         "profile.approvers")
    return groups


TYPE_APPROVAL = f.records({"types": (f.list_of(content_type), True), "site_kinds": (f.list_of(site_kind), True),
                           "groups": (_groups, True), "what": (f.text, True), "cite": (f.text, True)},
                          "{types, site_kinds, groups, what, cite}")


def type_approvals(node: yaml.Node) -> tuple[dict[str, Any], ...]:
    """Approvals an item of some types needs on some kinds of site, beyond its site's `approvers`,
    counted on the portal's board: Bến Tre's "các thông tin khác" need the Chủ tịch Ủy ban nhân dân
    tỉnh's approval (002 Đ10.1.c). Each rule: `{types: [finance, …], site_kinds: [portal], groups:
    [[chu_tich]], what: "thông tin khác …", cite: "002 Đ10.1.c"}`; the gate adds one requirement per
    rule and site (`editorial/gate.py`)."""
    return tuple(TYPE_APPROVAL(node))
