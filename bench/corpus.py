"""Deterministic synthetic Vietnamese corpus (news and legal documents) for benchmarks.

``write_corpus(root, items, sites, seed)`` writes two trees holding the same Markdown bodies:

    <root>/congtt/   a complete congtt content repository (sites/ and content/)
    <root>/hugo/     a Hugo site (hugo.toml, layouts/, content/) doing comparable work

The vocabulary (sentences and words) is taken at run time from the seed regulations in
``../shared/seeds`` next to the clone; when they are absent a small built-in list is used.
The same arguments (and the same seed files) always give byte-identical trees.

Command line: ``python bench/corpus.py OUT --items 1000 --sites 20 [--seed 0] [--legal 0.3] [--stats]``;
``--stats`` then prints ms per item of the project's Markdown conversion for each kind of item.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
import unicodedata
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"

# Used only when the seed files are not beside the clone.
FALLBACK_TEXT = """
Ủy ban nhân dân tỉnh tổ chức hội nghị triển khai nhiệm vụ phát triển kinh tế xã hội năm nay.
Các sở, ban, ngành và Ủy ban nhân dân các xã, phường tăng cường công tác chuyển đổi số.
Cổng thông tin điện tử tỉnh cung cấp thông tin chính xác, kịp thời về hoạt động chỉ đạo, điều hành.
Người dân và doanh nghiệp được hướng dẫn thực hiện thủ tục hành chính trên môi trường mạng.
Ban Biên tập tiếp nhận, xử lý, biên tập và cập nhật thông tin theo quy định của pháp luật.
Đơn vị chủ trì phối hợp với các cơ quan liên quan bảo đảm an toàn thông tin và an ninh mạng.
Lãnh đạo tỉnh đề nghị các địa phương đẩy mạnh cải cách hành chính, nâng cao chất lượng dịch vụ công.
Chương trình xây dựng nông thôn mới đạt nhiều kết quả quan trọng, đời sống người dân được cải thiện.
Công tác tuyên truyền, phổ biến, giáo dục pháp luật được triển khai thường xuyên, có hiệu quả.
Trung tâm Thông tin tỉnh bảo đảm hoạt động của hệ thống liên tục, an toàn và ổn định.
"""

TAGS = (
    "Kinh tế", "Chuyển đổi số", "Cải cách hành chính", "Nông thôn mới", "Văn hóa",
    "Du lịch", "Giáo dục", "Y tế", "Quốc phòng - An ninh", "Đầu tư", "Môi trường",
    "Xã hội", "Hội nghị", "Biên giới",
)
SOURCES = (
    "Báo Lạng Sơn", "Trung tâm Thông tin tỉnh", "Đài Phát thanh và Truyền hình tỉnh",
    "Văn phòng UBND tỉnh", "Cổng TTĐT Chính phủ", "TTXVN",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vi", "Lương", "Nông", "Hà", "Đinh", "Lã", "Chu")
MIDDLES = ("Văn", "Thị", "Minh", "Thu", "Hồng", "Đức", "Thanh", "Quốc", "Ngọc", "Hải")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hạnh", "Hùng", "Lan", "Linh", "Long",
         "Mai", "Nam", "Phương", "Quân", "Sơn", "Thảo", "Trang", "Tuấn", "Yến")
LINKS = (
    ("Cổng Dịch vụ công quốc gia", "https://dichvucong.gov.vn/"),
    ("Cổng dịch vụ công tỉnh", "https://dichvucong.langson.gov.vn/"),
    ("Cơ sở dữ liệu quốc gia về văn bản pháp luật", "https://vbpl.vn/"),
    ("Cổng Thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Công báo điện tử tỉnh", "https://congbao.langson.gov.vn/"),
    ("Báo Lạng Sơn", "https://baolangson.vn/"),
)
DEPARTMENTS = (
    ("Sở Khoa học và Công nghệ", "Department of Science and Technology"),
    ("Sở Tài chính", "Department of Finance"),
    ("Sở Nội vụ", "Department of Home Affairs"),
    ("Sở Tư pháp", "Department of Justice"),
    ("Sở Xây dựng", "Department of Construction"),
    ("Sở Công Thương", "Department of Industry and Trade"),
    ("Sở Giáo dục và Đào tạo", "Department of Education and Training"),
    ("Sở Y tế", "Department of Health"),
    ("Sở Nông nghiệp và Môi trường", "Department of Agriculture and Environment"),
    ("Sở Văn hóa, Thể thao và Du lịch", "Department of Culture, Sports and Tourism"),
    ("Sở Ngoại vụ", "Department of Foreign Affairs"),
    ("Sở Dân tộc và Tôn giáo", "Department of Ethnic and Religious Affairs"),
)
COMMUNES = (
    "Chi Lăng", "Hữu Lũng", "Bắc Sơn", "Văn Quan", "Cao Lộc", "Lộc Bình", "Đình Lập",
    "Tràng Định", "Bình Gia", "Văn Lãng", "Na Sầm", "Đồng Đăng", "Thất Khê", "Mẫu Sơn",
)
START = dt.date(2020, 1, 1)
DAYS = (dt.date(2026, 6, 30) - START).days + 1  # 2020-01-01 … 2026-06-30
_ENUM = re.compile(r"^(?:Điều\s+\d+\.?|Chương\s+[IVXLC]+|[a-zđ]\)|\d+(?:\.\d+)*[.)]|[-–+•*])\s*")
_DANGLING = frozenset("và của các có theo về đối với trên cho được tại trong để là những này từ do gồm "
                      "hoặc một số như khi đã sẽ phải bằng thì mà".split())
_WORD = re.compile(r"[^\W\d_]+")


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def slugify(text: str) -> str:
    """ASCII slug: "Đường Hùng Vương" -> "duong-hung-vuong"."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


