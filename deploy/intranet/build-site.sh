#!/usr/bin/env bash
# Build the public site from main on the intranet web server and publish it into the folder nginx
# serves, with no step that needs the internet: Python from the OS (python3, python3-venv), the
# pinned packages from the office's wheelhouse or local mirror (pip-source.sh), git from the forge.
#
#   build-site.sh                 fetch main, build, publish (the systemd timer runs this)
#   build-site.sh --force         the same even when main and the Beijing date are unchanged
#   build-site.sh --source DIR --check-only
#                                 build DIR (a checkout of main) in a temporary folder, publish nothing
#                                 (.forgejo/workflows/deploy.yml: does main build?)
#
# Settings (/etc/shuangchuang/site.env, read by the systemd unit; see docs/内网部署指南.md):
#   FORGE_GIT_URL   the repository, e.g. https://git.dlftu.internal/dlftu/shuangchuang.git
#   SITE_ROOT       default /srv/shuangchuang: releases/ (one folder per build), current -> the
#                   published one (nginx's root), state/ (the clone, the venvs, the QR cache)
#   WHEELHOUSE or PIP_INDEX_URL   where the packages come from (pip-source.sh)
#   FORGE_TOKEN     optional, read-only: the site then lists the open filing pull requests
#
# Only main is ever built: the clone fetches refs/heads/main and nothing else, and the build
# runs the code of that commit. Publishing is one rename of a symlink: visitors see the old site
# or the new one, never half of each. A failed build publishes nothing and exits non-zero.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source_dir="" check_only=0 force=0
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_dir="$2"; shift 2 ;;
    --check-only) check_only=1; shift ;;
    --force) force=1; shift ;;
    *) echo "build-site.sh: 不认识的参数“$1”（可用 --source 目录、--check-only、--force）" >&2; exit 2 ;;
  esac
done
. "$here/pip-source.sh"

site_root="${SITE_ROOT:-/srv/shuangchuang}"
if [ "$check_only" = 1 ]; then
  state="$(mktemp -d "${RUNNER_TEMP:-/tmp}/site.XXXXXX")"
else
  state="$site_root/state"
fi
mkdir -p "$state"

# 1. main, fetched from the forge (or the checkout given).
if [ -z "$source_dir" ]; then
  : "${FORGE_GIT_URL:?请在 /etc/shuangchuang/site.env 中设置 FORGE_GIT_URL（仓库的 git 地址）}"
  repo="$state/repo"
  [ -d "$repo/.git" ] || git init -q "$repo"
  git -C "$repo" -c core.hooksPath=/dev/null fetch -q --no-tags "$FORGE_GIT_URL" "+refs/heads/main:refs/remotes/origin/main"
  git -C "$repo" -c core.hooksPath=/dev/null -c advice.detachedHead=false checkout -q --force --detach refs/remotes/origin/main
  git -C "$repo" clean -q -f -d -x -e .build/cache
  source_dir="$repo"
fi
sha="$(git -C "$source_dir" rev-parse HEAD)"
stamp="$sha $(TZ=Asia/Shanghai date +%F)"
if [ "$check_only" = 0 ] && [ "$force" = 0 ] && [ "$(cat "$state/published" 2>/dev/null)" = "$stamp" ]; then
  echo "主分支（${sha:0:10}）和日期都没有变化，网站不用重新生成。"
  exit 0
fi

# 2. The program of that commit, at its pinned, hash-checked versions, in a venv kept per lock
# file (SHUANGCHUANG: a program to use instead, for tests).
program="${SHUANGCHUANG:-}"
if [ -z "$program" ]; then
  lock="$source_dir/.github/requirements/test.txt"
  venv="$state/venv-$(sha256sum "$lock" | cut -c1-16)"
  if [ ! -x "$venv/bin/python" ]; then
    rm -rf "$venv.new" && python3 -m venv "$venv.new"
    "$venv.new/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
    mv -T "$venv.new" "$venv"
  fi
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall "$source_dir"
  program="$venv/bin/shuangchuang"
fi

# 3. Build (the QR codes kept from the last build of main: only this script writes them).
mkdir -p "$state/cache" "$source_dir/.build"
rm -rf "$source_dir/.build/cache" && cp -a "$state/cache" "$source_dir/.build/cache"
(cd "$source_dir" && PYTHONSAFEPATH=1 "$program" build)
if [ "$check_only" = 1 ]; then
  echo "主分支（${sha:0:10}）可以生成网站（只检验，不发布）。"
  exit 0
fi
rm -rf "$state/cache" && cp -a "$source_dir/.build/cache" "$state/cache"

# 4. Publish: a new release folder, then one atomic rename of the `current` link.
release="$site_root/releases/$(date -u +%Y%m%dT%H%M%SZ)-${sha:0:10}"
mkdir -p "$site_root/releases"
cp -a "$source_dir/site" "$release"
ln -sfn "$release" "$site_root/current.new"
mv -T "$site_root/current.new" "$site_root/current"
echo "$stamp" >"$state/published"
ls -1d "$site_root"/releases/* | head -n -5 | xargs -r rm -rf  # keep the last five
echo "已发布主分支 ${sha:0:10} 的网站到 $site_root/current。"
