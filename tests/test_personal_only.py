"""`check --personal-only` and the pre-commit hook (issue 9, point 2): the scan for personal data
and state-secret stamps alone, over content/, the items given, or the items staged in git, as
staged. Real repositories, the real command line and the real hook script."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from gitkit import GitRepo, cli, git_env
from sitekit import news

REPO = Path(__file__).resolve().parents[1]
HOOK = REPO / ".githooks" / "pre-commit"
QA = "content/tinh/qa/2026/cau-hoi.md"
NEWS = "content/tinh/news/2026/tin.md"


def qa(question: str = "Xin hỏi thủ tục cấp giấy phép xây dựng?") -> str:
    return (f'---\ntitle: "Hỏi về xây dựng"\nticket: HD-2026-000001\nreceived_at: 2026-03-04T09:15\n'
            f'channel: section\nquestion: "{question}"\nfield: "Xây dựng"\n---\nTrả lời.\n')


WITH_PHONE = qa("Gọi tôi: 0912 345 678. Xin hỏi thủ tục?")


def repo(tmp_path: Path, files: dict[str, str]) -> GitRepo:
    git = GitRepo(tmp_path / "repo")
    git.write(files)
    return git


def test_personal_only_fails_on_a_phone_with_its_place_and_the_way_out(tmp_path):
    git = repo(tmp_path, {QA: WITH_PHONE})
    done = cli("check", "--personal-only", "--root", str(git.root))
    assert done.returncode == 1
    assert f"{QA}:6:21: error[personal.phone]" in done.stderr
    assert "intake system" in done.stderr and "0912 345 678" not in done.stderr
    assert "Scanned 1 item(s)" in done.stderr


def test_personal_only_reads_only_the_scan(tmp_path):
    """A news item missing its summary fails `check`, not the personal-data scan: the hook is for
    what must never be committed, and takes no time on the rest."""
    broken = news().replace('summary: "Tóm tắt."\n', "")
    git = repo(tmp_path, {NEWS: broken, QA: qa()})
    assert cli("check", "--root", str(git.root)).returncode == 1
    done = cli("check", "--personal-only", "--root", str(git.root))
    assert done.returncode == 0, done.stderr
    assert "Scanned 2 item(s) for personal data and state-secret stamps: nothing found." in done.stderr


def test_personal_only_scans_the_items_given_and_ignores_other_paths(tmp_path):
    git = repo(tmp_path, {QA: WITH_PHONE, NEWS: news(title="Tin (TUYỆT MẬT)")})
    done = cli("check", "--personal-only", "--root", str(git.root), NEWS, "README.md", "sites/tinh.yaml",
               cwd=git.root)
    assert done.returncode == 1
    assert f"{NEWS}:2:" in done.stderr and "classification.secret" in done.stderr and QA not in done.stderr
    folder = cli("check", "--personal-only", "--root", str(git.root), "content/tinh/qa", cwd=git.root)
    assert folder.returncode == 1 and f"{QA}:6:21" in folder.stderr and NEWS not in folder.stderr


def test_staged_without_personal_only_is_a_usage_error(tmp_path):
    git = repo(tmp_path, {QA: qa()})
    done = cli("check", "--staged", "--root", str(git.root))
    assert done.returncode == 2 and "--staged goes with --personal-only" in done.stderr


def test_official_contacts_pass_as_in_a_build(tmp_path):
    province = ('profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn"}\ngoverning_agency: {vi: "UBND tỉnh"}\n'
                'contact:\n  hotline: "0912.345.678"\n')
    git = repo(tmp_path, {QA: WITH_PHONE, "sites/_province.yaml": province})
    done = cli("check", "--personal-only", "--root", str(git.root))
    assert done.returncode == 0, done.stderr


def hook(root: Path) -> subprocess.CompletedProcess:
    """The hook as git runs it at a commit: in the repository, the tool on PATH as an editor has it."""
    env = {**git_env(), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(REPO)}
    return subprocess.run([str(HOOK)], cwd=root, capture_output=True, text=True, env=env, timeout=120)


def test_the_hook_refuses_a_staged_phone_number_and_reads_what_is_staged(tmp_path):
    git = repo(tmp_path, {NEWS: news()})
    git.commit("Tin", "2026-03-01T08:00:00+07:00")
    assert hook(git.root).returncode == 0  # nothing staged
    git.write({QA: WITH_PHONE})
    git.git("add", QA)
    done = hook(git.root)
    assert done.returncode == 1, done.stderr
    assert f"{QA}:6:21: error[personal.phone]" in done.stderr
    # the working tree cleaned, the stage not: the commit would still hold the number
    (git.root / QA).write_text(qa(), encoding="utf-8")
    assert hook(git.root).returncode == 1
    git.git("add", QA)
    assert hook(git.root).returncode == 0
    # and the other way round: a number only in the working tree is not being committed
    (git.root / QA).write_text(WITH_PHONE, encoding="utf-8")
    assert hook(git.root).returncode == 0


def test_git_runs_the_hook_at_commit_when_installed_as_the_readme_says(tmp_path):
    git = repo(tmp_path, {NEWS: news()})
    shutil.copytree(REPO / ".githooks", git.root / ".githooks")
    git.git("config", "core.hooksPath", ".githooks")
    git.write({QA: WITH_PHONE})
    git.git("add", "-A")
    env = {**git_env("2026-03-01T08:00:00+07:00"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(REPO)}
    done = subprocess.run(["git", "-C", str(git.root), "commit", "-q", "-m", "Hỏi đáp"], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode != 0 and "personal.phone" in done.stderr
    assert subprocess.run(["git", "-C", str(git.root), "rev-parse", "--verify", "-q", "HEAD"],
                          capture_output=True).returncode != 0  # nothing was committed


def test_the_pre_commit_framework_hook_runs_the_same_scan_on_content_items():
    import re
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [entry] = [h for h in hooks if h["id"] == "congtt-personal-data"]
    assert entry["entry"] == "congtt check --personal-only" and entry["pass_filenames"] is True
    assert re.search(entry["files"], QA) and not re.search(entry["files"], "sites/tinh.yaml")


def test_the_hook_script_passes_shellcheck():
    shellcheck = shutil.which("shellcheck") or shutil.which("shellcheck", path=str(Path(sys.executable).parent))
    if shellcheck is None:
        pytest.skip("shellcheck is not installed: pip install --require-hashes -r requirements/test.lock")
    done = subprocess.run([shellcheck, "--severity=style", str(HOOK)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout
