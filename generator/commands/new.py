"""`shuangchuang new`: scaffold a registration form for a unit, at the right path."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime

from ..model.base import SLUG
from ..model.programme import CHINA
from ..paths import registration_path
from ..scaffold import registration_template
from ..submissions import load_submissions
from .common import fail_usage, repo_root


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("new", help="新建一份立项申报表",
                            description="按单位的层级生成附件1或附件2的立项申报表模板，放在正确的位置。不填的参数会逐项询问。")
    parser.add_argument("--unit", help="单位编号，见 submissions/units.yaml")
    parser.add_argument("--project", help="项目编号：小写英文字母、数字和短横线，例如 legal-aid-station")
    parser.add_argument("--name", default=None, help="项目名称（可以稍后在文件里填写）")
    parser.add_argument("--year", type=int, default=None, help="年份（默认今年）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    subs = load_submissions(root, only=[])
    if subs.units is None:
        return fail_usage("单位名录 submissions/units.yaml 无法读取，请先运行 `shuangchuang check` 修正。")
    unit_id = args.unit or _ask("单位编号")
    unit = subs.units.by_id.get(unit_id or "")
    if unit is None:
        return fail_usage(f"单位编号“{unit_id}”不在单位名录中。可用 `shuangchuang check` 查看名录是否正确。")
    project = args.project or _ask("项目编号（小写英文字母、数字和短横线）")
    if not project or not SLUG.match(project):
        return fail_usage(f"项目编号“{project}”无效：只能用小写英文字母、数字和短横线，例如 legal-aid-station。")
    name = args.name if args.name is not None else (_ask("项目名称（可留空，稍后填写）") or "")
    year = args.year or datetime.now(CHINA).year
    target = root / registration_path(year, unit.id, project)
    if target.exists():
        return fail_usage(f"{target.relative_to(root).as_posix()} 已经存在，不会覆盖。换一个项目编号，或直接编辑该文件。")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(registration_template(subs.units, unit, name), encoding="utf-8", newline="\n")
    rel = target.relative_to(root).as_posix()
    print(f"已生成 {rel}（{unit.name}，{unit.tier}）。")
    print(f"请填写后运行：shuangchuang check {rel}")
    return 0


def _ask(prompt: str) -> str | None:
    if not sys.stdin.isatty():
        return None
    try:
        return input(f"{prompt}：").strip() or None
    except EOFError:
        return None
