"""The translation flow: `translate` makes the file, `check` says when it falls behind its source,
`check --todo` lists what waits to be translated. With real git repositories."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil

import pytest
from gitkit import GitRepo, cli
from sitekit import codes, news, run_build, write_repo

from generator.checks.htmlcheck import JAR, run_vnu
from generator.core.clock import VN_TZ

NOW = "2025-04-01T12:00"
SOURCE = "content/tinh/news/2025/tin.md"
TARGET = "content/tinh/news/2025/tin.en.md"
VI = ('---\ntitle: "Lễ hội đền Kỳ Cùng năm 2025"\ndate: 2025-02-20T10:15\n'
      'summary: "Lễ hội truyền thống lớn nhất xứ Lạng."\n'
      '# a comment the translator keeps\ntags:\n  - "du lịch"\n  - "văn hóa"\n'
      'translate: [en]\nchange_note: "Bổ sung ảnh"\nauthor: "Hoàng Lan"\n'
      'source: "Báo Lạng Sơn"\n---\n'
      'Từ ngày 19 đến ngày 24/02/2025, lễ hội thu hút hàng vạn lượt du khách.\n')


def check(root, *more: str):
    return cli("check", "--root", str(root), "--no-cache", "--now", NOW, *more)


def translate(root, *more: str):
    return cli("translate", SOURCE, "--lang", "en", "--root", str(root), *more)


@pytest.fixture()
def repo(tmp_path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.commit("Tin lễ hội", "2025-02-20T11:00:00+07:00", {SOURCE: VI})
    return repo


def test_todo_lists_an_item_marked_for_translation_until_it_has_one(repo):
    out = check(repo.root, "--todo")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        f"{SOURCE}:9:1: todo[translation.missing]: marked `translate: [en]` and no English translation is "
        f"published; start one with `python build.py translate {SOURCE} --lang en`"]
    assert "To do: 1 translation(s)" in out.stderr
    assert check(repo.root).stdout == ""  # without --todo, check says nothing of it
    assert translate(repo.root).returncode == 0
    out = check(repo.root, "--todo")
    assert out.returncode == 0 and out.stdout == "" and "To do: 0" in out.stderr


def test_translate_writes_a_file_that_validates_and_builds(repo, tmp_path):
    out = translate(repo.root)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == TARGET
    revision = repo.git("log", "-1", "--first-parent", "--format=%H", "--", SOURCE)
    text = (repo.root / TARGET).read_text(encoding="utf-8")
    # the source's fields as written (comment, quoting, order), not its change_note nor its translate list
    assert text == ('---\ntitle: "Lễ hội đền Kỳ Cùng năm 2025"\ndate: 2025-02-20T10:15\n'
                    'summary: "Lễ hội truyền thống lớn nhất xứ Lạng."\n'
                    '# a comment the translator keeps\ntags:\n  - "du lịch"\n  - "văn hóa"\n'
                    f'author: "Hoàng Lan"\nsource: "Báo Lạng Sơn"\ntranslation_of: "tinh/news/tin@{revision}"\n---\n'
                    'Từ ngày 19 đến ngày 24/02/2025, lễ hội thu hút hàng vạn lượt du khách.\n')
    checked = check(repo.root)
    assert checked.returncode == 0 and "warning[" not in checked.stderr, checked.stderr
    repo.commit("Bản dịch", "2025-02-21T09:00:00+07:00")
    result = run_build(repo.root, tmp_path / "out", now=dt.datetime(2025, 4, 1, 12, tzinfo=VN_TZ))
    assert result.ok and result.diagnostics == [], [d.text() for d in result.diagnostics]
    page = (tmp_path / "out/english.langson.gov.vn/news/tin/index.html").read_text()
    assert "banner-stale" not in page
    assert 'Published: <time datetime="2025-02-21T09:00:00+07:00">' in page
    record = json.loads((tmp_path / "out/english.langson.gov.vn/news/tin/index.json").read_text())
    assert record["translation"] == {"of": "tinh/news/tin", "revision": revision, "stale": False}


def test_translate_refuses_what_it_cannot_do(repo):
    assert translate(repo.root).returncode == 0
    again = translate(repo.root)
    assert again.returncode == 2 and f"{TARGET} already exists" in again.stderr
    french = cli("translate", SOURCE, "--lang", "fr", "--root", str(repo.root))
    assert french.returncode == 2 and "site `tinh` has no such edition" in french.stderr and "en" in french.stderr
    vietnamese = cli("translate", SOURCE, "--lang", "vi", "--root", str(repo.root))
    assert vietnamese.returncode == 2
    of_translation = cli("translate", TARGET, "--lang", "en", "--root", str(repo.root))
    assert of_translation.returncode == 2 and "is a translation" in of_translation.stderr
    assert cli("translate", SOURCE, "--root", str(repo.root)).returncode == 2  # no --lang
    nowhere = cli("translate", "content/tinh/news/2025/khong-co.md", "--lang", "en", "--root", str(repo.root))
    assert nowhere.returncode == 2 and "no such item" in nowhere.stderr
    # a source with changes not committed: the revision would not name what was translated
    (repo.root / TARGET).unlink()
    repo.edit(SOURCE, "hàng vạn", "hàng chục nghìn")
    dirty = translate(repo.root)
    assert dirty.returncode == 2 and "not committed" in dirty.stderr and not (repo.root / TARGET).exists()


@pytest.mark.parametrize("existing", [False, True])
def test_translate_never_writes_through_a_link(repo, tmp_path, existing):
    """The translation's name a link to a file elsewhere, there or not yet: refused, exit 2, nothing written
    there (a link to nothing would have been created)."""
    outside = tmp_path / "elsewhere.md"
    if existing:
        outside.write_text("giữ nguyên\n", encoding="utf-8")
    (repo.root / TARGET).symlink_to(outside)
    out = translate(repo.root)
    assert out.returncode == 2
    assert out.stderr.startswith(f"{TARGET}:1:1: error[content.symlink]: is a symbolic link (to {outside}); "
                                 "nothing is written through it"), out.stderr
    assert (outside.read_text(encoding="utf-8") == "giữ nguyên\n") if existing else not outside.exists()


def test_translate_never_writes_through_a_linked_folder(repo, tmp_path):
    """The item's folder a link: its file is no item (content.symlink), and nothing is written there."""
    elsewhere = tmp_path / "elsewhere"
    (repo.root / "content/tinh/news/2025").rename(elsewhere)
    (repo.root / "content/tinh/news/2025").symlink_to(elsewhere)
    out = translate(repo.root)
    assert out.returncode == 2 and sorted(p.name for p in elsewhere.iterdir()) == ["tin.md"], out.stderr


