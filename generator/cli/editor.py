"""Editors' helpers: ``new`` (an item with every required field stubbed), ``fix --nfc``,
``schema`` (JSON Schema of each content type)."""
from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from pathlib import Path

from ..build.profile_rules import unpublished_type
from ..core import fields as f
from ..core.clock import now_in_vietnam
from ..core.links import LinkRefused, write_file
from ..core.textcheck import slugify_vi
from ..model.config import load_config
from ..model.content_types import CONTENT_TYPES
from ..model.deadline_rules import clock_fields
from ..model.profile_fields import required_fields
from ..model.schema import content_schemas


def cmd_new(ns: argparse.Namespace) -> int:
    if len(ns.args) != 2 or len(ns.site) != 1:
        print("usage: build.py new TYPE --site ID \"Tiêu đề\"", file=sys.stderr)
        return 2
    type_name, title = ns.args[0], unicodedata.normalize("NFC", ns.args[1])
    ctype = CONTENT_TYPES.get(type_name)
    root = ns.root.resolve()
    if ctype is None:
        print(f"unknown type `{type_name}`; use one of: {', '.join(CONTENT_TYPES)}", file=sys.stderr)
        return 2
    if not (root / "sites" / f"{ns.site[0]}.yaml").is_file():
        print(f"no site `{ns.site[0]}`: sites/{ns.site[0]}.yaml does not exist", file=sys.stderr)
        return 2
    now = ns.now or now_in_vietnam()
    config, _ = load_config(root)  # the profile may require more of the type (model/profile_fields.py)
    profile = config.province.profile if config else None
    refused = unpublished_type(profile, type_name) if profile else None
    if refused:
        print(f"{refused}; nothing written", file=sys.stderr)
        return 2
    try:  # a week's schedule is named after its week
        custom = ctype.new_item(title, now) if ctype.new_item else None
    except ValueError as exc:
        print(f"{exc}; nothing written", file=sys.stderr)
        return 2
    slug = (custom and custom.slug) or slugify_vi(title) or "bai-viet"
    folder = root / "content" / ns.site[0] / type_name
    if ctype.dated_folder:
        folder = folder / f"{(custom and custom.year) or now.year:04d}"
    path = folder / f"{slug}.md"
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    required = set(required_fields(profile.data, type_name) if profile else ())
    # and what the profile's deadlines count from (Cao Bằng's projects: their approval date)
    required |= set(clock_fields(profile.get("deadlines") or {}, type_name) if profile else ())
    for field in ctype.fields:
        if field.name == "title" or not (field.required or field.name in required or (custom and field.name in custom.lines)):
            continue
        if custom and field.name in custom.lines:
            lines += custom.lines[field.name]
            continue
        if field.coerce is f.datetime:
            value = now.strftime("%Y-%m-%dT%H:%M")
        elif field.coerce is f.date:
            value = now.date().isoformat()
        elif field.file:
            value = "[]"
        else:
            value = '""'
        lines.append(f"{field.name}: {value}  # {field.help}")
    lines += ["---", "", ""]
    try:  # a new file only, never through a symbolic link (the build refuses one)
        write_file(root, path.relative_to(root).as_posix(), "\n".join(lines).encode(), "content.symlink", how="new")
    except FileExistsError:
        print(f"{path.relative_to(root)} already exists; " + ("edit it" if custom and custom.slug
                                                              else "choose another title"),
              file=sys.stderr)
        return 2
    except LinkRefused as exc:
        print(exc, file=sys.stderr)
        return 2
    print(path.relative_to(root))
    return 0


TEXT_SUFFIXES = (".md", ".yaml", ".yml", ".csv", ".html")  # what is published as text: held to NFC


def _text_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """Text files (``TEXT_SUFFIXES``) under a folder, and the symbolic links met there (never followed)."""
    if folder.is_symlink():
        return [], [folder]
    files: list[Path] = []
    links: list[Path] = []
    for place, dirs, names in os.walk(folder):
        here = Path(place)
        links += [here / d for d in sorted(dirs) if (here / d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if path.is_symlink():
                links.append(path)
            elif path.suffix in TEXT_SUFFIXES and path.is_file():
                files.append(path)
    return files, links


_LINK_CODES = {"content": "content.symlink", "sites": "config.symlink", "profiles": "config.symlink",
               "layouts": "layout.symlink"}


def cmd_fix(ns: argparse.Namespace) -> int:
    """Normalise the text files of content/, sites/, profiles/ and layouts/ to NFC in place; a symbolic
    link is skipped, never written through."""
    if not ns.nfc:
        print("usage: build.py fix --nfc", file=sys.stderr)
        return 2
    root = ns.root.resolve()
    changed = _nfc_names(root / "content", root)
    for folder in ("content", "sites", "profiles", "layouts"):
        files, links = _text_files(root / folder)
        for link in links:
            print(f"skipped {link.relative_to(root)}: a symbolic link is not followed; the build refuses it, "
                  "replace it with the file itself", file=sys.stderr)
        for path in files:
            try:
                text = path.read_bytes().decode("utf-8")  # (line ends as they are: only letters change)
            except UnicodeDecodeError:
                continue
            fixed = unicodedata.normalize("NFC", text)
            if fixed == text:
                continue
            try:
                write_file(root, path.relative_to(root).as_posix(), fixed.encode(), _LINK_CODES[folder])
            except LinkRefused as exc:  # it, or a folder on its way, became a symbolic link since the walk
                print(f"skipped: {exc}", file=sys.stderr)
                continue
            print(f"normalised {path.relative_to(root)}")
            changed += 1
    print(f"{changed} file(s) normalised to NFC", file=sys.stderr)
    return 0


def _nfc_names(folder: Path, root: Path) -> int:
    """Names under ``folder`` in decomposed Unicode (as macOS saves them) renamed to NFC, deepest first, as
    items name their files; a name whose NFC twin exists is left, and said. Links are not followed."""
    renamed = 0
    if not folder.is_dir() or folder.is_symlink():
        return 0
    for place, dirs, names in os.walk(folder, topdown=False):
        for name in [*names, *dirs]:
            fixed = unicodedata.normalize("NFC", name)
            if fixed == name:
                continue
            old, new = Path(place) / name, Path(place) / fixed
            if os.path.lexists(new):
                print(f"left {old.relative_to(root)}: {new.relative_to(root)} exists too; keep one of them",
                      file=sys.stderr)
                continue
            os.rename(old, new)
            print(f"renamed {old.relative_to(root)} to its NFC name")
            renamed += 1
    return renamed


def cmd_schema(ns: argparse.Namespace) -> int:
    schemas = content_schemas()
    if ns.out:
        ns.out.mkdir(parents=True, exist_ok=True)
        for name, schema in schemas.items():
            (ns.out / f"{name}.schema.json").write_text(
                json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(schemas)} schemas to {ns.out}", file=sys.stderr)
    else:
        print(json.dumps(schemas, ensure_ascii=False, indent=2, sort_keys=True))
    return 0
