"""Load one item: split front matter, coerce fields, render Markdown, check files.

The expensive part (YAML, Markdown, sanitising) depends only on the file's
bytes and the settings, so it is cached by their hash; the part that depends
on other files (attachments, their text for search, images) runs on every
build, each file's costly part cached by that file's own bytes.

Whatever a file holds, loading it ends in a document or in diagnostics: the known hostile shapes
have their own codes (``text.control``, ``yaml.alias``, ``markdown.*`` …), and anything else that
still raises is reported as ``internal.error`` at the file, never as a traceback.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import traceback
import unicodedata
from dataclasses import MISSING, dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

import markdown

from .. import __version__
from ..core.cache import ParseCache, cache_key
from ..core.controlchars import CONTROL, control_message, control_positions
from ..core.diagnostics import Diagnostic, error, warning
from ..core.fields import FieldError, shown
from ..core.front_matter import split
from ..core.links import first_link
from ..core.textcheck import legacy_encoding_positions, not_nfc_errors
from ..core.yamlsource import Spec, compose, read_mapping
from ..model.content_types import (
    CONTENT_TYPES,
    DERIVED_DEFAULTS,
    IMAGE_FIELDS,
)
from . import attachment_text
from .discover import SourceFile
from .figures import body_files, line_of, measured, other_hosts_images
from .file_names import NAME_MAX, name_bytes
from .markup import EXTENSIONS, Refused, new_converter, to_html
from .markup_limits import LIMITS
from .personal_data import Finding, key_problems, scan_item
from .personal_data import problems as personal_problems
from .search_terms import Terms, item_entry, item_terms, terms_key
from .secret_marks import secret_marks


def _types_fingerprint() -> str:
    """The declarations a parse depends on: every type's fields, their coercers and required-ness.
    Changing a type's fields makes every cached parse of it stale, with no version to bump by hand."""
    shape = [(t.name, getattr(t.scan_body, "__qualname__", t.scan_body),
              [(x.name, x.required, getattr(x.coerce, "__qualname__", repr(x.coerce)),
                getattr(x.coerce, "choices", ()), x.scan_personal, x.scan_names) for x in t.fields], t.body_required)
             for t in CONTENT_TYPES.values()]
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:16]


PARSE_VERSION = f"{__version__}:7:{','.join(EXTENSIONS)}:{LIMITS}:{_types_fingerprint()}"


@dataclass(frozen=True)
class Attachment:
    source: str      # repository-relative path of the file
    name: str        # file name in the output, beside the item's page
    size: int
    ext: str
    download_only: bool
    field: str = "files"  # the front-matter key that names it
    width: int = 0        # an image's pixels as shown (images.measure); 0 for other files
    height: int = 0
    fallback: str = ""    # "jpeg" or "png" when the image is published resized (images.renditions)


class Later:
    """A field's value left where it is kept until the field is first read (kept_items.py: an item's
    body and search terms stay in the cache folder, since a build after one edit reads few of them)."""
    __slots__ = ("read",)

    def __init__(self, read: Callable[[], Any]):
        self.read = read


class _ReadWhenUsed:
    """A Document field that may hold a ``Later``: read once, the first time the field is."""

    def __init__(self, default: Any = MISSING):
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:  # the class's own: the field's default (none: AttributeError)
            if self.default is MISSING:
                raise AttributeError(self.name)
            return self.default
        value = obj.__dict__[self.name]
        if type(value) is Later:
            value = obj.__dict__[self.name] = value.read()
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


def read_in_full(doc: "Document") -> "Document":
    """The document with every field left ``Later`` read now (one kept for many builds, by the dev server)."""
    for name, attr in vars(Document).items():
        if isinstance(attr, _ReadWhenUsed):
            getattr(doc, name)
    return doc


