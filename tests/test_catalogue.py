"""The catalogue of information to be disclosed (danh mục thông tin phải công khai, 000/001 Đ5.1.h;
issue 9, point 10): generated from the declared types and the profile, on the portal in every
language, with its JSON, linked from every page's footer."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitekit import codes, news, run_build, write_repo
from test_kinds import item_files

from generator.model.config import PROFILES_DIR
from generator.model.content_types import CONTENT_TYPES

DEPARTMENT = 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp", en: "Department of Justice"}\n'
VI = "public/langson.gov.vn/danh-muc-thong-tin-cong-khai/"
EN = "public/english.langson.gov.vn/disclosure-catalogue/"


def rows(html: str) -> dict[str, str]:
    """The catalogue's rows by type: the row's HTML."""
    return dict(re.findall(r'<tr id="([a-z_]+)">(.*?)</tr>', html, re.S))


def build(tmp_path: Path, files: dict, profile: str = "langson-2025") -> tuple[str, dict]:
    write_repo(tmp_path, files, profile=profile)
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    host = {"langson-2025": "langson.gov.vn", "thainguyen-2026": "thainguyen.gov.vn", "bentre-2019": "bentre.gov.vn",
            "caobang-2014": "www.caobang.gov.vn", "langson-2024": "langson.gov.vn"}[profile]
    folder = tmp_path / "public" / host / "danh-muc-thong-tin-cong-khai"
    return (folder / "index.html").read_text(encoding="utf-8"), json.loads((folder / "index.json").read_text())


def test_every_declared_type_is_in_the_catalogue_and_its_json(tmp_path):
    html, data = build(tmp_path, {"content/tinh/news/2026/tin.md": news()})
    assert list(rows(html)) == list(CONTENT_TYPES)
    assert [entry["type"] for entry in data["entries"]] == list(CONTENT_TYPES)
    assert data["url"] == "https://langson.gov.vn/danh-muc-thong-tin-cong-khai/" and data["profile"] == "langson-2025"
    for entry in data["entries"]:
        assert set(entry) == {"type", "label", "kinds", "where", "form", "when", "retention"}
        assert all(set(w) == {"site", "name", "lang", "url"} for w in entry["where"])
        assert entry["when"] and entry["retention"]["text"]
    assert "<h1>Danh mục thông tin phải công khai</h1>" in html
    assert "Quyết định số 94/2025/QĐ-UBND" in html  # the regulation it follows
    assert [th for th in re.findall(r'<th scope="col">([^<]+)</th>', html)] == [
        "Loại thông tin", "Địa chỉ", "Hình thức", "Thời điểm", "Thời hạn công khai"]


def test_where_is_the_listing_on_every_site_that_publishes_it(tmp_path):
    html, data = build(tmp_path, {"sites/sotuphap.yaml": DEPARTMENT,
                                  "content/tinh/news/2026/tin.md": news(),
                                  "content/sotuphap/news/2026/tin.md": news(),
                                  **item_files("finance")})
    found = rows(html)
    assert ('<li><a href="/tin-tuc/">Cổng thông tin điện tử tỉnh Lạng Sơn</a></li>'
            '<li><a href="https://sotuphap.langson.gov.vn/tin-tuc/">Sở Tư pháp</a></li>') in found["news"]
    assert '<a href="/bao-cao-tai-chinh/">' in found["finance"]
    assert "Chưa có thông tin được đăng tải" in found["legal"]
    news_entry = next(e for e in data["entries"] if e["type"] == "news")
    assert [w["url"] for w in news_entry["where"]] == ["https://langson.gov.vn/tin-tuc/",
                                                       "https://sotuphap.langson.gov.vn/tin-tuc/"]
    directive = next(e for e in data["entries"] if e["type"] == "directive")
    assert directive["kinds"] == ["Phản hồi kiến nghị", "Khen thưởng", "Xử phạt, kỷ luật", "Nhân sự", "Trả lời báo chí"]


def test_the_form_says_page_record_feed_and_the_profiles_file_formats(tmp_path):
    html, data = build(tmp_path, {}, profile="caobang-2014")
    found = rows(html)
    assert "tin Atom (feed.xml)" in found["news"] and "tệp tải về" not in found["news"]
    assert "tệp tải về: txt, doc, odt, pdf, zip, rar, bmp, jpg, gif, png, psd" in found["legal"]
    assert "tin Atom" not in found["finance"] and "Trang thông tin điện tử, dữ liệu JSON của từng mục" in found["finance"]
    legal = next(e for e in data["entries"] if e["type"] == "legal")
    assert legal["form"]["files"][:3] == ["txt", "doc", "odt"] and legal["form"]["feed"] == "feed.xml"


@pytest.mark.parametrize("profile, type_name, when", [
    ("langson-2025", "legal", "Chậm nhất 3 ngày làm việc</span> (tính từ <span>ngày văn bản được ban hành (đối với cơ "
                              "quan ban hành văn bản)</span>; 000 Đ9.3)"),
    ("langson-2025", "news", "Ngay</span> (tính từ <span>khi phát sinh tin tức, sự kiện</span>; 000 Đ5.3)"),
    ("langson-2025", "directive", "Ngay, thường xuyên và kịp thời (000 Đ5.3)"),     # disclosure.when
    ("langson-2025", "page", "Chậm nhất 10 ngày làm việc</span> (tính từ <span>khi văn bản chính thức ban hành"),  # other
    ("caobang-2014", "plan", "Chậm nhất 10 ngày làm việc</span> (tính từ <span>khi chiến lược, quy hoạch hoặc dự án "
                             "được phê duyệt</span>; 004 Đ8.1.d)"),              # the `plans` rule
    ("caobang-2014", "procedure", "Cập nhật kịp thời khi quy trình, thủ tục thay đổi và thông báo trên Cổng (004 Đ10.2)"),
    ("caobang-2014", "bidding", "Chậm nhất 10 ngày làm việc</span> (tính từ <span>khi chiến lược, quy hoạch hoặc dự án"),
    ("caobang-2014", "science", "Chậm nhất 6 ngày làm việc</span> (tính từ <span>khi chương trình, đề tài được phê duyệt"),
    ("thainguyen-2026", "statistics", "Hằng tháng, chậm nhất ngày 30</span> (tính từ <span>theo tháng, quý, năm"),
    ("langson-2025", "schedule", "Ngay, thường xuyên và kịp thời (000 Đ5.1.i, Đ5.3)"),
    ("thainguyen-2026", "news", "Chậm nhất 8 giờ hành chính</span> (tính từ <span>khi diễn ra hoạt động, sự kiện"),
    ("thainguyen-2026", "legal", "Chậm nhất 3 ngày</span> (tính từ <span>ngày ký ban hành"),
    ("thainguyen-2026", "page", "Cung cấp đầy đủ, chính xác, kịp thời"),            # disclosure.when.default
    ("bentre-2019", "legal", "Cập nhật kịp thời ngay sau khi nội dung thay đổi"),   # no deadlines at all
])
def test_when_is_the_profiles_rule_in_words(tmp_path, profile, type_name, when):
    html, _ = build(tmp_path, {}, profile=profile)
    assert when in rows(html)[type_name].split("</td>")[2], rows(html)[type_name]


def test_how_long_is_the_profiles_retention_or_the_general_rule(tmp_path):
    html, _ = build(tmp_path, {}, profile="thainguyen-2026")
    assert "toàn bộ nội dung (bản chính, bản sao, bản thảo) được lưu trữ" in rows(html)["legal"]
    html, data = build(tmp_path / "ls", {})
    assert "Liên tục cho đến khi được thay thế hoặc thu hồi" in rows(html)["legal"]
    assert data["entries"][0]["retention"] == {
        "text": "Liên tục cho đến khi được thay thế hoặc thu hồi; các phiên bản trước được lưu trong lịch sử cập nhật",
        "lang": "vi", "counted_from": "", "cite": ""}


def test_the_english_edition_has_its_catalogue_in_english(tmp_path):
    write_repo(tmp_path, {})
    assert run_build(tmp_path).ok
    html = (tmp_path / EN / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<h1>Catalogue of information to be disclosed</h1>" in html
    legal = rows(html)["legal"]
    assert '<th scope="row">Legal documents</th>' in legal
    assert ('Within 3 working days</span> (counted from <span lang="vi">ngày văn bản được ban hành (đối với cơ quan '
            'ban hành văn bản)</span>; 000 Đ9.3)') in legal
    assert '<span lang="vi">Ngay, thường xuyên và kịp thời (000 Đ5.3)</span>' in rows(html)["directive"]
    data = json.loads((tmp_path / EN / "index.json").read_text())
    assert data["lang"] == "en" and data["url"] == "https://english.langson.gov.vn/disclosure-catalogue/"


def test_in_english_a_type_published_only_in_vietnamese_points_to_its_vietnamese_listing(tmp_path):
    files = {"content/tinh/news/2026/tin.md": news(), "content/tinh/news/2026/tin.en.md": news("News"),
             **item_files("finance")}
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    found = rows((tmp_path / EN / "index.html").read_text(encoding="utf-8"))
    # the portal by the profile's official name (statement 51)
    assert '<a href="/news/">Lang Son Provincial Portal</a>' in found["news"]
    assert '<a href="https://langson.gov.vn/bao-cao-tai-chinh/" hreflang="vi">Lang Son Provincial Portal</a>' in found["finance"]
    assert "Nothing published yet" in found["legal"]


def test_every_page_links_the_catalogue_in_its_footer(tmp_path):
    write_repo(tmp_path, {"sites/sotuphap.yaml": DEPARTMENT, "content/sotuphap/news/2026/tin.md": news()})
    assert run_build(tmp_path).ok
    out = tmp_path / "public"
    links = {"langson.gov.vn/index.html": "/danh-muc-thong-tin-cong-khai/",
             "langson.gov.vn/404.html": "/danh-muc-thong-tin-cong-khai/",
             "english.langson.gov.vn/index.html": "/disclosure-catalogue/",
             "sotuphap.langson.gov.vn/tin-tuc/tin/index.html": "https://langson.gov.vn/danh-muc-thong-tin-cong-khai/"}
    for page, href in links.items():
        footer = (out / page).read_text(encoding="utf-8").split('<footer class="site-footer">')[1]
        assert f'<a href="{href}">' in footer, page
    assert "https://langson.gov.vn/danh-muc-thong-tin-cong-khai/" in (out / "langson.gov.vn/sitemap.xml").read_text()
    assert not (out / "sotuphap.langson.gov.vn/danh-muc-thong-tin-cong-khai").exists()  # one catalogue, the portal's


def test_a_path_edition_has_the_catalogue_below_its_language(tmp_path):
    write_repo(tmp_path, {}, profile="thainguyen-2026")
    assert run_build(tmp_path).ok
    html = (tmp_path / "public/thainguyen.gov.vn/en/index.html").read_text(encoding="utf-8")
    assert '<a href="/en/disclosure-catalogue/">Catalogue of information to be disclosed</a>' in html
    assert (tmp_path / "public/thainguyen.gov.vn/ko/disclosure-catalogue/index.html").is_file()


def _profile_with(tmp_path: Path, replace: str, by: str) -> tuple[str, int]:
    """langson-2025 as a repository's own profile, one piece replaced; the line of `by`'s first line."""
    text = (PROFILES_DIR / "langson-2025.yaml").read_text(encoding="utf-8")
    assert replace in text
    text = text.replace(replace, by, 1)
    write_repo(tmp_path, {"profiles/langson-2025.yaml": text})
    return text, text[:text.index(by)].count("\n") + 1


@pytest.mark.parametrize("replace, by, offset, code", [
    ('    directive: "Ngay,', '    directiv: "Ngay,', 0, "profile.type"),
    ("disclosure:\n  when:", "disclosure:\n  how:", 1, "field.unknown"),
    ("disclosure:\n  when:", "disclosure:\n  retention: {defaults: x}\n  when:", 1, "profile.type"),
])
def test_the_profiles_disclosure_names_only_types(tmp_path, replace, by, offset, code):
    _, line = _profile_with(tmp_path, replace, by)
    result = run_build(tmp_path)
    assert codes(result) == [("profiles/langson-2025.yaml", line + offset, code)]
