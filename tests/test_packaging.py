"""A non-editable install (a wheel in a new virtual environment, run from another folder) builds
the example province's content as a repository of its own, without layouts: the layouts, assets,
profiles and search folding ship as package data."""
from __future__ import annotations

import filecmp
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-11-30T10:00"


def _same_tree(a: Path, b: Path) -> list[str]:
    files_a = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    return [f for f in files_a if not filecmp.cmp(a / f, b / f, shallow=False)]


def test_a_wheel_installed_elsewhere_builds_the_example(tmp_path):
    source = tmp_path / "src"  # a copy, so building the wheel leaves no build/ in the repository
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "generator", "layouts"):
        copy = shutil.copytree if (REPO / name).is_dir() else shutil.copy
        copy(REPO / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                            if (REPO / name).is_dir() else {}))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w",
                    str(tmp_path / "wheel"), str(source)], check=True, capture_output=True)
    wheel = next((tmp_path / "wheel").glob("congtt-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    # The dependencies from this environment, through a .pth line (its own .pth files, among them
    # the editable install of the checkout, are not read from there).
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # A province's own repository: its content and sites, no layouts of its own, lunr.js from npm.
    province = tmp_path / "province"
    for name in ("content", "sites", "audit"):
        shutil.copytree(REPO / name, province / name)
    (province / "node_modules").symlink_to(REPO / "node_modules")
    where = subprocess.run([python, "-c", "import generator; print(generator.__file__)"], cwd=elsewhere,
                           check=True, capture_output=True, text=True).stdout
    assert where.startswith(str(site)), where
    installed = subprocess.run([venv / "bin" / "congtt", "build", "--root", str(province), "--out",
                                str(tmp_path / "installed"), "--now", NOW, "--no-cache"],
                               cwd=elsewhere, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    checkout = subprocess.run([sys.executable, "build.py", "--root", str(province), "--out",
                               str(tmp_path / "checkout"), "--now", NOW, "--no-cache"],
                              cwd=REPO, capture_output=True, text=True)
    assert checkout.returncode == 0, checkout.stderr
    assert _same_tree(tmp_path / "installed", tmp_path / "checkout") == []
