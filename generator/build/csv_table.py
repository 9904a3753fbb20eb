"""CSV attachments as accessible HTML tables, made at build time (a view of the file, never stored).

A CSV is read with Python's ``csv`` module: UTF-8 (a byte-order mark is allowed), cells separated
by `,` or `;` (sniffed), the first row the column headers. Every build checks every CSV an item
attaches (``csv_problems``): a file that is not UTF-8, not rectangular (a row with another number
of cells than the header) or not CSV at all is an error at the file's own line. The item's page then
shows the table (``table_view``): a caption, header cells with ``scope``, the first column as row
headers when it is text, numbers right-aligned and grouped as readers of the page's language write
them. A long file shows its first ``MAX_ROWS`` rows with a note that says how many there are; the
download link is always there. Both the check and the table read the file one row at a time, so a
CSV of any size costs the memory of one row to check and of ``MAX_ROWS`` rows to show.

How numbers are read follows the separator: with `,` they are written as machines write them
(1250000, 12.5, or 1,250,000 inside quotes), with `;` as Vietnamese readers do (1.250.000, 12,5).
A whole number with a leading zero (007) is a code, not a number; a column of years (four digits,
1000 to 2999, nothing else) is shown as written.
"""
from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from ..core.diagnostics import Diagnostic, error
from ..core.textcheck import NOT_NFC
from ..model.i18n import format_number, words
from .documents import Document

MAX_ROWS = 200                # rows a page shows; the note says how many there are
SNIFF_BYTES = 16 * 1024       # of the file's start the separator is sniffed from (the sniffer is quadratic)
SNIFF_CHARS = 4096
MAX_CELL = 100_000            # characters of one cell (csv's own limit, 131072, would raise)
MAX_DIGITS = 18               # digits of a number (babel cannot group more than 28; quantities never have 19)
MAX_LINE = 4 * 1024 * 1024    # bytes of one line: what one read may hold, so memory stays bounded

