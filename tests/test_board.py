"""Boards in the site files, their validation, and the CODEOWNERS generated from them."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import codes, run_build, write_repo

from generator.editorial.codeowners import CODEOWNERS_PATH, generate
from generator.model.config import load_config

REPO = Path(__file__).resolve().parent.parent

PORTAL = """\
kind: portal
name: {{vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}}
board:
  members:
    - name: "Trưởng Ban"
      handle: truong-ban
      roles: [truong_ban, takedown]
      active_from: 2025-01-01
    - name: "Thư Ký"
      handle: thu-ky
      roles: [{role}]
      active_from: 2025-01-01
{extra}"""

DEPT = """\
kind: department
slug: so
name: {vi: "Sở Thử"}
board:
  members:
    - {name: "Giám Đốc", handle: giam-doc, roles: [agency_head], active_from: 2025-01-01}
    - {name: "Biên Tập", handle: btv, roles: [bien_tap_vien], active_from: 2025-01-01}
    - {name: "Đã Nghỉ", handle: da-nghi, roles: [bien_tap_vien], active_from: 2025-01-01, active_until: 2026-10-31}
"""


def province(tmp_path: Path, profile: str = "langson-2025", role: str = "thu_ky", extra: str = "",
             dept: str = DEPT) -> Path:
    root = write_repo(tmp_path, {"sites/tinh.yaml": PORTAL.format(role=role, extra=extra), "sites/so.yaml": dept},
                      profile=profile)
    # CODEOWNERS as the boards say (written only when the boards are valid).
    subprocess.run([sys.executable, str(REPO / "build.py"), "codeowners", "--root", str(root),
                    "--now", "2026-11-20T12:00"], capture_output=True)
    return root


def test_a_board_is_read_with_its_roles_periods_and_delegations(tmp_path):
    extra = """\
  delegations:
    - {from: truong-ban, to: thu-ky, scope: [news, legal], valid_from: 2026-01-01, valid_until: 2026-12-31,
       ref: "Quyết định phân công số 05/QĐ-BBT"}
"""
    root = province(tmp_path, extra=extra)
    config, problems = load_config(root)
    assert problems == []
    board = config.sites["tinh"].board
    assert [m.handle for m in board.members] == ["truong-ban", "thu-ky"]
    assert board.members[0].roles == ("truong_ban", "takedown")
    d = board.delegations[0]
    assert (d.by, d.to, d.scope, d.valid_from) == ("truong-ban", "thu-ky", ("news", "legal"), dt.date(2026, 1, 1))
    assert board.delegation_for("thu-ky", dt.date(2026, 6, 1), ["news"]) == d
    assert board.delegation_for("thu-ky", dt.date(2027, 1, 1), ["news"]) is None
    assert board.delegation_for("thu-ky", dt.date(2026, 6, 1), ["page"]) is None
    dept = config.sites["so"].board
    assert [m.handle for m in dept.holders({"bien_tap_vien"}, dt.date(2026, 11, 20))] == ["btv"]


def test_an_unknown_role_is_an_error_at_its_line_with_a_suggestion(tmp_path):
    root = province(tmp_path, role="thu_kyy")
    result = run_build(root, check_only=True)
    assert ("sites/tinh.yaml", 11, "board.role") in codes(result)
    message = next(d.message for d in result.diagnostics if d.code == "board.role")
    assert "`thu_kyy` is not a board role; did you mean `thu_ky`?" in message


@pytest.mark.parametrize("delegations, line, message", [
    ("""\
    - {from: truong-ban, to: thu-ky, scope: [news], valid_from: 2026-01-01, valid_until: 2026-06-30, ref: "QĐ 1"}
    - {from: truong-ban, to: thu-ky, scope: [all], valid_from: 2026-06-01, valid_until: 2026-12-31, ref: "QĐ 2"}
""", 15, "overlaps the one on line 14"),
    ("""\
    - {from: thu-ky, to: truong-ban, scope: [news], valid_from: 2026-01-01, valid_until: 2026-06-30, ref: "QĐ 1"}
""", 14, "thu-ky cannot delegate"),
    ("""\
    - {from: truong-ban, to: ai-do, scope: [news], valid_from: 2026-01-01, valid_until: 2026-06-30, ref: "QĐ 1"}
""", 14, "`to: ai-do` is not a member of this board"),
    ("""\
    - {from: truong-ban, to: thu-ky, scope: [news], valid_from: 2026-07-01, valid_until: 2026-06-30, ref: "QĐ 1"}
