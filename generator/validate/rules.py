"""Rules that span files: the registry, the path, the unit's tier and parent, uniqueness.

Each rule is a function from the loaded tree to findings; `RULES` lists them in order.
Rules of later stages (the lifecycle) append theirs in their own modules via `rule`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Finding, warning
from ..model.forwarding import ForwardingDecision
from ..model.rules import FocusArea, Tier
from ..model.units import Unit, UnitRegistry
from ..paths import Kind

if TYPE_CHECKING:
    from ..filings import Filing
    from ..model.forwarding import ForwardedProject
    from ..submissions import Submissions

Rule = Callable[["Submissions"], Iterator[Finding]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def check_rules(subs: Submissions) -> list[Finding]:
    found: list[Finding] = []
    for fn in RULES:
        found.extend(fn(subs))
    return found


def matches_unit(written: str, unit: Unit) -> bool:
    """A form may name a unit by its full name or its id."""
    return "".join(written.split()) in ("".join(unit.name.split()), unit.id)


# --- the registry -----------------------------------------------------------------------


@rule
def registry_is_consistent(subs: Submissions) -> Iterator[Finding]:
    units = subs.units
    filing = next(iter(subs.of_kind(Kind.UNITS)), None)
    if units is None or filing is None:
        return
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    for i, unit in enumerate(units.units):
        if unit.id in seen_ids:
            yield filing.error(
                "E320",
                f"单位编号“{unit.id}”重复（第一次在第 {seen_ids[unit.id] + 1} 个单位）",
                "单位",
                i,
                "编号",
                hint="每个单位的编号必须唯一。",
            )
        seen_ids.setdefault(unit.id, i)
        if unit.name in seen_names:
            yield filing.error("E323", f"单位名称“{unit.name}”重复", "单位", i, "名称", hint="同一个单位只登记一次。")
        seen_names.setdefault(unit.name, i)
    for i, unit in enumerate(units.units):
        yield from _parent_is_valid(filing, units, i, unit)
    if units.office not in units.by_id:
        yield filing.error(
            "E322", f"考评办公室“{units.office}”不在单位名录中", "考评办公室", hint="填写市总工会办公室在名录中的编号。"
        )


def _parent_is_valid(filing: Filing, units: UnitRegistry, i: int, unit: Unit) -> Iterator[Finding]:
    for j, change in enumerate(unit.changes):
        old = units.by_id.get(change.old_parent or "")
        if change.old_parent is not None and (old is None or old.tier is not Tier.ORGAN):
            yield filing.error(
                "E324",
                f"原上级“{change.old_parent}”不在单位名录中，或不是工会领导机关",
                "单位",
                i,
                "变更",
                j,
                "原上级",
                hint="填写原所属区市县总工会、开放先导区工会、产业工会或市总事业发展部的编号。",
            )
    if unit.parent is None:
        return
    parent = units.by_id.get(unit.parent)
    if parent is None:
        yield filing.error(
            "E321",
            f"上级“{unit.parent}”不在单位名录中",
            "单位",
            i,
            "上级",
            hint="填写所属区市县总工会、开放先导区工会、产业工会或市总事业发展部的编号。",
        )
    elif parent.tier is not Tier.ORGAN:
        yield filing.error(
            "E321",
            f"上级“{parent.name}”是基层工会，不能受理基层工会的申报",
            "单位",
            i,
            "上级",
            hint="上级必须是工会领导机关：区市县总工会、开放先导区工会、产业工会或市总事业发展部。",
        )


# --- registrations -------------------------------------------------------------------------


@rule
def registrations_match_registry(subs: Submissions) -> Iterator[Finding]:
    if subs.units is None:
        return
    for filing in subs.registrations():
        # Each year is judged against the unit's name and parent as registered for that year.
        unit = subs.units.as_of(filing.where.unit or "", filing.where.year)
        if unit is None:
            yield filing.error(
                "E301",
                f"单位编号“{filing.where.unit}”不在单位名录中",
                "单位",
                hint="检查文件夹名是否写对；新单位请考评办公室先在 submissions/units.yaml 中登记。",
            )
            continue
        yield from _registration_against_unit(subs.units, filing, unit)


def _registration_against_unit(units: UnitRegistry, filing: Filing, unit: Unit) -> Iterator[Finding]:
    form = filing.model
    if form.tier is not unit.tier:
        expected = "领导机关立项申报表" if unit.tier is Tier.ORGAN else "基层工会立项申报表"
        yield filing.error(
            "E303",
            f"{unit.name}是{unit.tier}，不能用“{form.form}”",
            "表",
            hint=f"改用“{expected}”（`shuangchuang new --unit {unit.id}` 生成正确的模板）。",
        )
        return
    if not matches_unit(form.unit, unit):
        yield filing.error(
            "E302",
            f"“单位”填的是“{form.unit}”，但文件在 {unit.id}（{unit.name}）的文件夹里",
            "单位",
            hint=f"改成“{unit.name}”；如果放错了文件夹，请移到本单位的文件夹。",
        )
    if unit.tier is Tier.GRASSROOTS:
        parent = units.as_of(unit.parent or "", filing.where.year)
        if parent is not None and not matches_unit(form.parent, parent):
            yield filing.error(
                "E304",
                f"“所属上级”填的是“{form.parent}”，单位名录中{unit.name}的上级是{parent.name}",
                "所属上级",
                hint=f"改成“{parent.name}”；如果隶属关系变了，请考评办公室先更新单位名录。",
            )
    yield from _other_focus(filing)
    if form.unit_opinion.date.year != filing.where.year:
        label = "单位意见" if unit.tier is Tier.ORGAN else "本单位意见"
        yield warning_at(
            filing,
            "W305",
            f"{label}的日期 {form.unit_opinion.date} 不在 {filing.where.year} 年",
            (label, "日期"),
            "检查年份是否写错，或文件是否放错了年份文件夹。",
        )


def _other_focus(filing: Filing) -> Iterator[Finding]:
    """二、评选内容 is an open list ("特别是……等方面"): 其他 is allowed, with what it is."""
    form = filing.model
    chose_other = FocusArea.OTHER in form.focus_areas
    if chose_other and not form.other_focus:
        yield filing.error(
            "E307",
            "“评选内容”选了“其他”，但没有填写“其他内容”",
            "评选内容",
            hint="加一行“其他内容: ……”，用一句话（不超过 40 字）写明项目围绕的重点工作，例如“其他内容: 职工文化建设”。",
        )
    elif form.other_focus and not chose_other:
        yield filing.error(
            "E308",
            "填写了“其他内容”，但“评选内容”没有选“其他”",
            "其他内容",
            hint="在“评选内容”里加上“- 其他”；如果项目只围绕所列的几个方面，删掉“其他内容”这一行。",
        )


def warning_at(filing: Filing, code: str, message: str, loc: tuple[str | int, ...], hint: str) -> Finding:
    mark = filing.mark(*loc)
    return warning(code, message, filing.path, mark.line, mark.column, hint)


@rule
def project_ids_are_unique(subs: Submissions) -> Iterator[Finding]:
    """Both files are told, so checking either one alone shows the clash."""
    for group in _groups(subs.registrations(), lambda f: (f.where.year, f.where.project)):
        for filing in group:
            others = "、".join(o.path for o in group if o is not filing)
            yield filing.error(
                "E305",
                f"项目编号“{filing.where.project}”在 {filing.where.year} 年重复，也用在 {others}",
                hint="项目编号全年唯一：给其中一个文件换个名字，"
                f"例如 {filing.where.unit}-{filing.where.project}.yaml。",
            )


@rule
def project_names_are_unique_per_unit(subs: Submissions) -> Iterator[Finding]:
    def key(f: Filing) -> tuple[object, ...]:
        return f.where.year, f.where.unit, "".join(f.model.project_name.split())

    for group in _groups(subs.registrations(), key):
        for filing in group:
            others = "、".join(o.path for o in group if o is not filing)
            yield filing.error(
                "E306",
                f"本单位 {filing.where.year} 年申报了两个同名项目（另见 {others}）",
                "项目名称",
                hint="同一项目只申报一次；不同项目请用能区分的名称。",
            )


def _groups(filings: list[Filing], key: Callable[[Filing], object]) -> Iterator[list[Filing]]:
    """Filings that share a key, two or more at a time, in path order."""
    by_key: dict[object, list[Filing]] = {}
    for filing in filings:
        by_key.setdefault(key(filing), []).append(filing)
    return (group for group in by_key.values() if len(group) > 1)


# --- forwarding lists ------------------------------------------------------------------------


@rule
def forwarding_lists_are_the_parents(subs: Submissions) -> Iterator[Finding]:
    if subs.units is None:
        return
    registered = {(f.where.year, f.where.unit, f.where.project) for f in subs.registrations()}
    for filing in subs.of_kind(Kind.FORWARDING):
        parent = subs.units.by_id.get(filing.where.unit or "")
        if parent is None or parent.tier is not Tier.ORGAN:
            yield filing.error(
                "E310",
                "审核汇总只能由工会领导机关在自己的文件夹里填写",
                "审核汇总",
                hint="基层工会的立项由所属上级审核汇总；请把此文件移到上级单位的文件夹。",
            )
            continue
        yield from _forwarded_items(subs.units, filing, parent, registered)


def _forwarded_items(
    units: UnitRegistry, filing: Filing, parent: Unit, registered: set[tuple[int | None, str | None, str | None]]
) -> Iterator[Finding]:
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(filing.model.items):
        unit = units.as_of(item.unit, filing.where.year)  # the parent it had that year
        if unit is None:
            yield filing.error(
                "E311",
                f"单位编号“{item.unit}”不在单位名录中",
                "审核汇总",
                i,
                "单位",
                hint="填写所属基层工会在单位名录中的编号。",
            )
        elif unit.parent != parent.id:
            yield filing.error(
                "E312",
                f"{unit.name}不是{parent.name}的所属基层工会",
                "审核汇总",
                i,
                "单位",
                hint="只能审核汇总本单位所属基层工会的项目。",
            )
        elif (filing.where.year, item.unit, item.project) not in registered:
            yield filing.error(
                "E313",
                f"{unit.name} {filing.where.year} 年没有编号为“{item.project}”的立项申报表",
                "审核汇总",
                i,
                "项目",
                hint=f"核对项目编号，应与 submissions/{filing.where.year}/{item.unit}/ 下的文件名一致。",
            )
        yield from _decision_is_explained(filing, i, item)
        if (item.unit, item.project) in seen:
            yield filing.error(
                "E314", f"项目“{item.project}”在审核汇总里出现了两次", "审核汇总", i, "项目", hint="每个项目只写一次。"
            )
        seen.add((item.unit, item.project))


def _decision_is_explained(filing: Filing, i: int, item: ForwardedProject) -> Iterator[Finding]:
    if item.decision is ForwardingDecision.REFUSE and not item.reason:
        yield filing.error(
            "E315",
            "审核结论是“不同意上报”，但没有写理由",
            "审核汇总",
            i,
            "审核结论",
            hint="加一行“理由: ……”，写明不同意上报的原因；申报单位和公示网站都会看到。",
        )
    if item.decision is ForwardingDecision.FORWARD and "不同意" in item.opinion:
        yield filing.error(
            "E316",
            "意见写的是不同意，但审核结论是“同意上报”",
            "审核汇总",
            i,
            "审核结论",
            hint="不同意上报时把审核结论改为“不同意上报”并写明“理由”；同意上报时改正意见的文字。",
        )


# --- settings --------------------------------------------------------------------------------


@rule
def calendars_are_in_order(subs: Submissions) -> Iterator[Finding]:
    for filing in subs.of_kind(Kind.PROGRAMME):
        for year in filing.model.calendars:
            cal = filing.model.calendar(year)
            days = [cal.grassroots_to_parent, cal.registration, cal.recommendation, cal.results]
            if days != sorted(days) or any(d.year != year for d in days):
                yield filing.key_error(
                    "E330",
                    f"{year} 年的日程顺序不对，或日期不在 {year} 年",
                    "日程调整",
                    year,
                    hint="应为：基层报送截止 ≤ 立项截止 ≤ 推荐截止 ≤ 通报截止，且都在当年。",
                )


# Rules of later stages live in their own modules; importing them registers them.
from . import exceptions as _exceptions  # noqa: E402, F401
