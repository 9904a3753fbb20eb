"""Full-text search: one index in Python lunr and real lunr.js under Node, split by terms (issue 12;
the Vietnamese folding of issue 3)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build.search import (
    FIELD_NAMES,
    Doc,
    Entry,
    Searcher,
    chunk_of,
    code_terms,
    entry_terms,
    index_files,
    item_terms,
    key_of,
    query_clauses,
)

REPO = Path(__file__).resolve().parents[1]

CORPUS = {
    "a": Entry("Lễ hội Đông Kinh năm 2025", summary="Phường Đông Kinh tổ chức lễ hội",
               body="Người dân phường Đông Kinh vui xuân."),
    "b": Entry("Hợp tác xã Đồng Đăng mở rộng sản xuất", summary="Xã Đồng Đăng phát triển kinh tế cửa khẩu"),
    "c": Entry("Bảo đảm an ninh trật tự dịp Tết", summary="Công an tỉnh triển khai kế hoạch an ninh",
               tags=("an ninh",)),
    "d": Entry("Quyết định số 40/2024/QĐ-UBND", summary="Ban hành Quy chế Cổng thông tin điện tử tỉnh",
               code="40/2024/QĐ-UBND", fields=("Quyết định", "Ủy ban nhân dân tỉnh Lạng Sơn", "Dương Xuân Huyên",
                                              "2024")),
    "e": Entry("Quyết định số 94/2025/QĐ-UBND", summary="Thay thế Quyết định số 40/2024/QĐ-UBND",
               code="94/2025/QĐ-UBND", fields=("Quyết định", "Ủy ban nhân dân tỉnh Lạng Sơn", "2025")),
    "f": Entry("Nâng cấp đường Hùng Vương", summary="Sở Xây dựng nâng cấp tuyến đường trung tâm"),
    "g": Entry("Hà Nội và Lạng Sơn ký kết hợp tác", summary="Hai địa phương hợp tác du lịch"),
    "h": Entry("Kết quả xổ số do công ty phát hành", summary="Thông tin do đơn vị cung cấp", body="so sánh số liệu"),
    "i": Entry("Hội nghị chuyển đổi số năm 2026", summary="Chuyển đổi số toàn diện", tags=("chuyển đổi số",)),
    "j": Entry("Dự án đường cao tốc Đồng Đăng - Trà Lĩnh", summary="Đầu tư công", tags=("giao thông",)),
    "k": Entry("Thông báo lịch tiếp công dân", body="Ông Vương Văn Hùng, Phó Chủ tịch, tiếp công dân tại trụ sở.",
               files=("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh chịu trách nhiệm thi hành quyết định này.",)),
}

QUERIES = {
    # query: expected first result
    "đông kinh": "a", "dong kinh": "a", "ĐÔNG KINH": "a", "Dong Kinh": "a",
    "đông": "a", "đồng đăng": "b", "dong dang": None, "an ninh": "c", "AN NINH": "c",
    "40/2024/QĐ-UBND": "d", "40/2024": "d", "qd-ubnd": None, "40/2024/qd-ubnd": "d",
    "đường hùng vương": "f", "duong hung vuong": "f", "hà nội": "g", "ha noi": "g",
    "do": "h", "chuyển đổi số": "i", "chuyen doi so": "i", "duong xuan huyen": "d",
    "chanh van phong chiu trach nhiem": "k", '"hùng vương"': "f",
}


def files_of(corpus: dict[str, Entry]) -> dict[str, bytes]:
    """The index of the items, made from their terms in the packed form the build keeps (item_terms)."""
    return index_files([item_terms(e) for e in corpus.values()], [Doc(ref, f"/{ref}/", e.title)
                                                                   for ref, e in corpus.items()])


@pytest.fixture(scope="module")
def files():
    return files_of(CORPUS)


def search(files: dict[str, bytes], query: str) -> list[str]:
    return Searcher(files.__getitem__).refs(query)


@pytest.mark.parametrize("query,first", QUERIES.items())
def test_python_first_results(files, query, first):
    hits = search(files, query)
    assert hits, query
    if first:
        assert hits[0] == first, (query, hits)


def ranked(corpus: dict[str, Entry], query: str) -> list[str]:
    return search(files_of(corpus), query)


def test_exact_marks_rank_above_folded_matches_in_any_field(files):
    assert search(files, "đông")[0] == "a"
    assert search(files, "đồng")[0] in {"b", "j"}
    assert set(search(files, "dong")[:3]) == {"a", "b", "j"}
    # two items that differ only in the marks of one word of their bodies
    pair = {"x": Entry("Tin", body="Tuyến đường phía Đồng được mở rộng."),
            "y": Entry("Tin", body="Tuyến đường phía Đông được mở rộng.")}
    assert ranked(pair, "phía đông") == ["y", "x"] and ranked(pair, "phía đồng") == ["x", "y"]


def test_words_together_rank_above_the_same_words_scattered():
    pair = {"x": Entry("Tin", body="Hùng đi dọc phố, tới ngã ba gặp Vương Thừa Vũ."),
            "y": Entry("Tin", body="Đi dọc phố Hùng Vương, tới ngã ba gặp Thừa Vũ.")}
    assert ranked(pair, "hùng vương") == ["y", "x"] and ranked(pair, "hung vuong") == ["y", "x"]
    assert ranked(pair, '"hung vuong"') == ["y"]            # "…" asks for the phrase
    assert ranked(pair, '"vương hùng"') == []


def test_three_words_together_rank_above_their_pairs_apart():
    """Both items hold every pair of the query's adjacent words, and y holds "dựng" twice; x holds
    the words in a row, so its triples rank it first."""
    pair = {"y": Entry("Tin", body="Xây dựng đô thị, tái dựng nông thôn."),
            "x": Entry("Tin", body="Xây dựng nông thôn, tái thiết đô thị.")}
    assert ranked(pair, "xây dựng nông thôn") == ["x", "y"] and ranked(pair, "xay dung nong thon") == ["x", "y"]
    assert ranked(pair, '"xây dựng nông thôn"') == ["x"]


def test_the_title_ranks_above_the_body():
    pair = {"x": Entry("Tin tức", body="Lễ hội hoa đào năm nay đông vui."),
            "y": Entry("Lễ hội hoa đào", body="Tin tức năm nay đông vui.")}
    assert ranked(pair, "le hoi hoa dao") == ["y", "x"]


def test_no_english_pipeline_on_vietnamese(files):
    assert "c" in search(files, "an")          # an English stop word, a Vietnamese syllable
    assert "h" in search(files, "do")
    assert "f" in search(files, "đường")       # lunr's trimmer would leave "ng"
    assert json.loads(files["meta.json"])["fields"] == list(FIELD_NAMES)


def test_document_numbers_are_found_whole_and_by_parts():
    assert code_terms("40/2024/QĐ-UBND") == sorted({"40/2024/qđ-ubnd", "40/2024/qđ", "40/2024", "40", "2024",
                                                    "2024/qđ", "2024/qđ-ubnd", "qđ-ubnd", "qđ", "ubnd"})


def test_a_query_fetches_only_the_chunks_of_its_words_and_pairs():
    corpus = {f"n{i}": Entry(f"Tin số {i}", body=" ".join(f"từ{i}x{j}" for j in range(400))) for i in range(60)}
    corpus["hv"] = Entry("Đường Hùng Vương", body="Nâng cấp đường Hùng Vương.")
    files = files_of(corpus)
    meta = json.loads(files["meta.json"])
    assert meta["chunks"] > 3
    searcher = Searcher(files.__getitem__)
    assert searcher.refs("hùng vương") == ["hv"]
    wanted = {f"chunks/{chunk_of(key_of(t), meta['chunks'])}.json" for t in ("hung", "vuong", "hung vuong")}
    assert set(searcher.fetched) == {"meta.json", f"docs/{60 // meta['docs_per_file']}.json"} | wanted
    before = list(searcher.fetched)
    searcher.refs("hung vuong")
    assert searcher.fetched == before  # nothing fetched twice
    # three words: their triple sits in the file of its first pair, so no file more than words and pairs
    searcher = Searcher(files.__getitem__)
    assert searcher.refs("đường hùng vương") == ["hv"]
    assert key_of("duong hung vuong") == "duong hung"
    wanted = {f"chunks/{chunk_of(key_of(t), meta['chunks'])}.json"
              for t in ("duong", "hung", "vuong", "duong hung", "hung vuong")}
    assert {f for f in searcher.fetched if f.startswith("chunks/")} == wanted
    chunk = json.loads(files[f"chunks/{chunk_of('duong hung', meta['chunks'])}.json"])
    assert "duong hung vuong" in chunk


def test_lunr_builder_gives_the_same_weights():
    """The weights are lunr's: Python lunr's own Builder (b = 0) over the same terms scores a query
    as the index read piece by piece does."""
    from lunr.builder import Builder
    from lunr.index import Index
    from lunr.query import QueryPresence

    from generator.build.search import BOOSTS, K1
    builder = Builder()
    builder.ref("ref")
    builder.k1(K1)
    builder.b(0)
    for name, boost in zip(FIELD_NAMES, BOOSTS):
        builder.field(name, boost=boost)
    refs = list(CORPUS)
    for number, ref in enumerate(refs):
        terms = entry_terms(CORPUS[ref])
        builder.add({"ref": str(number), **{name: [t for t, n in terms[f].items() for _ in range(n)]
                                            for f, name in enumerate(FIELD_NAMES)}})
    whole = Index.load(builder.build().serialize())
    files = files_of(CORPUS)
    for query in QUERIES:
        clauses = query_clauses(query)

        def build(q):
            for c in clauses:
                terms = [c.term] if not c.pipeline else sorted({c.term, key_of(c.term)})
                for t in terms:
                    q.term(t, use_pipeline=False, boost=c.boost, presence=QueryPresence.OPTIONAL)
        expected = {int(r["ref"]): r["score"] for r in whole.query(callback=build)}
        got = {h.number: h.score for h in Searcher(files.__getitem__).search(query)}
        # the same scores, up to one factor per query: a pair of words no item holds is still in the
        # piecewise index (empty), and lunr divides by the query vector's length
        ratios = {round(score / expected[n], 9) for n, score in got.items()}
        assert got and len(ratios) == 1, (query, got, expected)
        if all(" " not in t for c in clauses for t in [c.term]):
            assert ratios == {1.0}, query


NODE = shutil.which("node")
LUNR_JS = REPO / "node_modules" / "lunr" / "lunr.js"


def node_search(folder: Path, queries: list[str]) -> dict:
    (folder / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([NODE or "node", str(REPO / "tests/js/search_node.js"), str(folder),
                          str(folder / "queries.json")], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.skipif((NODE is None or not LUNR_JS.is_file()) and not os.environ.get("CI"),
                    reason="needs node and `npm ci --ignore-scripts`; CI has both")
def test_lunr_js_answers_as_python_does(files, tmp_path):
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    queries = [*QUERIES, "đông kinh " + " ".join(f"hà nội {i}" for i in range(40))]  # past the 32 words looked up
    js = node_search(tmp_path, queries)
    for query in queries:
        searcher = Searcher(files.__getitem__)
        py = [[h.number, h.score] for h in searcher.search(query)]
        assert js[query]["hits"] == py, query  # the same items, order and scores
        assert js[query]["fetched"] == [p for p in searcher.fetched if not p.startswith("docs/")], query


def test_packed_terms_give_the_same_files_as_the_terms_themselves():
    """Items as the load stage keeps them (packed) and as dicts (a term holding a separator) give
    the same bytes; with an item of no terms, a count above 255 and a code JSON must escape."""
    from generator.build.search import unpack
    entries = [*CORPUS.values(), Entry(title=""), Entry(title="Mã lạ", code='A"B\\C/2024'),
               Entry(title="Mã có dấu cách", code="12/2024 số một hai"),
               Entry(title="Lặp", body="lặp " * 300)]
    fields = [entry_terms(e) for e in entries]
    docs = [Doc(str(n), f"/{n}/", e.title) for n, e in enumerate(entries)]
    assert [unpack(item_terms(e)) for e in entries][:-1] == fields[:-1]
    assert unpack(item_terms(entries[-1]))[5] == {"lặp": 255, "lap": 255}  # (the index counts 9 at most)
    assert fields[-1][-1] == {"lap lap": 299, "lap lap lap": 298}
    packed = index_files([item_terms(e) for e in entries], docs)
    assert packed == index_files(fields, docs)
    assert packed == index_files([item_terms(e) if n % 2 else f for n, (e, f) in enumerate(zip(entries, fields))], docs)
    chunks = [json.loads(data) for name, data in packed.items() if name.startswith("chunks/")]
    assert sum('a"b\\c/2024' in chunk for chunk in chunks) == 1
    assert search(packed, "lap") == [str(len(entries) - 1)]
    chunk = chunk_of(key_of("12/2024 số một hai"), json.loads(packed["meta.json"])["chunks"])
    assert "12/2024 số một hai" in json.loads(packed[f"chunks/{chunk}.json"])  # a code with spaces: by its first two words


def test_postings_numbers_are_written_as_python_writes_them():
    """The numbers of the postings, written with numpy from a table of the numbers up to the largest,
    or digit by digit past TABLE_NUMBERS, are str() joined by commas, and each starts where it says."""
    import numpy as np

    from generator.build.search import TABLE_NUMBERS, _numbers_text
    for numbers in ([0], [7, 0, 10, 99, 100, 1000, 9], [5, TABLE_NUMBERS, 0, 123456789012, 10],
                    list(range(0, 3000, 7))):
        for dtype in (np.int32, np.int64):
            if max(numbers) >= 2 ** 31 and dtype is np.int32:
                continue
            text, at = _numbers_text(np.array(numbers, dtype=dtype))
            assert text == ",".join(map(str, numbers))
            assert [text[a:b - 1] for a, b in zip(at[:-1].tolist(), at[1:].tolist())] == list(map(str, numbers))


def test_pairs_and_triples_are_the_same_whichever_way_they_are_sorted(monkeypatch):
    """The packed sort of word numbers (an edition of ordinary size), the stable sort when they do
    not fit 64 bits, and with more than ONE_CODE_WORDS terms the pairs numbered before the triples'
    third words, give the files the terms as strings give; with an item of more than 65,534
    distinct words (packed four bytes a word) among others, in item order."""
    import generator.build.search as search_module
    entries = [*CORPUS.values(), Entry("Lớn", body=" ".join(f"w{i}" for i in range(70000)) + " đường Hùng Vương"),
               Entry("Tin", body="Nâng cấp đường Hùng Vương")]
    docs = [Doc(str(n), f"/{n}/", e.title) for n, e in enumerate(entries)]
    packed = [item_terms(e) for e in entries]
    expected = index_files([entry_terms(e) for e in entries], docs)
    assert index_files(packed, docs) == expected
    monkeypatch.setattr(search_module, "PACKED_BITS", 8)
    assert index_files(packed, docs) == expected
    monkeypatch.setattr(search_module, "ONE_CODE_WORDS", 1)
    assert index_files(packed, docs) == expected
    assert index_files([entry_terms(e) for e in entries], docs) == expected
    assert search(expected, '"đường hùng vương"') == ["5", str(len(entries) - 2), str(len(entries) - 1)]


def test_an_empty_index_loads_and_finds_nothing():
    assert search(index_files([], []), "đông") == []


def test_unchanged_items_are_not_indexed_again(tmp_path, monkeypatch):
    from sitekit import NOW, news, write_repo

    import generator.build.search_terms
    from generator.pipeline import BuildOptions, build
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Tin về đường Hùng Vương")})

    def once(out):
        return build(BuildOptions(root=tmp_path, out=tmp_path / out, now=NOW, jobs=1, cache_dir=tmp_path / "cache"))
    assert once("cold").ok
    cold = (tmp_path / "cold/langson.gov.vn/tim-kiem/meta.json").read_bytes()

    def refuse(entry):
        raise AssertionError("an item was indexed again although nothing changed")
    monkeypatch.setattr(generator.build.search_terms, "entry_words", refuse)
    assert once("warm").ok
    assert (tmp_path / "warm/langson.gov.vn/tim-kiem/meta.json").read_bytes() == cold
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Tin mới")})
    changed = once("changed")  # the failure comes back as a diagnostic (internal.error), not a traceback
    assert not changed.ok and any("indexed again" in d.message for d in changed.diagnostics)


def test_an_item_is_tokenised_once_per_build_for_every_index_that_holds_it(tmp_path, monkeypatch):
    """Issue 12, point 5: a component site's item is in its site's index and the portal's; its
    terms are made once, at load, with no cache to share them, and both indexes find it."""
    from sitekit import news, run_build, write_repo

    import generator.build.search_terms
    write_repo(tmp_path, {"sites/so1.yaml": 'kind: department\nslug: so1\nname: {vi: "Sở Một", en: "Dept One"}\n',
                          "content/so1/news/2025/tin.md": news("Tin về đường Hùng Vương")},
               profile="thainguyen-2026")  # no approval needed: the portal shows it
    made = []
    real = generator.build.search_terms.entry_words

    def counted(entry):
        made.append(entry.title)
        return real(entry)
    monkeypatch.setattr(generator.build.search_terms, "entry_words", counted)
    assert run_build(tmp_path).ok  # (no cache folder)
    assert made.count("Tin về đường Hùng Vương") == 1
    for host in ("thainguyen.gov.vn", "so1.thainguyen.gov.vn"):
        files = {p.relative_to(tmp_path / "public" / host / "tim-kiem").as_posix(): p.read_bytes()
                 for p in (tmp_path / "public" / host / "tim-kiem").rglob("*.json")}
        assert search(files, "hung vuong") == ["so1/news/tin"], host


def test_the_portal_answers_for_120_component_sites_from_its_own_index_in_a_few_requests(tmp_path):
    """Issue 12, point 7: one index on the portal's host, built in the same run, holds every site's
    items; a query fetches meta.json, a chunk per word and pair, and the docs of its results,
    whatever the number of sites; no other host is asked for anything."""
    from sitekit import news, run_build, write_repo
    files = {}
    for k in range(120):
        kind, slug = ("department", f"so{k}") if k % 2 else ("commune", f"xa{k}")
        files[f"sites/{slug}.yaml"] = f'kind: {kind}\nslug: {slug}\nname: {{vi: "Đơn vị {k}", en: "Unit {k}"}}\n'
        files[f"content/{slug}/news/2025/tin-{k}.md"] = news(
            f"Tin số {k} của đơn vị", body=f"Nội dung riêng mã{k} về đường Hùng Vương và việc khác.")
    write_repo(tmp_path, files, profile="thainguyen-2026")  # no approval needed: the portal shows them all
    assert run_build(tmp_path, jobs=2).ok
    folder = tmp_path / "public/thainguyen.gov.vn/tim-kiem"
    searcher = Searcher(lambda rel: (folder / rel).read_bytes())
    assert searcher.meta["items"] == 120
    assert searcher.refs("mã77 hùng vương") == ["so77/news/tin-77"]
    fetched = list(searcher.fetched)
    chunks = [p for p in fetched if p.startswith("chunks/")]
    print("portal of 120 component sites, one query fetched:", fetched)
    assert fetched[0] == "meta.json" and len(chunks) <= 5 and len(fetched) <= 1 + 5 + 1
    hits = searcher.search("đường hùng vương")
    assert len(hits) == 120  # every site's item, from the same files
    assert len({searcher.doc(h.number).url.split("/")[2] for h in hits[:10]}) == 10  # on their own hosts


def test_attachment_text_signer_and_body_are_found_but_not_drafts(tmp_path):
    """Point 1: the text of a .txt attachment, a text field (the signer), the whole body; a draft
    stays out."""
    from sitekit import run_build, write_repo
    legal = ('---\ndoc_form: "Quyết định"\nissuing_authority: "Ủy ban nhân dân tỉnh Lạng Sơn"\nnumber: "{n}"\n'
             'symbol: "QĐ-UBND"\nissued_date: 2024-10-25\neffective_date: 2024-11-10\nsigner: "Dương Xuân Huyên"\n'
             'abstract: "Ban hành Quy chế"\nfield: "Công nghệ thông tin"\nfiles: [{f}]\n{x}---\n{body}\n')
    filler = " ".join(["Nội dung thường lệ của văn bản."] * 80)
    write_repo(tmp_path, {
        "content/tinh/legal/2024/qd-40.md": legal.format(n="40/2024", f="toan-van.txt", x="", body=filler
                                                         + " Câu cuối về chợ Kỳ Lừa."),
        "content/tinh/legal/2024/toan-van.txt": "Điều 9. Trách nhiệm của Sở Văn hóa về lễ hội Lồng Tồng.\n",
        "content/tinh/legal/2024/nhap.md": legal.format(n="41/2024", f="toan-van.txt", x="status: draft\n",
                                                        body="Lễ hội Lồng Tồng, chợ Kỳ Lừa."),
    })
    assert run_build(tmp_path).ok
    folder = tmp_path / "public/langson.gov.vn/tim-kiem"
    searcher = Searcher(lambda rel: (folder / rel).read_bytes())
    assert searcher.refs("le hoi long tong") == ["tinh/legal/qd-40"]        # the attachment's text
    assert searcher.refs("duong xuan huyen") == ["tinh/legal/qd-40"]        # the signer
    assert searcher.refs("cho ky lua") == ["tinh/legal/qd-40"]              # the end of a long body
    assert searcher.meta["items"] == 1                                       # the draft is not there


def test_a_long_query_looks_up_its_first_32_words_only(files, tmp_path):
    query = "đông kinh " + " ".join(f"từ{i}" for i in range(200))
    searcher = Searcher(files.__getitem__)
    assert searcher.search(query) == []  # words 3 to 32 are in no item; words 33 on are not looked up
    assert len([p for p in searcher.fetched if p.startswith("chunks/")]) <= 1  # one chunk file here
    assert len(query_clauses(query)) == 32 + 31 + 30  # words, pairs and triples of the first 32
