"""Drafts for public comment (dự thảo lấy ý kiến), built for real: fields, period, state on --now,
the comment form only while open, the summary after, listings, home, feed, search, records."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import NOW, codes, news, run_build, write_repo

from generator.core.clock import VN_TZ
from generator.model.schema import content_schemas

REPO = Path(__file__).resolve().parents[1]
REL = "content/tinh/draft/2026/du-thao-quy-che.md"
PAGE = "langson.gov.vn/du-thao/du-thao-quy-che/"

# NOW is 2026-11-20: with these dates the draft is open, its last day ten days later.
DRAFT = """\
---
title: "Dự thảo Quyết định ban hành Quy chế thử"
summary: "Lấy ý kiến về dự thảo Quy chế."
drafting_agency: "Sở Tư pháp"
comment_open: {opens}
comment_close: {closes}
receiving_address: "Số 8 đường Lý Thái Tổ, phường Đông Kinh"
receiving_email: "sotuphap@langson.gov.vn"
draft_files: [du-thao.txt]
{extra}---
Nội dung dự thảo.
"""
KEY_LINES = {"summary": 3, "drafting_agency": 4, "comment_open": 5, "comment_close": 6, "receiving_address": 7,
             "receiving_email": 8, "draft_files": 9}


def draft(opens: str = "2026-11-01", closes: str = "2026-11-30", extra: str = "") -> str:
    return DRAFT.format(opens=opens, closes=closes, extra=extra)


def build_draft(tmp_path: Path, text: str | None = None, files: dict | None = None, now: dt.datetime = NOW):
    write_repo(tmp_path, {REL: text or draft(), "content/tinh/draft/2026/du-thao.txt": "Dự thảo.\n",
                          **(files or {})})
    return run_build(tmp_path, now=now)


def page(tmp_path: Path, path: str = PAGE) -> str:
    return (tmp_path / "public" / path / "index.html").read_text()


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=12, tzinfo=VN_TZ)


# ---------------------------------------------------------------- fields and checks

@pytest.mark.parametrize("key", list(KEY_LINES))
def test_each_required_field_missing_is_an_error_at_the_front_matter(tmp_path, key):
    text = "\n".join(line for line in draft().splitlines() if not line.startswith(f"{key}:")) + "\n"
    result = build_draft(tmp_path, text)
    assert codes(result) == [(REL, 2, "field.required")], [d.text() for d in result.diagnostics]
    assert f"`{key}`" in result.diagnostics[0].message
    assert not (tmp_path / "public").exists()


@pytest.mark.parametrize("key", list(KEY_LINES))
def test_each_required_field_left_empty_is_an_error_at_its_line(tmp_path, key):
    empty = " []" if key == "draft_files" else ""  # `key:` with no value, or no file named
    text = re.sub(rf"^{key}: .*$", f"{key}:{empty}", draft(), flags=re.M)
    result = build_draft(tmp_path, text)
    assert codes(result) == [(REL, KEY_LINES[key], "field.required")], [d.text() for d in result.diagnostics]


@pytest.mark.parametrize("closes", ["2026-10-31", "2026-11-01"], ids=["before", "same-day"])
def test_a_period_that_does_not_end_after_it_begins_is_an_error_at_the_close(tmp_path, closes):
    result = build_draft(tmp_path, draft(closes=closes))
    assert codes(result) == [(REL, 6, "draft.period")]
    assert "comment_close" in result.diagnostics[0].message


def test_a_closed_draft_without_its_summary_warns_at_the_close_and_still_builds(tmp_path):
    result = build_draft(tmp_path, now=at("2026-12-01"))
    assert result.ok
    assert [(d.path, d.line, d.code, d.severity) for d in result.diagnostics] == [
        (REL, 6, "draft.summary-missing", "warning")]
    assert "comments_summary" in result.diagnostics[0].message


@pytest.mark.parametrize("extra", ['comments_summary: "Nhận được 3 ý kiến, đã tiếp thu."\n',
                                   "summary_files: [bao-cao.txt]\n"], ids=["text", "report"])
def test_a_summary_or_its_report_answers_the_warning(tmp_path, extra):
    result = build_draft(tmp_path, draft(extra=extra), {"content/tinh/draft/2026/bao-cao.txt": "Báo cáo.\n"},
                         now=at("2026-12-01"))
    assert result.ok and result.diagnostics == [], [d.text() for d in result.diagnostics]


def test_an_open_or_upcoming_draft_asks_for_no_summary(tmp_path):
    assert build_draft(tmp_path).diagnostics == []
    assert build_draft(tmp_path, now=at("2026-10-01")).diagnostics == []


def test_the_schema_requires_what_check_requires():
    schema = content_schemas()["draft"]
    assert set(schema["required"]) == {"title", *KEY_LINES}
    assert schema["properties"]["comment_close"]["format"] == "date"
    assert schema["properties"]["receiving_email"]["format"] == "email"


def test_new_draft_is_stubbed_fails_check_until_filled_in_then_passes(tmp_path):
    write_repo(tmp_path, {})
    run = [sys.executable, str(REPO / "build.py")]
    made = subprocess.run(run + ["new", "draft", "--site", "tinh", "--root", str(tmp_path), "--now",
                                 "2026-11-20T09:00", "Dự thảo Quy chế mẫu"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    rel = made.stdout.strip()
    assert rel == "content/tinh/draft/2026/du-thao-quy-che-mau.md"
    check = [*run, "check", "--root", str(tmp_path), "--no-cache", "--now", "2026-11-20T09:00"]
    failed = subprocess.run(check, capture_output=True, text=True)
    assert failed.returncode == 1
    for key in ("summary", "drafting_agency", "receiving_address", "receiving_email", "draft_files"):
        assert re.search(rf"{rel}:\d+:\d+: error\[field.required\]: `{key}`", failed.stdout + failed.stderr), key
    path = tmp_path / rel
    text = path.read_text()
    for key, value in (("summary", '"Lấy ý kiến."'), ("drafting_agency", '"Sở Tư pháp"'),
                       ("receiving_address", '"Số 8 Lý Thái Tổ"'), ("receiving_email", "sotuphap@langson.gov.vn"),
                       ("draft_files", "[du-thao.txt]")):
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, flags=re.M)
    path.write_text(text)
    (path.parent / "du-thao.txt").write_text("Dự thảo.\n")
    assert re.search(r"^comment_close: 2026-12-20  #", text, re.M)  # the stub's period: 30 days from today
    passed = subprocess.run(check, capture_output=True, text=True)
    assert passed.returncode == 0, passed.stdout + passed.stderr


# ---------------------------------------------------------------- the state on --now

@pytest.mark.parametrize(("now", "label", "code"), [
    ("2026-10-20", "Sắp lấy ý kiến, từ ngày 01 tháng 11 năm 2026", "upcoming"),
    ("2026-11-01", "Đang lấy ý kiến, còn 30 ngày", "open"),
    ("2026-11-20", "Đang lấy ý kiến, còn 11 ngày", "open"),
    ("2026-11-30", "Đang lấy ý kiến, hôm nay là ngày cuối", "open"),
    ("2026-12-01", "Đã hết hạn lấy ý kiến", "closed"),
])
def test_the_page_and_the_record_say_the_state_as_of_now(tmp_path, now, label, code):
    assert build_draft(tmp_path, now=at(now)).ok
    html = page(tmp_path)
    assert f'<p class="draft-state state-{code}"><strong>{label}</strong></p>' in html
    record = json.loads((tmp_path / "public" / PAGE / "index.json").read_text())
    assert record["state"]["code"] == code and record["state"]["as_of"] == now and record["state"]["label"] == label
    if code == "open":
        left = re.search(r"còn (\d+)", label)
        assert record["state"]["days_left"] == (int(left[1]) if left else 1)
    assert ('id="gop-y"' in html) is (code == "open")  # the comment form only while open


def test_an_open_draft_has_the_comment_form_posting_to_the_intake(tmp_path):
    portal = 'kind: portal\nname: {vi: "Cổng tỉnh", en: "Portal"}\nintake: "https://tiepnhan.langson.gov.vn/gop-y/"\n'
    assert build_draft(tmp_path, files={"sites/tinh.yaml": portal}).ok
    html = page(tmp_path)
    form = re.search(r'<form class="citizen-form" id="comment" method="post" action="([^"]+)"', html)
    assert form and form[1] == "https://tiepnhan.langson.gov.vn/gop-y/"
    for name, value in (("form_kind", "comment"), ("draft", "tinh/draft/du-thao-quy-che"),
                        ("draft_title", "Dự thảo Quyết định ban hành Quy chế thử")):
        assert f'<input type="hidden" name="{name}" value="{value}">' in html
    for name in ("full_name", "email", "comment"):
        assert f'name="{name}"' in html
    assert "mailto:sotuphap@langson.gov.vn?subject=" not in html


def test_without_an_intake_the_comment_goes_by_email_to_the_receiving_address(tmp_path):
    assert build_draft(tmp_path).ok
    html = page(tmp_path)
    assert "<form" not in html[html.index("<main"):]  # (the header's search box is every page's)
    href = re.search(r'<a class="form-button" href="(mailto:[^"]+)"', html)[1]
    assert href.startswith("mailto:sotuphap@langson.gov.vn?subject=G%C3%B3p%20%C3%BD%20d%E1%BB%B1%20th%E1%BA%A3o")
    assert "không được lưu vào kho nội dung" in html  # where the personal details go


def test_a_closed_draft_shows_its_summary_and_no_form(tmp_path):
    extra = ('comments_count: 12\ncomments_summary: |\n  Nhận được 12 ý kiến.\n\n  Tiếp thu: bổ sung Điều 3.\n'
             'summary_files: [bao-cao.txt]\n')
    portal = 'kind: portal\nname: {vi: "Cổng tỉnh", en: "Portal"}\nintake: "https://tiepnhan.langson.gov.vn/"\n'
    assert build_draft(tmp_path, draft(extra=extra), {"content/tinh/draft/2026/bao-cao.txt": "Báo cáo.\n",
                                                      "sites/tinh.yaml": portal}, now=at("2026-12-01")).ok
    html = page(tmp_path)
    assert "Đã hết hạn lấy ý kiến" in html
    assert "<form" not in html[html.index("<main"):] and "mailto:sotuphap" not in html.split('id="draft-files"')[1].split("Chia sẻ")[0]
    summary = html.split('id="draft-summary"')[1].split("</section>")[0]
    assert "Tổng hợp, tiếp thu, giải trình ý kiến" in summary
    assert "<p>Số ý kiến nhận được: 12</p>" in summary
    assert "<p>Nhận được 12 ý kiến.</p>" in summary and "<p>Tiếp thu: bổ sung Điều 3.</p>" in summary
    assert 'href="/du-thao/du-thao-quy-che/bao-cao.txt" download' in summary
    assert (tmp_path / "public" / PAGE / "bao-cao.txt").is_file()


def test_the_page_shows_every_required_element(tmp_path):
    assert build_draft(tmp_path).ok
    html = page(tmp_path)
    for text in ("Sở Tư pháp", "Số 8 đường Lý Thái Tổ, phường Đông Kinh",
                 '<a href="mailto:sotuphap@langson.gov.vn">sotuphap@langson.gov.vn</a>',
                 '<time datetime="2026-11-01">01 tháng 11 năm 2026</time>',
                 '<time datetime="2026-11-30">30 tháng 11 năm 2026</time>',
                 'href="/du-thao/du-thao-quy-che/du-thao.txt" download', "Nội dung dự thảo."):
        assert text in html, text


# ---------------------------------------------------------------- everywhere it belongs

def test_listing_newest_first_with_states_home_only_open_feed_sitemap_search(tmp_path):
    older = draft("2026-08-01", "2026-08-31", 'comments_summary: "Đã tổng hợp."\n').replace("Quy chế thử", "Quy chế cũ")
    later = draft("2026-12-01", "2026-12-31").replace("Quy chế thử", "Quy chế sắp tới")
    files = {"content/tinh/draft/2026/du-thao-cu.md": older, "content/tinh/draft/2026/du-thao-sap-toi.md": later,
             "content/tinh/news/2026/tin.md": news(date="2026-11-19T08:00")}
    assert build_draft(tmp_path, files=files).ok
    out = tmp_path / "public/langson.gov.vn"
    listing = (out / "du-thao/index.html").read_text()
    titles = re.findall(r'<h2 class="item-title"><a href="/du-thao/([^/]+)/">', listing)
    assert titles == ["du-thao-sap-toi", "du-thao-quy-che", "du-thao-cu"]
    states = re.findall(r'<span class="state state-(\w+)">', listing)
    assert states == ["upcoming", "open", "closed"]
    home = (out / "index.html").read_text()
    block = home.split('<h2 id="home-draft">')[1].split("</section>")[0]
    assert block.startswith("Dự thảo đang lấy ý kiến</h2>")
    assert re.findall(r'href="/du-thao/([^/]+)/"', block) == ["du-thao-quy-che"]  # only the open one
    assert "Dự thảo lấy ý kiến" in (out / "index.html").read_text().split('class="main-nav"')[1].split("</nav>")[0]
    feed = (out / "feed.xml").read_text()
    assert "https://langson.gov.vn/du-thao/du-thao-quy-che/" in feed
    sitemap = (out / "sitemap.xml").read_text()
    assert "<loc>https://langson.gov.vn/du-thao/du-thao-quy-che/</loc>" in sitemap
    assert "<loc>https://langson.gov.vn/du-thao/</loc>" in sitemap
    from sitekit import search_docs
    found = search_docs(out / "tim-kiem")
    assert "tinh/draft/du-thao-quy-che" in found and found["tinh/draft/du-thao-quy-che"].kind == "Dự thảo lấy ý kiến"


def test_no_home_block_when_no_draft_is_open(tmp_path):
    assert build_draft(tmp_path, now=at("2026-12-05"), files={
        "content/tinh/news/2026/tin.md": news(date="2026-11-19T08:00")}).ok
    home = (tmp_path / "public/langson.gov.vn/index.html").read_text()
    assert "home-draft" not in home and "home-news" in home


def test_a_translation_is_on_the_english_edition_in_english(tmp_path):
    english = draft().replace("Dự thảo Quyết định ban hành Quy chế thử", "Draft Decision on a test regulation")
    assert build_draft(tmp_path, files={REL.replace(".md", ".en.md"): english}).ok
    html = page(tmp_path, "english.langson.gov.vn/drafts/du-thao-quy-che/")
    assert '<html lang="en">' in html
    assert "<strong>Open for comment, 11 days left</strong>" in html
    assert "Comments close" in html and "Drafting agency" in html and "Comment on this draft" in html
    assert (tmp_path / "public/english.langson.gov.vn/drafts/index.html").is_file()


def test_an_empty_list_of_required_files_is_missing_for_legal_documents_too(tmp_path):
    legal = ('---\ndoc_form: "Quyết định"\nissuing_authority: "UBND tỉnh"\nnumber: "40/2024"\nsymbol: "QĐ-UBND"\n'
             'issued_date: 2024-10-25\neffective_date: 2024-11-10\nabstract: "Quy chế"\nfiles: []\n---\nx\n')
    write_repo(tmp_path, {"content/tinh/legal/2024/qd.md": legal})
    assert codes(run_build(tmp_path)) == [("content/tinh/legal/2024/qd.md", 9, "field.required")]



def test_a_summary_naming_a_commenters_phone_or_email_is_refused(tmp_path):
    """The summary of comments is published: a commenter's phone or e-mail in it is personal data (§3.8)."""
    summary = 'comments_summary: "Ông A (0912 345 678, a.nguyen@gmail.com) đề nghị sửa Điều 3."\n'
    result = build_draft(tmp_path, draft(extra=summary), now=at("2026-12-01"))
    assert not result.ok
    found = sorted((d.path, d.line, d.code) for d in result.diagnostics if d.code.startswith("personal."))
    assert [(path, line) for path, line, _ in found] == [(REL, 10), (REL, 10)], [d.text() for d in result.diagnostics]
