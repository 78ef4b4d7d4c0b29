"""`shuangchuang check [PATH…]`: validate filings and every rule that spans files."""

from __future__ import annotations

import argparse

from ..submissions import load_submissions
from .common import add_format_option, fail_usage, relative_to_root, repo_root, report


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="检查申报文件", description="检查 submissions/ 下的申报文件（或只检查指定的文件）。")
    parser.add_argument("paths", nargs="*", metavar="文件", help="要检查的文件；不填则检查全部")
    add_format_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    only = None
    if args.paths:
        only = []
        for raw in args.paths:
            rel = relative_to_root(raw, root)
            if rel is None:
                return fail_usage(f"{raw} 不在仓库 {root} 内")
            only.append(rel)
    subs = load_submissions(root, only)
    return report(subs.findings, subs.files if only is None else len(only), args.format)
