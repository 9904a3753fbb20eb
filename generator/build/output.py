"""Write: build into a new folder, then make it the output in one step.

The output folder (``public/``) is a symbolic link to a generation folder beside it::

    public -> .public.gen-7        the live build
    .public.gen-6/                 the one before, kept until the next build (a reader may be in it)
    .public.new-<pid>/             a build being written
    .public.lock                   held while a build writes (two builds never share a folder)

A build writes ``.public.new-<pid>/``, renames it ``.public.gen-<n+1>/`` and replaces the link
with a new one by ``rename(2)``, which is atomic: a reader (the web server, rsync, the dev server)
finds the old build or the new one at every moment, and a kill at any point leaves a complete
output. The next build removes what a killed one left (everything but the live generation and
the one before it). The generation before the live one is not removed but recycled: renamed to be
the new build's folder and brought up to date in place (a file is replaced, never written into:
it may be a hard link of the live one's; what the new build does not write is removed at the
end). Its folders are there already: making the ten thousand folders of a large province anew
costs seconds, most of an incremental build (a build that leaves no generation before the live one
makes it, ``make_previous``: the first edit after it then finds it too). Its files are mostly there
already too: a file the
live folder's build reused from the generation before it is a hard link of that folder's file, the
same file; while the new build reuses it again, it is left in place, not linked again (``in_place``,
by the note memo.take_settled reads and removes before the folder is written into: a build that
stops leaves no note, and the next one links every file). What the recycled folder holds is listed by a process of its
own, started before the build loads its items (``listing_ahead``, ``FolderListing``): at the end,
what the build did not write goes. An output that is still a plain folder (built by an
older version) is exchanged for the link in one step too, by Linux's ``renameat2(RENAME_EXCHANGE)``; elsewhere with
two renames and a note. When ``--out`` is the user's own link (to another disk, say), the
generations go beside the folder it points to.

A failed build never touches the last good output. With ``--site`` the hosts of the other sites
are carried over from the last good output (hard links). Folders whose name starts with ``_`` are
no hosts (no host name can start so): ``_server/`` holds files for the web server (gone.py),
rewritten by every build.
"""
from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.coerce_web import is_host_name
from ..core.locks import exclusive

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def sizes_under(folder: Path | str) -> dict[str, int]:
    """Every file under ``folder`` (relative paths, links not followed) and its size. Walked from open
    folders, not paths: the folder may be renamed meanwhile (``staged`` makes the generation it recycles
    the build's folder) without the walk missing a file."""
    files: dict[str, int] = {}
    top = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        _sizes_in(top, "", files)
    finally:
        os.close(top)
    return files


