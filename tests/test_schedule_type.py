"""The leaders' work schedule (lịch công tác): a file per ISO week, its pages, home block, records.

Not to be confused with tests/test_schedule.py, which is about publishing items at a later moment.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from gitkit import GitRepo
from sitekit import codes, news, run_build, search_refs, write_repo

from generator.core.clock import VN_TZ
from generator.model.schema import content_schemas

REPO = Path(__file__).resolve().parents[1]
TUESDAY_W48 = dt.datetime(2026, 11, 24, 9, 0, tzinfo=VN_TZ)  # week 48 of 2026: 23 to 29 November
W48 = "content/tinh/schedule/2026/2026-w48.md"


def week(key: str = "2026-W48", entries: str | None = None, extra: str = "", title: str = "Lịch công tác tuần 48",
         body: str = "") -> str:
    if entries is None:
        entries = """\
  - day: 2026-11-24
    time: "14:00"
    leader: "Chủ tịch UBND tỉnh"
    content: "Họp bàn về chuyển đổi số"
    place: "Phòng họp số 1"
  - day: 2026-11-23
    time: "08:00-11:30"
    leader: "Phó Chủ tịch UBND tỉnh Lương Đức Thắng"
    content: "Tiếp công dân định kỳ"
    preparing_unit: "Ban Tiếp công dân tỉnh"
  - day: 2026-11-24
    time: "8h"
    leader: "Chủ tịch UBND tỉnh"
    content: "Giao ban Thường trực"
