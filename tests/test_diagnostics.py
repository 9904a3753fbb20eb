"""Every diagnostic code has a failing fixture that pins its exact line."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from PIL import Image
from sitekit import PDF, PORTAL, codes, news, run_build, write_repo

REPO = Path(__file__).resolve().parents[1]

LEGAL_OK = """\
---
doc_form: "Quyết định"
issuing_authority: "Ủy ban nhân dân tỉnh Lạng Sơn"
number: "40/2024"
symbol: "QĐ-UBND"
issued_date: 2024-10-25
effective_date: 10/11/2024
abstract: "Ban hành Quy chế tổ chức và hoạt động của Cổng thông tin điện tử tỉnh"
files: [qd.pdf]
{extra}---
Toàn văn.
"""


def build_one(tmp_path: Path, rel: str, text: str | bytes, extra: dict | None = None):
    write_repo(tmp_path, {rel: text, **(extra or {})})
    return run_build(tmp_path)


def only(result, code):
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"no {code} in {[d.text() for d in result.diagnostics]}"
    return found


CASES = [
    # (code, file text, expected line)
    ("front-matter.yaml", '---\ntitle: "Tin"\ndate: 2025-01-02\nsummary: [unclosed\n---\nx\n', 5),
    ("field.required", '---\ntitle: "Tin"\ndate: 2025-01-02\n---\nx\n', 2),
    ("field.type", news(extra="sample: maybe\n"), 5),
    ("field.date", '---\ntitle: "Tin"\ndate: 31/02/2025\nsummary: "S"\n---\nx\n', 3),
    ("field.unknown", news(extra="sumary: \"x\"\n"), 5),
    ("field.duplicate", news(extra="title: \"again\"\n"), 5),
    ("front-matter.missing", "Chỉ có nội dung, không có phần đầu.\n", 1),
    ("content.empty", "", 1),
    ("content.binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1),
    ("content.binary", news(body="Dòng một.\nDòng hai có \x00 một byte NUL.").encode(), 9),
    ("text.line-ends", news().replace("\n", "\r"), 1),
    ("text.encoding", b'---\ntitle: "Tin"\n\xff\xfe bad\n---\n', 3),
    ("text.not-nfc", news(body="Dòng một.\n" + unicodedata.normalize("NFD", "Việt Nam")), 9),
    ("text.legacy-encoding", news(body="Dòng một.\nCéng hßa x· héi chñ nghÜa ViÖt Nam"), 9),
]


@pytest.mark.parametrize("code,text,line", CASES, ids=[c[0] for c in CASES])
def test_each_code_is_located(tmp_path, code, text, line):
    result = build_one(tmp_path, "content/tinh/news/2025/tin.md", text)
    assert not result.ok
    found = only(result, code)
    assert found[0].line == line, found[0].text()
    assert found[0].path == "content/tinh/news/2025/tin.md"
    assert not (tmp_path / "public").exists()


def test_a_file_that_seems_to_lack_front_matter_is_told_why(tmp_path):
    blank_first = build_one(tmp_path / "a", "content/tinh/news/2025/tin.md", ("\n\n" + news()).encode())
    assert "the front matter's `---` is on line 3; it must be the first line" in only(
        blank_first, "front-matter.missing")[0].message
    cr_only = build_one(tmp_path / "b", "content/tinh/news/2025/tin.md", news().replace("\n", "\r"))
    assert "end with CR alone" in only(cr_only, "text.line-ends")[0].message


def test_unknown_key_suggests_the_right_one(tmp_path):
    result = build_one(tmp_path, "content/tinh/news/2025/tin.md", news(extra="sumary: \"x\"\n"))
    assert "did you mean `summary`?" in only(result, "field.unknown")[0].message


def test_impossible_date_names_the_month(tmp_path):
    result = build_one(tmp_path, "content/tinh/news/2025/tin.md",
                       '---\ntitle: "Tin"\ndate: 31/02/2025\nsummary: "S"\n---\nx\n')
    assert "February 2025 has no day 31" in only(result, "field.date")[0].message


def test_yaml_11_surprises_warn_and_keep_the_text(tmp_path):
    text = LEGAL_OK.replace('number: "40/2024"', "number: 010").format(extra="signer: no\n")
    result = build_one(tmp_path, "content/tinh/legal/2024/qd-40.md", text, {"content/tinh/legal/2024/qd.pdf": b"%PDF-1.4\n"})
    assert result.ok, [d.text() for d in result.diagnostics]
    warnings = sorted((d.line, d.message) for d in only(result, "yaml.implicit-type"))
    assert [w[0] for w in warnings] == [4, 10]
    assert "reads `010` as int 8" in warnings[0][1]
    record = json.loads((tmp_path / "public/langson.gov.vn/van-ban/qd-40/index.json").read_text())
    assert record["fields"]["number"] == "010" and record["fields"]["signer"] == "no"


def test_yes_no_for_a_boolean_is_an_error(tmp_path):
    result = build_one(tmp_path, "content/tinh/news/2025/tin.md", news(extra="sample: yes\n"))
    assert "write true or false" in only(result, "field.type")[0].message


def test_missing_and_outside_attachments(tmp_path):
    missing = LEGAL_OK.format(extra="")
    outside = LEGAL_OK.replace("files: [qd.pdf]", "files: [../../../../../etc/passwd]").format(extra="")
    write_repo(tmp_path, {"content/tinh/legal/2024/a.md": missing, "content/tinh/legal/2024/b.md": outside})
    result = run_build(tmp_path)
    assert codes(result) == [("content/tinh/legal/2024/a.md", 9, "file.missing"),
                             ("content/tinh/legal/2024/b.md", 9, "file.outside")]


def test_attachment_type_must_be_allowed_by_the_profile(tmp_path):
    text = LEGAL_OK.replace("qd.pdf", "qd.exe").format(extra="")
    result = build_one(tmp_path, "content/tinh/legal/2024/a.md", text, {"content/tinh/legal/2024/qd.exe": b"MZ"})
    assert codes(result) == [("content/tinh/legal/2024/a.md", 9, "file.type")]


def test_reference_to_unknown_item(tmp_path):
    text = LEGAL_OK.format(extra="replaces: [khong-co]\n")
    result = build_one(tmp_path, "content/tinh/legal/2024/a.md", text, {"content/tinh/legal/2024/qd.pdf": PDF})
    assert codes(result) == [("content/tinh/legal/2024/a.md", 10, "ref.missing")]


def test_a_kept_items_problem_is_at_its_line_as_when_it_was_read(tmp_path):
    """An item taken from the cache folder (kept_items.py), not read again, is located as when it was:
    its front matter's line numbers are kept with it, read when a problem is reported."""
    text = LEGAL_OK.format(extra="replaces: [khong-co]\n")
    write_repo(tmp_path, {"content/tinh/legal/2024/a.md": text, "content/tinh/legal/2024/qd.pdf": PDF})
    first = run_build(tmp_path, cache_dir=tmp_path / "cache")
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})  # another item: a.md is kept
    second = run_build(tmp_path, cache_dir=tmp_path / "cache")
    assert codes(first) == codes(second) == [("content/tinh/legal/2024/a.md", 10, "ref.missing")]


