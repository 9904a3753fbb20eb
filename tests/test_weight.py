"""The weight of a page (issue 11, point 8): a home page's HTML with the CSS and JavaScript it references,
each gzipped as a server sends it, stays under 100 KB (images excluded); no page loads a web font, and no
page makes a request to a host outside the province's own unless a site configures it (the EMC script)."""
from __future__ import annotations

import gzip
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from sitekit import run_build, write_repo

REPO = Path(__file__).resolve().parents[1]
BUDGET = 100 * 1024
FONT_FILES = (".woff", ".woff2", ".ttf", ".otf", ".eot")


class Requests(HTMLParser):
    """The addresses a browser fetches for a page by itself: scripts, stylesheets and icons, images,
    frames and media, not the links a reader may follow."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []   # (tag, address)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and set((a.get("rel") or "").split()) & {"stylesheet", "icon", "apple-touch-icon",
                                                                    "preload", "modulepreload", "manifest"}:
            self.found.append((tag, a.get("href") or ""))
        elif tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and a.get("src"):
            self.found.append((tag, a["src"]))
        for candidate in (a.get("srcset") or "").split(","):
            if candidate.strip():
                self.found.append((tag, candidate.split()[0]))


def requests_of(html: str) -> list[tuple[str, str]]:
    parser = Requests()
    parser.feed(html)
    return parser.found


def foreign(html: str, page_url: str, own_hosts: set[str], allowed: set[str] = frozenset()) -> list[str]:
    """The addresses a page fetches from hosts that are neither the province's nor allowed."""
    out = []
    for _, address in requests_of(html):
        host = urlsplit(urljoin(page_url, address)).hostname or ""
        if host not in own_hosts and host not in allowed:
            out.append(address)
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("weight") / "public"
    result = run_build(REPO, out, jobs=2)
    assert result.ok, "\n".join(d.text() for d in result.diagnostics)
    return out


def hosts(out: Path) -> set[str]:
    return {p.name for p in out.iterdir() if p.is_dir() and not p.name.startswith("_")}


def home_pages(out: Path) -> list[Path]:
    return sorted(p for host in hosts(out) for p in [out / host / "index.html", out / host / "en/index.html"]
                  if p.is_file())


def test_every_home_page_with_its_css_and_scripts_is_under_100_kb_gzipped(example):
    pages = home_pages(example)
    assert len(pages) >= 10  # every site, and the editions under /en/
    for page in pages:
        host = page.relative_to(example).parts[0]
        html = page.read_bytes()
        sizes = {"html": len(gzip.compress(html))}
        for tag, address in requests_of(html.decode()):
            if tag in ("script", "link") and address.startswith("/"):
                sizes[address] = len(gzip.compress((example / host / address.lstrip("/")).read_bytes()))
        assert any(a.endswith(".css") for a in sizes) and any(a.endswith(".js") for a in sizes), sizes
        assert sum(sizes.values()) < BUDGET, (str(page.relative_to(example)), sizes)


def test_no_page_loads_a_web_font_or_a_third_party_address(example):
    own = hosts(example)
    assert "langson.gov.vn" in own and "english.langson.gov.vn" in own
    for css in example.rglob("*.css"):
        text = css.read_text(encoding="utf-8").lower()
        assert "@font-face" not in text and "@import" not in text, css
    pages = sorted(example.rglob("*.html"))
    assert len(pages) > 300
    for page in pages:
        host = page.relative_to(example).parts[0]
        html = page.read_text(encoding="utf-8")
        fetched = [a for _, a in requests_of(html)]
        assert not [a for a in fetched if urlsplit(a).path.lower().endswith(FONT_FILES)], page
        assert foreign(html, f"https://{host}/", own) == [], page


def test_the_check_sees_a_third_party_request_and_allows_what_a_site_configures(tmp_path):
    """The scanner itself: a font from another host is caught; a site's EMC script is the one request
    to another host a page makes, because the site file names it."""
    html = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
            '<img src="/anh.png" srcset="https://cdn.example.com/a.png 2x"><a href="https://chinhphu.vn">x</a>')
    assert foreign(html, "https://langson.gov.vn/", {"langson.gov.vn"}) == [
        "https://fonts.googleapis.com/css?family=Roboto", "https://cdn.example.com/a.png"]
    write_repo(tmp_path, {"sites/tinh.yaml": 'kind: portal\nname: {vi: "Cổng thông tin điện tử tỉnh"}\n'
                          "emc: {script: https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js, site_code: LSN}\n"})
    assert run_build(tmp_path).ok
    out = tmp_path / "public"
    home = (out / "langson.gov.vn/index.html").read_text(encoding="utf-8")
    assert foreign(home, "https://langson.gov.vn/", hosts(out)) == ["https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"]
    assert foreign(home, "https://langson.gov.vn/", hosts(out), {"f-emc.ngsp.gov.vn"}) == []
