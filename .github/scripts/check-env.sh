#!/usr/bin/env bash
# The filing job's environment, kept in MAIN's cache: a clerk's answer should not wait for pip.
#
#   check-env.sh key SOURCE            prints key=<cache key> (for $GITHUB_OUTPUT)
#   check-env.sh verify SOURCE VENV    prints ready=true when VENV (as actions/cache/restore put it
#                                      back) carries the key; otherwise removes it, prints ready=false
#   check-env.sh install SOURCE VENV   VENV as the key says: kept when it is ready, else installed
#                                      afresh by install-check.sh and stamped with the key
#
# SOURCE is main's checkout (judge/), never a pull request's. The key is made of what decides the
# venv's every byte: the runner's OS and exact Python, main's hash-pinned lock file
# (.github/requirements/check.txt), pyproject.toml, the install scripts and the package's source
# (git's tree id of generator/ at main's head), so a filing merged into main keeps the key and a
# code change makes a new one. The venv is saved only by check-env.yml on a push to main
# (actions/cache/save); checks.yml and merge.yml only restore it (actions/cache/restore, exact key,
# before their install step, which runs install-check.sh unless `verify` said ready), and a
# pull_request_target or issue_comment run can restore only main's caches: nothing a pull request's
# run writes is ever restored. A restored venv is used only when its stamp (written last, after a
# complete install) equals the key; anything else is removed and installed anew.
set -euo pipefail
shopt -s inherit_errexit  # a failing git in $(key) stops the script
what="$1"
source_dir="$(cd "$2" && pwd)"
stamp=".check-env-key"

key() {
  local python trees
  python="$(python3 -c 'import platform, sys; print(platform.system(), platform.machine(), sys.version.split()[0], sys.implementation.cache_tag)')"
  # Trust exactly SOURCE for this one command (command-scope config; a container job runs as root
  # in a workspace the runner user owns).
  trees="$(GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0="$source_dir" \
    git -C "$source_dir" rev-parse HEAD:generator HEAD:pyproject.toml HEAD:.github/requirements/check.txt \
      HEAD:.github/scripts/check-env.sh HEAD:.github/scripts/install-check.sh)"
  printf 'check-env-2-%s\n' "$(printf '%s\n%s\n' "$python" "$trees" | sha256sum | cut -c1-40)"
}

# Whether VENV is a complete install for `wanted`; anything else there is removed.
ready() {
  local venv="$1" wanted="$2"
  if [ -x "$venv/bin/shuangchuang" ] && [ "$(cat "$venv/$stamp" 2>/dev/null || true)" = "$wanted" ]; then
    return 0
  fi
  rm -rf "$venv"
  return 1
}

case "$what" in
  key)
    wanted="$(key)"  # an assignment: a failing git stops the script (inside echo it would not)
    echo "key=$wanted"
    ;;
  verify)
    wanted="$(key)"
    if ready "$3" "$wanted"; then
      echo "检查程序环境：取自主分支的缓存（$wanted）。" >&2
      echo "ready=true"
    else
      echo "检查程序环境：主分支的缓存里没有（$wanted），下一步重新安装。" >&2
      echo "ready=false"
    fi
    ;;
  install)
    venv="$3"
    wanted="$(key)"
    if ready "$venv" "$wanted"; then
      echo "检查程序环境：取自主分支的缓存（$wanted）。"
      exit 0
    fi
    # Exactly the filing job's install: the hash-checked pins, then the package, not editable.
    bash "$source_dir/.github/scripts/install-check.sh" "$source_dir" "$venv"
    echo "$wanted" >"$venv/$stamp"
    echo "检查程序环境：已重新安装（$wanted）。"
    ;;
  *)
    echo "用法：check-env.sh key SOURCE | check-env.sh verify SOURCE VENV | check-env.sh install SOURCE VENV" >&2
    exit 2
    ;;
esac
