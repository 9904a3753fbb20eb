"""The board's report and the review-time warnings (issue 10, points 2-5, 7, 8), on small git
repositories whose commits happen at chosen moments, under each of the five profiles; every
expected figure is computed by hand in the comments."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from gitkit import GitRepo, cli
from sitekit import write_repo

PDF = b"%PDF-1.4\n" + b"0" * 200
START = "2026-11-02T08:00:00+07:00"
LEGAL_PATH = "content/tinh/legal/2026/qd-40.md"


def legal(issued: str = "2026-11-16", authority: str = "Ủy ban nhân dân tỉnh", extra: str = "") -> str:
    return (f'---\ndoc_form: "Quyết định"\nissuing_authority: "{authority}"\nnumber: "40/2026"\n'
            f'symbol: "QĐ-UBND"\nissued_date: {issued}\neffective_date: 2026-12-01\n'
            f'abstract: "Ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh"\nfiles: [qd-40.pdf]\n'
            f"{extra}---\nToàn văn.\n")


def news(event: str | None, extra: str = "") -> str:
    when = f"event_time: {event}\n" if event else ""
    return (f'---\ntitle: "Hội nghị trực tuyến"\ndate: 2026-11-27T15:00\nsummary: "Tóm tắt."\n{when}'
            f'author: "Hoàng Lan"\nsource: "Sở Tư pháp"\n{extra}---\nNội dung hội nghị có bảy chữ ở đây.\n')


def question(received: str, ticket: str = "HD-2026-000001", extra: str = "") -> str:
    return (f'---\ntitle: "Cấp giấy phép xây dựng"\nticket: {ticket}\nreceived_at: {received}\nchannel: section\n'
            f'question: "Xin hỏi về xây dựng?"\nfield: "Xây dựng"\n{extra}---\n')


def repo_with(tmp_path: Path, profile: str, items: dict, when: str, sites: dict | None = None) -> GitRepo:
    """A repository whose sites exist from 2 November and whose items reach main at ``when``."""
    repo = GitRepo(tmp_path)
    write_repo(tmp_path, dict(sites or {}), profile=profile)
    repo.commit("Các trang", START)
    add(repo, profile, items, when)
    return repo


def add(repo: GitRepo, profile: str, items: dict, when: str) -> None:
    """Items reaching main at ``when`` (written with the repository's profile kept)."""
    if not items:
        return
    write_repo(repo.root, items, profile=profile)
    repo.commit("Đăng tin", when)


def report(root: Path, *args: str, fmt: str = "json", now: str = "2026-12-01T09:00"):
    done = cli("report", "--root", str(root), "--format", fmt, "--now", now, "--no-cache", *args)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if fmt == "json" else done.stdout


def rows(data: dict, path: str) -> list[dict]:
    return [r for r in data["timeliness"] if r["path"] == path]


LEGAL_ITEMS = {LEGAL_PATH: legal(), "content/tinh/legal/2026/qd-40.pdf": PDF}


@pytest.mark.parametrize("profile, state, late", [
    # issued Monday 16/11; reaches main Thursday 19/11 at 10:00, the third working day after issue
    ("langson-2025", "on_time", 0),   # 3 working days (000 Đ9.3): due Thursday 19/11
    ("langson-2024", "on_time", 0),   # the same (001 Đ9.3)
    ("caobang-2014", "late", 1),      # 2 working days (004 Đ8.1.c): due Wednesday 18/11, one day late
    ("thainguyen-2026", "on_time", 0),  # 3 calendar days from signing (003 Đ9.2.b, §10.2): due 19/11
])
def test_a_legal_document_published_the_third_working_day_after_issue(tmp_path, profile, state, late):
    repo = repo_with(tmp_path, profile, LEGAL_ITEMS, "2026-11-19T10:00:00+07:00")
    data = report(tmp_path, "--month", "2026-11")
    [row] = rows(data, LEGAL_PATH)
    assert (row["state"], row["late"], row["start"], row["start_field"]) == (state, late, "2026-11-16", "issued_date")
    assert row["published"] == "2026-11-19T10:00:00+07:00" and row["commit"] == repo.head()
    assert data["summary"]["tinh/legal"][state] == 1


def test_thai_nguyen_counts_calendar_days_and_cao_bang_only_documents_of_the_peoples_committee(tmp_path):
    # signed Friday 13/11; 3 calendar days: due Monday 16/11; merged Tuesday 17/11: 1 day late
    (tmp_path / "tn").mkdir()
    repo_with(tmp_path / "tn", "thainguyen-2026", {LEGAL_PATH: legal("2026-11-13"),
                                                   "content/tinh/legal/2026/qd-40.pdf": PDF},
              "2026-11-17T09:00:00+07:00")
    [row] = rows(report(tmp_path / "tn", "--month", "2026-11"), LEGAL_PATH)
    assert (row["unit"], row["due"], row["state"], row["late"]) == ("calendar_days", "2026-11-16", "late", 1)
    # Cao Bằng's two working days hold for documents the Ủy ban nhân dân tỉnh issues (004 Đ8.1.c)
    (tmp_path / "cb").mkdir()
    repo_with(tmp_path / "cb", "caobang-2014", {LEGAL_PATH: legal(authority="Hội đồng nhân dân tỉnh"),
                                                "content/tinh/legal/2026/qd-40.pdf": PDF},
              "2026-11-30T09:00:00+07:00")
    assert rows(report(tmp_path / "cb", "--month", "2026-11"), LEGAL_PATH) == []


def test_thai_nguyen_news_nine_office_hours_after_its_event_across_a_weekend_is_one_hour_late(tmp_path):
    # event Friday 27/11 15:00; 8 office hours (003 Đ9.2.a): Fri 15:00-17:00, Mon 07:30-11:30,
    # 13:30-15:30 → due Monday 30/11 15:30; merged 16:30: nine office hours after, one hour late
    path = "content/tinh/news/2026/hoi-nghi.md"
    repo_with(tmp_path, "thainguyen-2026", {path: news("2026-11-27T15:00")}, "2026-11-30T16:30:00+07:00")
    data = report(tmp_path, "--month", "2026-11")
    [row] = rows(data, path)
    assert (row["unit"], row["due"], row["state"], row["late"]) == ("office_hours", "2026-11-30T15:30:00+07:00",
                                                                    "late", 60)
    text = report(tmp_path, "--month", "2026-11", fmt="text")
    assert "trễ hạn: 1 giờ hành chính" in text and path in text


@pytest.mark.parametrize("profile, competence, due", [
    # received Friday 13/2/2026 16:00, the eve of the Tết holiday (16-20/2)
    ("thainguyen-2026", "own", "2026-02-27"),        # from 08:00 Monday 23/2, 5 working days: Friday 27/2
    ("thainguyen-2026", "inter_agency", "2026-03-06"),  # 10 working days: Friday 6/3
    ("langson-2025", None, "2026-03-13"),            # 15 working days from the day after receipt: Friday 13/3
    ("caobang-2014", None, "2026-03-13"),
])
def test_a_question_received_on_the_eve_of_tet_is_due_after_the_holiday(tmp_path, profile, competence, due):
    path = "content/tinh/qa/2026/giay-phep.md"
    extra = f"competence: {competence}\n" if competence else ""
    repo_with(tmp_path, profile, {path: question("2026-02-13T16:00", extra=extra)}, "2026-02-13T17:00:00+07:00")
    data = report(tmp_path, "--month", "2026-02", now="2026-02-24T09:00")
    [row] = [r for r in data["qa_open"] if r["path"] == path]
    assert (row["due"], row["state"]) == (due, "pending")
    later = report(tmp_path, "--month", "2026-03", now="2026-03-20T09:00")
    [row] = [r for r in later["qa_open"] if r["path"] == path]
    assert row["state"] == "overdue" and row["late"] > 0


def test_bentre_has_no_numeric_deadline_and_its_annual_report_falls_due_on_20_november(tmp_path):
    repo_with(tmp_path, "bentre-2019", LEGAL_ITEMS, "2026-11-30T10:00:00+07:00")
    data = report(tmp_path, "--month", "2026-11")
    assert data["timeliness"] == [] and data["qa_open"] == []
    due = [p for p in data["periodic_reports"] if p["dated"]]
    assert [(p["due"], p["to"]) for p in due] == [("2026-11-20", "Văn phòng Ủy ban nhân dân tỉnh")]
    assert [r["due"] for r in report(tmp_path, "--month", "2026-10")["periodic_reports"] if r["dated"]] == []


DEPARTMENT = 'kind: department\nslug: "sotp"\nname: {vi: "Sở Tư pháp", en: "Department of Justice"}\n'
COMMUNE = 'kind: commune\nslug: "xa-a"\nname: {vi: "Xã A", en: "A Commune"}\n'


def test_thai_nguyen_quota_statistics_by_the_30th_and_the_royalty_tally(tmp_path):
    items = {
        "content/sotp/news/2026/tin-1.md": news("2026-11-27T15:00", 'contributor_unit: "Văn phòng Sở"\n'),
        "content/sotp/statistics/2026/so-lieu-thang-11.md": (
            '---\ntitle: "Số liệu tháng 11"\ndate: 2026-11-20\nperiod: "2026-11"\nsummary: "Số liệu."\n---\nBảng.\n'),
    }
    repo = repo_with(tmp_path, "thainguyen-2026", {}, START, {"sites/sotp.yaml": DEPARTMENT,
                                                               "sites/xa-a.yaml": COMMUNE})
    add(repo, "thainguyen-2026", items, "2026-11-27T16:00:00+07:00")
    data = report(tmp_path, "--month", "2026-11")
    quotas = {(q["site"], q["month"]): (q["required"], q["supplied"], q["shortfall"]) for q in data["quotas"]}
    # 003 Đ7.3: a department two news items a month, a commune one
    assert quotas == {("sotp", "2026-11"): (2, 1, 1), ("xa-a", "2026-11"): (1, 0, 1)}
    [stat] = data["statistics"]
    assert (stat["site"], stat["due"], stat["state"]) == ("sotp", "2026-11-30", "on_time")
    royalty = {(r["site"], r["contributor_unit"], r["author"], r["type"]): (r["items"], r["words"])
               for r in data["royalties"]}
    assert royalty[("sotp", "Văn phòng Sở", "Hoàng Lan", "news")] == (1, 9)  # "Nội dung hội nghị có bảy chữ ở đây"
    october = report(tmp_path, "--month", "2026-10")
    assert [(s["month"], s["state"]) for s in october["statistics"]] == [("2026-10", "overdue")]
    csv_rows = list(csv.DictReader(io.StringIO(report(tmp_path, "--month", "2026-11", fmt="csv"))))
    assert {r["section"] for r in csv_rows} >= {"timeliness", "quota", "statistics", "royalty"}
    html = report(tmp_path, "--month", "2026-11", fmt="html")
    assert "<caption>Định mức tin cung cấp cho Cổng</caption>" in html and 'scope="col"' in html


def test_check_warns_during_review_about_what_would_be_late_and_questions_falling_due(tmp_path):
    repo_with(tmp_path, "langson-2025", {}, START)
    # not merged yet: issued 16/11, due 19/11; checked on 25/11 it would be 3 working days late (20, 23 and
    # 25/11: 24/11 is Ngày Văn hóa Việt Nam, a day off from 2026)
    write_repo(tmp_path, {LEGAL_PATH: legal(), "content/tinh/legal/2026/qd-40.pdf": PDF,
                "content/tinh/qa/2026/a.md": question("2026-11-02T09:00"),   # due 23/11: overdue on 25/11
                "content/tinh/qa/2026/b.md": question("2026-11-05T09:00", "HD-2026-000002")},  # due 27/11: soon
               profile="langson-2025")
    done = cli("check", "--root", str(tmp_path), "--now", "2026-11-25T09:00", "--no-cache")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if "deadline." in line]
    assert any(line.startswith(f"{LEGAL_PATH}:6:") and "deadline.late-if-merged" in line
               and "late by 3 working days" in line for line in lines), lines
    assert any(line.startswith("content/tinh/qa/2026/a.md:3:") and "deadline.qa-overdue" in line for line in lines)
    assert any(line.startswith("content/tinh/qa/2026/b.md:3:") and "deadline.qa-due-soon" in line for line in lines)
    assert len(lines) == 3


