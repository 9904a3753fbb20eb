"""The command line as a user types it: commands, options, exit codes."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import yaml
from sitekit import news, write_repo

from generator.model.content_types import CONTENT_TYPES

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True, text=True)


def test_build_prints_a_one_line_summary_and_exits_0(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    out = cli("build", "--root", str(tmp_path), "--out", str(tmp_path / "web"), "--jobs", "2", "--no-cache")
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines()[-1].startswith("Built 1 sites, ")
    assert " pages (" in out.stderr and " s → " in out.stderr
    assert (tmp_path / "web/langson.gov.vn/tin-tuc/tin/index.html").is_file()


def test_default_command_is_build_into_root_public(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    assert cli("--root", str(tmp_path), "--no-cache").returncode == 0
    assert (tmp_path / "public/langson.gov.vn/index.html").is_file()


def test_check_writes_nothing(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    out = cli("check", "--root", str(tmp_path), "--no-cache")
    assert out.returncode == 0 and "no errors" in out.stderr
    assert not (tmp_path / "public").exists()


def test_usage_errors_exit_2(tmp_path):
    write_repo(tmp_path, {})
    assert cli("publish").returncode == 2
    assert cli("build", "--jobs", "many").returncode == 2
    assert cli("build", "--now", "31/02/2026").returncode == 2
    assert cli("build", "--root", str(tmp_path / "nowhere")).returncode == 2
    assert cli("new", "news", "--root", str(tmp_path), "Chỉ tiêu đề").returncode == 2
    assert cli("new", "bogus", "--site", "tinh", "--root", str(tmp_path), "X").returncode == 2


def test_a_site_option_naming_no_site_file_is_a_usage_error(tmp_path):
    """As `new --site` and the README's exit codes say (2: usage); a site whose file exists but has
    errors is the content's (1)."""
    write_repo(tmp_path, {"sites/so.yaml": 'kind: department\nslug: so\nname: "Sở"\norder: abc\n'})
    for command in ("build", "check", "report"):
        out = cli(command, "--root", str(tmp_path), "--site", "khongco", "--no-cache")
        assert out.returncode == 2 and "--site khongco: no such site; known: so, tinh" in out.stderr, out.stderr
    out = cli("build", "--root", str(tmp_path), "--site", "so", "--no-cache")
    assert out.returncode == 1 and "sites/so.yaml:4:8: error[field.type]" in out.stderr
    assert "site.unknown" not in out.stderr and "Failed: 1 error(s)" in out.stderr


def test_now_builds_as_of_a_moment(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2026/hen.md": news("Hẹn giờ", extra="publish_at: 2026-12-01T07:00\n")})
    assert cli("--root", str(tmp_path), "--now", "2026-11-30T23:00", "--no-cache").returncode == 0
    assert not (tmp_path / "public/langson.gov.vn/tin-tuc/hen").exists()
    assert cli("--root", str(tmp_path), "--now", "2026-12-01T07:00+07:00", "--no-cache").returncode == 0
    assert (tmp_path / "public/langson.gov.vn/tin-tuc/hen/index.html").is_file()


def test_new_creates_a_stub_with_every_required_field(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: "Sở Khoa học và Công nghệ"\n'})
    out = cli("new", "legal", "--site", "sokhcn", "--root", str(tmp_path), "--now", "2026-03-05T09:00",
              "Quyết định số 12/2026/QĐ-UBND về Đường Hùng Vương")
    assert out.returncode == 0, out.stderr
    rel = "content/sokhcn/legal/2026/quyet-dinh-so-12-2026-qd-ubnd-ve-duong-hung-vuong.md"
    assert out.stdout.strip() == rel
    data = yaml.safe_load((tmp_path / rel).read_text().split("---")[1])
    assert data["title"] == "Quyết định số 12/2026/QĐ-UBND về Đường Hùng Vương"
    for key in ("doc_form", "issuing_authority", "number", "symbol", "issued_date", "effective_date", "abstract", "files"):
        assert key in data
    # the stub is reported, field by field, until the editor fills it in
    check = cli("check", "--root", str(tmp_path), "--no-cache")
    assert check.returncode == 1 and f"{rel}:3:" in check.stderr
    again = cli("new", "legal", "--site", "sokhcn", "--root", str(tmp_path), "--now", "2026-03-05T09:00",
                "Quyết định số 12/2026/QĐ-UBND về Đường Hùng Vương")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_page_has_no_year_folder(tmp_path):
    write_repo(tmp_path, {})
    out = cli("new", "page", "--site", "tinh", "--root", str(tmp_path), "Lịch sử hình thành")
    assert out.stdout.strip() == "content/tinh/page/lich-su-hinh-thanh.md"
    check = cli("check", "--root", str(tmp_path), "--no-cache")  # a page is its text: none yet
    assert check.returncode == 1 and "content/tinh/page/lich-su-hinh-thanh.md:4:1: error[body.empty]" in check.stderr
    with (tmp_path / "content/tinh/page/lich-su-hinh-thanh.md").open("a", encoding="utf-8") as stub:
        stub.write("Tỉnh được thành lập năm 1831.\n")
    assert cli("check", "--root", str(tmp_path), "--no-cache").returncode == 0


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def test_schema_is_generated_and_accepts_every_example_item(tmp_path):
    out = cli("schema", "--out", str(tmp_path))
    assert out.returncode == 0
    schemas = {p.name.split(".")[0]: json.loads(p.read_text()) for p in tmp_path.glob("*.schema.json")}
    assert set(schemas) == set(CONTENT_TYPES)  # every declared type
    assert set(schemas["legal"]["required"]) == {"doc_form", "issuing_authority", "number", "symbol",
                                                 "issued_date", "effective_date", "abstract", "files"}
    assert schemas["news"]["properties"]["image"]["required"] == ["src", "alt"]
    checked = 0
    for path in sorted((REPO / "content").rglob("*.md")):
        type_name = path.relative_to(REPO / "content").parts[1]
        data = _plain(yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]))
        jsonschema.validate(data, schemas[type_name])
        checked += 1
    assert checked > 50
    bad = {"title": "x", "summary": "y", "date": "2025-01-01", "sumary": "z"}
    try:
        jsonschema.validate(bad, schemas["news"])
    except jsonschema.ValidationError as exc:
        assert "sumary" in exc.message
    else:
        raise AssertionError("unknown key accepted")


