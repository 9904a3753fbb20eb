"""Takedown (gỡ bỏ ngay, 000/001 Đ8.2; issue 4 point 8): `build.py takedown`, the audit log, 410 Gone.

Real builds of tiny repositories, the real command line, every output file read back.
"""
from __future__ import annotations

import difflib
import json
import os
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest
import yaml
from sitekit import JPEG, PDF, news, run_build, write_repo
from test_serve import fetch, free_port, wait_for

from generator import cli
from generator.build.output import host_dirs

REPO = Path(__file__).resolve().parents[1]
DEPT = ('kind: department\nslug: sokhcn\nlanguages: [vi, en]\n'
        'name: {vi: "Sở Khoa học và Công nghệ", en: "Department of Science and Technology"}\n')
SLUG = "tin-vi-pham"
TITLE_VI = "Bài đăng sai sự thật cần gỡ"
TITLE_EN = "False report to be taken down"
ITEM = f"content/sokhcn/news/2026/{SLUG}.md"
ITEM_EN = f"content/sokhcn/news/2026/{SLUG}.en.md"
SOURCE_VI = f"""---
title: "{TITLE_VI}"
# duyệt ngày 01/11/2026
status: published  # đã duyệt
date: 2026-11-01T08:00
summary: "Tóm tắt bài sai."
tags: ["Khoa học", "Công nghệ"]
syndicate: true
image: {{src: anh-minh-hoa.jpg, alt: "Ảnh minh họa"}}
author: "Hoàng Lan"
source: "Sở Khoa học và Công nghệ"
---
Nội dung sai sự thật.
"""
SOURCE_EN = f"""---
title: '{TITLE_EN}'
date: 2026-11-01T08:00
summary: "False summary."
tags: ["Science"]
syndicate: true
author: "Hoang Lan"
source: "Department of Science and Technology"
---
False text.
"""
KEPT = news("Tin được giữ lại", date="2026-10-30T08:00", extra='tags: ["Khoa học"]\nsyndicate: true\n')
KEPT_EN = news("News that stays", date="2026-10-30T08:00", extra='tags: ["Science"]\nsyndicate: true\n')


def repo(tmp_path: Path, extra: dict | None = None) -> Path:
    return write_repo(tmp_path, {
        "sites/sokhcn.yaml": DEPT, ITEM: SOURCE_VI, ITEM_EN: SOURCE_EN,
        "content/sokhcn/news/2026/anh-minh-hoa.jpg": JPEG,
        "content/sokhcn/news/2026/tin-giu.md": KEPT, "content/sokhcn/news/2026/tin-giu.en.md": KEPT_EN,
        "content/tinh/news/2026/tin-tinh.md": news("Tin của tỉnh", date="2026-10-29T08:00"),
        **(extra or {})})


def outputs(out: Path) -> dict[str, str]:
    """Every file of every host (not _server/), as text."""
    return {p.relative_to(out).as_posix(): p.read_bytes().decode("utf-8", "replace")
            for host in host_dirs(out) for p in sorted(host.rglob("*")) if p.is_file()}


def mentioning(files: dict[str, str], *needles: str) -> list[str]:
    return sorted(rel for rel, text in files.items() if any(n in rel or n in text for n in needles))


def takedown(root: Path, *args: str) -> int:
    return cli.main(["takedown", *args, "--root", str(root)])


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(True), after.splitlines(True)) if line[:1] in "+-"]


