"""`shuangchuang announce YEAR`: write the year's announcement (通报) as Markdown and printable HTML."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..clock import TIME_HELP, system_now, time_argument
from ..diagnostics import Finding
from ..history.audit import IncompleteHistory, as_on_record, audit_or_none
from ..lifecycle.announcement import announcement_for, render_html, render_markdown
from ..paths import SUBMISSIONS
from ..validate.tree import load_submissions
from .common import add_format_option, fail_usage, output_folder, repo_root, report, write_output, year_argument

_YEAR_FOLDER = re.compile(rf"^{SUBMISSIONS}/([0-9]{{4}})/")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "announce",
        help="生成某年度评选结果通报",
        description="按主席办公会议审定的结果，生成该年度“双创”评选结果通报：Markdown（供网站）和可打印的 HTML（A4）。"
        "未经审定的结果不会出现在通报里。",
    )
    parser.add_argument("year", type=year_argument, metavar="年份", help="例如 2025")
    parser.add_argument(
        "--out", metavar="文件夹", default=None, help="输出文件夹（默认：仓库下的 build/announcement/）"
    )
    parser.add_argument(
        "--now", type=time_argument, default=None, metavar="时间", help=f"按这一时刻的记录生成（默认现在）：{TIME_HELP}"
    )
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    if args.out:
        output_folder(args.out, create=False)  # a wrong --out is said before the work
    subs = load_submissions(root)
    findings = [f for f in subs.findings if _concerns(f, args.year)]
    if any(f.is_error for f in findings):
        print(f"{args.year} 年度的申报文件有错误，先改正再生成通报：", file=sys.stderr)
        return report(findings, subs.files, args.format)
    if args.year not in subs.years():
        print(f"错误：没有 {args.year} 年度的申报文件（submissions/{args.year}/）。", file=sys.stderr)
        return 1
    try:
        record = audit_or_none(root, subs)
    except IncompleteHistory as exc:
        return fail_usage(str(exc))
    subs = as_on_record(subs, record)  # the 通报 from the record, not from a change made after it
    doc = announcement_for(subs, args.year, args.now or system_now(), record.late_registrations() if record else ())
    if doc is None:
        print(
            f"错误：{args.year} 年度还没有主席办公会议审定的评选结果，不能生成通报。"
            f"（提示：审定后由考评办公室在 submissions/{args.year}/{subs.units.office if subs.units else '…'}/review.yaml "
            "中填写“主席办公会议审定”。）",
            file=sys.stderr,
        )
        return 1
    from ..outputs import checked_output

    folder = checked_output(root, args.out or Path("build/announcement"), "评选结果通报", explicit=bool(args.out))
    out = output_folder(str(folder))
    written = []
    for name, text in (
        (f"announcement-{args.year}.md", render_markdown(doc)),
        (f"announcement-{args.year}.html", render_html(doc)),
    ):
        write_output(out / name, text)
        written.append(out / name)
    counts = "，".join(f"{s.category.award} {s.count} 项" for s in doc.sections)
    state = f"文号 {doc.notice.number}" if doc.notice else "尚未登记通报文号，生成的是待印发稿"
    print(f"已生成 {args.year} 年度评选结果通报（{counts}，推荐省总 {len(doc.province)} 项；{state}）：")
    for path in written:
        print(f"  {path}")
    return 0


def _concerns(finding: Finding, year: int) -> bool:
    """A finding in that year's folder, or in the files every year shares."""
    match = _YEAR_FOLDER.match(finding.path)
    return match is None or int(match.group(1)) == year
