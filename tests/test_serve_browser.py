"""The dev server in Chromium: an open page follows the editor's saves by itself, and a failed
rebuild shows its errors over the last good page until the file is fixed.

`build.py serve` runs in a subprocess on a temporary repository (test_serve.Served); the page is
never reloaded by the test.
"""
from __future__ import annotations

from browser import local_only, skip_without_browser
from playwright.sync_api import expect
from sitekit import news, write_repo
from test_serve import Served

skip_without_browser()

ITEM = "content/tinh/news/2025/tin.md"


def test_an_open_page_reloads_after_a_save_and_shows_a_failed_build_over_the_last_good_page(tmp_path, browser):
    item = tmp_path / ITEM
    write_repo(tmp_path, {ITEM: news("Bản đầu", body="Đoạn đầu tiên.")})
    with Served(tmp_path, "--no-cache", "--jobs", "1") as server:
        context = browser.new_context()
        context.route("**/*", local_only)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        address = f"http://langson.gov.vn.localhost:{server.port}/tin-tuc/tin/"
        assert page.goto(address, wait_until="load").status == 200
        expect(page.locator("h1")).to_have_text("Bản đầu")
        loads = []
        page.on("load", lambda _: loads.append(page.url))

        item.write_text(news("Bản sửa", body="Đoạn đã sửa."), encoding="utf-8")  # a save
        expect(page.locator("h1")).to_have_text("Bản sửa", timeout=20_000)
        expect(page.locator("main")).to_contain_text("Đoạn đã sửa.")
        assert loads == [address]  # the page reloaded itself, once
        assert page.locator("#congtt-build-errors").count() == 0

        # a failed build: its errors over the page, which stays the last good one; the key quoted is text
        item.write_text(news("Bản hỏng", extra="<b>khoá lạ</b>: 1\n"), encoding="utf-8")
        overlay = page.locator("#congtt-build-errors")
        expect(overlay).to_be_visible(timeout=20_000)
        expect(overlay).to_contain_text(f"{ITEM}:5:1: error[field.unknown]: unknown key `<b>khoá lạ</b>` "
                                        "in the front matter")
        assert overlay.locator("b").count() == 0 and overlay.get_attribute("role") == "alert"
        expect(page.locator("h1")).to_have_text("Bản sửa")
        assert loads == [address]

        # a page opened while the build is failing shows the errors too
        other = context.new_page()
        other.goto(f"http://langson.gov.vn.localhost:{server.port}/", wait_until="load")
        expect(other.locator("#congtt-build-errors")).to_contain_text(f"{ITEM}:5:1:", timeout=10_000)

        item.write_text(news("Bản ba", body="Đoạn thứ ba."), encoding="utf-8")  # fixed: reloaded, no errors
        expect(page.locator("h1")).to_have_text("Bản ba", timeout=20_000)
        expect(page.locator("#congtt-build-errors")).to_have_count(0)
        expect(other.locator("#congtt-build-errors")).to_have_count(0, timeout=10_000)
        assert loads == [address, address]
        assert errors == []
        context.close()


def test_many_tabs_of_one_host_all_load_and_all_reload(tmp_path, browser):
    """A browser opens at most six connections to a host: the tabs share one event stream (a shared
    worker), so a seventh tab still loads, and every tab follows the save."""
    item = tmp_path / ITEM
    write_repo(tmp_path, {ITEM: news("Bản đầu")})
    with Served(tmp_path, "--no-cache", "--jobs", "1") as server:
        context = browser.new_context()
        context.route("**/*", local_only)
        tabs = []
        for _ in range(9):
            tab = context.new_page()
            response = tab.goto(f"http://langson.gov.vn.localhost:{server.port}/tin-tuc/tin/", wait_until="load",
                                timeout=10_000)
            assert response.status == 200
            tabs.append(tab)
        item.write_text(news("Bản sửa"), encoding="utf-8")
        for tab in tabs:
            expect(tab.locator("h1")).to_have_text("Bản sửa", timeout=20_000)
        context.close()
