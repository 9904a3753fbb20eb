"""Scheduled publishing (issue 4 point 7): an item with `publish_at` later than the build's `--now`
is absent from every output; a build at or after that moment publishes it everywhere."""
from __future__ import annotations

import json
from pathlib import Path

from sitekit import news, write_repo
from test_takedown import DEPT, mentioning, outputs

from generator import cli

SLUG = "hen-gio-dang"
TITLE_VI = "Thông cáo hẹn giờ đăng"
TITLE_EN = "Scheduled press release"
SCHEDULED = ('tags: ["Hẹn giờ"]\nsyndicate: true\npublish_at: 2026-12-01T07:00\n')


def repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path, {
        "sites/sokhcn.yaml": DEPT,
        f"content/sokhcn/news/2026/{SLUG}.md": news(TITLE_VI, date="2026-12-01T07:00", extra=SCHEDULED),
        f"content/sokhcn/news/2026/{SLUG}.en.md": news(TITLE_EN, date="2026-12-01T07:00",
                                                        extra='tags: ["Scheduled"]\nsyndicate: true\n'),
        "content/sokhcn/news/2026/tin-da-dang.md": news("Tin đã đăng", date="2026-11-10T08:00"),
        "content/tinh/news/2026/tin-tinh.md": news("Tin của tỉnh", date="2026-11-09T08:00"),
    })


def build(root: Path, now: str) -> dict[str, str]:
    assert cli.main(["build", "--root", str(root), "--now", now, "--no-cache", "--jobs", "1"]) == 0
    return outputs(root / "public")


def test_a_scheduled_item_and_its_translation_are_absent_until_their_moment(tmp_path):
    root = repo(tmp_path)
    files = build(root, "2026-12-01T06:59")
    assert mentioning(files, SLUG, TITLE_VI, TITLE_EN, "Hẹn giờ", "Scheduled") == []
    assert "Tin đã đăng" in files["sokhcn.langson.gov.vn/tin-tuc/index.html"]
    assert (root / "public/_server/gone.txt").read_text() == ""  # not yet is not gone
    # 00:00 UTC is 07:00 in Vietnam: the moment itself publishes it, on every output
    files = build(root, "2026-12-01T00:00Z")
    where = set(mentioning(files, TITLE_VI, TITLE_EN))
    expected = {
        "sokhcn.langson.gov.vn/tin-tuc/hen-gio-dang/index.html", "sokhcn.langson.gov.vn/tin-tuc/hen-gio-dang/index.json",
        "sokhcn.langson.gov.vn/tin-tuc/index.html", "sokhcn.langson.gov.vn/index.html",
        "sokhcn.langson.gov.vn/chu-de/hen-gio/index.html", "sokhcn.langson.gov.vn/feed.xml",
        "sokhcn.langson.gov.vn/tim-kiem/docs/0.json",
        "sokhcn.langson.gov.vn/en/news/hen-gio-dang/index.html", "sokhcn.langson.gov.vn/en/news/index.html",
        "sokhcn.langson.gov.vn/en/feed.xml", "sokhcn.langson.gov.vn/en/search/docs/0.json",
        "langson.gov.vn/index.html", "english.langson.gov.vn/index.html"}
    assert expected <= where, sorted(expected - where)
    assert "https://sokhcn.langson.gov.vn/tin-tuc/hen-gio-dang/" in files["sokhcn.langson.gov.vn/sitemap.xml"]
    assert "https://sokhcn.langson.gov.vn/en/news/hen-gio-dang/" in files["sokhcn.langson.gov.vn/en/sitemap.xml"]
    record = json.loads(files["sokhcn.langson.gov.vn/tin-tuc/hen-gio-dang/index.json"])
    assert record["fields"]["publish_at"] == "2026-12-01T07:00:00+07:00"
    assert record["translations"]["en"] == "https://sokhcn.langson.gov.vn/en/news/hen-gio-dang/"


def test_a_translation_scheduled_after_its_source_waits_for_its_own_moment(tmp_path):
    root = repo(tmp_path)
    write_repo(root, {f"content/sokhcn/news/2026/{SLUG}.en.md": news(
        TITLE_EN, date="2026-12-01T07:00", extra="publish_at: 2026-12-02T07:00\n")})
    files = build(root, "2026-12-01T07:00")
    assert TITLE_VI in files["sokhcn.langson.gov.vn/tin-tuc/hen-gio-dang/index.html"]
    assert mentioning(files, TITLE_EN) == []
    assert "/en/news/hen-gio-dang/" not in files["sokhcn.langson.gov.vn/tin-tuc/hen-gio-dang/index.html"]
    files = build(root, "2026-12-02T07:00")
    assert TITLE_EN in files["sokhcn.langson.gov.vn/en/news/hen-gio-dang/index.html"]
