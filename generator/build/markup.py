"""Markdown to safe HTML: one Python-Markdown converter reused per worker, nh3 to sanitise.

Most text nodes of official news are plain prose with little inline syntax,
yet Python-Markdown tries each of its 14 inline patterns on every node, one
Python call each. With exactly the standard patterns registered, a pattern
cannot match text that holds none of its opening characters after the search
position, so it is skipped with one regular-expression search instead. The
loop is otherwise Python-Markdown's own, and the output is byte-for-byte what
the unmodified converter gives (tests/test_markup.py).

Before Python-Markdown parses anything, two preprocessors hold the text to the bounds of
``markup_limits`` (shapes that would take it minutes, or recurse past Python's limit);
``to_html`` then raises ``Refused``, which the loader turns into a located diagnostic.
"""
from __future__ import annotations

import re

import markdown
import nh3
from markdown import util
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from . import markup_limits
from .markup_limits import Refusal

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


_HEADINGS = {f"h{n}": n for n in range(1, 7)}


class _HeadingsInOrder(Treeprocessor):
    """No heading of the body more than one level below the one before it, the page's title (its h1)
    first: an editor's `###` under the title would be an h3 after the h1, which HTML's outline, and
    the Nu checker, refuse ("skipping 1 heading level"), and a reader of headings would miss a level.
    Headings that skip are raised to the next level; the others stay as written. ``under``: the level of
    the heading the page puts the body under (a Q&A answer's, under its h2 "Trả lời": 2)."""
    under = 1

    def run(self, root):
        before = self.under
        for element in root.iter():
            level = _HEADINGS.get(element.tag) if isinstance(element.tag, str) else None
            if level is None:
                continue
            if level > before + 1:
                level = before + 1
                element.tag = f"h{level}"
            before = level
        return None


class Refused(Exception):
    """A body outside the bounds of ``markup_limits``; ``refusal.line`` counts the body's lines."""
    def __init__(self, refusal: Refusal):
        super().__init__(refusal.message)
        self.refusal = refusal


class _BoundsBeforeHtml(Preprocessor):
    """After whitespace is normalised (lines still the body's lines), before raw HTML is read."""
    def __init__(self, md: markdown.Markdown):
        super().__init__(md)
        self.lines: list[str] = []  # the body's lines, for ``_BoundsBeforeBlocks`` to point into

    def run(self, lines: list[str]) -> list[str]:
        self.lines = lines
        refusal = markup_limits.before_html("\n".join(lines))
        if refusal:
            raise Refused(refusal)
        return lines


class _BoundsBeforeBlocks(Preprocessor):
    """After raw HTML blocks are set aside, before the block parser."""
    def __init__(self, md: markdown.Markdown, before: _BoundsBeforeHtml):
        super().__init__(md)
        self.before = before

    def run(self, lines: list[str]) -> list[str]:
        refusal = markup_limits.before_blocks(lines)
        if refusal:
            raise Refused(_in_body(refusal, lines, self.before.lines))
        return lines


def _in_body(refusal: Refusal, lines: list[str], body_lines: list[str]) -> Refusal:
    """The refusal at the body's line: the same where no raw HTML was set aside, else the first body
    line with the same text (a raw HTML block becomes one placeholder line)."""
    text = lines[refusal.line - 1] if refusal.line <= len(lines) else ""
    if lines[:refusal.line] == body_lines[:refusal.line] or text not in body_lines:
        return refusal
    return Refusal(body_lines.index(text) + 1, refusal.col, refusal.code, refusal.message)


def new_converter(fast: bool = True) -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")
    before = _BoundsBeforeHtml(md)
    md.preprocessors.register(before, "congtt_bounds_html", 25)      # after normalize_whitespace (30)
    md.preprocessors.register(_BoundsBeforeBlocks(md, before), "congtt_bounds_blocks", 5)  # after html_block (20)
    md.treeprocessors.register(_HeadingsInOrder(md), "congtt_headings", 5)  # (after inline and prettify)
    if fast and hasattr(InlineProcessor, _HANDLE) and hasattr(InlineProcessor, _APPLY) \
            and sorted(md.inlinePatterns._data) == sorted(PATTERN_STARTS):
        md.treeprocessors.register(_SkipImpossiblePatterns(md), "inline", 20)
    if fast:
        md.is_block_level = _block_level_test(frozenset(md.block_level_elements))
    return md


def _block_level_test(names: frozenset[str]):
    """Markdown.is_block_level with each tag's answer kept: it is asked about every element several
    times (tens of thousands of calls for a long text), and searched a list of sixty names each time.
    The extensions have added their names by now; nothing adds any later."""
    known: dict = {}

    def is_block_level(tag) -> bool:
        found = known.get(tag)
        if found is None:
            found = isinstance(tag, str) and tag.lower().rstrip("/") in names
            if len(known) < 1000:  # raw HTML may name any number of tags
                known[tag] = found
        return found
    return is_block_level


def to_html(md: markdown.Markdown, body: str, under: int = 1) -> str:
    """Safe HTML of a Markdown body: scripts, event handlers and unknown tags removed; its headings in
    order below a heading of level ``under`` (_HeadingsInOrder). Raises ``Refused`` when the body passes
    a bound of ``markup_limits``."""
    if not body.strip():
        return ""
    md.reset()
    md.treeprocessors["congtt_headings"].under = under
    return nh3.clean(md.convert(body))