def test_takedown_removes_the_item_from_every_output_and_lists_it_for_410(tmp_path, capsys):
    root = repo(tmp_path)
    result = run_build(root)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    out = root / "public"
    before = outputs(out)
    # the item is everywhere a reader or a machine finds things: both editions, the portal's aggregation
    where = set(mentioning(before, TITLE_VI, TITLE_EN, SLUG))
    for rel in ["sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.html",
                "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.json",
                "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg",
                "sokhcn.langson.gov.vn/tin-tuc/index.html", "sokhcn.langson.gov.vn/chu-de/khoa-hoc/index.html",
                "sokhcn.langson.gov.vn/chu-de/cong-nghe/index.html", "sokhcn.langson.gov.vn/index.html",
                "sokhcn.langson.gov.vn/feed.xml", "sokhcn.langson.gov.vn/sitemap.xml",
                "sokhcn.langson.gov.vn/tim-kiem/docs/0.json",
                "sokhcn.langson.gov.vn/en/news/tin-vi-pham/index.html",
                "sokhcn.langson.gov.vn/en/news/tin-vi-pham/index.json", "sokhcn.langson.gov.vn/en/news/index.html",
                "sokhcn.langson.gov.vn/en/feed.xml", "sokhcn.langson.gov.vn/en/search/docs/0.json",
                "langson.gov.vn/index.html", "english.langson.gov.vn/index.html"]:
        assert rel in where, rel
    assert (out / "_server/gone.txt").read_text() == ""

    item_before = (root / ITEM).read_text(encoding="utf-8")
    code = takedown(root, ITEM, "--reason", "Thông tin sai sự thật (Điều 101 NĐ 15/2020)",
                    "--ref", "Công văn 123/VPUBND-TTTT ngày 20/11/2026", "--by", "Nguyễn Văn A <a@langson.gov.vn>",
                    "--now", "2026-11-20T15:30")
    printed = capsys.readouterr().out
    assert code == 0
    assert "Took down sokhcn/news/tin-vi-pham (vi, en)" in printed and "labelled `takedown`" in printed
    assert "https://sokhcn.langson.gov.vn/en/news/tin-vi-pham/" in printed
    # the editor's diff of the item is one line, comments and quoting kept
    assert changed_lines(item_before, (root / ITEM).read_text(encoding="utf-8")) == [
        "- status: published  # đã duyệt\n", "+ status: removed  # đã duyệt\n"]
    assert (root / ITEM_EN).read_text(encoding="utf-8") == SOURCE_EN  # the source takes its translations along
    log_text = (root / "audit/takedowns.yaml").read_text(encoding="utf-8")
    assert log_text.startswith("# Nhật ký gỡ bỏ") and "Đ8.2" in log_text and "Never edit" in log_text
    assert yaml.safe_load(log_text) == [{
        "id": "sokhcn/news/tin-vi-pham", "path": ITEM, "languages": ["vi", "en"],
        "urls": ["https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/",
                 "https://sokhcn.langson.gov.vn/en/news/tin-vi-pham/"],
        "by": "Nguyễn Văn A <a@langson.gov.vn>", "at": "2026-11-20T15:30:00+07:00",
        "reason": "Thông tin sai sự thật (Điều 101 NĐ 15/2020)", "ref": "Công văn 123/VPUBND-TTTT ngày 20/11/2026"}]

    result = run_build(root)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    after = outputs(out)
    assert mentioning(after, TITLE_VI, TITLE_EN, SLUG, "Tóm tắt bài sai", "False summary") == []
    # what stays, stays: the other item on both editions, the tag it shares, the portal's aggregation
    for rel, text in [("sokhcn.langson.gov.vn/chu-de/khoa-hoc/index.html", "Tin được giữ lại"),
                      ("sokhcn.langson.gov.vn/en/tags/science/index.html", "News that stays"),
                      ("langson.gov.vn/index.html", "Tin được giữ lại"),
                      ("english.langson.gov.vn/index.html", "News that stays"),
                      ("sokhcn.langson.gov.vn/tim-kiem/docs/0.json", "Tin được giữ lại")]:
        assert text in after[rel], rel
    assert "sokhcn.langson.gov.vn/chu-de/cong-nghe/index.html" not in after  # its only item is gone
    assert "Nội dung đã được gỡ bỏ" in after["sokhcn.langson.gov.vn/410.html"]
    assert (out / "_server/gone.txt").read_text().splitlines() == [
        "https://sokhcn.langson.gov.vn/en/news/tin-vi-pham/",
        "https://sokhcn.langson.gov.vn/en/news/tin-vi-pham/index.json",
        "https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/",
        "https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa-8.jpg",  # its renditions too
        "https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa-8.webp",
        "https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg",
        "https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.json"]
    nginx = (out / "_server/nginx/sokhcn.langson.gov.vn.conf").read_text()
    gone = "{ error_page 410 /410.html; return 410; }"
    for line in [f'location = "/tin-tuc/tin-vi-pham/" {gone}', f'location = "/tin-tuc/tin-vi-pham" {gone}',
                 f'location = "/tin-tuc/tin-vi-pham/index.html" {gone}',
                 f'location = "/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg" {gone}',
                 'location = "/en/news/tin-vi-pham/" { error_page 410 /en/410.html; return 410; }']:
        assert line in nginx.splitlines()
    # exact addresses only: nothing below a removed item's folder that was not its own
    assert "^~" not in nginx
    assert "return 410" not in (out / "_server/nginx/langson.gov.vn.conf").read_text()
    assert 'location = "/tin-tuc/tin-vi-pham/" {' in (out / "_server/nginx/sites.conf").read_text()

    # the development server answers 410 Gone for every former address, with the host's page
    port = free_port()
    server = subprocess.Popen([sys.executable, str(REPO / "build.py"), "serve", "--root", str(root), "--port",
                               str(port), "--no-cache", "--jobs", "1", "--now", "2026-11-20T16:00"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: "Tin được giữ lại" in fetch(port, "sokhcn.langson.gov.vn", "/tin-tuc/tin-giu/"))
        for path in ["/tin-tuc/tin-vi-pham/", "/tin-tuc/tin-vi-pham", "/tin-tuc/tin-vi-pham/index.json",
                     "/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg", "/en/news/tin-vi-pham/?utm=x"]:
            try:
                fetch(port, "sokhcn.langson.gov.vn", path)
                raise AssertionError(f"{path} answered 200")
            except urllib.error.HTTPError as exc:
                assert exc.code == 410, path
                assert "Nội dung đã được gỡ bỏ" in exc.read().decode()
        assert "Tin được giữ lại" in fetch(port, "sokhcn.langson.gov.vn", "/tin-tuc/")
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_taking_down_a_translation_removes_only_that_edition(tmp_path, capsys):
    root = repo(tmp_path)
    assert takedown(root, str(root / ITEM_EN), "--reason", "Bản dịch sai", "--ref", "Email ngày 20/11/2026",
                    "--by", "Trần Thị B", "--now", "2026-11-20T09:00+07:00") == 0
    # no status line yet: one line added after the title, nothing else
    assert changed_lines(SOURCE_EN, (root / ITEM_EN).read_text(encoding="utf-8")) == ["+ status: removed\n"]
    assert (root / ITEM_EN).read_text(encoding="utf-8").splitlines()[2] == "status: removed"
    entry = yaml.safe_load((root / "audit/takedowns.yaml").read_text(encoding="utf-8"))[0]
    assert entry["languages"] == ["en"] and entry["path"] == ITEM_EN and entry["by"] == "Trần Thị B"
    assert entry["urls"] == ["https://sokhcn.langson.gov.vn/en/news/tin-vi-pham/"]
    result = run_build(root)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    files = outputs(root / "public")
    assert mentioning(files, TITLE_EN) == [] and "sokhcn.langson.gov.vn/en/news/tin-vi-pham/index.html" not in files
    page = files["sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.html"]
    assert TITLE_VI in page and "/en/news/tin-vi-pham/" not in page  # the switcher no longer offers it
    assert "https://sokhcn.langson.gov.vn/en/news/tin-vi-pham/" in (root / "public/_server/gone.txt").read_text()
    assert json.loads(files["sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.json"])["translations"] == {
        "vi": "https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/"}


def test_takedown_refuses_and_changes_nothing(tmp_path, capsys, monkeypatch):
    root = repo(tmp_path, {"content/tinh/news/2026/nhap.md": news("Bản nháp", extra="status: draft\n")})
    snapshot = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    ok = ["--reason", "Vi phạm", "--ref", "CV 1/VP", "--by", "A"]
    assert takedown(root, ITEM, "--ref", "CV 1/VP", "--by", "A") == 2
    assert "--reason" in capsys.readouterr().err
    assert takedown(root, ITEM, "--reason", "Vi phạm", "--ref", "  ", "--by", "A") == 2
    assert "--ref" in capsys.readouterr().err
    assert takedown(root, "sites/tinh.yaml", *ok) == 2
    assert "not an item" in capsys.readouterr().err
    assert takedown(root, "content/sokhcn/news/2026/khong-co.md", *ok) == 2
    assert "no such file" in capsys.readouterr().err
    assert takedown(root, "content/tinh/news/2026/nhap.md", *ok) == 2
    assert "draft" in capsys.readouterr().err
    assert takedown(root, *ok) == 2
    # who: git's identity when --by is not given; neither → refused
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert takedown(root, ITEM, "--reason", "Vi phạm", "--ref", "CV 1/VP") == 2
    assert "--by" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == snapshot
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "config", "user.name", "Lê Văn C"], check=True)
    subprocess.run(["git", "-C", str(root), "config", "user.email", "c@langson.gov.vn"], check=True)
    assert takedown(root, ITEM, "--reason", "Vi phạm", "--ref", "CV 1/VP") == 0
    assert yaml.safe_load((root / "audit/takedowns.yaml").read_text())[0]["by"] == "Lê Văn C <c@langson.gov.vn>"
    log = (root / "audit/takedowns.yaml").read_bytes()
    assert takedown(root, ITEM, *ok) == 2 and "already removed" in capsys.readouterr().err
    assert takedown(root, ITEM_EN, *ok) == 2 and "with its Vietnamese source" in capsys.readouterr().err
    assert (root / "audit/takedowns.yaml").read_bytes() == log


