"""The approval gate, under every profile, from GitHub's own JSON (tests/fixtures/gate/).

Each test writes a tiny province (a portal and one department, each with a board),
a pull-request event, its reviews and its changed files, runs the real
`build.py review-gate` and reads the verdict and the reasons it prints.
"""
from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import json
import subprocess
from pathlib import Path

import pytest
from gitkit import git_env
from sitekit import codes, run_build, valid_front_matter, write_repo

from generator import cli
from generator.editorial.audit import AuditEntry, entry_text

FIXTURES = Path(__file__).parent / "fixtures" / "gate"
PROFILES_DIR = Path(__file__).resolve().parent.parent / "generator" / "profiles"
HEAD = "9f2c1d7e5b4a39281706f5e4d3c2b1a098765432"
OLD = "0000000e5b4a39281706f5e4d3c2b1a098765432"
PROFILES = ("langson-2025", "langson-2024", "thainguyen-2026", "bentre-2019", "caobang-2014")

PORTAL_BOARD = """\
kind: portal
name: {vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}
board:
  members:
    - {name: "Trưởng Ban", handle: truong-ban, roles: [truong_ban, takedown], active_from: 2025-01-01}
    - {name: "Phó Ban", handle: pho-ban, roles: [pho_truong_ban], active_from: 2025-01-01}
    - {name: "Thư Ký", handle: thu-ky, roles: [thu_ky], active_from: 2025-01-01}
    - {name: "Biên Dịch", handle: bien-dich, roles: [translator], active_from: 2025-01-01}
    - {name: "Người Cũ", handle: nguoi-cu, roles: [truong_ban], active_from: 2020-01-01, active_until: 2026-06-30}
{delegations}"""

DEPT_BOARD = """\
kind: department
slug: so
name: {vi: "Sở Thử", en: "Test Department"}
board:
  members:
    - {name: "Giám Đốc", handle: giam-doc, roles: [agency_head], active_from: 2025-01-01}
    - {name: "Trưởng Ban Sở", handle: tb-so, roles: [truong_ban, takedown], active_from: 2025-01-01}
    - {name: "Biên Tập Sở", handle: btv-so, roles: [bien_tap_vien], active_from: 2025-01-01}
"""

NEWS = ('---\ntitle: "Hội nghị"\ndate: 2026-11-19T08:00\nsummary: "Tóm tắt."\n{extra}'
        'author: "Hoàng Lan"\nsource: "Sở Thử"\n---\nNội dung.\n')
EN_NEWS = ('---\ntitle: "Conference"\ndate: 2026-11-19T08:00\nsummary: "Summary."\n'
           'author: "Hoang Lan"\nsource: "Department of Tests"\n---\nText.\n')


def repo(tmp_path: Path, profile: str, delegations: str = "", item_extra: str = "",
         files: dict[str, str] | None = None) -> Path:
    sites = {"sites/tinh.yaml": PORTAL_BOARD.replace("{delegations}", delegations), "sites/so.yaml": DEPT_BOARD}
    content = {"content/so/news/2026/hoi-nghi.md": NEWS.format(extra=item_extra),
               "content/tinh/news/2026/tin-cong.md": NEWS.format(extra=""),
               "content/tinh/news/2026/tin-cong.en.md": EN_NEWS}
    return write_repo(tmp_path / "repo", {**sites, **content, **(files or {})}, profile=profile)


def review(login: str, state: str = "APPROVED", commit: str = HEAD, when: str = "2026-11-20T02:30:00Z") -> dict:
    entry = copy.deepcopy(json.loads((FIXTURES / "reviews.json").read_text(encoding="utf-8"))[1])
    entry.update(state=state, commit_id=commit, submitted_at=when)
    entry["user"]["login"] = login
    return entry


def pr_event(author: str = "Editor-Nguyen", labels: tuple[str, ...] = (), head: str = HEAD,
             base: str | None = None, **pull_request) -> dict:
    """The fixture's pull-request event, changed where a test says."""
    event = json.loads((FIXTURES / "pull_request.json").read_text(encoding="utf-8"))
    pr = event["pull_request"]
    pr["user"]["login"] = author
    pr["labels"] = [{"name": name, "color": "d73a4a"} for name in labels]
    pr["head"]["sha"] = head
    if base is not None:
        pr["base"]["sha"] = base
    pr.update(pull_request)
    return event


