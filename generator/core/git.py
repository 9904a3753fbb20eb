"""The one git runner: every git command of the tool goes through ``git()``.

No terminal prompt (a build or a workflow never waits for a password), no optional locks (a
read never blocks a concurrent commit), no standard input, both outputs captured. Callers get
the ``CompletedProcess`` and decide what a failure means; ``text=True`` decodes UTF-8.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}


def git(root: Path | str, *args: str, text: bool = False, check: bool = False,
        timeout: float | None = None) -> subprocess.CompletedProcess:
    """``git -C root args…``; raises ``OSError`` when git cannot run, ``CalledProcessError`` with
    ``check`` on a non-zero exit, ``TimeoutExpired`` after ``timeout`` seconds."""
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, **GIT_ENV}, check=check, timeout=timeout,
                          **({"text": True, "encoding": "utf-8"} if text else {}))


class Started:
    """``git()`` begun and left to run: its outputs go to temporary files (a pipe would stop git once
    full), so the caller does other work meanwhile; ``finish`` waits and gives what ``git()`` gives,
    ``stop`` ends it unread. Raises ``OSError`` when git cannot run."""

    def __init__(self, root: Path | str, *args: str):
        self._out, self._err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(["git", "-C", str(root), *args], stdout=self._out, stderr=self._err,
                                             stdin=subprocess.DEVNULL, env={**os.environ, **GIT_ENV})
        except OSError:
            self._close()
            raise

    def finish(self) -> subprocess.CompletedProcess:
        try:
            code = self._process.wait()
            self._out.seek(0)
            self._err.seek(0)
            return subprocess.CompletedProcess(self._process.args, code, self._out.read(), self._err.read())
        finally:
            self._close()

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._close()

    def _close(self) -> None:
        self._out.close()
        self._err.close()


def unmodified_blobs(root: Path | str) -> dict[str, str]:
    """Each regular file git tracks under ``root`` whose working copy is as git's index holds it, with
    its blob id (``documents.contents_digest`` of its bytes), by its path from ``root``: what a fresh
    checkout's files hold, known without reading them (git compares each file's stat with the one
    its checkout noted, and reads only those it cannot tell by that). {} outside git or when git fails.
    Entries git does not look at (assume-unchanged, skip-worktree: not tagged "H"), conflicts and
    other modes (links, submodules) are left out; so is whatever ``git diff-files`` finds changed. (Under a
    clean filter or an end-of-line conversion, git's id is of the cleaned bytes: such a file does not
    match the digest of its own bytes, and is read.)"""
    try:  # the listing read while git compares the files (two processes at once)
        listing = subprocess.Popen(["git", "-C", os.fspath(root), "ls-files", "-s", "-v", "-z"], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env={**os.environ, **GIT_ENV})
        try:
            changed = git(root, "diff-files", "--name-only", "-z", "--relative")
        finally:
            listed, _ = listing.communicate()
    except OSError:
        return {}
    if listing.returncode != 0 or changed.returncode != 0:
        return {}
    blobs: dict[str, str] = {}
    for entry in listed.split(b"\0"):
        meta, _, path = entry.partition(b"\t")
        fields = meta.split(b" ")
        if len(fields) == 4 and fields[0] == b"H" and fields[3] == b"0" and fields[1] in (b"100644", b"100755"):
            blobs[os.fsdecode(path)] = fields[2].decode("ascii")
    for path in changed.stdout.split(b"\0"):
        blobs.pop(os.fsdecode(path), None)
    return blobs
