"""The fast path of the Markdown converter changes no byte of its output."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.build.markup import new_converter, to_html

REPO = Path(__file__).resolve().parents[1]

SNIPPETS = [
    "Đoạn văn thường, không có cú pháp nội dòng.\n\nĐoạn thứ hai.",
    "Có **đậm**, *nghiêng*, __gạch__ và _nghiêng_.",
    "Liên kết [Cổng DVC](https://dichvucong.gov.vn) và ![ảnh](a.png \"tiêu đề\").",
    "Tham chiếu [văn bản][vb] và [vb].\n\n[vb]: https://vbpl.vn \"VBPL\"",
    "Mã `40/2024/QĐ-UBND`, thoát \\*sao\\*, ký tự &amp; &copy; và & trơn.",
    "Tự động <https://langson.gov.vn> và <congthongtindientu@langson.gov.vn>.",
    "Xuống dòng cứng  \nở đây.",
    "HTML <b>đậm</b> <script>alert(1)</script> <span onclick=\"x()\">nhấn</span>",
    "| Cột | Giá trị |\n|---|---|\n| **a** | 1 |\n| b | [c](d) |",
    "1. một\n2. hai\n    * lồng _nghiêng_\n\n- gạch\n- đầu dòng {: .lop }",
    "# Tiêu đề {#neo}\n\n> Trích dẫn *có* định dạng\n\n    mã khối *không* định dạng",
    "Dấu < và > trơn, 3 * 4 = 12, snake_case_name.",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_identical(text):
    assert to_html(new_converter(), text) == to_html(new_converter(fast=False), text)


def test_whole_example_content_identical():
    fast, plain = new_converter(), new_converter(fast=False)
    bodies = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted((REPO / "content").rglob("*.md"))]
    assert len(bodies) > 50
    for body in bodies:
        assert to_html(fast, body) == to_html(plain, body)


def test_sanitised():
    html = to_html(new_converter(), "<script>alert(1)</script><a href=\"javascript:x()\" onclick=\"y()\">z</a>")
    assert "<script" not in html and "javascript:" not in html and "onclick" not in html


def test_fast_path_is_really_installed():
    from generator.build.markup import _SkipImpossiblePatterns
    assert isinstance(new_converter().treeprocessors["inline"], _SkipImpossiblePatterns)


def test_block_level_answers_kept_change_nothing():
    """The fast converter keeps each tag's is_block_level answer: raw HTML of block and inline tags,
    in any case, closed or not, and more distinct names than it keeps, converts as without it."""
    fast, plain = new_converter(), new_converter(fast=False)
    assert fast.is_block_level("DIV") and fast.is_block_level("p/") and not fast.is_block_level("span")
    assert not fast.is_block_level(None)
    names = [f"x-tag{i}" for i in range(1200)] + ["div", "DIV", "Section", "span", "em", "table", "hr/"]
    body = "\n\n".join(f"<{n}>text *of* {n}</{n}>\n\nA line <{n}>inline</{n}> here." for n in names)
    assert to_html(fast, body) == to_html(plain, body)
    assert to_html(fast, body) == to_html(fast, body)  # the answers kept from the first pass


def test_benchmark_corpus_identical(tmp_path):
    import subprocess
    import sys
    subprocess.run([sys.executable, str(REPO / "bench/corpus.py"), str(tmp_path), "--items", "60", "--sites", "3"],
                   check=True, capture_output=True)
    fast, plain = new_converter(), new_converter(fast=False)
    bodies = [p.read_text(encoding="utf-8").split("---", 2)[2] for p in sorted((tmp_path / "congtt/content").rglob("*.md"))]
    assert len(bodies) == 60
    for body in bodies:
        assert to_html(fast, body) == to_html(plain, body)


def test_body_headings_never_skip_a_level_below_the_pages_title():
    """The page's title is its h1: an editor's `###` first would be an h3 after it, which the Nu checker
    refuses; a heading that skips is raised to the next level, the others stay as written."""
    html = to_html(new_converter(), "### A\n\nx\n\n##### B\n\n## C\n\n### D\n\n#### E\n\n> ###### F\n")
    assert [tag for tag in re.findall(r"<(h\d)>", html)] == ["h2", "h3", "h2", "h3", "h4", "h5"]
    assert "<h2>A</h2>" in html and "<h3>B</h3>" in html and "<h5>F</h5>" in html


def test_an_answers_headings_come_under_its_pages_answer_heading():
    """A Q&A answer is under the page's h2 "Trả lời": its `###` stays an h3, a `#####` first becomes one."""
    md = new_converter()
    assert to_html(md, "### Căn cứ\n\nx\n\n#### Điều 5", under=2).startswith("<h3>Căn cứ</h3>")
    assert "<h4>Điều 5</h4>" in to_html(md, "### Căn cứ\n\nx\n\n#### Điều 5", under=2)
    assert to_html(md, "##### Căn cứ", under=2) == "<h3>Căn cứ</h3>"
    assert to_html(md, "##### Căn cứ") == "<h2>Căn cứ</h2>"  # (and the next call is not the answer's)
