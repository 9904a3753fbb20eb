"""The one front-matter splitter: where a Markdown file's YAML front matter starts and ends.

A file starts with a line of three or more ``-`` (python-frontmatter's ``FM_BOUNDARY``), then
YAML, then another such line, then the body. The loader, the takedown command, the translate
command and the approval gate all split files here, so they never disagree about what is front
matter; ``gitfacts`` reads diffs line by line with ``is_boundary``, the same rule for one line.
"""
from __future__ import annotations

from dataclasses import dataclass

from frontmatter import YAMLHandler

BOUNDARY = YAMLHandler.FM_BOUNDARY   # ^-{3,}\s*$, multiline


@dataclass(frozen=True)
class Split:
    """Offsets in the text: the front matter is ``text[start:end]``, the body ``text[body:]``."""
    start: int          # just after the opening boundary
    end: int | None     # where the closing boundary starts; None when it never closes
    body: int | None    # just after the closing boundary
    line_offset: int    # lines before the front matter's first line

    @property
    def closed(self) -> bool:
        return self.end is not None


def split(text: str) -> Split | None:
    """Where the front matter of ``text`` (BOM already removed) is; None when it has none."""
    first = BOUNDARY.match(text)
    if not first:
        return None
    closing = BOUNDARY.search(text, first.end())
    offset = text.count("\n", 0, first.end())
    if not closing:
        return Split(first.end(), None, None, offset)
    return Split(first.end(), closing.start(), closing.end(), offset)


def is_boundary(line: str) -> bool:
    """One line as ``BOUNDARY`` reads it: three or more ``-``, then blanks."""
    stripped = line.rstrip()
    return len(stripped) >= 3 and stripped.count("-") == len(stripped)