def test_two_items_claiming_one_url(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2024/trung.md": news(), "content/tinh/news/2025/trung.md": news()})
    result = run_build(tmp_path)
    found = only(result, "url.collision")
    assert found[0].path == "content/tinh/news/2025/trung.md"
    assert "content/tinh/news/2024/trung.md" in found[0].message


def test_non_ascii_slug(tmp_path):
    result = build_one(tmp_path, "content/tinh/news/2025/tin-tức.md", news())
    found = only(result, "slug.ascii")
    assert found[0].line == 1 and "tin-tuc" in found[0].message


def test_all_problems_of_a_build_are_reported_together_and_sorted(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/news/2025/b.md": news(extra="sumary: x\n"),
        "content/tinh/news/2025/a.md": '---\ntitle: "Tin"\nauthor: "Hoàng Lan"\nsource: "Sở Tư pháp"\n---\n',
        "sites/xa.yaml": 'kind: commune\nslug: "Xã A"\nname: "Xã A"\n',
    })
    result = run_build(tmp_path)
    assert codes(result) == [
        ("content/tinh/news/2025/a.md", 2, "field.required"),
        ("content/tinh/news/2025/a.md", 2, "field.required"),
        ("content/tinh/news/2025/b.md", 5, "field.unknown"),
        ("sites/xa.yaml", 2, "site.slug"),
    ]