@dataclass(frozen=True)
class Document:
    id: str
    site: str
    type: str
    slug: str
    lang: str
    path: str
    values: dict[str, Any]
    lines: dict[str, int] = _ReadWhenUsed()  # type: ignore[assignment]  # (line numbers: read for diagnostics)
    body_html: str = _ReadWhenUsed()  # type: ignore[assignment]
    attachments: tuple[Attachment, ...] = ()
    images: dict[str, Attachment] = field(default_factory=dict)
    body_files: tuple[Attachment, ...] = ()  # the files the text names, ![alt](file) and [words](file) (figures.py)
    # The readable text of each of ``attachments``, in the same order: "" for a file with none (not
    # .txt, .pdf or .docx, or unreadable); empty for a removed item (never built). At most
    # attachment_text.MAX_CHARS each, NFC, whitespace as single spaces. Read on every load, so it
    # follows the files' bytes, not the item's (attachment_text.py).
    attachment_text: tuple[str, ...] = _ReadWhenUsed(())  # type: ignore[assignment]
    # What the item's output can depend on of its own, as a hash: its file's bytes and its files' names,
    # sizes, pixels and contents (memo.py: a page is rendered again when one it read changed).
    fingerprint: str = ""
    # The same without its text (the body): what a listing can show of it (views.item_summary reads the
    # front matter and the files, never the body), so an edit of the text renders its own pages, not
    # every listing and related-items box that names it.
    listed_print: str = ""
    # What the search indexes hold of the item (search_terms.item_terms), made once at load for every
    # index that holds it (its site's, the portal's); empty when not made (a removed item, `check`).
    search_terms: Terms = _ReadWhenUsed(())  # type: ignore[assignment]
    # Where the parse cache keeps those terms (search_terms.terms_key); "" when they are not kept there
    # (not made, or not packed). A search index brought up to date reads an edited item's old terms by it.
    terms_key: str = ""

    @property
    def title(self) -> str:
        return self.values["title"]

    @cached_property
    def status(self) -> str:
        """(Asked eight times an item by the index and the plan: looked up once; ``values`` never changes.)"""
        return self.values.get("status", "published")


@dataclass(frozen=True)
class LoadSettings:
    root: str
    allowed_types: tuple[str, ...]
    download_only_types: tuple[str, ...]
    official_contacts: frozenset[str] = frozenset()  # phones and e-mails the site files publish (personal_data.py)
    search_terms: bool = True  # make each item's search terms (Document.search_terms); `check` does not need them
    # (type, field) pairs the profile requires beyond the type's own (model/profile_fields.py)
    required: tuple[tuple[str, str], ...] = ()
    domain: str = ""  # the province's: an image on a host under it is the province's own, not another's


@dataclass(frozen=True)
class _Parsed:
    values: dict[str, Any]
    lines: dict[str, int]
    body_html: str
    problems: tuple[Diagnostic, ...]
    personal: tuple[Finding, ...] = ()  # what looks like personal data; official contacts are sorted out later


def _at_least_one(coerce):
    """A required file field names at least one file: `files: []` is not filled in."""
    def read(node):
        value = coerce(node)
        if value == ():
            raise FieldError("is an empty list; name at least one file", node, "field.required")
        return value
    return read


def _specs(type_name: str, required: tuple[str, ...] = ()) -> list[Spec]:
    """How to read each field of a type; ``required`` names fields the profile requires too."""
    ctype = CONTENT_TYPES[type_name]
    specs = []
    for x in ctype.fields:
        needed = (x.required or x.name in required) and (type_name, x.name) not in DERIVED_DEFAULTS
        specs.append(Spec(x.name, _at_least_one(x.coerce) if needed and x.file else x.coerce, needed))
    return specs


def _text_problems(rel: str, text: str) -> list[Diagnostic]:
    out = not_nfc_errors(rel, text)
    out += [error(rel, line, "text.legacy-encoding",
                  f"`{sample}` looks like {enc} text pasted from an old document; convert it to Unicode "
                  "(e.g. UniKey's converter) and paste again", col)
            for line, col, enc, sample in legacy_encoding_positions(text)]
    return out


_CHAR_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _control_references(rel: str, text: str, start: int) -> list[Diagnostic]:
    """Numeric character references (`&#x1;`) the HTML sanitiser would turn into a ``CONTROL``
    character; HTML itself reads &#0; and surrogates as U+FFFD and &#x80;-&#x9F; as Windows-1252."""
    out = []
    for m in _CHAR_REFERENCE.finditer(text, start):
        number = int(m[1], 16) if m[1] else int(m[2])
        if number == 0 or 0x80 <= number <= 0x9F or 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
            continue
        if CONTROL.fullmatch(chr(number)):
            line = text.count("\n", 0, m.start()) + 1
            out.append(error(rel, line, "text.control",
                             f"`{m[0]}` stands for {control_message(chr(number))}",
                             m.start() - text.rfind("\n", 0, m.start())))
            if len(out) == 10:
                break
    return out


