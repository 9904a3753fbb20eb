"""Publication facts from a real git history: Ngày đăng, Cập nhật lần cuối, Lịch sử cập nhật.

The repository is made with real git: direct commits to main, feature branches merged with
`--no-ff` (a pull request merged by the git host), minor edits and major ones (`change_note`),
each at a fixed moment, so the dates on the pages are known to the minute.
"""
from __future__ import annotations

import datetime as dt
import filecmp
import json
import os
import shutil
import subprocess

import pytest
from gitkit import GitRepo, cli, counting_git, git_calls, git_env
from sitekit import news, run_build, write_repo

from generator.build.gitfacts import item_key, parse_log, read_git_facts
from generator.checks.htmlcheck import JAR, run_vnu
from generator.core.clock import VN_TZ

NOW = dt.datetime(2025, 4, 1, 12, 0, tzinfo=VN_TZ)
A = "content/tinh/news/2025/tin-a.md"
B = "content/tinh/news/2025/tin-b.md"


def history(repo: GitRepo) -> dict[str, str]:
    """The story of four items, told in commits; returns the hashes that matter."""
    made = {}
    # 1. A is pushed to main directly on 1 March.
    made["a"] = repo.commit("Tin A", "2025-03-01T09:00:00+07:00",
                            {A: news("Tin A", date="2025-02-28T16:00", body="Bản đầu.")})
    # 2. B is written on a branch over two days, then merged (the pull request is approved) on 3 March.
    repo.branch("tin-b")
    repo.commit("Tin B", "2025-03-02T10:00:00+07:00", {B: news("Tin B", date="2025-03-02T10:00")})
    repo.commit("Tin B: sửa lỗi chính tả", "2025-03-02T11:00:00+07:00",
                {B: news("Tin B", date="2025-03-02T10:00", body="Nội dung đã sửa.")})
    repo.commit("Tin B: bản tiếng Anh", "2025-03-02T11:30:00+07:00",
                {B.replace(".md", ".en.md"): news("News B", date="2025-03-02T10:00")})
    made["b"] = repo.merge("tin-b", "2025-03-03T08:00:00+07:00")
    # 3. A minor edit of A, pushed directly: it is updated, with no entry in its history.
    repo.edit(A, "Bản đầu.", "Bản đầu, sửa dấu câu.")
    repo.commit("Tin A: dấu câu", "2025-03-04T09:00:00+07:00")
    # 4. A major edit of A on a branch, merged on 6 March.
    repo.branch("sua-a")
    repo.edit(A, "date:", 'change_note: "Bổ sung số liệu quý I"\ndate:')
    repo.commit("Tin A: số liệu", "2025-03-05T10:00:00+07:00")
    made["major1"] = repo.merge("sua-a", "2025-03-06T14:00:00+07:00")
    # 5. Another major edit, pushed directly; the note is quoted YAML with an escape and a colon.
    repo.edit(A, 'change_note: "Bổ sung số liệu quý I"',
              'change_note: "Sửa tên đơn vị: \\"Sở KH&CN\\" thành Sở Khoa học và Công nghệ"')
    made["major2"] = repo.commit("Tin A: tên đơn vị", "2025-03-07T15:30:00+07:00")
    # 6. A minor edit that leaves the note as it was: minor, but the latest update.
    repo.edit(A, "Bản đầu, sửa dấu câu.", "Bản đầu, sửa dấu câu. Thêm ảnh.")
    repo.commit("Tin A: ảnh", "2025-03-08T08:15:00+07:00")
    # 7. C is merged on 4 March but scheduled for 10 March.
    repo.branch("tin-c")
    repo.commit("Tin C", "2025-03-04T09:30:00+07:00",
                {"content/tinh/news/2025/tin-c.md": news("Tin C", date="2025-03-04T09:00",
                                                         extra="publish_at: 2025-03-10T07:00\n")})
    repo.merge("tin-c", "2025-03-04T10:00:00+07:00")
    # 8. D exists only in the working tree: nothing of it has reached main.
    write_repo(repo.root, {"content/tinh/news/2025/tin-d.md": news("Tin D", date="2025-03-20T08:00")})
    return made


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("gitfacts")
    repo = GitRepo(base / "repo")
    made = history(repo)
    result = run_build(repo.root, base / "out", now=NOW)
    assert result.ok and not result.diagnostics, [d.text() for d in result.diagnostics]
    assert result.notes == []
    return base, repo, made


def page(base, rel: str) -> str:
    return (base / "out" / rel).read_text(encoding="utf-8")


def record(base, rel: str) -> dict:
    return json.loads(page(base, rel))