class Vocabulary:
    """Sentences and words from the seed regulations (or the fallback text)."""

    def __init__(self, text: str):
        text = _nfc(re.sub(r"\s+", " ", text))
        sentences: list[str] = []
        seen: set[str] = set()
        for raw in re.split(r"(?<=[.;:!?])\s+", text):
            s = raw.strip()
            if s.endswith(":"):  # introduces a list: not a sentence of its own
                continue
            for _ in range(3):
                s = _ENUM.sub("", s).strip()
            s = re.sub(r"\s+\d+$", "", s.rstrip(";:,.!? ")).strip()  # "… Lạng Sơn 1." glued enumerator
            words = s.split()
            if not 8 <= len(words) <= 45:
                continue
            if sum(w.isupper() for w in words) > len(words) // 3:  # headings, signatures
                continue
            if "…" in s or "..." in s or "(" in s and ")" not in s:
                continue
            s = s[0].upper() + s[1:] + "."
            if s not in seen:
                seen.add(s)
                sentences.append(s)
        words = sorted({w.lower() for w in _WORD.findall(text) if len(w) > 1})
        if len(sentences) < 10:
            raise ValueError("not enough usable sentences in the vocabulary text")
        self.sentences = sentences
        self.words = words

    @classmethod
    def load(cls, seeds_dir: Path = SEEDS_DIR) -> "Vocabulary":
        parts = []
        for p in sorted(Path(seeds_dir).glob("*.txt"), key=lambda p: p.name):
            text = p.read_text(encoding="utf-8")
            words = _WORD.findall(text)
            # A seed read by OCR without its diacritics ("Uy ban nhan dan tinh") would teach the chain
            # words no one writes: kept only when most of its words carry a mark, as Vietnamese does.
            if words and sum(not w.isascii() for w in words) >= 0.5 * len(words):
                parts.append(text)
        if not parts:
            print(f"corpus: seeds not found in {seeds_dir}, using the built-in word list",
                  file=sys.stderr)
            parts = [FALLBACK_TEXT]
        return cls("\n".join(parts))


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


# Characters that would make Markdown of a generated word (emphasis, links, tables, HTML, headings).
_UNSAFE = re.compile(r"[*_\[\]<>`|\\#\"“”()]")
_END = ""  # end of a sentence in the chain's successor lists
VILLAGE_A = ("Nà", "Khuổi", "Bản", "Pò", "Co", "Khòn", "Nặm", "Lũng", "Phiêng", "Slằng", "Còn", "Keo",
             "Tà", "Pác", "Bó", "Kéo")
VILLAGE_B = ("Lầy", "Mò", "Cáp", "Rọ", "Pựt", "Sla", "Héo", "Vài", "Tao", "Đeng", "Mạ", "Chang",
             "Nghiều", "Thin", "Luông", "Khao", "Pàn", "Mìn")
POSITIONS = ("Chủ tịch Ủy ban nhân dân", "Phó Chủ tịch Ủy ban nhân dân", "Giám đốc", "Phó Giám đốc",
             "Trưởng phòng", "Bí thư Đảng ủy", "Trưởng thôn", "Chánh Văn phòng")
PROJECTS = ("dự án đường giao thông", "công trình nhà văn hóa", "mô hình trồng", "chương trình hỗ trợ",
            "đề án phát triển", "kế hoạch cải tạo", "dự án cấp nước sinh hoạt", "trường mầm non")
CROPS = ("hồi", "quế", "na", "thạch đen", "hồng không hạt", "rau an toàn", "chè", "lúa nếp", "bí thơm",
         "dẻ", "thông", "khoai môn")
UNITS = ("hộ", "người", "hồ sơ", "ha", "km", "lượt", "doanh nghiệp", "thôn", "tấn", "công trình")
NEWS_SHARE = 0.7  # of the items; the rest are legal documents (on the portal and the departments)


