"""The portal's aggregation and the English edition, for every type in the table (issue 9, point 12).

One valid item of each type comes from the example province (which shows every type, point 13),
so a type added to the table is covered here without a line of this file changing. Each test
builds a real repository with a portal and a department and reads the built pages and feeds.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitekit import news, run_build, search_docs, write_repo

from generator.model.content_types import CONTENT_TYPES

EXAMPLE = Path(__file__).resolve().parents[1] / "content"
DEPT_NAME = "Sở Khoa học và Công nghệ"
DEPT = f'kind: department\nslug: sokhcn\nlanguages: [vi, en]\nname: {{vi: "{DEPT_NAME}", en: "Department of Science"}}\n'
PORTAL_HOST, DEPT_HOST = "langson.gov.vn", "sokhcn.langson.gov.vn"
PORTAL_EN, DEPT_EN = "english.langson.gov.vn", "sokhcn.langson.gov.vn/en"  # the profile's English editions
AGGREGATED = sorted(t for t in CONTENT_TYPES if CONTENT_TYPES[t].aggregate)


def example(type_name: str) -> Path:
    """The example province's first Vietnamese item of a type."""
    return next(md for md in sorted(EXAMPLE.glob(f"*/{type_name}/**/*.md")) if md.name.count(".") == 1)


def item_of(type_name: str, site: str, *, extra: str = "", english: bool = False) -> dict[str, str | bytes]:
    """A valid item of the type on `site` (with the files beside it), with `extra` front-matter lines,
    and with an English translation beside it when asked."""
    md = example(type_name)
    rel = "/".join(md.relative_to(EXAMPLE).parts[1:])
    text = re.sub(r"(?m)^syndicate: .*\n", "", md.read_text(encoding="utf-8"))  # each test marks its own
    text = text.replace("---\n", "---\n" + extra, 1)
    files: dict[str, str | bytes] = {f"content/{site}/{rel}": text}
    if english:
        files[f"content/{site}/{rel[:-3]}.en.md"] = re.sub(r'(?m)^title: .*$', f'title: "English {type_name}"', text)
    for other in md.parent.iterdir():
        if other.suffix != ".md":
            files[f"content/{site}/{rel.rsplit('/', 1)[0]}/{other.name}"] = other.read_bytes()
    return files


def address(type_name: str, lang: str = "vi") -> str:
    """The item's path on its site: /segment/slug/."""
    return f"/{CONTENT_TYPES[type_name].segment[0 if lang == 'vi' else 1]}/{example(type_name).stem}/"


def links(html: str, type_name: str, lang: str = "vi") -> bool:
    return re.search(rf'href="[^"]*{re.escape(address(type_name, lang))}"', html) is not None


def read(root: Path, host: str, rel: str) -> str:
    path = root / "public" / host / rel
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def listing_pages(root: Path, host: str, type_name: str, lang: str = "vi") -> list[str]:
    """Every listing page of a type on a host (its pages, its kinds' pages, for the schedule its index
    of weeks), without the item pages themselves."""
    base = root / "public" / host / CONTENT_TYPES[type_name].segment[0 if lang == "vi" else 1]
    own = {example(type_name).stem}
    return [p.read_text(encoding="utf-8") for p in sorted(base.rglob("index.html"))
            if not own & set(p.relative_to(base).parts)]


def listing(root: Path, host: str, type_name: str, lang: str = "vi") -> str:
    return "".join(listing_pages(root, host, type_name, lang))


def home_block(html: str, type_name: str) -> str:
    start = html.find(f'id="home-{type_name}"')
    return html[start:html.index("</section>", start)] if start >= 0 else ""


def search_rows(root: Path, host: str) -> dict:
    """What a site's search index shows of each result, by item id."""
    return search_docs(root / "public" / host / "tim-kiem")


def feed_entry(feed: str, type_name: str) -> str:
    return next((e for e in feed.split("<entry>") if address(type_name) + "</id>" in e), "")


