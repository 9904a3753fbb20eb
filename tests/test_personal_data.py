"""Personal data never enters the repository (issue 9, point 2; requirements.md §3.8, 004 Đ19).

A key that would hold an asker's identity is refused with a message pointing to the intake system;
the text of Q&A items (and of any field a type marks ``scan_personal``) is scanned for ID numbers,
phone numbers and e-mail addresses, each reported at its exact line and column unless it is an
official contact from the site files. The patterns have a test each, and a test for what they must
never take: document numbers, dates, amounts, years, article numbers, postal codes, ticket codes.
"""
from __future__ import annotations

import pytest
import yaml
from sitekit import codes, news, run_build, write_repo

from generator.build.personal_data import scan_front_matter
from generator.core.personal_patterns import (
    contact_key,
    find_names,
    find_personal_data,
    personal_key,
)
from generator.model.content_types import CONTENT_TYPES

QA = "content/tinh/qa/2026/cau-hoi.md"


def qa(question: str = "Xin hỏi thủ tục cấp giấy phép xây dựng?", extra: str = "", body: str = "") -> str:
    return (f'---\ntitle: "Hỏi về xây dựng"\nticket: HD-2026-000001\nreceived_at: 2026-11-19T09:15\n'
            f'channel: section\nquestion: {question}\nfield: "Xây dựng"\n{extra}---\n{body}\n')


# ---- the patterns, one by one ------------------------------------------------------------------

FOUND = [
    # (text, kind, what is found)
    ("CMND 012345678 cấp năm 2010", "id", "012345678"),                     # 9 digits
    ("số 001234567890 do Cục cấp", "id", "001234567890"),                  # 12 digits (căn cước)
    ("căn cước công dân số 0012 3456 7890", "id", "0012 3456 7890"),         # grouped, after its name
    ("hộ chiếu B1234567", "id", "B1234567"),
    ("gọi 0912345678 nhé", "phone", "0912345678"),
    ("gọi 0912 345 678 nhé", "phone", "0912 345 678"),
    ("gọi 0912.345.678 nhé", "phone", "0912.345.678"),
    ("gọi 0912-345-678 nhé", "phone", "0912-345-678"),
    ("gọi +84 912 345 678 nhé", "phone", "+84 912 345 678"),
    ("gọi +84912345678 nhé", "phone", "+84912345678"),
    ("gọi 84912345678 nhé", "phone", "84912345678"),                        # country code, no plus
    ("gọi 84 912 345 678 nhé", "phone", "84 912 345 678"),
    ("gọi (+84) 912 345 678 nhé", "phone", "(+84) 912 345 678"),
    ("máy bàn 0205 3812 656", "phone", "0205 3812 656"),
    ("máy bàn (0205) 3.812.656", "phone", "(0205) 3.812.656"),
    ("đường dây nóng 02053.812.656", "phone", "02053.812.656"),
    ("Hà Nội 024 3825 6789", "phone", "024 3825 6789"),
    ("Hà Nội 024.3825.6789", "phone", "024.3825.6789"),
    ("hồ sơ số 123456789 của tôi", "id", "123456789"),                      # 9 digits: the item may declare it
    ("di động 0386 123 456", "phone", "0386 123 456"),
    ("thư gửi nguyen.van.a@gmail.com nhé", "email", "nguyen.van.a@gmail.com"),
    ("[thư](mailto:tran_b+hoi@yahoo.com.vn)", "email", "tran_b+hoi@yahoo.com.vn"),
    # written so that harvesters miss it
    ("liên hệ an.nguyen [at] gmail [dot] com nhé", "email", "an.nguyen [at] gmail [dot] com"),
    ("an.nguyen(at)gmail.com", "email", "an.nguyen(at)gmail.com"),
    ("hộp thư an.nguyen [a còng] gmail [chấm] com", "email", "an.nguyen [a còng] gmail [chấm] com"),
]


