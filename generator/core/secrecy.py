"""State-secret markings, wherever an editor may have left them: the `classification` value, a
stamp in the title, a stamp line in the body.

A state secret (Luật Bảo vệ bí mật nhà nước 2018, Điều 8: Mật, Tối mật, Tuyệt mật) is never
published and never belongs in a portal's repository (000/001 Đ6.2, Đ13.2.a; 002 Đ10.1.b;
requirements.md §3.6). Documents carry the level as a stamp ("MẬT", "TỐI MẬT", "Độ mật: Mật",
"A-MẬT"); editors copy it with or without diacritics, in any case. What is *not* a marking:
the same syllable in ordinary words, "bí mật", "bảo mật", "mật ong", "mật độ", "mật khẩu".
"""
from __future__ import annotations

import re

from .textcheck import fold_vi

# The levels, by their folded key, as written on a document.
LEVELS = {"mat": "Mật", "toi_mat": "Tối mật", "tuyet_mat": "Tuyệt mật"}
# English words an editor may use for the same levels.
_ENGLISH = {"secret": "mat", "confidential": "mat", "top_secret": "toi_mat"}
# What a public item may say it is.
PUBLIC = ("public", "cong_khai", "thuong", "binh_thuong", "khong_mat")

# A stamp's words, folded: "do mat: toi mat", "a-mat", "mat". An optional letter prefix (A-, B-, C-)
# is how some agencies print the level.
_LEVEL = r"(?:toi|tuyet)?[\s_]*mat"
_STAMP = re.compile(rf"(?:do[\s_]*mat[\s_]*:?[\s_]*)?(?:[abc][\s_]*-[\s_]*)?(?P<level>{_LEVEL})")


def _key(level: str) -> str:
    return re.sub(r"[\s_]+", "_", level.strip())


def secret_level(value: str) -> str | None:
    """The level a `classification` value names ("Tối mật", "TOI-MAT", "Độ mật: Mật", "A-MẬT",
    "top secret"), as written on a document ("Tối mật"); None for anything else."""
    folded = re.sub(r"[\s\-]+", "_", fold_vi(value).strip()).strip("_")
    folded = _ENGLISH.get(folded, folded)
    if folded in LEVELS:
        return LEVELS[folded]
    m = _STAMP.fullmatch(fold_vi(value).strip().replace("-", " - ").replace("_", " "))
    return LEVELS[_key(m["level"])] if m else None


def is_public(value: str) -> bool:
    return re.sub(r"[\s\-]+", "_", fold_vi(value).strip()) in PUBLIC


# A stamp line of a body: nothing but the level, perhaps in bold, in a heading, in brackets.
_DECOR = re.compile(r"[\s*_#>`\[\]()|]+")


def stamp_in_line(line: str) -> str | None:
    """The level a body line stamps, when the line is nothing but a stamp: in capitals, as it is
    printed ("**TỐI MẬT**", "[A-MẬT]"), or after "Độ mật:" ("Độ mật: Mật"). None for a sentence
    ("Mật ong Bắc Kạn", "bảo vệ bí mật") and for the levels named in a text about them (a list
    item "- Tuyệt mật", a line "Tối mật")."""
    bare = _DECOR.sub(" ", line).strip()
    if not bare or len(bare) > 24 or re.match(r"(?:[-+•]|\d+[.)])\s", bare):
        return None
    if bare != bare.upper() and not fold_vi(bare).startswith("do mat"):
        return None
    return secret_level(bare)


# In a title: a level in capitals ("TỐI MẬT", "TUYỆT MẬT", a lone "MẬT" in brackets or set apart by a
# dash or colon at either end), or "Độ mật:" followed by a level.
_TITLE_STAMPS = (
    re.compile(r"(?<!\w)(TỐI MẬT|TUYỆT MẬT|TOI MAT|TUYET MAT)(?!\w)"),
    re.compile(r"[(\[]\s*((?:tối |tuyệt |toi |tuyet )?(?:mật|mat))\s*[)\]]", re.IGNORECASE),
    re.compile(r"^\s*((?:[ABC]-)?(?:MẬT|MAT))\s*[-–:]"),
    re.compile(r"[-–:]\s*((?:[ABC]-)?(?:MẬT|MAT))\s*$"),
    re.compile(r"(?:độ mật|do mat)\s*:\s*((?:tối |tuyệt |toi |tuyet )?(?:mật|mat))(?!\w)", re.IGNORECASE),
)


def stamp_in_title(title: str) -> tuple[int, str] | None:
    """Where a title carries a secrecy stamp (0-based index) and its level; None when it does not.
    "Bảo vệ bí mật nhà nước" and "MẬT ONG BẮC KẠN" carry none."""
    for pattern in _TITLE_STAMPS:
        m = pattern.search(title)
        if m:
            level = secret_level(m[1])
            if level:
                return m.start(1), level
    return None
