"""Pages a reader expects, built from tiny repositories and read back as HTML and JSON."""
from __future__ import annotations

import datetime as dt
import filecmp
import io
import json
import re

from PIL import Image
from sitekit import (
    NOW,
    PNG,
    codes,
    news,
    run_build,
    search_docs,
    search_refs,
    write_repo,
)

from generator.core.clock import VN_TZ

DEPT = 'kind: department\nslug: sokhcn\nname: {vi: "Sở Khoa học và Công nghệ", en: "Department of Science and Technology"}\n'
COMMUNE = 'kind: commune\nslug: caoloc\nname: {vi: "Xã Cao Lộc", en: "Cao Loc Commune"}\n'


def legal(number: str, issued: str, effective: str, extra: str = "") -> str:
    return (f'---\ndoc_form: "Quyết định"\nissuing_authority: "Ủy ban nhân dân tỉnh Lạng Sơn"\nnumber: "{number}"\n'
            f'symbol: "QĐ-UBND"\nissued_date: {issued}\neffective_date: {effective}\n'
            f'abstract: "Ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh"\nfield: "Công nghệ thông tin"\n'
            f"files: [van-ban.pdf]\n{extra}---\nToàn văn.\n")


def read(tmp_path, rel: str) -> str:
    return (tmp_path / "public" / rel).read_text(encoding="utf-8")


def test_legal_page_shows_eight_elements_effect_and_files(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/legal/2024/qd-40.md": legal("40/2024", "2024-10-25", "2024-11-10"),
        "content/tinh/legal/2024/van-ban.pdf": b"%PDF-1.4\n" + b"0" * 2000,
        "content/tinh/legal/2025/qd-94.md": legal("94/2025", "2025-12-09", "2025-12-19", "replaces: [qd-40]\n"),
        "content/tinh/legal/2025/van-ban.pdf": b"%PDF-1.4\n",
    })
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    old = read(tmp_path, "langson.gov.vn/van-ban/qd-40/index.html")
    for label, value in [("Hình thức văn bản", "Quyết định"), ("Cơ quan ban hành", "Ủy ban nhân dân tỉnh Lạng Sơn"),
                         ("Số, ký hiệu", "40/2024/QĐ-UBND"), ("Ngày ban hành", "25 tháng 10 năm 2024"),
                         ("Ngày có hiệu lực", "10 tháng 11 năm 2024"),
                         ("Trích yếu", "Ban hành Quy chế hoạt động của Cổng thông tin điện tử tỉnh")]:
        assert f'<th scope="row">{label}</th><td>{value}</td>' in old
    # a complete phrase, then who replaced it (issue 11: the label ended on "bởi" where no link followed it)
    assert ('<span class="effect effect-replaced">Hết hiệu lực, đã được thay thế</span> bởi '
            '<a href="/van-ban/qd-94/">Quyết định 94/2025/QĐ-UBND</a>') in old
    assert re.search(r'<a href="/van-ban/qd-40/van-ban.pdf" download>van-ban.pdf</a> <span class="file-meta">\(PDF, 2,0 KB\)', old)
    assert (tmp_path / "public/langson.gov.vn/van-ban/qd-40/van-ban.pdf").stat().st_size == 2009
    new = read(tmp_path, "langson.gov.vn/van-ban/qd-94/index.html")
    assert "Còn hiệu lực" in new and 'Thay thế: <a href="/van-ban/qd-40/">' in new
    # the same build a day before the new one takes effect: the old one is still in force
    run_build(tmp_path, now=dt.datetime(2025, 12, 18, 12, tzinfo=VN_TZ))
    assert "Còn hiệu lực" in read(tmp_path, "langson.gov.vn/van-ban/qd-40/index.html")
    assert "Chưa có hiệu lực" in read(tmp_path, "langson.gov.vn/van-ban/qd-94/index.html")
    record = json.loads(read(tmp_path, "langson.gov.vn/van-ban/qd-94/index.json"))
    assert record["fields"]["issued_date"] == "2025-12-09" and record["effect"] == "not_yet"
    assert record["relations"] == {"replaces": ["tinh/legal/qd-40"]}
    field_page = read(tmp_path, "langson.gov.vn/van-ban/linh-vuc/cong-nghe-thong-tin/index.html")
    assert field_page.count('class="item-card"') == 2
    # a field spelled two ways has one address: its page lists both
    item = tmp_path / "content/tinh/legal/2024/qd-40.md"
    item.write_text(item.read_text(encoding="utf-8").replace('field: "Công nghệ thông tin"',
                                                             'field: "công nghệ thông tin"'), encoding="utf-8")
    assert run_build(tmp_path).ok
    field_page = read(tmp_path, "langson.gov.vn/van-ban/linh-vuc/cong-nghe-thong-tin/index.html")
    assert field_page.count('class="item-card"') == 2


