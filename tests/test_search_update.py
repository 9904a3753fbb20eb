"""A search index brought up to date after an edit (search_update.py) is the index made whole."""
from __future__ import annotations

import json
import os
import random
import shutil

import pytest

import generator.build.search as search_module
import generator.build.search_files as search_files
from generator.build.search import Doc, counted_index_files, index_files
from generator.build.search_terms import Entry, item_terms
from generator.build.search_update import update

WORDS = ("đường Hùng Vương tỉnh Lạng Sơn quyết định ủy ban nhân dân điều khoản căn cứ luật tổ chức chính quyền "
         "địa phương ngày tháng năm số về việc ban hành quy chế phối hợp giữa các sở ngành huyện xã thành phố "
         "kế hoạch đầu tư công trung hạn giai đoạn giáo dục y tế nông nghiệp môi trường tài nguyên đất đai "
         "2024 2025 một hai ba bốn năm sáu bảy tám chín mười").split()


def _entry(rng: random.Random, n: int) -> Entry:
    def text(k):
        return " ".join(rng.choice(WORDS) for _ in range(k))
    return Entry(title=text(rng.randint(2, 8)), code=f"{n}/2024/QĐ-UBND" if rng.random() < 0.5 else "",
                 tags=tuple(text(2) for _ in range(rng.randint(0, 2))), summary=text(rng.randint(0, 12)),
                 fields=(text(3),) if rng.random() < 0.5 else (), body=text(rng.randint(0, 300)))


def _edited(rng: random.Random, entry: Entry, n: int) -> Entry:
    """An editor's change: a sentence added, words taken out, the title or a tag rewritten, a word
    no other item has."""
    words = entry.body.split()
    kind = rng.randrange(5)
    if kind == 0:
        words.insert(rng.randint(0, len(words)), " ".join(rng.choice(WORDS) for _ in range(12)))
    elif kind == 1 and words:
        del words[rng.randrange(len(words)):][:rng.randint(1, 20)]
    elif kind == 2:
        return Entry(title=f"{entry.title} sửa", code=entry.code, tags=entry.tags[1:], summary=entry.summary,
                     fields=entry.fields, body=entry.body)
    elif kind == 3:
        words.append(f"riêng{n}x{rng.randrange(1000)}")
    else:
        words = words[:rng.randint(0, 3)]
    return Entry(title=entry.title, code=entry.code, tags=entry.tags, summary=entry.summary, fields=entry.fields,
                 body=" ".join(words))


def _docs(entries: list[Entry]) -> list[Doc]:
    return [Doc(str(n), f"/{n}/", e.title, "Tin", "1/1/2025", e.summary) for n, e in enumerate(entries)]


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of few postings: a small corpus spread over many files, as a province's is."""
    monkeypatch.setattr(search_files, "POSTINGS_PER_CHUNK", 300)


@pytest.mark.parametrize("seed", range(24))
def test_random_edits_give_the_index_made_whole(small_chunks, seed):
    rng = random.Random(seed)
    entries = [_entry(rng, n) for n in range(rng.randint(3, 60))]
    old, postings = counted_index_files([item_terms(e) for e in entries], _docs(entries))
    edited = rng.sample(range(len(entries)), rng.randint(1, min(4, len(entries))))
    now = list(entries)
    for n in edited:
        now[n] = _edited(rng, entries[n], n)
    expected, expected_postings = counted_index_files([item_terms(e) for e in now], _docs(now))
    made = update(old, postings, [(n, item_terms(entries[n]), item_terms(now[n])) for n in edited], _docs(now))
    if json.loads(expected["meta.json"])["chunks"] != json.loads(old["meta.json"])["chunks"]:
        assert made is None  # the terms are spread over another number of files: made whole
        return
    assert made is not None
    changed, total = made
    assert total == expected_postings
    files = {**old, **changed}  # (the files it does not return are the old ones)
    assert files.keys() == expected.keys()
    assert [name for name in files if files[name] != expected[name]] == []
    # every chunk that changed, and the docs files and meta.json
    assert {name for name in old if old[name] != expected[name]} <= changed.keys()
    assert {name for name in old if not name.startswith("chunks/")} <= changed.keys()


