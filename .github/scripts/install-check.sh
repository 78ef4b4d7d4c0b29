#!/usr/bin/env bash
# The filing job's install: only what `shuangchuang check` needs, at the versions a tool pinned
# (.github/requirements/check.txt), into a fresh .venv. No resolver run (every version is pinned,
# --no-deps), no pip inside the venv (the outer pip installs into it), no build isolation (the
# pinned setuptools builds the package): with a warm pip cache this takes seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
python3 -m venv --without-pip .venv
python3 -m pip --python .venv/bin/python install -q --disable-pip-version-check --no-deps -r .github/requirements/check.txt
python3 -m pip --python .venv/bin/python install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