def test_removed_by_hand_warns_until_audited_and_the_log_is_append_only(tmp_path, capsys):
    root = repo(tmp_path, {
        ITEM: SOURCE_VI.replace("status: published  # đã duyệt", "status: removed"),
        "content/tinh/news/2026/khac.md": news("Tin bị gỡ khác", extra="status: removed\n")})
    result = run_build(root)
    assert result.ok
    assert [(d.path, d.line, d.severity, d.code) for d in sorted(result.diagnostics)] == [
        ("content/sokhcn/news/2026/tin-vi-pham.md", 4, "warning", "takedown.unaudited"),
        ("content/tinh/news/2026/khac.md", 5, "warning", "takedown.unaudited")]
    assert "build.py takedown content/tinh/news/2026/khac.md" in sorted(result.diagnostics)[1].message
    assert mentioning(outputs(root / "public"), TITLE_VI, TITLE_EN, "Tin bị gỡ khác") == []
    # the command records what an editor already marked, without touching the file
    item = (root / ITEM).read_bytes()
    assert takedown(root, ITEM, "--reason", "Vi phạm", "--ref", "CV 2/VP", "--by", "A", "--now", "2026-11-20T10:00") == 0
    assert "recorded now" in capsys.readouterr().out and (root / ITEM).read_bytes() == item
    first = (root / "audit/takedowns.yaml").read_text(encoding="utf-8")
    assert takedown(root, "content/tinh/news/2026/khac.md", "--reason", "Trùng lặp", "--ref", "CV 3/VP", "--by", "B",
                    "--now", "2026-11-20T11:00") == 0
    second = (root / "audit/takedowns.yaml").read_text(encoding="utf-8")
    assert second.startswith(first)  # appended, never rewritten
    assert [e["ref"] for e in yaml.safe_load(second)] == ["CV 2/VP", "CV 3/VP"]
    assert "merge=union" in (root / "audit/.gitattributes").read_text()
    result = run_build(root)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    # a log that is no longer a list of complete entries fails the build, located
    (root / "audit/takedowns.yaml").write_text(second + "\n- id: x\n  by: C\n", encoding="utf-8")
    result = run_build(root)
    assert [(d.path, d.code) for d in result.diagnostics if d.severity == "error"] == [
        ("audit/takedowns.yaml", "takedown.audit")]
    assert "lacks `path`" in next(d.message for d in result.diagnostics if d.code == "takedown.audit")
    # … and the command refuses to append to it until it is repaired
    assert takedown(root, "content/tinh/news/2026/tin-tinh.md", "--reason", "X", "--ref", "Y", "--by", "C") == 2
    assert "must be repaired" in capsys.readouterr().err
    assert "status" not in (root / "content/tinh/news/2026/tin-tinh.md").read_text()


