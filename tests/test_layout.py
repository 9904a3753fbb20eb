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


# Each README command makes (or reuses) its own virtual environment, so that nothing installed on
# the machine stands in for an undeclared dependency, and installs only hashed, locked packages:
# the lock, then the project itself with no dependency and no build-time download (the build
# backend is in the lock too).
def setup_steps(lock: str) -> list[str]:
    return ["python3 -m venv .venv", ". .venv/bin/activate", "npm ci --ignore-scripts",
            f"pip install --require-hashes -r requirements/{lock}",
            "pip install --no-deps --no-build-isolation -e ."]


def test_readme_first_screen_has_exactly_two_setup_commands():
    commands = readme_commands()
    assert len(commands) == 2
    build, test = commands
    assert build.split(" && ") == setup_steps("run.lock") + ["python build.py"]
    assert test.split(" && ") == setup_steps("test.lock") + ["python -m pytest -q"]
    for lock in ("run.lock", "test.lock"):
        assert (REPO / "requirements" / lock).is_file(), lock
    assert "/.venv/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_ci_runs_exactly_the_readme_commands():
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    build, test = readme_commands()
    assert f'BUILD_CMD="{build}"' in ci and f'TEST_CMD="{test}"' in ci
    assert 'bash -euo pipefail -c "$BUILD_CMD"' in ci and 'bash -euo pipefail -c "$TEST_CMD"' in ci
    assert "set -euo pipefail" in ci
    # The tests that need a tool CI installs fail there instead of skipping.
    assert re.search(r"^export CI=1$", ci, re.M)
    # Nothing else installs Python packages: only the README's commands do.
    outside = ci.replace(f'BUILD_CMD="{build}"', "").replace(f'TEST_CMD="{test}"', "")
    assert "pip install" not in outside and "pip3 install" not in outside


APT_LIST = ".ci/apt-packages.txt"
APT_INSTALL = f"bash .ci/apt-install {APT_LIST}"


def apt_packages() -> dict[str, str]:
    """The shared list of Debian packages: package -> the shell test of its presence."""
    packages = {}
    for line in (REPO / APT_LIST).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            package, _, present = line.partition(" ")
            assert present.strip(), f"{APT_LIST}: {package} has no test of its presence"
            packages[package] = present.strip()
    return packages


def test_one_list_of_debian_packages_names_what_the_ci_only_tests_need():
    packages = apt_packages()
    # jq: the review gate's steps; nginx: the 410 rules; Java: vnu.jar; chromium: the browser tests.
    assert {"jq", "nginx", "default-jre-headless", "chromium"} <= set(packages)
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9.+-]*", name) for name in packages), packages


def test_ci_and_every_workflow_that_installs_debian_packages_read_the_one_list():
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    assert APT_INSTALL in ci and "apt-get" not in ci
    readers = set()
    for path in sorted((REPO / ".github/workflows").glob("*.y*ml")):
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        script = "\n".join(s.get("run", "") for job in flow["jobs"].values() for s in job.get("steps", []))
        # No package is installed past the list, by apt or any other way.
        assert not re.search(r"\bapt(-get)? +install\b|\bdpkg -i\b", script), path.name
        if "apt-install" in script or "apt-get" in script:
            assert APT_INSTALL in script, path.name
            readers.add(path.name)
    # The one workflow that runs the tests installs what they need.
    assert readers >= {"build.yml"}


def test_every_workflow_installs_the_locked_packages_only():
    for path in sorted((REPO / ".github/workflows").glob("*.y*ml")):
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, job in flow["jobs"].items():
            script = "\n".join(s.get("run", "") for s in job.get("steps", []))
            installs = [line.strip() for line in script.splitlines() if re.search(r"\bpip3? install\b", line)]
            for line in installs:
                assert (re.search(r"pip install( --disable-pip-version-check)? --require-hashes "
                                  r"-r requirements/(run|test)\.lock$", line)
                        or re.search(r"pip install( --disable-pip-version-check)? --no-deps "
                                     r"--no-build-isolation -e \.$", line)), (path.name, job_id, line)
            if installs:  # the lock first, then the project
                assert "--require-hashes" in installs[0] and "--no-deps" in installs[-1], (path.name, job_id)
            if "pytest" in script:
                assert "-r requirements/test.lock" in script, (path.name, job_id)


def test_workflow_validates_builds_and_tests_with_least_privilege():
    flow = yaml.safe_load((REPO / ".github/workflows/build.yml").read_text(encoding="utf-8"))
    assert flow["permissions"] == {"contents": "read"}
    runs = " ".join(step.get("run", "") for step in flow["jobs"]["build"]["steps"])
    assert "build.py check --format github" in runs and "python -m pytest -q" in runs