def _sizes_in(fd: int, rel: str, files: dict[str, int]) -> None:
    """(A file gone between its folder's listing and its stat is passed over: one the build is writing
    meanwhile, which it does not keep in place nor sweep away.)"""
    below = []
    with os.scandir(fd) as entries:
        for entry in entries:
            name = f"{rel}/{entry.name}" if rel else entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    below.append((entry.name, name))
                else:
                    files[name] = entry.stat(follow_symlinks=False).st_size
            except OSError:
                continue
    for entry_name, name in below:  # one folder open per level, not one per folder met
        try:
            sub = os.open(entry_name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
        except OSError:
            continue
        try:
            _sizes_in(sub, name, files)
        finally:
            os.close(sub)


# the child that lists a recycled folder: this module's sizes_under, as JSON on its standard output, made
# whole before it is written (a pipe holds 64 KB: the rest waits for the build to read it, and is then ready)
_LISTER = ("import json, sys; from generator.build.output import sizes_under; "
           "sys.stdout.write(json.dumps(sizes_under(sys.argv[1])))")


class FolderListing:
    """The files a recycled folder holds (relative paths) and their sizes, listed by a Python process of
    its own, started before the build loads its items (``listing_ahead``): walking the ten thousand
    folders of a large province is mostly the kernel's work (0.2 s), which a thread of the build's
    process did while the workers rendered, on their cores; the child does it on the core the build's
    own process leaves idle while it loads and plans. What the child cannot list (it failed, or gave no
    listing) this process lists itself when asked (``files``)."""

    def __init__(self, folder: Path):
        self.folder = folder
        try:
            self.was = [folder.name, folder.stat().st_mtime_ns]  # (memo.generation: the folder listed)
        except OSError:
            self.was = None
        self._files: dict[str, int] | None = None
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        try:
            self._child: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-c", _LISTER, os.fspath(folder)], stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        except OSError:
            self._child = None

    @property
    def files(self) -> dict[str, int]:
        self.join()
        return self._files

    def join(self) -> None:
        if self._files is not None:
            return
        found = None
        if self._child is not None:
            out, _ = self._child.communicate()
            if self._child.returncode == 0:
                try:
                    found = json.loads(out)
                except ValueError:
                    found = None
            if not (isinstance(found, dict) and all(type(v) is int for v in found.values())):
                found = None
        self._files = found if found is not None else sizes_under(self.folder)

    def close(self) -> None:
        """Stop the child, its listing not wanted."""
        if self._child is not None and self._child.poll() is None:
            self._child.kill()
            self._child.communicate()


def listing_ahead(out: Path) -> FolderListing | None:
    """The generation before the live one, which the build's ``staged`` will recycle, its listing
    started now (before the build loads and plans: FolderListing); None when there is none."""
    try:
        previous = _previous(output_link(out))
    except OSError:
        return None
    return FolderListing(previous) if previous is not None else None


@dataclass(frozen=True)
class Staging:
    folder: Path  # being written: .public.new-<pid>/
    link: Path    # the output's link, where the user's own links lead
    recycled: FolderListing | None = None  # the folder was the generation before the live one: what it held
    previous: Path | None = None      # the name the folder takes if the build stops (discard): before the live one
    recycled_as: list | None = None   # a recycled folder's generation (memo.generation) before it was renamed


def output_link(out: Path) -> Path:
    """The link the build manages for ``out``: ``out`` itself, or where the user's own links lead."""
    path = Path(os.path.abspath(out))
    for _ in range(40):
        path = path.parent.resolve() / path.name
        if not path.is_symlink() or _generation_name(path) is not None:
            return path
        path = Path(os.path.abspath(path.parent / os.readlink(path)))
    raise OSError(errno.ELOOP, "too many levels of symbolic links", str(out))


# a repository's own folders: an output there would replace them (`.git` and `.github` too)
REPOSITORY_INPUTS = frozenset({"content", "sites", "layouts", "profiles", "audit", ".git", ".github"})


def refused_output(out: Path, root: Path) -> str | None:
    """Why ``out`` cannot be the output of the repository at ``root``, or None. A build makes the folder
    a link to its generations and recycles what it was, so it may be no folder of the repository's own,
    nor hold the repository, nor hold anything but an output's (host folders beside ``_server/``, which
    every build writes): a folder of other files would be lost by the second build."""
    root = root.resolve()
    try:
        link = output_link(out)
    except OSError as exc:
        return f"--out {out}: {exc.strerror}"
    place = link.parent.resolve() / link.name
    if place == root or place in root.parents:
        return f"--out {out} holds the repository {root}, which the build would replace; choose another folder " \
               "(the default is ROOT/public)"
    if place.is_relative_to(root) and place.relative_to(root).parts[0] in REPOSITORY_INPUTS:
        return f"--out {out} is in the repository's {place.relative_to(root).parts[0]}/, which the build would " \
               "replace; choose another folder (the default is ROOT/public)"
    if not os.path.lexists(place) or _generation_name(place) is not None:
        return None
    if not place.is_dir():
        return f"--out {out} is a file, not a folder; choose another folder (the default is ROOT/public)"
    try:
        with os.scandir(place) as entries:
            held = {e.name: e.is_dir(follow_symlinks=False) for e in entries}
    except OSError as exc:
        return f"--out {out} cannot be read ({exc.strerror}); choose another folder (the default is ROOT/public)"
    # an output of before the generations: its hosts' folders and the server's files (_server/, always there)
    strangers = sorted(name for name, folder in held.items() if not (folder and (
        name == "_server" or is_host_name(name)))) or ([] if not held or held.get("_server") else sorted(held))
    if strangers:
        more = f" and {len(strangers) - 3} more" if len(strangers) > 3 else ""
        return f"--out {out} is a folder of other files ({', '.join(strangers[:3])}{more}), not a build's output: " \
               "the build would replace it; choose a new or empty folder (the default is ROOT/public)"
    return None


def live_folder(out: Path) -> Path:
    """The folder the output is at this moment; it stays in place until the build after next."""
    return Path(os.path.realpath(out))


@contextmanager
def staged(out: Path, ahead: FolderListing | None = None) -> Iterator[Staging]:
    """A folder to write a build into, under the output's lock: the generation before the live one,
    recycled (its readers had a whole build's time to leave), else a new one; removed unless
    swapped in. ``ahead``: that generation's listing, started before the lock was taken
    (``listing_ahead``), used when it is of the folder recycled as it is now, else stopped."""
    link = output_link(out)
    link.parent.mkdir(parents=True, exist_ok=True)
    with exclusive(_sibling(link, "lock")):
        prune(link)
        folder = _sibling(link, f"new-{os.getpid()}")
        previous = _previous(link)
        if previous is not None:
            was = [previous.name, previous.stat().st_mtime_ns]
            listing = ahead if ahead is not None and ahead.folder == previous and ahead.was == was else None
            if listing is None and ahead is not None:
                ahead.close()
            os.rename(previous, folder)
            if listing is not None:
                listing.folder = folder  # (its child walks it from an open folder; this process by its name)
            stage = Staging(folder, link, listing or FolderListing(folder), previous, was)
        else:  # given back if the build stops, it is the one the next build recycles
            if ahead is not None:
                ahead.close()
            folder.mkdir()
            live = _live_number(link)
            stage = Staging(folder, link, None, _sibling(link, f"gen-{live - 1}") if live is not None else None)
        try:
            yield stage
        except BaseException:
            discard(stage)
            raise


def discard(stage: Staging) -> None:
    """A build that stops before its swap: its folder becomes the generation before the live one (however
    far the build got, the next one recycles it all the same), or goes when there is no live one."""
    if stage.previous is not None and stage.folder.is_dir():
        os.rename(stage.folder, stage.previous)  # a listing still walking it meets a missing folder: no harm
    else:
        shutil.rmtree(stage.folder, ignore_errors=True)


def swap_in(stage: Staging, written: set[str], carried: frozenset[str] = frozenset()) -> list[str]:
    """Make the staged folder the output, atomically; returns notes for the build's report. ``written``
    are the files this build wrote (relative paths), ``carried`` the hosts brought whole from the last
    output (carry_over): in a recycled folder every other file is the older build's, and goes first."""
    link, notes = stage.link, []
    if stage.recycled is not None:
        _sweep(stage.folder, stage.recycled, written, carried)
    number = max(_generations(link), default=0) + 1
    plain = os.path.lexists(link) and not link.is_symlink()  # an output from before generations
    new = _sibling(link, f"gen-{number + plain}")
    os.rename(stage.folder, new)
    flip = _sibling(link, f"link-{os.getpid()}")
    os.symlink(new.name, flip)
    if not plain:
        os.replace(flip, link)
    elif _exchange(flip, link):
        os.rename(flip, _sibling(link, f"gen-{number}"))  # the old output, kept as the one before
    else:
        os.rename(link, _sibling(link, f"gen-{number}"))
        os.replace(flip, link)
        notes.append(f"{link} was a folder and is now a link to {new.name}/; this system cannot exchange the "
                     "two atomically, so for a moment there was no output (later builds have no such moment)")
    prune(link)
    return notes


def make_previous(link: Path) -> Path | None:
    """When the live generation has none before it (the first build, or one after the output was
    removed), make one: the live folder's folders made again and its files hard-linked, the same files.
    The next build recycles it and finds every file in place (memo.keep_settled notes so) instead of
    making the ten thousand folders of a large province and linking its files itself, after the one
    edit an editor waits for. Returns the folder, or None (there is one already; links cannot be made
    here: what was made goes)."""
    live = _live_number(link)
    if live is None or live < 1 or _previous(link) is not None:
        return None
    source, temp = os.path.realpath(link), _sibling(link, f"new-{os.getpid()}")
    try:
        os.mkdir(temp)
        folders = [("", os.fspath(source))]
        while folders:
            rel, path = folders.pop()
            with os.scandir(path) as entries:
                for entry in entries:
                    name = f"{rel}/{entry.name}" if rel else entry.name
                    if entry.is_dir(follow_symlinks=False):
                        os.mkdir(f"{temp}/{name}")
                        folders.append((name, entry.path))
                    else:
                        os.link(entry.path, f"{temp}/{name}", follow_symlinks=False)
        previous = _sibling(link, f"gen-{live - 1}")
        os.rename(temp, previous)
    except OSError:
        shutil.rmtree(temp, ignore_errors=True)
        return None
    return previous


def _sweep(folder: Path, listing: FolderListing, written: set[str], carried: frozenset[str]) -> None:
    """Remove from a recycled folder what the build did not write, and the folders left empty."""
    listing.join()
    base = os.fspath(folder)
    emptied: set[str] = set()
    for rel in list(listing.files):
        if rel not in written and rel.split("/", 1)[0] not in carried:
            os.unlink(f"{base}/{rel}")
            emptied.add(rel.rpartition("/")[0])
    for rel in sorted(emptied, key=lambda r: -r.count("/")):
        while rel:
            try:
                os.rmdir(f"{base}/{rel}")
            except OSError:  # not empty (or gone already)
                break
            rel = rel.rpartition("/")[0]


def _live_number(link: Path) -> int | None:
    """The number of the live generation (7 for ``.public.gen-7``); None when there is none."""
    live = _generation_name(link) if link.is_symlink() else None
    return int(live.rsplit("-", 1)[1]) if live else None


def _previous(link: Path) -> Path | None:
    """The generation before the live one, if any."""
    live = _live_number(link)
    older = {n: path for n, path in _generations(link).items() if live is not None and n < live}
    return older[max(older)] if older else None


def prune(link: Path) -> None:
    """Remove what earlier builds left beside the output: all but the live generation and the one
    before it, and what killed builds left."""
    live, previous = _live_number(link), _previous(link)
    for number, path in sorted(_generations(link).items()):
        if number != live and path != previous:
            _remove(path)
    leftover = re.compile(re.escape(f".{link.name}.") + r"(new|link|old)-\d+")
    for path in link.parent.iterdir():
        if leftover.fullmatch(path.name):
            _remove(path)


def _sibling(link: Path, kind: str) -> Path:
    return link.with_name(f".{link.name}.{kind}")


def _generations(link: Path) -> dict[int, Path]:
    pattern = re.compile(re.escape(f".{link.name}.gen-") + r"(\d+)")
    found = (pattern.fullmatch(p.name) for p in link.parent.iterdir()) if link.parent.is_dir() else ()
    return {int(m[1]): link.with_name(m[0]) for m in found if m}


def _generation_name(link: Path) -> str | None:
    """The generation a link of ours points to (``.public.gen-7``); None for any other link."""
    try:
        target = os.readlink(link)
    except OSError:
        return None
    return target if re.fullmatch(re.escape(f".{link.name}.gen-") + r"\d+", target) else None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two names in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@dataclass(frozen=True)
class Reuse:
    """A file of the last good output whose bytes the new one holds too: linked, not written again."""
    path: str
    size: int = -1  # its size when known (a trace records it), else read after linking


def in_place(files: list[tuple[str, bytes | Path | Reuse]], live: Path | None, settled: dict[str, frozenset[str]],
             ) -> tuple[list[tuple[str, bytes | Path | Reuse]], list[str]]:
    """The files to write, and the names of those a recycled folder holds already: files to reuse from
    the ``live`` folder, of a host in ``settled`` (a host's files the last build did not reuse, when the
    folder being written was the generation before the live one, memo.take_settled), and not among
    those. Every other file of such a host was a link of the generation before's when the live one was
    made: the same file, in the folder this build writes."""
    if not settled or live is None:
        return files, []
    prefix = f"{live}/"
    keep: list[tuple[str, bytes | Path | Reuse]] = []
    there: list[str] = []
    for name, data in files:
        fresh = settled.get(name.split("/", 1)[0]) if isinstance(data, Reuse) else None
        if fresh is not None and name not in fresh and data.path == prefix + name:
            there.append(name)
        else:
            keep.append((name, data))
    return keep, there


def not_reused(files: list[tuple[str, bytes | Path | Reuse]]) -> dict[str, list[str]]:
    """Each host's files written anew (rendered or copied), not reused from the last output: every other
    file of the host in the folder written is a hard link of the live one's (memo.keep_settled)."""
    hosts: dict[str, list[str]] = {}
    for name, data in files:
        names = hosts.setdefault(name.split("/", 1)[0], [])
        if not isinstance(data, Reuse):
            names.append(name)
    return hosts


def held_in_place(stage: Staging, names: list[str], live: Path) -> int:
    """The bytes of the files of a recycled folder this build kept in place (``in_place``); one not
    there after all (removed by hand since) is linked from ``live``. Raises LastOutputLost when that one
    is gone too."""
    if not names or stage.recycled is None:
        return 0
    stage.recycled.join()
    sizes, total, lost = stage.recycled.files, 0, []
    for name in names:
        size = sizes.get(name)
        if size is None:
            target = f"{stage.folder}/{name}"
            try:
                _in_folder(target, _reuse, f"{live}/{name}", target)
                size = os.stat(target).st_size
            except FileNotFoundError:
                lost.append(f"{live}/{name}")
                continue
        total += size
    if lost:
        raise LastOutputLost(lost)
    return total


class LastOutputLost(Exception):
    """Files of the last good output to reuse were not there (removed since its build): ``sources``."""

    def __init__(self, sources: list[str]):
        super().__init__(f"{len(sources)} file(s) of the last output are gone, {sources[0]} first")
        self.sources = sources


def write_files(staging: Path, files: list[tuple[str, bytes | Path | Reuse]]) -> int:
    """Write (relative path, bytes, a file to copy or one to reuse) pairs; returns bytes written.
    Paths are joined as strings: tens of thousands of files, no Path object each. A file already
    there (a recycled folder's) is replaced, never written into: it may be a link of the live output's;
    one that is the very file to reuse stays. A file to reuse that is gone is raised as LastOutputLost,
    once every other file is written (the caller renders its page after all)."""
    total = 0
    base = os.fspath(staging)
    lost: list[str] = []
    for rel, data in files:
        target = f"{base}/{rel}"
        if isinstance(data, Reuse):
            try:
                size = _in_folder(target, _reuse, data.path, target)
            except FileNotFoundError:
                lost.append(data.path)
                continue
            size = size if size >= 0 else data.size
            total += size if size >= 0 else os.stat(target).st_size
        elif isinstance(data, Path):
            _unlink(target)
            _in_folder(target, shutil.copyfile, data, target)
            total += os.stat(target).st_size
        else:
            _in_folder(target, _write_new, target, data)
            total += len(data)
    if lost:
        raise LastOutputLost(lost)
    return total


def _in_folder(target: str, make, *args):
    """``make(*args)``, which writes ``target``; its folder made first when it is not there (tried without:
    in a recycled folder every folder is there already, and a look each costs ten thousand calls)."""
    try:
        return make(*args)
    except FileNotFoundError:
        parent = target.rpartition("/")[0]
        if os.path.isdir(parent):
            raise  # (what was missing is the file to reuse or copy)
        os.makedirs(parent, exist_ok=True)
        return make(*args)


def _write_new(target: str, data: bytes) -> None:
    """Write a file with plain system calls: thousands of pages, no buffered-file objects needed. A file
    there already (a recycled folder's) that holds these very bytes stays: most of a search index's
    files are the same after an edit, and replacing one (an unlink and a new file) costs ten times
    reading it."""
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        if _holds(target, data):
            return
        os.unlink(target)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _holds(path: str, data: bytes) -> bool:
    """Whether the file ``path`` holds exactly ``data`` (a regular file: a link is replaced)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        return stat.S_ISREG(st.st_mode) and st.st_size == len(data) and os.read(fd, len(data) + 1) == data
    except OSError:
        return False
    finally:
        os.close(fd)


def _reuse(source: str, target: str) -> int:
    """The last output's file at ``target``: linked (or copied), unless ``target`` is that file already;
    returns its size when that was looked at, else -1."""
    try:
        _link_or_copy(source, target)
    except FileExistsError:
        there = os.stat(target)
        if os.path.samestat(os.stat(source), there):
            return there.st_size
        os.unlink(target)
        _link_or_copy(source, target)
    return -1


def _unlink(target: str) -> None:
    try:
        os.unlink(target)
    except FileNotFoundError:
        pass


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
        if source.is_dir():
            if (staging / host).exists():  # a recycled folder's: the older build's
                shutil.rmtree(staging / host)
            shutil.copytree(source, staging / host, copy_function=_link_or_copy)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except FileExistsError:  # not copied over: ``dst`` may be a link of a file of the live output
        raise
    except OSError:
        shutil.copy2(src, dst)
