"""The translation flow (requirements §3.3): make a translation, know when it falls behind.

- ``build.py translate PATH --lang en`` writes ``<slug>.en.md`` beside a Vietnamese item: its front
  matter (without ``change_note`` and ``translate``, which belong to the Vietnamese item) and body,
  plus ``translation_of: "<source id>@<commit>"``, the commit of main's first-parent line that last
  changed the source. It refuses a shallow clone and a source that is not as main has it (a
  translation starts from the published text). Outside git it records ``<source id>`` alone, and says so.
- A translation is stale when its source has a commit on main after the recorded one (read from
  the build's git facts, no process per file): ``check`` warns (``translation.stale``, at the
  ``translation_of`` line) and the translated page says so, with a link to the Vietnamese page.
- ``check --todo`` lists the Vietnamese items marked ``translate: [en]`` that have no translation
  (or only a draft one), drafts and scheduled items included: translation comes before publication.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import yaml
from frontmatter import YAMLHandler

from .config import Config, load_config
from .diagnostics import Diagnostic, error, format_diagnostics, warning
from .discover import discover
from .documents import Document
from .fields import VN_TZ
from .gitfacts import GitFacts, Touch
from .i18n import LANGUAGE_NAMES
from .index import ContentIndex

TODO = "todo"
_REF = re.compile(r"(?P<id>[^\s@/]+/[^\s@/]+/[^\s@/]+)(?:@(?P<rev>[0-9a-fA-F]{7,40}))?")
# Fields of the Vietnamese item that a translation does not copy.
NOT_COPIED = ("change_note", "translate", "translation_of")


def parse_ref(text: str) -> tuple[str, str] | None:
    """``<source id>@<commit>`` (or ``<source id>`` alone) → (id, commit or "")."""
    m = _REF.fullmatch(text.strip())
    return (m["id"], (m["rev"] or "").lower()) if m else None


def field_problems(documents: list[Document], config: Config) -> list[Diagnostic]:
    """``translation_of`` and ``translate`` on every loaded item, visible or not (errors)."""
    out: list[Diagnostic] = []
    for doc in documents:
        site = config.sites.get(doc.site)
        ref = doc.values.get("translation_of")
        if ref is not None:
            line = doc.lines.get("translation_of", 1)
            parsed = parse_ref(ref)
            if doc.lang == "vi":
                out.append(error(doc.path, line, "translation.of",
                                 "`translation_of` belongs in a translation (`….en.md`); a Vietnamese item is "
                                 "its own source: remove the line"))
            elif parsed is None:
                out.append(error(doc.path, line, "translation.of",
                                 f"`translation_of: {ref}` must be `<source id>@<commit>`, e.g. "
                                 f"`{doc.id}@1a2b3c4d`"))
            elif parsed[0] != doc.id:
                out.append(error(doc.path, line, "translation.of",
                                 f"`translation_of` names `{parsed[0]}`, but this file translates `{doc.id}` "
                                 f"(the Vietnamese file beside it); write `{doc.id}@…`"))
        wanted = doc.values.get("translate")
        if wanted is None or site is None:
            continue
        line = doc.lines.get("translate", 1)
        if doc.lang != "vi":
            out.append(error(doc.path, line, "translation.lang",
                             "`translate` lists the languages a Vietnamese item needs; remove it from the "
                             "translation"))
            continue
        for lang in wanted:
            if lang == "vi" or lang not in site.languages:
                others = [x for x in site.languages if x != "vi"]
                has = f"it has {', '.join(others)}" if others else "it has Vietnamese only"
                out.append(error(doc.path, line, "translation.lang",
                                 f"`translate` asks for `{lang}`, but site `{doc.site}` has no `{lang}` edition "
                                 f"({has}); remove it, or add the language to the site"))
    return out


@dataclass(frozen=True)
class SourceState:
    """How a translation stands against its Vietnamese source's history on main."""
    source: Document
    revision: str                  # as recorded ("" when none is)
    known: bool                    # the revision is one of the source's commits on main
    changes: tuple[Touch, ...]     # the source's commits after it, newest first

    @property
    def stale(self) -> bool:
        return self.known and bool(self.changes)


def source_state(doc: Document, index: ContentIndex, facts: GitFacts | None) -> SourceState | None:
    """None when it cannot be told: not a translation with ``translation_of``, no git facts,
    or a source without history (not committed yet)."""
    parsed = parse_ref(doc.values.get("translation_of", "")) if doc.lang != "vi" else None
    source = index.get(doc.id, "vi")
    if parsed is None or parsed[0] != doc.id or facts is None or source is None:
        return None
    touches = facts.of(source.path)
    if not touches:
        return None
    revision = parsed[1]
    at = next((n for n, t in enumerate(touches) if revision and t.commit.startswith(revision)), None)
    if at is None:
        return SourceState(source, revision, False, ())
    return SourceState(source, revision, True, touches[:at])


