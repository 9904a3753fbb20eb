"""``report``: the editorial board's report of a month or of any period (``editorial/report.py``)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..core.clock import today_in_vietnam
from ..core.diagnostics import format_diagnostics
from ..core.workdays import first_working_day
from ..editorial.report import Period, make_report
from ..editorial.report_format import FORMATS
from ..pipeline import load_for_report
from .site import _options, usable

REPORT_FORMATS = tuple(FORMATS)


def period_of(ns: argparse.Namespace, today: dt.date) -> Period:
    """--month YYYY-MM, or --from/--to dates; by default the month before today's."""
    if ns.month and (ns.from_ or ns.to):
        raise ValueError("give --month, or --from and --to, not both")
    if ns.month:
        try:
            return Period.month(ns.month)
        except ValueError:
            raise ValueError(f"--month {ns.month}: write the month as YYYY-MM, e.g. 2026-10") from None
    if ns.from_ or ns.to:
        try:
            first = dt.date.fromisoformat(ns.from_) if ns.from_ else None
            last = dt.date.fromisoformat(ns.to) if ns.to else today
        except ValueError as exc:
            raise ValueError(f"--from/--to: {exc}; write dates as YYYY-MM-DD") from None
        if first is None:
            raise ValueError("--to needs --from")
        if last < first:
            raise ValueError(f"--to {last} is before --from {first}")
        return Period(first, last)
    previous = today.replace(day=1) - dt.timedelta(days=1)
    return Period.month(f"{previous.year}-{previous.month:02d}")


def cmd_report(ns: argparse.Namespace) -> int:
    fmt = ns.format if ns.format in REPORT_FORMATS else None
    if fmt is None:
        print(f"report: --format is one of {', '.join(REPORT_FORMATS)}", file=sys.stderr)
        return 2
    options = _options(ns, check_only=True)
    if not usable(options):
        return 2
    try:
        period = period_of(ns, today_in_vietnam(options.now))
    except ValueError as exc:
        print(f"report: {exc}", file=sys.stderr)
        return 2
    config, docs, facts, problems = load_for_report(options)
    errors = [p for p in problems if p.severity == "error"]
    if config is None or errors:
        print(format_diagnostics(errors or problems), file=sys.stderr)
        print("report: fix the errors above first (`python build.py check` lists them all)", file=sys.stderr)
        return 1
    today = today_in_vietnam(options.now)
    if ns.only_first_working_day:
        first = first_working_day(config.province.calendar, today.year, today.month)
        if today != first:
            print(f"report: {today.isoformat()} is not the first working day of its month ({first.isoformat()}); "
                  "nothing to report today", file=sys.stderr)
            return 0
    report, notes = make_report(docs, config, facts, period, options.now, options.sites)
    if notes:
        print(format_diagnostics(notes), file=sys.stderr)
    sys.stdout.write(FORMATS[fmt](report))
    return 0
