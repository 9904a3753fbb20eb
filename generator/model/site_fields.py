"""The shapes of what site files and profiles put into every page: links, contacts, the EMC snippet.

Each is a table of keys (``Spec``), read the same way as front matter: unknown keys are errors
with a "did you mean", every value goes through a coercer that knows what it becomes. A site
file reads its records with ``read_record`` (every problem at once, each at its line); a profile
key uses ``record`` as one coercer (the first problem of the key).

Web addresses are ``https://`` on a real host name, or a path on the site's own host, never
``javascript:`` or ``data:``; the links a regulation names (national links, Công báo) may also be
``http://``. The EMC script must be on a host the profile allows (``emc_hosts``).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from ..core import fields as f
from ..core.diagnostics import Diagnostic, error
from ..core.fields import Coercer, FieldError
from ..core.yamlsource import Spec, read_mapping

SITE_KINDS = ("portal", "department", "district", "commune", "unit")  # a site file's `kind`

# The EMC (Hệ thống giám sát, đo lường mức độ cung cấp và sử dụng dịch vụ Chính phủ số) serves
# its tracking script and collects page views here: the operator's snippet loads
# https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js and reports to …/tracking. A profile may
# name other hosts with `emc_hosts`.
DEFAULT_EMC_HOSTS = ("f-emc.ngsp.gov.vn",)
EMC_TRACKER_PATH = "/tracking"


@dataclass(frozen=True)
class NavLink:
    """An extra menu entry of a site."""
    title: dict[str, str]
    url: str


@dataclass(frozen=True)
class SocialLink:
    name: str
    url: str


@dataclass(frozen=True)
class Emc:
    """The EMC tracking snippet of a site: where the script is, where it reports, the site's code."""
    script: str
    site_code: str
    tracker: str
    integrity: str = ""   # Subresource Integrity of the script (sha384-…), "" when none is pinned


def sri_hash(node: yaml.Node) -> str:
    """A Subresource Integrity value: sha256-, sha384- or sha512- and the base64 digest."""
    raw = f.text(node)
    lengths = {"sha256": 44, "sha384": 64, "sha512": 88}
    algo, _, digest = raw.partition("-")
    if algo not in lengths or len(digest) != lengths[algo] or not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", digest):
        raise FieldError(f"`{raw}` is not a Subresource Integrity hash; write sha384- and the base64 "
                         "digest of the script (openssl dgst -sha384 -binary FILE | openssl base64 -A)", node)
    return raw


def emc_code(node: yaml.Node) -> str:
    raw = f.text(node)
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", raw):
        raise FieldError(f"`{raw}` is not an EMC site code; write the code the EMC operator gave "
                         "(letters, digits, - and _)", node)
    return raw


PLACEHOLDERS = re.compile(r"\{(slug|domain|parent_host)\}")


def host_pattern(node: yaml.Node) -> str:
    """A host with placeholders: `{slug}.{domain}`; what it gives is checked once filled in."""
    raw = f.text(node)
    if not re.fullmatch(r"[a-z0-9.-]*", PLACEHOLDERS.sub("x", raw)):
        raise FieldError(f"`{raw}` is not a host pattern; use lowercase a-z, 0-9, hyphens, dots and "
                         "{slug}, {domain}, {parent_host}", node, "host.invalid")
    return raw


def languages(node: yaml.Node) -> tuple[str, ...]:
    """Language codes, Vietnamese first, each once: [vi, en]."""
    codes = f.list_of(f.lang_code)(node)
    if not codes or codes[0] != "vi":
        others = ", ".join(c for c in codes if c != "vi") or "en"
        raise FieldError(f"must start with vi, every site's main edition: [vi, {others}]", node, "lang.vi-first")
    if len(set(codes)) != len(codes):
        raise FieldError("names a language twice; keep one", node, "lang.invalid")
    return codes


def record(specs: tuple[Spec, ...], what: str) -> Coercer:
    """A coercer for a mapping with known keys; raises the first problem, at its own line."""
    table = {s.name: s for s in specs}

    def coerce(node: yaml.Node) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise FieldError(f"expected {what}: {{{', '.join(table)}}}", node)
        out: dict[str, Any] = {}
        for key, value in node.value:
            spec = table.get(key.value)
            if spec is None:
                raise FieldError(f"has unknown key `{key.value}` in {what}{_suggest(key.value, table)}", key,
                                 "field.unknown")
            out[key.value] = spec.coerce(value)
        missing = [s.name for s in specs if s.required and s.name not in out]
        if missing:
            raise FieldError(f"needs `{missing[0]}` in {what}", node, "field.required")
        return out
    coerce.__name__ = what
    return coerce


