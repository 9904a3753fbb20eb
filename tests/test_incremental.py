"""Incremental builds (issue 13 point 3): a build with the cache renders again only the pages whose
reads changed, and its output is byte for byte a cold build's of the same content.

The example province is copied under git; each step changes it the way editors do (an edit, a new
item, a rename, a deletion, a takedown, a layout, an attachment, the next day), commits, builds with
the cache into one output and without any cache into a fresh one, and compares every file.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest
from gitkit import GitRepo
from sitekit import NOW, news

from generator import cli, pipeline
from generator.build import documents, kept_items, memo, output
from generator.build.discover import discover, walk_content
from generator.build.documents import Later, load_chunk
from generator.build.kept_items import (
    COLUMNS,
    PARTS_COLUMNS,
    KeptItemChanged,
    KeptItems,
    settings_key,
)
from generator.build.memo import DocumentMemo
from generator.core import cache
from generator.core.workers import worker_pool
from generator.model.config import load_config
from generator.pipeline import (
    BuildOptions,
    BuildResult,
    build,
    changed_sites,
    load_content,
    load_settings,
)

REPO = Path(__file__).resolve().parents[1]
NEWS = "content/sokhcn/news/2024/nghiem-thu-de-tai-nhan-giong-cay-hoi.md"
LEGAL_TXT = "content/langson/legal/2025/94-2025-qd-ubnd.txt"


def tree(out: Path) -> dict[str, bytes]:
    """Every file of an output (the hosts and _server/), by its path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


class Province:
    """A copy of the example under git, built incrementally (with a cache) and cold (without)."""

    def __init__(self, tmp: Path):
        self.root = tmp / "repo"
        for name in ("content", "sites", "audit"):
            shutil.copytree(REPO / name, self.root / name)
        self.git = GitRepo(self.root)
        self.git.commit("example", "2026-11-01T08:00:00+07:00")
        self.cache, self.out, self.tmp, self.cold_builds = tmp / "cache", tmp / "out", tmp, 0

    def build(self, now: dt.datetime = NOW, jobs: int = 1) -> tuple[BuildResult, dict[str, bytes]]:
        result = build(BuildOptions(root=self.root, out=self.out, now=now, jobs=jobs, cache_dir=self.cache))
        assert result.ok, [d.text() for d in result.diagnostics]
        return result, tree(self.out)

    def cold(self, now: dt.datetime = NOW) -> dict[str, bytes]:
        self.cold_builds += 1
        out = self.tmp / f"cold{self.cold_builds}"
        result = build(BuildOptions(root=self.root, out=out, now=now, jobs=1, cache_dir=None))
        assert result.ok, [d.text() for d in result.diagnostics]
        assert result.reused == 0
        return tree(out)

    def commit(self, message: str, when: str = "2026-11-10T09:00:00+07:00") -> None:
        self.git.commit(message, when)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    place = Province(tmp_path_factory.mktemp("incremental"))
    result, files = place.build(jobs=2)
    assert result.reused == 0 and result.pages > 500
    assert not differences(files, place.cold())
    return place


def check(place: Province, now: dt.datetime = NOW, jobs: int = 1) -> BuildResult:
    result, files = place.build(now, jobs)
    assert differences(files, place.cold(now)) == []
    return result


def test_a_build_after_no_change_renders_nothing_and_writes_the_same_bytes(province):
    result = check(province, jobs=2)
    assert result.reused == result.pages


def inodes(out: Path) -> dict[str, int]:
    return {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}


def test_an_edit_renders_the_item_and_what_lists_it_not_the_rest(province):
    before = inodes(province.out)
    province.git.edit(NEWS, "chất lượng cao\"", "chất lượng cao (đã sửa)\"")
    province.git.edit(NEWS, "Sau hai năm thực hiện", "Sau hơn hai năm thực hiện")
    province.commit("edit a title and the body")
    result = check(province)
    rendered = result.pages - result.reused
    assert 0 < rendered < result.pages // 4, rendered
    after = inodes(province.out)
    written = {rel for rel in after if after[rel] != before.get(rel)}  # the others are links to the last build
    item = "sokhcn.langson.gov.vn/tin-tuc/nghiem-thu-de-tai-nhan-giong-cay-hoi/"
    assert {item + "index.html", item + "index.json", "sokhcn.langson.gov.vn/tin-tuc/index.html",
            "sokhcn.langson.gov.vn/chu-de/nong-nghiep/index.html", "sokhcn.langson.gov.vn/feed.xml",
            "sokhcn.langson.gov.vn/tim-kiem/meta.json"} <= written
    assert not [rel for rel in written if rel.startswith(("caoloc.", "dongdang.", "sotuphap."))]


def test_an_edit_of_the_text_alone_renders_the_items_pages_and_index_not_what_lists_it(province):
    """Listings, tags and related items show an item's front matter, never its text (memo.py): an edit of
    the text, committed (its git history changes too), renders the item's page and record, its site's
    search index and feed, and the output is still a cold build's."""
    before = inodes(province.out)
    province.git.edit(NEWS, "xây dựng mô hình vườn ươm", "xây dựng và nhân rộng mô hình vườn ươm")
    province.commit("edit the text alone", "2026-11-12T09:00:00+07:00")
    result = check(province)
    after = inodes(province.out)
    written = {rel for rel in after if after[rel] != before.get(rel)}
    item = "sokhcn.langson.gov.vn/tin-tuc/nghiem-thu-de-tai-nhan-giong-cay-hoi/"
    assert {item + "index.html", item + "index.json", "sokhcn.langson.gov.vn/tim-kiem/meta.json",
            "sokhcn.langson.gov.vn/feed.xml"} <= written
    assert not written & {"sokhcn.langson.gov.vn/tin-tuc/index.html", "sokhcn.langson.gov.vn/index.html",
                          "sokhcn.langson.gov.vn/chu-de/nong-nghiep/index.html"}
    assert result.pages - result.reused < 20, result.pages - result.reused


def test_files_removed_from_the_last_output_by_hand_are_made_again(province):
    """A build takes the last output's files as there (memo.Memo.same): one removed since is found when
    it is linked, and its page (a search index: all of its files; an attachment: its copy) made again."""
    live = province.out.resolve()
    files = sorted(p.relative_to(live).as_posix() for p in live.rglob("*") if p.is_file())
    gone = [next(f for f in files if f.startswith("caoloc.") and "/tin-tuc/" in f and f.endswith("/index.html")),
            next(f for f in files if f.startswith("caoloc.") and "/tim-kiem/chunks/" in f),
            next(f for f in files if f.endswith((".txt", ".pdf", ".docx")))]
    for rel in gone:
        (live / rel).unlink()
    province.git.edit(NEWS, "xây dựng quy trình ghép", "xây dựng quy trình ghép cành")
    province.commit("edit, while files of the output are gone", "2026-11-13T09:00:00+07:00")
    check(province)
    assert all((province.out / rel).is_file() for rel in gone)


