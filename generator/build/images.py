"""Images: check an original, plan its renditions, make them with Pillow, cached by content hash.

An image an item shows (its ``image`` or ``photo`` field, or ``![alt](file)`` in its text) is
published as a few smaller copies (``WIDTHS``, never wider than the original), each in WebP and
in a fallback the original's kind suggests (JPEG, or PNG for a PNG), so a phone downloads a
320-pixel picture instead of the editor's 4000-pixel photograph. Pages name them in ``srcset``
with the width and height the reader's browser needs to keep the page from jumping.

``measure`` runs while the item loads (its answer cached by the original's bytes): an original
over ``MAX_BYTES`` or ``MAX_PIXELS``, or one Pillow cannot decode, is a located error there, never
a crash later. ``make`` runs while the site renders; each rendition is stored in the cache folder
under the hash of the original's bytes, its width and its format, so a rebuild copies it back
instead of decoding and encoding again. Encoding is deterministic: metadata stripped (no EXIF,
no colour profile, no text chunks), fixed quality, so ``--jobs 1`` and ``--jobs 2`` give the same bytes.
"""
from __future__ import annotations

import hashlib
import io
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import PIL

from .file_names import NAME_MAX, in_address, name_bytes

if TYPE_CHECKING:  # Pillow's image modules imported when an image is read, not at every build's start
    from PIL import Image

WIDTHS = (320, 640, 1024, 1600)
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MEASURED = ("jpg", "jpeg", "png", "webp", "gif")  # what Pillow checks; an SVG is text, not pixels
RESIZED = ("jpg", "jpeg", "png", "webp")  # a GIF may move: it is published as it is
DEFAULT_WIDTH = 1024  # the fallback `src` for a browser that reads no srcset
_SAVE = {"webp": {"quality": 80, "method": 4}, "jpeg": {"quality": 82, "optimize": True, "progressive": True},
         "png": {"optimize": True}}
VERSION = f"1:{PIL.__version__}:{sorted((k, sorted(v.items())) for k, v in _SAVE.items())}"
EXTENSION = {"webp": "webp", "jpeg": "jpg", "png": "png"}
MIME = {"webp": "image/webp", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class Measure:
    width: int = 0
    height: int = 0
    fallback: str = ""   # "jpeg" or "png" when the image is resized, "" when published as it is
    problem: str = ""    # why the original is refused
    code: str = ""


@dataclass(frozen=True)
class Rendition:
    name: str     # file name beside the item's page
    width: int
    height: int
    fmt: str      # "webp", "jpeg" or "png"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def measure(raw: bytes, ext: str) -> Measure:
    """The original's size as shown (after its EXIF orientation) and its fallback format, or why it is refused."""
    if len(raw) > MAX_BYTES:
        return Measure(problem=f"is {_mb(len(raw))}, over the limit of {_mb(MAX_BYTES)} for an image; save it "
                       "smaller (a photograph for the web rarely needs more than 2,000 pixels across)",
                       code="image.too-large")
    too_many = (f"has more than {MAX_PIXELS // 1_000_000} megapixels, the limit for an image; scale it down "
                "(a photograph for the web rarely needs more than 2,000 pixels across)")
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as im:
                width, height = im.size
                if width * height > MAX_PIXELS:
                    return Measure(problem=too_many.replace("more than", f"{width} × {height} pixels, more than"),
                                   code="image.too-many-pixels")
                im.load()  # a truncated or damaged file fails here, not while the site renders
                alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
                if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):
                    width, height = height, width
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return Measure(problem=too_many, code="image.too-many-pixels")
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        why = "its bytes are in no image format known" if isinstance(exc, Image.UnidentifiedImageError) \
            else str(exc)[:120]  # (Pillow's words for that name the memory object it read)
        return Measure(problem=f"cannot be read as an image ({why}); open it in an image editor, "
                       "save it again as JPEG or PNG and commit that file", code="image.unreadable")
    if ext not in RESIZED:
        return Measure(width, height)
    return Measure(width, height, "png" if ext == "png" or alpha else "jpeg")


def renditions(name: str, width: int, height: int, fallback: str) -> tuple[Rendition, ...]:
    """Every copy of one image to publish: each width in ``WIDTHS`` under the original's (and the
    original's own, up to the largest), in WebP then in the fallback format."""
    if not fallback or not width:
        return ()
    stem = name.rsplit(".", 1)[0]
    sizes = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    return tuple(Rendition(f"{stem}-{w}.{EXTENSION[fmt]}", w, max(1, round(height * w / width)), fmt)
                 for fmt in ("webp", fallback) for w in sizes)


