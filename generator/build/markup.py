"""Markdown to safe HTML: one Python-Markdown converter reused per worker, nh3 to sanitise.

Most text nodes of official news are plain prose with little inline syntax,
yet Python-Markdown tries each of its 14 inline patterns on every node, one
Python call each. With exactly the standard patterns registered, a pattern
cannot match text that holds none of its opening characters after the search
position, so it is skipped with one regular-expression search instead. The
loop is otherwise Python-Markdown's own, and the output is byte-for-byte what
the unmodified converter gives (tests/test_markup.py).
"""
from __future__ import annotations

import re

import markdown
import nh3
from markdown import util
from markdown.treeprocessors import InlineProcessor

EXTENSIONS = ("tables", "sane_lists", "attr_list")
# The characters each standard inline pattern must start with ("![" counts as "[" too).
PATTERN_STARTS = {
    "backtick": {"`", "\\"}, "escape": {"\\"}, "reference": {"["}, "link": {"["}, "image_link": {"!["},
    "image_reference": {"!["}, "short_reference": {"["}, "short_image_ref": {"!["}, "autolink": {"<"},
    "automail": {"<"}, "linebreak": {"  \n"}, "html": {"<"}, "entity": {"&"}, "em_strong": {"*", "_"},
}
_STARTS = re.compile(r"!\[|[`\\\[<&*_]|  \n")
_HANDLE = "_InlineProcessor__handleInline"
_APPLY = "_InlineProcessor__applyPattern"


class _SkipImpossiblePatterns(InlineProcessor):
    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        patterns = md.inlinePatterns
        name_of = {id(pattern): name for name, pattern in patterns._data.items()}
        self._needs = [frozenset(PATTERN_STARTS[name_of[id(patterns[i])]]) for i in range(len(patterns))]

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802
        if isinstance(data, util.AtomicString):
            return data
        # Matches only replace text by placeholders, never add a start character, so what is
        # found now is a superset of what any later pass over this text can find.
        found = set(_STARTS.findall(data))
        if not found:
            return data
        if "![" in found:
            found.add("[")
        apply = getattr(self, _APPLY)
        start_index = 0
        count = len(self.inlinePatterns)
        while patternIndex < count:
            if self._needs[patternIndex].isdisjoint(found):
                patternIndex, start_index = patternIndex + 1, 0  # what a failed match returns
                continue
            data, matched, start_index = apply(self.inlinePatterns[patternIndex], data, patternIndex, start_index)
            if not matched:
                patternIndex += 1
        return data


def new_converter(fast: bool = True) -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    if fast and hasattr(InlineProcessor, _HANDLE) and hasattr(InlineProcessor, _APPLY) \
            and sorted(md.inlinePatterns._data) == sorted(PATTERN_STARTS):
        md.treeprocessors.register(_SkipImpossiblePatterns(md), "inline", 20)
    return md


def to_html(md: markdown.Markdown, body: str) -> str:
    """Safe HTML of a Markdown body: scripts, event handlers and unknown tags removed."""
    if not body.strip():
        return ""
    md.reset()
    return nh3.clean(md.convert(body))
