"""Site files and profiles are typed and cannot inject (issue 8, point 3).

Every value that becomes a host, an output folder, a language edition or an address in a page is
checked as what it becomes; each hostile value is a located diagnostic, and nothing is written.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sitekit import NOW, PORTAL, PROVINCE, codes, news, run_build, write_repo

from generator.build.index import build_index
from generator.build.plan import plan
from generator.model.config import Edition, load_config

PROFILES = Path(__file__).resolve().parents[1] / "generator" / "profiles"
SRI = "sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC"


def site(body: str, kind: str = "department", slug: str = "sokhcn") -> str:
    return f'kind: {kind}\nslug: {slug}\nname: "Sở Khoa học và Công nghệ"\n{body}'


def files_outside(tmp_path: Path, root: Path) -> list[Path]:
    """Every file under tmp_path that is not inside the repository."""
    return [p for p in tmp_path.rglob("*") if not p.is_dir() and not p.is_relative_to(root)]


def errors(result) -> list[tuple[str, int, str]]:
    return [c for c, d in zip(codes(result), sorted(result.diagnostics)) if d.severity == "error"]


# (name, files, expected (path, line, code)) for one hostile or malformed value each.
HOSTILE = [
    ("domain-traversal", {"sites/_province.yaml": PROVINCE.format(profile="langson-2025") + 'domain: "../../../x"\n'},
     ("sites/_province.yaml", 4, "host.invalid")),
    ("domain-one-label", {"sites/_province.yaml": PROVINCE.format(profile="langson-2025") + "domain: localhost\n"},
     ("sites/_province.yaml", 4, "host.invalid")),
    ("language-traversal", {"sites/sokhcn.yaml": site('languages: [vi, "../langson.gov.vn"]\n')},
     ("sites/sokhcn.yaml", 4, "lang.invalid")),
    ("language-not-iso", {"sites/sokhcn.yaml": site("languages: [vi, xx]\n")}, ("sites/sokhcn.yaml", 4, "lang.invalid")),
    ("language-not-in-profile", {"sites/sokhcn.yaml": site("languages: [vi, ko]\n")},
     ("sites/sokhcn.yaml", 4, "lang.not-in-profile")),
    ("language-vi-not-first", {"sites/sokhcn.yaml": site("languages: [en, vi]\n")},
     ("sites/sokhcn.yaml", 4, "lang.vi-first")),
    ("slug-with-dots", {"sites/sokhcn.yaml": site("", slug='"a.b"')}, ("sites/sokhcn.yaml", 2, "site.slug")),
    ("slug-too-long", {"sites/sokhcn.yaml": site("", slug="a" * 64)}, ("sites/sokhcn.yaml", 2, "site.slug")),
    ("nav-javascript", {"sites/tinh.yaml": PORTAL + 'nav:\n  - title: "Giới thiệu"\n    url: "javascript:alert(1)"\n'},
     ("sites/tinh.yaml", 5, "url.scheme")),
    ("nav-data", {"sites/tinh.yaml": PORTAL + 'nav:\n  - {title: "x", url: "data:text/html,<script>1</script>"}\n'},
     ("sites/tinh.yaml", 4, "field.type")),
    ("nav-data-plain", {"sites/tinh.yaml": PORTAL + 'nav:\n  - {title: "x", url: "data:text/plain,hello"}\n'},
     ("sites/tinh.yaml", 4, "url.scheme")),
    ("nav-protocol-relative", {"sites/tinh.yaml": PORTAL + 'nav:\n  - {title: "x", url: "//evil.example/"}\n'},
     ("sites/tinh.yaml", 4, "url.scheme")),
    ("nav-login-part", {"sites/tinh.yaml": PORTAL + 'nav:\n  - {title: "x", url: "https://langson.gov.vn@evil.example/"}\n'},
     ("sites/tinh.yaml", 4, "url.host")),
    ("nav-unknown-key", {"sites/tinh.yaml": PORTAL + 'nav:\n  - title: "x"\n    ulr: "/gioi-thieu/"\n'},
     ("sites/tinh.yaml", 5, "field.unknown")),
    ("social-http", {"sites/_province.yaml": PROVINCE.format(profile="langson-2025")
                     + 'social:\n  - {name: "Facebook", url: "http://facebook.com/x"}\n'},
     ("sites/_province.yaml", 5, "url.scheme")),
    ("social-javascript", {"sites/_province.yaml": PROVINCE.format(profile="langson-2025")
                           + 'social:\n  - name: "Facebook"\n    url: "JavaScript:alert(1)"\n'},
     ("sites/_province.yaml", 6, "url.scheme")),
    ("contact-unknown-key", {"sites/sokhcn.yaml": site('contact:\n  phon: "0205.3812.201"\n')},
     ("sites/sokhcn.yaml", 5, "field.unknown")),
    ("contact-bad-email", {"sites/sokhcn.yaml": site('contact:\n  email: "x<script>"\n')},
     ("sites/sokhcn.yaml", 5, "field.type")),
    ("intake-http", {"sites/sokhcn.yaml": site('intake: "http://hoidap.langson.gov.vn/"\n')},
     ("sites/sokhcn.yaml", 4, "url.scheme")),
    ("emc-other-host", {"sites/sokhcn.yaml": site('emc:\n  script: "https://evil.example/t.js"\n  site_code: "205"\n')},
     ("sites/sokhcn.yaml", 5, "url.host")),
    ("emc-http", {"sites/sokhcn.yaml": site('emc:\n  script: "http://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"\n'
                                            '  site_code: "205"\n')},
     ("sites/sokhcn.yaml", 5, "url.scheme")),
    ("emc-tracker-other-host", {"sites/sokhcn.yaml": site(
        'emc:\n  script: "https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"\n  site_code: "205"\n'
        '  tracker: "https://evil.example/tracking"\n')}, ("sites/sokhcn.yaml", 7, "url.host")),
    ("emc-no-code", {"sites/sokhcn.yaml": site('emc:\n  script: "https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"\n')},
     ("sites/sokhcn.yaml", 5, "field.required")),
    ("emc-bad-code", {"sites/sokhcn.yaml": site('emc:\n  script: "https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"\n'
                                                '  site_code: "1\');alert(1);//"\n')},
     ("sites/sokhcn.yaml", 6, "field.type")),
    ("emc-bad-integrity", {"sites/sokhcn.yaml": site(
        'emc:\n  script: "https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"\n  site_code: "205"\n'
        '  integrity: "md5-abc"\n')}, ("sites/sokhcn.yaml", 7, "field.type")),
    ("emc-unknown-key", {"sites/sokhcn.yaml": site(
        'emc:\n  script: "https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"\n  site_cod: "205"\n')},
     ("sites/sokhcn.yaml", 6, "field.unknown")),
]


@pytest.mark.parametrize("files,expected", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_each_hostile_value_is_located_and_nothing_is_written(tmp_path, files, expected):
    root = tmp_path / "a" / "b" / "repo"
    write_repo(root, {"content/tinh/news/2025/tin.md": news(), **files})
    result = run_build(root)
    assert not result.ok
    assert expected in errors(result), [d.text() for d in result.diagnostics]
    assert not (root / "public").exists()
    assert files_outside(tmp_path, root) == []


def test_unknown_keys_suggest_the_right_one(tmp_path):
    write_repo(tmp_path, {"sites/tinh.yaml": PORTAL + 'nav:\n  - title: "x"\n    ulr: "/gioi-thieu/"\n',
                          "sites/sokhcn.yaml": site('contact:\n  phon: "0205.3812.201"\n')})
    messages = [d.message for d in run_build(tmp_path).diagnostics if d.code == "field.unknown"]
    assert any("did you mean `url`?" in m for m in messages), messages
    assert any("did you mean `phone`?" in m for m in messages), messages


def test_every_bad_entry_is_reported_at_once(tmp_path):
    write_repo(tmp_path, {"sites/tinh.yaml": PORTAL + 'nav:\n  - {title: "a", url: "javascript:1"}\n'
                          '  - {title: "b", url: "vbscript:1"}\n'})
    assert errors(run_build(tmp_path)) == [("sites/tinh.yaml", 4, "url.scheme"), ("sites/tinh.yaml", 5, "url.scheme")]


def test_a_javascript_nav_url_reaches_no_html_even_in_check(tmp_path):
    write_repo(tmp_path, {"sites/tinh.yaml": PORTAL + 'nav:\n  - {title: "x", url: "javascript:alert(1)"}\n'})
    config, problems = load_config(tmp_path)
    assert [p.code for p in problems] == ["url.scheme"]
    assert config.portal.nav == ()
    assert not run_build(tmp_path).ok and not (tmp_path / "public").exists()


def test_good_links_render(tmp_path):
    write_repo(tmp_path, {
        "sites/_province.yaml": PROVINCE.format(profile="langson-2025")
        + 'social:\n  - {name: "Zalo", url: "https://zalo.me/congthongtin"}\n',
        "sites/tinh.yaml": PORTAL + 'nav:\n  - {title: {vi: "Giới thiệu", en: "About"}, url: /gioi-thieu/}\n'
        '  - {title: "Dịch vụ công", url: "https://dichvucong.langson.gov.vn/"}\n',
    })
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    home = (tmp_path / "public/langson.gov.vn/index.html").read_text()
    assert '<a href="/gioi-thieu/">Giới thiệu</a>' in home
    assert '<a href="https://dichvucong.langson.gov.vn/">Dịch vụ công</a>' in home
    assert '<a href="https://zalo.me/congthongtin">Zalo</a>' in home
    english = (tmp_path / "public/english.langson.gov.vn/index.html").read_text()
    assert '<a href="/gioi-thieu/">About</a>' in english


EMC_SITE = 'emc:\n  script: "https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js"\n  site_code: "205"\n'


def test_emc_snippet_on_every_page_with_sri(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": site(EMC_SITE + f"  integrity: {SRI}\n"),
                          "content/sokhcn/news/2025/tin.md": news()})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    pages = sorted((tmp_path / "public/sokhcn.langson.gov.vn").rglob("*.html"))
    assert len(pages) > 3
    tag = (f'<script src="https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js" integrity="{SRI}" '
           'crossorigin="anonymous" async></script>')
    for page in pages:
        text = page.read_text()
        assert tag in text, page
        assert ('<script src="/assets/emc-queue.js" data-tracker="https://f-emc.ngsp.gov.vn/tracking" '
                'data-site="205"></script>') in text
        assert text.index("emc-queue.js") < text.index("gov-tracking.min.js")  # the queue first
        assert "<script>" not in text  # no inline script: the site's CSP allows none
    assert "emc-queue.js" not in (tmp_path / "public/langson.gov.vn/index.html").read_text()  # the portal has none


def test_emc_without_a_hash_has_no_integrity(tmp_path):
    write_repo(tmp_path, {"sites/sokhcn.yaml": site(EMC_SITE)})
    assert run_build(tmp_path).ok
    home = (tmp_path / "public/sokhcn.langson.gov.vn/index.html").read_text()
    assert '<script src="https://f-emc.ngsp.gov.vn/embed/gov-tracking.min.js" async></script>' in home


def repo_profile(root: Path, name: str, edit) -> None:
    """A profile shipped by the repository: langson-2025 changed by `edit` (text → text)."""
    text = (PROFILES / "langson-2025.yaml").read_text(encoding="utf-8").replace("id: langson-2025", f"id: {name}")
    (root / "profiles").mkdir(parents=True, exist_ok=True)
    (root / "profiles" / f"{name}.yaml").write_text(edit(text), encoding="utf-8")


def test_the_profile_pins_the_emc_script_and_may_allow_other_hosts(tmp_path):
    script = "https://emc.example.gov.vn/tracker.js"
    write_repo(tmp_path, {"sites/_province.yaml": PROVINCE.format(profile="tinh-test"),
                          "sites/sokhcn.yaml": site(f'emc:\n  script: "{script}"\n  site_code: "7"\n')})
    repo_profile(tmp_path, "tinh-test", lambda t: t + f'emc_hosts: [emc.example.gov.vn]\nemc_integrity:\n  "{script}": {SRI}\n')
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    home = (tmp_path / "public/sokhcn.langson.gov.vn/index.html").read_text()
    assert f'<script src="{script}" integrity="{SRI}" crossorigin="anonymous" async></script>' in home
    assert '"https://emc.example.gov.vn/tracking"' in home


def profile_line(root: Path, name: str, start: str) -> int:
    lines = (root / "profiles" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


PROFILE_CASES = [
    ("pattern-gives-no-host", lambda t: t.replace('department: "{slug}.{domain}"', 'department: "{slug}..{domain}"'),
     ("sites/sokhcn.yaml", 2, "host.invalid")),
    ("pattern-with-slash", lambda t: t.replace('department: "{slug}.{domain}"', 'department: "{slug}/../{domain}"'),
     ("profiles/tinh-test.yaml", "  department:", "host.invalid")),
    ("unknown-placeholder", lambda t: t.replace('department: "{slug}.{domain}"', 'department: "{name}.{domain}"'),
     ("profiles/tinh-test.yaml", "  department:", "host.invalid")),
    ("language-not-iso", lambda t: t.replace("languages: [vi, en]", 'languages: [vi, "../x"]'),
     ("profiles/tinh-test.yaml", "languages:", "lang.invalid")),
    ("edition-host", lambda t: t.replace('en: "english.{domain}"', 'en: "english..{domain}"'),
     ("sites/tinh.yaml", 1, "host.invalid")),
    ("national-link-javascript", lambda t: t.replace("url: https://chinhphu.vn", 'url: "javascript:alert(1)"'),
     ("profiles/tinh-test.yaml", "    url: \"javascript", "url.scheme")),
    ("public-services-http", lambda t: t.replace("public_services_url: https://", "public_services_url: http://"),
     ("profiles/tinh-test.yaml", "public_services_url:", "url.scheme")),
    ("domain", lambda t: t.replace("domain: langson.gov.vn", 'domain: "../langson.gov.vn"'),
     ("profiles/tinh-test.yaml", "domain:", "host.invalid")),
    ("emc-hosts", lambda t: t + "emc_hosts: [\"evil.example/x\"]\n", ("profiles/tinh-test.yaml", "emc_hosts:", "host.invalid")),
    ("contact-unknown-key", lambda t: t.replace("contact:\n  address:", "contact:\n  adress:"),
     ("profiles/tinh-test.yaml", "  adress:", "field.unknown")),
]


@pytest.mark.parametrize("edit,expected", [c[1:] for c in PROFILE_CASES], ids=[c[0] for c in PROFILE_CASES])
def test_a_repository_profile_is_checked_too(tmp_path, edit, expected):
    write_repo(tmp_path, {"sites/_province.yaml": PROVINCE.format(profile="tinh-test"),
                          "sites/sokhcn.yaml": site("")})
    repo_profile(tmp_path, "tinh-test", edit)
    path, line, code = expected
    if isinstance(line, str):
        line = profile_line(tmp_path, "tinh-test", line)
    result = run_build(tmp_path)
    assert (path, line, code) in errors(result), [d.text() for d in result.diagnostics]
    assert not (tmp_path / "public").exists()


def test_the_five_profiles_allow_a_regulations_http_link(tmp_path):
    """Thái Nguyên's regulation names http://congbao.thainguyen.gov.vn: links a regulation names may be http."""
    write_repo(tmp_path, {}, profile="thainguyen-2026")
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert '<a href="http://congbao.thainguyen.gov.vn">' in (tmp_path / "public/thainguyen.gov.vn/index.html").read_text()


