"""Administrative procedures (issue 9, point 8): entries linking the national and provincial
public-service portals, with change notices shown first and marked in listings (004 Đ10.2)."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from sitekit import NOW, codes, run_build, search_refs, write_repo
from test_kinds import ITEMS, item_text

REL = ITEMS["procedure"][0]
SITE = "public/langson.gov.vn/thu-tuc-hanh-chinh"


def procedure(*extra: str, url: str = "") -> str:
    text = item_text("procedure", extra=extra)
    return text.replace(ITEMS["procedure"][1][5], f'url: "{url}"') if url else text


def test_a_procedure_page_names_it_and_links_where_it_is_carried_out(tmp_path):
    write_repo(tmp_path, {REL: procedure('summary: "Đăng ký khai sinh cho trẻ em."', "service_level: full",
                                         'processing_time: "Ngay trong ngày"', 'fee: "Miễn lệ phí"')})
    result = run_build(tmp_path)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    html = (tmp_path / SITE / "dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert "<h1>Đăng ký khai sinh</h1>" in html
    for label, value in (("Mã thủ tục", "1.001193"), ("Lĩnh vực", "Hộ tịch"), ("Cấp thực hiện", "Cấp xã"),
                         ("Cơ quan thực hiện", "Ủy ban nhân dân cấp xã"),
                         ("Mức độ trực tuyến", "Dịch vụ công trực tuyến toàn trình"),
                         ("Thời hạn giải quyết", "Ngay trong ngày"), ("Phí, lệ phí", "Miễn lệ phí")):
        assert f'<th scope="row">{label}</th><td>{value}</td>' in html, label
    assert ('<a href="https://dichvucong.gov.vn/p/tthc/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193">'
            "Thực hiện trực tuyến</a>") in html
    assert "banner-changed" not in html and "Thông báo thay đổi" not in html  # never changed
    listing = (tmp_path / SITE / "index.html").read_text(encoding="utf-8")
    assert "Đăng ký khai sinh</a></h2>" in listing and "item-mark" not in listing
    home = (tmp_path / "public/langson.gov.vn/index.html").read_text(encoding="utf-8")
    assert 'id="home-procedure"' in home and 'href="/thu-tuc-hanh-chinh/dang-ky-khai-sinh/"' in home


CHANGES = ('changes:',
           '  - {date: 2026-01-15, note: "Giảm thời hạn giải quyết."}',
           '  - {date: 2026-11-05, note: "Nộp hồ sơ qua VNeID.", decision: "Quyết định số 99/QĐ-UBND"}')


def test_a_changed_procedure_says_so_first_and_is_marked_in_listings(tmp_path):
    write_repo(tmp_path, {REL: procedure(*CHANGES)})
    assert run_build(tmp_path).ok
    html = (tmp_path / SITE / "dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    notice = html.split('<p class="banner banner-changed" role="note">')[1].split("</p>")[0]
    assert notice == ('Thủ tục được sửa đổi, bổ sung <time datetime="2026-11-05">ngày 05 tháng 11 năm 2026</time>: '
                      "Nộp hồ sơ qua VNeID.")
    assert html.index("banner-changed") < html.index("facts-table")  # before anything else
    history = html.split('<section class="change-notices"')[1].split("</section>")[0]
    assert history.index("ngày 05 tháng 11 năm 2026") < history.index("ngày 15 tháng 01 năm 2026")
    assert "(Quyết định số 99/QĐ-UBND)" in history
    listing = (tmp_path / SITE / "index.html").read_text(encoding="utf-8")
    assert 'Đăng ký khai sinh</a> <span class="item-mark">Mới sửa đổi</span></h2>' in listing
    home = (tmp_path / "public/langson.gov.vn/index.html").read_text(encoding="utf-8")
    assert '<span class="item-mark">Mới sửa đổi</span>' in home
    record = json.loads((tmp_path / SITE / "dang-ky-khai-sinh/index.json").read_text())
    assert record["fields"]["changes"][1] == {"date": "2026-11-05", "note": "Nộp hồ sơ qua VNeID.",
                                              "decision": "Quyết định số 99/QĐ-UBND"}


@pytest.mark.parametrize("days, marked", [(0, True), (30, True), (31, False), (-1, False)])
def test_the_mark_lasts_thirty_days_from_the_change(tmp_path, days, marked):
    changed = (NOW.date() - dt.timedelta(days=days)).isoformat()
    write_repo(tmp_path, {REL: procedure("changes:", f'  - {{date: {changed}, note: "Sửa đổi."}}')})
    assert run_build(tmp_path).ok
    listing = (tmp_path / SITE / "index.html").read_text(encoding="utf-8")
    assert ("Mới sửa đổi" in listing) is marked


@pytest.mark.parametrize("url, ok", [
    ("https://dichvucong.gov.vn/p/tthc/x.html", True),
    ("https://csdl.dichvucong.gov.vn/thu-tuc/1.001193", True),
    ("https://dichvucong.langson.gov.vn/thu-tuc/1.001193", True),   # langson-2025's public_services_url
    ("https://dichvucong.caobang.gov.vn/thu-tuc/1.001193", False),
    ("https://example.com/dichvucong.gov.vn", False),
    ("https://dichvucong.gov.vn.example.com/", False),
])
def test_a_procedure_links_a_public_service_portal(tmp_path, url, ok):
    write_repo(tmp_path, {REL: procedure(url=url)})
    result = run_build(tmp_path, check_only=True)
    if ok:
        assert result.ok and not result.diagnostics
        return
    assert codes(result) == [(REL, 7, "procedure.portal")]
    message = result.diagnostics[0].message
    assert "dichvucong.gov.vn" in message and "dichvucong.langson.gov.vn, the profile's `public_services_url`" in message


def test_without_a_provincial_portal_only_the_national_one_counts(tmp_path):
    write_repo(tmp_path, {REL: procedure(url="https://dichvucong.langson.gov.vn/thu-tuc/1")}, profile="thainguyen-2026")
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(REL, 7, "procedure.portal")]
    assert "public_services_url" not in result.diagnostics[0].message


def test_a_procedure_link_is_https(tmp_path):
    write_repo(tmp_path, {REL: procedure(url="http://dichvucong.gov.vn/x")})
    assert codes(run_build(tmp_path, check_only=True)) == [(REL, 7, "url.scheme")]


@pytest.mark.parametrize("lines, line, code, words", [
    (('changes:', '  - {date: 2026-11-05}'), 10, "field.required", "without `note`"),
    (('changes:', '  - {date: 2026-11-05, note: "x", by: "A"}'), 10, "field.unknown", "unknown key `by`"),
    (('changes:', '  - date: 2026-11-05', '    note: "x"', '  - {date: 31/02/2026, note: "y"}'), 12, "field.date",
     "has no day 31"),
    (('changes: "Sửa đổi"',), 9, "field.type", "expected a list of"),
    (('changes:', '  - {date: 2026-11-05, note: "x", note: "y"}'), 10, "field.duplicate", "gives `note` twice"),
])
def test_change_notices_are_checked_entry_by_entry(tmp_path, lines, line, code, words):
    write_repo(tmp_path, {REL: procedure(*lines)})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(REL, line, code)]
    assert words in result.diagnostics[0].message


def test_a_procedure_is_found_by_its_code_and_its_agency(tmp_path):
    write_repo(tmp_path, {REL: procedure()})
    assert run_build(tmp_path).ok
    folder = tmp_path / "public/langson.gov.vn/tim-kiem"
    assert search_refs(folder, "1.001193")[0] == "tinh/procedure/dang-ky-khai-sinh"
    assert search_refs(folder, "uy ban nhan dan cap xa")[0] == "tinh/procedure/dang-ky-khai-sinh"


@pytest.mark.parametrize("profile, level, ok", [
    ("langson-2025", "district", False), ("thainguyen-2026", "district", False),  # two tiers since 1 July 2025
    ("langson-2025", "commune", True), ("langson-2025", "province", True), ("thainguyen-2026", "commune", True),
    ("langson-2024", "district", True), ("bentre-2019", "district", True), ("caobang-2014", "district", True),
    ("bentre-2019", "commune", True), ("caobang-2014", "commune", True),  # communes exist, with or without sites
])
def test_a_procedure_level_is_one_the_provinces_government_has(tmp_path, profile, level, ok):
    write_repo(tmp_path, {REL: procedure().replace("level: commune", f"level: {level}")}, profile=profile)
    result = run_build(tmp_path, check_only=True)
    if ok:
        assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
        return
    assert codes(result) == [(REL, 5, "procedure.level")]
    assert f"profile {profile} has no district tier" in result.diagnostics[0].message
    assert "Cấp tỉnh, Cấp xã" in result.diagnostics[0].message


def test_the_level_reads_as_the_national_portal_writes_it(tmp_path):
    write_repo(tmp_path, {REL: procedure().replace("level: commune", "level: province")})
    assert run_build(tmp_path).ok
    html = (tmp_path / SITE / "dang-ky-khai-sinh/index.html").read_text(encoding="utf-8")
    assert '<th scope="row">Cấp thực hiện</th><td>Cấp tỉnh</td>' in html
