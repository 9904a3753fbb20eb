"""Where the tool's own files are: default layouts and assets, lunr.js, the Vietnamese folding.

From a source checkout (``pip install -e .`` or ``python build.py``) the layouts are the
repository's top-level ``layouts/``; an installed wheel (``pip install .``) carries them as
package data in ``generator/layouts/`` (pyproject.toml maps the one folder to the other), so
the tool builds any province's repository from anywhere. lunr.js comes from npm
(``npm ci --ignore-scripts``): the province repository's ``node_modules/`` first, then the
tool checkout's.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]      # generator/
SOURCE_CHECKOUT = PACKAGE_DIR.parent                   # the repository, when run from a checkout
LUNR_REL = Path("node_modules") / "lunr" / "lunr.min.js"
SEARCH_VI_JS = Path(__file__).resolve().parent / "search_vi.js"


def tool_layouts() -> Path:
    """The default templates and ``assets/``: the wheel's package data, else the checkout's ``layouts/``."""
    packaged = PACKAGE_DIR / "layouts"
    return packaged if packaged.is_dir() else SOURCE_CHECKOUT / "layouts"


def lunr_js(root: Path) -> Path | None:
    """lunr.min.js from npm: the repository's own ``node_modules/``, else the tool checkout's."""
    for base in (root, SOURCE_CHECKOUT):
        path = base / LUNR_REL
        if path.is_file():
            return path
    return None
