"""Deterministic synthetic Vietnamese news corpus for benchmarks.

``write_corpus(root, items, sites, seed)`` writes two trees holding the same Markdown bodies:

    <root>/congtt/   a complete congtt content repository (sites/ and content/)
    <root>/hugo/     a Hugo site (hugo.toml, layouts/, content/) doing comparable work

The vocabulary (sentences and words) is taken at run time from the seed regulations in
``../shared/seeds`` next to the clone; when they are absent a small built-in list is used.
The same arguments (and the same seed files) always give byte-identical trees.

Command line: ``python bench/corpus.py OUT --items 1000 --sites 20 [--seed 0]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
SEED_FILES = ("001_2ef74e909d574398.txt", "003_769f080b3d21e696.txt")

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
        for name in SEED_FILES:
            p = seeds_dir / name
            if p.is_file():
                parts.append(p.read_text(encoding="utf-8"))
        if not parts:
            print(f"corpus: seeds not found in {seeds_dir}, using the built-in word list",
                  file=sys.stderr)
            parts = [FALLBACK_TEXT]
        return cls("\n".join(parts))


def _q(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def _title(rng: random.Random, vocab: Vocabulary) -> str:
    words = rng.choice(vocab.sentences).rstrip(".").split()
    n = rng.randint(7, 14)
    starts = [0] + [j + 1 for j, w in enumerate(words[:-n]) if w.endswith(",")]
    start = rng.choice(starts)
    words = words[start:start + n]
    while len(words) > 4 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    t = " ".join(words).strip(",;:- ")
    return t[0].upper() + t[1:]


def _paragraph(rng: random.Random, vocab: Vocabulary, k: int) -> str:
    sents = [rng.choice(vocab.sentences) for _ in range(k)]
    if rng.random() < 0.3:  # some bold, like real news
        i = rng.randrange(len(sents))
        w = sents[i].split()
        m = min(len(w), rng.randint(3, 6))
        sents[i] = "**" + " ".join(w[:m]) + "** " + " ".join(w[m:])
    if rng.random() < 0.25:
        text, url = rng.choice(LINKS)
        sents.append(f"Chi tiết xem tại [{text}]({url}).")
    return " ".join(sents)


def _body(rng: random.Random, vocab: Vocabulary, place: str) -> str:
    target = rng.randint(400, 900)
    blocks: list[str] = []
    count = 0

    def add(block: str) -> None:
        nonlocal count
        blocks.append(block)
        count += len(block.split())

    lead = _paragraph(rng, vocab, rng.randint(2, 3))
    add(f"**{place}** – {lead}")
    sections = 0
    while count < target:
        r = rng.random()
        if r < 0.18 and sections < 4:
            sections += 1
            add("## " + _title(rng, vocab))
        elif r < 0.30:
            items = [rng.choice(vocab.sentences) for _ in range(rng.randint(3, 5))]
            ordered = rng.random() < 0.3
            add("\n".join((f"{j}. " if ordered else "- ") + s for j, s in enumerate(items, 1)))
        elif r < 0.34:
            add("> " + rng.choice(vocab.sentences))
        else:
            add(_paragraph(rng, vocab, rng.randint(3, 6)))
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


def write_corpus(root: Path, items: int, sites: int, seed: int = 0, syndicate: bool = False,
                 seeds_dir: Path = SEEDS_DIR) -> None:
    """Write <root>/congtt (congtt repository) and <root>/hugo (Hugo site), same Markdown.
    ``syndicate``: the component sites' items say ``syndicate: true`` (the congtt copy only), so the
    portal lists them and its search index holds every item of the province (bench/search.py).
    ``seeds_dir``: where the seed regulations are (a test passes its fixtures')."""
    if sites < 1 or items < 0:
        raise ValueError("need sites >= 1 and items >= 0")
    root = Path(root)
    repo, hugo = root / "congtt", root / "hugo"
    rng = random.Random(seed)
    vocab = Vocabulary.load(seeds_dir)
    table = _site_table(sites)

    _write(repo / "sites" / "_province.yaml", (
        "profile: langson-2025\n"
        "domain: langson.gov.vn\n"
        'name: {vi: "tỉnh Lạng Sơn", en: "Lang Son Province"}\n'
        'governing_agency: {vi: "Ủy ban nhân dân tỉnh Lạng Sơn", '
        'en: "Lang Son Provincial People\'s Committee"}\n'
        "sample: true\n"))
    for s in table:
        lines = [f"kind: {s['kind']}"]
        if s["kind"] != "portal":
            lines.append(f"slug: {s['id']}")
        lines.append(f"name: {{vi: {_q(s['vi'])}, en: {_q(s['en'])}}}")
        _write(repo / "sites" / f"{s['id']}.yaml", "\n".join(lines) + "\n")

    _write(hugo / "hugo.toml", HUGO_TOML)
    for name, text in HUGO_LAYOUTS.items():
        _write(hugo / "layouts" / name, text)
    for s in table:
        _write(hugo / "content" / s["id"] / "_index.md", f"---\ntitle: {_q(s['vi'])}\n---\n")
        _write(hugo / "content" / s["id"] / "news" / "_index.md",
               f"---\ntitle: {_q('Tin tức – ' + s['vi'])}\n---\n")

    for i in range(items):
        site = table[rng.randrange(len(table))]
        title = _title(rng, vocab)
        date = START + dt.timedelta(days=rng.randrange(DAYS))
        summary = " ".join(rng.choice(vocab.sentences) for _ in range(rng.randint(1, 2)))
        author = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"
        source = rng.choice(SOURCES)
        tags = sorted(rng.sample(TAGS, rng.randint(1, 3)))
        place = rng.choice(COMMUNES) if site["kind"] == "commune" else "Lạng Sơn"
        body = _body(rng, vocab, place)
        slug = f"{slugify(title)[:60].rstrip('-')}-{i:05d}"
        tag_list = "[" + ", ".join(_q(t) for t in tags) + "]"
        iso = date.isoformat()

        fm = (f"---\ntitle: {_q(title)}\ndate: {iso}\nsummary: {_q(summary)}\n"
              f"author: {_q(author)}\nsource: {_q(source)}\ntags: {tag_list}\n---\n\n")
        shared = "syndicate: true\n---\n\n" if syndicate and site["kind"] != "portal" else None
        _write(repo / "content" / site["id"] / "news" / f"{date.year}" / f"{slug}.md",
               (fm[:-5] + shared if shared else fm) + body)
        _write(hugo / "content" / site["id"] / "news" / f"{slug}.md", fm + body)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder (gets congtt/ and hugo/)")
    ap.add_argument("--items", type=int, default=1000, help="news items (default 1000)")
    ap.add_argument("--sites", type=int, default=20, help="sites incl. the portal (default 20)")
    ap.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    a = ap.parse_args(argv)
    write_corpus(a.out, a.items, a.sites, a.seed)
    print(f"wrote {a.items} items over {a.sites} sites to {a.out}/congtt and {a.out}/hugo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
