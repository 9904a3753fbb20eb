"""The introduction (giới thiệu) and the people (lãnh đạo, cán bộ): ordered, not dated."""
from __future__ import annotations

from ...core import fields as f
from ..type_spec import COMMON, ContentType, Field, files

PAGE = ContentType(
    "page", ("Giới thiệu", "About"), ("gioi-thieu", "about"),
    COMMON + (
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        Field("section", f.enum("history", "natural", "culture", "map", "organisation", "other"),
              False, "which part of the introduction"),
        Field("order", f.integer, False, "position in the introduction menu"),
        files("attached files"),
    ),
    sort="order", dated_folder=False, home_count=6, date_field=None, body_required=True,
    menu_group="about",
)


def fax(node) -> str:
    """A fax number: a phone number's shape, shown without a `tel:` link (nobody dials a fax)."""
    return f.phone(node)


PERSON = ContentType(
    "person", ("Lãnh đạo, cán bộ", "Leaders and officials"), ("can-bo", "officials"),
    COMMON + (
        Field("position", f.text, True, "chức vụ", ("Chức vụ", "Position")),
        Field("unit", f.text, True, "đơn vị", ("Đơn vị", "Unit")),
        Field("phone", f.phone, False, "official phone: 0205.3812.345", ("Điện thoại", "Phone")),
        Field("fax", fax, False, "fax: 0205.3812.346", ("Fax", "Fax")),
        Field("email", f.email, False, "official email", ("Thư điện tử", "Email")),
        Field("duties", f.list_of(f.text), False, "duties", ("Nhiệm vụ", "Duties")),
        Field("photo", f.image, False, "{src, alt}"),
        Field("order", f.integer, False, "position in the list"),
    ),
    sort="order", dated_folder=False, home_count=6, date_field=None, summary_field=None,
    rows=("position", "unit", "phone", "fax", "email"),  # the contact list of the person's page
    menu_group="about",
)
