"""The editorial board's report of a period (``build.py report``): what was late, what is open,
whether quotas were met, which periodic reports fall due, and the royalty tally.

Everything comes from the repository and its git history as of one moment (``--now``): the items,
the profile's rules, the province's calendar. Each row names the item's file, the event its clock
started from and the commit that published it, so every figure can be checked by hand.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from ..build.aggregate import portal_may_show
from ..build.documents import Document
from ..build.gitfacts import GitFacts, publication
from ..build.types.qa_rules import is_open
from ..core import workdays as wd
from ..model.config import Config
from ..model.content_types import CONTENT_TYPES
from .timeliness import LATE, ON_TIME, OVERDUE, PENDING, Timeliness, assess, still_open

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Period:
    first: dt.date
    last: dt.date  # inclusive

    @classmethod
    def month(cls, text: str) -> Period:
        year, month = (int(x) for x in text.split("-"))
        return cls(dt.date(year, month, 1), wd.day_of_month_or_last(year, month, 31))

    def __contains__(self, day: dt.date) -> bool:
        return self.first <= day <= self.last

    def months(self) -> list[tuple[int, int]]:
        out, (y, m) = [], (self.first.year, self.first.month)
        while (y, m) <= (self.last.year, self.last.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


@dataclass(frozen=True)
class QuotaRow:
    site: str
    kind: str
    month: str
    required: int
    supplied: int
    shortfall: int
    items: tuple[str, ...]


@dataclass(frozen=True)
class StatisticsRow:
    site: str
    month: str
    due: dt.date
    state: str
    published: dt.date | dt.datetime | None
    path: str
    commit: str


@dataclass(frozen=True)
class PeriodicRow:
    what: str
    by: str
    to: str
    due: dt.date
    dated: bool  # False: the regulation names a period, not a day; due is the period's last day


@dataclass(frozen=True)
class RoyaltyRow:
    site: str
    contributor_unit: str
    author: str
    type: str
    items: int
    words: int


@dataclass
class Report:
    period: Period
    now: dt.datetime
    profile: str
    sites: tuple[str, ...]
    timeliness: list[Timeliness] = field(default_factory=list)
    qa_open: list[Timeliness] = field(default_factory=list)
    quotas: list[QuotaRow] = field(default_factory=list)
    statistics: list[StatisticsRow] = field(default_factory=list)
    periodic: list[PeriodicRow] = field(default_factory=list)
    royalties: list[RoyaltyRow] = field(default_factory=list)
    unmeasured: list[tuple[str, str, str]] = field(default_factory=list)  # (rule, unit, cite) no clock runs for
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Counter]:
        """Per site and type: how many items were on time, late, pending and overdue."""
        out: dict[str, Counter] = defaultdict(Counter)
        for row in self.timeliness:
            out[f"{row.site}/{row.type}"][row.state] += 1
        return dict(sorted(out.items()))

    def as_json(self) -> dict[str, Any]:
        def plain(value):
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()
            if isinstance(value, dict):
                return {k: plain(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            return value
        return plain({
            "period": {"from": self.period.first, "to": self.period.last}, "now": self.now,
            "profile": self.profile, "sites": list(self.sites),
            "summary": {k: dict(v) for k, v in self.summary().items()},
            "timeliness": [asdict(r) for r in self.timeliness], "qa_open": [asdict(r) for r in self.qa_open],
            "quotas": [asdict(r) for r in self.quotas], "statistics": [asdict(r) for r in self.statistics],
            "periodic_reports": [asdict(r) for r in self.periodic],
            "royalties": [asdict(r) for r in self.royalties],
            "unmeasured": [{"rule": r, "unit": u, "cite": c} for r, u, c in self.unmeasured], "notes": self.notes,
        })


def _day(moment: dt.date | dt.datetime | None, cal: wd.WorkCalendar) -> dt.date | None:
    if moment is None:
        return None
    return wd.local(cal, moment).date() if isinstance(moment, dt.datetime) else moment


def _in_report(row: Timeliness, period: Period, cal: wd.WorkCalendar) -> bool:
    """A row belongs to the period when it fell due in it or was published in it; an item still
    not published whose due date has passed by the period's end belongs to every later period."""
    published = _day(row.published, cal)
    return (row.due_date in period or (published is not None and published in period)
            or (row.state in (OVERDUE, PENDING) and row.due_date <= period.last))


def _first_published(doc: Document, facts: GitFacts | None) -> tuple[dt.date | dt.datetime | None, str]:
    pub = publication(doc.path, doc.values, facts, date_field=CONTENT_TYPES[doc.type].date_field)
    return pub.first, pub.commit


def _quotas(docs: list[Document], config: Config, period: Period, facts, cal, now) -> list[QuotaRow]:
    quota = config.province.profile.get("news_quota") or {}
    rows = []
    for site in config.sites.values():
        required = quota.get(site.kind)
        if not required:
            continue
        for y, m in period.months():
            supplied = []
            for doc in docs:
                if doc.site != site.id or doc.type != "news" or doc.status in ("draft", "removed"):
                    continue
                first, _ = _first_published(doc, facts)
                day = _day(first, cal)
                if day is not None and (day.year, day.month) == (y, m) and first <= now \
                        and portal_may_show(config.province.profile, doc):
                    supplied.append(doc.path)
            rows.append(QuotaRow(site.id, site.kind, f"{y}-{m:02d}", required, len(supplied),
                                 max(0, required - len(supplied)), tuple(sorted(supplied))))
    return rows


