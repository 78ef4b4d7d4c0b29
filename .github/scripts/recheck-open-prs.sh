#!/usr/bin/env bash
# Re-run `shuangchuang check --base` on every open pull request with the current time and set the
# commit status "截止时间复核" on its head. Uses the installed (main's) program; a pull request's
# files are only read as data, in a separate worktree, by a program that never runs them.
set -euo pipefail

context="截止时间复核"
work="$(mktemp -d)"
repo_dir="$PWD"
gh pr list --repo "$GITHUB_REPOSITORY" --state open --limit 1000 \
  --json number,headRefOid,createdAt --jq '.[] | [.number, .headRefOid, .createdAt] | @tsv' >"$work/open.tsv"

set_status() {  # sha state description
  gh api --silent -X POST "repos/$GITHUB_REPOSITORY/statuses/$1" \
    -f state="$2" -f context="$context" -f description="$3" \
    -f target_url="$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/actions/runs/$GITHUB_RUN_ID"
}

while IFS=$'\t' read -r number head opened; do
  [[ "$number" =~ ^[0-9]+$ && "$head" =~ ^[0-9a-f]{40}$ ]] || continue
  # The test merge GitHub keeps for the pull request; none when it has conflicts.
  if ! git -C "$repo_dir" fetch -q --no-tags origin "+refs/pull/$number/merge:refs/recheck/$number"; then
    set_status "$head" error "无法生成测试合并（有冲突？），请先解决冲突"
    continue
  fi
  rm -rf "$work/pr"
  git -C "$repo_dir" worktree add -q --detach "$work/pr" "refs/recheck/$number"
  if (cd "$work" && shuangchuang --root "$work/pr" check --base HEAD^1 --opened-at "$opened" >"$work/out.txt"); then
    set_status "$head" success "按现在的时间复核通过"
  else
    set_status "$head" failure "按现在的时间复核未通过（已逾期或有错误），详见运行记录"
    echo "::group::#$number"; cat "$work/out.txt"; echo "::endgroup::"
  fi
  git -C "$repo_dir" worktree remove --force "$work/pr"
done <"$work/open.tsv"
