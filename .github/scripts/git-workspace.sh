# Sourced by the workflow scripts: make git read the workspace where the runner puts it.
#
# In a container the job runs as root while the workspace belongs to the runner's user, and
# actions/checkout marks the folder safe only in its own temporary HOME: every later git command
# would refuse the repository ("dubious ownership", actions/runner#2033). Trust exactly this
# workspace, for this job only: command-scope config in the environment (inherited by every git
# that `shuangchuang` starts), so no HOME or global config is needed or written.
# Then make sure git can read it, and when it cannot, say why in git's own words.

workspace="$(pwd -P)"
export GIT_CONFIG_COUNT=$(( ${GIT_CONFIG_COUNT:-0} + 1 ))
export "GIT_CONFIG_KEY_$(( GIT_CONFIG_COUNT - 1 ))=safe.directory"
export "GIT_CONFIG_VALUE_$(( GIT_CONFIG_COUNT - 1 ))=$workspace"

if ! git rev-parse --verify -q HEAD >/dev/null 2>&1; then
  git_reason="$(git rev-parse --verify HEAD 2>&1 >/dev/null | tr '\n' ' ')"
  echo "::error title=git 无法读取仓库::git 无法读取工作区 ${workspace} 中的仓库，git 给出的原因是：${git_reason:-（无）}。请确认“取出代码”一步成功，且取出了完整历史（fetch-depth: 0）。"
  exit 2
fi
