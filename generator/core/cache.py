"""The parse cache: what an item's own bytes produce, stored by content hash.

One SQLite file (``parse.sqlite`` in the cache folder) instead of a file per
item: a cold build of 10,000 items writes one batch per chunk of work, not
10,000 small files. Keys are hashes of the parser's version, the item's path
and its bytes, so a stale entry is never read: mtimes lie after a checkout.
"""
from __future__ import annotations

import hashlib
import pickle
import sqlite3
from pathlib import Path
from typing import Any


def cache_key(version: str, rel: str, raw: bytes) -> str:
    return hashlib.sha256(f"{version}\0{rel}\0".encode() + raw).hexdigest()


class ParseCache:
    """Read entries one by one, write them in one transaction at ``flush``."""

    def __init__(self, folder: str | None):
        self._pending: list[tuple[str, bytes]] = []
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        Path(folder).mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(Path(folder) / "parse.sqlite"), timeout=60)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=OFF")  # a lost entry is only parsed again
            self._db.execute("CREATE TABLE IF NOT EXISTS parsed (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
            self._db.commit()
        except sqlite3.Error:
            self._db = None  # an unusable cache only costs time

    def get(self, key: str) -> Any | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT value FROM parsed WHERE key = ?", (key,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.PickleError, EOFError):
            return None

    def put(self, key: str, value: Any) -> None:
        if self._db is not None:
            self._pending.append((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def close(self) -> None:
        if self._db is None:
            return
        try:
            if self._pending:
                with self._db:
                    self._db.executemany("INSERT OR REPLACE INTO parsed (key, value) VALUES (?, ?)", self._pending)
        except sqlite3.Error:
            pass
        finally:
            self._pending.clear()
            self._db.close()
            self._db = None