def _no_front_matter(rel: str, text: str) -> Diagnostic:
    """Why a file does not start with front matter, where an editor can see it."""
    if "\r" in text and "\n" not in text:
        return error(rel, 1, "text.line-ends", "the lines end with CR alone (an old Mac editor's), so the file "
                     "reads as one line; save it with LF or CRLF line ends")
    first = next((n for n, line in enumerate(text.split("\n"), 1) if line.strip()), 1)
    if first > 1 and split(text.lstrip()) is not None:
        return error(rel, 1, "front-matter.missing", f"the front matter's `---` is on line {first}; it must be "
                     "the first line: remove the empty lines before it")
    return error(rel, 1, "front-matter.missing", "the file must start with front matter between two `---` lines")


def parse_source(rel: str, raw: bytes, type_name: str, md: markdown.Markdown | None,
                 required: tuple[str, ...] = ()) -> _Parsed:
    """Everything about an item that depends on its own bytes (and the fields the profile requires) only;
    without ``md``, no HTML (``check --personal-only`` reads the scans only)."""
    if not raw.strip():
        return _Parsed({}, {}, "", (error(rel, 1, "content.empty",
                                             "the file is empty; add front matter and text, or delete it"),))
    if b"\x00" in raw:
        try:  # text with a NUL pasted in: said at its line
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return _Parsed({}, {}, "", (error(rel, 1, "content.binary",
                                                 "this is a binary file, not Markdown text; rename or remove it"),))
        return _Parsed({}, {}, "", (error(rel, raw[:raw.index(b"\x00")].count(b"\n") + 1, "content.binary",
                                             "a NUL byte (a control character no text holds) is on this line; "
                                             "remove it"),))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _Parsed({}, {}, "", (error(rel, line, "text.encoding",
                                             "not valid UTF-8; save the file as UTF-8 (Unicode)"),))
    text = text.lstrip("\ufeff")
    problems = _text_problems(rel, text)
    where = split(text)
    if where is None:
        problems.append(_no_front_matter(rel, text))
        return _Parsed({}, {}, "", tuple(problems))
    if not where.closed:
        problems.append(error(rel, 1, "front-matter.yaml", "front matter is not closed; add a `---` line after it"))
        return _Parsed({}, {}, "", tuple(problems))
    offset = where.line_offset
    fm = text[where.start:where.end]
    body = text[where.body:]
    node, yaml_problems = compose(fm, rel, offset)
    problems += yaml_problems
    values: dict[str, Any] = {}
    lines: dict[str, int] = {}
    ctype = CONTENT_TYPES[type_name]
    if not yaml_problems:
        values, lines, probs = read_mapping(node, _specs(type_name, required), rel, offset)
        refused, places = key_problems(node, ctype, rel, offset)  # an asker's phone: not an unknown key
        problems += [p for p in probs if not (p.code == "field.unknown" and (p.line, p.col) in places)] + refused
    body_line = text.count("\n", 0, where.body) + 1
    personal, overrides = scan_item(rel, node, fm, offset, body, body_line, ctype, values, lines)
    problems += overrides + secret_marks(rel, text, values, lines, body, body_line)
    if ctype.body_required and not body.strip():
        problems.append(error(rel, text.count("\n", 0, where.end) + 2, "body.empty",  # the line after `---`
                              f"a {type_name} is its text, and this one has none; "
                              "write it below the front matter's closing `---` line"))
    controls = [error(rel, line, "text.control", f"the text {control_message(char)}", col)
                for line, col, char in control_positions(text, where.body)]
    controls += _control_references(rel, text, where.body) if "&#" in body else []
    problems += controls
    body_html = ""
    if not controls and md is not None:
        try:
            body_html = to_html(md, body, ctype.body_under)
        except Refused as exc:
            at = exc.refusal
            problems.append(error(rel, body_line + at.line - 1, at.code, at.message, at.col))
    return _Parsed(values, lines, body_html, tuple(problems), tuple(personal))


def _parse_cached(rel: str, raw: bytes, type_name: str, md, cache: ParseCache,
                  required: tuple[str, ...] = ()) -> _Parsed:
    key = cache_key(PARSE_VERSION + (":" + ",".join(required) if required else ""), rel, raw)
    parsed = cache.get(key)
    if parsed is None:
        parsed = parse_source(rel, raw, type_name, md, required)
        cache.put(key, parsed)
    return parsed


