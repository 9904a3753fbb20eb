"""The build, top to bottom: config → discover → load → index → git facts → plan → render → write.

Parallel in two places only (loading documents; one task per site for render
and write). The serial path is the same code, so ``--jobs 1`` and ``--jobs 2``
give identical bytes.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import time
from concurrent.futures import Future
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .build.aggregate import with_portal_listings
from .build.body_links import body_link_problems
from .build.csv_table import csv_problems
from .build.discover import ContentWalk, SourceFile, discover, walk_content
from .build.documents import Document, LoadSettings, internal_error, read_in_full
from .build.gitfacts import FactsReading, GitFacts, begin_git_facts, read_git_facts
from .build.gone import full_build_note, gone_urls, new_takedowns
from .build.index import build_index
from .build.kept_items import FileVersions, KeptItems, load_and_keep, settings_key
from .build.layout_errors import PageFailure, failure_diagnostics
from .build.memo import (
    DEFERRED,
    DocumentMemo,
    Trace,
    base_key,
    input_stamp,
    keep_settled,
    last_result,
    load_memo,
    save_memo,
    save_stamp,
    take_settled,
    tool_hash,
)
from .build.output import (
    FolderListing,
    LastOutputLost,
    carry_over,
    discard,
    held_in_place,
    in_place,
    listing_ahead,
    live_folder,
    make_previous,
    not_reused,
    refused_output,
    staged,
    swap_in,
    write_files,
)
from .build.personal_data import official_contacts
from .build.plan import plan
from .build.preview import LastBuild
from .build.profile_rules import item_problems, section_problems
from .build.render import RenderInput, check_layouts, make_environment, render_site
from .build.serverconf import host_problems, server_files
from .build.states import state_problems
from .build.tool_files import LUNR_REL, lunr_js
from .build.types.qa_rules import qa_problems
from .core.cache import ParseCache, held_folder, usable_folder
from .core.clock import today_in_vietnam
from .core.collector import collections_held, frozen
from .core.diagnostics import Diagnostic, error, has_errors
from .core.git import git
from .core.workers import worker_pool
from .editorial import audit, codeowners
from .editorial.boards import check_boards
from .editorial.timeliness import review_warnings, rule_name_problems
from .editorial.translation import field_problems, stale_problems
from .editorial.translation import todo as translation_todo
from .model.config import load_config
from .model.profile_fields import profile_requirements

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path
    now: dt.datetime
    jobs: int = 1
    sites: frozenset[str] = frozenset()
    check_only: bool = False
    cache_dir: Path | None = None
    kept: DocumentMemo | None = None   # the dev server's items from its earlier builds (memo.DocumentMemo)
    # the dev server's first pass after a save: search indexes keep their last files (BuildResult.deferred)
    quick: bool = False
    # asked between stages and sites: true stops the build (Interrupted), its output left as it was
    # (the dev server's builds after a preview, when another save comes)
    interrupt: Callable[[], bool] | None = None
    # (the command line, whose process ends right after the build: cli.run) where the build leaves its
    # objects as it ends, for the process's exit: freed one by one when the build returned, they cost a
    # build after one edit 0.07 s at 10,000 items (a province's items, index, pages and traces)
    leave: list | None = None


@dataclass
class BuildResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sites: int = 0
    pages: int = 0
    reused: int = 0     # pages whose output is the last build's: nothing they read changed (memo.py)
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # CPU seconds per kind of page, all workers
    notes: list[str] = field(default_factory=list)  # said once per build, about no one file (e.g. no git history)
    todo: list[Diagnostic] = field(default_factory=list)  # work waiting (`check --todo`): translations to make
    next_publish_at: dt.datetime | None = None  # the earliest publish_at after `now`: when the output changes by itself
    deferred: bool = False  # (BuildOptions.quick) a search index kept its last files: build again to bring it up to date
    last: LastBuild | None = None  # (the dev server's builds, BuildOptions.kept) what the next preview needs

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


class Interrupted(Exception):
    """The build stopped because ``BuildOptions.interrupt`` said so; the output is the last good one."""


def _go_on(options: BuildOptions) -> None:
    if options.interrupt is not None and options.interrupt():
        raise Interrupted


def _asking(options: BuildOptions, progress: Progress | None) -> Progress | None:
    """``progress``, asking ``options.interrupt`` at each step too (each chunk loaded, each site written)."""
    if options.interrupt is None:
        return progress

    def step(stage: str, done: int, total: int) -> None:
        _go_on(options)
        if progress is not None:
            progress(stage, done, total)
    return step


def _pool(jobs: int, initializer=None, initargs=()):
    """Forked workers that stop with the build, however it stops (core/workers.py)."""
    return worker_pool(jobs, initializer, initargs)


# kept items at least, for the items to load to be loaded meanwhile by a process forked ahead (a build after
# one edit: the edited item's Markdown while ten thousand kept ones are decoded); and items to load at most
# (more are loaded after, by ``jobs`` processes)
LOAD_AHEAD_MIN = 1000
LOAD_AHEAD_MAX = 32


def load_documents(sources: list[SourceFile], settings: LoadSettings, jobs: int, cache_dir: Path | None,
                   progress: Progress | None = None, kept: DocumentMemo | None = None,
                   fresh: set[str] | None = None, seen: dict[str, os.stat_result] | None = None,
                   ) -> tuple[list[Document], list[Diagnostic]]:
    """Every item, in the order of ``sources``, and the problems of each. The items unchanged since
    they were last loaded come from ``kept`` (the dev server's, in memory) or else from the cache
    folder (kept_items.py: a build in CI after one edit, the dev server's start); the others are
    loaded in chunks (in worker processes when ``jobs`` > 1; a few, while the kept items are decoded:
    ``_loader_ahead``), kept for the next build and their paths added to ``fresh`` when given.
    ``seen``: files' stats already taken in this build."""
    root = Path(settings.root)
    key = settings_key(tool_hash(), settings) if cache_dir is not None and settings.search_terms else None
    store = KeptItems(cache_dir, settings.root, key) if key is not None else None
    with ExitStack() as stack:
        # (not for the dev server, which keeps its items: it decodes few, and a fork of it copies much)
        loader = _loader_ahead(stack, store, jobs, cache_dir) if kept is None else None
        ahead: list[tuple[list[SourceFile], Future]] = []

        def load_ahead(missing: list[SourceFile]) -> None:
            if loader is not None and 0 < len(missing) <= LOAD_AHEAD_MAX:
                ahead.append((missing, _submit_ahead(loader, missing, settings, cache_dir, key)))
        try:
            known = {} if kept is None else \
                {src.rel: found for src in sources if (found := kept.kept(root, src.rel, settings)) is not None}
            with collections_held():  # (the marks checked, the rows decoded: many objects, no cycle)
                stored = store.unchanged([src for src in sources if src.rel not in known], seen, jobs, load_ahead) \
                    if store is not None else {}
            known.update(stored)
            results = {}
            for chunk, future in ahead:
                results.update(zip((src.rel for src in chunk), future.result()))
                if progress:
                    progress("load", 1, 1)
            rest = [src for src in sources if src.rel not in known and src.rel not in results]
            # (the dev server keeps every item whole between builds: its items are not left apart)
            results.update(zip((src.rel for src in rest), _load(rest, settings, jobs, cache_dir, key, progress,
                                                                 apart=kept is None)))
            if fresh is not None:
                fresh.update(results)
            if store is not None:
                store.forget(sources)
        finally:
            if store is not None:
                store.close()
    if kept is not None:
        for doc, probs in [*stored.values(), *results.values()]:
            if doc is not None:
                kept.keep(root, doc.path, read_in_full(doc), probs)  # kept for many builds: nothing left Later
    documents, problems = [], []
    for src in sources:
        doc, probs = known.get(src.rel) or results[src.rel]
        if doc is not None:
            documents.append(doc)
        problems += probs
    return documents, problems


def _chunks(sources: list[SourceFile], jobs: int) -> list[list[SourceFile]]:
    """About eight chunks per job, of 4 to 200 items (each chunk makes its Markdown converter: a few
    items' time)."""
    size = max(4, min(200, len(sources) // (jobs * 8)))
    return [sources[i:i + size] for i in range(0, len(sources), size)]


def _submitted(stack: ExitStack, sources: list[SourceFile], settings: LoadSettings, jobs: int,
               cache_dir: Path | None, key: str | None, apart: bool) -> list[tuple[list[SourceFile], Future]]:
    """``sources`` loaded (and kept, with a ``key``) by ``jobs`` forked workers at most, which stop with
    ``stack``: each chunk with its future (``apart``: kept_items.load_and_keep)."""
    cache = str(cache_dir) if cache_dir else None
    chunks = _chunks(sources, jobs)
    # the cache's file and its WAL mode made once here: workers opening a new one at the same moment
    # could find it locked and store nothing
    ParseCache(cache).close()
    pool = stack.enter_context(_pool(min(jobs, len(chunks))))
    return [(chunk, pool.submit(load_and_keep, chunk, settings, cache, key, apart)) for chunk in chunks]


def _loader_ahead(stack: ExitStack, store: KeptItems | None, jobs: int, cache_dir: Path | None):
    """One forked worker (stopping with ``stack``) for the items whose files changed, started before the
    kept items are read: the build's process is small then (a fork copies little, and the rows it reads
    after are its own, not pages shared with the child), and the child loads while they decode. None
    with one job, fewer than LOAD_AHEAD_MIN kept items, or no process to fork."""
    if jobs < 2 or store is None or store.count() < LOAD_AHEAD_MIN:
        return None
    try:
        ParseCache(str(cache_dir)).close()  # (made once here: see _submitted)
        return stack.enter_context(_pool(1))
    except OSError:
        return None


def _submit_ahead(loader, sources: list[SourceFile], settings: LoadSettings, cache_dir: Path | None,
                  key: str | None) -> Future:
    return loader.submit(load_and_keep, sources, settings, str(cache_dir) if cache_dir else None, key, True)


def _load(sources: list[SourceFile], settings: LoadSettings, jobs: int, cache_dir: Path | None, key: str | None,
          progress: Progress | None, apart: bool) -> list[tuple[Document | None, list[Diagnostic]]]:
    """Load each of ``sources``: its document (None when it has errors) and its problems; with a
    ``key``, the items loaded are kept in the cache folder (kept_items.py), and with ``apart`` those the
    workers load come without their bodies and terms, read from there when used (a cold build's process
    holds the province's items while its render workers are forked: each of them would count them again)."""
    chunks = _chunks(sources, jobs)
    results = []
    if jobs > 1 and len(chunks) > 1:
        with ExitStack() as stack:
            for done, (_, future) in enumerate(_submitted(stack, sources, settings, jobs, cache_dir, key, apart), 1):
                results.extend(future.result())
                if progress:
                    progress("load", done, len(chunks))
    else:
        cache = str(cache_dir) if cache_dir else None
        for done, chunk in enumerate(chunks, 1):
            results.extend(load_and_keep(chunk, settings, cache, key))
            if progress:
                progress("load", done, len(chunks))
    return results


# Worker-side render input: set once per worker process by the pool initializer
# (inherited through fork, never pickled), read by _render_worker.
_worker_input: dict[str, object] = {}


def _init_render_worker(root: Path, ri: RenderInput, staging: Path) -> None:
    _worker_input.update(root=root, ri=ri, staging=staging, env=make_environment(root))


def _render_worker(site_id: str) -> tuple[SiteWritten, dict[str, float], dict[str, Trace]]:
    timings: dict[str, float] = {}
    traces: dict[str, Trace] = {}
    done = render_and_write_site(_worker_input["env"], _worker_input["root"], _worker_input["ri"], site_id,
                                 _worker_input["staging"], timings, traces)
    return done, timings, traces


@dataclass
class SiteWritten:
    """What rendering and writing a site did."""
    names: list[str]           # its files (paths under the output folder)
    size: int                  # the bytes of those written or linked
    failures: list[PageFailure]
    in_place: list[str]        # its files the recycled folder held already (output.in_place): not written
    not_reused: dict[str, list[str]]  # each of its hosts' files written anew (output.not_reused)
    reused: int = 0            # its pages reused from the last output
    # its hosts whose traces are the last build's, all of them (Memo.kept_hosts): not in ``traces``
    kept_hosts: set[str] = field(default_factory=set)


def render_and_write_site(env, root: Path, ri: RenderInput, site_id: str, staging: Path, timings: dict[str, float],
                          traces: dict[str, Trace]) -> SiteWritten:
    """One site rendered and written; ``traces`` receives its pages' traces, but those of hosts whose
    traces are all the last build's. Files of the last output it would reuse that are gone (removed by
    hand since) make it render their pages after all."""
    memo = ri.memo
    mine: dict[str, Trace] = {}
    whole: dict[str, list[str]] = {}  # pages reused with their host, whose traces stay in its file
    files, failures = render_site(env, root, ri, site_id, timings, mine, whole)
    try:
        kept, there = in_place(files, memo.folder, memo.settled) if memo is not None else (files, [])
        size = write_files(staging, kept)
    except LastOutputLost as lost:
        if memo is None:  # (nothing is reused without a memo)
            raise
        memo = memo.without(lost.sources)
        mine, whole = {}, {}
        files, failures = render_site(env, root, dataclasses.replace(ri, memo=memo), site_id, timings, mine, whole)
        kept, there = in_place(files, memo.folder, memo.settled)
        size = write_files(staging, kept)
    done = SiteWritten([name for name, _ in files], size, failures, there, not_reused(files))
    if memo is not None:
        done.reused = memo.reused(mine) + sum(map(len, whole.values()))
        done.kept_hosts = memo.kept_hosts(mine, whole)
        mine = {name: t for name, t in mine.items() if name.split("/", 1)[0] not in done.kept_hosts}
        for host, names in whole.items():  # its file written again (a copy changed): its pages' traces as they were
            if host not in done.kept_hosts:
                old = memo.traces.of_host(host)
                mine.update((name, t) for name in names if (t := old.get(name)) is not None)
    traces.update(mine)
    return done


def render_and_write(root: Path, ri: RenderInput, staging: Path, site_ids: list[str], jobs: int,
                     progress: Progress | None = None, timings: dict[str, float] | None = None,
                     traces: dict[str, Trace] | None = None, changed: frozenset[str] = frozenset(),
                     ) -> SiteWritten:
    """Render and write every selected site; ``timings`` gathers CPU seconds per kind of page, ``traces``
    what each page read (memo.py). Returns what was written, together: the files (paths under the staging
    folder), their bytes (but those held in place), the pages that failed (the staging folder then holds a
    partial build, for the caller to discard). ``changed``: the sites whose items were loaded again
    (``changed_sites``), rendered first."""
    timings = {} if timings is None else timings
    traces = {} if traces is None else traces
    total = SiteWritten([], 0, [], [], {})

    def add(done: SiteWritten) -> None:
        total.names += done.names
        total.size += done.size
        total.failures += done.failures
        total.in_place += done.in_place
        total.not_reused.update(done.not_reused)
        total.reused += done.reused
        total.kept_hosts |= done.kept_hosts

    if jobs > 1 and len(site_ids) > 1:
        # Largest sites first so the pool stays busy to the end: their pages and files to copy, grouped
        # by site here (the workers inherit them)
        weight = {s: len(ri.site_pages.get(s, ())) + len(ri.site_copies.get(s, ())) for s in site_ids}
        # after an edit, the work is in the sites that changed (their search indexes): those first
        ordered = sorted(site_ids, key=lambda s: (s not in changed, -weight[s], s))
        with _pool(jobs, _init_render_worker, (root, ri, staging)) as pool:
            for done, (written, spent, traced) in enumerate(pool.map(_render_worker, ordered), 1):
                add(written)
                traces.update(traced)
                for kind, seconds in spent.items():
                    timings[kind] = timings.get(kind, 0.0) + seconds
                if progress:
                    progress("render", done, len(ordered))
    else:
        env = make_environment(root)
        for done, site_id in enumerate(site_ids, 1):
            add(render_and_write_site(env, root, ri, site_id, staging, timings, traces))
            if progress:
                progress("render", done, len(site_ids))
    return total


def changed_sites(config, loaded: list[Document], fresh: set[str]) -> frozenset[str]:
    """The sites of the items this build loaded again (``fresh``: their paths; the others were kept from
    the last build), and the portal, which lists theirs; none when every item was loaded (a cold build)."""
    sites = {doc.site for doc in loaded if doc.path in fresh}
    if not sites or all(doc.path in fresh for doc in loaded):
        return frozenset()
    return frozenset(sites | {config.portal.id})


def load_settings(options: BuildOptions, config) -> LoadSettings:
    """How this build loads an item (the profile's attachment types and required fields, …)."""
    profile = config.province.profile
    return LoadSettings(str(options.root), tuple(profile.get("allowed_attachment_types") or ()),
                        tuple(profile.get("download_only_types") or ()),
                        official_contacts=official_contacts(config), required=profile_requirements(profile.data),
                        search_terms=not options.check_only, domain=config.province.domain)


def load_content(options: BuildOptions, progress: Progress | None = None, loaded: list[Document] | None = None,
                 fresh: set[str] | None = None, walk: ContentWalk | None = None):
    """Stages 1-4: config, discovery, documents, index. Returns what exists and every problem;
    ``loaded``, when given, receives every document loaded (visible or not), and ``fresh`` the paths
    of those read again (not kept from the last build); ``walk``: content/ as the build walked it at
    its start (discover.walk_content), for discovery and, with stats, the kept items' check."""
    problems: list[Diagnostic] = []
    try:
        config, probs = load_config(options.root)
    except Exception as exc:  # noqa: BLE001 - the last guard: a bug shows as a diagnostic, not a traceback
        config, probs = None, [internal_error("sites/", exc, "reading the site files and the profile")]
    problems += probs
    if config is None:
        return None, None, problems
    today = today_in_vietnam(options.now)
    boards = {s.id: s.board for s in config.sites.values() if s.board is not None}
    translated = frozenset(s.id for s in config.sites.values() if any(e.lang != "vi" for e in s.editions))
    problems += check_boards(boards, config.province.profile.data, today, translated)
    problems += codeowners.compare(config, today, strict=options.check_only)
    unknown = sorted(options.sites - set(config.sites) - config.unbuilt)  # (an unbuilt one's errors are said)
    if unknown:
        problems.append(error("sites/", 1, "site.unknown", f"--site {unknown[0]}: no such site; known: "
                              f"{', '.join(config.sites)}"))
    with collections_held():  # (a SourceFile an item, no cycle)
        sources, probs = discover(config, walk)
    problems += probs
    _go_on(options)
    profile = config.province.profile
    settings = load_settings(options, config)
    documents, probs = load_documents(sources, settings, options.jobs, options.cache_dir, progress, options.kept,
                                      fresh, walk.stats if walk is not None else None)
    problems += probs + csv_problems(documents, options.root)  # a CSV attached is a table: UTF-8, rectangular
    problems += item_problems(documents, profile)  # a procedure's portal, the Công báo the profile publishes
    if loaded is not None:
        loaded.extend(documents)
    _go_on(options)
    loaded_paths = {doc.path for doc in documents}
    unloaded = frozenset(src.item_id for src in sources if src.lang == "vi" and src.rel not in loaded_paths)
    with collections_held():
        index, probs = build_index(documents, options.now, today, unloaded)
    problems += probs + state_problems(index)  # what an item's state asks on this day (a closed draft's summary)
    if options.check_only:  # sections each kind of site must carry: work to do, said by `check`
        problems += section_problems(config, index)
    problems += field_problems(documents, config)  # translation_of and translate, on every item
    problems += qa_problems(documents, config)  # tickets unique in the province, the profile's Q&A rules
    problems += rule_name_problems(documents, profile.data)  # an item's deadline_rule is one of the profile's
    try:
        problems += audit.check(options.root, index)
    except Exception as exc:  # noqa: BLE001 - as above
        problems.append(internal_error(audit.AUDIT_LOG, exc, "reading the takedown audit log"))
    return config, index, problems


def git_facts(options: BuildOptions, config, reading: FactsReading | None = None) -> tuple[GitFacts | None, str]:
    """Stage 5: publication facts from one `git log`, with the province's import cut-off; ``reading``: that
    log begun at the build's start (gitfacts.begin_git_facts), so that it ran while the items loaded."""
    # (a touch an item and commit, no cycle; made after the items are loaded, they set off a collection of
    # every object when not held: 0.17 s at 10,000 items)
    with collections_held():
        facts, unavailable = reading.result() if reading is not None else read_git_facts(options.root,
                                                                                         options.cache_dir)
    if facts is not None and config.province.imported_before is not None:
        facts = dataclasses.replace(facts, imported_before=config.province.imported_before)
    return facts, unavailable


def load_for_report(options: BuildOptions) -> tuple[Any, list[Document], GitFacts | None, list[Diagnostic]]:
    """What the board's report reads: the configuration, every item loaded (drafts and scheduled
    ones too: they may be overdue) and the git facts; stages 1-5 without planning or rendering."""
    loaded: list[Document] = []
    options = dataclasses.replace(options, check_only=True, cache_dir=usable_folder(options.cache_dir)[0])
    config, _, problems = load_content(options, None, loaded)
    if config is None:
        return None, [], None, problems
    facts, _ = git_facts(options, config)
    return config, loaded, facts, problems


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    started = time.perf_counter()
    refused_out = None if options.check_only else refused_output(options.out, options.root)
    if refused_out:  # (the command line says so before it builds: a usage error)
        return BuildResult(diagnostics=[error(str(options.out), 1, "output.refused", refused_out)])
    cache_dir, refused = usable_folder(options.cache_dir)  # a cache tracked by git is never read
    options = dataclasses.replace(options, cache_dir=cache_dir)
    stamp, walk = None, None
    if cache_dir is not None and not options.check_only:
        # content/ walked once, each file's stat taken once: the stamp, discovery, the kept items' check
        with collections_held():  # (a stat a file, no cycle)
            walk = walk_content(options.root, stats=True)
        stamp = _input_stamp(options, walk)
    if stamp is not None and (kept := last_result(cache_dir, options.out, stamp, options.now)) is not None:
        # nothing the build reads has changed since the last good build: its output and report stand
        kept = BuildResult(**kept)
        kept.diagnostics, kept.reused = refused + kept.diagnostics, kept.pages
        kept.seconds = time.perf_counter() - started
        return kept
    # the folder this build will recycle, listed meanwhile by a process of its own (output.FolderListing)
    ahead = listing_ahead(options.out) if not options.check_only else None
    try:
        with held_folder(cache_dir if not options.check_only else None, lambda: _waiting(progress)), \
                begin_git_facts(options.root, cache_dir) as reading:  # git's log runs while the items load
            return _build(options, progress, started, refused, stamp, walk, ahead, reading)
    finally:
        if ahead is not None:
            ahead.close()  # (its child stopped when its listing went unused: a build that stopped early)


def _waiting(progress: Progress | None) -> None:
    """Another build holds the cache folder (core/cache.held_folder): said, when progress is shown."""
    if progress is not None:
        progress("wait", 0, 1)


def _build(options: BuildOptions, progress: Progress | None, started: float, refused: list[Diagnostic],
           stamp: str | None, walk: ContentWalk | None, ahead: FolderListing | None,
           reading: FactsReading) -> BuildResult:
    """The build once it is known that its inputs changed (``build``)."""
    result = BuildResult()
    loaded: list[Document] = []
    fresh: set[str] = set()
    progress = _asking(options, progress)
    config, index, problems = load_content(options, progress, loaded, fresh, walk)
    _go_on(options)
    result.diagnostics = refused + problems
    result.next_publish_at = min((d.values["publish_at"] for d in loaded if d.values.get("publish_at")
                                  and d.values["publish_at"] > options.now), default=None)  # for the dev server
    if config is None or index is None:
        return result
    facts, unavailable = git_facts(options, config, reading)  # one `git log` for every item
    if unavailable:
        result.notes.append(f"publication dates come from front matter, with no update history and no check of "
                            f"translations against their sources: {unavailable}")
    result.diagnostics += stale_problems(index, facts)
    if options.check_only:  # during review: what would be late if merged now, questions falling due
        result.diagnostics += review_warnings(loaded, config.province.profile.data, config.province.calendar,
                                              facts, options.now)
    result.todo = translation_todo(loaded)  # drafts and scheduled items too: translated before publication
    taken_down = new_takedowns(options.out, config, index) if options.sites and not options.check_only else []
    if taken_down:  # every host must drop them in one deploy, not only the --site ones
        result.diagnostics.append(full_build_note(options.sites, taken_down))
        options = dataclasses.replace(options, sites=frozenset())
    index = with_portal_listings(config, index)  # the portal lists the component sites' items it may show
    _go_on(options)
    with collections_held():  # (tens of thousands of pages, no cycle: core/collector.py)
        pages, copies, probs = plan(config, index, options.sites or None)
    result.diagnostics += probs + host_problems(config)  # hosts go into the server configuration
    if options.check_only:  # an item's links to pages of the province no build makes (the pull request's)
        result.diagnostics += body_link_problems(options.root, config, index, pages, copies)
    result.diagnostics += check_layouts(options.root, options.cache_dir)  # Jinja syntax: caught by `check` too
    selected = [s for s in config.sites if not options.sites or s in options.sites]
    result.sites, result.pages = len(selected), len(pages)
    if not options.check_only and any(page.kind == "lookup" for page in pages) and lunr_js(options.root) is None:
        result.diagnostics.append(error("package.json", 1, "search.lunr-missing",
                                        f"{options.root / LUNR_REL} is missing; install it with "
                                        "`npm ci --ignore-scripts` (or `npm install lunr@2` in a repository of "
                                        "your own)"))
    if not result.ok or options.check_only:
        result.seconds = time.perf_counter() - started
        return result
    _go_on(options)
    ri = RenderInput(config, index, tuple(pages), tuple(copies),
                     str(options.cache_dir) if options.cache_dir else None, facts)
    traces: dict[str, Trace] = {}
    built = {e.out_dir.split("/")[0] for s in selected for e in config.sites[s].editions}
    others = {e.out_dir.split("/")[0] for s in config.sites.values() for e in s.editions} - built
    # one writer at a time; what killed builds left is removed first
    with staged(options.out, ahead) as stage:
        staging = stage.folder
        # the last good build's traces (none without a cache): pages whose reads are unchanged are reused
        memo = load_memo(options.cache_dir, options.out, base_key(
            options.root, repr(facts.imported_before) if facts else "no git"), ri.pages,
            {(site.id, e.lang): e.host for site in config.sites.values() for e in site.editions}, options.quick)
        # which files the folder being written holds as the live one does (read before it is written into)
        settled = take_settled(options.cache_dir, stage.recycled_as)
        ri = dataclasses.replace(ri, memo=dataclasses.replace(
            memo, settled=settled, versions=FileVersions(options.root, ri.cache_dir)) if memo is not None else None)
        changed = changed_sites(config, loaded, fresh) if ri.memo is not None else frozenset()
        with frozen():  # the index and pages, out of the collector's sight while pages render (core/collector.py)
            done = render_and_write(options.root, ri, staging, selected, options.jobs, progress, result.timings,
                                    traces, changed)
        written, failures = set(done.names), done.failures
        try:
            result.bytes = done.size + (held_in_place(stage, done.in_place, ri.memo.folder) if ri.memo else 0)
        except LastOutputLost as lost:  # removed by hand from both generations: the next build renders them
            result.diagnostics.append(error(str(options.out), 1, "output.lost", f"{lost}, from the output and from "
                                            "the generation before it; build again: the next build renders them"))
            discard(stage)
            result.seconds = time.perf_counter() - started
            return result
        result.files = len(written)
        result.reused = done.reused
        if failures:  # a layout failed on some page: report every one, keep the last good output
            result.diagnostics += failure_diagnostics(failures)
            result.files = result.bytes = 0
            discard(stage)
            result.seconds = time.perf_counter() - started
            return result
        server = server_files(config, gone_urls(config, index))  # _server/: 410 list, nginx configuration
        result.files, result.bytes = result.files + len(server), result.bytes + write_files(staging, server)
        written.update(name for name, _ in server)
        carried = frozenset(others) if options.sites else frozenset()
        if options.sites:
            carry_over(options.out, staging, others)
            done.kept_hosts |= others  # the carried hosts' pages are the last build's, traces and all
        _go_on(options)
        result.notes += swap_in(stage, written, carried)  # public/ is the old build or the new one at every moment
        save_memo(options.cache_dir, options.out, traces, ri.memo, done.kept_hosts)
        if options.cache_dir is not None and (twin := make_previous(stage.link)) is not None:
            # the live folder's files are all the same files in the generation before it, made just now
            keep_settled(options.cache_dir, twin, {host: [] for host in {*done.not_reused, *carried}})
        elif ri.memo is not None:
            keep_settled(options.cache_dir, ri.memo.folder, done.not_reused)
        result.deferred = any(trace.digest == DEFERRED for trace in traces.values())
        if options.kept is not None:
            result.last = LastBuild(options.root, options.out, live_folder(options.out), options.now, config,
                                    load_settings(options, config), dataclasses.replace(ri, memo=None),
                                    {doc.path: doc for doc in loaded})
        if stamp is not None and not result.deferred:
            save_stamp(options.cache_dir, options.out, stamp, {
                "diagnostics": [d for d in result.diagnostics if d not in refused], "sites": result.sites,
                "pages": result.pages, "files": result.files, "bytes": result.bytes, "notes": result.notes,
                "todo": result.todo, "next_publish_at": result.next_publish_at, "now": options.now})
    if options.leave is not None:
        options.leave.append((walk, loaded, index, pages, copies, ri, traces, done, written, config))
    result.seconds = time.perf_counter() - started
    return result


def _input_stamp(options: BuildOptions, walk: ContentWalk | None = None) -> str:
    """The stamp of everything this build would read (memo.input_stamp), with the git HEAD, the day and
    the sites asked for; ``walk``: content/ walked already, with stats."""
    try:
        head = git(options.root, "rev-parse", "-q", "--verify", "HEAD").stdout.decode().strip()
    except OSError:  # no git on this machine: the dates come from front matter
        head = ""
    lunr = lunr_js(options.root)  # copied to every host from node_modules: an update changes the output
    # read for the board's warnings (editorial/codeowners.compare): a change changes the report
    files = [f"{path}:{st.st_size}:{st.st_mtime_ns}" if (st := _stat_or_none(path)) else f"{path}: none"
             for path in ([lunr] if lunr is not None else []) + [options.root / codeowners.CODEOWNERS_PATH]]
    return input_stamp(options.root, base_key(options.root), head or "no git", *files,
                       today_in_vietnam(options.now).isoformat(), ",".join(sorted(options.sites)), walk=walk)


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def default_cache_dir(root: Path) -> Path:
    """$CONGTT_CACHE_DIR, else a folder of the user's cache ($XDG_CACHE_HOME or ~/.cache) for this
    repository folder: outside the repository, so a checkout never brings a cache with it."""
    if os.environ.get("CONGTT_CACHE_DIR"):
        return Path(os.environ["CONGTT_CACHE_DIR"])
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    where = Path(root).resolve()
    return base / "congtt" / f"{where.name}-{hashlib.sha256(str(where).encode()).hexdigest()[:16]}"
