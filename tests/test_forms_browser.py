"""The citizens' forms in a real browser: keyboard, labels (axe), the error summary, and what
reaches the intake, with JavaScript and without.

A tiny HTTPS server (a trustme certificate, https://intake.localhost:PORT/nhan/) stands in for the
province's intake and is the test site's `intake`; Chromium posts to it and the test reads what
arrived. Skipped outside CI when Chromium, Playwright or axe-core is missing (as test_browser.py).
"""
from __future__ import annotations

import http.server
import re
import ssl
import threading
import unicodedata
from urllib.parse import parse_qs

import pytest
import trustme
from browser import page_opener, run_axe, serving, skip_without_browser
from sitekit import news, run_build, write_repo

skip_without_browser()

PORTAL = "langson.gov.vn"
ASK, PETITION, RATING = "/hoi-dap/gui-cau-hoi/", "/kien-nghi/", "/danh-gia/"
DRAFT = "/du-thao/du-thao-quy-che/"
DRAFT_TEXT = """\
---
title: "Dự thảo Quyết định ban hành Quy chế thử"
summary: "Lấy ý kiến về dự thảo Quy chế."
drafting_agency: "Sở Tư pháp"
comment_open: 2026-11-01
comment_close: 2026-11-30
receiving_address: "Số 8 đường Lý Thái Tổ, phường Đông Kinh"
receiving_email: "sotuphap@langson.gov.vn"
draft_files: [du-thao.txt]
---
Nội dung dự thảo.
"""


class Intake:
    """What the stand-in intake received: one dict per POST (path, content type, fields)."""

    def __init__(self, port: int):
        self.port = port
        self.url = f"https://intake.localhost:{port}/nhan/"
        self.received: list[dict] = []


def _intake_handler(intake: Intake):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            intake.received.append({"path": self.path, "type": self.headers.get("Content-Type", ""),
                                    "fields": parse_qs(body.decode("utf-8"), keep_blank_values=True)})
            reply = "<!DOCTYPE html><html lang=\"vi\"><title>Đã nhận</title><p>Đã nhận</p></html>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, fmt, *args):
            pass
    return Handler


def _serve(httpd) -> threading.Thread:
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return thread


@pytest.fixture(scope="module")
def intake():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    found = Intake(httpd.server_address[1])
    httpd.RequestHandlerClass = _intake_handler(found)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    trustme.CA().issue_cert("intake.localhost").configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = _serve(httpd)
    try:
        yield found
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def server(tmp_path_factory, intake):
    """The test site, its intake the stand-in above, served at http://<host>.localhost:<port>/."""
    root = tmp_path_factory.mktemp("forms-browser")
    write_repo(root, {
        "sites/tinh.yaml": f'kind: portal\nname: {{vi: "Cổng thông tin điện tử tỉnh", en: "Portal"}}\n'
                           f'intake: "{intake.url}"\n',
        "content/tinh/news/2026/tin.md": news(date="2026-11-19T08:00"),
        "content/tinh/draft/2026/du-thao-quy-che.md": DRAFT_TEXT,
        "content/tinh/draft/2026/du-thao.txt": "Dự thảo.\n",
        # A site without an intake: its forms are prepared e-mails.
        "sites/sotuphap.yaml": 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp", en: "Justice"}\n',
        "content/sotuphap/draft/2026/du-thao-quy-che.md": DRAFT_TEXT,
        "content/sotuphap/draft/2026/du-thao.txt": "Dự thảo.\n",
    })
    out = root / "public"
    result = run_build(root, out)
    assert result.ok, "\n".join(d.text() for d in result.diagnostics)
    with serving(out) as port:
        yield port


@pytest.fixture
def open_page(browser, server, intake):
    intake.received.clear()
    with page_opener(browser, server) as open_page:
        # trustme's CA: the intake answers over HTTPS
        yield lambda path, javascript=True, host=PORTAL: open_page(host, path, java_script_enabled=javascript,
                                                                   ignore_https_errors=True)


def _violations(page) -> str:
    results = run_axe(page)
    assert results["passes"], "axe-core checked nothing"
    return "\n".join(f"{v['id']}: {v['help']} — {v['nodes'][0]['target']}" for v in results["violations"])


