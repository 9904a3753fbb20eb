"""The profile's rules over loaded items and sites, beyond what a content type requires alone.

(The fields a profile requires of a type, `required_fields` and the `*_fields` lists, are read with
the item itself: ``model/profile_fields.py``, ``LoadSettings.required``.) These need the profile
and the items together, so they run on every build over the loaded documents (drafts too: one line
makes a draft public), never in the cached parse:

- a procedure is carried out on the National Public Service Portal or the province's
  (``public_services_url``) → ``procedure.portal`` at its ``url``;
- a procedure is carried out at a level of local government the province has: the national
  database's "cấp thực hiện" is Cấp tỉnh, Cấp huyện or Cấp xã, and since the two-tier reform of
  1 July 2025 a profile without ``district`` in its ``tiers`` has no Cấp huyện → ``procedure.level``
  at its ``level`` (communes exist under every profile, even where ``tiers`` leaves their sites out);
- a Công báo issue (``gazette``) is published only where the profile publishes the Công báo
  (``congbao.mode: publish``) → ``gazette.not-published``.

And one over sites, for ``check``: each site carries the types its kind must carry
(``required_sections``) → ``site.section-missing``, a warning at the site file's ``kind:`` line.
It is the duty of the site's editorial board (000 Đ19.1, 001 Đ18.1, 003 Đ18.1), so it is checked
for the sites whose file records one (``board:``): a site without a board has nobody yet who
answers for its content, and approves nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..core import fields as f
from ..core.diagnostics import Diagnostic, error, warning
from ..model.config import Config, Profile
from ..model.content_types import CONTENT_TYPES
from .documents import Document
from .index import ContentIndex

NATIONAL_PUBLIC_SERVICES = "dichvucong.gov.vn"  # Cổng Dịch vụ công quốc gia


def _first_line(doc: Document) -> int:
    return min(doc.lines.values(), default=1)


def _on_public_service_portal(doc: Document, profile: Profile) -> list[Diagnostic]:
    provincial = f.host_of(profile.get("public_services_url") or "")
    allowed = [host for host in (NATIONAL_PUBLIC_SERVICES, provincial) if host]
    host = f.host_of(doc.values["url"])
    if any(host == a or host.endswith("." + a) for a in allowed):
        return []
    return [error(doc.path, doc.lines.get("url", 1), "procedure.portal",
                  f"`url` is on {host}; a procedure links where it is carried out, the National Public Service "
                  f"Portal ({NATIONAL_PUBLIC_SERVICES})"
                  + (f" or the province's ({provincial}, the profile's `public_services_url`)" if provincial else "")
                  + " (000/001 Đ5.1.c, 003 Đ4.7)")]


def unpublished_type(profile: Profile, type_name: str) -> str | None:
    """Why the profile has no items of ``type_name`` on its sites (`build.py new` refuses to stub
    one, a build refuses one found), or None: so far only the Công báo, where the profile links to
    it instead of publishing it."""
    congbao = profile.get("congbao") or {}
    if type_name != "gazette" or congbao.get("mode") == "publish":
        return None
    how = (f"links to the Công báo at {congbao['url']} instead of publishing it" if congbao.get("url")
           else "does not publish the Công báo on the portal")
    return f"profile {profile.id} {how} (`congbao.mode: {congbao.get('mode', '')}`), so its issues are not items here"


def _level_exists(doc: Document, profile: Profile) -> list[Diagnostic]:
    tiers = profile.get("tiers") or ()
    if doc.values["level"] != "district" or "district" in tiers:
        return []
    return [error(doc.path, doc.lines.get("level", 1), "procedure.level",
                  f"`level: district`, but profile {profile.id} has no district tier (`tiers: [{', '.join(tiers)}]`): "
                  "since 1 July 2025 procedures are carried out at province or commune level (Cấp tỉnh, Cấp xã "
                  "on the National Public Service Portal); write the level the procedure now has there")]


def _gazette_published(doc: Document, profile: Profile) -> list[Diagnostic]:
    why = unpublished_type(profile, doc.type)
    if why is None:
        return []
    return [error(doc.path, _first_line(doc), "gazette.not-published",
                  f"{why}; remove this file (every page links the Công báo)")]


def item_problems(documents: list[Document], profile: Profile) -> list[Diagnostic]:
    """Where a procedure leads and which Công báo issues a profile publishes (taken-down items are
    never built: skipped)."""
    out: list[Diagnostic] = []
    for doc in documents:
        if doc.status == "removed":
            continue
        if doc.type == "procedure":
            out += _on_public_service_portal(doc, profile) + _level_exists(doc, profile)
        elif doc.type == "gazette" and doc.lang == "vi":
            out += _gazette_published(doc, profile)
    return out


def _kind_line(root: Path, site_path: str) -> int:
    try:
        lines = (root / site_path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if re.match(r"kind\s*:", line)), 1)


def section_problems(config: Config, index: ContentIndex) -> list[Diagnostic]:
    """Sites with a board and without a published item of a type their kind must carry."""
    profile = config.province.profile
    required = profile.get("required_sections") or {}
    out = []
    for site in config.sites.values():
        if site.board is None:
            continue
        for type_name in required.get(site.kind, ()):
            if index.items(site.id, "vi", type_name):
                continue
            ctype = CONTENT_TYPES[type_name]
            out.append(warning(site.path, _kind_line(config.root, site.path), "site.section-missing",
                               f"no published {ctype.label[0]} (`{type_name}`): profile {profile.id} requires "
                               f"every {site.kind} site to carry it (`required_sections`); add one under "
                               f"content/{site.id}/{type_name}/"))
    return out
