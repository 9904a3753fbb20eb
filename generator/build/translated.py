"""How a translation stands against its Vietnamese source (requirements §3.3).

A translation records ``translation_of: "<source id>@<commit>"``; with the build's git facts this
tells whether the source changed on main since. The build reads it for the notice on a
translated page (``views``) and the editorial checks for the ``translation.stale`` warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Document
from .gitfacts import GitFacts, Touch
from .index import ContentIndex

_REF = re.compile(r"(?P<id>[^\s@/]+/[^\s@/]+/[^\s@/]+)(?:@(?P<rev>[0-9a-fA-F]{7,40}))?")


def parse_ref(text: str) -> tuple[str, str] | None:
    """``<source id>@<commit>`` (or ``<source id>`` alone) → (id, commit or "")."""
    m = _REF.fullmatch(text.strip())
    return (m["id"], (m["rev"] or "").lower()) if m else None


@dataclass(frozen=True)
class SourceState:
    """How a translation stands against its Vietnamese source's history on main."""
    source: Document
    revision: str                  # as recorded ("" when none is)
    known: bool                    # the revision is one of the source's commits on main
    changes: tuple[Touch, ...]     # the source's commits after it, newest first

    @property
    def stale(self) -> bool:
        return self.known and bool(self.changes)


def source_state(doc: Document, index: ContentIndex, facts: GitFacts | None) -> SourceState | None:
    """None when it cannot be told: not a translation with ``translation_of``, no git facts,
    or a source without history (not committed yet)."""
    parsed = parse_ref(doc.values.get("translation_of", "")) if doc.lang != "vi" else None
    source = index.get(doc.id, "vi")
    if parsed is None or parsed[0] != doc.id or facts is None or source is None:
        return None
    touches = facts.of(source.path)
    if not touches:
        return None
    revision = parsed[1]
    at = next((n for n, t in enumerate(touches) if revision and t.commit.startswith(revision)), None)
    if at is None:
        return SourceState(source, revision, False, ())
    return SourceState(source, revision, True, touches[:at])
