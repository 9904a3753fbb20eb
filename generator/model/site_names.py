"""What a site is called on its pages, and who governs it (the footer's Cơ quan chủ quản).

A site file writes a commune's name as it reads inside a sentence ("xã Cao Lộc"); where the name
starts a heading or a line it begins with a capital ("Xã Cao Lộc"). The portal is called by the
profile's official name in each language it gives (requirements.md §4.1, statement 51), so its
title, header and home heading agree with the regulation. A site's governing agency is the one
its file states (`governing_agency`), else: the province's for the portal, the People's Committee
for a commune or district ("Ủy ban nhân dân xã Cao Lộc"), the agency itself for a department or unit.
"""
from __future__ import annotations

import re

from .i18n import pick

# A local government's name begins with the kind of place, written in lower case inside a phrase.
_LOCAL = re.compile(r"(xã|phường|thị trấn|thị xã|huyện|thành phố|quận|đặc khu)\s", re.IGNORECASE)


def capitalised(text: str) -> str:
    """The first letter in upper case, the rest as written: "xã Cao Lộc" → "Xã Cao Lộc"."""
    return text[:1].upper() + text[1:]


def site_name(site, profile, lang: str) -> str:
    """The site's name as a heading or a line shows it (``site`` a SiteConfig, ``profile`` a Profile)."""
    if site.kind == "portal":
        official = (profile.get("official_name") or {}).get(lang)
        if official:
            return str(official)
    return capitalised(pick(site.name, lang))


def governing_agency(site, province, lang: str) -> str:
    """The agency that governs the site (``province`` a config.Province)."""
    if site.governing_agency:
        return pick(site.governing_agency, lang)
    if site.kind == "portal":
        return pick(province.governing_agency, lang)
    if site.kind in ("commune", "district"):
        name = pick(site.name, lang)
        if lang == "vi":
            local = _LOCAL.match(name)
            inside = name[:local.end()].lower() + name[local.end():] if local else name
            return f"Ủy ban nhân dân {inside}"
        return f"{name} People's Committee"
    return site_name(site, province.profile, lang)