SYNDICATE = "syndicate: true\n"  # approved for the portal: under Lạng Sơn its board reviews what it shows (000 Đ6.5)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A portal without items of its own and a department with an item of every type, each marked for
    the portal."""
    root = tmp_path_factory.mktemp("aggregation")
    files: dict = {"sites/so.yaml": DEPT}
    for type_name in CONTENT_TYPES:
        files.update(item_of(type_name, "so", extra=SYNDICATE))
    write_repo(root, files)
    result = run_build(root)
    assert result.ok and not [d for d in result.diagnostics if d.severity == "error"], result.diagnostics
    return root


def test_the_table_says_which_types_the_portal_aggregates():
    """What belongs to one site alone stays there: its pages, its people, its leaders' schedule."""
    assert {t for t in CONTENT_TYPES if not CONTENT_TYPES[t].aggregate} == {"page", "person", "schedule"}
    assert {"news", "legal", "directive", "draft", "bidding", "qa", "statistics", "procedure", "gazette"} <= set(
        AGGREGATED)


@pytest.mark.parametrize("type_name", sorted(CONTENT_TYPES))
def test_component_items_reach_the_portal_listing_home_and_feed_of_an_aggregated_type(built, type_name):
    ctype = CONTENT_TYPES[type_name]
    own_listing = listing(built, DEPT_HOST, type_name)
    assert links(own_listing, type_name)  # the department lists it
    portal_listing = listing(built, PORTAL_HOST, type_name)
    assert links(portal_listing, type_name) is ctype.aggregate
    if ctype.aggregate:  # the entry names its site and links to the item there
        assert f'href="https://{DEPT_HOST}{address(type_name)}"' in portal_listing
        cards = [x for x in listing_pages(built, PORTAL_HOST, type_name) if 'class="item-card"' in x]
        for page in cards:  # the listing, and a kind's, if it has one (lookups' tables name the issuer)
            assert not links(page, type_name) or f'<a href="https://{DEPT_HOST}/">{DEPT_NAME}</a>' in page
        assert any(links(page, type_name) for page in cards)
    # The home block and the feed carry it where the department's own do, and only if aggregated.
    own_home = home_block(read(built, DEPT_HOST, "index.html"), type_name)
    portal_home = home_block(read(built, PORTAL_HOST, "index.html"), type_name)
    assert links(portal_home, type_name) is (ctype.aggregate and links(own_home, type_name))
    if links(portal_home, type_name):
        assert DEPT_NAME in portal_home
    own_feed = read(built, DEPT_HOST, "feed.xml")
    entry = feed_entry(read(built, PORTAL_HOST, "feed.xml"), type_name)
    assert bool(entry) is (ctype.aggregate and bool(feed_entry(own_feed, type_name)))
    if entry:
        assert f"<author><name>{DEPT_NAME}</name></author>" in entry
    # The type's own feed beside its listing, linked from it: the same rule.
    own_type_feed = read(built, DEPT_HOST, f"{ctype.segment[0]}/feed.xml")
    portal_type_feed = read(built, PORTAL_HOST, f"{ctype.segment[0]}/feed.xml")
    assert bool(own_type_feed) is bool(ctype.feed)
    if ctype.feed is True:
        assert feed_entry(own_type_feed, type_name)
        assert f'href="/{ctype.segment[0]}/feed.xml"' in own_listing
    assert bool(feed_entry(portal_type_feed, type_name)) is (ctype.aggregate and bool(feed_entry(own_type_feed, type_name)))
    assert all(feed_entry(x, t) == "" for x in (own_type_feed, portal_type_feed) for t in CONTENT_TYPES if t != type_name)
    # The portal's sitemap offers the listing it built; the item stays in its own site's sitemap.
    sitemap = read(built, PORTAL_HOST, "sitemap.xml")
    assert (f"<loc>https://{PORTAL_HOST}/{ctype.segment[0]}/</loc>" in sitemap) is ctype.aggregate
    assert f"https://{DEPT_HOST}{address(type_name)}" not in sitemap
    assert f"https://{DEPT_HOST}{address(type_name)}" in read(built, DEPT_HOST, "sitemap.xml")


def test_without_a_rule_of_approval_the_portal_shows_and_searches_every_component_result(tmp_path):
    """Thái Nguyên states no approval for what the portal integrates (003 Đ16.2.đ): every item reaches it."""
    write_repo(tmp_path, {"sites/so.yaml": DEPT, **item_of("news", "so")}, profile="thainguyen-2026")
    assert run_build(tmp_path).ok
    portal, dept = "thainguyen.gov.vn", "sokhcn.thainguyen.gov.vn"
    assert links(listing(tmp_path, portal, "news"), "news")
    ref = next(iter(search_rows(tmp_path, dept)))
    assert ref in search_rows(tmp_path, portal)