def test_vietnamese_and_english_dates(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(date="2025-02-05"),
                          "content/tinh/news/2025/tin.en.md": news("News", date="2025-02-05")})
    run_build(tmp_path)
    vi = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    # after the label "Ngày đăng" the date does not say "ngày" again (issue 11); in a listing it does
    assert 'Ngày đăng: <time datetime="2025-02-05T00:00:00+07:00">05 tháng 02 năm 2025</time>' in vi
    assert "ngày 05 tháng 02 năm 2025" in read(tmp_path, "langson.gov.vn/tin-tuc/index.html")
    assert "February 5, 2025" in read(tmp_path, "english.langson.gov.vn/news/tin/index.html")


def test_withdrawn_keeps_its_page_under_a_banner_and_leaves_listings(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/cu.md": news("Tin cũ", extra="status: withdrawn\n"),
                          "content/tinh/news/2025/moi.md": news("Tin mới")})
    run_build(tmp_path)
    page = read(tmp_path, "langson.gov.vn/tin-tuc/cu/index.html")
    assert 'class="banner banner-withdrawn" role="note"' in page
    listing = read(tmp_path, "langson.gov.vn/tin-tuc/index.html")
    assert "Tin mới" in listing and "Tin cũ" not in listing
    assert "Tin cũ" not in read(tmp_path, "langson.gov.vn/index.html")
    assert "Tin cũ" not in read(tmp_path, "langson.gov.vn/feed.xml")


def test_drafts_and_scheduled_items_are_absent_until_their_time(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/news/2026/nhap.md": news("Bản nháp", extra="status: draft\n"),
        "content/tinh/news/2026/hen.md": news("Hẹn giờ", extra="publish_at: 2026-12-01T07:00\n"),
    })
    run_build(tmp_path)
    out = tmp_path / "public"
    every = "".join(p.read_text(errors="ignore") for p in out.rglob("*") if p.is_file())
    assert "Bản nháp" not in every and "Hẹn giờ" not in every
    assert not (out / "langson.gov.vn/tin-tuc/hen").exists()
    run_build(tmp_path, now=dt.datetime(2026, 12, 1, 7, 0, tzinfo=VN_TZ))
    assert "Hẹn giờ" in read(tmp_path, "langson.gov.vn/tin-tuc/hen/index.html")
    assert "Hẹn giờ" in read(tmp_path, "langson.gov.vn/sitemap.xml") or "/tin-tuc/hen/" in read(tmp_path, "langson.gov.vn/sitemap.xml")


def test_listings_are_paginated_by_twenty_newest_first(tmp_path):
    files = {f"content/tinh/news/2025/tin-{i:02d}.md": news(f"Tin số {i:02d}", date=f"2025-01-{i:02d}")
             for i in range(1, 26)}
    write_repo(tmp_path, files)
    run_build(tmp_path)
    first = read(tmp_path, "langson.gov.vn/tin-tuc/index.html")
    second = read(tmp_path, "langson.gov.vn/tin-tuc/trang/2/index.html")
    assert first.count('class="item-card"') == 20 and second.count('class="item-card"') == 5
    assert first.index("Tin số 25") < first.index("Tin số 24")
    assert "Tin số 05" in second and "Tin số 06" not in second
    assert 'href="/tin-tuc/trang/2/" rel="next"' in first


def test_portal_aggregates_component_news_and_content_does_not_leak(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": DEPT, "sites/caoloc.yaml": COMMUNE,
        # shown on the portal, so approved by its board (000 Đ6.5): marked for it
        "content/sokhcn/news/2025/hoi-thao.md": news("Hội thảo khoa học", extra="syndicate: true\n"),
        "content/caoloc/news/2025/thong-bao.md": news("Thông báo của xã", extra="syndicate: true\n"),
    })
    run_build(tmp_path)
    portal = read(tmp_path, "langson.gov.vn/index.html")
    assert '<a href="https://sokhcn.langson.gov.vn/tin-tuc/hoi-thao/">Hội thảo khoa học</a>' in portal
    assert '<a href="https://caoloc.langson.gov.vn/tin-tuc/thong-bao/">Thông báo của xã</a>' in portal
    assert "Sở, ban, ngành" in portal and "Xã, phường" in portal
    dept = tmp_path / "public/sokhcn.langson.gov.vn"
    dept_text = "".join(p.read_text() for p in dept.rglob("*.html"))
    assert "Thông báo của xã" not in dept_text
    assert not (dept / "tin-tuc/thong-bao").exists()
    directory = read(tmp_path, "english.langson.gov.vn/component-sites/index.html")
    assert "Department of Science and Technology" in directory and "Cao Loc Commune" in directory


