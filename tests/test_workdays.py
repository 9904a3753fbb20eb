"""The working-day calendar (issue 10, point 1): hand-computed cases across Tết 2026, 30/4-1/5,
2/9 and make-up Saturdays, property tests, and the province's override file read with located
errors."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sitekit import run_build, write_repo

from generator.core.clock import VN_TZ
from generator.core.workdays import (
    WorkCalendar,
    add_office_time,
    add_working_days,
    clock_started,
    day_of_month_or_last,
    is_working_day,
    last_working_day,
    office_time_between,
    working_days_between,
    working_days_late,
)
from generator.model.calendar_config import calendar_of
from generator.model.config import load_config

VN = WorkCalendar()
D = dt.date
H = dt.timedelta(hours=1)


def at(y, m, d, hh=0, mm=0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN_TZ)


@pytest.mark.parametrize("day, working", [
    (D(2026, 2, 13), True),    # Friday before Tết
    (D(2026, 2, 16), False),   # 29 Tết (Monday): day off
    (D(2026, 2, 20), False),   # mùng 4 (Friday): day off
    (D(2026, 2, 23), True),    # back to work
    (D(2026, 4, 27), False),   # Giỗ Tổ Hùng Vương falls on Sunday 26/4: Monday off instead
    (D(2026, 4, 30), False), (D(2026, 5, 1), False),
    (D(2026, 8, 22), True),    # Saturday made a working day ...
    (D(2026, 8, 31), False),   # ... for Monday 31/8, joined to 1-2/9
    (D(2026, 9, 2), False), (D(2026, 9, 3), True),
    (D(2025, 4, 26), True), (D(2025, 5, 2), False),  # 2025's swap around 30/4-1/5
    (D(2026, 11, 28), False),  # an ordinary Saturday
])
def test_national_calendar(day, working):
    assert is_working_day(VN, day) is working


@pytest.mark.parametrize("start, n, due", [
    (D(2026, 2, 13), 3, D(2026, 2, 25)),   # issued the Friday before Tết: Mon 23, Tue 24, Wed 25
    (D(2026, 4, 29), 2, D(2026, 5, 5)),    # over 30/4-1/5 and the weekend
    (D(2026, 8, 21), 3, D(2026, 8, 25)),   # the make-up Saturday counts: Sat 22, Mon 24, Tue 25
    (D(2026, 8, 28), 2, D(2026, 9, 4)),    # over 31/8-2/9
    (D(2026, 11, 27), 0, D(2026, 11, 27)),
    (D(2026, 11, 28), 1, D(2026, 11, 30)),  # from a Saturday: Monday is the first day
])
def test_add_working_days(start, n, due):
    assert add_working_days(VN, start, n) == due


def test_a_moment_counts_from_its_day_in_vietnam():
    # 18:00 UTC on Thursday 12/2 is 01:00 on Friday 13/2 in Vietnam
    moment = dt.datetime(2026, 2, 12, 18, 0, tzinfo=dt.timezone.utc)
    assert add_working_days(VN, moment, 3) == D(2026, 2, 25)


def test_lateness_in_working_days():
    due = D(2026, 2, 13)
    assert working_days_late(VN, due, at(2026, 2, 13, 23, 59)) == 0
    assert working_days_late(VN, due, at(2026, 2, 16, 9)) == 1   # a day off after the due date: still late
    assert working_days_late(VN, due, at(2026, 2, 23, 9)) == 1   # the first working day after Tết
    assert working_days_late(VN, due, at(2026, 2, 25, 9)) == 3
    assert working_days_between(VN, D(2026, 8, 28), D(2026, 9, 4)) == 2


def test_office_hours_across_a_weekend():
    event = at(2026, 11, 27, 15)  # Friday 15:00
    due = add_office_time(VN, event, 8 * H)
    assert due == at(2026, 11, 30, 15, 30)  # Fri 2h, Mon morning 4h, Mon afternoon 2h
    assert office_time_between(VN, event, at(2026, 11, 30, 16, 30)) == 9 * H
    assert office_time_between(VN, event, at(2026, 11, 30, 16, 30)) - 8 * H == H  # posted 1 hour late


def test_office_hours_outside_the_office_start_at_the_next_period():
    assert add_office_time(VN, at(2026, 11, 27, 12), H) == at(2026, 11, 27, 14, 30)   # lunch break
    assert add_office_time(VN, at(2026, 11, 27, 18), H) == at(2026, 11, 30, 8, 30)    # evening -> Monday
    assert add_office_time(VN, at(2026, 2, 13, 16, 30), H) == at(2026, 2, 23, 8)     # over Tết
    assert office_time_between(VN, at(2026, 2, 14), at(2026, 2, 22, 23)) == dt.timedelta()


def test_a_question_received_on_the_eve_of_tet():
    thai_nguyen = WorkCalendar(clock_start=dt.time(8, 0))
    received = at(2026, 2, 13, 16)
    assert clock_started(thai_nguyen, received) == at(2026, 2, 23, 8)
    assert clock_started(VN, received) == received
    assert add_working_days(thai_nguyen, received, 5) == D(2026, 2, 27)


@pytest.mark.parametrize("year, month, last", [
    (2026, 1, D(2026, 1, 30)),   # the 31st is a Saturday
    (2026, 8, D(2026, 8, 28)),   # Monday 31/8 is a day off
    (2026, 2, D(2026, 2, 27)),
    (2026, 12, D(2026, 12, 31)),
])
def test_last_working_day(year, month, last):
    assert last_working_day(VN, year, month) == last


def test_by_the_30th_in_february():
    assert day_of_month_or_last(2026, 2, 30) == D(2026, 2, 28)
    assert day_of_month_or_last(2028, 2, 30) == D(2028, 2, 29)
    assert day_of_month_or_last(2026, 4, 30) == D(2026, 4, 30)


def test_province_decisions_win_over_the_national_calendar():
    cal = calendar_of({}, days_off=frozenset({D(2026, 1, 2)}), working_days=frozenset({D(2026, 1, 10)}))
    assert not is_working_day(cal, D(2026, 1, 2)) and is_working_day(cal, D(2026, 1, 10))
    assert add_working_days(cal, D(2026, 1, 1), 2) == D(2026, 1, 6)  # Mon 5, Tue 6
    six_days = calendar_of({"weekend": ["sunday"]})
    assert is_working_day(six_days, D(2026, 11, 28))


def test_a_calendar_without_a_working_weekday_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar(weekend=frozenset(range(7)))


# --- properties, over a span of years around the regulations' -------------------------------------------

days = st.dates(min_value=D(2014, 1, 1), max_value=D(2030, 12, 31))
moments = st.datetimes(min_value=dt.datetime(2014, 1, 1), max_value=dt.datetime(2030, 12, 31),
                       timezones=st.just(VN_TZ))
calendars = st.builds(
    lambda weekend, off, work, start: WorkCalendar(weekend=frozenset(weekend), days_off=frozenset(off),
                                                   working_days=frozenset(work), clock_start=start),
    st.sets(st.integers(0, 6), max_size=3), st.sets(days, max_size=5), st.sets(days, max_size=5),
    st.none() | st.just(dt.time(8, 0)))


@settings(max_examples=200, deadline=None)
@given(calendars, days, st.integers(0, 30))
def test_a_period_of_n_working_days_holds_n_working_days(cal, start, n):
    due = add_working_days(cal, start, n)
    assert working_days_between(cal, start, due) == n
    assert n == 0 or is_working_day(cal, due)
    assert working_days_late(cal, due, due) == 0
    assert working_days_late(cal, due, due + dt.timedelta(days=1)) >= 1


@settings(max_examples=200, deadline=None)
@given(calendars, moments, st.integers(0, 60 * 40))
def test_office_time_added_is_office_time_between(cal, start, minutes):
    amount = dt.timedelta(minutes=minutes)
    end = add_office_time(cal, start, amount)
    assert end >= start
    assert office_time_between(cal, start, end) == amount


@settings(max_examples=100, deadline=None)
@given(calendars, days)
def test_overrides_decide_their_day(cal, day):
    if day in cal.working_days:
        assert is_working_day(cal, day)
    elif day in cal.days_off or day.weekday() in cal.weekend and not is_working_day(VN, day):
        assert not is_working_day(cal, day)


@settings(max_examples=100, deadline=None)
@given(calendars, moments)
def test_a_clock_starts_on_a_working_day(cal, received):
    started = clock_started(cal, received)
    assert started >= received
    if cal.clock_start is not None:
        assert is_working_day(cal, started.date()) and started.time() == cal.clock_start


# --- the province's decisions file -----------------------------------------------------------------------

def test_calendar_file_is_read(tmp_path):
    write_repo(tmp_path, {"sites/_calendar.yaml": (
        "days_off:\n"
        "  - {date: 2026-01-02, reason: \"Nghỉ bù\", decision: \"Công văn số 12/UBND-KGVX\"}\n"
        "working_days:\n"
        "  - {date: 2026-01-10, reason: \"Làm bù ngày 02/01\"}\n")})
    config, problems = load_config(tmp_path)
    assert problems == []
    cal = config.province.calendar
    assert not is_working_day(cal, D(2026, 1, 2)) and is_working_day(cal, D(2026, 1, 10))


def test_calendar_file_problems_are_located_and_reported_together(tmp_path):
    write_repo(tmp_path, {"sites/_calendar.yaml": (
        "days_off:\n"
        "  - {date: 2026-02-30, reason: \"Nghỉ\"}\n"          # 2: no such day
        "  - {date: 2026-01-02}\n"                             # 3: no reason
        "  - {date: 2026-03-02, reason: \"Nghỉ\"}\n"          # 4
        "  - {date: 2026-03-02, reason: \"Lặp\"}\n"           # 5: twice
        "  - {date: 2026-11-28, reason: \"Thứ Bảy\"}\n"       # 6: already off (warning)
        "working_days:\n"
        "  - {date: 2026-03-02, reason: \"Làm bù\"}\n"        # 8: also a day off
        "  - {date: 2026-11-27, reason: \"Thứ Sáu\"}\n"       # 9: already a working day (warning)
        "day_off: []\n")})                                     # 10: unknown key
    result = run_build(tmp_path)
    found = sorted((d.line, d.severity, d.code) for d in result.diagnostics if d.path == "sites/_calendar.yaml")
    assert found == [(2, "error", "field.date"), (3, "error", "field.required"), (5, "error", "calendar.duplicate"),
                     (6, "warning", "calendar.redundant"), (8, "error", "calendar.conflict"),
                     (9, "warning", "calendar.redundant"), (10, "error", "field.unknown")]
    assert not result.ok
    assert "did you mean" in next(d.message for d in result.diagnostics if d.code == "field.unknown")


def test_profile_calendar_settings_are_checked(tmp_path):
    profile = (tmp_path / "profiles")
    profile.mkdir(parents=True)
    source = (pytest.importorskip("generator.model.config").PROFILES_DIR / "langson-2025.yaml").read_text("utf-8")
    broken = source.replace('office_hours: [["07:30", "11:30"], ["13:30", "17:00"]]',
                            'office_hours: [["07:30", "11:30"], ["13:30", "12:00"]]')
    assert broken != source
    (profile / "langson-2025.yaml").write_text(broken, encoding="utf-8")
    write_repo(tmp_path, {})
    _, problems = load_config(tmp_path)
    line = next(n for n, text in enumerate(broken.splitlines(), 1) if text.strip().startswith("office_hours:"))
    assert [(p.path, p.line) for p in problems] == [("profiles/langson-2025.yaml", line)]
    assert "closes before it opens" in problems[0].message
