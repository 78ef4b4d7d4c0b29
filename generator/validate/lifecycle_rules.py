"""Rules of the year after registration (E5xx): tracking, recommendation, review and results.

Content only: who may write what about which project, and whether the results hang together.
The windows in which these filings may land are the calendar audit's (E4xx, from git history).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from ..diagnostics import Finding, error
from ..model.recommendation import RecommendedProject
from ..model.rules import CRITERIA, Category, Tier, criteria_for
from ..model.tracking import TrackingOutcome, TrackingRecord
from ..model.units import Unit, UnitRegistry
from ..paths import Kind
from .rules import rule, warning_at

if TYPE_CHECKING:
    from ..filings import Filing
    from ..submissions import Submissions

Key = tuple[int, str, str]  # (year, unit, project)


@dataclass
class _Registered:
    """What a year's registrations and forwarding lists say about each project."""

    forms: dict[Key, Filing] = field(default_factory=dict)
    forwarded: set[Key] = field(default_factory=set)  # 同意上报
    refused: set[Key] = field(default_factory=set)  # 不同意上报
    rejected: set[Key] = field(default_factory=set)  # the latest 认定 of a tracking record is 不予认定

    @classmethod
    def of(cls, subs: Submissions) -> _Registered:
        found = cls()
        for filing in subs.filings:
            year = filing.where.year or 0
            if filing.where.kind is Kind.REGISTRATION:
                found.forms.setdefault((year, filing.where.unit or "", filing.where.project or ""), filing)
            elif filing.where.kind is Kind.FORWARDING:
                for i in filing.model.items:
                    (found.forwarded if i.forwarded else found.refused).add((year, i.unit, i.project))
        latest: dict[Key, TrackingRecord] = {}
        for filing in subs.of_kind(Kind.TRACKING):
            for r in filing.model.records:
                key = (filing.where.year or 0, r.unit, r.project)
                if r.outcome is not None and (key not in latest or latest[key].date <= r.date):
                    latest[key] = r
        found.rejected = {k for k, r in latest.items() if r.outcome is TrackingOutcome.REJECTED}
        return found


def _unknown_project(filing: Filing, unit: Unit, project: str, loc: tuple[str | int, ...], code: str) -> Finding:
    year = filing.where.year
    return filing.error(
        code,
        f"{unit.name} {year} 年没有编号为“{project}”的立项申报表",
        *loc,
        "项目",
        hint=f"核对项目编号，应与 submissions/{year}/{unit.id}/ 下申报表的文件名（不含 .yaml）一致。",
    )


# --- tracking ----------------------------------------------------------------------------------


@rule
def tracking_by_parent_or_office(subs: Submissions) -> Iterator[Finding]:
    if subs.units is None:
        return
    registered = _Registered.of(subs)
    for filing in subs.of_kind(Kind.TRACKING):
        for i, record in enumerate(filing.model.records):
            yield from _tracking_record(subs.units, registered, filing, i, record)


def _tracking_record(
    units: UnitRegistry, registered: _Registered, filing: Filing, i: int, record: TrackingRecord
) -> Iterator[Finding]:
    loc = ("跟踪考核记录", i)
    unit = units.as_of(record.unit, filing.where.year)  # the parent it had that year
    writer = filing.where.unit or ""
    if unit is None:
        yield filing.error(
            "E501",
            f"单位编号“{record.unit}”不在单位名录中",
            *loc,
            "单位",
            hint="填写被跟踪项目的申报单位在 submissions/units.yaml 中的编号。",
        )
        return
    if writer not in (unit.parent, units.office):
        who = units.by_id[unit.parent].name if unit.parent in units.by_id else "考评办公室"
        yield filing.error(
            "E503",
            f"{_name(units, writer)}不是{unit.name}的上级，不能记录它的跟踪考核",
            *loc,
            "单位",
            hint=f"项目的跟踪考核只能由所属上级（{who}）或市总工会考评办公室记录，写在各自文件夹的 tracking.yaml 里。",
        )
    if (filing.where.year or 0, unit.id, record.project) not in registered.forms:
        yield _unknown_project(filing, unit, record.project, loc, "E502")
    if record.date.year != filing.where.year:
        yield warning_at(
            filing,
            "W504",
            f"跟踪考核日期 {record.date} 不在 {filing.where.year} 年",
            (*loc, "日期"),
            "检查年份是否写错，或记录是否放错了年份文件夹。",
        )


