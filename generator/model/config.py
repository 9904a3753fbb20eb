"""Load the province, its profile and its sites into frozen configuration.

``sites/_province.yaml`` names the profile; ``generator/profiles/<name>.yaml``
(or ``profiles/<name>.yaml`` in the content repository) holds the province's
rules; ``sites/<id>.yaml`` describes one site. Hosts and editions are worked
out here from the profile's patterns, so nothing province-specific is in code.

Everything that becomes part of an output path or a page is typed here: the domain and every
host a pattern gives are host names, language codes are ISO 639-1 codes the profile allows,
links, contacts and the EMC snippet have the shapes of ``site_fields``. ``sites/`` and a repository's
``profiles/`` that are symbolic links, or a site file, profile, calendar or logo that is one or is reached
through one, are refused (``config.symlink``) and not read: a change to a site is a change to its own file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import fields as f
from ..core.diagnostics import Diagnostic, error
from ..core.links import symlink_error
from ..core.textcheck import is_ascii_slug, not_nfc_errors
from ..core.workdays import WorkCalendar
from ..core.yamlsource import Spec, compose, read_mapping
from . import site_fields as sf
from .board import Board, check_profile_roles, read_board
from .calendar_config import load_calendar
from .identity import DEFAULT_THEME, BrandImage, read_identity
from .profile_keys import PROFILE_KEYS
from .site_fields import SITE_KINDS, Emc, NavLink, SocialLink

PROFILES_DIR = Path(__file__).resolve().parents[1] / "profiles"

_KIND_COERCERS = {"text": f.text, "date": f.date, "bool": f.boolean, "int": f.integer,
                  "list": f.anything, "map": f.mapping, "any": f.anything}


@dataclass(frozen=True)
class Profile:
    id: str
    data: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True)
class Edition:
    """One language edition of a site: where it lives and what it is called."""
    lang: str
    base_url: str   # https://english.langson.gov.vn/ or https://thainguyen.gov.vn/en/
    out_dir: str    # english.langson.gov.vn or thainguyen.gov.vn/en

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    @property
    def host(self) -> str:
        return self.out_dir.split("/", 1)[0]

    @property
    def root_path(self) -> str:
        """The edition's path on its host: "/" or "/en/"."""
        return self.base_url[len("https://") + len(self.host):]


@dataclass(frozen=True)
class SiteConfig:
    id: str
    path: str
    kind: str
    slug: str
    host: str
    name: dict[str, str]
    editions: tuple[Edition, ...]
    parent: str | None = None
    description: dict[str, str] = field(default_factory=dict)
    contact: dict[str, str] = field(default_factory=dict)
    board: Board | None = None
    emc: Emc | None = None
    intake: str | None = None
    nav: tuple[NavLink, ...] = ()
    order: int = 1000
    governing_agency: dict[str, str] = field(default_factory=dict)  # else derived: model/site_names.py
    logo: BrandImage | None = None     # its own, else the province file's (model/identity.py)
    banner: BrandImage | None = None
    theme: dict[str, str] = field(default_factory=dict)  # the profile's colours with the site's own over them

    def edition(self, lang: str) -> Edition | None:
        return next((e for e in self.editions if e.lang == lang), None)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(e.lang for e in self.editions)


@dataclass(frozen=True)
class Province:
    profile: Profile
    domain: str
    name: dict[str, str]
    governing_agency: dict[str, str]
    contact: dict[str, str]
    social: tuple[SocialLink, ...]
    sample: bool
    imported_before: dt.datetime | None = None  # content first committed before it came from an earlier portal
    calendar: WorkCalendar = WorkCalendar()  # the profile's, with sites/_calendar.yaml
    logo: BrandImage | None = None    # every site's, unless its file names its own
    banner: BrandImage | None = None


@dataclass(frozen=True)
class Config:
    root: Path
    province: Province
    sites: dict[str, SiteConfig]  # in a stable order: portal first, then by kind, order, id
    # the sites whose file has errors (said there): not built, and their items not read (nor said to be
    # of no site)
    unbuilt: frozenset[str] = frozenset()

    @property
    def portal(self) -> SiteConfig:
        return next(s for s in self.sites.values() if s.kind == "portal")


def _node(node):
    """Keep the YAML node: boards, contacts, links and the EMC snippet are read with their own lines."""
    return node


PROVINCE_REL = "sites/_province.yaml"
PROVINCE_SPECS = (
    Spec("profile", f.text, True), Spec("domain", f.host_name), Spec("name", f.localized, True),
    Spec("governing_agency", f.localized, True), Spec("contact", _node, text_like=False),
    Spec("social", _node, text_like=False), Spec("sample", f.boolean), Spec("imported_before", f.datetime),
    Spec("logo", _node), Spec("banner", _node),
)

