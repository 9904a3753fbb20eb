"""Whether each item was published within the profile's deadline, counted in the province's calendar.

For every item a measured rule governs (``model/deadline_rules.py``): the event that starts the
clock (the item's ``start`` field), the due moment (working days, calendar days or office hours
later, in ``core/workdays.py``'s calendar), the moment the item first became public on main (git
facts: the merge, the lifted draft, the ``publish_at`` reached; the front-matter date only where
git knows nothing) and the commit that published it, so every figure of a report can be traced.

Q&A is measured by its own clock: from receipt (at 08:00 of the next working day where the
profile says so), the profile's length for the question's competence category, to the answer,
the progress notice that names a new date, or the refusal.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

from ..build.documents import Document
from ..build.gitfacts import GitFacts, publication
from ..build.types.qa_rules import current_due, is_open, promised_due, qa_amount
from ..core import workdays as wd
from ..core.diagnostics import Diagnostic, error, warning
from ..model.content_types import CONTENT_TYPES
from ..model.deadline_rules import Applicable, rules_for
from ..model.types.qa import state_of

ON_TIME, LATE, PENDING, OVERDUE = "on_time", "late", "pending", "overdue"
Moment = dt.date | dt.datetime


@dataclass(frozen=True)
class Timeliness:
    """One item against one rule. ``late`` is in the rule's unit: working or calendar days, or
    office minutes; 0 when on time or still pending."""
    site: str
    type: str
    path: str
    title: str
    rule: str
    cite: str
    unit: str
    amount: int
    start_field: str
    start: Moment
    due: Moment
    published: Moment | None
    commit: str
    state: str
    late: int
    due_by: str = "rule"  # where ``due`` comes from (a question's): the rule, a progress notice ("promise"),
    #                       or the item's `due` ("stated", earlier than the rule's)

    @property
    def due_date(self) -> dt.date:
        return self.due.date() if isinstance(self.due, dt.datetime) else self.due


def _as_moment(cal: wd.WorkCalendar, value: Moment) -> dt.datetime:
    """A date as the start of its day; a moment in the calendar's zone."""
    if isinstance(value, dt.datetime):
        return wd.local(cal, value)
    return dt.datetime.combine(value, dt.time(), cal.tz)


def due_of(cal: wd.WorkCalendar, unit: str, amount: int, start: Moment) -> Moment:
    if unit == "working_days":
        return wd.add_working_days(cal, start, amount)
    if unit == "calendar_days":
        return wd.add_calendar_days(cal, start, amount)
    return wd.add_office_time(cal, _as_moment(cal, start), dt.timedelta(hours=amount))