def test_a_site_file_that_is_a_link_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(site(""), encoding="utf-8")
    write_repo(tmp_path / "repo", {})
    (tmp_path / "repo/sites/sokhcn.yaml").symlink_to(outside)
    result = run_build(tmp_path / "repo")
    assert errors(result) == [("sites/sokhcn.yaml", 1, "config.symlink")]


OUTSIDE_NAME = "tỉnh NGOÀI KHO"
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40"/></svg>'


def published(root: Path) -> str:
    """Every file the build wrote, as one text (nothing when it wrote none)."""
    return "".join(p.read_text(errors="replace") for p in (root / "public").rglob("*") if p.is_file())


def test_a_sites_folder_that_is_a_link_is_refused_and_not_read(tmp_path):
    """sites/ as a link to a folder elsewhere: the province and its sites would be read from there."""
    write_repo(tmp_path / "elsewhere", {"sites/_province.yaml": PROVINCE.format(profile="langson-2025")
                                        .replace("tỉnh Lạng Sơn", OUTSIDE_NAME)})
    write_repo(tmp_path / "repo", {"content/tinh/news/2025/tin.md": news()})
    root = tmp_path / "repo"
    __import__("shutil").rmtree(root / "sites")
    (root / "sites").symlink_to(tmp_path / "elsewhere/sites")
    result = run_build(root, cache_dir=tmp_path / "cache")
    assert errors(result) == [("sites", 1, "config.symlink")]
    assert str(tmp_path / "elsewhere/sites") in result.diagnostics[0].message
    assert not (root / "public").exists() and OUTSIDE_NAME not in published(root)


