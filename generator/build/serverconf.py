"""The web server's configuration, generated with the sites: nginx, complete, one file to include.

Written outside every host folder (deployed to DEPLOY_SERVER_PATH, docs/workflow.md)::

    public/_server/nginx/sites.conf      include inside `http { }`: every host's HTTPS server on IPv4 and
                                         IPv6, the portal's aliases (www.) redirected to it, http:// to https://
    public/_server/nginx/<host>.conf     the inside of one host's server block (sites.conf has it inline), for
                                         a server block written by hand: security headers, error pages,
                                         410 Gone for every taken-down address

Two things are the operator's, set in nginx and never in these files: where the host folders are
(``$congtt_www``, a ``map`` in ``http { }``) and each host's certificate
(``congtt-tls/<host>/fullchain.pem`` and ``privkey.pem``, relative to nginx's own folder).

Nothing from content reaches a directive unquoted: host names are checked (``host_problems``, before
the build renders anything) and every path is percent-decoded, checked and written as an nginx string
(``nginx_string``), so no file name can end a ``location`` or add one.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

from ..core.diagnostics import Diagnostic, error
from ..model.config import PROFILES_DIR, Config, SiteConfig
from .gone import GONE_LIST, SERVER_DIR, split

HTTPS_PORT, HTTP_PORT = 443, 80
WWW = "$congtt_www"                  # the operator's map: the folder that holds one folder per host
TLS_DIR = "congtt-tls"               # relative to nginx's folder (/etc/nginx/congtt-tls/<host>/)
HSTS = "max-age=31536000; includeSubDomains"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_ESCAPES = {ord("\\"): b"\\\\", ord('"'): b'\\"', ord("\n"): b"\\n", ord("\r"): b"\\r", ord("\t"): b"\\t"}


def is_host(name: str) -> bool:
    """A lowercase DNS name: nothing that nginx would read as syntax or a variable (`$`)."""
    return len(name) <= 253 and _HOST.fullmatch(name) is not None


def checked_host(name: str) -> str:
    if not is_host(name):
        raise ValueError(f"not a host name: {name!r}")  # host_problems stops the build before this
    return name


def nginx_string(value: bytes | str) -> str:
    """``value`` as one double-quoted nginx string: ``\\``, ``"`` and line breaks escaped the way nginx
    reads them back, so ``;``, ``{``, ``}``, ``#`` and spaces stay inside. Not for directives that expand
    variables (there ``$`` has no escape): only ``location`` and checked hosts go through here."""
    raw = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
    return '"' + b"".join(_ESCAPES.get(b, bytes((b,))) for b in raw).decode("utf-8", "surrogateescape") + '"'


def location_path(url_path: str) -> bytes:
    """The path nginx compares a ``location =`` with: percent-decoded, as nginx decodes the request.

    Only what a built file can be: absolute, no NUL, no empty, ``.`` or ``..`` part (nginx merges and
    resolves those in the request, so such a location would never match)."""
    raw = unquote_to_bytes(url_path)
    parts = raw.split(b"/")
    if not raw.startswith(b"/") or b"\0" in raw or any(p in (b"", b".", b"..") for p in parts[1:-1]) \
            or parts[-1] in (b".", b".."):
        raise ValueError(f"not the path of a built file: {url_path!r}")
    return raw


def _origin(url: object) -> str | None:
    """``https://host[:port]`` of an absolute (or scheme-relative) http(s) URL; None when it has none.
    http becomes https: pages ask browsers to upgrade every request (upgrade-insecure-requests)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(url.strip())
    host = parts.hostname or ""
    if parts.scheme not in ("", "http", "https") or not is_host(host):
        return None
    try:
        port = parts.port
    except ValueError:
        return None
    return f"https://{host}" + (f":{port}" if port and port != HTTPS_PORT else "")


def _emc_origin(site: SiteConfig) -> str | None:
    """The host of the site's EMC script (sites/<id>.yaml `emc: {script: URL, …}`), read as a mapping or
    an object with ``script`` (or ``src``)."""
    emc = site.emc
    if emc is None:
        return None
    get = emc.get if isinstance(emc, dict) else (lambda key: getattr(emc, key, None))
    return _origin(get("script") or get("src"))


def _sites_on(config: Config, host: str) -> list[SiteConfig]:
    return [s for s in config.sites.values() if any(e.host == host for e in s.editions)]


