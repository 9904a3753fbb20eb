"""Markdown to safe HTML: one Python-Markdown converter reused per worker, nh3 to sanitise.

Most text nodes of official news are plain prose with no inline syntax at all,
yet Python-Markdown tries each of its 14 inline patterns on every node. With
exactly the standard patterns registered, none can match text that holds none
of their opening characters, so such text skips the pattern loop. The output
is byte-for-byte what the unmodified converter gives (tests/test_markup.py).
"""
from __future__ import annotations

import re

import markdown
import nh3
from markdown import util
from markdown.treeprocessors import InlineProcessor

EXTENSIONS = ("tables", "sane_lists", "attr_list")
STANDARD_INLINE = frozenset({"backtick", "escape", "reference", "link", "image_link", "image_reference",
                             "short_reference", "short_image_ref", "autolink", "automail", "linebreak",
                             "html", "entity", "em_strong"})
# Every standard inline pattern starts at one of these; \x02 and \x03 wrap stashed placeholders.
_INLINE_START = re.compile(r"[`\\\[<&*_\x02\x03]|  \n")
_HANDLE = "_InlineProcessor__handleInline"


class _PlainTextFirst(InlineProcessor):
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if patternIndex == 0 and not isinstance(data, util.AtomicString) and not _INLINE_START.search(data):
            return data
        return getattr(InlineProcessor, _HANDLE)(self, data, patternIndex)


def new_converter(fast: bool = True) -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    if fast and hasattr(InlineProcessor, _HANDLE) and set(md.inlinePatterns._data) == STANDARD_INLINE:
        md.treeprocessors.register(_PlainTextFirst(md), "inline", 20)
    return md


def to_html(md: markdown.Markdown, body: str) -> str:
    """Safe HTML of a Markdown body: scripts, event handlers and unknown tags removed."""
    if not body.strip():
        return ""
    md.reset()
    return nh3.clean(md.convert(body))
