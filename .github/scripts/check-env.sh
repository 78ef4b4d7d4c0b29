#!/usr/bin/env bash
# The filing job's environment, kept in MAIN's cache: a clerk's answer should not wait for pip.
#
#   check-env.sh key SOURCE            prints key=<cache key> (for $GITHUB_OUTPUT)
#   check-env.sh install SOURCE VENV   VENV as the key says: kept when a restored copy carries
#                                      the key, else installed afresh (as install-check.sh does)
#
# SOURCE is main's checkout (judge/), never a pull request's. The key is made of what decides the
# venv's every byte: the runner's OS and exact Python, main's hash-pinned lock file
# (.github/requirements/check.txt), pyproject.toml and the package's source (git's tree id of
# generator/ at main's head), so a filing merged into main keeps the key and a code change makes a
# new one. The venv is saved only by check-env.yml on a push to main (actions/cache/save); the
# filing job only restores it (actions/cache/restore), and a pull_request_target run can restore
# only main's caches: nothing a pull request's run writes is ever restored. A restored venv is used
# only when its stamp (written last, after a complete install) equals the key; anything else is
# removed and installed anew.
set -euo pipefail
shopt -s inherit_errexit  # a failing git in $(key) stops the script
what="$1"
source_dir="$(cd "$2" && pwd)"

key() {
  local python trees
  python="$(python3 -c 'import platform, sys; print(platform.system(), platform.machine(), sys.version.split()[0], sys.implementation.cache_tag)')"
  trees="$(git -C "$source_dir" rev-parse HEAD:generator HEAD:pyproject.toml HEAD:.github/requirements/check.txt HEAD:.github/scripts/check-env.sh)"
  printf 'check-env-1-%s\n' "$(printf '%s\n%s\n' "$python" "$trees" | sha256sum | cut -c1-40)"
}

case "$what" in
  key)
    echo "key=$(key)"
    ;;
  install)
    venv="$3"
    wanted="$(key)"
    if [ -x "$venv/bin/shuangchuang" ] && [ "$(cat "$venv/.check-env-key" 2>/dev/null || true)" = "$wanted" ]; then
      echo "检查程序环境：取自主分支的缓存（$wanted）。"
      exit 0
    fi
    rm -rf "$venv"
    # As install-check.sh does, into VENV: the pinned versions (hash-checked when the lock file has
    # hashes), no resolver, then the package itself from SOURCE, not editable (the venv holds a copy).
    lock="$source_dir/.github/requirements/check.txt"
    hashes=()
    if grep -q -- '--hash=' "$lock"; then hashes=(--require-hashes); fi
    python3 -m venv --without-pip "$venv"
    pip=(python3 -m pip --python "$venv/bin/python" install -q --disable-pip-version-check --no-deps)
    "${pip[@]}" "${hashes[@]}" -r "$lock"
    "${pip[@]}" --no-build-isolation "$source_dir"
    echo "$wanted" >"$venv/.check-env-key"
    echo "检查程序环境：已重新安装（$wanted）。"
    ;;
  *)
    echo "用法：check-env.sh key SOURCE | check-env.sh install SOURCE VENV" >&2
    exit 2
    ;;
esac
