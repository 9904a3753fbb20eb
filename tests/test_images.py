"""Images done properly (issue 11, point 3): real pictures made with Pillow in tiny repositories,
built for real. Renditions in a few widths, WebP with a JPEG or PNG fallback, srcset, sizes, width
and height, lazy loading below the top of the page, captions; limits refused at the line that
names the image; renditions cached by the original's content hash, so a rebuild makes none."""
from __future__ import annotations

import filecmp
import io
import json
import re
from pathlib import Path

from PIL import Image
from sitekit import NOW, VALID, codes, news, run_build, write_repo

from generator.build import images
from generator.pipeline import BuildOptions, build

ITEM = "content/tinh/news/2025/cau.md"
PAGE = "langson.gov.vn/tin-tuc/cau/"
LEAD = 'image:\n  src: anh.jpg\n  alt: "Cầu Kỳ Lừa"\n'


def picture(width: int, height: int, fmt: str = "JPEG", mode: str = "RGB") -> bytes:
    """A real image with some detail (a gradient), so that encoders have something to do."""
    im = Image.linear_gradient("L").resize((width, height)).convert(mode)
    if mode == "RGBA":  # see-through at the top
        im.putalpha(Image.linear_gradient("L").resize((width, height)))
    out = io.BytesIO()
    im.save(out, fmt)
    return out.getvalue()


def repo(tmp_path: Path, body: str = "Nội dung.", lead: bytes | None = None, files: dict | None = None) -> Path:
    found = {ITEM: news("Cầu", extra=LEAD if lead is not None else "", body=body)}
    if lead is not None:
        found["content/tinh/news/2025/anh.jpg"] = lead
    found.update({f"content/tinh/news/2025/{name}": data for name, data in (files or {}).items()})
    return write_repo(tmp_path / "repo", found)


def cached_build(root: Path, out: Path, cache: Path, jobs: int = 1):
    return build(BuildOptions(root=root, out=out, now=NOW, jobs=jobs, cache_dir=cache))


def size(path: Path) -> tuple[int, int]:
    with Image.open(path) as im:
        return im.size


def tag(html: str, start: str) -> str:
    return re.search(rf"<{start}[^>]*>", html)[0]