def test_first_published_is_when_it_reached_main_and_history_lists_major_changes(site):
    base, _, made = site
    html = page(base, "langson.gov.vn/tin-tuc/tin-a/index.html")
    assert ('<span>Ngày đăng: <time datetime="2025-03-01T09:00:00+07:00">09:00, 01 tháng 3 năm 2025</time>'
            '</span>') in html
    assert ('<span>Cập nhật lần cuối: <time datetime="2025-03-08T08:15:00+07:00">'
            '08:15, ngày 08 tháng 3 năm 2025</time></span>') in html
    # newest first: the direct push of 7 March, then the merge of 6 March (not the branch commit of 5 March)
    second = ('<li><time datetime="2025-03-07T15:30:00+07:00">15:30, ngày 07 tháng 3 năm 2025</time>: '
              'Sửa tên đơn vị: &#34;Sở KH&amp;CN&#34; thành Sở Khoa học và Công nghệ</li>')
    first = ('<li><time datetime="2025-03-06T14:00:00+07:00">14:00, ngày 06 tháng 3 năm 2025</time>: '
             'Bổ sung số liệu quý I</li>')
    assert '<h2 id="update-history">Lịch sử cập nhật</h2>' in html
    assert second in html and first in html and html.index(second) < html.index(first)
    assert html.count("<li><time") == 2  # the minor edits of 4 and 8 March are no entries
    # one Ngày đăng only: the front matter's `date` (28 February) is the listing's date, not the page's
    assert html.count("Ngày đăng") == 1 and "28 tháng 02" not in html
    assert "ngày 28 tháng 02 năm 2025" in page(base, "langson.gov.vn/tin-tuc/index.html")
    assert record(base, "langson.gov.vn/tin-tuc/tin-a/index.json")["published"] == {
        "first": "2025-03-01T09:00:00+07:00", "updated": "2025-03-08T08:15:00+07:00", "from": "git",
        "changes": [
            {"at": "2025-03-07T15:30:00+07:00", "commit": made["major2"],
             "note": 'Sửa tên đơn vị: "Sở KH&CN" thành Sở Khoa học và Công nghệ'},
            {"at": "2025-03-06T14:00:00+07:00", "commit": made["major1"], "note": "Bổ sung số liệu quý I"}]}


def test_feeds_and_sitemaps_carry_the_same_dates_for_machines(site):
    base, _, _ = site
    feed = page(base, "langson.gov.vn/feed.xml")
    entry = feed[feed.index("<id>https://langson.gov.vn/tin-tuc/tin-a/</id>"):].split("</entry>")[0]
    assert "<published>2025-03-01T09:00:00+07:00</published>" in entry
    assert "<updated>2025-03-08T08:15:00+07:00</updated>" in entry
    head = feed.split("<entry>")[0]
    # the newest change of any entry: D, not committed yet, counts from its front-matter date
    assert "<updated>2025-03-20T08:00:00+07:00</updated>" in head
    sitemap = page(base, "langson.gov.vn/sitemap.xml")
    assert ("<url><loc>https://langson.gov.vn/tin-tuc/tin-a/</loc><lastmod>2025-03-08T08:15:00+07:00</lastmod>"
            "</url>") in sitemap
    assert "<url><loc>https://langson.gov.vn/tin-tuc/tin-b/</loc><lastmod>2025-03-03T08:00:00+07:00</lastmod>" in sitemap


def test_a_branch_counts_from_its_merge_and_its_commits_are_no_updates(site):
    base, _, _ = site
    html = page(base, "langson.gov.vn/tin-tuc/tin-b/index.html")
    assert 'Ngày đăng: <time datetime="2025-03-03T08:00:00+07:00">08:00, 03 tháng 3 năm 2025</time>' in html
    assert "Cập nhật lần cuối" not in html and "Lịch sử cập nhật" not in html
    english = page(base, "english.langson.gov.vn/news/tin-b/index.html")
    assert 'Published: <time datetime="2025-03-03T08:00:00+07:00">March 3, 2025, 08:00</time>' in english
    assert "Last updated" not in english and "Update history" not in english
    assert record(base, "english.langson.gov.vn/news/tin-b/index.json")["published"] == {
        "first": "2025-03-03T08:00:00+07:00", "updated": None, "changes": [], "from": "git"}


def test_a_scheduled_item_is_first_published_at_its_publish_at(site):
    base, _, _ = site
    html = page(base, "langson.gov.vn/tin-tuc/tin-c/index.html")
    assert 'Ngày đăng: <time datetime="2025-03-10T07:00:00+07:00">07:00, 10 tháng 3 năm 2025</time>' in html
    assert "Cập nhật lần cuối" not in html  # merged before it was published: no update