def _name(units: UnitRegistry, unit_id: str) -> str:
    unit = units.by_id.get(unit_id)
    return unit.name if unit else f"“{unit_id}”"


# --- recommendations ---------------------------------------------------------------------------


@rule
def recommendations_are_valid(subs: Submissions) -> Iterator[Finding]:
    if subs.units is None:
        return
    registered = _Registered.of(subs)
    first: dict[Key, tuple[Filing, tuple[str | int, ...]]] = {}  # where each was first recommended
    for filing in subs.of_kind(Kind.RECOMMENDATION):
        body = subs.units.by_id.get(filing.where.unit or "")
        if body is None or body.tier is not Tier.ORGAN:
            yield filing.key_error(
                "E510",
                "推荐上报只能由工会领导机关在自己的文件夹里填写",
                "推荐上报",
                hint="基层工会的项目由所属区市县总工会、开放先导区工会、产业工会或市总事业发展部推荐；"
                "请把此文件移到推荐单位的文件夹。",
            )
            continue
        for i, item in enumerate(filing.model.items):
            yield from _recommended_item(subs.units, registered, first, filing, body, i, item)


def _recommended_item(
    units: UnitRegistry,
    registered: _Registered,
    first: dict[Key, tuple[Filing, tuple[str | int, ...]]],
    filing: Filing,
    body: Unit,
    i: int,
    item: RecommendedProject,
) -> Iterator[Finding]:
    loc = ("推荐上报", i)
    unit = units.as_of(item.unit, filing.where.year)  # the parent it had that year
    if unit is None or body.id not in (unit.id, unit.parent):
        what = (
            f"单位编号“{item.unit}”不在单位名录中"
            if unit is None
            else f"{unit.name}不是{body.name}本身或其所属基层工会"
        )
        yield filing.error(
            "E511",
            what,
            *loc,
            "单位",
            hint="只能推荐本单位的项目和本单位所属基层工会的项目（市总直属单位由市总事业发展部推荐）。",
        )
        return
    key = (filing.where.year or 0, unit.id, item.project)
    form = registered.forms.get(key)
    if form is None:
        yield _unknown_project(filing, unit, item.project, loc, "E512")
        return
    yield from _recommendable(filing, unit, key, form, registered, loc)
    if key in first:
        earlier, at = first[key]  # its line is looked up only now: positions are found again on demand
        yield filing.error(
            "E515",
            f"项目“{item.project}”已经推荐过（{earlier.path} 第 {earlier.mark(*at).line} 行），每个项目只能推荐一次",
            *loc,
            "项目",
            hint="删掉重复的一项。",
        )
    first.setdefault(key, (filing, loc))
    yield from _criteria_of(filing, unit, item, loc)


def _recommendable(
    filing: Filing, unit: Unit, key: Key, form: Filing, registered: _Registered, loc: tuple[str | int, ...]
) -> Iterator[Finding]:
    if unit.tier is Tier.GRASSROOTS and key in registered.refused:
        yield filing.error(
            "E513",
            f"所属上级审核时不同意上报{unit.name}的“{form.model.project_name}”，项目未立项，不能推荐",
            *loc,
            "项目",
            hint="按《评选办法》五.2，立项项目由所属上级审核汇总后报市总工会；未立项的项目不能参加评选，删掉这一项。",
        )
    elif unit.tier is Tier.GRASSROOTS and key not in registered.forwarded:
        yield filing.error(
            "E513",
            f"{unit.name}的“{form.model.project_name}”没有经所属上级审核汇总，未按时立项，不能推荐",
            *loc,
            "项目",
            hint="按《评选办法》，不按时申报立项的成果不能参加评选；删掉这一项。",
        )
    if key in registered.rejected:
        yield warning_at(
            filing,
            "W551",
            f"“{form.model.project_name}”最近一次跟踪考核的认定结论是“不予认定”",
            (*loc, "项目"),
            "《评选办法》六.1：所属上级负责跟踪考核和认定；确认项目已达到要求时，先补一条认定为“予以认定”的跟踪考核记录，"
            "否则不要推荐。",
        )
    if form.model.withdrawal is not None:
        yield filing.error(
            "E514",
            f"“{form.model.project_name}”已于 {form.model.withdrawal.date} 撤回，不能推荐",
            *loc,
            "项目",
            hint="撤回的项目不再参评；删掉这一项。",
        )


