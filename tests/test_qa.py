"""Questions and answers (Hỏi - Đáp), issue 9 point 1 and points 12-13 for the type.

Tiny sites built for real: a question's page shows its ticket, receipt, channel, question, field,
category, unit, history, due date, answer, answerer and delegation, cited documents and the
profile's disclaimer; the section lists by field and by state; the ticket lookup works from a JSON
file and without JavaScript; every rule has a fixture at its exact line.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import NOW, codes, run_build, write_repo

from generator.core.clock import VN_TZ
from generator.model.schema import content_schemas

REPO = Path(__file__).resolve().parents[1]
QA = "content/tinh/qa/2026/xay-nha.md"
# Checked on the day the fixtures' questions arrive: none is due yet, so `check` has no deadline to warn of.
ASKED = dt.datetime(2026, 3, 4, 10, 0, tzinfo=VN_TZ)

ANSWERED = """\
---
title: "Thủ tục cấp giấy phép xây dựng"
ticket: HD-2026-000123
received_at: 2026-03-04T09:15
channel: section
question: |
  Gia đình tôi muốn xây nhà ở riêng lẻ thì cần giấy tờ gì?

  Xin cảm ơn.
field: "Xây dựng"
assigned_unit: "Sở Xây dựng"
history:
  - {state: forwarded, at: 2026-03-05T08:30, note: "Chuyển Sở Xây dựng"}
  - {state: in_progress, at: 2026-03-06T09:00}
  - {state: progress_notice, at: 2026-03-20T10:00, promised: 2026-04-02}
  - {state: answered, at: 2026-03-30T16:00}
answerer: "Nguyễn Văn A, Phó Giám đốc Sở Xây dựng"
delegation: "Quyết định phân công số 12/QĐ-SXD ngày 02/01/2026"
citations:
  - {number: "15/2021", symbol: "NĐ-CP", abstract: "Nghị định quy định chi tiết về quản lý dự án đầu tư xây dựng", date: 2021-03-03, issuer: "Chính phủ"}
{extra}---
Hồ sơ gồm đơn đề nghị và bản vẽ thiết kế.
"""


def answered(extra: str = "") -> str:
    return ANSWERED.replace("{extra}", extra)


def question(ticket="HD-2026-000001", title="Câu hỏi", received="2026-03-04T09:15", field="Đất đai",
             extra="", body="", channel="section") -> str:
    return (f'---\ntitle: "{title}"\nticket: {ticket}\nreceived_at: {received}\nchannel: {channel}\n'
            f'question: "Xin hỏi về {field.lower()}?"\nfield: "{field}"\n{extra}---\n{body}')


def page(root: Path, path: str, host: str = "langson.gov.vn") -> str:
    return (root / "public" / host / path).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def build(tmp_path: Path, files: dict, profile: str = "langson-2025"):
    write_repo(tmp_path, files, profile=profile)
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    return result


# ---- the question's page ----------------------------------------------------------------------

def test_an_answered_question_shows_every_element(tmp_path):
    build(tmp_path, {QA: answered("competence: own\n")}, profile="thainguyen-2026")
    html = page(tmp_path, "hoi-dap/xay-nha/index.html", "thainguyen.gov.vn")
    words = text_of(html)
    for expected in ("Mã phiếu: HD-2026-000123", "Tình trạng: Đã trả lời", "09:15, ngày 04 tháng 3 năm 2026",
                     "Kênh tiếp nhận Chuyên mục Hỏi - Đáp", "Gia đình tôi muốn xây nhà ở riêng lẻ",
                     "Lĩnh vực Xây dựng", "Đơn vị trả lời Sở Xây dựng",
                     "Đã chuyển đơn vị có thẩm quyền", "Chuyển Sở Xây dựng", "Đang xử lý",
                     "Đã thông báo thời hạn trả lời , hẹn trả lời ngày 02 tháng 4 năm 2026",
                     "Người trả lời: Nguyễn Văn A, Phó Giám đốc Sở Xây dựng",
                     "Theo phân công, ủy quyền: Quyết định phân công số 12/QĐ-SXD",
                     "Hồ sơ gồm đơn đề nghị và bản vẽ thiết kế.",
                     "số 15/2021/NĐ-CP ngày 03 tháng 3 năm 2021 của Chính phủ: Nghị định quy định chi tiết",
                     "không phải là cơ sở pháp lý trực tiếp",  # Thái Nguyên's disclaimer (003 Đ13.5)
                     "Thông tin của người hỏi không được công khai"):
        assert expected in words, expected
    assert "<p>Gia đình tôi muốn xây nhà ở riêng lẻ thì cần giấy tờ gì?</p><p>Xin cảm ơn.</p>" in html
    assert 'href="/hoi-dap/tra-cuu/2026/?ma=HD-2026-000123#HD-2026-000123"' in html
    assert 'href="/hoi-dap/linh-vuc/xay-dung/"' in html and 'href="/hoi-dap/tinh-trang/da-tra-loi/"' in html
    assert "Hạn trả lời:" not in words  # answered: nothing is due any more


def test_the_profile_decides_what_the_page_adds(tmp_path):
    """Lạng Sơn states no disclaimer: none is shown; its deadline rule is; Thái Nguyên's category is."""
    build(tmp_path, {QA: answered()})
    words = text_of(page(tmp_path, "hoi-dap/xay-nha/index.html"))
    assert "Lưu ý" not in words and "cơ sở pháp lý" not in words
    assert "Thời hạn trả lời theo quy chế 15 ngày làm việc kể từ khi tiếp nhận câu hỏi" in words
    tn = tmp_path / "tn"
    build(tn, {QA: answered('competence: inter_agency\n')}, profile="thainguyen-2026")
    words = text_of(page(tn, "hoi-dap/xay-nha/index.html", "thainguyen.gov.vn"))
    assert "Phân loại Cần phối hợp liên ngành" in words
    # The seed's words (003 Đ13.4.d); which day's 08:00 is a decision (requirements.md §10.2), not a quote.
    assert "10 ngày làm việc kể từ 08 giờ 00 phút" in words and "ngày làm việc đầu tiên" not in words