def test_an_item_not_committed_yet_shows_its_front_matter_date(site):
    base, _, _ = site
    html = page(base, "langson.gov.vn/tin-tuc/tin-d/index.html")
    assert 'Ngày đăng: <time datetime="2025-03-20T08:00:00+07:00">08:00, 20 tháng 3 năm 2025</time>' in html
    assert record(base, "langson.gov.vn/tin-tuc/tin-d/index.json")["published"]["from"] == "front matter"


def test_pages_with_history_are_valid_html(site):
    if (shutil.which("java") is None or not JAR.is_file()) and not os.environ.get("CI"):
        pytest.skip("needs Java and vnu-jar: `npm ci --ignore-scripts`; CI installs both and never skips")
    base, _, _ = site
    pages = [base / "out" / rel for rel in ("langson.gov.vn/tin-tuc/tin-a/index.html",
                                             "english.langson.gov.vn/news/tin-b/index.html")]
    assert run_vnu(pages) == []


def subcommand(call: str) -> str:
    """`-C ROOT -c key=value log --first-parent …` → `log`."""
    words = call.split()
    while words and words[0] in ("-C", "-c", "--no-replace-objects"):
        words = words[1:] if words[0] == "--no-replace-objects" else words[2:]
    return words[0] if words else ""


def test_the_whole_log_is_read_by_one_git_process_and_cached_per_head(site, tmp_path, monkeypatch):
    _, repo, _ = site
    shim = counting_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    assert run_build(repo.root, tmp_path / "out", now=NOW, jobs=2).ok
    # one look at HEAD, one `git log` for the five items and their translations: no process per file
    assert [subcommand(c) for c in git_calls(shim)] == ["rev-parse", "log"]
    # with a cache folder the build first looks at HEAD for the stamp of its inputs (memo.input_stamp);
    # the second build at the same HEAD, with nothing changed, reads no log at all
    from generator.pipeline import BuildOptions, build
    for _ in range(2):
        assert build(BuildOptions(root=repo.root, out=tmp_path / "cached", now=NOW,
                                  cache_dir=tmp_path / "cache")).ok
    assert [subcommand(c) for c in git_calls(shim)][2:] == ["rev-parse", "rev-parse", "log", "rev-parse"]
    assert filecmp.cmp(tmp_path / "out/langson.gov.vn/tin-tuc/tin-a/index.html",
                       tmp_path / "cached/langson.gov.vn/tin-tuc/tin-a/index.html", shallow=False)
    # and after a change to an item (not committed), the facts of that HEAD come from the cache
    item = next((repo.root / "content").rglob("*.md"))
    item.write_text(item.read_text(encoding="utf-8") + "\nMột câu nữa.\n", encoding="utf-8")
    assert build(BuildOptions(root=repo.root, out=tmp_path / "cached", now=NOW, cache_dir=tmp_path / "cache")).ok
    assert [subcommand(c) for c in git_calls(shim)][6:] == ["rev-parse", "rev-parse"]


def test_the_log_runs_while_the_items_load_and_a_build_that_stops_early_leaves_no_git_behind(site, tmp_path,
                                                                                            monkeypatch):
    _, repo, _ = site
    shim = counting_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")
    import generator.pipeline as pipeline
    started_before_loading: list[list[str]] = []
    load_documents = pipeline.load_documents

    def loading(*args, **kwargs):
        started_before_loading.append([subcommand(c) for c in git_calls(shim)])
        return load_documents(*args, **kwargs)
    monkeypatch.setattr(pipeline, "load_documents", loading)
    assert run_build(repo.root, tmp_path / "out", now=NOW, jobs=2).ok
    assert started_before_loading == [["rev-parse", "log"]]
    html = (tmp_path / "out/langson.gov.vn/tin-tuc/tin-a/index.html").read_text(encoding="utf-8")
    assert 'Ngày đăng: <time datetime="2025-03-01T09:00:00+07:00">' in html  # the log's facts, not the front matter's
    # a reading left unread (the build stopped before the facts: a broken site file) stops its git
    from generator.build.gitfacts import begin_git_facts
    with begin_git_facts(repo.root) as reading:
        running = reading._log._process
    assert running.returncode is not None and reading._log is None
    broken = tmp_path / "broken"
    shutil.copytree(repo.root, broken)
    (broken / "sites/tinh.yaml").write_text("title: [\n", encoding="utf-8")
    result = run_build(broken, tmp_path / "out2", now=NOW)
    assert not result.ok and any(d.path.startswith("sites/tinh.yaml") for d in result.diagnostics)