def _criteria_of(filing: Filing, unit: Unit, item: RecommendedProject, loc: tuple[str | int, ...]) -> Iterator[Finding]:
    valid = criteria_for(unit.tier, item.category)
    listing = "；".join(f"{c.id}：{c.text}" for c in valid)
    if not item.criteria:
        yield filing.error(
            "E516",
            "“符合标准”至少要填一条",
            *loc,
            "符合标准",
            hint=f"{unit.tier}申报{item.category}的标准是——{listing}",
        )
    for j, met in enumerate(item.criteria):
        criterion = CRITERIA[met.criterion]
        if criterion.tier is not unit.tier or criterion.category is not item.category:
            yield filing.error(
                "E517",
                f"标准 {criterion.id} 是{criterion.tier}{criterion.category}的标准，"
                f"不适用于{unit.tier}申报{item.category}",
                *loc,
                "符合标准",
                j,
                "标准",
                hint=f"可填：{listing}",
            )


# --- review and results ------------------------------------------------------------------------


@rule
def review_is_the_offices(subs: Submissions) -> Iterator[Finding]:
    if subs.units is None:
        return
    for filing in subs.of_kind(Kind.REVIEW):
        if filing.where.unit != subs.units.office:
            yield filing.key_error(
                "E520",
                "评审与审定结果只能由市总工会考评办公室填写",
                "评审会",
                hint=f"把此文件移到 submissions/{filing.where.year}/{subs.units.office}/review.yaml。",
            )


@rule
def review_results_are_consistent(subs: Submissions) -> Iterator[Finding]:
    if subs.units is None:
        return
    claimed = {
        (f.where.year or 0, i.unit, i.project): i.category
        for f in subs.of_kind(Kind.RECOMMENDATION)
        for i in f.model.items
    }
    for filing in subs.of_kind(Kind.REVIEW):
        if filing.where.unit != subs.units.office:
            continue
        yield from _results(filing, claimed)
        yield from _leading_group(filing, subs)
        yield from _categories(filing, claimed, subs.units)
        yield from _approval_and_announcement(filing)
        yield from _decisions(filing)
        yield from _province(filing)
        yield from _everyone_reviewed(filing, claimed)
        yield from _notice_on_time(filing, subs)


def _results(filing: Filing, claimed: dict[Key, Category]) -> Iterator[Finding]:
    review = filing.model
    present = len(review.meeting.members)
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(review.results):
        loc = ("评审结果", i)
        votes = entry.votes_for + entry.votes_against + entry.abstentions
        if votes > present:
            yield filing.error(
                "E521",
                f"赞成、反对、弃权共 {votes} 票，多于出席评审会的 {present} 名成员",
                *loc,
                "赞成",
                hint="每名出席成员只投一票；核对票数和“评审会 / 出席成员”名单。",
            )
        if (entry.unit, entry.project) in seen:
            yield filing.error(
                "E524", f"项目“{entry.project}”在评审结果里出现了两次", *loc, "项目", hint="每个项目只写一次。"
            )
        seen.add((entry.unit, entry.project))
        category = claimed.get((filing.where.year or 0, entry.unit, entry.project))
        if category is None:
            yield filing.error(
                "E522",
                f"{entry.unit} 的项目“{entry.project}”没有被推荐上报，不能评审授奖",
                *loc,
                "项目",
                hint="只有经推荐上报（recommendation.yaml）的项目才能参加评审；核对单位和项目编号。",
            )
        elif entry.category_note is None:
            for field_name, award in (("拟授奖", entry.award), ("审定", entry.decision)):
                if award is not None and award.category not in (None, category):
                    yield filing.error(
                        "E523",
                        f"{'拟授' if field_name == '拟授奖' else '审定为'}{award}，但推荐申报的类别是{category}",
                        *loc,
                        field_name,
                        hint="授奖类别与申报类别不同时，在“类别调整理由”中写明理由，并在“依据标准”中列出符合的"
                        "那一类别的评选标准；否则改为与申报类别一致。",
                    )
                    break