def test_files_of_unchanged_hosts_stay_in_place_and_one_removed_there_by_hand_is_made_again(province, monkeypatch):
    """After two builds, the hosts an edit left alone are the same files in the live folder and in the one
    before it, which the next build recycles (output.in_place: left there, not linked again); a file
    removed by hand from that folder is linked again from the live one (output.held_in_place)."""
    province.git.edit(NEWS, "có ý nghĩa thực tiễn", "có ý nghĩa thực tiễn lớn")
    province.commit("an edit, so that the next build recycles a folder", "2026-11-13T10:00:00+07:00")
    check(province)
    live = province.out.resolve()
    settled = memo.take_settled(province.cache, memo.generation(previous_generation(province.out)))
    memo.keep_settled(province.cache, previous_generation(province.out), {h: sorted(n) for h, n in settled.items()})
    assert "caoloc.langson.gov.vn" in settled and "sokhcn.langson.gov.vn" in settled
    before = previous_generation(province.out)
    kept = sorted(p.relative_to(before).as_posix() for p in (before / "caoloc.langson.gov.vn").rglob("*.html"))
    assert kept and all((before / rel).stat().st_ino == (live / rel).stat().st_ino for rel in kept)
    (before / kept[0]).unlink()
    province.git.edit(NEWS, "có ý nghĩa thực tiễn lớn", "có ý nghĩa thực tiễn")
    province.commit("another edit", "2026-11-13T11:00:00+07:00")
    linked: list[str] = []
    real_reuse = output._reuse
    monkeypatch.setattr(output, "_reuse", lambda source, target: linked.append(target) or real_reuse(source, target))
    check(province)
    now = province.out.resolve()
    assert now.name != before.name and (now / kept[0]).is_file()
    assert (now / kept[1]).stat().st_ino == (live / kept[1]).stat().st_ino  # left in place: the same file
    # of the hosts left alone, only the file removed was linked again; the others were there already
    assert len(linked) == 1 and linked[0].endswith(f"/{kept[0]}"), linked[:5]


def test_in_place_leaves_out_the_files_a_recycled_folder_holds_as_the_live_one_does():
    live = Path("/out/.public.gen-7")
    files = [("a/x.html", output.Reuse(f"{live}/a/x.html")), ("a/y.html", output.Reuse(f"{live}/a/y.html")),
             ("a/z.css", b"z"), ("b/y.html", output.Reuse(f"{live}/b/y.html")),
             ("a/w.html", output.Reuse("/elsewhere/a/w.html"))]
    kept, there = output.in_place(files, live, {"a": frozenset({"a/x.html", "a/z.css"})})
    assert there == ["a/y.html"] and [name for name, _ in kept] == ["a/x.html", "a/z.css", "b/y.html", "a/w.html"]
    assert output.in_place(files, live, {}) == (files, [])
    assert output.not_reused(files) == {"a": ["a/z.css"], "b": []}


def test_a_build_that_stops_leaves_no_note_of_files_in_place(province):
    """The note of which files the folder before the live one holds as it does is taken when a build
    begins to write into that folder: one that fails (a layout's error) leaves none, and the build after
    it links every file again, its output a cold build's."""
    assert (province.cache / memo.SETTLED_FILE).is_file()
    layout = province.root / "layouts" / "article.html"
    layout.parent.mkdir(exist_ok=True)
    layout.write_text("{% extends 'base.html' %}{% block main %}{{ page.nowhere.at_all() }}{% endblock %}",
                      encoding="utf-8")
    province.git.edit(NEWS, "xếp loại đề tài ở mức đạt", "xếp loại đề tài ở mức đạt yêu cầu")
    failed = build(BuildOptions(root=province.root, out=province.out, now=NOW, jobs=1, cache_dir=province.cache))
    assert not failed.ok and not (province.cache / memo.SETTLED_FILE).exists()
    layout.unlink()
    province.commit("an edit after a failed build", "2026-11-13T12:00:00+07:00")
    check(province)
    assert (province.cache / memo.SETTLED_FILE).is_file()


def test_a_hosts_traces_file_that_does_not_read_renders_that_host_alone(province):
    """Each host's traces are read by the process that renders its site (memo.LastTraces): a damaged file
    costs its own host's pages, rendered again, and the other hosts' are reused as they were."""
    index = __import__("json").loads((province.cache / memo.TRACES_FILE).read_text(encoding="utf-8"))
    damaged = province.cache / memo.TRACES_FOLDER / index["hosts"]["caoloc.langson.gov.vn"]
    damaged.write_text('{"tokens": [', encoding="utf-8")
    province.git.edit(NEWS, "cây đặc sản chủ", "cây đặc sản chính chủ")
    province.commit("an edit of another site's item", "2026-11-13T13:00:00+07:00")
    before = inodes(province.out)
    result = check(province, jobs=2)
    after = inodes(province.out)
    written = {rel for rel in after if after[rel] != before.get(rel)}
    # the damaged host's pages rendered again (a file whose bytes are the same stays: output._write_new),
    # the other hosts' reused: besides them, the edited item's few
    pages = {rel for rel in after if rel.startswith("caoloc.") and rel.endswith(".html")}
    rendered = result.pages - result.reused
    assert pages and len(pages) <= rendered <= len([rel for rel in after if rel.startswith("caoloc.")]) + 12, \
        (len(pages), rendered)
    assert not [rel for rel in written if rel.startswith(("dongdang.", "sotuphap."))]
    again = check(province)
    assert again.reused == again.pages


def test_a_first_build_leaves_a_generation_before_it_that_the_next_build_recycles(tmp_path, monkeypatch):
    """A build with the cache that finds no generation before the live one makes it (output.make_previous:
    the same files, hard links): the build after one edit writes into it, and links none of the files
    it reuses: they are there already."""
    place = Province(tmp_path)
    place.build()
    live, before = place.out.resolve(), previous_generation(place.out)
    pages = sorted(p.relative_to(live).as_posix() for p in live.rglob("*.html"))
    assert len(pages) > 300 and all((before / rel).stat().st_ino == (live / rel).stat().st_ino for rel in pages)
    place.git.edit(NEWS, "có ý nghĩa thực tiễn", "có ý nghĩa thực tiễn rõ rệt")
    place.commit("the first edit after a first build")
    linked: list[str] = []
    real_reuse = output._reuse
    monkeypatch.setattr(output, "_reuse", lambda source, target: linked.append(target) or real_reuse(source, target))
    result, files = place.build()
    assert differences(files, place.cold()) == []
    assert 0 < result.pages - result.reused < 40 and linked == []
    assert not before.exists() and previous_generation(place.out) == live


def previous_generation(out: Path) -> Path:
    live = out.resolve()
    number = int(live.name.rsplit("-", 1)[1])
    older = sorted((p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.gen-")
                    and int(p.name.rsplit("-", 1)[1]) < number), key=lambda p: int(p.name.rsplit("-", 1)[1]))
    return older[-1]


def test_an_edit_writes_again_the_traces_of_the_hosts_it_changed_only(province):
    """Each host's traces are a file of their own, named by their hash (memo.py): an edit of one site's
    item leaves the other hosts' files as they were; the next build reads the new set."""
    def trace_files() -> set[str]:
        return {p.name for p in (province.cache / memo.TRACES_FOLDER).iterdir()}
    before = trace_files()
    province.git.edit(NEWS, "góp phần nâng cao giá trị", "góp phần nâng cao hơn giá trị")
    province.commit("edit for the traces", "2026-11-14T09:00:00+07:00")
    check(province)
    after = trace_files()
    assert len(after) == len(before) > 5
    assert {name.rsplit(".", 2)[0] for name in after - before} <= {"sokhcn.langson.gov.vn", "langson.gov.vn"}
    result = check(province)
    assert result.reused == result.pages and trace_files() == after


def test_an_added_item_appears_as_in_a_cold_build(province):
    (province.root / "content/sokhcn/news/2026/tin-moi-bo-sung.md").write_text(news(
        "Tin mới bổ sung về chuyển đổi số", date="2026-11-15T08:00", extra='tags: ["khoa học công nghệ"]\n',
        body="Nội dung tin mới, nhắc tới **cây hồi** và [trang](https://langson.gov.vn/)."), encoding="utf-8")
    province.commit("add an item")
    result = check(province)
    assert 0 < result.pages - result.reused < result.pages // 4