def _inside_repo(relative: Path) -> tuple[str, ...] | None:
    """The parts of a repository-relative path with `.` and `..` worked out, without following
    links; None when it leaves the repository (or is absolute)."""
    parts: list[str] = []
    for part in relative.parts:
        if part == ".." and parts:
            parts.pop()
        elif part == ".." or part.startswith("/"):
            return None
        elif part not in (".", ""):
            parts.append(part)
    return tuple(parts)


def _resolve_file(src: SourceFile, name: str, line: int, settings: LoadSettings,
                  problems: list[Diagnostic]) -> Attachment | None:
    """An attachment or image: a plain file in the item's own site folder, beside the item or in
    content/<site>/files/. A link, a file of another site or outside the repository is an error:
    only a change to this site's folder, approved by its board, may change what it publishes.
    A name the system cannot look up, or too long for a file of the output, is an error too, not an exception."""
    if name_bytes(Path(name).name) > NAME_MAX:
        problems.append(error(src.rel, line, "file.name-too-long",
                              f"`{shown(name)}`: the file name is too long for a file of the output "
                              f"({name_bytes(Path(name).name)} bytes, at most {NAME_MAX}); shorten it"))
        return None
    try:
        return _find_file(src, name, line, settings, problems)
    except OSError as exc:
        problems.append(error(src.rel, line, "file.unreadable",
                              f"`{shown(name)}` cannot be opened ({exc.strerror or exc}); name a file beside "
                              "the item"))
        return None


def _find_file(src: SourceFile, name: str, line: int, settings: LoadSettings,
               problems: list[Diagnostic]) -> Attachment | None:
    root = Path(settings.root).resolve()
    if "\\" in name:  # a Windows path, or a name no address can carry as it is
        problems.append(error(src.rel, line, "file.name",
                              f"`{shown(name)}` has a `\\`; write folders with `/` (phu-luc/bang.pdf), and rename a "
                              "file whose name has one"))
        return None
    candidates = [Path(src.rel).parent / name, Path("content", src.site, "files", name)]
    for candidate in candidates:
        parts = _inside_repo(candidate)
        if parts is None:
            problems.append(error(src.rel, line, "file.outside",
                                  f"`{shown(name)}` points outside the repository; copy the file next to the item"))
            return None
        where = "/".join(parts)
        if parts[:1] != ("content",) or len(parts) < 3:
            problems.append(error(src.rel, line, "file.outside",
                                  f"`{shown(name)}` is {shown(where)}, outside the site's folder "
                                  f"content/{src.site}/; copy the file next to the item"))
            return None
        if parts[1] != src.site:
            problems.append(error(src.rel, line, "file.other-site",
                                  f"`{shown(name)}` is {shown(where)}, which belongs to site {parts[1]}, "
                                  f"not {src.site}; "
                                  f"a site publishes only its own files: copy it into content/{src.site}/"))
            return None
        link = first_link(root, "/".join(parts))
        if link is not None:
            problems.append(error(src.rel, line, "file.symlink",
                                  f"`{shown(name)}`: {link.relative_to(root).as_posix()} is a symbolic link; put the "
                                  "file itself there (a link is not followed)"))
            return None
        path = root.joinpath(*parts)
        if path.is_file():
            ext = path.suffix.lower().lstrip(".")
            if ext not in settings.allowed_types:
                problems.append(error(src.rel, line, "file.type",
                                      f"`{shown(name)}`: .{shown(ext)} files are not allowed by the profile; use "
                                      f"one of {', '.join(settings.allowed_types)}"))
                return None
            return Attachment(where, path.name, path.stat().st_size, ext, ext in settings.download_only_types)
    decomposed = unicodedata.normalize("NFD", name)
    if decomposed != name and any((root / base / decomposed).is_file() for base in (
            Path(src.rel).parent, Path("content", src.site, "files"))):
        problems.append(error(src.rel, line, "file.name-not-nfc",
                              f"`{shown(name)}` is there, but its name on disk is in decomposed Unicode (NFD, as "
                              "macOS saves names); run `python build.py fix --nfc`, which renames it"))
        return None
    problems.append(error(src.rel, line, "file.missing",
                          f"`{shown(name)}` does not exist beside the item or in content/{src.site}/files/; "
                          "add the file or correct the name"))
    return None


def _as_warning(problem: Diagnostic) -> Diagnostic:
    return warning(problem.path, problem.line, problem.code,
                   problem.message + " (the item is removed, so the build goes on)", problem.col)


