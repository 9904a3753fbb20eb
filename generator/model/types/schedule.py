"""The leaders' work schedule (lịch công tác, lịch làm việc của lãnh đạo): one file per ISO week.

Offices publish the schedule as one document a week, approved once, so an item is a week:
``content/<site>/schedule/2026/2026-w48.md`` with ``week: 2026-W48`` and its ``entries`` (day,
time, leader, content; place, participants and preparing unit when known). The file is named
after its week, so each week has one stable address (``/lich-cong-tac/2026-w48/``) and a second
file of the same week is an error naming both. A rescheduled meeting is a major change: the
editor writes ``change_note`` and the page's update history shows it.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import yaml

from ...core import fields as f
from ...core.diagnostics import Diagnostic, error
from ..type_spec import COMMON, ContentType, Field, NewItem, files

# ---------------------------------------------------------------------------------------------
# Weeks


def week_key(monday: dt.date) -> str:
    """The ISO week of a day as written in files and records: 2026-W48."""
    year, week, _ = monday.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_slug(monday: dt.date) -> str:
    """The file name (without .md) and the address segment of a week: 2026-w48."""
    return week_key(monday).lower()


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def short_day(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


_WEEK = re.compile(r"(\d{4})-?[Ww](\d{1,2})")


def _monday(year: int, week: int) -> dt.date | None:
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
        monday + dt.timedelta(days=6)  # the week's Sunday exists too
    except (ValueError, OverflowError):
        return None
    return monday


def iso_week(node: yaml.Node) -> dt.date:
    """An ISO week, 2026-W48, read as its Monday (the date listings, feeds and sorting use)."""
    raw = f.text(node)
    m = _WEEK.fullmatch(raw)
    if not m:
        raise f.FieldError(f"`{f.shown(raw)}` is not an ISO week; write the year, W and the week's number: "
                           "2026-W48", node, "field.date")
    year, week = int(m[1]), int(m[2])
    monday = _monday(year, week)
    if monday is None:
        last = 53 if _monday(year, 53) else 52
        raise f.FieldError(f"`{raw}`: {year} has no week {week}; its ISO weeks run from 1 to {last}",
                           node, "field.date")
    return monday


iso_week.schema = {"type": "string", "pattern": r"^\d{4}-?[Ww]\d{1,2}$"}  # type: ignore[attr-defined]

# ---------------------------------------------------------------------------------------------
# Times of day: 08:00, 8:00, 8h, 8h30, and ranges 08:00-11:30 (–, —, "đến", "to")

_CLOCK = r"(\d{1,2})(?::(\d{2})|[hg](\d{2})?)"
_TIME = re.compile(rf"{_CLOCK}(?:\s*(?:-|–|—|đến|to)\s*{_CLOCK})?", re.IGNORECASE)


def _clock(hour: str, minute: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    return f"{h:02d}:{m:02d}" if h <= 23 and m <= 59 else None


def clock_range(node: yaml.Node) -> tuple[str, str]:
    """A time of day or a range, as (start, end) in HH:MM; end is "" for a start time alone."""
    raw = f.text(node)
    m = _TIME.fullmatch(raw)
    start = _clock(m[1], m[2] or m[3]) if m else None
    end = (_clock(m[4], m[5] or m[6]) if m[4] else "") if m else None
    if start is None or end is None:
        raise f.FieldError(f"`{f.shown(raw)}` is not a time of day; write 08:00, or a range 08:00-11:30",
                           node, "schedule.time")
    if end and end <= start:
        raise f.FieldError(f"`{raw}` ends at {end}, not after it starts at {start}; write the range as "
                           "start-end", node, "schedule.time")
    return start, end


clock_range.schema = {"type": "string", "pattern": r"^\d{1,2}(:\d{2}|[hg](\d{2})?)"}  # type: ignore[attr-defined]

# ---------------------------------------------------------------------------------------------
# Entries


@dataclass(frozen=True)
class ScheduleEntry:
    """One activity of a leader in the week."""
    day: dt.date
    start: str                 # "08:00"
    end: str                   # "11:30", or "" when only the start is given
    leader: str
    content: str
    place: str = ""
    participants: str = ""
    preparing_unit: str = ""


ENTRY_FIELDS = (
    Field("day", f.date, True, "the day, inside the week: 2026-11-23 or 23/11/2026", ("Ngày", "Day")),
    Field("time", clock_range, True, "the start, 08:00, or a range, 08:00-11:30", ("Thời gian", "Time")),
    Field("leader", f.text, True, "who chairs or attends: Chủ tịch UBND tỉnh", ("Lãnh đạo", "Leader")),
    Field("content", f.text, True, "the meeting, visit or reception", ("Nội dung", "Activity")),
    Field("place", f.text, False, "where it takes place", ("Địa điểm", "Place")),
    Field("participants", f.text, False, "who takes part (thành phần)", ("Thành phần", "Participants")),
    Field("preparing_unit", f.text, False, "the unit that prepares it (đơn vị chuẩn bị)",
          ("Đơn vị chuẩn bị", "Prepared by")),
)
_ENTRY_SPECS = {x.name: x for x in ENTRY_FIELDS}


def _entry(node: yaml.Node, number: int) -> tuple[ScheduleEntry | None, list[f.FieldError]]:
    """One entry, or every problem it has."""
    where = f"entry {number}"
    if not isinstance(node, yaml.MappingNode):
        return None, [f.FieldError(f"{where} is not a mapping; write it as `- day: …` with `time:`, `leader:` "
                                   "and `content:` below", node)]
    values: dict[str, Any] = {}
    seen: set[str] = set()
    problems: list[f.FieldError] = []
    for key, value in node.value:
        try:
            name = f.key_text(key)
        except f.FieldError as exc:
            problems.append(f.FieldError(f"{where}: {exc.message}", key, exc.code))
            continue
        if name in seen:
            problems.append(f.FieldError(f"{where}: `{f.shown(name)}` is given twice; keep one", key,
                                         "field.duplicate"))
            continue
        seen.add(name)
        spec = _ENTRY_SPECS.get(name)
        if spec is None:
            close = difflib.get_close_matches(name, list(_ENTRY_SPECS), n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else f"known keys: {', '.join(_ENTRY_SPECS)}"
            problems.append(f.FieldError(f"{where}: unknown key `{f.shown(name)}`; {hint}", key, "field.unknown"))
            continue
        if isinstance(value, yaml.ScalarNode) and not value.value.strip():
            if spec.required:
                problems.append(f.FieldError(f"{where}: `{name}` is empty; write {spec.help}", value,
                                             "field.required"))
            continue  # an optional key left empty (`place:`): as if not given
        try:
            values[name] = spec.coerce(value)
        except f.FieldError as exc:
            problems.append(f.FieldError(f"{where}: `{name}` {exc.message}", exc.node or value, exc.code))
    for spec in ENTRY_FIELDS:
        if spec.required and spec.name not in seen:
            problems.append(f.FieldError(f"{where} has no `{spec.name}`: {spec.help}", node, "field.required"))
    if problems:
        return None, problems
    start, end = values.pop("time")
    return ScheduleEntry(start=start, end=end, **values), []


def entries(node: yaml.Node) -> tuple[ScheduleEntry, ...]:
    """The week's entries, in the file's order; every problem of every entry at once."""
    if not isinstance(node, yaml.SequenceNode):
        raise f.FieldError("expected a list of entries, each `- day: …` with `time:`, `leader:` and `content:`",
                           node)
    if not node.value:
        raise f.FieldError("lists no entry; a week's schedule has at least one (`- day: …`)", node,
                           "field.required")
    found: list[ScheduleEntry] = []
    problems: list[f.FieldError] = []
    for number, item in enumerate(node.value, 1):
        entry, wrong = _entry(item, number)
        problems += wrong
        if entry is not None:
            found.append(entry)
    if problems:
        first, *more = problems
        raise f.FieldError(first.message, first.node, first.code, tuple(more))
    return tuple(found)


entries.schema = {  # type: ignore[attr-defined]
    "type": "array", "minItems": 1,
    "items": {"type": "object", "additionalProperties": False,
              "required": [x.name for x in ENTRY_FIELDS if x.required],
              "properties": {x.name: ({"type": "string", "format": "date"} if x.coerce is f.date
                                      else dict(x.coerce.schema) if hasattr(x.coerce, "schema")
                                      else {"type": "string", "minLength": 1}) | {"description": x.help}
                             for x in ENTRY_FIELDS}},
}


def sorted_entries(items: tuple[ScheduleEntry, ...]) -> list[ScheduleEntry]:
    """By day, then time (an entry without an end before one with the same start and an end)."""
    return sorted(items, key=lambda e: (e.day, e.start, e.end))

# ---------------------------------------------------------------------------------------------
# The type


def _stem(path: str) -> str:
    stem = PurePosixPath(path).name.removesuffix(".md")
    return re.sub(r"\.[a-z]{2}$", "", stem)


def _check_week(values: dict[str, Any], lines: dict[str, int], path: str) -> list[Diagnostic]:
    """The file is named after its week, and every entry's day falls inside it."""
    monday = values["week"]
    sunday = monday + dt.timedelta(days=6)
    key, slug = week_key(monday), week_slug(monday)
    out = []
    if _stem(path) != slug:
        out.append(error(path, lines["week"], "schedule.file-name",
                         f"the schedule of week {key} is published at …/{slug}/, so its file is named {slug}.md "
                         f"(its translation {slug}.en.md); rename {PurePosixPath(path).name}, or correct the week"))
    for number, entry in enumerate(values["entries"]):
        if not monday <= entry.day <= sunday:
            out.append(error(path, lines.get(f"entries.{number}.day", lines["entries"]), "schedule.day",
                             f"`entries` entry {number + 1}: {short_day(entry.day)} is not in week {key} "
                             f"({short_day(monday)} to {short_day(sunday)}); correct the day, or put the entry "
                             f"in the file of week {week_key(monday_of(entry.day))}"))
    return out


