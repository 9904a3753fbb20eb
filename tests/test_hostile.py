"""No traceback, ever, for any content or site file (issue 8, point 2).

Each hostile file is written into a tiny repository and checked for real: it must end as a located
diagnostic with a stable code (found by `check`, not only by `build`), in bounded time, and a
failed build keeps the last good output. The fixtures that took minutes or gigabytes before their
fix run under a deadline (``deadline``), not a micro-timing.
"""
from __future__ import annotations

import contextlib
import signal
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from gitkit import GitRepo
from sitekit import codes, news, run_build, write_repo

from generator.build.discover import SourceFile
from generator.build.documents import LoadSettings, load_chunk
from generator.build.markup import Refused, new_converter, to_html

REPO = Path(__file__).resolve().parents[1]
ITEM = "content/tinh/news/2025/tin.md"
PAGE = "content/tinh/page/gioi-thieu.md"
DEPT = "kind: department\nslug: so\nname: {vi: \"Sở A\"}\n"


@contextlib.contextmanager
def deadline(seconds: float):
    """Fail the test, rather than hang it, when the block runs longer than ``seconds``."""
    def expire(*_):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bomb(indent: str = "", levels: int = 9) -> str:
    """Nine levels of nested aliases (the "billion laughs"): under 600 bytes, 9⁹ values expanded."""
    lines = [f'{indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    lines += [f"{indent}a{n}: &a{n} [{','.join([f'*a{n - 1}'] * 9)}]\n" for n in range(1, levels)]
    return "".join(lines)


def check(tmp_path: Path, files: dict, seconds: float = 20):
    """`check` of a repository holding ``files``: its (path, line, code) list."""
    write_repo(tmp_path, files)
    with deadline(seconds):
        result = run_build(tmp_path, check_only=True)
    assert not result.ok
    assert not (tmp_path / "public").exists()
    return result


# --- content items: (id, path, text, code, line) -------------------------------------------------

NESTED_LIST = "".join("  " * i + "- x\n" for i in range(500))
ITEM_CASES = [
    ("order-5000-digits", PAGE, '---\ntitle: "Giới thiệu"\norder: ' + "9" * 5000 + "\n---\nx\n", "field.type", 3),
    ("offset-25h", ITEM, news(date="2025-01-01T10:00+25:00"), "field.date", 3),
    ("offset-minutes-99", ITEM, news(date="2025-01-01T10:00+07:99"), "field.date", 3),
    ("overflows-vietnam-time", ITEM, news(date="9999-12-31T23:00-05:00"), "field.date", 3),
    ("underflows-utc", ITEM, news(extra="publish_at: 0001-01-01T00:00+14:00\n"), "field.date", 5),
    ("yaml-500-levels", ITEM, news(extra="tags: " + "[" * 500 + "]" * 500 + "\n"), "yaml.nesting", 5),
    ("yaml-alias-in-itself", ITEM, news(extra="tags: &a [x, *a]\n"), "yaml.alias", 5),
    ("yaml-alias-bomb", ITEM, news(extra=bomb()), "yaml.alias", 10),
    ("key-is-a-list", ITEM, news(extra="? [a, b]\n: c\n"), "field.type", 5),
    ("control-escaped", ITEM, news(title="Tin\\u0007 thử"), "text.control", 2),
    ("control-raw-front-matter", ITEM, news(extra="author: \"A\x1bB\"\n"), "text.control", 5),
    ("control-body", ITEM, news(body="Dòng một.\nHai\x0c ba"), "text.control", 9),
    ("noncharacter-escaped", ITEM, news(extra='source: "A\\uFFFE"\n'), "text.control", 5),
    ("control-reference-body", ITEM, news(body="Một &#x1b; hai"), "text.control", 8),
    ("brackets-5000", ITEM, news(body="Mở đầu.\n\n" + "[" * 5000), "markdown.brackets", 10),
    ("cdata-2000", ITEM, news(body="<![CDATA[" * 2000), "markdown.brackets", 8),
    ("backtick-runs-5000", ITEM, news(body="Mở đầu.\n\n" + "``\\" * 5000), "markdown.brackets", 10),
    ("list-500-levels", ITEM, news(body=NESTED_LIST), "markdown.nesting", 8 + 40),
    ("quote-500-levels", ITEM, news(body="Mở đầu.\n\n" + ">" * 500 + " x"), "markdown.nesting", 10),
    ("html-600-levels", ITEM, news(body="<div>" * 600), "markdown.nesting", 8),
    ("marks-in-one-paragraph", ITEM, news(body="*a* " * 40000), "markdown.dense", 8),
    ("headings-without-blank-lines", ITEM, news(body="Mở đầu.\n\n" + "#\n" * 10000), "markdown.dense", 10),
    ("rules-in-a-quote", ITEM, news(body="Mở đầu.\n\n" + ">-\n" * 10000), "markdown.dense", 10),
    ("body-too-long", ITEM, news(body="Mở đầu.\n\n" + "x" * 2_000_001), "markdown.size", 8),
]


@pytest.mark.parametrize("path,text,code,line", [c[1:] for c in ITEM_CASES], ids=[c[0] for c in ITEM_CASES])
def test_hostile_item_is_a_located_diagnostic_at_check(tmp_path, path, text, code, line):
    result = check(tmp_path, {path: text}, seconds=10)
    assert codes(result) == [(path, line, code)], [d.text() for d in result.diagnostics]
    assert len(result.diagnostics[0].message) < 400  # a 5,000-digit value is not quoted back whole


def test_unquoted_title_of_5000_digits_is_kept_as_text_with_a_warning(tmp_path):
    write_repo(tmp_path, {ITEM: "---\ntitle: " + "9" * 5000 + "\ndate: 2025-01-02\nsummary: s\nauthor: A\nsource: B\n---\nx\n"})
    result = run_build(tmp_path)
    assert result.ok and codes(result) == [(ITEM, 2, "yaml.implicit-type")]
    assert "9" * 5000 in (tmp_path / "public/langson.gov.vn/tin-tuc/tin/index.html").read_text(encoding="utf-8")


def test_a_datetime_in_range_everywhere_still_builds(tmp_path):
    write_repo(tmp_path, {ITEM: news(date="9999-12-31T16:59:59Z"),
                          "content/tinh/news/2025/som.md": news(date="0001-01-01T10:00+07:00")})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    feed = (tmp_path / "public/langson.gov.vn/feed.xml").read_text(encoding="utf-8")
    assert "9999-12-31T23:59:59+07:00" in feed


def test_time_bounded_cases_finish_quickly(tmp_path):
    """The alias bomb ran for minutes in gigabytes wherever a value is read whole (a board's members,
    a profile's lists); 5,000 `[` took 10 s in the Markdown reader."""
    profile = (REPO / "generator/profiles/langson-2025.yaml").read_text(encoding="utf-8")
    for n, (path, text) in enumerate([(ITEM, news(extra=bomb())), (ITEM, news(body="[" * 5000)),
                                      ("sites/so.yaml", DEPT + "board:\n" + bomb("  ") + "  members: *a8\n"),
                                      ("profiles/langson-2025.yaml", profile + bomb() + "replaces: *a8\n")]):
        root = tmp_path / str(n)
        write_repo(root, {path: text})
        started = time.monotonic()
        with deadline(5):
            result = run_build(root, check_only=True)
        assert not result.ok and time.monotonic() - started < 5


# --- site files, the province file, a profile, the audit log ----------------------------------------

SITE_CASES = [
    ("alias-bomb", DEPT + "contact:\n" + bomb("  "), "yaml.alias", 10),
    ("alias-in-itself", DEPT + "contact: &c {x: *c}\n", "yaml.alias", 4),
    ("500-levels", DEPT + "contact: {x: " + "[" * 500 + "]" * 500 + "}\n", "yaml.nesting", 4),
    ("control-in-name", 'kind: department\nslug: so\nname: {vi: "Sở\\u0008 A"}\n', "text.control", 3),
    ("control-in-contact", DEPT + 'contact: {phone: "0205\\u0000"}\n', "text.control", 4),
    ("order-5000-digits", DEPT + "order: " + "9" * 5000 + "\n", "field.type", 4),
    ("map-key-is-a-map", DEPT + "contact: {? {a: b} : c}\n", "field.type", 4),
]


@pytest.mark.parametrize("text,code,line", [c[1:] for c in SITE_CASES], ids=[c[0] for c in SITE_CASES])
def test_hostile_site_file_is_a_located_diagnostic(tmp_path, text, code, line):
    result = check(tmp_path, {"sites/so.yaml": text}, seconds=10)
    assert codes(result) == [("sites/so.yaml", line, code)], [d.text() for d in result.diagnostics]


def test_province_file_date_that_overflows(tmp_path):
    province = ('profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn"}\ngoverning_agency: {vi: "UBND tỉnh"}\n'
                "imported_before: 9999-12-31T23:00-05:00\n")
    result = check(tmp_path, {"sites/_province.yaml": province})
    assert codes(result) == [("sites/_province.yaml", 4, "field.date")]


def test_repository_profile_with_an_alias_bomb(tmp_path):
    profile = (REPO / "generator/profiles/langson-2025.yaml").read_text(encoding="utf-8")
    lines = profile.count("\n")
    result = check(tmp_path, {"profiles/langson-2025.yaml": profile + bomb()}, seconds=5)
    assert codes(result) == [("profiles/langson-2025.yaml", lines + 6, "yaml.alias")]


AUDIT = "audit/takedowns.yaml"
AUDIT_CASES = [
    ("alias-bomb", "- id: x\n" + bomb("  "), "yaml.alias", 7),
    ("alias-in-itself", "- &e {id: *e, path: p}\n", "yaml.alias", 1),
    ("control-raw", "- id: a\x01b\n", "text.control", 1),
    # An entry's own problems are all takedown.audit (editorial/audit.py), a control character too.
    ("control-escaped", '- {id: "a\\u0001", path: p, languages: [vi], urls: ["https://langson.gov.vn/a/"], by: b, '
                        'at: "2026-11-20T10:00:00+07:00", reason: r, ref: f}\n', "takedown.audit", 1),
    ("not-utf8", b"- id: \xff\xfe\n", "takedown.audit", 1),
]


@pytest.mark.parametrize("text,code,line", [c[1:] for c in AUDIT_CASES], ids=[c[0] for c in AUDIT_CASES])
def test_hostile_audit_log_is_a_located_diagnostic(tmp_path, text, code, line):
    result = check(tmp_path, {AUDIT: text}, seconds=5)
    assert codes(result) == [(AUDIT, line, code)], [d.text() for d in result.diagnostics]


def test_audit_log_values_yaml_cannot_build(tmp_path):
    """`at: 2025-13-45` is no date YAML 1.1 can build, and a 5,000-digit `ref` no number: both read as text."""
    entry = ('- {id: tinh/news/tin, path: content/tinh/news/2025/tin.md, languages: [vi], '
             'urls: ["https://langson.gov.vn/a/"], by: b, at: 2025-13-45, reason: r, ref: ' + "9" * 5000 + "}\n")
    result = check(tmp_path, {AUDIT: entry})
    assert codes(result) == [(AUDIT, 1, "takedown.audit")]
    assert "`at` `2025-13-45` is not a date and time" in result.diagnostics[0].message


# --- layouts ----------------------------------------------------------------------------------------

BROKEN_SYNTAX = '{% extends "article.html" %}\n{% block article %}\n{{ item.title }\n{% endblock %}\n'
UNDEFINED = '{% extends "article.html" %}\n{% block article %}\n<p>\n{{ item.no_such_field }}\n{% endblock %}\n'


def test_layout_syntax_error_is_found_by_check(tmp_path):
    result = check(tmp_path, {ITEM: news(), "layouts/news.html": BROKEN_SYNTAX})
    assert codes(result) == [("layouts/news.html", 3, "template.error")]
    assert "unexpected '}'" in result.diagnostics[0].message


def test_a_layout_broken_after_a_good_build_is_found_though_the_cache_knew_the_layouts_good(tmp_path):
    """The cache folder keeps the hash of the layouts the last build found readable (layout_errors.py):
    any byte of a layout changed reads them all again."""
    write_repo(tmp_path, {ITEM: news()})
    assert run_build(tmp_path, cache_dir=tmp_path / "cache").ok
    assert (tmp_path / "cache" / "layouts-checked").is_file()
    write_repo(tmp_path, {"layouts/news.html": BROKEN_SYNTAX})
    result = run_build(tmp_path, cache_dir=tmp_path / "cache")
    assert codes(result) == [("layouts/news.html", 3, "template.error")]
    (tmp_path / "layouts/news.html").unlink()
    assert run_build(tmp_path, cache_dir=tmp_path / "cache").ok


@pytest.mark.parametrize("jobs", [1, 2])
def test_layout_error_while_rendering_names_the_line_and_page_and_keeps_the_last_output(tmp_path, jobs):
    dept = "kind: department\nslug: so\nname: {vi: \"Sở A\"}\n"
    write_repo(tmp_path, {ITEM: news(), "content/tinh/news/2025/hai.md": news(), "sites/so.yaml": dept,
                          "content/so/news/2025/ba.md": news()})
    assert run_build(tmp_path, jobs=jobs).ok
    before = {p: p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()}
    write_repo(tmp_path, {"layouts/news.html": UNDEFINED})
    assert run_build(tmp_path, check_only=True).ok  # only rendering finds an undefined name
    result = run_build(tmp_path, jobs=jobs)
    assert codes(result) == [("layouts/news.html", 4, "template.error")]
    message = result.diagnostics[0].message
    assert "no_such_field" in message and "and 2 other page(s)" in message
    assert "while rendering langson.gov.vn/tin-tuc/hai/index.html (from content/tinh/news/2025/hai.md)" in message
    after = {p: p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".public.new-*"))


