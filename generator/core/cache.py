"""The parse cache: what an item's own bytes produce, stored by content hash.

One SQLite file (``parse.sqlite`` in the cache folder) instead of a file per
item: a cold build of 10,000 items writes one batch per chunk of work, not
10,000 small files. Keys are hashes of the parser's version, the item's path
and its bytes, so a stale entry is never read: mtimes lie after a checkout.

Values are stored as data, never as code: bytes as they are, anything else as
tagged JSON (``dumps``/``loads``): scalars, a tuple of them (an array) and a
dict of such values by text keys (an object) as JSON itself; lists, other
tuples and dicts, dates, times and the generator's own dataclasses (their
fields' values in order, under a hash of the fields' names) as objects whose
"~" key says what they are, each naming which of its values to decode: the
ten thousand items a build after one edit reads back are visited only where
a value is not JSON's own (a third less work than a tag on every list).
Unlike pickle, reading a forged cache can give wrong values but run nothing. A cache
folder that git tracks came with a checkout, so anyone could have written it:
``usable_folder`` refuses it (``cache.tracked``) and the build neither reads
nor writes it. By default the cache lives outside the repository.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
import sys
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from .clock import VN_TZ
from .diagnostics import Diagnostic, warning
from .git import git
from .locks import exclusive

_PACKAGE = __name__.split(".")[0]
# What `loads` raises for data that `dumps` did not write: a cache miss, nothing more.
BAD_DATA = (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError)


# how values are written (``dumps``): part of every key, so that a value of another way is never read
FORMAT = "2"


def cache_key(version: str, rel: str, raw: bytes) -> str:
    return hashlib.sha256(f"{FORMAT}\0{version}\0{rel}\0".encode() + raw).hexdigest()


def _tz(tz: dt.tzinfo | None) -> list:
    if tz is None:
        return []
    if isinstance(tz, zoneinfo.ZoneInfo) and tz.key == VN_TZ.key:
        return ["zone", tz.key]
    if isinstance(tz, dt.timezone):
        return ["offset", tz.utcoffset(None).total_seconds()]
    raise TypeError(f"cannot store the time zone {tz!r}")


def _encode(value: Any) -> tuple[Any, bool]:
    """A value as JSON, and whether it reads back as itself (``_decode`` leaves it as JSON gives it):
    scalars, a tuple of scalars as an array, a dict of such values by text keys as an object. Anything
    else is an object whose first key, beginning with "~", says what it is; one that holds values of its
    own names those to decode ("k", "~k"), so that reading it visits only them."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value, True
    if isinstance(value, tuple):
        items, todo = _encoded(value)
        return ({"~T": items, "k": todo} if todo else items), False  # (JSON gives a list)
    if isinstance(value, list):
        items, todo = _encoded(value)
        return {"~L": items, "k": todo}, False
    if isinstance(value, dict):
        if all(type(k) is str and not k.startswith("~") for k in value):
            pairs = [(k, *_encode(v)) for k, v in value.items()]
            found = {k: v for k, v, _ in pairs}
            todo = [k for k, _, same in pairs if not same]
            if todo:
                found["~k"] = todo
            return found, not todo
        return {"~D": [_encode(x)[0] for pair in value.items() for x in pair]}, False
    if isinstance(value, dt.datetime):
        return {"~t": value.replace(tzinfo=None).isoformat(), "z": _tz(value.tzinfo)}, False
    if isinstance(value, dt.date):
        return {"~a": value.isoformat()}, False
    cls = type(value)
    if dataclasses.is_dataclass(cls) and cls.__module__.split(".")[0] == _PACKAGE:
        items, todo = _encoded([getattr(value, f.name) for f in dataclasses.fields(value)])
        return {"~o": _class_name(cls), "f": items, "k": todo}, False
    raise TypeError(f"cannot store a {cls.__name__}")


def _encoded(values) -> tuple[list, list[int]]:
    """Values as JSON, and the places of those that do not read back as themselves."""
    items, todo = [], []
    for at, value in enumerate(values):
        data, same = _encode(value)
        items.append(data)
        if not same:
            todo.append(at)
    return items, todo


@lru_cache(maxsize=None)
def _class_name(cls: type) -> str:
    """A dataclass as its module, its name and a hash of its fields' names: an object is stored as its
    fields' values in their order, which a class of other fields (another version) never reads."""
    names = "\0".join(f.name for f in dataclasses.fields(cls))
    return f"{cls.__module__}:{cls.__qualname__}:{hashlib.sha256(names.encode()).hexdigest()[:12]}"


@lru_cache(maxsize=None)
def _dataclass(name: str) -> tuple[type, tuple[str, ...], bool]:
    """One of the generator's dataclasses by ``_class_name``, from a module already imported (data never
    imports), its fields' names and whether an object of it is its fields and nothing more: no
    ``__post_init__``, no field left out of ``__init__``, no slots (``_decode`` then sets them without
    calling ``__init__``, which for a frozen dataclass sets each through ``object.__setattr__``: most of
    the time it takes to decode ten thousand kept items). A lookup that fails raises, and is not
    remembered."""
    module, _, rest = name.partition(":")
    qualname, _, _ = rest.partition(":")
    cls = getattr(sys.modules.get(module), qualname, None) if module.split(".")[0] == _PACKAGE else None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)) or _class_name(cls) != name:
        raise ValueError(f"not a dataclass of {_PACKAGE} with these fields: {name}")
    fields = dataclasses.fields(cls)
    plain = not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__") and all(f.init for f in fields)
    return cls, tuple(f.name for f in fields), plain


_PLAIN = frozenset({str, int, float, bool, type(None)})  # what JSON gives that stands for itself


