"""The ticket lookup and a question's page in Chromium: the code from the address, the keyboard,
accessibility (axe-core, WCAG 2.1 A/AA), and the page without JavaScript.

Same tools as test_browser.py (Debian's chromium through Playwright, axe-core from npm); outside CI
the module is skipped when one is missing, in CI it always runs.
"""
from __future__ import annotations

import pytest
from browser import page_opener, run_axe, serving, skip_without_browser
from sitekit import run_build, write_repo

skip_without_browser()

HOST = "langson.gov.vn"


def _question(ticket: str, title: str, extra: str = "", body: str = "") -> str:
    return (f'---\ntitle: "{title}"\nticket: {ticket}\nreceived_at: 2026-03-04T09:15\nchannel: section\n'
            f'question: "Xin hỏi về {title.lower()}?"\nfield: "Đất đai"\n{extra}---\n{body}\n')


FILES = {
    "content/tinh/qa/2026/dang-xu-ly.md": _question(
        "HD-2026-000002", "Chuyển mục đích sử dụng đất",
        'assigned_unit: "Sở Nông nghiệp và Môi trường"\nhistory:\n  - {state: forwarded, at: 2026-03-05T08:00}\n'
        "  - {state: progress_notice, at: 2026-03-20T10:00, promised: 2026-04-10}\n"),
    "content/tinh/qa/2026/da-tra-loi.md": _question(
        "HD-2026-000001", "Cấp giấy phép xây dựng",
        'assigned_unit: "Sở Xây dựng"\nanswerer: "Giám đốc Sở Xây dựng"\nhistory:\n'
        "  - {state: forwarded, at: 2026-03-05T08:00}\n  - {state: answered, at: 2026-03-10T08:00}\n",
        "Hồ sơ gồm đơn và bản vẽ."),
    "content/tinh/qa/2025/nam-truoc.md": _question(
        "HD-2025-000007", "Đăng ký kinh doanh hộ gia đình",
        'assigned_unit: "Sở Tài chính"\nanswerer: "Giám đốc Sở Tài chính"\nhistory:\n'
        "  - {state: forwarded, at: 2026-03-05T08:00}\n  - {state: answered, at: 2026-03-10T08:00}\n",
        "Hồ sơ gồm giấy đề nghị.").replace("received_at: 2026-03-04T09:15", "received_at: 2025-12-30T09:15"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = write_repo(tmp_path_factory.mktemp("qa-browser"), FILES)
    out = root / "public"
    result = run_build(root, out)
    assert result.ok, [d.text() for d in result.diagnostics]
    with serving(out) as port:
        yield port


@pytest.fixture
def open_page(browser, server):
    with page_opener(browser, server) as open_page:
        yield lambda path, **options: open_page(HOST, path, **options)


def test_a_code_in_the_address_shows_its_status_due_date_and_answer(open_page):
    page = open_page("/hoi-dap/tra-cuu/?ma=hd-2026-000002")  # typed in lower case: still found
    page.wait_for_selector("[data-qa-done]", state="attached")
    text = page.text_content("[data-qa-result]")
    assert "HD-2026-000002" in text and "Đã thông báo thời hạn trả lời" in text
    assert "Hạn trả lời: ngày 10 tháng 4 năm 2026" in text
    assert page.input_value("#qa-ma") == "HD-2026-000002"
    page.click("[data-qa-result] a")
    page.wait_for_url("**/hoi-dap/dang-xu-ly/")
    assert not page.js_errors


def test_the_form_works_from_the_keyboard_and_an_unknown_code_is_said_so(open_page):
    page = open_page("/hoi-dap/tra-cuu/")
    page.focus("#qa-ma")
    page.keyboard.type("HD-2026-000001")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hoi-dap/tra-cuu/?ma=HD-2026-000001")
    page.wait_for_selector("[data-qa-done]", state="attached")
    assert "Đã trả lời" in page.text_content("[data-qa-result]")
    page = open_page("/hoi-dap/tra-cuu/?ma=HD-2026-999999")
    page.wait_for_selector("[data-qa-done]", state="attached")
    assert "Không tìm thấy câu hỏi nào mang mã phiếu này" in page.text_content("[data-qa-result]")


def test_a_code_of_an_earlier_year_is_read_from_that_year_s_file(open_page):
    page = open_page("/hoi-dap/tra-cuu/?ma=HD-2025-000007")
    page.wait_for_selector("[data-qa-done]", state="attached")
    assert "HD-2025-000007" in page.text_content("[data-qa-result]")
    assert "Đã trả lời" in page.text_content("[data-qa-result]")
    page = open_page("/hoi-dap/tra-cuu/?ma=HD-2019-000001")  # a year without tickets: no file, said so
    page.wait_for_selector("[data-qa-done]", state="attached")
    assert "Không tìm thấy câu hỏi nào mang mã phiếu này" in page.text_content("[data-qa-result]")
    assert not page.js_errors


def test_without_javascript_the_table_lists_the_latest_year_and_links_the_others(open_page):
    page = open_page("/hoi-dap/tra-cuu/?ma=HD-2026-000001", java_script_enabled=False)
    assert page.locator(".qa-table tbody tr").count() == 2
    assert page.locator("[data-qa-result]").is_hidden()
    assert page.locator("#HD-2026-000001").is_visible()  # the address's #code finds the row
    page.click(".qa-years a[href='/hoi-dap/tra-cuu/2025/']")
    page.wait_for_url("**/hoi-dap/tra-cuu/2025/")
    assert page.locator(".qa-table tbody tr").count() == 1 and page.locator("#HD-2025-000007").is_visible()


@pytest.mark.parametrize("path", ["/hoi-dap/tra-cuu/?ma=HD-2026-000002", "/hoi-dap/tra-cuu/2025/", "/hoi-dap/", "/hoi-dap/da-tra-loi/",
                                  "/hoi-dap/dang-xu-ly/", "/hoi-dap/tinh-trang/da-tra-loi/"])
def test_no_wcag21_aa_violation(open_page, path):
    page = open_page(path)
    if "?ma=" in path:
        page.wait_for_selector("[data-qa-done]", state="attached")
    results = run_axe(page)
    assert results["passes"]
    assert not results["violations"], [(v["id"], v["nodes"][0]["target"]) for v in results["violations"]]
