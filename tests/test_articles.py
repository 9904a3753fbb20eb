"""An item's page as a reader reads, prints and shares it (issue 11, points 4 and 6): related items,
a table of contents of a long legal text, Open Graph tags, icons, the printed page, and the defects
seen on the example (status labels, dates, names, the governing agency, the sample notice, the saved
copy, the reuse line, the official English name). Built from tiny repositories, read back as HTML."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from sitekit import PNG, news, run_build, write_repo
from test_site_output import COMMUNE, legal, read


def meta(page: str) -> dict[str, list[str]]:
    """The page's <meta property|name=… content=…> values, by property or name."""
    found: dict[str, list[str]] = {}

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "meta" and "content" in a and (a.get("property") or a.get("name")):
                found.setdefault(a.get("property") or a.get("name"), []).append(a["content"])
    Parser().feed(page)
    return found


def shown(page: str, text: str) -> list[str]:
    """The opening tags of the elements whose text (not an attribute) holds ``text``."""
    return re.findall(r"(<[^>]+>)[^<]*" + re.escape(text), page)


def ids(page: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page))


def related_titles(page: str) -> list[str]:
    section = page.split('<section class="related"', 1)
    return re.findall(r'class="item-title"><a href="[^"]+">([^<]+)</a>', section[1]) if len(section) > 1 else []


def test_related_items_share_a_tag_or_the_field_newest_first_at_most_five_never_the_item_itself(tmp_path):
    files = {f"content/tinh/news/2025/tin-{n}.md": news(f"Tin chuyển đổi số {n}", date=f"2025-03-{n:02d}T08:00",
                                                        extra='tags: ["Chuyển đổi số"]\n') for n in range(1, 8)}
    files["content/tinh/news/2025/khac.md"] = news("Tin về lễ hội", date="2025-03-20T08:00", extra='tags: ["Lễ hội"]\n')
    files["content/tinh/legal/2024/qd-40.md"] = legal("40/2024", "2024-10-25", "2024-11-10")
    files["content/tinh/legal/2024/van-ban.pdf"] = b"%PDF-1.4\n"
    files["content/tinh/legal/2025/qd-94.md"] = legal("94/2025", "2025-12-09", "2025-12-19")
    files["content/tinh/legal/2025/van-ban.pdf"] = b"%PDF-1.4\n"
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    page = read(tmp_path, "langson.gov.vn/tin-tuc/tin-3/index.html")
    assert '<h2 id="related-heading">Cùng chủ đề, lĩnh vực</h2>' in page
    assert related_titles(page) == [f"Tin chuyển đổi số {n}" for n in (7, 6, 5, 4, 2)]
    # a tag of its own only: nothing related, no empty section
    assert '<section class="related"' not in read(tmp_path, "langson.gov.vn/tin-tuc/khac/index.html")
    # legal documents of one field (lĩnh vực) are related to each other
    assert related_titles(read(tmp_path, "langson.gov.vn/van-ban/qd-40/index.html")) == ["Quyết định 94/2025/QĐ-UBND"]


LONG_LAW = "".join(f"**Điều {n}.** Nội dung của điều {n}.\n\n" for n in range(1, 6))


def test_a_long_legal_text_gets_a_table_of_contents_linking_its_articles(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/legal/2024/qd-40.md": legal("40/2024", "2024-10-25", "2024-11-10").replace(
            "Toàn văn.\n", "Quyết định ban hành quy chế.\n\n" + LONG_LAW),
        "content/tinh/legal/2024/van-ban.pdf": b"%PDF-1.4\n",
        "content/tinh/legal/2025/qd-94.md": legal("94/2025", "2025-12-09", "2025-12-19").replace(
            "Toàn văn.\n", "## Chương I\n\n## Chương II\n\n### Điều 1. Phạm vi\n\n## Chương III\n\nĐiều 2. Ngắn.\n"),
        "content/tinh/legal/2025/van-ban.pdf": b"%PDF-1.4\n",
        "content/tinh/news/2025/tin.md": news(body="Điều 1. Một.\n\nĐiều 2. Hai.\n\nĐiều 3. Ba.\n"),
    })
    assert run_build(tmp_path).ok
    page = read(tmp_path, "langson.gov.vn/van-ban/qd-40/index.html")
    toc = page.split('<nav class="toc" aria-labelledby="toc-heading">', 1)[1].split("</nav>", 1)[0]
    assert '<h2 id="toc-heading">Mục lục</h2>' in toc
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    assert links == [(f"dieu-{n}", f"Điều {n}. Nội dung của điều {n}.") for n in range(1, 6)]
    assert {target for target, _ in links} <= ids(page)  # every entry leads somewhere
    assert '<p id="dieu-3"><strong>Điều 3.</strong> Nội dung của điều 3.</p>' in page
    assert page.index('class="toc"') < page.index('class="article-body"')
    # headings, when the text has them, nested by level; "Chương II" is named by its number
    headed = read(tmp_path, "langson.gov.vn/van-ban/qd-94/index.html")
    assert '<li><a href="#chuong-ii">Chương II</a><ul>' in headed and '<h3 id="dieu-1">Điều 1. Phạm vi</h3>' in headed
    # three articles are not long: no table of contents
    assert 'class="toc"' not in read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")


