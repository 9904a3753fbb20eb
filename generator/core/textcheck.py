"""Vietnamese text checks: NFC, legacy-encoding mojibake (TCVN3/VNI), slugs, folding.

Lines are split on "\\n" (a trailing "\\r" is ignored); lines and columns are 1-based
and count code points of the original text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .diagnostics import Diagnostic, error

# Tone marks: sắc, huyền, hỏi, ngã, nặng (the order of the VNI rows below).
_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
_STOP_TONES = (0, 4)  # syllables ending in c, ch, p, t take only sắc or nặng
_COMBINING = re.compile("[\u0300-\u036f]")
_ASCII_FOLD = {"ð": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}

# TCVN 5712:1993 VN3 ("ABC", .VnTime fonts): one byte per letter, each vowel's row in
# the order huyền, sắc, hỏi, ngã, nặng; upper-case toned letters have no code (the
# .VnTimeH fonts draw the lower-case codes as capitals).
_TCVN3_LETTERS = ("àáảãạ" "ăằắẳẵặ" "âầấẩẫậ" "đ" "èéẻẽẹ" "êềếểễệ" "ìíỉĩị" "òóỏõọ"
                  "ôồốổỗộ" "ơờớởỡợ" "ùúủũụ" "ưừứửữự" "ỳýỷỹỵ" "ĂÂĐÊÔƠƯ")
_TCVN3_BYTES = bytes.fromhex(
    "b5b8b6b7b9" "a8bbbebcbdc6" "a9c7cac8c9cb" "ae" "ccd0cecfd1" "aad2d5d3d4d6" "d7ddd8dcde"
    "dfe3e1e2e4" "abe5e8e6e7e9" "aceaedebecee" "eff3f1f2f4" "adf5f8f6f7f9" "fafdfbfcfe"
    "a1a2a7a3a4a5a6").decode("latin-1")
# Code points that cannot occur inside a European word: punctuation-like TCVN3 codes.
_TCVN3_STRONG = frozenset(c for c in _TCVN3_BYTES if not c.isalpha()) | {"µ", "ª"}
_EDGE_PUNCT = "«»·×÷ª"  # quotes, Greek/Catalan middle dot, maths, "Nª": weak at a word's edge

# VNI-Windows (VNI-Times fonts): base letter + a mark byte; per vowel: plain, sắc,
# huyền, hỏi, ngã, nặng.  The mark bytes show as Latin-1 letters after cp1252 decoding.
_VNI_ROWS = (
    ("a", "a aù aø aû aõ aï"), ("ă", "aê aé aè aú aü aë"), ("â", "aâ aá aà aå aã aä"),
    ("e", "e eù eø eû eõ eï"), ("ê", "eâ eá eà eå eã eä"), ("i", "i í ì æ ó ò"),
    ("o", "o où oø oû oõ oï"), ("ô", "oâ oá oà oå oã oä"), ("ơ", "ô ôù ôø ôû ôõ ôï"),
    ("u", "u uù uø uû uõ uï"), ("ư", "ö öù öø öû öõ öï"), ("y", "y yù yø yû yõ î"),
)
# Codes also common in European words ("où", "goût", "aún", "Meán", "træ", "laïc", "schön").
_VNI_WEAK = frozenset({"ô", "ö", "ó", "ò", "î", "æ", "où", "oû", "eá", "aú"})  # and "?ï"

_VI_VOWELS = "aăâeêioôơuưy"
_VI_CONSONANTS = "bcdđghklmnpqrstvx"
_INITIAL = "ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx]"
_OPEN = "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưi ưu ưa ua iêu yêu oai oay oao oeo uôi ươi ươu uây uya uyu"
_EITHER = "a e ê i o ô ơ u ư y oa oe uê uơ uy"
_NEED_FINAL = "ă â iê yê uô ươ oă uâ uyê oo"
_SYLLABLE = re.compile(
    rf"(?:{_INITIAL})?(?:(?:{'|'.join(_OPEN.split())})"
    rf"|(?P<v1>{'|'.join(_EITHER.split())})(?P<f1>ch|c|m|ng|nh|n|p|t)?"
    rf"|(?P<v2>{'|'.join(_NEED_FINAL.split())})(?P<f2>ch|c|m|ng|nh|n|p|t))")


def _letter_table() -> dict[str, tuple[str, int]]:
    """Every lower-case Vietnamese letter -> (letter without tone, tone index or -1)."""
    table = {c: (c, -1) for c in _VI_CONSONANTS + _VI_VOWELS}
    for vowel in _VI_VOWELS:
        for i, tone in enumerate(_TONES):
            table[unicodedata.normalize("NFC", vowel + tone)] = (vowel, i)
    return table


def _vni_table() -> dict[str, str]:
    """VNI code (1 or 2 chars, both cases) -> Unicode letter, identities left out."""
    table = {"ñ": "đ", "Ñ": "Đ"}
    for vowel, codes in _VNI_ROWS:
        letters = [vowel] + [unicodedata.normalize("NFC", vowel + t) for t in _TONES]
        for code, letter in zip(codes.split(), letters):
            if code != letter:
                table[code] = letter
                table[code.upper()] = letter.upper()
    return table


_VI_LETTERS = _letter_table()
_VI_WORD = re.compile("[" + "".join(_VI_LETTERS) + "]+")
_UNTONE = str.maketrans({c: base for c, (base, tone) in _VI_LETTERS.items() if tone >= 0})
_TONE_OF = {c: tone for c, (_, tone) in _VI_LETTERS.items() if tone >= 0}
_TCVN3 = dict(zip(_TCVN3_BYTES, _TCVN3_LETTERS))
_TCVN3_CAPS = frozenset(_TCVN3_BYTES[-7:])  # the only TCVN3 codes that say "capital"
_VNI = _vni_table()
_TOKEN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f" + re.escape("".join(_TCVN3_STRONG)) + "])+")
_LATIN1 = re.compile("[\u00a0-\u00ff]")
# Text of only ASCII, Vietnamese letters and everyday typography is clean, unless ù or õ
# follows a vowel, which is where VNI puts its sắc and ngã codes ("coù", "cuõng").
_CLEAN_CHARS = frozenset(chr(c) for c in range(128)) | frozenset(_VI_LETTERS) | frozenset(
    c.upper() for c in _VI_LETTERS) | frozenset("“”‘’–—…•°€")
_VNI_TONE_LETTERS = frozenset("ùõÙÕ")
_VNI_TONE_AFTER_VOWEL = re.compile("(?<=[aăâeêioôơuưyAĂÂEÊIOÔƠUƯY])[ùõÙÕ]")
_ABBREVIATION = re.compile("[BCDGHKLMNPQRSTVX]*Đ[BCDĐGHKLMNPQRSTVX]*")  # QĐ, NĐ, TTĐT


@dataclass(frozen=True)
class _Decoded:
    text: str
    usable: bool  # something was decoded and the letter case is consistent
    strong: bool  # evidence that European words do not show


@dataclass(frozen=True)
class _Hit:
    col: int
    token: str   # as written
    word: str    # decoded
    strong: bool


def _well_cased(letters: str) -> bool:
    return not any(a.islower() and b.isupper() for a, b in zip(letters, letters[1:]))


def _tcvn3_strong(token: str, i: int) -> bool:
    """Is token[i] a TCVN3 code that European words do not show there ("Hµ", "ViÖt", "CHñ")?"""
    c = token[i]
    if c in _TCVN3_STRONG:
        return not (c in _EDGE_PUNCT and i in (0, len(token) - 1))
    return _TCVN3.get(c, c) != c and i > 0 and (
        (c.isupper() and not token.isupper()) or c in "Þþ" or (i > 1 and token[i - 2:i].isupper()))


def _decode_tcvn3(token: str) -> _Decoded:
    out, changed, strong = [], False, False
    for i, c in enumerate(token):
        letter = _TCVN3.get(c, c)
        changed |= letter != c
        strong |= _tcvn3_strong(token, i)
        out.append(letter)
    cased = "".join(_TCVN3.get(c, c) for c in token if c in _TCVN3_CAPS or c.isascii())
    return _Decoded("".join(out), changed and _well_cased(cased), strong)


def _decode_vni(token: str) -> _Decoded:
    out, changed, strong, i = [], False, False, 0
    while i < len(token):
        code = token[i:i + 2] if token[i:i + 2] in _VNI else token[i]
        letter = _VNI.get(code)
        if letter is None:
            out.append(code)
        else:
            out.append(letter)
            changed = True
            low = code.lower()
            strong |= not (low in _VNI_WEAK or low[-1] == "ï") or token[i:i + 2].lower() == "öô"
        i += len(code)
    text = "".join(out)
    return _Decoded(text, changed and _well_cased(text), strong)


_DECODERS: dict[str, Callable[[str], _Decoded]] = {"TCVN3": _decode_tcvn3, "VNI": _decode_vni}


def decode_legacy(text: str, encoding: str) -> str:
    """Convert text known to be TCVN3 or VNI mojibake (cp1252-decoded) to Unicode.

    Only for text that is legacy as a whole: correct Unicode words would be altered too.
    """
    if encoding not in _DECODERS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; expected TCVN3 or VNI")
    decode = _DECODERS[encoding]
    return _TOKEN.sub(lambda m: decode(m.group()).text, text)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(word: str) -> bool:
    """True if `word` is one well-formed Vietnamese syllable (at most one tone, valid rhyme)."""
    word = unicodedata.normalize("NFC", word).lower()
    if not _VI_WORD.fullmatch(word):
        return False
    tones = [_TONE_OF[c] for c in word if c in _TONE_OF]
    match = _SYLLABLE.fullmatch(word.translate(_UNTONE))
    if match is None or len(tones) > 1:
        return False
    final, vowels = match["f1"] or match["f2"], match["v1"] or match["v2"]
    if final in ("c", "ch", "p", "t") and (not tones or tones[0] not in _STOP_TONES):
        return False
    return final not in ("ch", "nh") or vowels[-1] in "aêiy"


def _foreign_words(line: str) -> list[tuple[int, str]]:
    """(col, word) of words with a Latin-1 letter that are not Vietnamese as written."""
    return [(m.start() + 1, m.group()) for m in _TOKEN.finditer(line)
            if len(m.group()) > 1 and _LATIN1.search(m.group())
            and not is_vietnamese_syllable(m.group())]


def _hits(words: list[tuple[int, str]], decode: Callable[[str], _Decoded]) -> list[_Hit]:
    """The words that become one Vietnamese syllable once decoded."""
    decoded = [(col, word, decode(word)) for col, word in words]
    return [_Hit(col, word, d.text, d.strong) for col, word, d in decoded
            if d.usable and (is_vietnamese_syllable(d.text) or _ABBREVIATION.fullmatch(d.text))]


def _score(hits: list[_Hit], foreign: int) -> int:
    """0 unless clearly legacy: a strong word, plus a second word or a long strong word (or "QĐ"),
    and at least half of the line's non-Vietnamese words decode to Vietnamese."""
    strong = [h for h in hits if h.strong]
    if not strong or 2 * len(hits) < foreign:
        return 0
    if len({h.token for h in hits}) < 2 and not any(
            len(h.token) > 2 or _ABBREVIATION.fullmatch(h.word) for h in strong):
        return 0
    return sum(2 if h.strong else 1 for h in hits)