def test_an_item_losing_its_only_terms_and_one_gaining_new_ones(small_chunks):
    """A term no other item holds leaves its file, a new one enters it in code point order; the
    first and the last item of the index, edited together."""
    entries = [Entry("Đầu", body="chỉ riêng mục đầu có từ này"), Entry("Giữa", body="đường Hùng Vương"),
               Entry("Cuối", body="đường Lê Lợi và Ánh Dương")]
    old, postings = counted_index_files([item_terms(e) for e in entries], _docs(entries))
    now = [Entry("Đầu", body="đường Lê Lợi"), entries[1], Entry("Cuối", body="ánh dương zzz ăn ở 0 Ω")]
    expected = index_files([item_terms(e) for e in now], _docs(now))
    changed, _ = update(old, postings, [(0, item_terms(entries[0]), item_terms(now[0])),
                                        (2, item_terms(entries[2]), item_terms(now[2]))], _docs(now))
    files = {**old, **changed}
    assert files == expected
    assert all(b'"rieng"' not in data for data in files.values())


def test_counts_beyond_what_an_entry_shows_changed_or_not_give_the_index_made_whole(small_chunks):
    """A word an item holds hundreds of times (its pairs too), its count changed but still beyond what
    an entry shows, or changed below it, or another field's count of the same word changed."""
    entries = [Entry("Đường", body="đường Hùng Vương " * 300), Entry("Hai", body="đường Lê Lợi " * 12),
               Entry("Ba", tags=("đường",), body="Hùng Vương")]
    old, postings = counted_index_files([item_terms(e) for e in entries], _docs(entries))
    for now in ([Entry("Đường", body="đường Hùng Vương " * 400), *entries[1:]],
                [Entry("Đường", body="đường Hùng Vương " * 5), Entry("Hai", body="đường Lê Lợi " * 300), entries[2]],
                [*entries[:2], Entry("Ba", tags=("đường", "Hùng Vương"), body="Hùng Vương đường")]):
        edits = [(n, item_terms(e), item_terms(f)) for n, (e, f) in enumerate(zip(entries, now)) if e != f]
        expected, expected_postings = counted_index_files([item_terms(e) for e in now], _docs(now))
        made = update(old, postings, edits, _docs(now))
        assert made is not None and ({**old, **made[0]}, made[1]) == (expected, expected_postings)


def test_what_cannot_be_updated_as_text_is_left_to_a_whole_index():
    """A term JSON escapes (a code with a quote), another number of items, or of chunks: None."""
    entries = [Entry("Một", body="đường Hùng Vương"), Entry("Hai", code='A"B/2024', body="Lê Lợi")]
    old, postings = counted_index_files([item_terms(e) for e in entries], _docs(entries))
    edit = [(1, item_terms(entries[1]), item_terms(Entry("Hai", code='A"B/2024', body="Lê Lợi mới")))]
    assert update(old, postings, edit, _docs(entries)) is None
    plain = [(0, item_terms(entries[0]), item_terms(Entry("Một", body="đường")))]
    assert update(old, postings, plain, _docs(entries)) is None  # its file holds the escaped term
    entries[1] = Entry("Hai", code="AB/2024", body="Lê Lợi")
    old, postings = counted_index_files([item_terms(e) for e in entries], _docs(entries))
    assert update(old, postings, plain, _docs(entries[:1])) is None
    assert update(old, postings, plain, _docs(entries)) is not None
    many = [(0, item_terms(entries[0]), item_terms(Entry("Một", body=" ".join(f"w{i}" for i in range(9000)))))]
    assert update(old, postings, many, _docs(entries)) is None


def _build(root, out, cache, jobs=1):
    from sitekit import NOW

    from generator.pipeline import BuildOptions, build
    result = build(BuildOptions(root=root, out=out, now=NOW, jobs=jobs, cache_dir=cache))
    assert result.ok, result.diagnostics
    return result


