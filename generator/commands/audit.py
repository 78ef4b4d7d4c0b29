"""`shuangchuang audit`: when each filing landed on main, and what landed outside its window."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..history.changes import RevisionError
from ..history.gitlog import first_parent_log
from .common import add_format_option, fail_usage, repo_root, report, revision, settings_or_none

if TYPE_CHECKING:
    from ..history.audit import AuditReport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "audit",
        help="审计主分支历史：每个文件何时合并、是否逾期",
        description="沿主分支的第一父提交历史，找出每个申报文件合并的提交和时间，标出不在受理期内、"
        "又没有事先登记例外的文件。“审计起点”之前导入的旧记录不审计。",
    )
    parser.add_argument("--ref", metavar="版本", default="HEAD", help="要审计的分支或版本（默认 HEAD）")
    parser.add_argument("--list", action="store_true", help="列出每个文件的合并时间和提交")
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    ref = revision(root, args.ref, "--ref")
    # git walks the history on the other core while the settings load and the audit is imported.
    log = first_parent_log(root, ref)
    try:
        subs = settings_or_none(root)
        if subs is None:
            return 2
        from ..history.audit import audit_log

        try:
            result = audit_log(log, subs)
        except RevisionError as exc:
            return fail_usage(str(exc))
    finally:
        log.close()
    if args.format != "json":
        print(f"已审计 {result.commits} 个第一父提交，{len(result.landings)} 个文件。")
        if args.list:
            _print_landings(result)
    return report(result.findings, len(result.landings), args.format)


def _print_landings(result: AuditReport) -> None:
    from ..clock import shown

    for path, landing in sorted(result.landings.items()):
        flag = (
            "逾期" if landing.late else ("例外" if landing.exception else ("未审计" if not landing.audited else "按时"))
        )
        print(f"{path}\t{shown(landing.time)}\t{landing.commit[:10]}\t{flag}")
