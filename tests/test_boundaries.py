"""Nothing crosses a site's boundary (issue 8, point 4).

What a site publishes is the plain files in its own folder, content/<site>/, so that only a change
to that folder (approved by its board, CODEOWNERS) changes it: an item, attachment or image may not
be a symbolic link nor lie in another site's folder or outside the repository, and `fix --nfc`
never writes through a link.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sitekit import codes, news, run_build, write_repo

from generator.cli import editor, main
from generator.editorial.changes import read_at

SOKHCN = 'kind: department\nslug: sokhcn\nname: "Sở Khoa học và Công nghệ"\n'
LEGAL = """\
---
doc_form: "Quyết định"
issuing_authority: "Ủy ban nhân dân tỉnh Lạng Sơn"
number: "40/2024"
symbol: "QĐ-UBND"
issued_date: 2024-10-25
effective_date: 10/11/2024
abstract: "Ban hành Quy chế"
files: [{name}]
---
Toàn văn.
"""
PDF = b"%PDF-1.4 sample\n"


def errors(result) -> list[tuple[str, int, str]]:
    return [c for c, d in zip(codes(result), sorted(result.diagnostics)) if d.severity == "error"]


def message(result, code: str) -> str:
    return next(d.message for d in result.diagnostics if d.code == code)


def test_an_attachment_of_another_site_is_an_error_naming_both(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": SOKHCN, "content/sokhcn/files/x.pdf": PDF,
                          "content/tinh/legal/2024/qd.md": LEGAL.format(name='"../../../sokhcn/files/x.pdf"')})
    result = run_build(tmp_path)
    assert errors(result) == [("content/tinh/legal/2024/qd.md", 9, "file.other-site")]
    text = message(result, "file.other-site")
    assert "content/sokhcn/files/x.pdf" in text and "site sokhcn, not tinh" in text
    assert not (tmp_path / "public").exists()


def test_a_file_elsewhere_in_the_repository_is_outside_the_site(tmp_path):
    write_repo(tmp_path, {"layouts/x.pdf": PDF,
                          "content/tinh/legal/2024/qd.md": LEGAL.format(name='"../../../../layouts/x.pdf"')})
    result = run_build(tmp_path)
    assert errors(result) == [("content/tinh/legal/2024/qd.md", 9, "file.outside")]
    assert "outside the site's folder content/tinh/" in message(result, "file.outside")


def test_a_symlinked_attachment_is_an_error(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": SOKHCN, "content/sokhcn/files/x.pdf": PDF,
                          "content/tinh/legal/2024/qd.md": LEGAL.format(name="qd.pdf")})
    (tmp_path / "content/tinh/legal/2024/qd.pdf").symlink_to(tmp_path / "content/sokhcn/files/x.pdf")
    result = run_build(tmp_path)
    assert errors(result) == [("content/tinh/legal/2024/qd.md", 9, "file.symlink")]
    assert not (tmp_path / "public").exists()


def test_a_symlinked_files_folder_is_an_error(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": SOKHCN, "content/sokhcn/files/x.pdf": PDF,
                          "content/tinh/legal/2024/qd.md": LEGAL.format(name="x.pdf")})
    (tmp_path / "content/tinh/files").symlink_to(tmp_path / "content/sokhcn/files")
    result = run_build(tmp_path)
    assert ("content/tinh/legal/2024/qd.md", 9, "file.symlink") in errors(result)
    assert ("content/tinh/files", 1, "content.symlink") in errors(result)


def test_a_symlinked_image_is_an_error(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(extra='image: {src: a.jpg, alt: "Ảnh"}\n')})
    (tmp_path / "elsewhere.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "content/tinh/news/2025/a.jpg").symlink_to(tmp_path / "elsewhere.jpg")
    assert errors(run_build(tmp_path)) == [("content/tinh/news/2025/tin.md", 5, "file.symlink")]


def test_a_symlinked_item_is_an_error_and_not_built(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": SOKHCN, "content/sokhcn/news/2025/tin.md": news("Tin của Sở")})
    (tmp_path / "content/tinh/news/2025").mkdir(parents=True)
    (tmp_path / "content/tinh/news/2025/tin.md").symlink_to(tmp_path / "content/sokhcn/news/2025/tin.md")
    result = run_build(tmp_path)
    assert errors(result) == [("content/tinh/news/2025/tin.md", 1, "content.symlink")]
    assert "is a symbolic link" in message(result, "content.symlink")


def test_a_symlinked_folder_is_an_error_and_not_followed(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": SOKHCN, "content/sokhcn/news/2025/tin.md": news("Tin của Sở")})
    (tmp_path / "content/tinh/news").mkdir(parents=True)
    (tmp_path / "content/tinh/news/2025").symlink_to(tmp_path / "content/sokhcn/news/2025")
    result = run_build(tmp_path, check_only=True)
    assert errors(result) == [("content/tinh/news/2025", 1, "content.symlink")]
    assert result.pages and not any("tinh/news" in d.path and d.code != "content.symlink" for d in result.diagnostics)


def test_a_symlink_in_layouts_is_an_error(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": SOKHCN, "content/sokhcn/files/base.html": "<p>x</p>\n"})
    (tmp_path / "layouts").mkdir()
    (tmp_path / "layouts/base.html").symlink_to(tmp_path / "content/sokhcn/files/base.html")
    result = run_build(tmp_path)
    assert errors(result) == [("layouts/base.html", 1, "layout.symlink")]
    assert not (tmp_path / "public").exists()


def test_fix_nfc_never_writes_through_a_symlink(tmp_path, capsys):
    nfd = news(body=unicodedata.normalize("NFD", "Việt Nam"))
    target = tmp_path / "outside.md"
    target.write_text(nfd, encoding="utf-8")
    write_repo(tmp_path / "repo", {"content/tinh/news/2025/a.md": nfd, "sites/sokhcn.yaml": SOKHCN})
    root = tmp_path / "repo"
    (root / "content/tinh/news/2025/b.md").symlink_to(target)
    (root / "content/tinh/page").symlink_to(tmp_path)  # a folder link: not followed either
    (root / "sites/link.yaml").symlink_to(target)
    assert main(["fix", "--nfc", "--root", str(root)]) == 0
    assert target.read_text(encoding="utf-8") == nfd
    assert unicodedata.is_normalized("NFC", (root / "content/tinh/news/2025/a.md").read_text(encoding="utf-8"))
    assert (root / "content/tinh/news/2025/b.md").is_symlink()
    err = capsys.readouterr().err
    for link in ("content/tinh/news/2025/b.md", "content/tinh/page", "sites/link.yaml"):
        assert f"skipped {link}: a symbolic link is not followed" in err
    assert "1 file(s) normalised" in err


def test_plain_attachments_still_work(tmp_path):
    write_repo(tmp_path, {"content/tinh/legal/2024/qd.md": LEGAL.format(name="../../files/qd.pdf"),
                          "content/tinh/files/qd.pdf": PDF})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert list((tmp_path / "public/langson.gov.vn").rglob("qd.pdf"))


def test_the_same_name_in_the_files_folder(tmp_path):
    write_repo(tmp_path, {"content/tinh/legal/2024/qd.md": LEGAL.format(name="qd.pdf"),
                          "content/tinh/files/qd.pdf": PDF})
    assert run_build(tmp_path).ok


def test_outside_the_repository(tmp_path):
    write_repo(tmp_path / "repo", {"content/tinh/legal/2024/qd.md": LEGAL.format(name="../../../../../x.pdf")})
    (tmp_path / "x.pdf").write_bytes(PDF)
    assert errors(run_build(tmp_path / "repo")) == [("content/tinh/legal/2024/qd.md", 9, "file.outside")]


def test_no_symlink_in_the_example(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    links = [p for folder in ("content", "sites", "layouts") for p in (repo / folder).rglob("*") if p.is_symlink()]
    assert links == []


def test_new_never_writes_through_a_symlink(tmp_path, capsys):
    write_repo(tmp_path / "repo", {})
    root = tmp_path / "repo"
    (tmp_path / "elsewhere").mkdir()
    (root / "content").mkdir()
    (root / "content/tinh").symlink_to(tmp_path / "elsewhere")
    assert main(["new", "news", "--site", "tinh", "Tin mới", "--root", str(root)]) == 2
    assert list((tmp_path / "elsewhere").rglob("*")) == []
    assert capsys.readouterr().err.startswith("content/tinh:1:1: error[content.symlink]: is a symbolic link (to ")
    # the item's own name a link to nothing: not created through it
    (root / "content/tinh").unlink()
    (root / "content/tinh/news/2026").mkdir(parents=True)
    (root / "content/tinh/news/2026/tin-moi.md").symlink_to(tmp_path / "elsewhere/tin-moi.md")
    assert main(["new", "news", "--site", "tinh", "Tin mới", "--root", str(root), "--now", "2026-11-20T12:00"]) == 2
    assert list((tmp_path / "elsewhere").rglob("*")) == []
    assert "content/tinh/news/2026/tin-moi.md:1:1: error[content.symlink]" in capsys.readouterr().err


@pytest.mark.parametrize("link", [".github/CODEOWNERS", ".github"])
def test_codeowners_never_writes_through_a_link(tmp_path, capsys, link):
    """.github/CODEOWNERS, or .github/, a link to elsewhere: refused, exit 1, nothing written there."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "CODEOWNERS").write_text("* @someone\n", encoding="utf-8")
    root = write_repo(tmp_path / "repo", {})
    if link != ".github":
        (root / ".github").mkdir()
    (root / link).symlink_to(outside / "CODEOWNERS" if link.endswith("CODEOWNERS") else outside)
    assert main(["codeowners", "--root", str(root), "--now", "2026-11-20T12:00"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{link}:1:1: error[codeowners.symlink]: is a symbolic link (to {outside}"), err
    assert [(p.name, p.read_text()) for p in outside.iterdir()] == [("CODEOWNERS", "* @someone\n")]


def test_fix_nfc_never_writes_through_a_link_made_after_its_walk(tmp_path, capsys, monkeypatch):
    """A folder on the way replaced by a link between the walk and the write: refused, nothing written."""
    nfd = news(body=unicodedata.normalize("NFD", "Việt Nam"))
    root = write_repo(tmp_path / "repo", {"content/tinh/news/2025/a.md": nfd})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "a.md").write_text(nfd, encoding="utf-8")
    walked = editor._text_files

    def then_linked(folder):
        found = walked(folder)
        if folder.name == "content" and found[0]:
            (root / "content/tinh/news/2025/a.md").unlink()
            (root / "content/tinh/news/2025").rmdir()
            (root / "content/tinh/news/2025").symlink_to(elsewhere)
        return found
    monkeypatch.setattr(editor, "_text_files", then_linked)
    assert main(["fix", "--nfc", "--root", str(root)]) == 0
    assert (elsewhere / "a.md").read_text(encoding="utf-8") == nfd
    assert "skipped: content/tinh/news/2025:1:1: error[content.symlink]" in capsys.readouterr().err


def test_the_gate_reads_a_link_in_the_working_tree_as_git_stores_it(tmp_path):
    """review-gate without --head reads the tree: a link is where it points, as in a commit, never the file
    there; a file below a linked folder is not in the tree."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "x.yaml").write_text(SOKHCN, encoding="utf-8")
    root = write_repo(tmp_path / "repo", {})
    (root / "sites/sokhcn.yaml").symlink_to(outside / "x.yaml")
    (root / "content").mkdir()
    (root / "content/tinh").symlink_to(outside)
    assert read_at(root, None, "sites/sokhcn.yaml") == str(outside / "x.yaml").encode()
    assert read_at(root, None, "content/tinh/x.yaml") is None
    assert read_at(root, None, "sites/tinh.yaml").startswith(b"kind: portal")
