#!/usr/bin/env bash
# On a machine WITH the internet (once per change of the lock files): download every pinned
# package as a wheel for the intranet's Python (Debian 12: CPython 3.11, x86_64), into one
# folder the office copies to the web server and the runners (WHEELHOUSE, see pip-source.sh).
#   deploy/intranet/make-wheelhouse.sh [FOLDER]      default ./wheelhouse
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${1:-wheelhouse}"
mkdir -p "$out"
for lock in .github/requirements/test.txt .github/requirements/check.txt; do
  python3 -m pip download -q --disable-pip-version-check -d "$out" -r "$lock" \
    --only-binary=:all: --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux_2_28_x86_64 --platform any --python-version 3.11 --implementation cp
done
python3 -m pip download -q --disable-pip-version-check -d "$out" --no-deps "setuptools" "wheel" "pip"
( cd "$out" && sha256sum ./*.whl >SHA256SUMS )
echo "离线包已下载到 $out（$(ls "$out"/*.whl | wc -l) 个）：连同 SHA256SUMS 一起拷到内网服务器。"
