"""`build.py new TYPE` for every type in the content-type table and every profile (issue 9, point 12):
the stub fails `check` with an error located on each line an editor must fill, and passes once an
editor fills those lines as the stub's comments and the JSON Schema say (the test does it generically,
from the schema: a choice from the enum, an example from the help text that fits the pattern, a file
that exists for a file list, words for text)."""
from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml
from sitekit import codes, run_build, write_repo

from generator.cli import main
from generator.model.config import PROFILES_DIR
from generator.model.content_types import CONTENT_TYPES
from generator.model.schema import content_schemas

NOW = "2026-10-05T09:00"
PDF = b"%PDF-1.4\n%%EOF\n"
PROFILES = sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))
STUB = re.compile(r'^(?P<indent>\s*(?:- )?)(?P<key>\w+): (?P<value>""|\[\])(?P<comment>\s+#.*)?$')


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def property_schema(schema: dict, key: str) -> dict | None:
    """The schema of ``key`` wherever it is declared: the type's own fields first, then nested ones."""
    props = schema.get("properties", {})
    if key in props:
        return props[key]
    for sub in [*props.values(), *([schema["items"]] if "items" in schema else [])]:
        found = property_schema(sub, key) if isinstance(sub, dict) else None
        if found:
            return found
    return None


def filled(prop: dict, key: str, folder: Path, type_name: str) -> str:
    """What an editor writes for one stubbed key, reading its schema and help text."""
    if "anyOf" in prop:
        prop = {"description": prop.get("description", ""), **next(p for p in prop["anyOf"] if p.get("type") == "string")}
    if prop.get("enum"):
        return prop["enum"][0]
    if prop.get("type") == "integer":
        return "2026"
    if prop.get("type") == "array":
        if key in CONTENT_TYPES[type_name].file_fields:
            (folder / f"{key}.pdf").write_bytes(PDF)
            return f"[{key}.pdf]"
        return '["Nội dung mẫu"]'
    if prop.get("pattern"):
        examples = [w for w in re.split(r"[\s,;:()]+", prop["description"]) if re.fullmatch(prop["pattern"], w)]
        assert examples, f"`{key}`: the help text shows no example an editor could follow: {prop['description']}"
        return examples[0]
    return {"email": "bbt@langson.gov.vn", "uri": "https://dichvucong.gov.vn/"}.get(prop.get("format"),
                                                                                   '"Nội dung mẫu"')


def fill(text: str, schema: dict, folder: Path, type_name: str) -> str:
    lines = []
    for line in text.splitlines():
        m = STUB.match(line)
        if m:
            prop = property_schema(schema, m["key"])
            assert prop is not None, f"`{m['key']}` has no schema"
            line = f"{m['indent']}{m['key']}: {filled(prop, m['key'], folder, type_name)}{m['comment'] or ''}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_type_stub_fails_check_where_to_fill_and_passes_once_filled(tmp_path, profile):
    write_repo(tmp_path, {}, profile=profile)
    stubs = {}
    for type_name in CONTENT_TYPES:
        code, out, err = run("new", type_name, "--site", "tinh", "--root", str(tmp_path), "--now", NOW,
                             f"Mẫu {type_name}")
        congbao = yaml.safe_load((PROFILES_DIR / f"{profile}.yaml").read_text(encoding="utf-8")).get("congbao") or {}
        if type_name == "gazette" and congbao.get("mode") != "publish":
            assert code == 2 and "so its issues are not items here; nothing written" in err, err
            continue  # the profile links to the Công báo: `new` says so and writes nothing
        assert code == 0, err
        stubs[type_name] = out.strip()
    code, _, err = run("check", "--root", str(tmp_path), "--no-cache", "--now", NOW)
    assert code == 1
    errors = [line for line in err.splitlines() if ": error[" in line]
    for type_name, rel in stubs.items():
        text = (tmp_path / rel).read_text(encoding="utf-8").splitlines()
        located = [e for e in errors if e.startswith(rel + ":")]
        assert located, f"the `{type_name}` stub passes check before anything is filled in:\n" + "\n".join(text)
        for e in located:  # each error points at a line of the stub an editor fills in, or at its body
            line = int(e.split(":")[1])
            assert 2 <= line <= len(text) + 1, e
    assert len(errors) == sum(1 for e in errors if any(e.startswith(rel + ":") for rel in stubs.values()))

    schemas = content_schemas()
    for type_name, rel in stubs.items():
        path = tmp_path / rel
        text = fill(path.read_text(encoding="utf-8"), schemas[type_name], path.parent, type_name)
        if text.rstrip().endswith("---"):
            text += "Nội dung mẫu.\n"  # the body, below the front matter
        path.write_text(text, encoding="utf-8")
    code, _, err = run("check", "--root", str(tmp_path), "--no-cache", "--now", NOW)
    assert code == 0, err + "\n".join(f"{rel}:\n{(tmp_path / rel).read_text()}" for rel in stubs.values()
                                      if rel in err)


def test_the_draft_stub_opens_today_and_closes_thirty_days_later(tmp_path):
    write_repo(tmp_path, {})
    code, out, _ = run("new", "draft", "--site", "tinh", "--root", str(tmp_path), "--now", NOW, "Dự thảo Quy định")
    text = (tmp_path / out.strip()).read_text(encoding="utf-8")
    assert code == 0 and re.search(r"^comment_open: 2026-10-05  #", text, re.M)
    assert re.search(r"^comment_close: 2026-11-04  # thời hạn tiếp nhận ý kiến, 30 days", text, re.M)


@pytest.mark.parametrize("body, line", [("", 4), ("\n\n   \n", 4), ("\n", 4)])
def test_a_page_without_text_is_an_error_at_its_body(tmp_path, body, line):
    write_repo(tmp_path, {"content/tinh/page/lich-su.md": '---\ntitle: "Lịch sử"\n---\n' + body})
    result = run_build(tmp_path)
    assert codes(result) == [("content/tinh/page/lich-su.md", line, "body.empty")]
    assert "write it below the front matter's closing `---` line" in result.diagnostics[0].message
    write_repo(tmp_path, {"content/tinh/page/lich-su.md": '---\ntitle: "Lịch sử"\n---\n' + body + "Vùng đất biên cương.\n"})
    assert run_build(tmp_path).ok
