"""The work schedule's pages: a week's table with the nearest weeks before and after it, the current
week at the type's own address, the index of weeks, the home page's block, a week's record.

"Current" is the ISO week of the build's day (``--now`` in Vietnam), so these pages change when
the week does; a week's own page depends only on the published weeks, never on the day.
"""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from ...model.content_types import CONTENT_TYPES
from ...model.i18n import LANGUAGE_NAMES, format_day
from ...model.types.schedule import (
    ENTRY_FIELDS,
    ScheduleEntry,
    monday_of,
    short_day,
    sorted_entries,
    week_key,
)
from .. import plan as p
from .. import views as v
from ..documents import Document
from ..page_input import PageCall, RenderInput
from .schedule_paths import weeks_path

COLUMNS = ("time", "content", "leader", "participants", "place", "preparing_unit")  # the table's, in order
ALWAYS = ("time", "content", "leader")  # columns shown even when no entry of the week fills them


def weekday_date(day: dt.date, lang: str) -> str:
    """"Thứ Hai, ngày 23 tháng 11 năm 2026"; "Monday, November 23, 2026"."""
    if lang == "vi":
        return f"{format_date(day, 'EEEE', locale='vi')}, {format_day(day, 'vi')}"
    return format_date(day, "full", locale=lang if lang in LANGUAGE_NAMES else "en")


def week_name(monday: dt.date, lang: str) -> str:
    year, week, _ = monday.isocalendar()
    return f"Tuần {week} năm {year}" if lang == "vi" else f"Week {week} of {year}"


def week_label(monday: dt.date, lang: str) -> str:
    """"Tuần 48 năm 2026 (từ ngày 23/11/2026 đến ngày 29/11/2026)"."""
    sunday = monday + dt.timedelta(days=6)
    if lang == "vi":
        return f"{week_name(monday, lang)} (từ ngày {short_day(monday)} đến ngày {short_day(sunday)})"
    return f"{week_name(monday, lang)} ({format_day(monday, lang)} to {format_day(sunday, lang)})"


def _entry_view(entry: ScheduleEntry) -> dict:
    day = entry.day.isoformat()
    return {"time": entry.start + (f" – {entry.end}" if entry.end else ""), "start": entry.start, "end": entry.end,
            "start_iso": f"{day}T{entry.start}+07:00", "end_iso": f"{day}T{entry.end}+07:00" if entry.end else "",
            "leader": entry.leader, "content": entry.content, "place": entry.place,
            "participants": entry.participants, "preparing_unit": entry.preparing_unit}


def days_view(entries: tuple[ScheduleEntry, ...], lang: str, since: dt.date | None = None,
              today: dt.date | None = None) -> list[dict]:
    """The entries by day, sorted by day and time; only days from ``since`` on when given."""
    days: dict[dt.date, list[ScheduleEntry]] = {}
    for entry in sorted_entries(entries):
        days.setdefault(entry.day, []).append(entry)
    return [{"iso": day.isoformat(), "text": weekday_date(day, lang), "today": day == today,
             "entries": [_entry_view(e) for e in items]}
            for day, items in days.items() if since is None or day >= since]


def _columns(entries: tuple[ScheduleEntry, ...], lang: str) -> list[dict]:
    col = 0 if lang == "vi" else 1
    labels = {x.name: x.label[col] for x in ENTRY_FIELDS}
    used = {name for e in entries for name in COLUMNS if name == "time" or getattr(e, name)}
    return [{"name": name, "label": labels[name]} for name in COLUMNS if name in ALWAYS or name in used]


def week_view(doc: Document, link: v.Linker) -> dict:
    monday = doc.values["week"]
    entries = doc.values["entries"]
    return {"key": week_key(monday), "name": week_name(monday, doc.lang), "label": week_label(monday, doc.lang),
            "title": doc.title, "url": link.url(doc.site, doc.lang, p.item_path(doc)),
            "sample": doc.values.get("sample", False), "count": len(entries),
            "columns": _columns(entries, doc.lang), "days": days_view(entries, doc.lang)}


def _weeks(ri: RenderInput, site_id: str, lang: str) -> tuple[Document, ...]:
    """The published weeks of a site's edition, newest first."""
    return ri.index.items(site_id, lang, "schedule")


def _link(doc: Document | None, link: v.Linker) -> dict | None:
    if doc is None:
        return None
    monday = doc.values["week"]
    return {"url": link.url(doc.site, doc.lang, p.item_path(doc)), "name": week_name(monday, doc.lang),
            "label": week_label(monday, doc.lang)}


