"""The kinds of information the regulations name without fields (issue 9, points 8, 9, 12):
strategies and plans, financial reports, epidemic information, treaties, Công báo issues,
statements and dialogues, business promotion, public-utility services, advertising; the
directive's kinds; and the fields every item or a profile adds (classification, contributor_unit,
shortened_procedure, required_fields). Each is built for real and read back."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitekit import PDF, codes, news, run_build, search_docs, search_refs, write_repo

from generator import cli
from generator.model.content_types import CONTENT_TYPES
from generator.model.schema import content_schemas

# type → (path, front-matter lines of a valid item, its files)
ITEMS: dict[str, tuple[str, list[str], dict[str, bytes]]] = {
    "procedure": ("content/tinh/procedure/2026/dang-ky-khai-sinh.md", [
        'title: "Đăng ký khai sinh"', 'code: "1.001193"', 'field: "Hộ tịch"', "level: commune",
        'agency: "Ủy ban nhân dân cấp xã"',
        'url: "https://dichvucong.gov.vn/p/tthc/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001193"',
        "date: 2026-03-02"], {}),
    "plan": ("content/tinh/plan/2024/quy-hoach-tinh.md", [
        'title: "Quy hoạch tỉnh thời kỳ 2021 - 2030"', "kind: master_plan", "date: 2024-03-01",
        'issuer: "Thủ tướng Chính phủ"', 'summary: "Định hướng phát triển đến năm 2030."', "files: [quy-hoach.pdf]"],
        {"content/tinh/plan/2024/quy-hoach.pdf": PDF}),
    "finance": ("content/tinh/finance/2026/bao-cao-2025.md", [
        'title: "Báo cáo tài chính năm 2025"', "fiscal_year: 2025", "date: 2026-04-28",
        'issuer: "Văn phòng Ủy ban nhân dân tỉnh"', "files: [bao-cao.pdf]"],
        {"content/tinh/finance/2026/bao-cao.pdf": PDF}),
    "epidemic": ("content/tinh/epidemic/2026/sot-xuat-huyet.md", [
        'title: "Phòng, chống sốt xuất huyết"', "date: 2026-09-15T10:00", 'issuer: "Sở Y tế"',
        'summary: "Khuyến cáo diệt lăng quăng."'], {}),
    "treaty": ("content/tinh/treaty/2025/thoa-thuan.md", [
        'title: "Thỏa thuận hợp tác cửa khẩu"', "kind: agreement", "date: 2025-06-18",
        'issuer: "Ủy ban nhân dân tỉnh"', 'summary: "Phối hợp quản lý cửa khẩu."'], {}),
    "gazette": ("content/tinh/gazette/2026/so-12.md", [
        'title: "Công báo số 12 năm 2026"', 'issue_number: "Số 12"', "date: 2026-06-30",
        'issuer: "Văn phòng Ủy ban nhân dân tỉnh"', "files: [cong-bao.pdf]"],
        {"content/tinh/gazette/2026/cong-bao.pdf": PDF}),
    "statement": ("content/tinh/statement/2026/phat-ngon.md", [
        'title: "Phát ngôn về thông tin sai sự thật"', "kind: statement", "date: 2026-10-01T09:00",
        'issuer: "Ủy ban nhân dân tỉnh"', 'summary: "Bác bỏ thông tin sai sự thật."',
        'speaker: "Chánh Văn phòng Ủy ban nhân dân tỉnh"'], {}),
    "enterprise": ("content/tinh/enterprise/2026/hop-tac-xa.md", [
        'title: "Hợp tác xã Hồi Tràng Định"', "date: 2026-08-12T08:00", 'issuer: "Sở Tài chính"',
        'summary: "Tinh dầu hồi hữu cơ."', 'enterprise: "Hợp tác xã nông nghiệp Hồi Tràng Định"'], {}),
    "utility": ("content/tinh/utility/2026/xe-buyt.md", [
        'title: "Tuyến xe buýt số 1"', "kind: transport", "date: 2026-10-28", 'issuer: "Sở Xây dựng"',
        'summary: "20 phút một chuyến."'], {}),
    "advertisement": ("content/tinh/advertisement/2026/le-hoi.md", [
        'title: "Lễ hội Văn hóa - Du lịch 2026"', "date: 2026-11-02", 'issuer: "Trung tâm Xúc tiến"',
        'summary: "Mời tham gia gian hàng."'], {}),
}
MY_TYPES = tuple(ITEMS)

# What each type's page shows of the valid item: the labels and values of its required elements.
SHOWN = {
    "procedure": ["Mã thủ tục", "1.001193", "Hộ tịch", "Cấp thực hiện", "Cấp xã", "Ủy ban nhân dân cấp xã",
                  'href="https://dichvucong.gov.vn/p/tthc/', "02 tháng 3 năm 2026"],
    "plan": ["Loại", "Quy hoạch", "Ngày phê duyệt", "01 tháng 3 năm 2024", "Thủ tướng Chính phủ", "quy-hoach.pdf"],
    "finance": ["Năm tài chính", "2025", "Đơn vị báo cáo", "Văn phòng Ủy ban nhân dân tỉnh", "28 tháng 4 năm 2026",
                "bao-cao.pdf"],
    "epidemic": ["Cơ quan cung cấp", "Sở Y tế", "15 tháng 9 năm 2026", "Khuyến cáo diệt lăng quăng."],
    "treaty": ["Thỏa thuận quốc tế", "Ngày ký", "18 tháng 6 năm 2025", "Ủy ban nhân dân tỉnh"],
    "gazette": ["Số Công báo", "Số 12", "Ngày phát hành", "30 tháng 6 năm 2026", "cong-bao.pdf"],
    "statement": ["Phát ngôn", "Người phát ngôn", "Chánh Văn phòng Ủy ban nhân dân tỉnh", "Ủy ban nhân dân tỉnh"],
    "enterprise": ["Doanh nghiệp", "Hợp tác xã nông nghiệp Hồi Tràng Định", "Cơ quan giới thiệu", "Sở Tài chính"],
    "utility": ["Lĩnh vực", "Giao thông", "Cơ quan cung cấp thông tin", "Sở Xây dựng", "28 tháng 10 năm 2026"],
    "advertisement": ["Đơn vị quảng cáo", "Trung tâm Xúc tiến", "Mời tham gia gian hàng."],
}


def item_text(type_name: str, drop: str = "", extra: tuple[str, ...] = (), body: str = "Nội dung.") -> str:
    lines = [line for line in ITEMS[type_name][1] if not line.startswith(f"{drop}:")] if drop else ITEMS[type_name][1]
    return "---\n" + "\n".join([*lines, *extra]) + "\n---\n" + body + "\n"


def item_files(type_name: str, drop: str = "", extra: tuple[str, ...] = ()) -> dict:
    rel, _, attachments = ITEMS[type_name]
    return {rel: item_text(type_name, drop, extra), **attachments}


def page_of(root, type_name: str, lang: str = "vi") -> str:
    rel = ITEMS[type_name][0]
    slug = rel.rsplit("/", 1)[1][:-3]
    host = "langson.gov.vn" if lang == "vi" else "english.langson.gov.vn"
    segment = CONTENT_TYPES[type_name].segment[0 if lang == "vi" else 1]
    return (root / "public" / host / segment / slug / "index.html").read_text(encoding="utf-8")


def test_every_type_here_is_declared_once_in_the_table():
    assert set(MY_TYPES) <= set(CONTENT_TYPES)
    assert len({t.segment[0] for t in CONTENT_TYPES.values()}) == len(CONTENT_TYPES)
    assert len({t.segment[1] for t in CONTENT_TYPES.values()}) == len(CONTENT_TYPES)


def test_the_editors_reference_gives_every_types_address():
    """docs/content-format.md says where each type's items are, so an editor can link to one."""
    text = (Path(__file__).resolve().parents[1] / "docs/content-format.md").read_text(encoding="utf-8")
    missing = [name for name, t in CONTENT_TYPES.items()
               if f"`{name}` `/{t.segment[0]}/` (`/{t.segment[1]}/`)" not in text]
    assert missing == []