def search_text(values: dict[str, Any]) -> tuple[str, ...]:
    """What the site search finds a week by: its leaders, activities and places."""
    return tuple(dict.fromkeys(text for e in values.get("entries", ())
                               for text in (e.leader, e.content, e.place) if text))


_NAMED_WEEK = re.compile(r"(?:tuần|week)\s*(?:số\s*)?(\d{1,2})\b", re.IGNORECASE)


_NAMED_YEAR = re.compile(r"(?:năm|year)\s*(\d{4})\b", re.IGNORECASE)


def stub_week(title: str, today: dt.date) -> dt.date:
    """The week `build.py new schedule` writes: the one the title names ("tuần 49"), in the year it
    names ("năm 2025") or else the year that puts it nearest to today; else the current week. Raises
    ValueError for a week its year does not have."""
    m = _NAMED_WEEK.search(title)
    if not m:
        return monday_of(today)
    named = _NAMED_YEAR.search(title)
    years = (int(named[1]),) if named else (today.year - 1, today.year, today.year + 1)
    candidates = [d for year in years if (d := _monday(year, int(m[1]))) is not None]
    if not candidates:
        of = f" of {named[1]}" if named else ""
        raise ValueError(f"the title names week {int(m[1])}{of}, which does not exist (an ISO year has 52 or 53 "
                         "weeks); correct the title")
    return min(candidates, key=lambda d: abs((d - today).days))