def nav_view(weeks: tuple[Document, ...], monday: dt.date, site_id: str, lang: str, link: v.Linker) -> dict:
    """The nearest published weeks before and after a week, the current week and the index of weeks."""
    earlier = next((d for d in weeks if d.values["week"] < monday), None)
    later = next((d for d in reversed(weeks) if d.values["week"] > monday), None)
    return {"prev": _link(earlier, link), "next": _link(later, link),
            "current_url": link.url(site_id, lang, p.list_path("schedule", lang)),
            "weeks_url": link.url(site_id, lang, weeks_path(lang))}


def _type_crumb(c: PageCall) -> dict:
    return {"title": CONTENT_TYPES["schedule"].label[0 if c.lang == "vi" else 1],
            "url": c.link.url(c.site.id, c.lang, p.list_path("schedule", c.lang))}


def item_context(c: PageCall, ctx: dict, doc: Document) -> None:
    """What a week's own page adds to the item's view: its table and the weeks around it."""
    ctx["schedule"] = {"week": week_view(doc, c.link),
                       "nav": nav_view(_weeks(c.ri, doc.site, doc.lang), doc.values["week"], doc.site, doc.lang,
                                       c.link)}


def _week_of(weeks: tuple[Document, ...], monday: dt.date) -> Document | None:
    return next((d for d in weeks if d.values["week"] == monday), None)


def current_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    """The type's address (/lich-cong-tac/): the week of the build's day, or that none is published."""
    monday = monday_of(c.ri.index.today)
    weeks = _weeks(c.ri, c.site.id, c.lang)
    week = _week_of(weeks, monday)
    source = _week_of(_weeks(c.ri, c.site.id, "vi"), monday) if week is None and c.lang != "vi" else None
    ctx.update(title=CONTENT_TYPES["schedule"].label[0 if c.lang == "vi" else 1], schedule={
        "label": week_label(monday, c.lang), "week": week_view(week, c.link) if week else None,
        "source_url": c.link.url(source.site, "vi", p.item_path(source)) if source else "",
        "nav": nav_view(weeks, monday, c.site.id, c.lang, c.link)},
        type_feed=c.link.url(c.site.id, c.lang, p.feed_path("schedule", c.lang)))  # announced in the head
    return "schedule_current.html"


def weeks_page(c: PageCall, ctx: dict, doc: Document | None) -> str:
    """The index of weeks, newest first, a page of the type's page size at a time."""
    page, lang = c.page, c.lang
    weeks = _weeks(c.ri, c.site.id, lang)
    size = CONTENT_TYPES["schedule"].page_size
    current = monday_of(c.ri.index.today)
    chunk = weeks[(page.number - 1) * size:page.number * size]

    def url(number: int) -> str:
        return c.link.url(c.site.id, lang, weeks_path(lang, number))
    ctx["breadcrumbs"].append(_type_crumb(c))
    ctx.update(title=ctx["t"]["schedule_weeks"], listing={
        "entries": [dict(_link(d, c.link), title=d.title, count=len(d.values["entries"]),
                         current=d.values["week"] == current) for d in chunk],
        "number": page.number, "pages": page.pages, "count": len(weeks),
        "prev": url(page.number - 1) if page.number > 1 else "",
        "next": url(page.number + 1) if page.number < page.pages else "",
        "page_links": [{"number": n, "url": url(n), "current": n == page.number} for n in range(1, page.pages + 1)]})
    return "schedule_weeks.html"


def home_block(ri: RenderInput, site_id: str, lang: str, link: v.Linker) -> dict | None:
    """The current week on a home page: today's and the coming days' entries; None for a site that
    publishes no schedule (in this language)."""
    weeks = _weeks(ri, site_id, lang)
    if not weeks:
        return None
    today = ri.index.today
    monday = monday_of(today)
    week = _week_of(weeks, monday)
    later = next((d for d in reversed(weeks) if d.values["week"] > monday), None)
    return {"label": week_label(monday, lang), "published": week is not None,
            "days": days_view(week.values["entries"], lang, since=today, today=today) if week else [],
            "url": link.url(site_id, lang, p.list_path("schedule", lang)), "next": _link(later, link)}


def home_context(ri: RenderInput, site_id: str, lang: str, link: v.Linker) -> dict:
    return {"schedule": home_block(ri, site_id, lang, link)}


def record(values: dict) -> dict:
    return {"week": week_record(values)}


def week_record(values: dict) -> dict:
    """What a week's JSON record adds to its fields (which keep the file's order): the week's key, its
    first and last day, and its entries sorted by day and time, with their moments."""
    monday = values["week"]
    return {"key": week_key(monday), "start": monday.isoformat(),
            "end": (monday + dt.timedelta(days=6)).isoformat(),
            "entries": [dict(_entry_view(e), day=e.day.isoformat()) for e in sorted_entries(values["entries"])]}


HTML = {"schedule_current": current_page, "schedule_weeks": weeks_page}
