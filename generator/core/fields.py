"""Coercers: turn one YAML node of front matter into a typed value, or say why not.

Each coercer takes a PyYAML node (so it sees the text as written, with its line)
and returns a value or raises ``FieldError``. Text fields read the scalar as
written, so YAML 1.1's implicit typing (``no`` → false, ``010`` → 8) never changes
what an editor typed; ``yaml_surprise`` names such scalars so the editor can
quote them for other tools.

Hostile values end here as a ``FieldError`` too, never as an exception of Python's: numbers
too long to be numbers, offsets that are no UTC offset, moments that cannot be shown in
Vietnam time, and characters XML cannot carry (``text.control``).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from .clock import VN_TZ
from .controlchars import CONTROL, control_message
from .secrecy import is_public, secret_level

_STR_TAG = "tag:yaml.org,2002:str"
MAX_DIGITS = 15  # a whole number of front matter is a position or a count, never longer
SHOWN = 60       # characters of a value quoted back in a message
# UTC offsets in use on Earth run from -12:00 to +14:00.
MIN_OFFSET, MAX_OFFSET = dt.timedelta(hours=-12), dt.timedelta(hours=14)


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
    return _no_control(node.value, node)


def _scalar(node: yaml.Node, what: str) -> str:
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


def _no_control(value: str, node: yaml.Node) -> str:
    found = CONTROL.search(value)
    if found:
        raise FieldError(control_message(found[0]), node, "text.control")
    return value


def text(node: yaml.Node) -> str:
    value = _no_control(_scalar(node, "text"), node).strip()
    if not value:
        raise FieldError("is empty; write a value or remove the key", node, "field.required")
    return value


def boolean(node: yaml.Node) -> bool:
    raw = _scalar(node, "true or false")
    if raw in ("true", "True", "false", "False"):
        return raw.lower() == "true"
    raise FieldError(f"`{shown(raw)}` is not a yes/no value here; write true or false", node)


def integer(node: yaml.Node) -> int:
    raw = _scalar(node, "a whole number")
    if not re.fullmatch(r"-?\d+", raw):
        raise FieldError(f"`{shown(raw)}` is not a whole number", node)
    if len(raw.lstrip("-")) > MAX_DIGITS:
        raise FieldError(f"`{shown(raw)}` is too long for a whole number here (at most {MAX_DIGITS} digits)", node)
    return int(raw)


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")


def _make_date(raw: str, year: int, month: int, day: int, node: yaml.Node) -> dt.date:
    if not 1 <= month <= 12:
        raise FieldError(f"`{raw}`: there is no month {month}", node, "field.date")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(
            f"`{raw}`: {_MONTHS[month]} {year} has no day {day}", node, "field.date"
        ) from None


def date(node: yaml.Node) -> dt.date:
    raw = _scalar(node, "a date").strip()
    m = _ISO_DATE.fullmatch(raw)
    if m:
        return _make_date(raw, int(m[1]), int(m[2]), int(m[3]), node)
    m = _DMY.fullmatch(raw)
    if m:
        return _make_date(raw, int(m[3]), int(m[2]), int(m[1]), node)
    raise FieldError(f"`{shown(raw)}` is not a date; write 2024-10-25 or 25/10/2024", node, "field.date")


def _offset(raw: str, written: str, node: yaml.Node) -> dt.tzinfo:
    if written == "Z":
        return dt.timezone.utc
    sign = 1 if written[0] == "+" else -1
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    offset = sign * dt.timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or not MIN_OFFSET <= offset <= MAX_OFFSET:
        raise FieldError(f"`{shown(raw)}`: `{written}` is not a UTC offset; offsets run from -12:00 to "
                         "+14:00 (Vietnam is +07:00, the default)", node, "field.date")
    return dt.timezone(offset)


def _showable(raw: str, moment: dt.datetime, node: yaml.Node) -> dt.datetime:
    """The moment, if it can be shown in Vietnam time and in UTC (pages, feeds and sitemaps do both)."""
    try:
        moment.astimezone(VN_TZ), moment.astimezone(dt.timezone.utc), moment.timestamp()
    except (OverflowError, ValueError):
        raise FieldError(f"`{shown(raw)}` falls outside the years 0001 to 9999 in Vietnam time or in UTC",
                         node, "field.date") from None
    return moment


def datetime(node: yaml.Node) -> dt.datetime:
    """A moment; a bare date is midnight, no offset means Vietnam time (UTC+7)."""
    raw = _scalar(node, "a date and time").strip()
    m = _DATETIME.fullmatch(raw)
    if not m:
        day = date(node)  # accepts 25/10/2024 too, or raises the date message
        return _showable(raw, dt.datetime(day.year, day.month, day.day, tzinfo=VN_TZ), node)
    day = _make_date(raw, int(m[1]), int(m[2]), int(m[3]), node)
    hour, minute, second = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise FieldError(f"`{raw}` is not a valid time of day", node, "field.date")
    tz = _offset(raw, m[7], node) if m[7] else VN_TZ
    return _showable(raw, dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz), node)


def enum(*choices: str) -> Coercer:
    def coerce(node: yaml.Node) -> str:
        raw = _scalar(node, "one of " + ", ".join(choices)).strip()
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
        raw = _scalar(node, "one of " + ", ".join(keys)).strip()
        if raw not in labels:
            raise FieldError(f"`{shown(raw)}` is not one of: {', '.join(keys)}", node)
        return raw
    coerce.__name__ = "enum"
    coerce.choices = keys  # type: ignore[attr-defined]
    coerce.labels = labels  # type: ignore[attr-defined]
    return coerce


MAX_MONEY_DIGITS = 18  # a quintillion đồng: more than any budget


def money(node: yaml.Node) -> int:
    """An amount in đồng, a whole number: 1250000000, or grouped as written, 1.250.000.000 or
    1 250 000 000 (a comma is refused: 1,5 and 1,500 read differently in Vietnamese and English)."""
    raw = _scalar(node, "an amount in đồng").strip()
    grouped = re.fullmatch(r"\d{1,3}(?:([. ])\d{3})(?:\1\d{3})*", raw)
    if not (re.fullmatch(r"\d+", raw) or grouped):
        raise FieldError(f"`{shown(raw)}` is not an amount in đồng; write the whole number, 1250000000 or "
                         "1.250.000.000", node)
    digits = re.sub(r"[. ]", "", raw)
    if len(digits) > MAX_MONEY_DIGITS:
        raise FieldError(f"`{shown(raw)}` is too large an amount (at most {MAX_MONEY_DIGITS} digits)", node)
    return int(digits)


def url(node: yaml.Node) -> str:
    raw = text(node)
    m = re.fullmatch(r"https?://(\S+)", raw)  # a host with a dot, then anything without spaces
    dot = m[1].split("/", 1)[0].find(".", 1) if m else -1
    if dot == -1 or dot == len(m[1]) - 1:
        raise FieldError(f"`{shown(raw)}` is not a web address; write it in full, https://…", node)
    return raw


def email(node: yaml.Node) -> str:
    raw = text(node)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", raw):
        raise FieldError(f"`{shown(raw)}` is not an email address", node)
    return raw


PHONE = re.compile(r"[+()0-9 .\-]{6,20}")  # also the JSON Schema's pattern (model/schema.py)


def phone(node: yaml.Node) -> str:
    raw = text(node)
    if not PHONE.fullmatch(raw):
        raise FieldError(f"`{shown(raw)}` is not a phone number (digits, spaces, dots, +)", node)
    return raw


def list_of(item: Coercer) -> Coercer:
    def coerce(node: yaml.Node) -> tuple:
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            return (item(node),)
        if not isinstance(node, yaml.SequenceNode):
            raise FieldError("expected a list", node)
        return tuple(item(child) for child in node.value)
    coerce.__name__ = f"list of {item.__name__}"
    return coerce


@dataclass(frozen=True)
class Image:
    src: str
    alt: str


def image(node: yaml.Node) -> Image:
    if not isinstance(node, yaml.MappingNode):
        raise FieldError("expected `{src: file.jpg, alt: \"what it shows\"}`", node)
    values = {key_text(k): v for k, v in node.value}
    unknown = sorted(set(values) - {"src", "alt"})
    if unknown:
        raise FieldError(f"unknown key `{shown(unknown[0])}` in image; use src and alt", node, "field.unknown")
    if "src" not in values:
        raise FieldError("image needs `src`, the file name", node, "field.required")
    if "alt" not in values:
        raise FieldError("image needs `alt`, a text saying what it shows (accessibility)", node,
                         "field.required")
    return Image(text(values["src"]), text(values["alt"]))


def ref(node: yaml.Node) -> str:
    raw = text(node)
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-/]*", raw):
        raise FieldError(f"`{shown(raw)}` is not an item reference; write site/type/slug or slug", node)
    return raw


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
    value = _no_control(node.value, node)
    if node.tag == _STR_TAG or node.style:
        return value
    if value in ("true", "false"):
        return value == "true"
    if re.fullmatch(r"-?\d{1,%d}" % MAX_DIGITS, value):
        return int(value)
    if value in ("", "~", "null"):
        return None
    return value


# Hosts, languages and web addresses that configuration puts into pages and output paths.
# Each is checked as what it becomes: a host name (an output folder), a language code (a path
# segment), or an address a browser follows (never `javascript:` or `data:`).

_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\"<>\\^`{|}]")


def is_host_label(s: str) -> bool:
    """One DNS label: a-z, 0-9 and inner hyphens, at most 63 characters."""
    return _HOST_LABEL.fullmatch(s) is not None


def is_host_name(s: str) -> bool:
    """A DNS name of at least two labels (langson.gov.vn), lowercase, at most 253 characters."""
    labels = s.split(".")
    return len(s) <= 253 and len(labels) >= 2 and all(is_host_label(label) for label in labels)


def host_name(node: yaml.Node) -> str:
    raw = text(node)
    if not is_host_name(raw):
        raise FieldError(f"`{shown(raw)}` is not a host name; write lowercase labels of a-z, 0-9 and inner "
                         "hyphens, separated by dots (langson.gov.vn)", node, "host.invalid")
    return raw


def host_label(node: yaml.Node) -> str:
    raw = text(node)
    if not is_host_label(raw):
        raise FieldError(f"`{shown(raw)}` is not a host label; write lowercase a-z, 0-9 and inner hyphens, "
                         "at most 63 characters, without diacritics (sokhcn)", node, "host.invalid")
    return raw


def lang_code(node: yaml.Node) -> str:
    """An ISO 639-1 language code (vi, en, ko, zh, ja), as Babel's CLDR data knows them."""
    from babel import (
        Locale,  # CLDR's list of languages; loaded only where codes are read
    )

    raw = text(node)
    if not re.fullmatch(r"[a-z]{2}", raw) or raw not in Locale("en").languages:
        raise FieldError(f"`{shown(raw)}` is not an ISO 639-1 language code (vi, en, ko, zh, ja)", node,
                         "lang.invalid")
    return raw


