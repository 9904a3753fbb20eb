"""Tiny repositories from inline files, built for real (Hugo's txtar tests are the model)."""
from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

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
              check_only: bool = False, sites: frozenset[str] = frozenset()) -> BuildResult:
    return build(BuildOptions(root=root, out=out or root / "public", now=now, jobs=jobs, sites=sites,
                              check_only=check_only, cache_dir=None))


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

