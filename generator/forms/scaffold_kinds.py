"""Templates for what a body files after registration: who may write each kind, which projects
it lists. 审核汇总 (a parent), 跟踪考核记录 (a parent or the office), 推荐上报 (a leadership
organ), 评审与审定结果 and 逾期申报例外 (the office).

Each builder takes the loaded tree, the writing body and the year, and returns the file's text,
or raises `Refused` with a Chinese message saying why this body cannot write this kind.
"""

from __future__ import annotations

from collections.abc import Callable

from ..filings import Filing
from ..model.exceptions import Exceptions
from ..model.recommendation import CriterionMet, Recommendation, RecommendedProject
from ..model.review import Award, Review, ReviewedProject
from ..model.rules import Category, Tier, criteria_for
from ..model.tracking import Tracking, TrackingRecord
from ..model.units import Unit, UnitRegistry
from ..paths import Kind
from ..submissions import Submissions
from .scaffold import (
    DATE_NOTE,
    Entry,
    fields_template,
    file_head,
    forwarding_template,
    list_file,
    project_entries,
)

DROP = "删掉它的整段（从“- 单位”到下一个项目之前）"


class Refused(Exception):
    """A usage error, said once in Chinese with exit status 2: a body asking for a kind it may
    not write, a list with nothing to list, an unusable answer."""


Builder = Callable[[Submissions, Unit, int], str]


def forwarding_scaffold(subs: Submissions, parent: Unit, year: int) -> str:
    if parent.tier is not Tier.ORGAN:
        raise Refused(f"{parent.name}是基层工会，不做审核汇总；审核汇总由所属上级填写。")
    children = {u.id: u for u in _units(subs).children(parent.id)}
    items = [
        (children[f.where.unit or ""], f.where.project or "", f.model.project_name)
        for f in subs.registrations(year)
        if f.where.unit in children
    ]
    if not items:
        raise Refused(f"{parent.name}所属基层工会在 {year} 年还没有（能通过检查的）立项申报表，没有可汇总的项目。")
    return forwarding_template(parent, items)


def tracking_scaffold(subs: Submissions, body: Unit, year: int) -> str:
    """A parent lists its grassroots units' projects; the office, the leadership organs' own
    projects (which nobody else may track) and may add any other by copying an entry."""
    units = _units(subs)
    if body.tier is not Tier.ORGAN:
        raise Refused(f"{body.name}是基层工会，不做跟踪考核；本单位项目的跟踪考核由所属上级或考评办公室记录。")
    office = body.id == units.office
    tracked = {u.id for u in units.children(body.id)}
    if office:
        tracked |= {u.id for u in units.units if u.tier is Tier.ORGAN}
    elif not tracked:
        raise Refused(f"{body.name}没有所属基层工会；跟踪考核只能由项目的所属上级或考评办公室记录。")
    entries = [_entry(units, f) for f in _live(subs, year) if f.where.unit in tracked]
    if not entries:
        raise Refused(f"{year} 年还没有{body.name}可以跟踪考核的（能通过检查的）立项项目。")
    scope = "各工会领导机关" if office else "所属基层工会"
    head = file_head(
        Tracking,
        f"跟踪考核记录：{body.name} {year} 年对{scope}“双创”立项项目的跟踪考核。",
        "每次跟踪考核写一条：填日期、方式、情况和记录人。同一项目考核了几次，就把它的整段复制几份；",
        f"还没有考核的项目，{DROP}，以后再补。",
        *(["考评办公室也可以记录基层工会的项目：复制一段，改成它的单位编号和项目编号。"] if office else []),
        DATE_NOTE.format(example="2026-06-12"),
    )
    return list_file(head, Tracking, "records", project_entries(TrackingRecord, entries))