def run_gate(tmp_path: Path, root: Path, event: dict, reviews: list[dict], files: list[dict] | None = None,
             head: str | None = None) -> tuple[int, str]:
    """`build.py review-gate` on these JSON files, as the workflow runs it; its exit code and output."""
    args = ["review-gate", "--root", str(root)]
    for name, data in (("event", event), ("reviews", reviews), ("files", files)):
        if data is not None:
            (tmp_path / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            args += [f"--{name}", str(tmp_path / f"{name}.json")]
    if head:
        args += ["--head", head]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(args)
    return code, out.getvalue()


def gate(tmp_path: Path, root: Path, reviews: list[dict], files: list[str], author: str = "Editor-Nguyen",
         labels: tuple[str, ...] = ()) -> tuple[int, str]:
    template = json.loads((FIXTURES / "files.json").read_text(encoding="utf-8"))[0]
    changed = [{**template, "filename": name, "status": "modified"} for name in files]
    return run_gate(tmp_path, root, pr_event(author, labels), reviews, changed)


DEPT_ITEM = "content/so/news/2026/hoi-nghi.md"
PORTAL_ITEM = "content/tinh/news/2026/tin-cong.md"


def test_the_fixture_as_github_sends_it_passes_under_lang_son(tmp_path):
    root = repo(tmp_path, "langson-2025")
    code, out = gate(tmp_path, root, json.loads((FIXTURES / "reviews.json").read_text(encoding="utf-8")),
                     [PORTAL_ITEM])
    assert code == 0, out
    assert "[ĐẠT / PASS]" in out and "@truong-ban (Trưởng Ban)" in out
    assert "Kết quả: ĐỦ phê duyệt / Result: approvals suffice" in out


@pytest.mark.parametrize("profile", PROFILES)
def test_the_authors_own_approval_never_counts(tmp_path, profile):
    root = repo(tmp_path, profile)
    code, out = gate(tmp_path, root, [review("truong-ban")], [PORTAL_ITEM], author="Truong-Ban")
    assert code == 1, out
    assert "@truong-ban: tác giả không tự phê duyệt PR của mình / the author's own approval never counts" in out


@pytest.mark.parametrize("profile", PROFILES)
def test_an_approval_before_the_last_push_does_not_count(tmp_path, profile):
    root = repo(tmp_path, profile)
    code, out = gate(tmp_path, root, [review("truong-ban", commit=OLD)], [PORTAL_ITEM])
    assert code == 1, out
    assert "approved before the last push" in out
    code, _ = gate(tmp_path, root, [review("truong-ban", commit=OLD), review("truong-ban")], [PORTAL_ITEM])
    assert code == 0  # approving again on the last commit counts


@pytest.mark.parametrize("profile", PROFILES)
def test_outsiders_and_people_who_left_do_not_count(tmp_path, profile):
    root = repo(tmp_path, profile)
    code, out = gate(tmp_path, root, [review("someone-else"), review("nguoi-cu")], [PORTAL_ITEM])
    assert code == 1, out
    assert "@someone-else: không có trong Ban biên tập (tinh) / not on the board of tinh" in out
    assert "@nguoi-cu: không hoạt động ngày 20/11/2026" in out and "not active on 2026-11-20" in out
    # The same person, on a day inside their period, counts.
    code, out = gate(tmp_path, root, [review("nguoi-cu", when="2026-06-30T09:00:00Z")], [PORTAL_ITEM])
    assert code == 0, out


@pytest.mark.parametrize("profile", PROFILES)
def test_a_change_request_by_a_board_member_blocks(tmp_path, profile):
    root = repo(tmp_path, profile)
    code, out = gate(tmp_path, root, [review("truong-ban"), review("pho-ban", "CHANGES_REQUESTED")], [PORTAL_ITEM])
    assert code == 1
    assert "Chặn / blocked: @pho-ban yêu cầu sửa đổi / requested changes" in out


@pytest.mark.parametrize("profile", PROFILES)
def test_shared_configuration_needs_the_portal_board(tmp_path, profile):
    root = repo(tmp_path, profile)
    code, out = gate(tmp_path, root, [review("tb-so")], ["sites/so.yaml"])
    assert code == 1 and "shared configuration" in out
    code, out = gate(tmp_path, root, [review("truong-ban")], ["sites/so.yaml", "layouts/base.html"])
    assert code == 0, out


def test_thai_nguyen_portal_needs_the_head_or_deputy_head(tmp_path):
    root = repo(tmp_path, "thainguyen-2026")
    code, out = gate(tmp_path, root, [review("thu-ky")], [PORTAL_ITEM])
    assert code == 1, out
    assert "cần một Trưởng ban hoặc Phó Trưởng ban" in out
    assert gate(tmp_path, root, [review("pho-ban")], [PORTAL_ITEM])[0] == 0
    assert gate(tmp_path, root, [review("truong-ban")], [PORTAL_ITEM])[0] == 0


def test_thai_nguyen_component_needs_its_board_and_the_agency_head(tmp_path):
    root = repo(tmp_path, "thainguyen-2026")
    code, out = gate(tmp_path, root, [review("btv-so")], [DEPT_ITEM])
    assert code == 1 and "needs one Head of the editorial board or" in out and "and one Head of the agency" in out
    assert gate(tmp_path, root, [review("giam-doc")], [DEPT_ITEM])[0] == 1
    code, out = gate(tmp_path, root, [review("btv-so"), review("giam-doc")], [DEPT_ITEM])
    assert code == 0, out


def test_thai_nguyen_one_person_cannot_fill_both_groups(tmp_path):
    root = repo(tmp_path, "thainguyen-2026")
    both = DEPT_BOARD.replace("roles: [agency_head]", "roles: [agency_head, truong_ban]")
    (root / "sites/so.yaml").write_text(both, encoding="utf-8")
    code, out = gate(tmp_path, root, [review("giam-doc")], [DEPT_ITEM])
    assert code == 1, out
    assert "each a different person" in out
    assert gate(tmp_path, root, [review("giam-doc"), review("btv-so")], [DEPT_ITEM])[0] == 0


NOT_THEIRS = "their roles cannot approve this part"


@pytest.mark.parametrize("profile", ["langson-2025", "langson-2024"])
def test_lang_son_portal_the_secretary_and_deputy_review_only_on_the_heads_assignment(tmp_path, profile):
    """000/001 Đ6.5, Đ13.2.a: the Ban biên tập reviews; Đ13.4: its members on the Trưởng ban's assignment."""
    root = repo(tmp_path, profile)
    for alone, role in (("thu-ky", "Thư ký"), ("pho-ban", "Phó Trưởng ban")):
        code, out = gate(tmp_path, root, [review(alone)], [PORTAL_ITEM])
        assert code == 1, out
        assert f"@{alone}: {role} cần ủy quyền còn hiệu lực ngày 20/11/2026 cho news" in out
    assert gate(tmp_path, root, [review("truong-ban")], [PORTAL_ITEM])[0] == 0
    assigned = repo(tmp_path / "assigned", profile, DELEGATION.format(scope="all", start="2026-01-01",
                                                                       end="2026-12-31"))
    code, out = gate(tmp_path, assigned, [review("thu-ky")], [PORTAL_ITEM])
    assert code == 0 and "approved by @thu-ky (Thư Ký)" in out, out


@pytest.mark.parametrize("profile", ["langson-2025", "langson-2024", "bentre-2019"])
def test_an_editor_alone_never_approves_a_component_site(tmp_path, profile):
    """000 Đ19.1-19.4, 001 Đ18.1-18.4, 002 Đ12.1.b, Đ18.3-18.7: the unit's head answers for its site and
    sets up its board; a biên tập viên receives, edits and updates, and approves nothing."""
    root = repo(tmp_path, profile)
    code, out = gate(tmp_path, root, [review("btv-so")], [DEPT_ITEM])
    assert code == 1, out
    assert f"@btv-so: vai trò Biên tập viên không phê duyệt được phần này / {NOT_THEIRS}" in out
    assert gate(tmp_path, root, [review("tb-so")], [DEPT_ITEM])[0] == 0      # the board's Trưởng ban
    assert gate(tmp_path, root, [review("giam-doc")], [DEPT_ITEM])[0] == 0   # the head of the unit


def test_ben_tre_portal_needs_the_head_or_deputy_head_of_the_board(tmp_path):
    """002 Đ9.4, Đ16.3: the Ban Biên tập reviews; the seed gives a Thư ký no approval."""
    root = repo(tmp_path, "bentre-2019")
    code, out = gate(tmp_path, root, [review("thu-ky")], [PORTAL_ITEM])
    assert code == 1, out
    assert "cần một Trưởng ban hoặc Phó Trưởng ban" in out
    assert f"@thu-ky: vai trò Thư ký không phê duyệt được phần này / {NOT_THEIRS}" in out
    assert gate(tmp_path, root, [review("pho-ban")], [PORTAL_ITEM])[0] == 0
    assert gate(tmp_path, root, [review("truong-ban")], [PORTAL_ITEM])[0] == 0


CHAIR = '    - {name: "Chủ Tịch", handle: chu-tich, roles: [chu_tich], active_from: 2025-01-01}\n'
STATEMENT = "content/tinh/statement/2026/phat-ngon.md"


def test_ben_tre_other_information_needs_the_chairs_approval_as_well_as_the_board(tmp_path):
    """002 Đ10.1.c: "các thông tin khác được Chủ tịch Ủy ban nhân dân tỉnh chấp thuận", on the proposal
    of the Ban Biên tập or a department; the profile's `type_approvals` says which types."""
    files = {STATEMENT: f"---\n{valid_front_matter('statement')}\n---\nNội dung.\n",
             "content/so/statement/2026/phat-ngon.md": f"---\n{valid_front_matter('statement')}\n---\nNội dung.\n"}
    root = repo(tmp_path, "bentre-2019", delegations=CHAIR, files=files)
    code, out = gate(tmp_path, root, [review("truong-ban")], [STATEMENT])
    assert code == 1, out
    assert ("[CHƯA ĐẠT / FAIL] Thông tin khác do Chủ tịch Ủy ban nhân dân tỉnh chấp thuận trên Cổng thông tin "
            "điện tử tỉnh (002 Đ10.1.c) / what 002 Đ10.1.c asks for, on Provincial Portal: cần một Chủ tịch Ủy ban "
            "nhân dân tỉnh / needs one Chair of the provincial People's Committee") in out
    assert gate(tmp_path, root, [review("chu-tich")], [STATEMENT])[0] == 1  # the board reviews it too (Đ9.4)
    code, out = gate(tmp_path, root, [review("truong-ban"), review("chu-tich")], [STATEMENT])
    assert code == 0 and "approved by @chu-tich (Chủ Tịch)" in out, out
    # News is no "other information"; a department's own site is the department's (Đ11, Đ12.1.b).
    assert gate(tmp_path, root, [review("truong-ban")], [PORTAL_ITEM])[0] == 0
    assert gate(tmp_path, root, [review("giam-doc")], ["content/so/statement/2026/phat-ngon.md"])[0] == 0
    # No other profile asks for it.
    ls = repo(tmp_path / "ls", "langson-2025", delegations=CHAIR, files=files)
    assert gate(tmp_path, ls, [review("truong-ban")], [STATEMENT])[0] == 0


@pytest.mark.parametrize("replace, by, code", [
    ("types: [finance,", "types: [financ,", "profile.type"),
    ("site_kinds: [portal]", "site_kinds: [portals]", "profile.site-kind"),
    ("groups: [[chu_tich]]", "groups: [[chu_tịch]]", "profile.approvers"),
    ("groups: [[chu_tich]]", "groups: []", "profile.approvers"),
    ('    cite: "002 Đ10.1.c"\n', "", "field.required"),
])
def test_a_type_approval_names_known_types_kinds_and_roles_at_its_line(tmp_path, replace, by, code):
    text = (PROFILES_DIR / "bentre-2019.yaml").read_text(encoding="utf-8")
    assert replace in text
    text = text.replace(replace, by, 1)
    line = text[:text.index(by or "type_approvals:")].count("\n") + 1 + (1 if not by else 0)
    write_repo(tmp_path, {"profiles/bentre-2019.yaml": text}, profile="bentre-2019")
    assert codes(run_build(tmp_path, check_only=True)) == [("profiles/bentre-2019.yaml", line, code)]


DELEGATION = """\
  delegations:
    - {{from: truong-ban, to: thu-ky, scope: [{scope}], valid_from: {start}, valid_until: {end},
       ref: "Quyết định phân công số 05/QĐ-BBT"}}
"""


@pytest.mark.parametrize("scope, start, end, counts", [
    (None, None, None, False),                          # no delegation at all
    ("news", "2026-01-01", "2026-11-19", False),        # expired the day before the review
    ("news", "2026-11-21", "2026-12-31", False),        # not yet valid
    ("legal", "2026-01-01", "2026-12-31", False),       # another section
    ("news", "2026-01-01", "2026-11-20", True),         # valid on the review's day (Vietnam time)
    ("all", "2026-11-20", "2026-11-20", True),
])
def test_cao_bang_secretary_counts_only_under_a_delegation_valid_that_day(tmp_path, scope, start, end, counts):
    delegations = DELEGATION.format(scope=scope, start=start, end=end) if scope else ""
    root = repo(tmp_path, "caobang-2014", delegations)
    # 2026-11-19T18:30Z is 01:30 on 20/11 in Vietnam: the delegation's day is Vietnam's.
    code, out = gate(tmp_path, root, [review("thu-ky", when="2026-11-19T18:30:00Z")], [PORTAL_ITEM])
    assert (code == 0) is counts, out
    if not counts:
        assert "Thư ký cần ủy quyền còn hiệu lực ngày 20/11/2026 cho news" in out


def test_cao_bang_deputy_head_also_needs_a_delegation_but_the_head_does_not(tmp_path):
    root = repo(tmp_path, "caobang-2014")
    assert gate(tmp_path, root, [review("pho-ban")], [PORTAL_ITEM])[0] == 1
    assert gate(tmp_path, root, [review("truong-ban")], [PORTAL_ITEM])[0] == 0


def test_cao_bang_syndication_to_the_portal_needs_a_portal_approver(tmp_path):
    root = repo(tmp_path, "caobang-2014", item_extra="syndicate: true\n")
    code, out = gate(tmp_path, root, [review("giam-doc")], [DEPT_ITEM])
    assert code == 1, out
    assert "[ĐẠT / PASS] Sở Thử" in out
    assert "[CHƯA ĐẠT / FAIL] đưa tin của Sở Thử lên Cổng" in out
    code, out = gate(tmp_path, root, [review("giam-doc"), review("truong-ban")], [DEPT_ITEM])
    assert code == 0, out
    # Not syndicated: the agency head alone suffices; under Thái Nguyên syndication needs nothing more.
    assert gate(tmp_path, repo(tmp_path / "plain", "caobang-2014"), [review("giam-doc")], [DEPT_ITEM])[0] == 0
    root = repo(tmp_path / "tn", "thainguyen-2026", item_extra="syndicate: true\n")
    assert gate(tmp_path, root, [review("tb-so"), review("giam-doc")], [DEPT_ITEM])[0] == 0


@pytest.mark.parametrize("profile", ["langson-2025", "langson-2024"])
def test_lang_son_syndication_to_the_portal_needs_the_portals_board(tmp_path, profile):
    """000/001 Đ6.5: whatever is provided on the portal is under its board's review, a component
    site's item shown there too."""
    root = repo(tmp_path, profile, item_extra="syndicate: true\n")
    code, out = gate(tmp_path, root, [review("tb-so")], [DEPT_ITEM])
    assert code == 1, out
    assert "[ĐẠT / PASS] Sở Thử" in out
    assert ("[CHƯA ĐẠT / FAIL] đưa tin của Sở Thử lên Cổng / syndicating Test Department content to the portal: "
            "cần một Trưởng ban hoặc Phó Trưởng ban hoặc Thư ký") in out
    assert "@tb-so: không có trong Ban biên tập (tinh)" in out
    assert gate(tmp_path, root, [review("tb-so"), review("thu-ky")], [DEPT_ITEM])[0] == 1  # not assigned (Đ13.4)
    code, out = gate(tmp_path, root, [review("tb-so"), review("truong-ban")], [DEPT_ITEM])
    assert code == 0, out
    # Kept on its own site, the item is the unit's alone.
    assert gate(tmp_path, repo(tmp_path / "own", profile), [review("tb-so")], [DEPT_ITEM])[0] == 0


@pytest.mark.parametrize("profile, officer, counts", [
    ("langson-2025", "tb-so", True),         # 000 Đ8.2.b: the component site's owner removes it
    ("langson-2025", "truong-ban", False),   # the portal's officer is not the component's under LS25
    ("langson-2024", "truong-ban", True),    # 001 Đ8.2.b: Trung tâm Thông tin removes it everywhere
    ("langson-2024", "tb-so", False),
    ("thainguyen-2026", "tb-so", True),      # seed silent: own board or portal's
    ("thainguyen-2026", "truong-ban", True),
    ("bentre-2019", "tb-so", True),
    ("caobang-2014", "truong-ban", True),
])
def test_a_takedown_needs_one_takedown_officer(tmp_path, profile, officer, counts):
    root, base, head = _pr_repo(tmp_path, profile, _takedown)
    code, out = _run_gate(tmp_path, root, base, head, [review(officer, commit=head)], labels=("takedown",))
    assert (code == 0) is counts, out
    assert "Takedown: one takedown officer's approval suffices" in out


def test_a_takedown_label_on_other_changes_gets_the_normal_rules(tmp_path):
    def more(root: Path):
        _takedown(root)
        portal = root / PORTAL_ITEM
        portal.write_text(portal.read_text(encoding="utf-8") + "Thêm.\n", encoding="utf-8")
    root, base, head = _pr_repo(tmp_path, "thainguyen-2026", more)
    code, out = _run_gate(tmp_path, root, base, head, [review("tb-so", commit=head)], labels=("takedown",))
    assert code == 1
    assert "the normal rules apply" in out
    # Without the label a removal is an ordinary change: the agency head is needed too under Thái Nguyên.
    root, base, head = _pr_repo(tmp_path / "nolabel", "thainguyen-2026", _takedown)
    code, out = _run_gate(tmp_path, root, base, head, [review("tb-so", commit=head)])
    assert code == 1 and "Head of the agency" in out


def test_lang_son_translation_needs_a_translator_and_the_board(tmp_path):
    root = repo(tmp_path, "langson-2025")
    en = "content/tinh/news/2026/tin-cong.en.md"
    code, out = gate(tmp_path, root, [review("truong-ban")], [en])
    assert code == 1 and "needs one Translator and one Head of the editorial board" in out
    assert gate(tmp_path, root, [review("bien-dich")], [en])[0] == 1
    assert gate(tmp_path, root, [review("bien-dich"), review("truong-ban")], [en])[0] == 0
    # The Thư ký posts a translation only on the Trưởng ban's assignment (000 Đ13.4).
    assert gate(tmp_path, root, [review("bien-dich"), review("thu-ky")], [en])[0] == 1
    # Lạng Sơn 2024 names no separate translation approval: the portal board suffices.
    assert gate(tmp_path, repo(tmp_path / "old", "langson-2024"), [review("truong-ban")], [en])[0] == 0
    # The translator who wrote it has done the translator's part (000 Đ8.3, Đ18); the board still posts it,
    # and her own approval never counts.
    code, out = gate(tmp_path, root, [review("truong-ban")], [en], author="bien-dich")
    assert code == 0 and "@bien-dich (Biên Dịch, tác giả bản dịch / the translation's author)" in out, out
    assert gate(tmp_path, root, [review("bien-dich")], [en], author="bien-dich")[0] == 1
    assert gate(tmp_path, root, [review("truong-ban")], [PORTAL_ITEM], author="bien-dich")[0] == 0  # (no work role asked)


def test_a_member_of_another_board_does_not_count(tmp_path):
    root = repo(tmp_path, "langson-2025")
    code, out = gate(tmp_path, root, [review("tb-so")], [PORTAL_ITEM])
    assert code == 1
    assert "@tb-so: không có trong Ban biên tập (tinh)" in out


def _git(root: Path, *args: str, date: str = "2026-11-19T10:00:00+07:00") -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=git_env(date)).stdout.strip()