def host_of(address: str) -> str:
    """The host of an absolute address; "" when it has none, a login part or a bad port."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 - raises ValueError for a port that is no number
    except ValueError:
        return ""
    return "" if parts.username is not None or parts.password is not None else parts.hostname or ""


def _web_address(node: yaml.Node, schemes: tuple[str, ...], relative: bool) -> str:
    raw = text(node)
    bad = _URL_FORBIDDEN.search(raw)
    if bad:
        raise FieldError(f"`{shown(raw)}` holds {bad[0]!r}, which an address may not contain; "
                         "percent-encode it", node)
    if relative and raw.startswith("/") and not raw.startswith("//"):
        return raw  # an address on the site's own host: /gioi-thieu/
    allowed = " or ".join(f"{s}://…" for s in schemes) + (" or a path on the site (/gioi-thieu/)" if relative else "")
    scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
    if scheme not in schemes:
        what = (f"`{shown(scheme)}:` addresses are" if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme)
                else f"`{shown(raw)}` is")
        raise FieldError(f"{what} not allowed here; write {allowed}", node, "url.scheme")
    if not raw.startswith(f"{scheme}://") or not is_host_name(host_of(raw)):
        raise FieldError(f"`{shown(raw)}` is not a web address with a host name; write {allowed}", node, "url.host")
    return raw


def https_url(node: yaml.Node) -> str:
    """An absolute https:// address with a real host name."""
    return _web_address(node, ("https",), relative=False)


