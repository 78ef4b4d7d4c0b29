"""`shuangchuang audit`: every landing on main judged by the rules in force when it landed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..history.changes import RevisionError
from .common import add_format_option, fail_usage, repo_root, report, revision, settings_or_none, write_output

if TYPE_CHECKING:
    from ..history.audit import AuditReport
    from ..history.landings import ForgeLanding


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "audit",
        help="审计主分支历史：每次合并是否按时、记录是否被事后改动",
        description="沿主分支的第一父提交历史，按每次合并当时的日程和例外核对每一次合并：逾期提交、截止后修改或删除、"
        "审定或通报后改动结果、合并时间倒流或与平台记录不符。“审计起点”及“导入记录”登记的导入不审计时限。",
    )
    parser.add_argument("--ref", metavar="版本", default="HEAD", help="要审计的分支或版本（默认 HEAD）")
    parser.add_argument(
        "--landings",
        default=None,
        metavar="文件",
        help="平台的合并记录（shuangchuang forge landings 生成的 JSON）：合并时间和合并请求编号以它为准；"
        "不给时用提交时间，标注“未经平台核实”",
    )
    parser.add_argument("--list", action="store_true", help="列出每个文件的合并时间和提交")
    parser.add_argument(
        "--issue-body",
        default=None,
        metavar="文件",
        help="把发现的问题写成给考评办公室的问题单正文（Markdown），供记录核对工作流开问题单",
    )
    add_format_option(parser)
    parser.set_defaults(func=run)


def read_landings_option(value: str | None) -> dict[str, ForgeLanding] | None:
    """The forge's landings named by --landings; a usage error (exit 2) when unreadable."""
    if value is None:
        return None
    from ..history.landings import LandingsError, read_landings

    try:
        return read_landings(Path(value))
    except LandingsError as exc:
        raise SystemExit(fail_usage(str(exc))) from None


def run(args: argparse.Namespace) -> int:
    from ..history.audit import require_full_history
    from ..history.gitlog import first_parent_log

    root = repo_root(args)
    ref = revision(root, args.ref, "--ref")
    landings = read_landings_option(args.landings)
    try:
        require_full_history(root)
    except RevisionError as exc:
        return fail_usage(str(exc))
    # git walks the history on the other core while the settings load and the audit is imported.
    log = first_parent_log(root, ref)
    try:
        subs = settings_or_none(root)
        if subs is None:
            return 2
        from ..history.audit import audit_log

        try:
            result = audit_log(log, subs, landings)
        except RevisionError as exc:
            return fail_usage(str(exc))
    finally:
        log.close()
    if args.issue_body:
        from ..history.record_issue import issue_body

        write_output(Path(args.issue_body), issue_body(result, ref))
    if args.format != "json":
        source = "合并时间取自平台记录" if landings is not None else "合并时间为提交时间，未经平台核实"
        print(f"已审计 {result.commits} 个第一父提交，{len(result.landings)} 个文件（{source}）。")
        if args.list:
            _print_landings(result)
        if result.resolved:
            print(
                f"另有 {len(result.resolved)} 条问题已经解决（以更正提交恢复了原来的内容，或考评办公室其后登记了例外），"
                "不再计为问题。"
            )
    return report(result.findings, len(result.landings), args.format)


def _print_landings(result: AuditReport) -> None:
    from ..clock import shown
    from ..history.audit import UNVERIFIED

    for path, landing in sorted(result.landings.items()):
        if landing.late:
            flag = "逾期"
        elif landing.imported is not None or not landing.audited:
            flag = "导入"
        elif landing.exception or path in result.exceptions_used:
            flag = "例外"
        else:
            flag = "按时"
        credit = result.credits.get(landing.last_commit)
        pull = f"#{credit.pull}" if credit and credit.pull else ("-" if result.verified else UNVERIFIED)
        print(f"{path}\t{shown(landing.time)}\t{landing.commit[:10]}\t{flag}\t{pull}")