def test_in_a_real_repository_the_boards_come_from_the_base_and_the_items_from_the_head(tmp_path):
    """The PR adds its author to the board and marks an item for syndication: neither helps it."""
    root = repo(tmp_path, "caobang-2014")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    base = _git(root, "rev-parse", "HEAD")
    _git(root, "checkout", "-qb", "pr")
    item = root / DEPT_ITEM
    item.write_text(NEWS.format(extra="syndicate: true\n"), encoding="utf-8")
    board = root / "sites/so.yaml"
    board.write_text(board.read_text(encoding="utf-8") + "    - {name: \"Tác giả\", handle: editor-nguyen, "
                     "roles: [agency_head, truong_ban]}\n", encoding="utf-8")
    _git(root, "commit", "-qam", "syndicate and self-approve")
    head = _git(root, "rev-parse", "HEAD")
    _git(root, "checkout", "-q", "main")  # the gate runs on the base checkout
    code, text = run_gate(tmp_path, root, pr_event(head=head, base=base),
                          [review("giam-doc", commit=head), review("editor-nguyen", commit=head)], head=head)
    assert code == 1, text
    assert "sites/so.yaml" in text and "content/so/news/2026/hoi-nghi.md" in text  # found by git diff
    assert "[CHƯA ĐẠT / FAIL] đưa tin của Sở Thử lên Cổng" in text  # syndicate read at the head
    assert "@editor-nguyen: tác giả không tự phê duyệt" in text


