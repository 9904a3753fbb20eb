"""Fixtures more than one test module uses."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def playwright():
    """One Playwright driver for the session (tests/browser.py): its sync API cannot be started twice
    at once, so every test that drives Chromium goes through this one."""
    from browser import CHROMIUM, sync_playwright

    if sync_playwright is None:
        pytest.fail("playwright is not installed: pip install --require-hashes -r requirements/test.lock")
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright):
    """One Chromium for the whole session; each test opens its own context."""
    from browser import launch

    b = launch(playwright)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory):
    """The builds' default cache folder ($XDG_CACHE_HOME/congtt/…) under the session's temporary
    folder, for the builds the tests run in process and as commands: a test run leaves nothing in
    the user's own cache. (A test of the default sets its own.)"""
    import os

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