def _suggest(name: str, table) -> str:
    close = difflib.get_close_matches(name, list(table), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else f"; known keys: {', '.join(sorted(table))}"


def map_of(value: Coercer, key: Coercer, what: str) -> Coercer:
    """A mapping whose keys are checked by `key` (a coercer of the key's node) and values by `value`."""
    def coerce(node: yaml.Node) -> dict[str, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise FieldError(f"expected a mapping of {what}", node)
        return {key(k): value(v) for k, v in node.value}
    coerce.__name__ = what
    return coerce


CONTACT = (Spec("address", f.text), Spec("phone", f.phone), Spec("hotline", f.phone), Spec("fax", f.phone),
           Spec("email", f.email))
NAV_LINK = (Spec("title", f.localized, True), Spec("url", f.site_url, True))
SOCIAL_LINK = (Spec("name", f.text, True), Spec("url", f.https_url, True))
EMC = (Spec("script", f.https_url, True), Spec("site_code", emc_code, True), Spec("tracker", f.https_url),
       Spec("integrity", sri_hash))
NATIONAL_LINK = (Spec("name", f.localized, True), Spec("url", f.link_url, True))
CONGBAO = (Spec("url", f.link_url), Spec("mode", f.enum("link", "publish"), True))

contact = record(CONTACT, "a contact")
national_links = f.list_of(record(NATIONAL_LINK, "a national link"))
congbao = record(CONGBAO, "the Công báo")
host_patterns = map_of(host_pattern, f.text, "site kind to host pattern")
edition_hosts = map_of(host_pattern, f.lang_code, "language to host pattern")
host_names = f.list_of(f.host_name)
host_pattern_list = f.list_of(host_pattern)
integrity_pins = map_of(sri_hash, f.https_url, "script address to integrity hash")


def read_record(node: yaml.Node, specs: tuple[Spec, ...], path: str, what: str
                ) -> tuple[dict[str, Any] | None, dict[str, int], list[Diagnostic]]:
    """One mapping of a site file, every problem located; None when it has errors."""
    values, lines, problems = read_mapping(node, specs, path, what=what)
    return (None if problems else values), lines, problems


def read_records(node: yaml.Node, specs: tuple[Spec, ...], path: str, what: str
                 ) -> tuple[list[tuple[dict[str, Any], dict[str, int]]], list[Diagnostic]]:
    """A list of mappings of a site file: the good ones with their lines, and every problem."""
    items = node.value if isinstance(node, yaml.SequenceNode) else [node]
    good, problems = [], []
    for item in items:
        values, lines, probs = read_record(item, specs, path, what)
        problems += probs
        if values is not None:
            good.append((values, lines))
    return good, problems


def read_emc(node: yaml.Node, path: str, profile: dict[str, Any]) -> tuple[Emc | None, list[Diagnostic]]:
    """A site's `emc:`: the script and tracker on a host the profile allows, its integrity pinned
    by the site (`integrity:`) or by the profile (`emc_integrity`)."""
    values, lines, problems = read_record(node, EMC, path, "emc snippet")
    if values is None:
        return None, problems
    allowed = tuple(profile.get("emc_hosts") or DEFAULT_EMC_HOSTS)
    script_host = f.host_of(values["script"])
    tracker = values.get("tracker") or f"https://{script_host}{EMC_TRACKER_PATH}"
    for key, address in (("script", values["script"]), ("tracker", tracker)):
        if f.host_of(address) not in allowed:
            problems.append(error(path, lines.get(key, lines.get("script", 1)), "url.host",
                                  f"`emc.{key}`: {address} is not on an EMC host the profile allows "
                                  f"({', '.join(allowed)}); use the address the EMC operator gives, or add "
                                  "its host to the profile's `emc_hosts`"))
    if problems:
        return None, problems
    integrity = values.get("integrity") or (profile.get("emc_integrity") or {}).get(values["script"], "")
    return Emc(values["script"], values["site_code"], tracker, integrity), problems


def language_problems(langs: list[str], allowed: list[str], profile_id: str, path: str, line: int
                      ) -> list[Diagnostic]:
    """A component site's editions must be among the profile's languages."""
    return [error(path, line, "lang.not-in-profile",
                  f"`{lang}` is not a language of profile {profile_id} ({', '.join(allowed)}); remove it "
                  "or use one of those") for lang in langs if lang not in allowed]


def read_site_records(values: dict[str, Any], path: str, profile: dict[str, Any]):
    """A site file's contact, menu entries and EMC snippet (YAML nodes in `values`), each key
    checked at its line: (contact, nav, emc, problems)."""
    problems: list[Diagnostic] = []
    contact: dict[str, str] = {}
    nav: tuple[NavLink, ...] = ()
    emc = None
    if "contact" in values:
        found, _, probs = read_record(values["contact"], CONTACT, path, "contact")
        problems += probs
        contact = found or {}
    if "nav" in values:
        entries, probs = read_records(values["nav"], NAV_LINK, path, "menu entry")
        problems += probs
        nav = tuple(NavLink(entry["title"], entry["url"]) for entry, _ in entries)
    if "emc" in values:
        emc, probs = read_emc(values["emc"], path, profile)
        problems += probs
    return contact, nav, emc, problems
