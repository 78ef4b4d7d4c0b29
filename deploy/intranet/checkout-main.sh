# Not run from the repository: each Forgejo/Gitea workflow inlines these lines as its first step,
# before anything of the repository is on the runner (kept here, and compared with the workflows
# by tests/test_forgejo_workflows.py, so that the copies cannot drift).
set -euo pipefail
url="${SERVER:?}/${REPOSITORY:?}.git"
basic="$(printf 'x-access-token:%s' "${TOKEN:-}" | base64 -w0)"
echo "::add-mask::$basic"
rm -rf judge && git init -q judge
git -C judge -c "http.extraheader=AUTHORIZATION: basic $basic" fetch -q --no-tags "$url" "+refs/heads/main:refs/remotes/origin/main"
git -C judge remote add origin "$url"
if ! git -C judge merge-base --is-ancestor "${MAIN_SHA:?}" refs/remotes/origin/main; then
  echo "::error title=不是主分支的提交::本次运行的提交 ${MAIN_SHA} 不在主分支上：这个工作流只运行主分支的程序。"
  exit 1
fi
git -C judge -c advice.detachedHead=false checkout -q --detach "$MAIN_SHA"
if [[ "$url" == http://* ]]; then
  # judge-pull.sh sends the token itself to https:// origins only; an intranet forge on plain
  # http gets it from this job's own git configuration (in RUNNER_TEMP, gone with the job).
  printf '[http "%s/"]\n\textraheader = AUTHORIZATION: basic %s\n' "$SERVER" "$basic" >"$RUNNER_TEMP/gitconfig"
  echo "GIT_CONFIG_GLOBAL=$RUNNER_TEMP/gitconfig" >>"$GITHUB_ENV"
fi
