"""Vietnamese search: one folding in Python lunr and in real lunr.js under Node (issue 3, points 1-2, 4)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.build.search import Entry, build_index, code_terms, search

REPO = Path(__file__).resolve().parents[1]

CORPUS = [
    Entry("a", "Lễ hội Đông Kinh năm 2025", "Phường Đông Kinh tổ chức lễ hội", "Người dân phường Đông Kinh vui xuân."),
    Entry("b", "Hợp tác xã Đồng Đăng mở rộng sản xuất", "Xã Đồng Đăng phát triển kinh tế cửa khẩu"),
    Entry("c", "Bảo đảm an ninh trật tự dịp Tết", "Công an tỉnh triển khai kế hoạch an ninh", tags=("an ninh",)),
    Entry("d", "Quyết định số 40/2024/QĐ-UBND", "Ban hành Quy chế Cổng thông tin điện tử tỉnh",
          code="40/2024/QĐ-UBND", meta=("Quyết định", "Ủy ban nhân dân tỉnh Lạng Sơn", "Công nghệ thông tin", "2024")),
    Entry("e", "Quyết định số 94/2025/QĐ-UBND", "Thay thế Quyết định số 40/2024/QĐ-UBND",
          code="94/2025/QĐ-UBND", meta=("Quyết định", "Ủy ban nhân dân tỉnh Lạng Sơn", "2025")),
    Entry("f", "Nâng cấp đường Hùng Vương", "Sở Xây dựng nâng cấp tuyến đường trung tâm"),
    Entry("g", "Hà Nội và Lạng Sơn ký kết hợp tác", "Hai địa phương hợp tác du lịch"),
    Entry("h", "Kết quả xổ số do công ty phát hành", "Thông tin do đơn vị cung cấp", body="so sánh số liệu"),
    Entry("i", "Hội nghị chuyển đổi số năm 2026", "Chuyển đổi số toàn diện", tags=("chuyển đổi số",)),
    Entry("j", "Dự án đường cao tốc Đồng Đăng - Trà Lĩnh", "Đầu tư công", tags=("giao thông",)),
]

QUERIES = {
    # query: expected first result
    "đông kinh": "a", "dong kinh": "a", "ĐÔNG KINH": "a", "Dong Kinh": "a",
    "đông": "a", "đồng đăng": "b", "dong dang": None, "an ninh": "c", "AN NINH": "c",
    "40/2024/QĐ-UBND": "d", "40/2024": "d", "qd-ubnd": None, "40/2024/qd-ubnd": "d",
    "đường hùng vương": "f", "duong hung vuong": "f", "hà nội": "g", "ha noi": "g",
    "do": "h", "chuyển đổi số": "i", "chuyen doi so": "i",
}


@pytest.fixture(scope="module")
def index():
    return build_index(CORPUS)


@pytest.mark.parametrize("query,first", QUERIES.items())
def test_python_first_results(index, query, first):
    hits = search(index, query)
    assert hits, query
    if first:
        assert hits[0] == first, (query, hits)


def test_exact_marks_rank_above_folded_matches(index):
    assert search(index, "đông")[0] == "a"
    assert search(index, "đồng")[0] in {"b", "j"}
    assert set(search(index, "dong")[:3]) == {"a", "b", "j"}


def test_no_english_pipeline_on_vietnamese(index):
    assert "c" in search(index, "an")          # an English stop word, a Vietnamese syllable
    assert "h" in search(index, "do")
    assert "f" in search(index, "đường")       # lunr's trimmer would leave "ng"
    assert index["pipeline"] == ["congtt-vi"]


def test_document_numbers_are_found_whole_and_by_parts():
    assert code_terms("40/2024/QĐ-UBND") == sorted({"40/2024/qđ-ubnd", "40/2024/qđ", "40/2024", "40", "2024",
                                                    "2024/qđ", "2024/qđ-ubnd", "qđ-ubnd", "qđ", "ubnd"})


NODE = shutil.which("node")
LUNR_JS = REPO / "node_modules" / "lunr" / "lunr.js"


@pytest.mark.skipif((NODE is None or not LUNR_JS.is_file()) and not os.environ.get("CI"),
                    reason="needs node and `npm ci --ignore-scripts`; CI has both")
def test_lunr_js_answers_like_python(index, tmp_path):
    (tmp_path / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(list(QUERIES), ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([NODE or "node", str(REPO / "tests/js/search_node.js"), str(tmp_path / "index.json"),
                          str(tmp_path / "queries.json")], capture_output=True, text=True, check=True)
    js = json.loads(out.stdout)
    assert len(QUERIES) == 20
    for query in QUERIES:
        py = search(index, query)
        assert js[query], query
        assert js[query][0] == py[0], (query, js[query], py)
        assert set(js[query]) == set(py), query


def test_an_empty_index_loads_and_finds_nothing():
    empty = build_index([])
    assert search(empty, "đông") == []


def test_shards_keep_newest_first_and_whole_years_where_they_fit():
    from generator.build.search import SHARD_SIZE, shard_groups
    refs = [(2026, f"a{i}") for i in range(300)] + [(2025, f"b{i}") for i in range(400)] + \
           [(2024, f"c{i}") for i in range(700)]
    groups = shard_groups(refs)
    assert [len(g) for g in groups] == [160, 140, 160, 160, 80, 160, 160, 160, 160, 60]
    assert groups[0][0] == "a0" and [r for g in groups for r in g] == [r for _, r in refs]
    assert all(len(g) <= SHARD_SIZE for g in groups)
    assert shard_groups([]) == []


def test_an_unchanged_shard_comes_from_the_cache(tmp_path, monkeypatch):
    import generator.build.search
    from generator.pipeline import BuildOptions, build
    from sitekit import NOW, news, write_repo
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Tin về đường Hùng Vương")})

    def once(out):
        return build(BuildOptions(root=tmp_path, out=tmp_path / out, now=NOW, jobs=1, cache_dir=tmp_path / "cache"))
    assert once("cold").ok
    cold = (tmp_path / "cold/langson.gov.vn/tim-kiem/shard-0.json").read_bytes()

    def refuse(entries):
        raise AssertionError("a shard was indexed again although nothing changed")
    monkeypatch.setattr(generator.build.search, "build_index", refuse)
    assert once("warm").ok
    assert (tmp_path / "warm/langson.gov.vn/tim-kiem/shard-0.json").read_bytes() == cold
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Tin mới")})
    changed = once("changed")  # the failure comes back as a diagnostic (internal.error), not a traceback
    assert not changed.ok and any("indexed again" in d.message for d in changed.diagnostics)
