"""A site's look: its logo and banner (image files beside the site files) and its theme (colours).

``sites/_province.yaml`` may name a ``logo`` and a ``banner`` for every site, a site file its own;
a profile or a site file may set a ``theme``. Each is checked where it is written:

- an image is a file under ``sites/`` (``logo: logo.svg``, ``banner: assets/banner.png``), SVG or
  PNG by its bytes, not by its name alone, under a size limit, neither a symbolic link nor reached
  through one (``config.symlink``: it would be read from elsewhere); an SVG may not carry scripts,
  event handlers, entities or links to other hosts (it is served from the site's own host);
- a theme's colours are ``#rrggbb``; white text on the header and menu colours, and the link
  colour on the page and footer backgrounds, must reach the WCAG 2.1 contrast of 4.5:1, the focus
  ring's colour 3:1 against the header and menu (1.4.11), computed here by WCAG's formula.
"""
from __future__ import annotations

import hashlib
import os
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core import fields as f
from ..core.diagnostics import Diagnostic, error
from ..core.fields import Coercer, FieldError
from ..core.links import first_link
from ..core.yamlsource import line_of

IMAGE_LIMITS = {"logo": 256 * 1024, "banner": 1024 * 1024}   # bytes
IMAGE_TYPES = ("svg", "png")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_FORBIDDEN = re.compile(r"<!DOCTYPE|<!ENTITY|<script|<foreignObject|\bon[a-z]+\s*=|javascript:"
                           r"|(?:href|src)\s*=\s*[\"']\s*(?:https?:)?//", re.I)


@dataclass(frozen=True)
class BrandImage:
    """A logo or banner: the file under the repository, its type and size in pixels, and the name
    it is served under (by its content, so a changed file is a new address)."""
    source: Path
    ext: str
    width: int
    height: int
    digest: str

    @property
    def served_name(self) -> str:
        return f"brand/{self.digest[:16]}.{self.ext}"


# The default theme (layouts/assets/style.css's :root): what a theme's missing keys keep.
DEFAULT_THEME = {"primary": "#a3150f", "nav": "#7d100b", "link": "#0b4f9c", "focus": "#ffd21f"}
PAGE_BACKGROUNDS = {"the page's white": "#ffffff", "the footer's": "#f4f1ec"}
TEXT_ON_BANDS = "#ffffff"
THEME_KEYS = tuple(DEFAULT_THEME)
CSS_VARIABLES = {"primary": "--brand", "nav": "--nav", "link": "--link", "focus": "--focus"}


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """WCAG 2.1 contrast ratio of two colours, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def colour(node: yaml.Node) -> str:
    raw = f.text(node).strip().lower()
    if re.fullmatch(r"#[0-9a-f]{3}", raw):
        raw = "#" + "".join(ch * 2 for ch in raw[1:])
    if not re.fullmatch(r"#[0-9a-f]{6}", raw):
        raise FieldError(f"`{f.shown(raw)}` is not a colour; write it as #rrggbb (#a3150f)", node, "theme.colour")
    return raw


def contrast_problems(theme: dict[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """(keys, why) for each colour of a complete theme that readers could not tell apart from its ground;
    `keys` are the colours involved, the one to blame first."""
    out = []
    for key in ("primary", "nav"):
        ratio = contrast(TEXT_ON_BANDS, theme[key])
        if ratio < 4.5:
            out.append(((key,), f"white text on {theme[key]} has a contrast of {ratio:.2f}:1, under WCAG's 4.5:1; "
                             "choose a darker colour"))
    for where, ground in PAGE_BACKGROUNDS.items():
        ratio = contrast(theme["link"], ground)
        if ratio < 4.5:
            out.append((("link",), f"links in {theme['link']} on {where} background ({ground}) have a contrast of "
                                f"{ratio:.2f}:1, under WCAG's 4.5:1; choose a darker colour"))
            break
    for key in ("primary", "nav"):
        ratio = contrast(theme["focus"], theme[key])
        if ratio < 3:
            out.append((("focus", key), f"the focus ring in {theme['focus']} on the {key} colour {theme[key]} has a "
                                 f"contrast of {ratio:.2f}:1, under WCAG's 3:1; choose a lighter colour"))
            break
    return out


def theme(base: dict[str, str]) -> Coercer:
    """A coercer of `theme: {primary, nav, link, focus}`: colours over `base` (the defaults, or the
    profile's theme under a site's), every problem at its key's line."""
    def coerce(node: yaml.Node) -> dict[str, str]:
        if not isinstance(node, yaml.MappingNode):
            raise FieldError(f"expected a theme: {{{', '.join(THEME_KEYS)}}} with #rrggbb colours", node)
        given: dict[str, str] = {}
        nodes: dict[str, yaml.Node] = {}
        problems: list[FieldError] = []
        for key, value in node.value:
            if key.value not in THEME_KEYS:
                problems.append(FieldError(f"has unknown key `{f.shown(str(key.value))}`; a theme has "
                                           f"{', '.join(THEME_KEYS)}", key, "field.unknown"))
                continue
            try:
                given[key.value] = colour(value)
                nodes[key.value] = value
            except FieldError as exc:
                problems.append(exc)
        if not problems:
            for keys, why in contrast_problems({**base, **given}):
                at = next((nodes[k] for k in keys if k in nodes), node)  # a colour given here, else the theme
                problems.append(FieldError(f"`{keys[0]}`: {why}", at, "theme.contrast"))
        if problems:
            raise FieldError(problems[0].message, problems[0].node, problems[0].code, tuple(problems[1:]))
        return given
    coerce.__name__ = "a theme"
    return coerce