def test_a_translation_behind_its_source_is_stale_in_check_and_on_its_page(repo, tmp_path):
    made_from = repo.head()
    assert translate(repo.root).returncode == 0
    repo.commit("Bản dịch", "2025-02-21T09:00:00+07:00")
    # the Vietnamese item changes on a branch, merged on 3 March: its translation is now behind
    repo.branch("sua-tin")
    repo.edit(SOURCE, 'change_note: "Bổ sung ảnh"', 'change_note: "Sửa số ngày lễ hội"')
    repo.edit(SOURCE, "Từ ngày 19", "Từ ngày 18")
    repo.commit("Sửa tin", "2025-03-02T16:00:00+07:00")
    repo.merge("sua-tin", "2025-03-03T08:00:00+07:00")
    out = check(repo.root)
    assert out.returncode == 0, out.stderr
    warnings = [line for line in out.stderr.splitlines() if "warning[" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{TARGET}:11:1: warning[translation.stale]: the Vietnamese source {SOURCE} "
                                  "changed after ")
    assert ("1 commit(s) on main, the last on 2025-03-03 08:00; major: «Sửa số ngày lễ hội»; update the "
            f"translation, then write `translation_of: \"tinh/news/tin@{repo.head()}\"`") in warnings[0]
    result = run_build(repo.root, tmp_path / "out", now=dt.datetime(2025, 4, 1, 12, tzinfo=VN_TZ))
    page = (tmp_path / "out/english.langson.gov.vn/news/tin/index.html").read_text()
    assert ('<p class="banner banner-stale" role="note">This translation was made from an earlier version of the '
            'Vietnamese text, which was last updated on <time datetime="2025-03-03">March 3, 2025</time>. '
            '<a href="https://langson.gov.vn/tin-tuc/tin/" hreflang="vi">Read the current Vietnamese version</a>'
            '</p>') in page
    vi_page = (tmp_path / "out/langson.gov.vn/tin-tuc/tin/index.html").read_text()
    assert "banner-stale" not in vi_page and "Sửa số ngày lễ hội" in vi_page  # its own history
    record = json.loads((tmp_path / "out/english.langson.gov.vn/news/tin/index.json").read_text())
    assert record["translation"]["stale"] is True
    if (shutil.which("java") is not None and JAR.is_file()) or os.environ.get("CI"):
        assert run_vnu([tmp_path / "out/english.langson.gov.vn/news/tin/index.html"]) == []
    # brought up to date: the translator records the source's new revision
    repo.edit(TARGET, f"@{made_from}", f"@{repo.head()}")
    out = check(repo.root)
    assert out.returncode == 0 and "warning[" not in out.stderr, out.stderr


