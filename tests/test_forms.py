"""The citizens' forms and share links in the built HTML, without a browser (the browser's part is
tests/test_forms_browser.py): where each form is, what it asks, where it posts, the mailto fallback."""
from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sitekit import news, run_build, write_repo

from generator.checks.htmlcheck import JAR, run_vnu

INTAKE = "https://tiepnhan.langson.gov.vn/nhan/"
PORTAL_WITH_INTAKE = f"""\
kind: portal
name: {{vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}}
contact: {{email: "congthongtindientu@langson.gov.vn"}}
intake: "{INTAKE}"
"""
DEPARTMENT = 'kind: department\nslug: sotuphap\nname: {vi: "Sở Tư pháp", en: "Department of Justice"}\n'
DEPARTMENT_WITH_MAIL = DEPARTMENT + 'contact: {email: "sotuphap@langson.gov.vn"}\n'
FORM_PAGES = {"vi": ("hoi-dap/gui-cau-hoi/", "kien-nghi/", "danh-gia/"),
              "en": ("questions/ask/", "petitions/", "rating/")}


class Controls(HTMLParser):
    """Every form control of a page, every label's `for`, the forms and the script sources; not the header's
    search box, which every page has (tests/test_identity.py)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.controls: list[dict] = []
        self.labels: dict[str, str] = {}
        self.forms: list[dict] = []
        self.scripts: list[str] = []
        self._label: str | None = None
        self._header = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "header" or self._header:
            self._header = True
            if tag == "script" and a.get("src"):
                self.scripts.append(a["src"])
        elif tag in ("input", "textarea", "select"):
            self.controls.append({"tag": tag, **a})
        elif tag == "label":
            self._label = a.get("for")
            self.labels.setdefault(self._label, "")
        elif tag == "form":
            self.forms.append(a)
        elif tag == "script" and a.get("src"):
            self.scripts.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "header":
            self._header = False
        elif tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._label is not None:
            self.labels[self._label] += data


def parsed(path: Path) -> Controls:
    parser = Controls()
    parser.feed(path.read_text())
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("forms")
    write_repo(root, {"sites/tinh.yaml": PORTAL_WITH_INTAKE, "sites/sotuphap.yaml": DEPARTMENT,
                      "content/tinh/news/2026/tin.md": news(date="2026-11-19T08:00"),
                      "content/sotuphap/news/2026/tin.md": news(date="2026-11-19T08:00")})
    assert run_build(root).ok
    return root / "public"


def test_every_edition_has_the_three_form_pages_linked_from_its_footer(site):
    for host, lang in (("langson.gov.vn", "vi"), ("english.langson.gov.vn", "en"),
                       ("sotuphap.langson.gov.vn", "vi")):
        home = (site / host / "index.html").read_text()
        footer = home.split('<h2 id="footer-interaction">')[1].split("</section>")[0]
        sitemap = (site / host / "sitemap.xml").read_text()
        for path in FORM_PAGES[lang]:
            assert (site / host / path / "index.html").is_file(), (host, path)
            assert f'href="/{path}"' in footer, (host, path)
            assert f"<loc>https://{host}/{path}</loc>" in sitemap, (host, path)


@pytest.mark.parametrize("path", FORM_PAGES["vi"])
def test_with_an_intake_each_form_posts_there_and_every_control_is_labelled(site, path):
    page = site / "langson.gov.vn" / path / "index.html"
    html = page.read_text()
    found = parsed(page)
    assert [f["action"] for f in found.forms] == [INTAKE] and found.forms[0]["method"] == "post"
    visible = [c for c in found.controls if c.get("type") != "hidden"]
    assert visible
    for control in visible:
        assert control["id"] in found.labels, control  # a <label for> names it
        if "required" in control:
            if control.get("type") == "radio":
                legend = html.split(f'id="{control["id"].rsplit("-", 1)[0]}"')[1].split("</legend>")[0]
                assert "(bắt buộc)" in legend
            else:
                assert "(bắt buộc)" in found.labels[control["id"]], control  # said in words, not colour only
    hidden = {c["name"]: c["value"] for c in found.controls if c.get("type") == "hidden"}
    assert hidden["site"] == "tinh" and hidden["lang"] == "vi" and hidden["page"] == f"https://langson.gov.vn/{path}"
    assert "/assets/forms.js" in found.scripts
    assert all(src.startswith("/assets/") for src in found.scripts), found.scripts  # no third-party script


def test_what_each_form_asks(site):
    fields = {}
    for path in FORM_PAGES["vi"]:
        found = parsed(site / "langson.gov.vn" / path / "index.html")
        fields[path] = {c["name"]: c for c in found.controls if c.get("type") != "hidden"}
    ask, petition, rating = (fields[p] for p in FORM_PAGES["vi"])
    assert list(ask) == ["full_name", "email", "subject", "field", "question"]
    assert ask["full_name"]["autocomplete"] == "name" and "required" in ask["full_name"]
    assert ask["email"]["type"] == "email" and ask["email"]["autocomplete"] == "email" and "required" not in ask["email"]
    assert ask["question"]["tag"] == "textarea" and "required" in ask["question"]
    assert {"full_name", "email", "phone", "subject", "content"} <= set(petition)
    assert petition["phone"]["autocomplete"] == "tel" and petition["phone"]["type"] == "tel"
    radios = [c for c in parsed(site / "langson.gov.vn/danh-gia/index.html").controls if c.get("type") == "radio"]
    assert sorted({r["name"] for r in radios}) == ["content", "interface", "quality", "support"]
    assert all("required" in r for r in radios) and len(radios) == 20
    assert "comment" in rating and "required" not in rating["comment"]
    html = (site / "langson.gov.vn/danh-gia/index.html").read_text()
    for word in ("Giao diện", "Nội dung", "Chất lượng", "Sự hỗ trợ"):
        assert f"<legend><span>{word}</span>" in html
    assert "form-privacy" not in html  # the rating asks no personal details
    for path in FORM_PAGES["vi"][:2]:
        assert "không được lưu vào kho nội dung của trang" in (site / "langson.gov.vn" / path / "index.html").read_text()


def test_the_english_edition_speaks_english(site):
    html = (site / "english.langson.gov.vn/questions/ask/index.html").read_text()
    assert "<h1>Ask a question</h1>" in html and "(required)" in html and 'name="full_name"' in html
    assert '<input type="hidden" name="lang" value="en">' in html


def test_without_an_intake_each_form_is_a_prepared_email_to_the_board(site):
    """sotuphap has no intake and no contact e-mail: the profile's portal address receives."""
    for path in FORM_PAGES["vi"]:
        html = (site / "sotuphap.langson.gov.vn" / path / "index.html").read_text()
        assert "<form" not in html[html.index("<main"):]  # (the header's search box is every page's)
        href = re.search(r'<a class="form-button" href="([^"]+)"', html)[1].replace("&amp;", "&")
        parts = urlsplit(href)
        assert parts.scheme == "mailto" and parts.path == "congthongtindientu@langson.gov.vn"
        query = parse_qs(parts.query)
        assert query["subject"][0].endswith(": Sở Tư pháp")
        body = query["body"][0]
        assert "\r\n" in body and f"https://sotuphap.langson.gov.vn/{path}" in body
        assert "Trang này chưa có hệ thống tiếp nhận trực tuyến" in html
    ask = unquote((site / "sotuphap.langson.gov.vn/hoi-dap/gui-cau-hoi/index.html").read_text())
    assert "Họ và tên (bắt buộc):" in ask and "Nội dung câu hỏi (bắt buộc):" in ask


