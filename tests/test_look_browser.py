"""The example province as a reader sees it in Chromium (issue 11, points 1, 2, 5 and 7): the home pages'
heights and no horizontal scrolling on a phone, the header's identity and search, the phone's folded menu
without JavaScript, the lookup as cards on a phone, the focus ring's contrast, axe on the pages changed.

The example is built as of Monday 30 November 2026, 07:00, the start of a week with a published work
schedule: the home pages carry the most they ever show."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from browser import page_opener, run_axe, serving, skip_without_browser
from sitekit import run_build

from generator.core.clock import VN_TZ
from generator.model.config import load_config
from generator.model.identity import contrast

REPO = Path(__file__).resolve().parents[1]
skip_without_browser()

PORTAL = "langson.gov.vn"
MONDAY = dt.datetime(2026, 11, 30, 7, 0, tzinfo=VN_TZ)
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 768}
TABLET = {"width": 768, "height": 1024}
LOOKUP = "/van-ban/tra-cuu/"


def home_pages() -> list[tuple[str, str]]:
    """(host, path) of every edition's home page in the example."""
    config, _ = load_config(REPO)
    return [(e.host, e.root_path) for s in config.sites.values() for e in s.editions]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    out = tmp_path_factory.mktemp("look") / "public"
    result = run_build(REPO, out, now=MONDAY, jobs=2)
    assert result.ok, "\n".join(d.text() for d in result.diagnostics)
    with serving(out) as port:
        yield port


@pytest.fixture
def open_page(browser, server):
    with page_opener(browser, server) as open_page:
        yield lambda host, path, viewport=DESKTOP, **options: open_page(host, path, viewport=viewport, **options)


def height(page) -> int:
    return page.evaluate("() => document.documentElement.scrollHeight")


def scroll_width(page) -> int:
    return page.evaluate("() => document.documentElement.scrollWidth")


def test_the_portal_home_is_short_on_a_desktop_and_on_a_phone(open_page):
    desktop = open_page(PORTAL, "/", DESKTOP)
    assert desktop.locator(".featured img").is_visible() and desktop.locator(".news-card").count() >= 3
    assert height(desktop) < 2500, f"{height(desktop)}px at 1366px"
    phone = open_page(PORTAL, "/", PHONE)
    assert height(phone) < 5000, f"{height(phone)}px at 360px"


@pytest.mark.parametrize(("host", "path"), home_pages())
def test_no_home_page_scrolls_sideways_on_a_phone(open_page, host, path):
    page = open_page(host, path, PHONE)
    assert scroll_width(page) <= 361, f"{host}{path}: scrollWidth {scroll_width(page)}px at 360px"
    assert page.locator(".brand-logo").is_visible()  # the province's mark on every site


def test_the_header_shows_the_mark_the_agency_above_the_name_and_searches_without_javascript(open_page):
    page = open_page(PORTAL, "/", DESKTOP, java_script_enabled=False)
    logo = page.locator(".brand-logo").bounding_box()
    agency = page.locator(".brand-agency").bounding_box()
    name = page.locator(".site-name").bounding_box()
    assert logo["width"] >= 40 and logo["x"] < name["x"]
    assert agency["y"] + agency["height"] <= name["y"] + 1  # above the site's name
    assert page.locator(".brand-agency").inner_text().casefold() == "ủy ban nhân dân tỉnh lạng sơn"
    assert page.locator(".lang-switch a[hreflang=en]").is_visible()
    page.fill("#header-q", "chuyển đổi số")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/tim-kiem/?q=*")
    assert parse_qs(urlsplit(page.url).query) == {"q": ["chuyển đổi số"]}


def test_a_header_search_finds_results_with_javascript(open_page):
    page = open_page(PORTAL, "/", DESKTOP)
    page.fill("#header-q", "chuyen doi so")
    page.press("#header-q", "Enter")
    page.wait_for_selector(".search-results li")
    assert page.locator("#search-q").input_value() == "chuyen doi so"


def test_the_phone_menu_is_one_button_that_opens_without_javascript(open_page):
    page = open_page(PORTAL, "/", PHONE, java_script_enabled=False)
    toggle = page.locator(".menu-toggle > summary")
    assert toggle.is_visible() and toggle.bounding_box()["height"] < 60
    news = page.locator(".main-nav a", has_text="Trang chủ")
    assert not news.is_visible()
    toggle.focus()
    page.keyboard.press("Enter")
    assert news.is_visible()
    assert scroll_width(page) <= 361
    wide = open_page(PORTAL, "/", DESKTOP, java_script_enabled=False)
    assert not wide.locator(".menu-toggle > summary").is_visible()
    assert wide.locator(".main-nav a", has_text="Trang chủ").is_visible()  # always shown on a wide screen


