"""The dev server's preview of a save (generator/build/preview.py, issue 13 point 4): the saved item's
own pages go into the live output at once; the build after it brings every other page up to date,
and the output is then a cold build's, byte for byte. Real builds of a copy of the example province."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sitekit import NOW, news
from test_incremental import NEWS, Province, differences, tree

from generator.build.memo import DocumentMemo
from generator.build.preview import PREVIEW_MOST, LastBuild, preview
from generator.build.render import make_environment
from generator.pipeline import BuildOptions, BuildResult, build

ITEM = "sokhcn.langson.gov.vn/tin-tuc/nghiem-thu-de-tai-nhan-giong-cay-hoi/"


class Served(Province):
    """The province built as `serve` builds it: items kept between builds, the last build kept."""

    def __init__(self, tmp: Path):
        super().__init__(tmp)
        self.kept = DocumentMemo()
        self.env = make_environment(self.root)

    def served(self) -> BuildResult:
        result = build(BuildOptions(root=self.root, out=self.out, now=NOW, jobs=1, cache_dir=self.cache,
                                    kept=self.kept))
        assert result.ok and result.last is not None, [d.text() for d in result.diagnostics]
        return result

    def preview(self, last: BuildResult | LastBuild, *rels: str):
        last = last.last if isinstance(last, BuildResult) else last
        return preview(last, [self.root / rel for rel in rels], self.env, self.cache, self.kept)


@pytest.fixture()
def place(tmp_path) -> Served:
    return Served(tmp_path)


def test_a_saved_item_is_shown_at_once_and_the_build_after_brings_the_rest(place):
    result = place.served()
    before = tree(place.out)
    place.git.edit(NEWS, "chất lượng cao\"", "chất lượng cao (xem trước)\"")
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau hơn hai năm thực hiện")
    shown = place.preview(result, NEWS)
    assert shown is not None and shown.items == [NEWS]
    assert shown.files == [ITEM + "index.html", ITEM + "index.json"]
    now = tree(place.out)
    assert differences(before, now) == shown.files  # the listings, tags, feeds and search wait for the build
    assert "Sau hơn hai năm thực hiện" in now[ITEM + "index.html"].decode()
    assert "chất lượng cao (xem trước)" in now[ITEM + "index.json"].decode()
    assert "chất lượng cao (xem trước)" not in now["sokhcn.langson.gov.vn/tin-tuc/index.html"].decode()
    assert not [name for name in os.listdir(place.out / ITEM) if ".preview-" in name]  # no temporary file left
    # a second save of the same item, previewed from the first preview's state
    place.git.edit(NEWS, "Sau hơn hai năm thực hiện", "Sau gần hai năm thực hiện")
    again = place.preview(shown.last, NEWS)
    assert again is not None and "Sau gần hai năm" in (place.out / ITEM / "index.html").read_text(encoding="utf-8")
    after = place.served()
    assert after.pages - after.reused < after.pages // 4
    assert differences(tree(place.out), place.cold()) == []
    assert "chất lượng cao (xem trước)" in (place.out / "sokhcn.langson.gov.vn/tin-tuc/index.html").read_text(
        encoding="utf-8")


def test_a_previewed_file_is_never_taken_for_what_the_last_build_wrote(place):
    """The preview's page is the new text's; when the file goes back to the old text before the build,
    that page's trace still matches the old inputs, so only the note of rewritten files (memo.py) keeps
    the build from reusing the preview's bytes for the old text."""
    result = place.served()
    original = (place.root / NEWS).read_bytes()
    place.git.edit(NEWS, "Sau hai năm thực hiện", "Sau mười năm thực hiện")
    assert place.preview(result, NEWS) is not None
    (place.root / NEWS).write_bytes(original)
    (place.root / "content/sokhcn/news/2026/tin-moi.md").write_text(news("Tin mới", date="2026-11-15T08:00"),
                                                                   encoding="utf-8")
    place.served()
    page = (place.out / ITEM / "index.html").read_text(encoding="utf-8")
    assert "Sau mười năm" not in page and "Sau hai năm thực hiện" in page
    assert differences(tree(place.out), place.cold()) == []


@pytest.mark.parametrize("change", ["new item", "deleted", "a layout", "now a draft", "an error", "not published",
                                    "moved to another type", "a new tag", "a new picture in the body"])
def test_what_a_preview_leaves_to_the_build(place, change):
    """Anything but edits of published items that stay where they are: no preview, the output untouched
    (the dev server then builds at once, and reports any error)."""
    result = place.served()
    before = tree(place.out)
    root = place.root
    if change == "new item":
        rel = "content/sokhcn/news/2026/tin-moi.md"
        (root / rel).write_text(news("Tin mới", date="2026-11-15T08:00"), encoding="utf-8")
    elif change == "deleted":
        rel = NEWS
        (root / rel).unlink()
    elif change == "a layout":
        rel = "layouts/footer.html"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("<footer>Chân trang riêng</footer>\n", encoding="utf-8")
    elif change == "now a draft":
        rel = NEWS
        place.git.edit(rel, "\n---\n", "\nstatus: draft\n---\n")
    elif change == "an error":
        rel = NEWS
        place.git.edit(rel, "\n---\n", "\nkhoa_la: 1\n---\n")
    elif change == "not published":  # a draft of the last build, edited
        rel = "content/sokhcn/news/2026/ban-nhap.md"
        (root / rel).write_text(news("Bản nháp", date="2026-11-15T08:00", extra="status: draft\n"), encoding="utf-8")
        result = place.served()
        before = tree(place.out)
        place.git.edit(rel, "Bản nháp", "Bản nháp sửa")
    elif change == "a new tag":  # a tag page to make
        rel = NEWS
        place.git.edit(rel, '"nông nghiệp"', '"lâm nghiệp"')
    elif change == "a new picture in the body":  # renditions to make
        rel = NEWS
        shutil.copy(root / "content/sokhcn/news/2025/tap-huan-quan-tri-trang-cap-xa.png",
                    root / "content/sokhcn/news/2024/anh-moi.png")
        place.git.edit(rel, "Sau hai năm thực hiện", "![Vườn ươm](anh-moi.png)\n\nSau hai năm thực hiện")
    else:
        rel = NEWS.replace("/news/", "/legal/")
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / NEWS).rename(root / rel)
    assert place.preview(result, rel) is None
    assert tree(place.out) == before


def test_a_burst_of_many_files_is_built_not_previewed(place):
    """A checkout or a merge changes many items at once: a build, not one preview page after another."""
    result = place.served()
    items = sorted(rel for rel, doc in result.last.documents.items()
                   if result.last.ri.index.get(doc.id, doc.lang) is doc)[:PREVIEW_MOST + 1]
    assert len(items) == PREVIEW_MOST + 1
    for rel in items:
        (place.root / rel).write_text((place.root / rel).read_text(encoding="utf-8") + "\nThêm.\n", encoding="utf-8")
    before = tree(place.out)
    assert place.preview(result, *items) is None and tree(place.out) == before
    assert place.preview(result, *items[:PREVIEW_MOST]) is not None
