"""Coercers of values with a meaning of their own: amounts in đồng, pictures (a file and its text
alternative), references to other items, and the classification that refuses state secrets."""
from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .coerce_text import FieldError, key_text, no_control, scalar, shown, text
from .secrecy import is_public, secret_level

MAX_MONEY_DIGITS = 18  # a quintillion đồng: more than any budget


def money(node: yaml.Node) -> int:
    """An amount in đồng, a whole number: 1250000000, or grouped as written, 1.250.000.000 or
    1 250 000 000 (a comma is refused: 1,5 and 1,500 read differently in Vietnamese and English)."""
    raw = scalar(node, "an amount in đồng").strip()
    grouped = re.fullmatch(r"\d{1,3}(?:([. ])\d{3})(?:\1\d{3})*", raw)
    if not (re.fullmatch(r"\d+", raw) or grouped):
        raise FieldError(f"`{shown(raw)}` is not an amount in đồng; write the whole number, 1250000000 or "
                         "1.250.000.000", node)
    digits = re.sub(r"[. ]", "", raw)
    if len(digits) > MAX_MONEY_DIGITS:
        raise FieldError(f"`{shown(raw)}` is too large an amount (at most {MAX_MONEY_DIGITS} digits)", node)
    return int(digits)


@dataclass(frozen=True)
class Image:
    src: str
    alt: str
    caption: str = ""  # shown under the picture (its source, its photographer); optional


def image(node: yaml.Node) -> Image:
    if not isinstance(node, yaml.MappingNode):
        raise FieldError("expected `{src: file.jpg, alt: \"what it shows\"}`", node)
    values = {key_text(k): v for k, v in node.value}
    unknown = sorted(set(values) - {"src", "alt", "caption"})
    if unknown:
        raise FieldError(f"unknown key `{shown(unknown[0])}` in image; use src, alt and caption", node,
                         "field.unknown")
    if "src" not in values:
        raise FieldError("image needs `src`, the file name", node, "field.required")
    if "alt" not in values:
        raise FieldError("image needs `alt`, a text saying what it shows (accessibility)", node,
                         "field.required")
    return Image(text(values["src"]), text(values["alt"]), text(values["caption"]) if "caption" in values else "")


def ref(node: yaml.Node) -> str:
    raw = text(node)
    if not re.fullmatch(r"[a-z0-9][a-z0-9\-/]*", raw):
        raise FieldError(f"`{shown(raw)}` is not an item reference; write site/type/slug or slug", node)
    return raw


# The message for a state secret, wherever its marking is found (the value, a stamp in the title or body).
SECRET_MESSAGE = ("{level} marks a state secret, which is never published (Luật Bảo vệ bí mật nhà nước; 000/001 "
                  "Đ6.2, Đ13.2.a; 002 Đ10.1.b; requirements.md §3.6). Remove this file from the repository, and "
                  "from its history if it was committed, and handle the document under the state-secret rules")


def classification(node: yaml.Node) -> str:
    """`public`, the only classification a portal publishes (the default; "công khai", "thường"
    say the same). A state-secret level, as a key (`toi_mat`), as written on a document (`Tối
    mật`, `Độ mật: Mật`, `A-MẬT`), with or without diacritics, is refused with
    ``classification.secret``: such content is never published and does not belong in the
    repository (000/001 Đ6.2, Đ13.2.a; 002 Đ10.1.b; 003 Đ5.4; requirements.md §3.6)."""
    raw = no_control(scalar(node, "public"), node).strip()
    level = secret_level(raw)
    if level:
        raise FieldError(f"is `{shown(raw)}`: " + SECRET_MESSAGE.format(level=level), node, "classification.secret")
    if not is_public(raw):
        raise FieldError(f"`{shown(raw)}` is not a classification; write public (the default) or leave it out",
                         node)
    return "public"


classification.choices = ("public",)  # type: ignore[attr-defined]
