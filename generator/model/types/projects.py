"""Projects, public investment and procurement; bidding; land prices, recovery, compensation and
resettlement (requirements.md C7).

A project carries Bến Tre's nine elements (002 Đ10.5.b, Đ10.6: tên, mục tiêu chính, lĩnh vực, loại
dự án, thời gian thực hiện, kinh phí, loại hình tài trợ, nhà tài trợ, tình trạng) and is listed
in three groups by its status; a profile that names further required elements (`project_fields`)
makes them required under it. Thái Nguyên's additions (003 Đ4.9: thông tin về đấu thầu; giá đất,
thu hồi đất, phương án bồi thường, giải phóng mặt bằng, tái định cư) are two types of their own,
because they have other elements and no project status.
"""
from __future__ import annotations

from typing import Any

from ...core import fields as f
from ...core.diagnostics import Diagnostic, error
from ..type_spec import COMMON, ContentType, Field, files

PROJECT_STATUS = f.choice({  # 002 Đ10.5.b: the three lists, in the seed's order
    "preparing": ("Đang chuẩn bị đầu tư", "In preparation"),
    "implementing": ("Đang triển khai", "Under implementation"),
    "completed": ("Đã hoàn tất", "Completed"),
})

PROJECT_KIND = f.choice({
    "investment": ("Dự án đầu tư công", "Public investment project"),
    "procurement": ("Mua sắm công", "Public procurement"),
    "scheme": ("Đề án", "Scheme"),
})

PROJECT = ContentType(
    "project", ("Dự án đầu tư, mua sắm công", "Investment and procurement projects"), ("du-an", "projects"),
    COMMON + (
        Field("date", f.date, True, "the day this information is as of (the status last changed or was confirmed)",
              ("Thông tin tính đến ngày", "Information as of")),
        Field("project_status", PROJECT_STATUS, True,
              "tình trạng dự án: preparing (đang chuẩn bị đầu tư), implementing (đang triển khai) or "
              "completed (đã hoàn tất)", ("Tình trạng dự án", "Status")),
        Field("kind", PROJECT_KIND, False,
              "investment (dự án đầu tư công), procurement (mua sắm công) or scheme (đề án)",
              ("Loại thông tin", "Kind")),
        Field("objective", f.text, False, "mục tiêu chính", ("Mục tiêu chính", "Main objective")),
        Field("field", f.text, False, "lĩnh vực chuyên môn: giao thông, y tế, giáo dục…",
              ("Lĩnh vực chuyên môn", "Field")),
        Field("project_type", f.text, False, "loại dự án: nhóm A, B, C; đầu tư xây dựng; hỗ trợ kỹ thuật…",
              ("Loại dự án", "Project type")),
        Field("duration", f.text, False, "thời gian thực hiện: 2025 - 2027", ("Thời gian thực hiện", "Duration")),
        Field("budget", f.money, False, "kinh phí dự án in đồng: 1.250.000.000", ("Kinh phí dự án", "Budget")),
        Field("funding_type", f.text, False, "loại hình tài trợ: vốn ngân sách nhà nước, ODA, vốn vay ưu đãi…",
              ("Loại hình tài trợ", "Funding type")),
        Field("sponsor", f.text, False, "nhà tài trợ", ("Nhà tài trợ", "Sponsor")),
        Field("investor", f.text, False, "chủ đầu tư", ("Chủ đầu tư", "Investor")),
        Field("location", f.text, False, "địa điểm thực hiện", ("Địa điểm", "Location")),
        Field("decision", f.text, False, "quyết định phê duyệt: số, ký hiệu, ngày, cơ quan",
              ("Quyết định phê duyệt", "Approval decision")),
        Field("approved_date", f.date, False, "ngày phê duyệt (the publication deadline runs from it)",
              ("Ngày phê duyệt", "Approved on")),
        Field("disbursed", f.money, False, "giá trị đã giải ngân in đồng (kết quả thực hiện)",
              ("Giá trị đã giải ngân", "Disbursed")),
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        files("the project's documents: decisions, reports, results"),
    ),
    feed=True, home_count=0,
    rows=("objective", "field", "project_type", "duration", "budget", "funding_type", "sponsor", "project_status",
          "kind", "investor", "location", "decision", "approved_date", "disbursed", "date"),
    group_by="project_status",
    aggregate=True,
    menu_group="disclosure",
)


BIDDING_KIND = f.choice({
    "plan": ("Kế hoạch lựa chọn nhà thầu", "Contractor selection plan"),
    "notice": ("Thông báo mời thầu", "Invitation to bid"),
    "result": ("Kết quả lựa chọn nhà thầu", "Contractor selection result"),
})


