#!/usr/bin/env bash
# Does this change touch anything besides filings? Writes `code=true|false` to GITHUB_OUTPUT.
# Computed from git instead of the workflow's `paths:` filters: a workflow skipped by path filters
# leaves its required checks waiting forever, while a job skipped by `if:` counts as passed.
# Anything outside submissions/, and the generated schemas in submissions/schemas/, is code
# (README.md and .ci/run included: the tests check them). When in doubt: code=true.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/git-workspace.sh"
. "$(dirname "${BASH_SOURCE[0]}")/log-safe.sh"

decide() {
  echo "code=$1" >>"${GITHUB_OUTPUT:-/dev/stdout}"
  log_safe "$2"  # it may name a file of the pull request
  exit 0
}

if git rev-parse -q --verify 'HEAD^2' >/dev/null; then
  base='HEAD^1'
else
  decide true "无法确定比较基准：运行全部测试。"
fi
if ! changed="$(git -c core.quotepath=off diff --name-only --no-renames "$base" HEAD)"; then
  decide true "git diff 失败：运行全部测试。"
fi
while IFS= read -r path; do
  case "$path" in
    '') ;;
    submissions/schemas/*) decide true "改动了 $path：运行全部测试。" ;;
    submissions/*) ;;
    *) decide true "改动了申报文件以外的内容（$path 等）：运行全部测试。" ;;
  esac
done <<<"$changed"
decide false "只改动了申报文件：不需要运行程序的测试。"
