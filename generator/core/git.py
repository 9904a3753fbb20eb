"""The one git runner: every git command of the tool goes through ``git()``.

No terminal prompt (a build or a workflow never waits for a password), no optional locks (a
read never blocks a concurrent commit), no standard input, both outputs captured. Callers get
the ``CompletedProcess`` and decide what a failure means; ``text=True`` decodes UTF-8.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}


def git(root: Path | str, *args: str, text: bool = False, check: bool = False,
        timeout: float | None = None) -> subprocess.CompletedProcess:
    """``git -C root args…``; raises ``OSError`` when git cannot run, ``CalledProcessError`` with
    ``check`` on a non-zero exit, ``TimeoutExpired`` after ``timeout`` seconds."""
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, **GIT_ENV}, check=check, timeout=timeout,
                          **({"text": True, "encoding": "utf-8"} if text else {}))
