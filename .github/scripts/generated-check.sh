#!/usr/bin/env bash
# In pr/ (see judge-pull.sh), with main's checker: CODEOWNERS and the JSON Schemas match what
# main's code makes of the change's registry. A change to the code itself is checked by its own
# code in tests.yml (main's code would make main's schemas, not the change's).
set -uo pipefail
judge="${JUDGE:-$RUNNER_TEMP/venv/bin/shuangchuang}"
changed="${RUNNER_TEMP:?}/judge/changed"
if [ ! -d pr ] || [ ! -f "$changed" ]; then
  echo "没有可检查的合并结果（前一步未完成）。"
  exit 1
fi
export PYTHONSAFEPATH=1
if tr '\0' '\n' <"$changed" | grep -q -v -e '^submissions/' -e '^$' \
  || tr '\0' '\n' <"$changed" | grep -q '^submissions/schemas/'; then
  echo "本次改动了程序或 Schema：审核分派和 Schema 由“测试”工作流用改动后的程序检查。"
  exit 0
fi
cd pr
status=0
"$judge" codeowners --check || status=1
"$judge" schema --check || status=1
exit "$status"