@pytest.mark.parametrize("text,kind,found", FOUND, ids=[f[2] for f in FOUND])
def test_each_pattern_finds_what_it_is_for(text, kind, found):
    matches = find_personal_data(text)
    assert [(m.kind, m.text) for m in matches] == [(kind, found)]
    assert text[matches[0].start:matches[0].end] == found


def test_two_phone_numbers_in_one_run_are_two():
    assert [m.text for m in find_personal_data("0912 345 678 0987 654 321")] == ["0912 345 678", "0987 654 321"]


NOT_PERSONAL = [
    "Quyết định số 40/2024/QĐ-UBND ngày 25/10/2024",          # document number, date
    "Nghị định 15/2021/NĐ-CP ngày 03/3/2021 của Chính phủ",
    "Thông tư số 22/2023/TT-BTTTT",
    "ngày 25/10/2024", "2024-10-25", "2026-03-04T09:15", "04.03.2025",   # dates
    "ngày 05 tháng 02 năm 2025",
    "kinh phí 1.250.000.000 đồng", "1 250 000 000 đồng", "250000000 đồng",  # money
    "999999999999 đồng", "12.000.000.000.000 đồng", "tăng 0,5%",
    "năm 2024", "giai đoạn 2021 - 2025",                                    # years
    "Điều 12, khoản 3 Điều 9",                                               # articles
    "mã bưu chính 240000", "mã bưu chính 25000",                             # postal codes
    "mã phiếu HD-2026-000123",                                               # ticket codes
    "mã thủ tục 1.001234.000.00.00.H37", "mã thủ tục 1.001234.000.00.00.H36",
    "Quyết định số 123/QĐ-UBND", "Công văn 1234/UBND-KT",                     # numbers of an agency's documents
    "84912345678 đồng", "có 84 hộ, 912 người",                               # 84 that is no country code
    "mã số thuế: 0301234567",                                                # a business's tax code
    "100.000 người", "Luật số 25/2018/QH14",
    "văn bản số 12 (at) xã", "ở [at] thôn 3",                                 # an "at" that joins no address
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_no_false_positive_on_numbers_of_administrative_text(text):
    assert find_personal_data(text) == []


def test_contacts_compare_by_their_digits_and_in_lower_case():
    assert contact_key("0205.3812.656") == contact_key("(0205) 3812 656") == "02053812656"
    assert contact_key("+84 912 345 678") == contact_key("0912345678")
    assert contact_key("Sotuphap@LangSon.gov.vn") == "sotuphap@langson.gov.vn"


@pytest.mark.parametrize("key,what", [
    ("asker", "identity"), ("asker_name", "identity"), ("name", "identity"), ("ho_ten", "identity"),
    ("Họ và tên", "identity"), ("cmnd", "ID number"), ("cccd", "ID number"), ("id_number", "ID number"),
    ("passport", "ID number"), ("phone", "phone number"), ("so-dien-thoai", "phone number"),
    ("asker_phone", "identity"), ("contact_phone", "phone number"), ("address", "address"),
    ("dia_chi", "address"), ("email", "e-mail address"), ("nationality", "identity"),
    ("date_of_birth", "identity"), ("full_name", "identity"),
])
def test_keys_that_would_hold_personal_data(key, what):
    assert personal_key(key) == what


@pytest.mark.parametrize("key", ["title", "question", "field", "file_name", "answerer", "assigned_unit", "unit",
                                 "position", "delegation", "channel", "ticket"])
def test_ordinary_keys_are_not_personal(key):
    assert personal_key(key) is None


# ---- keys, in a build --------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["asker", "asker_name", "name", "cmnd", "cccd", "id_number", "phone", "address",
                                 "email"])
def test_a_personal_key_is_refused_with_the_way_to_the_intake_system(tmp_path, key):
    write_repo(tmp_path, {QA: qa(extra=f'{key}: "x"\n')})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(QA, 8, "personal.key")]
    message = result.diagnostics[0].message
    assert "intake system" in message and "never enters the content repository" in message
    assert result.diagnostics[0].col == 1


