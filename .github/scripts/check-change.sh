#!/usr/bin/env bash
# `shuangchuang check --base` for a pull request, a review of one, or a merge-queue entry.
# Everything from the event arrives in environment variables and is only ever quoted data here.
#
# The times (see README.md, developer part, "When content arrives"):
#   STARTED_AT  when this job started (taken by its first step, before anything slow): "now" for a
#               pull request; for a merge-queue entry when no queue time is known.
#   QUEUED_AT   the merge-group commit's time, written by GitHub when it made the queue entry.
#   OPENED_AT   when the pull request was opened (from the event, or asked of the API in the queue).
#   The forge's check runs of this pull request's commits prove when each file's content arrived.
set -uo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/git-workspace.sh"

temp="${RUNNER_TEMP:-$(mktemp -d)}"
forge=(python3 "$(dirname "${BASH_SOURCE[0]}")/forge.py")

# The change is what this merge adds to its first parent: the base branch for a pull request's
# test merge, the queue entry before it for a merge-queue entry (the queue uses merge commits).
if git rev-parse -q --verify 'HEAD^2' >/dev/null; then
  base='HEAD^1'
elif [ -n "${QUEUE_BASE:-}" ]; then
  base="$QUEUE_BASE"
else
  echo "::error title=无法确定比较基准::当前提交 $(git rev-parse --short HEAD) 不是合并提交，也不是合并队列中的条目（没有 merge_group.base_sha），无法确定本次变更是什么。"
  exit 2
fi

# Which pull request: from the event, or from the queue's branch name
# (gh-readonly-queue/<base>/pr-<number>-<sha>).
number="${PR_NUMBER:-}"
if [ -z "$number" ] && [[ "${QUEUE_HEAD_REF:-}" =~ /pr-([0-9]+)-[0-9a-f]+$ ]]; then
  number="${BASH_REMATCH[1]}"
fi

now="${STARTED_AT:-$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)}"
if [ -n "${QUEUED_AT:-}" ]; then
  now="$QUEUED_AT"
fi
args=(check --base "$base" --format github --now "$now")

opened="${OPENED_AT:-}"
if [[ "$number" =~ ^[0-9]+$ ]]; then
  if [ -z "$opened" ] && "${forge[@]}" pull "$number" >"$temp/pull.json"; then
    opened="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["created_at"])' "$temp/pull.json")"
  fi
  # No record of the forge is no proof of an earlier arrival: without it the content arrives now.
  if "${forge[@]}" check-runs "$number" "$temp/check-runs.json"; then
    args+=(--check-runs "$temp/check-runs.json")
  else
    echo "::warning title=未能取得平台检查记录::各文件的送达时间按本次检查开始的时间计算。"
  fi
  # Approvals are signatures: the pull request's reviews go to `check --approvals` (an approval by a
  # registered signer is the signature the change needs), once the installed check has the option.
  if [ -z "${APPROVALS_FILE:-}" ] && "${SHUANGCHUANG:-.venv/bin/shuangchuang}" check --help 2>/dev/null | grep -q -- '--approvals'; then
    if "${forge[@]}" reviews "$number" "$temp/reviews.json"; then
      args+=(--approvals "$temp/reviews.json")
    else
      echo "::error title=未能取得审核记录::无法读取本合并请求的批准（签字）记录，请稍后重新运行检查。"
      exit 2
    fi
  fi
fi
if [ -n "$opened" ]; then
  args+=(--opened-at "$opened")
fi
# APPROVALS_FILE: reviews already fetched (e.g. `forge.py reviews N FILE`), used as they are.
if [ -n "${APPROVALS_FILE:-}" ]; then
  args+=(--approvals "$APPROVALS_FILE")
fi
# SHUANGCHUANG: the program to run (tests point it at the source tree).
exec "${SHUANGCHUANG:-.venv/bin/shuangchuang}" "${args[@]}"