def _decode(data: Any) -> Any:
    """What ``_encode`` wrote, from its JSON: only the values it named to decode are visited."""
    if type(data) is list:  # a tuple of scalars
        return tuple(data)
    if type(data) is not dict:
        if type(data) in _PLAIN:
            return data
        raise ValueError("not a stored value")
    if "~k" in data:  # a dict, some of its values to decode
        for key in data.pop("~k"):
            if not isinstance(key, str):
                raise TypeError("not a stored dict")
            data[key] = _decode(data[key])
        return data
    if "~o" in data:
        cls, names, plain = _dataclass(data["~o"])
        values = _decoded(data["f"], data["k"])
        if len(values) != len(names):  # what __init__ would refuse
            raise TypeError(f"not the fields of {cls.__name__}")
        if not plain:
            return cls(**dict(zip(names, values)))
        made = object.__new__(cls)
        made.__dict__.update(zip(names, values))
        return made
    if "~a" in data:
        return dt.date.fromisoformat(data["~a"])
    if "~T" in data:
        return tuple(_decoded(data["~T"], data["k"]))
    if "~L" in data:
        return _decoded(data["~L"], data["k"])
    if "~t" in data:
        moment, zone = dt.datetime.fromisoformat(data["~t"]), data["z"]
        if zone == ["zone", VN_TZ.key]:
            return moment.replace(tzinfo=VN_TZ)
        if type(zone) is list and zone[:1] == ["offset"] and len(zone) == 2:
            return moment.replace(tzinfo=dt.timezone(dt.timedelta(seconds=zone[1])))
        if zone == []:
            return moment
        raise ValueError(f"unknown time zone: {zone!r}")
    if "~D" in data:
        pairs = iter(_decoded(data["~D"], range(len(data["~D"]))))
        return dict(zip(pairs, pairs))
    if any(key.startswith("~") for key in data):
        raise ValueError("unknown kind of stored value")
    return data  # a dict of values that read as themselves


def _decoded(items: Any, todo: Any) -> list:
    """``items`` (a JSON array) with the values at the places ``todo`` decoded."""
    if type(items) is not list:
        raise TypeError("not a stored array")
    for at in todo:
        items[at] = _decode(items[at])
    return items


def dumps(value: Any) -> str:
    """A value as tagged JSON; TypeError for what cannot be stored."""
    return json.dumps(_encode(value)[0], ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """A value back from ``dumps``; ValueError (or TypeError) for anything else."""
    try:
        return _decode(json.loads(text))
    except (KeyError, IndexError) as exc:  # a value named to decode that is not there
        raise ValueError(f"not a stored value: {exc!r}") from exc


def tracked_files(folder: Path) -> list[str]:
    """Files under ``folder`` that git tracks, as paths from the top of their repository."""
    if not folder.is_dir():
        return []
    where = folder.resolve()
    if not any((p / ".git").exists() for p in (where, *where.parents)):
        return []  # in no git work tree (the default place): no git process to start
    try:
        run = git(folder, "ls-files", "-z", "--full-name", "--", ".")
    except OSError:
        return []
    return [p for p in run.stdout.decode("utf-8", "replace").split("\0") if p] if run.returncode == 0 else []


def usable_folder(folder: Path | None) -> tuple[Path | None, list[Diagnostic]]:
    """The cache folder a build may use: ``folder``, or None and a warning when git tracks a file in it."""
    tracked = tracked_files(folder) if folder is not None else []
    if not tracked:
        return folder, []
    return None, [warning(tracked[0], 1, "cache.tracked",
                          f"the cache folder {folder} holds files tracked by git ({len(tracked)}): a cache that "
                          "comes with the repository could have been written by anyone, so this build neither "
                          "reads nor writes it. Remove them from git (`git rm -r --cached` the folder) and keep "
                          "the cache outside the repository, as by default, or set CONGTT_CACHE_DIR to an "
                          "ignored folder")]


LOCK_FILE = "build.lock"


@contextmanager
def held_folder(folder: Path | None, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """The cache folder for one build at a time: a build reads its rows (the kept items' bodies and terms)
    until its last page is written, so another build using it (the dev server and a build in another
    terminal, checkouts given the same CONGTT_CACHE_DIR) waits until this one ends, ``waiting`` called
    first. A folder that cannot hold the lock file is used without one."""
    if folder is None:
        yield
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass  # (then no lock file either)
    with exclusive(folder / LOCK_FILE, waiting, required=False):
        yield


class ParseCache:
    """Read entries one by one, write them in one transaction at ``flush``."""

    def __init__(self, folder: str | None):
        self._pending: list[tuple[str, str | bytes]] = []
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            Path(folder).mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(Path(folder) / "parse.sqlite"), timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=OFF")  # a lost entry is only parsed again
            # Not the table of earlier versions, which held pickles.
            self._db.execute("CREATE TABLE IF NOT EXISTS stored (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            self._db.commit()
        except (OSError, sqlite3.Error):
            self._db = None  # an unusable cache only costs time

    def get(self, key: str) -> Any | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM stored WHERE key = ?", (key,)).fetchone()
            if row is None or isinstance(row[0], bytes):
                return row[0] if row else None
            return loads(row[0])
        except (sqlite3.Error, *BAD_DATA):
            return None

    def put(self, key: str, value: Any) -> None:
        if self._db is None:
            return
        try:
            self._pending.append((key, value if isinstance(value, bytes) else dumps(value)))
        except TypeError:
            pass  # not storable: computed again next time

    def close(self) -> None:
        if self._db is None:
            return
        try:
            if self._pending:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO stored (key, value) VALUES (?, ?)", self._pending)
        except sqlite3.Error:
            pass
        finally:
            self._pending.clear()
            self._db.close()
            self._db = None