def test_a_personal_key_is_refused_on_every_type_that_does_not_declare_it(tmp_path):
    rel = "content/tinh/news/2026/tin.md"
    write_repo(tmp_path, {rel: news(extra='so_dien_thoai: "x"\n')})
    assert codes(run_build(tmp_path, check_only=True)) == [(rel, 5, "personal.key")]


def test_a_person_keeps_the_official_phone_and_email_its_type_declares(tmp_path):
    rel = "content/tinh/person/can-bo.md"
    write_repo(tmp_path, {rel: '---\ntitle: "Nguyễn Văn A"\nposition: "Giám đốc"\nunit: "Sở"\n'
                               'phone: "0205.3812.110"\nfax: "0205.3812.111"\nemail: "a@langson.gov.vn"\n---\n'})
    assert run_build(tmp_path, check_only=True).diagnostics == []


def test_a_personal_key_inside_a_step_of_the_history_is_refused_at_its_line(tmp_path):
    write_repo(tmp_path, {QA: qa(extra="history:\n  - state: forwarded\n    at: 2026-03-05T08:00\n"
                                       "    asker_phone: \"x\"\n")})
    assert codes(run_build(tmp_path, check_only=True)) == [(QA, 11, "personal.key")]


# ---- text, in a build --------------------------------------------------------------------------

def test_a_phone_number_in_the_question_is_found_at_its_line_and_column(tmp_path):
    text = qa(question="|\n  Xin hỏi về giấy phép xây dựng.\n  Gọi tôi: 0912 345 678, cảm ơn.")
    write_repo(tmp_path, {QA: text})
    result = run_build(tmp_path, check_only=True)
    assert [(d.path, d.line, d.col, d.code) for d in result.diagnostics] == [(QA, 8, 12, "personal.phone")]
    assert text.splitlines()[7][11:].startswith("0912 345 678")
    message = result.diagnostics[0].message
    assert "0912 345 678" not in message and "0912***678" in message  # CI logs never get the number
    assert "intake system" in message


@pytest.mark.parametrize("where,text,line,col,code", [
    ("title", '---\ntitle: "Hỏi của ông A, CCCD 001234567890"\nticket: HD-2026-000001\n', 2, 29, "personal.id"),
    ("body", None, 10, 14, "personal.email"),
    ("history", None, 11, 16, "personal.id"),
])
def test_title_body_and_history_are_scanned_too(tmp_path, where, text, line, col, code):
    if where == "title":
        source = qa().replace('---\ntitle: "Hỏi về xây dựng"\nticket: HD-2026-000001\n', text)
    elif where == "body":
        source = qa(body="Trả lời.\nLiên hệ lại: hoi.dap@gmail.com")
    else:
        source = qa(extra="history:\n  - state: forwarded\n    at: 2026-03-05T08:00\n    note: CMND 012345678\n")
    write_repo(tmp_path, {QA: source})
    result = run_build(tmp_path, check_only=True)
    assert [(d.line, d.col, d.code) for d in result.diagnostics] == [(line, col, code)], result.diagnostics
    assert source.splitlines()[line - 1][col - 1].isalnum()