def test_site_file_unknown_key_and_host_collision(tmp_path):
    write_repo(tmp_path, {
        "sites/soa.yaml": 'kind: department\nslug: caoloc\nname: "Sở A"\n',
        "sites/xa.yaml": 'kind: commune\nslug: caoloc\nname: "Xã Cao Lộc"\nwebsite: "x"\n',
    })
    result = run_build(tmp_path)
    assert ("sites/xa.yaml", 4, "field.unknown") in codes(result)
    write_repo(tmp_path, {"sites/xa.yaml": 'kind: commune\nslug: caoloc\nname: "Xã Cao Lộc"\n'})
    result = run_build(tmp_path)
    found = only(result, "site.host-collision")
    assert found[0].path == "sites/xa.yaml" and "sites/soa.yaml" in found[0].message
    assert "caoloc.langson.gov.vn" in found[0].message
    # said once, at its cause: not again by every page of the two sites (url.collision)
    write_repo(tmp_path, {"content/xa/news/2025/tin.md": news(), "content/soa/news/2025/tin.md": news()})
    assert codes(run_build(tmp_path)) == [("sites/xa.yaml", 2, "site.host-collision")]


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=cwd, capture_output=True, text=True)


def test_github_and_json_formats(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(extra="sumary: x\n")})
    gh = cli("check", "--root", str(tmp_path), "--format", "github", "--no-cache")
    assert gh.returncode == 1
    assert gh.stdout.startswith("::error file=content/tinh/news/2025/tin.md,line=5,col=1,title=field.unknown::")
    js = cli("check", "--root", str(tmp_path), "--format", "json", "--no-cache")
    data = json.loads(js.stdout)
    assert data[0]["code"] == "field.unknown" and data[0]["line"] == 5


def test_a_file_name_cannot_move_a_github_annotation(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/a,line=99::x.md": news(extra="sumary: x\n")})
    gh = cli("check", "--root", str(tmp_path), "--format", "github", "--no-cache")
    assert "::error file=content/tinh/news/2025/a%2Cline=99%3A%3Ax.md,line=1," in gh.stdout, gh.stdout


def test_text_format_is_path_line_col_severity_code(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(extra="sumary: x\n")})
    out = cli("check", "--root", str(tmp_path), "--no-cache")
    assert out.returncode == 1
    assert "content/tinh/news/2025/tin.md:5:1: error[field.unknown]: unknown key `sumary`" in out.stderr


def test_fix_nfc_normalises_in_place(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Tin về Việt Nam")
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(title=decomposed)})
    assert not run_build(tmp_path).ok
    out = cli("fix", "--nfc", "--root", str(tmp_path))
    assert out.returncode == 0 and "normalised content/tinh/news/2025/tin.md" in out.stdout
    assert run_build(tmp_path).ok
    assert "Tin về Việt Nam" in (tmp_path / "content/tinh/news/2025/tin.md").read_text()


def test_fix_nfc_changes_the_letters_and_nothing_else(tmp_path):
    """Line ends stay as written (CRLF, CR alone): only the lines with decomposed letters change."""
    decomposed = unicodedata.normalize("NFD", "Tin về Việt Nam")
    text = news(title=decomposed).replace("\n", "\r\n") + "Dòng cuối\rkhông xuống dòng"
    item = tmp_path / "content/tinh/news/2025/tin.md"
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": ""})
    item.write_bytes(text.encode("utf-8"))
    assert cli("fix", "--nfc", "--root", str(tmp_path)).returncode == 0
    assert item.read_bytes() == unicodedata.normalize("NFC", text).encode("utf-8")


