#!/usr/bin/env bash
# The filing job's install: only what `shuangchuang check` needs, at the versions a tool pinned
# (.github/requirements/check.txt), into a fresh .venv. No resolver run, no build isolation (the
# pinned setuptools builds the package), so a warm pip cache makes this a few seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -r .github/requirements/check.txt
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