def test_an_unknown_or_missing_revision_is_a_warning(repo):
    assert translate(repo.root).returncode == 0
    repo.edit(TARGET, f"@{repo.head()}", "@deadbeefdeadbeef")
    out = check(repo.root)
    assert out.returncode == 0
    assert (f"{TARGET}:11:1: warning[translation.stale]: revision deadbeefdeadbeef is no commit of main that "
            f"changed the source {SOURCE}") in out.stderr
    repo.edit(TARGET, "@deadbeefdeadbeef", "")
    out = check(repo.root)
    assert f"{TARGET}:11:1: warning[translation.stale]: `translation_of` records no revision" in out.stderr


def test_translation_fields_are_checked_on_every_item(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: {vi: "Sở Khoa học và Công nghệ"}\n',
        "content/tinh/news/2025/a.md": news("A", extra="translation_of: \"tinh/news/a@1234567\"\n"),
        "content/tinh/news/2025/b.md": news("B", extra="translate: [en, fr]\n"),
        "content/tinh/news/2025/b.en.md": news("B", extra="translation_of: \"tinh/news/a@1234567\"\n"),
        "content/tinh/news/2025/c.md": news("C"),
        "content/tinh/news/2025/c.en.md": news("C", extra="translation_of: \"c at 1234567\"\ntranslate: [en]\n"),
        "content/sokhcn/news/2025/d.md": news("D", extra="translate: [en]\nstatus: draft\n"),
    })
    result = run_build(tmp_path, check_only=True)
    assert codes(result) == [
        ("content/sokhcn/news/2025/d.md", 5, "translation.lang"),
        ("content/tinh/news/2025/a.md", 5, "translation.of"),
        ("content/tinh/news/2025/b.en.md", 5, "translation.of"),
        ("content/tinh/news/2025/b.md", 5, "translation.lang"),
        ("content/tinh/news/2025/c.en.md", 5, "translation.of"),
        ("content/tinh/news/2025/c.en.md", 6, "translation.lang"),
    ]
    text = {d.path: d.message for d in result.diagnostics if d.line == 5}
    assert "this file translates `tinh/news/b`" in text["content/tinh/news/2025/b.en.md"]
    assert "has no `fr` edition (it has en)" in text["content/tinh/news/2025/b.md"]
    assert "has no `en` edition (it has Vietnamese only)" in text["content/sokhcn/news/2025/d.md"]


def test_outside_git_translate_records_the_source_without_a_revision(tmp_path):
    write_repo(tmp_path, {SOURCE: VI})
    out = translate(tmp_path)
    assert out.returncode == 0 and out.stdout.strip() == TARGET
    assert "no revision recorded" in out.stderr
    assert 'translation_of: "tinh/news/tin"\n' in (tmp_path / TARGET).read_text(encoding="utf-8")
    checked = check(tmp_path)
    assert checked.returncode == 0 and "warning[" not in checked.stderr and checked.stderr.count("note:") == 1


def test_todo_is_printed_only_after_a_successful_check(repo):
    repo.write({"content/tinh/news/2025/hong.md": news("Hỏng", extra="sumary: \"x\"\n")})
    out = check(repo.root, "--todo")
    assert out.returncode == 1 and out.stdout == ""