def test_layout_that_is_not_utf8(tmp_path):
    result = check(tmp_path, {ITEM: news(), "layouts/footer.html": b"<p>\n\xff</p>\n"})
    assert codes(result) == [("layouts/footer.html", 2, "text.encoding")]


# --- files the loader cannot read, and the last guard -------------------------------------------------

def test_an_attachment_name_too_long_for_the_system(tmp_path):
    result = check(tmp_path, {ITEM: news(extra="image: {src: " + "a" * 300 + ".jpg, alt: \"Ảnh\"}\n")})
    assert codes(result) == [(ITEM, 5, "file.name-too-long")]
    assert "(304 bytes, at most 255); shorten it" in result.diagnostics[0].message
    # a folder's name too long for the system: the file cannot be looked up
    result = check(tmp_path, {ITEM: news(extra="image: {src: " + "a" * 300 + "/anh.jpg, alt: \"Ảnh\"}\n")})
    assert codes(result) == [(ITEM, 5, "file.unreadable")]
    assert "File name too long" in result.diagnostics[0].message


def test_an_unforeseen_exception_is_an_internal_error_at_the_file(tmp_path):
    """The last guard, for what no check foresaw: here an item handed over with a type the table lacks."""
    write_repo(tmp_path, {ITEM: news(), "content/tinh/news/2025/hai.md": news()})
    settings = LoadSettings(str(tmp_path), ("pdf",), ())
    sources = [SourceFile(ITEM, "tinh", "no-such-type", "tin", "vi"),
               SourceFile("content/tinh/news/2025/hai.md", "tinh", "news", "hai", "vi")]
    (bad, bad_problems), (good, good_problems) = load_chunk(sources, settings, None)
    assert bad is None and [(d.path, d.line, d.code) for d in bad_problems] == [(ITEM, 1, "internal.error")]
    assert "KeyError" in bad_problems[0].message and "please report it" in bad_problems[0].message
    assert good is not None and good_problems == []


