"""Statistics: the period (month, quarter, year), the elements profiles require, and CSV data shown as
an accessible table: checked at build time, located when it is no table, capped when too large."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tracemalloc
import unicodedata
from pathlib import Path

import pytest
from browser import run_axe, skip_without_browser
from sitekit import codes, run_build, search_refs, write_repo

from generator.build import csv_table

REPO = Path(__file__).resolve().parents[1]
HOST = "langson.gov.vn"
REL = "content/tinh/statistics/2026/dan-so.md"
CSV_REL = "content/tinh/statistics/2026/dan-so.csv"
PDF = b"%PDF-1.4\n%%EOF\n"

ITEM = """\
---
title: "Dân số trung bình năm 2025"
date: 2026-03-20
period: 2025
dataset_files: [dan-so.csv]
---
Phân tích ngắn.
"""
DATA = "Xã;Dân số (người);Tỷ lệ tăng (%);Năm;Mã\nĐồng Đăng;12500;1,5;2025;007\nCao Lộc;1.250.000;12,25;2024;012\n"


def build(tmp_path: Path, item: str = ITEM, data: str | bytes = DATA, profile: str = "langson-2025", **more):
    write_repo(tmp_path, {REL: item, CSV_REL: data.encode("utf-8") if isinstance(data, str) else data, **more},
               profile=profile)
    return run_build(tmp_path)


def page(tmp_path: Path, host: str = HOST, path: str = "thong-ke/dan-so") -> str:
    return (tmp_path / "public" / host / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("written, shown_vi, shown_en", [
    ("2026-10", "Tháng 10 năm 2026", "October 2026"), ("2026-02", "Tháng 02 năm 2026", "February 2026"),
    ("2026-Q3", "Quý III năm 2026", "Q3 2026"), ("2026", "Năm 2026", "2026"), ('"2025"', "Năm 2025", "2025"),
])
def test_the_period_is_a_month_a_quarter_or_a_year(tmp_path, written, shown_vi, shown_en):
    item = ITEM.replace("period: 2025", f"period: {written}")
    result = build(tmp_path, item, **{"content/tinh/statistics/2026/dan-so.en.md": item.replace(
        "Dân số trung bình năm 2025", "Average population")})
    assert result.ok, [d.text() for d in result.diagnostics]
    assert f'<tr><th scope="row">Kỳ thống kê</th><td>{shown_vi}</td></tr>' in page(tmp_path)
    assert f'<tr><th scope="row">Period</th><td>{shown_en}</td></tr>' in page(
        tmp_path, "english.langson.gov.vn", "statistics/dan-so")
    record = json.loads((tmp_path / "public" / HOST / "thong-ke/dan-so/index.json").read_text())
    assert record["fields"]["period"] == written.strip('"')


@pytest.mark.parametrize("written", ["2026-13", "2026-00", "2026-Q5", "2026-Q0", "26", "quý 3/2026", "2026-3",
                                     "0000", "2026-q3"])
def test_anything_else_is_a_located_error(tmp_path, written):
    assert codes(build(tmp_path, ITEM.replace("period: 2025", f'period: "{written}"'))) == [
        (REL, 4, "field.period")]


@pytest.mark.parametrize("name", ["title", "date", "period"])
def test_every_profile_requires_title_date_and_period(tmp_path, name):
    item = "".join(x for x in ITEM.splitlines(keepends=True) if not x.startswith(name + ":"))
    assert codes(build(tmp_path, item)) == [(REL, 2, "field.required")]


BENTRE_ITEM = """\
---
title: "Kết quả điều tra doanh nghiệp năm 2025"
date: 2026-03-20
period: 2025
dataset_files: [dan-so.csv]
report: [bao-cao.pdf]
methodology: [phuong-phap.pdf]
analysis: [phan-tich.pdf]
survey_period: "01/3/2026 - 30/4/2026"
---
"""
BENTRE_FILES = {f"content/tinh/statistics/2026/{n}.pdf": PDF for n in ("bao-cao", "phuong-phap", "phan-tich")}


@pytest.mark.parametrize("name", ["dataset_files", "report", "methodology", "analysis", "survey_period"])
def test_bentre_requires_data_report_methodology_analysis_and_survey_period(tmp_path, name):
    item = "".join(x for x in BENTRE_ITEM.splitlines(keepends=True) if not x.startswith(name + ":"))
    result = build(tmp_path, item, profile="bentre-2019", **BENTRE_FILES)
    assert codes(result) == [(REL, 2, "field.required")] and f"`{name}`" in result.diagnostics[0].message
    assert build(tmp_path, item, **BENTRE_FILES).ok  # Lạng Sơn's profile does not name them


def test_bentre_refuses_an_empty_list_of_data_files(tmp_path):
    item = BENTRE_ITEM.replace("dataset_files: [dan-so.csv]", "dataset_files: []")
    assert codes(build(tmp_path, item, profile="bentre-2019", **BENTRE_FILES)) == [(REL, 5, "field.required")]
    assert build(tmp_path, BENTRE_ITEM, profile="bentre-2019", **BENTRE_FILES).ok


def test_caobang_requires_the_publish_decision_date(tmp_path):
    result = build(tmp_path, ITEM.replace("dataset_files: [dan-so.csv]\n", ""), profile="caobang-2014")
    assert codes(result) == [(REL, 2, "field.required")] and "`publish_decision_date`" in result.diagnostics[0].message
    item = ITEM.replace("dataset_files: [dan-so.csv]\n", "publish_decision_date: 2026-03-18\n")
    assert build(tmp_path, item, profile="caobang-2014").ok
    assert "18 tháng 3 năm 2026" in page(tmp_path, "www.caobang.gov.vn")


def test_a_csv_becomes_an_accessible_table_with_numbers_grouped(tmp_path):
    assert build(tmp_path, data="\ufeff" + DATA).ok  # Excel's "CSV UTF-8" starts with a byte-order mark
    html = page(tmp_path)
    table = html[html.index('<table class="csv-table"'):html.index("</table>", html.index('class="csv-table"'))]
    assert '<caption id="bang-so-lieu-1-caption">Dân số trung bình năm 2025 (dan-so.csv)</caption>' in table
    assert re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table) == [
        "Xã", "Dân số (người)", "Tỷ lệ tăng (%)", "Năm", "Mã"]
    assert re.findall(r'<th scope="row">([^<]+)</th>', table) == ["Đồng Đăng", "Cao Lộc"]
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)
    assert cells == ["12.500", "1,5", "2025", "1.250.000", "12,25", "2024"]  # years as written
    assert "<td>007</td>" in table and "<td>012</td>" in table  # codes are text
    assert '<a href="/thong-ke/dan-so/dan-so.csv" download>Tải về tệp số liệu: dan-so.csv</a>' in html
    assert (tmp_path / "public" / HOST / "thong-ke/dan-so/dan-so.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert 'role="region" aria-labelledby="bang-so-lieu-1-caption" tabindex="0"' in html


def test_a_comma_separated_file_writes_numbers_as_machines_do(tmp_path):
    data = 'Huyện,Diện tích (ha),Sản lượng\n"Cao Lộc, Lạng Sơn",1250.5,"1,250,000"\nVăn Lãng,980,12000\n'
    assert build(tmp_path, data=data).ok
    html = page(tmp_path)
    assert re.findall(r'<th scope="row">([^<]+)</th>', html)[-2:] == ["Cao Lộc, Lạng Sơn", "Văn Lãng"]
    assert re.findall(r'<td class="num">([^<]+)</td>', html) == ["1.250,5", "1.250.000", "980", "12.000"]
    item_en = ITEM.replace("Dân số trung bình năm 2025", "Average population")
    assert build(tmp_path, data=data, **{"content/tinh/statistics/2026/dan-so.en.md": item_en}).ok
    english = page(tmp_path, "english.langson.gov.vn", "statistics/dan-so")
    assert re.findall(r'<td class="num">([^<]+)</td>', english) == ["1,250.5", "1,250,000", "980", "12,000"]


@pytest.mark.parametrize("data, line, code", [
    (b"Thon;So ho\nTh\xf4n 1;12500\n", 2, "csv.encoding"),  # "Thôn" in Windows-1252, as old tools save it
    ("Xã;Dân số\nĐồng Đăng;12500\nCao Lộc;1;2\n", 3, "csv.shape"),
    ("Xã;Dân số;Năm\n\nĐồng Đăng;12500\n", 3, "csv.shape"),
    ("", 1, "csv.empty"),
    ("Xã;Dân số\n", 1, "csv.empty"),
    ('Xã,Ghi chú\nĐồng Đăng,"mở ngoặc\n', 2, "csv.malformed"),
])
def test_a_csv_that_is_no_table_is_a_located_error_at_its_line(tmp_path, data, line, code):
    result = build(tmp_path, data=data)
    assert codes(result) == [(CSV_REL, line, code)]
    assert f"dan-so.csv (attached by {REL})" in result.diagnostics[0].message
    assert not (tmp_path / "public").exists()


def test_a_long_csv_shows_its_first_rows_with_a_note(tmp_path):
    rows = "".join(f"Thôn {n};{n * 10}\n" for n in range(1, csv_table.MAX_ROWS + 51))
    assert build(tmp_path, data="Thôn;Số hộ\n" + rows).ok
    html = page(tmp_path)
    table = html[html.index('<table class="csv-table"'):html.index("</table>", html.index('class="csv-table"'))]
    assert table.count('<th scope="row">') == csv_table.MAX_ROWS
    assert f"Bảng chỉ hiển thị {csv_table.MAX_ROWS} dòng đầu trong tổng số {csv_table.MAX_ROWS + 50} dòng" in html
    assert "Thôn 200<" in html and "Thôn 201<" not in html


def test_a_large_csv_shows_its_first_rows_and_the_note_in_the_page_language(tmp_path):
    line = "Thôn Nà Lầu;" + "1" * 60 + "\n"
    total = 2 * 1024 * 1024 // len(line.encode()) + 10  # 2 MB: once offered for download only
    item_en = ITEM.replace("Dân số trung bình năm 2025", "Households by village")
    assert build(tmp_path, data="Thôn;Mã\n" + line * total, **{"content/tinh/statistics/2026/dan-so.en.md": item_en}).ok
    html = page(tmp_path)
    assert html.count('<th scope="row">Thôn Nà Lầu</th>') == csv_table.MAX_ROWS
    grouped = f"{total:,}".replace(",", ".")
    assert (f"Bảng chỉ hiển thị {csv_table.MAX_ROWS} dòng đầu trong tổng số {grouped} dòng; "
            "tải tệp dan-so.csv để xem đầy đủ.") in html
    assert '<a href="/thong-ke/dan-so/dan-so.csv" download>Tải về tệp số liệu: dan-so.csv</a>' in html
    assert '<span class="file-meta">(CSV, 2,0 MB)</span>' in html
    english = page(tmp_path, "english.langson.gov.vn", "statistics/dan-so")
    assert english.count('<th scope="row">Thôn Nà Lầu</th>') == csv_table.MAX_ROWS
    assert f"The table shows the first {csv_table.MAX_ROWS} of {total:,} rows; download dan-so.csv to see them all." in english
    assert "Download the data file: dan-so.csv</a>" in english and "(CSV, 2.0 MB)" in english
    assert "dòng" not in english.split("<main", 1)[1].split("</main>")[0]
    assert "<td>" + "1" * 60 + "</td>" in html  # sixty digits are a code, shown as written


def test_checking_and_showing_a_csv_keeps_only_the_rows_shown_in_memory(tmp_path):
    """Row by row: the peak of Python's own allocations stays far below the file's size (the file is
    16 MB, a copy of it as text would be more); bench/csv_memory.py measures the whole build's RSS."""
    path = tmp_path / "so-ho.csv"
    row = "Thôn Nà Lầu;Xã Đồng Đăng;1.250;12,5\n"
    with path.open("w", encoding="utf-8") as out:
        out.write("Thôn;Xã;Số hộ;Tỷ lệ\n")
        for _ in range(16 * 1024 * 1024 // len(row.encode()) // 1000):
            out.write(row * 1000)
    tracemalloc.start()
    try:
        assert csv_table.csv_problem(path) is None
        view = csv_table.table_view(path, "so-ho.csv", "Số hộ", "vi")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(view["rows"]) == csv_table.MAX_ROWS and view["rows"][0][2]["text"] == "1.250"
    assert peak < 2 * 1024 * 1024, f"peak {peak:,} bytes for a {path.stat().st_size:,}-byte file"


def test_a_csv_line_too_long_to_hold_is_a_located_error(tmp_path):
    data = "Xã;Ghi chú\nĐồng Đăng;ngắn\nCao Lộc;" + "x" * (csv_table.MAX_LINE + 1) + "\n"
    result = build(tmp_path, data=data)
    assert codes(result) == [(CSV_REL, 3, "csv.malformed")] and "line longer than" in result.diagnostics[0].message


def test_new_statistics_stub_fails_until_filled_in(tmp_path):
    write_repo(tmp_path, {}, profile="caobang-2014")
    run = [sys.executable, str(REPO / "build.py")]
    out = subprocess.run(run + ["new", "statistics", "--site", "tinh", "--root", str(tmp_path), "--now",
                                "2026-10-05T09:00", "Tình hình kinh tế - xã hội tháng 9"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rel = out.stdout.strip()
    text = (tmp_path / rel).read_text(encoding="utf-8")
    assert re.search(r"^period: ", text, re.M) and re.search(r"^publish_decision_date: 2026-10-05", text, re.M)
    check = subprocess.run(run + ["check", "--root", str(tmp_path), "--no-cache"], capture_output=True, text=True)
    assert check.returncode == 1 and f"{rel}:4:" in check.stderr and "field.period" in check.stderr
    (tmp_path / rel).write_text(re.sub(r"^period: .*$", "period: 2026-09", text, flags=re.M), encoding="utf-8")
    check = subprocess.run(run + ["check", "--root", str(tmp_path), "--no-cache"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_the_table_and_the_grouped_listing_pass_axe_in_chromium(tmp_path, request):
    """WCAG 2.1 A/AA as axe-core checks it, on the pages as built (read from disk, no server needed)."""
    skip_without_browser(module=False)
    project = ('---\ntitle: "Chợ {n}"\ndate: 2026-0{n}-01\nproject_status: {s}\n---\n')
    more = {f"content/tinh/project/2026/p{n}.md": project.format(n=n, s=s)
            for n, s in enumerate(("preparing", "implementing", "completed"), 1)}
    assert build(tmp_path, data="\ufeff" + DATA, **more).ok
    browser = request.getfixturevalue("browser")  # the session's one (tests/conftest.py)
    for path in ("thong-ke/dan-so", "du-an"):
        tab = browser.new_page()
        try:
            tab.goto((tmp_path / "public" / HOST / path / "index.html").as_uri())
            found = run_axe(tab)
            assert found["passes"] and not found["violations"], (path, [v["id"] for v in found["violations"]])
        finally:
            tab.close()


def test_a_csv_and_a_layout_are_held_to_nfc_and_fixed_like_content(tmp_path):
    """Their words are published as a table's cells and on every page drawn with the layout."""
    footer = (REPO / "layouts/footer.html").read_text(encoding="utf-8")
    nfd_footer = footer + "<p>" + unicodedata.normalize("NFD", "Bản quyền thuộc Ủy ban nhân dân tỉnh") + "</p>\n"
    result = build(tmp_path, data=DATA.replace("Cao Lộc", unicodedata.normalize("NFD", "Cao Lộc")),
                   **{"layouts/footer.html": nfd_footer})
    line = footer.count("\n") + 1
    assert {(CSV_REL, 3, "text.not-nfc"), ("layouts/footer.html", line, "text.not-nfc")} <= set(codes(result))
    assert not result.ok
    fixed = subprocess.run([sys.executable, str(REPO / "build.py"), "fix", "--nfc", "--root", str(tmp_path)],
                           capture_output=True, text=True)
    assert f"normalised {CSV_REL}" in fixed.stdout and "normalised layouts/footer.html" in fixed.stdout
    assert run_build(tmp_path).ok


def test_a_wide_table_scrolls_in_its_own_box_and_the_page_keeps_a_phones_width(tmp_path, request):
    """WCAG 1.4.10 (reflow): at 360 px the lookups become cards, and a CSV table, which cannot, scrolls
    inside its region; the page itself never scrolls sideways."""
    skip_without_browser(module=False)
    from browser import page_opener, serving
    wide = ";".join(f"Cột số {n}" for n in range(12)) + "\n" + ";".join(str(1000 + n) for n in range(12)) + "\n"
    assert build(tmp_path, data=wide).ok
    browser = request.getfixturevalue("browser")
    with serving(tmp_path / "public") as port, page_opener(browser, port) as open_page:
        for path in ("/thong-ke/dan-so/", "/van-ban/tra-cuu/"):
            page = open_page(HOST, path, viewport={"width": 360, "height": 800})
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, (path, width)
        page = open_page(HOST, "/thong-ke/dan-so/", viewport={"width": 360, "height": 800})
        box = page.evaluate("(() => { const b = document.querySelector('.table-scroll'); "
                            "return [b.scrollWidth, b.clientWidth]; })()")
        assert box[0] > box[1]


def test_a_tables_cells_are_found_by_search(tmp_path):
    """The page shows the CSV as a table: its cells are the item's words too, as a Markdown table's are."""
    assert build(tmp_path).ok
    assert "tinh/statistics/dan-so" in search_refs(tmp_path / "public" / HOST / "tim-kiem", "dong dang")
    assert "tinh/statistics/dan-so" in search_refs(tmp_path / "public" / HOST / "tim-kiem", "Cao Lộc 1.250.000")
