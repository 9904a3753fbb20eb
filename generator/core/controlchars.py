"""Characters no page, feed or sitemap may carry, and where they are in a text.

XML 1.0 (feeds, sitemaps) forbids the C0 controls except tab, line feed and carriage return,
and the non-characters U+FFFE and U+FFFF; a lone surrogate cannot be written as UTF-8 at all.
DEL and the C1 controls are allowed by XML but are never text: they come from a bad conversion
or a paste from another program. Text fields, mapping values and bodies that hold any of them
are refused at load time (``text.control``), so ``check`` finds them and no output carries them.
"""
from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def control_positions(text: str, start: int = 0, limit: int = 10) -> list[tuple[int, int, str]]:
    """(line, column, character) of the first ``limit`` ``CONTROL`` characters from ``start``,
    1-based, lines split on "\\n" and counted from the start of ``text``."""
    out: list[tuple[int, int, str]] = []
    line, counted = text.count("\n", 0, start) + 1, start
    for m in CONTROL.finditer(text, start):
        if len(out) == limit:
            break
        line += text.count("\n", counted, m.start())
        counted = m.start()
        out.append((line, m.start() - text.rfind("\n", 0, m.start()), m[0]))
    return out


def control_message(char: str) -> str:
    return (f"contains the control character U+{ord(char):04X}, which no web page, feed or sitemap may "
            "carry (often pasted from another program); delete it")
