"""Coercers: turn one YAML node of front matter into a typed value, or say why not.

Each coercer takes a PyYAML node (so it sees the text as written, with its line) and returns a
value or raises ``FieldError``. Hostile values end here as a ``FieldError`` too, never as an
exception of Python's. They live by what they read, and this module gathers them under one name
(``from ..core import fields as f``; ``f.text``, ``f.date``, ``f.money``…):

- ``coerce_text``: ``FieldError``, text, yes/no, whole numbers, choices, lists, mappings, text per
  language, records inside a list;
- ``coerce_time``: dates, moments, statistical periods;
- ``coerce_web``: host names and labels, language codes, web addresses, e-mail, phone;
- ``coerce_values``: money, pictures, references to items, the classification.
"""
from __future__ import annotations

from .coerce_text import (
    MAX_DIGITS,
    SHOWN,
    Coercer,
    FieldError,
    anything,
    boolean,
    choice,
    enum,
    integer,
    key_text,
    list_of,
    localized,
    mapping,
    records,
    shown,
    text,
    to_python,
    yaml_surprise,
)
from .coerce_time import MAX_OFFSET, MIN_OFFSET, Period, date, datetime, period
from .coerce_values import (
    MAX_MONEY_DIGITS,
    SECRET_MESSAGE,
    Image,
    classification,
    image,
    money,
    ref,
)
from .coerce_web import (
    PHONE,
    email,
    host_label,
    host_name,
    host_of,
    https_url,
    is_host_label,
    is_host_name,
    lang_code,
    link_url,
    phone,
    site_url,
    url,
)

__all__ = [
    "MAX_DIGITS", "SHOWN", "Coercer", "FieldError", "anything", "boolean", "choice", "enum", "integer", "key_text",
    "list_of", "localized", "mapping", "records", "shown", "text", "to_python", "yaml_surprise",
    "MAX_OFFSET", "MIN_OFFSET", "Period", "date", "datetime", "period",
    "MAX_MONEY_DIGITS", "SECRET_MESSAGE", "Image", "classification", "image", "money", "ref",
    "email", "host_label", "host_name", "host_of", "https_url", "is_host_label", "is_host_name", "lang_code",
    "link_url", "PHONE", "phone", "site_url", "url",
]
