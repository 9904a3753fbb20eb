"""The regulations' calendar: working days, office hours and the deadlines counted in them.

A day is a working day unless it falls on the weekend or is a day off, where days off are
Vietnam's public holidays and the Government's substituted days off from the ``holidays``
package (requirements.md §10.8), plus the province's own decisions for the year; a weekend day
the Government makes a make-up working day (``holidays``' ``weekend_workdays``) or the province
declares one is a working day. Every moment is read in the calendar's time zone (Asia/Ho_Chi_Minh).

Counting follows the civil-code rule the regulations rely on: a period of N days starts on the
day after its start event, so "within 3 working days of issue" ends at the close of the third
working day after the day of issue. Office hours (default 07:30-11:30 and 13:30-17:00, §10.4)
are counted only inside the office periods of working days.

Everything here is a pure function of a frozen ``WorkCalendar`` and its arguments.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

from .clock import VN_TZ

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_OFFICE_HOURS = ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0)))
# Bounds of any search for a working day: a calendar with no working day at all (every weekday a
# weekend) must fail loudly rather than loop.
_MAX_DAYS_WITHOUT_WORK = 366


@dataclass(frozen=True)
class WorkCalendar:
    """One province's calendar. ``days_off`` and ``working_days`` are the province's own
    decisions; they win over the national calendar (a declared working day wins over a day off)."""
    tz: ZoneInfo = VN_TZ
    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday(): Saturday, Sunday
    office_hours: tuple[tuple[dt.time, dt.time], ...] = DEFAULT_OFFICE_HOURS
    days_off: frozenset[dt.date] = frozenset()
    working_days: frozenset[dt.date] = frozenset()
    clock_start: dt.time | None = None  # a clock that starts at this time of the next working day
    country: str = field(default="VN")

    def __post_init__(self) -> None:
        if not self.weekend < frozenset(range(7)):
            raise ValueError("a calendar needs at least one weekday that is not weekend")
        for start, end in self.office_hours:
            if not start < end:
                raise ValueError(f"office period {start:%H:%M}-{end:%H:%M} ends before it starts")
        periods = sorted(self.office_hours)
        if any(a[1] > b[0] for a, b in zip(periods, periods[1:])):
            raise ValueError("office periods overlap")
        object.__setattr__(self, "office_hours", tuple(periods))


@lru_cache(maxsize=16)
def _national(country: str, year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """The national days off and make-up working days of one year."""
    import holidays  # (not at the top: importing it costs a build that counts no working day 0.04 s)

    calendar = holidays.country_holidays(country, years=year)
    make_up = frozenset(d for d in calendar.weekend_workdays if d.year == year)
    return frozenset(calendar), make_up


def is_working_day(cal: WorkCalendar, day: dt.date) -> bool:
    if day in cal.working_days:
        return True
    if day in cal.days_off:
        return False
    days_off, make_up = _national(cal.country, day.year)
    if day in make_up:
        return True
    return day.weekday() not in cal.weekend and day not in days_off


def local(cal: WorkCalendar, moment: dt.datetime) -> dt.datetime:
    """A moment in the calendar's time zone; a naive one is taken as already local."""
    return moment.replace(tzinfo=cal.tz) if moment.tzinfo is None else moment.astimezone(cal.tz)


def next_working_day(cal: WorkCalendar, day: dt.date) -> dt.date:
    """The first working day strictly after ``day``."""
    for offset in range(1, _MAX_DAYS_WITHOUT_WORK + 1):
        candidate = day + dt.timedelta(days=offset)
        if is_working_day(cal, candidate):
            return candidate
    raise ValueError(f"no working day within a year after {day.isoformat()}")


def add_working_days(cal: WorkCalendar, start: dt.datetime | dt.date, n: int) -> dt.date:
    """The last day of a period of ``n`` working days that starts the day after ``start``
    (the due date of "within n working days of start"). ``n`` = 0 is the start's own day."""
    if n < 0:
        raise ValueError("a period has a length of zero or more working days")
    day = local(cal, start).date() if isinstance(start, dt.datetime) else start
    for _ in range(n):
        day = next_working_day(cal, day)
    return day