class Chain:
    """A word-level Markov chain of order 2 over the seed sentences, which now and then steps with
    order 1 (the successors of the last word alone): order 2 keeps the phrases of the regulations'
    Vietnamese, the order-1 steps join them in new ways, so that longer phrases are rarely shared.
    Successor lists are lists in text order (no set or dict iteration), so a seed gives one text."""

    def __init__(self, sentences: list[str], jump: float = 0.7):
        two: dict[tuple[str, str], list[str]] = {}
        one: dict[str, list[str]] = {}
        starts: list[tuple[str, str]] = []
        for s in sentences:
            words = [w for w in (_UNSAFE.sub("", w) for w in s.split()) if w.strip(".,;:-–")]
            if len(words) < 4:
                continue
            words[-1] = words[-1].rstrip(".;:,")
            starts.append((words[0], words[1]))
            seq = words + [_END]
            for j in range(len(seq) - 1):
                one.setdefault(seq[j], []).append(seq[j + 1])
                if j + 2 < len(seq):
                    two.setdefault((seq[j], seq[j + 1]), []).append(seq[j + 2])
        self.two = {k: tuple(v) for k, v in two.items()}
        # Order 1 draws among the distinct successors (in order of first use), not weighted by
        # frequency: the rare ones are what makes a phrase new.
        self.one = {k: tuple(dict.fromkeys(v)) for k, v in one.items()}
        self.starts = starts
        self.jump = jump

    def words(self, rng: random.Random, low: int = 8, high: int = 30) -> list[str]:
        rand, two, one, jump = rng.random, self.two, self.one, self.jump
        a, b = self.starts[int(rand() * len(self.starts))]
        out = [a, b]
        while len(out) < high:
            nxt = one[b] if rand() < jump else two.get((a, b)) or one[b]
            w = nxt[int(rand() * len(nxt))]
            if w == _END:
                if len(out) >= low:
                    break
                nxt = one[b]
                w = nxt[int(rand() * len(nxt))]
                if w == _END:
                    break
            out.append(w)
            a, b = b, w
        while len(out) > 3 and out[-1].lower().strip(",;:") in _DANGLING:
            out.pop()
        out[-1] = out[-1].rstrip(",;:-–")
        return out

    def sentence(self, rng: random.Random, low: int = 8, high: int = 30) -> str:
        w = self.words(rng, low, high)
        s = " ".join(w)
        return s[0].upper() + s[1:] + "."


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _vn_date(d: dt.date) -> str:
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


class Item:
    """What one item is about: its people, places, figures and dates, which its sentences mention."""

    def __init__(self, rng: random.Random, chain: Chain, place: str, date: dt.date):
        self.rng, self.chain, self.place, self.date = rng, chain, place, date
        self.people = [(_person(rng), rng.choice(POSITIONS)) for _ in range(rng.randint(2, 4))]
        self.villages = [f"thôn {rng.choice(VILLAGE_A)} {rng.choice(VILLAGE_B)}" for _ in range(rng.randint(2, 4))]
        self.projects = [f"{rng.choice(PROJECTS)} {rng.choice(CROPS) if rng.random() < 0.5 else v[5:]}"
                         for v in self.villages]

    def day(self) -> str:
        rng = self.rng
        return _vn_date(self.date - dt.timedelta(days=rng.randrange(400)))

    def figure(self) -> str:
        rng = self.rng
        r = rng.random()
        if r < 0.3:
            return f"{rng.randint(2, 980)} {rng.choice(UNITS)}"
        if r < 0.55:
            return f"{rng.randint(1, 99)},{rng.randint(1, 9)}%"
        if r < 0.8:
            return f"{rng.randint(1, 250)},{rng.randint(1, 9)} tỷ đồng"
        return f"{rng.randint(12, 990)} triệu đồng"

    def sentence(self, low: int = 8, high: int = 30) -> str:
        """A sentence of the chain, one time in two with something of this item in it."""
        rng = self.rng
        words = self.chain.words(rng, low, high)
        if len(words) > 1 and not words[1][:1].isupper():  # "Các sở" -> "các sở", "Ủy ban Nhân" stays
            words[0] = words[0].lower()
        body = " ".join(words)
        r = rng.random()
        if r >= 0.54:
            body = body[0].upper() + body[1:]
        if r < 0.12:
            name, pos = rng.choice(self.people)
            s = f"Theo {'bà' if ' Thị ' in name else 'ông'} {name}, {pos.lower()}, {body}"
        elif r < 0.22:
            s = f"Tại {rng.choice(self.villages)}, {body}"
        elif r < 0.32:
            s = f"Tính đến {self.day()}, {body}, đạt {self.figure()}"
        elif r < 0.40:
            s = f"{body[0].upper() + body[1:]}, với tổng kinh phí {rng.randint(1, 250)},{rng.randint(1, 9)} tỷ đồng"
        elif r < 0.48:
            s = f"{body[0].upper() + body[1:]} ({rng.choice(self.projects)}, {self.figure()})"
        elif r < 0.54:
            s = f"Trong năm {self.date.year}, {self.place} {body}"
        else:
            s = body
        return s[0].upper() + s[1:] + "."

    def phrase(self, low: int, high: int, lower: bool = False) -> str:
        words = self.chain.words(self.rng, low, high)
        if lower and len(words) > 1 and not words[1][:1].isupper():
            words[0] = words[0].lower()
        return " ".join(words).rstrip(",;:.")

    def title(self) -> str:
        t = self.phrase(7, 14)
        if self.rng.random() < 0.3:
            t = f"{self.place}: {t}"
        return t[0].upper() + t[1:]


