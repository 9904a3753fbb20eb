"""docs/screenshots.py, run as a reviewer runs it: it builds the example, and the page asked for is
saved as a PNG of the width asked for, taller than the screen (the whole page)."""
from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

from browser import skip_without_browser

REPO = Path(__file__).resolve().parents[1]
skip_without_browser()


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", head[16:24])


def test_the_script_saves_a_whole_page_at_the_width_asked(tmp_path):
    run = subprocess.run([sys.executable, str(REPO / "docs/screenshots.py"), str(tmp_path / "shots"),
                          "--only", "legal-document", "--widths", "360"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.split() == [str(tmp_path / "shots/legal-document-360.png")]
    width, height = png_size(tmp_path / "shots/legal-document-360.png")
    assert width == 360 and height > 800


def test_an_unknown_page_is_refused_with_the_names_to_choose_from(tmp_path):
    run = subprocess.run([sys.executable, str(REPO / "docs/screenshots.py"), str(tmp_path), "--only", "nowhere"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "no such page: nowhere; choose from portal-home, english-home, department-home, commune-home, " \
           "article, legal-document, lookup, search" in run.stderr
    assert not list(tmp_path.iterdir())
