"""Bounds a Markdown body must keep before Python-Markdown parses it.

Python-Markdown is fast on prose, but some shapes make it slow beyond any use, or make it recurse
past Python's limit. Each was measured on this tool's converter (tests/test_hostile.py keeps the
fixtures), and each limit is far beyond what a real article, decision or table reaches. The
bounds are checked in two steps, as preprocessors of the converter (``markup.py``), so each sees
the text as the next stage of Python-Markdown will:

``before_html`` sees the whole text, before raw HTML is set aside:

- Size: more than ``MAX_BODY`` characters (about a second per million).
- Openers that are never closed: for each `<` that may start a tag, comment or CDATA section the
  HTML reader reads on to its `>`, `-->` or `]]>` and, when there is none, to the end, then starts
  again one character later (2,000 `<![CDATA[` take 13 s); a comment is also followed to the end
  of its paragraph. The work is the sum of those distances (``OPENER_WORK``).
- HTML elements left open more than ``MAX_HTML_DEPTH`` deep: the sanitiser's cost grows as the
  square of the depth.

``before_blocks`` sees the lines the block parser gets, raw HTML blocks set aside:

- Nesting: lists and quotes more than ``MAX_NESTING`` deep recurse past Python's limit (500 levels
  raise RecursionError), and the cost of a line grows as the square of its depth (``NEST_WORK``;
  indentation counts only inside a list).
- `[` never closed: the link pattern reads from each `[` to its `]` (and after `](` to the `)`),
  to the end of the paragraph when there is none (5,000 `[` in a row take 10 s); the code span
  pattern reads from each run of backticks to the next run as long (5,000 "``\\" take 3 s).
  The work is the sum of those distances, counted as for the openers above.
- Many inline marks in one paragraph: every match (`*a*`, `` `a` ``, `&amp;`, `[a](b)`, a tag)
  copies the rest of the paragraph's text, so marks × length is the work (``INLINE_WORK``); a
  table counts per row and a list per item, as Python-Markdown reads them.
- Many headings, rules or link definitions in one block without blank lines between them: each
  splits the block and every block reader searches the rest again (``SPLIT_WORK``).

Each function returns the first bound passed as a ``Refusal`` (or None).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

MAX_BODY = 2_000_000
MAX_NESTING = 20
MAX_HTML_DEPTH = 500
OPENER_WORK = 2_000_000      # characters read again for unclosed openers (0.3-0.7 µs each)
NEST_WORK = 100_000          # sum over nested lines of depth² (about 6 µs each)
INLINE_WORK = 400_000_000    # inline marks × characters of their paragraph (0.5-1.3 ns each)
SPLIT_WORK = 20_000_000      # characters searched again after block-splitting lines (about 20 ns each)

# Every bound, in the parse cache's key: a changed limit reloads every item.
LIMITS = (MAX_BODY, MAX_NESTING, MAX_HTML_DEPTH, OPENER_WORK, NEST_WORK, INLINE_WORK, SPLIT_WORK)

_MARKS = re.compile(r"[\[`\\<&*_!]|  $", re.MULTILINE)
_LIST_ITEM = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_TABLE_RULE = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
# Inside quotes too: a quote's lines are parsed again as a block of their own.
_SPLITTER = re.compile(r"(?: {0,3}>)* {0,4}(?:#|\[[^\]\n]*\]:|([-*_=])(?:[ \t]*\1)*[ \t]*$)")
_ANY_SPLITTER = re.compile("^" + _SPLITTER.pattern, re.MULTILINE)  # a line of a block's text that _SPLITTER matches
_MAY_NEST = frozenset(["", *" \t>-+*0123456789"])  # how a line _nesting may count starts ("": a blank line)
_TAG = re.compile(r"""</?[A-Za-z][^>"']*+(?:(?:"[^"]*+"|'[^']*+')[^>"']*+)*+>""")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])[^<>]*?(/?)>")  # not <http://…>
_BLANK = re.compile(r"\n[ \t]*\n")
_TICKS = re.compile(r"`+")
# Elements that never nest: void, or closed by the next of their kind (HTML's optional end tags).
_FLAT = frozenset("area base br col embed hr img input link meta param source track wbr "
                  "p li dt dd tr td th thead tbody tfoot option optgroup rt rp colgroup caption".split())
_CLOSERS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<!", ">"), ("<?", ">"))


@dataclass(frozen=True)
class Refusal:
    line: int   # 1-based, in the lines given
    col: int
    code: str
    message: str


def _where(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    return text.count("\n", 0, pos) + 1, pos - start + 1


def _opener_cost(text: str, pos: int) -> tuple[int, bool]:
    """How far the HTML reader reads for a `<` at ``pos``, and whether it finds the end."""
    nxt = text[pos + 1:pos + 2]
    if nxt.isascii() and (nxt.isalpha() or nxt == "/"):
        m = _TAG.match(text, pos)
        return (m.end() - pos, True) if m else (len(text) - pos, False)
    opening, closing = next(((o, c) for o, c in _CLOSERS if text.startswith(o, pos)), ("", ""))
    if not opening:
        return 0, True
    found = text.find(closing, pos + len(opening))
    cost = (found + len(closing) if found != -1 else len(text)) - pos
    if opening == "<!--":  # a comment inside an open inline tag: the rest of its paragraph is searched
        blank = _BLANK.search(text, pos)
        cost += (blank.start() if blank else len(text)) - pos
    return cost, found != -1


def _html_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of HTML elements left open, and where it is reached."""
    depth = deepest = at = 0
    for m in _HTML_TAG.finditer(text):
        if m[2].lower() in _FLAT or m[3]:
            continue
        depth = max(0, depth - 1) if m[1] else depth + 1
        if depth > deepest:
            deepest, at = depth, m.start()
    return deepest, at