def _when(touch: Touch) -> str:
    return touch.time.astimezone(VN_TZ).strftime("%Y-%m-%d %H:%M")


def stale_problems(index: ContentIndex, facts: GitFacts | None) -> list[Diagnostic]:
    """A warning at the ``translation_of`` line of every published translation behind its source."""
    out: list[Diagnostic] = []
    for (_, lang), doc in index.docs.items():
        state = source_state(doc, index, facts) if lang != "vi" else None
        if state is None or (state.known and not state.changes):
            continue
        line = doc.lines.get("translation_of", 1)
        newest = facts.of(state.source.path)[0]
        fix = f"`translation_of: \"{doc.id}@{newest.commit}\"`"
        if state.stale:
            notes = [t.note for t in state.changes if t.note]
            what = f"; major: «{notes[0]}»" if notes else ""
            out.append(warning(doc.path, line, "translation.stale",
                               f"the Vietnamese source {state.source.path} changed after {state.revision[:12]}, "
                               f"the revision this translation follows: {len(state.changes)} commit(s) on main, "
                               f"the last on {_when(state.changes[0])}{what}; update the translation, then write "
                               f"{fix}"))
        elif state.revision:
            out.append(warning(doc.path, line, "translation.stale",
                               f"revision {state.revision} is no commit of main that changed the source "
                               f"{state.source.path}, so whether the translation is behind cannot be told; if it "
                               f"follows the current source, write {fix}"))
        else:
            out.append(warning(doc.path, line, "translation.stale",
                               "`translation_of` records no revision of the source, so whether the translation is "
                               f"behind cannot be told; if it follows the current source, write {fix}"))
    return out


def todo(documents: Iterable[Document]) -> list[Diagnostic]:
    """Vietnamese items marked ``translate: [xx]`` whose ``xx`` translation is missing or a draft.

    Every loaded item counts, not only the public ones: a translation is made before publication,
    so a draft or scheduled source is listed too; a withdrawn or removed one is not."""
    documents = list(documents)
    made = {(doc.id, doc.lang): doc for doc in documents if doc.lang != "vi"}
    out: list[Diagnostic] = []
    for doc in documents:
        if doc.lang != "vi" or doc.status in ("withdrawn", "removed"):
            continue
        for wanted in doc.values.get("translate", ()):
            if wanted == "vi":
                continue
            name = LANGUAGE_NAMES.get(wanted, wanted)
            translation = made.get((doc.id, wanted))
            if translation is None:
                message = (f"marked `translate: [{wanted}]` and no {name} translation is published; "
                           f"start one with `python build.py translate {doc.path} --lang {wanted}`")
            elif translation.status == "draft":
                message = (f"marked `translate: [{wanted}]`; its {name} translation {translation.path} is a draft: "
                           "finish it and remove its `status: draft`")
            else:
                continue
            out.append(Diagnostic(doc.path, doc.lines.get("translate", 1), 1, TODO, "translation.missing", message))
    return out


# --- build.py translate PATH --lang xx ---------------------------------------------------------

def translation_text(source: str, ref: str) -> str:
    """The new translation: the source's front matter without NOT_COPIED keys, plus
    ``translation_of``, then the body, all as written (comments, quoting and order kept)."""
    source = source.lstrip("\ufeff")
    first = YAMLHandler.FM_BOUNDARY.match(source)
    closing = YAMLHandler.FM_BOUNDARY.search(source, first.end()) if first else None
    if not first or not closing:
        raise ValueError("it has no front matter between two `---` lines")
    fm = source[first.end():closing.start()]
    node = yaml.compose(fm, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise ValueError("its front matter must be `key: value` lines")
    lines = fm.splitlines(keepends=True)
    starts = [key.start_mark.line for key, _ in node.value] + [len(lines)]
    drop: set[int] = set()
    for n, (key, _) in enumerate(node.value):
        if key.value in NOT_COPIED:
            drop.update(range(starts[n], starts[n + 1]))
    kept = "".join(line for n, line in enumerate(lines) if n not in drop)
    if kept and not kept.endswith("\n"):
        kept += "\n"
    return (source[:first.end()] + kept + f"translation_of: \"{ref}\"\n"
            + source[closing.start():])


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)


