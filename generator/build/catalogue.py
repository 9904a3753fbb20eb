"""The catalogue of information to be disclosed (danh mục thông tin phải được công khai, 000/001
Đ5.1.h: "nêu rõ địa chỉ, hình thức, thời điểm, thời hạn công khai đối với từng loại thông tin").

One entry per content type, generated from the declarations and the profile, so a type is in the
catalogue the day it is declared:

- where: the sites whose edition lists it, the portal first (their listings are its address); in a
  foreign-language edition where none does, the Vietnamese listings;
- in what form: a web page and a JSON record per item, the Atom feed for types in it, the
  downloadable file formats the profile allows for types with files, pictures;
- when: the profile's `disclosure.when` for the type, else its rules in `deadlines` (those named
  after it or whose `applies_to` names it, else `other`), else `disclosure.when.default`, else the
  general rule, in words;
- for how long: the profile's `disclosure.retention` for the type, else its `default`, else the
  general rule.

The page and its JSON are ``catalogue_pages.py``; this module is data only.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.config import Config
from ..model.content_types import CONTENT_TYPES, IMAGE_FIELDS
from .index import ContentIndex
from .kinds import kind_labels

UNIT_WORDS = {
    "working_days": ("Chậm nhất {n} ngày làm việc", "Within {n} working days"),
    "calendar_days": ("Chậm nhất {n} ngày", "Within {n} days"),
    "office_hours": ("Chậm nhất {n} giờ hành chính", "Within {n} office hours"),
    "immediately": ("Ngay", "Immediately"),
    "monthly": ("Hằng tháng, chậm nhất ngày {n}", "Monthly, by day {n} of the month"),
}
GENERAL_WHEN = ("Thường xuyên, kịp thời khi có thông tin mới hoặc thông tin thay đổi",
                "Regularly, and promptly when information is new or changes")
GENERAL_RETENTION = ("Liên tục cho đến khi được thay thế hoặc thu hồi; các phiên bản trước được lưu trong lịch sử "
                     "cập nhật", "Continuously until replaced or withdrawn; earlier versions are kept in the update "
                     "history")


def catalogue_path(lang: str) -> str:
    return "danh-muc-thong-tin-cong-khai/" if lang == "vi" else "disclosure-catalogue/"


@dataclass(frozen=True)
class Said:
    """A rule in words: `text` in `lang`; for a deadline, the event it counts from (Vietnamese, as
    the regulation says it) and its citation."""
    text: str
    lang: str
    counted_from: str = ""
    cite: str = ""


@dataclass(frozen=True)
class Entry:
    type: str
    label: str
    kinds: tuple[str, ...]          # the kinds' labels, for types with a `kind`
    sites: tuple[tuple[str, str], ...]  # (site, language) of each listing of it, the portal first
    feed: bool                      # in the sites' Atom feeds
    files: tuple[str, ...]          # downloadable formats, for types with files
    images: bool
    when: tuple[Said, ...]
    retention: Said


def _pick(pair: tuple[str, str], lang: str) -> Said:
    return Said(pair[0], "vi") if lang == "vi" else Said(pair[1], "en")


def _deadline(rule: dict[str, Any], lang: str) -> Said:
    words = UNIT_WORDS.get(rule.get("unit"), ("{n}", "{n}"))[0 if lang == "vi" else 1]
    return Said(words.format(n=rule.get("amount")), "vi" if lang == "vi" else "en",
                str(rule.get("from") or ""), str(rule.get("cite") or ""))


def when_published(type_name: str, profile_data: dict[str, Any], lang: str) -> tuple[Said, ...]:
    when = (profile_data.get("disclosure") or {}).get("when") or {}
    if when.get(type_name):
        return (Said(when[type_name], "vi"),)
    deadlines = profile_data.get("deadlines") or {}
    keys = [name for name, rule in deadlines.items()
            if name == type_name or type_name in (rule.get("applies_to") or ())] or (
        ["other"] if "other" in deadlines else [])
    if keys:
        return tuple(_deadline(deadlines[k], lang) for k in keys)
    return (Said(when["default"], "vi"),) if when.get("default") else (_pick(GENERAL_WHEN, lang),)


def how_long(type_name: str, profile_data: dict[str, Any], lang: str) -> Said:
    retention = (profile_data.get("disclosure") or {}).get("retention") or {}
    said = retention.get(type_name) or retention.get("default")
    return Said(said, "vi") if said else _pick(GENERAL_RETENTION, lang)


def catalogue(config: Config, index: ContentIndex, lang: str) -> list[Entry]:
    """The catalogue of one edition: every content type, in the table's order."""
    data = config.province.profile.data
    formats = tuple(data.get("allowed_attachment_types") or ())
    col = 0 if lang == "vi" else 1
    entries = []
    for name, ctype in CONTENT_TYPES.items():
        sites = tuple((s.id, lang) for s in config.sites.values() if index.items(s.id, lang, name)) or tuple(
            (s.id, "vi") for s in config.sites.values() if lang != "vi" and index.items(s.id, "vi", name))
        entries.append(Entry(
            name, ctype.label[col], tuple(label[col] for label in kind_labels(name).values()), sites, ctype.feed,
            formats if ctype.file_fields else (), any(ctype.field(x) for x in IMAGE_FIELDS),
            when_published(name, data, lang), how_long(name, data, lang)))
    return entries