def before_html(text: str, budget: int = OPENER_WORK) -> Refusal | None:
    """Bounds of the whole text (whitespace normalised as Python-Markdown does, nothing else)."""
    if len(text) > MAX_BODY:
        first_line = len(text) - len(text.lstrip("\n")) + 1
        return Refusal(first_line, 1, "markdown.size", f"the text is {len(text):,} characters long, more than the "
                       f"{MAX_BODY:,} one page may hold; split it into several items or attach it as a file")
    work, first = 0, None
    pos = text.find("<")
    while pos != -1 and work <= budget:
        cost, closed = _opener_cost(text, pos)
        work += cost
        if not closed and first is None:
            first = pos
        pos = text.find("<", pos + 1)
    if work > budget:
        return Refusal(*_where(text, text.find("<") if first is None else first), "markdown.brackets",
                       "too many `<` from here on start a tag, comment or CDATA section that is never "
                       "closed, and the HTML reader would read the rest of the text again for each; close "
                       "them, or write a literal one as `&lt;`")
    deepest, at = _html_depth(text)
    if deepest > MAX_HTML_DEPTH:
        return Refusal(*_where(text, at), "markdown.nesting",
                       f"HTML elements are left open more than {MAX_HTML_DEPTH} deep here; close them "
                       "(`</div>`) or write the text in Markdown")
    return None


