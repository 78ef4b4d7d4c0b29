"""`shuangchuang codeowners`: write (or check) the review routing of every forge (.github/CODEOWNERS for
GitHub, .gitea/CODEOWNERS for Gitea and Forgejo) from the ownership table and the registry."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..codeowners import CODEOWNERS_PATH, GITEA_CODEOWNERS_PATH, render, render_gitea
from .common import repo_root, settings_or_none, write_output


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "codeowners",
        help=f"根据单位名录生成审核分派（{CODEOWNERS_PATH} 和 {GITEA_CODEOWNERS_PATH}）",
        description="根据 generator/ownership.py 和 submissions/units.yaml 生成审核分派："
        f"{CODEOWNERS_PATH}（GitHub）和 {GITEA_CODEOWNERS_PATH}（Gitea、Forgejo，正则表达式写法）。"
        "单位文件夹里的文件由本单位签字人审核，评审结果、例外、名录和日程由考评办公室签字人审核"
        "（登记了组长账号的年份，例外也请考评领导小组组长审核），"
        "Schema 和代码由系统维护人员审核。",
    )
    parser.add_argument("--check", action="store_true", help="只检查已提交的两个文件是否与单位名录一致，不写文件")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    subs = settings_or_none(root)
    if subs is None or subs.units is None:
        return 2
    wanted = {
        CODEOWNERS_PATH: render(subs.units, subs.programme),
        GITEA_CODEOWNERS_PATH: render_gitea(subs.units, subs.programme),
    }
    current = {name: _read(root / name) for name in wanted}
    if args.check:
        stale = [name for name, text in wanted.items() if current[name] != text]
        for name in stale:
            print(
                f"{name}: 错误[E460]: 审核分派已过期，与单位名录不一致"
                "（提示：运行 `shuangchuang codeowners` 重新生成，并与单位名录的修改一起提交。）"
            )
        if not stale:
            print(f"{CODEOWNERS_PATH} 和 {GITEA_CODEOWNERS_PATH} 与单位名录一致。")
        return 1 if stale else 0
    from ..outputs import checked_output

    for name in wanted:
        checked_output(root, name, "审核分派（CODEOWNERS）")
    for name, text in wanted.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        write_output(root / name, text)
        print(f"已写入 {name}（{'有变化' if current[name] != text else '没有变化'}）。")
    return 0


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None