def test_open_graph_and_twitter_card_tags_say_what_a_shared_link_shows(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/news/2025/tin.md": news("Hội nghị chuyển đổi số",
                                              extra='image: {src: anh.png, alt: "Quang cảnh hội nghị"}\n'),
        "content/tinh/news/2025/anh.png": PNG,
        "content/tinh/news/2025/tin.en.md": news("Digital transformation conference"),
    })
    assert run_build(tmp_path).ok
    vi = meta(read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html"))
    assert vi["og:type"] == ["article"] and vi["og:title"] == ["Hội nghị chuyển đổi số"]
    assert vi["og:description"] == ["Tóm tắt."] and vi["og:url"] == ["https://langson.gov.vn/tin-tuc/tin/"]
    assert vi["og:image"] == ["https://langson.gov.vn/tin-tuc/tin/anh.png"]
    assert vi["og:image:alt"] == ["Quang cảnh hội nghị"]
    assert vi["og:locale"] == ["vi_VN"] and vi["og:locale:alternate"] == ["en_US"]
    assert vi["og:site_name"] == ["Cổng thông tin điện tử tỉnh Lạng Sơn"]
    assert vi["twitter:card"] == ["summary_large_image"]
    en = meta(read(tmp_path, "english.langson.gov.vn/news/tin/index.html"))
    assert en["og:locale"] == ["en_US"] and en["og:url"] == ["https://english.langson.gov.vn/news/tin/"]
    assert "og:image" not in en and en["twitter:card"] == ["summary"]  # the translation has no picture
    home = meta(read(tmp_path, "langson.gov.vn/index.html"))
    assert home["og:type"] == ["website"] and home["og:url"] == ["https://langson.gov.vn/"]


def test_every_host_has_a_favicon_and_a_touch_icon(tmp_path):
    write_repo(tmp_path, {"sites/caoloc.yaml": COMMUNE, "content/tinh/news/2025/tin.md": news()})
    assert run_build(tmp_path).ok
    for host in ("langson.gov.vn", "english.langson.gov.vn", "caoloc.langson.gov.vn"):
        page = read(tmp_path, f"{host}/index.html")
        assert '<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">' in page
        assert '<link rel="apple-touch-icon" href="/assets/apple-touch-icon.png">' in page
        assert read(tmp_path, f"{host}/assets/favicon.svg").startswith("<svg")
        png = (tmp_path / "public" / host / "assets/apple-touch-icon.png").read_bytes()
        assert png.startswith(b"\x89PNG") and png[16:24] == (180).to_bytes(4, "big") * 2  # 180 × 180


def test_a_printed_article_carries_the_site_its_address_and_the_print_date(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    assert run_build(tmp_path).ok
    page = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    assert ('<p class="print-only print-source">In từ Cổng thông tin điện tử tỉnh Lạng Sơn: '
            '<span class="print-url">https://langson.gov.vn/tin-tuc/tin/</span><br>'
            'Ngày in: <span data-print-date>……………</span></p>') in page
    assert '<script src="/assets/print-date.js" defer></script>' in page
    css = read(tmp_path, "langson.gov.vn/assets/print.css")
    assert ".print-only { display: block !important; }" in css and ".related, .share, .toc" in css
    assert "[data-print-date]" in read(tmp_path, "langson.gov.vn/assets/print-date.js")


def test_a_replaced_document_s_status_is_a_complete_phrase_everywhere(tmp_path):
    write_repo(tmp_path, {
        "content/tinh/legal/2024/qd-40.md": legal("40/2024", "2024-10-25", "2024-11-10"),
        "content/tinh/legal/2024/qd-40.en.md": legal("40/2024", "2024-10-25", "2024-11-10"),
        "content/tinh/legal/2024/van-ban.pdf": b"%PDF-1.4\n",
        "content/tinh/legal/2025/qd-94.md": legal("94/2025", "2025-12-09", "2025-12-19", "replaces: [qd-40]\n"),
        "content/tinh/legal/2025/qd-94.en.md": legal("94/2025", "2025-12-09", "2025-12-19", "replaces: [qd-40]\n"),
        "content/tinh/legal/2025/van-ban.pdf": b"%PDF-1.4\n",
    })
    assert run_build(tmp_path).ok
    listing = read(tmp_path, "langson.gov.vn/van-ban/index.html")
    assert '<span class="effect effect-replaced">Hết hiệu lực, đã được thay thế</span>' in listing
    lookup = read(tmp_path, "langson.gov.vn/van-ban/tra-cuu/index.html")
    assert '<option value="replaced">Hết hiệu lực, đã được thay thế</option>' in lookup
    assert ('<span class="effect effect-replaced">Hết hiệu lực, đã được thay thế</span> bởi '
            '<a href="/van-ban/qd-94/">') in lookup
    english = read(tmp_path, "english.langson.gov.vn/documents/qd-40/index.html")
    assert '<span class="effect effect-replaced">No longer in force, replaced</span> by <a href=' in english
    every = listing + lookup + english + read(tmp_path, "english.langson.gov.vn/documents/index.html")
    assert not re.search(r"(thay thế bởi|replaced by)</(span|option)>", every)


def test_a_commune_is_named_with_a_capital_and_governed_by_its_people_s_committee(tmp_path):
    write_repo(tmp_path, {
        "sites/caoloc.yaml": 'kind: commune\nslug: caoloc\nname: {vi: "xã Cao Lộc", en: "Cao Loc Commune"}\n',
        "sites/dongkinh.yaml": 'kind: commune\nslug: dongkinh\nname: {vi: "phường Đông Kinh", en: "Dong Kinh Ward"}\n'
                               'governing_agency: {vi: "Ủy ban nhân dân phường Đông Kinh, tỉnh Lạng Sơn"}\n',
        "sites/sokhcn.yaml": 'kind: department\nslug: sokhcn\nname: {vi: "Sở Khoa học và Công nghệ"}\n',
        "content/caoloc/news/2025/tin.md": news(),
    })
    assert run_build(tmp_path).ok
    home = read(tmp_path, "caoloc.langson.gov.vn/index.html")
    assert '<span class="site-name">Xã Cao Lộc</span>' in home and "<title>Xã Cao Lộc</title>" in home
    assert '<h2 id="footer-contact">Xã Cao Lộc</h2>' in home
    assert "<dt>Cơ quan chủ quản</dt><dd>Ủy ban nhân dân xã Cao Lộc</dd>" in home
    assert "<dt>Cơ quan chủ quản</dt><dd>Ủy ban nhân dân phường Đông Kinh, tỉnh Lạng Sơn</dd>" in read(
        tmp_path, "dongkinh.langson.gov.vn/index.html")  # as its site file states
    assert "<dt>Cơ quan chủ quản</dt><dd>Sở Khoa học và Công nghệ</dd>" in read(tmp_path, "sokhcn.langson.gov.vn/index.html")
    directory = read(tmp_path, "langson.gov.vn/trang-thanh-phan/index.html")
    assert '<a href="https://caoloc.langson.gov.vn/">Xã Cao Lộc</a>' in directory
    assert '<a href="https://dongkinh.langson.gov.vn/">Phường Đông Kinh</a>' in directory
    portal = read(tmp_path, "langson.gov.vn/index.html")
    assert "<dt>Cơ quan chủ quản</dt><dd>Ủy ban nhân dân tỉnh Lạng Sơn</dd>" in portal


def test_an_item_of_a_sample_province_says_it_is_a_sample_once(tmp_path):
    write_repo(tmp_path, {
        "sites/_province.yaml": 'profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn"}\n'
                                'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn"}\nsample: true\n',
        "content/tinh/news/2025/tin.md": news(extra="sample: true\n"),
    })
    assert run_build(tmp_path).ok
    page = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    assert len(shown(page, "Nội dung mẫu, được tạo để minh họa")) == 1
    # printed, where the header is not, the notice comes from print.css
    assert 'data-sample="Nội dung mẫu, được tạo để minh họa; không phải thông tin chính thức."' in page
    # an item marked sample in a province that is not: its own notice
    write_repo(tmp_path, {"sites/_province.yaml": 'profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn"}\n'
                                                  'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn"}\n'})
    assert run_build(tmp_path).ok
    page = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    assert shown(page, "Nội dung mẫu, được tạo để minh họa") == ['<p class="banner banner-sample" role="note">']


def test_the_saved_copy_is_a_readable_pdf_and_the_json_is_labelled_as_data(tmp_path):
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(), "content/tinh/news/2025/tin.en.md": news("News")})
    assert run_build(tmp_path).ok
    vi = read(tmp_path, "langson.gov.vn/tin-tuc/tin/index.html")
    tools = vi.split('<div class="article-tools">', 1)[1].split("</div>", 1)[0]
    assert '<button type="button" class="print-button" data-print hidden>Lưu / In bài</button>' in tools
    assert '<a href="/tin-tuc/tin/index.json" type="application/json" download>Dữ liệu (JSON)</a>' in tools
    assert "“Lưu dưới dạng PDF”" in tools and "Ctrl+P" in tools  # without JavaScript, the way to do it
    assert "Lưu bài (JSON)" not in vi
    en = read(tmp_path, "english.langson.gov.vn/news/tin/index.html")
    assert ">Save / Print</button>" in en and ">Data (JSON)</a>" in en