def load_document(src: SourceFile, settings: LoadSettings, md: markdown.Markdown,
                  cache: ParseCache, digests: dict[str, str] | None = None) -> tuple[Document | None, list[Diagnostic]]:
    """One item; ``digests``: the files' contents hashes made so far (``digest_of``), shared by a chunk."""
    raw = (Path(settings.root) / src.rel).read_bytes()
    required = tuple(name for type_name, name in settings.required if type_name == src.type)
    parsed = _parse_cached(src.rel, raw, src.type, md, cache, required)
    problems = list(parsed.problems) + personal_problems(src.rel, parsed.personal, settings.official_contacts)
    values = dict(parsed.values)
    attachments: list[Attachment] = []
    images: dict[str, Attachment] = {}
    ctype = CONTENT_TYPES[src.type]
    for key in ctype.file_fields:
        for name in values.get(key, ()):
            found = _resolve_file(src, name, parsed.lines.get(key, 1), settings, problems)
            if found:
                attachments.append(replace(found, field=key))
    root = Path(settings.root)

    def file_at(name: str, line: int) -> Attachment | None:
        return _resolve_file(src, name, line, settings, problems)

    def image_at(name: str, line: int) -> Attachment | None:
        found = file_at(name, line)
        return found and measured(found, (root / found.source).read_bytes(), src.rel, line, cache, problems)
    for key in IMAGE_FIELDS:
        if key in values:
            found = image_at(values[key].src, parsed.lines.get(key, 1))
            if found:
                images[key] = found
    text = raw.decode("utf-8", "replace").lstrip("\ufeff")
    where = split(text)
    body = where.body if where is not None and where.body is not None else 0
    in_body, body_html = body_files(text, body, parsed.body_html, image_at, file_at, frozenset(settings.allowed_types))
    if "<img" in parsed.body_html:
        problems += [warning(src.rel, line_of(text, url, body), "image.other-host",
                             f"the image `{shown(url)}` is on another host: every reader's browser would fetch it "
                             "from there (which sees who reads the page, and may change or remove it); download "
                             "it, put it beside the item and name the file")
                     for url in other_hosts_images(parsed.body_html, settings.domain)]
    # a file the front matter names too is published with it, unless the body shows it with renditions
    named = {a.source: a for a in [*attachments, *images.values()]}
    in_body = tuple(a for a in in_body if a.source not in named or (a.width and not named[a.source].width))
    files = {a.source: a for a in [*attachments, *images.values(), *in_body]}  # one file named twice is one file
    sources_of: dict[str, list[str]] = {}
    for a in files.values():
        sources_of.setdefault(a.name, []).append(a.source)
    for name, sources in sources_of.items():
        if len(sources) > 1:  # published beside the page under one name
            problems.append(error(src.rel, parsed.lines["files"] if "files" in parsed.lines
                                  else line_of(text, name, body), "file.duplicate",
                                  f"`{shown(name)}` is the name of {len(sources)} files ({', '.join(map(shown, sources))}), "
                                  "published beside the page under one name; rename one of them"))
    if values.get("status") == "removed":
        # A taken-down item is never built; deleting its offending file must not stop the removal
        # from going out. Its file names still go to the 410 list.
        problems = [_as_warning(p) if p.code.startswith(("file.", "image.")) else p for p in problems]
        found = {a.name for a in attachments} | {a.name for a in images.values()}
        wanted = [Path(n).name for k in ctype.file_fields for n in values.get(k, ())]
        wanted += [Path(values[k].src).name for k in IMAGE_FIELDS if k in values]
        attachments += [Attachment("", n, 0, Path(n).suffix.lower().lstrip("."), False)
                        for n in dict.fromkeys(wanted) if n not in found]
    if not any(p.severity == "error" for p in parsed.problems):
        for check in ctype.checks:  # cross-field rules of the type, on every build (cheap, not cached)
            problems += check(values, parsed.lines, src.rel)
    if any(p.severity == "error" for p in problems):
        return None, problems
    if src.type == "legal" and "title" not in values:
        values["title"] = f"{values['doc_form']} {values['number']}/{values['symbol']}"
    texts = () if values.get("status") == "removed" else attachment_text.texts(  # never built: not read
        root, attachments, parsed.lines, src.rel, cache, problems)
    terms, key = (), ""
    if settings.search_terms and values.get("status") != "removed":
        entry = item_entry(src.type, values, body_html, texts)
        terms = item_terms(entry, cache, key := terms_key(entry))
    doc = Document(src.item_id, src.site, src.type, src.slug, src.lang, src.rel, values, parsed.lines,
                   body_html, tuple(attachments), images, in_body, texts,
                   *_fingerprints(raw, text, root, [*attachments, *images.values(), *in_body],
                                  {} if digests is None else digests), terms,
                   key if isinstance(terms, bytes) else "")
    return doc, problems


