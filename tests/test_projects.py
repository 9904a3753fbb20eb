"""Projects, public investment and procurement (Bến Tre's nine elements, three groups), bidding,
land prices and resettlement (Thái Nguyên's additions): required elements by type and by profile,
grouped listings, money in đồng, and every place an item shows up."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import codes, run_build, write_repo

REPO = Path(__file__).resolve().parents[1]
BT_HOST = "bentre.gov.vn"
LS_HOST = "langson.gov.vn"

PROJECT = """\
---
title: "Đường tỉnh 229 đoạn qua xã Đồng Đăng"
date: 2026-03-02
objective: "Kết nối trung tâm xã với cửa khẩu"
field: "Giao thông"
project_type: "Dự án nhóm B, đầu tư xây dựng"
duration: "2025 - 2027"
budget: 1.250.000.000
funding_type: "Vốn ngân sách nhà nước"
sponsor: "Không có"
project_status: implementing
---
Nội dung dự án.
"""
NINE = ("objective", "field", "project_type", "duration", "budget", "funding_type", "sponsor")


def project(status: str = "implementing", title: str = "Dự án", date: str = "2026-03-02", drop: str = "") -> str:
    text = PROJECT.replace("project_status: implementing", f"project_status: {status}")
    text = text.replace('"Đường tỉnh 229 đoạn qua xã Đồng Đăng"', f'"{title}"').replace("2026-03-02", date)
    return "".join(line for line in text.splitlines(keepends=True) if not drop or not line.startswith(drop + ":"))


def page(root: Path, host: str, path: str) -> str:
    return (root / "public" / host / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", NINE + ("title",))
def test_bentre_requires_each_of_the_nine_elements(tmp_path, name):
    rel = "content/tinh/project/2026/du-an.md"
    write_repo(tmp_path, {rel: project(drop=name)}, profile="bentre-2019")
    result = run_build(tmp_path)
    assert codes(result) == [(rel, 2, "field.required")]
    assert f"missing required key `{name}`" in result.diagnostics[0].message


@pytest.mark.parametrize("name", NINE)
def test_elsewhere_the_profile_does_not_require_them(tmp_path, name):
    write_repo(tmp_path, {"content/tinh/project/2026/du-an.md": project(drop=name)})
    assert run_build(tmp_path).ok


def test_status_and_date_are_required_under_every_profile(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/project/2026/khong-tinh-trang.md": project(drop="project_status"),
        "content/tinh/project/2026/khong-ngay.md": project(drop="date"),
        "content/tinh/project/2026/sai-tinh-trang.md": project(status="finished"),
        "content/tinh/project/2026/rong.md": project().replace("budget: 1.250.000.000", "budget:"),
    })
    assert codes(run_build(tmp_path)) == [
        ("content/tinh/project/2026/khong-ngay.md", 2, "field.required"),
        ("content/tinh/project/2026/khong-tinh-trang.md", 2, "field.required"),
        ("content/tinh/project/2026/sai-tinh-trang.md", 11, "field.type"),
    ]
    write_repo(tmp_path, {"content/tinh/project/2026/rong.md": project().replace("budget: 1.250.000.000", "budget:")},
               profile="bentre-2019")
    for rel in ("khong-ngay", "khong-tinh-trang", "sai-tinh-trang"):
        (tmp_path / f"content/tinh/project/2026/{rel}.md").unlink()
    assert codes(run_build(tmp_path)) == [("content/tinh/project/2026/rong.md", 8, "field.required")]


def test_the_listing_shows_three_groups_in_the_seed_order(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/project/2026/a.md": project("completed", "Trường A", "2026-01-05"),
        "content/tinh/project/2026/b.md": project("preparing", "Chợ B", "2026-02-05"),
        "content/tinh/project/2026/c.md": project("implementing", "Đường C", "2026-03-05"),
        "content/tinh/project/2026/d.md": project("preparing", "Cầu D", "2026-04-05"),
    }, profile="bentre-2019")
    assert run_build(tmp_path).ok
    html = page(tmp_path, BT_HOST, "du-an")
    headings = re.findall(r'<h2 id="group-(\w+)">([^<]+) <span class="group-count">\((\d+)\)</span></h2>', html)
    assert headings == [("preparing", "Đang chuẩn bị đầu tư", "2"), ("implementing", "Đang triển khai", "1"),
                        ("completed", "Đã hoàn tất", "1")]
    titles = re.findall(r'<h3 class="item-title"><a href="[^"]+">([^<]+)</a></h3>', html)
    assert titles == ["Cầu D", "Chợ B", "Đường C", "Trường A"]  # newest first within a group


def test_a_long_listing_keeps_its_groups_across_pages(tmp_path):
    files = {f"content/tinh/project/2026/p{n:02d}.md": project("implementing" if n % 2 else "completed",
                                                                f"Dự án {n:02d}", f"2026-01-{n:02d}")
             for n in range(1, 26)}
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    first, second = page(tmp_path, LS_HOST, "du-an"), page(tmp_path, LS_HOST, "du-an/trang/2")
    assert re.findall(r'<h2 id="group-(\w+)"', first) == ["implementing", "completed"]
    assert re.findall(r'<h2 id="group-(\w+)"', second) == ["completed"]
    assert first.count('class="item-card"') == 20 and second.count('class="item-card"') == 5
    assert "Đã hoàn tất <span class=\"group-count\">(12)</span>" in second


def test_the_page_shows_the_nine_elements_and_money_in_dong(tmp_path):
    write_repo(tmp_path, {"content/tinh/project/2026/du-an.md": PROJECT}, profile="bentre-2019")
    assert run_build(tmp_path).ok
    html = page(tmp_path, BT_HOST, "du-an/du-an")
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(?:<time[^>]*>)?([^<]*)', html))
    assert rows["Mục tiêu chính"] == "Kết nối trung tâm xã với cửa khẩu"
    assert rows["Kinh phí dự án"] == "1.250.000.000 đồng"
    assert rows["Tình trạng dự án"] == "Đang triển khai"
    for label in ("Lĩnh vực chuyên môn", "Loại dự án", "Thời gian thực hiện", "Loại hình tài trợ", "Nhà tài trợ"):
        assert rows[label], label
    assert "<h1>Đường tỉnh 229 đoạn qua xã Đồng Đăng</h1>" in html


def test_english_edition_record_feed_sitemap_search_and_menu(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/project/2026/du-an.md": PROJECT,
        "content/tinh/project/2026/du-an.en.md": PROJECT.replace('"Đường tỉnh 229 đoạn qua xã Đồng Đăng"',
                                                                 '"Provincial road 229"'),
        "sites/tinh.yaml": 'kind: portal\nname: {vi: "Cổng tỉnh", en: "Provincial Portal"}\n',
    })
    assert run_build(tmp_path).ok
    english = page(tmp_path, "english.langson.gov.vn", "projects/du-an")
    assert "VND 1,250,000,000" in english and "Under implementation" in english and "Budget" in english
    record = json.loads((tmp_path / "public" / LS_HOST / "du-an/du-an/index.json").read_text())
    assert record["fields"]["budget"] == 1_250_000_000 and record["fields"]["project_status"] == "implementing"
    assert "/du-an/du-an/" in (tmp_path / "public" / LS_HOST / "feed.xml").read_text()
    sitemap = (tmp_path / "public" / LS_HOST / "sitemap.xml").read_text()
    assert "https://langson.gov.vn/du-an/</loc>" in sitemap and "https://langson.gov.vn/du-an/du-an/</loc>" in sitemap
    from sitekit import search_docs
    assert "tinh/project/du-an" in search_docs(tmp_path / "public" / LS_HOST / "tim-kiem")
    home = page(tmp_path, LS_HOST, "")
    assert '<a href="/du-an/"' in home and 'id="home-project"' not in home  # in the menu, no home block


BIDDING = """\
---
title: "Kết quả lựa chọn nhà thầu gói thầu số 05"
date: 2026-04-01T09:00
kind: result
package: "Gói thầu số 05: Xây lắp"
solicitor: "Ban Quản lý dự án đầu tư xây dựng tỉnh"
winner: "Công ty TNHH Xây dựng Mẫu"
winning_price: 8.500.000.000
---
"""


@pytest.mark.parametrize("name", ["date", "kind", "package", "solicitor", "title"])
def test_bidding_requires_its_elements(tmp_path, name):
    rel = "content/tinh/bidding/2026/kq.md"
    text = "".join(x for x in BIDDING.splitlines(keepends=True) if not x.startswith(name + ":"))
    write_repo(tmp_path, {rel: text})
    assert codes(run_build(tmp_path)) == [(rel, 2, "field.required")]


def test_a_bidding_result_names_the_winner_and_the_price(tmp_path):
    rel = "content/tinh/bidding/2026/kq.md"
    write_repo(tmp_path, {rel: BIDDING.replace('winner: "Công ty TNHH Xây dựng Mẫu"\n', "")
                          .replace("winning_price: 8.500.000.000\n", "")})
    result = run_build(tmp_path)
    assert codes(result) == [(rel, 4, "bidding.result-incomplete"), (rel, 4, "bidding.result-incomplete")]
    assert {"`winner`" in d.message or "`winning_price`" in d.message for d in result.diagnostics} == {True}
    write_repo(tmp_path, {rel: BIDDING})
    assert run_build(tmp_path).ok
    html = page(tmp_path, LS_HOST, "dau-thau/kq")
    assert "8.500.000.000 đồng" in html and "Kết quả lựa chọn nhà thầu" in html
    assert 'id="home-bidding"' in page(tmp_path, LS_HOST, "")  # bidding notices have a home block


LAND = """\
---
title: "Phương án bồi thường, hỗ trợ, tái định cư dự án Đường tỉnh 229"
date: 2026-05-04
kind: compensation
issuing_authority: "Ủy ban nhân dân xã Đồng Đăng"
area: "Xã Đồng Đăng"
households: 42
amount: 12.400.000.000
files: [phuong-an.pdf]
---
"""


@pytest.mark.parametrize("name", ["date", "kind", "issuing_authority", "area", "files"])
def test_land_requires_its_elements(tmp_path, name):
    rel = "content/tinh/land/2026/pa.md"
    text = "".join(x for x in LAND.splitlines(keepends=True) if not x.startswith(name + ":"))
    write_repo(tmp_path, {rel: text, "content/tinh/land/2026/phuong-an.pdf": b"%PDF-1.4\n%%EOF\n"})
    assert codes(run_build(tmp_path)) == [(rel, 2, "field.required")]


def test_land_files_cannot_be_an_empty_list_and_show_on_the_page(tmp_path):
    rel = "content/tinh/land/2026/pa.md"
    write_repo(tmp_path, {rel: LAND.replace("files: [phuong-an.pdf]", "files: []")})
    assert codes(run_build(tmp_path)) == [(rel, 9, "field.required")]
    write_repo(tmp_path, {rel: LAND, "content/tinh/land/2026/phuong-an.pdf": b"%PDF-1.4\n%%EOF\n"})
    assert run_build(tmp_path).ok
    html = page(tmp_path, LS_HOST, "dat-dai/pa")
    assert "12.400.000.000 đồng" in html and "Phương án bồi thường, hỗ trợ, giải phóng mặt bằng" in html
    assert 'href="/dat-dai/pa/phuong-an.pdf" download' in html


def _own_profile(root: Path, old: str, new: str) -> None:
    text = (REPO / "generator/profiles/bentre-2019.yaml").read_text(encoding="utf-8")
    assert old in text
    (root / "profiles").mkdir(parents=True, exist_ok=True)
    (root / "profiles/tinhmau.yaml").write_text(text.replace("id: bentre-2019", "id: tinhmau").replace(old, new),
                                                encoding="utf-8")


def test_a_profile_naming_a_field_the_type_lacks_fails_at_its_line(tmp_path):
    write_repo(tmp_path, {}, profile="tinhmau")
    _own_profile(tmp_path, "{field: objective,", "{field: objectiv,")
    result = run_build(tmp_path)
    line = next(n for n, x in enumerate((tmp_path / "profiles/tinhmau.yaml").read_text().splitlines(), 1)
                if "objectiv," in x)
    assert codes(result) == [("profiles/tinhmau.yaml", line, "profile.field")]
    assert "`objectiv` is not a field of the `project` type" in result.diagnostics[0].message


def test_a_profile_status_the_type_lacks_fails_at_its_line(tmp_path):
    write_repo(tmp_path, {}, profile="tinhmau")
    _own_profile(tmp_path, "{value: completed,", "{value: done,")
    line = next(n for n, x in enumerate((tmp_path / "profiles/tinhmau.yaml").read_text().splitlines(), 1)
                if "value: done" in x)
    assert codes(run_build(tmp_path)) == [("profiles/tinhmau.yaml", line, "profile.field")]


def test_every_profile_lists_the_project_statuses_of_the_type():
    import yaml

    from generator.model.content_types import CONTENT_TYPES
    choices = CONTENT_TYPES["project"].field("project_status").coerce.choices
    for path in sorted((REPO / "generator/profiles").glob("*.yaml")):
        statuses = yaml.safe_load(path.read_text(encoding="utf-8")).get("project_statuses")
        if statuses:
            assert tuple(s["value"] for s in statuses) == choices, path.name


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True, text=True)


def test_new_stubs_what_the_profile_requires_fails_check_then_passes_filled_in(tmp_path):
    write_repo(tmp_path, {}, profile="bentre-2019")
    out = cli("new", "project", "--site", "tinh", "--root", str(tmp_path), "--now", "2026-03-05T09:00", "Chợ Đồng Đăng")
    assert out.returncode == 0, out.stderr
    rel = out.stdout.strip()
    assert rel == "content/tinh/project/2026/cho-dong-dang.md"
    text = (tmp_path / rel).read_text(encoding="utf-8")
    for name in NINE + ("project_status", "date"):
        assert re.search(rf"^{name}: ", text, re.M), name
    check = cli("check", "--root", str(tmp_path), "--no-cache")
    assert check.returncode == 1
    flagged = {line.split(":")[1] for line in check.stderr.splitlines() if line.startswith(rel + ":")}
    assert len(flagged) == 8  # every stub but the date, each at its own line
    filled = {"objective": '"Chợ mới"', "field": '"Thương mại"', "project_type": '"Nhóm C"', "duration": '"2026"',
              "budget": "900.000.000", "funding_type": '"Ngân sách tỉnh"', "sponsor": '"Không có"',
              "project_status": "preparing"}
    lines = [next((f"{k}: {v}" for k, v in filled.items() if x.startswith(k + ":")), x) for x in text.splitlines()]
    (tmp_path / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
    check = cli("check", "--root", str(tmp_path), "--no-cache")
    assert check.returncode == 0, check.stderr


def test_schemas_describe_the_types_and_grouping_reads_a_labelled_choice():
    from generator.model.content_types import CONTENT_TYPES
    from generator.model.schema import content_schemas
    schemas = content_schemas()
    assert set(schemas["project"]["required"]) == {"title", "date", "project_status"}
    assert schemas["project"]["properties"]["project_status"]["enum"] == ["preparing", "implementing", "completed"]
    assert set(schemas["bidding"]["required"]) == {"title", "date", "kind", "package", "solicitor"}
    assert set(schemas["land"]["required"]) == {"title", "date", "kind", "issuing_authority", "area", "files"}
    assert set(schemas["science"]["required"]) == {"title", "date", "stage", "management_level", "field", "period"}
    assert set(schemas["statistics"]["required"]) == {"title", "date", "period"}
    assert schemas["statistics"]["properties"]["period"]["anyOf"][0]["pattern"]
    for ctype in CONTENT_TYPES.values():
        if ctype.group_by:
            assert hasattr(ctype.field(ctype.group_by).coerce, "labels"), ctype.name


def test_the_parse_cache_is_not_reused_under_a_profile_that_requires_more(tmp_path):
    from sitekit import NOW

    from generator.pipeline import BuildOptions, build
    rel = "content/tinh/project/2026/du-an.md"
    write_repo(tmp_path, {rel: project(drop="objective")})
    options = BuildOptions(root=tmp_path, out=tmp_path / "public", now=NOW, cache_dir=tmp_path / "cache")
    assert build(options).ok
    write_repo(tmp_path, {}, profile="bentre-2019")
    assert codes(build(options)) == [(rel, 2, "field.required")]


@pytest.mark.parametrize("type_name, stubs", [("bidding", {"kind", "package", "solicitor"}),
                                              ("land", {"kind", "issuing_authority", "area", "files"})])
def test_new_bidding_and_land_stubs_fail_at_each_placeholder(tmp_path, type_name, stubs):
    write_repo(tmp_path, {})
    out = cli("new", type_name, "--site", "tinh", "--root", str(tmp_path), "--now", "2026-03-05T09:00", "Thông tin mẫu")
    assert out.returncode == 0, out.stderr
    rel = out.stdout.strip()
    text = (tmp_path / rel).read_text(encoding="utf-8").splitlines()
    check = cli("check", "--root", str(tmp_path), "--no-cache")
    flagged = {int(x.split(":")[1]) for x in check.stderr.splitlines() if x.startswith(rel + ":")}
    assert {text[n - 1].split(":")[0] for n in flagged} == stubs
