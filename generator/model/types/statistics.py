"""Statistics (thông tin thống kê; requirements.md C9).

Bến Tre asks for the data in full, the statistical report, the methodology, the analysis and the
survey period (002 Đ10.10); Thái Nguyên times monthly, quarterly and annual reports (003 Đ9.2.c),
so an item names its period; Cao Bằng's deadline runs from the head's decision to publish (004
Đ8.1.f). A CSV among the data files is shown on the page as a table (``build/csv_table.py``).
"""
from __future__ import annotations

from ...core import fields as f
from ..type_spec import COMMON, ContentType, Field, files

STATISTICS = ContentType(
    "statistics", ("Thông tin thống kê", "Statistics"), ("thong-ke", "statistics"),
    COMMON + (
        Field("date", f.date, True, "ngày công bố", ("Ngày công bố", "Released on")),
        Field("period", f.period, True, "kỳ thống kê: a month 2026-10, a quarter 2026-Q3 or a year 2026",
              ("Kỳ thống kê", "Period")),
        Field("summary", f.text, False, "one or two sentences shown in lists", ("Tóm tắt", "Summary")),
        Field("agency", f.text, False, "cơ quan thực hiện, công bố", ("Cơ quan công bố", "Published by")),
        Field("sector", f.text, False, "ngành, lĩnh vực", ("Ngành, lĩnh vực", "Sector")),
        files("số liệu: the data files; a .csv is shown as a table", ("Số liệu", "Data"), name="dataset_files"),
        files("báo cáo thống kê", ("Báo cáo thống kê", "Statistical report"), name="report"),
        files("phương pháp thống kê", ("Phương pháp thống kê", "Methodology"), name="methodology"),
        files("bản phân tích số liệu thống kê", ("Bản phân tích số liệu thống kê", "Analysis"), name="analysis"),
        Field("survey_period", f.text, False, "thời gian thực hiện thống kê: 01/4/2026 - 30/4/2026",
              ("Thời gian thực hiện thống kê", "Survey period")),
        Field("publish_decision_date", f.date, False,
              "ngày thủ trưởng cơ quan quyết định công bố (the publication deadline runs from it)",
              ("Ngày quyết định công bố", "Publication decided on")),
        files("other files"),
    ),
    feed=True, home_count=3,
    rows=("period", "sector", "agency", "survey_period", "publish_decision_date", "date", "dataset_files",
          "report", "methodology", "analysis"),
    aggregate=True,
    menu_group="disclosure",
)