def test_a_question_in_progress_shows_its_promised_date_as_due(tmp_path):
    text = question(extra="assigned_unit: \"Sở Tài nguyên\"\ndue: 2026-03-25\nhistory:\n"
                          "  - {state: forwarded, at: 2026-03-05T08:00}\n"
                          "  - {state: progress_notice, at: 2026-03-20T10:00, promised: 2026-04-10}\n")
    build(tmp_path, {QA: text})
    words = text_of(page(tmp_path, "hoi-dap/xay-nha/index.html"))
    assert "Tình trạng: Đã thông báo thời hạn trả lời · Hạn trả lời: ngày 10 tháng 4 năm 2026" in words
    tickets = json.loads(page(tmp_path, "hoi-dap/tra-cuu/2026.json"))["tickets"]
    assert tickets["HD-2026-000001"]["due"] == "ngày 10 tháng 4 năm 2026"
    assert tickets["HD-2026-000001"]["due_iso"] == "2026-04-10"


def test_a_question_just_received_is_published_with_its_state_and_due_date(tmp_path):
    build(tmp_path, {QA: question(extra="due: 2026-03-25\n")})
    words = text_of(page(tmp_path, "hoi-dap/xay-nha/index.html"))
    assert "Tình trạng: Đã tiếp nhận · Hạn trả lời: ngày 25 tháng 3 năm 2026" in words
    assert "Trả lời" not in words.replace("Hạn trả lời", "").replace("thời hạn trả lời", "")


def test_a_complaint_is_declined_with_the_reason_and_the_legal_pointer(tmp_path):
    text = question(extra="history:\n  - state: declined\n    at: 2026-03-04T10:00\n    ground: complaint\n"
                          "    reason: \"Đơn khiếu nại quyết định hành chính\"\n")
    build(tmp_path, {QA: text})
    words = text_of(page(tmp_path, "hoi-dap/xay-nha/index.html"))
    assert "Không tiếp nhận: Đơn thư khiếu nại" in words
    assert "Lý do: Đơn khiếu nại quyết định hành chính" in words
    assert "giải quyết theo Luật Khiếu nại, Luật Tố cáo" in words
    assert "không tiếp nhận, giải quyết, trả lời các đơn thư khiếu nại, tố cáo" in words  # the profile's scope
    assert "Hạn trả lời" not in words and "Thời hạn trả lời theo quy chế" not in words


def test_out_of_scope_is_declined_without_the_complaint_pointer(tmp_path):
    text = question(extra="history:\n  - {state: declined, at: 2026-03-04T10:00, reason: \"Việc riêng\"}\n")
    build(tmp_path, {QA: text})
    words = text_of(page(tmp_path, "hoi-dap/xay-nha/index.html"))
    assert "Không tiếp nhận: Không thuộc phạm vi của chuyên mục" in words and "Luật Khiếu nại" not in words


