"""The parse cache and the git facts cache: outside the repository, never read when git tracks
them, and stored as data (tagged JSON), so a forged cache runs nothing.

A committed cache is a file anyone with an approved pull request could have written; with
pickle, loading it ran their code in the publishing job.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from gitkit import REPO, GitRepo, git_env
from sitekit import news

from generator.build.documents import PARSE_VERSION, parse_source
from generator.build.gitfacts import read_git_facts
from generator.build.markup import new_converter
from generator.core.cache import cache_key, dumps, loads
from generator.core.clock import VN_TZ
from generator.model.content_types import CONTENT_TYPES
from generator.pipeline import default_cache_dir

ITEM = "content/tinh/news/2026/tin.md"


def test_every_example_item_and_the_git_facts_come_back_from_the_cache_unchanged():
    md = new_converter()
    items = sorted(p for p in (REPO / "content").rglob("*.md"))
    assert len(items) > 50
    for path in items:
        rel = path.relative_to(REPO).as_posix()
        type_name = rel.split("/")[2]
        if type_name not in CONTENT_TYPES:
            continue
        parsed = parse_source(rel, path.read_bytes(), type_name, md)
        assert loads(dumps(parsed)) == parsed, rel
    facts, why = read_git_facts(REPO)
    if facts is not None:
        assert loads(dumps(facts)) == facts
    moments = [dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=VN_TZ), dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc),
               dt.datetime(2026, 1, 2, tzinfo=dt.timezone(dt.timedelta(hours=-5, minutes=-30))), dt.datetime(2026, 1, 2)]
    value = {"moments": moments, "day": dt.date(2026, 1, 2), "t": (1, "a", None, True, 1.5), 3: ["list", "tuple"]}
    assert loads(dumps(value)) == value
    # what reads back as JSON's own (a tuple of scalars, a dict of them) and what must not (a list, a key
    # that looks like a tag, a dict holding a date deep down)
    value = {"t": (), "l": [], "d": {}, "~k": ["~o"], "n": {"a": {"b": (dt.date(2020, 1, 1), ("x",), [])}},
             "": ((), [()], {"x": (1,)}), "tags": ("a", "b")}
    assert loads(dumps(value)) == value
    assert [m.utcoffset() for m in loads(dumps(moments))] == [m.utcoffset() for m in moments]


@pytest.mark.parametrize("forged", [
    '{"~o": "subprocess:Popen:000000000000", "f": [["touch", "x"]], "k": []}',   # not one of ours
    '{"~o": "generator.cli:main:000000000000", "f": [], "k": []}',               # ours, but no dataclass
    '{"~o": "generator.nowhere:X:000000000000", "f": [], "k": []}',              # a module no one imported stays so
    '{"~t": "2026-01-01T00:00:00", "z": ["zone", "../../etc/passwd"]}',
    '{"~pickle": "gASV"}',
    '{"a": 1, "~k": ["b"]}',                                                     # a value named that is not there
    '{"~T": [1], "k": "0"}',
    # one of ours, but stored by a version whose fields had other names
    '{"~o": "generator.build.documents:Attachment:000000000000", "f": ["a", "b", 1, "txt", false, "files", 0, 0, ""],'
    ' "k": []}',
])
def test_the_cache_rebuilds_only_plain_data_and_the_generators_dataclasses(forged):
    with pytest.raises((ValueError, TypeError)):
        loads(forged)
    assert "generator.nowhere" not in sys.modules


def test_the_default_cache_is_outside_the_repository(tmp_path, monkeypatch):
    root = tmp_path / "province"
    monkeypatch.delenv("CONGTT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = default_cache_dir(root)
    assert folder.is_relative_to(tmp_path / "xdg" / "congtt") and not folder.is_relative_to(root)
    assert folder != default_cache_dir(tmp_path / "other" / "province")   # one folder per repository
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")                        # ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir(root).is_relative_to(tmp_path / "home" / ".cache" / "congtt")
    monkeypatch.setenv("CONGTT_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir(root) == tmp_path / "mine"


class _Boom:
    """What a forged pickle does when it is loaded: here, create a file."""
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return exec, (f"open({str(self.marker)!r}, 'w').close()",)


def _build(root: Path, home: Path, cache: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in git_env().items() if k not in ("CONGTT_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = str(home)
    if cache is not None:
        env["CONGTT_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(root), "--jobs", "1",
                           "--now", "2026-11-20T12:00"], capture_output=True, text=True, env=env)


def test_a_cache_committed_to_the_repository_is_never_loaded(tmp_path):
    """A pull request commits `.cache/congtt/` (the old default folder) holding forged entries for
    its items and git facts: neither the default build nor one pointed at that folder loads them."""
    marker = tmp_path / "pwned"
    repo = GitRepo(tmp_path / "repo")
    repo.write({ITEM: news("Tin")})
    raw = (repo.root / ITEM).read_bytes()
    old = repo.root / ".cache" / "congtt"
    old.mkdir(parents=True)
    bomb = pickle.dumps(_Boom(marker))
    with sqlite3.connect(old / "parse.sqlite") as db:   # the tables of earlier versions, and of this one
        db.execute("CREATE TABLE parsed (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        db.execute("CREATE TABLE stored (key TEXT PRIMARY KEY, value BLOB NOT NULL)")
        key = cache_key(PARSE_VERSION, ITEM, raw)
        db.execute("INSERT INTO parsed VALUES (?, ?)", (key, bomb))
        forged = dumps(parse_source(ITEM, raw, "news", new_converter())).replace("Nội dung.", "<b>Giả mạo</b>")
        db.execute("INSERT INTO stored VALUES (?, ?)", (key, forged))
    db.close()
    name = hashlib.sha256(str(repo.root.resolve()).encode()).hexdigest()[:24]
    (old / f"gitfacts-{name}.pickle").write_bytes(bomb)
    (old / f"gitfacts-{name}.json").write_text("[]", encoding="utf-8")
    repo.git("add", "-f", ".cache")
    repo.commit("a cache, committed", "2026-11-19T10:00:00+07:00")
    tracked = sorted(p.read_bytes() for p in old.iterdir())

    done = _build(repo.root, tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert not marker.exists() and "cache.tracked" not in done.stderr
    assert list((tmp_path / "home" / ".cache" / "congtt").glob("repo-*/parse.sqlite"))  # the cache is there
    page = (repo.root / "public/langson.gov.vn/tin-tuc/tin/index.html").read_text(encoding="utf-8")
    assert "Giả mạo" not in page and "Nội dung." in page

    done = _build(repo.root, tmp_path / "home", cache=old)
    assert done.returncode == 0, done.stderr
    assert not marker.exists()
    assert f".cache/congtt/gitfacts-{name}.json:1:1: warning[cache.tracked]: " in done.stderr
    assert "neither reads nor writes it" in done.stderr
    assert "Giả mạo" not in (repo.root / "public/langson.gov.vn/tin-tuc/tin/index.html").read_text(encoding="utf-8")
    assert sorted(p.read_bytes() for p in old.iterdir()) == tracked   # not written either


def test_a_cache_folder_in_an_ignored_folder_of_the_repository_is_used(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.write({ITEM: news("Tin"), ".gitignore": "/.cache/\n"})
    repo.commit("base", "2026-11-19T10:00:00+07:00")
    cache = repo.root / ".cache" / "congtt"
    for _ in range(2):
        done = _build(repo.root, tmp_path / "home", cache=cache)
        assert done.returncode == 0 and "cache.tracked" not in done.stderr, done.stderr
    assert (cache / "parse.sqlite").stat().st_size > 0 and list(cache.glob("gitfacts-*.json"))
    assert not (tmp_path / "home" / ".cache").exists()