def test_language_switcher_goes_to_the_translation_or_the_edition_home(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/co-dich.md": news("Có dịch"),
                          "content/tinh/news/2025/co-dich.en.md": news("Translated"),
                          "content/tinh/news/2025/chua-dich.md": news("Chưa dịch")})
    run_build(tmp_path)
    assert 'href="https://english.langson.gov.vn/news/co-dich/" hreflang="en"' in read(tmp_path, "langson.gov.vn/tin-tuc/co-dich/index.html")
    assert 'href="https://english.langson.gov.vn/" hreflang="en"' in read(tmp_path, "langson.gov.vn/tin-tuc/chua-dich/index.html")
    # for search engines, an alternate only where the page has one: the translation, the other home
    assert ('<link rel="alternate" hreflang="vi" href="https://langson.gov.vn/tin-tuc/co-dich/">\n'
            '<link rel="alternate" hreflang="en" href="https://english.langson.gov.vn/news/co-dich/">'
            ) in read(tmp_path, "langson.gov.vn/tin-tuc/co-dich/index.html")
    assert 'rel="alternate" hreflang' not in read(tmp_path, "langson.gov.vn/tin-tuc/chua-dich/index.html")
    assert 'og:locale:alternate' not in read(tmp_path, "langson.gov.vn/tin-tuc/chua-dich/index.html")
    assert '<link rel="alternate" hreflang="en" href="https://english.langson.gov.vn/">' in read(
        tmp_path, "langson.gov.vn/index.html")
    assert 'rel="alternate" hreflang' not in read(tmp_path, "langson.gov.vn/tin-tuc/index.html")
    en = read(tmp_path, "english.langson.gov.vn/news/co-dich/index.html")
    assert '<html lang="en">' in en and 'href="https://langson.gov.vn/tin-tuc/co-dich/" hreflang="vi" lang="vi">Tiếng Việt' in en
    # Vietnamese passages on an English page say so, for screen readers
    assert '<dd lang="vi">Trung tâm Thông tin' in en


def test_accessibility_landmarks_print_and_save(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(extra='image: {src: anh.png, alt: "Hội nghị"}\n'),
                          "content/tinh/news/2025/anh.png": PNG})
    run_build(tmp_path)
    page = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    for needle in ['<a class="skip-link" href="#main">', '<main id="main"', '<nav class="main-nav" aria-label=',
                   '<footer class="site-footer">', '<img src="/tin-tuc/tin/anh-8.png" srcset="/tin-tuc/tin/anh-8.png 8w"',
                   'width="8" height="6" alt="Hội nghị"',
                   'media="print"', 'data-print hidden>Lưu / In bài</button>',
                   'href="/tin-tuc/tin/index.json" type="application/json" download>Dữ liệu (JSON)</a>',
                   '02053.812.656', 'https://chinhphu.vn', 'https://dichvucong.gov.vn', 'Nguồn: Cổng thông tin điện tử tỉnh Lạng Sơn']:
        assert needle in page, needle


def test_image_without_alt_is_an_error(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(extra="image: {src: anh.png}\n"),
                          "content/tinh/news/2025/anh.png": b"\x89PNG"})
    result = run_build(tmp_path)
    assert [(d.line, d.code) for d in result.diagnostics] == [(5, "field.required")]
    assert "accessibility" in result.diagnostics[0].message


def test_failed_build_leaves_the_last_good_output_untouched(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản tốt")})
    assert run_build(tmp_path).ok
    before = {p.relative_to(tmp_path / "public"): p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()}
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản hỏng", date="2025-13-01"),
                          "content/tinh/news/2025/them.md": news("Tin thêm")})
    assert not run_build(tmp_path).ok
    after = {p.relative_to(tmp_path / "public"): p.read_bytes() for p in (tmp_path / "public").rglob("*") if p.is_file()}
    assert after == before and len(before) > 10
    # no staging folder left, no new generation: public/ is still the link to the first build
    assert sorted(p.name for p in tmp_path.iterdir() if "public" in p.name) == [".public.gen-1", ".public.lock", "public"]