def _leading_group(filing: Filing, subs: Submissions) -> Iterator[Finding]:
    """六.2 and 八: the review meeting is the leading group's: its members, a quorum, a majority."""
    review, year = filing.model, filing.where.year or 0
    group = subs.programme.leading_group(year)
    if year not in subs.programme.leading_groups:
        yield warning_at(
            filing,
            "W540",
            f"submissions/programme.yaml 没有登记 {year} 年的考评领导小组，按《评选办法》八所列名单核对出席成员",
            ("评审会",),
            f"请考评办公室在 programme.yaml 的“考评领导小组”下登记 {year} 年的组长、副组长和成员，"
            f"例如 {year}: {{组长: 陈凤荣, 副组长: [曲朝阳], 成员: [王光宇, 于波]}}。",
        )
    everyone = group.everyone
    present: list[str] = []
    for j, name in enumerate(review.meeting.members):
        if name not in everyone:
            yield filing.error(
                "E541",
                f"“{name}”不是 {year} 年考评领导小组的成员",
                "评审会",
                "出席成员",
                j,
                hint=f"出席成员只能是考评领导小组的组长、副组长和成员：{'、'.join(everyone)}；"
                "核对姓名，或请考评办公室在 programme.yaml 的“考评领导小组”中更新名单。",
            )
        elif name in present:
            yield filing.error("E541", f"“{name}”写了两次", "评审会", "出席成员", j, hint="每名出席成员只写一次。")
        else:
            present.append(name)
    if not group.quorum.met(len(present), len(everyone)):
        yield filing.error(
            "E542",
            f"评审会出席的领导小组成员 {len(present)} 人，不足领导小组 {len(everyone)} 人的{group.quorum}"
            f"（至少 {group.quorum.needed(len(everyone))} 人）",
            "评审会",
            "出席成员",
            hint="出席人数不足时评审会不能作出评审意见；另行召开评审会，或核对“出席成员”名单"
            "（出席要求由考评办公室在 programme.yaml 的“考评领导小组 / 出席要求”中设定）。",
        )
    for i, entry in enumerate(review.results):
        if entry.award.category is not None and not group.majority.met(entry.votes_for, len(present)):
            yield filing.error(
                "E543",
                f"赞成 {entry.votes_for} 票，不足出席成员 {len(present)} 人的{group.majority}"
                f"（至少 {group.majority.needed(len(present))} 票），不能拟授{entry.award}",
                "评审结果",
                i,
                "拟授奖",
                hint="民主推荐赞成票未达到通过要求的项目，拟授奖填“不授奖”；核对票数"
                "（通过要求由考评办公室在 programme.yaml 的“考评领导小组 / 通过要求”中设定）。",
            )


