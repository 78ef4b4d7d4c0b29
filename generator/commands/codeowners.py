"""`shuangchuang codeowners`: write (or check) .github/CODEOWNERS from the ownership table and the registry."""

from __future__ import annotations

import argparse

from ..codeowners import CODEOWNERS_PATH, render
from .common import repo_root, settings_or_none


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "codeowners",
        help="根据单位名录生成审核分派（.github/CODEOWNERS）",
        description="根据 generator/ownership.py 和 submissions/units.yaml 生成 .github/CODEOWNERS："
        "单位文件夹里的文件由本单位签字人审核，评审结果、例外、名录和日程由考评办公室签字人审核，"
        "Schema 和代码由系统维护人员审核。",
    )
    parser.add_argument("--check", action="store_true", help="只检查已提交的 CODEOWNERS 是否与单位名录一致，不写文件")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    subs = settings_or_none(root)
    if subs is None or subs.units is None:
        return 2
    target = root / CODEOWNERS_PATH
    text = render(subs.units)
    # Not UTF-8 is not what we write: out of date, never a decoding error.
    current = target.read_bytes().decode("utf-8", "replace") if target.is_file() else None
    if args.check:
        if current == text:
            print(f"{CODEOWNERS_PATH} 与单位名录一致。")
            return 0
        print(
            f"{CODEOWNERS_PATH}: 错误[E460]: 审核分派已过期，与单位名录不一致"
            "（提示：运行 `shuangchuang codeowners` 重新生成，并与单位名录的修改一起提交。）"
        )
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8", newline="\n")
    print(f"已写入 {CODEOWNERS_PATH}（{'有变化' if current != text else '没有变化'}）。")
    return 0
