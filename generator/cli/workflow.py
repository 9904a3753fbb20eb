"""The editorial workflow's commands: ``codeowners``, ``review-gate``, ``takedown``, ``translate``.

The decisions are made in ``generator.editorial``; these handlers read the arguments and
files, call it, print the outcome and return the exit code.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import yaml

from ..build.discover import discover
from ..build.markup import new_converter
from ..core.clock import VN_TZ, now_in_vietnam, today_in_vietnam
from ..core.diagnostics import format_diagnostics
from ..core.links import LinkRefused, first_link, write_file
from ..editorial.audit import AUDIT_LOG, AuditEntry, append_entry, read_log
from ..editorial.changes import changed_files, classify, read_at
from ..editorial.codeowners import CODEOWNERS_PATH, compare, generate
from ..editorial.gate import _refuse, evaluate, read_event, read_reviews
from ..editorial.takedown import Refusal, _repo_path, _url, git_identity, plan_takedown
from ..editorial.translation import source_revision, translation_text
from ..model.config import load_config


def cmd_codeowners(ns: argparse.Namespace) -> int:
    root = ns.root.resolve()
    config, problems = load_config(root)
    if config is None or any(p.severity == "error" for p in problems):
        print(format_diagnostics(problems), file=sys.stderr)
        return 1
    today = today_in_vietnam(ns.now or now_in_vietnam())
    if ns.check:
        stale = compare(config, today)
        if stale:
            print(format_diagnostics(stale), file=sys.stderr)
            return 1
        print(f"{CODEOWNERS_PATH} is up to date", file=sys.stderr)
        return 0
    path = root / CODEOWNERS_PATH
    text = generate(config, today)
    try:
        changed = first_link(root, CODEOWNERS_PATH) is not None or not path.is_file() \
            or path.read_text(encoding="utf-8") != text
        write_file(root, CODEOWNERS_PATH, text.encode(), "codeowners.symlink")
    except LinkRefused as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{'wrote' if changed else 'unchanged:'} {Path(CODEOWNERS_PATH)}", file=sys.stderr)
    return 0


def cmd_review_gate(ns: argparse.Namespace) -> int:
    if not ns.event or not ns.reviews:
        print("usage: build.py review-gate --event EVENT.json --reviews REVIEWS.json [--files FILES.json] "
              "[--head SHA]", file=sys.stderr)
        return 2
    root = ns.root.resolve()
    config, problems = load_config(root)
    if config is None or any(p.severity == "error" for p in problems):
        print(format_diagnostics(problems), file=sys.stderr)
        print("Kết quả: cấu hình lỗi, không thể kiểm tra / Result: the configuration has errors; nothing is "
              "approved", file=sys.stderr)
        return 1
    try:
        pr = read_event(json.loads(ns.event.read_text(encoding="utf-8")))
        reviews = read_reviews(json.loads(ns.reviews.read_text(encoding="utf-8")))
        files = changed_files(root, pr.base_sha, pr.head_sha, ns.files)
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as exc:
        print(f"review-gate: cannot read the pull request: {exc}", file=sys.stderr)
        return 2
    listed = len(json.loads(ns.files.read_text(encoding="utf-8"))) if ns.files else None
    refusal = _refuse(pr, listed)
    if refusal:
        print(f"Kết quả: CHƯA đủ phê duyệt / Result: approvals do not suffice — {refusal}")
        return 1
    changes = []
    md = new_converter()
    for path, status in files:
        # Without --head the tree is the head. Both sides as git stores them (no checkout filter
        # between), the base if git has it; an added file had nothing before it.
        after = None if status == "removed" else read_at(root, ns.head, path)
        before = b"" if status == "added" else read_at(root, pr.base_sha, path)
        changes.append(classify(path, status, config, after, before, md))
    outcome = evaluate(config, pr, reviews, changes)
    print("\n".join(outcome.lines))
    return 0 if outcome.ok else 1


def cmd_takedown(ns: argparse.Namespace) -> int:
    root = ns.root.resolve()
    if len(ns.args) != 1:
        print('usage: build.py takedown PATH --reason "…" --ref "…" [--by "Name <email>"]', file=sys.stderr)
        return 2
    reason = unicodedata.normalize("NFC", (ns.reason or "").strip())
    ref = unicodedata.normalize("NFC", (ns.ref or "").strip())
    if not reason or not ref:
        missing = " and ".join(x for x, v in (("--reason", reason), ("--ref", ref)) if not v)
        print(f"takedown needs {missing}: the audit log records why the item is removed (--reason) and the "
              "notification asking for it (--ref: số công văn, email, ticket), 000/001 Đ8.2", file=sys.stderr)
        return 2
    by = unicodedata.normalize("NFC", (ns.by or git_identity(root)).strip())
    if not by:
        print("who takes the item down? give --by \"Name <email>\" or set git config user.name and user.email",
              file=sys.stderr)
        return 2
    config, problems = load_config(root)
    if config is None:
        print(format_diagnostics(problems), file=sys.stderr)
        print("the site configuration cannot be read, so the item's addresses are unknown; fix sites/ first",
              file=sys.stderr)
        return 1
    entries, problems = read_log(root)
    if problems:  # never append to a log that cannot be read back
        print(format_diagnostics(problems), file=sys.stderr)
        print(f"{AUDIT_LOG} must be repaired before it records another takedown", file=sys.stderr)
        return 2
    try:
        rel = _repo_path(ns.args[0], root)
        target, going, new = plan_takedown(config, root, rel, entries)
    except Refusal as exc:
        print(exc, file=sys.stderr)
        return 2
    now = (ns.now or now_in_vietnam()).astimezone(VN_TZ).replace(microsecond=0)
    urls = tuple(u for u in (_url(config, s) for s in going) if u)
    entry = AuditEntry(target.item_id, rel, tuple(s.lang for s in going), urls, by, now.isoformat(), reason, ref)
    try:
        if new is not None:
            write_file(root, rel, new, "content.symlink")
        append_entry(root, entry)
    except LinkRefused as exc:  # (a link made since the checks above)
        print(exc, file=sys.stderr)
        return 2
    what = "the item and every translation" if target.lang == "vi" else f"the {target.lang} translation only"
    print(f"Took down {target.item_id} ({', '.join(entry.languages)}): {what}.")
    print(f"  {rel}: " + ("status: removed" if new is not None else "already said status: removed; recorded now"))
    print(f"  {AUDIT_LOG}: entry by {by} at {entry.at}, reason: {reason}, ref: {ref}")
    print("After the next build these addresses answer 410 Gone (listed in public/_server/gone.txt):")
    for url in urls:
        print(f"  {url}")
    print(f"Next: commit both files on a branch, open a pull request labelled `takedown`; one holder of the "
          f"takedown role for `{target.site}` approves it, and merging publishes the removal. Build every "
          "site (no --site) for that deploy.")
    return 0


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def cmd_translate(ns: argparse.Namespace) -> int:
    if len(ns.args) != 1 or not ns.lang:
        return _fail("usage: build.py translate content/<site>/<type>/[<yyyy>/]<slug>.md --lang en")
    root = ns.root.resolve()
    config, problems = load_config(root)
    if config is None:
        print(format_diagnostics(problems), file=sys.stderr)
        return _fail(f"{root} has no usable sites/ configuration; fix it, or give --root DIR", 1)
    given = Path(ns.args[0])
    # relative to the current folder, else to --root
    found = [c.resolve() for c in (Path.cwd() / given, root / given) if c.resolve().is_relative_to(root)]
    path = next((c for c in found if c.is_file()), None)
    if path is None:
        return _fail(f"{ns.args[0]}: no such item in {root}")
    rel = path.relative_to(root).as_posix()
    sources, _ = discover(config)
    src = next((s for s in sources if s.rel == rel), None)
    if src is None:
        return _fail(f"{rel} is not an item: items live at content/<site>/<type>/[<yyyy>/]<slug>.md")
    if src.lang != "vi":
        return _fail(f"{rel} is a translation; give its Vietnamese source, {src.slug}.md beside it")
    languages = config.sites[src.site].languages
    if ns.lang == "vi" or ns.lang not in languages:
        others = ", ".join(x for x in languages if x != "vi") or "none"
        return _fail(f"--lang {ns.lang}: site `{src.site}` has no such edition to translate into "
                     f"(its other languages: {others})")
    target = path.with_name(f"{src.slug}.{ns.lang}.md")
    target_rel = target.relative_to(root).as_posix()
    revision, why = source_revision(root, rel)
    if revision is None:
        return _fail(why)
    try:
        text = translation_text(path.read_text(encoding="utf-8"),
                                f"{src.item_id}@{revision}" if revision else src.item_id)
    except (ValueError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return _fail(f"{rel} cannot be read ({exc}); run `python build.py check` and fix it first", 1)
    try:  # a new file only, never through a symbolic link (a link to nothing neither)
        write_file(root, target_rel, text.encode(), "content.symlink", how="new")
    except FileExistsError:
        return _fail(f"{target_rel} already exists; edit it (and its `translation_of`) instead")
    except LinkRefused as exc:
        return _fail(str(exc))
    if why:
        print(f"note: {why}: no revision recorded, so `check` cannot tell when the source changes; "
              f"add `@<commit>` to `translation_of` once the source is committed", file=sys.stderr)
    print(target_rel)
    return 0
