"""The repository's own example province, built for real and checked as a reader and a validator would."""
from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from sitekit import NOW, run_build

from generator.build.output import host_dirs
from generator.checks.htmlcheck import JAR, run_vnu
from generator.checks.linkcheck import check_links
from generator.model.config import load_config

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "public"
    result = run_build(REPO, out, jobs=2)
    assert result.ok, "\n".join(d.text() for d in result.diagnostics)
    assert not [d for d in result.diagnostics if d.severity == "warning"], [d.text() for d in result.diagnostics]
    return out


def test_every_host_of_the_example_exists(example):
    config, _ = load_config(REPO)
    expected = {e.out_dir.split("/")[0] for s in config.sites.values() for e in s.editions}
    assert {p.name for p in host_dirs(example)} == expected
    # beside the hosts only the web server's files: the example's one takedown, the nginx configuration
    assert {p.name for p in example.iterdir()} - expected == {"_server"}
    assert (example / "_server/gone.txt").read_text().splitlines() == [
        "https://caoloc.langson.gov.vn/tin-tuc/thong-bao-gia-mao/",
        "https://caoloc.langson.gov.vn/tin-tuc/thong-bao-gia-mao/index.json"]
    assert {p.stem for p in (example / "_server/nginx").glob("*.conf")} == expected | {"sites"}
    assert {"langson.gov.vn", "english.langson.gov.vn"} <= expected
    kinds = [s.kind for s in config.sites.values()]
    assert kinds.count("department") >= 4 and kinds.count("commune") >= 4
    for host in expected:
        assert (example / host / "index.html").is_file(), host


def test_example_has_the_content_the_issue_asks_for(example):
    config, _ = load_config(REPO)
    news = list((REPO / "content").glob("*/news/*/*.md"))
    assert len([p for p in news if not p.name.endswith(".en.md")]) >= 30
    assert len({p.parts[-4] for p in news}) == len(config.sites)  # news on every site
    qd40 = (example / "langson.gov.vn/van-ban/40-2024-qd-ubnd/index.html").read_text()
    qd94 = (example / "langson.gov.vn/van-ban/94-2025-qd-ubnd/index.html").read_text()
    assert "40/2024/QĐ-UBND" in qd40 and "Được thay thế bởi" in qd40 or "được thay thế bởi" in qd40
    assert 'href="/van-ban/94-2025-qd-ubnd/"' in qd40
    assert "Điều 1" in qd40  # the full text of the decision
    assert "94/2025/QĐ-UBND" in qd94
    english = (example / "english.langson.gov.vn/index.html").read_text()
    assert '<html lang="en">' in english
    officials = list((example / "english.langson.gov.vn/officials").glob("*/index.html"))
    assert len(officials) >= 6
    assert any("@langson.gov.vn" in p.read_text() for p in officials)
    assert (example / "english.langson.gov.vn/about/co-cau-to-chuc/index.html").is_file()


def test_invented_content_is_marked_as_sample(example):
    page = next((example / "sokhcn.langson.gov.vn/tin-tuc").glob("*/index.html")).read_text()
    assert "Nội dung mẫu" in page


# The example's items that are not public on the test's day: one taken down (audit/takedowns.yaml),
# one scheduled for 2 January 2027. Each is checked to be absent.
NOT_PUBLIC = {"content/caoloc/news/2026/thong-bao-gia-mao.md", "content/langson/news/2026/chuong-trinh-xuan-2027.md"}


def test_every_item_has_its_page_with_required_elements(example):
    config, _ = load_config(REPO)
    for path in sorted((REPO / "content").rglob("*.md")):
        parts = path.relative_to(REPO / "content").parts
        site, type_name, stem = parts[0], parts[1], path.name[:-3]
        lang = "vi"
        if re.search(r"\.[a-z]{2}$", stem):
            stem, lang = stem[:-3], stem[-2:]
        edition = config.sites[site].edition(lang)
        from generator.build.plan import segment
        page = example / edition.out_dir / segment(type_name, lang) / stem / "index.html"
        if path.relative_to(REPO).as_posix() in NOT_PUBLIC:
            assert not page.parent.exists(), page
            continue
        assert page.is_file(), page
        html = page.read_text()
        assert "<h1>" in html
        if type_name == "legal":
            assert html.count('<th scope="row">') >= 7, page
            assert 'download>' in html, page