""", 14, "`valid_until` is before `valid_from`"),
])
def test_bad_delegations_are_rejected(tmp_path, delegations, line, message):
    root = province(tmp_path, extra="  delegations:\n" + delegations)
    result = run_build(root, check_only=True)
    found = [d for d in result.diagnostics if d.code.startswith("board.delegation") and d.severity == "error"]
    assert [(d.path, d.line) for d in found] == [("sites/tinh.yaml", line)], result.diagnostics
    assert message in found[0].message
    assert not result.ok


def test_a_delegation_needs_its_reference_and_scope(tmp_path):
    root = province(tmp_path, extra="  delegations:\n    - {from: truong-ban, to: thu-ky, scope: [tin], "
                                     "valid_from: 2026-01-01, valid_until: 2026-06-30}\n")
    result = run_build(root, check_only=True)
    assert ("sites/tinh.yaml", 14, "board.scope") in codes(result)
    assert ("sites/tinh.yaml", 14, "field.required") in codes(result)


def test_an_expired_delegation_is_not_current_and_check_says_so(tmp_path):
    extra = ("  delegations:\n    - {from: truong-ban, to: thu-ky, scope: [all], valid_from: 2025-01-01, "
             "valid_until: 2025-12-31, ref: \"QĐ 3\"}\n")
    root = province(tmp_path, "caobang-2014", extra=extra)
    result = run_build(root, check_only=True)
    assert result.ok
    missing = [d for d in result.diagnostics if d.code == "board.delegation-missing"]
    assert [(d.path, d.line, d.severity) for d in missing] == [("sites/tinh.yaml", 9, "warning")]
    assert "thu-ky (thu_ky) has no delegation valid today (2026-11-20)" in missing[0].message
    # Under Lạng Sơn too the secretary reviews only on the Trưởng ban's assignment (000 Đ13.4).
    ls = province(tmp_path / "ls", "langson-2025", extra=extra)
    assert [(d.path, d.line) for d in run_build(ls, check_only=True).diagnostics
            if d.code == "board.delegation-missing"] == [("sites/tinh.yaml", 9)]
    # Under Thái Nguyên no role waits for a delegation: nothing to say.
    other = province(tmp_path / "tn", "thainguyen-2026", extra=extra)
    assert not [d for d in run_build(other, check_only=True).diagnostics if d.code == "board.delegation-missing"]


def test_conflicting_roles_are_rejected_only_where_the_profile_forbids_them(tmp_path):
    both = PORTAL.replace("roles: [truong_ban, takedown]", "roles: [truong_ban, thu_ky]")
    root = write_repo(tmp_path / "cb", {"sites/tinh.yaml": both.format(role="bien_tap_vien", extra=""),
                                        "sites/so.yaml": DEPT}, profile="caobang-2014")
    result = run_build(root, check_only=True)
    conflict = [d for d in result.diagnostics if d.code == "board.role-conflict"]
    assert [(d.path, d.line) for d in conflict] == [("sites/tinh.yaml", 5)]
    assert "truong-ban holds both truong_ban and thu_ky on this board" in conflict[0].message
    # Across two boards: the portal's head is the department's secretary.
    dept = DEPT + "    - {name: \"Trưởng Ban\", handle: truong-ban, roles: [thu_ky]}\n"
    root = write_repo(tmp_path / "cb2", {"sites/tinh.yaml": PORTAL.format(role="bien_tap_vien", extra=""),
                                         "sites/so.yaml": dept}, profile="caobang-2014")
    conflict = [d for d in run_build(root, check_only=True).diagnostics if d.code == "board.role-conflict"]
    assert [(d.path, d.line) for d in conflict] == [("sites/so.yaml", 9)]
    assert "(truong_ban on sites/tinh.yaml, thu_ky on sites/so.yaml)" in conflict[0].message
    # Lạng Sơn forbids nothing of the kind: the same two boards are fine (CODEOWNERS aside).
    root = write_repo(tmp_path / "ls", {"sites/tinh.yaml": PORTAL.format(role="bien_tap_vien", extra=""),
                                        "sites/so.yaml": dept}, profile="langson-2025")
    assert not [d for d in run_build(root, check_only=True).diagnostics if d.code == "board.role-conflict"]


def test_a_handle_twice_on_one_board_and_a_malformed_handle_are_errors(tmp_path):
    dept = DEPT + "    - {name: \"Lặp\", handle: BTV, roles: [thu_ky]}\n    - {name: \"Sai\", handle: \"ten co dau\", roles: [thu_ky]}\n"
    root = province(tmp_path, dept=dept)
    found = codes(run_build(root, check_only=True))
    assert ("sites/so.yaml", 9, "board.duplicate") in found
    assert ("sites/so.yaml", 10, "field.type") in found


def test_codeowners_gives_each_site_to_its_approvers(tmp_path):
    root = province(tmp_path)
    text = (root / CODEOWNERS_PATH).read_text(encoding="utf-8")
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line and not line.startswith("#")}
    assert lines["*"] == ["@thu-ky", "@truong-ban"]
    assert lines["/content/tinh/"] == ["@thu-ky", "@truong-ban"]
    # The department's approvers under Lạng Sơn: the head of the unit and its board's leadership, not a
    # biên tập viên (000 Đ19.1, Đ19.4), not people who left, plus nobody else's takedown officers
    # (000 Đ8.2.b: the component's own).
    assert lines["/content/so/"] == ["@giam-doc"]
    assert lines["/content/tinh/**/*.en.md"] == ["@thu-ky", "@truong-ban"]
    assert lines["/audit/"] == ["@thu-ky", "@truong-ban"]


def test_codeowners_follows_the_profile(tmp_path):
    translator = PORTAL.replace("roles: [truong_ban, takedown]", "roles: [truong_ban]").format(role="thu_ky", extra="")
    translator += "    - {name: \"Biên Dịch\", handle: bien-dich, roles: [translator]}\n"
    root = write_repo(tmp_path, {"sites/tinh.yaml": translator,
                                 "sites/so.yaml": DEPT}, profile="langson-2025")
    config, _ = load_config(root)
    text = " ".join(generate(config, dt.date(2026, 11, 20)).split(" "))
    text = "\n".join(" ".join(line.split()) for line in text.splitlines())
    assert "/content/tinh/**/*.en.md @bien-dich @thu-ky @truong-ban" in text
    tn = write_repo(tmp_path / "tn", {"sites/tinh.yaml": PORTAL.format(role="thu_ky", extra=""),
                                      "sites/so.yaml": DEPT}, profile="thainguyen-2026")
    config, _ = load_config(tn)
    text = "\n".join(" ".join(line.split()) for line in generate(config, dt.date(2026, 11, 20)).splitlines())
    assert "/content/so/ @btv @giam-doc @truong-ban" in text  # + portal takedown
    assert "@thu-ky" not in text.split("/content/tinh/")[1].splitlines()[0]  # TN portal: TB or PTB only


def test_check_fails_when_codeowners_is_hand_edited_or_out_of_date(tmp_path):
    # Thái Nguyên: a component site's biên tập viên is among its approvers (003 Đ5.3, Đ18.1).
    root = province(tmp_path, "thainguyen-2026")
    assert run_build(root, check_only=True).ok
    path = root / CODEOWNERS_PATH
    path.write_text(path.read_text(encoding="utf-8").replace("@btv", "@btv @ke-la"), encoding="utf-8")
    result = run_build(root, check_only=True)
    stale = [d for d in result.diagnostics if d.code == "codeowners.stale"]
    assert stale and stale[0].path == ".github/CODEOWNERS" and "run `python build.py codeowners`" in stale[0].message
    assert not result.ok
    # A build (the hourly publication) only warns: publishing must not stop at midnight.
    built = run_build(root)
    assert built.ok and [d.severity for d in built.diagnostics if d.code == "codeowners.stale"] == ["warning"]
    # Someone leaves: their handle must leave CODEOWNERS the day after their last day.
    province(tmp_path / "fresh", "thainguyen-2026")
    board = tmp_path / "fresh" / "sites" / "so.yaml"
    board.write_text(board.read_text(encoding="utf-8").replace(
        "handle: btv, roles: [bien_tap_vien], active_from: 2025-01-01}",
        "handle: btv, roles: [bien_tap_vien], active_from: 2025-01-01, active_until: 2026-11-19}"), encoding="utf-8")
    result = run_build(tmp_path / "fresh", check_only=True)
    assert "codeowners.stale" in [d.code for d in result.diagnostics]
    command = [sys.executable, str(REPO / "build.py"), "codeowners", "--check", "--root", str(tmp_path / "fresh"),
               "--now", "2026-11-20T12:00"]
    assert subprocess.run(command, capture_output=True).returncode == 1
    subprocess.run(command[:3] + command[4:], check=True, capture_output=True)
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert "@btv" not in (tmp_path / "fresh" / CODEOWNERS_PATH).read_text(encoding="utf-8")


def test_the_example_codeowners_is_the_generated_one():
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "codeowners", "--check", "--root", str(REPO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_repository_without_boards_needs_no_codeowners(tmp_path):
    root = write_repo(tmp_path, {})
    assert run_build(root, check_only=True).diagnostics == []


def test_codeowners_gives_the_machinery_to_the_technical_team(tmp_path):
    portal = PORTAL.format(role="thu_ky", extra="") + (
        "    - {name: \"Kỹ Thuật\", handle: ky-thuat, roles: [technical], active_from: 2025-01-01}\n")
    root = write_repo(tmp_path, {"sites/tinh.yaml": portal, "sites/so.yaml": DEPT})
    config, _ = load_config(root)
    lines = {line.split()[0]: line.split()[1:] for line in generate(config, dt.date(2026, 11, 20)).splitlines()
             if line and not line.startswith("#")}
    # Everything but what the boards decide is machinery: .github/, generator/, build.py, a new setup.py.
    assert lines["*"] == ["@ky-thuat"]
    for path in ("/sites/", "/docs/", "/README.md"):
        assert lines[path] == ["@thu-ky", "@truong-ban"]
    assert "@ky-thuat" not in lines["/content/tinh/"] and "@ky-thuat" not in lines["/audit/"]