FORM_PAGES = [(ASK, "#ask"), (PETITION, "#petition"), (RATING, "#rating"), (DRAFT, "#comment")]


@pytest.mark.parametrize(("path", "form"), FORM_PAGES, ids=[p for p, _ in FORM_PAGES])
def test_every_form_is_accessible_before_and_after_an_empty_submit(open_page, path, form):
    page = open_page(path)
    assert page.locator(f"form{form}").count() == 1
    assert _violations(page) == ""
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{form} .error-summary")
    assert _violations(page) == ""
    assert page.js_errors == []


@pytest.mark.parametrize("path", [ASK, PETITION, RATING, DRAFT])
def test_without_an_intake_the_prepared_email_is_accessible(open_page, path):
    page = open_page(path, host="sotuphap.langson.gov.vn")
    assert page.locator("main form").count() == 0  # (the header's search box is every page's)
    link = page.locator(".form-mailto a.form-button")
    assert link.get_attribute("href").startswith("mailto:")
    assert _violations(page) == ""


@pytest.mark.parametrize(("path", "form"), FORM_PAGES, ids=[p for p, _ in FORM_PAGES])
def test_tab_reaches_every_field_and_the_submit_button(open_page, path, form):
    page = open_page(path)
    wanted = page.eval_on_selector_all(
        f"{form} input:not([type=hidden]), {form} textarea",
        "els => els.map(e => e.type === 'radio' ? 'radio:' + e.name : e.id)")
    reached: list[str] = []
    for _ in range(300):
        page.keyboard.press("Tab")
        here = page.evaluate("() => { const e = document.activeElement;"
                             " return e.type === 'radio' ? 'radio:' + e.name : (e.id || e.tagName) + "
                             " (e.type === 'submit' && e.form ? '@' + e.form.id : ''); }")
        reached.append(here)
        if here == f"BUTTON@{form[1:]}":
            break
    else:
        pytest.fail(f"Tab never reached the submit button of {form}: {reached[-20:]}")
    missing = [w for w in dict.fromkeys(wanted) if w not in reached]
    assert missing == [], missing
    in_form = [r for r in reached if r in wanted]
    assert in_form == list(dict.fromkeys(wanted)), "Tab order differs from the order on the page"


def test_empty_submit_lists_each_missing_field_moves_focus_and_sends_nothing(open_page, intake):
    page = open_page(ASK)
    page.click("#ask button[type=submit]")
    summary = page.locator("#ask .error-summary")
    summary.wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    assert summary.get_attribute("role") == "alert"
    links = summary.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
        "#ask-full_name", "#ask-subject", "#ask-question"]
    assert links.nth(0).inner_text() == "Chưa nhập: Họ và tên"
    for n, field in enumerate(("ask-full_name", "ask-subject", "ask-question")):
        assert page.get_attribute(f"#{field}", "aria-invalid") == "true"
        assert f"{field}-error" in page.get_attribute(f"#{field}", "aria-describedby").split()
        assert page.locator(f"#{field}-error").text_content() == "Lỗi: " + links.nth(n).inner_text()
    assert page.get_attribute("#ask-email", "aria-invalid") is None  # optional, and left empty
    links.nth(1).click()
    assert page.evaluate("() => document.activeElement.id") == "ask-subject"
    page.fill("#ask-full_name", "Nguyễn Văn An")
    page.fill("#ask-email", "khong-phai-dia-chi")
    page.click("#ask button[type=submit]")
    page.wait_for_function("document.querySelectorAll('#ask .error-summary a').length === 3")
    texts = page.locator("#ask .error-summary a").all_inner_texts()
    assert texts[0] == "Thư điện tử chưa đúng dạng, ví dụ: ten@example.vn"
    assert page.locator("#ask .error-summary").count() == 1  # replaced, not stacked
    assert intake.received == []