SITE_SPECS = (
    Spec("kind", f.enum(*SITE_KINDS), True), Spec("slug", f.text), Spec("parent", f.text),
    Spec("name", f.localized, True), Spec("description", f.localized),
    Spec("contact", _node, text_like=False), Spec("languages", sf.languages),
    Spec("board", _node, text_like=False), Spec("emc", _node, text_like=False),
    Spec("intake", f.https_url), Spec("nav", _node, text_like=False), Spec("order", f.integer),
    Spec("governing_agency", f.localized),
    Spec("logo", _node), Spec("banner", _node), Spec("theme", _node, text_like=False),
)


def _symlink(path: Path, rel: str) -> list[Diagnostic]:
    """A configuration file or folder must be a plain one where it is, not a link to one elsewhere."""
    return [symlink_error(path, rel, "config.symlink")] if path.is_symlink() else []


def _read_yaml_file(path: Path, rel: str, specs, what: str):
    linked = _symlink(path, rel)
    if linked:
        return {}, {}, linked
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return {}, {}, [error(rel, 1, "text.encoding", "is not UTF-8; save it as UTF-8")]
    node, problems = compose(text, rel)
    if problems:
        return {}, {}, problems
    return read_mapping(node, specs, rel, what=what)


def load_profile(name: str, root: Path, line: int = 1) -> tuple[Profile | None, list[Diagnostic]]:
    """A profile from the content repository's profiles/ or the built-in ones (``line``: where the
    province file names it). A profiles/ that is a link is refused, whichever profile is named."""
    linked = _symlink(root / "profiles", "profiles")
    if linked:
        return None, linked
    if not is_ascii_slug(name):  # (a path such as ../../x would be read from outside profiles/)
        return None, [error(PROVINCE_REL, line, "profile.name",
                            f"`{f.shown(name)}` is not a profile's name: lowercase ASCII letters, digits and "
                            "hyphens, as the file profiles/<name>.yaml is named (e.g. langson-2025)")]
    for folder in (root / "profiles", PROFILES_DIR):
        path = folder / f"{name}.yaml"
        if path.is_file():
            rel = str(path.relative_to(root)) if path.is_relative_to(root) else f"generator/profiles/{path.name}"
            specs = [Spec(k.name, k.check or _KIND_COERCERS[k.kind], k.required, text_like=k.kind == "text")
                     for k in PROFILE_KEYS]
            values, _, problems = _read_yaml_file(path, rel, specs, "profile")
            if not problems and values.get("id") != name:
                problems.append(error(rel, 1, "profile.id", f"`id` must be `{name}`, the file's name"))
            if not problems:
                problems += check_profile_roles(values, rel)
            return (None if problems else Profile(name, values)), problems
    known = sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))
    return None, [error("sites/_province.yaml", line, "profile.unknown",
                        f"no profile `{name}` in profiles/{name}.yaml or among the built-in ones "
                        f"({', '.join(known)}); a province's own profile goes in profiles/<name>.yaml")]


def _other_provinces_profile(profile: Profile, domain: str, line: int) -> Diagnostic:
    """A profile is one province's regulation: its texts name that province (the portal's official name,
    hotline, reuse lines, public-service portal, Q&A contacts), which would be published under ``domain``."""
    return error(PROVINCE_REL, line, "profile.other-province",
                 f"`domain: {domain}` is not the domain of profile `{profile.id}` ({profile.get('domain')}), whose "
                 "texts (official_name, footer_hotline, reuse_lines, public_services_url, contact, qa) name that "
                 f"province and would be published under {domain}; copy the profile to profiles/<name>.yaml, "
                 f"set its id to <name>, its domain to {domain} and those texts to the province's own, and write "
                 "`profile: <name>` here (then leave `domain:` out)")


def _host(pattern: str, **values: str) -> str:
    """A host pattern filled in; a placeholder it has no value for stays, and fails as a host name."""
    return sf.PLACEHOLDERS.sub(lambda m: values.get(m[1], m[0]), pattern)


def _editions(kind: str, host: str, languages: list[str], profile: Profile, domain: str) -> tuple[Edition, ...]:
    out = []
    for lang in languages:
        if lang == "vi":
            out.append(Edition("vi", f"https://{host}/", host))
        elif kind == "portal" and profile.get("edition_scheme") == "subdomain":
            pattern = (profile.get("edition_hosts") or {}).get(lang, f"{lang}.{{domain}}")
            ehost = _host(pattern, domain=domain)
            out.append(Edition(lang, f"https://{ehost}/", ehost))
        else:
            out.append(Edition(lang, f"https://{host}/{lang}/", f"{host}/{lang}"))
    return tuple(out)


