"""`shuangchuang new`: scaffold a filing at the right path, from the models.

A registration form (附件1 or 附件2, by the unit's tier) by default; with `--forwarding`, a
parent's forwarding list (审核汇总) of its grassroots units' registrations for the year.
Whatever is not given as a flag is asked for when a person is at the terminal.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from ..model.base import SLUG
from ..model.programme import CHINA
from ..model.rules import Tier
from ..model.units import Unit, UnitRegistry
from ..paths import SUBMISSIONS, registration_path
from ..scaffold import forwarding_template, registration_template
from ..submissions import Submissions, load_submissions
from .common import fail_usage, repo_root, settings_or_none

ASKS = 3  # a mistyped answer is asked again, this many times in all


class Refused(Exception):
    """A usage error: said once, in Chinese, with exit status 2."""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("new", help="新建一份立项申报表（或审核汇总）",
                            description="按单位的层级生成附件1或附件2的立项申报表模板，放在正确的位置；"
                                        "加 --forwarding 则为上级单位生成本年度的审核汇总。不填的参数会逐项询问。")
    parser.add_argument("--unit", metavar="单位", help="单位编号或全称，见 submissions/units.yaml")
    parser.add_argument("--project", metavar="项目编号", help="项目编号：小写英文字母、数字和短横线，例如 legal-aid-station")
    parser.add_argument("--name", metavar="项目名称", default=None, help="项目名称（可以稍后在文件里填写）")
    parser.add_argument("--year", metavar="年份", type=int, default=None, help="年份（默认今年）")
    parser.add_argument("--forwarding", action="store_true",
                        help="为上级单位生成审核汇总（forwarding.yaml），列出所属基层工会本年度的立项申报表")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    subs = settings_or_none(root)
    if subs is None or subs.units is None:
        return 2
    year = args.year or datetime.now(CHINA).year
    try:
        unit = _unit(subs.units, args.unit)
        if args.forwarding:
            target, text = _forwarding(load_submissions(root, only=[]), unit, year)
        else:
            target, text = _registration(root, subs.units, unit, year, args)
    except Refused as exc:
        return fail_usage(str(exc))
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite, even in a race
        out.write(text)
    rel = target.relative_to(root).as_posix()
    print(f"已生成 {rel}（{unit.name}，{unit.tier}）。")
    print(f"请填写后运行：shuangchuang check {rel}")
    return 0


def _registration(root: Path, units: UnitRegistry, unit: Unit, year: int,
                  args: argparse.Namespace) -> tuple[Path, str]:
    project = args.project or _ask("项目编号（小写英文字母、数字和短横线，例如 legal-aid-station）", _project_id)
    if not SLUG.match(project):
        raise Refused(_project_id(project) or "")
    target = root / registration_path(year, unit.id, project)
    _refuse_existing(root, target)
    name = args.name if args.name is not None else (_ask_optional("项目名称（可留空，稍后填写）") or "")
    return target, registration_template(units, unit, name)


def _forwarding(subs: Submissions, parent: Unit, year: int) -> tuple[Path, str]:
    if parent.tier is not Tier.ORGAN:
        raise Refused(f"{parent.name}是基层工会，不做审核汇总；审核汇总由所属上级填写。")
    assert subs.units is not None
    children = {u.id: u for u in subs.units.children(parent.id)}
    items = [(children[f.where.unit], f.where.project or "", f.model.project_name)
             for f in subs.registrations(year) if f.where.unit in children]
    if not items:
        raise Refused(f"{parent.name}所属基层工会在 {year} 年还没有（能通过检查的）立项申报表，没有可汇总的项目。")
    target = subs.repo_root / SUBMISSIONS / str(year) / parent.id / "forwarding.yaml"
    _refuse_existing(subs.repo_root, target)
    return target, forwarding_template(parent, items)


def _refuse_existing(root: Path, target: Path) -> None:
    if target.exists() or target.is_symlink():
        raise Refused(f"{target.relative_to(root).as_posix()} 已经存在，不会覆盖。换一个项目编号，或直接编辑该文件。")


def _unit(units: UnitRegistry, given: str | None) -> Unit:
    if given is not None:
        unit = find_unit(units, given)
        if unit is None:
            raise Refused(_unknown_unit(units, given))
        return unit
    answer = _ask("单位编号或全称", lambda text: None if find_unit(units, text) else _unknown_unit(units, text))
    unit = find_unit(units, answer)
    if unit is None:
        raise Refused(_unknown_unit(units, answer))
    return unit


def find_unit(units: UnitRegistry, text: str) -> Unit | None:
    """A unit by its id or its full name (spaces ignored)."""
    wanted = "".join(text.split())
    return units.by_id.get(wanted) or next((u for u in units.units if "".join(u.name.split()) == wanted), None)


def _unknown_unit(units: UnitRegistry, text: str) -> str:
    candidates = [*units.by_id, *(u.name for u in units.units)]
    close = difflib.get_close_matches(text, candidates, n=3, cutoff=0.5)
    also = f"是不是：{'、'.join(close)}？" if close else "单位编号见 submissions/units.yaml。"
    return f"单位“{text}”不在单位名录中。{also}"


def _project_id(text: str) -> str | None:
    if SLUG.match(text):
        return None
    return f"项目编号“{text}”无效：只能用小写英文字母、数字和短横线，例如 legal-aid-station（不能用中文或空格）。"


def _ask(prompt: str, problem: Callable[[str], str | None]) -> str:
    """Ask a person at the terminal until the answer is usable; without one, say which flag to use."""
    if not sys.stdin.isatty():
        raise Refused(f"缺少“{prompt.split('（')[0]}”：在命令行上用参数给出（见 `shuangchuang new --help`）。")
    for _ in range(ASKS):
        answer = _read(prompt)
        trouble = problem(answer) if answer else "不能为空。"
        if trouble is None:
            return answer
        print(trouble)
    raise Refused(f"“{prompt.split('（')[0]}”{ASKS} 次都无效，已放弃。")


def _ask_optional(prompt: str) -> str:
    return _read(prompt) if sys.stdin.isatty() else ""


def _read(prompt: str) -> str:
    try:
        return input(f"{prompt}：").strip()
    except EOFError:
        raise Refused("输入已结束，未生成文件。") from None
