"""generator.checks.linkcheck and generator.checks.htmlcheck on small hand-written output trees."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.checks import htmlcheck
from generator.checks.linkcheck import check_links, parse_srcset
from generator.cli import main
from generator.core.diagnostics import Diagnostic


def page(body: str, head: str = "") -> str:
    """A page whose body starts on line 3 (line 1 doctype, line 2 head)."""
    return f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>t</title>{head}</head>\n{body}\n</html>\n'


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def public(tmp_path: Path) -> Path:
    """Two hosts and a path edition, every page valid and linked correctly."""
    out = tmp_path / "public"
    write(out, "langson.gov.vn/index.html", page('<main id="main"><h1 id="tieu-de">Cổng</h1></main>'))
    write(out, "langson.gov.vn/tin-tuc/index.html", page('<main id="main"><a name="dau-trang"></a></main>'))
    write(out, "langson.gov.vn/tin-tuc/2025/bai-a/index.html", page('<main id="main">A</main>'))
    write(out, "langson.gov.vn/tin-tuc/2025/bai-b/index.html", page('<main id="main">B</main>'))
    write(out, "langson.gov.vn/giới-thiệu/index.html", page('<section id="lịch-sử">Lịch sử</section>'))
    write(out, "langson.gov.vn/assets/site.css", "body{}")
    write(out, "langson.gov.vn/assets/logo.png", "png")
    write(out, "langson.gov.vn/assets/logo@2x.png", "png")
    write(out, "langson.gov.vn/files/van-ban.pdf", "%PDF")
    write(out, "sokhcn.langson.gov.vn/index.html", page('<main id="main">Sở KH&amp;CN</main>'))
    write(out, "thainguyen.gov.vn/en/index.html", page('<main id="main">English</main>'))
    return out


def check(out: Path, rel: str, body: str, head: str = "") -> list[Diagnostic]:
    write(out, rel, page(body, head))
    return check_links(out)


def broken(rel: str, line: int, col: int, message_part: str, diags: list[Diagnostic]) -> None:
    assert len(diags) == 1, diags
    d = diags[0]
    assert (d.path, d.line, d.col, d.severity, d.code) == (f"public/{rel}", line, col, "error", "link.broken")
    assert message_part in d.message, d.message


HOME = "langson.gov.vn/index.html"


def test_clean_tree_has_no_diagnostics(public: Path) -> None:
    assert check_links(public) == []


def test_good_cross_host_links_pass(public: Path) -> None:
    body = ('<a href="https://sokhcn.langson.gov.vn/">Sở</a>\n'
            '<a href="https://sokhcn.langson.gov.vn">Sở, no slash</a>\n'
            '<a href="http://SOKHCN.langson.gov.vn/#main">upper-case host, http</a>\n'
            '<a href="//thainguyen.gov.vn/en/">protocol-relative</a>\n'
            '<link rel="alternate" hreflang="en" href="https://thainguyen.gov.vn/en">')
    assert check(public, HOME, body) == []


def test_missing_page_on_other_host_fails_with_its_line_and_col(public: Path) -> None:
    body = '<p>Tin</p>\n<p><a href="https://sokhcn.langson.gov.vn/tin-tuc/">Tin</a></p>'
    diags = check(public, HOME, body)
    broken(HOME, 4, 13, "public/sokhcn.langson.gov.vn/tin-tuc/index.html does not exist", diags)
    assert "fix the URL" in diags[0].message


def test_missing_root_relative_page_fails(public: Path) -> None:
    diags = check(public, HOME, '<a href="/tin-tuc/2025/bai-c/">C</a>')
    broken(HOME, 3, 10, "public/langson.gov.vn/tin-tuc/2025/bai-c/index.html does not exist", diags)


def test_missing_asset_fails(public: Path) -> None:
    diags = check(public, HOME, '<img src="/assets/khong-co.png" alt="">')
    broken(HOME, 3, 11, "public/langson.gov.vn/assets/khong-co.png does not exist", diags)


def test_missing_anchor_on_other_page_fails(public: Path) -> None:
    diags = check(public, HOME, '<a href="https://sokhcn.langson.gov.vn/#noi-dung">x</a>')
    broken(HOME, 3, 10, "id='noi-dung'", diags)
    assert "public/sokhcn.langson.gov.vn/index.html" in diags[0].message


def test_missing_anchor_on_same_page_fails(public: Path) -> None:
    diags = check(public, HOME, '<a href="#main">skip</a>')
    broken(HOME, 3, 10, "id='main' in this page", diags)


def test_existing_anchors_pass(public: Path) -> None:
    body = ('<a href="#main">skip</a><main id="main">\n'
            '<a href="#">top</a> <a href="#top">top</a> <a href="">self</a>\n'
            '<a href="/tin-tuc/#dau-trang">a name</a>\n'
            '<a href="https://sokhcn.langson.gov.vn/#main">other host</a>\n'
            '<a href="/files/van-ban.pdf#page=2">pdf fragments are not checked</a></main>')
    assert check(public, HOME, body) == []


def test_relative_links(public: Path) -> None:
    rel = "langson.gov.vn/tin-tuc/2025/bai-a/index.html"
    body = ('<a href="../bai-b/">B</a> <a href="../bai-b/index.html#main">B</a>\n'
            '<a href="../../">tin tức</a> <a href="../../../assets/site.css">css</a>\n'
            '<a href="./">self</a> <a href="index.html">self</a> <a href="?trang=2">query</a>\n'
            '<a href="../bai-x/">X</a>')
    diags = check(public, rel, body)
    broken(rel, 6, 10, "public/langson.gov.vn/tin-tuc/2025/bai-x/index.html does not exist", diags)


def test_relative_link_climbing_above_root_fails(public: Path) -> None:
    rel = "langson.gov.vn/tin-tuc/index.html"
    diags = check(public, rel, '<a href="../../../x/">x</a>')
    assert [d.line for d in diags] == [3]
    assert "public/langson.gov.vn/x/index.html does not exist" in diags[0].message


def test_folder_without_trailing_slash_passes(public: Path) -> None:
    assert check(public, HOME, '<a href="/tin-tuc">Tin</a> <a href="tin-tuc/2025/bai-a">A</a>') == []


def test_base_href_is_honoured(public: Path) -> None:
    diags = check(public, HOME, '<a href="bai-a/">A</a> <a href="bai-z/">Z</a>',
                  head='<base href="/tin-tuc/2025/">')
    broken(HOME, 3, 33, "public/langson.gov.vn/tin-tuc/2025/bai-z/index.html", diags)


def test_percent_encoded_vietnamese_path_and_fragment_pass(public: Path) -> None:
    body = ('<a href="/gi%E1%BB%9Bi-thi%E1%BB%87u/">encoded</a>\n'
            '<a href="/giới-thiệu/">raw</a>\n'
            '<a href="https://langson.gov.vn/gi%E1%BB%9Bi-thi%E1%BB%87u/#l%E1%BB%8Bch-s%E1%BB%AD">anchor</a>')
    assert check(public, HOME, body) == []


def test_percent_encoded_vietnamese_path_missing_fails(public: Path) -> None:
    diags = check(public, HOME, '<a href="/gi%E1%BB%9Bi-thi%E1%BB%87u/l%E1%BB%8Bch-s%E1%BB%AD/">x</a>')
    broken(HOME, 3, 10, "public/langson.gov.vn/giới-thiệu/lịch-sử/index.html does not exist", diags)


def test_decomposed_unicode_gets_a_hint(public: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "/giới-thiệu/")
    diags = check(public, HOME, f'<a href="{nfd}">x</a>')
    broken(HOME, 3, 10, "Unicode NFC", diags)


def test_skipped_schemes_and_external_hosts(public: Path) -> None:
    body = ('<a href="mailto:ubnd@langson.gov.vn">mail</a> <a href="tel:+842053812345">tel</a>\n'
            '<a href="javascript:void(0)">js</a> <img src="data:image/png;base64,AAAA" alt="">\n'
            '<a href="https://www.facebook.com/langson/khong-co/">fb</a>\n'
            '<a href="https://chinhphu.vn/#khong-co">gov</a> <iframe src="about:blank"></iframe>')
    assert check(public, HOME, body) == []


def test_every_link_tag_is_checked(public: Path) -> None:
    body = ('<a href="/x1/">a</a>\n'
            '<img src="/x3.png" alt="">\n'
            '<script src="/x4.js"></script>\n'
            '<picture><source srcset="/assets/logo.png 1x, /x5.png 2x"><img src="/assets/logo.png" alt=""></picture>\n'
            '<video><source src="/x6.mp4"></video>\n'
            '<iframe src="/x7/"></iframe>\n'
            '<img src="/assets/logo.png" srcset="/assets/logo.png 1x, /assets/logo@2x.png 2x" alt="">')
    diags = check(public, HOME, body, head='<link rel="stylesheet" href="/x2.css">')
    assert [(d.line, d.message.split("'")[1]) for d in diags] == [
        (2, "/x2.css"), (3, "/x1/"), (4, "/x3.png"), (5, "/x4.js"), (6, "/x5.png"), (7, "/x6.mp4"), (8, "/x7/"),
    ]


def test_attribute_on_a_later_line_reports_that_line(public: Path) -> None:
    diags = check(public, HOME, '<a class="x"\n   href="/khong-co/">x</a>')
    broken(HOME, 4, 10, "khong-co", diags)


def test_one_diagnostic_per_broken_link_on_each_page(public: Path) -> None:
    write(public, "langson.gov.vn/tin-tuc/2025/bai-a/index.html", page('<a href="/khong-co/">x</a>'))
    write(public, "langson.gov.vn/tin-tuc/2025/bai-b/index.html", page('<a href="/khong-co/">x</a>\n<a href="/khong-co/">y</a>'))
    diags = check_links(public)
    assert [(d.path, d.line) for d in diags] == [
        ("public/langson.gov.vn/tin-tuc/2025/bai-a/index.html", 3),
        ("public/langson.gov.vn/tin-tuc/2025/bai-b/index.html", 3),
        ("public/langson.gov.vn/tin-tuc/2025/bai-b/index.html", 4),
    ]


def test_process_pool_gives_the_same_diagnostics(public: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.checks.linkcheck as linkcheck

    for i in range(30):
        write(public, f"sokhcn.langson.gov.vn/tin-tuc/{i}/index.html",
              page(f'<a href="/tin-tuc/{i + 1}/#main">next</a><main id="main"></main>'))
    serial = check_links(public, jobs=1)
    monkeypatch.setattr(linkcheck, "PARALLEL_MIN_PAGES", 1)
    assert check_links(public, jobs=2) == serial
    assert [d.path for d in serial] == ["public/sokhcn.langson.gov.vn/tin-tuc/29/index.html"]


def test_parse_srcset() -> None:
    assert parse_srcset("a.png 1x, b.png 2x") == ["a.png", "b.png"]
    assert parse_srcset("a.png,b.png 2x") == ["a.png,b.png"]
    assert parse_srcset(" a.png, b.png 480w ,c.png") == ["a.png", "b.png", "c.png"]


def test_main_prints_and_exits_1(public: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["linkcheck", "--out", str(public)]) == 0
    write(public, HOME, page('<a href="/khong-co/">x</a>'))
    assert main(["linkcheck", "--out", str(public)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("public/langson.gov.vn/index.html:3:10: error[link.broken]: ")


# ---------------------------------------------------------------- vnu

jar = htmlcheck.JAR


@pytest.mark.skipif(not jar.exists() and not os.environ.get("CI"),
                    reason="vnu.jar not installed: run `npm ci --ignore-scripts` (CI never skips)")
def test_run_vnu_on_valid_and_invalid_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "public/tốt/index.html", page("<p>Xin chào</p>"))
    write(tmp_path, "public/xấu/index.html", page('<p>Xin chào</p>\n<img src="a.png">\n</span>'))
    write(tmp_path, "public/xấu/style.css", "body{}")
    by_file = htmlcheck.run_vnu([Path("public/tốt/index.html"), Path("public/xấu/index.html")])
    by_folder = htmlcheck.run_vnu([Path("public")])
    assert by_file == by_folder
    assert [(d.path, d.line, d.col, d.severity, d.code) for d in by_file] == [
        ("public/xấu/index.html", 4, 1, "error", "html.invalid"),
        ("public/xấu/index.html", 5, 1, "error", "html.invalid"),
    ]
    assert "alt" in by_file[0].message
    assert "span" in by_file[1].message  # and nothing at all about public/tốt/index.html
    assert htmlcheck.run_vnu([]) == []


def test_run_vnu_explains_a_missing_jar(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.html", page("<p>x</p>"))
    monkeypatch.setattr(htmlcheck, "JAR", tmp_path / "no" / "vnu.jar")
    monkeypatch.setattr(htmlcheck.shutil, "which", lambda name: "/usr/bin/java")
    with pytest.raises(RuntimeError, match="npm ci --ignore-scripts"):
        htmlcheck.run_vnu([tmp_path / "a.html"])


def test_run_vnu_explains_a_missing_java(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.html", page("<p>x</p>"))
    monkeypatch.setattr(htmlcheck.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="default-jre-headless"):
        htmlcheck.run_vnu([tmp_path / "a.html"])


def test_check_warns_at_the_markdown_line_of_a_link_to_a_page_no_build_makes(tmp_path: Path) -> None:
    """The pull request's annotations: `check` resolves an item's links to the province's hosts against
    the pages and files the build plans; other hosts, fragments and assets are not its business."""
    from sitekit import news, run_build, write_repo
    body = ("Mở đầu.\n\nXem [quyết định](/van-ban/2026/qd-15/) và [tin khác](/tin-tuc/khac/#doan-2).\n\n"
            "Ở [sở](https://sokhcn.langson.gov.vn/tin-tuc/khong-co/), [sở](https://sokhcn.langson.gov.vn/),\n"
            "[ngoài](https://example.org/x/), [kiểu](/assets/style.css) và [English](https://english.langson.gov.vn/news/khac/).\n")
    write_repo(tmp_path, {"sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: "Sở KH&CN"\n',
                          "content/tinh/news/2026/tin.md": news(body=body),
                          "content/tinh/news/2026/khac.md": news("Tin khác"),
                          "content/tinh/news/2026/khac.en.md": news("Other news")})
    result = run_build(tmp_path, check_only=True)
    found = [(d.path, d.line, d.code, d.severity) for d in result.diagnostics if d.code == "link.missing"]
    assert found == [("content/tinh/news/2026/tin.md", 10, "link.missing", "warning"),
                     ("content/tinh/news/2026/tin.md", 12, "link.missing", "warning")]
    messages = [d.message for d in result.diagnostics if d.code == "link.missing"]
    assert "leads to https://langson.gov.vn/van-ban/2026/qd-15/" in messages[0]
    assert "https://sokhcn.langson.gov.vn/tin-tuc/khong-co/" in messages[1]
    assert run_build(tmp_path).ok  # a warning: the build goes on
    # with --site, the other sites' pages are not planned, and links to them not looked at
    only = run_build(tmp_path, check_only=True, sites=frozenset({"tinh"}))
    assert [d.line for d in only.diagnostics if d.code == "link.missing"] == [10]
