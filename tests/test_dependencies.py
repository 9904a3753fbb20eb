"""What the code needs is declared, locked and inside the repository.

Imports. Every module imported by absolute name in the repository's Python is either the
standard library (`sys.stdlib_module_names`), the project's own (the package `generator`, and
beside a test or benchmark the modules of its own folder, such as `sitekit` or `corpus`), or
comes from a distribution that pyproject.toml declares for that code:

    generator/ and build.py   [project] dependencies
    tests/                    dependencies and the `test` extra
    bench/                    dependencies and the `bench` extra
    docs/                     dependencies and the `test` extra (docs/screenshots.py drives the
                              browser tests' Chromium, and imports their helpers from tests/)

An import name is mapped to its distributions with `importlib.metadata.packages_distributions()`
(`yaml` -> PyYAML), names compared after PEP 503 normalisation. A module that no installed
distribution provides must have a declared distribution of the same name (the `bench` extra, say,
is not installed to run the tests). So `import requests` anywhere fails here until `requests` is
declared, whether or not some other package happened to bring it in. The other way round, every
runtime dependency must be imported by the tool, but for the few listed in UNUSED_RUNTIME.

Locks. requirements/*.lock pin every package with hashes and agree with pyproject.toml; see
requirements/lock.sh.

Paths. No test reads a file outside the repository (a seed text the tests need lives in
tests/fixtures/).
"""
from __future__ import annotations

import ast
import functools
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
OWN_PACKAGES = {"generator"}

# Declared runtime dependencies that the tool does not import (yet), each with the reason.
UNUSED_RUNTIME: dict[str, str] = {}


def declared(group: str | None = None) -> dict[str, Requirement]:
    """The requirements of [project] dependencies, or of one optional extra, by normalised name."""
    project = PYPROJECT["project"]
    lines = project["dependencies"] if group is None else project["optional-dependencies"][group]
    return {canonicalize_name(req.name): req for req in map(Requirement, lines)}


# (what, its files, the extra that may serve them besides the runtime dependencies)
AREAS = {
    "generator": (sorted((REPO / "generator").rglob("*.py")) + [REPO / "build.py"], None),
    "tests": (sorted((REPO / "tests").rglob("*.py")), "test"),
    "bench": (sorted((REPO / "bench").rglob("*.py")), "bench"),
    "docs": (sorted((REPO / "docs").rglob("*.py")), "test"),
}