def lateness(cal: wd.WorkCalendar, unit: str, due: Moment, done: Moment) -> int:
    """How late ``done`` is against ``due``: working days, calendar days, or office minutes."""
    if unit == "office_hours":
        return int(wd.office_time_between(cal, _as_moment(cal, due), _as_moment(cal, done)).total_seconds() // 60)
    day = wd.local(cal, done).date() if isinstance(done, dt.datetime) else done
    if unit == "working_days":
        return wd.working_days_late(cal, due, day)
    return max(0, (day - due).days)


def judge(cal: wd.WorkCalendar, unit: str, due: Moment, done: Moment | None, now: dt.datetime) -> tuple[str, int]:
    if done is None:
        behind = lateness(cal, unit, due, now)
        return (OVERDUE, behind) if behind > 0 else (PENDING, 0)
    late = lateness(cal, unit, due, done)
    return (LATE, late) if late > 0 else (ON_TIME, 0)


def _first_public(cal: wd.WorkCalendar, doc: Document, facts: GitFacts | None,
                  now: dt.datetime) -> tuple[Moment | None, str]:
    """When the item first became public, and by which commit. None: not public yet (a draft, a
    scheduled item, or an item git knows but not on main: a pull request not merged). Without git
    the front-matter date stands in, with no commit."""
    if doc.status in ("draft", "removed"):
        return None, ""
    pub = publication(doc.path, doc.values, facts, date_field=CONTENT_TYPES[doc.type].date_field)
    # (imported items, committed before the cut-off, stand on their front-matter date; an item git does
    # not know at all is no import, but a change not merged yet)
    if facts is not None and not pub.from_git and (facts.imported_before is None or not facts.of(doc.path)):
        return None, ""
    if pub.first is None or isinstance(pub.first, dt.datetime) and pub.first > now:  # scheduled, not public yet
        return None, ""
    return (wd.local(cal, pub.first) if isinstance(pub.first, dt.datetime) else pub.first), pub.commit


def _judged(cal: wd.WorkCalendar, doc: Document, app: Applicable, amount: int, start: Moment,
            done: Moment | None, commit: str, now: dt.datetime) -> Timeliness:
    unit = app.rule["unit"]
    due = due_of(cal, unit, amount, start)
    state, late = judge(cal, unit, due, done, now)
    return Timeliness(doc.site, doc.type, doc.path, doc.title, app.name, app.rule["cite"], unit, amount,
                      app.start_field, start, due, done, commit, state, late)


def qa_done(values: dict[str, Any], states: tuple[str, ...] = ("answered", "declined", "progress_notice")
            ) -> Moment | None:
    """The moment a question's clock stops: its answer, refusal or first progress notice (``states``)."""
    for step in values.get("history") or ():
        if step["state"] in states:
            return step["at"]
    return None


def _kept_promise(cal: wd.WorkCalendar, row: Timeliness, values: dict[str, Any], now: dt.datetime) -> Timeliness:
    """A question whose progress notice came in time: then judged by the answer (or refusal) against the
    date the last notice promised (000 Đ9.6.b: the notice states when the answer comes)."""
    promised = promised_due(values)
    if promised is None or row.state != ON_TIME:
        return row
    answered = qa_done(values, ("answered", "declined"))
    state, late = judge(cal, "working_days", promised, answered, now)
    return dataclasses.replace(row, due=promised, published=answered, state=state, late=late, due_by="promise")


def still_open(cal: wd.WorkCalendar, row: Timeliness, values: dict[str, Any], now: dt.datetime) -> Timeliness:
    """An open question as it stands at ``now``: due on the date its last progress notice promised,
    else on the earlier of its `due` and the regulation's date; overdue once that date has passed
    without an answer."""
    due = current_due(values, row.due_date)  # (a date: promises and `due` are dates)
    by = "promise" if promised_due(values) is not None else "stated" if due != row.due_date else "rule"
    state, late = judge(cal, "working_days", due, None, now)
    return dataclasses.replace(row, due=due, published=None, state=state, late=late, due_by=by)


def assess(documents: list[Document], profile_data: dict[str, Any], cal: wd.WorkCalendar,
           facts: GitFacts | None, now: dt.datetime) -> tuple[list[Timeliness], list[Diagnostic]]:
    """Every measured item against every rule that governs it; a located warning for an item the
    profile measures whose start event is missing or later than its publication."""
    table = profile_data.get("deadlines") or {}
    rows, problems = [], []
    for doc in documents:
        if doc.lang != "vi" or doc.status == "removed":
            continue
        for app in rules_for(table, doc.type, doc.values):
            line = doc.lines.get(app.start_field) or 1
            if app.start is None:
                problems.append(warning(doc.path, 1, "deadline.start-missing",
                                        f"the profile's rule `{app.name}` ({app.rule['cite']}) counts from "
                                        f"`{app.start_field}`, which this item lacks; add it, so the board can "
                                        "tell whether it was published in time"))
                continue
            if doc.type == "qa":
                amount = qa_amount(profile_data, doc.values) or app.rule["amount"]
                if state_of(doc.values) == "declined" and amount is None:
                    continue
                # counted from the day after receipt: under a profile whose clock starts at 08:00 of the
                # next working day (wd.clock_started), that day is the first of the period all the same
                rows.append(_kept_promise(cal, _judged(cal, doc, app, amount, app.start, qa_done(doc.values), "",
                                                       now), doc.values, now))
                continue
            done, commit = _first_public(cal, doc, facts, now)
            if done is not None and _as_moment(cal, app.start) > _as_moment(cal, done):
                problems.append(warning(doc.path, line, "deadline.start-after-publication",
                                        f"`{app.start_field}` ({app.start.isoformat()}) is after the item was "
                                        f"first published ({done.isoformat()}); correct the date"))
                continue
            rows.append(_judged(cal, doc, app, app.rule["amount"], app.start, done, commit, now))
    return rows, problems


def rule_name_problems(documents: list[Document], profile_data: dict[str, Any]) -> list[Diagnostic]:
    """An item's ``deadline_rule`` must name a rule of the profile's ``deadlines``."""
    table = profile_data.get("deadlines") or {}
    problems = []
    for doc in documents:
        name = doc.values.get("deadline_rule")
        if name and name not in table:
            close = difflib.get_close_matches(name, list(table), n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else (
                f"the profile's rules are: {', '.join(table)}" if table else "the profile sets no deadlines; remove it")
            problems.append(error(doc.path, doc.lines.get("deadline_rule", 1), "deadline.unknown-rule",
                                  f"`deadline_rule: {name}`: the profile ({profile_data.get('id')}) has no rule of "
                                  f"that name; {hint}"))
    return problems


DUE_SOON_WORKING_DAYS = 2


def review_warnings(documents: list[Document], profile_data: dict[str, Any], cal: wd.WorkCalendar,
                    facts: GitFacts | None, now: dt.datetime) -> list[Diagnostic]:
    """What `check` says during review, as of ``now``: an item not on main yet that would be late if
    merged now, and an open question due within two working days or overdue."""
    rows, problems = assess(documents, profile_data, cal, facts, now)
    by_path = {d.path: d for d in documents if d.lang == "vi"}
    soon = wd.add_working_days(cal, now, DUE_SOON_WORKING_DAYS)
    for row in rows:
        doc = by_path[row.path]
        if row.type == "qa":
            if not is_open(doc.values):
                continue
            row = still_open(cal, row, doc.values, now)
            line = doc.lines.get("ticket", 1)
            if row.state == OVERDUE:
                problems.append(warning(row.path, line, "deadline.qa-overdue",
                                        f"the answer was due on {row.due_date.isoformat()} ({row.cite}): "
                                        f"{row.late} working day(s) overdue; answer it, or record a progress "
                                        "notice with the date of the answer"))
            elif row.due_date <= soon:
                problems.append(warning(row.path, line, "deadline.qa-due-soon",
                                        f"the answer is due on {row.due_date.isoformat()} ({row.cite}), within "
                                        f"{DUE_SOON_WORKING_DAYS} working days"))
            continue
        if facts is None or doc.status == "draft":
            continue
        unit = "office minutes" if row.unit == "office_hours" else row.unit.replace("_", " ")
        why = (f"the profile's rule `{row.rule}` ({row.cite}) wanted it by {row.due.isoformat()}, counted from "
               f"`{row.start_field}`")
        if row.published is None and row.state == OVERDUE and not facts.of(row.path):  # not committed yet
            problems.append(warning(row.path, doc.lines.get(row.start_field, 1), "deadline.late-if-merged",
                                    f"merged now, it would be late by {row.late} {unit}: {why}"))
        elif row.state == LATE and row.commit == facts.head:  # brought by this change (a pull request's merge)
            problems.append(warning(row.path, doc.lines.get(row.start_field, 1), "deadline.late-if-merged",
                                    f"reaching main with this change, it is late by {row.late} {unit}: {why}"))
    return problems