def site_url(node: yaml.Node) -> str:
    """An https:// address, or a path on the site's own host (/gioi-thieu/)."""
    return _web_address(node, ("https",), relative=True)


def link_url(node: yaml.Node) -> str:
    """An https:// or http:// address (a regulation may name a site that has no https yet)."""
    return _web_address(node, ("https", "http"), relative=False)


@dataclass(frozen=True)
class Period:
    """A statistical period (kỳ thống kê): a month, a quarter or a year. ``isoformat`` is how it is
    written in front matter and records: 2026-10, 2026-Q3, 2026."""
    kind: str        # month, quarter or year
    year: int
    number: int = 0  # the month (1-12) or the quarter (1-4); 0 for a year

    def isoformat(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()


_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{2})|Q(\d)))?")


def period(node: yaml.Node) -> Period:
    """A month (2026-10), a quarter (2026-Q3) or a year (2026)."""
    raw = _scalar(node, "a period").strip()
    m = _PERIOD.fullmatch(raw)
    if not m or int(m[1]) == 0:
        raise FieldError(f"`{shown(raw)}` is not a period; write a month 2026-10, a quarter 2026-Q3 or a "
                         "year 2026", node, "field.period")
    year = int(m[1])
    if m[2]:
        if not 1 <= int(m[2]) <= 12:
            raise FieldError(f"`{raw}`: there is no month {int(m[2])}", node, "field.period")
        return Period("month", year, int(m[2]))
    if m[3]:
        if not 1 <= int(m[3]) <= 4:
            raise FieldError(f"`{raw}`: there is no quarter {m[3]}; a year has quarters Q1 to Q4", node,
                             "field.period")
        return Period("quarter", year, int(m[3]))
    return Period("year", year)
