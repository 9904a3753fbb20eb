"""Generated hostile items through the loader: each ends in a document or in diagnostics, in time.

Front matter from the content types' own keys and junk keys, with scalars, lists and mappings
(huge numbers, odd dates and offsets, YAML 1.1 look-alikes, control characters, unicode, anchors,
aliases that loop or multiply), written plain, quoted or as block YAML; bodies from Markdown-ish
fragments repeated into runs (brackets, nesting, HTML, CDATA, entities); files with a BOM, CRLF
line ends, an unclosed front matter, invalid UTF-8. Every one goes through ``load_document``.
"""
from __future__ import annotations

import json
import re
import time
from functools import cache
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitekit import STEMS, valid_front_matter
from test_hostile import bomb, deadline

from generator.build.discover import SourceFile
from generator.build.documents import LoadSettings, load_document
from generator.build.markup import new_converter
from generator.core.cache import ParseCache
from generator.core.controlchars import CONTROL
from generator.core.diagnostics import has_errors
from generator.model.content_types import CONTENT_TYPES

EXAMPLES = 2000
PER_FILE = 3.0  # seconds; the largest generated file takes a few hundredths
TYPES = sorted(CONTENT_TYPES)
KEYS = sorted({f.name for t in CONTENT_TYPES.values() for f in t.fields}) + [
    "sumary", "Tiêu đề", "x-y", "<<", "1", "true", "~", "a" * 300]
ODD = ["9" * 5000, "-" + "9" * 5000, "2025-01-01T10:00+25:00", "9999-12-31T23:00-05:00",
       "0001-01-01T00:00+14:00", "2025-13-45", "31/02/2025", "25/10/2024", "2024-10-25", "2025-03-12T08:30",
       "2025-03-12T08:30:00.123456+07:00", "yes", "no", "true", "~", "null", ".inf", "0x1F", "1_000",
       "190:20:30", "1e999", "https://a.b/c", "https://" + "a." * 3000, "a@b.cn", "+84 205 3812 345",
       "tinh/news/x", "../../../etc/passwd", "/etc/passwd", "qd.pdf", "published", "draft", "removed",
       "withdrawn", "vi", "en", "", " ", "-", "'", '"', "|", ">", "[", "{", "&", "*", "!", "%", "@", "`"]
FRAGMENTS = ["[", "]", "(", ")", "](", "![", "<", ">", "<div>", "</div>", "<p>", "<a href='x'>", "</a>",
             "<![CDATA[", "]]>", "<!--", "-->", "<?", "<!x", "*", "**", "_", "`", "```", "\n", "\n\n", "- ",
             "1. ", "> ", "#", "|", "|---|", "---", "===", "    ", "\t", "&amp;", "&#0;", "&#x1;", "\\",
             "{: .x}", "[x]: http://a.b", "<http://a.b>", "<a@b.c>", "  \n", "Việt Nam", "e\u0301",
             "\u200b", "\x0c", "\x7f", "\x1b", "\ufeff", "\r", "ĐẠI HỘI", "Céng hßa"]

scalars = st.one_of(st.sampled_from(ODD), st.text(max_size=30), st.integers(-10**40, 10**40).map(str),
                    st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=4),
                      max_leaves=12)


def flow(value) -> str:
    """A value as flow YAML: quoted (JSON is YAML), single-quoted or plain, chosen by its shape."""
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {flow(v)}" for k, v in value.items()) + "}"
    style = len(value) % 3
    if style == 0:
        return json.dumps(value)
    if style == 1:
        return "'" + value.replace("'", "''") + "'"
    return value


