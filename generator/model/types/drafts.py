"""Drafts for public comment (dự thảo lấy ý kiến): a draft document, who drafted it, the comment
period, where comments go, and after the period the comments received and how they were taken
into account (003 Đ4.13, Đ7.5; 004 Đ5.8; 000 Đ5.1.m).

The state is the build's day's (``--now``): "Sắp lấy ý kiến" before the period, "Đang lấy ý
kiến" with the days left during it (the page then carries the comment form), "Đã hết hạn lấy ý
kiến" after it, when the summary of comments is due and a build without one warns.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ...core import fields as f
from ...core.diagnostics import Diagnostic, error
from ..i18n import format_day
from ..type_spec import COMMON, ContentType, Field, ItemState, NewItem, files

SUMMARY_KEYS = ("comments_summary", "summary_files")


def comment_state(values: dict[str, Any], today: dt.date) -> ItemState:
    """Upcoming, open (with the days left, the last day counted) or closed, on ``today``."""
    opens, closes = values["comment_open"], values["comment_close"]
    if today < opens:
        return ItemState("upcoming", (f"Sắp lấy ý kiến, từ {format_day(opens, 'vi')}",
                                      f"Open for comment from {format_day(opens, 'en')}"), on_home=False,
                         facts=(("opens", opens.isoformat()),))
    if today <= closes:
        left = (closes - today).days + 1
        label = (("Đang lấy ý kiến, hôm nay là ngày cuối", "Open for comment, today is the last day") if left == 1
                 else (f"Đang lấy ý kiến, còn {left} ngày", f"Open for comment, {left} days left"))
        return ItemState("open", label, facts=(("days_left", left), ("closes", closes.isoformat())))
    problem = None
    if not any(values.get(key) for key in SUMMARY_KEYS):
        problem = ("comment_close", "draft.summary-missing",
                   f"the comment period closed on {closes.isoformat()}; publish what was received and how it "
                   "was taken into account: add `comments_summary` (and the report as `summary_files`)")
    return ItemState("closed", ("Đã hết hạn lấy ý kiến", "Comment period closed"), on_home=False,
                     facts=(("closed", closes.isoformat()),), problem=problem)


def _period(values: dict[str, Any], lines: dict[str, int], path: str) -> list[Diagnostic]:
    opens, closes = values.get("comment_open"), values.get("comment_close")
    if opens is None or closes is None or closes > opens:
        return []
    return [error(path, lines["comment_close"], "draft.period",
                  f"`comment_close` {closes.isoformat()} is not after `comment_open` {opens.isoformat()}; "
                  "the comment period ends after it begins")]


STUB_PERIOD_DAYS = 30  # no profile sets a period; 30 days is as long as the law on legal documents asks, or longer


def new_item(title: str, now: dt.datetime) -> NewItem:
    """A period that passes `check` as written: from today for ``STUB_PERIOD_DAYS`` days."""
    opens = now.date()
    closes = opens + dt.timedelta(days=STUB_PERIOD_DAYS)
    return NewItem(lines={
        "comment_open": (f"comment_open: {opens.isoformat()}  # ngày bắt đầu lấy ý kiến (the item's date)",),
        "comment_close": (f"comment_close: {closes.isoformat()}  # thời hạn tiếp nhận ý kiến, {STUB_PERIOD_DAYS} "
                          "days from the start; the last day comments are received: keep at least the period the "
                          "law sets for this kind of draft",),
    })


DRAFT = ContentType(
    "draft", ("Dự thảo lấy ý kiến", "Drafts for comment"), ("du-thao", "drafts"),
    COMMON + (
        Field("summary", f.text, True, "what the draft is about and what comments are sought, one or two sentences",
              ("Tóm tắt", "Summary")),
        Field("drafting_agency", f.text, True, "cơ quan chủ trì soạn thảo",
              ("Cơ quan chủ trì soạn thảo", "Drafting agency")),
        Field("comment_open", f.date, True, "ngày bắt đầu lấy ý kiến (the item's date)",
              ("Thời gian bắt đầu lấy ý kiến", "Comments open")),
        Field("comment_close", f.date, True, "thời hạn tiếp nhận ý kiến: the last day comments are received",
              ("Thời hạn tiếp nhận ý kiến", "Comments close")),
        Field("receiving_address", f.text, True, "địa chỉ của cơ quan, đơn vị tiếp nhận ý kiến góp ý",
              ("Địa chỉ tiếp nhận ý kiến", "Send comments to")),
        Field("receiving_email", f.email, True, "thư điện tử tiếp nhận ý kiến góp ý (the comment form's "
              "address when the site has no `intake`)", ("Thư điện tử tiếp nhận ý kiến", "Comments by email")),
        files("the draft and the documents that go with it (tờ trình, báo cáo đánh giá tác động…), downloadable",
              ("Dự thảo và tài liệu kèm theo", "The draft and its documents"), name="draft_files", required=True),
        Field("receiving_unit", f.text, False, "the unit receiving comments, when not the drafting agency",
              ("Đơn vị tiếp nhận ý kiến", "Comments received by")),
        Field("receiving_phone", f.phone, False, "điện thoại tiếp nhận ý kiến",
              ("Điện thoại tiếp nhận ý kiến", "Phone")),
        Field("doc_form", f.text, False, "hình thức văn bản dự kiến: Nghị quyết, Quyết định…",
              ("Hình thức văn bản", "Document type")),
        Field("issuing_authority", f.text, False, "cơ quan có thẩm quyền ban hành: HĐND tỉnh, UBND tỉnh…",
              ("Cơ quan ban hành", "To be issued by")),
        Field("field", f.text, False, "lĩnh vực", ("Lĩnh vực", "Field")),
        # Personal data: a summary names no commenter's identity, phone or address (requirements.md §3.8).
        Field("comments_summary", f.text, False,
              "after the period: the comments received and how they were taken into account (tổng hợp, tiếp "
              "thu, giải trình); paragraphs separated by a blank line, no commenter's personal details",
              ("Tổng hợp, tiếp thu, giải trình ý kiến", "Comments received and how they were taken into account"),
              scan_personal=True),
        Field("comments_count", f.integer, False, "how many comments were received",
              ("Số ý kiến nhận được", "Comments received")),
        files("the report on the comments (báo cáo tổng hợp, tiếp thu, giải trình), downloadable",
              ("Báo cáo tổng hợp ý kiến", "Report on the comments"), name="summary_files"),
    ),
    date_field="comment_open", feed=True, checks=(_period,), state=comment_state, new_item=new_item,
    rows=("drafting_agency", "doc_form", "issuing_authority", "field", "comment_open", "comment_close",
          "receiving_unit", "receiving_address", "receiving_email", "receiving_phone"),
    home_label=("Dự thảo đang lấy ý kiến", "Drafts open for comment"), hooks="comment",
    scan_body=True,  # a draft's text and notes may quote the comments received
    aggregate=True, menu_group="interaction",
)
