#!/usr/bin/env bash
# merge.yml: judge pull request PR_NUMBER now, exactly as checks.yml does, and merge it only when
# it is green at this moment. The deadline holds at the moment of merge: a pull request that was
# on time an hour ago is judged again with now = just before the merge; when midnight (China time,
# where every deadline ends) passes while it is judged, it is judged once more.
#
# Green: the status 合并检查 (required by the ruleset, from the merge identity) is set on the
# judged head and the forge merges with sha = that head (a merge commit; the forge refuses if the
# head moved). Red: the findings go to the pull request as a comment, in Chinese.
# In: PR_NUMBER, GH_TOKEN (the merge identity's token), RUNNER_TEMP.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
judge="${JUDGE:-$RUNNER_TEMP/venv/bin/shuangchuang}"
temp="${RUNNER_TEMP:?}/judge"
number="${PR_NUMBER:-}"
if [ -z "${GH_TOKEN:-}" ]; then
  echo "::error title=没有合并身份的令牌::环境 merge 中没有 MERGE_TOKEN：请按 .github/BRANCH_PROTECTION.md 设置合并身份。"
  exit 2
fi
forge() { (cd judge && "$judge" forge "$@"); }
day() { TZ=Asia/Shanghai date +%F; }

comment() {  # comment TEXT-FILE HEADLINE
  local fence='```' body="${RUNNER_TEMP}/comment.md"
  while grep -q -F -- "$fence" "$1"; do fence="$fence\`"; done
  { printf '%s\n\n%s\n' "$2" "$fence"; cat "$1"; printf '%s\n' "$fence"; } >"$body"
  forge comment "$number" "$body" || echo "::warning title=未能评论::检查结果未能写到合并请求上。"
}

started="$(day)"
CHECK_FORMAT=text bash "$here/judge-pull.sh"
verdict=$?
if [ "$verdict" -eq 0 ] && [ "$(day)" != "$started" ]; then
  echo "检查期间过了午夜（北京时间）：按现在的时间重新检查。"
  CHECK_FORMAT=text bash "$here/judge-pull.sh"
  verdict=$?
fi
if [ "$verdict" -ne 0 ]; then
  if [ -s "$temp/findings.txt" ]; then
    comment "$temp/findings.txt" "#$number 此刻的检查没有通过，未合并。问题如下（改正后再评论 /合并）："
  else
    echo "检查未能完成。" >"$temp/findings.txt"
    comment "$temp/findings.txt" "#$number 此刻无法完成检查，未合并；请稍后再评论 /合并，或联系系统维护人员。"
  fi
  exit 1
fi
head="$(cat "$temp/head")"
run_url="${GITHUB_SERVER_URL:-}/${GITHUB_REPOSITORY:-}/actions/runs/${GITHUB_RUN_ID:-}"
if ! forge status "$head" 合并检查 success "此刻检查通过，由合并工作流合并" --url "$run_url"; then
  echo "::error title=未能设置状态::无法在 ${head:0:10} 上设置“合并检查”，未合并。"
  exit 2
fi
if ! merged="$(forge merge "$number" "$head" "Merge pull request #$number")"; then
  forge status "$head" 合并检查 failure "合并未完成（头提交已变或平台拒绝）" --url "$run_url" || true
  echo "#$number 未能合并：合并请求在检查之后又有推送，或平台拒绝了合并。请重新评论 /合并。" >"$temp/findings.txt"
  comment "$temp/findings.txt" "#$number 未合并："
  exit 1
fi
echo "已合并 #$number（头提交 ${head:0:10}）为 ${merged:0:10}。"
