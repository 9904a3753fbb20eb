"""``linkcheck`` and ``htmlcheck``: read a built output folder and report what is wrong in it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..checks.htmlcheck import run_vnu
from ..checks.linkcheck import check_links
from ..core.diagnostics import format_diagnostics


def _out(ns: argparse.Namespace) -> Path:
    return ns.out or ns.root.resolve() / "public"


def cmd_linkcheck(ns: argparse.Namespace) -> int:
    """Every link and fragment of every page of the output resolves (``link.broken`` otherwise)."""
    out_dir = _out(ns)
    if ns.args or not out_dir.is_dir():
        print(f"usage: build.py linkcheck [--out DIR]; {out_dir}: no such folder, build the sites first "
              "(python build.py)" if not out_dir.is_dir() else "usage: build.py linkcheck [--out DIR]",
              file=sys.stderr)
        return 2
    diags = check_links(out_dir, jobs=ns.jobs or None)
    if diags:
        print(format_diagnostics(diags, ns.format))
        print(f"{len(diags)} broken link(s)", file=sys.stderr)
        return 1
    print(f"{out_dir}: every link resolves", file=sys.stderr)
    return 0


def cmd_htmlcheck(ns: argparse.Namespace) -> int:
    """Every page of the output (or the files and folders given) is valid HTML (the Nu HTML Checker)."""
    paths = [Path(p) for p in ns.args] or [_out(ns)]
    try:
        diags = run_vnu(paths)
    except (RuntimeError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 2
    if diags:
        print(format_diagnostics(diags, ns.format))
        return 1
    print(f"{', '.join(map(str, paths))}: valid HTML", file=sys.stderr)
    return 0