def _categories(filing: Filing, claimed: dict[Key, Category], units: UnitRegistry) -> Iterator[Finding]:
    """四: an award in a category other than the one claimed needs that category's criteria."""
    year = filing.where.year or 0
    for i, entry in enumerate(filing.model.results):
        category, unit = claimed.get((year, entry.unit, entry.project)), units.as_of(entry.unit, year)
        if category is None or unit is None:
            continue  # E522 / E511 say why
        other = [a.category for a in (entry.award, entry.decision) if a and a.category not in (None, category)]
        if not other and not entry.category_criteria:
            continue
        valid = {c.id for cat in other for c in criteria_for(unit.tier, cat)}
        for j, cid in enumerate(entry.category_criteria):
            if cid not in valid:
                criterion = CRITERIA[cid]
                yield filing.error(
                    "E545",
                    f"标准 {cid} 是{criterion.tier}{criterion.category}的标准，"
                    + (
                        f"不是{unit.tier}{'、'.join(dict.fromkeys(other))}的标准"
                        if other
                        else "而授奖类别与推荐申报类别相同"
                    ),
                    "评审结果",
                    i,
                    "依据标准",
                    j,
                    hint=(f"可填：{'、'.join(sorted(valid))}" if valid else "类别没有调整时删掉“依据标准”。"),
                )
        for cat in dict.fromkeys(other):
            if not any(c in {x.id for x in criteria_for(unit.tier, cat)} for c in entry.category_criteria):
                listing = "；".join(f"{c.id}：{c.text}" for c in criteria_for(unit.tier, cat))
                yield filing.error(
                    "E544",
                    f"授{cat.award}，但推荐申报的是{category}：没有写明项目符合{unit.tier}{cat}的哪条标准",
                    "评审结果",
                    i,
                    "拟授奖" if entry.award.category is cat else "审定",
                    hint=f"加上“依据标准: [编号]”，列出项目符合的{unit.tier}{cat}标准（《评选办法》四）——{listing}",
                )


def _decisions(filing: Filing) -> Iterator[Finding]:
    """审定 per project: it may differ from 拟授奖, with a reason, and only once approved."""
    review = filing.model
    for i, entry in enumerate(review.results):
        if entry.decision is not None and review.approval is None:
            yield filing.error(
                "E546",
                "还没有主席办公会议审定，不能填写“审定”",
                "评审结果",
                i,
                "审定",
                hint="主席办公会议审定后，先填写“主席办公会议审定”（日期、会议），再填各项目的审定结果。",
            )
        if entry.changed_at_approval and not entry.decision_note:
            yield filing.error(
                "E547",
                f"审定为{entry.decision}，与拟授奖（{entry.award}）不同，但没有写“审定理由”",
                "评审结果",
                i,
                "审定",
                hint="加一行“审定理由: ……”，写明主席办公会议改变评审意见的理由。",
            )


def _notice_on_time(filing: Filing, subs: Submissions) -> Iterator[Finding]:
    """六.2: results are announced by the end of November; the 公示 follows the 通报."""
    review, year = filing.model, filing.where.year or 0
    notice = review.announcement
    if notice is None:
        return
    calendar = subs.programme.calendar(year)
    granted = _granted(subs, filing.path)
    if notice.date > calendar.results and (granted is None or notice.date > granted):
        yield filing.error(
            "E548",
            f"通报日期 {notice.date} 晚于通报评选结果截止日 {calendar.results}",
            "通报",
            "日期",
            hint=f"《评选办法》六.2：每年 11 月底前通报评选结果（{year} 年截止 {calendar.results}）；"
            "核对日期，确需延后请考评办公室在 exceptions.yaml 中为 review.yaml 登记例外。",
        )
    settings = subs.programme.notice(year)
    if settings is not None and settings.period_start is not None and settings.period_start < notice.date:
        yield filing.error(
            "E549",
            f"通报日期 {notice.date} 晚于 programme.yaml 中 {year} 年的公示开始日 {settings.period_start}",
            "通报",
            "日期",
            hint="公示在通报评选结果之后开始：核对通报日期，或请考评办公室把“公示 / 公示开始”改为通报当天或以后。",
        )
        yield _programme_error(
            subs,
            "E549",
            f"{year} 年的公示开始日 {settings.period_start} 早于通报日期 {notice.date}",
            ("公示", year, "公示开始"),
            "公示在通报评选结果之后开始；把“公示开始”改为通报当天或以后。",
        )


