"""Layouts that fail: located ``template.error`` diagnostics instead of a traceback.

Two moments. Before anything is rendered, ``layout_problems`` reads every layout (the content
repository's overrides and the tool's own) and reports what Jinja cannot parse, so ``check``
catches a syntax error too. While rendering, a page that fails becomes a ``PageFailure``: plain
data, so it crosses from a worker process to the build like any result; ``failure_diagnostics``
then gives one diagnostic per layout line and error, naming the first page it broke and how many
others. A failure outside any layout (a bug of the tool) is an ``internal.error`` at the page's
source.
"""
from __future__ import annotations

import hashlib
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..core.diagnostics import Diagnostic, error
from ..core.textcheck import not_nfc_errors
from .kept_items import KeptItemChanged


@dataclass(frozen=True)
class PageFailure:
    path: str     # the layout at fault (layouts/news.html), or the page's source for internal.error
    line: int
    code: str     # template.error or internal.error
    detail: str   # what failed, in Jinja's or Python's words
    page: str     # the output file being made, and its source


def shown_path(path: Path, root: Path, tool_root: Path) -> str:
    """A layout's path as an editor finds it: in the content repository, else in the tool."""
    for base in (root, tool_root):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


CHECKED_FILE = "layouts-checked"  # in the cache folder: the hash of the last layouts found readable


def layout_problems(env: jinja2.Environment, folders: list[Path], root: Path, tool_root: Path,
                    cache_dir: Path | None = None, tool: str = "") -> list[Diagnostic]:
    """What Jinja cannot read in the layouts a build would use (an override hides the tool's own).
    With a ``cache_dir``, layouts read without a problem by an earlier build of the same generator
    (``tool``: its code and libraries, Jinja's version among them), byte for byte, are not read again."""
    problems: list[Diagnostic] = []
    layouts: list[tuple[str, Path, bytes]] = []
    seen: set[str] = set()
    for folder in folders:
        for path in sorted(folder.rglob("*.html")):
            name = path.relative_to(folder).as_posix()
            if name in seen or name.startswith("assets/"):
                continue
            seen.add(name)
            layouts.append((name, path, path.read_bytes()))
    digest = hashlib.sha256(tool.encode())
    for name, path, raw in layouts:
        digest.update(f"\0{name}\0{path}\0{len(raw)}\0".encode() + raw)
    checked = cache_dir / CHECKED_FILE if cache_dir is not None else None
    try:
        if checked is not None and checked.read_text(encoding="utf-8") == digest.hexdigest():
            return []
    except OSError:
        pass
    for name, path, raw in layouts:
        rel = shown_path(path, root, tool_root)
        try:
            source = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.append(error(rel, raw[:exc.start].count(b"\n") + 1, "text.encoding",
                                  "this layout is not UTF-8; save it as UTF-8 (Unicode)"))
            continue
        problems += not_nfc_errors(rel, source)  # its words are on every page drawn with it
        try:
            env.parse(source, name, str(path))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(error(rel, exc.lineno or 1, "template.error",
                                  f"Jinja cannot read this layout: {exc.message}; every page drawn "
                                  "with it would fail, fix the line"))
    if checked is not None and not problems:
        try:
            checked.parent.mkdir(parents=True, exist_ok=True)
            temp = checked.with_name(f"{CHECKED_FILE}.{os.getpid()}")
            temp.write_text(digest.hexdigest(), encoding="utf-8")
            os.replace(temp, checked)
        except OSError:
            pass  # read again next time
    return problems


def page_failure(exc: Exception, page: str, source: str, root: Path, tool_root: Path,
                 folders: list[Path]) -> PageFailure:
    """What a page's exception means: the innermost layout line in its traceback, if any."""
    if isinstance(exc, KeptItemChanged):  # the cache folder changed under the build: no bug, no layout's
        return PageFailure(source, 1, "cache.changed", str(exc), page)
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return PageFailure(shown_path(Path(exc.filename), root, tool_root), exc.lineno or 1, "template.error",
                           f"{type(exc).__name__}: {exc.message}", page)
    layouts = [str(f.resolve()) for f in folders]
    frames = [f for f in traceback.extract_tb(exc.__traceback__)
              if any(str(Path(f.filename).resolve()).startswith(base) for base in layouts)]
    detail = f"{type(exc).__name__}: {str(exc)[:300]}"
    if frames:
        frame = frames[-1]
        return PageFailure(shown_path(Path(frame.filename), root, tool_root), frame.lineno or 1,
                           "template.error", detail, page)
    inner = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(inner.filename).name}:{inner.lineno}" if inner else ""
    return PageFailure(source, 1, "internal.error", detail + where, page)


def failure_diagnostics(failures: list[PageFailure]) -> list[Diagnostic]:
    """One diagnostic per place and error, naming the first page (in order) and how many more."""
    groups: dict[tuple[str, int, str, str], list[str]] = {}
    for failure in sorted(failures, key=lambda f: f.page):
        groups.setdefault((failure.path, failure.line, failure.code, failure.detail), []).append(failure.page)
    out = []
    for (path, line, code, detail), pages in sorted(groups.items()):
        more = f", and {len(pages) - 1} other page(s)" if len(pages) > 1 else ""
        if code == "cache.changed":
            message = f"{detail} (while rendering {pages[0]}{more}; the last good output is kept)"
        elif code == "template.error":
            message = (f"{detail}, while rendering {pages[0]}{more}; fix this line of the layout "
                       "(the last good output is kept)")
        else:
            message = (f"congtt failed while rendering {pages[0]}{more} ({detail}); this is a bug in congtt: "
                       "please report it with this file attached")
        out.append(error(path, line, code, message))
    return out
