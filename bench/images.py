"""What the rendition cache saves: a cold build against a rebuild of the same photographs (issue 11, point 3).

    python bench/images.py [--items 20] [--width 3000] [--jobs 1] [--keep DIR]

Writes a one-site repository (profile langson-2025) of ``--items`` news items, each with its own
photograph-like JPEG of ``--width`` × 2/3 pixels (noise over a gradient, so the encoders have work to
do) and one picture in its text. It builds it twice with one cache folder: the first build makes
every rendition (images.WIDTHS in WebP and JPEG) and stores it under the original's hash; the
second finds them all there. Prints each build's seconds, the renditions in the cache after
each, and whether the two outputs are the same bytes. Exit status 1 when a build fails, the
rebuild made a rendition, or the outputs differ.
"""
from __future__ import annotations

import argparse
import filecmp
import io
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from corpus import write_small_province  # noqa: E402  (bench/, the script's folder)
from PIL import Image  # noqa: E402

from generator.core.clock import now_in_vietnam  # noqa: E402
from generator.pipeline import BuildOptions, build  # noqa: E402

ITEM = """\
---
title: "Ảnh hội nghị số {n}"
date: 2026-03-20T08:00
summary: "Tin có ảnh để đo bộ nhớ đệm của ảnh."
author: "Hoàng Lan"
source: "Trung tâm Thông tin tỉnh"
image:
  src: anh-{n}.jpg
  alt: "Ảnh mẫu số {n}"
---
Nội dung tin.

![Toàn cảnh](anh-{n}.jpg "Toàn cảnh hội nghị")
"""


def photograph(width: int, seed: int) -> bytes:
    height = width * 2 // 3
    noise = Image.effect_noise((width, height), 40 + seed % 20)
    im = Image.merge("RGB", (noise, Image.linear_gradient("L").resize((width, height)), noise.transpose(0)))
    out = io.BytesIO()
    im.save(out, "JPEG", quality=90)
    return out.getvalue()


def write_repo(root: Path, items: int, width: int) -> None:
    write_small_province(root)
    folder = root / "content/tinh/news/2026"
    folder.mkdir(parents=True)
    for n in range(items):
        (folder / f"anh-{n}.md").write_text(ITEM.format(n=n), encoding="utf-8")
        (folder / f"anh-{n}.jpg").write_bytes(photograph(width, n))


def renditions(cache: Path) -> int:
    return sum(1 for p in (cache / "images").rglob("*") if p.is_file()) if (cache / "images").is_dir() else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--width", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the repository, cache and outputs here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        root, cache = base / "repo", base / "cache"
        write_repo(root, args.items, args.width)
        times, counts = [], []
        for name in ("cold", "warm"):
            started = time.perf_counter()
            result = build(BuildOptions(root=root, out=base / name, now=now_in_vietnam(), jobs=args.jobs,
                                        cache_dir=cache))
            times.append(time.perf_counter() - started)
            counts.append(renditions(cache))
            if not result.ok:
                print("\n".join(d.text() for d in result.diagnostics), file=sys.stderr)
                return 1
            print(f"{name}: {times[-1]:.2f} s, {counts[-1]} renditions in the cache")
        same = filecmp.dircmp(base / "cold", base / "warm")
        identical = not (same.diff_files or same.left_only or same.right_only)
        print(f"{args.items} photographs of {args.width} px: the rebuild took {times[1] / times[0]:.0%} of the "
              f"cold build; outputs {'identical' if identical else 'DIFFER'}")
        return 0 if identical and counts[0] == counts[1] else 1


if __name__ == "__main__":
    sys.exit(main())
