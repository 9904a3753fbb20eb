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

from pathlib import Path
from typing import Iterable

import yaml

from ..build.documents import Document
from ..build.gitfacts import GitFacts, Touch
from ..build.index import ContentIndex
from ..build.translated import parse_ref, source_state
from ..core.clock import VN_TZ
from ..core.diagnostics import Diagnostic, error, warning
from ..core.front_matter import split
from ..core.git import git
from ..model.config import Config
from ..model.i18n import LANGUAGE_NAMES

TODO = "todo"
# Fields of the Vietnamese item that a translation does not copy.
NOT_COPIED = ("change_note", "translate", "translation_of")


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
    where = split(source)
    if where is None or not where.closed:
        raise ValueError("it has no front matter between two `---` lines")
    fm = source[where.start:where.end]
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
    return (source[:where.start] + kept + f"translation_of: \"{ref}\"\n"
            + source[where.end:])


def _git_text(root: Path, *args: str):
    return git(root, *args, text=True)


# Where the published text is: the remote's default branch, else the local main.
PUBLISHED_REFS = (("origin/HEAD", "refs/remotes/origin/HEAD"), ("main", "refs/heads/main"))


def source_revision(root: Path, rel: str) -> tuple[str | None, str]:
    """The commit of main's first-parent line that last changed ``rel``: (hash, ""); outside git
    ("", a note); or (None, why not): a shallow clone, changes not committed, or a source that is
    not as main has it (a translation starts from the approved, published text, 000/001 Đ8.3).
    Main is ``origin/HEAD``, else ``main``; with neither, the current branch's first-parent line."""
    try:
        head = _git_text(root, "rev-parse", "--verify", "-q", "HEAD")
    except OSError:
        return "", "git cannot run here"
    if head.returncode != 0 and _git_text(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        return "", "not in a git repository"
    if _git_text(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        return None, ("this is a shallow clone, so the commit that last changed the source cannot be known; "
                      "fetch the whole history: git fetch --unshallow")
    status = _git_text(root, "status", "--porcelain", "--untracked-files=all", "--", rel)
    if status.stdout.strip():
        return None, (f"{rel} has changes that are not committed; commit (and merge) the source first: "
                      "the translation records the commit it was made from")
    if head.returncode != 0:
        return None, f"{rel} is not committed; commit (and merge) the source first"
    line = "HEAD"
    for name, ref in PUBLISHED_REFS:
        if _git_text(root, "rev-parse", "--verify", "-q", f"{ref}^{{commit}}").returncode != 0:
            continue
        same = _git_text(root, "diff", "--quiet", "--no-ext-diff", "--no-textconv", ref, "HEAD", "--", rel)
        if same.returncode == 1:
            return None, (f"{rel} is not as {name} has it (changed on this branch, or not merged yet); translate "
                          "the approved, published Vietnamese text: merge the source's change first")
        if same.returncode != 0:
            return None, f"git cannot compare {rel} with {name}: {same.stderr.strip()}"
        line = ref
        break
    last = _git_text(root, "log", "-1", "--first-parent", "--format=%H", line, "--", rel).stdout.strip()
    if not last:
        return None, f"{rel} is not committed; commit (and merge) the source first"
    return last, ""