def imported(path: Path) -> set[str]:
    """The top-level names of the absolute imports of one file, at any depth (inside functions,
    `try:` blocks and `if TYPE_CHECKING:` too); relative imports are the file's own package."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.partition(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


def local_modules(path: Path) -> set[str]:
    """Modules a script or test imports from its own folder (sys.path[0], or pytest's rootdir
    insertion): the folder's .py files and its packages; a script in docs/ also the tests' helpers,
    whose folder it puts on its path."""
    folders = [path.parent] + ([REPO / "tests"] if path.parent == REPO / "docs" else [])
    return ({p.stem for folder in folders for p in folder.glob("*.py")}
            | {p.parent.name for folder in folders for p in folder.glob("*/__init__.py")})


def third_party(files: list[Path]) -> dict[str, set[str]]:
    """Import name -> the files that import it, leaving out the standard library and own code."""
    found: dict[str, set[str]] = {}
    for path in files:
        for name in imported(path) - set(sys.stdlib_module_names) - OWN_PACKAGES - local_modules(path):
            found.setdefault(name, set()).add(path.name if not path.is_relative_to(REPO)
                                              else str(path.relative_to(REPO)))
    return found


@functools.cache
def installed() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def distributions(import_name: str) -> set[str]:
    """The normalised names of the distributions that provide an import name; when none installed
    does, the import name itself (then only a distribution of that very name can declare it)."""
    provided = installed().get(import_name)
    return {canonicalize_name(d) for d in provided} if provided else {canonicalize_name(import_name)}


@pytest.mark.parametrize("area", sorted(AREAS))
def test_every_import_is_declared_in_pyproject(area):
    files, extra = AREAS[area]
    allowed = set(declared()) | (set(declared(extra)) if extra else set())
    undeclared = {name: sorted(where) for name, where in third_party(files).items()
                  if not distributions(name) & allowed}
    extra_text = f" or its `{extra}` extra" if extra else ""
    assert not undeclared, (f"imported in {area}/ but not declared in pyproject.toml's dependencies"
                            f"{extra_text} (then run `bash requirements/lock.sh`): {undeclared}")


def test_the_import_check_catches_an_undeclared_package(tmp_path):
    (tmp_path / "helper.py").write_text("", encoding="utf-8")
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("import json\nimport yaml\nimport helper\nfrom generator import cli\n"
                      "def f():\n    import requests.adapters\nfrom . import sibling\n", encoding="utf-8")
    found = third_party([sneaky])
    assert found == {"yaml": {"sneaky.py"}, "requests": {"sneaky.py"}}
    every = set(declared()) | set(declared("test")) | set(declared("bench"))
    assert distributions("yaml") == {"pyyaml"} and "pyyaml" in every
    assert not distributions("requests") & every


def test_every_runtime_dependency_is_imported_by_the_tool():
    files, _ = AREAS["generator"]
    used = set().union(*(distributions(name) for name in third_party(files)))
    unused = set(declared()) - used
    assert unused == set(UNUSED_RUNTIME), (
        "declared in [project] dependencies but imported nowhere in generator/: "
        f"{sorted(unused - set(UNUSED_RUNTIME))}; listed as unused but imported now (take them out "
        f"of UNUSED_RUNTIME): {sorted(set(UNUSED_RUNTIME) - unused)}")


# ------------------------------------------------------------------ the lock files

LOCKS = {"run.lock": None, "test.lock": "test", "bench.lock": "bench"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def read_lock(name: str) -> dict[str, tuple[str, int]]:
    """Normalised name -> (pinned version, number of hashes) for every package of a lock file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in (REPO / "requirements" / name).read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonicalize_name(match[1])
            assert current not in pins, (name, current)
            pins[current] = (match[2], 0)
        elif line.strip().startswith("--hash=sha256:") and current is not None:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
        elif line and not line.startswith((" ", "#")):
            pytest.fail(f"requirements/{name}: a line that pins nothing: {line!r}")
    return pins


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_lock_pins_every_declared_package_with_hashes(lock):
    pins = read_lock(lock)
    assert pins and all(hashes for _, hashes in pins.values()), \
        f"requirements/{lock}: every package needs its hashes: " + str([n for n, (_, h) in pins.items() if not h])
    extra = LOCKS[lock]
    wanted = declared() | (declared(extra) if extra else {})
    # The build backend too: the project is installed with --no-build-isolation.
    wanted |= {canonicalize_name(req.name): req
               for req in map(Requirement, PYPROJECT["build-system"]["requires"])}
    for name, req in wanted.items():
        assert name in pins, f"{req} is declared but not in requirements/{lock}: bash requirements/lock.sh"
        version = pins[name][0]
        assert req.specifier.contains(version, prereleases=True), \
            f"requirements/{lock} pins {name}=={version}, outside {req}: bash requirements/lock.sh"


def test_locks_agree_on_every_version():
    locks = {lock: read_lock(lock) for lock in LOCKS}
    run = locks["run.lock"]
    for lock, pins in locks.items():
        assert set(run) <= set(pins), (lock, set(run) - set(pins))
    versions: dict[str, set[str]] = {}
    for pins in locks.values():
        for name, (version, _) in pins.items():
            versions.setdefault(name, set()).add(version)
    assert {name: v for name, v in versions.items() if len(v) > 1} == {}


# ------------------------------------------------------------------ paths

# A path into the machine rather than the repository: the shared folder beside the clone, a home.
OUTSIDE = re.compile(r"/work/|(?<![\w-])shared/|[\"']shared[\"']|Path\.home\(\)|expanduser\(|/home/|/root/"
                     r"|parents\[[2-9]\]|parents\[1\]\.parent")


def test_no_test_reads_a_path_outside_the_repository():
    """Tests run from a fresh clone anywhere: what they read is in the repository (seed texts in
    tests/fixtures/). This file names the patterns, so it is not searched."""
    found = []
    for path in sorted((REPO / "tests").rglob("*.py")):
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert not found, "paths outside the repository:\n" + "\n".join(found)
