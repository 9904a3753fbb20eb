"""What a portal offers businesses and residents beside its own decisions: business promotion,
public-utility services, official statements and dialogues (Thái Nguyên), and advertising (Bến Tre,
with the approval of the Ủy ban nhân dân tỉnh).

The regulations name these without fields (requirements.md §1.1, C25, C26, C28, C31: 003 Đ4.14,
Đ4.15, Đ15.1.a, c; 002 Đ8): each is a typed item with a date, an issuer and files. Where a
profile requires more (Bến Tre's `approval_ref` on advertising) it says so in its
`required_fields`.
"""
from __future__ import annotations

from typing import Any

from ...core import fields as f
from ...core.diagnostics import Diagnostic, error
from ..type_spec import COMMON, ContentType, Field, NewItem, files
from .disclosures import SUMMARY, issued

IMAGE = Field("image", f.image, False, "{src, alt}: a picture and what it shows")


def _contact(website_label: tuple[str, str] = ("Trang thông tin", "Website")) -> tuple[Field, ...]:
    return (Field("address", f.text, False, "địa chỉ", ("Địa chỉ", "Address")),
            Field("phone", f.phone, False, "điện thoại", ("Điện thoại", "Phone")),
            Field("website", f.url, False, "https://…", website_label))


ENTERPRISE = ContentType(
    "enterprise", ("Quảng bá, giới thiệu doanh nghiệp", "Business promotion"),
    ("gioi-thieu-doanh-nghiep", "businesses"),
    COMMON + (
        *issued(("Ngày đăng", "Posted on"), ("Cơ quan giới thiệu", "Presented by"), f.datetime,
                issuer_help="the agency presenting the business"),
        SUMMARY,
        Field("enterprise", f.text, True, "tên doanh nghiệp", ("Doanh nghiệp", "Enterprise")),
        Field("business_field", f.text, False, "ngành nghề kinh doanh", ("Ngành nghề", "Line of business")),
        *_contact(),
        IMAGE,
        files("attached files"),
    ),
    rows=("enterprise", "business_field", "address", "phone", "website", "issuer"),
    home_count=0,
    aggregate=True,
    menu_group="disclosure",
)


UTILITY_KINDS = {
    "transport": ("Giao thông", "Transport"),
    "health": ("Y tế", "Health"),
    "education": ("Giáo dục", "Education"),
    "living": ("Điện, nước, vệ sinh môi trường", "Power, water and sanitation"),
    "other": ("Dịch vụ khác", "Other services"),
}

UTILITY = ContentType(
    "utility", ("Dịch vụ công ích", "Public-utility services"), ("dich-vu-cong-ich", "public-utilities"),
    COMMON + (
        Field("kind", f.choice(UTILITY_KINDS), True, "transport, health, education, living or other",
              ("Lĩnh vực", "Sector")),
        *issued(("Ngày cập nhật", "Updated on"), ("Cơ quan cung cấp thông tin", "Information from"),
                issuer_help="the agency giving the information"),
        SUMMARY,
        Field("provider", f.text, False, "đơn vị cung cấp dịch vụ", ("Đơn vị cung cấp dịch vụ", "Provider")),
        *_contact(),
        files("attached files"),
    ),
    rows=("kind", "provider", "address", "phone", "website", "issuer", "date"),
    home_count=0,
    aggregate=True,
    menu_group="disclosure",
)


STATEMENT_KINDS = {
    "statement": ("Phát ngôn", "Official statements"),
    "dialogue": ("Giao lưu, đối thoại trực tuyến", "Online dialogues"),
}


def _who_and_when(values: dict[str, Any], lines: dict[str, int], path: str) -> list[Diagnostic]:
    """A statement names who made it; a dialogue says when it takes place."""
    needed = {"statement": "speaker", "dialogue": "event_time"}.get(values.get("kind", ""))
    if needed is None or needed in values:
        return []
    what = "who made it" if needed == "speaker" else "when it takes place"
    return [error(path, lines.get("kind", 1), "field.required",
                  f"a `kind: {values['kind']}` item needs `{needed}`: {what}")]


def _new_statement(title: str, now) -> NewItem:
    """The field the kind needs, stubbed for a statement with a dialogue's shown as the alternative."""
    return NewItem(lines={"speaker": (
        'speaker: ""  # kind: statement: người phát ngôn, name and position (a dialogue: remove this line)',
        f"# event_time: {now.strftime('%Y-%m-%dT%H:%M')}  # kind: dialogue: when it takes place",
    )})


STATEMENT = ContentType(
    "statement", ("Phát ngôn, đối thoại", "Statements and dialogues"),
    ("phat-ngon-doi-thoai", "statements-and-dialogues"),
    COMMON + (
        Field("kind", f.choice(STATEMENT_KINDS), True, "statement (phát ngôn) or dialogue (giao lưu, đối thoại)",
              ("Loại", "Kind")),
        *issued(("Ngày đăng", "Posted on"), ("Cơ quan", "Agency"), f.datetime,
                issuer_help="the agency speaking or holding the dialogue"),
        SUMMARY,
        Field("speaker", f.text, False, "người phát ngôn: name and position", ("Người phát ngôn", "Spokesperson")),
        Field("event_time", f.datetime, False, "when the dialogue takes place", ("Thời gian diễn ra", "Takes place")),
        Field("guests", f.list_of(f.text), False, "who takes part", ("Khách mời", "Guests")),
        IMAGE,
        files("attached files"),
    ),
    rows=("kind", "speaker", "issuer", "event_time", "guests"),
    feed=True, home_count=3, checks=(_who_and_when,), new_item=_new_statement,
    scan_body=True,  # a dialogue publishes citizens' questions
    aggregate=True,
    menu_group="news",
)


ADVERTISEMENT = ContentType(
    "advertisement", ("Quảng cáo", "Advertisements"), ("quang-cao", "advertisements"),
    COMMON + (
        *issued(("Ngày đăng", "Posted on"), ("Đơn vị quảng cáo", "Advertiser"),
                issuer_help="who advertises"),
        SUMMARY,
        Field("approval_ref", f.text, False,
              "the approval of the Ủy ban nhân dân tỉnh: số, ký hiệu, ngày (required where the profile says "
              "so, 002 Đ8)", ("Văn bản chấp thuận", "Approved by")),
        Field("url", f.url, False, "where the advertisement leads", ("Liên kết", "Link")),
        IMAGE,
        files("attached files"),
    ),
    rows=("approval_ref", "issuer", "url"),
    home_count=0,
    aggregate=True,
    menu_group="disclosure",
)
