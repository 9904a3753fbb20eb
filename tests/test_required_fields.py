"""Every required field has a failing fixture that pins the exact line (issue 9, point 12).

The cases come from the declarations themselves: each field a content type requires
(``generator/model/content_types.py``) and each field a profile in ``generator/profiles/`` requires of
a type (``required_fields`` and the ``*_fields`` lists, ``model/profile_fields.py``). A new type, a
new required field or a new profile rule is a new case here with no edit; a type without a valid
item in ``sitekit.VALID`` fails until it has one. Each case builds the valid item with the field
left out, then with the field given no value (and a file field with an empty list), and asserts the
one diagnostic: its path, its line and `field.required`. A missing key is reported at the first line
of the front matter (the mapping's start), an empty one at its own line.
"""
from __future__ import annotations

import pytest
from sitekit import VALID, codes, item_files, item_path, run_build, write_repo

from generator.model.config import PROFILES_DIR, load_profile
from generator.model.content_types import CONTENT_TYPES, DERIVED_DEFAULTS
from generator.model.profile_fields import profile_requirements

DEFAULT_PROFILE = "langson-2025"
PROFILES = sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


def type_required(type_name: str) -> list[str]:
    return [x.name for x in CONTENT_TYPES[type_name].fields
            if x.required and (type_name, x.name) not in DERIVED_DEFAULTS]


def profile_required(profile: str) -> tuple[tuple[str, str], ...]:
    loaded, problems = load_profile(profile, PROFILES_DIR)
    assert loaded is not None, [d.text() for d in problems]
    return profile_requirements(loaded.data)


# (profile, type, field): each field a type requires, under the default profile; each field a profile
# requires beyond the type's own, under that profile.
CASES = sorted(
    [(DEFAULT_PROFILE, t, name) for t in CONTENT_TYPES for name in type_required(t)]
    + [(profile, t, name) for profile in PROFILES for t, name in profile_required(profile)
       if name not in type_required(t)])
IDS = [f"{profile}-{t}-{name}" for profile, t, name in CASES]


def changed(type_name: str, name: str, block: str | None) -> tuple[int, tuple[str, ...]]:
    """The valid item with the field's block left out (None) or replaced; and the line of that block
    (line 1 is the opening `---`)."""
    blocks = VALID[type_name]
    found = [i for i, one in enumerate(blocks) if one.split(":", 1)[0] == name]
    assert len(found) == 1, f"sitekit.VALID[{type_name!r}] must give `{name}` once"
    i = found[0]
    line = 2 + sum(one.count("\n") + 1 for one in blocks[:i])
    return line, blocks[:i] + ((block,) if block is not None else ()) + blocks[i + 1:]


def build(tmp_path, profile: str, type_name: str, blocks: tuple[str, ...]):
    rel = item_path(type_name, CONTENT_TYPES[type_name].dated_folder)
    write_repo(tmp_path, item_files(rel, blocks), profile=profile)
    return rel, run_build(tmp_path, check_only=True)


def test_every_type_has_a_valid_item():
    assert set(VALID) == set(CONTENT_TYPES)


@pytest.mark.parametrize("profile, type_name", sorted({(p, t) for p, t, _ in CASES}))
def test_the_valid_item_of_each_type_passes_check_under_each_profile_of_its_cases(tmp_path, profile, type_name):
    """What the cases below take away from, under the same profile: else a case could fail for another
    reason. (Not under every profile: some refuse a type, as Bến Tre refuses Công báo issues.)"""
    _, result = build(tmp_path, profile, type_name, VALID[type_name])
    assert result.diagnostics == [], [d.text() for d in result.diagnostics]


@pytest.mark.parametrize("profile, type_name, name", CASES, ids=IDS)
def test_a_missing_required_field_is_an_error_at_the_start_of_the_front_matter(tmp_path, profile, type_name, name):
    _, blocks = changed(type_name, name, None)
    rel, result = build(tmp_path, profile, type_name, blocks)
    assert codes(result) == [(rel, 2, "field.required")], [d.text() for d in result.diagnostics]
    assert result.diagnostics[0].message == f"missing required key `{name}` in the front matter"
    assert not result.ok


@pytest.mark.parametrize("profile, type_name, name", CASES, ids=IDS)
def test_an_empty_required_field_is_an_error_at_its_own_line(tmp_path, profile, type_name, name):
    line, blocks = changed(type_name, name, f"{name}:")
    rel, result = build(tmp_path, profile, type_name, blocks)
    assert codes(result) == [(rel, line, "field.required")], [d.text() for d in result.diagnostics]
    assert result.diagnostics[0].message == f"`{name}` is empty; give it a value"
    assert not result.ok


FILE_CASES = [(profile, t, name) for profile, t, name in CASES if CONTENT_TYPES[t].field(name).file]


@pytest.mark.parametrize("profile, type_name, name", FILE_CASES, ids=[f"{p}-{t}-{n}" for p, t, n in FILE_CASES])
def test_a_required_file_list_that_names_no_file_is_an_error_at_its_line(tmp_path, profile, type_name, name):
    line, blocks = changed(type_name, name, f"{name}: []")
    rel, result = build(tmp_path, profile, type_name, blocks)
    assert codes(result) == [(rel, line, "field.required")], [d.text() for d in result.diagnostics]
    assert result.diagnostics[0].message == f"`{name}` is an empty list; name at least one file"