def test_the_lead_image_is_published_in_widths_as_webp_and_jpeg(tmp_path):
    root = repo(tmp_path, lead=picture(2000, 1000))
    result = run_build(root)
    assert codes(result) == []
    out = root / "public" / PAGE
    for width in (320, 640, 1024, 1600):
        assert size(out / f"anh-{width}.webp") == (width, width // 2)
        assert size(out / f"anh-{width}.jpg") == (width, width // 2)
        assert Image.open(out / f"anh-{width}.webp").format == "WEBP"
    assert size(out / "anh.jpg") == (2000, 1000)  # the original, for whoever wants it
    assert not (out / "anh-2000.webp").exists()
    html = (out / "index.html").read_text()
    webp = "/tin-tuc/cau/anh-320.webp 320w, /tin-tuc/cau/anh-640.webp 640w, " \
           "/tin-tuc/cau/anh-1024.webp 1024w, /tin-tuc/cau/anh-1600.webp 1600w"
    sizes = 'sizes="(min-width: 48rem) 46rem, 100vw"'
    assert f'<figure><picture><source type="image/webp" srcset="{webp}" {sizes}>' in html
    img = tag(html, 'img src="/tin-tuc/cau/anh-1024.jpg"')
    assert f'srcset="{webp.replace(".webp", ".jpg")}" {sizes}' in img
    assert 'width="1024" height="512" alt="Cầu Kỳ Lừa"' in img
    assert "loading=" not in img and 'fetchpriority="high"' in img  # the top of the page loads at once
    listing = (root / "public/langson.gov.vn/tin-tuc/index.html").read_text()
    card = tag(listing, 'img src="/tin-tuc/cau/anh-1024.jpg"')
    assert 'loading="lazy"' in card and 'sizes="(min-width: 40rem) 10rem, 100vw"' in card
    assert 'width="1024" height="512"' in card
    assert '<li class="item-card with-thumb">' in listing


def test_a_small_picture_is_never_enlarged_and_a_transparent_one_falls_back_to_png(tmp_path):
    root = repo(tmp_path, body='![Sơ đồ](so-do.png)\n', files={"so-do.png": picture(500, 250, "PNG", "RGBA")})
    assert codes(run_build(root)) == []
    out = root / "public" / PAGE
    assert sorted(p.name for p in out.glob("so-do*")) == [
        "so-do-320.png", "so-do-320.webp", "so-do-500.png", "so-do-500.webp", "so-do.png"]
    assert size(out / "so-do-500.png") == (500, 250) and size(out / "so-do-320.webp") == (320, 160)
    with Image.open(out / "so-do-320.webp") as im:
        assert im.mode == "RGBA"
    html = (out / "index.html").read_text()
    assert 'srcset="so-do-320.png 320w, so-do-500.png 500w"' in html
    assert '<img src="so-do-500.png"' in html


def test_body_images_become_lazy_pictures_and_a_titled_one_a_figure_with_its_caption(tmp_path):
    body = ('Mở đầu.\n\n![Cầu mới](cau-moi.jpg "Cầu Kỳ Lừa sau khi nâng cấp")\n\n'
            'Trong câu ![biểu tượng](cau-moi.jpg) và ![ngoài](https://example.org/a.png).\n')
    root = repo(tmp_path, body=body, files={"cau-moi.jpg": picture(1200, 800)})
    assert codes(run_build(root)) == [("content/tinh/news/2025/cau.md", 12, "image.other-host")]  # (a warning)
    out = root / "public" / PAGE
    assert size(out / "cau-moi-1024.webp") == (1024, 683) and size(out / "cau-moi-1200.jpg") == (1200, 800)
    html = (out / "index.html").read_text()
    figure = re.search(r'<figure class="body-figure">(.*?)</figure>', html, re.S)[1]
    assert figure.startswith('<picture><source type="image/webp" srcset="cau-moi-320.webp 320w, ')
    assert figure.endswith("</picture><figcaption>Cầu Kỳ Lừa sau khi nâng cấp</figcaption>")
    assert 'width="1024" height="683" alt="Cầu mới" loading="lazy"' in figure
    inline = re.search(r"<p>Trong câu (.*?)</p>", html, re.S)[1]
    assert inline.startswith("<picture>") and 'alt="biểu tượng" loading="lazy"' in inline
    assert '<img src="https://example.org/a.png" alt="ngoài" loading="lazy">' in inline


def test_images_over_the_limits_or_unreadable_are_refused_at_their_line(tmp_path):
    bomb = io.BytesIO()
    Image.new("1", (20000, 10000)).save(bomb, "PNG")  # 200 megapixels: Pillow's own bomb check
    files = {
        "content/tinh/news/2025/lon.md": news("Lớn", extra='image:\n  src: lon.jpg\n  alt: "Ảnh"\n'),
        "content/tinh/news/2025/lon.jpg": b"\xff\xd8" + b"\0" * images.MAX_BYTES,
        "content/tinh/news/2025/nhieu.md": news("Nhiều", body="Chữ.\n\n![Ảnh](nhieu.png)\n"),
        "content/tinh/news/2025/nhieu.png": picture(8000, 5001, "PNG", "L"),
        "content/tinh/news/2025/bom.md": news("Bom", body="![Ảnh](bom.png)\n"),
        "content/tinh/news/2025/bom.png": bomb.getvalue(),
        "content/tinh/news/2025/hong.md": news("Hỏng", extra='image:\n  src: hong.jpg\n  alt: "Ảnh"\n'),
        "content/tinh/news/2025/hong.jpg": picture(800, 600)[:2000],  # cut short
        "content/tinh/news/2025/chu.md": news("Chữ", body="Một.\n\nHai.\n\n![Ảnh](chu.png)\n"),
        "content/tinh/news/2025/chu.png": b"not a picture at all",
    }
    root = write_repo(tmp_path, files)
    result = run_build(root)
    assert codes(result) == [
        ("content/tinh/news/2025/bom.md", 8, "image.too-many-pixels"),
        ("content/tinh/news/2025/chu.md", 12, "image.unreadable"),
        ("content/tinh/news/2025/hong.md", 5, "image.unreadable"),
        ("content/tinh/news/2025/lon.md", 5, "image.too-large"),
        ("content/tinh/news/2025/nhieu.md", 10, "image.too-many-pixels"),
    ]
    said = {d.path.rsplit("/", 1)[1]: d.message for d in result.diagnostics}
    assert said["lon.md"].startswith("`lon.jpg` is 20.0 MB, over the limit of 20.0 MB for an image; save it smaller")
    assert said["nhieu.md"].startswith("`nhieu.png` has 8000 × 5001 pixels, more than 40 megapixels, the limit")
    assert said["bom.md"].startswith("`bom.png` has more than 40 megapixels")
    assert "cannot be read as an image" in said["hong.md"] and "save it again as JPEG or PNG" in said["chu.md"]
    assert not (root / "public").exists()


def test_a_body_image_that_is_missing_is_named_at_its_line(tmp_path):
    root = repo(tmp_path, body="Một.\n\n![Ảnh](khong-co.jpg)\n")
    assert codes(run_build(root)) == [(ITEM, 10, "file.missing")]


def test_a_rebuild_takes_every_rendition_from_the_cache(tmp_path):
    root = repo(tmp_path, body="![Ảnh](than.png)\n", lead=picture(1800, 1200), files={"than.png": picture(900, 600, "PNG")})
    cache = tmp_path / "cache"
    assert cached_build(root, tmp_path / "one", cache).ok
    stored = {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()}
    assert len(stored) == 8 + 6  # 4 widths × 2 formats of the lead; 3 × 2 of the body's picture
    assert cached_build(root, tmp_path / "two", cache).ok
    assert {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()} == stored
    same = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert not same.diff_files and not same.left_only and not same.right_only
    # A changed original is a new hash: its renditions are made again, the others kept.
    (root / "content/tinh/news/2025/than.png").write_bytes(picture(900, 600, "PNG", "L"))
    assert cached_build(root, tmp_path / "three", cache).ok
    now = {p: p.stat().st_mtime_ns for p in (cache / "images").rglob("*") if p.is_file()}
    assert len(now) == len(stored) + 6 and all(now[p] == t for p, t in stored.items())


def test_renditions_are_the_same_bytes_with_one_worker_or_two(tmp_path):
    dept = 'kind: department\nslug: sokhcn\nname: "Sở Khoa học và Công nghệ"\n'
    files = {"sites/sokhcn.yaml": dept}
    for site in ("tinh", "sokhcn"):
        files[f"content/{site}/news/2025/tin.md"] = news("Tin", extra='image:\n  src: anh.jpg\n  alt: "Ảnh"\n')
        files[f"content/{site}/news/2025/anh.jpg"] = picture(1300, 700)
    root = write_repo(tmp_path / "repo", files)
    assert run_build(root, tmp_path / "one", jobs=1).ok and run_build(root, tmp_path / "two", jobs=2).ok
    made = sorted((tmp_path / "one").rglob("anh-*"))
    assert len(made) == 2 * 8
    for path in made:
        assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()
        with Image.open(path) as im:
            assert "exif" not in im.info and "icc_profile" not in im.info


def test_a_rendition_is_the_same_bytes_whichever_others_the_cache_held(tmp_path):
    root = repo(tmp_path, lead=picture(1700, 900))
    cache = tmp_path / "cache"
    assert cached_build(root, tmp_path / "one", cache).ok
    stored = sorted((cache / "images").rglob("*.*"))
    for path in stored[::2]:  # half of them lost: the rest come from the cache, these are made again
        path.unlink()
    assert cached_build(root, tmp_path / "two", cache).ok
    assert len(sorted((cache / "images").rglob("*.*"))) == len(stored) == 8
    for path in (tmp_path / "one" / PAGE).glob("anh-*"):
        assert path.read_bytes() == (tmp_path / "two" / PAGE / path.name).read_bytes(), path.name


def test_a_removed_items_unreadable_image_does_not_stop_its_removal(tmp_path):
    root = repo(tmp_path, lead=b"not a picture")
    item = root / ITEM
    item.write_text(item.read_text(encoding="utf-8").replace("---\n", "---\nstatus: removed\n", 1), encoding="utf-8")
    result = run_build(root)
    assert result.ok
    found = [d for d in result.diagnostics if d.code == "image.unreadable"]
    assert [(d.line, d.severity) for d in found] == [(6, "warning")]
    assert "(the item is removed, so the build goes on)" in found[0].message


def test_a_file_name_with_spaces_and_commas_is_one_candidate_of_the_srcset(tmp_path):
    root = repo(tmp_path, body="![Ảnh](<ảnh hội nghị, 2025.jpg>)\n", files={"ảnh hội nghị, 2025.jpg": picture(400, 300)})
    assert codes(run_build(root)) == []
    html = (root / "public" / PAGE / "index.html").read_text()
    name = "%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B%2C%202025"
    assert f'srcset="{name}-320.webp 320w, {name}-400.webp 400w"' in html
    assert (root / "public" / PAGE / "ảnh hội nghị, 2025-400.webp").is_file()


def test_a_lead_image_caption_is_shown_under_it_and_kept_in_the_record(tmp_path):
    lead = LEAD + '  caption: "Ảnh: Minh Anh"\n'
    root = write_repo(tmp_path, {ITEM: news("Cầu", extra=lead), "content/tinh/news/2025/anh.jpg": picture(700, 400)})
    assert codes(run_build(root)) == []
    html = (root / "public" / PAGE / "index.html").read_text()
    assert re.search(r'<figure><picture>.*?</picture><figcaption>Ảnh: Minh Anh</figcaption></figure>', html)
    record = json.loads((root / "public" / PAGE / "index.json").read_text())
    assert record["fields"]["image"] == {"alt": "Cầu Kỳ Lừa", "caption": "Ảnh: Minh Anh", "src": "anh.jpg"}
    (root / ITEM).write_text(news("Cầu", extra=LEAD + '  credit: "x"\n'), encoding="utf-8")
    assert codes(run_build(root)) == [(ITEM, 6, "field.unknown")]


def test_a_name_too_long_for_its_renditions_or_the_output_is_refused_at_its_line_by_check_too(tmp_path):
    """A rendition's name puts `-320.webp` where the original has `.jpg`: a name that fits the file system
    may not fit there (it used to pass `check` and stop the build with a traceback). An attachment's name
    is an output file's name as it is."""
    long = "ả" * 83 + ".jpg"  # 253 bytes
    lead = f'image:\n  src: "{long}"\n  alt: "Ảnh"\n'
    files = {
        "content/tinh/news/2025/dau.md": news("Đầu", extra=lead),
        "content/tinh/news/2025/than.md": news("Thân", body=f"Một.\n\n![Ảnh](<{long}>)\n"),
        f"content/tinh/news/2025/{long}": picture(800, 600),
        "content/tinh/news/2025/vua.md": news("Vừa", extra=lead.replace("ả" * 83, "ả" * 82)),  # 250 bytes: fits
        f"content/tinh/news/2025/{'ả' * 82}.jpg": picture(800, 600),
        "content/tinh/legal/2025/qd.md": "---\n" + "\n".join(VALID["legal"]).replace(
            "[qd.pdf]", f'["{"ả" * 90}.pdf"]') + "\n---\nNội dung.\n",
    }
    root = write_repo(tmp_path, files)
    for check_only in (True, False):
        result = run_build(root, check_only=check_only)
        assert codes(result) == [
            ("content/tinh/legal/2025/qd.md", 9, "file.name-too-long"),
            ("content/tinh/news/2025/dau.md", 5, "image.name-too-long"),
            ("content/tinh/news/2025/than.md", 10, "image.name-too-long"),
        ]
        said = {d.path.rsplit("/", 1)[1]: d.message for d in result.diagnostics}
        assert said["dau.md"].endswith(": the file name is too long for its renditions (253 bytes, at most 250); "
                                       "shorten it")
        assert said["qd.md"].endswith(": the file name is too long for a file of the output (274 bytes, at most "
                                      "255); shorten it")
    assert not (root / "public").exists()


def test_a_missing_html_image_is_named_at_its_body_line_not_where_the_front_matter_mentions_it(tmp_path):
    item = ('---\ntitle: "Bản đồ"\ndate: 2025-03-12T08:30\nsummary: "Xem ban-do.png ở cuối bài."\n'
            'author: "A"\nsource: "B"\n---\nDòng một, không phải ban-do.png.\n\nDòng hai.\n\n'
            '<img src="ban-do.png" alt="Bản đồ">\n')
    root = write_repo(tmp_path, {ITEM: item})
    assert codes(run_build(root, check_only=True)) == [(ITEM, 12, "file.missing")]