def recommendation_scaffold(subs: Submissions, body: Unit, year: int) -> str:
    """The body's own projects and its grassroots units' forwarded ones, each with the
    criteria of its tier written out; a project not forwarded is named, not listed."""
    units = _units(subs)
    if body.tier is not Tier.ORGAN:
        raise Refused(f"{body.name}是基层工会，不能推荐上报；本单位的项目由所属上级推荐。")
    children = {u.id for u in units.children(body.id)}
    forwarded = {(i.unit, i.project) for f in subs.of_kind(Kind.FORWARDING, year) for i in f.model.items if i.forwarded}
    own, theirs, unforwarded = [], [], []
    for filing in _live(subs, year):
        unit = filing.where.unit or ""
        if unit != body.id and unit not in children:
            continue
        entry = _entry(units, filing, _criteria_notes(units.by_id[unit].tier), planned=True)
        if unit == body.id:
            own.append(entry)
        elif (unit, filing.where.project) in forwarded:
            theirs.append(entry)
        else:
            unforwarded.append(entry.title)
    own += theirs  # the body's own projects first, as on the paper list
    if not own:
        raise Refused(f"{body.name} {year} 年没有可推荐的项目（本单位的立项项目和所属基层工会经审核汇总的项目）。")
    head = file_head(
        Recommendation,
        f"推荐上报：{body.name}推荐本单位及所属基层工会 {year} 年“双创”成果，报市总工会考评办公室。",
        "推荐的项目填写申报类别、符合标准（符合几条就写几段“- 标准 / 佐证”）和推荐意见；",
        f"不推荐的项目，{DROP}。",
        *[f"没有经所属上级同意上报（未立项），不能推荐：{t}" for t in unforwarded],
        DATE_NOTE.format(example="2026-11-10"),
    )
    return list_file(head, Recommendation, "items", project_entries(RecommendedProject, own))


def review_scaffold(subs: Submissions, body: Unit, year: int) -> str:
    """The review meeting, then one result per recommended project of the year; the later
    sections (审定, 推荐省总, 通报) commented out until they happen."""
    units = _units(subs)
    _office_only(units, body, "评审与审定结果")
    names = {(f.where.unit, f.where.project): f.model.project_name for f in subs.registrations(year)}
    entries = [
        Entry(
            item.unit,
            item.project,
            _review_title(units, names, rec, item.unit, item.project, item.category),
            {ReviewedProject.model_fields["award"].alias: [_award_note(item.category)]},
        )
        for rec in subs.of_kind(Kind.RECOMMENDATION, year)
        for item in rec.model.items
    ]
    if not entries:
        raise Refused(f"{year} 年还没有（能通过检查的）推荐上报，没有可评审的项目。")
    head = file_head(
        Review,
        f"评审与审定结果：{units.by_id[units.office].name} {year} 年“双创”成果评审。",
        "按时间顺序逐步补充：评审会和评审结果 → 主席办公会议审定 → 推荐省总 → 通报；未发生的部分保持注释（以“#”开头）。",
        "评审结果列出了本年度推荐上报的全部项目，每个项目都要填写（可以是“不授奖”）。出席成员只能是 programme.yaml 中",
        "登记的本年度考评领导小组成员。主席办公会议审定后，与拟授奖不同的项目填写“审定”和“审定理由”。",
        _group_note(subs, year),
        DATE_NOTE.format(example="2026-11-20"),
    )
    results = Review.model_fields["results"]
    return (
        "\n".join(
            [
                *head,
                "",
                *fields_template(Review, {}, 0, skip=("results", "approval", "province", "announcement")),
                "",
                f"# {results.description}",
                f"{results.alias}:",
                *project_entries(ReviewedProject, entries),
                "",
                *fields_template(Review, {}, 0, skip=("meeting", "results")),
            ]
        )
        + "\n"
    )


def exceptions_scaffold(subs: Submissions, body: Unit, year: int) -> str:
    _office_only(_units(subs), body, "逾期申报例外")
    head = file_head(
        Exceptions,
        f"逾期申报例外：考评领导小组 {year} 年准予逾期提交的申报文件，每个文件一条。",
        "再登记一个文件，就把“- 文件”到“批准日期”整段复制一份；例外合并到主分支后才生效。",
        DATE_NOTE.format(example="2026-03-25"),
    )
    return "\n".join([*head, "", *fields_template(Exceptions, {}, 0)]) + "\n"