def test_a_site_with_its_own_address_receives_its_mail(tmp_path):
    write_repo(tmp_path, {"sites/sotuphap.yaml": DEPARTMENT_WITH_MAIL})
    assert run_build(tmp_path).ok
    html = (tmp_path / "public/sotuphap.langson.gov.vn/kien-nghi/index.html").read_text()
    assert 'href="mailto:sotuphap@langson.gov.vn?subject=' in html


def test_cao_bang_asks_what_its_regulation_requires_of_individuals_and_organisations(tmp_path):
    write_repo(tmp_path, {}, profile="caobang-2014")
    assert run_build(tmp_path).ok
    page = next((tmp_path / "public").glob("*/hoi-dap/gui-cau-hoi/index.html"))
    html = page.read_text()
    assert "Cá nhân hỏi" in html and "Tổ chức hỏi" in html
    body = unquote(html)
    individual = body.split('id="ask-individual-heading"')[1].split('id="ask-organisation-heading"')[0]
    organisation = body.split('id="ask-organisation-heading"')[1]
    for label in ("Họ và tên", "Quốc tịch", "Nghề nghiệp", "Số Chứng minh thư nhân dân (hoặc hộ chiếu)",
                  "Địa chỉ nơi đang sinh sống, học tập, làm việc", "Số điện thoại", "Địa chỉ thư điện tử"):
        assert f"{label} (bắt buộc):" in individual, label
    for label in ("Họ và tên người đại diện", "Chức vụ người đại diện", "Tên đầy đủ của đơn vị",
                  "Địa chỉ trụ sở chính"):
        assert f"{label} (bắt buộc):" in organisation, label