def test_cao_bang_portal_shows_only_component_news_marked_for_syndication(tmp_path):
    """What the gate approves is what the portal shows: under 004 Đ15.4.a and 000 Đ6.5 only `syndicate:
    true` items; under Thái Nguyên, which states no such approval (003 Đ16.2.đ), every item."""
    from sitekit import run_build
    files = {"content/so/news/2026/chon.md": NEWS.format(extra="syndicate: true\n").replace("Hội nghị", "Tin được chọn"),
             "content/so/news/2026/khong.md": NEWS.format(extra="").replace("Hội nghị", "Tin chỉ của sở")}
    from test_site_output import legal
    files["content/so/legal/2026/qd-1.md"] = legal("1/2026", "2026-01-05", "2026-01-15", "syndicate: true\n")
    files["content/so/legal/2026/qd-2.md"] = legal("2/2026", "2026-01-06", "2026-01-16")
    files["content/so/legal/2026/van-ban.pdf"] = b"%PDF-1.4\n" + b"0" * 200
    for profile, host, shows_both in (("caobang-2014", "www.caobang.gov.vn", False),
                                      ("langson-2025", "langson.gov.vn", False),
                                      ("thainguyen-2026", "thainguyen.gov.vn", True)):
        root = repo(tmp_path / profile, profile, files=files)
        assert cli.main(["codeowners", "--root", str(root), "--now", "2026-11-20T12:00"]) == 0
        result = run_build(root)
        assert result.ok, result.diagnostics
        home = (root / "public" / host / "index.html").read_text(encoding="utf-8")
        assert "Tin được chọn" in home
        assert ("Tin chỉ của sở" in home) is shows_both
        lookup = (root / "public" / host / "van-ban/tra-cuu/index.html").read_text(encoding="utf-8")
        assert "1/2026/QĐ-UBND" in lookup
        assert ("2/2026/QĐ-UBND" in lookup) is shows_both