# Where the published text is: the remote's default branch, else the local main.
PUBLISHED_REFS = (("origin/HEAD", "refs/remotes/origin/HEAD"), ("main", "refs/heads/main"))


def source_revision(root: Path, rel: str) -> tuple[str | None, str]:
    """The commit of main's first-parent line that last changed ``rel``: (hash, ""); outside git
    ("", a note); or (None, why not): a shallow clone, changes not committed, or a source that is
    not as main has it (a translation starts from the approved, published text, 000/001 Đ8.3).
    Main is ``origin/HEAD``, else ``main``; with neither, the current branch's first-parent line."""
    try:
        head = _git(root, "rev-parse", "--verify", "-q", "HEAD")
    except OSError:
        return "", "git cannot run here"
    if head.returncode != 0 and _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        return "", "not in a git repository"
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        return None, ("this is a shallow clone, so the commit that last changed the source cannot be known; "
                      "fetch the whole history: git fetch --unshallow")
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", rel)
    if status.stdout.strip():
        return None, (f"{rel} has changes that are not committed; commit (and merge) the source first: "
                      "the translation records the commit it was made from")
    if head.returncode != 0:
        return None, f"{rel} is not committed; commit (and merge) the source first"
    line = "HEAD"
    for name, ref in PUBLISHED_REFS:
        if _git(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}").returncode != 0:
            continue
        same = _git(root, "diff", "--quiet", "--no-ext-diff", "--no-textconv", ref, "HEAD", "--", rel)
        if same.returncode == 1:
            return None, (f"{rel} is not as {name} has it (changed on this branch, or not merged yet); translate "
                          "the approved, published Vietnamese text: merge the source's change first")
        if same.returncode != 0:
            return None, f"git cannot compare {rel} with {name}: {same.stderr.strip()}"
        line = ref
        break
    last = _git(root, "log", "-1", "--first-parent", "--format=%H", line, "--", rel).stdout.strip()
    if not last:
        return None, f"{rel} is not committed; commit (and merge) the source first"
    return last, ""


def _fail(message: str, code: int = 2) -> int:
    print(message, file=sys.stderr)
    return code


def cmd_translate(ns: argparse.Namespace) -> int:
    if len(ns.args) != 1 or not ns.lang:
        return _fail("usage: build.py translate content/<site>/<type>/[<yyyy>/]<slug>.md --lang en")
    root = ns.root.resolve()
    config, problems = load_config(root)
    if config is None:
        print(format_diagnostics(problems), file=sys.stderr)
        return _fail(f"{root} has no usable sites/ configuration; fix it, or give --root DIR", 1)
    given = Path(ns.args[0])
    # relative to the current folder, else to --root
    found = [c.resolve() for c in (Path.cwd() / given, root / given) if c.resolve().is_relative_to(root)]
    path = next((c for c in found if c.is_file()), None)
    if path is None:
        return _fail(f"{ns.args[0]}: no such item in {root}")
    rel = path.relative_to(root).as_posix()
    sources, _ = discover(config)
    src = next((s for s in sources if s.rel == rel), None)
    if src is None:
        return _fail(f"{rel} is not an item: items live at content/<site>/<type>/[<yyyy>/]<slug>.md")
    if src.lang != "vi":
        return _fail(f"{rel} is a translation; give its Vietnamese source, {src.slug}.md beside it")
    languages = config.sites[src.site].languages
    if ns.lang == "vi" or ns.lang not in languages:
        others = ", ".join(x for x in languages if x != "vi") or "none"
        return _fail(f"--lang {ns.lang}: site `{src.site}` has no such edition to translate into "
                     f"(its other languages: {others})")
    target = path.with_name(f"{src.slug}.{ns.lang}.md")
    target_rel = target.relative_to(root).as_posix()
    if target.exists():
        return _fail(f"{target_rel} already exists; edit it (and its `translation_of`) instead")
    revision, why = source_revision(root, rel)
    if revision is None:
        return _fail(why)
    try:
        text = translation_text(path.read_text(encoding="utf-8"),
                                f"{src.item_id}@{revision}" if revision else src.item_id)
    except (ValueError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return _fail(f"{rel} cannot be read ({exc}); run `python build.py check` and fix it first", 1)
    target.write_text(text, encoding="utf-8")
    if why:
        print(f"note: {why}: no revision recorded, so `check` cannot tell when the source changes; "
              f"add `@<commit>` to `translation_of` once the source is committed", file=sys.stderr)
    print(target_rel)
    return 0