"""
    return f'---\ntitle: "{title}"\nweek: {key}\n{extra}entries:\n{entries}---\n{body}'


def one_entry(day: str, content: str = "Giao ban") -> str:
    return f'  - day: {day}\n    time: "08:00"\n    leader: "Giám đốc Sở"\n    content: "{content}"\n'


def build(tmp_path: Path, files: dict[str, str], now: dt.datetime = TUESDAY_W48, **kwargs):
    write_repo(tmp_path, files, **kwargs)
    return run_build(tmp_path, now=now)


def html(tmp_path: Path, rel: str) -> str:
    return (tmp_path / "public" / "langson.gov.vn" / rel).read_text()


def main_of(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]

# ---------------------------------------------------------------------------------------------
# Every required field, and every problem, at its exact line


REQUIRED = [
    # (what, file text, line, message part)
    ("week", '---\ntitle: "Lịch"\nentries:\n' + one_entry("2026-11-23") + "---\n", 2, "missing required key `week`"),
    ("entries", '---\ntitle: "Lịch"\nweek: 2026-W48\n---\n', 2, "missing required key `entries`"),
    ("title", "---\nweek: 2026-W48\nentries:\n" + one_entry("2026-11-23") + "---\n", 2, "`title`"),
    ("entries empty", week(entries="").replace("entries:\n", "entries: []\n"), 4, "lists no entry"),
    ("entry day", week(entries='  - time: "08:00"\n    leader: "A"\n    content: "B"\n'), 5, "entry 1 has no `day`"),
    ("entry time", week(entries='  - day: 2026-11-23\n    leader: "A"\n    content: "B"\n'), 5,
     "entry 1 has no `time`"),
    ("entry leader", week(entries='  - day: 2026-11-23\n    time: "08:00"\n    content: "B"\n'), 5,
     "entry 1 has no `leader`"),
    ("entry content", week(entries='  - day: 2026-11-23\n    time: "08:00"\n    leader: "A"\n'), 5,
     "entry 1 has no `content`"),
    ("entry leader empty", week(entries=one_entry("2026-11-23").replace('"Giám đốc Sở"', '""')), 7,
     "entry 1: `leader` is empty"),
    ("entry content blank", week(entries=one_entry("2026-11-23").replace('content: "Giao ban"', "content:")), 8,
     "entry 1: `content` is empty"),
]


@pytest.mark.parametrize("what,text,line,message", REQUIRED, ids=[c[0] for c in REQUIRED])
def test_every_required_field_fails_at_its_line(tmp_path, what, text, line, message):
    result = build(tmp_path, {W48: text})
    assert not result.ok
    found = [d for d in result.diagnostics if d.code == "field.required"]
    assert [(d.path, d.line) for d in found] == [(W48, line)], [d.text() for d in result.diagnostics]
    assert message in found[0].message


PROBLEMS = [
    # (code, file text, line, message part)
    ("field.date", week("2026-48"), 3, "is not an ISO week"),
    ("field.date", week("2025-W53"), 3, "2025 has no week 53; its ISO weeks run from 1 to 52"),
    ("field.date", week(entries=one_entry("31/11/2026")), 5, "November 2026 has no day 31"),
    ("schedule.time", week(entries=one_entry("2026-11-23").replace('"08:00"', '"25:00"')), 6, "not a time of day"),
    ("schedule.time", week(entries=one_entry("2026-11-23").replace('"08:00"', '"buổi sáng"')), 6,
     "write 08:00, or a range 08:00-11:30"),
    ("schedule.time", week(entries=one_entry("2026-11-23").replace('"08:00"', '"11:00-08:00"')), 6,
     "ends at 08:00, not after it starts at 11:00"),
    ("field.unknown", week(entries=one_entry("2026-11-23") + '    palce: "Hội trường"\n'), 9, "did you mean `place`?"),
    ("field.duplicate", week(entries=one_entry("2026-11-23") + '    leader: "Phó Giám đốc"\n'), 9, "given twice"),
    ("field.type", week(entries="  - Giao ban lúc 8 giờ\n"), 5, "entry 1 is not a mapping"),
    ("field.type", week(entries="").replace("entries:\n", 'entries: "Giao ban"\n'), 4, "expected a list of entries"),
    ("schedule.day", week(entries=one_entry("2026-11-23") + one_entry("2026-11-30")), 9,
     "30/11/2026 is not in week 2026-W48 (23/11/2026 to 29/11/2026); correct the day, or put the entry in the "
     "file of week 2026-W49"),
]


@pytest.mark.parametrize("code,text,line,message", PROBLEMS, ids=[f"{c[0]}-{n}" for n, c in enumerate(PROBLEMS)])
def test_each_problem_is_located(tmp_path, code, text, line, message):
    result = build(tmp_path, {W48: text})
    assert not result.ok
    assert codes(result) == [(W48, line, code)], [d.text() for d in result.diagnostics]
    assert message in result.diagnostics[0].message


def test_every_bad_entry_is_reported_at_once(tmp_path):
    entries = (one_entry("2026-11-23").replace('"08:00"', '"8 giờ"')           # line 6
               + '  - day: 2026-11-24\n    time: "09:00"\n    content: "Họp"\n'  # lines 9-11, no leader
               + one_entry("2026-11-25").replace("Giám đốc Sở", ""))          # line 14: leader empty
    result = build(tmp_path, {W48: week(entries=entries)})
    assert codes(result) == [(W48, 6, "schedule.time"), (W48, 9, "field.required"), (W48, 14, "field.required")]


def test_a_file_not_named_after_its_week_is_refused_at_the_week_line(tmp_path):
    rel = "content/tinh/schedule/2026/tuan-48.md"
    result = build(tmp_path, {rel: week()})
    assert codes(result) == [(rel, 3, "schedule.file-name")]
    assert "its file is named 2026-w48.md (its translation 2026-w48.en.md); rename tuan-48.md" in \
        result.diagnostics[0].message


def test_a_second_file_of_the_same_week_is_an_error_naming_both(tmp_path):
    other = "content/tinh/schedule/2025/2026-w48.md"
    result = build(tmp_path, {W48: week(), other: week()})
    assert codes(result) == [(W48, 1, "url.collision")]
    assert other in result.diagnostics[0].message


def test_the_stub_of_build_py_new_names_the_week_fails_check_then_passes_once_filled_in(tmp_path):
    write_repo(tmp_path, {})

    def cli(*args):
        return subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(tmp_path), "--no-cache",
                               "--now", "2026-11-20T10:00"], check=False, capture_output=True, text=True)
    made = cli("new", "schedule", "--site", "tinh", "Lịch công tác tuần 49")
    assert made.returncode == 0 and made.stdout.strip() == "content/tinh/schedule/2026/2026-w49.md"
    rel = made.stdout.strip()
    text = (tmp_path / rel).read_text()
    assert "week: 2026-W49" in text and "  - day: 2026-11-30" in text and 'time: "08:00"' in text
    check = cli("check")
    assert check.returncode == 1
    lines = text.splitlines()
    leader = next(n for n, x in enumerate(lines, 1) if x.strip().startswith("leader:"))
    content = next(n for n, x in enumerate(lines, 1) if x.strip().startswith("content:"))
    assert f"{rel}:{leader}:13: error[field.required]" in check.stderr
    assert f"{rel}:{content}:14: error[field.required]" in check.stderr
    (tmp_path / rel).write_text(text.replace('leader: ""', 'leader: "Chủ tịch UBND tỉnh"')
                                .replace('content: ""', 'content: "Giao ban"'))
    assert cli("check").returncode == 0, cli("check").stderr
    # Without a week in the title: the current week; a week already written is not overwritten.
    assert cli("new", "schedule", "--site", "tinh", "Lịch công tác").stdout.strip() == \
        "content/tinh/schedule/2026/2026-w47.md"
    again = cli("new", "schedule", "--site", "tinh", "Lịch tuần 49")
    assert again.returncode == 2 and "already exists; edit it" in again.stderr
    none = cli("new", "schedule", "--site", "tinh", "Lịch công tác tuần 60")
    assert none.returncode == 2 and "week 60, which does not exist" in none.stderr and "nothing written" in none.stderr


def test_the_stub_week_is_the_named_week_nearest_today():
    from generator.model.types.schedule import stub_week
    assert stub_week("Lịch công tác tuần 1", dt.date(2026, 12, 20)) == dt.date(2027, 1, 4)
    assert stub_week("Lịch công tác tuần 52", dt.date(2027, 1, 6)) == dt.date(2026, 12, 21)
    assert stub_week("Lịch công tác tuần 53", dt.date(2026, 6, 1)) == dt.date(2026, 12, 28)
    assert stub_week("Week 48 schedule", dt.date(2026, 11, 20)) == dt.date(2026, 11, 23)
    assert stub_week("Lịch công tác", dt.date(2026, 11, 29)) == dt.date(2026, 11, 23)  # a Sunday
    # the year the title names, whatever today is; a week no year has is refused
    assert stub_week("Lịch công tác tuần 52 năm 2025", dt.date(2026, 12, 2)) == dt.date(2025, 12, 22)
    assert stub_week("Work schedule, week 1, year 2027", dt.date(2026, 6, 1)) == dt.date(2027, 1, 4)
    for title in ("Lịch công tác tuần 60", "Lịch công tác tuần 53 năm 2025"):
        with pytest.raises(ValueError, match="does not exist"):
            stub_week(title, dt.date(2026, 12, 2))


def test_the_json_schema_describes_a_week_and_its_entries():
    schema = content_schemas()["schedule"]
    assert {"title", "week", "entries"} <= set(schema["required"])
    item = schema["properties"]["entries"]["items"]
    assert set(item["required"]) == {"day", "time", "leader", "content"}
    assert set(item["properties"]) == {"day", "time", "leader", "content", "place", "participants", "preparing_unit"}
    data = yaml.safe_load(week().split("---")[1])
    data["entries"] = [dict(e, day=str(e["day"])) for e in data["entries"]]
    jsonschema.validate(data, schema)
    with pytest.raises(jsonschema.ValidationError, match="leader"):
        jsonschema.validate(dict(data, entries=[{"day": "2026-11-23", "time": "08:00", "content": "x"}]), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(data, week="tuần 48"), schema)

# ---------------------------------------------------------------------------------------------
# Pages


def weeks_site(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Weeks 45, 48 and 50 of 2026 on the portal; 46, 47 and 49 have no file."""
    w45 = week("2026-W45", one_entry("2026-11-02", "Giao ban tuần 45"), title="Lịch công tác tuần 45")
    w50 = week("2026-W50", one_entry("2026-12-07", "Giao ban tuần 50"), title="Lịch công tác tuần 50")
    return {W48: week(), "content/tinh/schedule/2026/2026-w45.md": w45,
            "content/tinh/schedule/2026/2026-w50.md": w50, **(extra or {})}