def test_serial_and_parallel_builds_are_byte_identical(tmp_path):
    files = {"sites/sokhcn.yaml": DEPT, "sites/caoloc.yaml": COMMUNE}
    for i in range(30):
        site = ("tinh", "sokhcn", "caoloc")[i % 3]
        files[f"content/{site}/news/2025/tin-{i}.md"] = news(f"Tin {i}", date=f"2025-03-{i % 28 + 1:02d}",
                                                             extra=f"tags: [Chủ đề {i % 4}]\n")
    write_repo(tmp_path, files)
    assert run_build(tmp_path, tmp_path / "a", jobs=1).ok
    assert run_build(tmp_path, tmp_path / "b", jobs=2).ok
    assert run_build(tmp_path, tmp_path / "c", jobs=2).ok
    for other in ("b", "c"):
        cmp = filecmp.dircmp(tmp_path / "a", tmp_path / other)
        assert _identical(cmp), other


def _identical(cmp: filecmp.dircmp) -> bool:
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_identical(sub) for sub in cmp.subdirs.values())


def test_build_one_site_keeps_the_others(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": DEPT, "content/sokhcn/news/2025/a.md": news("Tin A"),
                          "content/tinh/news/2025/b.md": news("Tin B")})
    assert run_build(tmp_path).ok
    write_repo(tmp_path, {"content/sokhcn/news/2025/c.md": news("Tin C")})
    assert run_build(tmp_path, sites=frozenset({"sokhcn"})).ok
    assert (tmp_path / "public/sokhcn.langson.gov.vn/tin-tuc/c/index.html").is_file()
    assert (tmp_path / "public/langson.gov.vn/tin-tuc/b/index.html").is_file()
    assert NOW.year == 2026


def test_parse_cache_is_keyed_by_content_and_changes_nothing(tmp_path):
    from generator.pipeline import BuildOptions, build
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản một"), "content/tinh/news/2025/khac.md": news("Tin khác")})
    cache = tmp_path / "cache"

    def cached(out):
        return build(BuildOptions(root=tmp_path, out=tmp_path / out, now=NOW, jobs=1, cache_dir=cache))
    assert cached("cold").ok
    assert (cache / "parse.sqlite").stat().st_size > 0
    assert cached("warm").ok
    assert _identical(filecmp.dircmp(tmp_path / "cold", tmp_path / "warm"))
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news("Bản hai")})
    assert cached("edited").ok
    assert "Bản hai" in (tmp_path / "edited/langson.gov.vn/tin-tuc/tin/index.html").read_text()
    # a cached item with an error still reports it: the cache keeps diagnostics too
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(extra="sumary: x\n")})
    assert [d.code for d in cached("bad").diagnostics] == ["field.unknown"]
    assert [d.code for d in cached("bad").diagnostics] == ["field.unknown"]