def test_an_added_item_leaves_the_other_sites_sitemaps_as_they_were(province):
    """A sitemap reads its own edition's planned pages ("pages", site, lang), not the province's: an item
    added to one department makes that department's pages (and the portal's, which lists it) again, and
    every other host is reused whole, its traces file as it was."""
    def traces_files() -> dict[str, str]:
        return __import__("json").loads((province.cache / memo.TRACES_FILE).read_text(encoding="utf-8"))["hosts"]
    before = traces_files()
    (province.root / "content/sokhcn/news/2026/tin-them-nua.md").write_text(news(
        "Tin thêm nữa về vườn ươm", date="2026-11-15T09:00"), encoding="utf-8")
    province.commit("add another item", "2026-11-15T09:30:00+07:00")
    check(province, jobs=2)
    after = traces_files()
    assert after["sokhcn.langson.gov.vn"] != before["sokhcn.langson.gov.vn"]
    others = [host for host in before if not host.startswith(("sokhcn.", "langson.", "english."))]
    assert others and {host: after[host] for host in others} == {host: before[host] for host in others}


def test_a_renamed_and_a_deleted_item_leave_no_trace_of_their_old_address(province):
    (province.root / "content/sokhcn/news/2026/tin-doi-ten.md").write_text(news(
        "Tin sẽ đổi tên", date="2026-11-16T08:00", extra='tags: ["nông nghiệp"]\n'), encoding="utf-8")
    province.commit("an item to rename")
    check(province)
    province.git.git("mv", "content/sokhcn/news/2026/tin-doi-ten.md", "content/sokhcn/news/2026/tin-moi.md")
    province.commit("rename")
    check(province)
    province.git.git("rm", "-q", "content/sokhcn/news/2026/tin-moi.md")
    province.commit("delete")
    check(province)


def test_a_takedown_a_changed_attachment_and_a_layout_are_followed(province):
    assert cli.main(["takedown", NEWS, "--root", str(province.root), "--reason", "Sai sự thật",
                     "--ref", "Công văn 1/VPUBND", "--by", "Nguyễn Văn A <a@langson.gov.vn>",
                     "--now", "2026-11-20T10:00"]) == 0
    province.commit("take down")
    check(province)
    path = province.root / LEGAL_TXT
    path.write_text(path.read_text(encoding="utf-8") + "\nDong bo sung cuoi tep.\n", encoding="utf-8")
    province.commit("attachment grows")
    check(province)
    layout = province.root / "layouts" / "footer.html"  # the repository's own override of a tool layout
    layout.parent.mkdir(parents=True, exist_ok=True)
    layout.write_text((REPO / "layouts" / "footer.html").read_text(encoding="utf-8") + "<!-- tỉnh -->\n",
                      encoding="utf-8")
    province.commit("a layout of the province's own")
    result = check(province)
    assert result.reused < result.pages // 10  # every page carries the footer


def test_the_next_day_renders_what_depends_on_the_day(province):
    check(province, NOW + dt.timedelta(days=400), jobs=2)
    check(province, NOW + dt.timedelta(days=400))


def test_a_scheduled_item_appears_when_its_time_comes_though_no_file_changed(province):
    (province.root / "content/sokhcn/news/2026/tin-hen-gio.md").write_text(news(
        "Tin hẹn giờ đăng", date="2026-11-20T08:00", extra="publish_at: 2026-11-20T14:00\n"), encoding="utf-8")
    province.commit("a scheduled item")
    check(province)
    assert "Tin hẹn giờ đăng" not in (province.out / "sokhcn.langson.gov.vn/tin-tuc/index.html").read_text("utf-8")
    result = check(province)  # nothing changed: the last build's output and report stand
    assert result.reused == result.pages
    later = NOW + dt.timedelta(hours=3)  # the same day, past its publish_at
    result = check(province, later)
    assert 0 < result.pages - result.reused < result.pages // 4
    assert "Tin hẹn giờ đăng" in (province.out / "sokhcn.langson.gov.vn/tin-tuc/index.html").read_text("utf-8")


def test_the_dev_servers_items_are_read_again_only_when_their_files_change(tmp_path):
    """`serve` keeps the items between saves (memo.DocumentMemo): an unchanged item is the same object,
    an edited one or one whose attachment changed is read again, and the output is a cold build's."""
    place = Province(tmp_path)
    kept = DocumentMemo()

    def served() -> dict[str, bytes]:
        result = build(BuildOptions(root=place.root, out=place.out, now=NOW, jobs=2, cache_dir=place.cache,
                                    kept=kept))
        assert result.ok, [d.text() for d in result.diagnostics]
        assert differences(tree(place.out), place.cold()) == []
        return {rel: entry[1] for rel, entry in kept.items.items()}

    first = served()
    assert NEWS in first and LEGAL_TXT.replace(".txt", ".md") in first
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    (place.root / LEGAL_TXT).write_text("Van ban moi hoan toan.\n", encoding="utf-8")
    second = served()
    again = {rel for rel in first if second[rel] is not first[rel]}
    assert again == {NEWS, LEGAL_TXT.replace(".txt", ".md")}


def built_after_an_upgrade(place: Province, monkeypatch) -> tuple[BuildResult, dict[str, bytes]]:
    """A build with one more library installed, as after an upgrade (memo.tool_hash changes)."""
    real = list(importlib.metadata.distributions())

    class Upgraded:
        @staticmethod
        def read_text(name: str) -> str | None:
            return "Metadata-Version: 2.1\nName: Markdown\nVersion: 99.0\n\nThe description.\n" \
                if name == "METADATA" else None
    monkeypatch.setattr(importlib.metadata, "distributions", lambda: [*real, Upgraded()])
    memo.tool_hash.cache_clear()
    try:
        return place.build()
    finally:
        memo.tool_hash.cache_clear()


def test_the_provinces_own_profile_is_read_by_every_build_that_uses_it(tmp_path):
    """A province may keep its own profile in profiles/ (config.load_profile reads it before the
    built-in one): an edit there is seen by the next build, whose pages are a cold build's, as an edit
    of sites/ is."""
    place = Province(tmp_path)
    (place.root / "profiles").mkdir()
    shutil.copy(REPO / "generator" / "profiles" / "langson-2025.yaml", place.root / "profiles")
    place.build()
    profile = place.root / "profiles" / "langson-2025.yaml"
    text = profile.read_text(encoding="utf-8")
    assert 'footer_hotline: "02053.812.656"' in text
    profile.write_text(text.replace('footer_hotline: "02053.812.656"', 'footer_hotline: "02053.999.999"'),
                       encoding="utf-8")
    result, files = place.build()
    assert b"02053.999.999" in files["langson.gov.vn/index.html"]
    assert result.reused < result.pages // 2
    assert differences(files, place.cold()) == []


def test_a_file_put_beside_the_item_under_the_name_it_gives_replaces_the_sites_shared_one(tmp_path):
    """An attachment named with a folder (`phu-luc/bao-cao.txt`) is looked for beside the item first, then
    in content/<site>/files/ (documents._find_file): found in the shared folder, then put beside the
    item, in a folder that was there already, it is the file published, as in a cold build."""
    place = Province(tmp_path)
    item = place.root / LEGAL_TXT.replace(".txt", ".md")
    text = item.read_text(encoding="utf-8")
    name = LEGAL_TXT.rsplit("/", 1)[1]
    assert f"  - {name}\n" in text
    item.write_text(text.replace(f"  - {name}\n", f"  - {name}\n  - phu-luc/bao-cao.txt\n", 1), encoding="utf-8")
    site = LEGAL_TXT.split("/")[1]
    (place.root / "content" / site / "files" / "phu-luc").mkdir(parents=True)
    (place.root / "content" / site / "files" / "phu-luc" / "bao-cao.txt").write_text("Ban chung cua trang.\n")
    beside = item.parent / "phu-luc"
    beside.mkdir()
    (beside / "khac.txt").write_text("Tep khac.\n")
    _, files = place.build()
    assert [data for path, data in files.items() if path.endswith("/bao-cao.txt")] == [b"Ban chung cua trang.\n"]
    (beside / "bao-cao.txt").write_text("Ban dat canh van ban, noi dung khac.\n")
    _, files = place.build()
    assert [data for path, data in files.items() if path.endswith("/bao-cao.txt")] == \
        [b"Ban dat canh van ban, noi dung khac.\n"]
    assert differences(files, place.cold()) == []


