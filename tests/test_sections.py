"""Profiles decide which types a kind of site must carry (`required_sections`); `check` warns at
the site file about a site without any item of one (issue 9, notes). The profile keys that name
types and fields are checked at their lines."""
from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import codes, news, run_build, write_repo
from test_catalogue import _profile_with
from test_kinds import item_files

from generator import cli
from generator.model.config import PROFILES_DIR

BOARD = """\
board:
  members:
    - {name: "Trưởng Ban", handle: truong-ban, roles: [truong_ban], active_from: 2025-01-01}
"""
PORTAL = '# Cổng của tỉnh\nname: {vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}\nkind: portal\n'
COMMUNE = 'name: "Xã Cao Lộc"\nslug: caoloc\nkind: commune\n'


def repo(tmp_path: Path, files: dict, boards: bool = True, profile: str = "langson-2025") -> Path:
    board = BOARD if boards else ""
    sites = {"sites/tinh.yaml": PORTAL + board, "sites/caoloc.yaml": COMMUNE + board}
    root = write_repo(tmp_path, {**sites, **files}, profile=profile)
    assert cli.main(["codeowners", "--root", str(root), "--now", "2026-11-20T12:00"]) == 0
    return root


def sections(result) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.message.split("(`")[1].split("`)")[0]) for d in sorted(result.diagnostics)
            if d.code == "site.section-missing"]


def test_check_warns_about_each_section_a_site_lacks_at_its_kind_line(tmp_path):
    root = repo(tmp_path, {"content/caoloc/news/2026/tin.md": news(),
                           "content/tinh/news/2026/tin.md": news(), **item_files("procedure")})
    result = run_build(root, check_only=True)
    assert result.ok
    assert sorted(sections(result)) == [
        ("sites/caoloc.yaml", 3, "page"),
        *[("sites/tinh.yaml", 3, t) for t in sorted(
            ("legal", "treaty", "plan", "page", "person", "finance", "statistics", "directive", "schedule",
             "gazette", "draft", "qa"))]]
    warning = next(d for d in result.diagnostics if d.path == "sites/caoloc.yaml")
    assert warning.severity == "warning"
    assert warning.message == ("no published Giới thiệu (`page`): profile langson-2025 requires every commune site to "
                               "carry it (`required_sections`); add one under content/caoloc/page/")


def test_a_build_says_nothing_of_sections(tmp_path):
    root = repo(tmp_path, {"content/tinh/news/2026/tin.md": news()})
    result = run_build(root)
    assert result.ok and not sections(result)


def test_only_a_published_item_counts(tmp_path):
    page = '---\ntitle: "Lịch sử"\n{extra}---\nNội dung.\n'
    root = repo(tmp_path, {"content/caoloc/news/2026/tin.md": news(),
                           "content/caoloc/page/lich-su.md": page.format(extra="status: draft\n"),
                           "content/caoloc/page/van-hoa.md": page.format(extra="status: withdrawn\n")})
    assert ("sites/caoloc.yaml", 3, "page") in sections(run_build(root, check_only=True))
    (root / "content/caoloc/page/lich-su.md").write_text(page.format(extra=""), encoding="utf-8")
    assert not [s for s in sections(run_build(root, check_only=True)) if s[0] == "sites/caoloc.yaml"]


def test_a_site_without_a_board_is_not_held_to_sections(tmp_path):
    root = repo(tmp_path, {}, boards=False)
    assert sections(run_build(root, check_only=True)) == []


def test_a_profile_without_required_sections_asks_none(tmp_path):
    text = (PROFILES_DIR / "langson-2025.yaml").read_text(encoding="utf-8")
    start = text.index("required_sections:")
    end = text.index("\n# The catalogue")
    root = repo(tmp_path, {"profiles/langson-2025.yaml": text[:start] + text[end + 1:]})
    assert sections(run_build(root, check_only=True)) == []


@pytest.mark.parametrize("replace, by, code", [
    ("  department: [news, legal, page, person]", "  department: [news, legal, pages, person]", "profile.type"),
    ("  department: [news, legal, page, person]", "  departement: [news, legal, page, person]", "profile.site-kind"),
    ("  person: [phone, fax, email]", "  person: [phone, fax, e-mail]", "profile.field"),
    ("  person: [phone, fax, email]", "  persons: [phone, fax, email]", "profile.type"),
])
def test_profile_keys_naming_types_fields_and_kinds_are_checked_at_their_line(tmp_path, replace, by, code):
    _, line = _profile_with(tmp_path, replace, by)
    result = run_build(tmp_path)
    assert codes(result) == [("profiles/langson-2025.yaml", line, code)]
    message = result.diagnostics[0].message
    assert {"profile.type": "did you mean `page`?" if "pages" in by else "did you mean `person`?",
            "profile.site-kind": "did you mean `department`?",
            "profile.field": "did you mean `email`?"}[code] in message


@pytest.mark.parametrize("profile", ["langson-2024", "langson-2025", "thainguyen-2026", "bentre-2019", "caobang-2014"])
def test_every_profile_asks_sections_of_its_own_kinds_of_site(profile):
    from generator.model.config import load_profile
    loaded, problems = load_profile(profile, Path("."))
    assert problems == []
    required = loaded.get("required_sections")
    assert "portal" in required and set(required) <= set(loaded.get("site_kinds"))
