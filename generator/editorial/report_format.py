"""The board's report written out: text for the terminal, JSON and CSV for tools and spreadsheets,
HTML (``layouts/report.html``) for the monthly artifact. Labels in Vietnamese, the board's language."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict
from pathlib import Path

import jinja2

from .report import Report
from .timeliness import LATE, ON_TIME, OVERDUE, PENDING, Timeliness

STATES = {ON_TIME: "đúng hạn", LATE: "trễ hạn", PENDING: "chưa đến hạn", OVERDUE: "quá hạn, chưa đăng"}
UNITS = {"working_days": "ngày làm việc", "calendar_days": "ngày", "office_hours": "giờ hành chính"}
REPORT_TEMPLATE = Path(__file__).resolve().parents[2] / "layouts" / "report.html"


def _when(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def late_text(row: Timeliness) -> str:
    """How late, in the rule's unit: "2 ngày làm việc", "1 giờ 05 phút hành chính"."""
    if row.late == 0:
        return ""
    if row.unit == "office_hours":
        hours, minutes = divmod(row.late, 60)
        return f"{hours} giờ {minutes:02d} phút hành chính" if minutes else f"{hours} giờ hành chính"
    return f"{row.late} {UNITS[row.unit]}"


def rule_text(row: Timeliness) -> str:
    if row.due_by == "promise":
        return f"ngày hẹn trả lời trong thông báo tiến độ, {row.cite}"
    if row.due_by == "stated":
        return f"hạn ghi ở `due`, sớm hơn hạn của quy chế, {row.cite}"
    unit = "giờ hành chính" if row.unit == "office_hours" else UNITS[row.unit]
    return f"{row.amount} {unit} kể từ {row.start_field} ({_when(row.start)}), {row.cite}"


def _row_line(row: Timeliness) -> str:
    published = f"đăng {_when(row.published)}" + (f" (commit {row.commit[:10]})" if row.commit else "")
    if row.published is None:
        published = "chưa đăng" if row.type != "qa" else "chưa trả lời"
    late = late_text(row)
    return (f"  {row.path}: {row.title}\n    hạn {_when(row.due)} ({rule_text(row)}); {published}; "
            f"{STATES[row.state]}{': ' + late if late else ''}")


def as_text(report: Report) -> str:
    out = [f"Báo cáo {report.period.label} (quy chế {report.profile}), tính đến {_when(report.now)}"]
    out.append("\nTiến độ đăng tin theo trang và loại tin:")
    for key, counts in report.summary().items():
        out.append(f"  {key}: " + ", ".join(f"{STATES[s]} {counts[s]}" for s in (ON_TIME, LATE, PENDING, OVERDUE)))
    if not report.timeliness:
        out.append("  (không có tin nào đến hạn trong kỳ)")
    late = [r for r in report.timeliness if r.state in (LATE, OVERDUE)]
    out.append(f"\nTin đăng trễ hạn hoặc quá hạn ({len(late)}):")
    out += [_row_line(r) for r in late] or ["  (không có)"]
    out.append(f"\nHỏi - Đáp đang mở ({len(report.qa_open)}), quá hạn trước:")
    out += [_row_line(r) for r in report.qa_open] or ["  (không có)"]
    if report.quotas:
        out.append("\nĐịnh mức tin cung cấp cho Cổng:")
        out += [f"  {q.site} ({q.kind}) {q.month}: {q.supplied}/{q.required}"
                + (f", thiếu {q.shortfall}" if q.shortfall else ", đạt") for q in report.quotas]
    if report.statistics:
        out.append("\nSố liệu thống kê hằng tháng:")
        out += [f"  {s.site} {s.month}: hạn {_when(s.due)}; {STATES[s.state]}"
                + (f" ({s.path}, {_when(s.published)})" if s.path else "") for s in report.statistics]
    out.append("\nBáo cáo định kỳ đến hạn trong kỳ:")
    out += [f"  {_when(p.due)}{'' if p.dated else ' (quy chế không nêu ngày)'}: {p.what} — {p.by}"
            + (f" → {p.to}" if p.to else "") for p in report.periodic] or ["  (không có)"]
    out.append("\nNhuận bút (số tin, số chữ) theo đơn vị, tác giả, loại tin:")
    out += [f"  {r.site} | {r.contributor_unit or '—'} | {r.author or '—'} | {r.type}: {r.items} tin, {r.words} chữ"
            for r in report.royalties] or ["  (không có)"]
    if report.unmeasured:
        out.append("\nQuy định không đo được tự động (không có thời hạn tính được hoặc loại tin tương ứng):")
        out += [f"  {name} ({unit}, {cite})" for name, unit, cite in report.unmeasured]
    out += [f"\nLưu ý: {n}" for n in report.notes]
    return "\n".join(out) + "\n"


def as_json(report: Report) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = ("section", "site", "type", "path", "title", "rule", "cite", "unit", "amount", "start_field", "start",
               "due", "published", "commit", "state", "late", "kind", "month", "required", "supplied",
               "shortfall", "what", "by", "to", "dated", "contributor_unit", "author", "items", "words")


def as_csv(report: Report) -> str:
    """One table, one row per figure, a `section` column saying which part of the report it is."""
    data = report.as_json()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for section, key in (("timeliness", "timeliness"), ("qa_open", "qa_open"), ("quota", "quotas"),
                         ("statistics", "statistics"), ("periodic_report", "periodic_reports"),
                         ("royalty", "royalties")):
        for row in data[key]:
            items = row.get("items")
            if isinstance(items, list):  # a quota's items: their paths
                row = dict(row, items=" ".join(items))
            writer.writerow({"section": section, **row})
    return buffer.getvalue()


def as_html(report: Report, template: Path = REPORT_TEMPLATE) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template.parent)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = _when
    return env.get_template(template.name).render(
        report=report, states=STATES, late_text=late_text, rule_text=rule_text,
        summary=report.summary(), rows=[asdict(r) for r in report.timeliness])


FORMATS = {"text": as_text, "json": as_json, "csv": as_csv, "html": as_html}
