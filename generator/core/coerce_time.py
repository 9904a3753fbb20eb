"""Coercers of dates, moments and statistical periods: 2024-10-25 or 25/10/2024, a moment in Vietnam
time unless it names its offset, 2026-10 / 2026-Q3 / 2026. Offsets that are no UTC offset and
moments that cannot be shown in Vietnam time are a ``FieldError``, never an exception of Python's."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .clock import VN_TZ
from .coerce_text import FieldError, scalar, shown

# UTC offsets in use on Earth run from -12:00 to +14:00.
MIN_OFFSET, MAX_OFFSET = dt.timedelta(hours=-12), dt.timedelta(hours=14)
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_MONTHS = ("", "January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December")


def _make_date(raw: str, year: int, month: int, day: int, node: yaml.Node) -> dt.date:
    if not 1 <= month <= 12:
        raise FieldError(f"`{raw}`: there is no month {month}", node, "field.date")
    if year < 1:
        raise FieldError(f"`{raw}`: there is no year {year:04d}; write the year's four digits", node, "field.date")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(
            f"`{raw}`: {_MONTHS[month]} {year} has no day {day}", node, "field.date"
        ) from None


def date(node: yaml.Node) -> dt.date:
    raw = scalar(node, "a date").strip()
    m = _ISO_DATE.fullmatch(raw)
    if m:
        return _make_date(raw, int(m[1]), int(m[2]), int(m[3]), node)
    m = _DMY.fullmatch(raw)
    if m:
        return _make_date(raw, int(m[3]), int(m[2]), int(m[1]), node)
    raise FieldError(f"`{shown(raw)}` is not a date; write 2024-10-25 or 25/10/2024", node, "field.date")


def _offset(raw: str, written: str, node: yaml.Node) -> dt.tzinfo:
    if written == "Z":
        return dt.timezone.utc
    sign = 1 if written[0] == "+" else -1
    digits = written[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    offset = sign * dt.timedelta(hours=hours, minutes=minutes)
    if minutes > 59 or not MIN_OFFSET <= offset <= MAX_OFFSET:
        raise FieldError(f"`{shown(raw)}`: `{written}` is not a UTC offset; offsets run from -12:00 to "
                         "+14:00 (Vietnam is +07:00, the default)", node, "field.date")
    return dt.timezone(offset)


def _showable(raw: str, moment: dt.datetime, node: yaml.Node) -> dt.datetime:
    """The moment, if it can be shown in Vietnam time and in UTC (pages, feeds and sitemaps do both)."""
    try:
        moment.astimezone(VN_TZ), moment.astimezone(dt.timezone.utc), moment.timestamp()
    except (OverflowError, ValueError):
        raise FieldError(f"`{shown(raw)}` falls outside the years 0001 to 9999 in Vietnam time or in UTC",
                         node, "field.date") from None
    return moment


def datetime(node: yaml.Node) -> dt.datetime:
    """A moment; a bare date is midnight, no offset means Vietnam time (UTC+7)."""
    raw = scalar(node, "a date and time").strip()
    m = _DATETIME.fullmatch(raw)
    if not m:
        day = date(node)  # accepts 25/10/2024 too, or raises the date message
        return _showable(raw, dt.datetime(day.year, day.month, day.day, tzinfo=VN_TZ), node)
    day = _make_date(raw, int(m[1]), int(m[2]), int(m[3]), node)
    hour, minute, second = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise FieldError(f"`{raw}` is not a valid time of day", node, "field.date")
    tz = _offset(raw, m[7], node) if m[7] else VN_TZ
    return _showable(raw, dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz), node)


@dataclass(frozen=True)
class Period:
    """A statistical period (kỳ thống kê): a month, a quarter or a year. ``isoformat`` is how it is
    written in front matter and records: 2026-10, 2026-Q3, 2026."""
    kind: str        # month, quarter or year
    year: int
    number: int = 0  # the month (1-12) or the quarter (1-4); 0 for a year

    def isoformat(self) -> str:
        if self.kind == "month":
            return f"{self.year:04d}-{self.number:02d}"
        if self.kind == "quarter":
            return f"{self.year:04d}-Q{self.number}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()


_PERIOD = re.compile(r"(\d{4})(?:-(?:(\d{2})|Q(\d)))?")


def period(node: yaml.Node) -> Period:
    """A month (2026-10), a quarter (2026-Q3) or a year (2026)."""
    raw = scalar(node, "a period").strip()
    m = _PERIOD.fullmatch(raw)
    if not m or int(m[1]) == 0:
        raise FieldError(f"`{shown(raw)}` is not a period; write a month 2026-10, a quarter 2026-Q3 or a "
                         "year 2026", node, "field.period")
    year = int(m[1])
    if m[2]:
        if not 1 <= int(m[2]) <= 12:
            raise FieldError(f"`{raw}`: there is no month {int(m[2])}", node, "field.period")
        return Period("month", year, int(m[2]))
    if m[3]:
        if not 1 <= int(m[3]) <= 4:
            raise FieldError(f"`{raw}`: there is no quarter {m[3]}; a year has quarters Q1 to Q4", node,
                             "field.period")
        return Period("quarter", year, int(m[3]))
    return Period("year", year)