@pytest.mark.parametrize("type_name", MY_TYPES)
def test_each_type_is_shown_with_its_required_elements(tmp_path, type_name):
    write_repo(tmp_path, item_files(type_name, extra=("sample: true",)))
    result = run_build(tmp_path)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    html = page_of(tmp_path, type_name)
    title = ITEMS[type_name][1][0].split('"')[1]
    assert f"<h1>{title}</h1>" in html
    for expected in SHOWN[type_name]:
        assert expected in html, (type_name, expected)
    assert "Nội dung mẫu" in html  # sample: true
    if CONTENT_TYPES[type_name].field("files").required:
        assert re.search(r'<a href="[^"]+\.pdf" download>', html)
    record = json.loads((tmp_path / "public/langson.gov.vn" / CONTENT_TYPES[type_name].segment[0]
                         / ITEMS[type_name][0].rsplit("/", 1)[1][:-3] / "index.json").read_text())
    assert {x.name for x in CONTENT_TYPES[type_name].fields if x.required} <= set(record["fields"])
    assert record["type"] == type_name


REQUIRED = [(t, x.name) for t in MY_TYPES for x in CONTENT_TYPES[t].fields if x.required]


@pytest.mark.parametrize("type_name, field", REQUIRED, ids=[f"{t}-{f}" for t, f in REQUIRED])
def test_every_required_field_is_a_located_error(tmp_path, type_name, field):
    write_repo(tmp_path, item_files(type_name, drop=field))
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(ITEMS[type_name][0], 2, "field.required")]
    assert f"`{field}`" in result.diagnostics[0].message