def _index(out, host="langson.gov.vn"):
    folder = out / host / "tim-kiem"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_build_after_an_edit_updates_the_index_it_had_and_writes_a_cold_builds_bytes(tmp_path, monkeypatch):
    """The second build takes the last output's files and the edited item's old terms from the parse
    cache (no item's terms are gathered again); its index is the cold build's, byte for byte. Without
    the kept state, or after another edit of the same item, the same."""
    from sitekit import news, write_repo
    items = {f"content/tinh/news/2025/tin-{n}.md": news(f"Tin số {n} về đường Hùng Vương", body=f"Nội dung {n}.")
             for n in range(8)}
    write_repo(tmp_path, items)
    repo = tmp_path
    _build(repo, tmp_path / "out", tmp_path / "cache")
    gathered = []
    real = search_module._gather
    monkeypatch.setattr(search_module, "_gather", lambda terms: gathered.append(len(terms)) or real(terms))
    for n, body in enumerate(("Nội dung đã sửa về trường học.", "Lần sửa thứ hai, có chợ Đông Kinh.")):
        write_repo(repo, {"content/tinh/news/2025/tin-3.md": news("Tin số 3 về đường Hùng Vương", body=body)})
        _build(repo, tmp_path / "out", tmp_path / "cache")
        assert gathered == [], "the index was made whole"
        shutil.rmtree(tmp_path / f"cold{n}", ignore_errors=True)
        _build(repo, tmp_path / f"cold{n}", None)
        assert _index(tmp_path / "out") == _index(tmp_path / f"cold{n}")
        gathered.clear()
    shutil.rmtree(tmp_path / "cache" / "search-state")
    write_repo(repo, {"content/tinh/news/2025/tin-5.md": news("Tin số 5", body="Một câu khác.")})
    _build(repo, tmp_path / "out", tmp_path / "cache")
    assert gathered, "with no state kept, the index is made whole"
    _build(repo, tmp_path / "cold2", None)
    assert _index(tmp_path / "out") == _index(tmp_path / "cold2")
    states = sorted((tmp_path / "cache" / "search-state").iterdir())
    assert len(states) <= 2 * len({p.name.split("-")[0] for p in states})  # at most the live and the last of each


def test_a_damaged_state_or_last_index_makes_the_index_whole_and_right(tmp_path, monkeypatch):
    """What the cache or the last output holds is not trusted beyond what it can show: a state that
    is not JSON, one naming other items, a chunk file of the live output changed by hand: each time
    the index is made whole, and it is a cold build's."""
    from sitekit import news, write_repo
    write_repo(tmp_path, {f"content/tinh/news/2025/tin-{n}.md": news(f"Tin số {n}", body=f"Nội dung {n}.")
                          for n in range(5)})
    _build(tmp_path, tmp_path / "out", tmp_path / "cache")
    gathered = []
    real = search_module._gather
    monkeypatch.setattr(search_module, "_gather", lambda terms: gathered.append(len(terms)) or real(terms))
    states = tmp_path / "cache" / "search-state"

    def damage_state(text):
        def damage():
            for state in states.iterdir():
                state.write_text(text, encoding="utf-8")
        return damage

    def damage_chunk():
        live = (tmp_path / "out").resolve() / "langson.gov.vn" / "tim-kiem" / "chunks" / "0.json"
        data = live.read_bytes()
        live.unlink()  # (a hard link of the generation before: replaced, not written into)
        live.write_bytes(data.replace(b'"noi"', b'"noi dung"', 1))
    for n, damage in enumerate((damage_state("{not json"), damage_state('{"tool": "", "refs": [], "keys": [], '
                                                                          '"postings": 1}'), damage_chunk)):
        damage()
        write_repo(tmp_path, {"content/tinh/news/2025/tin-2.md": news("Tin số 2", body=f"Sửa lần {n}.")})
        _build(tmp_path, tmp_path / "out", tmp_path / "cache")
        assert gathered, n
        gathered.clear()
        _build(tmp_path, tmp_path / f"cold{n}", None)
        assert _index(tmp_path / "out") == _index(tmp_path / f"cold{n}"), n