def test_a_rating_with_no_mark_links_each_criterion(open_page):
    page = open_page(RATING)
    page.check("#rating-interface-4")
    page.click("#rating button[type=submit]")
    page.wait_for_selector("#rating .error-summary")
    hrefs = page.locator("#rating .error-summary a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs == ["#rating-content-1", "#rating-quality-1", "#rating-support-1"]
    assert "rating-content-error" in page.get_attribute("#rating-content", "aria-describedby").split()


def _received(intake, expected_kind: str) -> dict[str, str]:
    assert len(intake.received) == 1, intake.received
    got = intake.received[0]
    assert got["path"] == "/nhan/" and got["type"].startswith("application/x-www-form-urlencoded")
    fields = {k: v[0] for k, v in got["fields"].items()}
    assert fields["form_kind"] == expected_kind and fields["site"] == "tinh" and fields["lang"] == "vi"
    return fields


QUESTION = "Thủ tục đăng ký hộ kinh doanh ở phường Đông Kinh cần những giấy tờ gì?\nXin cảm ơn."


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_filled_question_reaches_the_intake_with_its_fields_in_utf8(open_page, intake, javascript):
    page = open_page(ASK, javascript)
    page.fill("#ask-full_name", "Nguyễn Thị Hương")
    page.fill("#ask-email", "huong@example.vn")
    page.fill("#ask-subject", "Đăng ký hộ kinh doanh")
    page.fill("#ask-question", QUESTION)
    page.click("#ask button[type=submit]")
    page.wait_for_url(intake.url)
    fields = _received(intake, "question")
    assert fields["full_name"] == "Nguyễn Thị Hương" and fields["email"] == "huong@example.vn"
    assert fields["subject"] == "Đăng ký hộ kinh doanh" and fields["field"] == ""
    assert fields["question"].replace("\r\n", "\n") == QUESTION
    assert unicodedata.is_normalized("NFC", fields["question"])
    assert fields["page"].endswith(ASK)
    assert set(fields) == {"form_kind", "site", "lang", "page", "full_name", "email", "subject", "field", "question"}


def test_without_javascript_an_empty_form_is_held_back_by_the_browser(open_page, intake):
    page = open_page(PETITION, javascript=False)
    page.click("#petition button[type=submit]")
    page.wait_for_timeout(300)
    assert page.url.endswith(PETITION) and intake.received == []
    assert page.evaluate("() => document.querySelector('#petition-full_name').validity.valueMissing")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_rating_reaches_the_intake(open_page, intake, javascript):
    page = open_page(RATING, javascript)
    for criterion, mark in (("interface", 4), ("content", 5), ("quality", 3), ("support", 2)):
        page.check(f"#rating-{criterion}-{mark}")
    page.fill("#rating-comment", "Trang dễ dùng trên điện thoại.")
    page.click("#rating button[type=submit]")
    page.wait_for_url(intake.url)
    fields = _received(intake, "rating")
    assert (fields["interface"], fields["content"], fields["quality"], fields["support"]) == ("4", "5", "3", "2")
    assert fields["comment"] == "Trang dễ dùng trên điện thoại."


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_comment_on_an_open_draft_reaches_the_intake_naming_the_draft(open_page, intake, javascript):
    page = open_page(DRAFT, javascript)
    page.fill("#comment-full_name", "Lò Văn Minh")
    page.fill("#comment-email", "minh@example.vn")
    page.fill("#comment-section", "Điều 3")
    page.fill("#comment-comment", "Đề nghị rút ngắn thời hạn thẩm định xuống 05 ngày làm việc.")
    page.click("#comment button[type=submit]")
    page.wait_for_url(intake.url)
    fields = _received(intake, "comment")
    assert fields["draft"] == "tinh/draft/du-thao-quy-che"
    assert fields["draft_title"] == "Dự thảo Quyết định ban hành Quy chế thử"
    assert fields["section"] == "Điều 3" and fields["comment"].startswith("Đề nghị rút ngắn")


def test_share_sheet_button_appears_only_where_the_browser_can_share(open_page):
    page = open_page("/tin-tuc/tin/")
    can_share = page.evaluate("() => typeof navigator.share === 'function'")
    assert page.locator("[data-share-item]").is_visible() is can_share
    assert page.locator(".share a", has_text=re.compile("Facebook")).count() == 1
    assert page.js_errors == []