def test_home_blocks_where_a_reader_expects_them(built):
    home = read(built, PORTAL_HOST, "index.html")
    for type_name in ("news", "legal", "directive", "bidding", "statistics", "gazette", "procedure", "qa"):
        assert CONTENT_TYPES[type_name].home_count, type_name
        assert links(home_block(home, type_name), type_name), type_name
    for type_name in ("procedure", "gazette", "statistics", "bidding", "draft"):  # each a feed of its own
        feed = read(built, PORTAL_HOST, f"{CONTENT_TYPES[type_name].segment[0]}/feed.xml")
        assert f"<title>{CONTENT_TYPES[type_name].label[0]} | " in feed and feed_entry(feed, type_name), type_name
    assert "home-aggregated" not in home  # no block of its own for component news: news is one type like the others


def test_the_portal_listing_pages_its_own_and_component_items_newest_first(tmp_path):
    files: dict = {"sites/so.yaml": DEPT}
    for n in range(1, 26):  # odd days on the portal, even days on the department
        site = "tinh" if n % 2 else "so"
        files[f"content/{site}/news/2026/tin-{n:02d}.md"] = news(f"Tin số {n:02d}", f"2026-03-{n:02d}T08:00",
                                                                 extra=SYNDICATE if site == "so" else "")
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    first = read(tmp_path, PORTAL_HOST, "tin-tuc/index.html")
    second = read(tmp_path, PORTAL_HOST, "tin-tuc/trang/2/index.html")
    titles = re.findall(r">Tin số (\d\d)</a>", first) + re.findall(r">Tin số (\d\d)</a>", second)
    assert titles == [f"{n:02d}" for n in range(25, 0, -1)]  # 20 then 5, newest first, both sites mixed
    assert first.count('class="item-card"') == 20 and second.count('class="item-card"') == 5
    assert f'<a href="https://{DEPT_HOST}/tin-tuc/tin-24/">Tin số 24</a>' in first
    entry_24 = first[first.index("Tin số 24"):first.index("Tin số 23")]
    entry_23 = first[first.index("Tin số 23"):first.index("Tin số 22")]
    assert DEPT_NAME in entry_24 and DEPT_NAME not in entry_23  # only another site's entry names its site
    assert f"<loc>https://{PORTAL_HOST}/tin-tuc/trang/2/</loc>" in read(tmp_path, PORTAL_HOST, "sitemap.xml")
    # The department lists only its own.
    assert read(tmp_path, DEPT_HOST, "tin-tuc/index.html").count('class="item-card"') == 12
    # Deterministic: a second build writes the same portal listing.
    assert run_build(tmp_path, tmp_path / "again").ok
    assert (tmp_path / "again" / PORTAL_HOST / "tin-tuc/index.html").read_text(encoding="utf-8") == first


def test_a_portal_that_needs_approval_shows_only_items_marked_for_syndication(tmp_path):
    """000 Đ6.5 (Lạng Sơn, the example's profile; Cao Bằng 004 Đ15.4.a alike): whatever is provided on
    the portal is under its board's review, so a component item reaches the portal only with
    `syndicate: true`, which the approval gate sends to that board."""
    files: dict = {"sites/so.yaml": DEPT}
    marked = AGGREGATED[::2]
    for type_name in AGGREGATED:
        files.update(item_of(type_name, "so", extra=SYNDICATE if type_name in marked else ""))
    write_repo(tmp_path, files, profile="langson-2025")
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    portal, dept = PORTAL_HOST, DEPT_HOST
    feed = read(tmp_path, portal, "feed.xml")
    own, portal_results = search_rows(tmp_path, dept), search_rows(tmp_path, portal)
    for type_name in AGGREGATED:
        assert links(listing(tmp_path, dept, type_name), type_name), type_name
        assert links(listing(tmp_path, portal, type_name), type_name) is (type_name in marked), type_name
        if type_name not in marked:
            assert address(type_name) not in feed and address(type_name) not in read(tmp_path, portal, "index.html")
        # The portal's search holds of the department's items only those it may show; the
        # department's own search holds all of its own.
        ref = f"so/{type_name}/{example(type_name).stem}"
        assert ref in own and (ref in portal_results) is (type_name in marked), type_name


