"""A site's identity (issue 11, point 1) and home page (point 2), read from built HTML: the logo and
banner named by the province or site file and checked where they are written, the theme's colours
checked for contrast at load time, the header's agency, search box and menu, the home page's blocks."""
from __future__ import annotations

import re
import struct
import zlib

import pytest
from sitekit import codes, news, run_build, write_repo

from generator.model.identity import DEFAULT_THEME, contrast, contrast_problems

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 48"><circle cx="32" cy="24" r="20" '
        'fill="#2e7d4f"/></svg>\n')
PORTAL = 'kind: portal\nname: {vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}\n'
DEPT = 'kind: department\nslug: sokhcn\nname: {vi: "Sở Khoa học và Công nghệ"}\n'


def png(width: int, height: int) -> bytes:
    """A real (tiny) PNG of the given size."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def html(root, host: str, rel: str = "index.html") -> str:
    return (root / "public" / host / rel).read_text(encoding="utf-8")


def test_wcag_contrast_is_computed_by_its_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#a3150f", "#a3150f") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes
    assert contrast_problems(DEFAULT_THEME) == []  # style.css's own colours pass their own check


def test_the_province_logo_is_in_every_header_with_its_size_and_the_agency_above_the_name(tmp_path):
    write_repo(tmp_path, {"sites/_province.yaml": 'profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn"}\n'
                          'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn"}\nlogo: assets/logo.svg\n',
                          "sites/assets/logo.svg": LOGO, "sites/sokhcn.yaml": DEPT,
                          "content/tinh/news/2025/tin.md": news()})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    for host, name in (("langson.gov.vn", "Cổng thông tin điện tử tỉnh Lạng Sơn"),  # the profile's official name
                       ("sokhcn.langson.gov.vn", "Sở Khoa học và Công nghệ")):
        page = html(tmp_path, host)
        logo = re.search(r'<img class="brand-logo" src="(/assets/brand/[0-9a-f]{16}\.svg)" alt="" '
                         r'width="64" height="48">', page)
        assert logo, host
        assert (tmp_path / "public" / host / logo[1].lstrip("/")).read_text() == LOGO  # served from its own host
        header = page[page.index('<header class="site-header">'):page.index("</header>")]
        assert header.index('<span class="brand-agency">Ủy ban nhân dân tỉnh Lạng Sơn</span>') < \
            header.index(f'<span class="site-name">{name}</span>')
        # the search box: a GET form to the edition's search page, a labelled q
        assert re.search(r'<form class="header-search" method="get" action="/tim-kiem/" role="search">\s*'
                         r'<label class="visually-hidden" for="header-q">Tìm trong trang thông tin</label>\s*'
                         r'<input id="header-q" name="q" type="search"', header)
        # the menu folds behind one summary on a phone, outside the main menu's own groups
        assert re.search(r'<details class="menu-toggle">\s*<summary>Danh mục</summary>\s*<nav class="main-nav"',
                         header)
    assert 'theme.css' not in html(tmp_path, "langson.gov.vn")  # no theme, no extra stylesheet


def test_a_site_logo_and_banner_replace_the_provinces_and_a_png_gives_its_size(tmp_path):
    write_repo(tmp_path, {"sites/_province.yaml": 'profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn"}\n'
                          'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn"}\nlogo: logo.svg\n',
                          "sites/logo.svg": LOGO, "sites/khcn/logo.png": png(40, 30),
                          "sites/khcn/banner.png": png(300, 60),
                          "sites/sokhcn.yaml": DEPT + "logo: khcn/logo.png\nbanner: khcn/banner.png\n"})
    assert run_build(tmp_path).ok
    page = html(tmp_path, "sokhcn.langson.gov.vn")
    assert re.search(r'class="brand-logo" src="/assets/brand/[0-9a-f]{16}\.png" alt="" width="40" height="30"', page)
    assert re.search(r'class="brand-banner" src="/assets/brand/[0-9a-f]{16}\.png" alt="" width="300" height="60"',
                     page)
    assert re.search(r'class="brand-logo" src="/assets/brand/[0-9a-f]{16}\.svg"', html(tmp_path, "langson.gov.vn"))


@pytest.mark.parametrize(("value", "files", "code", "words"), [
    ("khong-co.svg", {}, "brand.missing", "not a file there"),
    ("logo.gif", {"sites/logo.gif": b"GIF89a"}, "brand.image", "not an SVG or PNG"),
    ("logo.png", {"sites/logo.png": b"GIF89a not a png"}, "brand.image", "is not a PNG image"),
    ("logo.svg", {"sites/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">'
                                    '<script>alert(1)</script></svg>'}, "brand.image", "no scripts"),
    ("logo.svg", {"sites/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'}, "brand.image",
     "without a size"),
    ("logo.png", {"sites/logo.png": png(1, 1) + b"\0" * (300 * 1024)}, "brand.size", "at most 256 KB"),
    ("../secret.svg", {}, "brand.image", "not a path under sites/"),
])
def test_a_bad_logo_is_an_error_at_its_line(tmp_path, value, files, code, words):
    write_repo(tmp_path, {"sites/sokhcn.yaml": DEPT + f"logo: {value}\n", **files})
    result = run_build(tmp_path)
    assert not result.ok
    assert ("sites/sokhcn.yaml", 4, code) in codes(result)
    message = next(d.message for d in result.diagnostics if d.code == code)
    assert message.startswith("`logo` ") and words in message, message


def test_a_theme_is_a_stylesheet_after_the_default_one(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": DEPT + 'theme: {primary: "#0b4f6c", nav: "#083a50"}\n'})
    assert run_build(tmp_path).ok
    page = html(tmp_path, "sokhcn.langson.gov.vn")
    assert page.index('href="/assets/style.css"') < page.index('<link rel="stylesheet" href="/assets/theme.css">')
    css = (tmp_path / "public/sokhcn.langson.gov.vn/assets/theme.css").read_text()
    assert "--brand: #0b4f6c;" in css and "--nav: #083a50;" in css and "--link" not in css
    assert "theme.css" not in html(tmp_path, "langson.gov.vn")
    assert not (tmp_path / "public/langson.gov.vn/assets/theme.css").exists()


def test_a_theme_without_contrast_is_an_error_at_its_key(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": DEPT + 'theme:\n  primary: "#0b4f6c"\n  nav: "#f0c040"\n'
                                                      '  link: "#77aaff"\n  focus: blue\n'})
    result = run_build(tmp_path)
    assert ("sites/sokhcn.yaml", 8, "theme.colour") in codes(result)  # `blue` is no #rrggbb
    write_repo(tmp_path, {"sites/sokhcn.yaml": DEPT + 'theme:\n  primary: "#0b4f6c"\n  nav: "#f0c040"\n'
                                                      '  link: "#77aaff"\n'})
    result = run_build(tmp_path)
    found = [(p, line, c) for p, line, c in codes(result) if c == "theme.contrast"]
    assert [line for _, line, _ in found] == [6, 6, 7]  # nav (text, and the focus ring on it), link
    messages = sorted(d.message for d in result.diagnostics if d.code == "theme.contrast")
    assert messages[0].startswith("`theme` `focus`: the focus ring in #ffd21f on the nav colour #f0c040 has a "
                                  "contrast of 1.18:1, under WCAG's 3:1")
    assert messages[1].startswith("`theme` `link`: links in #77aaff on the page's white background")
    assert messages[2].startswith("`theme` `nav`: white text on #f0c040 has a contrast of 1.70:1, under WCAG's 4.5:1")


def test_a_profile_theme_is_checked_where_the_profile_writes_it(tmp_path):
    from generator.model.config import PROFILES_DIR
    profile = (PROFILES_DIR / "langson-2025.yaml").read_text(encoding="utf-8")
    write_repo(tmp_path, {"profiles/langson-2025.yaml": profile + 'theme: {primary: "#ff8080"}\n'})
    result = run_build(tmp_path)
    line = profile.count("\n") + 1
    assert ("profiles/langson-2025.yaml", line, "theme.contrast") in codes(result)


def test_the_home_page_features_the_newest_news_with_a_picture_and_links_the_services(tmp_path):
    image = 'image: {src: anh.png, alt: "Toàn cảnh hội nghị"}\n'
    write_repo(tmp_path, {
        "content/tinh/news/2026/moi-nhat.md": news("Tin mới nhất, không ảnh", "2026-03-12T08:30"),
        "content/tinh/news/2026/co-anh.md": news("Hội nghị có ảnh", "2026-03-10T08:30", extra=image),
        "content/tinh/news/2026/anh.png": png(30, 20),
        "content/tinh/news/2025/cu.md": news("Tin cũ", "2025-01-10T08:30"),
    })
    assert run_build(tmp_path).ok
    page = html(tmp_path, "langson.gov.vn")
    main = page[page.index("<main"):page.index("</main>")]
    featured = main[main.index('<article class="featured">'):main.index("</article>")]
    assert re.search(r'<img class="featured-image" src="/tin-tuc/co-anh/anh-\d+\.png" srcset="[^"]+" sizes="[^"]+" '
                     r'width="\d+" height="\d+" alt="Toàn cảnh hội nghị" fetchpriority="high"', featured), featured
    assert '<a href="/tin-tuc/co-anh/">Hội nghị có ảnh</a>' in featured
    cards = re.findall(r'<li class="news-card">.*?<a href="([^"]+)">', main, re.S)
    assert cards == ["/tin-tuc/moi-nhat/", "/tin-tuc/cu/"]  # newest first, the featured one not again
    lookup = re.search(r'<form class="side-form" method="get" action="/van-ban/tra-cuu/" role="search"', main)
    assert lookup and 'name="q"' in main[lookup.end():lookup.end() + 400]
    services = main[main.index('id="home-services"'):]
    services = services[:services.index("</section>")]
    assert "https://dichvucong.langson.gov.vn" in services and "https://dichvucong.gov.vn" in services