def test_no_broken_link_or_anchor_within_or_across_sites(example):
    problems = check_links(example)
    assert problems == [], "\n".join(d.text() for d in problems[:20])


def test_every_html_file_passes_the_nu_html_checker(example):
    if (shutil.which("java") is None or not JAR.is_file()) and not os.environ.get("CI"):
        pytest.skip("needs Java and vnu-jar: `npm ci --ignore-scripts`; CI installs both and never skips")
    problems = run_vnu([example])
    assert problems == [], "\n".join(d.text() for d in problems[:20])


def test_two_builds_of_the_same_commit_are_byte_identical_serial_and_parallel(example, tmp_path):
    again = tmp_path / "serial"
    assert run_build(REPO, again, jobs=1).ok
    cmp = filecmp.dircmp(example, again)
    diff = _differences(cmp)
    assert diff == [], diff[:10]


def _differences(cmp: filecmp.dircmp) -> list[str]:
    out = [f"only in one: {x}" for x in cmp.left_only + cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    out += [f"{cmp.left}/{x}" for x in mismatch + errors]
    for sub in cmp.subdirs.values():
        out += _differences(sub)
    return out


def test_json_records_carry_every_field(example):
    record = json.loads((example / "langson.gov.vn/van-ban/40-2024-qd-ubnd/index.json").read_text())
    for key in ("doc_form", "issuing_authority", "number", "symbol", "issued_date", "effective_date", "abstract", "files"):
        assert key in record["fields"]
    assert record["effect"] == "replaced"
    assert NOW.year == 2026


def test_the_examples_drafts_show_their_required_elements_state_and_form(example):
    """One draft open on the test's day (the portal, translated), one closed with its summary (Sở Tư pháp)."""
    open_draft = (example / "langson.gov.vn/du-thao/du-thao-nghi-quyet-ho-tro-to-cong-nghe-so-cong-dong/"
                  "index.html").read_text()
    closed = (example / "sotuphap.langson.gov.vn/du-thao/du-thao-quyet-dinh-phan-cap-tham-dinh-van-ban/"
              "index.html").read_text()
    for html in (open_draft, closed):
        for label in ("Cơ quan chủ trì soạn thảo", "Thời gian bắt đầu lấy ý kiến", "Thời hạn tiếp nhận ý kiến",
                      "Địa chỉ tiếp nhận ý kiến", "Thư điện tử tiếp nhận ý kiến", "Dự thảo và tài liệu kèm theo"):
            assert f">{label}<" in html, label
        assert ".txt\" download>" in html
    assert "Đang lấy ý kiến, còn" in open_draft and 'id="gop-y"' in open_draft
    assert "mailto:chuyendoiso.skhcn@langson.gov.vn?subject=" in open_draft  # no intake: to the receiving address
    assert "Đã hết hạn lấy ý kiến" in closed and 'id="gop-y"' not in closed
    assert "Tổng hợp, tiếp thu, giải trình ý kiến" in closed and "Số ý kiến nhận được: 27" in closed
    english = (example / "english.langson.gov.vn/drafts/du-thao-nghi-quyet-ho-tro-to-cong-nghe-so-cong-dong/"
               "index.html").read_text()
    assert "Open for comment" in english and "Comment on this draft" in english
    home = (example / "langson.gov.vn/index.html").read_text()
    assert "Dự thảo đang lấy ý kiến" in home
    record = json.loads((example / "sotuphap.langson.gov.vn/du-thao/du-thao-quyet-dinh-phan-cap-tham-dinh-van-ban/"
                                   "index.json").read_text())
    assert record["state"]["code"] == "closed" and record["fields"]["comments_count"] == 27


def test_every_site_of_the_example_has_the_citizens_forms(example):
    config, _ = load_config(REPO)
    for site in config.sites.values():
        for edition in site.editions:
            paths = ("hoi-dap/gui-cau-hoi", "kien-nghi", "danh-gia") if edition.lang == "vi" else (
                "questions/ask", "petitions", "rating")
            for path in paths:
                assert (example / edition.out_dir / path / "index.html").is_file(), (edition.out_dir, path)


SCHEDULE_SITES = {"langson": "langson.gov.vn", "sokhcn": "sokhcn.langson.gov.vn"}
SCHEDULE_WEEKS = ("2026-w48", "2026-w49", "2026-w50")  # the week of 30 November 2026, the one before, the one after


def test_each_week_of_the_work_schedule_has_its_required_elements(example):
    for host in SCHEDULE_SITES.values():
        for n, key in enumerate(SCHEDULE_WEEKS):
            page = (example / host / "lich-cong-tac" / key / "index.html").read_text()
            assert "<caption>Tuần " in page and 'scope="rowgroup"' in page, (host, key)
            for header in ("Thời gian", "Nội dung", "Lãnh đạo", "Địa điểm"):
                assert f'<th scope="col">{header}</th>' in page, (host, key, header)
            assert re.search(r"Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy), ngày \d\d tháng \d{1,2} năm 2026", page), (host, key)
            assert re.search(r'<time datetime="2026-\d\d-\d\dT\d\d:\d\d\+07:00">\d\d:\d\d</time>', page), (host, key)
            assert ('rel="prev"' in page) == (n > 0) and ('rel="next"' in page) == (n < 2), (host, key)
            assert "schedule-print-heading" in page and "Nội dung mẫu" in page, (host, key)
            record = json.loads((example / host / "lich-cong-tac" / key / "index.json").read_text())
            assert record["week"]["key"] == key.upper() and record["week"]["entries"], (host, key)
        index = (example / host / "lich-cong-tac/cac-tuan/index.html").read_text()
        assert [m for m in re.findall(r'href="/lich-cong-tac/(2026-w\d\d)/"', index)] == list(reversed(SCHEDULE_WEEKS))
    english = (example / "english.langson.gov.vn/schedule/2026-w49/index.html").read_text()
    assert "<caption>Week 49 of 2026 (November 30, 2026 to December 6, 2026)</caption>" in english
    assert "Monday, November 30, 2026" in english


def test_the_current_week_follows_now(example, tmp_path):
    # The example's own build is as of NOW, 20 November 2026 (week 47), for which no week is published.
    assert NOW.isocalendar()[:2] == (2026, 47)
    for host in SCHEDULE_SITES.values():
        assert "Chưa có lịch công tác được công bố cho tuần này." in (example / host / "index.html").read_text()
        current = (example / host / "lich-cong-tac/index.html").read_text()
        assert "Tuần 47 năm 2026" in current and 'href="/lich-cong-tac/2026-w48/" rel="next"' in current
    # As of Tuesday 1 December 2026, 09:00 (week 49), whatever day the test runs.
    out = tmp_path / "public"
    tuesday = NOW.replace(month=12, day=1, hour=9)
    assert run_build(REPO, out, now=tuesday, sites=frozenset(SCHEDULE_SITES)).ok
    home = (out / "langson.gov.vn/index.html").read_text()
    block = home[home.index('id="home-schedule"'):home.index("</section>", home.index('id="home-schedule"'))]
    assert "Tuần 49 năm 2026 (từ ngày 30/11/2026 đến ngày 06/12/2026)" in block
    assert "Thứ Ba, ngày 01 tháng 12 năm 2026</time> (hôm nay)" in block
    assert "Họp Ủy ban nhân dân tỉnh thường kỳ tháng 12" in block and "Chủ trì giao ban" not in block  # Monday's
    current = (out / "langson.gov.vn/lich-cong-tac/index.html").read_text()
    assert "Chủ trì giao ban Thường trực Ủy ban nhân dân tỉnh" in current  # the whole week
    assert "Tập huấn quản trị Trang thông tin điện tử" in (out / "sokhcn.langson.gov.vn/index.html").read_text()
    assert "Regular December meeting" in (out / "english.langson.gov.vn/index.html").read_text()
def test_projects_science_and_statistics_show_their_required_elements(example):
    """Issue 9, points 5-7: each type's pages in the example, read for what the regulations require."""
    def facts(html: str) -> dict[str, str]:
        return dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', html, re.S))

    stc = example / "sotaichinh.langson.gov.vn"
    listing = (stc / "du-an/index.html").read_text()
    assert re.findall(r'<h2 id="group-(\w+)">', listing) == ["preparing", "implementing", "completed"]
    project = facts((stc / "du-an/duong-tinh-229-doan-qua-dong-dang/index.html").read_text())
    for label in ("Mục tiêu chính", "Lĩnh vực chuyên môn", "Loại dự án", "Thời gian thực hiện", "Kinh phí dự án",
                  "Loại hình tài trợ", "Nhà tài trợ", "Tình trạng dự án"):
        assert project.get(label), label
    assert project["Kinh phí dự án"] == "185.000.000.000 đồng" and project["Tình trạng dự án"] == "Đang triển khai"
    result = facts((stc / "dau-thau/ket-qua-lua-chon-nha-thau-goi-thau-so-03/index.html").read_text())
    assert result["Giá trúng thầu"] == "2.318.500.000 đồng" and result["Nhà thầu trúng thầu"]
    land = (example / "dongdang.langson.gov.vn/dat-dai/phuong-an-boi-thuong-duong-tinh-229/index.html").read_text()
    assert facts(land)["Tổng kinh phí"] == "14.350.000.000 đồng" and ".pdf\" download>" in land

    khcn = example / "sokhcn.langson.gov.vn/de-tai-khoa-hoc"
    accepted = facts((khcn / "nhan-giong-cay-hoi-bang-phuong-phap-ghep/index.html").read_text())
    for label in ("Mã số", "Cấp quản lý", "Lĩnh vực", "Đơn vị chủ trì", "Thời gian thực hiện"):
        assert accepted.get(label), label
    assert accepted["Giai đoạn"] == "Đã nghiệm thu"
    for label in ("Báo cáo tổng hợp", "Báo cáo kết quả triển khai áp dụng"):
        link = re.search(r'href="([^"]+\.pdf)" download', accepted[label])
        assert link and (example / "sokhcn.langson.gov.vn" / link[1].lstrip("/")).read_bytes().startswith(b"%PDF")
    assert len(re.findall(r'class="item-card"', (khcn / "index.html").read_text())) == 3

    stats = (example / "langson.gov.vn/thong-ke/dan-so-trung-binh-nam-2025/index.html").read_text()
    assert facts(stats)["Kỳ thống kê"] == "Năm 2025" and "Ngày quyết định công bố" in facts(stats)
    assert '<th scope="col" class="num">Dân số trung bình (người)</th>' in stats
    assert '<th scope="row">Xã Đồng Đăng</th><td class="num">21.540</td>' in stats
    assert 'download>Tải về tệp số liệu: dan-so-trung-binh-2025-mau.csv</a>' in stats
    english = (example / "english.langson.gov.vn/statistics/dan-so-trung-binh-nam-2025/index.html").read_text()
    assert '<td class="num">21,540</td>' in english and "<td>2025</td>" in english  # Period: 2025
    quarter = (example / "langson.gov.vn/thong-ke/tinh-hinh-kinh-te-xa-hoi-quy-3-2026/index.html").read_text()
    assert facts(quarter)["Kỳ thống kê"] == "Quý III năm 2026"
    record = json.loads((example / "langson.gov.vn/thong-ke/tinh-hinh-kinh-te-xa-hoi-quy-3-2026/index.json")
                        .read_text())
    assert record["fields"]["period"] == "2026-Q3" and record["fields"]["publish_decision_date"] == "2026-10-05"


def test_questions_and_answers_show_their_elements_and_the_lookup_finds_them(example):
    import yaml
    lookup = example / "langson.gov.vn/hoi-dap/tra-cuu"
    tickets = {}  # one file a year, named by the lookup's index
    for year in json.loads((lookup / "index.json").read_text())["years"]:
        tickets.update(json.loads((lookup / f"{year}.json").read_text())["tickets"])
    states = set()
    for path in sorted((REPO / "content").glob("*/qa/*/*.md")):
        if path.name.endswith(".en.md"):
            continue
        values = yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])
        assert values["sample"] is True
        site = path.relative_to(REPO / "content").parts[0]
        host = "langson.gov.vn" if site == "langson" else f"{site}.langson.gov.vn"
        html = (example / host / "hoi-dap" / path.stem / "index.html").read_text()
        words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
        assert f"Mã phiếu: {values['ticket']}" in words and "Tình trạng:" in words
        assert " ".join(values["question"].split()) in words
        assert "Kênh tiếp nhận" in words and "Lĩnh vực" in words and "Quá trình xử lý" in words
        state = (values.get("history") or [{"state": "received"}])[-1]["state"]
        states.add(state)
        if state == "answered":
            assert "Người trả lời:" in words and "Văn bản được viện dẫn" in words
        if state == "declined":
            assert "Lý do:" in words and "Luật Khiếu nại" in words
        assert tickets[values["ticket"]]["state"] == state  # the portal's lookup knows every site's tickets
    assert {"received", "progress_notice", "answered", "declined"} <= states
    english = (example / "english.langson.gov.vn/qa/ho-so-cap-giay-phep-xay-dung-nha-o-rieng-le/index.html").read_text()
    assert "Ticket: <strong>HD-2026-000101</strong>" in english and "Answered by:" in english
    assert (example / "langson.gov.vn/hoi-dap/tinh-trang/da-tra-loi/index.html").is_file()
    assert (example / "sotuphap.langson.gov.vn/hoi-dap/tra-cuu/index.html").is_file()
    assert "/hoi-dap/" in (example / "sotuphap.langson.gov.vn/index.html").read_text()  # a department's home block
