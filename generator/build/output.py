"""Write: build into a new folder and swap it in only when everything succeeded.

A failed build never touches the last good output. With ``--site`` the hosts
of the other sites are carried over from the last good output (hard links).
Folders whose name starts with ``_`` are no hosts (no host name can start so):
``_server/`` holds files for the web server (gone.py), rewritten by every build.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_dir(out_dir: Path) -> Path:
    staging = out_dir.with_name(f".{out_dir.name}.new-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def write_files(staging: Path, files: list[tuple[str, bytes | Path]]) -> int:
    """Write (relative path, bytes or a file to copy) pairs; returns bytes written."""
    total = 0
    made: set[Path] = set()
    for rel, data in files:
        target = staging / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
            total += target.stat().st_size
        else:
            _write_new(target, data)
            total += len(data)
    return total


def _write_new(target: Path, data: bytes) -> None:
    """Write a file with plain system calls: thousands of pages, no buffered-file objects needed."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def host_dirs(out_dir: Path) -> list[Path]:
    """The host folders of an output folder, sorted (``_server/`` and the like left out)."""
    if not out_dir.is_dir():
        return []
    return sorted(p for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def carry_over(out_dir: Path, staging: Path, keep_hosts: set[str]) -> None:
    """Bring the hosts not rebuilt this time from the last good output."""
    if not out_dir.is_dir():
        return
    for host in sorted(keep_hosts):
        source = out_dir / host
        if source.is_dir() and not (staging / host).exists():
            shutil.copytree(source, staging / host, copy_function=_link_or_copy)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def swap_in(staging: Path, out_dir: Path) -> None:
    old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
    if out_dir.exists():
        os.replace(out_dir, old)
    os.replace(staging, out_dir)
    if old.exists():
        shutil.rmtree(old)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
