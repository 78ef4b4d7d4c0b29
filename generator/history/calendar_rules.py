"""The calendar applied to a change: late filings, frozen registrations, deletions.

"不按时申报立项的成果，不能参加评选" (五.2). Every finding names the deadline, the time that
counted and what the unit can do: apply to the city office for an exception, which counts once
it is on the base branch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from ..clock import Clock, shown
from ..diagnostics import Finding, error
from ..filings import Filing, parse_filing
from ..model.forwarding import ForwardedProject
from ..model.programme import Programme, YearCalendar
from ..model.rules import DEADLINE_SECTIONS, Tier
from ..model.units import UnitRegistry
from ..paths import SUBMISSIONS, FilingPath, Kind, classify
from ..read.source import Source
from .arrival import Arrival
from .changes import Change, Status
from .exceptions import ExceptionBook, exceptions_path
from .windows import CLOCK_LABELS, DEADLINE_LABELS, Limit, Window, unexcepted_entries, window_for

# What a registration may no longer change after the registration deadline: who files, what the
# project is, and the opinions signed on it. Focus areas, the category claimed (settled at
# recommendation) and a withdrawal may still change.
PROGRAMME_PATH = f"{SUBMISSIONS}/programme.yaml"
FROZEN = ("form", "unit", "parent", "project_name", "content", "unit_opinion")
VERBS = {Status.ADDED: "提交", Status.MODIFIED: "修改", Status.DELETED: "删除"}


@dataclass(slots=True)
class ChangeContext:
    clock: Clock
    programme: Programme  # the base revision's calendar
    units: UnitRegistry | None  # the base revision's registry (the change's if the base has none)
    exceptions: ExceptionBook
    current: dict[str, Filing]  # the working tree's filings by path
    arrived: dict[str, Arrival] = field(default_factory=dict)  # when each changed file's content reached the forge

    def arrival(self, path: str) -> datetime:
        found = self.arrived.get(path)
        return found.moment if found else self.clock.now

    def tier(self, unit: str | None) -> Tier | None:
        found = self.units.by_id.get(unit or "") if self.units else None
        return found.tier if found else None

    @property
    def office(self) -> str:
        return self.units.office if self.units else "<考评办公室>"


def calendar_findings(changes: list[Change], ctx: ChangeContext) -> list[Finding]:
    found: list[Finding] = []
    by_path = {c.path: c for c in changes}
    for change in changes:
        where = classify(change.path)
        if isinstance(where, FilingPath) and where.year is not None:
            found.extend(_judge(change, where, ctx))
            if where.kind is Kind.REGISTRATION and change.status is Status.MODIFIED:
                found.extend(_forwarding_voided(change, where, ctx, by_path))
    return found


def _judge(change: Change, where: FilingPath, ctx: ChangeContext) -> Iterator[Finding]:
    assert where.year is not None
    calendar = ctx.programme.calendar(where.year)
    if where.kind is Kind.REGISTRATION and change.status is not Status.ADDED:
        yield from _registered(change, where, calendar, ctx)
        return
    yield from _in_window(change, where, window_for(where.kind, ctx.tier(where.unit)), calendar, ctx)
    if where.kind is Kind.REVIEW and change.status is not Status.DELETED:
        yield from _notice_excepted_by_itself(change, calendar, ctx)


def _notice_excepted_by_itself(change: Change, calendar: YearCalendar, ctx: ChangeContext) -> Iterator[Finding]:
    """六.2: a 通报 dated after its deadline needs an exception on the base; the tree's own check
    (E548) accepts one the change itself brings, so only that case is left to say here."""
    current = ctx.current.get(change.path)
    notice = current.model.announcement if current is not None else None
    if notice is None or notice.date <= calendar.results or not ctx.exceptions.only_proposed(change.path):
        return
    granted = ctx.exceptions.granted.get(change.path)
    if granted is not None and notice.date <= granted.new_deadline:
        return
    yield current.error(
        "E548",
        f"通报日期 {notice.date} 晚于通报评选结果截止日 {calendar.results}，本次变更里新增或延长的例外不算数",
        "通报",
        "日期",
        hint="《评选办法》六.2：每年 11 月底前通报评选结果。例外必须由考评办公室单独提交、先合并到主分支，再提交通报。",
    )


def _in_window(
    change: Change, where: FilingPath, window: Window, calendar: YearCalendar, ctx: ChangeContext
) -> Iterator[Finding]:
    verb = VERBS[change.status]
    opening = window.opening(calendar)
    if opening is not None and ctx.clock.now <= opening:
        yield _at(
            change,
            ctx,
            "E403",
            f"{window.label}在 {shown(opening)}（北京时间）之后才开始受理，本次{verb}的时间是 {shown(ctx.clock.now)}",
            f"请在受理期内再{verb}；{window.label}的受理期见 submissions/programme.yaml 和《评选办法》五、六。",
        )
        return
    for limit in window.limits:
        late = _late(limit, calendar, ctx, change.path)
        uncovered: list[str] = []
        if late is not None and where.kind is Kind.FORWARDING:
            uncovered = _uncovered_entries(change, where, ctx, late[1])
            if not uncovered:
                continue  # every entry it adds or alters is excepted with its registration
        if late is not None:
            proof = ""
            if limit.clock == "arrived" and change.path in ctx.arrived:
                proof = f"（依据：{ctx.arrived[change.path].proof}）"
            yield _at(
                change,
                ctx,
                "E401" if limit.clock == "arrived" else "E402",
                f"{window.label}已逾期：{DEADLINE_LABELS[limit.deadline]}时间是 {shown(late[0])}（北京时间），"
                f"{CLOCK_LABELS[limit.clock]}是 {shown(late[1])}{proof}"
                + (f"；没有例外的项：{'、'.join(uncovered)}" if uncovered else ""),
                _exception_hint(change.path, where, ctx, _late_reason(limit.deadline))
                + (_FORWARDING_COVERED if uncovered else ""),
            )
            return


def _late(limit: Limit, calendar: YearCalendar, ctx: ChangeContext, path: str) -> tuple[datetime, datetime] | None:
    """(deadline, time that counted) when the limit is missed and no exception on the base covers it."""
    deadline = calendar.deadline(limit.deadline)
    moment = ctx.clock.now if limit.clock == "now" else ctx.arrival(path)
    granted = ctx.exceptions.deadline(path)
    if moment <= deadline or (granted is not None and moment <= granted):
        return None
    return deadline, moment


def _registered(change: Change, where: FilingPath, calendar: YearCalendar, ctx: ChangeContext) -> Iterator[Finding]:
    """A registration that exists on the base: after the deadline it may be withdrawn, not edited or deleted.

    A grassroots registration is handed over by 10 March (五.2): from then on its content is the
    parent's to judge, so it is frozen like a new one would be late (its content's arrival is the
    time that counts), and for every registration the 20 March deadline freezes it at the merge."""
    freezes = [Limit("registration", "now")]
    if ctx.tier(where.unit) is Tier.GRASSROOTS:
        freezes.insert(0, Limit("grassroots_to_parent", "arrived"))
    for freeze in freezes:
        late = _late(freeze, calendar, ctx, change.path)
        if late is not None:
            break
    else:
        return
    deadline, now = late
    label = DEADLINE_LABELS[freeze.deadline]
    correction = f"{label}以后，申报表以截止时的内容为准（{DEADLINE_SECTIONS[freeze.deadline]}）。{CORRECTION}"
    when = f"{label}时间 {shown(deadline)}（北京时间）已过，本次{VERBS[change.status]}的时间是 {shown(now)}"
    if change.status is Status.DELETED:
        yield _at(
            change,
            ctx,
            "E405",
            f"{when}：已立项的申报表不能删除",
            "不再参评请在表中填写“撤回”（日期和原因），不要删除文件。"
            + _exception_hint(change.path, where, ctx, correction),
        )
        return
    current = ctx.current.get(change.path)
    if current is None:
        return  # the file's own errors are reported by the loader
    base = _base_filing(change, where)
    if base is None:
        yield _at(
            change,
            ctx,
            "E404",
            f"{when}：基准版本中的这份申报表无法读取，无法确认修改了哪些栏目",
            _exception_hint(change.path, where, ctx, correction),
        )
        return
    for name in FROZEN:
        if getattr(base.model, name, None) != getattr(current.model, name, None):
            label = type(current.model).model_fields[name].alias or name
            yield current.key_error(
                "E404",
                f"{when}：已立项的“{label}”不能再修改",
                label,
                hint="已立项的内容以截止时的版本为准；不再参评请填写“撤回”栏。"
                + _exception_hint(change.path, where, ctx, correction),
            )
    if base.model.withdrawal is not None and current.model.withdrawal is None:
        yield _at(
            change,
            ctx,
            "E406",
            f"{when}：已撤回的项目不能恢复参评",
            "请保留“撤回”栏。" + _exception_hint(change.path, where, ctx, correction),
        )


def _base_filing(change: Change, where: FilingPath) -> Filing | None:
    if change.base_text is None:
        return None
    filing, _ = parse_filing(where, Source(change.path, change.base_text))
    return filing


CORRECTION = "确需更正，"
_LATE_REASONS = {
    "grassroots_to_parent": "基层工会于 3 月 10 日前将立项项目报所属上级审核，不按时申报立项的成果不能参加评选",
    "registration": "立项项目于 3 月 20 日前报市总工会考评办公室，不按时申报立项的成果不能参加评选",
    "recommendation": "符合评选标准的成果于 11 月 15 日前推荐上报市总工会考评办公室",
    "results": "每年 11 月底前通报评选结果",
}
_FORWARDING_COVERED = (
    "基层工会立项申报表的例外同时适用于所属上级审核汇总中该项目的一项：为上面列出的项目的申报表登记例外即可，"
    "不必另为 forwarding.yaml 登记。"
)


def _late_reason(deadline: str) -> str:
    """Why the deadline binds, citing the section of the rules that sets it."""
    return f"{_LATE_REASONS[deadline]}（{DEADLINE_SECTIONS[deadline]}）。确有特殊情况，"


def _base_items(change: Change, where: FilingPath) -> dict[tuple[str, str], ForwardedProject]:
    base = _base_filing(change, where)
    return {(i.unit, i.project): i for i in base.model.items} if base is not None else {}


def _uncovered_entries(change: Change, where: FilingPath, ctx: ChangeContext, moment: datetime) -> list[str]:
    """The entries a late change to a forwarding list adds, alters or removes whose registration
    has no exception on the base covering `moment`, as "unit/project"; [] when all are covered.
    An exception for a late grassroots registration covers its parent's entry for it (五.2: the
    parent forwards what it was handed)."""
    current = ctx.current.get(change.path)
    if current is None:
        return ["（整个审核汇总被删除）"]
    year = where.year or 0
    before = _base_items(change, where)
    now = {(i.unit, i.project): i for i in current.model.items}
    touched = [k for k, item in now.items() if before.get(k) != item] + [k for k in before if k not in now]
    return unexcepted_entries(year, touched, moment, ctx.exceptions.deadline)


def _forwarding_voided(
    change: Change, where: FilingPath, ctx: ChangeContext, changes: dict[str, Change]
) -> Iterator[Finding]:
    """五.2: the parent's signature covers the content it saw. A change to a forwarded
    registration's content voids that entry unless the parent signs the entry again in the same
    change (its entry changes, so the parent's signature must cover the new forwarding list)."""
    if ctx.tier(where.unit) is not Tier.GRASSROOTS or ctx.units is None:
        return
    current, base = ctx.current.get(change.path), _base_filing(change, where)
    if current is None or base is None or not _frozen_changed(base, current):
        return
    year = where.year or 0
    unit = ctx.units.as_of(where.unit or "", year)
    if unit is None or unit.parent is None:
        return
    path = f"{SUBMISSIONS}/{year}/{unit.parent}/forwarding.yaml"
    forwarding = ctx.current.get(path)
    key = (where.unit or "", where.project or "")
    entry = next((i for i in forwarding.model.items if (i.unit, i.project) == key), None) if forwarding else None
    if entry is None:
        return  # not forwarded yet: the parent will judge the new content
    fwd_change = changes.get(path)
    before = _base_items(fwd_change, classify(path)) if fwd_change is not None else None  # type: ignore[arg-type]
    if before is not None and before.get(key) != entry:
        return  # the parent signs its entry again in this change
    parent = ctx.units.by_id.get(unit.parent)
    yield current.key_error(
        "E552",
        f"所属上级（{parent.name if parent else unit.parent}）已审核汇总这份申报表，审核针对的是修改前的内容；"
        f"本次修改使{path}中这一项的审核结论失效",
        *_first_frozen_label(base, current),
        hint="所属上级的签字只对它审核过的那一版内容有效。请所属上级在同一合并请求中重新审核：修改 "
        f"{path} 中这一项（意见、审核结论、领导签字和日期），并由其签字人批准；否则撤销本次对申报表内容的修改。",
    )


def _frozen_changed(base: Filing, current: Filing) -> bool:
    return any(getattr(base.model, n, None) != getattr(current.model, n, None) for n in FROZEN)


def _first_frozen_label(base: Filing, current: Filing) -> tuple[str, ...]:
    for name in FROZEN:
        if getattr(base.model, name, None) != getattr(current.model, name, None):
            return (type(current.model).model_fields[name].alias or name,)
    return ()


def _exception_hint(path: str, where: FilingPath, ctx: ChangeContext, why: str) -> str:
    office_file = exceptions_path(where.year or 0, ctx.office)
    hint = (
        f"{why}请向市总工会“双创”考评领导小组办公室申请例外（由考评领导小组组长或考评办公室签字人批准）："
        f"批准后由办公室在 {office_file} 中登记此文件并先合并到主分支，再重新运行检查。"
    )
    if where.kind is Kind.REGISTRATION and ctx.tier(where.unit) is Tier.GRASSROOTS:
        hint += "这一条例外同时适用于所属上级审核汇总（forwarding.yaml）中该项目的一项，不必另行登记。"
    granted = ctx.exceptions.granted.get(path)
    if granted is not None:
        hint += f"考评办公室准予的例外已于 {granted.new_deadline} 到期。"
    if ctx.exceptions.only_proposed(path):
        hint += "本次变更里新增或延长的例外不算数：例外必须由考评办公室单独提交、先合并到主分支。"
    return hint


def _at(change: Change, ctx: ChangeContext, code: str, message: str, hint: str) -> Finding:
    """A whole-file finding; on the first line of the file when it is still there."""
    current = ctx.current.get(change.path)
    line = 1 if current is not None else 0
    return error(code, message, change.path, line, 1 if line else 0, hint)


def calendar_notes(programme: Programme, years: list[int]) -> list[str]:
    """Said whenever the calendar is applied: which deadlines, and that holidays do not move them."""
    notes = []
    for year in years:
        cal = programme.calendar(year)
        days = "，".join(f"{DEADLINE_LABELS[name]} {shown(cal.deadline(name))}" for name in DEADLINE_LABELS)
        source = "按 programme.yaml 的“日程调整”" if cal.overridden else "按《评选办法》的日期"
        notes.append(
            f"{year} 年日程（{source}，北京时间）：{days}。截止日遇节假日不顺延，"
            f"除非 {SUBMISSIONS}/programme.yaml 的“日程调整”另有规定。"
        )
    return notes


def programme_findings(before: Programme, after: Programme, clock: Clock) -> list[Finding]:
    """The calendar is the rule in force: a deadline that has passed cannot be moved (that would
    excuse or condemn what already happened; exceptions are the way), and the audit's starting
    point, once set, cannot be moved (that would erase the audit of what landed before it)."""
    found = []
    for year in sorted({*before.calendars, *after.calendars}):
        old, new = before.calendar(year), after.calendar(year)
        for name, label in DEADLINE_LABELS.items():
            was, now = old.deadline(name), new.deadline(name)
            if was != now and min(was, now) < clock.now:
                found.append(
                    error(
                        "E407",
                        f"{year} 年的{label}时间已过（{shown(min(was, now))}），不能再从 {shown(was)} "
                        f"改为 {shown(now)}",
                        PROGRAMME_PATH,
                        1,
                        1,
                        hint="已经过去的截止时间不能改：逾期的个别文件请由考评办公室在例外文件中登记；"
                        "只能在截止之前调整日程。",
                    )
                )
    if before.audit_from is not None and after.audit_from != before.audit_from:
        found.append(
            error(
                "E408",
                f"“审计起点”已定为 {before.audit_from}，不能再改",
                PROGRAMME_PATH,
                1,
                1,
                hint="审计起点只在导入旧记录时设定一次；改动它会抹去此后合并记录的时限审计。",
            )
        )
    return found