def test_a_week_page_lists_its_entries_by_day_and_time_with_the_nearest_weeks(tmp_path):
    assert build(tmp_path, weeks_site()).ok
    page = main_of(html(tmp_path, "lich-cong-tac/2026-w48/index.html"))
    assert "<caption>Tuần 48 năm 2026 (từ ngày 23/11/2026 đến ngày 29/11/2026)</caption>" in page
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    assert headers == ["Thời gian", "Nội dung", "Lãnh đạo", "Địa điểm", "Đơn vị chuẩn bị"]  # no Thành phần: unused
    days = re.findall(r'<th scope="rowgroup" colspan="5"><time datetime="([^"]+)">([^<]+)</time>', page)
    assert days == [("2026-11-23", "Thứ Hai, ngày 23 tháng 11 năm 2026"),
                    ("2026-11-24", "Thứ Ba, ngày 24 tháng 11 năm 2026")]
    assert page.count("<tbody>") == 2  # one group of rows a day
    contents = re.findall(r'<td data-label="Nội dung">([^<]+)</td>', page)
    assert contents == ["Tiếp công dân định kỳ", "Giao ban Thường trực", "Họp bàn về chuyển đổi số"]
    assert '<time datetime="2026-11-23T08:00+07:00">08:00</time> – <time datetime="2026-11-23T11:30+07:00">11:30' \
        in page
    assert '<time datetime="2026-11-24T08:00+07:00">08:00</time>' in page  # "8h", written as readers expect
    assert '<a href="/lich-cong-tac/2026-w45/" rel="prev">' in page and "Tuần 45 năm 2026" in page
    assert '<a href="/lich-cong-tac/2026-w50/" rel="next">' in page
    assert '<a href="/lich-cong-tac/cac-tuan/">' in page and '<a href="/lich-cong-tac/">' in page
    first = main_of(html(tmp_path, "lich-cong-tac/2026-w45/index.html"))
    assert 'rel="prev"' not in first and '<a href="/lich-cong-tac/2026-w48/" rel="next">' in first
    # the printed page carries the site's name, the week and the print date
    assert ('<p class="print-only schedule-print-heading">Cổng thông tin điện tử tỉnh Lạng Sơn · Tuần 48 năm 2026 (từ ngày '
            '23/11/2026 đến ngày 29/11/2026) · Ngày in: <span data-print-date>') in page
    assert '<script src="/assets/print-date.js" defer></script>' in page
    assert (tmp_path / "public/langson.gov.vn/assets/print-date.js").is_file()


