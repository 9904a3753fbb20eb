"""CSV attachments as accessible HTML tables, made at build time (a view of the file, never stored).

A CSV is read with Python's ``csv`` module: UTF-8 (a byte-order mark is allowed), cells separated
by `,` or `;` (sniffed), the first row the column headers. Every build checks every CSV an item
attaches (``csv_problems``): a file that is not UTF-8, not rectangular (a row with another number
of cells than the header) or not CSV at all is an error at the file's own line. The item's page then
shows the table (``table_view``): a caption, header cells with ``scope``, the first column as row
headers when it is text, numbers right-aligned and grouped as readers of the page's language write
them. A large file shows its first ``MAX_ROWS`` rows with a note, a very large one only the note;
the download link is always there.

How numbers are read follows the separator: with `,` they are written as machines write them
(1250000, 12.5, or 1,250,000 inside quotes), with `;` as Vietnamese readers do (1.250.000, 12,5).
A whole number with a leading zero (007) is a code, not a number; a column of years (four digits,
1000 to 2999, nothing else) is shown as written.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..core.diagnostics import Diagnostic, error
from ..model.i18n import format_number, words
from .documents import Document

MAX_TABLE_BYTES = 512 * 1024  # a larger file is offered for download only, with a note
MAX_ROWS = 200                # rows a page shows; the note says how many there are
SNIFF_CHARS = 4096             # of the file's start the separator is sniffed from (the sniffer is quadratic)
MAX_CELL = 100_000            # characters of one cell (csv's own limit, 131072, would raise)

_MACHINE = (re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?"), re.compile(r"-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"))
_VIETNAMESE = (re.compile(r"-?(?:0|[1-9]\d*)(?:,\d+)?"), re.compile(r"-?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"))
_YEAR = re.compile(r"[12]\d{3}")


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    delimiter: str


@dataclass(frozen=True)
class Problem:
    line: int
    code: str
    message: str


def _delimiter(text: str) -> str:
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;").delimiter
    except csv.Error:  # one column, or nothing to tell the separators apart by
        return ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","


def read_csv(data: bytes) -> Table | Problem:
    """The table a CSV holds, or the first reason it is none."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Problem(data[:exc.start].count(b"\n") + 1, "csv.encoding",
                       "is not UTF-8 text; save it as “CSV UTF-8” (Excel: Save As → CSV UTF-8) and attach it again")
    if not text.strip():
        return Problem(1, "csv.empty", "is empty; a data file needs a header row and at least one row of data")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[str, ...]] = []
    width = 0
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue  # a blank line
            if any(len(cell) > MAX_CELL for cell in cells):
                return Problem(start, "csv.malformed", f"has a cell longer than {MAX_CELL:,} characters; "
                                                       "is a quote (\") left open?")
            if rows and len(cells) != width:
                return Problem(start, "csv.shape",
                               f"this row has {len(cells)} cells but the header has {width} (separator "
                               f"`{delimiter}`); every row needs one cell per column: add the missing cells "
                               "(empty ones too) or quote a cell that contains the separator")
            width = width or len(cells)
            rows.append(tuple(cell.strip() for cell in cells))
    except csv.Error as exc:
        return Problem(reader.line_num or 1, "csv.malformed", f"cannot be read as CSV ({exc}); check its quotes")
    if len(rows) < 2:
        return Problem(1, "csv.empty", "has a header row but no data; add the rows of data")
    return Table(rows[0], tuple(rows[1:]), delimiter)


def csv_problems(documents: list[Document], root: Path) -> list[Diagnostic]:
    """Every CSV an item attaches, checked: a located error when it is no table."""
    out = []
    seen: set[str] = set()
    for doc in documents:
        for attachment in doc.attachments:
            if attachment.ext != "csv" or not attachment.source or attachment.source in seen:
                continue
            seen.add(attachment.source)
            try:
                found = read_csv((root / attachment.source).read_bytes())
            except OSError as exc:
                found = Problem(1, "file.unreadable", f"cannot be read ({exc.strerror or exc})")
            if isinstance(found, Problem):
                out.append(error(attachment.source, found.line, found.code,
                                 f"{attachment.name} (attached by {doc.path}) {found.message}"))
    return out


def _number(text: str, delimiter: str) -> Decimal | None:
    """The number a cell holds, read by the file's convention; None for text and codes (007)."""
    if not text or (len(text.lstrip("-")) > 1 and text.lstrip("-")[0] == "0" and text.lstrip("-")[1].isdigit()):
        return None
    plain, grouped = _VIETNAMESE if delimiter == ";" else _MACHINE
    group, point = (".", ",") if delimiter == ";" else (",", ".")
    if plain.fullmatch(text) or grouped.fullmatch(text):
        return Decimal(text.replace(group, "").replace(point, "."))
    return None


def table_view(data: bytes, name: str, caption: str, lang: str) -> dict:
    """What a page shows of one CSV: caption, header, rows (each cell's text, whether a number and
    whether a row header), and a note when not every row is shown. ``data`` passed ``read_csv``."""
    t = words(lang)
    view = {"caption": caption, "columns": [], "rows": [], "note": ""}
    if len(data) > MAX_TABLE_BYTES:
        view["note"] = t["table_too_large"].format(name=name, size=f"{len(data) // 1024:,} KB".replace(",", "."))
        return view
    table = read_csv(data)
    if isinstance(table, Problem):  # never after a passing check; shown as a download only
        return view
    numbers = [[_number(row[i], table.delimiter) for row in table.rows] for i in range(len(table.header))]
    numeric = [all(n is not None for n, row in zip(col, table.rows) if row[i]) and any(n is not None for n in col)
               for i, col in enumerate(numbers)]
    years = [numeric[i] and all(_YEAR.fullmatch(row[i]) for row in table.rows if row[i])
             for i in range(len(table.header))]
    row_header = not numeric[0]
    view["columns"] = [{"text": text, "numeric": numeric[i]} for i, text in enumerate(table.header)]
    for r, row in enumerate(table.rows[:MAX_ROWS]):
        cells = []
        for i, text in enumerate(row):
            shown = text
            if numeric[i] and not years[i] and numbers[i][r] is not None:
                shown = format_number(numbers[i][r], lang)
            cells.append({"text": shown, "numeric": numeric[i], "header": i == 0 and row_header})
        view["rows"].append(cells)
    if len(table.rows) > MAX_ROWS:
        view["note"] = t["table_cut"].format(shown=MAX_ROWS, total=len(table.rows), name=name)
    return view