def new_item(title: str, now: dt.datetime) -> NewItem:
    """A stub that fails `check` until the entry's leader and content are written."""
    monday = stub_week(title, now.date())
    sunday = monday + dt.timedelta(days=6)
    return NewItem(week_slug(monday), monday.isocalendar()[0], {
        "week": (f"week: {week_key(monday)}  # ISO week: {short_day(monday)} (Monday) to {short_day(sunday)}; "
                 f"the file is named {week_slug(monday)}.md",),
        "entries": ("entries:  # one per activity; sorted by day and time on the page",
                    f"  - day: {monday.isoformat()}  # inside the week",
                    '    time: "08:00"  # or a range: "08:00-11:30"',
                    '    leader: ""  # who chairs or attends',
                    '    content: ""  # the meeting, visit or reception',
                    '    # place: ""  # optional: where',
                    '    # participants: ""  # optional: thành phần',
                    '    # preparing_unit: ""  # optional: đơn vị chuẩn bị'),
    })


SCHEDULE = ContentType(
    "schedule", ("Lịch công tác", "Work schedule"), ("lich-cong-tac", "schedule"),
    COMMON + (
        Field("week", iso_week, True, "the ISO week, 2026-W48; the file is named after it: 2026-w48.md",
              ("Tuần", "Week")),
        Field("entries", entries, True,
              "the week's activities, each `- day:` (inside the week), `time:` (08:00 or 08:00-11:30), "
              "`leader:`, `content:`, and optionally `place:`, `participants:`, `preparing_unit:`",
              ("Lịch công tác", "Activities")),
        Field("summary", f.text, False, "one sentence shown in lists and the feed", ("Tóm tắt", "Summary")),
        files("the signed schedule as issued, if it is published too"),
    ),
    home_count=0, date_field="week", feed=True, checks=(_check_week,), search_text=search_text,
    new_item=new_item, hooks="week",
    menu_group="news",
)
