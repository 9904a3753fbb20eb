"""What an item's page shows beyond the item itself: the items related to it, the table of contents
of a long text, and what a shared link shows of it (Open Graph, Twitter card).

Related items share a tag or the `field` (lĩnh vực) with the item, on its site and in its
language, newest first, at most ``RELATED``. The table of contents lists the body's headings, or,
in a legal text written as paragraphs, its articles ("Điều 5. …"); each entry links to an id
given to its heading or paragraph; only a text with ``TOC_MIN`` entries or more gets one.
"""
from __future__ import annotations

import html
import re

from .documents import Document
from .index import ContentIndex, sort_documents, tag_key
from .page_input import PageCall

RELATED = 5
TOC_MIN = 4


def related_items(doc: Document, index: ContentIndex, limit: int = RELATED) -> list[Document]:
    """Listed items sharing a tag or the field with ``doc``, newest first, ``doc`` left out. Each
    list the index keeps is in order, so the first ``limit + 1`` of each hold every candidate."""
    lists = [index.with_tag(doc.site, doc.lang, tag_key(tag)) for tag in doc.values.get("tags", ())]
    if isinstance(doc.values.get("field"), str):
        lists.append(index.in_field(doc.site, doc.lang, tag_key(doc.values["field"])))
    found = {d.id: d for items in lists for d in items[:limit + 1] if d.id != doc.id}
    return sort_documents(list(found.values()))[:limit]


# A heading of the body, or a paragraph that opens with an article's number ("Điều 5." / "**Điều 5.**").
_BLOCK = re.compile(r"<(h[2-4])>(.*?)</\1>|<p>((?:<(?:strong|b)>)?\s*Điều\s+(\d+[a-zđ]?)\s*[.:].*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


# The parts of a legal text: "Phần thứ nhất", "Chương II", "Mục 1", "Điều 5"; their ids name them ("chuong-ii").
_PART = re.compile(r"(Phần|Chương|Mục|Điều)\s+(thứ\s+\w+|[IVXLC]+\b|\d+[a-zđ]?)", re.IGNORECASE)


def _anchor(text: str) -> str:
    part = _PART.match(text)
    if part:
        return tag_key(part[0])
    return "muc-" + (tag_key(text)[:40].strip("-") or "1")


def table_of_contents(body_html: str, minimum: int = TOC_MIN) -> tuple[str, list[dict]]:
    """The body with an id on each entry, and the entries ({id, text, children}); the body unchanged
    and no entries when it has fewer than ``minimum``. Where the body has headings they are the
    entries; else its articles' paragraphs."""
    found = list(_BLOCK.finditer(body_html))
    headings = [m for m in found if m[1]]
    chosen = headings or [m for m in found if m[3]]
    if len(chosen) < minimum:
        return body_html, []
    entries, used, out, last = [], set(), [], 0
    for m in chosen:
        inner = m[2] if m[1] else m[3]
        text = html.unescape(_TAG.sub("", inner)).strip()
        base = _anchor(text)
        if not m[1]:
            text = text.split("\n")[0]
        anchor, n = base, 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        tag = m[1] or "p"
        out += [body_html[last:m.start()], f'<{tag} id="{anchor}">{inner}</{tag}>']
        last = m.end()
        entries.append({"id": anchor, "text": text if len(text) <= 160 else text[:157].rstrip() + "…",
                        "level": int(m[1][1]) if m[1] else 2})
    return "".join(out) + body_html[last:], _nested(entries)


def _nested(entries: list[dict]) -> list[dict]:
    """The entries as a tree: each with the deeper entries that follow it as its `children`."""
    tree: list[dict] = []
    open_: list[tuple[int, list[dict]]] = [(0, tree)]  # (level, the list its entries go into)
    for e in entries:
        while len(open_) > 1 and open_[-1][0] >= e["level"]:
            open_.pop()
        entry = {"id": e["id"], "text": e["text"], "children": []}
        open_[-1][1].append(entry)
        open_.append((e["level"], entry["children"]))
    return tree


def og_item(c: PageCall, doc: Document) -> dict:
    """An item's Open Graph additions: it is an article, and its picture when it has one (absolute)."""
    extra: dict = {"type": "article"}
    for key in ("image", "photo"):
        if key in doc.images:
            extra["image"] = c.link.file(doc, doc.images[key].name, absolute=True)
            extra["image_alt"] = doc.values[key].alt
            break
    return extra