def test_a_clock_set_back_within_the_day_unpublishes_what_was_not_due_yet(tmp_path):
    """A build at 15:00 publishes an item whose publish_at is 14:00; a build of the same files at 13:00
    the same day (an explicit --now) does not: the last build's report is not taken as it is, and the
    output is a cold build's at 13:00."""
    place = Province(tmp_path)
    item = place.root / NEWS
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\ndate: ", "\npublish_at: 2026-11-20T14:00\ndate: ", 1), encoding="utf-8")
    at = dt.datetime(2026, 11, 20, 15, tzinfo=NOW.tzinfo)
    _, files = place.build(at)
    published = [path for path in files if path.startswith("sokhcn.") and "nghiem-thu-de-tai-nhan-giong-cay-hoi" in path]
    assert published
    _, files = place.build(at.replace(hour=13))
    assert not [path for path in files if "nghiem-thu-de-tai-nhan-giong-cay-hoi" in path and path.endswith("index.html")]
    assert differences(files, place.cold(at.replace(hour=13))) == []


def test_codeowners_written_changes_the_reports_warnings(tmp_path):
    """.github/CODEOWNERS is read for the boards' warnings (editorial/codeowners.py): written after a
    build, the next build with no other change reports what a cold build reports."""
    from generator.editorial.codeowners import CODEOWNERS_PATH, generate
    place = Province(tmp_path)
    first, _ = place.build()
    assert any(d.code == "codeowners.missing" for d in first.diagnostics)
    config, _ = load_config(place.root)
    (place.root / CODEOWNERS_PATH).parent.mkdir(exist_ok=True)
    (place.root / CODEOWNERS_PATH).write_text(generate(config, NOW.date()), encoding="utf-8")
    result, _ = place.build()
    cold = build(BuildOptions(root=place.root, out=tmp_path / "cold-report", now=NOW, jobs=1, cache_dir=None))
    assert not any(d.code.startswith("codeowners.") for d in result.diagnostics)
    assert [d.text() for d in result.diagnostics] == [d.text() for d in cold.diagnostics]


def test_the_tool_hash_names_each_library_as_its_metadata_does():
    """The libraries' names and versions in the tool's hash, read from their metadata's headers as text,
    are what importlib.metadata's parser gives, for every library installed here."""
    dists = list(importlib.metadata.distributions())
    assert len(dists) > 10
    assert [memo._name_and_version(d) for d in dists] == \
        [((d.metadata["Name"] or "").lower().replace("_", "-"), d.version) for d in dists]


def parsed_items(cache: Path) -> int:
    """How many items the builds since the parse cache was emptied parsed (one row of parsed front
    matter and Markdown each: core/cache.py's tagged JSON, an object of the _Parsed dataclass)."""
    with sqlite3.connect(cache / "parse.sqlite") as db:
        rows = db.execute("SELECT value FROM stored WHERE typeof(value) = 'text'").fetchall()
    return sum(1 for (value,) in rows if value.startswith('{"~o":"generator.build.documents:_Parsed:'))