# Issue 9, points 8-10: each kind of information has a sample, and its page shows what the type requires.
KINDS_OF_INFORMATION = ("procedure", "plan", "finance", "epidemic", "treaty", "gazette", "statement", "enterprise",
                        "utility", "advertisement")


def test_every_kind_of_information_has_a_sample_page_with_its_required_elements(example):
    from generator.build.plan import segment
    from generator.model.content_types import CONTENT_TYPES
    for type_name in KINDS_OF_INFORMATION:
        ctype = CONTENT_TYPES[type_name]
        items = sorted((REPO / "content").glob(f"*/{type_name}/*/*.md"))
        assert items, f"no sample {type_name}"
        for path in items:
            if path.name.endswith(".en.md"):
                continue
            text = path.read_text(encoding="utf-8")
            assert "\nsample: true\n" in text, path
            site = path.relative_to(REPO / "content").parts[0]
            host = "langson.gov.vn" if site == "langson" else f"{site}.langson.gov.vn"
            html = (example / host / segment(type_name, "vi") / path.name[:-3] / "index.html").read_text()
            for field in ctype.fields:
                if field.required and field.name in ctype.rows:
                    assert f'<th scope="row">{field.label[0]}</th>' in html, (path, field.name)
            if ctype.field("files").required:
                assert "download>" in html, path
    procedure = (example / "langson.gov.vn/thu-tuc-hanh-chinh/cap-phieu-ly-lich-tu-phap/index.html").read_text()
    assert 'href="https://dichvucong.langson.gov.vn/thu-tuc/1.001906">Thực hiện trực tuyến</a>' in procedure
    assert 'class="banner banner-changed"' in procedure
    listing = (example / "langson.gov.vn/thu-tuc-hanh-chinh/index.html").read_text()
    assert '<span class="item-mark">Mới sửa đổi</span>' in listing  # changed on 5 November, built on the 20th
    kind = (example / "langson.gov.vn/chi-dao-dieu-hanh/loai/khen-thuong/index.html").read_text()
    assert "Khen thưởng tập thể, cá nhân có thành tích xuất sắc trong chuyển đổi số năm 2026" in kind
    english = (example / "english.langson.gov.vn/strategies-and-plans/quy-hoach-tinh-thoi-ky-2021-2030/index.html")
    assert "Lang Son Provincial Master Plan" in english.read_text()


