"""axe-core (WCAG 2.1 A and AA) over one page of every kind the example emits, at 360, 768 and 1366 px.

The pages are not listed by hand: the build's own plan gives every HTML page, grouped by its kind
and content type (a news item, a legal document's listing, the Q&A lookup, the 404 page…), and one
page of each group is checked, so a new kind of page or a new content type is covered the day it
is added. Each representative comes from the edition checked least so far, so the English edition,
the departments and the communes are in the sample too, with one home page per kind of site and
language, and the portal's own news item, legal document, lookup and search.

Every `<details>` (the menu groups, the phone menu, folded sections) is opened first, so what it
holds is checked too; a closed one only hides it. One build, one browser context; each page is
loaded once and checked at the three widths. The Nu HTML Checker reads every built file in
tests/test_example.py; here it reads what the scripts write into the search and lookup pages.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from browser import AXE, WCAG, local_only, serving, skip_without_browser
from sitekit import NOW, run_build

from generator.checks.htmlcheck import JAR, run_vnu

REPO = Path(__file__).resolve().parents[1]
WIDTHS = (1366, 768, 360)
AT_ONCE = 8  # pages checked side by side: axe runs in each page's own renderer
skip_without_browser()


@dataclass(frozen=True)
class Target:
    group: str   # "item/news", "home", "qa_lookup/qa"…
    host: str
    path: str    # from the host's root: "/en/tin-tuc/abc/"
    on_portal: bool = False  # the portal's Vietnamese edition

    @property
    def name(self) -> str:
        return f"{self.host}{self.path}"


def planned_pages():
    """Every HTML page the example's build emits (stages 1-6 of the pipeline), the configuration
    and the index."""
    from generator.build.aggregate import with_portal_listings
    from generator.build.plan import plan
    from generator.build.render import HTML_PAGES
    from generator.pipeline import BuildOptions, load_content

    config, index, problems = load_content(BuildOptions(root=REPO, out=REPO / "public", now=NOW))
    assert config is not None and index is not None, [d.text() for d in problems]
    index = with_portal_listings(config, index)
    pages, _, _ = plan(config, index, None)
    return config, index, [page for page in pages if page.kind in HTML_PAGES]


def group(page) -> str:
    """What a page is an example of: its kind, and for an item or a listing its content type."""
    return f"{page.kind}/{page.type}" if page.kind in ("item", "list") else page.kind


# The pages a reader reaches first are checked on the portal's Vietnamese edition as well.
ON_THE_PORTAL = ("item/news", "item/legal", "lookup", "search")


def targets() -> list[Target]:
    """One page per group, from the edition least represented so far; one home page per kind of
    site and language; the portal's own page of each group in ON_THE_PORTAL (an item with images
    when there is one); search pages carry a query, so that their results are checked too."""
    config, index, pages = planned_pages()
    groups: dict[str, list] = {}
    for page in pages:
        if page.number == 1:
            groups.setdefault(group(page), []).append(page)
    portal = next(s.id for s in config.sites.values() if s.kind == "portal")
    seen: dict[tuple[str, str], int] = {}
    chosen: list[tuple[str, object]] = []

    def take(name: str, page) -> None:
        seen[(page.site, page.lang)] = seen.get((page.site, page.lang), 0) + 1
        chosen.append((name, page))

    def images(page) -> int:
        doc = index.docs.get((page.key, page.lang)) if page.key else None
        return len(doc.images) if doc else 0

    for name in sorted(groups):
        if name == "home":
            for page in {(config.sites[p.site].kind, p.lang): p for p in reversed(groups[name])}.values():
                take(name, page)
            continue
        take(name, min(groups[name], key=lambda p: seen.get((p.site, p.lang), 0)))
        on_portal = [p for p in groups[name] if (p.site, p.lang) == (portal, "vi")]
        if name in ON_THE_PORTAL and on_portal and chosen[-1][1] not in on_portal:
            take(name, max(on_portal, key=images))
    out = []
    for name, page in chosen:
        edition = config.sites[page.site].edition(page.lang)
        path = edition.root_path + page.path
        if page.kind == "search":
            path += "?q=chuyen+doi+so" if page.lang == "vi" else "?q=digital"
        out.append(Target(name, edition.host, path, (page.site, page.lang) == (portal, "vi")))
    return out


TARGETS = targets()


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    out = tmp_path_factory.mktemp("accessibility") / "public"
    result = run_build(REPO, out, jobs=2)
    assert result.ok, "\n".join(d.text() for d in result.diagnostics)
    with serving(out) as port:
        yield port


def test_the_sample_covers_every_kind_of_page_and_at_least_twenty_pages():
    config, _, pages = planned_pages()
    groups = {group(p) for p in pages}
    assert groups == {t.group for t in TARGETS}
    assert {"home", "item/news", "item/legal", "list/legal", "lookup", "search", "not_found"} <= groups
    assert len(TARGETS) >= 20
    hosts = {t.host for t in TARGETS}
    assert any(h.startswith("english.") for h in hosts) and len(hosts) >= 4, hosts


PHONE_ONLY_FAULT = """<!DOCTYPE html><html lang="vi"><meta charset="utf-8"><title>t</title>
<style>.low { color: #000 } @media (max-width: 400px) { .low { color: #bbb } }</style>
<main><h1>Trang thử</h1><p class="low">Chữ nhạt trên điện thoại.</p><img src="data:,"></main></html>"""


def test_the_check_itself_fails_and_names_rule_page_width_and_target(browser, tmp_path):
    """An image without alt fails at every width, text too pale for AA only at 360 px (a media
    query): the check sees both, at the right widths, and says where."""
    (tmp_path / "thu.test").mkdir()
    (tmp_path / "thu.test/index.html").write_text(PHONE_ONLY_FAULT, encoding="utf-8")
    context = browser.new_context()
    try:
        with serving(tmp_path) as served:
            lines, passed = check(context, served, [Target("home", "thu.test", "/")])
    finally:
        context.close()
    assert passed
    assert [line.split(":")[0] for line in lines] == [
        "image-alt [critical] thu.test/ at 1366px (home)", "image-alt [critical] thu.test/ at 768px (home)",
        "color-contrast [serious] thu.test/ at 360px (home)", "image-alt [critical] thu.test/ at 360px (home)"]
    assert lines[2].endswith(": p"), lines[2]  # the target, as a CSS selector


def check(context, port: int, batch: list[Target]) -> tuple[list[str], int]:
    """axe over each page of `batch` at each width: the violations as readable lines, and how many
    rules passed (a check that ran at all)."""
    lines: list[str] = []
    passed = 0
    opened = []
    for target in batch:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        response = page.goto(f"http://{target.host}.localhost:{port}{target.path}", wait_until="load")
        if response is None or response.status != 200:
            lines.append(f"{target.name}: HTTP {response and response.status}")
        if "?q=" in target.path:  # the search page: its results, written by search.js, are checked too
            page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.trim()")
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        page.add_script_tag(path=str(AXE))
        opened.append((target, page, errors))
    for width in WIDTHS:
        for _, page, _ in opened:
            page.set_viewport_size({"width": width, "height": 800})
            page.evaluate("(tags) => { window.axeResult = axe.run(document, {runOnly: {type: 'tag', values: tags},"
                          " resultTypes: ['violations']}); }", WCAG)
        for target, page, _ in opened:
            result = page.evaluate("() => window.axeResult.then(r => ({passes: r.passes.length, violations:"
                                   " r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                                   " targets: v.nodes.map(n => n.target.join(' '))}))}))")
            passed += result["passes"]
            for v in result["violations"]:
                shown = "; ".join(v["targets"][:3]) + (f" (+{len(v['targets']) - 3} more)"
                                                       if len(v["targets"]) > 3 else "")
                lines.append(f"{v['id']} [{v['impact']}] {target.name} at {width}px ({target.group}): "
                             f"{v['help']}: {shown}")
    for target, page, errors in opened:
        lines += [f"{target.name}: JavaScript error: {e}" for e in errors]
        page.close()
    return lines, passed


def test_axe_finds_no_wcag21_aa_violation_on_any_kind_of_page_at_any_width(browser, port):
    context = browser.new_context()
    context.route("**/*", local_only)
    problems: list[str] = []
    passed = 0
    try:
        for start in range(0, len(TARGETS), AT_ONCE):
            lines, n = check(context, port, TARGETS[start:start + AT_ONCE])
            problems += lines
            passed += n
    finally:
        context.close()
    assert passed, "axe-core checked nothing"
    assert not problems, f"{len(problems)} problem(s) over {len(TARGETS)} pages:\n" + "\n".join(problems)


def test_the_pages_the_scripts_write_are_valid_html(browser, port, tmp_path):
    """The portal's search page with its results and its lookup with two filters, as the browser holds
    them after search.js and lookup.js ran, through the Nu HTML Checker."""
    if (shutil.which("java") is None or not JAR.is_file()) and not os.environ.get("CI"):
        pytest.skip("needs Java and vnu-jar: `npm ci --ignore-scripts`; CI installs both and never skips")
    search = next(t for t in TARGETS if t.group == "search" and t.on_portal)
    lookup = next(t for t in TARGETS if t.group == "lookup" and t.on_portal)
    context = browser.new_context()
    context.route("**/*", local_only)
    try:
        page = context.new_page()
        page.goto(f"http://{search.host}.localhost:{port}{search.path}", wait_until="load")
        page.wait_for_selector(".search-results li")
        (tmp_path / "search.html").write_text(page.content(), encoding="utf-8")
        page.goto(f"http://{lookup.host}.localhost:{port}{lookup.path}?q=quy+che+cong+thong+tin&nam=2025",
                  wait_until="load")
        page.wait_for_function("document.querySelector('[data-lookup-count] span').textContent === '1'")
        (tmp_path / "lookup.html").write_text(page.content(), encoding="utf-8")
    finally:
        context.close()
    problems = run_vnu([tmp_path / "search.html", tmp_path / "lookup.html"])
    assert problems == [], "\n".join(d.text() for d in problems[:20])
