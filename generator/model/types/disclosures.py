"""What the regulations require published without prescribing its fields: strategies and plans,
annual financial reports, epidemic information, international treaties, Công báo issues.

Each is a typed item with a date, an issuer and files (requirements.md §1.1, C3, C6, C10, C11,
C18): 000/001 Đ5.1.b, đ, g, l; 003 Đ4.8, Đ4.10; 004 Đ5.5, Đ5.6. Where several kinds share one
shape (strategies, master plans and plans; treaties and agreements) one type carries a `kind`,
and each kind has a listing of its own (``build/kinds.py``).
"""
from __future__ import annotations

from typing import Any

from ...core import fields as f
from ...core.diagnostics import Diagnostic, error
from ..type_spec import COMMON, ContentType, Field, files


def issued(date_label: tuple[str, str], issuer_label: tuple[str, str], moment=f.date,
           issuer_help: str = "the agency that issued it") -> tuple[Field, Field]:
    """The date and the issuer every one of these types has."""
    return (Field("date", moment, True, date_label[0].lower(), date_label),
            Field("issuer", f.text, True, issuer_help, issuer_label))


SUMMARY = Field("summary", f.text, True, "one or two sentences shown in lists", ("Tóm tắt", "Summary"))

PLAN_KINDS = {
    "strategy": ("Chiến lược, định hướng", "Strategies"),
    "master_plan": ("Quy hoạch", "Master plans"),
    "plan": ("Kế hoạch", "Plans"),
}

PLAN = ContentType(
    "plan", ("Chiến lược, quy hoạch, kế hoạch", "Strategies, master plans and plans"),
    ("chien-luoc-quy-hoach-ke-hoach", "strategies-and-plans"),
    COMMON + (
        Field("kind", f.choice(PLAN_KINDS), True, "strategy, master_plan or plan", ("Loại", "Kind")),
        *issued(("Ngày phê duyệt", "Approved on"), ("Cơ quan phê duyệt", "Approved by"),
                issuer_help="the authority that approved it"),
        SUMMARY,
        Field("decision", f.text, False, "quyết định phê duyệt: số, ký hiệu",
              ("Quyết định phê duyệt", "Approving decision")),
        Field("period", f.text, False, "thời kỳ: 2021-2030, tầm nhìn đến năm 2050", ("Thời kỳ", "Period")),
        Field("field", f.text, False, "ngành, lĩnh vực", ("Ngành, lĩnh vực", "Sector")),
        files("the document, its maps and annexes, downloadable", required=True),
    ),
    rows=("kind", "decision", "date", "issuer", "period", "field"),
    feed=True, home_count=0,
    aggregate=True,
    menu_group="documents",
)


def _year_not_after_date(values: dict[str, Any], lines: dict[str, int], path: str) -> list[Diagnostic]:
    year, day = values.get("fiscal_year"), values.get("date")
    if year is None or day is None or year <= day.year:
        return []
    return [error(path, lines["fiscal_year"], "finance.year",
                  f"a report on fiscal year {year} cannot be disclosed on {day.isoformat()}, before that year "
                  "began; correct `fiscal_year` or `date`")]


FINANCE = ContentType(
    "finance", ("Báo cáo tài chính", "Financial reports"), ("bao-cao-tai-chinh", "financial-reports"),
    COMMON + (
        Field("fiscal_year", f.integer, True, "năm tài chính: 2025", ("Năm tài chính", "Fiscal year")),
        *issued(("Ngày công khai", "Disclosed on"), ("Đơn vị báo cáo", "Reporting unit"),
                issuer_help="the unit whose report it is"),
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        Field("decision", f.text, False, "quyết định công khai: số, ký hiệu",
              ("Quyết định công khai", "Disclosure decision")),
        files("the report (Luật Kế toán), downloadable", required=True),
    ),
    rows=("fiscal_year", "issuer", "decision", "date"),
    home_count=0, checks=(_year_not_after_date,),
    aggregate=True,
    menu_group="disclosure",
)