def test_bad_input_is_located_and_nothing_crashes(tmp_path):
    repo = repo_with(tmp_path, "thainguyen-2026", {}, START)
    add(repo, "thainguyen-2026", {
        "content/tinh/news/2026/khong-gio.md": news(None),                     # no event_time: the rule needs it
        "content/tinh/news/2026/sau.md": news("2026-12-05T08:00"),             # event after publication
        "content/tinh/news/2026/quy-tac.md": news("2026-11-27T15:00", "deadline_rule: dissemnation\n"),
    }, "2026-11-30T10:00:00+07:00")
    done = cli("check", "--root", str(tmp_path), "--now", "2026-12-01T09:00", "--no-cache")
    err = done.stderr
    assert done.returncode == 1
    assert "content/tinh/news/2026/quy-tac.md:8:1: error[deadline.unknown-rule]" in err
    assert "did you mean `dissemination`?" not in err  # Thái Nguyên has no such rule: its rules are listed
    assert "the profile's rules are: news, legal, statistics, qa" in err
    done = cli("report", "--root", str(tmp_path), "--month", "2026-11", "--now", "2026-12-01T09:00", "--no-cache")
    assert done.returncode == 1 and "deadline.unknown-rule" in done.stderr
    (tmp_path / "content/tinh/news/2026/quy-tac.md").unlink()
    done = cli("report", "--root", str(tmp_path), "--month", "2026-11", "--now", "2026-12-01T09:00", "--no-cache",
               "--format", "json")
    assert done.returncode == 0
    assert "content/tinh/news/2026/khong-gio.md:1:" in done.stderr and "deadline.start-missing" in done.stderr
    assert "content/tinh/news/2026/sau.md:5:" in done.stderr and "deadline.start-after-publication" in done.stderr
    assert [r["path"] for r in json.loads(done.stdout)["timeliness"]] == []


