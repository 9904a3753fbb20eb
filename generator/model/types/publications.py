"""News, legal documents and directives: what an agency issues and reports, dated and in the feed."""
from __future__ import annotations

from typing import Any

from ...core import fields as f
from ..i18n import format_moment, iso
from ..type_spec import COMMON, ContentType, Field, files

NEWS = ContentType(
    "news", ("Tin tức, sự kiện", "News"), ("tin-tuc", "news"),
    COMMON + (
        Field("date", f.datetime, True, "when it was written", ("Ngày đăng", "Published")),
        Field("summary", f.text, True, "one or two sentences shown in lists", ("Tóm tắt", "Summary")),
        Field("image", f.image, False, "{src, alt}: a picture and what it shows"),
        Field("event_time", f.datetime, False, "when the event takes place",
              ("Thời gian diễn ra", "Event time")),
    ),
    feed=True,
    aggregate=True,
    menu_group="news",
)


LEGAL = ContentType(
    "legal", ("Văn bản", "Legal documents"), ("van-ban", "documents"),
    COMMON + (
        Field("doc_form", f.text, True, "hình thức văn bản: Quyết định, Nghị quyết, Chỉ thị…",
              ("Hình thức văn bản", "Document type")),
        Field("issuing_authority", f.text, True, "thẩm quyền ban hành",
              ("Cơ quan ban hành", "Issued by")),
        Field("number", f.text, True, "số: 40/2024", ("Số", "Number")),
        Field("symbol", f.text, True, "ký hiệu: QĐ-UBND", ("Ký hiệu", "Symbol")),
        Field("issued_date", f.date, True, "ngày ban hành", ("Ngày ban hành", "Issued on")),
        Field("effective_date", f.date, True, "ngày có hiệu lực",
              ("Ngày có hiệu lực", "Effective from")),
        Field("abstract", f.text, True, "trích yếu", ("Trích yếu", "Abstract")),
        files("the document's files, downloadable", required=True),
        Field("field", f.text, False, "lĩnh vực", ("Lĩnh vực", "Field")),
        Field("signer", f.text, False, "người ký", ("Người ký", "Signed by")),
        Field("expiry_date", f.date, False, "ngày hết hiệu lực", ("Ngày hết hiệu lực", "Expires on")),
        Field("national_db_url", f.url, False,
              "its record in the national legal database or the Công báo",
              ("Cơ sở dữ liệu quốc gia", "National database")),
        Field("replaces", f.list_of(f.ref), False, "documents this one replaces",
              ("Thay thế", "Replaces")),
        Field("amends", f.list_of(f.ref), False, "documents this one amends",
              ("Sửa đổi, bổ sung", "Amends")),
        Field("legal_kind", f.enum("vbqppl", "hanh_chinh"), False,
              "vbqppl (quy phạm pháp luật) or hanh_chinh"),
        Field("shortened_procedure", f.boolean, False,
              "true when issued under the shortened procedure (trình tự, thủ tục rút gọn): posted at once "
              "and reported in the mass media (000/001 Đ9.3)",
              ("Ban hành theo trình tự, thủ tục rút gọn", "Issued under the shortened procedure")),
        Field("received_at", f.datetime, False,
              "when this agency received a document another issued (through “Nơi nhận”): the posting deadline "
              "runs from it where the profile says so"),
    ),
    date_field="issued_date", summary_field="abstract", feed=True,
    aggregate=True,
    menu_group="documents",
)


# What a direction is about, beyond the directions themselves (ý kiến chỉ đạo, điều hành): 000/001
# Đ5.1.i (phản hồi kiến nghị), 003 Đ4.4 (khen thưởng, xử phạt; nhân sự mới), 004 Đ5.2, 002 Đ10.1.b;
# each kind is listed on its own too (chi-dao-dieu-hanh/khen-thuong/).
DIRECTIVE_KINDS = {
    "response": ("Phản hồi kiến nghị", "Responses to petitions"),
    "commendation": ("Khen thưởng", "Commendations"),
    "discipline": ("Xử phạt, kỷ luật", "Sanctions and discipline"),
    "personnel": ("Nhân sự", "Personnel"),
    "press": ("Trả lời báo chí", "Press responses"),
}



def _quotes_citizens(values: dict[str, Any]) -> bool:
    """A response to a petition or to the press publishes a citizen's or a journalist's words: its
    body is scanned for personal data."""
    return values.get("kind") in ("response", "press")
ISSUED_ON = ("Ngày ban hành", "Issued on")


def issued_view(values: dict[str, Any], lang: str, today) -> dict[str, Any]:
    """A directive's date is the day it was issued; its page's Ngày đăng is when it was posted."""
    return {"issued": {"text": format_moment(values["date"], lang), "iso": iso(values["date"]),
                       "label": ISSUED_ON[0 if lang == "vi" else 1]}}


DIRECTIVE = ContentType(
    "directive", ("Chỉ đạo, điều hành", "Directives"), ("chi-dao-dieu-hanh", "directives"),
    COMMON + (
        Field("date", f.datetime, True, "when it was issued", ISSUED_ON),
        Field("summary", f.text, True, "what it directs", ("Tóm tắt", "Summary")),
        Field("number", f.text, False, "số", ("Số", "Number")),
        Field("symbol", f.text, False, "ký hiệu", ("Ký hiệu", "Symbol")),
        Field("issuing_authority", f.text, False, "who issued it", ("Cơ quan ban hành", "Issued by")),
        files("attached files"),
        Field("kind", f.choice(DIRECTIVE_KINDS), False,
              "response, commendation, discipline, personnel or press; leave it out for a direction itself",
              ("Loại", "Kind")),
    ),
    feed=True, extra_view=issued_view,
    scan_body=_quotes_citizens,
    aggregate=True, menu_group="documents",
)
