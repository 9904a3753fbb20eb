"""The working-day calendar a repository counts its deadlines in, read with located errors.

Two sources: the profile's ``calendar`` (time zone, weekend, office hours, when a clock starts,
days the regulation itself adds), checked as the profile is read; and the province's own
decisions of each year in ``sites/_calendar.yaml`` (extra days off, swapped days, make-up working
days), each with its reason and, where there is one, the decision that set it::

    days_off:
      - {date: 2026-01-02, reason: "Nghỉ bù Tết Dương lịch", decision: "Công văn số 12/UBND-KGVX"}
    working_days:
      - {date: 2026-01-10, reason: "Làm bù ngày 02/01/2026", decision: "Công văn số 12/UBND-KGVX"}
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfoNotFoundError

import yaml

from ..core import fields as f
from ..core.clock import VN_TZ, zone
from ..core.diagnostics import Diagnostic, error, warning
from ..core.fields import FieldError
from ..core.links import symlink_error
from ..core.workdays import WEEKDAYS, WorkCalendar, is_working_day
from ..core.yamlsource import Spec, compose, read_mapping
from . import site_fields as sf

CALENDAR_REL = "sites/_calendar.yaml"
_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


def time_of_day(node: yaml.Node) -> dt.time:
    raw = f.text(node)
    match = _CLOCK.fullmatch(raw.strip())
    if not match:
        raise FieldError(f"`{f.shown(raw)}` is not a time of day; write it as HH:MM, e.g. \"07:30\"", node,
                         "field.time")
    return dt.time(int(match[1]), int(match[2]))


def time_zone(node: yaml.Node) -> str:
    raw = f.text(node).strip()
    try:
        zone(raw)
    except (ZoneInfoNotFoundError, ValueError):
        raise FieldError(f"`{f.shown(raw)}` is not a time zone name; Vietnam's is Asia/Ho_Chi_Minh", node,
                         "field.enum") from None
    return raw


def office_period(node: yaml.Node) -> tuple[dt.time, dt.time]:
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        raise FieldError("an office period is a pair [\"HH:MM\", \"HH:MM\"]: when it opens and when it closes", node)
    opens, closes = (time_of_day(n) for n in node.value)
    if not opens < closes:
        raise FieldError(f"the office period {opens:%H:%M}-{closes:%H:%M} closes before it opens", node)
    return opens, closes


SETTINGS = (
    Spec("timezone", time_zone), Spec("weekend", f.list_of(f.enum(*WEEKDAYS))),
    Spec("office_hours", f.list_of(office_period), text_like=False), Spec("clock_start", time_of_day),
    Spec("extra_holidays", f.list_of(f.date)), Spec("extra_working_days", f.list_of(f.date)),
)
settings = sf.record(SETTINGS, "the calendar")

DAY = (Spec("date", f.date, True), Spec("reason", f.text, True), Spec("decision", f.text))
FILE = (Spec("days_off", lambda n: n, text_like=False), Spec("working_days", lambda n: n, text_like=False))


def calendar_of(profile_calendar: dict[str, Any], days_off: frozenset[dt.date] = frozenset(),
                working_days: frozenset[dt.date] = frozenset()) -> WorkCalendar:
    """The calendar of a profile's (checked) ``calendar`` settings and a province's decisions."""
    weekend = profile_calendar.get("weekend")
    return WorkCalendar(
        tz=zone(profile_calendar.get("timezone") or VN_TZ.key),
        weekend=frozenset(WEEKDAYS.index(d) for d in weekend) if weekend is not None else frozenset({5, 6}),
        office_hours=tuple(profile_calendar.get("office_hours") or WorkCalendar().office_hours),
        days_off=frozenset(profile_calendar.get("extra_holidays") or ()) | days_off,
        working_days=frozenset(profile_calendar.get("extra_working_days") or ()) | working_days,
        clock_start=profile_calendar.get("clock_start"),
    )


def load_calendar(root: Path, profile_calendar: dict[str, Any]) -> tuple[WorkCalendar, list[Diagnostic]]:
    """The repository's calendar: the profile's, with the decisions of ``sites/_calendar.yaml``
    when there is one. Every problem of the file is reported, each at its line; a link is refused, not read."""
    base = calendar_of(profile_calendar)
    path = root / CALENDAR_REL
    if path.is_symlink():
        return base, [symlink_error(path, CALENDAR_REL, "config.symlink")]
    if not path.is_file():
        return base, []
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return base, [error(CALENDAR_REL, 1, "text.encoding", "is not UTF-8; save it as UTF-8")]
    node, problems = compose(text, CALENDAR_REL)
    if problems:
        return base, problems
    values, _, problems = read_mapping(node, FILE, CALENDAR_REL, what="calendar file")
    chosen: dict[str, dict[dt.date, int]] = {}
    for key in ("days_off", "working_days"):
        chosen[key] = {}
        if key not in values:
            continue
        records, probs = sf.read_records(values[key], DAY, CALENDAR_REL, "day")
        problems += probs
        for record, lines in records:
            day, line = record["date"], lines["date"]
            if day in chosen[key]:
                problems.append(error(CALENDAR_REL, line, "calendar.duplicate",
                                      f"{day.isoformat()} is listed twice in `{key}` (also on line "
                                      f"{chosen[key][day]}); keep one"))
                continue
            chosen[key][day] = line
    for day, line in chosen["working_days"].items():
        if day in chosen["days_off"]:
            problems.append(error(CALENDAR_REL, line, "calendar.conflict",
                                  f"{day.isoformat()} is both a day off (line {chosen['days_off'][day]}) and a "
                                  "working day; keep the one the province's decision says"))
        elif is_working_day(base, day):
            problems.append(warning(CALENDAR_REL, line, "calendar.redundant",
                                    f"{day.isoformat()} is already a working day; remove it from `working_days`"))
    for day, line in chosen["days_off"].items():
        if day not in chosen["working_days"] and not is_working_day(base, day):
            problems.append(warning(CALENDAR_REL, line, "calendar.redundant",
                                    f"{day.isoformat()} is already a day off (weekend or public holiday); "
                                    "remove it from `days_off`"))
    if any(p.severity == "error" for p in problems):
        return base, problems
    return calendar_of(profile_calendar, frozenset(chosen["days_off"]), frozenset(chosen["working_days"])), problems