def test_a_profile_rule_that_names_an_unknown_type_or_field_is_located(tmp_path):
    from generator.model.config import PROFILES_DIR, load_config
    source = (PROFILES_DIR / "langson-2025.yaml").read_text("utf-8")
    for old, new, message in (("applies_to: [legal]", "applies_to: [legl]", "did you mean `legal`"),
                              ("start: [received_at, issued_date]", "start: [received_at, issue_date]",
                               "not a date field of `legal`")):
        broken = source.replace(old, new, 1)
        assert broken != source
        (tmp_path / "profiles").mkdir(exist_ok=True)
        (tmp_path / "profiles/langson-2025.yaml").write_text(broken, encoding="utf-8")
        write_repo(tmp_path, {})
        _, problems = load_config(tmp_path)
        assert len(problems) == 1 and message in problems[0].message, problems
        assert problems[0].path == "profiles/langson-2025.yaml" and problems[0].line > 1


def test_usage_errors(tmp_path):
    write_repo(tmp_path, {})
    for args in (("--month", "2026-13"), ("--month", "2026-11", "--from", "2026-11-01"),
                 ("--from", "2026-11-30", "--to", "2026-11-01")):
        done = cli("report", "--root", str(tmp_path), *args)
        assert done.returncode == 2 and done.stderr.startswith("report: "), done.stderr
    done = cli("check", "--root", str(tmp_path), "--format", "csv")
    assert done.returncode == 2 and "is for `report`" in done.stderr