def test_an_update_reads_the_chunks_it_changes_and_links_the_others_as_they_were(tmp_path, monkeypatch, small_chunks):
    """A build that brings an index up to date reads a chunk file of the last output only when the edit
    changed its terms or the last build wrote it new (its state has no stat then); every other is linked
    as it is (the same inode), its bytes never read nor hashed. A file changed by hand in place (its time
    changes) is read, found changed, and the index is made whole. Each time the index is a cold build's."""
    from pathlib import Path

    from sitekit import news, write_repo
    words = "đường Hùng Vương Lê Lợi chợ Đông Kinh trường học bệnh viện công viên cầu Kỳ Cùng".split()
    write_repo(tmp_path, {f"content/tinh/news/2025/tin-{n}.md": news(
        f"Tin số {n}", body=" ".join(words[(n + k) % len(words)] + f" từ{n * k % 37}" for k in range(40)))
        for n in range(30)})
    out = tmp_path / "out"
    gathered = []
    real_gather = search_module._gather
    monkeypatch.setattr(search_module, "_gather", lambda terms: gathered.append(len(terms)) or real_gather(terms))
    read: list[str] = []
    real_read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda path: read.append(path.as_posix()) or real_read(path))

    def chunks() -> dict[str, tuple[int, bytes]]:
        folder = out.resolve() / "langson.gov.vn" / "tim-kiem" / "chunks"
        return {p.name: (p.stat().st_ino, p.read_bytes()) for p in folder.iterdir()}

    def edited(n: int) -> tuple[dict[str, tuple[int, bytes]], list]:
        """The chunks before an edit of an item (a word changed), and the terms gathered to make an index whole."""
        before = chunks()
        read.clear()
        gathered.clear()
        body = " ".join(words[(3 + k) % len(words)] + f" từ{3 * k % 37}" for k in range(40))
        write_repo(tmp_path, {"content/tinh/news/2025/tin-3.md": news("Tin số 3", body=body + f" sửa{n}")})
        _build(tmp_path, out, tmp_path / "cache")
        whole = list(gathered)
        names[:] = [Path(path).name for path in read if "/tim-kiem/chunks/" in path]  # (what the build read)
        _build(tmp_path, tmp_path / f"cold{n}", None)
        assert _index(out) == _index(tmp_path / f"cold{n}"), n
        return before, whole
    names: list[str] = []
    _build(tmp_path, out, tmp_path / "cache")
    assert len(chunks()) > 10
    first, whole = edited(1)
    assert not whole  # brought up to date
    second, whole = edited(2)
    assert not whole
    now = chunks()
    # linked by the first update (same inode), unchanged by the second: never read, linked again
    linked = [name for name in now if first[name][0] == second[name][0] and second[name] == now[name]]
    assert linked and not set(names) & set(linked)
    assert names and len(set(names)) < len(now) // 2

    # a chunk changed by hand in place (a new time, the same inode): read, found changed, the index made whole
    victim = (out.resolve() / "langson.gov.vn" / "tim-kiem" / "chunks" / linked[0])
    data = victim.read_bytes()
    with open(victim, "r+b") as f:
        f.write(data.replace(b"[", b" ", 1) if b"[" in data else data)
    os.utime(victim, ns=(victim.stat().st_atime_ns, victim.stat().st_mtime_ns + 10**9))
    _, whole = edited(3)
    assert whole


def test_the_state_of_the_live_index_is_kept_beside_the_new_one_and_no_other(tmp_path):
    """Should the build that writes a new index fail, the last output stays, and its state with it."""
    from generator.build.search_update import (
        STATE_FOLDER,
        _state_file,
        keep_state,
        states_of,
    )
    entries = [Entry("Một", body="đường Hùng Vương"), Entry("Hai", body="Lê Lợi")]
    live, _ = counted_index_files([item_terms(e) for e in entries], _docs(entries))
    folder = tmp_path / "live"
    folder.mkdir()
    (folder / "meta.json").write_bytes(live["meta.json"])
    version = json.loads(live["meta.json"])["version"]
    for name in (version, "0123456789abcdef", "fedcba9876543210"):
        path = _state_file(tmp_path / "cache", "tinh", "vi", name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}", encoding="utf-8")
    other_edition = _state_file(tmp_path / "cache", "so", "vi", "0123456789abcdef")
    other_edition.write_text("{}", encoding="utf-8")
    now = [Entry("Một", body="đường"), entries[1]]
    files, postings = counted_index_files([item_terms(e) for e in now], _docs(now))
    keep_state(tmp_path / "cache", folder, "tinh", "vi", "tool", [], files["meta.json"], postings, states_of(files))
    kept = sorted(p.name for p in (tmp_path / "cache" / STATE_FOLDER).iterdir())
    assert kept == sorted([_state_file(tmp_path, "tinh", "vi", version).name, other_edition.name,
                           _state_file(tmp_path, "tinh", "vi", json.loads(files["meta.json"])["version"]).name])
