"""`shuangchuang check [PATH…] [--base REF]`: validate filings, every rule that spans files, and
with --base the calendar (arrival from --arrivals) and the signatures (approvals given with
--approvals, or SSH-signed commits) of what the change adds, modifies or deletes."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..clock import TIME_HELP, Clock, ClockError, shown
from ..diagnostics import Finding
from ..history.approvals import ApprovalsError, load_approvals
from ..submissions import paused_gc
from ..validate.tree import load_submissions
from .common import add_format_option, fail_usage, relative_to_root, repo_root, report, revision

if TYPE_CHECKING:
    from ..history.arrival import ArrivalEvidence


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "check", help="检查申报文件", description="检查 submissions/ 下的申报文件（或只检查指定的文件）。"
    )
    parser.add_argument("paths", nargs="*", metavar="文件", help="要检查的文件；不填则检查全部")
    parser.add_argument(
        "--base",
        metavar="版本",
        default=None,
        help="与这个 git 版本比较（例如 origin/main），按日程检查新增、修改和删除的文件，并核对签字人",
    )
    parser.add_argument("--now", metavar="时间", default=None, help=f"按这个时间判断是否逾期（默认现在）：{TIME_HELP}")
    parser.add_argument(
        "--opened-at",
        metavar="时间",
        default=None,
        help="合并请求的提交时间（默认同 --now，写法同 --now）：内容最早在这时送达，不能晚于 --now",
    )
    parser.add_argument(
        "--arrivals",
        metavar="文件",
        default=None,
        type=Path,
        help="平台的送达记录（shuangchuang forge arrivals 生成的 JSON）：每份文件的内容以平台最早记录到它的时间为送达时间，"
        "用于基层工会 3 月 10 日的报送期限；不给则以 --now 为送达时间",
    )
    parser.add_argument(
        "--approvals",
        metavar="文件",
        default=None,
        help="合并请求的审核记录（GitHub“list reviews for a pull request”接口返回的 JSON 文件），"
        "用于核对签字：领导批准合并请求即为签字",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="不使用上次检查的缓存，重新读取每个文件（结果相同，只是慢一些）"
    )
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # Ten thousand filings make a few hundred thousand long-lived objects and no cycles: the
    # collector would only rescan them (a fifth of a one-file check against a base).
    with paused_gc():
        return _check(args)


def _check(args: argparse.Namespace) -> int:
    root = repo_root(args)
    only = None
    if args.paths:
        only = []
        for raw in args.paths:
            rel = relative_to_root(raw, root)
            if rel is None:
                return fail_usage(f"{raw} 不在仓库 {root} 内")
            only.append(rel)
    try:
        clock = Clock.from_args(args.now, args.opened_at)
    except ClockError as exc:
        return fail_usage(str(exc))
    if clock.opened_at > clock.now:
        return fail_usage(
            f"--opened-at（{shown(clock.opened_at)}）晚于 --now（{shown(clock.now)}）：合并请求不可能在检查之后才提交，"
            "请核对这两个时间（不写时区按北京时间）"
        )
    records: list[ArrivalEvidence] = []
    if args.arrivals is not None:
        if not args.base:
            return fail_usage("--arrivals 只能与 --base 一起使用")
        # Arrival is read only by a check against a base: a plain check does not import it.
        from ..history.arrival import ArrivalsError, load_arrivals

        try:
            records = load_arrivals(args.arrivals)
        except ArrivalsError as exc:
            return fail_usage(str(exc))
    base = revision(root, args.base, "--base") if args.base is not None else None
    try:
        approvals = load_approvals(Path(args.approvals)) if args.approvals else None
    except ApprovalsError as exc:
        return fail_usage(str(exc))
    if base is None:
        subs = load_submissions(root, only, use_cache=not args.no_cache)
        return report(subs.findings, subs.checked, args.format)
    from ..history.change_check import check_change, read_diff
    from ..history.changes import RevisionError

    try:
        diff = read_diff(root, base)
        # No rule spans years: a change inside year folders is checked against those years only.
        years = diff.years
        subs = load_submissions(root, only, use_cache=not args.no_cache, years=years)
        change = check_change(
            root,
            base,
            clock,
            subs,
            approvals,
            arrivals_seen=records,
            opened_at=clock.opened_at if args.opened_at else None,
            diff=diff,
        )
    except RevisionError as exc:
        return fail_usage(str(exc))
    if args.format != "json":
        print(f"与基准版本 {change.base[:10]} 比较：{len(change.changes)} 个文件有变化。")
        if years is not None:
            print(
                f"只改动了 {'、'.join(map(str, sorted(years)))} 年的申报文件：只检查这些年度（以及单位名录和评选设置）。"
            )
        for note in change.notes:
            print(note)
    return report(sorted([*subs.findings, *change.findings], key=Finding.sort_key), subs.checked, args.format)
