"""Tiny repositories from inline files, built for real (Hugo's txtar tests are the model)."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import textwrap
from pathlib import Path

import pypdf
from PIL import Image

from generator.core.clock import VN_TZ
from generator.pipeline import BuildOptions, BuildResult, build

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=VN_TZ)

PROVINCE = """\
profile: {profile}
name: {{vi: "tỉnh Lạng Sơn", en: "Lang Son Province"}}
governing_agency: {{vi: "Ủy ban nhân dân tỉnh Lạng Sơn", en: "Lang Son Provincial People's Committee"}}
"""

PORTAL = """\
kind: portal
name: {vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}
"""


def write_repo(root: Path, files: dict[str, str], profile: str = "langson-2025", portal: bool = True) -> Path:
    """Write a repository; `sites/_province.yaml` and a portal `sites/tinh.yaml` unless given."""
    defaults = {"sites/_province.yaml": PROVINCE.format(profile=profile)}
    if portal:
        defaults["sites/tinh.yaml"] = PORTAL
    for rel, text in {**defaults, **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def run_build(root: Path, out: Path | None = None, *, now: dt.datetime = NOW, jobs: int = 1,
              check_only: bool = False, sites: frozenset[str] = frozenset(), cache_dir: Path | None = None,
              ) -> BuildResult:
    return build(BuildOptions(root=root, out=out or root / "public", now=now, jobs=jobs, sites=sites,
                              check_only=check_only, cache_dir=cache_dir))


AUTHOR = "Hoàng Lan"
SOURCE = "Trung tâm Thông tin tỉnh"


def news(title: str = "Tin thử", date: str = "2025-03-12T08:30", extra: str = "", body: str = "Nội dung.",
         author: str | None = AUTHOR, source: str | None = SOURCE) -> str:
    """A news item. Its author and source (langson-2025 requires both, 000 Đ6.3) come after `extra`,
    so the lines of the keys a test gives keep their numbers, unless `extra` gives them itself; None
    leaves one out."""
    credits = "".join(f'{key}: "{value}"\n' for key, value in (("author", author), ("source", source))
                      if value is not None and not re.search(rf"^{key}\s*:", extra, re.M))
    return f'---\ntitle: "{title}"\ndate: {date}\nsummary: "Tóm tắt."\n{extra}{credits}---\n{body}\n'


def codes(result: BuildResult) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for d in sorted(result.diagnostics)]


def _blank_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A real PDF of one blank A4 page: an attachment's text is read for search when its item loads
# (generator/build/attachment_text.py), so a few bytes that only start like a PDF give a warning
# (`attachment.text-unreadable`).
PDF = _blank_pdf()


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), (163, 21, 15)).save(out, fmt)
    return out.getvalue()


# Real pictures, 8 × 6 pixels: an image is decoded when its item loads (generator/build/images.py), so a
# few bytes that only start like one are refused (`image.unreadable`). Each is published with one
# rendition in WebP and one in its own format, `<name>-8.webp` and `<name>-8.jpg` (or `.png`).
JPEG = _image("JPEG")
PNG = _image("PNG")

# A valid item of every content type, as its front-matter keys, one block each (a key and the
# indented lines under it): the fields the type requires and those any profile in
# generator/profiles/ requires of it, so that it passes `check` under each of those profiles. The files
# its fields name (`[qd.pdf]`) are written beside it (`item_files`).
VALID: dict[str, tuple[str, ...]] = {
    "news": ('title: "Tin"', "date: 2025-03-12T08:30", 'summary: "Tóm tắt."', f'author: "{AUTHOR}"',
             f'source: "{SOURCE}"'),
    "legal": ('doc_form: "Quyết định"', 'issuing_authority: "UBND tỉnh"', 'number: "40/2024"', 'symbol: "QĐ-UBND"',
              "issued_date: 2024-10-25", "effective_date: 10/11/2024", 'abstract: "Trích yếu"', "files: [qd.pdf]"),
    "directive": ('title: "Chỉ đạo"', "date: 2025-03-12", 'summary: "Tóm tắt."'),
    "page": ('title: "Giới thiệu"',),
    "person": ('title: "Nguyễn Văn A"', 'position: "Giám đốc"', 'unit: "Sở A"', 'phone: "0205 3812 345"',
               'fax: "0205 3812 346"', 'email: "nva@langson.gov.vn"'),
    "schedule": ('title: "Lịch"', "week: 2025-W10",
                 'entries:\n  - day: 2025-03-03\n    time: "08:00"\n    leader: "Chủ tịch"\n    content: "Giao ban"'),
    "project": ('title: "Dự án"', "date: 2026-03-02", "project_status: implementing", 'objective: "Kết nối"',
                'field: "Giao thông"', 'project_type: "Nhóm B"', 'duration: "2025 - 2027"', "budget: 1.250.000.000",
                'funding_type: "Vốn ngân sách nhà nước"', 'sponsor: "Không có"'),
    "bidding": ('title: "Mời thầu"', "date: 2026-03-02T09:00", "kind: notice", 'package: "Gói 1"', 'solicitor: "Ban A"'),
    "land": ('title: "Giá đất"', "date: 2026-03-02", "kind: price", 'issuing_authority: "UBND tỉnh"', 'area: "Xã A"',
             "files: [qd.pdf]"),
    "science": ('title: "Đề tài"', "date: 2026-03-02", "stage: approved", 'code: "ĐT.01"',
                "management_level: provincial", 'field: "Nông nghiệp"', 'lead_org: "Viện A"', 'period: "2026 - 2027"'),
    "statistics": ('title: "Thống kê"', "date: 2026-03-02", "period: 2026-Q1", "dataset_files: [so-lieu.pdf]",
                   "report: [bao-cao.pdf]", "methodology: [phuong-phap.pdf]", "analysis: [phan-tich.pdf]",
                   'survey_period: "01/01/2026 - 31/03/2026"', "publish_decision_date: 2026-03-01"),
    "draft": ('title: "Dự thảo"', 'summary: "Tóm tắt."', 'drafting_agency: "Sở Tư pháp"', "comment_open: 2026-11-01",
              "comment_close: 2026-12-31", 'receiving_address: "Số 8"', 'receiving_email: "stp@langson.gov.vn"',
              "draft_files: [qd.pdf]"),
    # received the day before sitekit.NOW: open, and not yet due (`check` warns of questions falling due)
    "qa": ('title: "Hỏi"', "ticket: HD-2026-000001", "received_at: 2026-11-19T09:15", "channel: section",
           'question: "Xin hỏi?"', 'field: "Đất đai"'),
    "procedure": ('title: "Đăng ký khai sinh"', 'code: "1.001193"', 'field: "Hộ tịch"', "level: commune",
                  'agency: "UBND xã"', 'url: "https://dichvucong.gov.vn/p/x"', "date: 2025-03-12",
                  'changes: [{date: 2025-04-01, note: "Sửa"}]'),
    "plan": ('title: "Quy hoạch"', "kind: master_plan", "date: 2025-03-12", 'issuer: "UBND"', 'summary: "S."',
             "files: [qd.pdf]"),
    "finance": ('title: "Báo cáo"', "fiscal_year: 2024", "date: 2025-03-12", 'issuer: "Sở A"', "files: [qd.pdf]"),
    "epidemic": ('title: "Dịch"', "date: 2025-03-12T08:30", 'issuer: "Sở Y tế"', 'summary: "S."'),
    "treaty": ('title: "Thỏa thuận"', "kind: agreement", "date: 2025-03-12", 'issuer: "UBND"', 'summary: "S."'),
    "gazette": ('title: "Công báo"', 'issue_number: "Số 1"', "date: 2025-03-12", 'issuer: "VP UBND"', "files: [qd.pdf]"),
    "statement": ('title: "Phát ngôn"', "kind: statement", "date: 2025-03-12T08:30", 'issuer: "UBND"', 'summary: "S."',
                  'speaker: "Người phát ngôn"'),
    "enterprise": ('title: "Doanh nghiệp"', "date: 2025-03-12T08:30", 'issuer: "Sở A"', 'summary: "S."',
                   'enterprise: "Công ty A"'),
    "utility": ('title: "Xe buýt"', "kind: transport", "date: 2025-03-12", 'issuer: "Sở A"', 'summary: "S."'),
    "advertisement": ('title: "Quảng cáo"', "date: 2025-03-12", 'issuer: "Công ty A"', 'summary: "S."',
                      'approval_ref: "Văn bản số 123/UBND-KT"'),
}
STEMS = {"schedule": "2025-w10"}  # a type whose file is named after a field


def valid_front_matter(type_name: str) -> str:
    """The front matter of the valid item of a type, without its `---` lines."""
    return "\n".join(VALID[type_name])


def item_path(type_name: str, dated: bool) -> str:
    """Where the valid item of a type lives on the portal: `content/tinh/<type>/[2025/]<stem>.md`."""
    return f"content/tinh/{type_name}/{'2025/' if dated else ''}{STEMS.get(type_name, 'a')}.md"


def item_files(rel: str, blocks: tuple[str, ...]) -> dict[str, str | bytes]:
    """An item of the given front-matter blocks at `rel`, with the PDF files its fields name beside it."""
    text = "\n".join(blocks)
    folder = rel.rsplit("/", 1)[0]
    return {rel: f"---\n{text}\n---\nNội dung.\n",
            **{f"{folder}/{name}": PDF for name in re.findall(r"[\w-]+\.pdf", text)}}


def search_refs(folder: Path, query: str) -> list[str]:
    """The items an edition's search index answers, best first (``folder``: its tim-kiem/ or search/),
    read as search.js reads it (generator/build/search.py: Searcher)."""
    from generator.build.search import Searcher
    return Searcher(lambda rel: (folder / rel).read_bytes()).refs(query)


def search_docs(folder: Path) -> dict:
    """Every result row of an edition's search index, by item id (search.Doc)."""
    from generator.build.search import Doc
    rows = [row for part in sorted((folder / "docs").glob("*.json"), key=lambda p: int(p.stem))
            for row in json.loads(part.read_text(encoding="utf-8"))]
    return {row[0]: Doc(*row) for row in rows}