def test_a_citation_by_reference_links_the_legal_item(tmp_path):
    legal = ('---\ndoc_form: "Quyết định"\nissuing_authority: "Ủy ban nhân dân tỉnh"\nnumber: "94/2025"\n'
             'symbol: "QĐ-UBND"\nissued_date: 2025-12-09\neffective_date: 2025-12-19\nabstract: "Ban hành Quy chế '
             'hoạt động của Cổng"\nfiles: [qd.pdf]\n---\n')
    text = answered().replace('  - {number: "15/2021"', '  - {ref: tinh/legal/qd-94}\n  - {number: "15/2021"')
    build(tmp_path, {QA: text, "content/tinh/legal/2025/qd-94.md": legal, "content/tinh/legal/2025/qd.pdf": "%PDF"})
    html = page(tmp_path, "hoi-dap/xay-nha/index.html")
    assert ('<a href="/van-ban/qd-94/">số 94/2025/QĐ-UBND ngày 09 tháng 12 năm 2025 của Ủy ban nhân dân tỉnh: '
            'Ban hành Quy chế hoạt động của Cổng</a>') in html


# ---- the section: listing, by field, by state, the lookup ----------------------------------------

def many(count: int) -> dict:
    files = {}
    for n in range(1, count + 1):
        field = "Đất đai" if n % 2 else "Xây dựng"
        extra = "" if n % 3 else f"history:\n  - {{state: declined, at: 2026-03-{n:02d}T10:00, reason: \"Ngoài phạm vi\"}}\n"
        files[f"content/tinh/qa/2026/q{n:02d}.md"] = question(f"HD-2026-{n:06d}", f"Câu hỏi {n:02d}",
                                                               f"2026-03-{n:02d}T08:00", field, extra)
    return files


def test_listed_newest_first_twenty_a_page_by_field_and_by_state(tmp_path):
    build(tmp_path, many(25))
    first = page(tmp_path, "hoi-dap/index.html")
    titles = re.findall(r'<a href="/hoi-dap/q\d+/">(Câu hỏi \d+)</a>', first)
    assert titles == [f"Câu hỏi {n:02d}" for n in range(25, 5, -1)]
    assert "HD-2026-000025 · <span class=\"effect effect-qa-received\">Đã tiếp nhận</span>" in first
    assert (tmp_path / "public/langson.gov.vn/hoi-dap/trang/2/index.html").is_file()
    assert 'href="/hoi-dap/tra-cuu/"' in first and 'href="/hoi-dap/linh-vuc/dat-dai/"' in first
    assert '<a href="/hoi-dap/tinh-trang/khong-tiep-nhan/">Không tiếp nhận</a> (8)' in first
    assert "Thư điện tử: congthongtindientu@langson.gov.vn" in first  # how to ask: the profile's channels
    land = page(tmp_path, "hoi-dap/linh-vuc/dat-dai/index.html")
    assert len(re.findall(r'data-ticket="HD-2026-\d+"', land)) == 13
    assert "Xây dựng</td>" not in land
    declined = page(tmp_path, "hoi-dap/tinh-trang/khong-tiep-nhan/index.html")
    assert sorted(re.findall(r'data-ticket="(HD-2026-\d+)"', declined)) == [f"HD-2026-{n:06d}" for n in range(3, 26, 3)]
    received = page(tmp_path, "hoi-dap/tinh-trang/da-tiep-nhan/index.html")
    assert len(re.findall(r'data-ticket=', received)) == 17 and "trang/2/" not in received


def test_the_ticket_lookup_has_a_json_file_and_a_table_without_javascript(tmp_path):
    build(tmp_path, many(4))
    html = page(tmp_path, "hoi-dap/tra-cuu/index.html")
    assert 'data-tickets="/hoi-dap/tra-cuu/{year}.json"' in html and 'name="ma"' in html
    assert '<script src="/assets/qa-lookup.js" defer></script>' in html
    assert "<noscript>" in html and "Ctrl+F" in html
    rows = re.findall(r'<tr id="(HD-2026-\d+)" data-ticket', html)
    assert rows == ["HD-2026-000004", "HD-2026-000003", "HD-2026-000002", "HD-2026-000001"]
    data = json.loads(page(tmp_path, "hoi-dap/tra-cuu/2026.json"))["tickets"]
    assert set(data) == set(rows)
    assert data["HD-2026-000003"]["state"] == "declined" and data["HD-2026-000003"]["reason"] == "Ngoài phạm vi"
    # received Sunday 1/3/2026, no due date stated: 15 working days under Lạng Sơn (000 Đ9.6.b), from
    # Monday 2/3 in the province's calendar: Friday 20/3
    assert data["HD-2026-000001"] == {
        "closed": "", "due": "ngày 20 tháng 3 năm 2026", "due_iso": "2026-03-20", "field": "Đất đai", "reason": "", "received": "08:00, ngày 01 tháng 3 năm 2026",
        "received_iso": "2026-03-01T08:00:00+07:00", "site_name": "Cổng thông tin điện tử tỉnh Lạng Sơn",
        "state": "received", "state_label": "Đã tiếp nhận", "title": "Câu hỏi 01", "type_label": "Hỏi - Đáp",
        "url": "/hoi-dap/q01/"}
    assert (tmp_path / "public/langson.gov.vn/assets/qa-lookup.js").is_file()


