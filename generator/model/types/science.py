"""Science and technology programmes and topics (chương trình, đề tài khoa học; requirements.md C8).

The catalogue's elements (002 Đ10.8): mã số, tên, cấp quản lý, lĩnh vực, đơn vị chủ trì, thời gian
thực hiện. An item follows a task through its stages, which Cao Bằng times apart (004 Đ8.1.e): the
notice and registration of a call, the selection, the approval, the acceptance. A call has no code
or lead organisation yet; from the selection on it must have both, and once accepted by the Hội
đồng nghiệm thu it must attach its báo cáo tổng hợp and its báo cáo kết quả triển khai áp dụng.
"""
from __future__ import annotations

from typing import Any

from ...core import fields as f
from ...core.diagnostics import Diagnostic, error
from ..type_spec import COMMON, ContentType, Field, files

STAGE = f.choice({
    "notice": ("Thông báo đặt hàng, đề xuất nhiệm vụ", "Call for proposals"),
    "registration": ("Đăng ký tuyển chọn, giao trực tiếp", "Registration"),
    "selection": ("Kết quả tuyển chọn, giao trực tiếp", "Selection"),
    "approved": ("Đã phê duyệt", "Approved"),
    "accepted": ("Đã nghiệm thu", "Accepted"),
})

MANAGEMENT_LEVEL = f.choice({
    "national": ("Cấp quốc gia", "National"),
    "ministerial": ("Cấp bộ", "Ministerial"),
    "provincial": ("Cấp tỉnh", "Provincial"),
    "grassroots": ("Cấp cơ sở", "Institutional"),
})

TASK_KIND = f.choice({
    "programme": ("Chương trình", "Programme"),
    "topic": ("Đề tài", "Research topic"),
    "project": ("Dự án khoa học và công nghệ", "Science and technology project"),
    "scheme": ("Đề án khoa học", "Science scheme"),
})

# What each stage needs beyond the fields every stage needs: (field, what it is).
SELECTED = (("code", "mã số"), ("lead_org", "đơn vị chủ trì"))
REPORTS = (("summary_report", "báo cáo tổng hợp"), ("application_report", "báo cáo kết quả triển khai áp dụng"))
STAGE_NEEDS = {"selection": SELECTED, "approved": SELECTED, "accepted": SELECTED + REPORTS}


def _stage_needs(values: dict[str, Any], lines: dict[str, int], path: str) -> list[Diagnostic]:
    """From the selection on a task has its code and lead organisation; accepted, it attaches both reports."""
    stage = values.get("stage")
    out = []
    for name, what in STAGE_NEEDS.get(stage, ()):
        if values.get(name):
            continue
        if name in dict(REPORTS):
            out.append(error(path, lines["stage"], "science.report-missing",
                             f"an accepted task must attach its {what}: add `{name}: [file.pdf]` with the file "
                             "beside the item (002 Đ10.8)"))
        else:
            out.append(error(path, lines["stage"], "science.stage-field",
                             f"a task at stage `{stage}` needs `{name}` ({what}); add it"))
    return out


SCIENCE = ContentType(
    "science", ("Chương trình, đề tài khoa học", "Science and technology programmes"),
    ("de-tai-khoa-hoc", "science-programmes"),
    COMMON + (
        Field("date", f.date, True, "the day of this stage: the notice, the selection, the approval or the acceptance "
              "(the publication deadline runs from it)", ("Ngày", "Date")),
        Field("stage", STAGE, True, "notice, registration, selection, approved or accepted",
              ("Giai đoạn", "Stage")),
        Field("code", f.text, False, "mã số (required from the selection on)", ("Mã số", "Code")),
        Field("management_level", MANAGEMENT_LEVEL, True, "cấp quản lý: national, ministerial, provincial or "
              "grassroots", ("Cấp quản lý", "Management level")),
        Field("field", f.text, True, "lĩnh vực: khoa học nông nghiệp, khoa học kỹ thuật và công nghệ…",
              ("Lĩnh vực", "Field")),
        Field("lead_org", f.text, False, "đơn vị chủ trì (required from the selection on)",
              ("Đơn vị chủ trì", "Lead organisation")),
        Field("period", f.text, True, "thời gian thực hiện: 01/2025 - 12/2026, or 24 tháng in a call",
              ("Thời gian thực hiện", "Duration")),
        Field("kind", TASK_KIND, False, "programme, topic, project or scheme", ("Loại nhiệm vụ", "Kind")),
        Field("principal", f.text, False, "chủ nhiệm nhiệm vụ", ("Chủ nhiệm", "Principal investigator")),
        Field("budget", f.money, False, "kinh phí in đồng", ("Kinh phí", "Budget")),
        Field("registration_deadline", f.date, False, "hạn nộp hồ sơ đăng ký (in a call)",
              ("Hạn nộp hồ sơ", "Applications due")),
        Field("result", f.text, False, "kết quả nghiệm thu, xếp loại: Đạt, Xuất sắc…",
              ("Kết quả nghiệm thu", "Acceptance result")),
        Field("summary", f.text, False, "one sentence shown in lists", ("Tóm tắt", "Summary")),
        files("báo cáo tổng hợp kết quả (required once accepted)", ("Báo cáo tổng hợp", "Summary report"),
              name="summary_report"),
        files("báo cáo kết quả triển khai áp dụng (required once accepted)",
              ("Báo cáo kết quả triển khai áp dụng", "Application report"), name="application_report"),
        files("other files: the call, the decision"),
    ),
    feed=True, home_count=0,
    rows=("code", "kind", "management_level", "field", "lead_org", "principal", "period", "stage", "date",
          "registration_deadline", "budget", "result", "summary_report", "application_report"),
    checks=(_stage_needs,),
    aggregate=True,
    menu_group="disclosure",
)