@pytest.mark.parametrize("status", ["removed", "withdrawn", "draft"])
def test_items_taken_down_withdrawn_or_unpublished_never_reach_the_portal(tmp_path, status):
    files: dict = {"sites/so.yaml": DEPT}
    for type_name in AGGREGATED:
        files.update(item_of(type_name, "so", extra=f"status: {status}\n"))
    write_repo(tmp_path, files)
    assert run_build(tmp_path).ok
    portal = "".join(p.read_text(encoding="utf-8") for p in sorted((tmp_path / "public" / PORTAL_HOST).rglob("*"))
                     if p.suffix in (".html", ".xml", ".json"))
    for type_name in AGGREGATED:
        assert address(type_name) not in portal, type_name


@pytest.mark.parametrize("translated", [True, False])
def test_the_english_edition_has_an_item_of_every_type_exactly_when_it_is_translated(tmp_path, translated):
    """A Vietnamese item with an `.en.md` beside it is on the English edition: its page, its site's
    listing and, for an aggregated type, the English portal's listing; without one, none of them."""
    files: dict = {"sites/so.yaml": DEPT}
    for type_name in CONTENT_TYPES:
        files.update(item_of(type_name, "so", extra=SYNDICATE, english=translated))
    write_repo(tmp_path, files)
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    for type_name in CONTENT_TYPES:
        page = read(tmp_path, DEPT_EN, address(type_name, "en").strip("/") + "/index.html")
        assert bool(page) is translated, type_name
        if translated and re.search(r"(?m)^title: ", example(type_name).read_text(encoding="utf-8")):
            assert f"English {type_name}" in page, type_name  # the translation's own text
        assert links(listing(tmp_path, DEPT_EN, type_name, "en"), type_name, "en") is translated, type_name
        portal_en = listing(tmp_path, PORTAL_EN, type_name, "en")
        assert links(portal_en, type_name, "en") is (translated and CONTENT_TYPES[type_name].aggregate), type_name
        # The Vietnamese edition has it either way.
        assert links(listing(tmp_path, DEPT_HOST, type_name), type_name), type_name


def test_a_procedure_changed_is_news_again_in_the_feeds_dated_by_its_change_notice(tmp_path):
    """004 Đ10.2: a change to a procedure is told on the portal; its feed entry comes with the change,
    not with the day the procedure was first announced."""
    from test_kinds import ITEMS, item_text
    rel = ITEMS["procedure"][0].replace("content/tinh/", "content/so/")
    changed = ('changes: [{date: 2026-11-10, note: "Giảm thời hạn giải quyết còn 3 ngày làm việc"}, '
               '{date: 2026-06-01, note: "Bổ sung mẫu tờ khai"}]', SYNDICATE.strip())
    write_repo(tmp_path, {"sites/so.yaml": DEPT, rel: item_text("procedure", extra=changed),
                          "content/so/procedure/2026/khong-doi.md": item_text(
                              "procedure", extra=(SYNDICATE.strip(),)).replace(
                              "Đăng ký khai sinh", "Đăng ký kết hôn").replace("1.001193", "1.000894"),
                          "content/tinh/news/2026/tin.md": news("Tin tháng mười", "2026-10-01T08:00")})
    assert run_build(tmp_path).ok
    for host in (DEPT_HOST, PORTAL_HOST):
        feed = read(tmp_path, host, "feed.xml")
        entries = feed.split("<entry>")[1:]
        titles = [re.search(r"<title>(.*?)</title>", e)[1] for e in entries]
        own_news = ["Tin tháng mười"] if host == PORTAL_HOST else []
        # announced on 2 March; changed on 10 November: first, before October's news; the other stays in March
        assert titles == ["Đăng ký khai sinh", *own_news, "Đăng ký kết hôn"], host
        assert ("<summary>Thay đổi ngày 10 tháng 11 năm 2026: Giảm thời hạn giải quyết còn 3 ngày làm việc</summary>"
                in entries[0]), host
        assert "<updated>2026-11-10T00:00:00+07:00</updated>" in entries[0], host
        assert "<published>2026-03-02T00:00:00+07:00</published>" in entries[0], host
        assert "Thay đổi" not in entries[-1], host