def test_the_schedule_address_shows_the_week_of_now_or_says_none_is_published(tmp_path):
    assert build(tmp_path, weeks_site()).ok
    current = main_of(html(tmp_path, "lich-cong-tac/index.html"))
    assert "Lịch công tác tuần này: Tuần 48 năm 2026 (từ ngày 23/11/2026 đến ngày 29/11/2026)" in current
    assert "Họp bàn về chuyển đổi số" in current and '<a href="/lich-cong-tac/2026-w48/">' in current
    assert '<a href="/lich-cong-tac/2026-w45/" rel="prev">' in current
    assert run_build(tmp_path, now=dt.datetime(2026, 12, 2, 8, tzinfo=VN_TZ)).ok  # week 49: no file
    current = main_of(html(tmp_path, "lich-cong-tac/index.html"))
    assert "Tuần 49 năm 2026 (từ ngày 30/11/2026 đến ngày 06/12/2026)" in current
    assert "Chưa có lịch công tác được công bố cho tuần này." in current and "<table" not in current
    assert '<a href="/lich-cong-tac/2026-w48/" rel="prev">' in current
    assert '<a href="/lich-cong-tac/2026-w50/" rel="next">' in current


def test_the_index_lists_weeks_newest_first_twenty_a_page(tmp_path):
    files = {f"content/tinh/schedule/2026/2026-w{n:02d}.md":
             week(f"2026-W{n:02d}", one_entry(dt.date.fromisocalendar(2026, n, 1).isoformat()),
                  title=f"Lịch công tác tuần {n}") for n in range(1, 23)}
    assert build(tmp_path, files, now=dt.datetime(2026, 1, 14, 9, tzinfo=VN_TZ)).ok
    first = main_of(html(tmp_path, "lich-cong-tac/cac-tuan/index.html"))
    titles = re.findall(r'<h2 class="item-title"><a href="[^"]+">([^<]+)</a>', first)
    assert titles == [f"Lịch công tác tuần {n}" for n in range(22, 2, -1)]
    assert "Tuần 3 năm 2026 (từ ngày 12/01/2026 đến ngày 18/01/2026) · 1 hoạt động · <strong>" in first
    second = main_of(html(tmp_path, "lich-cong-tac/cac-tuan/trang/2/index.html"))
    assert re.findall(r'<h2 class="item-title"><a href="[^"]+">([^<]+)</a>', second) == \
        ["Lịch công tác tuần 2", "Lịch công tác tuần 1"]
    assert '<a href="/lich-cong-tac/cac-tuan/" rel="prev">' in second


