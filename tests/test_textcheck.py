"""Tests for generator.core.textcheck.

Legacy samples are made the way they arise: Vietnamese encoded to TCVN3 or VNI bytes
by the encoders below (written independently of the module's tables), then decoded as
cp1252 (latin-1 where cp1252 has no character).
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.textcheck import (
    decode_legacy,
    fold_vi,
    is_ascii_slug,
    is_vietnamese_syllable,
    legacy_encoding_positions,
    non_nfc_positions,
    slugify_vi,
)

SEED = Path(__file__).resolve().parent / "fixtures/seeds/001_2ef74e909d574398.txt"

# --- encoders -------------------------------------------------------------------------

# TCVN3 (VN3): letter -> byte, rows of plain, huyền, sắc, hỏi, ngã, nặng as the code
# charts list them.  Upper-case toned letters use the lower-case byte (.VnTimeH fonts).
_TCVN3_ROWS = {
    "a": "61 b5 b8 b6 b7 b9", "ă": "a8 bb be bc bd c6", "â": "a9 c7 ca c8 c9 cb",
    "e": "65 cc d0 ce cf d1", "ê": "aa d2 d5 d3 d4 d6", "i": "69 d7 dd d8 dc de",
    "o": "6f df e3 e1 e2 e4", "ô": "ab e5 e8 e6 e7 e9", "ơ": "ac ea ed eb ec ee",
    "u": "75 ef f3 f1 f2 f4", "ư": "ad f5 f8 f6 f7 f9", "y": "79 fa fd fb fc fe",
}
_TCVN3_CAPS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7, "đ": 0xAE}
_ROW_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def _tcvn3_table() -> dict[str, int]:
    table = dict(_TCVN3_CAPS)
    for base, codes in _TCVN3_ROWS.items():
        for tone, code in zip(_ROW_TONES, codes.split()):
            letter = unicodedata.normalize("NFC", base + tone)
            table[letter] = int(code, 16)
            if tone:
                table[letter.upper()] = int(code, 16)
    return table


TCVN3 = _tcvn3_table()


def to_tcvn3(text: str) -> bytes:
    return b"".join(bytes([TCVN3[c]]) if c in TCVN3 else c.encode("cp1252")
                    for c in unicodedata.normalize("NFC", text))


# VNI-Windows: base letter, then one byte for vowel mark + tone.
_VNI_TONE = {"": None, "\u0301": 0xF9, "\u0300": 0xF8, "\u0309": 0xFB, "\u0303": 0xF5, "\u0323": 0xEF}
_VNI_HAT = {"": 0xE2, "\u0301": 0xE1, "\u0300": 0xE0, "\u0309": 0xE5, "\u0303": 0xE3, "\u0323": 0xE4}
_VNI_BREVE = {"": 0xEA, "\u0301": 0xE9, "\u0300": 0xE8, "\u0309": 0xFA, "\u0303": 0xFC, "\u0323": 0xEB}
_VNI_I = {"": 0x69, "\u0301": 0xED, "\u0300": 0xEC, "\u0309": 0xE6, "\u0303": 0xF3, "\u0323": 0xF2}


def _vni_letter(c: str) -> bytes:
    if c in "đĐ":
        return bytes([0xF1 if c == "đ" else 0xD1])
    decomposed = unicodedata.normalize("NFD", c)
    base, marks = decomposed[0], decomposed[1:]
    if base.lower() not in "aeiouy" or not marks:
        return c.encode("cp1252")
    upper = -0x20 if base.isupper() else 0
    tone = next((m for m in marks if m in _VNI_TONE), "")
    shape = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    if base.lower() == "i":
        return bytes([_VNI_I[tone] + upper])
    if base.lower() == "y" and tone == "\u0323":
        return bytes([0xEE + upper])
    if shape == "\u031b":  # ơ, ư are single bytes that take the tone byte after them
        lead = bytes([(0xF4 if base.lower() == "o" else 0xF6) + upper])
        return lead + (bytes([_VNI_TONE[tone] + upper]) if tone else b"")
    series = {"\u0302": _VNI_HAT, "\u0306": _VNI_BREVE}.get(shape)
    mark = series[tone] if series else _VNI_TONE[tone]
    return base.encode("ascii") + (bytes([mark + upper]) if mark else b"")


def to_vni(text: str) -> bytes:
    return b"".join(_vni_letter(c) for c in unicodedata.normalize("NFC", text))


def as_cp1252(raw: bytes) -> str:
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


PHRASES = [
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Ủy ban nhân dân tỉnh Lạng Sơn",
    "Quyết định số 40/2024/QĐ-UBND",
    "đường Hùng Vương",
    "Hà Nội",
    "Việt Nam",
    "Thành phố Đà Nẵng",
    "Sở Thông tin và Truyền thông",
    "Cổng thông tin điện tử tỉnh",
    "Thủ tướng Chính phủ ban hành nghị định",
    "Hội đồng nhân dân huyện Đồng Đăng",
    "Căn cứ Luật Tổ chức chính quyền địa phương",
    "Lào Cai",
    "QUYẾT ĐỊNH",
    "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
    "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng",
    "Chủ tịch ký ngày 25 tháng 10 năm 2024",
    "Số: 40/2024/QĐ-UBND",
    "KT. CHỦ TỊCH",
    "Chương I",
    "Bộ Công an",
]


# --- encoders sanity (known renderings) -----------------------------------------------

def test_encoders_match_known_renderings() -> None:
    assert as_cp1252(to_tcvn3("Việt Nam")) == "ViÖt Nam"
    assert as_cp1252(to_tcvn3("Hà Nội")) == "Hµ Néi"
    assert as_cp1252(to_tcvn3("Bảo Thắng")) == "B¶o Th¾ng"
    assert as_cp1252(to_tcvn3("Mường Khương")) == "M\xadêng Kh\xad¬ng"
    assert as_cp1252(to_vni("Việt Nam")) == "Vieät Nam"
    assert as_cp1252(to_vni("Đà Nẵng")) == "Ñaø Naüng"
    assert as_cp1252(to_vni("Xin chào các bạn")) == "Xin chaøo caùc baïn"


# --- legacy encodings -------------------------------------------------------------------

@pytest.mark.parametrize("phrase", PHRASES)
def test_tcvn3_phrase_detected(phrase: str) -> None:
    garbled = as_cp1252(to_tcvn3(phrase))
    found = legacy_encoding_positions(garbled)
    assert [(line, enc) for line, _, enc, _ in found] == [(1, "TCVN3")], garbled
    _, col, _, sample = found[0]
    assert 1 <= len(sample) <= 30 and garbled[col - 1:col - 1 + len(sample)] == sample


@pytest.mark.parametrize("phrase", PHRASES)
def test_vni_phrase_detected(phrase: str) -> None:
    garbled = as_cp1252(to_vni(phrase))
    found = legacy_encoding_positions(garbled)
    assert [(line, enc) for line, _, enc, _ in found] == [(1, "VNI")], garbled
    _, col, _, sample = found[0]
    assert 1 <= len(sample) <= 30 and garbled[col - 1:col - 1 + len(sample)] == sample


@pytest.mark.parametrize("phrase", PHRASES)
def test_decode_legacy_round_trips(phrase: str) -> None:
    assert decode_legacy(as_cp1252(to_vni(phrase)), "VNI") == phrase
    # TCVN3 has no codes for upper-case toned letters, so case is lost there.
    assert decode_legacy(as_cp1252(to_tcvn3(phrase)), "TCVN3").lower() == phrase.lower()


def test_decode_legacy_rejects_unknown_encoding() -> None:
    with pytest.raises(ValueError):
        decode_legacy("x", "VISCII")


def test_whole_legacy_document_is_flagged_line_by_line() -> None:
    lines = [line for line in SEED.read_text(encoding="utf-8").split("\n")
             if sum(not c.isascii() for c in line) >= 8][:60]
    for encode, name in ((to_tcvn3, "TCVN3"), (to_vni, "VNI")):
        garbled = "\n".join(as_cp1252(encode(line)) for line in lines)
        found = legacy_encoding_positions(garbled)
        assert {enc for *_, enc, _ in found} == {name}
        assert [n for n, *_ in found] == list(range(1, len(lines) + 1))


def test_legacy_position_and_sample() -> None:
    text = "Tiêu đề đúng\nNội dung: ViÖt Nam vµ Hµ Néi\n\nChñ tÞch UBND tØnh"
    assert legacy_encoding_positions(text) == [(2, 11, "TCVN3", "ViÖt"), (4, 5, "TCVN3", "tÞch")]
    assert legacy_encoding_positions("Xin chaøo caùc baïn") == [(1, 5, "VNI", "chaøo")]


def test_legacy_inside_correct_line_and_crlf() -> None:
    text = "Theo Quyết định cũ: " + as_cp1252(to_vni("Ủy ban nhân dân tỉnh")) + "\r\nHết."
    assert [(n, enc) for n, _, enc, _ in legacy_encoding_positions(text)] == [(1, "VNI")]


def test_seed_document_has_no_legacy_lines() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert legacy_encoding_positions(text) == []
    for line in text.splitlines():
        assert legacy_encoding_positions(line) == [], line


ENGLISH = """The provincial portal publishes decisions, news and public services.
A naïve café owner in Zürich wrote a résumé about the coöperative's rôle.
Measurements: 5 µm, 10 µg, ©2024 Example Ltd®, § 12, ½ cup, 3 × 4 ÷ 2, 45°.
"""
FRENCH = """Le comité a décidé où se tiendra la fête de Noël à Hô Chi Minh-Ville.
J'ai dû partir : Loïc habite où ? Un État laïc, une fille naïve, du maïs et une héroïne.
« Déjà vu » — l'été, les élèves français ont goûté le pâté à l'hôtel près du château.
Chers étudiant·e·s et ami·e·s, tou·te·s sont invité·e·s ; il eût fallu qu'il fût là.
Ça coûte cher, août est chaud ; Raphaël, Israël, Anaïs, Moïse, égoïste, aïeul, thé, né, dès.
"""
GERMAN = """Über die Größe der Straße in Köln wurde schön gestritten, daß das Maß übel sei.
Jürgen Müller fährt täglich mit dem Fahrrad; die Bärenhöhle öffnet um 9 Uhr.
Ärger, Öl, Übung, Äpfel, Zürich, Tür, für, hören, möchte, Mönch, Löwe, süß, weiß.
"""
SPANISH = "El niño pequeño comió piña en España; ¿Qué año fue? Canción, acción, señor."
OTHER = "Søren Kierkegaard, Bjørn Borg, Færøerne, Œuvre, Ångström, Štefan, Łódź, Ærø."


# Lines from real gettext catalogues that tripped earlier versions of the heuristic.
REGRESSIONS = [
    "Ukendt variabel »%s« på »%s«, linje %d.",                     # da: glued guillemets
    "Ungültiger Name »%s«: ungültiges Zeichen »%c«; nur Kleinbuchstaben",
    "Le fichier «%s» est introuvable à «%s».",
    "Viser indholdet af stederne i et træ", "Hæng i SEK sekunder",  # da: æ
    "Meán Fómhair", "Last-Translator: Seán de Búrca",                # ga: eá
    "Sigue avanzando aún cuando no se puedan crear algunos objetivos.",
    "Ανεπάρκεια μνήμης για την αποθήκευση εικόνας %lu επί %lu· δοκιμάστε",
    "記憶體不足以儲存大小為 %lu×%lu 的影像",
    "Tüm öznitelikleri koru", "Tüm Görevler İptal", "Noû York",
    "bién phap nghiép vu, k¥ thuét g& bo ngay thong tin",          # OCR noise, not TCVN3
]


@pytest.mark.parametrize("text", [ENGLISH, FRENCH, GERMAN, SPANISH, OTHER] + REGRESSIONS)
def test_no_false_positives_on_european_text(text: str) -> None:
    assert legacy_encoding_positions(text) == []


def test_no_false_positive_on_decomposed_vietnamese() -> None:
    text = unicodedata.normalize("NFD", SEED.read_text(encoding="utf-8"))
    assert legacy_encoding_positions(text) == []


_SYLLABLES = st.sampled_from(
    "cộng hòa hoà xã hội chủ nghĩa việt nam độc lập tự do hạnh phúc ủy uỷ ban nhân dân tỉnh "
    "lạng sơn quyết định số đường hùng vương thành phố đà nẵng thủy thuỷ khuya nghiêng "
    "giữ già quý quốc thuở oái oăm xoong ếch ích huých ngoằn uốn ươm yêu yến".split())


@settings(max_examples=200, deadline=None)
@given(st.lists(_SYLLABLES, min_size=1, max_size=25))
def test_correct_vietnamese_is_never_flagged(words: list[str]) -> None:
    text = " ".join(w.capitalize() if i % 3 == 0 else w for i, w in enumerate(words))
    assert legacy_encoding_positions(text) == []
    assert legacy_encoding_positions(text.upper()) == []


@pytest.mark.parametrize("word", ["việt", "nghiêng", "khuya", "quyết", "thuở", "giữ", "oanh",
                                  "xoong", "huých", "Ủy", "Đường", "ếch"])
def test_syllable_accepts(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["ViÖt", "héi", "été", "für", "schön", "tôt", "ẻt", "goỏt",
                                  "bank", "việtt", "ạá", "cafe", "", "x·"])
def test_syllable_rejects(word: str) -> None:
    assert not is_vietnamese_syllable(word)


# --- NFC --------------------------------------------------------------------------------

def test_nfc_clean_text() -> None:
    assert non_nfc_positions(SEED.read_text(encoding="utf-8")) == []
    assert non_nfc_positions("") == []


def test_nfc_decomposed_diacritics() -> None:
    text = "Tiêu đề\nQuye\u0302\u0301t đi\u0323nh và Vie\u0323\u0302t\nổn"
    assert non_nfc_positions(text) == [(2, 4)]


def test_nfc_one_position_per_line_and_columns_count_original_chars() -> None:
    line = "a\u0301 e\u0301"            # first cluster is at column 1
    tail = "Hà Nội, nga\u0300y 25"    # "a" of "ngày" at column 11
    assert non_nfc_positions(f"{line}\r\n{tail}\n") == [(1, 1), (2, 11)]


def test_nfc_other_causes() -> None:
    assert non_nfc_positions("5 \u212b") == [(1, 3)]                 # Ångström sign singleton
    assert non_nfc_positions("x\u0302\u0323") == [(1, 1)]            # marks out of canonical order
    assert non_nfc_positions("ab \u1100\u1161") == [(1, 4)]          # Hangul jamo that compose
    assert non_nfc_positions("x\u0323\u0302") == []                  # no precomposed form: fine


def test_nfc_whole_seed_decomposed() -> None:
    text = SEED.read_text(encoding="utf-8")
    found = non_nfc_positions(unicodedata.normalize("NFD", text))
    lines = text.split("\n")
    changed = [n for n, line in enumerate(lines, 1) if unicodedata.normalize("NFD", line) != line]
    assert changed and [n for n, _ in found] == changed
    for n, col in found:
        nfd = unicodedata.normalize("NFD", lines[n - 1])
        assert not unicodedata.is_normalized("NFC", nfd[col - 1:col + 2])
        assert unicodedata.is_normalized("NFC", nfd[:col - 1])


# --- slugs and folding ------------------------------------------------------------------

@pytest.mark.parametrize("title, slug", [
    ("Đường Hùng Vương", "duong-hung-vuong"),
    ("Quyết định số 40/2024/QĐ-UBND", "quyet-dinh-so-40-2024-qd-ubnd"),
    ("Ủy ban nhân dân tỉnh", "uy-ban-nhan-dan-tinh"),
    ("  --Cộng hòa xã hội chủ nghĩa Việt Nam!!  ", "cong-hoa-xa-hoi-chu-nghia-viet-nam"),
    (unicodedata.normalize("NFD", "Thành phố Đà Nẵng"), "thanh-pho-da-nang"),
    ("Straße & Søren", "strasse-soren"),
    ("!!!", ""),
    ("", ""),
])
def test_slugify_vi(title: str, slug: str) -> None:
    assert slugify_vi(title) == slug


def test_slugify_trims_at_word_boundary() -> None:
    assert slugify_vi("Ủy ban nhân dân tỉnh Lạng Sơn", max_length=16) == "uy-ban-nhan-dan"
    assert slugify_vi("Ủy ban nhân dân tỉnh Lạng Sơn", max_length=15) == "uy-ban-nhan-dan"
    assert slugify_vi("Ủy ban nhân dân tỉnh Lạng Sơn", max_length=14) == "uy-ban-nhan"
    assert slugify_vi("nghiêng" * 20, max_length=10) == "nghiengngh"
    with pytest.raises(ValueError):
        slugify_vi("x", max_length=0)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=1, max_value=100))
def test_slugify_always_gives_slug(title: str, max_length: int) -> None:
    slug = slugify_vi(title, max_length)
    assert slug == "" or is_ascii_slug(slug)
    assert len(slug) <= max_length


def test_fold_vi() -> None:
    assert fold_vi("Đồng Đăng") == "dong dang"
    assert fold_vi("Quyết định số 40/2024/QĐ-UBND") == "quyet dinh so 40/2024/qd-ubnd"
    assert fold_vi(unicodedata.normalize("NFD", "Ủy BAN Nhân Dân")) == "uy ban nhan dan"
    assert fold_vi("Thuỷ") == fold_vi("thủy") == "thuy"


@pytest.mark.parametrize("s, ok", [
    ("duong-hung-vuong", True), ("a", True), ("40-2024", True), ("", False), ("-a", False),
    ("a-", False), ("a--b", False), ("A-b", False), ("đường", False), ("a_b", False),
    ("a b", False), ("abc\n", False),
])
def test_is_ascii_slug(s: str, ok: bool) -> None:
    assert is_ascii_slug(s) is ok
