"""Walk ``content/`` and say what each Markdown file is, from its path alone.

``content/<site>/<type>/[<yyyy>/]<slug>[.<lang>].md`` → ``SourceFile``. Files
that are not Markdown are attachments and are left to the items naming them.

A symbolic link in ``content/`` (an item, or a folder) or among the repository's
``layouts/`` is an error and is never followed: what a site publishes is the files
in its own folder, so only a change to that folder, approved by its board, can
change it (CODEOWNERS owns paths, not what a link points to).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import Diagnostic, error
from ..core.links import symlink_error
from ..core.textcheck import is_ascii_slug, slugify_vi
from ..model.config import Config
from ..model.content_types import CONTENT_TYPES

# Names of the pages that live below a type's folder (plan.py: pagination, legal fields, the lookup;
# kinds.py: a type's kinds; Q&A by state), in every language: an item may not take one as its slug.
RESERVED_SLUGS = frozenset({"trang", "page", "linh-vuc", "fields", "tra-cuu", "lookup", "tinh-trang", "status", "loai",
                            "kinds"})


@dataclass(frozen=True)
class SourceFile:
    rel: str          # content/sokhcn/news/2025/abc.md, always with forward slashes
    site: str
    type: str
    slug: str
    lang: str

    @property
    def item_id(self) -> str:
        return f"{self.site}/{self.type}/{self.slug}"


@dataclass
class ContentWalk:
    """One walk of ``content/``: its Markdown files as ``discover`` takes them (paths from the repository,
    ``content/…``, forward slashes, folder by folder; none below a folder whose name starts with a dot),
    the symbolic links met on the way (not followed), and, when asked for, what ``stat`` gave each file
    and folder under ``content/`` and ``audit/``, by path, in the walk's order (the build's input stamp,
    then the kept items' check of their files: memo.input_stamp, kept_items.KeptItems.unchanged)."""
    markdown: list[str]
    links: list[Path]
    stats: dict[str, os.stat_result] | None = None


def walk_content(root: Path, stats: bool = False) -> ContentWalk:
    """``content/`` walked once (``audit/`` too, with ``stats``). Read with ``os.scandir``: whether an
    entry is a link comes with its name, so ten thousand items cost a few hundred folder reads, and a
    system call each only with ``stats``."""
    walk = ContentWalk([], [], {} if stats else None)
    _walk(walk, os.path.join(root, "content"), "content", False)
    if stats:
        _walk(walk, os.path.join(root, "audit"), "audit", True)
    return walk


def _walk(walk: ContentWalk, folder: str, rel: str, hidden: bool) -> None:
    """One folder: its entries' stats, then its links to folders, its Markdown files (and links to
    files) and its folders, sorted; ``hidden``: below a dot folder (or in audit/): stats only."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:  # a folder that cannot be listed is passed over, as os.walk does
        return
    stats = walk.stats
    below = []
    for entry in entries:
        if stats is not None:
            try:
                stats[f"{rel}/{entry.name}"] = entry.stat()
            except OSError:  # a link to nothing
                pass
        if entry.is_dir():  # (a link to a folder too, as os.walk lists it)
            if entry.is_symlink():
                if not hidden:
                    walk.links.append(Path(entry.path))
            elif stats is not None or not entry.name.startswith("."):
                below.append(entry)
    if not hidden:
        for entry in entries:
            if not entry.is_dir() and entry.name.endswith(".md"):
                if entry.is_symlink():
                    walk.links.append(Path(entry.path))
                else:
                    walk.markdown.append(f"{rel}/{entry.name}")
    for entry in below:
        _walk(walk, entry.path, f"{rel}/{entry.name}", hidden or entry.name.startswith("."))


def _link_problem(path: Path, root: Path, code: str, what: str) -> Diagnostic:
    return symlink_error(path, path.relative_to(root).as_posix(), code, what)


def layout_links(root: Path) -> list[Diagnostic]:
    """Symbolic links among the repository's layout overrides: a link would let a change elsewhere
    (another site's folder) alter the templates or assets of every site."""
    layouts = root / "layouts"
    if layouts.is_symlink():
        return [_link_problem(layouts, root, "layout.symlink", "put the layouts themselves in layouts/")]
    problems = []
    for folder, dirs, files in os.walk(layouts):
        here = Path(folder)
        for name in sorted(dirs + files):
            if (here / name).is_symlink():
                problems.append(_link_problem(here / name, root, "layout.symlink",
                                              "put the file itself here; layouts/ holds no links"))
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
    return problems


_YEAR = re.compile(r"\d{4}")
_TRANSLATION = re.compile(r"(.+)\.([a-z]{2})")  # slug.en.md


def discover(config: Config, walk: ContentWalk | None = None) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Every item's file and what its path says it is; ``walk``: content/ as this build walked it already."""
    content = config.root / "content"
    sources: list[SourceFile] = []
    problems: list[Diagnostic] = layout_links(config.root)
    if content.is_symlink():
        return sources, problems + [_link_problem(content, config.root, "content.symlink",
                                                  "content/ must be a folder of the repository")]
    if not content.is_dir():
        return sources, problems
    walk = walk if walk is not None else walk_content(config.root)
    found, links = walk.markdown, walk.links
    problems += [_link_problem(link, config.root, "content.symlink",
                               "put the file or folder itself here (a site's items are the files in its own "
                               "folder; a link is not followed)") for link in links]
    languages = {site_id: frozenset(site.languages) for site_id, site in config.sites.items()}
    for rel in found:
        parts = rel.split("/")[1:]
        if len(parts) < 3:
            problems.append(error(rel, 1, "content.path", "items live at content/<site>/<type>/<yyyy>/<slug>.md"))
            continue
        site_id, type_name, name = parts[0], parts[1], parts[-1]
        site = config.sites.get(site_id)
        if site is None and site_id in config.unbuilt:  # its site file has errors, said there
            continue
        if site is None:
            problems.append(error(rel, 1, "content.site",
                                  f"no site `{site_id}`; create sites/{site_id}.yaml or move the file"))
            continue
        ctype = CONTENT_TYPES.get(type_name)
        if ctype is None:
            problems.append(error(rel, 1, "content.type",
                                  f"unknown content type folder `{type_name}`; use one of: "
                                  f"{', '.join(CONTENT_TYPES)}"))
            continue
        middle = parts[2:-1]
        if len(middle) > 1 or (middle and not _YEAR.fullmatch(middle[0])):
            problems.append(error(rel, 1, "content.path",
                                  f"only a year folder may sit between `{type_name}/` and the file"))
            continue
        stem = name[:-3]
        lang = "vi"
        m = _TRANSLATION.fullmatch(stem)
        if m:
            stem, lang = m[1], m[2]
        if not is_ascii_slug(stem):
            problems.append(error(rel, 1, "slug.ascii",
                                  f"file name `{stem}` must be lowercase ASCII letters, digits and hyphens; "
                                  f"rename it to `{slugify_vi(stem) or 'bai-viet'}`"))
            continue
        if stem in RESERVED_SLUGS:
            problems.append(error(rel, 1, "slug.reserved",
                                  f"`{stem}` is a reserved name: the type's other pages live under it "
                                  f"(`{type_name}/{stem}/…`: listing pages, fields, the lookup, kinds); "
                                  "rename the file"))
            continue
        if lang not in languages[site_id]:
            problems.append(error(rel, 1, "content.lang",
                                  f"site `{site_id}` has no `{lang}` edition (it has "
                                  f"{', '.join(site.languages)}); add it to the site's languages or rename"))
            continue
        sources.append(SourceFile(rel, site_id, type_name, stem, lang))
    return sources, problems