def test_a_fresh_checkout_hashes_its_files_on_two_processes_and_keeps_what_it_kept(tmp_path, monkeypatch):
    """After a fresh checkout every file has a new time, and a build with two jobs hashes the files its
    kept items name on two processes (kept_items._hash, for many files: here every one): the items
    whose files are the same are kept, the one whose attachment changed under its old size and time is
    read again, the output is a cold build's, and the next build compares times only."""
    place = Province(tmp_path)
    place.build(jobs=2)
    for name in ("parse.sqlite", "parse.sqlite-wal", "parse.sqlite-shm"):
        (place.cache / name).unlink(missing_ok=True)
    for path in (place.root / "content").rglob("*"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    old = (place.root / LEGAL_TXT).stat()
    (place.root / LEGAL_TXT).write_text("Van ban moi hoan toan!\n", encoding="utf-8")
    os.utime(place.root / LEGAL_TXT, ns=(old.st_atime_ns, old.st_mtime_ns))
    pools = []
    real_pool = kept_items.worker_pool
    monkeypatch.setattr(kept_items, "AHEAD_MIN", 1)
    monkeypatch.setattr(kept_items, "worker_pool", lambda jobs: pools.append(jobs) or real_pool(jobs))
    _, files = place.build(jobs=2)
    monkeypatch.undo()
    assert pools == [1]  # one process beside the build's own
    assert parsed_items(place.cache) == 1
    assert differences(files, place.cold()) == []
    hashed = []
    real_digest = documents.contents_digest
    monkeypatch.setattr(documents, "contents_digest", lambda path: hashed.append(path) or real_digest(path))
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    _, files = place.build(jobs=2)
    assert len(set(hashed)) <= 3, hashed
    assert differences(files, place.cold()) == []


def test_a_build_reads_again_only_the_items_whose_files_changed(tmp_path, monkeypatch):
    """The items the last build loaded are kept in the cache folder (kept_items.py): after an edit and
    a changed attachment, the next build parses those two items only, and its output is a cold
    build's; a fresh checkout (new times, same contents) reads none again but the one whose attachment
    changed; after a library upgrade every item is read again."""
    place = Province(tmp_path)
    place.build(jobs=2)

    def emptied_parse_cache() -> None:
        for name in ("parse.sqlite", "parse.sqlite-wal", "parse.sqlite-shm"):
            (place.cache / name).unlink(missing_ok=True)
    emptied_parse_cache()
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    (place.root / LEGAL_TXT).write_text("Van ban moi hoan toan.\n", encoding="utf-8")
    _, files = place.build(jobs=2)
    assert parsed_items(place.cache) == 2
    assert differences(files, place.cold()) == []

    # a fresh checkout (CI): every file and folder has a new time, the same contents, but one attachment
    # whose contents changed, its size the same
    emptied_parse_cache()
    for path in (place.root / "content").rglob("*"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    old = (place.root / LEGAL_TXT).stat()
    (place.root / LEGAL_TXT).write_text("Van ban moi hoan toan!\n", encoding="utf-8")
    os.utime(place.root / LEGAL_TXT, ns=(old.st_atime_ns, old.st_mtime_ns))
    copied: list[str] = []  # files copied from the repository: the changed attachment alone (by contents)
    real_copy = output.shutil.copyfile
    monkeypatch.setattr(output.shutil, "copyfile", lambda source, target: copied.append(os.fspath(source))
                        or real_copy(source, target))
    _, files = place.build()
    monkeypatch.undo()
    assert parsed_items(place.cache) == 1
    assert differences(files, place.cold()) == []
    assert copied and {Path(c).relative_to(place.root).as_posix() for c in copied} == {LEGAL_TXT}, copied

    # the new times are kept with the items: the build after that compares times, reads no file's bytes
    hashed = []
    real_digest = documents.contents_digest
    monkeypatch.setattr(documents, "contents_digest", lambda path: hashed.append(path) or real_digest(path))
    place.git.edit(NEWS, "Sau gần hai năm thực hiện", "Sau gần ba năm thực hiện")
    _, files = place.build()
    assert parsed_items(place.cache) == 2  # the one before, and this
    assert len(set(hashed)) <= 3, hashed  # the edited item's file and folder when it is read (of > 100 items)
    monkeypatch.undo()

    emptied_parse_cache()
    built_after_an_upgrade(place, monkeypatch)
    config, _ = load_config(place.root)
    assert parsed_items(place.cache) == len(discover(config)[0]) > 100


def test_the_items_to_load_are_loaded_in_another_process_while_the_kept_ones_are_decoded(tmp_path, monkeypatch):
    """With two jobs, the items whose files changed are known once the kept items' files are checked:
    they are loaded (and kept) by a worker forked before the kept items were read, while the build's own
    process decodes the others (pipeline.LOAD_AHEAD_MIN kept items at least: here any), and the output is
    a cold build's."""
    place = Province(tmp_path)
    place.build(jobs=2)
    for name in ("parse.sqlite", "parse.sqlite-wal", "parse.sqlite-shm"):
        (place.cache / name).unlink(missing_ok=True)
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    (place.root / LEGAL_TXT).write_text("Van ban moi hoan toan.\n", encoding="utf-8")
    events: list = []
    loaders = tmp_path / "loaders"
    real_submitted, real_loads, real_load_chunk = pipeline._submit_ahead, kept_items.loads, kept_items.load_chunk

    def submitted(loader, sources, *args):
        events.append(sorted(src.rel for src in sources))
        return real_submitted(loader, sources, *args)

    def load_chunk_noted(sources, *args):  # (in the process that loads)
        with open(loaders, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {len(sources)}\n")
        return real_load_chunk(sources, *args)
    monkeypatch.setattr(pipeline, "LOAD_AHEAD_MIN", 1)
    monkeypatch.setattr(pipeline, "_submit_ahead", submitted)
    monkeypatch.setattr(kept_items, "loads", lambda value: events.append("decoded") or real_loads(value))
    monkeypatch.setattr(kept_items, "load_chunk", load_chunk_noted)
    _, files = place.build(jobs=2)
    monkeypatch.undo()
    config, _ = load_config(place.root)
    legal = [src.rel for src in discover(config)[0] if src.rel.startswith(LEGAL_TXT.rsplit("/", 1)[0] + "/")]
    assert events[0] == sorted({NEWS, *legal}) and events[1:] == ["decoded"] * (len(events) - 1) and len(events) > 100
    pids = {int(line.split()[0]) for line in loaders.read_text(encoding="utf-8").splitlines()}
    assert os.getpid() not in pids and len(pids) == 1  # (one process, forked before the kept items are read)
    assert parsed_items(place.cache) == 2
    assert differences(files, place.cold()) == []

    # with fewer kept items than LOAD_AHEAD_MIN, or one job, they are loaded after, as before
    events.clear()
    loaders.unlink()
    monkeypatch.setattr(pipeline, "_submit_ahead", submitted)
    monkeypatch.setattr(kept_items, "load_chunk", load_chunk_noted)
    place.git.edit(NEWS, "Sau gần hai năm thực hiện", "Sau gần ba năm thực hiện")
    _, files = place.build(jobs=2)
    monkeypatch.undo()
    assert events == []
    assert loaders.read_text(encoding="utf-8").splitlines() == [f"{os.getpid()} 1"]
    assert differences(files, place.cold()) == []

    # more items to load than LOAD_AHEAD_MAX: loaded after, as before (here in the build's process: one chunk)
    loaders.unlink()
    monkeypatch.setattr(pipeline, "LOAD_AHEAD_MIN", 1)
    monkeypatch.setattr(pipeline, "LOAD_AHEAD_MAX", 1)
    monkeypatch.setattr(pipeline, "_submit_ahead", submitted)
    monkeypatch.setattr(kept_items, "load_chunk", load_chunk_noted)
    place.git.edit(NEWS, "Sau gần ba năm thực hiện", "Sau gần bốn năm thực hiện")
    (place.root / LEGAL_TXT).write_text("Van ban moi hoan toan, lan ba.\n", encoding="utf-8")
    _, files = place.build(jobs=2)
    monkeypatch.undo()
    assert events == []
    assert loaders.read_text(encoding="utf-8").splitlines() == [f"{os.getpid()} 2"]
    assert differences(files, place.cold()) == []

    # the dev server keeps its items in memory: it decodes few, and forks no loader ahead
    monkeypatch.setattr(pipeline, "LOAD_AHEAD_MIN", 1)
    monkeypatch.setattr(pipeline, "_submit_ahead", submitted)
    kept = DocumentMemo()
    for text in ("Sau gần năm năm thực hiện", "Sau gần sáu năm thực hiện"):
        place.git.edit(NEWS, "Sau gần bốn năm thực hiện" if text.startswith("Sau gần năm") else "Sau gần năm năm thực hiện",
                       text)
        result = build(BuildOptions(root=place.root, out=place.out, now=NOW, jobs=2, cache_dir=place.cache, kept=kept))
        assert result.ok
    monkeypatch.undo()
    assert events == []
    assert differences(tree(place.out), place.cold()) == []


def test_forget_drops_the_rows_of_items_gone_and_of_other_keys_and_looks_no_further_when_none(tmp_path):
    """KeptItems.forget: the rows of an item no longer among the sources, and every row of another key,
    go with their marks and parts; when there are none, the other tables are not searched."""
    place = Province(tmp_path)
    place.build()
    sources, kept = kept_now(place)
    assert set(kept) == {src.rel for src in sources}
    with sqlite3.connect(place.cache / "items.sqlite") as db:
        db.execute("INSERT INTO items SELECT 'content/khac.md', 'another key', fingerprint, value, apart FROM items "
                   "WHERE rel = ?", (sources[0].rel,))
        db.execute("INSERT INTO marks SELECT 'content/khac.md', marks FROM marks WHERE rel = ?", (sources[0].rel,))
        db.execute("INSERT INTO parts SELECT 'content/khac.md', 'another key', fingerprint, body, terms, texts, lines "
                   "FROM parts WHERE rel = ?", (sources[0].rel,))
    config, _ = load_config(place.root)
    settings = load_settings(BuildOptions(root=place.root, out=place.out, now=NOW), config)

    def forgotten(left) -> list[str]:
        store = KeptItems(place.cache, settings.root, settings_key(memo.tool_hash(), settings))
        statements: list[str] = []
        store._db.set_trace_callback(statements.append)
        store.forget(left)
        store.close()
        return statements
    assert any("NOT IN" in s for s in forgotten(sources[1:]))
    with sqlite3.connect(place.cache / "items.sqlite") as db:
        for table in ("items", "marks", "parts"):
            assert {rel for (rel,) in db.execute(f"SELECT rel FROM {table}")} == {src.rel for src in sources[1:]}, table
    assert not any("NOT IN" in s for s in forgotten(sources[1:]))
    assert len(kept_now(place)[1]) == len(sources) - 1


def test_kept_items_that_do_not_decode_are_loaded_again(tmp_path):
    """items.sqlite holds tagged JSON, never pickle: a row naming anything but the generator's own
    dataclasses, or marks or values that are not what the build wrote, is a miss, not an error."""
    place = Province(tmp_path)
    place.build()
    with sqlite3.connect(place.cache / "items.sqlite") as db:
        rels = [rel for (rel,) in db.execute("SELECT rel FROM items ORDER BY rel")]
        db.execute("UPDATE items SET value = '[\"object\",\"os\",\"system\",\"command\",\"touch x\"]' "
                   "WHERE rel = ?", (rels[0],))
        db.execute("UPDATE marks SET marks = '{\"a\": 1}' WHERE rel = ?", (rels[1],))
        db.execute("UPDATE items SET value = 'not json' WHERE rel = ?", (rels[2],))
    for name in ("parse.sqlite", "parse.sqlite-wal", "parse.sqlite-shm"):
        (place.cache / name).unlink(missing_ok=True)
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    _, files = place.build()
    assert parsed_items(place.cache) == 4 and not (place.root / "x").exists()
    assert differences(files, place.cold()) == []


def kept_now(place: Province, seen: dict | None = None) -> tuple[list, dict]:
    """The example's sources and the items items.sqlite holds for them now, as a build takes them."""
    config, _ = load_config(place.root)
    sources, _ = discover(config)
    settings = load_settings(BuildOptions(root=place.root, out=place.out, now=NOW), config)
    store = KeptItems(place.cache, settings.root, settings_key(memo.tool_hash(), settings))
    try:
        return sources, store.unchanged(sources, seen)
    finally:
        store.close()


def test_one_walk_of_content_serves_the_stamp_discovery_and_the_kept_items_check(tmp_path):
    """content/ is walked once per build (discover.walk_content, with stats): the input stamp, discovery
    and the kept items' check of their files take what it found (a build after one edit stats ten
    thousand item files once, not three times), and each finds what a walk of its own would."""
    place = Province(tmp_path)
    place.build()
    (place.root / "content/.nhap").mkdir()  # a dot folder: no item in it, but its files are in the stamp
    (place.root / "content/.nhap/tin.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (place.root / "content/sokhcn/news/lien-ket.md").symlink_to(place.root / NEWS)
    walk = walk_content(place.root, stats=True)
    seen = walk.stats
    on_disk = [p for name in ("content", "audit") for p in (place.root / name).rglob("*")]
    assert len(on_disk) > 100 and set(seen) == {p.relative_to(place.root).as_posix() for p in on_disk}
    assert all(seen[p.relative_to(place.root).as_posix()].st_mtime_ns == p.stat().st_mtime_ns for p in on_disk)
    assert memo.input_stamp(place.root, "base", walk=walk) == memo.input_stamp(place.root, "base")
    config, _ = load_config(place.root)
    assert discover(config, walk) == discover(config)
    assert "content/.nhap/tin.md" not in walk.markdown and "content.symlink" in str(discover(config)[1])
    (place.root / "content/sokhcn/news/lien-ket.md").unlink()
    sources, kept = kept_now(place, seen)
    assert len(kept) == len(sources)
    # what the walk saw is what the check goes by: a size it saw otherwise, and the item is loaded again
    seen[NEWS] = os.stat(place.root / LEGAL_TXT)
    _, kept = kept_now(place, seen)
    assert NEWS not in kept and len(kept) == len(sources) - 1
    (place.root / "content/.nhap/tin.md").write_text("---\ntitle: y\n---\n", encoding="utf-8")
    assert memo.input_stamp(place.root, "base") != memo.input_stamp(place.root, "base", walk=walk)


def test_kept_items_bodies_and_terms_are_read_when_used_and_as_they_were_kept(tmp_path):
    """A kept item's body, search terms and attachments' texts (most of its bytes) stay in items.sqlite until something
    reads them: a build after one edit renders few item pages and rebuilds few search indexes. Read,
    each item is what loading its file gives; a row changed since the build took the item is an error,
    never another version's body."""
    place = Province(tmp_path)
    place.build(jobs=2)
    sources, kept = kept_now(place)
    assert len(kept) == len(sources) > 100
    assert all(type(doc.__dict__["body_html"]) is Later for doc, _ in kept.values())
    assert all(type(doc.__dict__["lines"]) is Later for doc, _ in kept.values())  # (read for diagnostics)
    assert sum(type(doc.__dict__["search_terms"]) is Later for doc, _ in kept.values()) > 100
    legal = kept[LEGAL_TXT.replace(".txt", ".md")][0]  # its attachment's text too (a PDF's: up to 200,000 chars)
    assert type(legal.__dict__["attachment_text"]) is Later
    config, _ = load_config(place.root)
    settings = load_settings(BuildOptions(root=place.root, out=place.out, now=NOW), config)
    fresh = dict(zip((src.rel for src in sources), load_chunk(sources, settings, None)))
    assert {rel: (doc, problems) for rel, (doc, problems) in kept.items()} == fresh
    assert any(doc.body_html.startswith("<p>") and isinstance(doc.search_terms, bytes) for doc, _ in kept.values())
    assert legal.attachment_text and legal.attachment_text[0]

    _, kept = kept_now(place)
    with sqlite3.connect(place.cache / "items.sqlite") as db:
        db.execute("UPDATE parts SET fingerprint = 'another version' WHERE rel = ?", (NEWS,))
    doc = kept[NEWS][0]
    with pytest.raises(KeptItemChanged, match=NEWS):
        doc.body_html
    assert kept[LEGAL_TXT.replace(".txt", ".md")][0].body_html.startswith("<")


def test_a_cold_builds_workers_hand_over_their_items_without_bodies_and_terms(tmp_path):
    """A cold build's workers keep what they load in items.sqlite, then send the build its items with the
    body, terms, texts and lines left there, read when used, as a kept item's (the build's process, which
    its render workers are forked from, would otherwise hold the province's text, once more in every
    worker's memory: 1.5 of its 2.6 GB at 50,000 items). Read, each is what loading gives; items that
    could not be kept, and the dev server's (kept whole between builds), come whole."""
    place = Province(tmp_path)
    config, _ = load_config(place.root)
    sources, _ = discover(config)
    settings = load_settings(BuildOptions(root=place.root, out=place.out, now=NOW), config)
    fresh = dict(zip((src.rel for src in sources), load_chunk(sources, settings, None)))

    docs, _ = pipeline.load_documents(sources, settings, 2, place.cache)
    assert len(docs) == len(sources) > 100
    assert all(type(doc.__dict__["body_html"]) is Later and type(doc.__dict__["lines"]) is Later for doc in docs)
    assert sum(type(doc.__dict__["search_terms"]) is Later for doc in docs) > 100
    legal = next(doc for doc in docs if doc.path == LEGAL_TXT.replace(".txt", ".md"))
    assert type(legal.__dict__["attachment_text"]) is Later
    # one reader of the file for the items of each worker (a connection each, not one per chunk of items)
    assert len({id(doc.__dict__["body_html"].read.func.__self__) for doc in docs}) <= 2
    assert {doc.path: doc for doc in docs} == {rel: doc for rel, (doc, _) in fresh.items() if doc is not None}

    def never(*args):
        raise AssertionError("the dev server's items are left apart")
    with pytest.MonkeyPatch.context() as patch:  # (the workers are forked with it)
        patch.setattr(kept_items, "_read_later", never)
        docs, _ = pipeline.load_documents(sources, settings, 2, tmp_path / "cache2", kept=DocumentMemo())
    assert not any(type(value) is Later for doc in docs for value in doc.__dict__.values())

    unwritable = tmp_path / "cache3"
    (unwritable / kept_items.ITEMS_FILE).mkdir(parents=True)  # (not a database: nothing is kept)
    docs, _ = pipeline.load_documents(sources, settings, 2, unwritable)
    assert not any(type(value) is Later for doc in docs for value in doc.__dict__.values())
    assert {doc.path: doc for doc in docs} == {rel: doc for rel, (doc, _) in fresh.items() if doc is not None}


def test_a_build_after_the_cache_folder_was_removed_reads_no_reader_of_the_removed_file(tmp_path):
    """The items a worker hands over are read through a reader of that build's workers: after the cache
    folder is removed (or replaced), the next build in the same process never reads the old file's rows."""
    place = Province(tmp_path)
    place.build(jobs=2)
    shutil.rmtree(place.cache)
    path = place.root / NEWS
    path.write_text(path.read_text(encoding="utf-8").replace("\n---\n", "\n---\nCâu mới ở đầu.\n\n", 1),
                    encoding="utf-8")
    result = check(place, jobs=2)
    assert result.reused == 0


def test_a_process_closes_its_readers_of_kept_items_before_it_forks(tmp_path):
    """SQLite's locks of a connection are not a forked child's (sqlite.org, "how to corrupt"): the readers
    the build's process opened (a diagnostic's line numbers, a Q&A's body) are closed before its render
    workers are forked, and opened again when next read."""
    place = Province(tmp_path)
    config, _ = load_config(place.root)
    sources, _ = discover(config)
    settings = load_settings(BuildOptions(root=place.root, out=place.out, now=NOW), config)
    docs, _ = pipeline.load_documents(sources, settings, 2, place.cache)
    reader = docs[0].__dict__["body_html"].read.func.__self__
    assert docs[0].lines and reader._db is not None  # (read here: this process's connection)
    with worker_pool(1) as pool:
        assert pool.submit(_reader_open, docs[1]).result() == (False, True)
    assert reader._db is None
    assert docs[1].body_html == next(d for rel, (d, _) in zip([s.rel for s in sources],
                                                                load_chunk(sources, settings, None))
                                     if rel == docs[1].path).body_html


def _reader_open(doc) -> tuple[bool, bool]:
    """In a forked worker: whether the reader it inherited holds a connection, and whether it reads."""
    reader = doc.__dict__["body_html"].read.func.__self__
    inherited = reader._db is not None
    return inherited, bool(doc.body_html)


def test_a_build_waits_for_another_using_the_same_cache_folder(tmp_path):
    """A build reads the cache folder's rows until its last page: a second build using the same folder (the
    dev server and a build in another terminal, checkouts given one CONGTT_CACHE_DIR) waits, says so, and
    then builds as it would have."""
    place = Province(tmp_path)
    place.cache.mkdir(parents=True)
    lock = os.open(place.cache / cache.LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)  # another build, holding it
    waiting, results = threading.Event(), []

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "wait":
            waiting.set()
    second = threading.Thread(target=lambda: results.append(build(BuildOptions(
        root=place.root, out=place.out, now=NOW, jobs=1, cache_dir=place.cache), progress)))
    second.start()
    try:
        assert waiting.wait(120)
        assert second.is_alive() and not results  # (it cannot go on while the lock is held)
    finally:
        os.close(lock)
    second.join(300)
    assert results and results[0].ok
    assert not differences(tree(place.out), place.cold())


def test_the_sites_an_edit_changed_are_rendered_first(tmp_path):
    """After an edit, the workers start with the sites whose items were read again and the portal (their
    search indexes are most of the work); a cold build has no such sites and orders by size."""
    place = Province(tmp_path)

    def changed() -> frozenset[str]:
        loaded, fresh = [], set()
        options = BuildOptions(root=place.root, out=place.out, now=NOW, cache_dir=place.cache)
        config, _, _ = load_content(options, None, loaded, fresh)
        return changed_sites(config, loaded, fresh)
    assert changed() == frozenset()      # nothing kept yet: every item loaded
    place.build()
    assert changed() == frozenset()      # nothing changed
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    assert changed() == {"sokhcn", "langson"}


def test_kept_items_of_an_earlier_layout_are_replaced(tmp_path):
    """An items.sqlite an earlier version wrote (other columns) is emptied and filled anew, not left
    unused."""
    place = Province(tmp_path)
    place.cache.mkdir()
    with sqlite3.connect(place.cache / "items.sqlite") as db:
        db.execute("CREATE TABLE items (rel TEXT PRIMARY KEY, key TEXT NOT NULL, marks TEXT NOT NULL, "
                   "value TEXT NOT NULL, terms BLOB)")
        db.execute("INSERT INTO items VALUES ('content/x.md', 'k', '[]', '[]', NULL)")
    _, files = place.build()
    with sqlite3.connect(place.cache / "items.sqlite") as db:
        assert [row[1] for row in db.execute("PRAGMA table_info(items)")] == list(COLUMNS)
        assert [row[1] for row in db.execute("PRAGMA table_info(parts)")] == list(PARTS_COLUMNS)
        assert {rel for (rel,) in db.execute("SELECT rel FROM parts")} == \
            {rel for (rel,) in db.execute("SELECT rel FROM items")}
        rels = {rel for (rel,) in db.execute("SELECT rel FROM items")}
    sources, kept = kept_now(place)
    assert rels == {src.rel for src in sources} == set(kept)
    assert differences(files, place.cold()) == []


def test_the_dev_servers_first_pass_keeps_the_search_index_and_the_second_brings_it_up_to_date(tmp_path):
    """After a save, `serve` shows the edited page first (BuildOptions.quick): the search indexes keep
    their last files and the result says so; the build after it renders them, and matches a cold build."""
    place = Province(tmp_path)
    place.build()
    index = "sokhcn.langson.gov.vn/tim-kiem/meta.json"
    before = tree(place.out)
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau ba năm thực hiện")
    quick = build(BuildOptions(root=place.root, out=place.out, now=NOW, jobs=1, cache_dir=place.cache, quick=True))
    assert quick.ok and quick.deferred
    first = tree(place.out)
    page = "sokhcn.langson.gov.vn/tin-tuc/nghiem-thu-de-tai-nhan-giong-cay-hoi/index.html"
    assert "Sau ba năm" in first[page].decode()
    assert {k: v for k, v in first.items() if "/tim-kiem/" in k} == {k: v for k, v in before.items() if "/tim-kiem/" in k}
    assert index in first
    result, files = place.build()
    assert not result.deferred and result.pages - result.reused < result.pages // 4
    assert differences(files, place.cold()) == []
    assert any("/tim-kiem/" in k and files[k] != first.get(k) for k in files)


def test_a_new_version_of_a_library_renders_every_page_again(tmp_path, monkeypatch):
    """The traces' key holds the installed libraries' versions (and the generator's own code and
    layouts): after an upgrade no page is taken from the build before it."""
    place = Province(tmp_path)
    place.build()
    result, files = built_after_an_upgrade(place, monkeypatch)
    assert result.ok and result.reused == 0
    assert differences(files, place.cold()) == []


def test_hosts_whose_pages_and_reads_are_unchanged_are_reused_without_a_page_by_page_check(tmp_path, monkeypatch):
    """A host whose planned pages are the ones its traces file was written for, none of whose reads
    changed, has its pages reused as a whole (memo.HostTraces.unchanged): no page of it is checked on
    its own. A file of an older version (no pages' hash) is written again once, then stands."""
    from generator.build import render

    place = Province(tmp_path)
    place.build()
    index = json.loads((place.cache / memo.TRACES_FILE).read_text(encoding="utf-8"))
    for host, name in index["hosts"].items():  # as an older version wrote them: no "pages"
        path = place.cache / memo.TRACES_FOLDER / name
        head, _, details = path.read_text(encoding="utf-8").partition("\n")
        data = json.loads(head)  # (the first line: what every host's check reads)
        del data["pages"]
        index["hosts"][host] = f"{host}.{name.split('.')[-2][::-1]}.json"  # (another name: another text)
        path.unlink()
        (path.parent / index["hosts"][host]).write_text(json.dumps(data, ensure_ascii=False) + "\n" + details,
                                                        encoding="utf-8")
    (place.cache / memo.TRACES_FILE).write_text(json.dumps(index), encoding="utf-8")
    checked: list[str] = []
    real = render._reused

    def spy(memo_, prints, page, name):
        checked.append(name.split("/", 1)[0])
        return real(memo_, prints, page, name)
    monkeypatch.setattr(render, "_reused", spy)
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    result, files = place.build()
    hosts = {name.split(".json")[0].rsplit(".", 1)[0] for name in os.listdir(place.cache / memo.TRACES_FOLDER)}
    assert len(hosts) > 5 and set(checked) == hosts  # every page checked on its own, every file written again
    assert all("pages" in json.loads(p.read_text(encoding="utf-8").partition("\n")[0])
               for p in (place.cache / memo.TRACES_FOLDER).iterdir())

    checked.clear()
    place.git.edit(NEWS, "Sau gần hai năm thực hiện", "Sau gần ba năm thực hiện")
    result, files = place.build()
    assert differences(files, place.cold()) == []
    assert result.reused == result.pages - (result.pages - result.reused) > 0
    # the edited item's site checked page by page (and the portal, were it to read the item), no other host
    assert "sokhcn.langson.gov.vn" in checked and set(checked) <= {"sokhcn.langson.gov.vn", "langson.gov.vn"}


def test_an_unchanged_hosts_page_details_are_not_read_and_damaged_ones_cost_their_pages(tmp_path, monkeypatch):
    """A host's traces file holds first what an unchanged host needs (its tokens, pages and files), then
    each page's digest and tokens, read only for a host some of whose reads changed: those of every other
    host, here made unreadable, are never read (their pages reused, the file kept); the edited host's,
    unreadable too, cost its pages (rendered again), not the output."""
    place = Province(tmp_path)
    place.build()
    index = json.loads((place.cache / memo.TRACES_FILE).read_text(encoding="utf-8"))
    for name in index["hosts"].values():
        path = place.cache / memo.TRACES_FOLDER / name
        head, _, details = path.read_text(encoding="utf-8").partition("\n")
        assert json.loads(details) and "tokens" in json.loads(head)
        path.write_text(head + "\n[not json", encoding="utf-8")
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    read: list = []
    real_loads = json.loads
    monkeypatch.setattr(json, "loads", lambda text, *a, **k: read.append(text) or real_loads(text, *a, **k))
    result, files = place.build()
    monkeypatch.undo()
    assert 1 <= len([text for text in read if text in ("[not json", b"[not json")]) <= 2  # the edited site's (and the portal's)
    assert differences(files, place.cold()) == []
    edited = len([f for f in files if f.startswith("sokhcn.") and f.endswith((".html", ".json"))])
    # the edited site's pages (its host's details did not read) and the portal's that show the item
    assert edited <= result.pages - result.reused < edited + 40 < result.pages // 3, (edited, result.pages, result.reused)
    after = json.loads((place.cache / memo.TRACES_FILE).read_text(encoding="utf-8"))
    assert after["hosts"]["dongdang.langson.gov.vn"] == index["hosts"]["dongdang.langson.gov.vn"]
    assert after["hosts"]["sokhcn.langson.gov.vn"] != index["hosts"]["sokhcn.langson.gov.vn"]
    again = check(place)
    assert again.reused == again.pages


def test_after_a_fresh_checkout_an_edit_renders_what_it_would_in_a_working_copy(tmp_path):
    """The hourly publication in CI builds a fresh checkout: every file a new time, the same contents. An
    item's fingerprint holds its attachments' contents, not their times: an edit of a text there renders
    the pages it renders in a working copy (the item's own), not every listing that shows the item, whose
    attachment was checked out again."""
    place = Province(tmp_path)
    place.build()
    place.git.edit(LEGAL_TXT.replace(".txt", ".md"), "Phạm vi điều chỉnh và", "Phạm vi điều chỉnh (sửa) và")
    in_a_working_copy, _ = place.build()
    for path in (place.root / "content").rglob("*"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    place.git.edit(LEGAL_TXT.replace(".txt", ".md"), "(sửa) và", "(sửa lại) và")
    after_a_checkout, files = place.build()
    rendered = after_a_checkout.pages - after_a_checkout.reused
    assert 0 < rendered == in_a_working_copy.pages - in_a_working_copy.reused < after_a_checkout.pages // 10, rendered
    assert differences(files, place.cold()) == []


def test_a_fresh_checkout_with_no_change_keeps_every_hosts_traces_file(tmp_path):
    """CI's checkout gives every file a new time at every run: a copied file whose contents are the same
    keeps its trace as it was (render._copied), so each host's traces file stands as it is, not written
    again with every trace sent back from the workers."""
    place = Province(tmp_path)
    place.build(jobs=2)
    traces_files = sorted(os.listdir(place.cache / memo.TRACES_FOLDER))
    for path in (place.root / "content").rglob("*"):
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    result, files = place.build(jobs=2)
    assert result.reused == result.pages
    assert sorted(os.listdir(place.cache / memo.TRACES_FOLDER)) == traces_files
    assert differences(files, place.cold()) == []


def test_a_files_contents_hash_is_its_git_blob_id_and_a_folders_its_names(tmp_path):
    """What the kept items' marks hold of a file after a checkout gives it a new time: its bytes hashed as
    git names them (read in pieces: a large file too), a folder's names (a file added beside an item),
    "" when missing."""
    big = tmp_path / "ban-do.pdf"
    data = bytes(range(256)) * 12_000  # three megabytes: more than one read
    big.write_bytes(data)
    (tmp_path / "a.md").write_text("Nội dung", encoding="utf-8")
    assert documents.contents_digest(str(big)) == hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    assert documents.contents_digest(str(big)) == GitRepo(tmp_path / "git").git("hash-object", str(big))
    assert documents.contents_digest(str(tmp_path)) == hashlib.sha256("a.md\0ban-do.pdf\0git".encode()).hexdigest()
    assert documents.contents_digest(str(tmp_path / "missing.md")) == ""
    (tmp_path / "b.md").write_text("", encoding="utf-8")
    assert documents.contents_digest(str(tmp_path)) == \
        hashlib.sha256("a.md\0b.md\0ban-do.pdf\0git".encode()).hexdigest()
    assert documents.contents_digest(str(tmp_path / "b.md")) == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"  # git's empty blob


def test_a_fresh_clone_is_known_from_gits_index_and_what_changed_since_is_read(tmp_path, monkeypatch):
    """CI clones the repository afresh at every run: every file a new time. Its files are then known by
    the blob ids of git's index (core.git.unmodified_blobs), not read; a file changed since the
    checkout is read, even one git is told not to look at (assume-unchanged), and the output is a
    cold build's."""
    place = Province(tmp_path)
    place.build()
    for name in ("parse.sqlite", "parse.sqlite-wal", "parse.sqlite-shm"):
        (place.cache / name).unlink(missing_ok=True)
    origin = tmp_path / "origin"
    place.root.rename(origin)
    GitRepo.existing(tmp_path).git("clone", "-q", str(origin), str(place.root))
    place.git = GitRepo.existing(place.root)
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")  # after the checkout
    place.git.git("update-index", "--assume-unchanged", LEGAL_TXT)
    (place.root / LEGAL_TXT).write_text("Văn bản mới hoàn toàn.\n", encoding="utf-8")
    hashed = []
    real_digest = documents.contents_digest
    monkeypatch.setattr(documents, "contents_digest", lambda path: hashed.append(path) or real_digest(path))
    monkeypatch.setattr(kept_items, "GIT_MIN", 1)
    result, files = place.build()
    monkeypatch.undo()
    read = {Path(path).relative_to(place.root).as_posix() for path in hashed if Path(path).is_file()}
    assert NEWS in read and LEGAL_TXT in read  # what changed since the checkout
    assert len(read) <= 6, read  # the two items' files and attachments, of > 100 items
    assert parsed_items(place.cache) == 2
    assert differences(files, place.cold()) == []
    assert 0 < result.pages - result.reused < result.pages // 10


def test_the_stages_that_make_many_objects_and_no_cycle_run_no_collection(tmp_path):
    """The walk of content/, discovery, the kept items' check and decoding, and the git facts make tens of
    thousands of objects at 10,000 items and no cycle: the cyclic collector is held while they run
    (core/collector.py), so no collection walks the province's objects then (one set off by the git
    facts after the items were decoded took 0.17 s). Here the collector is made to run as often as it
    can, and none of those stages sees it run."""
    import gc
    import traceback
    place = Province(tmp_path)
    place.build()
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau gần hai năm thực hiện")
    place.commit("Sửa tin")  # a new HEAD: the git facts brought up to date from the cached ones
    held = {("discover.py", "walk_content"), ("discover.py", "discover"), ("kept_items.py", "unchanged"),
            ("gitfacts.py", "read_git_facts")}
    seen: list[set[tuple[str, str]]] = []

    def noted(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append({(Path(frame.filename).name, frame.name) for frame in traceback.extract_stack()} & held)
    thresholds = gc.get_threshold()
    gc.set_threshold(50, 1, 1)
    gc.callbacks.append(noted)
    try:
        result, files = place.build()
    finally:
        gc.callbacks.remove(noted)
        gc.set_threshold(*thresholds)
    assert len(seen) > 100  # the collector ran, often
    assert [stages for stages in seen if stages] == []
    assert 0 < result.pages - result.reused < result.pages // 10
    assert differences(files, place.cold()) == []