def test_a_translation_is_first_published_no_earlier_than_its_source(tmp_path):
    """The index keeps a translation out until its source is public, so its page must not say it was
    published earlier: a source scheduled with `publish_at`, or merged as a draft and lifted later."""
    repo = GitRepo(tmp_path / "repo")
    scheduled, drafted = "content/tinh/news/2025/hen-gio.md", "content/tinh/news/2025/du-thao.md"
    repo.commit("both, with translations", "2025-03-04T09:30:00+07:00", {
        scheduled: news("Hẹn giờ", extra="publish_at: 2025-03-10T07:00\n"),
        scheduled.replace(".md", ".en.md"): news("Scheduled"),
        drafted: news("Dự thảo", extra="status: draft\n"),
        drafted.replace(".md", ".en.md"): news("Draft")})
    repo.edit(drafted.replace(".md", ".en.md"), "Nội dung.", "Content.")  # before the source is public: no update
    repo.commit("translation edited", "2025-03-05T09:00:00+07:00")
    repo.edit(drafted, "status: draft\n", "")
    repo.commit("publish the draft", "2025-03-08T15:00:00+07:00")
    repo.edit(drafted.replace(".md", ".en.md"), "Content.", "Content, revised.")  # after it: an update
    repo.commit("translation revised", "2025-03-09T10:00:00+07:00")
    assert run_build(repo.root, tmp_path / "out", now=dt.datetime(2025, 4, 1, 12, tzinfo=VN_TZ)).ok
    english = tmp_path / "out/english.langson.gov.vn/news"
    page = (english / "hen-gio/index.html").read_text()
    assert 'Published: <time datetime="2025-03-10T07:00:00+07:00">' in page and "Last updated" not in page
    assert json.loads((english / "hen-gio/index.json").read_text())["published"]["first"] == "2025-03-10T07:00:00+07:00"
    page = (english / "du-thao/index.html").read_text()
    assert 'Published: <time datetime="2025-03-08T15:00:00+07:00">' in page
    assert 'Last updated: <time datetime="2025-03-09T10:00:00+07:00">' in page
    record = json.loads((english / "du-thao/index.json").read_text())["published"]
    assert record["first"] == "2025-03-08T15:00:00+07:00" and record["updated"] == "2025-03-09T10:00:00+07:00"
    # the Vietnamese pages say the same moments
    assert 'Ngày đăng: <time datetime="2025-03-10T07:00:00+07:00">' in (
        tmp_path / "out/langson.gov.vn/tin-tuc/hen-gio/index.html").read_text()


def test_todo_lists_drafts_and_scheduled_items_but_not_withdrawn_or_removed_ones(repo):
    """A translation is made before publication: `check --todo` reads every loaded item."""
    wanted = "translate: [en]\n"
    repo.commit("more items", "2025-03-01T09:00:00+07:00", {
        "content/tinh/news/2025/du-thao.md": news("Dự thảo", extra=wanted + "status: draft\n"),
        "content/tinh/news/2025/hen-gio.md": news("Hẹn giờ", extra=wanted + "publish_at: 2025-05-01T07:00\n"),
        "content/tinh/news/2025/het-hieu-luc.md": news("Hết hiệu lực", extra=wanted + "status: withdrawn\n"),
        "content/tinh/news/2025/go-bo.md": news("Gỡ bỏ", extra=wanted + "status: removed\n"),
        "content/tinh/news/2025/dang-dich.md": news("Đang dịch", extra=wanted),
        "content/tinh/news/2025/dang-dich.en.md": news("Translating", extra="status: draft\n"),
        "content/tinh/news/2025/da-dich.md": news("Đã dịch", extra=wanted + "publish_at: 2025-05-01T07:00\n"),
        "content/tinh/news/2025/da-dich.en.md": news("Translated")})
    out = check(repo.root, "--todo")
    assert out.returncode == 0, out.stderr
    listed = {line.split(":")[0]: line for line in out.stdout.splitlines()}
    assert sorted(listed) == ["content/tinh/news/2025/dang-dich.md", "content/tinh/news/2025/du-thao.md",
                              "content/tinh/news/2025/hen-gio.md", SOURCE]
    assert "no English translation is published" in listed["content/tinh/news/2025/hen-gio.md"]
    assert ("its English translation content/tinh/news/2025/dang-dich.en.md is a draft"
            in listed["content/tinh/news/2025/dang-dich.md"])
    assert "To do: 4 translation(s)" in out.stderr