@pytest.mark.parametrize("type_name", [t for t in MY_TYPES if CONTENT_TYPES[t].field("files").required])
def test_a_required_file_list_may_not_be_empty(tmp_path, type_name):
    lines = ITEMS[type_name][1]
    write_repo(tmp_path, {ITEMS[type_name][0]: item_text(type_name, drop="files", extra=("files: []",))})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(ITEMS[type_name][0], len(lines) + 1, "field.required")]
    assert "`files` is an empty list; name at least one file" in result.diagnostics[0].message


@pytest.mark.parametrize("type_name", MY_TYPES)
def test_listings_search_sitemap_and_schema_carry_each_type(tmp_path, type_name):
    write_repo(tmp_path, item_files(type_name))
    assert run_build(tmp_path).ok
    site = tmp_path / "public/langson.gov.vn"
    segment = CONTENT_TYPES[type_name].segment[0]
    slug = ITEMS[type_name][0].rsplit("/", 1)[1][:-3]
    listing = (site / segment / "index.html").read_text(encoding="utf-8")
    assert f'href="/{segment}/{slug}/"' in listing
    nav = (site / "index.html").read_text(encoding="utf-8").split('class="main-nav"')[1].split("</nav>")[0]
    assert f'href="/{segment}/"' in nav  # a section of the menu
    assert f"https://langson.gov.vn/{segment}/{slug}/" in (site / "sitemap.xml").read_text()
    title = ITEMS[type_name][1][0].split('"')[1]
    assert search_docs(site / "tim-kiem")[f"tinh/{type_name}/{slug}"].title == title
    assert f"tinh/{type_name}/{slug}" in search_refs(site / "tim-kiem", title)
    catalogue = (site / "danh-muc-thong-tin-cong-khai/index.html").read_text(encoding="utf-8")
    assert f'<tr id="{type_name}">' in catalogue and f'href="/{segment}/"' in catalogue
    schema = content_schemas()[type_name]
    assert set(schema["required"]) == {x.name for x in CONTENT_TYPES[type_name].fields if x.required}


def test_news_like_types_are_in_the_feed_and_on_the_home_page(tmp_path):
    files = {}
    for type_name in MY_TYPES:
        files.update(item_files(type_name))
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    site = tmp_path / "public/langson.gov.vn"
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    for type_name in MY_TYPES:
        ctype = CONTENT_TYPES[type_name]
        title = ITEMS[type_name][1][0].split('"')[1]
        assert (title in feed) is ctype.feed, type_name
        assert (f'id="home-{type_name}"' in home) is bool(ctype.home_count), type_name
    assert {t for t in MY_TYPES if CONTENT_TYPES[t].feed} == {"procedure", "plan", "epidemic", "gazette", "statement"}
    assert {t for t in MY_TYPES if CONTENT_TYPES[t].home_count} == {"procedure", "epidemic", "gazette", "statement"}


