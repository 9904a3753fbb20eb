"""Fixtures more than one test module uses."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session (tests/browser.py); each test opens its own context."""
    from browser import CHROMIUM, launch, sync_playwright

    if sync_playwright is None:
        pytest.fail("playwright is not installed: pip install --require-hashes -r requirements/test.lock")
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with sync_playwright() as p:
        b = launch(p)
        try:
            yield b
        finally:
            b.close()
