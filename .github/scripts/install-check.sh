#!/usr/bin/env bash
# Install the checker from SOURCE (main's checkout, never a pull request's) into a fresh VENV:
# the pinned, hash-checked versions of .github/requirements/check.txt (pip refuses any file whose
# hash differs), then the package itself, not editable (the venv holds a copy: nothing is read
# from the source folder afterwards). No resolver run (--no-deps), no pip inside the venv (the
# outer pip installs into it), no build isolation (the pinned setuptools builds the package).
#   install-check.sh [SOURCE [VENV]]     default: this repository, .venv in it
set -euo pipefail
source_dir="${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
venv="${2:-$source_dir/.venv}"
python3 -m venv --without-pip "$venv"
pip=(python3 -m pip --python "$venv/bin/python" install -q --disable-pip-version-check --no-deps)
"${pip[@]}" --require-hashes -r "$source_dir/.github/requirements/check.txt"
"${pip[@]}" --no-build-isolation "$source_dir"