def test_listings_are_newest_first_twenty_a_page(tmp_path):
    files = {f"content/tinh/epidemic/2026/tin-{n:02d}.md":
             f'---\ntitle: "Thông tin {n:02d}"\ndate: 2026-09-{n:02d}T08:00\nissuer: "Sở Y tế"\nsummary: "S."\n---\n'
             for n in range(1, 22)}
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    first = (tmp_path / "public/langson.gov.vn/thong-tin-dich-benh/index.html").read_text(encoding="utf-8")
    second = (tmp_path / "public/langson.gov.vn/thong-tin-dich-benh/trang/2/index.html").read_text(encoding="utf-8")
    titles = re.findall(r"Thông tin (\d\d)</a>", first)
    assert titles == [f"{n:02d}" for n in range(21, 1, -1)]
    assert re.findall(r"Thông tin (\d\d)</a>", second) == ["01"]


def test_a_translation_is_published_on_the_english_edition(tmp_path):
    files = item_files("plan")
    files["content/tinh/plan/2024/quy-hoach-tinh.en.md"] = (
        '---\ntitle: "Provincial Master Plan 2021 - 2030"\nkind: master_plan\ndate: 2024-03-01\n'
        'issuer: "The Prime Minister"\nsummary: "Development to 2030."\nfiles: [quy-hoach.pdf]\n---\nText.\n')
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    html = page_of(tmp_path, "plan", "en")
    assert '<html lang="en">' in html and "<h1>Provincial Master Plan 2021 - 2030</h1>" in html
    assert "Master plans" in html and "Approved on" in html and "March 1, 2024" in html
    kinds = (tmp_path / "public/english.langson.gov.vn/strategies-and-plans/kinds/master-plans/index.html")
    assert "Provincial Master Plan 2021 - 2030" in kinds.read_text(encoding="utf-8")


# --- kinds within a type: each listed on its own page --------------------------------------------

DIRECTIVE = '---\ntitle: "{title}"\ndate: 2026-11-{day}T08:00\nsummary: "Tóm tắt."\n{extra}---\nNội dung.\n'


def test_each_kind_of_a_type_has_its_listing_and_its_place_in_the_breadcrumbs(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/directive/2026/khen.md": DIRECTIVE.format(title="Khen thưởng tập thể", day=10,
                                                                extra="kind: commendation\n"),
        "content/tinh/directive/2026/ky-luat.md": DIRECTIVE.format(title="Xử lý kỷ luật", day=11,
                                                                   extra="kind: discipline\n"),
        "content/tinh/directive/2026/chi-dao.md": DIRECTIVE.format(title="Ý kiến chỉ đạo", day=12, extra=""),
    })
    assert run_build(tmp_path).ok
    site = tmp_path / "public/langson.gov.vn"
    listing = (site / "chi-dao-dieu-hanh/index.html").read_text(encoding="utf-8")
    assert ('<a href="/chi-dao-dieu-hanh/loai/khen-thuong/">Khen thưởng</a> <span class="count">(1)</span>'
            in listing)
    assert '<a href="/chi-dao-dieu-hanh/loai/xu-phat-ky-luat/">Xử phạt, kỷ luật</a>' in listing
    assert listing.count('class="item-card"') == 3
    kind = (site / "chi-dao-dieu-hanh/loai/khen-thuong/index.html").read_text(encoding="utf-8")
    assert "<h1>Khen thưởng</h1>" in kind and "Khen thưởng tập thể" in kind and "Xử lý kỷ luật" not in kind
    assert 'aria-current="page">Khen thưởng</a>' in kind
    assert 'aria-current="page" href="/chi-dao-dieu-hanh/"' in kind or (
        '<a href="/chi-dao-dieu-hanh/" aria-current="page">' in kind)  # the menu marks the type
    page = (site / "chi-dao-dieu-hanh/khen/index.html").read_text(encoding="utf-8")
    crumbs = page.split('class="breadcrumbs')[1].split("</nav>")[0]
    assert crumbs.index('href="/chi-dao-dieu-hanh/"') < crumbs.index('href="/chi-dao-dieu-hanh/loai/khen-thuong/"')
    assert "https://langson.gov.vn/chi-dao-dieu-hanh/loai/khen-thuong/" in (site / "sitemap.xml").read_text()
    assert not (site / "chi-dao-dieu-hanh/loai/nhan-su").exists()  # no item of that kind: no page