def test_site_files_and_profiles_are_held_to_nfc_and_fixed_like_content(tmp_path):
    """Their names and texts are published as content is: the same check, the same fix."""
    profile = (Path(__file__).resolve().parents[1] / "generator/profiles/langson-2025.yaml").read_text(encoding="utf-8")
    write_repo(tmp_path, {"sites/sotp.yaml": 'kind: department\nslug: sotp\nname: "' + unicodedata.normalize(
        "NFD", "Sở Tư pháp") + '"\n', "profiles/langson-2025.yaml": profile.replace(
        "Cổng thông tin điện tử tỉnh Lạng Sơn", unicodedata.normalize("NFD", "Cổng thông tin điện tử tỉnh Lạng Sơn"), 1),
        "content/tinh/news/2025/tin.md": news()})
    line = profile.split("Cổng thông tin điện tử tỉnh Lạng Sơn", 1)[0].count("\n") + 1
    result = run_build(tmp_path)
    assert not result.ok
    assert {("sites/sotp.yaml", 3, "text.not-nfc"), ("profiles/langson-2025.yaml", line, "text.not-nfc")} <= set(
        codes(result))
    assert cli("check", "--root", str(tmp_path), "--no-cache").returncode == 1
    out = cli("fix", "--nfc", "--root", str(tmp_path))
    assert "normalised sites/sotp.yaml" in out.stdout and "normalised profiles/langson-2025.yaml" in out.stdout
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert "<title>Sở Tư pháp" in (tmp_path / "public/sotp.langson.gov.vn/index.html").read_text(encoding="utf-8")


def test_content_paths_that_name_no_site_type_or_place(tmp_path):
    write_repo(tmp_path, {
        "content/khongco/news/2025/a.md": news(),
        "content/tinh/bai-viet/2025/b.md": news(),
        "content/tinh/news/2025/03/c.md": news(),
        "content/tinh/d.md": news(),
    })
    result = run_build(tmp_path)
    assert codes(result) == [
        ("content/khongco/news/2025/a.md", 1, "content.site"),
        ("content/tinh/bai-viet/2025/b.md", 1, "content.type"),
        ("content/tinh/d.md", 1, "content.path"),
        ("content/tinh/news/2025/03/c.md", 1, "content.path"),
    ]
    assert "create sites/khongco.yaml" in result.diagnostics[0].message


def test_two_attachments_with_one_name(tmp_path):
    text = LEGAL_OK.replace("files: [qd.pdf]", "files: [qd.pdf, ../../files/qd.pdf]").format(extra="")
    result = build_one(tmp_path, "content/tinh/legal/2024/a.md", text,
                       {"content/tinh/legal/2024/qd.pdf": b"%PDF", "content/tinh/files/qd.pdf": b"%PDF"})
    assert codes(result) == [("content/tinh/legal/2024/a.md", 9, "file.duplicate")]


def test_front_matter_not_closed(tmp_path):
    result = build_one(tmp_path, "content/tinh/news/2025/tin.md", '---\ntitle: "Tin"\ndate: 2025-01-02\n')
    assert codes(result) == [("content/tinh/news/2025/tin.md", 1, "front-matter.yaml")]
    assert "not closed" in result.diagnostics[0].message


def test_site_files_without_portal_or_with_bad_names(tmp_path):
    write_repo(tmp_path, {"sites/xa.yaml": 'kind: commune\nslug: xa\nname: "Xã"\n'}, portal=False)
    result = run_build(tmp_path)
    assert [d.code for d in result.diagnostics] == ["site.portal"]
    write_repo(tmp_path, {"sites/tinh.yaml": 'kind: portal\nname: "Cổng"\n', "sites/Xã_A.yaml": 'kind: commune\nslug: xaa\nname: "Xã A"\n'})
    result = run_build(tmp_path)
    assert codes(result) == [("sites/Xã_A.yaml", 1, "site.id")]


def test_repository_without_province_file(tmp_path):
    (tmp_path / "sites").mkdir()
    result = run_build(tmp_path)
    assert codes(result) == [("sites/_province.yaml", 1, "config.missing")]