def test_a_profiles_folder_that_is_a_link_is_refused_whichever_profile_is_named(tmp_path):
    """profiles/ as a link: a profile of the same name there would win over the built-in one."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    text = (PROFILES / "langson-2025.yaml").read_text(encoding="utf-8")
    (outside / "langson-2025.yaml").write_text(text.replace("tỉnh Lạng Sơn", OUTSIDE_NAME), encoding="utf-8")
    write_repo(tmp_path / "repo", {"content/tinh/news/2025/tin.md": news()})
    root = tmp_path / "repo"
    (root / "profiles").symlink_to(outside)
    result = run_build(root)
    assert errors(result) == [("profiles", 1, "config.symlink")]
    assert not (root / "public").exists()


@pytest.mark.parametrize("link", ["sites/assets", "sites/assets/logo.svg"])
def test_a_logo_read_through_a_link_is_refused_at_its_line(tmp_path, link):
    """A logo in a linked folder under sites/, or itself a link, would be published from elsewhere."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "logo.svg").write_text(LOGO, encoding="utf-8")
    write_repo(tmp_path / "repo", {"sites/_province.yaml": PROVINCE.format(profile="langson-2025")
                                   + "logo: assets/logo.svg\n"})
    root = tmp_path / "repo"
    (root / link).parent.mkdir(parents=True, exist_ok=True)
    (root / link).symlink_to(outside if link == "sites/assets" else outside / "logo.svg")
    result = run_build(root)
    assert errors(result) == [("sites/_province.yaml", 4, "config.symlink")]
    message = result.diagnostics[0].message
    assert f"{link} is a symbolic link" in message and message.startswith("`logo` "), message
    assert not (root / "public").exists()