def test_kind_folders_are_reserved_slugs(tmp_path):
    write_repo(tmp_path, {"content/tinh/directive/2026/loai.md": DIRECTIVE.format(title="X", day="01", extra=""),
                          "content/tinh/plan/2026/kinds.md": item_text("plan")})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/directive/2026/loai.md", 1, "slug.reserved"),
                             ("content/tinh/plan/2026/kinds.md", 1, "slug.reserved")]


def test_a_kind_outside_the_choices_is_refused(tmp_path):
    write_repo(tmp_path, {"content/tinh/directive/2026/x.md": DIRECTIVE.format(title="X", day="01",
                                                                               extra="kind: award\n")})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/directive/2026/x.md", 5, "field.type")]
    assert "commendation, discipline, personnel, press" in result.diagnostics[0].message


# --- cross-field rules of the types -----------------------------------------------------------------

def test_a_statement_names_its_speaker_and_a_dialogue_its_time(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/statement/2026/a.md": item_text("statement", drop="speaker"),
        "content/tinh/statement/2026/b.md": item_text("statement", drop="speaker", extra=()).replace(
            "kind: statement", "kind: dialogue"),
        "content/tinh/statement/2026/c.md": item_text("statement", extra=("event_time: 2026-10-10T14:00",)).replace(
            "kind: statement", "kind: dialogue"),
    })
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/statement/2026/a.md", 3, "field.required"),
                             ("content/tinh/statement/2026/b.md", 3, "field.required")]
    assert "needs `speaker`" in result.diagnostics[0].message
    assert "needs `event_time`" in result.diagnostics[1].message


def test_a_financial_report_is_not_disclosed_before_its_year(tmp_path):
    write_repo(tmp_path, item_files("finance", drop="fiscal_year", extra=("fiscal_year: 2027",)))
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(ITEMS["finance"][0], 6, "finance.year")]


# --- fields on every item, and on legal documents -------------------------------------------------

@pytest.mark.parametrize("written", ["mat", "toi_mat", "tuyet_mat", '"Mật"', '"Tối mật"', '"TUYỆT MẬT"', "toi-mat"])
def test_state_secret_content_is_refused_with_the_rule(tmp_path, written):
    write_repo(tmp_path, {"content/tinh/news/2026/tin.md": news(extra=f"classification: {written}\n")})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/news/2026/tin.md", 5, "classification.secret")]
    message = result.diagnostics[0].message
    assert "never published" in message and "requirements.md §3.6" in message and "Remove this file" in message
    assert not (tmp_path / "public").exists()


def test_public_is_the_classification_and_anything_else_is_refused(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2026/a.md": news(extra="classification: public\n"),
                          "content/tinh/news/2026/b.md": news(extra="classification: noi_bo\n")})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/news/2026/b.md", 5, "field.type")]
    assert content_schemas()["news"]["properties"]["classification"]["enum"] == ["public"]