def test_progress_bar_on_a_terminal_only(tmp_path):
    import os
    import pty
    write_repo(tmp_path, {f"content/tinh/news/2025/tin-{i}.md": news(f"Tin {i}") for i in range(5)})
    leader, follower = pty.openpty()
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(tmp_path), "--no-cache", "--jobs", "1"],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.returncode == 0
    assert b"load [" in shown and b"render [" in shown and b"1/1" in shown
    piped = cli("--root", str(tmp_path), "--no-cache")
    assert "[" not in piped.stderr.replace("[code]", "")


def test_timings_report_cpu_seconds_per_kind_of_page(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    out = cli("--root", str(tmp_path), "--no-cache", "--timings")
    line = next(l for l in out.stderr.splitlines() if l.startswith("CPU seconds by kind of page:"))
    assert "item " in line and "search_index " in line and "record " in line


def test_the_process_ends_at_once_with_its_output_written_in_full_and_its_code(tmp_path):
    """build.py ends its process without freeing the build's objects (cli.run): what it printed to a pipe
    arrives whole, and the exit code is the command's."""
    files = {f"content/tinh/news/2025/tin-{i}.md": news(f"Tin số {i}", date="2025-13-12" if i % 2 else "2025-03-12")
             for i in range(40)}
    write_repo(tmp_path, files)
    out = cli("check", "--root", str(tmp_path), "--no-cache", "--format", "json")
    assert out.returncode == 1
    problems = json.loads(out.stdout)
    assert len({p["path"] for p in problems if p["code"] == "field.date"}) == 20


def test_a_build_leaves_its_objects_to_the_process_that_ends_after_it(tmp_path):
    """build.py's run() ends the process right after the command, at once: the build leaves its objects
    (the items, the index, the planned pages, the traces) in the list main() is given, or they would be
    freed one by one as it returned (0.07 s at 10,000 items). Nothing is left by a check."""
    from generator.build.index import ContentIndex
    from generator.build.page_input import RenderInput
    from generator.cli import main

    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(),
                          "sites/so.yaml": 'kind: department\nslug: sokhcn\nname: {vi: "Sở Khoa học và Công nghệ"}\n',
                          "content/so/news/2025/tin-so.md": news(title="Tin của sở")})
    left: list = []
    assert main(["build", "--root", str(tmp_path), "--out", str(tmp_path / "web"), "--no-cache"], leave=left) == 0
    assert len(left) == 1
    held = left[0]
    assert any(isinstance(x, ContentIndex) for x in held)
    ri = next(x for x in held if isinstance(x, RenderInput))
    assert {doc.path for doc in ri.index.docs.values()} >= {"content/tinh/news/2025/tin.md",
                                                             "content/so/news/2025/tin-so.md"}
    # each site's pages, in the plan's order: what each site's render walks
    assert set(ri.site_pages) == {page.site for page in ri.pages} and len(ri.site_pages) > 1
    for site, pages in ri.site_pages.items():
        assert pages == [page for page in ri.pages if page.site == site]
    checked: list = []
    assert main(["check", "--root", str(tmp_path), "--no-cache"], leave=checked) == 0
    assert checked == []
