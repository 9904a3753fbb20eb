"""Another province sets up its portal: nothing of the example province reaches its pages.

A built-in profile is one province's regulation, and its texts name that province; a province
that names its own domain under it is stopped before anything is published. A fresh portal with
no content yet has no broken link, and a component site's own contacts are its own.
"""
from __future__ import annotations

from pathlib import Path

from sitekit import PORTAL, PROVINCE, codes, news, run_build, write_repo

from generator.checks.linkcheck import check_links

PROFILES = Path(__file__).resolve().parents[1] / "generator" / "profiles"
QUANGTRI = PROVINCE.replace("Lạng Sơn", "Quảng Trị").replace("Lang Son", "Quang Tri")


def test_a_built_in_profile_under_another_domain_is_refused_at_its_line(tmp_path):
    write_repo(tmp_path, {"sites/_province.yaml": QUANGTRI.format(profile="langson-2025")
                          + "domain: quangtri.gov.vn\n",
                          "content/tinh/news/2025/tin.md": news()})
    result = run_build(tmp_path)
    assert not result.ok and not (tmp_path / "public").exists()
    assert ("sites/_province.yaml", 4, "profile.other-province") in codes(result)
    message = next(d.message for d in result.diagnostics if d.code == "profile.other-province")
    assert "langson-2025" in message and "langson.gov.vn" in message and "profiles/<name>.yaml" in message


def test_the_provinces_own_profile_publishes_its_own_name_and_nothing_of_the_example(tmp_path):
    (tmp_path / "profiles").mkdir()
    text = (PROFILES / "langson-2025.yaml").read_text(encoding="utf-8")
    own = text.replace("id: langson-2025", "id: quangtri-2026").replace("langson.gov.vn", "quangtri.gov.vn") \
        .replace("Lạng Sơn", "Quảng Trị").replace("Lang Son", "Quang Tri").replace("02053.812.656", "0233.3550.555")
    (tmp_path / "profiles" / "quangtri-2026.yaml").write_text(own, encoding="utf-8")
    write_repo(tmp_path, {"sites/_province.yaml": QUANGTRI.format(profile="quangtri-2026")
                          + "domain: quangtri.gov.vn\n",  # the profile's own: allowed, and the same
                          "content/tinh/news/2025/tin.md": news()})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    home = (tmp_path / "public/quangtri.gov.vn/index.html").read_text(encoding="utf-8")
    assert "<title>Cổng thông tin điện tử tỉnh Quảng Trị" in home and "0233.3550.555" in home
    pages = [p for p in (tmp_path / "public").rglob("*") if p.suffix in (".html", ".json", ".xml") and p.is_file()]
    assert pages and not [p for p in pages if "Lạng Sơn" in p.read_text(encoding="utf-8")
                          or "langson" in p.read_text(encoding="utf-8")]


def test_a_component_sites_footer_shows_its_own_hotline_and_the_portal_the_regulations(tmp_path):
    write_repo(tmp_path, {"sites/stp.yaml": 'kind: department\nslug: stp\nname: "Sở Tư pháp"\n'
                                            'contact:\n  hotline: "0205.3812.399"\n',
                          "sites/soyte.yaml": 'kind: department\nslug: soyte\nname: "Sở Y tế"\n',
                          "sites/tinh.yaml": PORTAL + 'contact:\n  hotline: "0205.3000.000"\n'})
    assert run_build(tmp_path).ok

    def hotline(host: str) -> str:
        html = (tmp_path / "public" / host / "index.html").read_text(encoding="utf-8")
        return html.split("Đường dây nóng</dt><dd>", 1)[1].split("<", 1)[0]
    assert hotline("stp.langson.gov.vn") == "0205.3812.399"
    assert hotline("soyte.langson.gov.vn") == "02053.812.656"  # none of its own: the portal's
    assert hotline("langson.gov.vn") == "02053.812.656"  # 000 Đ10.7.b: at the foot of the portal


def test_a_fresh_portal_with_no_content_has_no_broken_link(tmp_path):
    write_repo(tmp_path, {})
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert check_links(tmp_path / "public") == []
    listing = (tmp_path / "public/langson.gov.vn/van-ban/index.html").read_text(encoding="utf-8")
    assert "<p class=\"list-none\">Chưa có nội dung nào được đăng tải.</p>" in listing
    english = (tmp_path / "public/english.langson.gov.vn/documents/index.html").read_text(encoding="utf-8")
    assert "Nothing has been published here yet." in english


def test_a_site_on_the_portals_www_alias_is_refused_at_its_slug(tmp_path):
    write_repo(tmp_path, {"sites/syt.yaml": 'kind: department\nslug: www\nname: "Sở Y tế"\n'})
    result = run_build(tmp_path)
    assert ("sites/syt.yaml", 2, "site.host-collision") in codes(result) and not result.ok