def _statistics(docs: list[Document], config: Config, period: Period, facts, cal, now) -> list[StatisticsRow]:
    """Under a profile that wants statistics every month by a day (Thái Nguyên: the 30th, or the
    month's last day, requirements.md §10.3): each site that publishes statistics, each month."""
    rules = [r for r in (config.province.profile.get("deadlines") or {}).values()
             if r["unit"] == "monthly" and "statistics" in (r.get("applies_to") or ())]
    if not rules:
        return []
    by_day = rules[0]["amount"]
    sites = sorted({d.site for d in docs if d.type == "statistics" and d.lang == "vi"})
    rows = []
    for site in sites:
        items = []
        for doc in docs:
            if doc.site == site and doc.type == "statistics" and doc.lang == "vi" and doc.status not in ("draft",
                                                                                                          "removed"):
                first, commit = _first_published(doc, facts)
                if first is not None and (not isinstance(first, dt.datetime) or first <= now):
                    items.append((_day(first, cal), first, doc.path, commit))
        for y, m in period.months():
            due = wd.day_of_month_or_last(y, m, by_day)
            month = sorted(i for i in items if (i[0].year, i[0].month) == (y, m))
            if month and month[0][0] <= due:
                state, hit = ON_TIME, month[0]
            elif month:
                state, hit = LATE, month[0]
            else:
                state, hit = (OVERDUE if now.date() > due else PENDING), None
            rows.append(StatisticsRow(site, f"{y}-{m:02d}", due, state, hit[1] if hit else None,
                                      hit[2] if hit else "", hit[3] if hit else ""))
    return rows


_PERIOD_MONTHS = {"month": range(1, 13), "quarter": (3, 6, 9, 12), "6_months": (6, 12), "year": (12,)}


def _periodic(config: Config, period: Period, cal) -> list[PeriodicRow]:
    rows = []
    for entry in config.province.profile.get("periodic_reports") or ():
        kind = entry.get("period")
        for y, m in period.months():
            if entry.get("due"):
                month, day = (int(x) for x in str(entry["due"]).split("-"))
                due, dated = dt.date(y, month, day), True
                if due not in period or (y, m) != (due.year, due.month):
                    continue
            elif kind in _PERIOD_MONTHS and m in _PERIOD_MONTHS[kind]:
                due, dated = wd.day_of_month_or_last(y, m, 31), False
            else:
                continue
            rows.append(PeriodicRow(entry.get("what", ""), entry.get("by", ""), entry.get("to", ""), due, dated))
    return rows


def words_of(doc: Document) -> int:
    return len(_WORD.findall(_TAG.sub(" ", doc.body_html)))


def _royalties(docs: list[Document], config: Config, period: Period, facts, cal, now) -> list[RoyaltyRow]:
    tally: dict[tuple[str, str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for doc in docs:
        if doc.lang != "vi" or doc.status in ("draft", "removed"):
            continue
        first, _ = _first_published(doc, facts)
        day = _day(first, cal)
        if day is None or day not in period or (isinstance(first, dt.datetime) and first > now):
            continue
        key = (doc.site, doc.values.get("contributor_unit") or "", doc.values.get("author") or "", doc.type)
        tally[key][0] += 1
        tally[key][1] += words_of(doc)
    return [RoyaltyRow(*key, items, words) for key, (items, words) in sorted(tally.items())]


def make_report(docs: list[Document], config: Config, facts: GitFacts | None, period: Period,
                now: dt.datetime, sites: frozenset[str] = frozenset()) -> tuple[Report, list]:
    """The report of ``period`` as of ``now`` for the chosen sites (all when none)."""
    chosen = [d for d in docs if not sites or d.site in sites]
    cal = config.province.calendar
    profile = config.province.profile
    rows, problems = assess(chosen, profile.data, cal, facts, now)
    report = Report(period, now, profile.id, tuple(s for s in config.sites if not sites or s in sites))
    report.timeliness = sorted((r for r in rows if r.type != "qa" and _in_report(r, period, cal)),
                               key=lambda r: (r.site, r.type, r.due_date, r.path))
    open_qa = {d.path: d for d in chosen if d.type == "qa" and d.lang == "vi" and d.status != "removed"
               and is_open(d.values)}
    report.qa_open = sorted((still_open(cal, r, open_qa[r.path].values, now) for r in rows
                             if r.type == "qa" and r.path in open_qa),
                            key=lambda r: (r.state != OVERDUE, r.due_date, r.path))
    report.timeliness += sorted((r for r in rows if r.type == "qa" and r.path not in open_qa
                                 and _in_report(r, period, cal)), key=lambda r: (r.site, r.due_date, r.path))
    report.quotas = _quotas(chosen, config, period, facts, cal, now)
    report.statistics = _statistics(chosen, config, period, facts, cal, now)
    report.periodic = _periodic(config, period, cal)
    report.royalties = _royalties(chosen, config, period, facts, cal, now)
    report.unmeasured = [(name, r["unit"], r["cite"]) for name, r in (profile.get("deadlines") or {}).items()
                         if r["unit"] == "immediately" or not r.get("applies_to")]
    if facts is None:
        report.notes.append("no git history (not a git repository, or a shallow clone): publication moments are "
                            "the items' front-matter dates")
    return report, problems