def test_document_lookup_on_the_portal_covers_every_site(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": DEPT,
        "content/tinh/legal/2024/qd-40.md": legal("40/2024", "2024-10-25", "2024-11-10"),
        "content/tinh/legal/2024/van-ban.pdf": b"%PDF",
        "content/sokhcn/legal/2025/qd-12.md": legal("12/2025", "2025-01-02", "2025-01-10", "syndicate: true\n").replace(
            "Ủy ban nhân dân tỉnh Lạng Sơn", "Sở Khoa học và Công nghệ"),
        "content/sokhcn/legal/2025/van-ban.pdf": b"%PDF",
        "content/sokhcn/news/2025/tin.md": news(),
    })
    assert run_build(tmp_path).ok
    portal = read(tmp_path, "langson.gov.vn/van-ban/tra-cuu/index.html")
    assert 'data-ref="tinh/legal/qd-40"' in portal and 'data-ref="sokhcn/legal/qd-12"' in portal
    assert '<a href="https://sokhcn.langson.gov.vn/van-ban/qd-12/">12/2025/QĐ-UBND</a>' in portal
    for header in ("Số, ký hiệu", "Hình thức", "Cơ quan ban hành", "Ngày ban hành", "Ngày có hiệu lực",
                   "Trích yếu", "Tình trạng hiệu lực", "Tệp"):
        assert f'<th scope="col">{header}</th>' in portal
    assert '<option>Sở Khoa học và Công nghệ</option>' in portal and '<option>2025</option>' in portal
    assert '<a href="/van-ban/tra-cuu/">Xóa bộ lọc</a>' in portal
    dept = read(tmp_path, "sokhcn.langson.gov.vn/van-ban/tra-cuu/index.html")
    assert 'data-ref="sokhcn/legal/qd-12"' in dept and "tinh/legal/qd-40" not in dept
    # the lookup's words are the portal's search index: a row names its item's number there
    folder = tmp_path / "public/langson.gov.vn/tim-kiem"
    assert search_refs(folder, "40/2024")[0] == "tinh/legal/qd-40"
    assert search_refs(folder, "so khoa hoc")[0] == "sokhcn/legal/qd-12"
    numbers = dict(re.findall(r'<tr data-ref="([^"]+)" data-n="(\d+)"', portal))
    from generator.build.search import Searcher
    searcher = Searcher(lambda rel: (folder / rel).read_bytes())
    assert {searcher.doc(int(n)).ref for n in numbers.values()} == set(numbers) == {"tinh/legal/qd-40", "sokhcn/legal/qd-12"}
    assert '<a href="/van-ban/tra-cuu/" aria-current="page">Tra cứu văn bản</a>' in portal
    assert 'aria-current="page">Văn bản</a>' not in portal
    # a commune without legal documents has no lookup
    assert not (tmp_path / "public/sokhcn.langson.gov.vn/tin-tuc/tra-cuu").exists()


def test_drafts_and_withdrawn_documents_stay_out_of_the_lookup(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/legal/2024/nhap.md": legal("1/2024", "2024-01-02", "2024-01-10", "status: draft\n"),
        "content/tinh/legal/2024/thu-hoi.md": legal("2/2024", "2024-01-02", "2024-01-10", "status: withdrawn\n"),
        "content/tinh/legal/2024/hen.md": legal("3/2024", "2024-01-02", "2024-01-10", "publish_at: 2027-01-01\n"),
        "content/tinh/legal/2024/van-ban.pdf": b"%PDF",
    })
    assert run_build(tmp_path).ok
    lookup = read(tmp_path, "langson.gov.vn/van-ban/tra-cuu/index.html")
    index = "".join(p.read_text() for p in (tmp_path / "public/langson.gov.vn/tim-kiem").rglob("*.json"))
    for ref in ("nhap", "thu-hoi", "hen"):
        assert f"tinh/legal/{ref}" not in lookup and f"tinh/legal/{ref}" not in index


def test_interface_words_are_no_dict_methods():
    from generator.model.i18n import UI
    for table in UI.values():
        assert not set(table) & set(dir(dict)), set(table) & set(dir(dict))


def test_every_edition_has_a_search_page_and_index_of_its_published_items(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": DEPT,
        "content/tinh/news/2025/duong.md": news("Nâng cấp đường Hùng Vương", extra="tags: [Giao thông]\n"),
        "content/tinh/news/2025/duong.en.md": news("Hung Vuong street upgraded"),
        "content/tinh/news/2025/nhap.md": news("Bản nháp đường", extra="status: draft\n"),
        "content/tinh/news/2025/thu-hoi.md": news("Tin đường thu hồi", extra="status: withdrawn\n"),
        "content/tinh/news/2026/hen.md": news("Đường hẹn giờ", extra="publish_at: 2027-01-01\n"),
        "content/sokhcn/news/2025/hoi-thao.md": news("Hội thảo khoa học"),
    })
    assert run_build(tmp_path).ok
    page = read(tmp_path, "langson.gov.vn/tim-kiem/index.html")
    # One index on the portal's own host answers for every site: of a component site's items, it
    # holds those its board approved (000 Đ6.5: `syndicate`), as its listings do.
    assert 'data-search data-index="/tim-kiem/"' in page
    assert '<noscript><p class="banner" role="note">Tìm kiếm cần JavaScript' in page
    folder = tmp_path / "public/langson.gov.vn/tim-kiem"
    assert sorted(search_docs(folder)) == ["tinh/news/duong"]
    assert search_refs(folder, "duong hung vuong") == ["tinh/news/duong"]
    assert search_refs(folder, "giao thong") == ["tinh/news/duong"]
    assert search_docs(folder)["tinh/news/duong"].url == "https://langson.gov.vn/tin-tuc/duong/"
    english = search_docs(tmp_path / "public/english.langson.gov.vn/search")
    assert sorted(english) == ["tinh/news/duong"] and english["tinh/news/duong"].title.startswith("Hung")
    assert sorted(search_docs(tmp_path / "public/sokhcn.langson.gov.vn/tim-kiem")) == ["sokhcn/news/hoi-thao"]
    assert '<a href="/tim-kiem/">Tìm kiếm</a>' in read(tmp_path, "sokhcn.langson.gov.vn/index.html")