def test_the_catalogue_lists_every_type_and_the_example_carries_every_required_section(example):
    from generator.model.content_types import CONTENT_TYPES
    html = (example / "langson.gov.vn/danh-muc-thong-tin-cong-khai/index.html").read_text()
    assert re.findall(r'<tr id="([a-z_]+)">', html) == list(CONTENT_TYPES)
    data = json.loads((example / "english.langson.gov.vn/disclosure-catalogue/index.json").read_text())
    assert [e["type"] for e in data["entries"]] == list(CONTENT_TYPES)
    checked = run_build(REPO, check_only=True)
    assert checked.ok and not checked.diagnostics, [d.text() for d in checked.diagnostics]


def _renderings(value, spec) -> list[str]:
    """The ways a page may write one value of a field, as text a reader sees: a choice by its label,
    a date in words or as 25/10/2024, a number grouped, money in đồng, a period in words, a file by
    its name, an image by its text alternative, text by its opening words."""
    import datetime as dt

    from generator.core.fields import Period
    from generator.model.i18n import (
        format_day,
        format_moment,
        format_money,
        format_number,
        format_period,
    )
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, Period):
        return [format_period(value, "vi")]
    if isinstance(value, dt.datetime):  # after a label that says "Ngày", without a second "ngày"
        return [format_moment(value, "vi"), format_day(value.date(), "vi"), format_moment(value, "vi", labelled=True),
                format_day(value.date(), "vi", labelled=True)]
    if isinstance(value, dt.date):
        return [format_day(value, "vi"), format_day(value, "vi", labelled=True), value.strftime("%d/%m/%Y")]
    if isinstance(value, int):
        return [str(value), format_number(value, "vi"), format_money(value, "vi")]
    if isinstance(value, str):
        labels = getattr(spec.coerce, "labels", None) if spec is not None else None
        if labels and value in labels:
            return [labels[value][0]]
        words = " ".join(value.split())
        return [words, words[:60].rsplit(" ", 1)[0] or words]
    return [str(value)]