def test_the_home_page_shows_today_and_the_coming_days(tmp_path):
    files = weeks_site({"content/sokhcn/news/2026/tin.md": news(), "sites/sokhcn.yaml":
                        'kind: department\nslug: sokhcn\nname: {vi: "Sở Khoa học và Công nghệ"}\n'})
    assert build(tmp_path, files).ok
    home = main_of(html(tmp_path, "index.html"))
    block = home[home.index('<section class="home-section schedule-block"'):]
    block = block[:block.index("</section>")]
    assert '<h2 id="home-schedule">Lịch công tác tuần này</h2>' in block
    assert "Tiếp công dân định kỳ" not in block  # Monday's: the build's day is Tuesday
    assert ('<time datetime="2026-11-24">Thứ Ba, ngày 24 tháng 11 năm 2026</time> (hôm nay)' in block)
    assert block.index("Giao ban Thường trực") < block.index("Họp bàn về chuyển đổi số")  # 08:00, then 14:00
    assert '<a href="/lich-cong-tac/">Xem lịch công tác cả tuần</a>' in block
    assert '<a href="/lich-cong-tac/2026-w50/">Tuần 50 năm 2026</a>' in block
    assert "Lịch công tác" not in main_of((tmp_path / "public/sokhcn.langson.gov.vn/index.html").read_text())
    assert run_build(tmp_path, now=dt.datetime(2026, 11, 29, 20, tzinfo=VN_TZ)).ok  # Sunday: nothing left
    assert "Những ngày còn lại của tuần không có hoạt động nào trong lịch." in html(tmp_path, "index.html")
    assert run_build(tmp_path, now=dt.datetime(2026, 12, 1, 8, tzinfo=VN_TZ)).ok  # week 49: no file
    assert "Chưa có lịch công tác được công bố cho tuần này." in html(tmp_path, "index.html")


def test_a_department_home_page_has_the_block_too(tmp_path):
    files = {"sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: {vi: "Sở Khoa học và Công nghệ"}\n',
             "content/sokhcn/schedule/2026/2026-w48.md": week(entries=one_entry("2026-11-26", "Nghiệm thu đề tài"))}
    assert build(tmp_path, files).ok
    home = (tmp_path / "public/sokhcn.langson.gov.vn/index.html").read_text()
    assert 'id="home-schedule"' in home and "Nghiệm thu đề tài" in home and "Thứ Năm, ngày 26 tháng 11 năm 2026" in home


