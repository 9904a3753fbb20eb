"""The site's menu, read from the built HTML: home, then the groups of the types an edition lists
(``ContentType.menu_group``) in ``MENU_GROUPS``' order, each a <details> that opens without
JavaScript, the citizens' forms under Tương tác, search last; English labels on the English edition."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from sitekit import news, run_build, write_repo
from test_kinds import item_files

from generator.model.content_types import CONTENT_TYPES
from generator.model.forms import PAGE_FORMS, form_path
from generator.model.type_spec import MENU_GROUPS

PAGE = '---\ntitle: "Giới thiệu chung"\n---\nLạng Sơn.\n'


class Menu(HTMLParser):
    """The main menu as (group or None, link text, href) and the groups in order with their summaries."""

    def __init__(self):
        super().__init__()
        self.depth = 0          # inside <nav class="main-nav">
        self.label = None
        self.group = None
        self.in_summary = False
        self.summaries: list[str] = []
        self.links: list[tuple[str | None, str, str, bool]] = []
        self.href = None
        self.current = False
        self.text = ""
        self.open_details = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and a.get("class") == "main-nav":
            self.depth, self.label = 1, a.get("aria-label")
        elif self.depth and tag == "nav":
            self.depth += 1
        elif self.depth and tag == "details":
            self.open_details += "open" in a
        elif self.depth and tag == "summary":
            self.in_summary, self.text = True, ""
        elif self.depth and tag == "a":
            self.href, self.current, self.text = a["href"], a.get("aria-current") == "page", ""

    def handle_endtag(self, tag):
        if self.depth and tag == "nav":
            self.depth -= 1
        elif self.depth and tag == "summary":
            self.in_summary = False
            self.group = self.text.strip()
            self.summaries.append(self.group)
        elif self.depth and tag == "details":
            self.group = None
        elif self.depth and tag == "a":
            self.links.append((self.group, self.text.strip(), self.href, self.current))
            self.href = None

    def handle_data(self, data):
        if self.depth and (self.in_summary or self.href is not None):
            self.text += data


def menu(html: str) -> Menu:
    parser = Menu()
    parser.feed(html)
    return parser


def _site(tmp_path):
    files = {"content/tinh/news/2026/tin.md": news("Tin thử", "2026-03-12T08:30"),
             "content/tinh/news/2026/tin.en.md": news("A test story", "2026-03-12T08:30"),
             "content/tinh/page/gioi-thieu.md": PAGE,
             **item_files("procedure"), **item_files("enterprise"), **item_files("statement")}
    write_repo(tmp_path, files)
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    return tmp_path / "public"


def test_the_menu_is_groups_in_order_with_every_listed_type_and_the_forms(tmp_path):
    out = _site(tmp_path)
    home = menu((out / "langson.gov.vn/index.html").read_text(encoding="utf-8"))
    assert home.label == "Danh mục chính"
    assert home.summaries == ["Tin tức", "Văn bản", "Công khai", "Tương tác", "Giới thiệu"]  # MENU_GROUPS' order
    assert [x for x, _, _, _ in home.links if x is None] == [None, None]  # home and search beside the groups
    assert home.links[0][1:3] == ("Trang chủ", "/") and home.links[-1][2] == "/tim-kiem/"
    assert home.open_details == 0  # closed until the reader opens one
    by_group = {}
    for group, text, href, _ in home.links:
        by_group.setdefault(group, []).append((text, href))
    def entry(type_name):
        ctype = CONTENT_TYPES[type_name]
        return ctype.label[0], f"/{ctype.segment[0]}/"
    assert by_group["Tin tức"] == [entry("news"), entry("statement")]  # in the table's order
    assert by_group["Văn bản"][0] == entry("procedure")
    assert by_group["Văn bản"][1][1] == "/van-ban/tra-cuu/"  # the portal's lookup beside documents
    assert by_group["Công khai"] == [entry("enterprise")]
    # the forms, every one (no draft or question is listed here, so nothing else)
    assert by_group["Tương tác"] == [(form.title[0], "/" + form_path(form, "vi")) for form in PAGE_FORMS]
    assert len(PAGE_FORMS) == 3
    assert [href for _, href in by_group["Giới thiệu"]] == ["/gioi-thieu/", "/trang-thanh-phan/"]
    assert sum(len(links) for links in by_group.values()) == len(home.links)  # nothing outside the menu's shape


def test_a_page_marks_its_own_entry_and_its_group(tmp_path):
    out = _site(tmp_path)
    html = (out / "langson.gov.vn/thu-tuc-hanh-chinh/index.html").read_text(encoding="utf-8")
    parsed = menu(html)
    assert [(g, t) for g, t, _, current in parsed.links if current] == [("Văn bản", "Thủ tục hành chính")]
    assert re.search(r'<details class="nav-current">\s*<summary>Văn bản</summary>', html)
    assert html.count("nav-current") == 1


def test_the_english_edition_has_english_labels(tmp_path):
    out = _site(tmp_path)
    parsed = menu((out / "english.langson.gov.vn/index.html").read_text(encoding="utf-8"))
    assert parsed.label == "Main menu"
    assert parsed.summaries[0] == "News" and "Take part" in parsed.summaries
    assert ("News", "News", "/news/", False) in parsed.links
    assert all(not re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text, re.I)
               for group, text, _, _ in parsed.links if group is not None)


def test_every_type_names_a_menu_group():
    assert {t.menu_group for t in CONTENT_TYPES.values()} <= set(MENU_GROUPS)
    assert all(t.menu_group for t in CONTENT_TYPES.values())
