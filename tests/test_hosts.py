"""Hosts and editions come from the profile; each of the five profiles is built for real."""
from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import news, run_build, write_repo

from generator.build.output import host_dirs
from generator.model.config import load_config


def site(kind: str, slug: str, name: str, parent: str | None = None) -> str:
    return f'kind: {kind}\nslug: {slug}\nname: "{name}"\n' + (f"parent: {parent}\n" if parent else "")


def hosts_built(out: Path) -> set[str]:
    return {p.name for p in host_dirs(out)}


def test_langson_2025_hosts(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": site("department", "sokhcn", "Sở Khoa học và Công nghệ"),
        "sites/caoloc.yaml": site("commune", "caoloc", "Xã Cao Lộc"),
        "content/caoloc/news/2025/tin.md": news(),
    })
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert hosts_built(tmp_path / "public") == {
        "langson.gov.vn", "english.langson.gov.vn", "sokhcn.langson.gov.vn", "caoloc.langson.gov.vn"}
    page = (tmp_path / "public/caoloc.langson.gov.vn/tin-tuc/tin/index.html").read_text()
    assert '<link rel="canonical" href="https://caoloc.langson.gov.vn/tin-tuc/tin/">' in page


def test_langson_2024_communes_are_fifth_level(tmp_path):
    write_repo(tmp_path, {
        "sites/caoloc.yaml": site("district", "caoloc", "Huyện Cao Lộc"),
        "sites/songgiap.yaml": site("commune", "songgiap", "Xã Song Giáp", parent="caoloc"),
    }, profile="langson-2024")
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert "songgiap.caoloc.langson.gov.vn" in hosts_built(tmp_path / "public")
    assert "caoloc.langson.gov.vn" in hosts_built(tmp_path / "public")


def test_langson_2024_commune_without_district_is_an_error(tmp_path):
    write_repo(tmp_path, {"sites/songgiap.yaml": site("commune", "songgiap", "Xã Song Giáp")}, profile="langson-2024")
    result = run_build(tmp_path)
    assert [(d.path, d.code) for d in result.diagnostics] == [("sites/songgiap.yaml", "site.parent")]


def test_langson_2025_has_no_districts(tmp_path):
    write_repo(tmp_path, {"sites/caoloc.yaml": site("district", "caoloc", "Huyện Cao Lộc")})
    result = run_build(tmp_path)
    assert [(d.path, d.line, d.code) for d in result.diagnostics] == [("sites/caoloc.yaml", 1, "site.kind")]


def test_thainguyen_2026_path_editions(tmp_path):
    write_repo(tmp_path, {
        "sites/sotaichinh.yaml": site("department", "sotaichinh", "Sở Tài chính"),
        "sites/phandinhphung.yaml": site("commune", "phandinhphung", "Phường Phan Đình Phùng"),
        "content/tinh/news/2025/tin.md": news(),
        "content/tinh/news/2025/tin.ko.md": news("소식"),
    }, profile="thainguyen-2026")
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    out = tmp_path / "public"
    assert hosts_built(out) == {"thainguyen.gov.vn", "sotaichinh.thainguyen.gov.vn", "phandinhphung.thainguyen.gov.vn"}
    for lang in ("en", "ko", "zh", "ja"):
        home = (out / f"thainguyen.gov.vn/{lang}/index.html").read_text()
        assert f'<html lang="{lang}">' in home
    assert (out / "thainguyen.gov.vn/ko/news/tin/index.html").is_file()
    vi = (out / "thainguyen.gov.vn/tin-tuc/tin/index.html").read_text()
    assert 'href="/ko/news/tin/" hreflang="ko"' in vi
    assert 'href="/en/" hreflang="en"' in vi  # no English translation: the edition's home


def test_bentre_2019_hosts(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhdt.yaml": site("department", "sokhdt", "Sở Kế hoạch và Đầu tư"),
        "sites/chauthanh.yaml": site("district", "chauthanh", "Huyện Châu Thành"),
    }, profile="bentre-2019")
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert hosts_built(tmp_path / "public") == {"bentre.gov.vn", "sokhdt.bentre.gov.vn", "chauthanh.bentre.gov.vn"}
    assert (tmp_path / "public/bentre.gov.vn/en/index.html").is_file()


def test_caobang_2014_portal_is_www(tmp_path):
    write_repo(tmp_path, {"sites/sotttt.yaml": site("department", "sotttt", "Sở Thông tin và Truyền thông")},
               profile="caobang-2014")
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    assert hosts_built(tmp_path / "public") == {"www.caobang.gov.vn", "sotttt.caobang.gov.vn"}


@pytest.mark.parametrize("profile", ["langson-2024", "langson-2025", "thainguyen-2026", "bentre-2019", "caobang-2014"])
def test_every_profile_loads_into_frozen_config(tmp_path, profile):
    write_repo(tmp_path, {}, profile=profile)
    config, problems = load_config(tmp_path)
    assert problems == [] and config is not None
    assert config.province.profile.id == profile
    with pytest.raises(Exception):
        config.portal.host = "x"  # frozen


def test_unknown_profile_and_unknown_province_key(tmp_path):
    write_repo(tmp_path, {"sites/_province.yaml": 'profile: hanoi-2030\nname: "x"\ngoverning_agency: "y"\n'})
    config, problems = load_config(tmp_path)
    assert config is None and problems[0].code == "profile.unknown" and "langson-2025" in problems[0].message
    write_repo(tmp_path, {"sites/_province.yaml": 'profile: langson-2025\nname: "x"\ngoverning_agency: "y"\nprofil: z\n'})
    config, problems = load_config(tmp_path)
    assert [(p.line, p.code) for p in problems] == [(4, "field.unknown")]
    assert "did you mean `profile`?" in problems[0].message


def test_slug_must_be_ascii(tmp_path):
    write_repo(tmp_path, {"sites/xa.yaml": site("commune", "caolộc", "Xã Cao Lộc")})
    config, problems = load_config(tmp_path)
    assert [(p.path, p.line, p.code) for p in problems] == [("sites/xa.yaml", 2, "site.slug")]


def test_component_site_english_edition_lives_under_en_on_its_host(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": site("department", "sokhcn", "Sở Khoa học và Công nghệ") + "languages: [vi, en]\n",
        "content/sokhcn/news/2025/tin.md": news(),
        "content/sokhcn/news/2025/tin.en.md": news("News"),
    })
    result = run_build(tmp_path)
    assert result.ok, [d.text() for d in result.diagnostics]
    page = (tmp_path / "public/sokhcn.langson.gov.vn/en/news/tin/index.html").read_text()
    assert '<html lang="en">' in page and 'href="/tin-tuc/tin/" hreflang="vi"' in page


def test_translation_for_a_language_the_site_lacks(tmp_path):
    write_repo(tmp_path, {
        "sites/sokhcn.yaml": site("department", "sokhcn", "Sở Khoa học và Công nghệ"),
        "content/sokhcn/news/2025/tin.md": news(),
        "content/sokhcn/news/2025/tin.en.md": news("News"),
        "content/tinh/news/2025/mo-coi.en.md": news("Orphan"),
    })
    result = run_build(tmp_path)
    assert sorted((d.path, d.code) for d in result.diagnostics) == [
        ("content/sokhcn/news/2025/tin.en.md", "content.lang"),
        ("content/tinh/news/2025/mo-coi.en.md", "translation.orphan"),
    ]