def test_official_contacts_of_the_site_files_pass(tmp_path):
    site = 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp"}\ncontact:\n  phone: "0205.3812.301"\n' \
           '  email: "sotuphap@langson.gov.vn"\n'
    body = ("Liên hệ Sở Tư pháp: (0205) 3812 301, sotuphap@langson.gov.vn; Cổng: congthongtindientu@langson.gov.vn,"
            " đường dây nóng 02053.812.656; thư (viết tránh thư rác): sotuphap [at] langson [dot] gov [dot] vn.")
    province = ('profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn"}\ngoverning_agency: {vi: "UBND tỉnh"}\n'
                'contact:\n  hotline: "02053.812.656"\n')
    write_repo(tmp_path, {"sites/sotuphap.yaml": site, "sites/_province.yaml": province,
                          "content/sotuphap/qa/2026/cau-hoi.md": qa(body=body)})
    assert run_build(tmp_path, check_only=True).diagnostics == []
    # … and the same numbers, when they are nobody's official contact, are refused
    write_repo(tmp_path, {"sites/sotuphap.yaml": 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp"}\n',
                          "sites/_province.yaml": province.split("contact:")[0]})
    found = [d.code for d in run_build(tmp_path, check_only=True).diagnostics]
    assert found == ["personal.phone", "personal.email", "personal.email"]  # the portal's e-mail is in the profile


def test_a_cached_parse_still_reports_personal_data(tmp_path):
    write_repo(tmp_path, {QA: qa(question='"Gọi 0912345678"')})
    from sitekit import NOW

    from generator.pipeline import BuildOptions, build
    options = BuildOptions(root=tmp_path, out=tmp_path / "public", now=NOW, check_only=True,
                           cache_dir=tmp_path / "cache")
    assert [d.code for d in build(options).diagnostics] == ["personal.phone"]
    assert [d.code for d in build(options).diagnostics] == ["personal.phone"]


def test_news_bodies_are_not_scanned_but_qa_bodies_are():
    assert not CONTENT_TYPES["news"].scan_body and CONTENT_TYPES["qa"].scan_body
    assert set(CONTENT_TYPES["qa"].scanned_fields) == {"title", "question", "history"}


def test_any_type_can_list_fields_for_the_scanner():
    """The scanner reads the fields it is given, wherever they are in the item: a drafts type lists
    its `comments_summary`, a petitions type its text, with ``Field(..., scan_personal=True)``."""
    source = 'title: "Dự thảo"\ncomments_summary: |\n  Ông A (0912 345 678) góp ý khoản 2.\nclose: 2026-01-01\n'
    node = yaml.compose(source)
    found = scan_front_matter(node, source, 1, ["comments_summary"])
    assert [(f.line, f.col, f.kind) for f in found] == [(4, 10, "phone")]
    assert scan_front_matter(node, source, 1, ["title"]) == []


def test_a_bare_84_compares_with_the_official_number_written_with_a_zero():
    assert contact_key("84912345678") == contact_key("84 912 345 678") == contact_key("0912 345 678")
    assert contact_key("842053812656") == "02053812656"


# ---- where citizens' words are published: derived from the type declarations -------------------

DIRECTIVE = "content/tinh/directive/2026/tra-loi.md"
DRAFT = "content/tinh/draft/2026/du-thao.md"
STATEMENT = "content/tinh/statement/2026/doi-thoai.md"


def directive(kind: str = "", body: str = "") -> str:
    return ('---\ntitle: "Trả lời kiến nghị của cử tri"\ndate: 2026-03-04T09:00\nsummary: "Trả lời."\n'
            + (f"kind: {kind}\n" if kind else "") + f"---\n{body}\n")


def draft(extra: str = "", body: str = "Nội dung dự thảo.") -> str:
    return ('---\ntitle: "Dự thảo Quy chế"\nsummary: "Lấy ý kiến."\ndrafting_agency: "Sở Tư pháp"\n'
            'comment_open: 2026-11-01\ncomment_close: 2026-11-30\nreceiving_address: "Số 8 Lý Thái Tổ"\n'
            f'receiving_email: "sotuphap@langson.gov.vn"\ndraft_files: [du-thao.txt]\n{extra}---\n{body}\n')


def statement(body: str) -> str:
    return ('---\ntitle: "Đối thoại với Nhân dân"\nkind: dialogue\ndate: 2026-03-04T09:00\nissuer: "UBND tỉnh"\n'
            'summary: "Đối thoại."\nevent_time: 2026-03-10T08:00\n---\n' + body + "\n")