LEGAL = """---
doc_form: "Quyết định"
issuing_authority: "Sở Khoa học và Công nghệ"
number: "{number}"
symbol: "QĐ-SKHCN"
issued_date: {issued}
effective_date: {issued}
abstract: "{abstract}"
files: [van-ban.pdf]
{extra}---
Toàn văn.
"""


def replacing_pair(tmp_path: Path, old_abstract: str, new_slug: str, new_abstract: str) -> Path:
    """A department's decision 5/2024 (qd-cu) and the 2026 decision that replaces it, both shown on the
    portal's lookup too (`syndicate`: approved by its board, 000 Đ6.5)."""
    return write_repo(tmp_path, {
        "sites/sokhcn.yaml": DEPT,
        "content/sokhcn/legal/2024/qd-cu.md": LEGAL.format(number="5/2024", issued="2024-03-01",
                                                           abstract=old_abstract, extra="syndicate: true\n"),
        "content/sokhcn/legal/2024/van-ban.pdf": PDF,
        f"content/sokhcn/legal/2026/{new_slug}.md": LEGAL.format(
            number="9/2026", issued="2026-02-01", abstract=new_abstract,
            extra="replaces: [qd-cu]\nsyndicate: true\n"),
        "content/sokhcn/legal/2026/van-ban.pdf": PDF,
    })