def test_the_monthly_run_reports_only_on_the_first_working_day(tmp_path):
    repo_with(tmp_path, "langson-2025", LEGAL_ITEMS, "2026-11-19T10:00:00+07:00")
    # 1/12/2026 is a Tuesday: the report of November
    done = cli("report", "--root", str(tmp_path), "--only-first-working-day", "--format", "json",
               "--now", "2026-12-01T08:00", "--no-cache")
    assert done.returncode == 0 and json.loads(done.stdout)["period"] == {"from": "2026-11-01", "to": "2026-11-30"}
    for now in ("2026-12-02T08:00", "2027-01-01T08:00"):  # a later day; New Year's Day (the 4th is the first)
        done = cli("report", "--root", str(tmp_path), "--only-first-working-day", "--now", now, "--no-cache")
        assert done.returncode == 0 and done.stdout == "" and "not the first working day" in done.stderr


def test_a_document_received_through_noi_nhan_counts_from_its_receipt_under_lang_son(tmp_path):
    # issued 10/11 by another agency, received 18/11: 3 working days from receipt, due 23/11 (19, 20, 23)
    items = {LEGAL_PATH: legal("2026-11-10", extra="received_at: 2026-11-18T09:00\n"),
             "content/tinh/legal/2026/qd-40.pdf": PDF}
    repo_with(tmp_path, "langson-2025", items, "2026-11-23T16:00:00+07:00")
    [row] = rows(report(tmp_path, "--month", "2026-11"), LEGAL_PATH)
    assert (row["start_field"], row["due"], row["state"]) == ("received_at", "2026-11-23", "on_time")


def test_a_stated_due_never_extends_the_regulations_date(tmp_path):
    """000 Đ9.6.b: an answer, or a progress notice with the answer's date, within 15 working days; a
    `due` written later than that is not believed (a warning at its line), the regulation's date stands."""
    path = "content/tinh/qa/2026/a.md"
    repo_with(tmp_path, "langson-2025", {path: question("2026-11-02T09:00", extra="due: 2026-12-31\n")},
              "2026-11-02T10:00:00+07:00")
    done = cli("check", "--root", str(tmp_path), "--now", "2026-11-25T09:00", "--no-cache")
    lines = [line for line in done.stderr.splitlines() if path in line]
    assert any(line.startswith(f"{path}:8:") and "qa.due-beyond-rule" in line and "2026-11-23" in line
               for line in lines), lines
    assert any("deadline.qa-overdue" in line and "due on 2026-11-23" in line for line in lines), lines
    data = report(tmp_path, "--month", "2026-11", now="2026-11-25T09:00")
    [row] = [r for r in data["qa_open"] if r["path"] == path]
    assert (row["due"], row["state"], row["due_by"]) == ("2026-11-23", "overdue", "rule")
    text = report(tmp_path, "--month", "2026-11", fmt="text", now="2026-11-25T09:00")
    assert "hạn 23/11/2026 (15 ngày làm việc kể từ received_at" in text