profile_theme = theme(DEFAULT_THEME)


def theme_css(values: dict[str, str]) -> str:
    """The stylesheet a themed site adds after style.css (no inline styles: the pages' CSP forbids them)."""
    lines = [f"  {CSS_VARIABLES[key]}: {values[key]};" for key in THEME_KEYS if key in values]
    return "/* The site's theme (sites/*.yaml or the profile's `theme`). */\n:root {\n" + "\n".join(lines) + "\n}\n"


def _png_size(data: bytes) -> tuple[int, int] | None:
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return struct.unpack(">II", data[16:24])


def _length(value: str | None) -> float | None:
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*", value or "")
    return float(match[1]) if match else None


def _svg_size(data: bytes, node: yaml.Node) -> tuple[int, int]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FieldError("is an SVG that is not UTF-8; save it as UTF-8", node, "brand.image") from None
    bad = SVG_FORBIDDEN.search(text)
    if bad:
        raise FieldError(f"is an SVG with `{f.shown(bad[0])}`; a logo or banner may carry no scripts, event "
                         "handlers, entities or addresses on other hosts: export it as a plain SVG", node,
                         "brand.image")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise FieldError(f"is not a readable SVG ({exc}); export it again", node, "brand.image") from None
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise FieldError("is not an SVG (its root element is not <svg>)", node, "brand.image")
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            width, height = float(box[2]), float(box[3])
        except ValueError:
            pass
    if not width or not height:
        raise FieldError("is an SVG without a size; give its <svg> a viewBox (or width and height in px)", node,
                         "brand.image")
    return round(width), round(height)


def brand_image(sites_dir: Path, what: str) -> Coercer:
    """A coercer of `logo:`/`banner:`: a path under ``sites/`` to an SVG or PNG within the size limit."""
    def coerce(node: yaml.Node) -> BrandImage:
        raw = f.text(node).strip()
        rel = Path(raw)
        if not raw or rel.is_absolute() or ".." in rel.parts or "\\" in raw:
            raise FieldError(f"`{f.shown(raw)}` is not a path under sites/; write it relative to the site files "
                             "(logo.svg, assets/logo.png)", node, "brand.image")
        ext = rel.suffix.lower().lstrip(".")
        if ext not in IMAGE_TYPES:
            raise FieldError(f"`{f.shown(raw)}` is not an SVG or PNG file; a {what} must be .svg or .png", node,
                             "brand.image")
        path = sites_dir / rel
        link = first_link(sites_dir, rel)
        if link is not None:
            raise FieldError(f"names sites/{raw}, but {link.relative_to(sites_dir.parent).as_posix()} is a symbolic "
                             f"link (to {os.readlink(link)}); put the file itself there, so that a change to it "
                             "is a change reviewed here", node, "config.symlink")
        if not path.is_file():
            raise FieldError(f"names sites/{raw}, which is not a file there; add it or correct the path", node,
                             "brand.missing")
        size = path.stat().st_size
        if size > IMAGE_LIMITS[what]:
            raise FieldError(f"sites/{raw} is {size // 1024} KB; a {what} may be at most "
                             f"{IMAGE_LIMITS[what] // 1024} KB: simplify the SVG or compress the PNG", node,
                             "brand.size")
        data = path.read_bytes()
        if ext == "png":
            found = _png_size(data)
            if found is None:
                raise FieldError(f"sites/{raw} is named .png but is not a PNG image; export it as PNG", node,
                                 "brand.image")
        else:
            found = _svg_size(data, node)
        return BrandImage(path, ext, found[0], found[1], hashlib.sha256(data).hexdigest())
    coerce.__name__ = f"a {what}"
    return coerce


def read_identity(values: dict, path: str, sites_dir: Path, base_theme: dict[str, str]):
    """The `logo`, `banner` and `theme` of a site file or the province file (YAML nodes in `values`),
    each problem at its line: (logo, banner, theme, problems); a key not given is None or {}."""
    found: dict = {"logo": None, "banner": None, "theme": {}}
    problems: list[Diagnostic] = []
    coercers = {"logo": brand_image(sites_dir, "logo"), "banner": brand_image(sites_dir, "banner"),
                "theme": theme(base_theme)}
    for key, coerce in coercers.items():
        if key not in values:
            continue
        try:
            found[key] = coerce(values[key])
        except FieldError as exc:
            for one in (exc, *exc.more):
                line, col = line_of(one.node or values[key], 0)
                problems.append(error(path, line, one.code, f"`{key}` {one.message}", col))
    return found["logo"], found["banner"], found["theme"], problems