def test_status_lines_in_git_history_that_yaml_cannot_build(tmp_path):
    repo = GitRepo(tmp_path)
    repo.commit("một", "2025-03-01T09:00:00+07:00", {ITEM: news()})
    repo.edit(ITEM, "summary:", "status: 2025-13-45\nsummary:")
    repo.commit("hai", "2025-03-02T09:00:00+07:00")
    repo.edit(ITEM, "status: 2025-13-45", "status: [&a [x,x,x,x,x,x,x,x,x], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]]")
    repo.commit("ba", "2025-03-03T09:00:00+07:00")
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [(ITEM, 4, "field.type")]


# --- what real documents do is never refused ---------------------------------------------------------

def test_large_real_shapes_pass_the_markdown_bounds():
    md = new_converter()
    para = ("Ủy ban nhân dân tỉnh **Lạng Sơn** ban hành [Quyết định số 12](qd.pdf) về việc _tổ chức_ "
            "hoạt động, ngày 12/3/2025 (xem <https://vbpl.vn/>). ") * 8
    long_document = ("## Điều 1\n\n" + para + "\n\n- mục một\n    - mục hai\n\n"
                     "| a | b |\n|---|---|\n| x | y |\n\n") * 400
    table = "| Số | Văn bản |\n|---|---|\n" + "| 1 | [Quyết định 12/2024](qd.pdf) **x** _y_ `z` |\n" * 5000
    html_table = "<table>\n" + "<tr><td><a href='x'>a</a></td><td>b &amp; c</td></tr>\n" * 5000 + "</table>\n"
    centred = "                                        CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n" * 2000
    stray = ("văn bản [ chưa đóng và a<b " + "chữ " * 500 + "\n\n") * 20
    nested = "".join("    " * i + "- mức\n" for i in range(8)) * 200
    with deadline(30):
        for body in (long_document, table, html_table, centred, stray, nested):
            to_html(md, body)


def test_refusal_is_raised_before_parsing():
    with deadline(5), pytest.raises(Refused) as refused:
        to_html(new_converter(), "Mở đầu.\n\n" + "[" * 8000)
    assert (refused.value.refusal.line, refused.value.refusal.code) == (3, "markdown.brackets")


def test_feeds_and_sitemaps_stay_well_formed_xml_with_every_character_text_may_hold(tmp_path):
    """What `text.control` lets through (tab, markup characters, U+FFFD, astral characters) is XML."""
    title = "Tin\tthử & <b>\"đậm\"</b> 'x' \ufffd 😀 \U0010fffd"
    write_repo(tmp_path, {ITEM: news(title=title.replace('"', '\\"'), extra='author: "Tác\\tgiả ]]> &amp;"\n')})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    for name in ("feed.xml", "sitemap.xml"):
        ET.parse(tmp_path / "public/langson.gov.vn" / name)
    feed = ET.parse(tmp_path / "public/langson.gov.vn/feed.xml").getroot()
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert title in titles
