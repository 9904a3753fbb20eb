"""The five policy profiles in generator/profiles/ as plain data (requirements.md §6).

These tests read the YAML files directly, without the profile loader: every key is declared in
PROFILE_KEYS, every required key is there, all text is NFC, and a few facts from the seeds hold.
"""
from __future__ import annotations

import datetime
import unicodedata
from pathlib import Path

import pytest
import yaml

from generator.model.profile_keys import PROFILE_KEY_NAMES, PROFILE_KEYS

PROFILES_DIR = Path(__file__).resolve().parent.parent / "generator" / "profiles"
NAMES = ["langson-2024", "langson-2025", "thainguyen-2026", "bentre-2019", "caobang-2014"]
REQUIRED = {k.name for k in PROFILE_KEYS if k.required}
KINDS = {k.name: k.kind for k in PROFILE_KEYS}
PY_TYPES = {
    "text": str,
    "date": datetime.date,
    "bool": bool,
    "int": int,
    "list": list,
    "map": dict,
}
ROLES = {
    "truong_ban", "pho_truong_ban", "thu_ky", "bien_tap_vien",
    "cong_tac_vien", "translator", "agency_head", "takedown", "chu_tich",
}
UNITS = {"working_days", "calendar_days", "office_hours", "immediately", "monthly"}
DEADLINE_KINDS = {
    "legal", "dissemination", "other", "news", "statistics", "science_notice",
    "science_result", "plans", "public_comment", "qa",
}