# --- issue 9: the secrecy of an item, and small records inside a list --------------------------

# The message for a state secret, wherever its marking is found (the value, a stamp in the title or body).
SECRET_MESSAGE = ("{level} marks a state secret, which is never published (Luật Bảo vệ bí mật nhà nước; 000/001 "
                  "Đ6.2, Đ13.2.a; 002 Đ10.1.b; requirements.md §3.6). Remove this file from the repository, and "
                  "from its history if it was committed, and handle the document under the state-secret rules")


def classification(node: yaml.Node) -> str:
    """`public`, the only classification a portal publishes (the default; "công khai", "thường"
    say the same). A state-secret level, as a key (`toi_mat`), as written on a document (`Tối
    mật`, `Độ mật: Mật`, `A-MẬT`), with or without diacritics, is refused with
    ``classification.secret``: such content is never published and does not belong in the
    repository (000/001 Đ6.2, Đ13.2.a; 002 Đ10.1.b; 003 Đ5.4; requirements.md §3.6)."""
    raw = _no_control(_scalar(node, "public"), node).strip()
    level = secret_level(raw)
    if level:
        raise FieldError(f"is `{shown(raw)}`: " + SECRET_MESSAGE.format(level=level), node, "classification.secret")
    if not is_public(raw):
        raise FieldError(f"`{shown(raw)}` is not a classification; write public (the default) or leave it out",
                         node)
    return "public"


classification.choices = ("public",)  # type: ignore[attr-defined]


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

