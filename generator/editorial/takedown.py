"""``python build.py takedown PATH --reason "…" --ref "…"``: gỡ bỏ ngay (000/001 Đ8.2).

Marks an item removed by changing one line of its front matter (``status:``,
or a new ``status: removed`` after ``title:``), every other byte kept, so the
pull request's diff is that one line plus the audit entry appended to
``audit/takedowns.yaml``. The file itself stays in the repository: the
regulations ask to keep all content (003 Đ10.1), and the build needs it to
list the former addresses for the server (410 Gone, see ``gone.py``).

PATH is a Vietnamese source (the item goes, and every translation with it) or
a translation (only that language goes). Exit codes: 0 done, 1 the site
configuration cannot be read, 2 refused (no reason or reference, not an item,
already removed, an audit log that cannot be read back); refused, nothing changes.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..build.discover import SourceFile, discover
from ..build.plan import segment
from ..core.front_matter import split
from ..core.git import git
from ..model.config import Config
from .audit import AUDIT_LOG, AuditEntry


class Refusal(Exception):
    """Why the command changes nothing; printed as is, exit code 2."""


@dataclass(frozen=True)
class FrontMatter:
    """Where a file's front matter is and what its ``status`` and ``title`` keys hold."""
    text: str                            # the whole file, BOM removed
    start: int                           # offset of the first front-matter character
    end: int                             # offset just after the front matter (the closing `---`)
    status: str                          # "published" when absent
    status_span: tuple[int, int] | None  # offsets of the status value as written
    status_style: str | None             # '"', "'" or None (plain)
    after_title: int | None              # offset of the line after the title's value


def read_front_matter(text: str, rel: str) -> FrontMatter:
    where = split(text)
    if where is None or not where.closed:
        raise Refusal(f"{rel}: no front matter between two `---` lines; it is not an item")
    start = where.start
    try:
        node = yaml.compose(text[start:where.end], Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise Refusal(f"{rel}: the front matter cannot be read ({exc}); fix it (python build.py check) "
                      "and run takedown again") from None
    block = node is None or (isinstance(node, yaml.MappingNode) and not node.flow_style)
    if not block or node is not None and any(k.value == "status" and not isinstance(v, yaml.ScalarNode)
                                             for k, v in node.value):
        raise Refusal(f"{rel}: the front matter is not a block of `key: value` lines; add `status: removed` "
                      "by hand and record the takedown in audit/takedowns.yaml")
    status, span, style, after_title = "published", None, None, None
    for key, value in (node.value if node is not None else []):
        if key.value == "status" and isinstance(value, yaml.ScalarNode):
            status = value.value
            span = (start + value.start_mark.index, start + value.end_mark.index)
            style = value.style if value.style in ('"', "'") else None
        elif key.value == "title":
            end = start + value.end_mark.index
            # A block scalar ends at the start of the next line; a plain one at its last character.
            after_title = end if value.end_mark.column == 0 else text.find("\n", end) + 1 or len(text)
    return FrontMatter(text, start, where.end, status, span, style, after_title)


def mark_removed(fm: FrontMatter) -> str:
    """The file's text with its status set to `removed`: one line changed or added, nothing else."""
    text = fm.text
    if fm.status_span is not None:
        quote = fm.status_style or ""
        a, b = fm.status_span
        return text[:a] + f"{quote}removed{quote}" + text[b:]
    newline = "\r\n" if "\r\n" in text[:fm.end] else "\n"
    at = fm.after_title if fm.after_title is not None else text.find("\n", fm.start) + 1
    return text[:at] + f"status: removed{newline}" + text[at:]


def git_identity(root: Path) -> str:
    """``Name <email>`` from git config, or whichever of the two is set, or ""."""
    def get(key: str) -> str:
        try:
            run = git(root, "config", key, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ""
        return run.stdout.strip() if run.returncode == 0 else ""
    name, email = get("user.name"), get("user.email")
    if name and email:
        return f"{name} <{email}>"
    return name or email


def _repo_path(arg: str, root: Path) -> str:
    given = Path(arg)
    for candidate in ([given] if given.is_absolute() else [Path.cwd() / given, root / given]):
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(root):
            return resolved.relative_to(root).as_posix()
    raise Refusal(f"{arg}: no such file in {root}; give the path of an item, "
                  "e.g. content/sokhcn/news/2025/hoi-thao.md")


def _family(source: SourceFile, sources: list[SourceFile]) -> list[SourceFile]:
    """The item's files in one folder: the Vietnamese source first, then its translations."""
    folder = source.rel.rsplit("/", 1)[0]
    same = [s for s in sources if s.item_id == source.item_id and s.rel.rsplit("/", 1)[0] == folder]
    return sorted(same, key=lambda s: (s.lang != "vi", s.lang))


def _read(root: Path, src: SourceFile) -> tuple[bytes, FrontMatter]:
    raw = (root / src.rel).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refusal(f"{src.rel}: not valid UTF-8; fix it (python build.py check) and run takedown again") from None
    bom = text.startswith("\ufeff")
    return (b"\xef\xbb\xbf" if bom else b""), read_front_matter(text.lstrip("\ufeff"), src.rel)


def _status(root: Path, src: SourceFile) -> str:
    """A file's status; one that cannot be read counts as published (its address may be public)."""
    try:
        return _read(root, src)[1].status
    except Refusal:
        return "published"


def _url(config: Config, src: SourceFile) -> str | None:
    edition = config.sites[src.site].edition(src.lang)
    return edition.url(f"{segment(src.type, src.lang)}/{src.slug}/") if edition else None


def plan_takedown(config: Config, root: Path, rel: str, entries: list[AuditEntry]):
    """What to change: the item's file, the files going with it (itself first, then the translations
    that go along) and the file's new bytes (None when it already says `removed`)."""
    sources, _ = discover(config)
    target = next((s for s in sources if s.rel == rel), None)
    if target is None:
        raise Refusal(f"{rel}: not an item; items are content/<site>/<type>/<yyyy>/<slug>.md "
                      "(or <slug>.<lang>.md for a translation)")
    family = _family(target, sources)
    bom, fm = _read(root, target)
    audited = any(e.path == rel or (e.id == target.item_id and target.lang in e.languages) for e in entries)
    source = family[0] if family[0].lang == "vi" else None
    if target.lang != "vi" and source is not None and _status(root, source) == "removed":
        raise Refusal(f"{rel}: already removed with its Vietnamese source {source.rel}; nothing to do")
    if fm.status == "removed" and audited:
        raise Refusal(f"{rel}: already removed (status: removed) and recorded in {AUDIT_LOG}; nothing to do")
    if fm.status == "draft":
        raise Refusal(f"{rel}: a draft, never published, so there is nothing to take down; "
                      "delete the file in a pull request if it must go")
    going = [target]
    if target.lang == "vi":
        going += [s for s in family if s.lang != "vi" and _status(root, s) != "removed"]
    new = None if fm.status == "removed" else bom + mark_removed(fm).encode("utf-8")
    return target, going, new