def test_the_contributing_unit_is_kept_in_the_record(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2026/tin.md": news(extra='contributor_unit: "Phòng Văn hóa"\n')})
    assert run_build(tmp_path).ok
    record = json.loads((tmp_path / "public/langson.gov.vn/tin-tuc/tin/index.json").read_text())
    assert record["fields"]["contributor_unit"] == "Phòng Văn hóa"


def test_a_document_under_the_shortened_procedure_says_so(tmp_path):
    from test_site_output import legal
    write_repo(tmp_path, {
        "content/tinh/legal/2026/qd-1.md": legal("1/2026", "2026-06-05", "2026-06-05", "shortened_procedure: true\n"),
        "content/tinh/legal/2026/qd-2.md": legal("2/2026", "2026-06-05", "2026-06-05", "shortened_procedure: false\n"),
        "content/tinh/legal/2026/van-ban.pdf": PDF})
    assert run_build(tmp_path).ok
    site = tmp_path / "public/langson.gov.vn/van-ban"
    row = '<tr><th scope="row">Ban hành theo trình tự, thủ tục rút gọn</th><td>Có</td></tr>'
    assert row in (site / "qd-1/index.html").read_text(encoding="utf-8")
    assert "trình tự, thủ tục rút gọn" not in (site / "qd-2/index.html").read_text(encoding="utf-8")
    assert json.loads((site / "qd-1/index.json").read_text())["fields"]["shortened_procedure"] is True


# --- what a profile requires (required_fields, read with the item: model/profile_fields.py) --------

PERSON = '---\ntitle: "Nguyễn Văn A"\nposition: "Giám đốc"\nunit: "Sở Tư pháp"\n{extra}---\nTiểu sử.\n'


def test_cao_bang_requires_phone_fax_and_email_of_a_leader(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/person/a.md": PERSON.format(extra='phone: "0206.3852.000"\nemail: "a@caobang.gov.vn"\n'),
        "content/tinh/person/b.md": PERSON.format(extra='phone: "0206.3852.000"\nfax:\nemail: "b@caobang.gov.vn"\n'),
        "content/tinh/person/c.md": PERSON.format(extra='phone: "0206.3852.000"\nfax: "0206.3852.001"\n'
                                                        'email: "c@caobang.gov.vn"\n'),
    }, profile="caobang-2014")
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/person/a.md", 2, "field.required"),
                             ("content/tinh/person/b.md", 6, "field.required")]
    assert "missing required key `fax`" in result.diagnostics[0].message
    assert "`fax` is empty" in result.diagnostics[1].message
    # Thái Nguyên's profile asks nothing more of a person.
    write_repo(tmp_path / "tn", {"content/tinh/person/a.md": PERSON.format(extra="")}, profile="thainguyen-2026")
    assert run_build(tmp_path / "tn", check_only=True).ok


def test_ben_tre_requires_author_and_source_of_news_and_the_approval_of_an_advertisement(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/news/2026/a.md": news(extra='author: "Hoàng Lan"\n', source=None),
        "content/tinh/news/2026/b.md": news(extra='author: "Hoàng Lan"\nsource: "Sở Tư pháp"\n'),
        ITEMS["advertisement"][0]: item_text("advertisement"),
        "content/tinh/advertisement/2026/co.md": item_text("advertisement", extra=(
            'approval_ref: "Văn bản số 123/UBND-KT ngày 01/11/2026"',)),
    }, profile="bentre-2019")
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/advertisement/2026/le-hoi.md", 2, "field.required"),
                             ("content/tinh/news/2026/a.md", 2, "field.required")]
    messages = {d.path: d.message for d in result.diagnostics}
    assert "missing required key `approval_ref`" in messages[ITEMS["advertisement"][0]]
    assert "missing required key `source`" in messages["content/tinh/news/2026/a.md"]
    write_repo(tmp_path, {ITEMS["advertisement"][0]: item_text("advertisement", extra=(
        'approval_ref: "Văn bản số 99/UBND-KT ngày 01/11/2026"',)),
        "content/tinh/news/2026/a.md": news(extra='author: "Hoàng Lan"\nsource: "Sở Tư pháp"\n')},
        profile="bentre-2019")
    assert run_build(tmp_path).ok
    shown = (tmp_path / "public/bentre.gov.vn/quang-cao/co/index.html").read_text(encoding="utf-8")
    assert '<th scope="row">Văn bản chấp thuận</th><td>Văn bản số 123/UBND-KT ngày 01/11/2026</td>' in shown


def test_the_cong_bao_is_published_only_where_the_profile_publishes_it(tmp_path):
    write_repo(tmp_path, item_files("gazette"), profile="thainguyen-2026")
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(ITEMS["gazette"][0], 2, "gazette.not-published")]
    assert "links to the Công báo at http://congbao.thainguyen.gov.vn" in result.diagnostics[0].message
    write_repo(tmp_path / "bt", item_files("gazette"), profile="bentre-2019")
    assert codes(run_build(tmp_path / "bt", check_only=True)) == [(ITEMS["gazette"][0], 2, "gazette.not-published")]
    write_repo(tmp_path / "cb", item_files("gazette"), profile="caobang-2014")
    assert run_build(tmp_path / "cb", check_only=True).ok


# --- build.py new -----------------------------------------------------------------------------------