def _lognormal_words(rng: random.Random, median: float, sigma: float) -> int:
    """A body length in words: skewed (a few long items), between 300 and 5,000."""
    return max(300, min(5000, int(median * math.exp(rng.gauss(0.0, sigma)))))


def _link(rng: random.Random, text: str, n: int) -> str:
    name, url = rng.choice(LINKS)
    if rng.random() < 0.6:
        url = f"{url}tin-tuc/{slugify(text)[:40].rstrip('-')}-{n}.html"
    return f"[{text}]({url})"


def _paragraph(it: Item, k: int, n: int) -> str:
    rng = it.rng
    sents = [it.sentence() for _ in range(k)]
    for _ in range(rng.choice((0, 1, 1, 2))):  # bold runs
        i = rng.randrange(len(sents))
        w = sents[i].split()
        if len(w) > 8:
            a = rng.randrange(0, len(w) - 6)
            m = rng.randint(2, 5)
            w[a] = "**" + w[a]
            w[a + m] = w[a + m].rstrip(",;:.") + "**" + w[a + m][len(w[a + m].rstrip(",;:.")):]
            sents[i] = " ".join(w)
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):  # links in the text
        i = rng.randrange(len(sents))
        w = sents[i].split()
        if len(w) > 8 and "**" not in sents[i]:
            a = rng.randrange(1, len(w) - 5)
            m = rng.randint(2, 4)
            words = [x.strip(",;:.") for x in w[a:a + m]]
            if all(words):
                tail = w[a + m - 1][len(w[a + m - 1].rstrip(",;:.")):]
                w[a:a + m] = [_link(rng, " ".join(words), n) + tail]
                sents[i] = " ".join(w)
    return " ".join(sents)


def _list(it: Item, ordered: bool, nested: bool) -> str:
    rng = it.rng
    lines = []
    for j in range(1, rng.randint(3, 6) + 1):
        mark = f"{j}. " if ordered else "- "
        if nested and rng.random() < 0.5:
            lines.append(mark + it.phrase(5, 12) + ":")
            for _ in range(rng.randint(2, 4)):
                lines.append("    - " + it.sentence(6, 20))
        else:
            lines.append(mark + it.sentence(6, 24))
    return "\n".join(lines)


def _table(it: Item, legal: bool) -> str:
    rng = it.rng
    if legal:
        head = "| STT | Nội dung | Đơn vị thực hiện | Thời gian hoàn thành |\n|---|---|---|---|"
        rows = [f"| {j} | {it.phrase(5, 14)} | {rng.choice(DEPARTMENTS)[0]} | "
                f"{_vn_date(it.date + dt.timedelta(days=rng.randrange(30, 400)))[5:]} |"
                for j in range(1, rng.randint(4, 12) + 1)]
    else:
        head = "| Địa bàn | Chỉ tiêu | Kết quả | Tỷ lệ |\n|---|---|---:|---:|"
        rows = [f"| {v} | {it.phrase(3, 7)} | {rng.randint(10, 9000)} | {rng.randint(40, 130)},{rng.randint(0, 9)}% |"
                for v in it.villages + [rng.choice(COMMUNES) for _ in range(rng.randint(1, 4))]]
    return head + "\n" + "\n".join(rows)


def _news_body(it: Item, n: int, images: list[str]) -> str:
    rng = it.rng
    target = _lognormal_words(rng, 800, 0.5)
    blocks: list[str] = []
    count = 0

    def add(block: str) -> None:
        nonlocal count
        blocks.append(block)
        count += block.count(" ") + 1

    add(f"**{it.place}** – {_paragraph(it, rng.randint(2, 3), n)}")
    if images and rng.random() < 0.6:
        name, pos = rng.choice(it.people)
        add(f"![{it.phrase(4, 9)}]({rng.choice(images)} \"{pos} {name} {it.phrase(4, 10)}\")")
    sections = 0
    while count < target:
        r = rng.random()
        if r < 0.12 and sections < 6:
            sections += 1
            add(("## " if rng.random() < 0.8 else "### ") + it.phrase(5, 12))
        elif r < 0.22:
            add(_list(it, rng.random() < 0.35, rng.random() < 0.4))
        elif r < 0.26:
            name, pos = rng.choice(it.people)
            add(f"> {it.sentence()} – {pos} {name}")
        elif r < 0.29:
            add(_table(it, False))
        elif r < 0.31 and images:
            add(f"![{it.phrase(4, 9)}]({rng.choice(images)} \"{it.phrase(6, 14)}\")")
        else:
            add(_paragraph(it, rng.randint(3, 6), n))
    if rng.random() < 0.5:
        add("**Tin liên quan:**\n\n" + "\n".join(f"- {_link(rng, it.phrase(6, 12), n + j)}"
                                               for j in range(rng.randint(2, 4))))
    return "\n\n".join(blocks) + "\n"