def content_security_policy(config: Config, host: str) -> str:
    """Only this host's own scripts and the site's EMC script; fetches to this host (the search index
    too: the portal's holds every site's items) and EMC; no plugins, no framing by others, forms to this host (or the site's intake)."""
    sites = _sites_on(config, host)
    emc = sorted({o for s in sites if (o := _emc_origin(s))})
    intake = sorted({o for s in sites if (o := _origin(s.intake))})
    connect = emc + intake
    return "; ".join(" ".join(part) for part in [
        ["default-src", "'self'"], ["script-src", "'self'", *emc], ["img-src", "'self'", "data:", "https:"],
        ["connect-src", "'self'", *dict.fromkeys(connect)], ["object-src", "'none'"], ["base-uri", "'self'"],
        ["form-action", "'self'", *intake], ["frame-ancestors", "'self'"], ["upgrade-insecure-requests"]])


def security_headers(config: Config, host: str) -> list[str]:
    """``add_header`` lines for every response of ``host`` (``always``: errors and 410 too)."""
    headers = [("Content-Security-Policy", content_security_policy(config, host)),
               ("Strict-Transport-Security", HSTS), ("X-Content-Type-Options", "nosniff"),
               ("Referrer-Policy", "strict-origin-when-cross-origin"), ("X-Frame-Options", "SAMEORIGIN")]
    return [f"add_header {name} {nginx_string(value)} always;" for name, value in headers]


def _literal(path: str) -> str:
    """A path of the build's own (``en/search/``) inside a regular expression: it has no special character."""
    if not re.fullmatch(r"[a-z0-9/-]*", path):
        raise ValueError(f"not a path of the build's own: {path!r}")
    return path


def host_body(config: Config, host: str, gone_paths: list[str]) -> str:
    """The inside of ``host``'s server block: headers, error pages, 410 for ``gone_paths``
    (paths as gone.txt has them, percent-encoded)."""
    editions = sorted((e for s in _sites_on(config, host) for e in s.editions if e.host == host),
                      key=lambda e: (-len(e.root_path), e.root_path))  # the longest root first: /en/ before /
    headers = security_headers(config, checked_host(host))
    lines = [f"# congtt: {host}. Generated by the build (docs/workflow.md, section 5); do not edit.",
             "# nginx drops every inherited add_header in a location that adds one: such locations repeat them.",
             *headers, f"error_page 404 {editions[-1].root_path if editions else '/'}404.html;"]
    for edition in editions[:-1]:  # a language below the host's root (/en/) has its own 404 page
        lines.append(f"location {nginx_string(edition.root_path)} {{ error_page 404 {edition.root_path}404.html; }}")
    if gone_paths:
        lines.append("# Taken down (build.py takedown): 410 Gone, exact addresses only, with the edition's page.")
    for path in sorted(gone_paths):
        raw = location_path(path)
        variants = [raw, raw + b"index.html", raw.rstrip(b"/")] if raw.endswith(b"/") and raw != b"/" else [raw]
        page = next((e.root_path for e in editions if raw.startswith(e.root_path.encode())), "/") + "410.html"
        lines += [f"location = {nginx_string(v)} {{ error_page 410 {page}; return 410; }}" for v in variants]
    return "\n".join(lines) + "\n"


def _server(listen: int, ssl: bool, names: list[str], body: list[str]) -> list[str]:
    suffix = " ssl" if ssl else ""
    return ["server {", f"    listen {listen}{suffix};", f"    listen [::]:{listen}{suffix};",
            f"    server_name {' '.join(map(checked_host, names))};",
            *(f"    {line}" if line else "" for line in body), "}", ""]


def _tls(host: str) -> list[str]:
    return [f"ssl_certificate {TLS_DIR}/{host}/fullchain.pem;", f"ssl_certificate_key {TLS_DIR}/{host}/privkey.pem;"]


def portal_aliases(config: Config) -> list[str]:
    """The profile's ``host_aliases`` (``www.{domain}``) as hosts, the portal's own host left out."""
    domain, portal = config.province.domain, config.portal.host
    names = []
    for pattern in config.province.profile.get("host_aliases") or ():
        try:
            name = str(pattern).format(domain=domain)
        except (KeyError, IndexError, ValueError):
            name = str(pattern)  # reported by host_problems
        if name != portal and name not in names:
            names.append(name)
    return names