@st.composite
def front_matter(draw, type_name: str) -> str:
    lines = []
    mode = draw(st.sampled_from(["valid", "changed", "mixed", "random"]))
    if mode != "random":  # a valid item, then a few changes among its own keys
        lines.append(valid_front_matter(type_name))  # a valid start (sitekit)
    if mode == "valid":
        return lines[0]
    if mode == "changed":
        keys = draw(st.lists(st.sampled_from([f.name for f in CONTENT_TYPES[type_name].fields]), max_size=2))
        return "\n".join(lines + [f"{key}: {flow(draw(scalars))}" for key in keys])
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=12)):
        value = draw(values)
        if draw(st.booleans()):
            lines.append(f"{key}: {flow(value)}")
        else:
            lines.append(yaml.safe_dump({key: value}, allow_unicode=draw(st.booleans()), width=80).rstrip("\n"))
    extras = draw(st.lists(st.sampled_from([
        "tags: &t [a, b]\nsource: *t", "title: &s [*s]", "summary: &m {a: *m}", "author: *undefined",
        "title: &x \"Tin\"\nsummary: *x", bomb(levels=3).rstrip("\n"), bomb().rstrip("\n"),
        "tags: " + "[" * 60 + "]" * 60, "? [a]\n: b", "? {a: b}\n: c", "!!python/object:os.system x: 1",
        "date: !!timestamp 2025-13-45", "order: !!int 99999999999999999999999", "%YAML 1.1"]), max_size=3))
    lines += extras
    draw(st.randoms()).shuffle(lines)
    return "\n".join(lines)


@st.composite
def bodies(draw) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(FRAGMENTS) | st.text(max_size=20), st.integers(1, 60)),
                          max_size=25))
    body = "".join(text * times for text, times in parts)
    return body if draw(st.booleans()) else CONTROL.sub("", body)


@st.composite
def files(draw, type_name: str) -> bytes:
    text = f"---\n{draw(front_matter(type_name))}\n---\n{draw(bodies())}"
    shape = draw(st.sampled_from(["plain"] * 8 + ["bom", "crlf", "unclosed", "no-front-matter", "bad-utf8", "nul",
                                                  "empty"]))
    if shape == "bom":
        text = "\ufeff" + text
    elif shape == "crlf":
        text = text.replace("\n", "\r\n")
    elif shape == "unclosed":
        text = text.replace("\n---\n", "\n", 1) if text.count("\n---\n") > 1 else text[4:]
    elif shape == "no-front-matter":
        text = draw(bodies())
    elif shape == "empty":
        text = ""
    data = text.encode("utf-8", "surrogatepass")
    if shape == "bad-utf8":
        data = data[: len(data) // 2] + b"\xff\xfe" + data[len(data) // 2:]
    elif shape == "nul":
        data += b"\x00"
    return data


@cache
def converter():
    return new_converter()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    (root / "content/tinh/files").mkdir(parents=True)
    (root / "content/tinh/files/qd.pdf").write_bytes(b"%PDF-1.4\n")
    (root / "content/tinh/files/vong.pdf").symlink_to("vong.pdf")
    return root


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data(), type_name=st.sampled_from(TYPES))
def test_every_generated_item_ends_in_a_document_or_diagnostics(repo, data, type_name):
    data = data.draw(files(type_name))
    folder = "" if type_name in ("page", "person") else "2025/"
    stem = STEMS.get(type_name, "muc")
    rel = f"content/tinh/{type_name}/{folder}{stem}.md"
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    source = SourceFile(rel, "tinh", type_name, stem, "vi")
    settings_ = LoadSettings(str(repo), ("pdf", "jpg"), ())
    started = time.perf_counter()
    with deadline(PER_FILE):
        document, problems = load_document(source, settings_, converter(), ParseCache(None))
    assert time.perf_counter() - started < PER_FILE
    for d in problems:
        assert d.path == rel and d.line >= 1 and d.col >= 1, d
        assert re.fullmatch(r"[a-z-]+(\.[a-z-]+)+", d.code), d
        assert d.code != "internal.error", d.text()
    assert (document is None) == has_errors(problems), [d.text() for d in problems]
    if document is not None:  # what reaches pages, feeds and sitemaps carries no control character
        texts = [v for v in document.values.values() if isinstance(v, str)]
        texts += [x for v in document.values.values() if isinstance(v, tuple) for x in v if isinstance(x, str)]
        assert not any(CONTROL.search(t) for t in texts + [document.body_html])
