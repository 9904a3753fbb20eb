"""``check --personal-only``: the scan that keeps personal data and state secrets out of the
repository, alone and fast, for a pre-commit hook.

It reads items and nothing else: no index, no git history, no pages. Each item goes through the
same parse as a build (``documents.parse_source``, without its HTML), and only what the parse
says about personal data (``personal.*``) and secrecy (``classification.secret``) is kept, with
the official contacts of the site files taken out as in a build. So a file that passes here
passes the same scans in ``check``; the other checks of ``check`` still run there.

Which files: every item under ``content/``, or the items and folders given (other paths are
ignored: a hook passes whatever is staged), or with ``staged`` the items staged in git, read as
staged (what the commit will hold, whatever the working tree holds).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..core.diagnostics import Diagnostic, error
from ..core.git import git
from ..model.config import Config
from ..model.content_types import CONTENT_TYPES
from .documents import parse_source
from .personal_data import official_contacts
from .personal_data import problems as personal_problems

CODES = ("personal.", "classification.secret")


def type_of(rel: str) -> str | None:
    """The content type of an item's path (``content/<site>/<type>/…/<slug>.md``), None for any
    other file."""
    parts = rel.split("/")
    if len(parts) < 4 or parts[0] != "content" or not rel.endswith(".md"):
        return None
    return parts[2] if parts[2] in CONTENT_TYPES else None


def _relative(root: Path, path: Path) -> str:
    """A path as the repository names it: given relative to the repository (as a hook passes it)
    or to the working folder, or absolute."""
    if not path.is_absolute() and (root / path).exists():
        return (root / path).resolve().relative_to(root.resolve()).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()  # outside the repository: not an item


def _items(root: Path, paths: Iterable[str]) -> list[str]:
    rels: set[str] = set()
    for rel in [_relative(root, Path(p)) for p in paths] or ["content"]:
        folder = root / rel
        if folder.is_dir() and not folder.is_symlink():  # a folder: the items in it
            rels |= {p.relative_to(root).as_posix() for p in folder.rglob("*.md") if not p.is_symlink() and p.is_file()}
        else:
            rels.add(rel)
    return sorted(rel for rel in rels if type_of(rel))


def staged_items(root: Path) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """The items staged in git (added, copied, modified, renamed), as staged."""
    listed = git(root, "diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--", "content")
    if listed.returncode != 0:
        return {}, [error(".", 1, "git.failed", "cannot list the staged files (git diff --cached): "
                          f"{listed.stderr.decode(errors='replace').strip()}; run it inside the repository")]
    out = {}
    for rel in sorted(x for x in listed.stdout.decode().split("\0") if x and type_of(x)):
        shown = git(root, "show", f":{rel}")
        if shown.returncode == 0:
            out[rel] = shown.stdout
    return out, []


def scan(config: Config, items: dict[str, bytes]) -> list[Diagnostic]:
    """Personal data and secrecy stamps in the given items (path → bytes)."""
    official = official_contacts(config)
    out: list[Diagnostic] = []
    for rel, raw in items.items():
        parsed = parse_source(rel, raw, type_of(rel), None)
        out += [p for p in parsed.problems if p.code.startswith(CODES)]
        out += personal_problems(rel, parsed.personal, official)
    return sorted(out)


def check_personal(config: Config, paths: Iterable[str] = (), staged: bool = False) -> tuple[list[Diagnostic], int]:
    """Diagnostics of the scan, and how many items were scanned."""
    if staged:
        items, problems = staged_items(config.root)
        return problems + scan(config, items), len(items)
    rels = _items(config.root, list(paths))
    items = {rel: (config.root / rel).read_bytes() for rel in rels if (config.root / rel).is_file()}
    return scan(config, items), len(items)
