"""The dev server's first answer to a save: the saved items' own pages, in the live output at once.

A build of a province of 10,000 items after one save takes seconds even when it renders only the
pages the save affects: it must find, load and index every item, plan every page and ask of each
whether what it read has changed. An editor who saves an item wants to see that item. So when every
file of a burst of changes is an item the last good build published and it stays published where it
was (same site, type, language, address and state, the same files, tags and relations), the dev
server first renders those items' own pages (the HTML page and its JSON record) with the last
build's index, the saved items put in place of the old, and writes them into the live folder, each
file replaced in one step (a file is never written into: it may be a hard link of the build before). The open tab reloads; then a whole
build follows when the saves stop (serve.py), bringing listings, tags, feeds and search up to date
and the output to a cold build's bytes. The files written here are noted in the cache
(``memo.mark_rewritten``): no build reuses them, since their traces no longer say what they hold.

Anything else (a new, moved or deleted file, a layout, a site file, an item whose load reports an
error or that leaves its place, more than ``PREVIEW_MOST`` files at once) returns None, and the
server builds at once as before.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from ..core.diagnostics import ERROR
from ..model.config import Config
from ..model.content_types import RELATIONS
from . import views as v
from .discover import SourceFile
from .documents import Document, LoadSettings, load_chunk
from .index import ContentIndex, is_visible
from .memo import DocumentMemo, mark_rewritten
from .page_input import RenderInput
from .render import edition_context, render_page

PREVIEWED = ("item", "record")  # the kinds of page that are an item's own
PREVIEW_MOST = 20  # files of one burst: more (a checkout, a merge) are built at once, not shown one by one


@dataclass(frozen=True)
class LastBuild:
    """What the dev server keeps of its last good build for the next preview."""
    root: Path
    out: Path
    folder: Path                    # the live generation folder that build wrote
    now: dt.datetime                # the moment it was built for
    config: Config
    settings: LoadSettings
    ri: RenderInput                 # its index (portal listings folded in), pages and facts
    documents: dict[str, Document]  # every item it loaded, by path (drafts and scheduled ones too)


@dataclass(frozen=True)
class Preview:
    files: list[str]        # written into the live folder, relative to it
    items: list[str]        # the items shown, by path
    last: LastBuild         # the last build with these items in place: what the next preview starts from


def preview(last: LastBuild, changed: list[Path], env: jinja2.Environment, cache_dir: Path | None,
            kept: DocumentMemo | None = None) -> Preview | None:
    """Render the changed items' own pages into the live folder; None when the change is not only
    edits of published items that stay where they are (the caller then builds)."""
    if not changed or len(changed) > PREVIEW_MOST or os.path.realpath(last.out) != os.fspath(last.folder):
        return None
    rels = []
    for path in changed:
        if not path.is_relative_to(last.root) or not path.is_file():
            return None
        rel = path.relative_to(last.root).as_posix()
        if rel not in last.documents:
            return None
        rels.append(rel)
    old = [last.documents[rel] for rel in rels]
    loaded = load_chunk([SourceFile(d.path, d.site, d.type, d.slug, d.lang) for d in old], last.settings,
                        str(cache_dir) if cache_dir else None)
    if any(doc is None or any(p.severity == ERROR for p in problems) for doc, problems in loaded):
        return None  # the build reports it
    now_docs = [doc for doc, _ in loaded]
    index = last.ri.index
    for before, after in zip(old, now_docs):
        shown = index.get(before.id, before.lang)
        if shown is None or shown.path != before.path or after.status != shown.status or \
                not is_visible(after, last.now) or _links(after) != _links(before):
            return None
    ri = replace(last.ri, index=with_documents(index, {id(index.get(d.id, d.lang)): d for d in now_docs}))
    keys = {(d.id, d.lang) for d in now_docs}
    made: list[tuple[str, bytes]] = []
    shared: dict[tuple[str, str], dict] = {}
    for page in ri.pages:
        if page.kind in PREVIEWED and (page.key, page.lang) in keys:
            site = ri.config.sites[page.site]
            edition = site.edition(page.lang)
            if (site.id, page.lang) not in shared:
                shared[site.id, page.lang] = edition_context(env, ri, site, page.lang, v.Linker(ri.config, edition))
            made.append((f"{edition.out_dir}/{page.out_file}", render_page(env, ri, page, shared[site.id, page.lang])))
    if not made:
        return None
    # every page rendered before any is written (an error leaves the output as it was), and noted as
    # rewritten before it is (a kill in between must not leave a file a later build takes for the old one)
    mark_rewritten(cache_dir, last.out, [name for name, _ in made])
    for name, data in made:
        target = last.folder / name
        temp = target.with_name(f".{target.name}.preview-{os.getpid()}")
        temp.write_bytes(data)
        os.replace(temp, target)
    if kept is not None:  # the build that follows takes these items as they are now
        for doc, problems in loaded:
            kept.keep(last.root, doc.path, doc, problems)
    documents = {**last.documents, **{doc.path: doc for doc in now_docs}}
    return Preview([name for name, _ in made], rels, replace(last, ri=ri, documents=documents))


def _links(doc: Document) -> tuple:
    """What of an item other pages and files stand for, beyond its text: its files (copied and resized by
    the build), its tags (pages of their own), its relations (shown on both items)."""
    return (doc.attachments, doc.images, doc.body_files, doc.values.get("tags"),
            tuple(doc.values.get(relation) for relation in RELATIONS))


def with_documents(index: ContentIndex, new: dict[int, Document]) -> ContentIndex:
    """The index with some documents (``new``: the id() of the one replaced → its replacement) put in
    place of others, wherever they are (order unchanged)."""
    def swapped(docs: tuple[Document, ...]) -> tuple[Document, ...]:
        return tuple(new.get(id(d), d) for d in docs) if any(id(d) in new for d in docs) else docs
    return replace(index, docs={k: new.get(id(d), d) for k, d in index.docs.items()},
                   listed={k: swapped(t) for k, t in index.listed.items()},
                   tagged={k: swapped(t) for k, t in index.tagged.items()},
                   fielded={k: swapped(t) for k, t in index.fielded.items()})
