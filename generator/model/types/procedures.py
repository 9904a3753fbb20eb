"""Administrative procedures (thủ tục hành chính): entries that link the public-service portals.

A portal does not re-author procedures (000/001 Đ5.1.c, 003 Đ4.7 "tích hợp từ Cổng Dịch vụ công
Quốc gia"): an entry names a procedure as the national database has it (code, name, field, level,
competent agency) and links where it is carried out, on the National Public Service Portal
(dichvucong.gov.vn) or on the province's (the profile's `public_services_url`; the address is
checked against the profile in ``build/profile_rules.py``). When a procedure changes, its
`changes` say when and what: the page shows the latest first, and listings mark the procedure for
``RECENT_DAYS`` after it (004 Đ10.2: "cập nhật kịp thời những thay đổi và thông báo trên Cổng").
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from ...core import fields as f
from ...core.diagnostics import Diagnostic, error
from ..i18n import format_moment, iso
from ..type_spec import COMMON, ContentType, Field, files

LEVELS = {
    "province": ("Cấp tỉnh", "Provincial"),
    "district": ("Cấp huyện", "District"),
    "commune": ("Cấp xã", "Commune"),
}
ONLINE = {
    "full": ("Dịch vụ công trực tuyến toàn trình", "Fully online"),
    "partial": ("Dịch vụ công trực tuyến một phần", "Partly online"),
    "none": ("Chưa cung cấp trực tuyến", "Not online"),
}
CHANGE_NOTICES = f.records({"date": (f.date, True), "note": (f.text, True), "decision": (f.text, False)},
                           "{date, note, decision}")
RECENT_DAYS = 30
CHANGED = ("Mới sửa đổi", "Recently changed")
CHANGE_NEWS = ("Thay đổi", "Changed")


def latest_change(values: dict[str, Any], lang: str) -> tuple[dt.date, str] | None:
    """The feed's news of a changed procedure: the day of its latest change notice, and what it says."""
    changes = values.get("changes", ())
    if not changes:
        return None
    last = max(changes, key=lambda c: c["date"])
    return last["date"], f"{CHANGE_NEWS[0 if lang == 'vi' else 1]} {format_moment(last['date'], lang)}: {last['note']}"
NATIONAL_PUBLIC_SERVICES = "dichvucong.gov.vn"  # Cổng Dịch vụ công quốc gia


def procedure_view(values: dict[str, Any], lang: str, today: dt.date) -> dict[str, Any]:
    """Where to carry it out, its change notices in words (newest first), and the listings' mark
    while the latest change is recent."""
    changes = sorted(values.get("changes", ()), key=lambda c: c["date"], reverse=True)
    notices = [{"text": format_moment(c["date"], lang), "iso": iso(c["date"]), "note": c["note"],
                "decision": c.get("decision", "")} for c in changes]
    recent = bool(changes) and 0 <= (today - changes[0]["date"]).days <= RECENT_DAYS
    return {"notices": notices, "mark": CHANGED[0 if lang == "vi" else 1] if recent else "",
            "apply_url": values["url"], "apply_host": f.host_of(values["url"])}


def on_public_service_portal(values: dict[str, Any], lines: dict[str, int], path: str, lang: str,
                             profile: Any) -> list[Diagnostic]:
    """A procedure links where it is carried out: the national portal or the profile's `public_services_url`."""
    provincial = f.host_of(profile.get("public_services_url") or "")
    allowed = [host for host in (NATIONAL_PUBLIC_SERVICES, provincial) if host]
    host = f.host_of(values["url"])
    if any(host == a or host.endswith("." + a) for a in allowed):
        return []
    return [error(path, lines.get("url", 1), "procedure.portal",
                  f"`url` is on {host}; a procedure links where it is carried out, the National Public Service "
                  f"Portal ({NATIONAL_PUBLIC_SERVICES})"
                  + (f" or the province's ({provincial}, the profile's `public_services_url`)" if provincial else "")
                  + " (000/001 Đ5.1.c, 003 Đ4.7)")]


def level_exists(values: dict[str, Any], lines: dict[str, int], path: str, lang: str,
                 profile: Any) -> list[Diagnostic]:
    """A procedure is carried out at a level of local government the province has: since the two-tier
    reform of 1 July 2025 a profile without `district` in its `tiers` has no Cấp huyện (communes exist
    under every profile, even where `tiers` leaves their sites out)."""
    tiers = profile.get("tiers") or ()
    if values["level"] != "district" or "district" in tiers:
        return []
    return [error(path, lines.get("level", 1), "procedure.level",
                  f"`level: district`, but profile {profile.id} has no district tier (`tiers: [{', '.join(tiers)}]`): "
                  "since 1 July 2025 procedures are carried out at province or commune level (Cấp tỉnh, Cấp xã "
                  "on the National Public Service Portal); write the level the procedure now has there")]


PROCEDURE = ContentType(
    "procedure", ("Thủ tục hành chính", "Administrative procedures"),
    ("thu-tuc-hanh-chinh", "administrative-procedures"),
    COMMON + (
        Field("code", f.text, True, "mã thủ tục in the national database of procedures: 1.001612",
              ("Mã thủ tục", "Procedure code")),
        Field("field", f.text, True, "lĩnh vực: Hộ tịch, Đất đai…", ("Lĩnh vực", "Field")),
        Field("level", f.choice(LEVELS), True, "cấp thực hiện: province, district (where the profile has that tier) or commune",
              ("Cấp thực hiện", "Level")),
        Field("agency", f.text, True, "cơ quan thực hiện", ("Cơ quan thực hiện", "Competent agency")),
        Field("url", f.https_url, True,
              "where it is carried out: https://dichvucong.gov.vn/… or the province's public-service portal",
              ("Thực hiện trực tuyến", "Apply online")),
        Field("date", f.date, True, "ngày công bố: the day the procedure was announced",
              ("Ngày công bố", "Announced on")),
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        Field("decision", f.text, False, "quyết định công bố: số, ký hiệu, ngày",
              ("Quyết định công bố", "Announcing decision")),
        Field("service_level", f.choice(ONLINE), False, "as the National Public Service Portal shows it (NĐ "
              "42/2022): full (toàn trình; mức độ 4 before), partial (một phần; mức độ 3 before) or none",
              ("Mức độ trực tuyến", "Online service")),
        Field("processing_time", f.text, False, "thời hạn giải quyết", ("Thời hạn giải quyết", "Processing time")),
        Field("fee", f.text, False, "phí, lệ phí", ("Phí, lệ phí", "Fees")),
        Field("changes", CHANGE_NOTICES, False,
              "change notices, each {date, note, decision}: when and how the procedure changed (004 Đ10.2)",
              ("Thông báo thay đổi", "Change notices")),
        files("forms (mẫu đơn, tờ khai), downloadable"),
    ),
    rows=("code", "field", "level", "agency", "service_level", "processing_time", "fee", "decision", "date"),
    extra_view=procedure_view, profile_checks=(on_public_service_portal, level_exists),
    feed=True, feed_news=latest_change,  # announced, or changed (a change notice): news to its users
    aggregate=True, menu_group="documents",
)