def test_the_reuse_line_is_on_every_edition_and_component_site(tmp_path):
    write_repo(tmp_path, {"sites/caoloc.yaml": COMMUNE, "content/tinh/news/2025/tin.md": news(),
                          "content/tinh/news/2025/tin.en.md": news("News"), "content/caoloc/news/2025/tin.md": news()})
    assert run_build(tmp_path).ok
    line = "“<span{}>Nguồn: Cổng thông tin điện tử tỉnh Lạng Sơn</span>”"
    for rel in ("langson.gov.vn/tin-tuc/tin/index.html", "caoloc.langson.gov.vn/tin-tuc/tin/index.html"):
        assert '<p class="reuse">Khi phát hành lại thông tin: ' + line.format("") in read(tmp_path, rel), rel
    en = read(tmp_path, "english.langson.gov.vn/news/tin/index.html")
    assert '<p class="reuse">When reusing this information: ' + line.format(' lang="vi"') in en
    assert "Nguồn https://www.langson.gov.vn" in en
    # a profile without a reuse line (Thái Nguyên): none
    write_repo(tmp_path / "tn", {"content/tinh/news/2025/tin.md": news()}, profile="thainguyen-2026")
    assert run_build(tmp_path / "tn").ok
    assert 'class="reuse"' not in (tmp_path / "tn/public/thainguyen.gov.vn/tin-tuc/tin/index.html").read_text()