def test_todo_with_json_is_one_document_and_with_github_notices(repo):
    """`--format json` prints one JSON document on stdout, whatever else there is to say."""
    repo.commit("a stale translation", "2025-03-01T09:00:00+07:00", {
        "content/tinh/news/2025/khac.md": news("Khác"),
        "content/tinh/news/2025/khac.en.md": news("Other", extra='translation_of: "tinh/news/khac@deadbeef"\n')})
    out = check(repo.root, "--todo", "--format", "json")
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)  # one document: json.loads refuses two
    assert sorted(document) == ["diagnostics", "todo"]
    assert [d["code"] for d in document["diagnostics"]] == ["translation.stale"]
    assert [(d["path"], d["severity"], d["code"]) for d in document["todo"]] == [
        (SOURCE, "todo", "translation.missing")]
    github = check(repo.root, "--todo", "--format", "github")
    assert github.returncode == 0
    lines = github.stdout.splitlines()
    assert [line.split(" ")[0] for line in lines] == ["::warning", "::notice"]
    assert lines[1].startswith(f"::notice file={SOURCE},line=9,col=1,title=translation.missing::marked")
    # a failed check: the diagnostics, and no list of work
    repo.write({"content/tinh/news/2025/hong.md": news("Hỏng", extra="sumary: \"x\"\n")})
    failed = check(repo.root, "--todo", "--format", "json")
    assert failed.returncode == 1
    document = json.loads(failed.stdout)
    assert "field.unknown" in [d["code"] for d in document["diagnostics"]] and document["todo"] is None
    # without --todo the shape stays a plain list
    assert isinstance(json.loads(check(repo.root, "--format", "json").stdout), list)


def test_translate_refuses_a_shallow_clone(repo, tmp_path):
    """The boundary commit of a shallow clone looks like the source's last change, and is not."""
    repo.edit(SOURCE, "hàng vạn", "hàng chục nghìn")
    repo.commit("Sửa tin", "2025-02-22T09:00:00+07:00")
    shallow = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow))
    out = cli("translate", SOURCE, "--lang", "en", "--root", str(shallow))
    assert out.returncode == 2 and "shallow clone" in out.stderr and "git fetch --unshallow" in out.stderr
    assert not (shallow / TARGET).exists()


def test_translate_starts_from_the_text_main_has(repo, tmp_path):
    """000/001 Đ8.3: translation starts from approved, published articles. A source changed on the
    pull request's branch would record a branch commit, unknown to main forever after."""
    published = repo.head()
    repo.branch("sua-tin")
    repo.edit(SOURCE, "hàng vạn", "hàng chục nghìn")
    repo.commit("Sửa tin", "2025-02-22T09:00:00+07:00")
    out = translate(repo.root)
    assert out.returncode == 2 and "is not as main has it" in out.stderr
    assert "merge the source's change first" in out.stderr and not (repo.root / TARGET).exists()
    # a new item on a branch is not published either
    repo.commit("Tin mới", "2025-02-22T10:00:00+07:00", {"content/tinh/news/2025/moi.md": news("Mới")})
    new = cli("translate", "content/tinh/news/2025/moi.md", "--lang", "en", "--root", str(repo.root))
    assert new.returncode == 2 and "merge the source's change first" in new.stderr
    # a branch that leaves the source as main has it records main's revision
    repo.switch("main")
    repo.branch("ban-dich")
    repo.commit("Việc khác", "2025-02-23T09:00:00+07:00", {"content/tinh/news/2025/khac.md": news("Khác")})
    assert translate(repo.root).returncode == 0
    assert f'translation_of: "tinh/news/tin@{published}"' in (repo.root / TARGET).read_text(encoding="utf-8")
    (repo.root / TARGET).unlink()
    # once merged, main's merge commit is the revision
    merged = repo.merge("sua-tin", "2025-02-24T08:00:00+07:00")
    assert translate(repo.root).returncode == 0
    assert f"@{merged}\"" in (repo.root / TARGET).read_text(encoding="utf-8")
    (repo.root / TARGET).unlink()
    # in a clone, main is the remote's default branch: a local commit not pushed is not published
    clone = tmp_path / "clone"
    repo.git("clone", "-q", f"file://{repo.root}", str(clone))
    cloned = GitRepo.existing(clone)
    cloned.edit(SOURCE, "hàng chục nghìn", "hàng chục nghìn lượt")
    cloned.commit("local", "2025-02-25T09:00:00+07:00")
    local = cli("translate", SOURCE, "--lang", "en", "--root", str(clone))
    assert local.returncode == 2 and "is not as origin/HEAD has it" in local.stderr
    # with neither origin/HEAD nor main, the current branch's line, as before
    repo.switch("sua-tin")
    repo.git("branch", "-m", "main", "trunk")
    branch_commit = repo.git("log", "-1", "--format=%H", "--", SOURCE)
    assert translate(repo.root).returncode == 0
    assert f"@{branch_commit}\"" in (repo.root / TARGET).read_text(encoding="utf-8")
