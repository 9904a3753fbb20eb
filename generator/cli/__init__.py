"""The command line: ``python build.py COMMAND …``.

build, check, serve: the sites (``cli.site``). new, fix, schema: editors' helpers
(``cli.editor``). codeowners, review-gate: the editorial board's approval on the git
host; takedown, translate: the editorial workflow's two fast paths (``cli.workflow``).
Each handler parses nothing itself: it takes the parsed arguments, calls one function
of the layers below, prints and returns the exit code.

Exit codes: 0 success, 1 content errors, 2 usage errors.
"""
from __future__ import annotations

import argparse
import datetime as dt
import gc
import importlib
import os
import sys
from pathlib import Path
from typing import Callable

import yaml

from ..core import fields as f

Handler = Callable[[argparse.Namespace], int]

# Every command and the function that handles it: module of this package, function. A module is
# imported when its command runs, so `build` after no change starts without the others' imports.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("site", "cmd_build"),
    "check": ("site", "cmd_check"),
    "serve": ("site", "cmd_serve"),
    "new": ("editor", "cmd_new"),
    "fix": ("editor", "cmd_fix"),
    "schema": ("editor", "cmd_schema"),
    "codeowners": ("workflow", "cmd_codeowners"),
    "review-gate": ("workflow", "cmd_review_gate"),
    "takedown": ("workflow", "cmd_takedown"),
    "translate": ("workflow", "cmd_translate"),
    "linkcheck": ("checks", "cmd_linkcheck"),
    "htmlcheck": ("checks", "cmd_htmlcheck"),
    "report": ("reports", "cmd_report"),
}


def handler(command: str) -> Handler:
    module, function = COMMANDS[command]
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)


def _now(text: str) -> dt.datetime:
    """``--now``: a date and time as front matter writes it (no offset: Vietnam time)."""
    try:
        return f.datetime(yaml.ScalarNode("tag:yaml.org,2002:str", text))
    except f.FieldError as exc:
        raise argparse.ArgumentTypeError(f"--now {exc.message}") from None


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="build.py", description="Build a province's portal and component sites.")
    ap.add_argument("command", nargs="?", default="build", choices=list(COMMANDS), help="what to do (default: build)")
    ap.add_argument("args", nargs="*", help="for new: TYPE \"Title\"; for takedown and translate: PATH; for htmlcheck: "
                    "files or folders; for check --personal-only: items")
    ap.add_argument("--root", type=Path, default=Path("."), help="the province's repository (default: .)")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/public)")
    ap.add_argument("--site", action="append", default=[], help="only this site (repeatable)")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: number of cores, at most 4)")
    ap.add_argument("--now", type=_now, default=None, help="build as of this moment (ISO date-time)")
    ap.add_argument("--format", choices=("text", "github", "json", "csv", "html"), default="text",
                    help="diagnostics format: text, github or json (json with check --todo: one document, "
                         "{diagnostics, todo}); for report: text, json, csv or html")
    ap.add_argument("--no-cache", action="store_true", help="do not read or write the parse cache")
    ap.add_argument("--nfc", action="store_true", help="for fix: normalise text to Unicode NFC in place")
    ap.add_argument("--port", type=int, default=8000, help="for serve: port on 127.0.0.1")
    ap.add_argument("--todo", action="store_true",
                    help="for check: also list work waiting to be done (items marked `translate:` without a translation)")
    ap.add_argument("--personal-only", action="store_true",
                    help="for check: only the scan for personal data and state-secret stamps, over content/ or "
                         "the items given as arguments (fast; for a pre-commit hook)")
    ap.add_argument("--staged", action="store_true",
                    help="for check --personal-only: the items staged in git, as staged")
    ap.add_argument("--check", action="store_true", help="for codeowners: only compare, write nothing")
    ap.add_argument("--event", type=Path, help="for review-gate: the pull request as JSON ({pull_request, repository})")
    ap.add_argument("--reviews", type=Path, help="for review-gate: the PR's reviews, JSON as the GitHub API returns them")
    ap.add_argument("--files", type=Path,
                    help="for review-gate: the PR's changed files, JSON as the GitHub API returns them "
                         "(default, and safer: git diff between the event's base and head)")
    ap.add_argument("--head", help="for review-gate: read changed items at this git revision (default: the working tree)")
    ap.add_argument("--reason", help="for takedown: why the item is removed")
    ap.add_argument("--ref", help="for takedown: the notification's reference (số công văn, email, ticket)")
    ap.add_argument("--by", help="for takedown: who removes it (default: git config user.name and user.email)")
    ap.add_argument("--lang", help="for translate: the language of the new translation (en)")
    ap.add_argument("--month", help="for report: the month, YYYY-MM (default: the month before --now)")
    ap.add_argument("--from", dest="from_", help="for report: the first day of the period, YYYY-MM-DD")
    ap.add_argument("--to", help="for report: the last day of the period, YYYY-MM-DD (default: today)")
    ap.add_argument("--only-first-working-day", action="store_true",
                    help="for report: write the report only on the first working day of a month (the monthly "
                         "workflow runs daily on days 1-7), else nothing")
    ap.add_argument("--timings", action="store_true",
                    help="print the CPU seconds spent on each kind of page (summed over workers)")
    return ap


# --format values only `report` writes; every other command prints diagnostics (text, github, json).
REPORT_ONLY_FORMATS = ("csv", "html")


# Python's cyclic garbage collector runs after every 700 new containers by default, and each pass of the
# older generations walks every object alive: a build holds hundreds of thousands (ten thousand items,
# thirty thousand page traces), and such passes took a third of the time of a build after one edit
# (3.1 s against 2.7 s at 10,000 items: loading the page traces 0.24 -> 0.13 s, saving them 0.29 ->
# 0.13 s). Collections stay, twenty times less often; the workers a build forks inherit this.
GC_THRESHOLDS = (20_000, 10, 10)


def run() -> None:
    """The command line (build.py, the ``congtt`` script): ``main``, then the process ends at once. Every
    file is written and closed by then, every worker joined; what is left is the build's objects (a
    province's items, index and pages: hundreds of thousands), which Python would free one by one on
    the way out (0.06 s at 10,000 items) for nothing; a build leaves them in ``left`` (BuildOptions.leave),
    or they would be freed as it returned."""
    left: list = []
    code = main(leave=left)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)


def main(argv: list[str] | None = None, leave: list | None = None) -> int:
    """A command; ``leave``: (run) a list its build leaves its objects in, for the process's exit."""
    gc.set_threshold(*GC_THRESHOLDS)
    ap = parser()
    ns = ap.parse_intermixed_args(argv)
    ns.leave = leave  # (not an option)
    if ns.format in REPORT_ONLY_FORMATS and ns.command != "report":
        ap.error(f"--format {ns.format} is for `report`; {ns.command} prints text, github or json")
    return handler(ns.command)(ns)