def test_the_tool_and_the_workflows_need_the_technical_team_and_the_board(tmp_path):
    """A PR editing .github/ could rewrite the gate itself: an editor's approval alone never passes it."""
    technical = PORTAL_BOARD.replace("{delegations}", "") + (
        "    - {name: \"Kỹ Thuật\", handle: ky-thuat, roles: [technical], active_from: 2025-01-01}\n")
    root = repo(tmp_path, "langson-2025", files={"sites/tinh.yaml": technical})
    workflow = ".github/workflows/review-gate.yml"
    code, out = gate(tmp_path, root, [review("truong-ban")], [workflow])
    assert code == 1 and "needs one Head of the editorial board or" in out and "and one Technical team" in out
    assert gate(tmp_path, root, [review("ky-thuat")], [workflow])[0] == 1
    assert gate(tmp_path, root, [review("ky-thuat"), review("truong-ban")], ["generator/gate.py", workflow])[0] == 0
    # Documentation is the board's alone; without a technical team the board decides everything.
    assert gate(tmp_path, root, [review("truong-ban")], ["docs/workflow.md"])[0] == 0
    assert gate(tmp_path, repo(tmp_path / "plain", "langson-2025"), [review("truong-ban")], [workflow])[0] == 0


def _entry(path: str = DEPT_ITEM, item_id: str = "so/news/hoi-nghi", **changes) -> str:
    """A complete audit entry, as `build.py takedown` writes it."""
    entry = AuditEntry(item_id, path, ("vi",), (f"https://so.example.gov.vn/tin-tuc/{item_id.rsplit('/', 1)[1]}/",),
                       "Trưởng Ban Sở <tb-so@example.gov.vn>", "2026-11-20T09:00:00+07:00", "Tin giả", "CV 1/STT")
    return entry_text(dataclasses.replace(entry, **changes))


