"""The layouts' compiled code, kept beside the generator's own between builds (render.compiled_layouts)."""
from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import pytest
from sitekit import news, run_build, write_repo

from generator.build import render
from generator.build.render import compiled_layouts, make_environment
from generator.build.tool_files import tool_layouts


@pytest.fixture(autouse=True)
def writing_compiled_code(monkeypatch):
    """As Python runs for a user: writing compiled code (this machine's PYTHONDONTWRITEBYTECODE off)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    compiled_layouts.cache_clear()
    yield
    compiled_layouts.cache_clear()


def test_a_layout_compiled_by_one_build_is_not_compiled_again(tmp_path, monkeypatch):
    """What Jinja compiled a layout to is kept in the generator's __pycache__ (never in the build's cache
    folder, whose contents reading never runs), and an environment made after takes it from there."""
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    assert run_build(tmp_path, tmp_path / "web", cache_dir=tmp_path / "cache").ok
    folder = Path(compiled_layouts().directory)
    assert folder.parent == Path(render.__file__).resolve().parent / "__pycache__"
    assert list(folder.glob("__jinja2_*.cache"))
    assert not any(p.suffix == ".cache" for p in (tmp_path / "cache").rglob("*"))

    def compiled(*args, **kwargs):
        raise AssertionError("compiled again")
    env = make_environment(tmp_path)
    monkeypatch.setattr(jinja2.Environment, "_parse", compiled)
    assert env.get_template("base.html") and env.get_template("article.html")


def test_a_layout_changed_since_is_compiled_from_its_new_source(tmp_path):
    """The kept code is taken only for the source it was compiled from: a repository's own layout
    edited between two builds draws the pages of the second as edited."""
    footer = (tool_layouts() / "footer.html").read_text(encoding="utf-8")
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news(),
                          "layouts/footer.html": footer + "<p>Phiên bản một</p>\n"})
    page = tmp_path / "web/langson.gov.vn/tin-tuc/tin/index.html"
    assert run_build(tmp_path, tmp_path / "web", cache_dir=tmp_path / "cache").ok
    assert "Phiên bản một" in page.read_text(encoding="utf-8")
    (tmp_path / "layouts/footer.html").write_text(footer + "<p>Phiên bản hai</p>\n", encoding="utf-8")
    assert run_build(tmp_path, tmp_path / "web", cache_dir=tmp_path / "cache").ok
    text = page.read_text(encoding="utf-8")
    assert "Phiên bản hai" in text and "Phiên bản một" not in text


def test_a_folder_that_cannot_be_read_or_written_only_costs_the_compiling(tmp_path):
    """A folder the process cannot use (a read-only installation; here, a file stands where it would be):
    the layouts are compiled each time, and drawn the same."""
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    (tmp_path / "installed").write_text("not a folder", encoding="utf-8")
    env = make_environment(tmp_path)
    env.bytecode_cache = render._CompiledLayouts(str(tmp_path / "installed" / "__pycache__"))
    drawn = env.get_template("base.html")
    assert drawn.render is not None and (tmp_path / "installed").is_file()


def test_no_compiled_code_is_written_where_python_writes_none(tmp_path, monkeypatch):
    """PYTHONDONTWRITEBYTECODE (or python -B): the layouts are compiled each time, nothing written."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    compiled_layouts.cache_clear()
    assert compiled_layouts() is None and make_environment(tmp_path).bytecode_cache is None