def test_a_document_that_replaces_itself_or_goes_round_is_refused_at_its_line(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/legal/2025/qd-1.md": legal("1/2025", "2025-01-02", "2025-01-10", "replaces: [qd-2]\n"),
        "content/tinh/legal/2025/qd-2.md": legal("2/2025", "2025-01-03", "2025-01-10", "replaces: [qd-1]\n"),
        "content/tinh/legal/2025/qd-3.md": legal("3/2025", "2025-01-04", "2025-01-10", "replaces: [qd-3]\n"),
        "content/tinh/legal/2025/qd-4.md": legal("4/2025", "2025-01-05", "2025-01-10", "amends: [qd-1]\n"),
        "content/tinh/legal/2025/van-ban.pdf": b"%PDF-1.4\n",
    })
    result = run_build(tmp_path)
    found = [(d.path, d.line, d.code) for d in sorted(result.diagnostics) if d.severity == "error"]
    assert found == [("content/tinh/legal/2025/qd-1.md", 11, "ref.cycle"),
                     ("content/tinh/legal/2025/qd-3.md", 11, "ref.self")]
    cycle = next(d for d in result.diagnostics if d.code == "ref.cycle")
    assert "tinh/legal/qd-1 → tinh/legal/qd-2 → tinh/legal/qd-1" in cycle.message


def test_file_names_are_percent_encoded_in_every_address_and_kept_on_disk(tmp_path):
    """An attachment or image named with a space, `#`, `?`, `%` or Vietnamese letters: each page, record
    and gone.txt writes its address percent-encoded (a raw `#` or `?` would cut the path), the file
    keeps its name, and linkcheck finds every link's file."""
    from generator.build.gone import address
    from generator.checks.linkcheck import check_links

    names = ["Báo cáo #3.txt", "q?d.txt", "Tăng 50%.txt"]
    encoded = ["B%C3%A1o%20c%C3%A1o%20%233.txt", "q%3Fd.txt", "T%C4%83ng%2050%25.txt"]
    files = "".join(f'  - "{n}"\n' for n in names)
    item = legal("1/2025", "2025-01-02", "2025-01-12").replace("files: [van-ban.pdf]\n", f"files:\n{files}")
    lead = 'image:\n  src: "ảnh #1.gif"\n  alt: "Ảnh"\n'
    gif = io.BytesIO()
    Image.new("RGB", (8, 6)).save(gif, "GIF")
    write_repo(tmp_path, {
        "content/tinh/legal/2025/qd.md": item,
        **{f"content/tinh/legal/2025/{n}": "chữ\n" for n in names},
        "content/tinh/news/2025/tin.md": news(extra=lead, body="Chữ.\n\n![Sơ đồ](<sơ đồ?.png>)\n"),
        "content/tinh/news/2025/ảnh #1.gif": gif.getvalue(),  # published as it is, without renditions
        "content/tinh/news/2025/sơ đồ?.png": PNG,
    })
    assert codes(run_build(tmp_path)) == []
    out = tmp_path / "public/langson.gov.vn"
    page = read(tmp_path, "langson.gov.vn/van-ban/qd/index.html")
    for name, url in zip(names, encoded):
        assert f'<a href="/van-ban/qd/{url}" download>{name}</a>' in page
        assert (out / "van-ban/qd" / name).read_text() == "chữ\n"
    lookup = read(tmp_path, "langson.gov.vn/van-ban/tra-cuu/index.html")
    assert f'href="/van-ban/qd/{encoded[0]}"' in lookup
    record = json.loads(read(tmp_path, "langson.gov.vn/van-ban/qd/index.json"))
    assert record["files"] == [f"https://langson.gov.vn/van-ban/qd/{url}" for url in encoded]
    # the same bytes as gone.txt would list them
    assert record["files"] == [address("https://langson.gov.vn/", f"van-ban/qd/{n}") for n in names]
    news_page = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    gif = "%E1%BA%A3nh%20%231.gif"
    assert f'<meta property="og:image" content="https://langson.gov.vn/tin-tuc/tin/{gif}">' in news_page
    assert f'src="/tin-tuc/tin/{gif}"' in news_page
    assert 'srcset="s%C6%A1%20%C4%91%E1%BB%93%3F-8.png 8w"' in news_page
    assert (out / "tin-tuc/tin/ảnh #1.gif").is_file() and (out / "tin-tuc/tin/sơ đồ?-8.png").is_file()
    assert [d.text() for d in check_links(tmp_path / "public", jobs=1)] == []


