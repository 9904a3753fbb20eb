"""The readable text of an attachment, for search: `.txt`, `.csv` (a table's cells, as shown on its
page), `.pdf` (pypdf) and `.docx` (python-docx).

``extract`` reads bytes, never raises for what a file holds, and returns the text NFC-normalised,
with every run of whitespace (and any control character, which no output may carry) as one space,
or why there is none. Other kinds of file (images, spreadsheets, `.doc`, `.odt`, archives) have
no text here.

Limits, so that one file cannot make the build slow or its index large:

- ``MAX_CHARS`` (200,000 characters, about 60 pages of a decision) of text are kept per file;
  past it the text is cut at a space and the result says so (``truncated``): a warning
  ``attachment.text-truncated`` at the item. A PDF stops being read at the page that reaches it.
- A PDF or DOCX over ``MAX_BYTES`` (20 MB, as an image's limit in images.py) is not opened at all
  (``attachment.text-too-large``); a DOCX whose parts unzip to more than ``MAX_UNZIPPED`` is
  refused too (a zip bomb). pypdf bounds each stream it decompresses itself (75 MB).
- A `.txt` is read from its start only as far as ``MAX_CHARS`` characters can reach, whatever its size.

A file that cannot be read (a damaged or encrypted PDF, a `.docx` that is not a Word document,
a `.txt` neither UTF-8 nor UTF-16 with a byte-order mark) gives a warning
``attachment.text-unreadable``, never an error: the file is still published, only its words
cannot be found. ``texts`` runs while an item loads, on every build (the text follows the
attachment's bytes, not the item's); a PDF's or DOCX's result is kept in the parse cache under
the hash of the file's bytes and ``VERSION``, so a rebuild does not parse it again. A `.txt` is
only decoded, which costs no more than hashing it would.
"""
from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Iterator

from ..core.cache import ParseCache, cache_key
from ..core.controlchars import CONTROL
from ..core.diagnostics import Diagnostic, warning
from ..core.fields import shown

MAX_CHARS = 200_000
MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
EXTRACTED = ("txt", "csv", "pdf", "docx")
PLAIN = ("txt", "csv")  # read as text: decoded, not parsed
# pypdf and python-docx are imported when a file of theirs is read (a build with every text cached,
# or with nothing to read, does without them); their versions are in the cache's key all the same.
VERSION = f"1:{MAX_CHARS}:{MAX_BYTES}:{MAX_UNZIPPED}:{version('pypdf')}:{version('python-docx')}"

_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")  # soft hyphen, zero-width space, word joiner, BOM
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass(frozen=True)
class Extracted:
    text: str = ""
    truncated: bool = False  # the file holds more than MAX_CHARS characters: ``text`` is the first part
    problem: str = ""        # why there is no text, said after the file's name
    code: str = ""


def normalised(text: str) -> str:
    """NFC, control and invisible characters out, every run of whitespace one space, no space at the ends."""
    text = _INVISIBLE.sub("", CONTROL.sub(" ", text))
    return " ".join(unicodedata.normalize("NFC", text).split())


