"""The repository's shape and its set-up, as a newcomer meets them."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]


def test_top_level_layout_fixed_by_the_client():
    for name in ("content", "layouts", "sites", "generator", "tests", ".github"):
        assert (REPO / name).is_dir(), name
    for name in ("build.py", "pyproject.toml", "README.md", ".ci/run"):
        assert (REPO / name).is_file(), name


def readme_commands() -> list[str]:
    first_screen = (REPO / "README.md").read_text(encoding="utf-8").split("---")[0]
    return re.findall(r"```sh\n(.+?)\n```", first_screen)


def test_readme_first_screen_has_exactly_two_setup_commands():
    commands = readme_commands()
    assert len(commands) == 2
    build, test = commands
    assert "pip install -e '.[test]'" in build and build.endswith("python build.py")
    assert test.endswith("python -m pytest -q")


def test_ci_runs_exactly_the_readme_commands():
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    build, test = readme_commands()
    assert f'BUILD_CMD="{build}"' in ci and f'TEST_CMD="{test}"' in ci
    assert 'bash -euo pipefail -c "$BUILD_CMD"' in ci and 'bash -euo pipefail -c "$TEST_CMD"' in ci
    assert "set -euo pipefail" in ci


def test_workflow_validates_builds_and_tests_with_least_privilege():
    flow = yaml.safe_load((REPO / ".github/workflows/build.yml").read_text(encoding="utf-8"))
    assert flow["permissions"] == {"contents": "read"}
    runs = " ".join(step.get("run", "") for step in flow["jobs"]["build"]["steps"])
    assert "build.py check --format github" in runs and "python -m pytest -q" in runs
