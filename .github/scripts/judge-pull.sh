#!/usr/bin/env bash
# Judge pull request PR_NUMBER with main's code: checks.yml (on every push to it) and merge.yml
# (at the moment of merging) both run this, from main's checkout in judge/.
#
# Nothing of the pull request is installed, executed or sourced: its head is fetched as data
# (refs/pull/N/head, also for forks) into pr/, a repository this script makes (our git config:
# no hooks, symlinks checked out as plain files) and merged with main there, as GitHub's test
# merge would be. The checker is the one installed from judge/ into $RUNNER_TEMP/venv; it runs
# with cwd=pr/ through its console script, with PYTHONSAFEPATH=1 (nothing in pr/ is importable).
#
# The times (README.md, developer part, "When content arrives"):
#   now          this script's start (`date`), the moment of judging;
#   opened-at    the pull request's created_at, from the forge's API (server-set);
#   arrivals     the runs of checks.yml on main for this pull request (`shuangchuang forge
#                arrivals`): server-set created_at, one per push the forge saw.
#
# In:  PR_NUMBER, GH_TOKEN (read: pull requests, actions), RUNNER_TEMP, CHECK_FORMAT (github|text).
# Out: $RUNNER_TEMP/judge/head (the head judged), findings.txt (check's output); exit 0 green,
#      1 findings, 2 the judgment could not be made.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/log-safe.sh"
now="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
workspace="$(pwd -P)"
temp="${RUNNER_TEMP:?}/judge"
rm -rf "$temp" && mkdir -p "$temp"
judge="${JUDGE:-$RUNNER_TEMP/venv/bin/shuangchuang}"
format="${CHECK_FORMAT:-github}"
number="${PR_NUMBER:-}"
if ! [[ "$number" =~ ^[1-9][0-9]{0,8}$ ]]; then
  echo "::error title=合并请求编号不对::本次运行没有得到有效的合并请求编号。"
  exit 2
fi

# Trust exactly our two folders, for this job only (command-scope config in the environment; a
# container job runs as root in a workspace the runner user owns).
export GIT_CONFIG_COUNT=2
export GIT_CONFIG_KEY_0=safe.directory GIT_CONFIG_VALUE_0="$workspace/judge"
export GIT_CONFIG_KEY_1=safe.directory GIT_CONFIG_VALUE_1="$workspace/pr"
export PYTHONSAFEPATH=1

if ! main_sha="$(git -C judge rev-parse --verify -q 'HEAD^{commit}')"; then
  reason="$(git -C judge rev-parse --verify HEAD 2>&1 >/dev/null | tr '\n' ' ')"
  echo "::error title=git 无法读取仓库::git 无法读取主分支的取出目录 judge/，git 给出的原因是：$(log_safe "${reason:-（无）}" | tr -d '\n')"
  exit 2
fi
origin="$(git -C judge remote get-url origin)"

# The forge's records, asked from main's checkout (main's settings pick the forge).
forge() { (cd judge && "$judge" forge "$@"); }
if ! forge pull "$number" "$temp/pull.json"; then
  echo "::error title=未能读取合并请求::无法从平台读取 #$number，请稍后重新运行。"
  exit 2
fi
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$temp/pull.json" "$1"; }
opened="$(field created_at)"
target="$(field base_ref)"
if [ "refs/heads/$target" != "${GITHUB_REF:-refs/heads/$target}" ]; then
  echo "::error title=目标分支不对::#$number 的目标分支不是 ${GITHUB_REF#refs/heads/}：只检查、合并以主分支为目标的合并请求。"
  exit 2
fi

# pr/: main, then the pull request's head fetched as data, merged as GitHub's test merge would be.
rm -rf pr
g() {
  git -C pr -c core.hooksPath=/dev/null -c core.symlinks=false -c core.fsmonitor=false \
    -c user.name=shuangchuang -c user.email=judge@shuangchuang.invalid "$@"
}
auth=()
if [ -n "${GH_TOKEN:-}" ] && [[ "$origin" == https://* ]]; then
  basic="$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)"
  echo "::add-mask::$basic"
  auth=(-c "http.extraheader=AUTHORIZATION: basic $basic")
fi
git init -q pr
# main's history without copying it: pr/ borrows judge/'s objects (no process runs in judge/).
echo "$workspace/judge/.git/objects" >pr/.git/objects/info/alternates
g update-ref refs/judge/main "$main_sha"
if ! g "${auth[@]}" fetch -q --no-tags "$origin" "+refs/pull/$number/head:refs/judge/head"; then
  echo "::error title=未能取得合并请求的内容::无法取得 #$number 的提交，请稍后重新运行。"
  exit 2
fi
head="$(g rev-parse refs/judge/head)"
echo "$head" >"$temp/head"
g checkout -q --detach refs/judge/main
export GIT_AUTHOR_DATE="$now" GIT_COMMITTER_DATE="$now"
if ! g merge -q --no-ff --no-edit -m "Merge $head into $main_sha" refs/judge/head >"$temp/merge.log" 2>&1; then
  echo "::error title=与主分支有冲突::#$number 与主分支有冲突，无法检查合并后的结果：请在合并请求里解决冲突（或基于最新的主分支重新提交）后再检查。"
  echo "合并请求 #$number 与主分支有冲突，请先解决冲突。" >"$temp/findings.txt"
  exit 1
fi
g diff --name-only -z --no-renames HEAD^1 HEAD >"$temp/changed"

if ! forge arrivals "$number" "$temp/arrivals.json" --paths-from "$temp/changed" --local "$workspace/pr"; then
  echo "::error title=未能取得送达记录::无法从平台读取 #$number 的送达记录，请稍后重新运行。"
  exit 2
fi
if ! forge reviews "$number" "$temp/reviews.json"; then
  echo "::error title=未能取得审核记录::无法读取 #$number 的批准（签字）记录，请稍后重新运行。"
  exit 2
fi

cd pr
"$judge" check --base HEAD^1 --format "$format" --now "$now" --opened-at "$opened" \
  --arrivals "$temp/arrivals.json" --approvals "$temp/reviews.json" >"$temp/findings.txt"
verdict=$?
if [ "$format" = github ]; then
  cat "$temp/findings.txt"  # workflow commands made by check, every value escaped
else
  while IFS= read -r line; do log_safe "$line"; done <"$temp/findings.txt"
fi
exit "$verdict"
