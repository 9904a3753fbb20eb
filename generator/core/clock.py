"""The one clock: Vietnam's time zone, the moment a command runs as, and the day it falls on.

The regulations count days in Vietnam (UTC+7, no daylight saving), so every "today" of the
tool (CODEOWNERS for the day, delegations valid on the day of a review, effect status) is the
day in Asia/Ho_Chi_Minh of one moment: ``--now`` when given, else the machine's clock, read
here and nowhere else.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def zone(name: str) -> ZoneInfo:
    """A time zone by its IANA name (a profile's calendar may name another; it never does today).
    Raises ``zoneinfo.ZoneInfoNotFoundError`` or ``ValueError`` for a name that is none."""
    return VN_TZ if name == VN_TZ.key else ZoneInfo(name)


def now_in_vietnam() -> dt.datetime:
    """The machine's clock, to the second, in Vietnam time."""
    return dt.datetime.now(VN_TZ).replace(microsecond=0)


def today_in_vietnam(now: dt.datetime) -> dt.date:
    return now.astimezone(VN_TZ).date()