def _result_names_the_winner(values: dict[str, Any], lines: dict[str, int], path: str) -> list[Diagnostic]:
    """The result of a selection says who won and at what price."""
    if values.get("kind") != "result":
        return []
    return [error(path, lines["kind"], "bidding.result-incomplete",
                  f"a contractor selection result must name `{name}` ({label}); add it")
            for name, label in (("winner", "nhà thầu trúng thầu"), ("winning_price", "giá trúng thầu"))
            if name not in values]


BIDDING = ContentType(
    "bidding", ("Thông tin đấu thầu", "Bidding information"), ("dau-thau", "bidding"),
    COMMON + (
        Field("date", f.datetime, True, "when it was issued", ("Ngày phát hành", "Issued on")),
        Field("kind", BIDDING_KIND, True, "plan (kế hoạch lựa chọn nhà thầu), notice (thông báo mời thầu) or "
              "result (kết quả lựa chọn nhà thầu)", ("Loại thông tin", "Kind")),
        Field("package", f.text, True, "tên gói thầu", ("Gói thầu", "Bid package")),
        Field("solicitor", f.text, True, "bên mời thầu", ("Bên mời thầu", "Procuring entity")),
        Field("project", f.text, False, "dự án, dự toán mua sắm the package belongs to", ("Dự án", "Project")),
        Field("selection_method", f.text, False, "hình thức lựa chọn nhà thầu: đấu thầu rộng rãi, chào hàng "
              "cạnh tranh, chỉ định thầu…", ("Hình thức lựa chọn nhà thầu", "Selection method")),
        Field("package_price", f.money, False, "giá gói thầu in đồng", ("Giá gói thầu", "Package price")),
        Field("closing", f.datetime, False, "thời điểm đóng thầu", ("Thời điểm đóng thầu", "Bid closing")),
        Field("winner", f.text, False, "nhà thầu trúng thầu (required in a result)",
              ("Nhà thầu trúng thầu", "Winning bidder")),
        Field("winning_price", f.money, False, "giá trúng thầu in đồng (required in a result)",
              ("Giá trúng thầu", "Winning price")),
        Field("national_url", f.url, False, "the notice on the national e-procurement system (muasamcong.gov.vn)",
              ("Hệ thống mạng đấu thầu quốc gia", "National e-procurement system")),
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        files("the notice, the bidding documents or the decision"),
    ),
    feed=True, home_count=5,
    rows=("kind", "package", "project", "solicitor", "selection_method", "package_price", "closing", "winner",
          "winning_price", "national_url", "date"),
    checks=(_result_names_the_winner,),
    aggregate=True,
    menu_group="disclosure",
)


LAND_KIND = f.choice({
    "price": ("Bảng giá đất", "Land price table"),
    "recovery": ("Thu hồi đất", "Land recovery"),
    "compensation": ("Phương án bồi thường, hỗ trợ, giải phóng mặt bằng", "Compensation and site clearance plan"),
    "resettlement": ("Tái định cư", "Resettlement"),
})

LAND = ContentType(
    "land", ("Giá đất, thu hồi đất, bồi thường, tái định cư", "Land prices, recovery, compensation, resettlement"),
    ("dat-dai", "land"),
    COMMON + (
        Field("date", f.date, True, "ngày ban hành, phê duyệt", ("Ngày ban hành", "Issued on")),
        Field("kind", LAND_KIND, True, "price (bảng giá đất), recovery (thu hồi đất), compensation (phương án "
              "bồi thường, hỗ trợ, giải phóng mặt bằng) or resettlement (tái định cư)", ("Loại thông tin", "Kind")),
        Field("issuing_authority", f.text, True, "cơ quan ban hành, phê duyệt", ("Cơ quan phê duyệt", "Approved by")),
        Field("area", f.text, True, "địa bàn: xã, phường", ("Địa bàn", "Area")),
        Field("decision", f.text, False, "số, ký hiệu của quyết định", ("Số, ký hiệu", "Decision")),
        Field("project", f.text, False, "công trình, dự án the land is recovered for",
              ("Công trình, dự án", "Project")),
        Field("valid_period", f.text, False, "thời kỳ áp dụng of a price table: 2026 - 2030",
              ("Thời kỳ áp dụng", "Valid for")),
        Field("land_area", f.text, False, "diện tích đất: 12,5 ha", ("Diện tích đất", "Land area")),
        Field("households", f.integer, False, "số hộ gia đình, cá nhân bị ảnh hưởng",
              ("Số hộ bị ảnh hưởng", "Households affected")),
        Field("amount", f.money, False, "tổng kinh phí bồi thường, hỗ trợ, tái định cư in đồng",
              ("Tổng kinh phí", "Total amount")),
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        files("the decision, the plan or the price table, downloadable", required=True),
    ),
    feed=True, home_count=0,
    rows=("kind", "area", "project", "decision", "issuing_authority", "date", "valid_period", "land_area",
          "households", "amount"),
    aggregate=True,
    menu_group="disclosure",
)