LAWS = ("Luật Tổ chức chính quyền địa phương", "Luật Ban hành văn bản quy phạm pháp luật", "Luật Ngân sách nhà nước",
        "Luật Đầu tư công", "Luật Đất đai", "Luật Xây dựng", "Luật Bảo vệ môi trường", "Luật Công nghệ thông tin",
        "Luật Tiếp cận thông tin", "Luật An toàn thông tin mạng", "Luật Giáo dục", "Luật Lâm nghiệp",
        "Luật Trồng trọt", "Luật Chăn nuôi", "Luật Du lịch", "Luật Giao thông đường bộ", "Luật Phòng, chống thiên tai",
        "Luật Cán bộ, công chức", "Luật Viên chức", "Luật Thống kê")
DECREE_OF = ("Chính phủ", "Thủ tướng Chính phủ", "Bộ trưởng Bộ Tài chính", "Bộ trưởng Bộ Nội vụ",
             "Bộ trưởng Bộ Nông nghiệp và Môi trường", "Bộ trưởng Bộ Khoa học và Công nghệ", "Bộ trưởng Bộ Xây dựng")
FIELDS = ("Công nghệ thông tin", "Tài chính", "Đất đai", "Xây dựng", "Giáo dục", "Y tế", "Nông nghiệp",
          "Môi trường", "Giao thông", "Văn hóa", "Tổ chức bộ máy", "Cải cách hành chính", "Du lịch", "Đầu tư")


def _legal_body(it: Item, form: str, authority: str, no: str, abstract: str, signer: str, n: int) -> str:
    rng = it.rng
    target = _lognormal_words(rng, 1500, 0.65)
    d = it.date
    blocks = [f"**{authority.upper()}**  \nSố: {no}", f"*{it.place}, {_vn_date(d)}*", f"## {form}",
              f"**{abstract}**", f"**{authority.upper()}**"]
    for _ in range(rng.randint(5, 16)):
        y = rng.randint(1995, d.year)
        when = _vn_date(dt.date(y, rng.randint(1, 12), rng.randint(1, 28)))
        r = rng.random()
        if r < 0.35:
            ref = f"{rng.choice(LAWS)} {when}"
        else:
            kind, sym, by = (("Nghị định", "NĐ-CP", "Chính phủ") if r < 0.7 else
                             ("Thông tư", "TT-" + rng.choice(("BTC", "BNV", "BXD", "BKHCN", "BNNMT")),
                              rng.choice(DECREE_OF[3:])))
            ref = f"{kind} số {rng.randint(1, 180)}/{y}/{sym} {when} của {by} về {it.phrase(6, 18, lower=True)}"
        blocks.append(f"*Căn cứ {ref};*")
    name, pos = rng.choice(it.people)
    blocks.append(f"*Theo đề nghị của {pos} tại Tờ trình số {rng.randint(1, 400)}/TTr-{rng.choice(('SNV', 'STC', 'VP', 'SXD'))} "
                  f"{_vn_date(d - dt.timedelta(days=rng.randint(3, 30)))}.*")
    verb = "QUYẾT NGHỊ" if form == "Nghị quyết" else "QUYẾT ĐỊNH"
    blocks.append(f"**{verb}:**")
    count = sum(b.count(" ") + 1 for b in blocks)
    article = 0
    while count < target or article < 3:
        article += 1
        head = f"**Điều {article}.** {it.phrase(5, 14)}"
        parts = [head]
        r = rng.random()
        if r < 0.35:
            parts.append(it.sentence(10, 40))
        else:
            clauses = []
            for c in range(1, rng.randint(2, 6) + 1):
                if rng.random() < 0.4:
                    clauses.append(f"{c}. {it.phrase(5, 16)}:")
                    for p in "abcdđeg"[:rng.randint(2, 5)]:
                        clauses.append(f"    - {p}) {it.sentence(6, 30)[:-1]};")
                else:
                    clauses.append(f"{c}. {it.sentence(8, 40)}")
            parts.append("\n".join(clauses))
        if rng.random() < 0.12:
            parts.append(_table(it, True))
        for p in parts:
            count += p.count(" ") + 1
        blocks.extend(parts)
    article += 1
    blocks.append(f"**Điều {article}.** Chánh Văn phòng, Thủ trưởng các sở, ban, ngành và các cơ quan, đơn vị, "
                  f"cá nhân có liên quan chịu trách nhiệm thi hành {form} này./.")
    blocks.append("**Nơi nhận:**\n\n" + "\n".join(f"- {x};" for x in (
        f"Như Điều {article}", "Văn phòng Chính phủ", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh",
        *rng.sample([dpt for dpt, _ in DEPARTMENTS], rng.randint(2, 6)))) + "\n- Lưu: VT.")
    blocks.append(f"**TM. {authority.upper()}**  \n**{pos.upper()}**  \n**{signer}**")
    return "\n\n".join(blocks) + "\n"