def test_the_portal_lookup_knows_every_site_s_tickets(tmp_path):
    dept = 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp"}\n'
    build(tmp_path, {"sites/sotuphap.yaml": dept, "content/sotuphap/qa/2026/ly-lich.md": question(
        "HD-2026-000009", extra="syndicate: true\n")})  # asked in the portal's section, shown there (000 Đ6.5, Đ19.6)
    portal = json.loads(page(tmp_path, "hoi-dap/tra-cuu/2026.json"))["tickets"]
    assert portal["HD-2026-000009"]["url"] == "https://sotuphap.langson.gov.vn/hoi-dap/ly-lich/"
    own = json.loads(page(tmp_path, "hoi-dap/tra-cuu/2026.json", "sotuphap.langson.gov.vn"))["tickets"]
    assert own["HD-2026-000009"]["url"] == "/hoi-dap/ly-lich/"


def test_home_blocks_feed_search_sitemap_and_records(tmp_path):
    dept = 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp"}\n'
    open_q = question("HD-2026-000002", "Câu hỏi chưa trả lời", "2026-03-05T08:00")
    build(tmp_path, {QA: answered(), "content/tinh/qa/2026/mo.md": open_q, "sites/sotuphap.yaml": dept,
                     "content/sotuphap/qa/2026/ly-lich.md": answered().replace("000123", "000124")})
    assert 'href="/hoi-dap/xay-nha/"' in page(tmp_path, "index.html")                     # portal home
    assert 'href="/hoi-dap/ly-lich/"' in page(tmp_path, "index.html", "sotuphap.langson.gov.vn")  # department
    feed = page(tmp_path, "feed.xml")
    assert "Thủ tục cấp giấy phép xây dựng" in feed and "Câu hỏi chưa trả lời" not in feed  # answered only
    from sitekit import search_docs, search_refs
    folder = tmp_path / "public/langson.gov.vn/tim-kiem"
    assert "Gia đình tôi muốn xây nhà" in search_docs(folder)["tinh/qa/xay-nha"].summary  # the question
    assert search_refs(folder, "ban ve thiet ke")[:1] == ["tinh/qa/xay-nha"]  # the answer's words, without marks
    assert search_refs(folder, "nhà ở riêng lẻ")[:1] == ["tinh/qa/xay-nha"]  # the question's
    sitemap = page(tmp_path, "sitemap.xml")
    for url in ("hoi-dap/xay-nha/", "hoi-dap/linh-vuc/xay-dung/", "hoi-dap/tinh-trang/da-tra-loi/"):
        assert f"<loc>https://langson.gov.vn/{url}</loc>" in sitemap, url
    record = json.loads(page(tmp_path, "hoi-dap/xay-nha/index.json"))
    assert record["fields"]["history"][2] == {"at": "2026-03-20T10:00:00+07:00", "promised": "2026-04-02",
                                               "state": "progress_notice"}
    assert record["fields"]["citations"][0]["date"] == "2021-03-03"
    for key in ("ticket", "received_at", "channel", "question", "field", "assigned_unit", "answerer", "delegation"):
        assert key in record["fields"], key