_MACHINE = (re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?"), re.compile(r"-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"))
_VIETNAMESE = (re.compile(r"-?(?:0|[1-9]\d*)(?:,\d+)?"), re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"))
_YEAR = re.compile(r"[12]\d{3}")


@dataclass(frozen=True)
class Problem:
    line: int
    code: str
    message: str


class _NoTable(Exception):
    """Raised by the row stream at the first reason the file is no table."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _delimiter(head: bytes) -> str:
    """`,` or `;`, sniffed from the file's first bytes (a cut line at their end is left out)."""
    sample = head.decode("utf-8-sig", errors="ignore")[:SNIFF_CHARS]
    if (len(head) == SNIFF_BYTES or len(sample) == SNIFF_CHARS) and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:  # one column, or nothing to tell the separators apart by
        first = sample.split("\n", 1)[0]
        return ";" if first.count(";") > first.count(",") else ","


def _lines(stream: BinaryIO) -> Iterator[str]:
    """The file's lines, decoded one at a time (a byte-order mark dropped): never the whole file."""
    for number, raw in enumerate(iter(lambda: stream.readline(MAX_LINE + 1), b""), 1):
        if len(raw) > MAX_LINE:
            raise _NoTable(Problem(number, "csv.malformed", f"has a line longer than {MAX_LINE:,} bytes; "
                                                            "is it a table of rows, one a line?"))
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise _NoTable(Problem(number, "csv.encoding", "is not UTF-8 text; save it as “CSV UTF-8” "
                                                           "(Excel: Save As → CSV UTF-8) and attach it again")) from None


def _rows(stream: BinaryIO, delimiter: str) -> Iterator[tuple[str, ...]]:
    """The header, then each row of data, read as they come; raises ``_NoTable`` at the first problem,
    so a caller that reads every row has checked the file with the memory of one row."""
    reader = csv.reader(_lines(stream), delimiter=delimiter, strict=True)
    width = count = 0
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if any(len(cell) > MAX_CELL for cell in cells):
                raise _NoTable(Problem(start, "csv.malformed", f"has a cell longer than {MAX_CELL:,} characters; "
                                                               "is a quote (\") left open?"))
            if count and len(cells) != width:
                raise _NoTable(Problem(start, "csv.shape",
                                       f"this row has {len(cells)} cells but the header has {width} (separator "
                                       f"`{delimiter}`); every row needs one cell per column: add the missing cells "
                                       "(empty ones too) or quote a cell that contains the separator"))
            width = width or len(cells)
            count += 1
            yield tuple(cell.strip() for cell in cells)
    except csv.Error as exc:
        raise _NoTable(Problem(reader.line_num or 1, "csv.malformed",
                               f"cannot be read as CSV ({exc}); check its quotes")) from None
    if count == 0:
        raise _NoTable(Problem(1, "csv.empty", "is empty; a data file needs a header row and at least one row of data"))
    if count == 1:
        raise _NoTable(Problem(1, "csv.empty", "has a header row but no data; add the rows of data"))


def _open_rows(stream: BinaryIO) -> tuple[str, Iterator[tuple[str, ...]]]:
    delimiter = _delimiter(stream.read(SNIFF_BYTES))
    stream.seek(0)
    return delimiter, _rows(stream, delimiter)


def csv_problem(path: Path) -> Problem | None:
    """The first reason the CSV at ``path`` is no table, or None; reads it row by row."""
    try:
        with path.open("rb") as stream:
            for _ in _open_rows(stream)[1]:
                pass
    except _NoTable as bad:
        return bad.problem
    except OSError as exc:
        return Problem(1, "file.unreadable", f"cannot be read ({exc.strerror or exc})")
    try:  # a table's cells are published as text: NFC, as every text (TCVN 6909); line by line, as the rows
        with path.open("rb") as stream:
            for number, line in enumerate(stream, 1):
                if not line.isascii() and not unicodedata.is_normalized("NFC", line.decode("utf-8", "replace")):
                    return Problem(number, "text.not-nfc", NOT_NFC)
    except OSError:
        pass
    return None


def csv_problems(documents: list[Document], root: Path) -> list[Diagnostic]:
    """Every CSV an item attaches, checked: a located error when it is no table."""
    out = []
    seen: set[str] = set()
    for doc in documents:
        for attachment in doc.attachments:
            if attachment.ext != "csv" or not attachment.source or attachment.source in seen:
                continue
            seen.add(attachment.source)
            found = csv_problem(root / attachment.source)
            if found is not None:
                out.append(error(attachment.source, found.line, found.code,
                                 f"{attachment.name} (attached by {doc.path}) {found.message}"))
    return out


def _number(text: str, delimiter: str) -> Decimal | None:
    """The number a cell holds, read by the file's convention; None for text and codes (007, and a
    string of more than ``MAX_DIGITS`` digits: an account or serial number, never a quantity)."""
    if not text or sum(c.isdigit() for c in text) > MAX_DIGITS or (len(text.lstrip("-")) > 1 and text.lstrip("-")[0] == "0" and text.lstrip("-")[1].isdigit()):
        return None
    plain, grouped = _VIETNAMESE if delimiter == ";" else _MACHINE
    group, point = (".", ",") if delimiter == ";" else (",", ".")
    if plain.fullmatch(text) or grouped.fullmatch(text):
        return Decimal(text.replace(group, "").replace(point, "."))
    return None


def table_view(path: Path, name: str, caption: str, lang: str) -> dict:
    """What a page shows of one CSV: caption, header, its first ``MAX_ROWS`` rows (each cell's text,
    whether a number and whether a row header), and a note when there are more. The file is read
    row by row and only the rows shown are kept, so a file of any size costs the memory of those.
    ``path`` passed ``csv_problem``; should it not, the page offers the file for download only."""
    t = words(lang)
    view = {"caption": caption, "columns": [], "rows": [], "note": ""}
    try:
        with path.open("rb") as stream:
            delimiter, rows = _open_rows(stream)
            header = next(rows)
            shown = list(itertools.islice(rows, MAX_ROWS))
            total = len(shown) + sum(1 for _ in rows)
    except (_NoTable, OSError, StopIteration):
        return view
    numbers = [[_number(row[i], delimiter) for row in shown] for i in range(len(header))]
    numeric = [all(n is not None for n, row in zip(col, shown) if row[i]) and any(n is not None for n in col)
               for i, col in enumerate(numbers)]
    years = [numeric[i] and all(_YEAR.fullmatch(row[i]) for row in shown if row[i]) for i in range(len(header))]
    row_header = not numeric[0]
    view["columns"] = [{"text": text, "numeric": numeric[i]} for i, text in enumerate(header)]
    for r, row in enumerate(shown):
        cells = []
        for i, text in enumerate(row):
            value = text
            if numeric[i] and not years[i] and numbers[i][r] is not None:
                value = format_number(numbers[i][r], lang)
            cells.append({"text": value, "numeric": numeric[i], "header": i == 0 and row_header})
        view["rows"].append(cells)
    if total > MAX_ROWS:
        view["note"] = t["table_cut"].format(shown=format_number(MAX_ROWS, lang), total=format_number(total, lang),
                                             name=name)
    return view