def test_a_body_link_to_a_file_publishes_the_file_or_names_the_missing_one_at_its_line(tmp_path):
    """`[báo cáo](bao-cao.txt)` is a file of the item as an image of its text is: found beside the item or
    in the site's files/, checked, copied beside the page and linked by its name (percent-encoded);
    links to pages and to other hosts are left as they are."""
    from generator.checks.linkcheck import check_links

    body = ("Mở đầu.\n\nXem [báo cáo](bao-cao.txt), [tờ trình](<Tờ trình #3.txt>) và\n"
            "[phụ lục](../../files/phu-luc.pdf).\n\n"
            "Cũng xem [tin khác](/tin-tuc/khac/) và [ngoài](https://example.org/a.pdf).\n\n"
            "Thiếu [bảng](bang.pdf).\n")
    write_repo(tmp_path, {
        "content/tinh/news/2025/tin.md": news(body=body),
        "content/tinh/news/2025/khac.md": news("Tin khác"),
        "content/tinh/news/2025/bao-cao.txt": "báo cáo\n",
        "content/tinh/news/2025/Tờ trình #3.txt": "tờ trình\n",
        "content/tinh/files/phu-luc.pdf": b"%PDF-1.4\n",
    })
    assert codes(run_build(tmp_path, check_only=True)) == [("content/tinh/news/2025/tin.md", 15, "file.missing")]
    (tmp_path / "content/tinh/news/2025/bang.pdf").write_bytes(b"%PDF-1.4\n")
    assert codes(run_build(tmp_path)) == []
    page = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    for href, words in [("bao-cao.txt", "báo cáo"), ("T%E1%BB%9D%20tr%C3%ACnh%20%233.txt", "tờ trình"),
                        ("phu-luc.pdf", "phụ lục"), ("bang.pdf", "bảng"), ("/tin-tuc/khac/", "tin khác"),
                        ("https://example.org/a.pdf", "ngoài")]:
        assert re.search(rf'<a href="{re.escape(href)}"[^>]*>{words}</a>', page), href
    folder = tmp_path / "public/langson.gov.vn/tin-tuc/tin"
    assert (folder / "bao-cao.txt").read_text() == "báo cáo\n" and (folder / "Tờ trình #3.txt").is_file()
    assert (folder / "phu-luc.pdf").is_file() and (folder / "bang.pdf").is_file()
    assert [d.text() for d in check_links(tmp_path / "public", jobs=1)] == []


def test_a_body_link_to_an_attachment_may_carry_a_page_a_query_or_escapes(tmp_path):
    """`qd.pdf#page=2`, `qd.pdf?v=1` and `k%E1%BA%BF.pdf` name the files `qd.pdf` and `kế.pdf`: linked to their
    copies with what followed kept; a host written without its scheme is no file (left for linkcheck)."""
    item = legal("1/2025", "2025-01-02", "2025-01-12").replace("files: [van-ban.pdf]\n", "files: [qd.pdf, kế.pdf]\n")
    item = item.replace("Toàn văn.", "Xem [trang 2](qd.pdf#page=2), [bản cũ](qd.pdf?v=1), [kế](k%E1%BA%BF.pdf) "
                                     "và [Cổng DVC](dichvucong.gov.vn).")
    write_repo(tmp_path, {"content/tinh/legal/2025/qd.md": item, "content/tinh/legal/2025/qd.pdf": b"%PDF-1.4\n",
                          "content/tinh/legal/2025/kế.pdf": b"%PDF-1.4\n"})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    page = read(tmp_path, "langson.gov.vn/van-ban/qd/index.html")
    for href in ("qd.pdf#page=2", "qd.pdf?v=1", "k%E1%BA%BF.pdf", "dichvucong.gov.vn"):
        assert f'href="{href}"' in page, href
