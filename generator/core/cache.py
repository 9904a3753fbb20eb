"""The parse cache: what an item's own bytes produce, stored by content hash.

One SQLite file (``parse.sqlite`` in the cache folder) instead of a file per
item: a cold build of 10,000 items writes one batch per chunk of work, not
10,000 small files. Keys are hashes of the parser's version, the item's path
and its bytes, so a stale entry is never read: mtimes lie after a checkout.

Values are stored as data, never as code: bytes as they are, anything else as
tagged JSON (``dumps``/``loads``: lists, tuples, dicts, dates, times and the
generator's own dataclasses, rebuilt through their constructors). Unlike
pickle, reading a forged cache can give wrong values but run nothing. A cache
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
from functools import lru_cache
from pathlib import Path
from typing import Any

from .clock import VN_TZ
from .diagnostics import Diagnostic, warning
from .git import git

_PACKAGE = __name__.split(".")[0]
# What `loads` raises for data that `dumps` did not write: a cache miss, nothing more.
BAD_DATA = (ValueError, TypeError, KeyError, IndexError, RecursionError, OverflowError)


def cache_key(version: str, rel: str, raw: bytes) -> str:
    return hashlib.sha256(f"{version}\0{rel}\0".encode() + raw).hexdigest()


def _tz(tz: dt.tzinfo | None) -> list:
    if tz is None:
        return []
    if isinstance(tz, zoneinfo.ZoneInfo) and tz.key == VN_TZ.key:
        return ["zone", tz.key]
    if isinstance(tz, dt.timezone):
        return ["offset", tz.utcoffset(None).total_seconds()]
    raise TypeError(f"cannot store the time zone {tz!r}")


def _encode(value: Any) -> Any:
    """A value as JSON: scalars as they are, anything else a list whose first item says what it is."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return ["list", *map(_encode, value)]
    if isinstance(value, tuple):
        return ["tuple", *map(_encode, value)]
    if isinstance(value, dict):
        return ["dict", *(_encode(x) for pair in value.items() for x in pair)]
    if isinstance(value, dt.datetime):
        return ["datetime", value.replace(tzinfo=None).isoformat(), *_tz(value.tzinfo)]
    if isinstance(value, dt.date):
        return ["date", value.isoformat()]
    cls = type(value)
    if dataclasses.is_dataclass(cls) and cls.__module__.split(".")[0] == _PACKAGE:
        return ["object", cls.__module__, cls.__qualname__,
                *(_encode(x) for f in dataclasses.fields(value) for x in (f.name, getattr(value, f.name)))]
    raise TypeError(f"cannot store a {cls.__name__}")


@lru_cache(maxsize=None)
def _dataclass(module: str, name: str) -> tuple[type, frozenset[str] | None]:
    """One of the generator's dataclasses, from a module already imported (data never imports), and the
    names of its fields when an object of it is its fields and nothing more: no ``__post_init__``, no
    field left out of ``__init__``, no slots (``_decode`` then sets them without calling ``__init__``,
    which for a frozen dataclass sets each through ``object.__setattr__``: most of the time it takes to
    decode ten thousand kept items). A lookup that fails raises, and is not remembered."""
    cls = getattr(sys.modules.get(module), name, None) if module.split(".")[0] == _PACKAGE else None
    if not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        raise ValueError(f"not a dataclass of {_PACKAGE}: {module}.{name}")
    fields = dataclasses.fields(cls)
    plain = not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__") and all(f.init for f in fields)
    return cls, frozenset(f.name for f in fields) if plain else None


_PLAIN = frozenset({str, int, float, bool, type(None)})  # what JSON gives that stands for itself


def _decode(data: Any) -> Any:
    # the most common values first, and plain ones (most of them) not passed to a call of their own
    if type(data) in _PLAIN:
        return data
    if type(data) is not list or not data:
        raise ValueError("not a stored value")
    kind = data[0]
    if kind == "dict":
        pairs = iter(data)
        next(pairs)
        return {(k if type(k) in _PLAIN else _decode(k)): (v if type(v) in _PLAIN else _decode(v))
                for k, v in zip(pairs, pairs)}
    if kind == "list":
        return [x if type(x) in _PLAIN else _decode(x) for x in data[1:]]
    if kind == "tuple":
        return tuple([x if type(x) in _PLAIN else _decode(x) for x in data[1:]])
    if kind == "object":
        cls, names = _dataclass(data[1], data[2])
        pairs = iter(data)
        next(pairs), next(pairs), next(pairs)
        values = {k: (v if type(v) in _PLAIN else _decode(v)) for k, v in zip(pairs, pairs)}
        if names is None:
            return cls(**values)
        if values.keys() != names:  # what __init__ would refuse
            raise TypeError(f"not the fields of {cls.__name__}")
        made = object.__new__(cls)
        made.__dict__.update(values)
        return made
    rest = data[1:]
    if kind == "date":
        return dt.date.fromisoformat(rest[0])
    if kind == "datetime":
        moment, zone = dt.datetime.fromisoformat(rest[0]), rest[1:]
        if zone == ["zone", VN_TZ.key]:
            return moment.replace(tzinfo=VN_TZ)
        if zone[:1] == ["offset"] and len(zone) == 2:
            return moment.replace(tzinfo=dt.timezone(dt.timedelta(seconds=zone[1])))
        if not zone:
            return moment
        raise ValueError(f"unknown time zone: {zone!r}")
    raise ValueError(f"unknown kind of stored value: {kind!r}")


def dumps(value: Any) -> str:
    """A value as tagged JSON; TypeError for what cannot be stored."""
    return json.dumps(_encode(value), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """A value back from ``dumps``; ValueError (or TypeError) for anything else."""
    return _decode(json.loads(text))


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