def load_config(root: Path) -> tuple[Config | None, list[Diagnostic]]:
    """The province, its profile and its sites, and every problem of their files."""
    config, problems = _load_config(root)
    return config, problems + _nfc_problems(root)


def _nfc_problems(root: Path) -> list[Diagnostic]:
    """Text of the site files and the repository's profiles that is not NFC (TCVN 6909), as in content:
    their names, contacts and texts are published."""
    out = []
    for folder in ("sites", "profiles"):
        plain = (root / folder).is_dir() and not (root / folder).is_symlink()  # (a link: refused, not read)
        for path in sorted((root / folder).glob("*.yaml")) if plain else ():
            try:
                text = path.read_text(encoding="utf-8") if not path.is_symlink() else ""
            except (OSError, UnicodeDecodeError):  # (said where the file is read)
                continue
            out += not_nfc_errors(f"{folder}/{path.name}", text)
    return out


def _load_config(root: Path) -> tuple[Config | None, list[Diagnostic]]:
    problems: list[Diagnostic] = []
    sites_dir = root / "sites"
    linked = _symlink(sites_dir, "sites")
    if linked:
        return None, linked
    province_path = sites_dir / "_province.yaml"
    if not province_path.is_file() and not province_path.is_symlink():  # (a link: config.symlink)
        return None, [error("sites/_province.yaml", 1, "config.missing",
                            "no province file; create sites/_province.yaml with `profile:` and `name:`")]
    pv, pv_lines, probs = _read_yaml_file(province_path, PROVINCE_REL, PROVINCE_SPECS, "province file")
    problems += probs
    if "profile" not in pv:
        return None, problems
    profile, probs = load_profile(pv["profile"], root, pv_lines.get("profile", 1))
    problems += probs
    if profile is None:
        return None, problems
    domain = pv.get("domain") or profile.get("domain")
    if domain != profile.get("domain"):
        problems.append(_other_provinces_profile(profile, domain, pv_lines.get("domain", 1)))
    own_contact, _, probs = sf.read_record(pv["contact"], sf.CONTACT, PROVINCE_REL, "contact") \
        if "contact" in pv else ({}, {}, [])
    problems += probs
    social, probs = sf.read_records(pv["social"], sf.SOCIAL_LINK, PROVINCE_REL, "social link") \
        if "social" in pv else ([], [])
    problems += probs
    contact = {**(profile.get("contact") or {}), **(own_contact or {})}
    calendar, probs = load_calendar(root, profile.get("calendar") or {})
    problems += probs
    base_theme = {**DEFAULT_THEME, **(profile.get("theme") or {})}
    logo, banner, _, probs = read_identity(pv, PROVINCE_REL, sites_dir, base_theme)
    problems += probs
    province = Province(profile, domain, pv.get("name", {"vi": domain}), pv.get("governing_agency", {}),
                        contact, tuple(SocialLink(v["name"], v["url"]) for v, _ in social),
                        bool(pv.get("sample", False)), pv.get("imported_before"), calendar, logo, banner)

    raw: dict[str, tuple[str, dict, dict]] = {}
    unbuilt: dict[str, str | None] = {}  # site id → the kind its file gives, where it has errors
    for path in sorted(sites_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        rel = f"sites/{path.name}"
        values, lines, probs = _read_yaml_file(path, rel, SITE_SPECS, "site file")
        problems += probs
        if probs and any(p.severity == "error" for p in probs):
            unbuilt[path.stem] = values.get("kind")
            continue
        if not is_ascii_slug(path.stem):
            problems.append(error(rel, 1, "site.id", f"site file name `{path.stem}` must be lowercase "
                                  "ASCII letters, digits and hyphens (it is the site's id)"))
            unbuilt[path.stem] = values.get("kind")
            continue
        raw[path.stem] = (rel, values, lines)

    portals = [sid for sid, (_, v, _) in raw.items() if v["kind"] == "portal"]
    if not portals and "portal" in unbuilt.values():  # its file's errors are said: no site to build beside it
        return None, problems
    if len(portals) != 1:
        where = ", ".join(raw[s][0] for s in portals) or "sites/"
        problems.append(error(where.split(", ")[0] if portals else "sites/_province.yaml", 1, "site.portal",
                              f"there must be exactly one site of kind portal; found {len(portals)} ({where})"))
        return None, problems

    patterns = profile.get("host_patterns") or {}
    hosts: dict[str, str] = {}

    def resolve(sid: str, seen: tuple = ()) -> str | None:
        if sid in hosts:
            return hosts[sid]
        rel, v, lines = raw[sid]
        kind = v["kind"]
        slug = v.get("slug", "")
        pattern = patterns.get(kind)
        if pattern is None:
            allowed = ", ".join(k for k in patterns)
            problems.append(error(rel, lines.get("kind", 1), "site.kind",
                                  f"profile {profile.id} has no sites of kind `{kind}`; allowed: {allowed}"))
            return None
        if (kind != "portal" or "slug" in v) and not (is_ascii_slug(slug) and f.is_host_label(slug)):
            problems.append(error(rel, lines.get("slug", 1), "site.slug",
                                  f"slug `{slug}` must be lowercase ASCII without diacritics, at most 63 "
                                  "characters (e.g. sokhcn), it becomes the host name" if "slug" in v else
                                  f"a {kind} site needs `slug:`, the first part of its host name (e.g. `slug: "
                                  f"{Path(rel).stem}`): lowercase ASCII without diacritics"))
            return None
        parent_host = ""
        if "{parent_host}" in pattern:
            parent = v.get("parent")
            if not parent or parent not in raw or parent in seen:
                problems.append(error(rel, lines.get("parent", lines.get("kind", 1)), "site.parent",
                                      f"a {kind} site under profile {profile.id} needs `parent:` naming "
                                      "an existing site file"))
                return None
            parent_host = resolve(parent, seen + (sid,))
            if parent_host is None:
                return None
        host = _host(pattern, slug=slug, domain=domain, parent_host=parent_host)
        if not f.is_host_name(host):
            problems.append(error(rel, lines.get("slug", lines.get("kind", 1)), "host.invalid",
                                  f"profile {profile.id}'s pattern `{pattern}` gives `{host}` for this "
                                  f"{kind} site, which is not a host name; correct the pattern or the slug"))
            return None
        hosts[sid] = host
        return host

    for sid in raw:
        resolve(sid)

    if portals[0] not in hosts:  # its file's error is said; no site is built without the portal
        return None, problems
    owner: dict[str, str] = {}
    sites: list[SiteConfig] = []
    # the portal first: its hosts are its own, and a site claiming one of them is the one not built
    for sid, (rel, v, lines) in sorted(raw.items(), key=lambda entry: entry[0] != portals[0]):
        host = hosts.get(sid)
        if host is None:
            continue
        kind = v["kind"]
        board = None
        if "board" in v:
            board, probs = read_board(v["board"], sid, rel)
            problems += probs
        langs = list(profile.get("languages") or ["vi"]) if kind == "portal" else list(v.get("languages", ["vi"]))
        problems += sf.language_problems(langs, list(profile.get("languages") or ["vi"]), profile.id, rel,
                                         lines.get("languages", 1))
        contact, nav, emc, probs = sf.read_site_records(v, rel, profile.data)
        problems += probs
        logo, banner, theme, probs = read_identity(v, rel, sites_dir, base_theme)
        problems += probs
        site = SiteConfig(
            id=sid, path=rel, kind=kind, slug=v.get("slug", ""), host=host, name=v["name"],
            editions=_editions(kind, host, langs, profile, domain), parent=v.get("parent"),
            description=v.get("description", {}), contact=contact, board=board,
            emc=emc, intake=v.get("intake"), nav=nav, order=v.get("order", 1000),
            governing_agency=v.get("governing_agency", {}),
            logo=logo or province.logo, banner=banner or province.banner,
            theme={**(profile.get("theme") or {}), **theme},
        )
        problems += [error(rel, lines.get("kind", 1), "host.invalid",
                           f"the {e.lang} edition's host `{e.host}` (profile {profile.id}'s `edition_hosts`) "
                           "is not a host name; correct the profile's pattern")
                     for e in site.editions if not f.is_host_name(e.host)]
        taken = [e.out_dir for e in site.editions if e.out_dir in owner]
        if taken:  # not built beside the site that has the host: each of its pages would collide too
            problems.append(error(rel, lines.get("slug", 1), "site.host-collision",
                                  f"host {taken[0]} is also claimed by {owner[taken[0]]}; give one a "
                                  "different slug (departments and communes share one namespace)"))
            if kind != "portal":  # (the portal is built whatever: every site links to it)
                unbuilt[sid] = kind
                continue
        owner.update((e.out_dir, rel) for e in site.editions if e.out_dir not in owner)
        sites.append(site)
    kind_rank = {k: i for i, k in enumerate(SITE_KINDS)}
    sites.sort(key=lambda s: (kind_rank[s.kind], s.order, s.id))
    return Config(root, province, {s.id: s for s in sites}, frozenset(unbuilt) | (set(raw) - set(hosts))), problems