EPIDEMIC = ContentType(
    "epidemic", ("Thông tin dịch bệnh", "Epidemic information"), ("thong-tin-dich-benh", "epidemic-information"),
    COMMON + (
        *issued(("Ngày ban hành", "Issued on"), ("Cơ quan cung cấp", "Issued by"), f.datetime,
                issuer_help="Sở Y tế, Trung tâm Kiểm soát bệnh tật…"),
        SUMMARY,
        Field("disease", f.text, False, "bệnh, dịch", ("Bệnh, dịch", "Disease")),
        Field("area", f.text, False, "địa bàn", ("Địa bàn", "Area")),
        Field("image", f.image, False, "{src, alt}: a picture and what it shows"),
        files("attached files"),
    ),
    rows=("disease", "area", "issuer", "date"),
    feed=True, home_count=3,
    aggregate=True,
    menu_group="news",
)


TREATY_KINDS = {
    "treaty": ("Điều ước quốc tế", "Treaties"),
    "agreement": ("Thỏa thuận quốc tế", "International agreements"),
}

TREATY = ContentType(
    "treaty", ("Điều ước, thỏa thuận quốc tế", "International treaties and agreements"),
    ("dieu-uoc-quoc-te", "international-treaties"),
    COMMON + (
        Field("kind", f.choice(TREATY_KINDS), True, "treaty (điều ước) or agreement (thỏa thuận quốc tế)",
              ("Loại", "Kind")),
        *issued(("Ngày ký", "Signed on"), ("Cơ quan ký kết", "Signed by"),
                issuer_help="the agency that signed it, or proposed it"),
        SUMMARY,
        Field("parties", f.list_of(f.text), False, "the parties", ("Các bên", "Parties")),
        Field("effective_date", f.date, False, "ngày có hiệu lực", ("Ngày có hiệu lực", "In force from")),
        Field("url", f.url, False, "its official text elsewhere (the Ministry of Foreign Affairs…)",
              ("Văn bản chính thức", "Official text")),
        files("the text, downloadable"),
    ),
    rows=("kind", "parties", "issuer", "date", "effective_date", "url"),
    home_count=0,
    aggregate=True,
    menu_group="documents",
)


def congbao_not_published(profile: Any) -> str | None:
    """Why a profile has no Công báo issues as items: it links to the Công báo instead of publishing it."""
    congbao = profile.get("congbao") or {}
    if congbao.get("mode") == "publish":
        return None
    how = (f"links to the Công báo at {congbao['url']} instead of publishing it" if congbao.get("url")
           else "does not publish the Công báo on the portal")
    return f"profile {profile.id} {how} (`congbao.mode: {congbao.get('mode', '')}`), so its issues are not items here"


def published_by_profile(values: dict[str, Any], lines: dict[str, int], path: str, lang: str,
                         profile: Any) -> list[Diagnostic]:
    """A Công báo issue is an item only where the profile publishes the Công báo (`congbao.mode: publish`);
    said once, of the Vietnamese file."""
    why = congbao_not_published(profile)
    if lang != "vi" or why is None:
        return []
    return [error(path, min(lines.values(), default=1), "gazette.not-published",
                  f"{why}; remove this file (every page links the Công báo)")]


GAZETTE = ContentType(
    "gazette", ("Công báo", "Official Gazette"), ("cong-bao", "gazette"),
    COMMON + (
        Field("issue_number", f.text, True, "số Công báo: Số 12", ("Số Công báo", "Issue")),
        *issued(("Ngày phát hành", "Published on"), ("Cơ quan phát hành", "Published by"),
                issuer_help="Văn phòng Ủy ban nhân dân tỉnh"),
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        Field("contents", f.list_of(f.text), False, "the documents in this issue",
              ("Văn bản đăng trong số", "Documents in this issue")),
        files("the issue, downloadable", required=True),
    ),
    rows=("issue_number", "date", "issuer", "contents"),
    feed=True, home_count=3,  # a new issue is news to whoever follows the province's documents
    profile_checks=(published_by_profile,), unpublished=congbao_not_published, aggregate=True,
    menu_group="documents",
)
