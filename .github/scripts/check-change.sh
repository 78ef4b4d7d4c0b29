#!/usr/bin/env bash
# `shuangchuang check --base` for a pull request or a merge-queue entry.
# Everything from the event arrives in environment variables and is only ever quoted data here.
set -euo pipefail

# The change is what this merge adds to its first parent: the base branch for a pull request's
# test merge, the queue entry before it for a merge-queue entry (the queue uses merge commits).
if git rev-parse -q --verify 'HEAD^2' >/dev/null; then
  base='HEAD^1'
else
  base="${QUEUE_BASE:?neither a merge commit nor a merge-queue base}"
fi

# A merge-queue entry carries no opening time: ask the API for the pull request's
# (the queue's branch is named gh-readonly-queue/<base>/pr-<number>-<sha>).
opened="${OPENED_AT:-}"
if [ -z "$opened" ] && [[ "${QUEUE_HEAD_REF:-}" =~ /pr-([0-9]+)-[0-9a-f]+$ ]]; then
  PR_NUMBER="${BASH_REMATCH[1]}" python3 - >"${RUNNER_TEMP:-/tmp}/opened-at" <<'PY'
import json, os, urllib.request
url = f"{os.environ['GITHUB_API_URL']}/repos/{os.environ['GITHUB_REPOSITORY']}/pulls/{int(os.environ['PR_NUMBER'])}"
request = urllib.request.Request(url, headers={"Authorization": f"Bearer {os.environ['GH_TOKEN']}",
                                               "Accept": "application/vnd.github+json"})
with urllib.request.urlopen(request, timeout=30) as response:
    print(json.load(response)["created_at"])
PY
  opened="$(cat "${RUNNER_TEMP:-/tmp}/opened-at")"
fi

args=(check --base "$base" --format github)
if [ -n "$opened" ]; then
  args+=(--opened-at "$opened")
fi
# The pull request's reviews (python -m generator.history.forge_api writes them): an approval by
# a registered signer is the signature the change needs.
if [ -n "${APPROVALS_FILE:-}" ]; then
  args+=(--approvals "$APPROVALS_FILE")
fi
# SHUANGCHUANG: the program to run (tests point it at the source tree).
"${SHUANGCHUANG:-.venv/bin/shuangchuang}" "${args[@]}"
