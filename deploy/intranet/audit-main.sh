#!/usr/bin/env bash
# .forgejo/workflows/audit.yml: judge main's whole first-parent history, with the forge's
# merged_at for each merge commit; on findings, the run is red and the office gets an issue.
# In: judge/ (main's checkout, full history), the venv from install-check.sh, GH_TOKEN.
set -uo pipefail
judge="${JUDGE:-$RUNNER_TEMP/venv/bin/shuangchuang}"
temp="${RUNNER_TEMP:?}/audit"
mkdir -p "$temp"
export PYTHONSAFEPATH=1
cd judge
args=(audit)
if "$judge" forge landings "$temp/landings.json" --local . && "$judge" audit --help | grep -q -- '--landings'; then
  args+=(--landings "$temp/landings.json")
else
  echo "::warning title=未用平台的合并时间::未能从平台取得合并记录（或检查程序还不支持 --landings）：按提交时间核对，并标明未经平台核实。"
fi
"$judge" "${args[@]}" >"$temp/findings.txt"
verdict=$?
sed -e 's/^/│ /' "$temp/findings.txt"
if [ "$verdict" -ne 0 ]; then
  "${judge%/shuangchuang}/python" -I - "$temp/findings.txt" "${GITHUB_SHA:-}" <<'PY' || echo "::warning title=未能开议题::核对结果未能写成议题。"
import os, sys
from pathlib import Path
from generator.forge import connect

findings, sha = Path(sys.argv[1]).read_text(encoding="utf-8"), sys.argv[2]
forge = connect(os.environ.get("FORGE_PLATFORM") or "gitea")
body = f"主分支 {sha[:10]} 的记录核对发现问题，请考评办公室查看：\n\n```\n{findings}\n```\n"
forge.http.request("POST", f"/repos/{forge.repo}/issues", {"title": "记录核对发现问题", "body": body})
PY
fi
exit "$verdict"
