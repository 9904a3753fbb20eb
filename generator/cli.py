"""The command line: ``python build.py COMMAND …``.

build, check, serve: the sites. new, fix, schema: editors' helpers. codeowners,
review-gate: the editorial board's approval on the git host. takedown, translate:
the editorial workflow's two fast paths.

Exit codes: 0 success, 1 content errors, 2 usage errors.
"""
from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
import unicodedata
from pathlib import Path

from . import fields as f
from .content_types import CONTENT_TYPES
from .diagnostics import format_diagnostics
from .pipeline import BuildOptions, BuildResult, build, default_cache_dir
from .schema import content_schemas
from .textcheck import slugify_vi

COMMANDS = ("build", "check", "serve", "new", "fix", "schema", "codeowners", "review-gate", "takedown",
            "translate")


def _now(text: str | None) -> dt.datetime:
    if not text:
        return dt.datetime.now(f.VN_TZ).replace(microsecond=0)
    import yaml
    try:
        return f.datetime(yaml.ScalarNode("tag:yaml.org,2002:str", text))
    except f.FieldError as exc:
        raise argparse.ArgumentTypeError(f"--now {exc.message}") from None


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="build.py", description="Build a province's portal and component sites.")
    ap.add_argument("command", nargs="?", default="build", choices=COMMANDS, help="what to do (default: build)")
    ap.add_argument("args", nargs="*", help="for new: TYPE \"Title\"; for takedown and translate: PATH")
    ap.add_argument("--root", type=Path, default=Path("."), help="the province's repository (default: .)")
    ap.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/public)")
    ap.add_argument("--site", action="append", default=[], help="only this site (repeatable)")
    ap.add_argument("--jobs", type=int, default=0, help="worker processes (default: number of cores, at most 4)")
    ap.add_argument("--now", type=_now, default=None, help="build as of this moment (ISO date-time)")
    ap.add_argument("--format", choices=("text", "github", "json"), default="text",
                    help="diagnostics format (json with check --todo: one document, {diagnostics, todo})")
    ap.add_argument("--no-cache", action="store_true", help="do not read or write the parse cache")
    ap.add_argument("--nfc", action="store_true", help="for fix: normalise text to Unicode NFC in place")
    ap.add_argument("--port", type=int, default=8000, help="for serve: port on 127.0.0.1")
    ap.add_argument("--todo", action="store_true",
                    help="for check: also list work waiting to be done (items marked `translate:` without a translation)")
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
    ap.add_argument("--timings", action="store_true",
                    help="print the CPU seconds spent on each kind of page (summed over workers)")
    return ap


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


def _options(ns: argparse.Namespace, check_only: bool) -> BuildOptions:
    root = ns.root.resolve()
    jobs = ns.jobs or min(4, os.cpu_count() or 1)
    return BuildOptions(root=root, out=(ns.out or root / "public").resolve(), now=ns.now or _now(None),
                        jobs=jobs, sites=frozenset(ns.site), check_only=check_only,
                        cache_dir=None if ns.no_cache else default_cache_dir(root))


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
        print(f"Built {result.sites} sites, {result.pages} pages ({result.files} files, "
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


def cmd_new(ns: argparse.Namespace) -> int:
    if len(ns.args) != 2 or len(ns.site) != 1:
        print("usage: build.py new TYPE --site ID \"Tiêu đề\"", file=sys.stderr)
        return 2
    type_name, title = ns.args[0], unicodedata.normalize("NFC", ns.args[1])
    ctype = CONTENT_TYPES.get(type_name)
    root = ns.root.resolve()
    if ctype is None:
        print(f"unknown type `{type_name}`; use one of: {', '.join(CONTENT_TYPES)}", file=sys.stderr)
        return 2
    if not (root / "sites" / f"{ns.site[0]}.yaml").is_file():
        print(f"no site `{ns.site[0]}`: sites/{ns.site[0]}.yaml does not exist", file=sys.stderr)
        return 2
    now = ns.now or _now(None)
    slug = slugify_vi(title) or "bai-viet"
    folder = root / "content" / ns.site[0] / type_name
    if ctype.dated_folder:
        folder = folder / f"{now.year:04d}"
    path = folder / f"{slug}.md"
    if path.exists():
        print(f"{path.relative_to(root)} already exists; choose another title", file=sys.stderr)
        return 2
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    for field in ctype.fields:
        if not field.required or field.name == "title":
            continue
        if field.coerce is f.datetime:
            value = now.strftime("%Y-%m-%dT%H:%M")
        elif field.coerce is f.date:
            value = now.date().isoformat()
        elif field.name == "files":
            value = "[]"
        else:
            value = '""'
        lines.append(f"{field.name}: {value}  # {field.help}")
    lines += ["---", "", ""]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(path.relative_to(root))
    return 0


def cmd_fix(ns: argparse.Namespace) -> int:
    if not ns.nfc:
        print("usage: build.py fix --nfc", file=sys.stderr)
        return 2
    root = ns.root.resolve()
    changed = 0
    for folder in ("content", "sites"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            fixed = unicodedata.normalize("NFC", text)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")
                print(f"normalised {path.relative_to(root)}")
                changed += 1
    print(f"{changed} file(s) normalised to NFC", file=sys.stderr)
    return 0


def cmd_schema(ns: argparse.Namespace) -> int:
    schemas = content_schemas()
    if ns.out:
        ns.out.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas.items():
            (ns.out / f"{name}.schema.json").write_text(
                json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(schemas)} schemas to {ns.out}", file=sys.stderr)
    else:
        print(json.dumps(schemas, ensure_ascii=False, indent=2, sort_keys=True))
    return 0


# The editorial workflow's commands: command → (module, function taking the parsed arguments).
WORKFLOW_COMMANDS = {
    "codeowners": (".codeowners", "cmd_codeowners"),
    "review-gate": (".gate", "cmd_review_gate"),
    "takedown": (".takedown", "cmd_takedown"),
    "translate": (".translation", "cmd_translate"),
}


def main(argv: list[str] | None = None) -> int:
    ns = parser().parse_intermixed_args(argv)
    if ns.command == "new":
        return cmd_new(ns)
    if ns.command == "fix":
        return cmd_fix(ns)
    if ns.command == "schema":
        return cmd_schema(ns)
    if ns.command in WORKFLOW_COMMANDS:
        module, function = WORKFLOW_COMMANDS[ns.command]
        return getattr(importlib.import_module(module, __package__), function)(ns)
    if ns.args:
        print(f"unexpected arguments: {' '.join(ns.args)}", file=sys.stderr)
        return 2
    if ns.command == "serve":
        from .serve import serve
        return serve(_options(ns, False), ns.port)
    check_only = ns.command == "check"
    options = _options(ns, check_only)
    if not (options.root / "sites").is_dir():
        print(f"{options.root} is not a province repository (no sites/ folder); use --root DIR", file=sys.stderr)
        return 2
    result = build(options, _progress_printer())
    code = _report(result, ns, options.out, check_only)
    if check_only and ns.todo:
        _print_todo(result, ns.format, code == 0)
    return code
