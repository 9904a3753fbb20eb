"""Science and technology programmes and topics: the catalogue's elements, the stages, and the two
reports an accepted task must attach (002 Đ10.8)."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import codes, run_build, search_refs, write_repo

REPO = Path(__file__).resolve().parents[1]
HOST = "langson.gov.vn"
REL = "content/tinh/science/2026/de-tai.md"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TOPIC = """\
---
title: "Nghiên cứu nhân giống cây hồi bằng phương pháp ghép"
date: 2026-03-10
stage: accepted
code: "ĐTKH.LS.05/2024"
management_level: provincial
field: "Khoa học nông nghiệp"
lead_org: "Trung tâm Ứng dụng khoa học và công nghệ"
period: "01/2024 - 12/2025"
summary_report: [bao-cao-tong-hop.pdf]
application_report: [bao-cao-ung-dung.pdf]
---
Kết quả nghiên cứu.
"""
REPORTS = {"content/tinh/science/2026/bao-cao-tong-hop.pdf": PDF, "content/tinh/science/2026/bao-cao-ung-dung.pdf": PDF}


def topic(drop: str = "", stage: str = "accepted") -> str:
    text = TOPIC.replace("stage: accepted", f"stage: {stage}")
    return "".join(x for x in text.splitlines(keepends=True) if not drop or not x.startswith(drop + ":"))


@pytest.mark.parametrize("name", ["title", "date", "stage", "management_level", "field", "period"])
def test_every_stage_needs_the_catalogue_elements(tmp_path, name):
    write_repo(tmp_path, {REL: topic(drop=name, stage="notice"), **REPORTS})
    assert codes(run_build(tmp_path)) == [(REL, 2, "field.required")]


@pytest.mark.parametrize("stage", ["selection", "approved", "accepted"])
@pytest.mark.parametrize("name", ["code", "lead_org"])
def test_from_the_selection_on_a_task_has_its_code_and_lead_organisation(tmp_path, stage, name):
    write_repo(tmp_path, {REL: topic(drop=name, stage=stage), **REPORTS})
    result = run_build(tmp_path)
    assert codes(result) == [(REL, 4, "science.stage-field")]
    assert f"needs `{name}`" in result.diagnostics[0].message


@pytest.mark.parametrize("stage", ["notice", "registration"])
def test_a_call_has_no_code_or_lead_organisation_yet(tmp_path, stage):
    write_repo(tmp_path, {REL: topic(drop="code", stage=stage).replace('lead_org: "Trung tâm Ứng dụng khoa học và '
                                                                       'công nghệ"\n', ""), **REPORTS})
    assert run_build(tmp_path).ok


def test_under_bentre_the_catalogue_needs_code_and_lead_organisation_at_every_stage(tmp_path):
    write_repo(tmp_path, {REL: topic(drop="code", stage="notice"), **REPORTS}, profile="bentre-2019")
    result = run_build(tmp_path)
    assert codes(result) == [(REL, 2, "field.required")] and "`code`" in result.diagnostics[0].message


@pytest.mark.parametrize("missing, what", [("summary_report", "báo cáo tổng hợp"),
                                           ("application_report", "báo cáo kết quả triển khai áp dụng")])
def test_an_accepted_task_must_attach_each_report(tmp_path, missing, what):
    write_repo(tmp_path, {REL: topic(drop=missing), **REPORTS})
    result = run_build(tmp_path)
    assert codes(result) == [(REL, 4, "science.report-missing")]
    assert what in result.diagnostics[0].message and f"`{missing}:" in result.diagnostics[0].message


def test_an_accepted_task_without_either_report_is_told_both(tmp_path):
    text = topic(drop="summary_report").replace("application_report: [bao-cao-ung-dung.pdf]\n",
                                                "application_report: []\n")
    write_repo(tmp_path, {REL: text})
    assert codes(run_build(tmp_path)) == [(REL, 4, "science.report-missing"), (REL, 4, "science.report-missing")]


def test_an_approved_task_needs_no_reports_yet(tmp_path):
    write_repo(tmp_path, {REL: topic(drop="summary_report", stage="approved").replace(
        "application_report: [bao-cao-ung-dung.pdf]\n", "")})
    assert run_build(tmp_path).ok


def test_the_page_lists_the_elements_and_offers_both_reports(tmp_path):
    write_repo(tmp_path, {REL: TOPIC, **REPORTS})
    assert run_build(tmp_path).ok
    html = (tmp_path / "public" / HOST / "de-tai-khoa-hoc/de-tai/index.html").read_text()
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(.*?)</td></tr>', html))
    assert rows["Mã số"] == "ĐTKH.LS.05/2024" and rows["Cấp quản lý"] == "Cấp tỉnh"
    assert rows["Đơn vị chủ trì"] == "Trung tâm Ứng dụng khoa học và công nghệ"
    assert rows["Thời gian thực hiện"] == "01/2024 - 12/2025" and rows["Giai đoạn"] == "Đã nghiệm thu"
    assert rows["Lĩnh vực"] == "Khoa học nông nghiệp"
    assert 'href="/de-tai-khoa-hoc/de-tai/bao-cao-tong-hop.pdf" download' in rows["Báo cáo tổng hợp"]
    assert 'href="/de-tai-khoa-hoc/de-tai/bao-cao-ung-dung.pdf" download' in rows["Báo cáo kết quả triển khai áp dụng"]
    assert (tmp_path / "public" / HOST / "de-tai-khoa-hoc/de-tai/bao-cao-tong-hop.pdf").read_bytes() == PDF
    record = json.loads((tmp_path / "public" / HOST / "de-tai-khoa-hoc/de-tai/index.json").read_text())
    assert record["fields"]["summary_report"] == ["bao-cao-tong-hop.pdf"] and record["fields"]["stage"] == "accepted"
    listing = (tmp_path / "public" / HOST / "de-tai-khoa-hoc/index.html").read_text()
    assert 'href="/de-tai-khoa-hoc/de-tai/"' in listing
    home = (tmp_path / "public" / HOST / "index.html").read_text()
    assert 'href="/de-tai-khoa-hoc/"' in home and 'id="home-science"' not in home


def test_search_finds_a_task_by_its_code(tmp_path):
    write_repo(tmp_path, {REL: TOPIC, **REPORTS})
    assert run_build(tmp_path).ok
    folder = tmp_path / "public" / HOST / "tim-kiem"
    assert search_refs(folder, "ĐTKH.LS.05/2024") == ["tinh/science/de-tai"]
    assert search_refs(folder, "dtkh.ls.05") == ["tinh/science/de-tai"]  # a part, without marks


def test_new_science_stub_fails_until_filled_in(tmp_path):
    write_repo(tmp_path, {})
    run = [sys.executable, str(REPO / "build.py")]
    out = subprocess.run(run + ["new", "science", "--site", "tinh", "--root", str(tmp_path), "--now",
                                "2026-03-05T09:00", "Thông báo đặt hàng nhiệm vụ năm 2027"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rel = out.stdout.strip()
    check = subprocess.run(run + ["check", "--root", str(tmp_path), "--no-cache"], capture_output=True, text=True)
    assert check.returncode == 1
    assert {x.split(":")[1] for x in check.stderr.splitlines() if x.startswith(rel)} == {"4", "5", "6", "7"}
    text = (tmp_path / rel).read_text(encoding="utf-8")
    for name, value in (("stage", "notice"), ("management_level", "provincial"), ("field", '"Nông nghiệp"'),
                        ("period", '"24 tháng"')):
        text = re.sub(rf"^{name}: .*$", f"{name}: {value}", text, flags=re.M)
    (tmp_path / rel).write_text(text, encoding="utf-8")
    check = subprocess.run(run + ["check", "--root", str(tmp_path), "--no-cache"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
