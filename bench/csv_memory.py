"""Peak memory of a build whose one statistics item attaches a large CSV (issue 9, point 7).

    python bench/csv_memory.py [--mb 64] [--keep DIR]

Writes a one-site repository (profile langson-2025) whose statistics item attaches a generated
CSV of about ``--mb`` megabytes (Vietnamese village names, numbers grouped as Vietnamese readers
write them, `;` separated), and the same repository with a three-row CSV. Each is built by
``python build.py build --jobs 1`` in its own subprocess; the script prints each build's peak
resident memory (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` read after each child exits,
so each figure is that build's own peak, measured by the kernel) and the difference, which is
what the CSV costs. Standard library only; exit status 1 when a build fails.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# bench/, the script's folder, is first on sys.path
from corpus import write_small_province

REPO = Path(__file__).resolve().parents[1]
ITEM = """\
---
title: "Số hộ theo thôn, năm 2025"
date: 2026-03-20
period: 2025
dataset_files: [so-ho.csv]
---
Số liệu mẫu cho phép đo bộ nhớ.
"""
HEADER = "Thôn;Xã;Số hộ;Số nhân khẩu;Tỷ lệ hộ nghèo (%)\n"


def write_csv(path: Path, size: int) -> int:
    """A CSV of at least ``size`` bytes (three rows at least), written row by row through a buffer."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        i = written = 0
        while i < 3 or written < size:
            row = (f"Thôn Nà Lầu {i};Xã Đồng Đăng {i % 97};{i % 900 + 100};{(i * 37) % 4000 + 1}.{i % 1000:03d};"
                   f"{i % 30},{i % 10}\n")
            out.write(row)
            written += len(row.encode("utf-8"))
            i += 1
    return path.stat().st_size


def write_repo(root: Path, csv_bytes: int) -> int:
    write_small_province(root)
    (root / "content/tinh/statistics/2026").mkdir(parents=True, exist_ok=True)
    (root / "content/tinh/statistics/2026/so-ho.md").write_text(ITEM, encoding="utf-8")
    return write_csv(root / "content/tinh/statistics/2026/so-ho.csv", csv_bytes)


def peak_build(root: Path) -> tuple[int, float]:
    """Peak RSS (bytes) and wall time of one build of ``root`` in a fresh child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    run = subprocess.run([sys.executable, str(REPO / "build.py"), "build", "--root", str(root),
                          "--out", str(root / "public"), "--jobs", "1"],
                         capture_output=True, text=True, env={**os.environ, "CONGTT_CACHE_DIR": str(root / ".cache")})
    wall = time.perf_counter() - start
    if run.returncode:
        sys.exit(f"build of {root} failed:\n{run.stdout}{run.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far, in KiB
    if peak <= before:
        sys.exit("measure the CSV build first: RUSAGE_CHILDREN keeps the maximum over all children")
    return peak * 1024, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=64, help="size of the generated CSV in MB (default 64)")
    parser.add_argument("--keep", type=Path, help="write the repositories here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        small_root, large_root = base / "small", base / "large"
        small_root.mkdir(parents=True, exist_ok=True)
        large_root.mkdir(parents=True, exist_ok=True)
        small = write_repo(small_root, 1)
        large = write_repo(large_root, int(args.mb * 1024 * 1024))
        # RUSAGE_CHILDREN's ru_maxrss is the peak of the largest child so far: the small build first.
        small_peak, small_wall = peak_build(small_root)
        large_peak, large_wall = peak_build(large_root)
    mb = 1024 * 1024
    print(f"small CSV ({small:,} bytes):        peak RSS {small_peak / mb:7.1f} MB, {small_wall:5.1f} s")
    print(f"large CSV ({large / mb:,.1f} MB):        peak RSS {large_peak / mb:7.1f} MB, {large_wall:5.1f} s")
    print(f"what the large CSV costs:        {(large_peak - small_peak) / mb:7.1f} MB")


if __name__ == "__main__":
    main()