def test_the_lookup_is_a_stack_of_labelled_cards_on_a_phone_and_a_table_on_a_desktop(open_page):
    page = open_page(PORTAL, LOOKUP, PHONE)
    assert scroll_width(page) <= 361
    row = page.locator(".lookup-table tbody tr").first
    assert row.evaluate("e => getComputedStyle(e).display") in ("flex", "block")
    assert row.bounding_box()["width"] <= 360
    labels = page.eval_on_selector_all(".lookup-table tbody tr:first-child td",
                                       "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels[0] == '"Số, ký hiệu: "' and labels[5] == '"Trích yếu: "'
    abstract = page.locator(".lookup-table tbody tr:first-child td").nth(5).bounding_box()
    number = page.locator(".lookup-table tbody tr:first-child td").first.bounding_box()
    assert number["y"] < abstract["y"] < number["y"] + 120  # the trích yếu right under the number, on screen
    assert page.locator(".lookup-table thead th").count() == 8  # still the table's header for screen readers
    assert page.evaluate("() => document.querySelector('.lookup-table').getAttribute('role')") is None
    button = page.locator(".lookup-actions button")
    colours = button.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert contrast(*map(hex_of, colours)) >= 4.5
    wide = open_page(PORTAL, LOOKUP, DESKTOP)
    assert wide.locator(".lookup-table tbody tr").first.evaluate("e => getComputedStyle(e).display") == "table-row"


@pytest.mark.parametrize("path", ["/hoi-dap/tinh-trang/da-tra-loi/", "/danh-muc-thong-tin-cong-khai/"])
def test_the_other_wide_tables_stack_as_labelled_cards_on_a_phone(open_page, path):
    page = open_page(PORTAL, path, PHONE)
    assert scroll_width(page) <= 361, f"{path}: scrollWidth {scroll_width(page)}px at 360px"
    labels = page.eval_on_selector_all(".lookup-table tbody tr:first-child td",
                                       "cells => cells.map(c => getComputedStyle(c, '::before').content)")
    assert labels and all(label.endswith(': "') for label in labels), labels
    assert page.locator(".lookup-table tbody tr").first.bounding_box()["width"] <= 360


def hex_of(css: str) -> str:
    r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


FOCUS_RING = """e => {
  const style = getComputedStyle(e);
  let ground = e.parentElement;
  while (ground && getComputedStyle(ground).backgroundColor.match(/rgba\\(.*, 0\\)|transparent/)) ground = ground.parentElement;
  return [style.outlineColor, style.outlineStyle, style.boxShadow,
          ground ? getComputedStyle(ground).backgroundColor : 'rgb(255, 255, 255)'];
}"""


@pytest.mark.parametrize("selector", [".brand", ".main-nav a", "main a", ".site-footer a", "#header-q"])
def test_the_focus_ring_has_three_to_one_contrast_on_its_ground(open_page, selector):
    page = open_page(PORTAL, "/", DESKTOP)
    element = page.locator(selector).first
    element.focus()
    page.keyboard.press("Shift+Tab")  # focus by keyboard, so :focus-visible applies
    page.keyboard.press("Tab")
    outline, style, shadow, ground = element.evaluate(FOCUS_RING)
    assert style == "solid"
    tones = [hex_of(outline)] + [hex_of(c) for c in re.findall(r"rgba?\([^)]*\)", shadow)]
    best = max(contrast(tone, hex_of(ground)) for tone in tones)
    assert best >= 3, (selector, tones, ground, best)


CHANGED = [(PORTAL, "/"), ("english.langson.gov.vn", "/"), ("sokhcn.langson.gov.vn", "/"),
           ("caoloc.langson.gov.vn", "/"), (PORTAL, LOOKUP), (PORTAL, "/tim-kiem/?q=chuyen+doi+so"),
           (PORTAL, "/hoi-dap/tinh-trang/da-tra-loi/"), (PORTAL, "/danh-muc-thong-tin-cong-khai/")]


@pytest.mark.parametrize("viewport", [PHONE, TABLET, DESKTOP], ids=["360", "768", "1366"])
@pytest.mark.parametrize(("host", "path"), CHANGED, ids=[h.split(".")[0] + p for h, p in CHANGED])
def test_axe_finds_nothing_on_the_pages_this_look_changed(open_page, host, path, viewport):
    page = open_page(host, path, viewport)
    if viewport is PHONE:
        page.locator(".menu-toggle > summary").click()  # the folded menu is checked open too
    results = run_axe(page)
    violations = results["violations"]
    report = "\n".join(f"{v['id']} {v['help']}: {v['nodes'][0]['target']}" for v in violations)
    assert results["passes"] and not violations, f"{host}{path}:\n{report}"