def test_a_removed_document_leaves_no_relation_behind_and_breaks_nothing(tmp_path, capsys):
    root = replacing_pair(tmp_path, "Quy chế cũ", "qd-thay-the", "Quy chế thay thế bị gỡ")
    assert run_build(root).ok
    old = (root / "public/sokhcn.langson.gov.vn/van-ban/qd-cu/index.html").read_text()
    assert "/van-ban/qd-thay-the/" in old and "được thay thế</span> bởi" in old
    assert takedown(root, "content/sokhcn/legal/2026/qd-thay-the.md", "--reason", "Ban hành sai thẩm quyền",
                    "--ref", "CV 4/VP", "--by", "A") == 0
    # the legal item has no title line: the status goes first
    text = (root / "content/sokhcn/legal/2026/qd-thay-the.md").read_text()
    assert text.startswith("---\nstatus: removed\ndoc_form:")
    result = run_build(root)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    files = outputs(root / "public")
    assert mentioning(files, "qd-thay-the", "9/2026", "Quy chế thay thế bị gỡ") == []
    old = files["sokhcn.langson.gov.vn/van-ban/qd-cu/index.html"]
    assert "Còn hiệu lực" in old and "thay thế bởi" not in old
    assert json.loads(files["sokhcn.langson.gov.vn/van-ban/qd-cu/index.json"])["relations"] == {}
    assert "Quy chế cũ" in files["langson.gov.vn/van-ban/tra-cuu/index.html"]  # the portal's lookup


def test_withdrawn_keeps_its_page_under_a_banner_but_is_not_offered(tmp_path):
    root = repo(tmp_path, {ITEM: SOURCE_VI.replace("status: published  # đã duyệt", "status: withdrawn")})
    result = run_build(root)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    files = outputs(root / "public")
    page = files["sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.html"]
    assert TITLE_VI in page and 'class="banner banner-withdrawn"' in page
    assert json.loads(files["sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.json"])["fields"]["status"] == "withdrawn"
    assert "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg" in files
    # its translation is no longer current either, though its own file says nothing
    assert 'class="banner banner-withdrawn"' in files["sokhcn.langson.gov.vn/en/news/tin-vi-pham/index.html"]
    # its own page and record, and the translation's, are the only files that know it
    assert mentioning(files, TITLE_VI, SLUG) == [
        "sokhcn.langson.gov.vn/en/news/tin-vi-pham/index.html", "sokhcn.langson.gov.vn/en/news/tin-vi-pham/index.json",
        "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa-8.jpg",
        "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa-8.webp",
        "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg",
        "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.html", "sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/index.json"]
    assert (root / "public/_server/gone.txt").read_text() == ""  # withdrawn is no takedown: it answers 200