def hosts_of(config: Config) -> list[str]:
    return sorted({e.host for s in config.sites.values() for e in s.editions})


def sites_conf(config: Config, bodies: dict[str, str]) -> str:
    portal, aliases = config.portal.host, portal_aliases(config)
    out = ["# congtt: every host of the province. Generated by the build; do not edit. Include it inside",
           "# `http { }`, after the two settings that are the server's (docs/workflow.md, section 5):",
           "#   map $host $congtt_www { default /srv/congtt/www; }   where the host folders are (DEPLOY_PATH)",
           f"#   /etc/nginx/{TLS_DIR}/<host>/fullchain.pem, privkey.pem   each host's certificate", ""]
    for host in hosts_of(config):
        body = [*_tls(host), f"root {WWW}/{host};", "", *bodies[host].rstrip("\n").split("\n")]
        out += _server(HTTPS_PORT, True, [host], body)
    if aliases:
        out += [f"# The portal's other names: one redirect to {portal} (its certificate names them too)."]
        out += _server(HTTPS_PORT, True, aliases, [*_tls(portal), f"add_header Strict-Transport-Security "
                                                   f"{nginx_string(HSTS)} always;",
                                                   f"return 301 https://{portal}$request_uri;"])
    out += ["# http:// to https://, on the canonical host."]
    for host in hosts_of(config):
        names = [host, *aliases] if host == portal else [host]
        out += _server(HTTP_PORT, False, names, [f"return 301 https://{host}$request_uri;"])
    return "\n".join(out)


def server_files(config: Config, urls: tuple[str, ...]) -> list[tuple[str, bytes]]:
    """``_server/gone.txt``, ``_server/nginx/sites.conf`` and one ``_server/nginx/<host>.conf`` per host
    (every host, so an include never fails)."""
    by_host: dict[str, list[str]] = {}
    for url in urls:
        host, path = split(url)
        by_host.setdefault(host, []).append(path)
    bodies = {host: host_body(config, host, by_host.get(host, [])) for host in hosts_of(config)}
    files = [(GONE_LIST, "".join(u + "\n" for u in urls).encode())]
    files += [(f"{SERVER_DIR}/nginx/{host}.conf", body.encode("utf-8", "surrogateescape"))
              for host, body in bodies.items()]
    sites = sites_conf(config, bodies)
    files.append((f"{SERVER_DIR}/nginx/sites.conf", sites.encode("utf-8", "surrogateescape")))
    return files


def _key_line(path: Path, key: str) -> int | None:
    """The line of a top-level ``key:`` in a YAML file, if it is there."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(rf"^{key}\s*:", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else None


def host_problems(config: Config) -> list[Diagnostic]:
    """Every host and alias must be a lowercase DNS name: it goes into the server configuration."""
    name = f"{config.province.profile.id}.yaml"
    own = config.root / "profiles" / name
    profile, profile_rel = (own, f"profiles/{name}") if own.is_file() else (PROFILES_DIR / name,
                                                                              f"generator/profiles/{name}")
    line = _key_line(config.root / "sites" / "_province.yaml", "domain")
    where = ("sites/_province.yaml", line) if line else (profile_rel, _key_line(profile, "domain") or 1)
    bad = sorted((h for h in hosts_of(config) if not is_host(h)), key=lambda h: h != config.portal.host)
    if bad:  # all from `domain` (slugs are checked): said once
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        return [error(*where, "server.host", f"host `{bad[0]}`{more} is not a lowercase DNS name (letters a-z, "
                      "digits, hyphens, dots): it goes into the web server's configuration; correct `domain`")]
    aliases = portal_aliases(config)
    return [error(profile_rel, _key_line(profile, "host_aliases") or 1, "server.host",
                  f"alias `{alias}` is not a lowercase DNS name; write patterns like `www.{{domain}}`")
            for alias in aliases if not is_host(alias)] + [
        error(site.path, _key_line(config.root / site.path, "slug") or 1, "site.host-collision",
              f"host {edition.host} is the portal's alias (the profile's `host_aliases`: it redirects to the "
              "portal), so the site could not be reached; give the site a different slug")
        for site in config.sites.values() for edition in site.editions if edition.host in aliases]