def _granted(subs: Submissions, path: str) -> date | None:
    """The new deadline the office's exceptions of that year grant `path`, if any."""
    for filing in subs.of_kind(Kind.EXCEPTIONS):
        if subs.units is not None and filing.where.unit != subs.units.office:
            continue
        for grant in filing.model.grants:
            if grant.path == path:
                return grant.new_deadline
    return None


def _programme_error(subs: Submissions, code: str, message: str, loc: tuple[str | int, ...], hint: str) -> Finding:
    programme = next(iter(subs.of_kind(Kind.PROGRAMME)), None)
    if programme is None:
        return error(code, message, "submissions/programme.yaml", 0, 0, hint)
    return programme.error(code, message, *loc, hint=hint)


def _approval_and_announcement(filing: Filing) -> Iterator[Finding]:
    review = filing.model
    approval, notice = review.approval, review.announcement
    if approval is not None and approval.date < review.meeting.date:
        yield filing.error(
            "E527",
            f"主席办公会议审定日期 {approval.date} 早于评审会 {review.meeting.date}",
            "主席办公会议审定",
            "日期",
            hint="先开评审会提出评审意见，再提交主席办公会议审定；核对日期。",
        )
    if notice is None:
        return
    if approval is None:
        yield filing.key_error(
            "E525",
            "还没有主席办公会议审定，不能通报评选结果",
            "通报",
            hint="评审结果须经市总工会主席办公会议审定后才能通报；先填写“主席办公会议审定”。",
        )
    elif notice.date < approval.date:
        yield filing.error(
            "E526",
            f"通报日期 {notice.date} 早于主席办公会议审定日期 {approval.date}",
            "通报",
            "日期",
            hint="评选结果审定后才能通报；核对两个日期。",
        )


def _province(filing: Filing) -> Iterator[Finding]:
    review = filing.model
    if review.province and review.approval is None:
        yield filing.key_error(
            "E528",
            "还没有主席办公会议审定，不能决定推荐省总工会",
            "推荐省总",
            hint="推荐上报省总工会由主席办公会议审定；先填写“主席办公会议审定”。",
        )
    awards = {(e.unit, e.project): e.final for e in review.results}  # as the 审定 decided
    for i, item in enumerate(review.province):
        award = awards.get((item.unit, item.project))
        if item.recommend and (award is None or award.category is None):
            yield filing.error(
                "E529",
                f"项目“{item.project}”没有获奖（拟授奖或审定为不授奖），不能推荐上报省总工会",
                "推荐省总",
                i,
                "项目",
                hint="只有获得创新成果奖或创优成果奖的项目才能推荐上报省总工会；把“推荐”改为“否”或删掉这一项。",
            )


def _everyone_reviewed(filing: Filing, claimed: dict[Key, Category]) -> Iterator[Finding]:
    review = filing.model
    if review.approval is None:
        return
    year = filing.where.year or 0
    listed = {(year, e.unit, e.project) for e in review.results}
    missing = sorted(f"{u}/{p}" for (y, u, p) in claimed if y == year and (y, u, p) not in listed)
    if missing:
        yield filing.key_error(
            "E530",
            f"已审定，但推荐上报的项目没有评审结果：{'、'.join(missing)}",
            "评审结果",
            hint="每个推荐上报的项目都要有评审结果（可以是“不授奖”）；补上这些项目。",
        )


@rule
def notice_periods_are_in_order(subs: Submissions) -> Iterator[Finding]:
    for filing in subs.of_kind(Kind.PROGRAMME):
        for year, notice in filing.model.notices.items():
            start, end = notice.period_start, notice.period_end
            if start is not None and end is not None and end <= start:
                yield filing.error(
                    "E550",
                    f"{year} 年的公示结束日 {end} 不在公示开始日 {start} 之后",
                    "公示",
                    year,
                    "公示结束",
                    hint="公示结束日应晚于公示开始日，例如公示 7 天：开始 11 月 28 日，结束 12 月 4 日。",
                )