def load(name: str) -> dict:
    return yaml.safe_load((PROFILES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def strings(value):
    """Every string in a loaded YAML value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


@pytest.fixture(scope="module", params=NAMES)
def profile(request):
    return request.param, load(request.param)


def test_file_is_utf8_and_nfc_including_comments(profile):
    name, _ = profile
    text = (PROFILES_DIR / f"{name}.yaml").read_bytes().decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_keys_are_declared(profile):
    name, data = profile
    assert isinstance(data, dict)
    unknown = set(data) - PROFILE_KEY_NAMES
    assert not unknown, f"{name}: undeclared keys {sorted(unknown)}"


def test_required_keys_present(profile):
    name, data = profile
    missing = REQUIRED - set(data)
    assert not missing, f"{name}: missing required keys {sorted(missing)}"


def test_values_have_declared_kind(profile):
    name, data = profile
    for key, value in data.items():
        expected = PY_TYPES.get(KINDS[key])
        if expected is None:  # "any"
            continue
        if expected is int:
            assert isinstance(value, int) and not isinstance(value, bool), (name, key)
        else:
            assert isinstance(value, expected), (name, key, type(value).__name__)


def test_id_equals_stem(profile):
    name, data = profile
    assert data["id"] == name


def test_every_string_is_nfc(profile):
    name, data = profile
    for s in strings(data):
        assert unicodedata.is_normalized("NFC", s), (name, s)


def test_structure(profile):
    name, data = profile
    assert data["languages"][0] == "vi"
    assert data["edition_scheme"] in {"subdomain", "path"}
    assert "portal" in data["site_kinds"]
    assert set(data["host_patterns"]) <= set(data["site_kinds"])
    assert set(data["site_kinds"]) - {"portal"} <= set(data["host_patterns"])
    assert {"vi", "en"} <= set(data["official_name"])
    for link in data["national_links"]:
        assert set(link["name"]) == {"vi", "en"} and link["url"].startswith("http")
    urls = {link["url"] for link in data["national_links"]}
    assert {
        "https://chinhphu.vn", "https://dichvucong.gov.vn",
        "https://congbao.chinhphu.vn", "https://vbpl.vn",
    } <= urls
    assert {"portal", "component"} <= set(data["approvers"])
    for groups in data["approvers"].values():
        assert groups and all(isinstance(g, list) and g for g in groups)
        assert {r for g in groups for r in g} <= ROLES
    for role in data.get("delegation_required", {}):
        assert role in ROLES
    for rule in data.get("type_approvals", []):
        assert {r for g in rule["groups"] for r in g} <= ROLES
        assert rule["cite"].startswith(data["seed"][:3] + " Đ")
    # No article of any seed lets a biên tập viên approve on their own (issue 10, point 9).
    # (Thái Nguyên's component board approves together with the agency head: 003 Đ5.3, Đ18.1.)
    assert not any(groups == [g] and "bien_tap_vien" in g for groups in data["approvers"].values() for g in groups)
    for kind, rule in data["deadlines"].items():
        assert kind in DEADLINE_KINDS, (name, kind)
        assert {"amount", "unit", "from", "cite"} <= set(rule) <= {"amount", "unit", "from", "cite", "applies_to",
                                                                   "start", "where", "decision"}, (name, kind)
        assert rule["unit"] in UNITS
        assert rule["amount"] is None or isinstance(rule["amount"], int)
        assert (rule["amount"] is None) == (rule["unit"] == "immediately")
        assert rule["cite"].startswith(data["seed"][:3] + " Đ")
    for q in data.get("qa", {}).get("deadlines", []):
        assert q["unit"] in UNITS
    for ext in data["allowed_attachment_types"]:
        assert ext == ext.lower() and not ext.startswith(".")
    assert set(data.get("download_only_types", [])) <= set(data["allowed_attachment_types"])
    cal = data["calendar"]
    assert cal["timezone"] == "Asia/Ho_Chi_Minh"
    assert cal["weekend"] == ["saturday", "sunday"]
    assert cal["extra_holidays"] == [] and cal["extra_working_days"] == []
    assert all(len(span) == 2 for span in cal["office_hours"])


def test_langson_2025_facts():
    data = load("langson-2025")
    assert data["host_patterns"]["commune"] == "{slug}.{domain}"
    assert "district" not in data["site_kinds"]
    assert data["tiers"] == ["province", "commune"]
    assert data["footer_hotline"] == "02053.812.656"
    assert data["edition_scheme"] == "subdomain"
    assert data["edition_hosts"] == {"en": "english.{domain}"}
    assert data["takedown_component_actor"].startswith("Cơ quan chủ quản")
    assert data["deadlines"]["legal"]["amount"] == 3


def test_langson_2024_facts():
    data = load("langson-2024")
    assert data["host_patterns"]["commune"] == "{slug}.{parent_host}"
    assert data["host_patterns"]["district"] == "{slug}.{domain}"
    assert data["tiers"] == ["province", "district", "commune"]
    assert data["footer_hotline"] == "02053.812.656"
    assert data["effective_from"] == datetime.date(2024, 11, 10)
    assert "Nghị định số 47/2020/NĐ-CP" in data["data_sharing_basis"]


def test_thainguyen_2026_facts():
    data = load("thainguyen-2026")
    assert {"ko", "zh", "ja"} <= set(data["languages"])
    assert data["edition_scheme"] == "path"
    assert data["approvers"]["portal"] == [["truong_ban", "pho_truong_ban"]]
    assert ["agency_head"] in data["approvers"]["component"]
    assert data["deadlines"]["legal"]["unit"] == "calendar_days"
    assert data["deadlines"]["news"] == {
        "amount": 8, "unit": "office_hours",
        "from": data["deadlines"]["news"]["from"], "cite": "003 Đ9.2.a",
        "applies_to": ["news"], "start": "event_time",
    }
    assert data["news_quota"] == {"department": 2, "commune": 1}
    assert [q["amount"] for q in data["qa"]["deadlines"]] == [5, 10, 15]
    assert data["calendar"]["clock_start"] == "08:00"
    assert data["congbao"] == {"url": "http://congbao.thainguyen.gov.vn", "mode": "link"}


def test_bentre_2019_facts():
    data = load("bentre-2019")
    assert data["official_name"]["en"] == "Ben Tre Portal"
    assert len(data["project_fields"]) == 9
    assert [s["value"] for s in data["project_statuses"]] == ["preparing", "implementing", "completed"]
    assert data["password_policy"] == {
        "min_length": 8, "classes": ["upper", "lower", "digit", "special"], "max_age_months": 3,
    }
    assert data["log_retention_months"] == 2


def test_caobang_2014_facts():
    data = load("caobang-2014")
    assert data["portal_host"] == "www.{domain}"
    assert data["official_name"]["en"] == "Cao Bang Portal"
    assert data["delegation_required"] == {"pho_truong_ban": True, "thu_ky": True}
    assert data["syndication_needs_portal_approval"] is True
    assert "syndication" in data["approvers"]
    assert data["qa"]["citation_required"] is True
    assert data["deadlines"]["legal"]["amount"] == 2
    assert set(data["allowed_attachment_types"]) == {
        "txt", "doc", "odt", "pdf", "zip", "rar", "bmp", "jpg", "gif", "png", "psd",
        "mp4", "avi", "wmv", "wma", "mp3", "wav",
    }


@pytest.mark.parametrize("name, seed, unit_article", [("langson-2025", "000", "Đ19.4"),
                                                       ("langson-2024", "001", "Đ18.4")])
def test_lang_son_approvers_are_what_the_articles_grant(name, seed, unit_article):
    """000/001 Đ6.5, Đ13.2.a: the Ban biên tập reviews everything; Đ13.4: its members act on the Trưởng
    ban's assignment; the unit's head sets up its component board and assigns its members' duties."""
    data = load(name)
    assert data["approvers"]["portal"] == [["truong_ban", "pho_truong_ban", "thu_ky"]]
    assert data["approvers"]["component"] == [["agency_head", "truong_ban", "pho_truong_ban", "thu_ky"]]
    assert data["delegation_required"] == {"pho_truong_ban": True, "thu_ky": True}
    text = (PROFILES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    for article in (f"{seed} Đ6.5", "Đ13.4", unit_article):
        assert article in text.split("approvers:")[1].split("takedown_boards:")[0]


def test_ben_tre_approvers_are_what_the_articles_grant():
    data = load("bentre-2019")
    assert data["approvers"]["portal"] == [["truong_ban", "pho_truong_ban"]]  # 002 Đ9.4, Đ16.3, Đ23.1
    assert data["approvers"]["component"] == [["agency_head", "truong_ban", "pho_truong_ban"]]  # Đ12.1.b, Đ18
    [rule] = data["type_approvals"]
    assert (rule["cite"], rule["site_kinds"], rule["groups"]) == ("002 Đ10.1.c", ["portal"], [["chu_tich"]])
    assert "news" not in rule["types"] and "statement" in rule["types"]


def test_thai_nguyen_qa_clock_quotes_the_seed_and_cites_the_decision():
    """003 Đ13.4.d says only "tính từ 08 giờ 00 phút"; which day's 08:00 is requirements.md §10.2."""
    data = load("thainguyen-2026")
    for rule in (*data["qa"]["deadlines"], data["deadlines"]["qa"]):
        assert rule["from"] == "08 giờ 00 phút"
        assert rule["decision"].startswith("requirements.md §10.2:")