def test_cao_bang_forms_with_an_intake_carry_each_asker_field(tmp_path):
    write_repo(tmp_path, {"sites/tinh.yaml": PORTAL_WITH_INTAKE}, profile="caobang-2014")
    assert run_build(tmp_path).ok
    page = next((tmp_path / "public").glob("*/hoi-dap/gui-cau-hoi/index.html"))
    found = parsed(page)
    assert [f["id"] for f in found.forms] == ["ask-individual", "ask-organisation"]
    by_id = {c["id"]: c for c in found.controls if c.get("type") != "hidden"}
    assert by_id["ask-individual-id_number"]["autocomplete"] == "off" and "required" in by_id["ask-individual-id_number"]
    assert by_id["ask-organisation-organisation_name"]["autocomplete"] == "organization"
    kinds = [c["value"] for c in found.controls if c.get("name") == "asker_kind"]
    assert kinds == ["individual", "organisation"]


def test_item_pages_share_by_plain_links_for_the_profiles_platforms(site, tmp_path):
    html = (site / "langson.gov.vn/tin-tuc/tin/index.html").read_text()
    share = html.split('<div class="share">')[1].split("</div>")[0]
    assert ('href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Flangson.gov.vn%2Ftin-tuc%2Ftin%2F"'
            in share)
    assert "Chia sẻ qua ứng dụng khác (Zalo)" in share  # the device's share sheet, with JavaScript
    assert 'href="mailto:?subject=Tin%20th%E1%BB%AD&amp;body=https%3A%2F%2Flangson.gov.vn%2Ftin-tuc%2Ftin%2F"' in share
    assert all(src.startswith("/assets/") for src in parsed(site / "langson.gov.vn/tin-tuc/tin/index.html").scripts)
    write_repo(tmp_path, {"content/tinh/news/2026/tin.md": news()}, profile="thainguyen-2026")
    assert run_build(tmp_path).ok
    other = next((tmp_path / "public").glob("*/tin-tuc/tin/index.html")).read_text()
    assert "Chia sẻ qua ứng dụng khác (YouTube, Zalo, TikTok)" in other and "facebook.com/sharer" in other


def test_forms_print_nothing(site):
    css = (site / "langson.gov.vn/assets/style.css").read_text()
    assert re.search(r"@media print \{[^}]*\.citizen-form[^}]*\.share[^}]*display: none", css)


def test_form_pages_are_valid_html(site):
    if (shutil.which("java") is None or not JAR.is_file()) and not os.environ.get("CI"):
        pytest.skip("needs Java and vnu-jar: `npm ci --ignore-scripts`; CI installs both and never skips")
    pages = [site / "langson.gov.vn" / p / "index.html" for p in FORM_PAGES["vi"]]
    pages += [site / "sotuphap.langson.gov.vn" / p / "index.html" for p in FORM_PAGES["vi"]]
    pages.append(site / "langson.gov.vn/tin-tuc/tin/index.html")
    problems = run_vnu(pages)
    assert problems == [], "\n".join(d.text() for d in problems[:20])
