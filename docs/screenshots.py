"""Screenshots of the example province for a reviewer: each kind of home page, an article, a legal
document, the document lookup and the search page, at 360 px (a phone) and 1366 px (a desktop).

    python docs/screenshots.py                    # into docs/screenshots/
    python docs/screenshots.py /tmp/shots --only portal-home --widths 360

builds the example into a temporary folder, serves it on 127.0.0.1 and saves one full-page PNG per
page and width, named <page>-<width>.png (portal-home-360.png…), then prints what it saved. It
needs what the browser tests need (tests/browser.py): Debian's Chromium, Python Playwright (the
`test` extra) and `npm ci --ignore-scripts`. The pages are found in the build's plan, not written
down: the portal's and the English edition's home pages, the first department's and the first
commune's, and the portal's first news item with a picture, legal document, lookup and search.
Nothing outside *.localhost is fetched. Exit status 0 when every screenshot was saved.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the browser tests' Chromium, server and offline route
sys.path.insert(0, str(REPO))

from browser import launch, local_only, serving  # noqa: E402

from generator.build.aggregate import with_portal_listings  # noqa: E402
from generator.build.plan import plan  # noqa: E402
from generator.core.clock import now_in_vietnam  # noqa: E402
from generator.pipeline import BuildOptions, build, load_content  # noqa: E402

WIDTHS = (360, 1366)
SEARCH_WORDS = {"vi": "chuyen doi so", "en": "digital"}


def shots(options: BuildOptions) -> dict[str, tuple[str, str]]:
    """name → (host, path from the host's root) of each page to photograph, from the plan."""
    config, index, problems = load_content(options)
    if config is None or index is None:
        raise SystemExit("\n".join(d.text() for d in problems))
    index = with_portal_listings(config, index)
    pages, _, _ = plan(config, index, None)
    sites = config.sites

    def first(name: str, test) -> tuple[str, tuple[str, str]] | None:
        page = next((p for p in pages if test(p)), None)
        if page is None:
            return None
        edition = sites[page.site].edition(page.lang)
        return name, (edition.host, edition.root_path + page.path)

    def on_portal(p, lang: str = "vi") -> bool:
        return sites[p.site].kind == "portal" and p.lang == lang

    def with_picture(p) -> bool:
        doc = index.get(p.key, p.lang)
        return doc is not None and bool(doc.images)

    found = [
        first("portal-home", lambda p: p.kind == "home" and on_portal(p)),
        first("english-home", lambda p: p.kind == "home" and on_portal(p, "en")),
        first("department-home", lambda p: p.kind == "home" and sites[p.site].kind == "department"),
        first("commune-home", lambda p: p.kind == "home" and sites[p.site].kind == "commune"),
        first("article", lambda p: p.kind == "item" and p.type == "news" and on_portal(p) and with_picture(p))
        or first("article", lambda p: p.kind == "item" and p.type == "news" and on_portal(p)),
        first("legal-document", lambda p: p.kind == "item" and p.type == "legal" and on_portal(p)),
        first("lookup", lambda p: p.kind == "lookup" and on_portal(p)),
        first("search", lambda p: p.kind == "search" and on_portal(p)),
    ]
    named = dict(x for x in found if x)
    if "search" in named:
        host, path = named["search"]
        named["search"] = host, path + "?q=" + SEARCH_WORDS["vi"].replace(" ", "+")
    return named


def take(out: Path, only: list[str], widths: tuple[int, ...]) -> list[Path]:
    """Builds the example, serves it and saves the screenshots into `out`; the files saved."""
    from playwright.sync_api import sync_playwright

    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="congtt-shots-") as tmp:
        options = BuildOptions(root=REPO, out=Path(tmp) / "public", now=now_in_vietnam(), jobs=2, cache_dir=None)
        pages = shots(options)
        unknown = sorted(set(only) - set(pages))
        if unknown:
            raise SystemExit(f"no such page: {', '.join(unknown)}; choose from {', '.join(pages)}")
        result = build(options)
        if not result.ok:
            raise SystemExit("the example does not build:\n" + "\n".join(d.text() for d in result.diagnostics))
        out.mkdir(parents=True, exist_ok=True)
        with serving(options.out) as port, sync_playwright() as p:
            browser = launch(p)
            try:
                for name, (host, path) in pages.items():
                    if only and name not in only:
                        continue
                    for width in widths:
                        context = browser.new_context(viewport={"width": width, "height": 800})
                        context.route("**/*", local_only)
                        page = context.new_page()
                        response = page.goto(f"http://{host}.localhost:{port}{path}", wait_until="load")
                        if response is None or response.status != 200:
                            raise SystemExit(f"{host}{path}: HTTP {response and response.status}")
                        if name == "search":  # the results are written by search.js
                            page.wait_for_function(
                                "() => document.querySelector('[data-search-status]').textContent.trim()")
                        target = out / f"{name}-{width}.png"
                        page.screenshot(path=str(target), full_page=True)
                        saved.append(target)
                        context.close()
            finally:
                browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=REPO / "docs" / "screenshots",
                        help="folder for the PNG files (default docs/screenshots/)")
    parser.add_argument("--only", action="append", default=[], metavar="PAGE",
                        help="only this page (portal-home, article, lookup…); may be repeated")
    parser.add_argument("--widths", type=lambda s: tuple(int(w) for w in s.split(",")), default=WIDTHS,
                        help="viewport widths in px, comma-separated (default 360,1366)")
    args = parser.parse_args(argv)
    for path in take(args.out, args.only, args.widths):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