def test_serial_and_parallel_builds_with_git_facts_are_byte_identical(site, tmp_path):
    _, repo, _ = site
    assert run_build(repo.root, tmp_path / "serial", now=NOW, jobs=1).ok
    assert run_build(repo.root, tmp_path / "parallel", now=NOW, jobs=2).ok
    serial = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*") if p.is_file())
    parallel = sorted(p.relative_to(tmp_path / "parallel") for p in (tmp_path / "parallel").rglob("*") if p.is_file())
    assert serial == parallel
    _, mismatch, errors = filecmp.cmpfiles(tmp_path / "serial", tmp_path / "parallel", serial, shallow=False)
    assert mismatch == [] and errors == []


def test_a_shallow_clone_falls_back_and_says_so_once(site, tmp_path):
    _, repo, _ = site
    shallow = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(shallow))
    facts, why = read_git_facts(shallow)
    assert facts is None and "shallow clone" in why
    result = run_build(shallow, tmp_path / "out", now=NOW)
    assert result.ok and not result.diagnostics
    assert len(result.notes) == 1 and "shallow clone" in result.notes[0]
    html = (tmp_path / "out/langson.gov.vn/tin-tuc/tin-a/index.html").read_text()
    assert 'Ngày đăng: <time datetime="2025-02-28T16:00:00+07:00">' in html
    assert "Cập nhật lần cuối" not in html and "Lịch sử cập nhật" not in html
    out = cli("check", "--root", str(shallow), "--no-cache", "--now", "2025-04-01T12:00")
    assert out.returncode == 0 and out.stderr.count("note:") == 1 and "fetch-depth: 0" in out.stderr