def _values(value):
    """Each leaf of a field's value: the items of a list, the values of a record (a schedule's entry)."""
    import dataclasses

    from generator.core.fields import Period
    if dataclasses.is_dataclass(value) and not isinstance(value, (type, Period)):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return [leaf for key, v in sorted(value.items()) if key != "src" for leaf in _values(v)]
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in _values(v)]
    return [value]


def test_every_type_has_an_example_page_showing_the_values_of_its_required_fields(example, tmp_path):
    """For every type in the table, one example item's page: each required field's value (the type's
    and the profile's) is there as a reader sees it. The item is the type's first public one."""
    import html as html_lib

    from generator.build.plan import item_path
    from generator.model.config import PROFILES_DIR, load_profile
    from generator.model.content_types import CONTENT_TYPES
    from generator.model.profile_fields import required_fields
    from generator.pipeline import BuildOptions, load_content
    config, index, _ = load_content(BuildOptions(root=REPO, out=tmp_path, now=NOW))
    profile = config.province.profile.data
    profiles = [load_profile(p.stem, REPO)[0].data for p in sorted(PROFILES_DIR.glob("*.yaml"))]
    missing = []
    checked: dict[str, set[str]] = {}
    for type_name, ctype in CONTENT_TYPES.items():
        docs = sorted((d for s in config.sites for d in index.items(s, "vi", type_name)), key=lambda d: d.path)
        assert docs, f"the example has no public {type_name}"
        doc = docs[0]
        page = example / config.sites[doc.site].edition("vi").out_dir / item_path(doc) / "index.html"
        raw = page.read_text(encoding="utf-8")
        text = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", raw)).split())
        required = {f.name for f in ctype.fields if f.required} | set(required_fields(profile, type_name))
        # and what another province's profile requires, where the item gives it (news: author, source)
        required |= {n for data in profiles for n in required_fields(data, type_name) if n in doc.values}
        checked[type_name] = required
        if ctype.body_required:  # a page is its text: its opening words are there
            body = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", doc.body_html)).split())
            assert body and body[:60] in text, doc.path
        for name in sorted(required):
            spec = ctype.field(name)
            if name == ctype.date_field and name not in ctype.rows:
                # the day it is posted: git's first commit of the file supersedes it (gitfacts.publication)
                assert re.search(r"Ngày đăng: <time datetime=", raw) or name not in doc.values, doc.path
                continue
            for leaf in _values(doc.values.get(name)):
                if leaf == "":
                    continue  # a record's optional part (a schedule entry without participants)
                if not any(r and (r in text or f'href="{r}"' in raw) for r in _renderings(leaf, spec)):
                    missing.append(f"{doc.path}: `{name}` {leaf!r} is not on {page.relative_to(example)}")
    assert not missing, "\n".join(missing)
    assert all(len(names - {"title"}) >= 1 or CONTENT_TYPES[t].body_required for t, names in checked.items()), checked
    assert {"author", "source"} <= checked["news"] and {"position", "unit"} <= checked["person"]


def test_every_type_is_reachable_from_the_menu_of_each_site_that_lists_it(example):
    """Each edition's menu links every type it has a listing of; the example lists every type somewhere."""
    from test_menu import menu

    from generator.model.content_types import CONTENT_TYPES
    reached = set()
    for host in host_dirs(example):  # one edition per host in the example
        hrefs = {href for _, _, href, _ in menu((host / "index.html").read_text(encoding="utf-8")).links}
        for name, ctype in CONTENT_TYPES.items():
            for segment in set(ctype.segment):
                if (host / segment / "index.html").exists():
                    assert f"/{segment}/" in hrefs, (host.name, name)
                    reached.add(name)
    assert reached == set(CONTENT_TYPES)
