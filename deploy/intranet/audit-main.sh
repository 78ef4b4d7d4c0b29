#!/usr/bin/env bash
# .forgejo/workflows/audit.yml: judge main's whole first-parent history, with the forge's
# merged_at (and reviews) for each merge commit. A finding: the status 记录核对 on main's commit is
# red, this run is red, and the one issue 记录核对发现问题 the Actions user opened is opened or
# updated (`shuangchuang forge issue`); a clean audit closes it again.
# In: judge/ (main's checkout, full history), the venv from install-check.sh, GH_TOKEN, GITHUB_SHA.
set -uo pipefail
judge="${JUDGE:-$RUNNER_TEMP/venv/bin/shuangchuang}"
temp="${RUNNER_TEMP:?}/audit"
title=记录核对发现问题
sha="${GITHUB_SHA:?}"
mkdir -p "$temp"
export PYTHONSAFEPATH=1
cd judge
args=(audit --ref "$sha" --issue-body "$temp/issue.md")
if "$judge" forge landings "$temp/landings.json" --local .; then
  args+=(--landings "$temp/landings.json")
else
  echo "::warning title=未用平台的合并时间::未能从平台取得合并记录：按提交时间核对，并标明未经平台核实。"
fi
"$judge" "${args[@]}" >"$temp/findings.txt"
verdict=$?
sed -e 's/^/│ /' "$temp/findings.txt"
case "$verdict" in
  0)
    "$judge" forge status "$sha" 记录核对 success "主分支的记录核对无误" || exit 2
    "$judge" forge issue --close "$title" "$temp/issue.md" || exit 2
    ;;
  1)
    "$judge" forge status "$sha" 记录核对 failure "记录核对发现问题，见问题单" || exit 2
    "$judge" forge issue "$title" "$temp/issue.md" || exit 2
    echo "::error title=${title}::主分支的记录有问题，已写入问题单“${title}”。"
    ;;
  *)
    "$judge" forge status "$sha" 记录核对 error "记录核对没能完成，见运行记录" || true
    echo "::error title=记录核对没能完成::审计没有运行完（退出码 ${verdict}），见上面的输出。"
    ;;
esac
exit "$verdict"
