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
