"""What the dev server counts as a change: a source file written, created, deleted or moved.

Reading is no change. Watchdog (4 and later) reports inotify's opened and closed-without-writing
events too, so the build's own reading of ``layouts/`` and ``content/`` used to start the next
rebuild, and that one the next, for ever; here those events are not even asked for. Writing the
output, the parse cache, ``.git`` or an editor's scratch files (swap files, backups, vim's
``4913`` probe, ``.#`` locks) is no change to the sources either. A burst of events (an editor's
save, a ``git checkout``) becomes one rebuild: ``settle`` waits until the events stop.
"""
from __future__ import annotations

import os
import queue
import time
from dataclasses import dataclass
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..build.output import output_link
from ..build.tool_files import tool_layouts

WATCHED = ("content", "layouts", "sites", "profiles", "audit")
# The kinds of event that can change a source (a touch is an attrib event: "rebuild, please").
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
_COUNTED = frozenset(kind.event_type for kind in CHANGES)
SCRATCH_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".swn", ".tmp", ".bak", ".orig", ".kate-swp", ".crswap",
                    "___jb_tmp___", "___jb_old___", "___jb_bak___")


@dataclass(frozen=True)
class Sources:
    folders: tuple[Path, ...]  # watched, each with everything below it
    ignored: tuple[Path, ...]  # never a source, even inside one of the folders: the output, the cache

    def changed(self, event: FileSystemEvent) -> Path | None:
        """The source file or folder an event changed, or None when it changed no source."""
        if event.event_type not in _COUNTED or (event.is_directory and event.event_type in ("modified", "attrib")):
            return None
        for raw in (event.src_path, event.dest_path):  # a save by rename counts by its new name
            path = Path(os.fsdecode(raw)) if raw else None
            if path is not None and self.is_source(path):
                return path
        return None

    def is_source(self, path: Path) -> bool:
        folder = next((f for f in self.folders if path.is_relative_to(f)), None)
        if folder is None or any(path.is_relative_to(other) for other in self.ignored):
            return False
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            return False  # .git, .#locks, .name.swp, the output's generation folders
        name = path.name
        return not (name.endswith(SCRATCH_SUFFIXES) or name == "4913" or (name.startswith("#") and name.endswith("#")))


def sources_of(root: Path, out: Path, cache_dir: Path | None) -> Sources:
    folders = [root / name for name in WATCHED if (root / name).is_dir()]
    layouts = tool_layouts()
    if layouts.is_dir() and not layouts.is_relative_to(root):
        folders.append(layouts)  # the tool's own templates, for whoever works on them
    ignored = [Path(os.path.abspath(out)), output_link(out)] + ([Path(os.path.abspath(cache_dir))] if cache_dir else [])
    return Sources(tuple(folders), tuple(ignored))


class _Collect(FileSystemEventHandler):
    def __init__(self, sources: Sources, changes: queue.SimpleQueue):
        self._sources, self._changes = sources, changes

    def on_any_event(self, event: FileSystemEvent) -> None:
        path = self._sources.changed(event)
        if path is not None:
            self._changes.put(path)


def watch(sources: Sources, changes: queue.SimpleQueue) -> Observer:
    """A started observer that puts every changed source path on ``changes``."""
    observer = Observer()
    for folder in sources.folders:
        observer.schedule(_Collect(sources, changes), str(folder), recursive=True, event_filter=CHANGES)
    observer.start()
    return observer


def settle(changes: queue.SimpleQueue, wait: float = 0.5, quiet: float = 0.3, longest: float = 3.0) -> list[Path]:
    """One burst of changes: waits up to ``wait`` s for a first one, then until ``quiet`` s pass
    without another (``longest`` s at most); [] when nothing changed."""
    try:
        seen = [changes.get(timeout=wait)]
    except queue.Empty:
        return []
    end = time.monotonic() + longest
    while (left := end - time.monotonic()) > 0:
        try:
            seen.append(changes.get(timeout=min(quiet, left)))
        except queue.Empty:
            break
    return sorted(set(seen))
