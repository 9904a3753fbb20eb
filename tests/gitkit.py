"""Real git repositories for tests: fixed people and times, no user or system git configuration."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

from sitekit import write_repo

REPO = Path(__file__).resolve().parents[1]
PEOPLE = {"GIT_AUTHOR_NAME": "Biên tập viên", "GIT_AUTHOR_EMAIL": "btv@langson.gov.vn",
          "GIT_COMMITTER_NAME": "Ban biên tập", "GIT_COMMITTER_EMAIL": "bbt@langson.gov.vn"}


def git_env(when: str | None = None) -> dict[str, str]:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", **PEOPLE}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    return env


class GitRepo:
    """A province repository under git; ``commit`` and ``merge`` take the moment they happen."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", PEOPLE["GIT_COMMITTER_NAME"])
        self.git("config", "user.email", PEOPLE["GIT_COMMITTER_EMAIL"])

    @classmethod
    def existing(cls, root: Path) -> "GitRepo":
        """A repository that exists already (a clone): no `git init`."""
        repo = cls.__new__(cls)
        repo.root = root
        return repo

    def git(self, *args: str, when: str | None = None) -> str:
        done = subprocess.run(["git", "-C", str(self.root), *args], env=git_env(when), capture_output=True,
                              text=True)
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
        return done.stdout.strip()

    def write(self, files: dict[str, str]) -> None:
        write_repo(self.root, files)

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str, when: str, files: dict[str, str] | None = None) -> str:
        if files:
            self.write(files)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when)
        return self.head()

    def branch(self, name: str, start: str = "main") -> None:
        self.git("checkout", "-q", "-b", name, start)

    def switch(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, branch: str, when: str) -> str:
        """Merge a pull request the way a git host does: a merge commit on main, at ``when``."""
        self.switch("main")
        self.git("merge", "-q", "--no-ff", "-m", f"Merge branch '{branch}'", branch, when=when)
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")


def counting_git(folder: Path) -> Path:
    """A `git` that writes each call's arguments to ``folder/calls`` and runs the real git:
    put ``folder`` first on PATH to count the processes a build starts."""
    real = subprocess.run(["which", "git"], capture_output=True, text=True, check=True).stdout.strip()
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "git"
    shim.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        printf '%s\\037' "$*" >> "{folder / 'calls'}"
        exec "{real}" "$@"
        """))
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return folder


def git_calls(folder: Path) -> list[str]:
    calls = folder / "calls"
    return calls.read_text().split("\x1f")[:-1] if calls.exists() else []  # one call may span lines


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], capture_output=True, text=True,
                          cwd=cwd, env=git_env())
