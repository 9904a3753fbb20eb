"""``build``, ``check`` and ``serve``: the sites, with every problem printed at once."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..build.output import refused_output
from ..build.personal_check import check_personal
from ..core.clock import now_in_vietnam
from ..core.diagnostics import format_diagnostics
from ..model.config import load_config
from ..pipeline import BuildOptions, BuildResult, build, default_cache_dir


def _progress_printer():
    if not sys.stderr.isatty():
        return None

    def show(stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{stage:>6} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()
    return show


def _options(ns: argparse.Namespace, check_only: bool, leave: list | None = None) -> BuildOptions:
    root = ns.root.resolve()
    jobs = ns.jobs or min(4, os.cpu_count() or 1)
    out = Path(os.path.abspath(ns.out or root / "public"))  # not resolved: public/ is a link to its latest build
    return BuildOptions(root=root, out=out, now=ns.now or now_in_vietnam(),
                        jobs=jobs, sites=frozenset(ns.site), check_only=check_only,
                        cache_dir=None if ns.no_cache else default_cache_dir(root), leave=leave)


def _report(result: BuildResult, ns: argparse.Namespace, out: Path, check_only: bool) -> int:
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    if ns.format == "json" and check_only and ns.todo:
        pass  # one JSON document with the todo list: _print_todo
    elif result.diagnostics:
        stream = sys.stdout if ns.format != "text" else sys.stderr
        print(format_diagnostics(result.diagnostics, ns.format), file=stream)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    warnings = len(result.diagnostics) - errors
    if errors:
        print(f"Failed: {errors} error(s), {warnings} warning(s); the last good output is untouched.",
              file=sys.stderr)
        return 1
    if check_only:
        print(f"Checked {result.sites} sites, {result.pages} pages: no errors, {warnings} warning(s).",
              file=sys.stderr)
    else:
        if ns.timings:
            spent = ", ".join(f"{kind} {seconds:.2f}" for kind, seconds in sorted(result.timings.items()))
            print(f"CPU seconds by kind of page: {spent}", file=sys.stderr)
        reused = f", {result.reused} unchanged since the last build" if result.reused else ""
        print(f"Built {result.sites} sites, {result.pages} pages{reused} ({result.files} files, "
              f"{result.bytes / 1e6:.1f} MB) in {result.seconds:.2f} s → {out}", file=sys.stderr)
    return 0


def _print_todo(result: BuildResult, fmt: str, ok: bool) -> None:
    """``check --todo``: the work waiting, on stdout after a successful check, one line each
    (``::notice`` lines with --format github); with --format json one document holding the
    diagnostics too, ``{"diagnostics": [...], "todo": [...]}``, ``todo`` null when the check failed."""
    if fmt == "json":
        listed = {"diagnostics": json.loads(format_diagnostics(result.diagnostics, "json")),
                  "todo": json.loads(format_diagnostics(result.todo, "json")) if ok else None}
        print(json.dumps(listed, ensure_ascii=False, indent=2, sort_keys=True))
    if not ok:
        return
    if result.todo and fmt == "github":
        for d in sorted(set(result.todo)):
            message = d.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::notice file={d.path},line={d.line},col={d.col},title={d.code}::{message}")
    elif result.todo and fmt == "text":
        print(format_diagnostics(result.todo))
    print(f"To do: {len(result.todo)} translation(s) to make.", file=sys.stderr)


def _no_arguments(ns: argparse.Namespace) -> bool:
    if ns.args:
        print(f"unexpected arguments: {' '.join(ns.args)}", file=sys.stderr)
        return False
    return True


def usable(options: BuildOptions) -> bool:
    """A province repository, and (unless only checking) an output folder a build may replace; else said."""
    if not (options.root / "sites").is_dir():
        print(f"{options.root} is not a province repository (no sites/ folder); use --root DIR", file=sys.stderr)
        return False
    known = sorted(p.stem for p in (options.root / "sites").glob("*.yaml") if not p.name.startswith("_"))
    unknown = sorted(options.sites - set(known))
    if unknown:
        print(f"--site {unknown[0]}: no such site; known: {', '.join(known)}", file=sys.stderr)
        return False
    refused = None if options.check_only else refused_output(options.out, options.root)
    if refused:
        print(refused, file=sys.stderr)
    return not refused


def _build_or_check(ns: argparse.Namespace, check_only: bool) -> int:
    if not _no_arguments(ns):
        return 2
    # the process's own objects end with it (cli.run): the build's too, not freed one by one
    options = _options(ns, check_only, getattr(ns, "leave", None))
    if not usable(options):
        return 2
    result = build(options, _progress_printer())
    code = _report(result, ns, options.out, check_only)
    if check_only and ns.todo:
        _print_todo(result, ns.format, code == 0)
    return code


def cmd_build(ns: argparse.Namespace) -> int:
    return _build_or_check(ns, False)


def cmd_check(ns: argparse.Namespace) -> int:
    if ns.personal_only or ns.staged:
        return _personal_only(ns)
    return _build_or_check(ns, True)


def _personal_only(ns: argparse.Namespace) -> int:
    """``check --personal-only [--staged] [ITEM…]``: personal data and secrecy stamps only."""
    root = ns.root.resolve()
    if not ns.personal_only:
        print("--staged goes with --personal-only: python build.py check --personal-only --staged", file=sys.stderr)
        return 2
    if not (root / "sites").is_dir():
        print(f"{root} is not a province repository (no sites/ folder); use --root DIR", file=sys.stderr)
        return 2
    config, problems = load_config(root)
    if config is None:
        print(format_diagnostics(problems, ns.format), file=sys.stderr if ns.format == "text" else sys.stdout)
        return 1
    found, scanned = check_personal(config, ns.args, ns.staged)
    if found:
        print(format_diagnostics(found, ns.format), file=sys.stderr if ns.format == "text" else sys.stdout)
    errors = sum(d.severity == "error" for d in found)
    verdict = f"{errors} error(s), {len(found) - errors} warning(s)" if found else "nothing found"
    print(f"Scanned {scanned} item(s) for personal data and state-secret stamps: {verdict}.", file=sys.stderr)
    return 1 if errors else 0


def cmd_serve(ns: argparse.Namespace) -> int:
    if not _no_arguments(ns):
        return 2
    from .serve import serve  # watchdog and the HTTP server only when serving
    options = _options(ns, False)
    if not usable(options):
        return 2
    # each rebuild at its own moment (scheduled items appear on time), unless --now fixes one
    return serve(options, ns.port, None if ns.now else now_in_vietnam)
