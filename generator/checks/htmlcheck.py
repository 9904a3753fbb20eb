"""Validate built pages with the Nu HTML Checker (vnu.jar from the npm package vnu-jar).

The jar comes from ``npm ci --ignore-scripts`` at the repository root
(``node_modules/vnu-jar/build/dist/vnu.jar``) and runs on any Java 17+ runtime.
All files are checked in one Java run (a few runs only when the command line would
get too long), so the JVM starts once.

    python -m generator.htmlcheck public            # a folder: every .html in it
    python -m generator.htmlcheck public/a/index.html public/b/index.html
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..core.diagnostics import Diagnostic, error

CODE = "html.invalid"
REPO_ROOT = Path(__file__).resolve().parents[2]
JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL_JAR = f"cd {REPO_ROOT} && npm ci --ignore-scripts"
INSTALL_JAVA = "apt-get install -y default-jre-headless"
# Keep each command line well below the kernel's argument limit.
MAX_ARGS_CHARS = 100_000


def find_java() -> str:
    java = shutil.which("java")
    if java is None:
        raise RuntimeError(f"java not found: the Nu HTML Checker needs a Java 17+ runtime; install one ({INSTALL_JAVA})")
    return java


def find_jar() -> Path:
    if not JAR.is_file():
        raise RuntimeError(f"{JAR} not found: install the Nu HTML Checker with `{INSTALL_JAR}`")
    return JAR


def _batches(args: list[str]) -> list[list[str]]:
    batches: list[list[str]] = [[]]
    size = 0
    for a in args:
        if batches[-1] and size + len(a) + 1 > MAX_ARGS_CHARS:
            batches.append([])
            size = 0
        batches[-1].append(a)
        size += len(a) + 1
    return batches


def _run(java: str, jar: Path, targets: list[str], skip_non_html: bool) -> list[dict]:
    # -Xss: the checker's schema evaluation needs a deep stack (it fails with a
    # StackOverflowError, and no report, below 512k). --no-langdetect: language
    # detection only yields warnings, which --errors-only drops; skipping it saves
    # about a third of the time.
    cmd = [java, "-Xss8m", "-Dfile.encoding=UTF-8", "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8",
           "-jar", str(jar), "--format", "json", "--errors-only", "--no-langdetect"]
    if skip_non_html:
        cmd.append("--skip-non-html")
    cmd.append("--")  # nothing below is an option, even a file named "-x.html"
    cmd.extend(targets)
    # Java maps file names through the locale: without a UTF-8 one it silently
    # skips files whose names are not ASCII (tin-tức/index.html).
    env = dict(os.environ, LC_ALL="C.UTF-8")
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, env=env)
    err = proc.stderr.decode("utf-8", errors="replace")
    start = err.find('{"version"')
    if start < 0:
        start = err.find("{")
    try:
        report = json.loads(err[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        report = None
    if not isinstance(report, dict) or proc.returncode not in (0, 1):
        tail = (err or proc.stdout.decode("utf-8", errors="replace"))[-2000:]
        raise RuntimeError(f"the Nu HTML Checker failed (exit {proc.returncode}): {' '.join(cmd[:12])} …\n{tail}")
    return list(report.get("messages", []))


def run_vnu(paths: list[Path]) -> list[Diagnostic]:
    """One ``html.invalid`` error per message of the Nu HTML Checker (errors only).

    ``paths``: HTML files and/or folders (a folder means every .html file in it).
    Diagnostic paths are the given paths (joined with the file's path inside a given
    folder), in POSIX form. (Two Java runs side by side on 2 cores are slower than
    one: each already keeps both cores busy with compiling and collecting.)
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder to validate")
    java = find_java()
    jar = find_jar()

    # absolute path (as vnu reports it, or after symlinks) -> path as given
    shown: dict[str, str] = {}
    for p in paths:
        given = p.as_posix()
        shown.setdefault(os.path.abspath(p), given)
        shown.setdefault(os.path.realpath(p), given)

    def display(url: str) -> str:
        path = unquote(urlsplit(url).path) if url.startswith("file:") else url
        probe = path
        while True:
            if probe in shown:
                rest = os.path.relpath(path, probe)
                return shown[probe] if rest == "." else f"{shown[probe].rstrip('/')}/{Path(rest).as_posix()}"
            parent = os.path.dirname(probe)
            if parent == probe:
                return path
            probe = parent

    skip = any(p.is_dir() for p in paths)
    messages: list[dict] = []
    for batch in _batches([str(p) for p in paths]):
        messages.extend(_run(java, jar, batch, skip))

    diags: list[Diagnostic] = []
    for m in messages:
        kind = m.get("type")
        if kind == "info":  # warnings; --errors-only should have dropped them
            continue
        where = display(m.get("url", ""))
        line = int(m.get("firstLine", m.get("lastLine", 1)) or 1)
        col = int(m.get("firstColumn", 1) or 1)
        text = str(m.get("message", "")).strip()
        if kind == "non-document-error":
            text = f"the Nu HTML Checker could not check this file: {text}"
        diags.append(error(where, line, CODE, text, col))
    return sorted(diags)