def test_the_english_edition_shows_a_translated_question(tmp_path):
    english = (answered().replace("Thủ tục cấp giấy phép xây dựng", "Building permit procedure")
               .replace("Hồ sơ gồm đơn", "An application and drawings. Hồ sơ gồm đơn"))
    build(tmp_path, {QA: answered(), QA.replace(".md", ".en.md"): english,
                     "sites/tinh.yaml": 'kind: portal\nname: {vi: "Cổng", en: "Portal"}\nlanguages: [vi, en]\n'})
    host = "english.langson.gov.vn"
    html = page(tmp_path, "qa/xay-nha/index.html", host)
    words = text_of(html)
    assert "Ticket: HD-2026-000123" in words and "Status: Answered" in words and "Answered by:" in words
    assert 'href="/qa/lookup/2026/?ma=HD-2026-000123#HD-2026-000123"' in html
    assert 'href="/qa/fields/xay-dung/"' in html and 'href="/qa/status/answered/"' in html
    assert json.loads(page(tmp_path, "qa/lookup/2026.json", host))["tickets"]["HD-2026-000123"]["state"] == "answered"
    assert 'hreflang="vi"' in html


# ---- the schema and `build.py new qa` ------------------------------------------------------------

def test_the_json_schema_describes_the_steps_and_the_citations():
    schema = content_schemas()["qa"]
    assert set(schema["required"]) == {"title", "ticket", "received_at", "channel", "question", "field"}
    steps = schema["properties"]["history"]
    assert steps["type"] == "array" and steps["items"]["required"] == ["state", "at"]
    assert "received" not in steps["items"]["properties"]["state"]["enum"]
    assert set(schema["properties"]["citations"]["items"]["properties"]) == {
        "ref", "number", "symbol", "abstract", "date", "issuer"}
    assert schema["properties"]["channel"]["enum"][0] == "section"