def _lines(text: str) -> list[str]:
    return [line.removesuffix("\r") for line in text.split("\n")]


def legacy_encoding_positions(text: str) -> list[tuple[int, int, str, str]]:
    """(line, col, "TCVN3"|"VNI", word) for each line that looks like legacy-encoded Vietnamese."""
    # Fast paths: text made only of ASCII and Vietnamese letters, or whose words with a
    # Latin-1 letter are all Vietnamese as written, cannot be flagged below.
    chars = set(text)
    if (chars <= _CLEAN_CHARS and not (chars & _VNI_TONE_LETTERS and _VNI_TONE_AFTER_VOWEL.search(text))) or not any(
            len(w) > 1 and _LATIN1.search(w) and not is_vietnamese_syllable(w) for w in set(_TOKEN.findall(text))):
        return []
    found = []
    for number, line in enumerate(_lines(text), 1):
        words = _foreign_words(line) if _LATIN1.search(line) else []
        if not words:
            continue
        scored = [(_score(hits, len(words)), name, hits) for name, hits in
                  ((name, _hits(words, decode)) for name, decode in _DECODERS.items())]
        score, name, hits = max(scored, key=lambda item: item[0])
        if score:
            first = next(h for h in hits if h.strong)
            found.append((number, first.col, name, first.token[:30]))
    return found


