"""Symbolic links in a repository: found on a path, reported where they are, never written through.

What a repository publishes or decides is the plain files in it, so that a change to one is a change
reviewed there (CODEOWNERS owns paths, not what a link points to). A file read through a link, or a
folder on its way that is one, could be anywhere on the machine; a command that writes through one
would change a file outside the repository. Every reader and writer of the repository's own files
asks here first.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path, PurePosixPath

from .diagnostics import Diagnostic, error


def first_link(root: Path, rel: str | os.PathLike) -> Path | None:
    """The first of ``rel``'s folders from the top, or ``rel`` itself, that is a symbolic link (``root``
    itself not counted); None when there is none."""
    path = root
    for part in PurePosixPath(rel).parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


_REVIEWED = "replace it with the {what} itself, so that a change to it is a change reviewed here"


def symlink_error(path: Path, rel: str, code: str, fix: str = _REVIEWED) -> Diagnostic:
    """The error of a link at ``rel`` (``path`` on disk), line 1: where it points, and ``fix`` (``{what}``
    in it: the file or folder it stands for)."""
    fix = fix.replace("{what}", "folder" if path.is_dir() else "file")
    return error(rel, 1, code, f"is a symbolic link (to {os.readlink(path)}); {fix}")


def links_on_the_way(root: Path, rel: str, code: str, fix: str = _REVIEWED) -> list[Diagnostic]:
    """An error at the first symbolic link on ``rel``'s way (``rel`` included), or none."""
    link = first_link(root, rel)
    return [] if link is None else [symlink_error(link, link.relative_to(root).as_posix(), code, fix)]


class LinkRefused(Exception):
    """A file of the repository is not written: a symbolic link is on its way (``diagnostic`` says which)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.text())
        self.diagnostic = diagnostic


_NOT_THROUGH = "nothing is written through it: replace it with the {what} itself"
_HOW = {"new": os.O_CREAT | os.O_EXCL, "replace": os.O_CREAT | os.O_TRUNC, "append": os.O_CREAT | os.O_APPEND}


def write_file(root: Path, rel: str, data: bytes, code: str, how: str = "replace") -> None:
    """Write ``data`` to the repository's file ``rel`` (``how``: a ``new`` file, FileExistsError if there is
    one; ``replace`` its bytes; ``append`` to it), making missing folders. A symbolic link on the way, the
    file or a folder, raises ``LinkRefused`` with an error ``code`` at the link; each folder is opened from
    the last without following a link, so one made since the check is refused too (nothing is written)."""
    refused = links_on_the_way(root, rel, code, _NOT_THROUGH)
    if refused:
        raise LinkRefused(refused[0])
    *folders, name = PurePosixPath(rel).parts
    nofollow = os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for folder in folders:
            try:
                os.mkdir(folder, dir_fd=fd)
            except FileExistsError:
                pass
            inner = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | nofollow, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open(name, os.O_WRONLY | _HOW[how] | nofollow, 0o644, dir_fd=fd)
    except OSError as exc:
        refused = links_on_the_way(root, rel, code, _NOT_THROUGH)  # a link made since the check
        if refused and exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EEXIST):
            raise LinkRefused(refused[0]) from None
        raise
    finally:
        os.close(fd)
    with open(out, "wb") as stream:
        stream.write(data)