SCAFFOLDS: dict[Kind, Builder] = {
    Kind.FORWARDING: forwarding_scaffold,
    Kind.TRACKING: tracking_scaffold,
    Kind.RECOMMENDATION: recommendation_scaffold,
    Kind.REVIEW: review_scaffold,
    Kind.EXCEPTIONS: exceptions_scaffold,
}


# --- pieces ------------------------------------------------------------------------------------


def _units(subs: Submissions) -> UnitRegistry:
    assert subs.units is not None, "callers load the registry first"
    return subs.units


def _office_only(units: UnitRegistry, body: Unit, what: str) -> None:
    if body.id != units.office:
        office = units.by_id.get(units.office)
        raise Refused(
            f"{what}只能由市总工会考评办公室（{office.name if office else units.office}）填写，{body.name}不能填写。"
        )


def _live(subs: Submissions, year: int) -> list[Filing]:
    """The year's registrations still in the running (a withdrawn project is not tracked or recommended)."""
    return [f for f in subs.registrations(year) if f.model.withdrawal is None]


def _title(units: UnitRegistry, filing: Filing) -> str:
    return f"{units.by_id[filing.where.unit or ''].name}：{filing.model.project_name}"


def _entry(
    units: UnitRegistry, filing: Filing, notes: dict[str, list[str]] | None = None, planned: bool = False
) -> Entry:
    title = _title(units, filing)
    if planned:
        tier = units.by_id[filing.where.unit or ""].tier
        title += f"（{tier}，立项时拟申报：{filing.model.category or '未填'}）"
    return Entry(filing.where.unit or "", filing.where.project or "", title, notes or {})


def _criteria_notes(tier: Tier) -> dict[str, list[str]]:
    """Under 符合标准, the criteria of the project's tier with their text (四、评选标准);
    under 标准, which of them to write, in place of every tier's ids."""
    lines = [f"{tier}的标准（按申报类别选，编号写在“标准:”后面）："]
    for category in Category:
        lines.extend(f"  {c.id}（{category}）：{c.text}" for c in criteria_for(tier, category))
    example = criteria_for(tier, Category.EXCELLENCE)[0].id
    criterion, met = (CriterionMet.model_fields[n].alias or "" for n in ("criterion", "evidence"))
    return {
        RecommendedProject.model_fields["criteria"].alias or "": lines,
        criterion: [f"填上面列出的、与申报类别相符的一个编号，例如 {example}；{met}写这一条的事实依据。"],
    }


def _group_note(subs: Submissions, year: int) -> str:
    """The year's leading group as the settings register it: who may attend, and the rules of the vote."""
    group = subs.programme.leading_group(year)
    unregistered = year not in subs.programme.leading_groups
    source = f"programme.yaml 未登记 {year} 年的，按《评选办法》八" if unregistered else "programme.yaml 登记的"
    vice = f"，副组长 {'、'.join(group.vice_chairs)}" if group.vice_chairs else ""
    members = f"，成员 {'、'.join(group.members)}" if group.members else ""
    return (
        f"本年度考评领导小组（{source}）：组长 {group.chair}{vice}{members}；评审会须{group.quorum}成员出席，"
        f"拟授奖须出席成员{group.majority}赞成。"
    )


def _award_note(category: Category) -> str:
    choices = "、".join(a.value for a in Award)
    note = ReviewedProject.model_fields["category_note"].alias
    criteria = ReviewedProject.model_fields["category_criteria"].alias
    return (
        f"可填：{choices}。本项目推荐申报{category}，对应{category.award}；授另一类奖须填写“{note}”和“{criteria}”"
        "（那一类别的评选标准编号）。拟授奖须出席成员过半数赞成（或考评办公室设定的通过要求）。"
    )


def _review_title(
    units: UnitRegistry,
    names: dict[tuple[str | None, str | None], str],
    rec: Filing,
    unit: str,
    project: str,
    category: Category,
) -> str:
    owner = units.by_id.get(unit)
    recommender = units.by_id.get(rec.where.unit or "")
    return (
        f"{owner.name if owner else unit}：{names.get((unit, project), project)}"
        f"（{recommender.name if recommender else rec.where.unit}推荐，申报{category}）"
    )
