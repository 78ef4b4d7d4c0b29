# Sourced: where pip takes packages from on the intranet, for every pip this job or script runs.
#   WHEELHOUSE=/srv/wheelhouse   a folder of wheels the office prepared (make-wheelhouse.sh): no index at all
#   PIP_INDEX_URL=http://…/simple   a local mirror (devpi, bandersnatch, nexus…)
# Set one of them in /etc/shuangchuang/site.env (web server), or in the runner's configuration
# (act_runner config.yaml, `runner.envs`), or in /etc/pip.conf of the runner's image. With none,
# pip's own configuration decides; on a machine without the internet it then fails, saying so.
if [ -n "${WHEELHOUSE:-}" ]; then
  if [ ! -d "$WHEELHOUSE" ]; then
    echo "::error title=离线包目录不存在::WHEELHOUSE=${WHEELHOUSE} 不是文件夹：请按 docs/内网部署指南.md 准备离线包目录。" >&2
    exit 2
  fi
  export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELHOUSE"
  unset PIP_INDEX_URL
fi