def _fingerprints(raw: bytes, text: str, root: Path, files: list[Attachment], digests: dict[str, str],
                  ) -> tuple[str, str]:
    """Document.fingerprint and Document.listed_print: the file's bytes, or its front matter's, and its
    files: each one's size and contents (a fresh checkout, which gives every file a new time, changes
    neither: the hourly publication in CI renders what an edit changed, not every page listing an item
    whose attachment was checked out again)."""
    stats = []
    for found in files:
        try:
            size = (root / found.source).stat().st_size if found.source else None
        except OSError:
            size = None
        held = digest_of(str(root), found.source, digests) if size is not None else ""
        stats.append(f"\0{found!r}\0{size if size is not None else ''}\0{held}".encode())
    text = text.lstrip("\ufeff")
    where = split(text)
    head = text[:where.body].encode() if where is not None and where.body is not None else raw
    return hashlib.sha256(b"".join([raw, *stats])).hexdigest(), \
        hashlib.sha256(b"".join([b"front matter\0", head, *stats])).hexdigest()


def contents_digest(path: str) -> str:
    """A file's bytes as git names them, its blob id (SHA-1 of ``blob <size>\\0`` and the bytes: a fresh
    checkout's files are then known from git's index without being read, core.git.unmodified_blobs),
    or a folder's names as a hash; "" when it cannot be read (or changed while read)."""
    try:
        fd = os.open(path, os.O_RDONLY)  # (without Python's file object: 0.19 -> 0.12 s for ten thousand)
    except IsADirectoryError:
        return _names_digest(path)
    except OSError:
        return ""
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):  # (a folder opens, then does not read)
            return _names_digest(path)
        digest = hashlib.sha1(b"blob %d\0" % st.st_size, usedforsecurity=False)
        read = 0
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
            read += len(chunk)
        return digest.hexdigest() if read == st.st_size else ""
    except OSError:
        return ""
    finally:
        os.close(fd)


def _names_digest(folder: str) -> str:
    try:
        return hashlib.sha256("\0".join(sorted(os.listdir(folder))).encode()).hexdigest()
    except OSError:
        return ""


def digest_of(root: str, path: str, digests: dict[str, str]) -> str:
    """``contents_digest`` of ``path`` (from the repository's ``root``), made once per ``digests``."""
    if path not in digests:
        digests[path] = contents_digest(f"{root}/{path}")
    return digests[path]


def internal_error(path: str, exc: BaseException, doing: str) -> Diagnostic:
    """An exception nobody foresaw, as a diagnostic at the file that caused it: what was raised
    and where in congtt, so the report can be acted on."""
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" at {Path(frame.filename).name}:{frame.lineno}" if frame else ""
    return error(path, 1, "internal.error",
                 f"congtt failed while {doing} ({type(exc).__name__}{where}: {str(exc)[:300]}); this is a bug "
                 "in congtt, not in the file: please report it with this file attached")


def _load_guarded(src: SourceFile, settings: LoadSettings, md: markdown.Markdown,
                  cache: ParseCache, digests: dict[str, str]) -> tuple[Document | None, list[Diagnostic]]:
    try:
        return load_document(src, settings, md, cache, digests)
    except Exception as exc:  # noqa: BLE001 - the last guard: one bad file must not stop the build
        return None, [internal_error(src.rel, exc, "loading this item")]


def load_chunk(sources: list[SourceFile], settings: LoadSettings, cache_dir: str | None,
               digests: dict[str, str] | None = None):
    """Load many items with one Markdown converter (the unit of parallel work); ``digests``: files'
    contents hashes (``digest_of``), made once for the chunk and its caller."""
    md = new_converter()
    cache = ParseCache(cache_dir)
    digests = {} if digests is None else digests
    try:
        return [_load_guarded(src, settings, md, cache, digests) for src in sources]
    finally:
        cache.close()