def test_the_english_edition_writes_dates_and_labels_in_english(tmp_path):
    english = week(entries=one_entry("2026-11-24", "Weekly briefing").replace("Giám đốc Sở", "Director"),
                   title="Work schedule, week 48")
    files = {"sites/_province.yaml": (
        'profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn", en: "Lang Son Province"}\n'
        'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn", en: "Lang Son Provincial People\'s Committee"}\n'),
        "sites/tinh.yaml": 'kind: portal\nname: {vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}\n'
                           'languages: [vi, en]\n',
        W48: week(), W48.replace(".md", ".en.md"): english}
    result = build(tmp_path, files)
    assert result.ok, [d.text() for d in result.diagnostics]
    host = next(p for p in (tmp_path / "public").iterdir() if p.name.startswith("english") or p.name.startswith("en."))
    page = main_of((host / "schedule/2026-w48/index.html").read_text())
    assert "<caption>Week 48 of 2026 (November 23, 2026 to November 29, 2026)</caption>" in page
    assert '<time datetime="2026-11-24">Tuesday, November 24, 2026</time>' in page
    assert re.findall(r'<th scope="col">([^<]+)</th>', page) == ["Time", "Activity", "Leader"]
    assert "Printed on" in page and '<a href="/schedule/weeks/">' in page
    current = main_of((host / "schedule/index.html").read_text())
    assert "This week&#39;s work schedule: Week 48 of 2026" in current and "Weekly briefing" in current
    assert "This week&#39;s work schedule" in (host / "index.html").read_text()


def test_a_week_is_in_the_feed_the_sitemap_the_search_and_its_json_record(tmp_path):
    assert build(tmp_path, weeks_site()).ok
    out = tmp_path / "public/langson.gov.vn"
    feed = (out / "feed.xml").read_text()
    assert "<title>Lịch công tác tuần 48</title>" in feed
    sitemap = (out / "sitemap.xml").read_text()
    for path in ("lich-cong-tac/", "lich-cong-tac/cac-tuan/", "lich-cong-tac/2026-w48/"):
        assert f"<loc>https://langson.gov.vn/{path}</loc>" in sitemap
    assert search_refs(out / "tim-kiem", "tiếp công dân")[0] == "tinh/schedule/2026-w48"  # an activity
    assert search_refs(out / "tim-kiem", "luong duc thang") == ["tinh/schedule/2026-w48"]  # a leader, without marks
    record = json.loads((out / "lich-cong-tac/2026-w48/index.json").read_text())
    assert record["week"]["key"] == "2026-W48"
    assert (record["week"]["start"], record["week"]["end"]) == ("2026-11-23", "2026-11-29")
    assert [(e["day"], e["start"], e["end"]) for e in record["week"]["entries"]] == [
        ("2026-11-23", "08:00", "11:30"), ("2026-11-24", "08:00", ""), ("2026-11-24", "14:00", "")]
    assert record["week"]["entries"][0]["preparing_unit"] == "Ban Tiếp công dân tỉnh"
    assert record["fields"]["entries"][0] == {  # the fields as the file gives them
        "day": "2026-11-24", "start": "14:00", "end": "", "leader": "Chủ tịch UBND tỉnh",
        "content": "Họp bàn về chuyển đổi số", "place": "Phòng họp số 1", "participants": "", "preparing_unit": ""}


def test_a_rescheduled_meeting_is_announced_in_the_update_history(tmp_path):
    repo = GitRepo(tmp_path)
    repo.commit("Lịch tuần 48", "2026-11-20T16:00:00+07:00", {W48: week()})
    repo.edit(W48, 'time: "14:00"', 'time: "15:30"')
    repo.edit(W48, "week: 2026-W48\n", 'week: 2026-W48\nchange_note: "Lùi cuộc họp ngày 24/11 từ 14:00 sang 15:30"\n')
    repo.commit("Lịch tuần 48: lùi cuộc họp", "2026-11-23T17:00:00+07:00")
    assert run_build(tmp_path, now=TUESDAY_W48).ok
    page = html(tmp_path, "lich-cong-tac/2026-w48/index.html")
    history = page[page.index('id="update-history"'):]
    assert "Lùi cuộc họp ngày 24/11 từ 14:00 sang 15:30" in history
    assert '<time datetime="2026-11-24T15:30+07:00">15:30</time>' in page
