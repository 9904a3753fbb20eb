"""Coercers of what leads elsewhere: hosts, languages and web addresses that configuration puts into
pages and output paths, e-mail addresses and phone numbers. Each is checked as what it becomes: a
host name (an output folder), a language code (a path segment), or an address a browser follows
(never `javascript:` or `data:`)."""
from __future__ import annotations

import re

import yaml

from .coerce_text import FieldError, shown, text


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