PHONE_LINE = "Cử tri hỏi (ĐT 0912 345 678) về đường giao thông."

SCANNED_BODIES = [
    # (path, text, line of the phone): every body where a citizen's words are published
    (DIRECTIVE, directive("response", "Trả lời:\n" + PHONE_LINE), 8),
    (DIRECTIVE, directive("press", PHONE_LINE), 7),
    (DRAFT, draft(body="Dự thảo.\n\n" + PHONE_LINE), 13),
    (DRAFT, draft(extra=f"comments_summary: \"{PHONE_LINE}\"\n"), 10),
    (STATEMENT, statement(PHONE_LINE), 9),
    (QA, qa(body=PHONE_LINE), 9),
]


@pytest.mark.parametrize("rel,text,line", SCANNED_BODIES,
                         ids=["response", "press", "draft-body", "draft-summary", "dialogue", "qa-answer"])
def test_every_body_that_publishes_citizens_words_is_scanned(tmp_path, rel, text, line):
    write_repo(tmp_path, {rel: text, "content/tinh/draft/2026/du-thao.txt": "Dự thảo.\n"})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(rel, line, "personal.phone")], [d.text() for d in result.diagnostics]
    assert "intake system" in result.diagnostics[0].message


@pytest.mark.parametrize("kind", ["", "commendation", "personnel"])
def test_a_directive_that_quotes_no_citizen_keeps_its_contacts(tmp_path, kind):
    """False positive: a direction itself, a commendation, may give a unit's number; only responses
    to petitions and to the press publish a citizen's words."""
    write_repo(tmp_path, {DIRECTIVE: directive(kind, "Đầu mối: đồng chí phụ trách, ĐT 0912 345 678.")})
    assert run_build(tmp_path, check_only=True).diagnostics == []


def test_which_bodies_are_scanned_is_declared_by_the_types():
    scanned = {name for name, t in CONTENT_TYPES.items() if t.scan_body is True}
    assert scanned == {"qa", "draft", "statement"}
    directive_type = CONTENT_TYPES["directive"]
    assert directive_type.scans_body({"kind": "response"}) and directive_type.scans_body({"kind": "press"})
    assert not directive_type.scans_body({}) and not directive_type.scans_body({"kind": "discipline"})
    assert not CONTENT_TYPES["news"].scans_body({}) and not CONTENT_TYPES["legal"].scans_body({})
    assert "comments_summary" in CONTENT_TYPES["draft"].scanned_fields


# ---- not_personal: the editor's documented exception, string by string ------------------------

def test_not_personal_lets_a_declared_file_number_pass_and_still_flags_everything_else(tmp_path):
    question = '"Hồ sơ số 123456789 nộp ngày 02/3/2026 đã có kết quả chưa?"'
    write_repo(tmp_path, {QA: qa(question=question)})
    assert codes(run_build(tmp_path, check_only=True)) == [(QA, 6, "personal.id")]
    write_repo(tmp_path, {QA: qa(question=question, extra='not_personal: ["123456789"]\n')})
    assert run_build(tmp_path, check_only=True).diagnostics == []
    # another number in the same item is still an error: the list names exact strings, not kinds
    write_repo(tmp_path, {QA: qa(question=question, extra='not_personal: ["123456789"]\n',
                                 body="Gọi 0912 345 678 hoặc CCCD 001234567890.")})
    assert codes(run_build(tmp_path, check_only=True)) == [(QA, 10, "personal.phone"), (QA, 10, "personal.id")]


def test_a_not_personal_entry_that_matches_nothing_is_a_warning_at_its_line(tmp_path):
    write_repo(tmp_path, {QA: qa(extra='not_personal: ["987654321"]\n')})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(QA, 8, "personal.not-personal-unused")]
    assert result.diagnostics[0].severity == "warning" and "remove it" in result.diagnostics[0].message