# The base log: its header and one earlier takedown.
BASE_LOG = "# Nhật ký gỡ bỏ\n\n" + _entry("content/tinh/news/2025/cu.md", "tinh/news/cu")


def _pr_repo(tmp_path: Path, profile: str, edit, log: str = BASE_LOG, files: dict[str, str] | None = None,
             ) -> tuple[Path, str, str]:
    """A base commit and a PR commit made by `edit(root)`; the tree is left at the base."""
    root = repo(tmp_path, profile, files={"audit/takedowns.yaml": log, **(files or {})})
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "base")
    base = _git(root, "rev-parse", "HEAD")
    _git(root, "checkout", "-qb", "pr")
    edit(root)
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "pr")
    head = _git(root, "rev-parse", "HEAD")
    _git(root, "checkout", "-q", "main")
    return root, base, head


def _run_gate(tmp_path: Path, root: Path, base: str, head: str, reviews: list[dict], labels=()) -> tuple[int, str]:
    return run_gate(tmp_path, root, pr_event(labels=labels, head=head, base=base), reviews, head=head)


def _takedown(root: Path, also_edit_body: bool = False, log: str = "append") -> None:
    """What `build.py takedown` does to a PR: the status line, and an entry at the end of the log;
    or, with `log`, something else done to the log."""
    item = root / DEPT_ITEM
    text = item.read_text(encoding="utf-8").replace("---\nNội dung.", "status: removed\n---\nNội dung.")
    item.write_text(text.replace("Nội dung.", "Nội dung khác.") if also_edit_body else text, encoding="utf-8")
    path = root / "audit/takedowns.yaml"
    old = path.read_text(encoding="utf-8")
    edits = {
        "append": lambda: old + "\n" + _entry(),
        "rewrite": _entry,                                                 # past entries are gone
        "other-item": lambda: old + "\n" + _entry(PORTAL_ITEM, "tinh/news/tin-cong"),
        # An earlier line edited (the earlier takedown's reason), a correct entry appended.
        "edit-earlier": lambda: old.replace("reason: Tin giả", "reason: Đã sửa") + "\n" + _entry(),
        # Lines that continue the last entry instead of adding one: `path:` again overrides its path.
        "extend-last": lambda: old + f"  path: {DEPT_ITEM}\n",
        # ...or a new entry whose `path` is given twice (a YAML reader keeps the last one).
        "duplicate-key": lambda: old + "\n" + _entry(PORTAL_ITEM, "tinh/news/tin-cong").replace(
            "  languages:", f"  path: {DEPT_ITEM}\n  languages:", 1),
        "incomplete": lambda: old + f"\n- id: so/news/hoi-nghi\n  path: {DEPT_ITEM}\n",  # no who, when, why
        "wrong-id": lambda: old + "\n" + _entry(item_id="so/news/khac"),
        "wrong-language": lambda: old + "\n" + _entry(languages=("en",)),
        "bad-time": lambda: old + "\n" + _entry(at="hôm qua"),
    }
    if log == "delete":
        path.unlink()
    elif log in edits:
        path.write_text(edits[log](), encoding="utf-8")


@pytest.mark.parametrize("variant", [
    {"also_edit_body": True},     # the body changes too: what is "removed" could come back changed
    {"log": "rewrite"},           # past entries are rewritten
    {"log": "delete"},            # the audit trail is deleted
    {"log": "none"},              # nothing recorded
    {"log": "other-item"},        # the entry records another item
    {"log": "edit-earlier"},
    {"log": "extend-last"},
    {"log": "duplicate-key"},
    {"log": "incomplete"},
    {"log": "wrong-id"},
    {"log": "wrong-language"},
    {"log": "bad-time"},
])
def test_a_takedown_pr_may_change_only_status_lines_and_append_its_entries_to_the_log(tmp_path, variant):
    root, base, head = _pr_repo(tmp_path / "pure", "thainguyen-2026", _takedown)
    code, out = _run_gate(tmp_path, root, base, head, [review("tb-so", commit=head)], labels=("takedown",))
    assert code == 0, out
    root, base, head = _pr_repo(tmp_path / "bad", "thainguyen-2026", lambda r: _takedown(r, **variant))
    code, out = _run_gate(tmp_path, root, base, head, [review("tb-so", commit=head)], labels=("takedown",))
    assert code == 1 and "the normal rules apply" in out, out


def test_appended_bytes_must_start_a_new_line_of_the_log(tmp_path):
    """A base log whose last line has no newline: bytes appended to it would continue its last value."""
    unterminated = BASE_LOG.rstrip("\n")
    def continue_last(root: Path) -> None:
        _takedown(root, log="none")
        log = root / "audit/takedowns.yaml"
        log.write_text(unterminated + " (đã thu hồi)\n" + _entry(), encoding="utf-8")
    root, base, head = _pr_repo(tmp_path, "thainguyen-2026", continue_last, log=unterminated)
    code, out = _run_gate(tmp_path, root, base, head, [review("tb-so", commit=head)], labels=("takedown",))
    assert code == 1 and "the normal rules apply" in out, out