def test_a_calendar_that_is_a_link_is_refused_and_not_read(tmp_path):
    """sites/_calendar.yaml as a link to a file elsewhere (/etc/passwd): not read, so no word of it is shown."""
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    write_repo(tmp_path / "repo", {})
    root = tmp_path / "repo"
    (root / "sites/_calendar.yaml").symlink_to(outside)
    result = run_build(root)
    assert errors(result) == [("sites/_calendar.yaml", 1, "config.symlink")]
    assert all("root:x" not in d.message for d in result.diagnostics)


def test_a_profile_named_by_a_path_is_refused_and_not_read(tmp_path):
    """`profile: ../../x` would read x.yaml beside the repository (through profiles/..) as its regulation."""
    text = (PROFILES / "langson-2025.yaml").read_text(encoding="utf-8")
    (tmp_path / "x.yaml").write_text(text.replace("id: langson-2025", "id: ../../x"), encoding="utf-8")
    root = write_repo(tmp_path / "repo", {"sites/_province.yaml": PROVINCE.format(profile="../../x"),
                                               "profiles/y.yaml": ""})
    result = run_build(root)
    assert errors(result) == [("sites/_province.yaml", 1, "profile.name")]
    assert not (root / "public").exists()


def test_plan_refuses_an_output_path_outside_the_output_folder(tmp_path):
    """The last guard: even a host that slipped past the configuration is never written to."""
    write_repo(tmp_path, {"content/tinh/news/2025/tin.md": news()})
    config, problems = load_config(tmp_path)
    assert problems == []
    portal = config.portal
    bad = dataclasses.replace(portal, editions=(Edition("vi", "https://x/", "../../x"),
                                                Edition("en", "https://y/", "langson.gov.vn/../../y")))
    config = dataclasses.replace(config, sites={**config.sites, portal.id: bad})
    index, _ = build_index([], NOW, NOW.date())
    _, _, problems = plan(config, index)
    assert problems and {p.code for p in problems} == {"output.outside"}
    assert {(p.path, p.line) for p in problems} == {("sites/tinh.yaml", 1)}
    assert any("output ../../x/index.html would be written outside" in p.message for p in problems)
    assert any(p.message.startswith("output langson.gov.vn/../../y/") for p in problems)