def add_calendar_days(cal: WorkCalendar, start: dt.datetime | dt.date, n: int) -> dt.date:
    day = local(cal, start).date() if isinstance(start, dt.datetime) else start
    return day + dt.timedelta(days=n)


def working_days_between(cal: WorkCalendar, first: dt.date, last: dt.date) -> int:
    """How many working days fall after ``first`` up to and including ``last`` (0 when
    ``last`` is not after ``first``): the working days a publication on ``last`` is late by
    when ``first`` was its due date."""
    count, day = 0, first
    while day < last:
        day += dt.timedelta(days=1)
        count += is_working_day(cal, day)
    return count


def working_days_late(cal: WorkCalendar, due: dt.date, published: dt.datetime | dt.date) -> int:
    """Working days a publication is late by: 0 on or before its due date; a publication on a
    day off after the due date is late by the working days up to it, and at least one."""
    day = local(cal, published).date() if isinstance(published, dt.datetime) else published
    if day <= due:
        return 0
    return max(1, working_days_between(cal, due, day))


def _office_periods(cal: WorkCalendar, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
    if not is_working_day(cal, day):
        return []
    return [(dt.datetime.combine(day, a, cal.tz), dt.datetime.combine(day, b, cal.tz)) for a, b in cal.office_hours]


def office_time_between(cal: WorkCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """The office time that passes from ``start`` to ``end`` (zero when ``end`` is not after it)."""
    start, end = local(cal, start), local(cal, end)
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        for a, b in _office_periods(cal, day):
            overlap = min(b, end) - max(a, start)
            if overlap > dt.timedelta():
                total += overlap
        day += dt.timedelta(days=1)
    return total


def add_office_time(cal: WorkCalendar, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
    """The moment at which ``amount`` of office time has passed since ``start`` (the deadline of
    "within N office hours of the event"). An event outside office hours starts the clock at the
    next office period."""
    if amount < dt.timedelta():
        raise ValueError("an amount of office time is zero or more")
    moment, left = local(cal, start), amount
    day, idle = moment.date(), 0
    while True:
        periods = _office_periods(cal, day)
        idle = 0 if periods else idle + 1
        if idle > _MAX_DAYS_WITHOUT_WORK:
            raise ValueError(f"no office hours within a year after {start.isoformat()}")
        for a, b in periods:
            begin = max(a, moment)
            if begin >= b:
                continue
            if begin + left <= b:
                return begin + left
            left -= b - begin
        day += dt.timedelta(days=1)


def clock_started(cal: WorkCalendar, received: dt.datetime) -> dt.datetime:
    """When a period's clock starts for something received at ``received``: the moment itself, or,
    under a profile whose clock starts at a set time of the next working day (Thái Nguyên's Q&A,
    003 Đ13.4.d, read in requirements.md §10.2), that time of the first working day after it."""
    moment = local(cal, received)
    if cal.clock_start is None:
        return moment
    return dt.datetime.combine(next_working_day(cal, moment.date()), cal.clock_start, cal.tz)


def first_working_day(cal: WorkCalendar, year: int, month: int) -> dt.date:
    """The first working day of a month (when a monthly report is made)."""
    return next_working_day(cal, dt.date(year, month, 1) - dt.timedelta(days=1))


def last_working_day(cal: WorkCalendar, year: int, month: int) -> dt.date:
    """The last working day of a month (periodic reports due "by the end of the month")."""
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    day = first_of_next - dt.timedelta(days=1)
    for _ in range(_MAX_DAYS_WITHOUT_WORK):
        if is_working_day(cal, day):
            return day
        day -= dt.timedelta(days=1)
    raise ValueError(f"no working day in {year}-{month:02d}")


def day_of_month_or_last(year: int, month: int, day: int) -> dt.date:
    """The ``day``-th of a month, or its last day when the month is shorter ("by the 30th" in
    February is the 28th or 29th, requirements.md §10.3)."""
    first_of_next = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (first_of_next - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day, last))