def test_an_answer_after_the_date_its_progress_notice_promised_is_late(tmp_path):
    path = "content/tinh/qa/2026/a.md"
    answered = ("assigned_unit: \"Sở Xây dựng\"\nhistory:\n"
                "  - {state: progress_notice, at: 2026-11-10T09:00, promised: 2026-11-20}\n"
                "  - {state: answered, at: 2026-11-26T10:00}\n"
                "answerer: \"Giám đốc Sở Xây dựng\"\n")
    item = question("2026-11-02T09:00", extra=answered) + "Trả lời: được.\n"
    repo_with(tmp_path, "langson-2025", {path: item}, "2026-11-26T11:00:00+07:00")
    data = report(tmp_path, "--month", "2026-11", now="2026-12-01T09:00")
    [row] = rows(data, path)
    # the notice came in time (10/11, before 23/11); the answer three working days after its promise
    # (23, 25 and 26/11: 24/11 is a day off)
    assert (row["due"], row["state"], row["late"], row["due_by"]) == ("2026-11-20", "late", 3, "promise")


@pytest.mark.parametrize("profile", ["langson-2025", "langson-2024"])
def test_lang_son_directives_are_posted_at_once_not_within_the_ten_days_of_other_information(tmp_path, profile):
    """Đ5.3: “các thông tin chỉ đạo, điều hành; tin tức, sự kiện phải cập nhật ngay” — the news rule
    (immediately: not measured in working days), as the catalogue says; Đ9.4's 10 days are for other
    information."""
    path = "content/tinh/directive/2026/chi-dao.md"
    directive = '---\ntitle: "Chỉ đạo phòng chống rét"\ndate: 2026-11-16\nsummary: "Tóm tắt."\n---\nNội dung.\n'
    repo_with(tmp_path, profile, {path: directive}, "2026-11-25T10:00:00+07:00")
    data = report(tmp_path, "--month", "2026-11", now="2026-12-01T09:00")
    assert [r["rule"] for r in rows(data, path)] == []


def test_check_warns_about_a_late_document_not_committed_yet_in_a_repository_with_imported_items(tmp_path):
    """`imported_before` makes the items committed before it stand on their front-matter dates; an item
    git does not know at all is no import but a change not merged yet, measured as merged now."""
    repo_with(tmp_path, "langson-2025", {}, START)
    province = (tmp_path / "sites/_province.yaml").read_text(encoding="utf-8") + "imported_before: 2026-11-03T00:00\n"
    write_repo(tmp_path, {LEGAL_PATH: legal(), "content/tinh/legal/2026/qd-40.pdf": PDF,
                          "sites/_province.yaml": province}, profile="langson-2025")
    done = cli("check", "--root", str(tmp_path), "--now", "2026-11-25T09:00", "--no-cache")
    assert any(line.startswith(f"{LEGAL_PATH}:6:") and "deadline.late-if-merged" in line
               and "late by 3 working days" in line for line in done.stderr.splitlines()), done.stderr


def test_a_notice_sent_after_its_promise_had_passed_does_not_excuse_it(tmp_path):
    """Promised 20/11 on 10/11; a second notice on 25/11 (the promise already broken) promising 04/12; the
    answer on 03/12: late against 20/11, not on time against 04/12."""
    path = "content/tinh/qa/2026/a.md"
    answered = ("assigned_unit: \"Sở Xây dựng\"\nhistory:\n"
                "  - {state: progress_notice, at: 2026-11-10T09:00, promised: 2026-11-20}\n"
                "  - {state: progress_notice, at: 2026-11-25T09:00, promised: 2026-12-04}\n"
                "  - {state: answered, at: 2026-12-03T10:00}\n"
                "answerer: \"Giám đốc Sở Xây dựng\"\n")
    repo_with(tmp_path, "langson-2025", {path: question("2026-11-02T09:00", extra=answered) + "Trả lời: được.\n"},
              "2026-12-03T11:00:00+07:00")
    data = report(tmp_path, "--month", "2026-12", now="2026-12-07T09:00")
    [row] = rows(data, path)
    assert (row["due"], row["state"], row["due_by"]) == ("2026-11-20", "late", "promise")