def test_a_site_build_after_a_takedown_rebuilds_every_host(tmp_path, capsys):
    root = repo(tmp_path)
    assert run_build(root).ok
    assert TITLE_VI in (root / "public/langson.gov.vn/index.html").read_text()
    assert takedown(root, ITEM, "--reason", "Vi phạm", "--ref", "CV 5/VP", "--by", "A") == 0
    result = run_build(root, sites=frozenset({"sokhcn"}))
    assert result.ok
    assert [(d.path, d.code) for d in result.diagnostics] == [(ITEM, "takedown.full-build")]
    assert mentioning(outputs(root / "public"), TITLE_VI, TITLE_EN, SLUG) == []  # the portal too
    # the next --site build is a --site build again: carries the other hosts and rewrites _server/
    write_repo(root, {"content/sokhcn/news/2026/moi.md": news("Tin mới của Sở", date="2026-11-02T08:00")})
    result = run_build(root, sites=frozenset({"sokhcn"}))
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    assert (root / "public/langson.gov.vn/index.html").read_text().count("Tin mới của Sở") == 0  # kept, not rebuilt
    assert "/tin-tuc/tin-vi-pham/" in (root / "public/_server/gone.txt").read_text()
    assert sorted(p.name for p in (root / "public").iterdir()) == [
        "_server", "english.langson.gov.vn", "langson.gov.vn", "sokhcn.langson.gov.vn"]


def test_takedown_via_build_py(tmp_path):
    root = repo(tmp_path)
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "takedown", ITEM, "--root", str(root),
                          "--reason", "Vi phạm", "--ref", "CV 6/VP", "--by", "A"],
                         capture_output=True, text=True, cwd=root, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr
    assert "status: removed" in (root / ITEM).read_text()