# What an editor writes into each stub (the required fields `new` leaves empty).
FILLED = {
    "procedure": {"code": '"1.001193"', "field": '"Hộ tịch"', "level": "commune", "agency": '"UBND xã"',
                  "url": '"https://dichvucong.gov.vn/p/tthc/x.html"'},
    "plan": {"kind": "plan", "issuer": '"UBND tỉnh"', "summary": '"S."', "files": "[f.pdf]"},
    "finance": {"fiscal_year": "2025", "issuer": '"Sở Tài chính"', "files": "[f.pdf]"},
    "epidemic": {"issuer": '"Sở Y tế"', "summary": '"S."'},
    "treaty": {"kind": "treaty", "issuer": '"UBND tỉnh"', "summary": '"S."'},
    "gazette": {"issue_number": '"Số 1"', "issuer": '"Văn phòng UBND tỉnh"', "files": "[f.pdf]"},
    "statement": {"kind": "statement", "issuer": '"UBND tỉnh"', "summary": '"S."', "speaker": '"Người phát ngôn"'},
    "enterprise": {"issuer": '"Sở Tài chính"', "summary": '"S."', "enterprise": '"Công ty A"'},
    "utility": {"kind": "health", "issuer": '"Sở Y tế"', "summary": '"S."'},
    "advertisement": {"issuer": '"Công ty A"', "summary": '"S."'},
}


@pytest.mark.parametrize("type_name", MY_TYPES)
def test_new_stubs_fail_check_until_filled_in(tmp_path, capsys, type_name):
    write_repo(tmp_path, {})
    assert cli.main(["new", type_name, "--site", "tinh", "--root", str(tmp_path), "--now", "2026-11-20T09:00",
                     "Một mục mới"]) == 0
    rel = capsys.readouterr().out.strip()
    stub = tmp_path / rel
    text = stub.read_text(encoding="utf-8")
    result = run_build(tmp_path, check_only=True)
    stubbed = [n for n, line in enumerate(text.splitlines(), 1)
               if re.match(r'\w+: (""|\[\])  #', line)]
    assert sorted({line for path, line, _ in codes(result) if path == rel}) == stubbed
    assert not result.ok
    for key, value in FILLED[type_name].items():
        text = re.sub(rf'^{key}: (""|\[\])', f"{key}: {value}", text, flags=re.M)
    stub.write_text(text, encoding="utf-8")
    if "f.pdf" in text:
        (stub.parent / "f.pdf").write_bytes(PDF)
    result = run_build(tmp_path, check_only=True)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]


def test_a_change_of_the_type_table_makes_cached_parses_stale(monkeypatch):
    """A parse cached before a field existed (`kind:` was an unknown key) is not reused after:
    the parse cache's version carries a fingerprint of the declarations."""
    import dataclasses

    from generator.build import documents
    from generator.core import fields as f
    from generator.model.types.publications import DIRECTIVE
    now = documents._types_fingerprint()
    assert now in documents.PARSE_VERSION
    before = {**documents.CONTENT_TYPES, "directive": dataclasses.replace(DIRECTIVE, fields=DIRECTIVE.fields[:-1])}
    monkeypatch.setattr(documents, "CONTENT_TYPES", before)
    assert documents._types_fingerprint() != now
    fewer = f.choice({"commendation": ("Khen thưởng", "Commendations")})
    narrower = dataclasses.replace(DIRECTIVE, fields=tuple(dataclasses.replace(x, coerce=fewer) if x.name == "kind"
                                                           else x for x in DIRECTIVE.fields))
    monkeypatch.setattr(documents, "CONTENT_TYPES", {**documents.CONTENT_TYPES, "directive": narrower})
    assert documents._types_fingerprint() != now


def test_new_stubs_what_the_profile_requires_too(tmp_path, capsys):
    write_repo(tmp_path, {}, profile="caobang-2014")
    assert cli.main(["new", "person", "--site", "tinh", "--root", str(tmp_path), "Nguyễn Văn A"]) == 0
    text = (tmp_path / capsys.readouterr().out.strip()).read_text(encoding="utf-8")
    for key in ("position", "unit", "phone", "fax", "email"):
        assert re.search(rf'^{key}: ""', text, re.M), key
