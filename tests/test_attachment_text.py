"""The text of `.txt`, `.pdf` and `.docx` attachments, read for search (issue 12, point 1): real
files made here (a PDF written by hand with a ToUnicode map, a Word document by python-docx), the
cap and its warning, unreadable files as warnings, the text following the attachment's bytes
through the parse cache, and the example province's 2024 decision."""
from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import docx
import pypdf
from sitekit import NOW, write_repo

from generator.build.attachment_text import (
    MAX_BYTES,
    MAX_CHARS,
    VERSION,
    Extracted,
    extract,
    normalised,
    read,
)
from generator.core.cache import ParseCache, cache_key
from generator.pipeline import BuildOptions, load_content

REPO = Path(__file__).resolve().parents[1]
DECISION = "Chủ tịch Ủy ban nhân dân tỉnh Dương Xuân Huyên ký quyết định về đường Hùng Vương"


def pdf_with_text(pages: list[list[str]]) -> bytes:
    """A small valid PDF whose pages show the given lines in a Type0 font whose ToUnicode map gives
    each character back, decomposed (NFD) as some PDF makers write Vietnamese. There is no font
    program: a reader finds the text, not the glyphs' shapes."""
    chars = sorted({c for page in pages for line in page for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    bfchar = "".join(f"<{cid[c]:04X}> <{unicodedata.normalize('NFD', c).encode('utf-16-be').hex().upper()}>\n"
                     for c in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{bfchar}endbfchar\n"
            "endcmap CMapName currentdict /CMap defineresource pop end end\n")
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    def stream(data: str) -> bytes:
        raw = data.encode("latin-1")
        return b"<< /Length %d >>\nstream\n" % len(raw) + raw + b"\nendstream"

    catalog, tree = add(""), add("")  # written once the pages are known
    to_unicode = add(stream(cmap))
    descriptor = add("<< /Type /FontDescriptor /FontName /Demo /Flags 32 /FontBBox [0 -200 1000 900] "
                     "/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>")
    cidfont = add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Demo /CIDSystemInfo << /Registry (Adobe) "
                  f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 500 >>")
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /Demo /Encoding /Identity-H "
               f"/DescendantFonts [{cidfont} 0 R] /ToUnicode {to_unicode} 0 R >>")
    kids = []
    for page in pages:
        ops = ["BT /F1 12 Tf 14 TL 72 720 Td"]
        ops += ["<" + "".join(f"{cid[c]:04X}" for c in line) + "> Tj T*" for line in page]
        content = add(stream("\n".join([*ops, "ET"])))
        kids.append(add(f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 612 792] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    objects[tree - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)


def docx_bytes(*blocks) -> bytes:
    """A Word document of paragraphs (str) and tables (lists of rows of cells), in order."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
            continue
        table = document.add_table(rows=len(block), cols=len(block[0]))
        for r, row in enumerate(block):
            for c, value in enumerate(row):
                if value is None:  # merged into the cell on its left
                    table.cell(r, c - 1).merge(table.cell(r, c))
                else:
                    table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def legal(files: str, status: str = "") -> str:
    return ('---\ndoc_form: "Quyết định"\nissuing_authority: "UBND tỉnh"\nnumber: "40/2024"\nsymbol: "QĐ-UBND"\n'
            'issued_date: 2024-10-25\neffective_date: 2024-11-10\nabstract: "Trích yếu"\n'
            f"{status}files: {files}\n---\nNội dung.\n")


def load(root: Path, cache: Path | None = None):
    """Every item of the repository as the build loads it, and every diagnostic."""
    loaded: list = []
    _, _, problems = load_content(BuildOptions(root=root, out=root / "public", now=NOW, cache_dir=cache),
                                  None, loaded)
    return {doc.path: doc for doc in loaded}, problems


ITEM = "content/tinh/legal/2024/qd.md"


# --- reading one file ---------------------------------------------------------------------------------

def test_a_pdf_gives_the_text_of_every_page_in_nfc():
    raw = pdf_with_text([["Quyết định số 40/2024/QĐ-UBND", "Chủ tịch   Dương Xuân Huyên"], ["đường Hùng Vương"]])
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(raw)).pages]
    assert not unicodedata.is_normalized("NFC", pages[0])  # pypdf gives what the map says: decomposed
    found = extract(raw, "pdf")
    assert found.text == "Quyết định số 40/2024/QĐ-UBND Chủ tịch Dương Xuân Huyên đường Hùng Vương"
    assert unicodedata.is_normalized("NFC", found.text) and not found.truncated and not found.problem


def test_a_docx_gives_paragraphs_and_table_cells_in_order():
    raw = docx_bytes("Điều 1. Ban hành Quy chế", [["Họ và tên", "Chức vụ"], ["Dương Xuân Huyên", "Chủ tịch"],
                                                  ["Hùng Vương", None]], "Điều 2. Hiệu lực thi hành")
    found = extract(raw, "docx")
    # the merged cell is read once, not once per column it spans
    assert found.text == ("Điều 1. Ban hành Quy chế Họ và tên Chức vụ Dương Xuân Huyên Chủ tịch Hùng Vương "
                          "Điều 2. Hiệu lực thi hành")


def test_a_txt_in_utf8_with_or_without_bom_or_utf16_with_bom():
    text = "Ủy ban nhân dân\r\n\ttỉnh Lạng Sơn\u00a0 đường Hùng Vương\n"
    nfd = unicodedata.normalize("NFD", text)
    for raw in (text.encode(), b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16"),
                codecs_utf16_be_with_bom(text), nfd.encode()):
        assert extract(raw, "txt").text == "Ủy ban nhân dân tỉnh Lạng Sơn đường Hùng Vương", raw[:8]
    refused = extract("Thông báo".encode("cp1258"), "txt")  # an old Windows code page, not Unicode
    assert refused.text == "" and refused.code == "attachment.text-unreadable"
    assert extract(text.encode("utf-16-le"), "txt").code == "attachment.text-unreadable"  # no BOM: not guessed


def codecs_utf16_be_with_bom(text: str) -> bytes:
    return b"\xfe\xff" + text.encode("utf-16-be")


def test_other_kinds_of_file_have_no_text():
    assert extract(b"Ho ten,Chuc vu\n", "csv").text == "Ho ten,Chuc vu"  # (a table's cells: shown, so searched)
    assert extract(pdf_with_text([["chữ"]]), "doc") == extract(b"", "odt") == extract(b"\x89PNG", "png")
    assert extract(pdf_with_text([["chữ"]]), "doc").text == ""


def test_the_cap_cuts_at_a_space_and_says_so():
    words = [f"từ{i}" for i in range(MAX_CHARS // 5)]
    long = " ".join(words)
    assert len(long) > MAX_CHARS
    half = len(words) // 2
    pages = [[" ".join(words[:half])], [" ".join(words[half:])]]  # the cap is reached on the second page
    for raw, ext in ((long.encode(), "txt"), (long.encode("utf-16"), "txt"), (docx_bytes(long), "docx"),
                     (pdf_with_text(pages), "pdf")):
        found = extract(raw, ext)
        assert found.truncated and found.text and MAX_CHARS * 0.9 < len(found.text) <= MAX_CHARS, ext
        assert long.startswith(found.text) and long[len(found.text)] == " ", ext  # no word cut in two
    short = extract(" ".join(f"từ{i}" for i in range(1000)).encode(), "txt")
    assert not short.truncated and short.text.endswith("từ999")


# --- while items load: warnings at the item, the cache, the example --------------------------------------

def test_unreadable_and_oversized_attachments_are_warnings_and_the_build_goes_on(tmp_path):
    write_repo(tmp_path, {ITEM: legal("[hong.pdf, khoa.pdf, tu.docx, cu.txt, to.pdf, bang.csv, ok.txt]"),
                          "content/tinh/legal/2024/hong.pdf": b"%PDF-1.4\n" + b"0" * 200,
                          "content/tinh/legal/2024/khoa.pdf": encrypted_pdf(),
                          "content/tinh/legal/2024/tu.docx": b"Day khong phai tep Word",
                          "content/tinh/legal/2024/cu.txt": "Thông báo".encode("cp1258"),  # no UTF-8
                          "content/tinh/legal/2024/bang.csv": "Ho ten,Chuc vu\nA,B\n",
                          "content/tinh/legal/2024/ok.txt": "Đường Hùng Vương\n"})
    with open(tmp_path / "content/tinh/legal/2024/to.pdf", "wb") as big:
        big.truncate(MAX_BYTES + 1)  # sparse: 20 MB on paper, nothing on disk
    docs, problems = load(tmp_path)
    mine = [(p.path, p.line, p.severity, p.code, p.message) for p in problems if p.code.startswith("attachment.")]
    assert [m[:4] for m in mine] == [(ITEM, 9, "warning", "attachment.text-unreadable")] * 4 + [
        (ITEM, 9, "warning", "attachment.text-too-large")]
    messages = dict((m[4].split("`")[1], m[4]) for m in mine)
    assert "cannot be read as a PDF (" in messages["hong.pdf"] and "export it again as PDF" in messages["hong.pdf"]
    assert "protected by a password" in messages["khoa.pdf"]
    assert "cannot be read as a Word document (BadZipFile" in messages["tu.docx"]
    assert "not UTF-8 text" in messages["cu.txt"] and "save it as UTF-8" in messages["cu.txt"]
    assert "is 20.0 MB, over the limit of 20 MB" in messages["to.pdf"]
    assert not any(p.severity == "error" for p in problems)
    doc = docs[ITEM]
    assert [a.name for a in doc.attachments] == ["hong.pdf", "khoa.pdf", "tu.docx", "cu.txt", "to.pdf", "bang.csv",
                                                 "ok.txt"]
    assert doc.attachment_text == ("", "", "", "", "", "Ho ten,Chuc vu A,B", "Đường Hùng Vương")


def test_a_long_attachment_is_cut_with_a_warning_at_its_field(tmp_path):
    long = " ".join(f"câu{i}" for i in range(MAX_CHARS // 5))
    write_repo(tmp_path, {ITEM: legal("\n  - dai.txt\n  - ngan.txt"),
                          "content/tinh/legal/2024/dai.txt": long, "content/tinh/legal/2024/ngan.txt": DECISION})
    docs, problems = load(tmp_path)
    mine = [p for p in problems if p.code.startswith("attachment.")]
    assert [(p.path, p.line, p.severity, p.code) for p in mine] == [(ITEM, 9, "warning", "attachment.text-truncated")]
    kept = docs[ITEM].attachment_text[0]
    assert mine[0].message == (f"`dai.txt` holds more than 200,000 characters of text; search indexes the first "
                               f"{len(kept):,} only, so words after them cannot be found. Split it into several "
                               "files if every part must be found")
    assert long.startswith(kept) and len(kept) <= MAX_CHARS
    assert docs[ITEM].attachment_text[1] == DECISION


def test_a_changed_attachment_gives_new_text_under_an_unchanged_item(tmp_path):
    """The item's parse comes from the cache; its attachment's text follows the attachment's bytes."""
    cache = tmp_path / "cache"
    first = pdf_with_text([["Quyết định về đường Hùng Vương"]])
    write_repo(tmp_path / "repo", {ITEM: legal("[qd.pdf, qd.docx]"), "content/tinh/legal/2024/qd.pdf": first,
                                   "content/tinh/legal/2024/qd.docx": docx_bytes("Bản Word đầu tiên")})
    docs, _ = load(tmp_path / "repo", cache)
    assert docs[ITEM].attachment_text == ("Quyết định về đường Hùng Vương", "Bản Word đầu tiên")
    stored = ParseCache(str(cache))
    try:  # the text was kept under the hash of the PDF's bytes
        assert stored.get(cache_key("attachment-text:" + VERSION, "pdf", first)).text == "Quyết định về đường Hùng Vương"
    finally:
        stored.close()
    item = (tmp_path / "repo" / ITEM).read_bytes()
    (tmp_path / "repo/content/tinh/legal/2024/qd.pdf").write_bytes(pdf_with_text([["Chủ tịch Dương Xuân Huyên"]]))
    (tmp_path / "repo/content/tinh/legal/2024/qd.docx").write_bytes(docx_bytes("Bản Word thứ hai"))
    docs, _ = load(tmp_path / "repo", cache)
    assert (tmp_path / "repo" / ITEM).read_bytes() == item
    assert docs[ITEM].attachment_text == ("Chủ tịch Dương Xuân Huyên", "Bản Word thứ hai")
    (tmp_path / "repo/content/tinh/legal/2024/qd.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 200)
    docs, problems = load(tmp_path / "repo", cache)
    assert docs[ITEM].attachment_text[0] == ""
    assert [(p.path, p.code) for p in problems if p.code.startswith("attachment.")] == [
        (ITEM, "attachment.text-unreadable")]


def test_a_cached_text_is_read_back_without_parsing_the_file(tmp_path):
    raw = pdf_with_text([["Hùng Vương"]])
    path = tmp_path / "qd.pdf"
    path.write_bytes(raw)
    cache = ParseCache(str(tmp_path / "cache"))
    try:
        assert read(path, "pdf", cache).text == "Hùng Vương"
    finally:
        cache.close()
    # A forged entry under the same key would be believed: proof that the second read takes the cache's
    # answer instead of opening the PDF again.
    forged = ParseCache(str(tmp_path / "cache"))
    key = cache_key("attachment-text:" + VERSION, "pdf", raw)
    forged.put(key, Extracted(text="từ bộ nhớ đệm"))
    forged.close()
    again = ParseCache(str(tmp_path / "cache"))
    try:
        assert read(path, "pdf", again).text == "từ bộ nhớ đệm"
    finally:
        again.close()


def test_a_removed_item_is_not_read(tmp_path):
    write_repo(tmp_path, {ITEM: legal("[hong.pdf]", status="status: removed\n"),
                          "content/tinh/legal/2024/hong.pdf": b"%PDF-1.4\n" + b"0" * 200})
    docs, problems = load(tmp_path)
    assert docs[ITEM].attachment_text == ()
    assert not [p for p in problems if p.code.startswith("attachment.")]


def test_the_example_decision_carries_the_whole_text_of_its_attachment():
    docs, problems = load(REPO)
    assert not [p for p in problems if p.code.startswith("attachment.")]  # every example file reads whole
    doc = docs["content/langson/legal/2024/40-2024-qd-ubnd.md"]
    assert [a.name for a in doc.attachments] == ["40-2024-qd-ubnd.txt"]
    source = (REPO / "content/langson/legal/2024/40-2024-qd-ubnd.txt").read_text(encoding="utf-8")
    assert doc.attachment_text == (normalised(source),)
    text = doc.attachment_text[0]
    assert len(text) > 30_000 and text.endswith(" ".join(source.split()[-6:]))
    middle = " ".join(source.split()[len(source.split()) // 2:][:8])
    assert middle in text
