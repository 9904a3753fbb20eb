"""The profile's rules over loaded items and sites, beyond what a content type requires alone.

(The fields a profile requires of a type, `required_fields` and the `*_fields` lists, are read with
the item itself: ``model/profile_fields.py``, ``LoadSettings.required``.) These need the profile
and the items together, so they run on every build over the loaded documents (drafts too: one line
makes a draft public), never in the cached parse:

the rules a type declares (``ContentType.profile_checks``): a procedure is carried out on the
National Public Service Portal or the province's (``public_services_url``) → ``procedure.portal``
at its ``url``, at a level of local government the province has (since the two-tier reform of
1 July 2025 a profile without ``district`` in its ``tiers`` has no Cấp huyện) → ``procedure.level``
(``model/types/procedures.py``); a Công báo issue (``gazette``) is published only where the profile
publishes the Công báo (``congbao.mode: publish``) → ``gazette.not-published``
(``model/types/disclosures.py``, whose ``ContentType.unpublished`` says why `build.py new` refuses one).

And one over sites, for ``check``: each site carries the types its kind must carry
(``required_sections``) → ``site.section-missing``, a warning at the site file's ``kind:`` line.
It is the duty of the site's editorial board (000 Đ19.1, 001 Đ18.1, 003 Đ18.1), so it is checked
for the sites whose file records one (``board:``): a site without a board has nobody yet who
answers for its content, and approves nothing.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..core.diagnostics import Diagnostic, warning
from ..model.config import Config, Profile
from ..model.content_types import CONTENT_TYPES
from .documents import Document
from .index import ContentIndex


def item_problems(documents: list[Document], profile: Profile) -> list[Diagnostic]:
    """The rules each type declares under the profile (``ContentType.profile_checks``): where a procedure
    leads, which Công báo issues a profile publishes (taken-down items are never built: skipped)."""
    return [problem for doc in documents if doc.status != "removed"
            for check in CONTENT_TYPES[doc.type].profile_checks
            for problem in check(doc.values, doc.lines, doc.path, doc.lang, profile)]


def unpublished_type(profile: Profile, type_name: str) -> str | None:
    """Why the profile has no items of ``type_name`` on its sites (`build.py new` refuses to stub
    one, a build refuses one found: ``ContentType.unpublished``), or None."""
    why = CONTENT_TYPES[type_name].unpublished
    return why(profile) if why is not None else None


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