def test_new_qa_stubs_fail_check_until_filled_in(tmp_path):
    write_repo(tmp_path, {})
    made = subprocess.run([sys.executable, str(REPO / "build.py"), "new", "qa", "--site", "tinh", "Hỏi về đất đai",
                           "--root", str(tmp_path), "--now", "2026-03-04T09:15"], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    rel = made.stdout.strip()
    assert rel == "content/tinh/qa/2026/hoi-ve-dat-dai.md"
    assert [(line, code) for _, line, code in codes(run_build(tmp_path, check_only=True, now=ASKED))] == [
        (3, "field.required"), (5, "field.type"), (6, "field.required"), (7, "field.required")]
    path = tmp_path / rel
    filled = (path.read_text(encoding="utf-8").replace('ticket: ""', "ticket: HD-2026-000001")
              .replace('channel: ""', "channel: section").replace('question: ""', 'question: "Xin hỏi?"')
              .replace('field: ""', 'field: "Đất đai"'))
    path.write_text(filled, encoding="utf-8")
    # checked the day it was received: no answer is due yet (``check`` warns of overdue questions)
    received = dt.datetime(2026, 3, 4, 9, 15, tzinfo=VN_TZ)
    assert run_build(tmp_path, check_only=True, now=received).diagnostics == []


# ---- every required field and every rule at its line -------------------------------------------

REQUIRED = ["ticket", "received_at", "channel", "question", "field"]


@pytest.mark.parametrize("name", REQUIRED)
def test_each_required_field_missing_is_an_error_at_the_front_matter(tmp_path, name):
    text = "\n".join(line for line in question().splitlines() if not line.startswith(f"{name}:")) + "\n"
    write_repo(tmp_path, {QA: text})
    assert codes(run_build(tmp_path, check_only=True, now=ASKED)) == [(QA, 2, "field.required")]


@pytest.mark.parametrize("name,line", [("ticket", 3), ("received_at", 4), ("channel", 5), ("question", 6),
                                       ("field", 7)])
def test_each_required_field_empty_is_an_error_at_its_line(tmp_path, name, line):
    text = re.sub(rf"^{name}: .*$", f"{name}:", question(), flags=re.M)
    write_repo(tmp_path, {QA: text})
    assert codes(run_build(tmp_path, check_only=True, now=ASKED)) == [(QA, line, "field.required")]


def steps(*lines: str) -> str:
    return "history:\n" + "".join(f"  - {x}\n" for x in lines)


UNIT = 'assigned_unit: "Sở Xây dựng"\n'
RULES = [
    # (code, extra front matter, expected line); `question()` puts `extra` from line 8
    ("qa.ticket", None, 3),  # a malformed code (see below)
    ("field.type", steps("{state: solved, at: 2026-03-05T08:00}"), 9),
    ("qa.history", steps("{state: received, at: 2026-03-05T08:00}"), 9),
    ("qa.history", UNIT + steps("{state: forwarded, at: 2026-03-06T08:00}", "{state: in_progress, at: 2026-03-05T08:00}"),
     11),
    ("qa.history", UNIT + steps("{state: forwarded, at: 2026-03-03T08:00}"), 10),  # before the receipt
    ("qa.history", steps("{state: declined, at: 2026-03-05T08:00, reason: x}", "{state: forwarded, at: 2026-03-06T08:00}"),
     10),
    ("qa.promised", UNIT + steps("{state: progress_notice, at: 2026-03-06T08:00}"), 10),
    ("qa.history", UNIT + steps("{state: progress_notice, at: 2026-03-06T08:00, promised: 2026-03-01}"), 10),
    ("qa.reason", steps("{state: declined, at: 2026-03-05T08:00}"), 9),
    ("field.required", steps("{state: forwarded}"), 9),
    ("field.unknown", steps("{state: forwarded, at: 2026-03-05T08:00, when: x}"), 9),
    ("qa.assigned-unit", steps("{state: in_progress, at: 2026-03-05T08:00}"), 9),
    ("qa.answerer", UNIT + steps("{state: answered, at: 2026-03-05T08:00}"), 10),
    ("qa.citation", "citations:\n  - {symbol: NĐ-CP}\n", 9),
    ("qa.citation", "citations:\n  - {ref: tinh/legal/khong-co}\n", 9),
    ("qa.competence", "competence: own\n", 8),  # Lạng Sơn does not sort by competence
]


@pytest.mark.parametrize("code,extra,line", RULES, ids=[f"{r[0]}-{i}" for i, r in enumerate(RULES)])
def test_each_rule_is_an_error_at_its_line(tmp_path, code, extra, line):
    text = question(ticket="HD2026-1") if extra is None else question(extra=extra, body="Trả lời.")
    write_repo(tmp_path, {QA: text})
    found = codes(run_build(tmp_path, check_only=True, now=ASKED))
    assert found == [(QA, line, code)], found


def test_an_answered_question_without_its_answer(tmp_path):
    write_repo(tmp_path, {QA: answered().split("---\nHồ sơ")[0] + "---\n"})
    assert codes(run_build(tmp_path, check_only=True, now=ASKED)) == [(QA, 16, "qa.answer")]


def test_the_ticket_names_the_year_received(tmp_path):
    write_repo(tmp_path, {QA: question(ticket="HD-2025-000001")})
    result = run_build(tmp_path, check_only=True, now=ASKED)
    assert codes(result) == [(QA, 3, "qa.ticket")] and "(2026)" in result.diagnostics[0].message


def test_a_ticket_is_unique_in_the_province_and_the_error_names_both_files(tmp_path):
    dept = 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp"}\n'
    other = "content/sotuphap/qa/2026/khac.md"
    write_repo(tmp_path, {QA: question(), other: question(), "sites/sotuphap.yaml": dept})
    result = run_build(tmp_path, check_only=True, now=ASKED)
    assert codes(result) == [(QA, 3, "qa.ticket-duplicate")]
    assert f"also the ticket of {other} (line 3)" in result.diagnostics[0].message


def test_a_translation_keeps_its_source_s_ticket(tmp_path):
    write_repo(tmp_path, {QA: question(), QA.replace(".md", ".en.md"): question(ticket="HD-2026-000002"),
                          "sites/tinh.yaml": 'kind: portal\nname: {vi: "Cổng", en: "Portal"}\nlanguages: [vi, en]\n'})
    assert codes(run_build(tmp_path, check_only=True, now=ASKED)) == [(QA.replace(".md", ".en.md"), 3, "qa.ticket")]


def test_a_channel_the_profile_does_not_name(tmp_path):
    write_repo(tmp_path, {QA: question(channel="phone")})
    result = run_build(tmp_path, check_only=True, now=ASKED)
    assert codes(result) == [(QA, 5, "qa.channel")] and "address, section, email, zalo, facebook" in result.diagnostics[0].message


def test_thai_nguyen_wants_the_category_once_forwarded(tmp_path):
    write_repo(tmp_path, {QA: question(extra=UNIT + steps("{state: forwarded, at: 2026-03-05T08:00}"))},
               profile="thainguyen-2026")
    result = run_build(tmp_path, check_only=True, now=ASKED)
    assert codes(result) == [(QA, 10, "qa.competence")] and "own, inter_agency, special" in result.diagnostics[0].message


def test_cao_bang_wants_every_document_cited_exactly(tmp_path):
    no_date = answered().replace(', date: 2021-03-03, issuer: "Chính phủ"', "")
    write_repo(tmp_path, {QA: no_date}, profile="caobang-2014")
    result = run_build(tmp_path, check_only=True, now=ASKED)
    assert codes(result) == [(QA, 20, "qa.citation")]
    assert "ngày ban hành (date), cơ quan ban hành (issuer)" in result.diagnostics[0].message
    none = "\n".join(x for x in answered().splitlines() if not x.startswith(("citations:", "  - {number"))) + "\n"
    write_repo(tmp_path, {QA: none}, profile="caobang-2014")
    assert codes(run_build(tmp_path, check_only=True, now=ASKED)) == [(QA, 16, "qa.citation")]
    write_repo(tmp_path, {QA: answered()}, profile="caobang-2014")
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    words = text_of(page(tmp_path, "hoi-dap/xay-nha/index.html", "www.caobang.gov.vn"))
    assert "không bị điều chỉnh bởi Luật Khiếu nại, Luật Tố cáo" in words  # Cao Bằng's disclaimer (004 Đ9.6)


def test_an_item_may_not_take_the_name_of_the_state_listings(tmp_path):
    write_repo(tmp_path, {"content/tinh/qa/2026/tinh-trang.md": question()})
    assert codes(run_build(tmp_path, check_only=True, now=ASKED)) == [("content/tinh/qa/2026/tinh-trang.md", 1, "slug.reserved")]


def test_now_is_the_test_day():
    assert NOW.year == 2026


@pytest.mark.parametrize("extra", [
    "history: x\n", "history: [x]\n", "history: [[1, 2]]\n", "history:\n  - {state: [a]}\n",
    "history:\n  - {state: forwarded, at: {a: 1}}\n", "history:\n  - {? [a] : b}\n",
    "history:\n  - {state: progress_notice, at: 2026-03-05, promised: [1]}\n",
    "history:\n  - {state: declined, at: 2026-03-05, reason: x, ground: [1]}\n",
    "citations: 5\n", "citations:\n  - {ref: [a]}\n", "citations:\n  - {ref: x, number: y}\n",
    "citations:\n  - {number: x, date: 31/02/2026}\n", "due: tomorrow\n", "competence: all\n",
])
def test_odd_steps_and_citations_end_in_a_diagnostic_never_a_traceback(tmp_path, extra):
    write_repo(tmp_path, {QA: question(extra=extra)})
    result = run_build(tmp_path, check_only=True, now=ASKED)
    assert not result.ok and all(d.path == QA and d.code != "internal.error" for d in result.diagnostics), \
        [d.text() for d in result.diagnostics]


def test_a_profile_without_q_and_a_rules_shows_none_and_accepts_any_channel(tmp_path):
    """Bến Tre's profile has no `qa`: no deadline, channels, scope or disclaimer on the pages."""
    build(tmp_path, {QA: answered().replace("channel: section", "channel: phone")}, profile="bentre-2019")
    host = next(p.name for p in (tmp_path / "public").iterdir() if not p.name.startswith("_"))
    words = text_of(page(tmp_path, "hoi-dap/xay-nha/index.html", host))
    assert "Kênh tiếp nhận Điện thoại" in words and "Tình trạng: Đã trả lời" in words
    assert "Thời hạn trả lời theo quy chế" not in words and "Lưu ý" not in words and "Phạm vi" not in words
    listing = text_of(re.search(r"<main.*?</main>", page(tmp_path, "hoi-dap/index.html", host), re.S)[0])
    assert "Gửi câu hỏi" not in listing and "Tra cứu câu hỏi theo mã phiếu" in listing  # the footer's form link aside


def test_the_due_date_is_a_day_in_the_page_and_in_the_lookup_json(tmp_path):
    """`due` and a progress notice's `promised` are both days: the JSON and the page carry ISO dates,
    never a date for one and a datetime with an offset for the other."""
    build(tmp_path, {QA: question(extra="due: 2026-03-25\n"),
                     "content/tinh/qa/2026/dat-o.md": question(
                         ticket="HD-2026-000002", extra="assigned_unit: \"Sở Tài nguyên\"\nhistory:\n  - {state: progress_notice, at: 2026-03-20T10:00, "
                                                        "promised: 2026-04-10}\n")})
    tickets = json.loads(page(tmp_path, "hoi-dap/tra-cuu/2026.json"))["tickets"]
    assert [tickets[t]["due_iso"] for t in ("HD-2026-000001", "HD-2026-000002")] == ["2026-03-25", "2026-04-10"]
    assert '<time datetime="2026-03-25">ngày 25 tháng 3 năm 2026</time>' in page(tmp_path, "hoi-dap/xay-nha/index.html")
    assert '<time datetime="2026-04-10">' in page(tmp_path, "hoi-dap/dat-o/index.html")
    assert '<time datetime="2026-03-25">' in page(tmp_path, "hoi-dap/tra-cuu/index.html")
    assert content_schemas()["qa"]["properties"]["due"]["format"] == "date"


def test_a_due_date_with_a_time_is_a_located_error(tmp_path):
    write_repo(tmp_path, {QA: question(extra="due: 2026-03-25T17:00\n")})
    result = run_build(tmp_path)
    assert codes(result) == [(QA, 8, "field.date")] and "write 2024-10-25" in result.diagnostics[0].message


def test_the_lookup_ships_one_file_a_year_and_a_page_a_year_without_javascript(tmp_path):
    """Ten years of questions are never one download: the code's year picks the file the script
    reads, and without JavaScript the lookup lists the latest year's tickets and links the others."""
    files = {f"content/tinh/qa/{year}/q{year}-{n}.md": question(f"HD-{year}-{n:06d}", f"Câu hỏi {year} {n}",
                                                                 f"{year}-03-0{n}T08:00")
             for year in range(2017, 2027) for n in (1, 2)}
    build(tmp_path, files)
    index = json.loads(page(tmp_path, "hoi-dap/tra-cuu/index.json"))["years"]
    assert list(index) == [str(y) for y in range(2017, 2027)]
    assert index["2019"] == {"count": 2, "url": "/hoi-dap/tra-cuu/2019.json"}
    for year in range(2017, 2027):
        data = json.loads(page(tmp_path, f"hoi-dap/tra-cuu/{year}.json"))
        assert data["year"] == str(year) and sorted(data["tickets"]) == [f"HD-{year}-000001", f"HD-{year}-000002"]
        year_page = page(tmp_path, f"hoi-dap/tra-cuu/{year}/index.html")
        assert re.findall(r'<tr id="(HD-\d{4}-\d+)"', year_page) == [f"HD-{year}-000002", f"HD-{year}-000001"]
        assert f'<a href="/hoi-dap/tra-cuu/{year}/" aria-current="page">{year}</a>' in year_page
        assert f"Các phiếu tiếp nhận năm {year}</caption>" in year_page
    lookup = page(tmp_path, "hoi-dap/tra-cuu/index.html")
    assert re.findall(r'<tr id="(HD-\d{4}-\d+)"', lookup) == ["HD-2026-000002", "HD-2026-000001"]  # the latest year
    assert all(f'<a href="/hoi-dap/tra-cuu/{y}/"' in lookup for y in range(2017, 2026))
    assert 'data-tickets="/hoi-dap/tra-cuu/{year}.json"' in lookup
    old = page(tmp_path, "hoi-dap/q2018-1/index.html")  # a question links the page that lists it
    assert 'href="/hoi-dap/tra-cuu/2018/?ma=HD-2018-000001#HD-2018-000001"' in old


def test_the_lookup_script_reads_the_file_of_the_code_s_year():
    script = (REPO / "layouts/assets/qa-lookup.js").read_text(encoding="utf-8")
    assert 'replace("{year}", year[1])' in script and "/^[A-Z]{1,6}-([0-9]{4})-[0-9]{3,8}$/" in script
    pattern = content_schemas()["qa"]["properties"]["ticket"]["pattern"]
    assert pattern == "^[A-Z]{1,6}-[0-9]{4}-[0-9]{3,8}$"  # the script's pattern is the type's: keep them one


@pytest.mark.parametrize("profile, competence, due", [
    ("thainguyen-2026", "own", "2026-02-27"),           # 5 working days from 08:00 of Monday 23/2, after Tết
    ("thainguyen-2026", "inter_agency", "2026-03-06"),  # 10
    ("langson-2025", None, "2026-03-13"),               # 15, from the day after receipt
])
def test_an_open_question_s_due_date_is_counted_in_the_province_s_calendar(tmp_path, profile, competence, due):
    extra = f"competence: {competence}\n" if competence else ""
    build(tmp_path, {QA: question(received="2026-02-13T16:00", extra=extra)}, profile=profile)
    host = profile.split("-")[0] + ".gov.vn"
    data = json.loads(page(tmp_path, "hoi-dap/tra-cuu/2026.json", host))["tickets"]["HD-2026-000001"]
    assert data["due_iso"] == due
    assert f'<time datetime="{due}">' in page(tmp_path, "hoi-dap/xay-nha/index.html", host)