class _Collector:
    """Normalised text gathered piece by piece, until MAX_CHARS is passed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    @property
    def full(self) -> bool:
        return self.length > MAX_CHARS

    def add(self, piece: str) -> None:
        piece = normalised(piece)
        if piece and not self.full:
            self.parts.append(piece)
            self.length += len(piece) + 1

    def result(self, more: bool = False) -> Extracted:
        """The text; ``more`` when the source had more than was collected."""
        return _capped(" ".join(self.parts), more)


def _capped(text: str, more: bool = False) -> Extracted:
    if len(text) <= MAX_CHARS:
        return Extracted(text, more)
    cut = text[:MAX_CHARS + 1]
    space = cut.rfind(" ")
    return Extracted(cut[:space] if space > MAX_CHARS * 0.9 else cut[:MAX_CHARS], True)


def _txt(stream: io.BufferedIOBase) -> Extracted:
    """UTF-8 (with or without a BOM) or UTF-16 with a BOM; read only as far as MAX_CHARS can reach."""
    head = stream.read(MAX_CHARS * 4 + 4)  # four bytes a character at most, whatever the encoding
    more = bool(stream.read(1))
    encoding = next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(head, final=not more)
    except UnicodeDecodeError:
        return Extracted(problem="is not UTF-8 text (nor UTF-16 with a byte-order mark), so search cannot read "
                         "it; save it as UTF-8 (Unicode) and commit it again", code="attachment.text-unreadable")
    return _capped(normalised(text), more)


class _Quiet:
    """pypdf's log lines and warnings about a damaged file stay out of the build's output:
    what matters about the file is said once, as a diagnostic."""

    def __enter__(self):
        self._logger = logging.getLogger("pypdf")
        self._level = self._logger.level
        self._logger.setLevel(logging.CRITICAL + 1)
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore")
        return self

    def __exit__(self, *exc) -> None:
        self._warnings.__exit__(*exc)
        self._logger.setLevel(self._level)


def _pdf(raw: bytes) -> Extracted:
    unreadable = ("cannot be read as a PDF ({}), so search cannot read its text; export it again as PDF from "
                  "the original document (File → Export as PDF) and commit that file")
    with _Quiet():
        try:
            import pypdf
            reader = pypdf.PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return Extracted(problem="is protected by a password, so search cannot read its text; publish it "
                                 "without a password (a citizen must be able to open it too)",
                                 code="attachment.text-unreadable")
            collected = _Collector()
            pages = reader.pages
            for number in range(len(pages)):
                if collected.full:
                    return collected.result(more=True)
                collected.add(pages[number].extract_text() or "")
            return collected.result()
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on a damaged file; none may stop a build
            detail = f"{type(exc).__name__}: {str(exc)[:120]}" if str(exc) else type(exc).__name__
            return Extracted(problem=unreadable.format(detail), code="attachment.text-unreadable")


def _blocks(container) -> Iterator[str]:
    """The text of a document body or a table cell, paragraphs and tables in their order;
    a merged cell, which python-docx gives once per grid column, is read once."""
    from docx.table import Table
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            seen = set()
            for row in block.rows:
                for cell in row.cells:
                    if cell._tc not in seen:
                        seen.add(cell._tc)
                        yield from _blocks(cell)
        else:
            yield block.text


def _docx(raw: bytes) -> Extracted:
    unreadable = ("cannot be read as a Word document ({}), so search cannot read its text; open it in Word or "
                  "LibreOffice, save it again as .docx and commit that file")
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
        if unzipped > MAX_UNZIPPED:
            return Extracted(problem=unreadable.format(f"its parts unzip to {unzipped // 1024 // 1024} MB, over "
                                                       f"the limit of {MAX_UNZIPPED // 1024 // 1024} MB"),
                             code="attachment.text-unreadable")
        from docx import Document as open_docx
        collected = _Collector()
        for text in _blocks(open_docx(io.BytesIO(raw))):
            if collected.full:
                return collected.result(more=True)
            collected.add(text)
        return collected.result()
    except Exception as exc:  # noqa: BLE001 - zipfile, lxml and python-docx raise many kinds; none may stop a build
        detail = f"{type(exc).__name__}: {str(exc)[:120]}" if str(exc) else type(exc).__name__
        return Extracted(problem=unreadable.format(detail), code="attachment.text-unreadable")


def extract(raw: bytes, ext: str) -> Extracted:
    """The text of a file's bytes by its extension (lower case, no dot); nothing for other kinds."""
    if ext not in EXTRACTED:
        return Extracted()
    if ext in PLAIN:
        return _txt(io.BytesIO(raw))
    if len(raw) > MAX_BYTES:
        return _too_large(len(raw))
    return _pdf(raw) if ext == "pdf" else _docx(raw)


def _too_large(size: int) -> Extracted:
    return Extracted(problem=f"is {size / 1024 / 1024:.1f} MB, over the limit of {MAX_BYTES // 1024 // 1024} MB "
                     "for reading its text, so search cannot find its words; save a smaller file (a PDF "
                     "exported from the original rather than scanned), or attach its text as a .txt too",
                     code="attachment.text-too-large")


def read(path: Path, ext: str, cache: ParseCache) -> Extracted:
    """The text of the file at ``path``; a PDF's or DOCX's is cached by the hash of its bytes."""
    if ext not in EXTRACTED:
        return Extracted()
    if ext in PLAIN:
        with path.open("rb") as stream:
            return _txt(stream)
    size = path.stat().st_size
    if size > MAX_BYTES:
        return _too_large(size)
    raw = path.read_bytes()
    key = cache_key("attachment-text:" + VERSION, ext, raw)
    found = cache.get(key)
    if not isinstance(found, Extracted):
        found = extract(raw, ext)
        cache.put(key, found)
    return found


def texts(root: Path, attachments, lines: dict[str, int], rel: str, cache: ParseCache,
          problems: list[Diagnostic]) -> tuple[str, ...]:
    """The text of each attachment, in their order ("" for one with none), and a warning at the line
    of its field for a text cut at MAX_CHARS or not read."""
    out = []
    for attachment in attachments:
        if not attachment.source:  # a removed item's file that no longer exists
            out.append("")
            continue
        try:
            found = read(root / attachment.source, attachment.ext, cache)
        except OSError as exc:
            found = Extracted(problem=f"cannot be opened ({exc.strerror or exc}), so search cannot read its text",
                              code="attachment.text-unreadable")
        line = lines.get(attachment.field, 1)
        if attachment.ext == "csv":  # what is wrong with a table is said by its own check (csv_table.py)
            out.append(found.text)
            continue
        if found.problem:
            problems.append(warning(rel, line, found.code, f"`{shown(attachment.name)}` {found.problem}"))
        elif found.truncated:
            problems.append(warning(rel, line, "attachment.text-truncated",
                                    f"`{shown(attachment.name)}` holds more than {MAX_CHARS:,} characters of text; "
                                    f"search indexes the first {len(found.text):,} only, so words after them "
                                    "cannot be found. Split it into several files if every part must be found"))
        out.append(found.text)
    return tuple(out)