def test_profile_in_the_repository_must_carry_its_own_name(tmp_path):
    from generator.model.config import PROFILES_DIR
    profile = (PROFILES_DIR / "langson-2025.yaml").read_text(encoding="utf-8").replace("id: langson-2025", "id: khac", 1)
    write_repo(tmp_path, {"profiles/langson-2025.yaml": profile})
    result = run_build(tmp_path)
    assert codes(result) == [("profiles/langson-2025.yaml", 1, "profile.id")]


def test_missing_lunr_js_is_reported_with_the_install_command(tmp_path, monkeypatch):
    import generator.build.tool_files
    monkeypatch.setattr(generator.build.tool_files, "SOURCE_CHECKOUT", tmp_path)
    write_repo(tmp_path, {})
    result = run_build(tmp_path)
    assert codes(result) == [("package.json", 1, "search.lunr-missing")]
    assert "npm ci --ignore-scripts" in result.diagnostics[0].message
    # `check` writes no page, so it needs no lunr.js (the approval gate's job installs no npm packages).
    assert run_build(tmp_path, check_only=True).diagnostics == []


def test_an_item_may_not_take_the_name_of_the_pages_below_its_type(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/trang.md": news("Trang"),
                          "content/tinh/legal/2025/tra-cuu.md": news("Tra cứu")})
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [("content/tinh/legal/2025/tra-cuu.md", 1, "slug.reserved"),
                             ("content/tinh/news/2025/trang.md", 1, "slug.reserved")]
    assert "listing pages" in result.diagnostics[0].message and "rename the file" in result.diagnostics[0].message


def test_an_error_is_said_once_at_its_cause_not_again_by_what_follows_from_it(tmp_path):
    """A site file with an error is not built: its items are not said to be of no site, nor the
    portal missing; a translation of an item with an error has its source (not loaded)."""
    dept = 'kind: department\nslug: so\nname: {vi: "Sở A"}\norder: abc\n'
    write_repo(tmp_path, {"sites/so.yaml": dept, "content/so/news/2025/a.md": news(),
                          "content/tinh/news/2025/b.md": news(extra="date: 2025-02-30\n"),
                          "content/tinh/news/2025/b.en.md": news("English")})
    assert codes(run_build(tmp_path)) == [("content/tinh/news/2025/b.md", 5, "field.duplicate"),
                                          ("sites/so.yaml", 4, "field.type")]
    (tmp_path / "sites/tinh.yaml").write_text(PORTAL + "order: abc\n", encoding="utf-8")
    assert [c for _, _, c in codes(run_build(tmp_path))] == ["field.type", "field.type"]
    (tmp_path / "sites/tinh.yaml").write_text(PORTAL, encoding="utf-8")
    (tmp_path / "sites/so.yaml").write_text('kind: department\nname: {vi: "Sở A"}\n', encoding="utf-8")
    result = run_build(tmp_path)
    slug = next(d for d in result.diagnostics if d.path == "sites/so.yaml")
    assert slug.code == "site.slug" and "needs `slug:`" in slug.message
    assert not [d for d in result.diagnostics if d.code in ("content.site", "translation.orphan")]


def test_a_file_saved_under_a_decomposed_name_is_said_so_and_fix_renames_it(tmp_path):
    """macOS saves names in NFD; the item names the file in NFC, as everything it writes."""
    write_repo(tmp_path, {"content/tinh/legal/2025/qd.md": (
        '---\ndoc_form: "Quyết định"\nissuing_authority: "UBND tỉnh"\nnumber: "1/2025"\nsymbol: "QĐ-UBND"\n'
        'issued_date: 2025-01-02\neffective_date: 2025-01-12\nabstract: "Về việc thử"\n'
        'files: ["Quyết định.pdf"]\n---\nNội dung.\n')})
    folder = tmp_path / "content/tinh/legal/2025"
    (folder / unicodedata.normalize("NFD", "Quyết định.pdf")).write_bytes(PDF)
    (folder / unicodedata.normalize("NFD", "Phụ lục")).mkdir()
    result = run_build(tmp_path)
    assert codes(result) == [("content/tinh/legal/2025/qd.md", 9, "file.name-not-nfc")]
    assert "fix --nfc" in result.diagnostics[0].message
    out = cli("fix", "--nfc", "--root", str(tmp_path))
    assert "renamed content/tinh/legal/2025/" in out.stdout and out.returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["Phụ lục", "Quyết định.pdf", "qd.md"]
    assert run_build(tmp_path).ok


