"""Editors' helpers: ``new`` (an item with every required field stubbed), ``fix --nfc``,
``schema`` (JSON Schema of each content type)."""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata

from ..core import fields as f
from ..core.clock import now_in_vietnam
from ..core.textcheck import slugify_vi
from ..model.content_types import CONTENT_TYPES
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
    slug = slugify_vi(title) or "bai-viet"
    folder = root / "content" / ns.site[0] / type_name
    if ctype.dated_folder:
        folder = folder / f"{now.year:04d}"
    path = folder / f"{slug}.md"
    if path.exists():
        print(f"{path.relative_to(root)} already exists; choose another title", file=sys.stderr)
        return 2
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    for field in ctype.fields:
        if not field.required or field.name == "title":
            continue
        if field.coerce is f.datetime:
            value = now.strftime("%Y-%m-%dT%H:%M")
        elif field.coerce is f.date:
            value = now.date().isoformat()
        elif field.name == "files":
            value = "[]"
        else:
            value = '""'
        lines.append(f"{field.name}: {value}  # {field.help}")
    lines += ["---", "", ""]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    print(path.relative_to(root))
    return 0


def cmd_fix(ns: argparse.Namespace) -> int:
    if not ns.nfc:
        print("usage: build.py fix --nfc", file=sys.stderr)
        return 2
    root = ns.root.resolve()
    changed = 0
    for folder in ("content", "sites"):
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".md", ".yaml", ".yml") or not path.is_file():
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            fixed = unicodedata.normalize("NFC", text)
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")
                print(f"normalised {path.relative_to(root)}")
                changed += 1
    print(f"{changed} file(s) normalised to NFC", file=sys.stderr)
    return 0


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