def _nesting(line: str) -> tuple[int, int, int]:
    """How a line nests lists and quotes: its `>` and list markers, its indentation in steps of
    four, and the depth they make when the line starts a list item (0, 0, 0 for a blank line)."""
    depth = markers = columns = pos = 0
    while True:
        while pos < len(line) and line[pos] == " ":
            columns, pos = columns + 1, pos + 1
        if line.startswith(">", pos):
            depth, pos = depth + 1, pos + 1
            continue
        m = _LIST_ITEM.match(line, pos)
        if m and m.end() > pos:
            markers, pos = markers + 1, m.end()
            continue
        if pos == len(line):
            return 0, 0, 0
        return depth + markers, columns // 4, depth + markers + (columns // 4 if markers else 0)


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """[first, last) line numbers of each run of non-blank lines."""
    out, start = [], None
    for n, line in enumerate(lines):
        if line.strip(" "):
            start = n if start is None else start
        elif start is not None:
            out.append((start, n))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def _units(lines: list[str], start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of a block the inline reader gets separately: rows of a table, items of a list;
    otherwise the whole block (an upper bound)."""
    if end - start > 1 and "|" in lines[start] and _TABLE_RULE.match(lines[start + 1]):
        return [(n, n + 1) for n in range(start, end)]
    if not _LIST_ITEM.match(lines[start]):
        return [(start, end)]
    cuts = [n for n in range(start, end) if _LIST_ITEM.match(lines[n])] + [end]
    return list(zip(cuts, cuts[1:]))


_BRACKET_MARKS = re.compile(r"\\.|[\[\]()]", re.S)


def _bracket_work(text: str) -> tuple[int, int | None]:
    """What the link pattern reads in one piece of text: from each `[` to its `]` (to the end when
    unclosed), from each `](` to its `)`; and where the first unclosed `[` is."""
    work, opened, parens, closes = 0, [], [], {}
    end = len(text)
    for m in _BRACKET_MARKS.finditer(text):  # the brackets, and escapes (a backslash and what it escapes)
        char, pos = m[0], m.start()
        if char == "[":
            opened.append(pos)
        elif char == "]":
            if opened:
                work += pos - opened.pop()
        elif char == "(":
            parens.append(pos)
        elif char == ")":
            if parens:
                closes[parens.pop()] = pos
    work += sum(end - p for p in opened)
    pos = text.find("](")
    while pos != -1:
        work += closes.get(pos + 1, end) - pos
        pos = text.find("](", pos + 2)
    ticks, first_tick = _backtick_work(text)
    unclosed = [p for p in (opened[0] if opened else None, first_tick) if p is not None]
    return work + ticks, (min(unclosed) if unclosed else None)


def _backtick_work(text: str) -> tuple[int, int | None]:
    """What the code span pattern reads: from each run of backticks that may open a span (a run
    after a backslash opens one tick later) to the next run of the same length, else to the end;
    and where the first run without such a later run is."""
    runs = [(m.start(), m.end() - m.start()) for m in _TICKS.finditer(text)]
    starts: dict[int, list[int]] = {}
    for start, length in runs:
        starts.setdefault(length, []).append(start)
    work, first = 0, None
    for start, length in runs:
        ticks = length - 1 if start and text[start - 1] == "\\" else length
        same = starts.get(ticks, [])
        after = bisect.bisect_right(same, start)
        if not ticks:
            continue
        if after < len(same):
            work += same[after] - start
        else:
            work += len(text) - start
            first = start if first is None else first
    return work, first


def before_blocks(lines: list[str], budget: int = OPENER_WORK) -> Refusal | None:
    """Bounds of the lines the block parser gets (raw HTML blocks already set aside)."""
    nest_work = context = 0  # context: the deepest list or quote the lines since the last plain line are in
    for n, line in enumerate(lines):
        if line[:1] not in _MAY_NEST:  # a line of prose (not blank, no quote, list or indentation): cost 0
            context = 0
            continue
        marked, indent, depth = _nesting(line)
        if depth > MAX_NESTING:
            return Refusal(n + 1, 1, "markdown.nesting", f"lists and quotes nest more than {MAX_NESTING} "
                           "levels deep here; no page needs that many, flatten them")
        if line.strip(" ") and not marked and not indent:
            context = 0
        context = max(context, depth)
        cost = min(marked + indent, context + 1)  # indentation nests only inside a list
        nest_work += cost * cost if cost > 1 else 0  # a flat list costs no more than prose
        if nest_work > NEST_WORK:
            return Refusal(n + 1, 1, "markdown.nesting", "too many deeply nested lines up to here; flatten "
                           "the lists and quotes, or put paragraphs between them")
    brackets = inline = split = 0
    first_bracket = densest = split_at = None
    for start, end in _blocks(lines):
        units = _units(lines, start, end)
        for ustart, uend in units:
            text = "\n".join(lines[ustart:uend])
            if "[" in text or "]" in text or "`" in text:  # else no link or code span to read: no work
                work, first = _bracket_work(text)
                brackets += work
                if first is not None and first_bracket is None:
                    first_bracket = (ustart + _where(text, first)[0], _where(text, first)[1])
            marks = len(_MARKS.findall(text))
            inline += marks * len(text)
            if densest is None or marks * len(text) > densest[0]:
                densest = (marks * len(text), ustart, marks)
        if not _ANY_SPLITTER.search(text if units == [(start, end)] else "\n".join(lines[start:end])):
            continue  # no line of the block splits it (what the loop below finds, in one search)
        size = sum(len(line) + 1 for line in lines[start:end])
        for n in range(start, end):
            if _SPLITTER.match(lines[n]):
                split += size
                split_at = n if split_at is None else split_at
            size -= len(lines[n]) + 1
    if brackets > budget:
        line, col = first_bracket or (next((n + 1 for n, x in enumerate(lines) if "[" in x), 1), 1)
        return Refusal(line, col, "markdown.brackets",
                       "too many `[` or backticks from here on are never closed, and the Markdown reader "
                       "would read the rest of the paragraph again for each; close them, or write a literal "
                       "one as `\\[` or `` \\` ``")
    if inline > INLINE_WORK and densest is not None:
        return Refusal(densest[1] + 1, 1, "markdown.dense",
                       f"this paragraph has {densest[2]:,} formatting marks in one block of text; split it "
                       "into shorter paragraphs (a blank line between them)")
    if split > SPLIT_WORK and split_at is not None:
        return Refusal(split_at + 1, 1, "markdown.dense",
                       "too many headings, rules or link definitions follow each other from here without a "
                       "blank line between them; put a blank line after each")
    return None