def name_limit(name: str, width: int, height: int, fallback: str) -> int:
    """The bytes an image's name may take so that each of its renditions' names (``-1600.webp`` in
    place of its extension) is a file name the output can hold."""
    added = max((name_bytes(r.name) - name_bytes(name) for r in renditions(name, width, height, fallback)),
                default=0)
    return NAME_MAX - max(added, 0)


def sources(name: str, width: int, height: int, fallback: str, base: str) -> dict:
    """What a page needs to show the image: ``src`` (the fallback at ``DEFAULT_WIDTH`` or the
    largest under it), ``srcset`` of the fallback, ``webp_srcset``, and the width and height of ``src``;
    ``base`` is the item page's address (ending in `/`) or "" for a link relative to it."""
    found = renditions(name, width, height, fallback)
    if not found:
        return {"src": base + in_address(name), "srcset": "", "webp_srcset": "", "width": width, "height": height}
    fallbacks = [r for r in found if r.fmt == fallback]
    default = [r for r in fallbacks if r.width <= DEFAULT_WIDTH][-1]
    return {"src": base + in_address(default.name), "width": default.width, "height": default.height,
            "srcset": ", ".join(f"{base}{_candidate(r.name)} {r.width}w" for r in fallbacks),
            "webp_srcset": ", ".join(f"{base}{_candidate(r.name)} {r.width}w" for r in found if r.fmt == "webp")}


def _candidate(name: str) -> str:
    """A rendition's name in a ``srcset``: percent-encoded as every address (a space would split the
    candidate), and its commas too (a candidate's address may not start or end with one)."""
    return in_address(name).replace(",", "%2C")


def _cache_file(cache_dir: str, digest: str, rendition: Rendition) -> Path:
    key = hashlib.sha256(f"{VERSION}\0{digest}\0{rendition.width}\0{rendition.fmt}".encode()).hexdigest()
    return Path(cache_dir) / "images" / key[:2] / f"{key}.{EXTENSION[rendition.fmt]}"


def _encode(small: Image.Image, fmt: str) -> bytes:
    if fmt == "jpeg" and small.mode != "RGB":
        small = small.convert("RGB")
    out = io.BytesIO()
    small.save(out, fmt.upper(), **_SAVE[fmt])  # no exif=, icc_profile=: metadata stays out
    return out.getvalue()


def _resized(im: Image.Image, wanted: list[Rendition]) -> dict[int, Image.Image]:
    """Each width wanted, the largest from the original and each smaller one from the one above it
    (Lanczos either way): a 320-pixel copy need not read the 24 megapixels again."""
    from PIL import Image

    out: dict[int, Image.Image] = {}
    source = im
    for r in sorted({(r.width, r.height) for r in wanted}, reverse=True):
        out[r[0]] = source = source.resize(r, Image.Resampling.LANCZOS) if source.size != r else source
    return out


def _open(raw: bytes) -> Image.Image:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(raw)) as im:
        shown = ImageOps.exif_transpose(im)
        alpha = shown.mode in ("RGBA", "LA", "PA") or "transparency" in shown.info
        return shown.convert("RGBA" if alpha else "RGB")


def make(original: Path, wanted: list[Rendition], cache_dir: str | None) -> list[bytes]:
    """The bytes of each rendition of one original, from the cache when it holds them; the original
    is decoded once, and only when one is missing. A cache that cannot be written only costs time."""
    raw = original.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    places = [_cache_file(cache_dir, digest, r) if cache_dir else None for r in wanted]
    found = {i: where.read_bytes() for i, where in enumerate(places) if where is not None and where.is_file()}
    missing = len(found) < len(wanted)
    # every width of the chain, so a rendition is the same bytes whichever others the cache held
    sized = _resized(_open(raw), wanted) if missing else {}
    out: list[bytes] = []
    for i, (rendition, where) in enumerate(zip(wanted, places)):
        if i in found:
            out.append(found[i])
            continue
        data = _encode(sized[rendition.width], rendition.fmt)
        out.append(data)
        if where is not None:
            try:
                where.parent.mkdir(parents=True, exist_ok=True)
                part = where.with_name(f"{where.name}.{os.getpid()}.part")
                part.write_bytes(data)
                os.replace(part, where)
            except OSError:
                pass
    return out