def test_a_takedown_with_its_translation_is_one_entry_for_both(tmp_path):
    """`build.py takedown` of a source takes its translation along: one entry, both languages."""
    en = DEPT_ITEM.replace(".md", ".en.md")
    def both(root: Path) -> None:
        _takedown(root, log="none")
        (root / en).write_text(EN_NEWS.replace("---\nText.", "status: removed\n---\nText."), encoding="utf-8")
        log = root / "audit/takedowns.yaml"
        log.write_text(log.read_text(encoding="utf-8") + "\n" + _entry(languages=("vi", "en")), encoding="utf-8")
    root, base, head = _pr_repo(tmp_path, "thainguyen-2026", both, files={en: EN_NEWS})
    code, out = _run_gate(tmp_path, root, base, head, [review("tb-so", commit=head)], labels=("takedown",))
    assert code == 0 and "Takedown: one takedown officer's approval suffices" in out, out


@pytest.mark.parametrize("text", [
    NEWS.format(extra='syndicate: "true"\n'),                        # quoted: the build still reads true
    NEWS.format(extra="syndicate: True\n"),
    NEWS.format(extra="syndicate: true\n").replace("---\n", "----\n"),  # the build accepts longer rules
    NEWS.format(extra="syndicate: true\ntitle: again\n"),            # broken: the gate assumes the worst
])
def test_the_gate_reads_items_exactly_as_the_build_does(tmp_path, text):
    root = repo(tmp_path, "caobang-2014", files={DEPT_ITEM: text})
    code, out = gate(tmp_path, root, [review("giam-doc")], [DEPT_ITEM])
    assert code == 1, out
    assert "[CHƯA ĐẠT / FAIL] đưa tin của Sở Thử lên Cổng" in out


def test_a_pr_into_another_branch_or_a_partial_file_list_is_not_decided(tmp_path):
    root = repo(tmp_path, "langson-2025")
    files = [{"filename": PORTAL_ITEM, "status": "modified"}]
    reviews = [review("truong-ban")]
    event = pr_event(changed_files=1)
    event["pull_request"]["base"]["ref"] = "release"
    code, out = run_gate(tmp_path, root, event, reviews, files)
    assert code == 1
    assert "the PR targets release, not main" in out
    # Into main, but GitHub counts 3,001 files and the list (the API's cap) has one: refuse.
    code, out = run_gate(tmp_path, root, pr_event(changed_files=3001), reviews, files)
    assert code == 1
    assert "the file list has 1 files but the PR changes 3001" in out
    assert run_gate(tmp_path, root, pr_event(changed_files=1), reviews, files)[0] == 0


@pytest.mark.parametrize("states, passes", [
    (["APPROVED"], True),
    (["APPROVED", "DISMISSED"], False),             # a dismissed approval is gone
    (["APPROVED", "COMMENTED"], True),              # a later comment leaves the approval standing
    (["CHANGES_REQUESTED", "APPROVED"], True),      # approving after asking for changes
    (["APPROVED", "CHANGES_REQUESTED"], False),
])
def test_each_reviewers_standing_review_is_their_last_that_is_not_a_comment(tmp_path, states, passes):
    root = repo(tmp_path, "langson-2025")
    reviews = [review("Truong-Ban", state, when=f"2026-11-20T0{i}:00:00Z") for i, state in enumerate(states)]
    assert (gate(tmp_path, root, reviews, [PORTAL_ITEM])[0] == 0) is passes


def test_a_rename_across_sites_needs_both_boards(tmp_path):
    root = repo(tmp_path, "langson-2025")
    event_files = [{"filename": PORTAL_ITEM.replace("tin-cong", "moi"), "status": "renamed",
                    "previous_filename": DEPT_ITEM}]
    code, out = run_gate(tmp_path, root, pr_event(), [review("truong-ban")], event_files)
    assert code == 1 and "[CHƯA ĐẠT / FAIL] Sở Thử" in out


def test_new_machinery_files_and_a_former_technical_member(tmp_path):
    technical = PORTAL_BOARD.replace("{delegations}", "") + (
        "    - {name: \"Kỹ Thuật\", handle: ky-thuat, roles: [technical], active_from: 2025-01-01}\n")
    root = repo(tmp_path, "langson-2025", files={"sites/tinh.yaml": technical})
    for path in ("setup.py", "conftest.py", ".gitattributes", ".github/CODEOWNERS"):
        code, out = gate(tmp_path, root, [review("truong-ban")], [path])
        assert code == 1 and "Technical team" in out, path
    for path in ("docs/workflow.md", "README.md", "sites/README.md"):
        assert gate(tmp_path, root, [review("truong-ban")], [path])[0] == 0, path
    # A site file whose base the gate cannot read (no git here) may change who approves.
    code, out = gate(tmp_path, root, [review("truong-ban")], ["sites/so.yaml"])
    assert code == 1 and "a change of who approves" in out, out
    # Someone who left the technical team does not make machinery unapprovable.
    gone = technical.replace("roles: [technical], active_from: 2025-01-01}",
                             "roles: [technical], active_from: 2025-01-01, active_until: 2025-12-31}")
    (root / "sites/tinh.yaml").write_text(gone, encoding="utf-8")
    assert gate(tmp_path, root, [review("truong-ban")], ["setup.py"])[0] == 0


TECHNICAL_PORTAL = PORTAL_BOARD.replace("{delegations}", "") + (
    "    - {name: \"Kỹ Thuật\", handle: ky-thuat, roles: [technical], active_from: 2025-01-01}\n")