def test_an_item_named_like_a_page_the_site_makes_is_told_to_rename_itself(tmp_path):
    qa = ('---\ntitle: "Hỏi về học phí"\nticket: HD-2026-000103\nreceived_at: 2026-11-18T20:40\nchannel: section\n'
          'question: |\n  Cháu có được miễn học phí không?\nfield: "Giáo dục"\ndue: 2026-12-09\n---\n')
    result = build_one(tmp_path, "content/tinh/qa/2026/gui-cau-hoi.md", qa)
    found = only(result, "url.collision")
    assert {d.path for d in found} == {"content/tinh/qa/2026/gui-cau-hoi.md"}
    assert "the name is reserved: rename the item's file" in found[0].message


def test_messages_name_the_cause_not_the_machinery(tmp_path):
    year0 = build_one(tmp_path / "a", "content/tinh/news/2025/tin.md",
                      news().replace("date: 2025-03-12T08:30", "date: 0000-01-01"))
    assert "there is no year 0000; write the year's four digits" in only(year0, "field.date")[0].message
    not_an_image = build_one(tmp_path / "b", "content/tinh/news/2025/tin.md", news(body="Chữ.\n\n![b](b.png)"),
                             {"content/tinh/news/2025/b.png": b"notpng"})
    message = only(not_an_image, "image.unreadable")[0].message
    assert "its bytes are in no image format known" in message and " at 0x" not in message
    jpeg = io.BytesIO()
    Image.new("RGB", (400, 300)).save(jpeg, "JPEG")
    twice = build_one(tmp_path / "c", "content/tinh/news/2025/tin.md",
                      news(body="Chữ.\n\n![a](a.jpg)\n\n![b](x/a.jpg)"),
                      {"content/tinh/news/2025/a.jpg": jpeg.getvalue(), "content/tinh/news/2025/x/a.jpg": jpeg.getvalue()})
    duplicate = only(twice, "file.duplicate")[0]
    assert duplicate.line == 10 and "content/tinh/news/2025/a.jpg, content/tinh/news/2025/x/a.jpg" in duplicate.message


def test_a_file_named_with_a_backslash_is_told_to_use_slashes(tmp_path):
    legal = ('---\ndoc_form: "Quyết định"\nissuing_authority: "UBND tỉnh"\nnumber: "1/2025"\nsymbol: "QĐ-UBND"\n'
             'issued_date: 2025-01-02\neffective_date: 2025-01-12\nabstract: "Về việc thử"\nfiles: ["phu-luc\\\\bang.txt"]\n'
             '---\nNội dung.\n')
    result = build_one(tmp_path, "content/tinh/legal/2025/qd.md", legal,
                       {"content/tinh/legal/2025/phu-luc\\bang.txt": "x\n"})
    assert codes(result) == [("content/tinh/legal/2025/qd.md", 9, "file.name")]
    assert "write folders with `/`" in result.diagnostics[0].message


def test_a_site_on_the_portals_host_is_the_one_not_built_and_a_portal_without_a_host_stops_cleanly(tmp_path):
    """Whatever the files' order: sites/english.yaml sorts before sites/tinh.yaml."""
    write_repo(tmp_path / "a", {"sites/english.yaml": 'kind: department\nslug: english\nname: {vi: "Sở A"}\n',
                                "content/tinh/news/2025/a.md": news()})
    assert codes(run_build(tmp_path / "a", check_only=True)) == [("sites/english.yaml", 2, "site.host-collision")]
    write_repo(tmp_path / "b", {"sites/tinh.yaml": 'kind: portal\nslug: "BAD"\nname: {vi: "Cổng"}\n'})
    assert codes(run_build(tmp_path / "b", check_only=True)) == [("sites/tinh.yaml", 2, "site.slug")]