def test_the_english_edition_is_called_by_the_profile_s_official_english_name(tmp_path):
    """Statement 51: under the Bến Tre profile the English edition's title is "Ben Tre Portal", whatever
    the site file calls the portal; the title, the header and the home page's heading agree."""
    write_repo(tmp_path, {"sites/tinh.yaml": 'kind: portal\nname: {vi: "Cổng TTĐT tỉnh", en: "Ben Tre Provincial Portal"}\n',
                          "content/tinh/news/2025/tin.en.md": news("News"), "content/tinh/news/2025/tin.md": news()},
               profile="bentre-2019")
    assert run_build(tmp_path).ok
    home = read(tmp_path, "bentre.gov.vn/en/index.html")
    assert "<title>Ben Tre Portal</title>" in home and '<h1 class="home-title">Ben Tre Portal</h1>' in home
    assert '<span class="site-name">Ben Tre Portal</span>' in home
    assert "Ben Tre Provincial Portal" not in home
    assert "<title>News | Ben Tre Portal</title>" in read(tmp_path, "bentre.gov.vn/en/news/tin/index.html")
    vi = read(tmp_path, "bentre.gov.vn/index.html")
    assert "<title>Cổng Thông tin điện tử tỉnh Bến Tre</title>" in vi
    assert '<h1 class="home-title">Cổng Thông tin điện tử tỉnh Bến Tre</h1>' in vi


def test_an_image_from_another_host_is_a_warning_at_its_line(tmp_path):
    """Every reader's browser would fetch it from that host; the page is still built."""
    body = ("Mở đầu.\n\n![Bản đồ](https://maps.example.org/a.png)\n\n<img src=\"//cdn.example.net/b.jpg\" alt=\"B\">\n\n"
            "![Ảnh cũ](https://sokhcn.langson.gov.vn/anh.jpg) (the province's own hosts are no other host)\n")
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(body=body)})
    result = run_build(tmp_path)
    assert result.ok
    assert [(d.line, d.code, d.severity) for d in result.diagnostics] == [
        (10, "image.other-host", "warning"), (12, "image.other-host", "warning")]
    assert "maps.example.org/a.png" in result.diagnostics[0].message