def _edit(rel: str, old: str, new: str):
    def edit(root: Path) -> None:
        path = root / rel
        if old is None:
            path.unlink()
        else:
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            assert old in text, (rel, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edit


@pytest.mark.parametrize("rel, old, new, who_approves", [
    ("sites/_province.yaml", "profile: langson-2025", "profile: langson-2024", True),
    ("sites/_province.yaml", "profile: langson-2025", 'profile: "langson-2025"  # same', False),
    ("sites/_province.yaml", "Lạng Sơn", "Lạng Sơn (thử)", False),
    ("sites/so.yaml", "roles: [bien_tap_vien]", "roles: [bien_tap_vien, truong_ban]", True),
    ("sites/so.yaml", "active_from: 2025-01-01}\n", "active_from: 2024-01-01}\n", True),
    ("sites/so.yaml", "kind: department", "kind: unit\nparent: tinh", True),
    ("sites/tinh.yaml", "    - {name: \"Kỹ Thuật\"", "    - {name: \"Kỹ Thuật\", handle: ky-thuat-2, roles: [technical]}\n"
     "    - {name: \"Kỹ Thuật\"", True),
    ("sites/moi.yaml", "", "kind: department\nslug: moi\nname: {vi: \"Sở Mới\"}\n", True),   # a new site
    ("sites/so.yaml", None, None, True),                                                      # a site removed
    ("sites/so.yaml", 'name: {vi: "Sở Thử", en: "Test Department"}',
     'name: {vi: "Sở Thử", en: "Department of Tests"}\ncontact: {phone: "0205 3812 000"}', False),
    # Flow or block style: the board reads the same, so nothing changes who approves.
    ("sites/so.yaml", '    - {name: "Biên Tập Sở", handle: btv-so, roles: [bien_tap_vien], active_from: 2025-01-01}',
     '    - name: "Biên Tập Sở"\n      handle: btv-so\n      roles:\n        - bien_tap_vien\n'
     '      active_from: 2025-01-01', False),
    ("sites/so.yaml", "board:", "broken: [\nboard:", True),      # unreadable at the head: assume it does
])
def test_a_change_of_who_approves_needs_the_technical_team_as_well_as_the_board(tmp_path, rel, old, new,
                                                                                who_approves):
    """The profile, a board, a site's kind, a site added or removed decide who approves everything
    after them: the portal's board alone must not decide that, the technical team approves too."""
    root, base, head = _pr_repo(tmp_path, "langson-2025", _edit(rel, old, new),
                                files={"sites/tinh.yaml": TECHNICAL_PORTAL})
    code, out = _run_gate(tmp_path, root, base, head, [review("truong-ban", commit=head)])
    assert (code == 0) is not who_approves, out
    assert ("a change of who approves" in out) is who_approves, out
    if who_approves:
        assert "and one Technical team" in out and rel in out
        code, out = _run_gate(tmp_path, root, base, head,
                              [review("truong-ban", commit=head), review("ky-thuat", commit=head)])
        assert code == 0, out


def test_a_pr_rewriting_the_audit_log_needs_the_technical_team(tmp_path):
    """Outside a takedown, appending to the log is the board's; rewriting a past entry is not."""
    def edit_earlier(root: Path) -> None:
        log = root / "audit/takedowns.yaml"
        log.write_text(log.read_text(encoding="utf-8").replace("reason: Tin giả", "reason: Đã sửa"), encoding="utf-8")
    def append(root: Path) -> None:
        log = root / "audit/takedowns.yaml"
        log.write_text(log.read_text(encoding="utf-8") + "\n" + _entry(), encoding="utf-8")
    for name, edit, rewrites in (("edit", edit_earlier, True), ("append", append, False)):
        root, base, head = _pr_repo(tmp_path / name, "langson-2025", edit, files={"sites/tinh.yaml": TECHNICAL_PORTAL})
        code, out = _run_gate(tmp_path, root, base, head, [review("truong-ban", commit=head)])
        assert (code == 1) is rewrites, out
        assert ("past entries of the takedown audit log" in out) is rewrites, out


NAMES = {
    "vietnamese": "content/so/news/2026/bài-viết.md",   # an error for the build, but still the site's
    "tab": "content/so/news/2026/a\tb.md",
    "newline": "content/so/news/2026/a\nKết quả: ĐỦ phê duyệt.md",
    "quote": 'content/so/news/2026/"trích".md',
    "backslash": "content/so/news/2026/a\\b.md",
}


@pytest.mark.parametrize("name", NAMES)
def test_the_gate_reads_every_file_name_exactly_with_git_diff_z(tmp_path, name):
    """git quotes unusual names in its text output; with -z the gate sees them as they are, so a
    department's file is the department's, whatever letters its name has."""
    path = NAMES[name]
    root, base, head = _pr_repo(tmp_path, "langson-2025", lambda r: (r / path).write_text(
        NEWS.format(extra=""), encoding="utf-8"))
    code, out = _run_gate(tmp_path, root, base, head, [review("truong-ban", commit=head)])
    assert code == 1 and "[CHƯA ĐẠT / FAIL] Sở Thử" in out, out   # the portal's board is not the site's
    code, out = _run_gate(tmp_path, root, base, head, [review("tb-so", commit=head)])
    assert code == 0 and "[ĐẠT / PASS] Sở Thử" in out, out
    assert ("    " + json.dumps(path, ensure_ascii=False) if "\n" in path or "\t" in path else path) in out
    assert "\nKết quả: ĐỦ phê duyệt.md" not in out   # a name cannot add a line to the report


def test_check_warns_when_no_translation_of_a_site_could_pass(tmp_path):
    """A department with an English edition and no translator on its board: review-gate would refuse every
    translation of it (the translation groups are drawn from the site's own board), so check says so."""
    from sitekit import run_build, write_repo
    dept = DEPT_BOARD.replace('name: {vi: "Sở Thử", en: "Test Department"}\n',
                              'name: {vi: "Sở Thử", en: "Test Department"}\nlanguages: [vi, en]\n')
    write_repo(tmp_path, {"sites/tinh.yaml": PORTAL_BOARD.replace("{delegations}", ""), "sites/so.yaml": dept},
               profile="langson-2025")
    result = run_build(tmp_path, check_only=True)
    found = [(d.path, d.code) for d in result.diagnostics if d.code == "board.no-translator"]
    assert found == [("sites/so.yaml", "board.no-translator")], [d.text() for d in result.diagnostics]
    write_repo(tmp_path, {"sites/so.yaml": dept + '    - {name: "Dịch Sở", handle: dich-so, roles: [translator], '
                                               'active_from: 2025-01-01}\n'}, profile="langson-2025")
    assert not [d for d in run_build(tmp_path, check_only=True).diagnostics if d.code == "board.no-translator"]
