"""Every content type, declared in one place.

A type is its fields (name, coercer, required, help), its layout, its URL
segment per language, its sort order and page size. Adding a type is one
declaration here plus a layout ``layouts/<name>.html``. The JSON Schema for
editors' tools (``build.py schema``) is generated from this table.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core import fields as f

STATUSES = ("published", "draft", "withdrawn", "removed")


@dataclass(frozen=True)
class Field:
    name: str
    coerce: f.Coercer
    required: bool = False
    help: str = ""
    label: tuple[str, str] = ("", "")  # (Vietnamese, English) for pages and tables


@dataclass(frozen=True)
class ContentType:
    name: str
    label: tuple[str, str]          # (vi, en) plural heading
    segment: tuple[str, str]        # URL segment (vi, other languages)
    fields: tuple[Field, ...]
    sort: str = "date"              # "date" (newest first) or "order"
    page_size: int = 20
    dated_folder: bool = True       # content/<site>/<type>/<yyyy>/<slug>.md
    home_count: int = 5

    def field(self, name: str) -> Field | None:
        return next((x for x in self.fields if x.name == name), None)


COMMON = (
    Field("title", f.text, True, "the headline or name", ("Tiêu đề", "Title")),
    Field("status", f.enum(*STATUSES), False,
          "published (default), draft (never built), withdrawn (no longer current: kept under a banner, "
          "out of listings and search) or removed (taken down by `build.py takedown`: gone from every "
          "output, its addresses answer 410 Gone)"),
    Field("publish_at", f.datetime, False, "publish only at or after this moment"),
    Field("tags", f.list_of(f.text), False, "topics", ("Chủ đề", "Tags")),
    Field("author", f.text, False, "who wrote it", ("Tác giả", "Author")),
    Field("source", f.text, False, "where it comes from", ("Nguồn", "Source")),
    Field("sample", f.boolean, False, "true for invented example content"),
    Field("change_note", f.text, False,
          "what a major change changed (shown under Lịch sử cập nhật); leave it out for a minor edit"),
    Field("translate", f.list_of(f.text), False,
          "languages this Vietnamese item must be translated into: [en] (listed by `check --todo`)"),
    Field("translation_of", f.text, False,
          "in a translation: `<source id>@<commit>` it was made from (written by `build.py translate`)"),
    Field("syndicate", f.boolean, False,
          "show this component-site item on the portal (needs a portal approver where the profile says so)"),
)

NEWS = ContentType(
    "news", ("Tin tức, sự kiện", "News"), ("tin-tuc", "news"),
    COMMON + (
        Field("date", f.datetime, True, "when it was written", ("Ngày đăng", "Published")),
        Field("summary", f.text, True, "one or two sentences shown in lists", ("Tóm tắt", "Summary")),
        Field("image", f.image, False, "{src, alt}: a picture and what it shows"),
        Field("event_time", f.datetime, False, "when the event takes place",
              ("Thời gian diễn ra", "Event time")),
    ),
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
        Field("files", f.list_of(f.text), True, "the document's files, downloadable",
              ("Tệp đính kèm", "Files")),
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
    ),
)

DIRECTIVE = ContentType(
    "directive", ("Chỉ đạo, điều hành", "Directives"), ("chi-dao-dieu-hanh", "directives"),
    COMMON + (
        Field("date", f.datetime, True, "when it was issued", ("Ngày ban hành", "Issued on")),
        Field("summary", f.text, True, "what it directs", ("Tóm tắt", "Summary")),
        Field("number", f.text, False, "số", ("Số", "Number")),
        Field("symbol", f.text, False, "ký hiệu", ("Ký hiệu", "Symbol")),
        Field("issuing_authority", f.text, False, "who issued it", ("Cơ quan ban hành", "Issued by")),
        Field("files", f.list_of(f.text), False, "attached files", ("Tệp đính kèm", "Files")),
    ),
)

PAGE = ContentType(
    "page", ("Giới thiệu", "About"), ("gioi-thieu", "about"),
    COMMON + (
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        Field("section", f.enum("history", "natural", "culture", "map", "organisation", "other"),
              False, "which part of the introduction"),
        Field("order", f.integer, False, "position in the introduction menu"),
        Field("files", f.list_of(f.text), False, "attached files", ("Tệp đính kèm", "Files")),
    ),
    sort="order", dated_folder=False, home_count=6,
)

PERSON = ContentType(
    "person", ("Lãnh đạo, cán bộ", "Leaders and officials"), ("can-bo", "officials"),
    COMMON + (
        Field("position", f.text, True, "chức vụ", ("Chức vụ", "Position")),
        Field("unit", f.text, True, "đơn vị", ("Đơn vị", "Unit")),
        Field("phone", f.phone, False, "official phone", ("Điện thoại", "Phone")),
        Field("fax", f.phone, False, "fax", ("Fax", "Fax")),
        Field("email", f.email, False, "official email", ("Thư điện tử", "Email")),
        Field("duties", f.list_of(f.text), False, "duties", ("Nhiệm vụ", "Duties")),
        Field("photo", f.image, False, "{src, alt}"),
        Field("order", f.integer, False, "position in the list"),
    ),
    sort="order", dated_folder=False, home_count=6,
)

CONTENT_TYPES: dict[str, ContentType] = {t.name: t for t in (NEWS, LEGAL, DIRECTIVE, PAGE, PERSON)}
# Fields that are never required for a type because the type derives them.
DERIVED_DEFAULTS = {("legal", "title")}
# Fields naming files that must exist beside the item or under content/<site>/files/.
FILE_FIELDS = ("files",)
IMAGE_FIELDS = ("image", "photo")