def _site_table(sites: int) -> list[dict]:
    """[{id, kind, vi, en}] for the portal and sites-1 component sites."""
    table = [{"id": "langson", "kind": "portal",
              "vi": "Cổng thông tin điện tử tỉnh Lạng Sơn", "en": "Lang Son Provincial Portal"}]
    for k in range(1, sites):
        if k % 2:
            vi, en = DEPARTMENTS[(k // 2) % len(DEPARTMENTS)]
            kind, sid = "department", f"so{k}"
        else:
            c = COMMUNES[(k // 2 - 1) % len(COMMUNES)]
            vi, en = f"Ủy ban nhân dân xã {c}", f"{slugify(c).replace('-', ' ').title()} Commune People's Committee"
            kind, sid = "commune", f"xa{k}"
        rounds = (k // 2) // (len(DEPARTMENTS) if kind == "department" else len(COMMUNES))
        if rounds:
            vi, en = f"{vi} ({rounds + 1})", f"{en} ({rounds + 1})"
        table.append({"id": sid, "kind": kind, "vi": vi, "en": en})
    return table


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


HUGO_TOML = """\
baseURL = "https://langson.gov.vn/"
defaultContentLanguage = "vi"
title = "Cổng thông tin điện tử tỉnh Lạng Sơn"
disableKinds = []
enableRobotsTXT = false
buildFuture = true
buildExpired = true

[pagination]
pagerSize = 20

[taxonomies]
tag = "tags"

# Each item also gets its JSON record, as congtt writes one (index.json) for the "save" link.
[outputs]
page = ["html", "json"]

[markup.goldmark.renderer]
unsafe = false
"""

HUGO_LAYOUTS = {
    "page.json": """\
{{ dict "title" .Title "date" .Date "summary" .Params.summary "author" .Params.author "source" .Params.source \
"tags" .Params.tags "url" .Permalink "body_html" .Content | jsonify }}
""",
    "baseof.html": """\
<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header>
<a href="{{ "/" | relURL }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>
<p>Ủy ban nhân dân tỉnh Lạng Sơn. Đường dây nóng: 02053.812.656</p>
<p><a href="{{ "/tags/" | relURL }}">Chủ đề</a></p>
</footer>
</body>
</html>
""",
    "page.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time>
{{ with .Params.author }} – {{ . }}{{ end }}{{ with .Params.source }} (Nguồn: {{ . }}){{ end }}</p>
<p><strong>{{ .Summary }}</strong></p>
{{ .Content }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .Parent }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
</article>
{{ end }}
""",
    "list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .RegularPagesRecursive.ByDate.Reverse }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02/01/2006" }}</time><p>{{ .Summary }}</p></li>
{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "home.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ $pager := .Paginate site.RegularPages.ByDate.Reverse }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02/01/2006" }}</time></li>
{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
""",
    "term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "02/01/2006" }}</time></li>
{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "_partials/nav.html": """\
<nav><ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
""",
    "_partials/pager.html": """\
{{ if gt .TotalPages 1 }}<nav class="pager">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Trang trước</a>{{ end }}
<span>Trang {{ .PageNumber }}/{{ .TotalPages }}</span>
{{ with .Next }}<a rel="next" href="{{ .URL }}">Trang sau</a>{{ end }}
</nav>{{ end }}
""",
}


# The province and its portal alone, for a benchmark that brings its own items (bench/csv_memory.py,
# bench/images.py).
SMALL_PROVINCE = {
    "sites/_province.yaml": 'profile: langson-2025\nname: {vi: "tỉnh Lạng Sơn", en: "Lang Son Province"}\n'
                            'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn", '
                            'en: "Lang Son Provincial People\'s Committee"}\n',
    "sites/tinh.yaml": 'kind: portal\nname: {vi: "Cổng thông tin điện tử tỉnh", en: "Provincial Portal"}\n',
}


def write_small_province(root: Path) -> None:
    for rel, text in SMALL_PROVINCE.items():
        _write(root / rel, text)


def _images(folder: Path, seed: int, count: int = 3) -> list[str]:
    """A few small photograph-like JPEGs in a site's files/ folder (made with Pillow, deterministic), or none
    when Pillow is missing. Few and small on purpose: renditions are the builder's work, not Markdown's."""
    try:
        from PIL import Image, ImageDraw
    except ImportError:
        return []
    rng = random.Random(seed)
    names = []
    for k in range(1, count + 1):
        im = Image.linear_gradient("L").resize((480, 320)).convert("RGB")
        draw = ImageDraw.Draw(im)
        for _ in range(12):
            x, y = rng.randrange(440), rng.randrange(290)
            draw.rectangle((x, y, x + rng.randint(20, 160), y + rng.randint(10, 90)),
                           fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256)))
        folder.mkdir(parents=True, exist_ok=True)
        im.save(folder / f"anh-{k}.jpg", "JPEG", quality=80)
        names.append(f"anh-{k}.jpg")
    return names


def _symbol_of(site: dict, form: str) -> tuple[str, str]:
    """(issuing authority, symbol) of a site's document of this form."""
    short = {"Quyết định": "QĐ", "Nghị quyết": "NQ"}[form]
    if site["kind"] == "portal":
        if form == "Nghị quyết":
            return "Hội đồng nhân dân tỉnh Lạng Sơn", "NQ-HĐND"
        return "Ủy ban nhân dân tỉnh Lạng Sơn", "QĐ-UBND"
    words = site["vi"].split(" (")[0].replace(",", "").split()
    initials = "".join(w[0].upper() for w in words[1:] if w not in ("và",))
    return site["vi"].split(" (")[0], f"{short}-S{initials}"


def given_or_written(corpus: "Path | None", work: "Path", items: int, sites: int) -> "Path":
    """A benchmark's corpus: the folder given (``--corpus``), else one written under ``work`` (no pictures)."""
    if corpus is not None:
        return corpus
    write_corpus(work / "corpus", items, sites, seed=0, pictures=False)
    return work / "corpus"


def write_corpus(root: Path, items: int, sites: int, seed: int = 0, syndicate: bool = False,
                 seeds_dir: Path = SEEDS_DIR, legal_share: float = 1 - NEWS_SHARE, pictures: bool = True) -> dict:
    """Write <root>/congtt (congtt repository) and <root>/hugo (Hugo site), same Markdown bodies.
    ``syndicate``: the component sites' items say ``syndicate: true`` (the congtt copy only), so the
    portal lists them and its search index holds every item of the province (bench/search.py).
    ``seeds_dir``: where the seed regulations are (a test passes its fixtures').
    ``legal_share``: the share of legal documents (on the portal and the departments), the rest news.
    ``pictures``: three small JPEGs per site in its files/ folder, named by news items (front matter and
    text); the Hugo copy has the names but not the files, so Hugo makes no renditions. Without them
    (or without Pillow) the text differs too, as fewer random draws are made.
    Returns {kind: [congtt item paths]}."""
    if sites < 1 or items < 0:
        raise ValueError("need sites >= 1 and items >= 0")
    root = Path(root)
    repo, hugo = root / "congtt", root / "hugo"
    rng = random.Random(seed)
    vocab = Vocabulary.load(seeds_dir)
    chain = Chain(vocab.sentences)
    table = _site_table(sites)
    issuers = [s for s in table if s["kind"] in ("portal", "department")]

    _write(repo / "sites" / "_province.yaml", (
        "profile: langson-2025\n"
        "domain: langson.gov.vn\n"
        'name: {vi: "tỉnh Lạng Sơn", en: "Lang Son Province"}\n'
        'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn", '
        'en: "Lang Son Provincial People\'s Committee"}\n'
        "sample: true\n"))
    images = {}
    for k, s in enumerate(table):
        lines = [f"kind: {s['kind']}"]
        if s["kind"] != "portal":
            lines.append(f"slug: {s['id']}")
        lines.append(f"name: {{vi: {_q(s['vi'])}, en: {_q(s['en'])}}}")
        _write(repo / "sites" / f"{s['id']}.yaml", "\n".join(lines) + "\n")
        images[s["id"]] = _images(repo / "content" / s["id"] / "files", seed * 1000 + k) if items and pictures else []

    _write(hugo / "hugo.toml", HUGO_TOML)
    for name, text in HUGO_LAYOUTS.items():
        _write(hugo / "layouts" / name, text)
    for s in table:
        _write(hugo / "content" / s["id"] / "_index.md", f"---\ntitle: {_q(s['vi'])}\n---\n")
        _write(hugo / "content" / s["id"] / "news" / "_index.md",
               f"---\ntitle: {_q('Tin tức – ' + s['vi'])}\n---\n")
        if s in issuers:
            _write(hugo / "content" / s["id"] / "legal" / "_index.md",
                   f"---\ntitle: {_q('Văn bản – ' + s['vi'])}\n---\n")

    written: dict[str, list[Path]] = {"news": [], "legal": []}
    numbers: dict[tuple[str, int, str], int] = {}
    for i in range(items):
        legal = rng.random() < legal_share
        site = rng.choice(issuers) if legal else table[rng.randrange(len(table))]
        date = START + dt.timedelta(days=rng.randrange(DAYS))
        place = rng.choice(COMMUNES) if site["kind"] == "commune" else "Lạng Sơn"
        it = Item(rng, chain, place, date)
        tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        tag_list = "[" + ", ".join(_q(t) for t in tags) + "]"
        shared = "syndicate: true\n" if syndicate and site["kind"] != "portal" else ""
        iso = date.isoformat()
        if not legal:
            title = it.title()
            summary = " ".join(it.sentence() for _ in range(rng.randint(1, 2)))
            author, source = _person(rng), rng.choice(SOURCES)
            pics = images[site["id"]]
            picture = ""
            if pics and rng.random() < 0.7:
                picture = (f"image: {{src: {rng.choice(pics)}, alt: {_q(it.phrase(4, 9))}, "
                           f"caption: {_q('Ảnh: ' + _person(rng))}}}\n")
            body = _news_body(it, i, pics)
            slug = f"{slugify(title)[:60].rstrip('-')}-{i:05d}"
            fm = (f"---\ntitle: {_q(title)}\ndate: {iso}\nsummary: {_q(summary)}\n"
                  f"author: {_q(author)}\nsource: {_q(source)}\ntags: {tag_list}\n{picture}")
            path = repo / "content" / site["id"] / "news" / f"{date.year}" / f"{slug}.md"
            _write(path, fm + shared + "---\n\n" + body)
            _write(hugo / "content" / site["id"] / "news" / f"{slug}.md", fm + "---\n\n" + body)
            written["news"].append(path)
            continue
        form = "Nghị quyết" if rng.random() < 0.3 else "Quyết định"
        authority, symbol = _symbol_of(site, form)
        key = (site["id"], date.year, symbol)
        numbers[key] = numbers.get(key, 0) + 1 + rng.randrange(3)
        vbqppl = rng.random() < 0.5
        number = f"{numbers[key]}/{date.year}" if vbqppl else str(numbers[key])
        abstract = it.phrase(8, 20)
        abstract = abstract[0].upper() + abstract[1:]
        signer = _person(rng)
        effective = date + dt.timedelta(days=rng.choice((0, 10, 15, 30)) if vbqppl else 0)
        body = _legal_body(it, form, authority, f"{number}/{symbol}", abstract, signer, i)
        title = f"{form} số {number}/{symbol}"
        slug = f"{slugify(number + '-' + symbol)}-{i:05d}"
        field = rng.choice(FIELDS)
        path = repo / "content" / site["id"] / "legal" / f"{date.year}" / f"{slug}.md"
        _write(path, (
            f"---\ntitle: {_q(title)}\ndoc_form: {_q(form)}\nissuing_authority: {_q(authority)}\n"
            f"number: {_q(number)}\nsymbol: {_q(symbol)}\nissued_date: {iso}\n"
            f"effective_date: {effective.isoformat()}\nabstract: {_q(abstract)}\nfield: {_q(field)}\n"
            f"signer: {_q(signer)}\nlegal_kind: {'vbqppl' if vbqppl else 'hanh_chinh'}\nfiles: [{slug}.txt]\n"
            f"source: {_q(authority)}\ntags: {tag_list}\n{shared}---\n\n{body}"))
        _write(path.with_suffix(".txt"), f"{authority.upper()}\nSố: {number}/{symbol}\n{form.upper()}\n{abstract}\n")
        _write(hugo / "content" / site["id"] / "legal" / f"{slug}.md", (
            f"---\ntitle: {_q(title)}\ndate: {iso}\nsummary: {_q(abstract)}\nauthor: {_q(signer)}\n"
            f"source: {_q(authority)}\ntags: {tag_list}\n---\n\n{body}"))
        written["legal"].append(path)
    return written


def markdown_cost(written: dict[str, list[Path]]) -> list[str]:
    """Lines of ms per item for the project's own Markdown setup on each kind of item: Python-Markdown's
    ``convert`` alone (generator.build.markup.new_converter), then nh3's cleaning of its HTML."""
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import nh3

    from generator.build.markup import new_converter

    md = new_converter()
    lines = [f"{'kind':6} {'items':>6} {'words':>7} {'KB':>6} {'markdown ms':>12} {'nh3 ms':>7}  (per item; words mean, min-max)"]
    for kind, paths in written.items():
        if not paths:
            continue
        bodies = [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in paths]
        words = [len(b.split()) for b in bodies]
        t_md = t_clean = 0.0
        for body in bodies:
            t0 = time.perf_counter()
            md.reset()
            html = md.convert(body)
            t1 = time.perf_counter()
            nh3.clean(html)
            t_md += t1 - t0
            t_clean += time.perf_counter() - t1
        n = len(bodies)
        kb = sum(len(b.encode()) for b in bodies) / n / 1024
        lines.append(f"{kind:6} {n:6d} {sum(words) / n:7.0f} {kb:6.1f} {1000 * t_md / n:12.2f} {1000 * t_clean / n:7.2f}"
                     f"  ({min(words)}-{max(words)})")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder (gets congtt/ and hugo/)")
    ap.add_argument("--items", type=int, default=1000, help="items, news and legal (default 1000)")
    ap.add_argument("--sites", type=int, default=20, help="sites incl. the portal (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ap.add_argument("--legal", type=float, default=1 - NEWS_SHARE, help="share of legal documents (default 0.3)")
    ap.add_argument("--no-pictures", action="store_true", help="no JPEGs in the sites' files/ folders")
    ap.add_argument("--stats", action="store_true",
                    help="then print ms per item for the project's Markdown conversion, by kind")
    a = ap.parse_args(argv)
    import time
    t0 = time.perf_counter()
    written = write_corpus(a.out, a.items, a.sites, a.seed, legal_share=a.legal, pictures=not a.no_pictures)
    print(f"wrote {len(written['news'])} news and {len(written['legal'])} legal items over {a.sites} sites "
          f"to {a.out}/congtt and {a.out}/hugo in {time.perf_counter() - t0:.1f} s")
    if a.stats:
        print("\n".join(markdown_cost(written)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
