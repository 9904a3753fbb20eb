"""JSON Schema of every content type, generated from the declarations."""
from __future__ import annotations

from ..core import fields as f
from .content_types import CONTENT_TYPES, DERIVED_DEFAULTS, ContentType

_STRING = {"type": "string"}


def _field_schema(coerce) -> dict:
    if hasattr(coerce, "schema"):  # a coercer of structured values says its own shape
        return dict(coerce.schema)
    if coerce is f.datetime:
        return {"type": "string", "format": "date-time"}
    if coerce is f.date:
        return {"type": "string", "format": "date"}
    if coerce is f.boolean:
        return {"type": "boolean"}
    if coerce is f.integer:
        return {"type": "integer"}
    if coerce is f.money:
        return {"anyOf": [{"type": "integer", "minimum": 0},
                          {"type": "string", "pattern": r"^\d{1,3}(?:([. ])\d{3})(?:\1\d{3})*$|^\d+$"}]}
    if coerce is f.period:
        return {"anyOf": [{"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$"},
                          {"type": "integer", "minimum": 1, "maximum": 9999}]}
    if coerce in (f.url, f.https_url):
        return {"type": "string", "format": "uri"}
    if coerce is f.phone or getattr(coerce, "shape_of", None) is f.phone:
        return {"type": "string", "pattern": f"^{f.PHONE.pattern}$"}
    if coerce is f.email:
        return {"type": "string", "format": "email"}
    if coerce is f.image:
        return {"type": "object", "required": ["src", "alt"], "additionalProperties": False,
                "properties": {"src": _STRING, "alt": _STRING, "caption": _STRING}}
    if hasattr(coerce, "item_fields"):  # a list of records (fields.records)
        fields = coerce.item_fields
        return {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": [k for k, (_, req) in fields.items() if req],
            "properties": {k: _field_schema(c) for k, (c, _) in fields.items()}}}
    if hasattr(coerce, "choices"):
        return {"type": "string", "enum": list(coerce.choices)}
    if coerce.__name__.startswith("list of"):
        inner = coerce.__name__[len("list of "):]
        item = {"ref": {"type": "string", "pattern": "^[a-z0-9][a-z0-9/-]*$"}}.get(inner, _STRING)
        return {"type": "array", "items": item}
    return dict(_STRING, minLength=1)


def type_schema(ctype: ContentType) -> dict:
    props = {}
    for field in ctype.fields:
        schema = _field_schema(field.coerce)
        if field.help:
            schema["description"] = field.help
        props[field.name] = schema
    required = [x.name for x in ctype.fields if x.required and (ctype.name, x.name) not in DERIVED_DEFAULTS]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://congtt.example/schema/{ctype.name}.schema.json",
        "title": f"{ctype.label[0]} ({ctype.name})", "type": "object",
        "properties": props, "required": required, "additionalProperties": False,
    }


def content_schemas() -> dict[str, dict]:
    return {name: type_schema(ctype) for name, ctype in CONTENT_TYPES.items()}