def test_outside_git_the_build_says_so_once_and_keeps_front_matter_dates(tmp_path):
    write_repo(tmp_path, {f"content/tinh/news/2025/tin-{n}.md": news(f"Tin {n}", date="2025-02-05") for n in range(3)})
    out = cli("build", "--root", str(tmp_path), "--no-cache")
    assert out.returncode == 0, out.stderr
    notes = [line for line in out.stderr.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "front matter" in notes[0] and "not a git repository" in notes[0]
    assert out.stderr.strip().splitlines()[-1].startswith("Built 1 sites")
    html = (tmp_path / "public/langson.gov.vn/tin-tuc/tin-0/index.html").read_text()
    assert 'Ngày đăng: <time datetime="2025-02-05T00:00:00+07:00">05 tháng 02 năm 2025</time>' in html


def test_a_directive_shows_its_issue_date_apart_from_its_posting_date(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    directive = ('---\ntitle: "Công điện về phòng chống rét"\ndate: 2025-02-27\n'
                 'summary: "Chủ động phòng chống rét."\n---\nX\n')
    repo.commit("Chỉ đạo", "2025-03-03T08:00:00+07:00", {"content/tinh/directive/2025/cd.md": directive})
    assert run_build(repo.root, tmp_path / "out", now=NOW).ok
    html = (tmp_path / "out/langson.gov.vn/chi-dao-dieu-hanh/cd/index.html").read_text()
    assert 'Ngày đăng: <time datetime="2025-03-03T08:00:00+07:00">' in html
    assert 'Ngày ban hành: <time datetime="2025-02-27T00:00:00+07:00">ngày 27 tháng 02 năm 2025</time>' in html


def test_log_parsing_keeps_items_across_year_folders_and_reads_block_notes():
    text = ("\x1e" + "b" * 40 + "\x002025-03-02T10:00:00+07:00\n\n"
            ":100644 000000 1 0 D\tcontent/tinh/news/2024/x.md\n"
            ":000000 100644 0 2 A\tcontent/tinh/news/2025/x.md\n"
            ":100644 100644 3 4 M\tcontent/tinh/page/gioi-thieu.md\n\n"
            "diff --git a/content/tinh/news/2025/x.md b/content/tinh/news/2025/x.md\n"
            "new file mode 100644\n--- /dev/null\n+++ b/content/tinh/news/2025/x.md\n"
            "@@ -0,0 +1,8 @@\n+---\n+title: X\n+change_note: >-\n+  Chuyển sang năm 2025\n+  và sửa tiêu đề\n"
            "+date: 2025-01-01\n+---\n+Nội dung.\n"
            "\x1e" + "a" * 40 + "\x002025-03-01T09:00:00+07:00\n\n"
            ":000000 100644 0 1 A\tcontent/tinh/news/2024/x.md\n")
    touches = parse_log(text)
    assert set(touches) == {"content/tinh/news/x.md", "content/tinh/page/gioi-thieu.md"}
    moved = touches[item_key("content/tinh/news/2025/x.md")]
    assert [t.commit[0] for t in moved] == ["b", "a"]
    assert moved[0].note == "Chuyển sang năm 2025 và sửa tiêu đề" and moved[1].note == ""
    assert touches["content/tinh/page/gioi-thieu.md"][0].note == ""


def test_imported_content_keeps_its_front_matter_date_and_later_changes_come_from_git(tmp_path):
    """A province moving its archive into git: the import commit is not the day of publication."""
    import dataclasses
    import datetime as dt

    from generator.build.gitfacts import GitFacts, Touch, publication
    from generator.core.clock import VN_TZ

    import_day = dt.datetime(2026, 11, 25, 9, 0, tzinfo=VN_TZ)
    later = dt.datetime(2026, 12, 3, 10, 0, tzinfo=VN_TZ)
    path = "content/tinh/news/2024/cu.md"
    facts = GitFacts("h", {"content/tinh/news/cu.md": (Touch("b", later, "Sửa số liệu"), Touch("a", import_day))})
    values = {"date": dt.datetime(2024, 5, 2, 8, 0, tzinfo=VN_TZ)}
    plain = publication(path, values, facts)
    assert plain.first == import_day  # without the setting: the import commit
    cut = dataclasses.replace(facts, imported_before=dt.datetime(2026, 11, 26, tzinfo=VN_TZ))
    pub = publication(path, values, cut)
    assert pub.first == values["date"] and pub.updated == later
    assert [t.note for t in pub.changes] == ["Sửa số liệu"] and pub.from_git
    untouched = GitFacts("h", {"content/tinh/news/cu.md": (Touch("a", import_day),)},
                         imported_before=dt.datetime(2026, 11, 26, tzinfo=VN_TZ))
    assert publication(path, values, untouched) == type(pub)(values["date"])


def test_an_item_merged_as_a_draft_is_first_published_when_its_status_changes(tmp_path):
    """`status: draft` on main is never built; the commit that lifts it is the publication."""
    repo = GitRepo(tmp_path / "repo")
    item = "content/tinh/news/2025/du-thao.md"
    repo.commit("draft", "2025-04-01T09:00:00+07:00",
                {item: news("Dự thảo", extra='status: draft\nchange_note: "Bản đầu"\n')})
    repo.edit(item, "status: draft\n", "")
    repo.commit("publish", "2025-04-03T10:00:00+07:00")
    repo.edit(item, "Nội dung.", "Nội dung mới.")
    repo.edit(item, 'change_note: "Bản đầu"', 'change_note: "Sửa nội dung"')
    repo.commit("major", "2025-04-05T11:00:00+07:00")
    assert run_build(repo.root).ok
    html = (repo.root / "public/langson.gov.vn/tin-tuc/du-thao/index.html").read_text(encoding="utf-8")
    assert 'Ngày đăng: <time datetime="2025-04-03T10:00:00+07:00">' in html
    assert html.count("<li><time") == 1 and "Sửa nội dung" in html and "Bản đầu" not in html


def notes_and_states(root, path: str) -> list[tuple[str, str, str | None]]:
    """(commit time, note, status set) of each touch of one item, newest first, as the build reads them."""
    facts, why = read_git_facts(root)
    assert facts is not None, why
    return [(t.time.strftime("%m-%d %H:%M"), t.note, t.status) for t in facts.of(path)]


def test_change_note_and_status_lines_of_the_body_are_text(tmp_path):
    """Only keys of the front matter count: a body line starting `change_note:` or `status:` (an
    article explaining the format, a quoted decision) is no major change and no draft."""
    repo = GitRepo(tmp_path / "repo")
    item = "content/tinh/news/2025/huong-dan.md"
    repo.commit("hướng dẫn", "2025-03-01T09:00:00+07:00", {item: news("Hướng dẫn", body="Nội dung.")})
    repo.edit(item, "Nội dung.",
              "Nội dung.\n\nchange_note: là trường ghi chú thay đổi\n\nstatus: draft là bản nháp")
    repo.commit("thêm giải thích", "2025-03-02T09:00:00+07:00")
    # a real major change after it is still one, and the body lines may change with it
    repo.edit(item, "date:", 'change_note: "Bổ sung ví dụ"\ndate:')
    repo.edit(item, "status: draft là bản nháp", "status: published là đã đăng")
    repo.commit("ví dụ", "2025-03-03T09:00:00+07:00")
    # the body's lines removed: still nothing of the front matter changed
    repo.edit(item, "\n\nchange_note: là trường ghi chú thay đổi\n\nstatus: published là đã đăng", "")
    repo.commit("bỏ giải thích", "2025-03-04T09:00:00+07:00")
    assert notes_and_states(repo.root, item) == [
        ("03-04 09:00", "", None), ("03-03 09:00", "Bổ sung ví dụ", None), ("03-02 09:00", "", None),
        ("03-01 09:00", "", "published")]
    assert run_build(repo.root, tmp_path / "out", now=NOW).ok
    html = (tmp_path / "out/langson.gov.vn/tin-tuc/huong-dan/index.html").read_text(encoding="utf-8")
    assert 'Ngày đăng: <time datetime="2025-03-01T09:00:00+07:00">' in html  # not lifted from a "draft" on 2 March
    assert html.count("<li><time") == 1 and "Bổ sung ví dụ" in html and "ghi chú thay đổi</li>" not in html


def test_moving_reordering_and_normalising_keep_the_note_and_add_no_change(tmp_path):
    """With --no-renames a move is a deletion and an addition: the note on both sides is the same,
    so it is no new major change; neither is a note moved to another line, requoted or made NFC."""
    import unicodedata
    repo = GitRepo(tmp_path / "repo")
    old, new = "content/tinh/news/2024/so-lieu.md", "content/tinh/news/2025/so-lieu.md"
    note = "Sửa số liệu quý I"
    repo.commit("tin", "2025-03-01T09:00:00+07:00", {old: news("Số liệu")})
    repo.edit(old, "date:", f'change_note: "{unicodedata.normalize("NFD", note)}"\ndate:')
    repo.commit("major, typed in NFD", "2025-03-02T09:00:00+07:00")
    out = cli("fix", "--nfc", "--root", str(repo.root))
    assert out.returncode == 0 and "normalised content/tinh/news/2024/so-lieu.md" in out.stdout
    repo.commit("fix --nfc", "2025-03-03T09:00:00+07:00")
    (repo.root / "content/tinh/news/2025").mkdir(parents=True)
    repo.git("mv", old, new)
    repo.commit("chuyển sang năm 2025", "2025-03-04T09:00:00+07:00")
    repo.edit(new, f'change_note: "{note}"\n', "")
    repo.edit(new, 'summary: "Tóm tắt."\n', f"summary: \"Tóm tắt.\"\nchange_note: '{note}'\n")
    repo.commit("sắp xếp lại khóa, đổi dấu nháy", "2025-03-05T09:00:00+07:00")
    # a move that changes the note is a major change
    repo.git("mv", new, old)
    repo.edit(old, f"change_note: '{note}'", 'change_note: "Chuyển về năm 2024"')
    repo.commit("chuyển về, ghi chú mới", "2025-03-06T09:00:00+07:00")
    assert notes_and_states(repo.root, old) == [
        ("03-06 09:00", "Chuyển về năm 2024", None), ("03-05 09:00", "", None), ("03-04 09:00", "", None),
        ("03-03 09:00", "", None), ("03-02 09:00", note, None), ("03-01 09:00", "", "published")]
    assert run_build(repo.root, tmp_path / "out", now=NOW).ok
    html = (tmp_path / "out/langson.gov.vn/tin-tuc/so-lieu/index.html").read_text(encoding="utf-8")
    assert html.count("<li><time") == 2 and html.count(note) == 1 and "Chuyển về năm 2024" in html


def test_a_draft_moved_to_another_year_stays_a_draft_until_lifted(tmp_path):
    """The status of the deleted file and of the added one are compared too: a move is no publication."""
    repo = GitRepo(tmp_path / "repo")
    old, new = "content/tinh/news/2024/du-thao.md", "content/tinh/news/2025/du-thao.md"
    repo.commit("draft", "2025-03-01T09:00:00+07:00", {old: news("Dự thảo", extra="status: draft\n")})
    (repo.root / "content/tinh/news/2025").mkdir(parents=True)
    repo.git("mv", old, new)
    repo.commit("move", "2025-03-02T09:00:00+07:00")
    repo.edit(new, "status: draft\n", "")
    repo.commit("publish", "2025-03-03T09:00:00+07:00")
    assert notes_and_states(repo.root, new) == [
        ("03-03 09:00", "", "published"), ("03-02 09:00", "", None), ("03-01 09:00", "", "draft")]
    assert run_build(repo.root, tmp_path / "out", now=NOW).ok
    html = (tmp_path / "out/langson.gov.vn/tin-tuc/du-thao/index.html").read_text(encoding="utf-8")
    assert 'Ngày đăng: <time datetime="2025-03-03T09:00:00+07:00">' in html


def test_a_new_head_on_the_same_main_logs_only_the_commits_since_and_gives_the_whole_logs_facts(
        tmp_path, monkeypatch):
    """The hourly publication finds main a few commits on: those are logged, not the whole history,
    and the facts are the ones a whole log gives; a branch switched or history rewritten is read whole."""
    repo, cache = GitRepo(tmp_path / "repo"), tmp_path / "cache"
    shim = counting_git(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{shim}{os.pathsep}{os.environ['PATH']}")

    def logs() -> list[str]:
        """The revisions of each `git log` since the last call."""
        calls = git_calls(shim)
        (shim / "calls").unlink(missing_ok=True)
        return [c.split(" -- ")[0].split()[-1] for c in calls if subcommand(c) == "log"]

    def same_as_whole() -> None:
        facts, why = read_git_facts(repo.root, cache)
        assert why == "" and facts.head == repo.head()
        whole, _ = read_git_facts(repo.root)  # no cache: the whole log
        assert facts == whole and facts.touches

    history(repo)  # merges, branches, notes, a draft
    same_as_whole()
    assert logs() == ["HEAD", "HEAD"]
    # main moves on: a major change merged from a branch, a minor one pushed directly, a new item
    head = repo.head()
    repo.branch("sua-b")
    repo.edit(B, "date:", 'change_note: "Thêm ảnh minh họa"\ndate:')
    repo.commit("Tin B: ảnh", "2025-03-09T10:00:00+07:00")
    repo.merge("sua-b", "2025-03-09T11:00:00+07:00")
    repo.edit(A, "Thêm ảnh.", "Thêm ảnh, sửa chú thích.")
    repo.commit("Tin A: chú thích", "2025-03-09T12:00:00+07:00",
                {"content/tinh/news/2025/tin-e.md": news("Tin E", date="2025-03-09T12:00")})
    same_as_whole()
    assert logs() == [f"{head}..{repo.head()}", "HEAD"]  # the commits since the cached HEAD, then the whole
    facts, _ = read_git_facts(repo.root, cache)
    assert [t.note for t in facts.of(B)][:1] == ["Thêm ảnh minh họa"]
    assert logs() == []  # the same HEAD: from the cache, no log
    # a commit that touches no item: nothing logged has touches, the facts are the same
    head = repo.head()
    repo.commit("README", "2025-03-10T08:00:00+07:00", {"README.md": "Cổng thông tin\n"})
    same_as_whole()
    assert logs() == [f"{head}..{repo.head()}", "HEAD"]
    head = repo.head()
    # a build on a branch, then main merges it: the branch's HEAD is not on main's first-parent chain
    repo.branch("tin-f")
    repo.commit("Tin F", "2025-03-11T09:00:00+07:00",
                {"content/tinh/news/2025/tin-f.md": news("Tin F", date="2025-03-11T09:00")})
    repo.commit("Tin F: sửa", "2025-03-11T10:00:00+07:00",
                {"content/tinh/news/2025/tin-f.md": news("Tin F", date="2025-03-11T09:00", body="Đã sửa.")})
    same_as_whole()
    assert logs() == [f"{head}..{repo.head()}", "HEAD"]  # the branch starts at the cached HEAD: on its chain
    branch_head = repo.head()
    repo.merge("tin-f", "2025-03-12T08:00:00+07:00")
    same_as_whole()  # the branch's two commits are one change of main, at the merge
    assert logs() == ["HEAD", "HEAD"] and branch_head != repo.head()
    assert len(read_git_facts(repo.root, cache)[0].of("content/tinh/news/2025/tin-f.md")) == 1
    # history rewritten (an amended commit): the cached HEAD is gone from the chain
    repo.git("commit", "-q", "--amend", "-m", "Merge branch 'tin-f' (sửa lời nhắn)", when="2025-03-12T09:00:00+07:00")
    same_as_whole()
    assert logs() == ["HEAD", "HEAD"]
    # main went back (reset): nothing since the cached HEAD, read whole
    repo.git("reset", "-q", "--hard", "HEAD~1")
    same_as_whole()
    assert logs() == ["HEAD", "HEAD"]


def test_a_damaged_or_forged_facts_cache_is_not_used(tmp_path):
    repo, cache = GitRepo(tmp_path / "repo"), tmp_path / "cache"
    history(repo)
    facts, _ = read_git_facts(repo.root, cache)
    (stored,) = cache.glob("gitfacts-*.json")
    data = json.loads(stored.read_text(encoding="utf-8"))
    assert data["head"] == repo.head() and data["touches"]
    key = next(iter(data["touches"]))
    forged = [
        "{not json",
        json.dumps({**data, "version": "0:0"}),
        json.dumps({**data, "touches": {key: [[10 ** 6, "", None]]}}),
        json.dumps({**data, "touches": {key: [[-1, "", None]]}}),
        json.dumps({**data, "head": f"--output={tmp_path / 'written'}"}),  # given to git: never an option
        json.dumps({**data, "head": data["head"][:12]}),
        json.dumps({**data, "touches": {key: [[0, ["not", "a note"], None]]}}),
        json.dumps({**data, "commits": [[1, "2025-03-01T09:00:00+07:00"]]}),
        json.dumps({**data, "commits": [["abc", "not a time"]]}),
        json.dumps({"~o": "os:system", "f": ["echo forged"]}),
    ]
    for text in forged:
        stored.write_text(text, encoding="utf-8")
        again, why = read_git_facts(repo.root, cache)
        assert why == "" and again == facts, text
    assert not (tmp_path / "written").exists()


def test_the_facts_are_the_history_as_committed_whatever_the_repositorys_settings(tmp_path):
    """Found by a fuzz of the incremental facts against whole logs: `*.md -diff` in .gitattributes (read
    from the working tree) hid every note of the past, a replaced commit (`git replace --graft`) changed
    the history under the same HEAD, and a log.showRoot or diff.suppressBlankEmpty setting changed what
    the log shows. The facts are read from the commits as they are, cached or not."""
    repo, cache = GitRepo(tmp_path / "repo"), tmp_path / "cache"
    history(repo)
    whole, _ = read_git_facts(repo.root)
    assert [t.note for t in whole.of(A) if t.note][:1] == ['Sửa tên đơn vị: "Sở KH&CN" thành Sở Khoa học và Công nghệ']
    assert read_git_facts(repo.root, cache)[0] == whole
    repo.write({".gitattributes": "*.md -diff\n"})
    repo.git("add", ".gitattributes")  # (only it: history() left an item in the working tree)
    repo.git("commit", "-q", "-m", "Thuộc tính", when="2025-03-09T08:00:00+07:00")
    for key, value in (("log.showRoot", "false"), ("diff.suppressBlankEmpty", "true"), ("core.bigFileThreshold", "10")):
        repo.git("config", key, value)
    facts, _ = read_git_facts(repo.root, cache)
    assert facts == read_git_facts(repo.root)[0]
    assert dict(facts.touches) == dict(whole.touches)  # a commit of no item: the items' facts as they were
    repo.git("replace", "--graft", repo.git("rev-parse", "HEAD~1"))  # the history before it out of the walk
    assert read_git_facts(repo.root)[0] == read_git_facts(repo.root, cache)[0] == facts


def test_what_a_commit_or_an_item_holds_never_stops_the_facts(tmp_path):
    """Found by the same fuzz: a record separator (U+001E) in an item's text, a note git gives with a lone
    surrogate, a note nested a thousand levels deep and a commit whose time zone Python has not (from an
    imported history) each made reading the facts raise, cached or not."""
    repo, cache = GitRepo(tmp_path / "repo"), tmp_path / "cache"
    tin = "content/tinh/news/2025/tin-a.md"
    repo.commit("Tin", "2025-03-01T09:00:00+07:00", {tin: news("Tin A", date="2025-03-01T08:00")})
    repo.commit("Đính chính", "2025-03-02T09:00:00+07:00",
                {tin: news("Tin A", date="2025-03-01T08:00", extra='change_note: "Đính chính"\n',
                           body="Nội dung\x1e dán từ Word.")})
    repo.commit("Sai", "2025-03-03T09:00:00+07:00",
                {tin: news("Tin A", date="2025-03-01T08:00", extra='change_note: "Sửa \\ud800 lỗi"\n')})
    repo.commit("Sâu", "2025-03-04T09:00:00+07:00",
                {tin: news("Tin A", date="2025-03-01T08:00", extra="status: " + "[" * 1000 + "]" * 1000 + "\n"
                           + "change_note: " + "[" * 1000 + "]" * 1000 + "\n")})
    repo.write({"content/tinh/news/2025/tin-b.md": news("Tin B", date="2025-03-05T08:00")})
    repo.git("add", "-A")
    tree = repo.git("write-tree")
    raw = (f"tree {tree}\nparent {repo.head()}\nauthor A <a@x> 1741100000 +9959\n"
           f"committer A <a@x> 1741100000 +9959\n\nNhập từ cổng cũ\n")
    imported = subprocess.run(["git", "-C", str(repo.root), "hash-object", "--literally", "-t", "commit", "-w",
                               "--stdin"], input=raw, capture_output=True, text=True, env=git_env()).stdout.strip()
    repo.git("update-ref", "HEAD", imported)
    facts, why = read_git_facts(repo.root, cache)
    assert why == "" and facts == read_git_facts(repo.root)[0] == read_git_facts(repo.root, cache)[0]
    notes = [t.note for t in facts.of(tin)]
    assert notes[-2:] == ["Đính chính", ""] and "Sửa \ud800 lỗi" in notes
    assert len(facts.of(tin)) == 4 and not list(cache.glob("*.tmp"))
    (imported_touch,) = facts.of("content/tinh/news/2025/tin-b.md")  # the same moment, in UTC
    assert imported_touch.time == dt.datetime(2025, 3, 4, 14, 53, 20, tzinfo=dt.timezone.utc)
    for cache_dir in (None, tmp_path / "build-cache"):
        result = run_build(repo.root, tmp_path / "out", now=NOW, cache_dir=cache_dir)
        assert [d.text() for d in result.diagnostics if d.code == "internal.error"] == []