def test_the_nginx_snippet_answers_410_for_every_former_address(tmp_path):
    """The generated snippet in a server block written by hand, in a real nginx (sites.conf, the whole
    generated configuration, is run by test_serverconf.py)."""
    import shutil
    import socket
    import time
    import urllib.request

    import pytest
    nginx = shutil.which("nginx") or shutil.which("/usr/sbin/nginx")
    if nginx is None and not os.environ.get("CI"):
        pytest.skip("nginx is not installed; CI installs it (.ci/run) and never skips")
    assert nginx is not None, "nginx is missing: .ci/run installs Debian's nginx"
    root = repo(tmp_path / "repo")
    assert takedown(root, ITEM, "--reason", "Vi phạm", "--ref", "CV 7/VP", "--by", "A") == 0
    assert run_build(root).ok
    public, port = root / "public", free_port()
    host = "sokhcn.langson.gov.vn"
    temp = "".join(f" {k}_temp_path {tmp_path};" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        # as root, nginx's workers would run as `nobody`, who cannot read pytest's private temp folders
        ("user root;\n" if os.geteuid() == 0 else "") +
        f"daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{ access_log off;{temp}\n  server {{ listen 127.0.0.1:{port}; server_name {host};\n"
        f"    root {public / host};\n    include {public}/_server/nginx/{host}.conf;\n  }}\n}}\n")
    server = subprocess.Popen([nginx, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def status(path: str) -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            assert ("Content removed" if path.startswith("/en/") else "Nội dung đã được gỡ bỏ") in exc.read().decode()
            assert exc.headers["X-Content-Type-Options"] == "nosniff"  # the security headers come along
            return exc.code
    try:
        end = time.monotonic() + 10
        while time.monotonic() < end and server.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        assert server.poll() is None, server.stderr.read().decode()
        for path in ["/tin-tuc/tin-vi-pham/", "/tin-tuc/tin-vi-pham", "/tin-tuc/tin-vi-pham/index.json",
                     "/tin-tuc/tin-vi-pham/index.html", "/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg",
                     "/en/news/tin-vi-pham/"]:
            assert status(path) == 410, path
        assert status("/tin-tuc/tin-giu/") == 200 and status("/en/news/") == 200
    finally:
        server.terminate()
        server.communicate(timeout=10)


def test_only_the_removed_items_own_addresses_are_gone():
    """A listing's later pages may live below an item's folder: a prefix rule would take them down too."""
    from generator.build.gone import is_gone
    paths = frozenset({"/tin-tuc/tin-vi-pham/", "/tin-tuc/tin-vi-pham/index.json"})
    for asked in ("/tin-tuc/tin-vi-pham/", "/tin-tuc/tin-vi-pham", "/tin-tuc/tin-vi-pham/index.html",
                  "/tin-tuc/tin-vi-pham/index.json"):
        assert is_gone(paths, asked), asked
    for asked in ("/tin-tuc/tin-vi-pham/trang/2/", "/tin-tuc/tin-vi-pham/khac.pdf", "/tin-tuc/", "/tin-tuc/tin"):
        assert not is_gone(paths, asked), asked


def test_deleting_the_offending_file_after_a_takedown_does_not_stop_the_build(tmp_path):
    root = repo(tmp_path / "repo")
    assert takedown(root, ITEM, "--reason", "Ảnh vi phạm", "--ref", "CV 9/VP", "--by", "A") == 0
    (root / "content/sokhcn/news/2026/anh-minh-hoa.jpg").unlink()
    result = run_build(root)
    assert result.ok, [d.text() for d in result.diagnostics]
    missing = [d for d in result.diagnostics if d.code == "file.missing"]
    assert [d.severity for d in missing] == ["warning"] and "the item is removed" in missing[0].message
    gone = (root / "public/_server/gone.txt").read_text().splitlines()
    assert "https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/anh-minh-hoa.jpg" in gone
    # The same missing file on a published item is still an error.
    other = root / "content/sokhcn/news/2026/con-lai.md"
    other.write_text(news("Còn lại", extra="image: {src: mat.jpg, alt: \"Ảnh\"}\n"), encoding="utf-8")
    assert "file.missing" in [d.code for d in run_build(root).diagnostics if d.severity == "error"]


def test_a_removed_document_named_by_another_leaves_no_trace_in_its_record(tmp_path, capsys):
    """The replacing document's `replaces: [qd-cu]` must not leak the removed one's slug."""
    root = replacing_pair(tmp_path, "Quy chế cũ bị gỡ", "qd-moi", "Quy chế mới")
    assert takedown(root, "content/sokhcn/legal/2024/qd-cu.md", "--reason", "Sai", "--ref", "CV 5/VP",
                    "--by", "A") == 0
    assert run_build(root).ok
    files = outputs(root / "public")
    assert mentioning(files, "qd-cu", "5/2024", "Quy chế cũ bị gỡ") == []
    record = json.loads(files["sokhcn.langson.gov.vn/van-ban/qd-moi/index.json"])
    assert "replaces" not in record["fields"] and record["relations"] == {}


ENTRY = f"""\
- id: sokhcn/news/{SLUG}
  path: {ITEM}
  languages:
  - vi
  urls:
  - https://sokhcn.langson.gov.vn/tin-tuc/{SLUG}/
  by: Ban biên tập
  at: '2026-11-20T10:00:00+07:00'
  reason: Tin giả
  ref: CV 2/VP
"""


@pytest.mark.parametrize("entry, line, col, message", [
    # A repeated key: YAML readers keep the last one silently, so it could rewrite the entry.
    (ENTRY.replace("  by: Ban biên tập\n", "  by: Ban biên tập\n  by: Người khác\n"), 10, 3,
     "`by` is given twice in this entry (also on line 9)"),
    (ENTRY.replace("  reason: Tin giả\n", "  reason: Tin giả\n  path: content/tinh/news/2026/tin-tinh.md\n"),
     12, 3, "`path` is given twice in this entry (also on line 4)"),
    (ENTRY.replace("  ref: CV 2/VP\n", "  ref: CV 2/VP\n  note: x\n"), 13, 3, "unknown key `note` in an entry"),
    (ENTRY.replace("'2026-11-20T10:00:00+07:00'", "2026-11-20"), 10, 7,
     "`at` `2026-11-20` is not a date and time with its offset"),
    (ENTRY.replace("  - vi\n", "  - Tiếng Việt\n"), 6, 5, "`languages` `Tiếng Việt` is not a language code"),
    (ENTRY.replace("  - https://", "  - ftp://"), 8, 5, "`urls` `ftp://"),
    (ENTRY.replace("  reason: Tin giả\n", "  reason:\n    giả: true\n"), 12, 5, "`reason` expected text, found a mapping"),
    (ENTRY.replace("  urls:\n  - https://sokhcn.langson.gov.vn/tin-tuc/tin-vi-pham/\n", "  urls: []\n"), 3, 1,
     "this entry lacks `urls`"),
])
def test_the_audit_log_reader_refuses_what_takedown_never_writes(tmp_path, entry, line, col, message):
    """Every entry: each key once, of its type, nothing else; each problem at its line."""
    root = repo(tmp_path, {ITEM: SOURCE_VI.replace("status: published  # đã duyệt", "status: removed"),
                           "audit/takedowns.yaml": "# Nhật ký\n\n" + entry})
    result = run_build(root, check_only=True)
    found = [d for d in result.diagnostics if d.code == "takedown.audit"]
    assert [(d.path, d.line, d.col, d.severity) for d in found] == [("audit/takedowns.yaml", line, col, "error")], found
    assert message in found[0].message
    # The same entry as `build.py takedown` writes it reads back.
    (root / "audit/takedowns.yaml").write_text("# Nhật ký\n\n" + ENTRY, encoding="utf-8")
    assert run_build(root, check_only=True).ok


def test_an_audit_log_that_is_not_utf8_is_an_error_at_its_line(tmp_path):
    root = repo(tmp_path, {"audit/takedowns.yaml": ("# Nhật ký\n\n" + ENTRY).encode("utf-8").replace(
        "Tin giả".encode(), "Tin gi\xe1".encode("latin-1"))})
    result = run_build(root, check_only=True)
    assert [(d.path, d.line, d.code) for d in result.diagnostics if d.severity == "error"] == [
        ("audit/takedowns.yaml", 11, "takedown.audit")]


@pytest.mark.parametrize("link", ["audit/takedowns.yaml", "audit", "audit/.gitattributes"])
def test_an_audit_log_reached_through_a_link_is_refused_never_read_nor_appended_to(tmp_path, capsys, link):
    """The log, its folder or its .gitattributes as a link to elsewhere: `check` does not read it, and
    `takedown` refuses, exit 2, before anything is written (the item neither)."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "takedowns.yaml").write_text("# Nhật ký\n\n" + ENTRY, encoding="utf-8")
    (outside / ".gitattributes").write_text("takedowns.yaml merge=union\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    root = repo(tmp_path / "repo")
    if link == "audit":
        (root / "audit").symlink_to(outside)
    else:
        (root / "audit").mkdir()
        (root / link).symlink_to(outside / Path(link).name)
    result = run_build(root, check_only=True)
    assert [(d.path, d.line, d.code) for d in result.diagnostics if d.severity == "error"] == [
        (link, 1, "audit.symlink")]
    item = (root / ITEM).read_bytes()
    assert takedown(root, ITEM, "--reason", "Vi phạm", "--ref", "CV 1/VP", "--by", "A") == 2
    err = capsys.readouterr().err
    assert f"{link}:1:1: error[audit.symlink]: is a symbolic link (to {outside}" in err, err
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before
    assert (root / ITEM).read_bytes() == item
