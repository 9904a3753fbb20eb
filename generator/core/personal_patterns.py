"""Personal data in text: Vietnamese ID numbers, phone numbers and e-mail addresses, and the
front-matter keys that would hold a citizen's identity.

Cao Bằng counts name, date of birth, occupation, address, e-mail, phone and ID or passport
number as personal information (004 Đ2.7) and forbids disclosing them (004 Đ19); the content
repository therefore never holds them (requirements.md §3.8, §10.1): they stay in the intake
system. This module only recognises them; ``build/personal_data.py`` says where an item is scanned.

What is recognised, on text as written:
- **ID numbers**: 9 digits (chứng minh nhân dân) or 12 digits (căn cước công dân) standing alone,
  and any number written after "CMND", "CCCD", "căn cước", "chứng minh", "hộ chiếu", "định danh".
- **Phone numbers**: Vietnamese mobiles (10 digits, 03/05/07/08/09) and landlines (11 digits,
  02…), grouped by spaces, dots or hyphens, the area code in parentheses, or after +84 or a
  bare 84 (84912345678, 84 912 345 678).
- **E-mail addresses**.
- **A person named with an honorific** in an asker's own words (``find_names``): "Tôi là
  Nguyễn Văn A", "ông Trần Văn B ở thôn…": a warning, since a name alone may be an official's.

Not personal data, and never matched: document numbers (40/2024/QĐ-UBND), dates (25/10/2024,
2024-10-25), amounts (1.250.000.000 đồng, 250000000 đồng), years, article numbers (Điều 12),
postal codes (five or six digits), ticket codes (HD-2026-000123), tax codes of businesses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .textcheck import fold_vi

KINDS = {"id": ("an ID number", "số định danh"), "phone": ("a phone number", "số điện thoại"),
         "email": ("an e-mail address", "địa chỉ thư điện tử")}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    kind: str   # id, phone, email
    text: str   # as written

    @property
    def key(self) -> str:
        """The value compared with official contacts: digits of a phone (+84 as 0), a lower-case e-mail (one
        spelled out, `x [at] y [dot] vn`, as written with `@` and `.`)."""
        return contact_key(_unspelled(self.text) if self.kind == "email" else self.text)


_EMAIL = re.compile(r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])")
# An address written so that harvesters miss it, and a scan would too: an.nguyen [at] gmail [dot] com,
# an.nguyen(at)gmail.com, an.nguyen [a còng] gmail [chấm] com
_AT = r"\s*[\[(<{]\s*(?:at|a\s*còng|@)\s*[\])>}]\s*"
_DOT = r"(?:\s*[\[(<{]\s*(?:dot|chấm|\.)\s*[\])>}]\s*|\.)"
_SPELLED_EMAIL = re.compile(rf"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*"
                            rf"{_DOT}[A-Za-z]{{2,}}(?![\w-])", re.IGNORECASE)
def _unspelled(address: str) -> str:
    """An e-mail address as written with `@` and `.`: `x [at] y [dot] vn` → `x@y.vn` (one written so already
    stays as it is)."""
    return re.sub(r"\s+", "", re.sub(_DOT, ".", re.sub(_AT, "@", address, flags=re.IGNORECASE), flags=re.IGNORECASE))


# A run of digit groups a phone number may be written as: 0912 345 678, (0205) 3.812.656, +84 912-345-678.
# It starts where no word, number, date or code continues (so never inside 40/2024 or HD-2026-000123).
_RUN = re.compile(r"(?<![\w/.,:+\-])(?:\(\+84\)\s?\d+|\+84[ .\-]?\d+|\(0\d{2,3}\)\s?\d+|\d+)(?:[ .\-]\d+)*")
_GROUP = re.compile(r"\d+")
# A mobile or landline written with the country code and no plus: 84912345678, 84 205 3812 656.
_BARE_84 = re.compile(r"84(?:[35789]\d{8}|2\d{9})")
_AMOUNT_AFTER = re.compile(r"\s*(?:đồng|đ\b|vnđ|vnd|usd|triệu|tỷ|nghìn|ngàn|%)", re.IGNORECASE)
_MOBILE = re.compile(r"0[35789]\d{8}")
_LANDLINE = re.compile(r"02\d{9}")
# 9 or 12 digits standing alone, not part of a grouped number, a date or a code, and not an amount.
_ID = re.compile(r"(?<![\w/.,:+\-])(?:\d{9}|\d{12})(?![\w/]|[.,\-]\d)"
                 r"(?!\s*(?:đồng|đ\b|vnđ|vnd|usd|triệu|tỷ|nghìn|ngàn|%))", re.IGNORECASE)
# A number written after the name of an identity paper: any length of seven digits or more.
_ID_AFTER_WORD = re.compile(
    r"(?:cmnd|cccd|cmt|căn cước|chứng minh(?: nhân dân| thư)?|hộ chiếu|passport|định danh)"
    r"[^\d\n]{0,25}?(?P<number>[A-Z]?\d(?:[ .]?\d){6,13})(?!\d)", re.IGNORECASE)
# A business's tax code (mã số thuế) is public and may look like a mobile number.
_TAX_CODE_BEFORE = re.compile(r"(?:mã số thuế|mã số doanh nghiệp|\bmst)\W{0,5}$", re.IGNORECASE)


def contact_key(text: str) -> str:
    """A phone number as its digits (+84 becomes 0), an e-mail address in lower case."""
    if "@" in text:
        return text.strip().lower()
    digits = re.sub(r"\D", "", text)
    if text.lstrip(" (").startswith("+84") or _BARE_84.fullmatch(digits):
        digits = "0" + digits[2:]
    return digits


def _phones_in_run(text: str, run: re.Match) -> list[Match]:
    """Phone numbers in one run of digit groups (a run may hold two: "0912 345 678, 0987 654 321")."""
    groups = list(_GROUP.finditer(text, run.start(), run.end()))
    international = text.startswith(("+84", "(+84)"), run.start()) or (
        _BARE_84.fullmatch(re.sub(r"\D", "", text[run.start():run.end()]))
        and not _AMOUNT_AFTER.match(text, run.end()))
    found: list[Match] = []
    i = 0
    while i < len(groups):
        first = groups[i]
        digits = first[0]
        if i == 0 and international:
            digits = "0" + digits[2:]
        elif not digits.startswith("0"):
            i += 1
            continue
        start = run.start() if i == 0 else first.start()
        for j in range(i, len(groups)):
            if j > i:
                digits += groups[j][0]
            if len(digits) > 11:
                break
            if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
                end = groups[j].end()
                if not _TAX_CODE_BEFORE.search(text[max(0, start - 30):start]):
                    found.append(Match(start, end, "phone", text[start:end]))
                i = j
                break
        i += 1
    return found


def find_personal_data(text: str) -> list[Match]:
    """Every ID number, phone number and e-mail address in a text, in order, without overlaps."""
    found = [Match(m.start(), m.end(), "email", m[0]) for pattern in (_EMAIL, _SPELLED_EMAIL)
             for m in pattern.finditer(text)]
    for run in _RUN.finditer(text):
        if run.end() < len(text) and text[run.end()].isalpha():
            continue  # part of a code or a word: 0912345678ABC
        found += _phones_in_run(text, run)
    found += [Match(m.start("number"), m.end("number"), "id", m["number"]) for m in _ID_AFTER_WORD.finditer(text)]
    found += [Match(m.start(), m.end(), "id", m[0]) for m in _ID.finditer(text)]
    kept: list[Match] = []
    for match in sorted(found, key=lambda m: (m.start, -m.end)):
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept


def masked(text: str) -> str:
    """A finding as a message may repeat it: enough to find it, not enough to read it
    (messages end up in CI logs): 0912 *** 678, n***@gmail.com."""
    if "@" in text:
        local, domain = text.split("@", 1)
        return f"{local[:1]}***@{domain}"
    return f"{text[:4]}***{text[-3:]}" if len(text) > 8 else "***"


# Front-matter keys that would hold a citizen's identity or contact details, by what they hold.
# Compared after folding: lower case, no diacritics, every other character an underscore, so
# "Số điện thoại", "so-dien-thoai" and "so_dien_thoai" are one key.
_KEYS = {
    "identity": ("asker", "asker_name", "name", "full_name", "fullname", "ho_ten", "ho_va_ten", "hoten",
                 "nguoi_hoi", "nguoi_gui", "nguoi_de_nghi", "sender", "submitter", "requester", "citizen",
                 "petitioner", "representative_name", "representative_position", "organisation_name",
                 "organization_name", "nationality", "quoc_tich", "occupation", "nghe_nghiep", "birth_date",
                 "date_of_birth", "dob", "ngay_sinh", "nam_sinh", "gender", "gioi_tinh"),
    "ID number": ("cmnd", "cccd", "cmt", "so_cmnd", "so_cccd", "id_number", "id_no", "id_card",
                  "identity_number", "identity_card", "national_id", "passport", "passport_number",
                  "ho_chieu", "so_ho_chieu", "so_dinh_danh", "ma_dinh_danh", "can_cuoc",
                  "chung_minh_nhan_dan", "ma_so_thue_ca_nhan", "social_insurance", "so_bhxh", "bhyt"),
    "phone number": ("phone", "phone_number", "telephone", "tel", "mobile", "cell", "sdt", "so_dien_thoai",
                     "dien_thoai", "dtdd", "di_dong", "zalo"),
    "address": ("address", "home_address", "head_office_address", "residence", "dia_chi", "noi_o", "cho_o",
                "noi_cu_tru", "que_quan"),
    "e-mail address": ("email", "e_mail", "mail", "thu_dien_tu", "hop_thu"),
}
_KEY_KIND = {key: kind for kind, keys in _KEYS.items() for key in keys}
_PREFIXES = ("asker_", "nguoi_hoi_", "nguoi_gui_", "sender_", "submitter_", "requester_", "citizen_",
             "petitioner_")
_WORDS = {"phone": "phone number", "email": "e-mail address", "sdt": "phone number", "cmnd": "ID number",
          "cccd": "ID number", "passport": "ID number", "mobile": "phone number"}


def fold_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold_vi(name)).strip("_")


def personal_key(name: str) -> str | None:
    """What a front-matter key would hold if it is a citizen's personal data ("phone number",
    "identity", …), else None."""
    key = fold_key(name)
    if key in _KEY_KIND:
        return _KEY_KIND[key]
    if key.startswith(_PREFIXES):
        return "identity"
    for word in key.split("_"):
        if word in _WORDS:
            return _WORDS[word]
    return None


# ---- a person named in an asker's own words ---------------------------------------------------

# "Tôi là …", "tên tôi là …", and the honorifics a citizen writes before a name ("ông Trần Văn B").
_SELF = r"(?:tôi|em|cháu|mình)\s+(?:tên\s+)?là|tên\s+(?:tôi|em|cháu|mình)\s+là"
_HONORIFIC = r"ông|bà|anh|chị|cô|chú|bác|cụ|em|cháu"
_NAMED = re.compile(rf"(?<!\w)(?:(?P<self>{_SELF})|(?P<title>{_HONORIFIC}))\s+(?P<name>[^\W\d_]+(?:\s+[^\W\d_]+)*)",
                    re.IGNORECASE)
# A place or a thing named like a person: "tỉnh Bà Rịa - Vũng Tàu", "huyện Anh Sơn", "đường Bà Triệu".
_PLACE_BEFORE = re.compile(r"(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn|xã|phường|thôn|bản|xóm|ấp|"
                           r"làng|đường|phố|chợ|cầu|sông|núi|đảo|vịnh|hồ|đèo|khu|đền|chùa|miếu|trường|bệnh viện)\s*$", re.IGNORECASE)
# Names every reader knows and no asker owns.
_PUBLIC_NAMES = ("Hồ Chí Minh",)


def _capitalised(m: re.Match) -> tuple[int, int] | None:
    """Where the capitalised words that open a match's ``name`` end: "Nguyễn Văn A ở thôn" → the span
    of "Nguyễn Văn A"; None for fewer than two such words."""
    words = []
    for word in re.finditer(r"[^\W\d_]+", m["name"]):
        if not word[0][0].isupper():
            break
        words.append(word)
    if len(words) < 2:
        return None
    return m.start("name"), m.start("name") + words[-1].end()


def find_names(text: str) -> list[Match]:
    """People an asker names: "Tôi là Nguyễn Văn A", "ông Trần Văn B": an honorific (or "tôi là")
    followed by two or more capitalised words. Not a place named like a person ("tỉnh Bà Rịa",
    "đường Bà Triệu") and not a name every reader knows (Bác Hồ Chí Minh). The ``text`` of a
    match is the name."""
    out = []
    for m in _NAMED.finditer(text):
        span = _capitalised(m)
        if span is None or _PLACE_BEFORE.search(text[:m.start()]):
            continue
        name = text[span[0]:span[1]]
        if not name.startswith(_PUBLIC_NAMES):
            out.append(Match(span[0], span[1], "name", name))
    return out
