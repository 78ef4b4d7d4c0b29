"""`shuangchuang new`: scaffold a filing at the right path, from the models.

A registration form (附件1 or 附件2, by the unit's tier) by default; with `--kind`, a body's
file of the year (审核汇总, 跟踪考核记录, 推荐上报, 评审与审定结果, 逾期申报例外), built by
`scaffold_kinds` from the tree as it stands (`--forwarding` is `--kind forwarding`).
Whatever is not given as a flag is asked for when a person is at the terminal.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from pathlib import Path

from pydantic_core import PydanticCustomError

from ..clock import system_now
from ..forms.scaffold import registration_template
from ..forms.scaffold_kinds import SCAFFOLDS, Refused
from ..model.ids import SLUG, windows_reserved
from ..model.text import clean_line
from ..model.units import Unit, UnitRegistry
from ..paths import RESERVED, Kind, body_filing_path, registration_path
from ..submissions import read_submissions
from .common import fail_usage, repo_root, settings_or_none, year_argument

ASKS = 3  # a mistyped answer is asked again, this many times in all
REGISTRATION = "registration"
KINDS = {REGISTRATION: Kind.REGISTRATION, **RESERVED}  # --kind's values: the file's own name


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "new",
        help="新建一份申报文件的模板（立项申报表、审核汇总、推荐上报等）",
        description="按单位的层级生成附件1或附件2的立项申报表模板，放在正确的位置；"
        "加 --kind 则为单位生成本年度的审核汇总、跟踪考核记录、推荐上报、"
        "评审与审定结果或逾期申报例外。不填的参数会逐项询问。",
    )
    parser.add_argument("--unit", metavar="单位", help="单位编号或全称，见 submissions/units.yaml")
    parser.add_argument(
        "--project", metavar="项目编号", help="项目编号：小写英文字母、数字和短横线，例如 legal-aid-station"
    )
    parser.add_argument(
        "--name",
        metavar="项目名称",
        type=name_argument,
        default=None,
        help="项目名称（一行文字，可以稍后在文件里填写）",
    )
    parser.add_argument("--year", metavar="年份", type=year_argument, default=None, help="年份（默认今年）")
    parser.add_argument(
        "--forwarding",
        action="store_true",
        help="为上级单位生成审核汇总（forwarding.yaml），列出所属基层工会本年度的立项申报表",
    )
    parser.add_argument(
        "--kind",
        metavar="种类",
        choices=list(KINDS),
        default=None,
        help="要生成的文件：registration（立项申报表，默认）、forwarding（审核汇总）、"
        "tracking（跟踪考核记录）、recommendation（推荐上报）、"
        "review（评审与审定结果）、exceptions（逾期申报例外）",
    )
    parser.set_defaults(func=run)


def name_argument(text: str) -> str:
    """argparse `type=` for a name: the one-line text policy, as the model applies it."""
    try:
        return _clean_name(text)
    except Refused as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _clean_name(text: str) -> str:
    try:
        return str(clean_line(text))
    except PydanticCustomError as exc:
        ctx = exc.context or {}
        raise Refused(f"项目名称{exc.message()}（{ctx.get('hint', '')}）") from None


def run(args: argparse.Namespace) -> int:
    root = repo_root(args)
    subs = settings_or_none(root)
    if subs is None or subs.units is None:
        return 2
    year = args.year or system_now().year
    kind = KINDS[args.kind or ("forwarding" if args.forwarding else REGISTRATION)]
    try:
        if args.forwarding and kind is not Kind.FORWARDING:
            raise Refused("--forwarding 与 --kind 只能选一个（--forwarding 就是 --kind forwarding）。")
        unit = _unit(subs.units, args.unit)
        if kind is Kind.REGISTRATION:
            target, text = _registration(root, subs.units, unit, year, args)
        else:
            target, text = _body_file(root, unit, year, kind)
    except Refused as exc:
        return fail_usage(str(exc))
    from ..outputs import checked_output

    checked_output(root, target, f"新建的{kind}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as out:  # "x": never overwrite, even in a race
        out.write(text)
    rel = target.relative_to(root).as_posix()
    print(f"已生成{kind} {rel}（{unit.name}，{unit.tier}）。")
    print(f"请填写后运行：shuangchuang check {rel}")
    return 0


def _registration(root: Path, units: UnitRegistry, unit: Unit, year: int, args: argparse.Namespace) -> tuple[Path, str]:
    project = args.project or _ask("项目编号（小写英文字母、数字和短横线，例如 legal-aid-station）", _project_id)
    if problem := _project_id(project):
        raise Refused(problem)
    target = root / registration_path(year, unit.id, project)
    _refuse_existing(root, target)
    name = args.name if args.name is not None else _clean_name(_ask_optional("项目名称（可留空，稍后填写）") or "")
    return target, registration_template(units, unit, name)


def _body_file(root: Path, unit: Unit, year: int, kind: Kind) -> tuple[Path, str]:
    """A body's one file of `kind` for the year, listing what the tree holds so far."""
    target = root / body_filing_path(year, unit.id, kind)
    _refuse_existing(root, target)  # before loading the tree: an existing file is the likelier mistake
    # A scaffold lists what the tree holds for that year: the other years are not read.
    return target, SCAFFOLDS[kind](read_submissions(root, only=[], years={year}), unit, year)


def _refuse_existing(root: Path, target: Path) -> None:
    if target.exists() or target.is_symlink():
        again = "换一个项目编号，或" if target.stem not in RESERVED else ""
        raise Refused(f"{target.relative_to(root).as_posix()} 已经存在，不会覆盖。{again}直接编辑该文件。")


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
    if windows_reserved(text):
        return f"项目编号“{text}”是 Windows 的保留名称（con、prn、aux、nul、com1、lpt1 等），Windows 上无法保存；换一个编号。"
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