def _clusters(line: str) -> list[int]:
    """Start index of each combining cluster (a starter and the marks after it)."""
    return [i for i, c in enumerate(line) if i == 0 or unicodedata.combining(c) == 0]


def _first_non_nfc(line: str) -> int:
    starts = _clusters(line) + [len(line)]
    for k in range(len(starts) - 1):
        cluster = line[starts[k]:starts[k + 1]]
        if not unicodedata.is_normalized("NFC", cluster):
            return starts[k]
        if k and not unicodedata.is_normalized("NFC", line[starts[k - 1]:starts[k + 1]]):
            return starts[k - 1]  # two starters that compose, e.g. Hangul jamo
    return 0


NOT_NFC = "text is not in Unicode NFC (TCVN 6909 requires precomposed Vietnamese letters); run `python build.py fix --nfc`"


def not_nfc_errors(rel: str, text: str) -> list[Diagnostic]:
    """An error at each line of ``text`` (the file ``rel``) that is not NFC, with the fix."""
    return [error(rel, line, "text.not-nfc", NOT_NFC, col) for line, col in non_nfc_positions(text)]


def non_nfc_positions(text: str) -> list[tuple[int, int]]:
    """(line, col) of the first non-NFC cluster on each line that is not NFC."""
    return [(number, _first_non_nfc(line) + 1) for number, line in enumerate(_lines(text), 1)
            if not unicodedata.is_normalized("NFC", line)]


def _strip_marks(text: str) -> str:
    """NFC, đ -> d, drop tone and vowel marks; case kept."""
    text = unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", _COMBINING.sub("", unicodedata.normalize("NFD", text)))


def fold_vi(text: str) -> str:
    """Lower-case text without tone or vowel marks, đ -> d: "Đồng Đăng" -> "dong dang"."""
    return _strip_marks(unicodedata.normalize("NFC", text).lower())


@lru_cache(maxsize=65536)  # a province's fields and tags are slugged again for each of their items
def slugify_vi(title: str, max_length: int = 80) -> str:
    """ASCII slug: "Quyết định số 40/2024/QĐ-UBND" -> "quyet-dinh-so-40-2024-qd-ubnd"; may be ""."""
    if max_length < 1:
        raise ValueError("max_length must be positive")
    plain = "".join(_ASCII_FOLD.get(c, c) for c in fold_vi(title))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length + 1]
    head = cut[:max_length] if cut.endswith("-") else cut.rsplit("-", 1)[0]
    return (head if len(head) <= max_length else slug[:max_length]).strip("-")


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_ascii_slug(s: str) -> bool:
    """Lower-case ASCII letters and digits, single hyphens only between them."""
    return _SLUG.fullmatch(s) is not None