# ---- an asker named with an honorific --------------------------------------------------------

NAMED = [
    ("Tôi là Nguyễn Văn A, ở xã Hoàng Đồng, xin hỏi", "Nguyễn Văn A"),
    ("tên tôi là Lê Thị Hoa. Xin hỏi", "Lê Thị Hoa"),
    ("Gia đình ông Trần Văn B ở thôn Nà Cáy có được bồi thường?", "Trần Văn B"),
    ("Bà Hoàng Thị Mai hỏi về chế độ", "Hoàng Thị Mai"),
]


@pytest.mark.parametrize("text,name", NAMED)
def test_a_person_named_with_an_honorific_is_found(text, name):
    assert [m.text for m in find_names(text)] == [name]


NOT_NAMED = [
    "Xin hỏi thủ tục ở tỉnh Bà Rịa Vũng Tàu",          # a place named like a person
    "nhà tôi ở đường Bà Triệu, phường Tam Thanh",
    "học tập và làm theo tấm gương Bác Hồ Chí Minh",   # a name every reader knows
    "Ông Giám đốc Sở trả lời giúp",                     # an office, not a name
    "bà con Nhân dân trong thôn",
    "Chị Hoa hỏi",                                       # one word: not enough to identify
    "huyện Anh Sơn",
    "du lịch đảo Cô Tô Quảng Ninh",
]


@pytest.mark.parametrize("text", NOT_NAMED)
def test_no_name_warning_on_places_offices_and_single_words(text):
    assert find_names(text) == []


def test_an_asker_named_in_the_question_is_a_located_warning(tmp_path):
    write_repo(tmp_path, {QA: qa(question='"Tôi là Nguyễn Văn A ở thôn Nà Cáy. Xin hỏi về đất."')})
    result = run_build(tmp_path, check_only=True)
    assert [(d.line, d.col, d.code, d.severity) for d in result.diagnostics] == [(6, 19, "personal.name", "warning")]
    message = result.diagnostics[0].message
    assert "identity is never published" in message and "intake system" in message
    assert "Nguyễn Văn A" not in message and "N. V. A." in message
    assert result.ok  # a warning: a name alone may be an official's


def test_the_title_of_a_question_is_read_for_names_too(tmp_path):
    text = qa().replace('title: "Hỏi về xây dựng"', 'title: "Ông Trần Văn B hỏi về xây dựng"')
    write_repo(tmp_path, {QA: text})
    assert codes(run_build(tmp_path, check_only=True)) == [(QA, 2, "personal.name")]


def test_leaders_named_in_the_answer_and_the_answerer_are_no_asker(tmp_path):
    """False positives: the answer (the body) and the answerer name officials on purpose."""
    body = "Chủ tịch Ủy ban nhân dân tỉnh, ông Hồ Tiến Thiệu, đã chỉ đạo; bà Nguyễn Thị Lan, Giám đốc Sở, trả lời."
    extra = ('answerer: "Ông Nguyễn Văn C, Giám đốc Sở Xây dựng"\nhistory:\n  - state: answered\n'
             '    at: 2026-03-10T08:00\n')
    write_repo(tmp_path, {QA: qa(extra=extra, body=body)})
    assert [d for d in run_build(tmp_path, check_only=True).diagnostics if d.code.startswith("personal.")] == []
    assert "answerer" not in CONTENT_TYPES["qa"].name_fields
    assert set(CONTENT_TYPES["qa"].name_fields) == {"title", "question"}


def test_an_official_named_on_purpose_in_a_question_is_declared_not_personal(tmp_path):
    question = '"Ông Nguyễn Văn C, Chủ tịch UBND xã, trả lời cử tri có đúng thẩm quyền không?"'
    write_repo(tmp_path, {QA: qa(question=question, extra='not_personal: ["Nguyễn Văn C"]\n')})
    assert run_build(tmp_path, check_only=True).diagnostics == []
