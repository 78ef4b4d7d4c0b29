"""Each project's status, derived from all its filings and the calendar.

A small explicit state machine: `TRANSITIONS` lists which status may follow which, and every
timeline is walked through it. Each transition carries the day it happened and the file that
caused it, so the site can draw a timeline and link to the file's history. Statuses that depend
on a window closing (逾期未立项, 未推荐, 评审中) are taken at `now`, the same clock as `check`;
filings dated after `now` have not happened yet.

One pass: the filings are indexed by (year, unit, project) first, then each registration is
looked up, so the cost is linear in the number of filings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from ..filings import Filing
from ..model.forwarding import ForwardedProject
from ..model.programme import CHINA, YearCalendar
from ..model.recommendation import RecommendedProject
from ..model.registration import Withdrawal
from ..model.review import Announcement, Approval, ProvinceItem, Review, ReviewedProject
from ..model.rules import Category, Tier
from ..model.tracking import TrackingRecord
from ..model.units import Unit, UnitRegistry
from ..paths import Kind

if TYPE_CHECKING:
    from ..submissions import Submissions


class Status(StrEnum):
    SUBMITTED = "待审核汇总"  # a grassroots form with its parent, not yet forwarded: not yet 立项
    REFUSED = "未获上报"  # the parent's 审核汇总 says 不同意上报: not 立项
    REGISTERED = "已立项"
    LATE = "逾期未立项"
    WITHDRAWN = "已撤回"
    IN_PROGRESS = "实施中"
    RECOMMENDED = "已推荐"
    NOT_RECOMMENDED = "未推荐"
    UNDER_REVIEW = "评审中"
    APPROVED = "已审定"
    AWARD_INNOVATION = "获创新成果奖"
    AWARD_EXCELLENCE = "获创优成果奖"
    NO_AWARD = "未获奖"
    PROVINCE = "推荐省总"


S = Status
# Which status may follow which (None: the start). A status with no successors is final.
TRANSITIONS: dict[Status | None, frozenset[Status]] = {
    None: frozenset({S.SUBMITTED, S.REGISTERED, S.LATE}),
    S.SUBMITTED: frozenset({S.REGISTERED, S.REFUSED, S.LATE, S.WITHDRAWN}),
    S.REGISTERED: frozenset({S.LATE, S.WITHDRAWN, S.IN_PROGRESS, S.RECOMMENDED, S.NOT_RECOMMENDED}),
    S.IN_PROGRESS: frozenset({S.IN_PROGRESS, S.WITHDRAWN, S.RECOMMENDED, S.NOT_RECOMMENDED}),
    S.RECOMMENDED: frozenset({S.UNDER_REVIEW}),
    S.UNDER_REVIEW: frozenset({S.UNDER_REVIEW, S.APPROVED}),
    S.APPROVED: frozenset({S.AWARD_INNOVATION, S.AWARD_EXCELLENCE, S.NO_AWARD}),
    S.AWARD_INNOVATION: frozenset({S.PROVINCE}),
    S.AWARD_EXCELLENCE: frozenset({S.PROVINCE}),
    S.LATE: frozenset(),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.NOT_RECOMMENDED: frozenset(),
    S.NO_AWARD: frozenset(),
    S.PROVINCE: frozenset(),
}
AWARD_STATUS = {Category.INNOVATION: S.AWARD_INNOVATION, Category.EXCELLENCE: S.AWARD_EXCELLENCE}


@dataclass(frozen=True)
class Transition:
    status: Status
    when: date
    path: str  # repo-relative path of the filing that caused it
    note: str  # one line for people, in Chinese


@dataclass(frozen=True)
class TrackingEntry:
    record: TrackingRecord
    path: str
    by: Unit | None  # the parent or the office that wrote it
    by_office: bool = False

    @property
    def recorder(self) -> str:
        return "市总工会“双创”考评办公室" if self.by_office or self.by is None else self.by.name


@dataclass
class ProjectRecord:
    year: int
    project_id: str
    unit: Unit
    parent: Unit | None
    registration: Filing
    timeline: list[Transition]
    status: Status
    category: Category | None  # claimed in the recommendation, else intended at registration
    criteria: list[tuple[str, str]]  # (criterion id, evidence)
    award: Category | None  # the 审定 result, once the chairman's office meeting has decided (public at the 通报)
    to_province: bool
    forwarding: ForwardedProject | None = None  # the parent's decision and opinion in its 审核汇总
    forwarding_path: str | None = None
    tracking: list[TrackingEntry] = field(default_factory=list)
    recommender: Unit | None = None
    recommendation: RecommendedProject | None = None
    recommendation_path: str | None = None
    review: ReviewedProject | None = None  # the meeting's entry (votes, 拟授奖, 审定): public once 审定
    review_path: str | None = None  # set from the meeting on: the meeting is public, its votes are not
    reviewed_on: date | None = None  # the review meeting's day, once it has been held
    approval: Approval | None = None
    province_reason: str | None = None
    announcement: Announcement | None = None
    withdrawal: Withdrawal | None = None

    @property
    def name(self) -> str:
        return self.registration.model.project_name

    @property
    def announced_award(self) -> Category | None:
        """The award as made public: approved awards are not announced until the 通报 is on record."""
        return self.award if self.announcement is not None else None

    @property
    def announced_province(self) -> bool:
        return self.to_province and self.announcement is not None

    @property
    def standing(self) -> Status:
        """The status to show and count: 推荐省总 comes on top of an award and must not hide it."""
        if self.status is S.PROVINCE and self.award is not None:
            return AWARD_STATUS[self.award]
        return self.status

    @property
    def tier(self) -> Tier:
        return self.unit.tier

    @property
    def registered(self) -> bool:
        """The project was 立项 (it may have been withdrawn since)."""
        return any(t.status is S.REGISTERED for t in self.timeline)

    @property
    def path(self) -> str:
        return self.registration.path


def derive_projects(subs: Submissions, now: datetime, late: Collection[str] = ()) -> list[ProjectRecord]:
    """Every registered project of every year with its status at `now`, sorted by year and path.

    `late`: repo-relative paths of registrations the git audit found landed after their deadline
    without an exception; they are 逾期未立项 whatever else was filed for them.
    """
    if subs.units is None:
        return []
    index = _Index.build(subs.filings, subs.units)
    late_paths = frozenset(late)
    contexts: dict[int, _YearContext] = {}
    records = []
    for filing in sorted(index.registrations, key=lambda f: (f.where.year or 0, f.path)):
        unit = subs.units.by_id.get(filing.where.unit or "")
        year = filing.where.year
        if unit is None or year is None:
            continue  # a rule reports it; a project needs a known unit
        if year not in contexts:
            contexts[year] = _YearContext(subs.programme.calendar(year), now, index.review.get(year))
        records.append(_derive(filing, unit, subs.units, index, contexts[year], filing.path in late_paths))
    return records


# --- the index: one pass over the filings -------------------------------------------------------

Key = tuple[int, str, str]  # (year, unit, project)


@dataclass
class _Index:
    registrations: list[Filing] = field(default_factory=list)
    forwarded: dict[Key, tuple[ForwardedProject, str]] = field(default_factory=dict)
    tracking: dict[Key, list[TrackingEntry]] = field(default_factory=lambda: defaultdict(list))
    recommended: dict[Key, tuple[RecommendedProject, Filing]] = field(default_factory=dict)
    review: dict[int, Filing] = field(default_factory=dict)
    reviewed: dict[Key, ReviewedProject] = field(default_factory=dict)
    province: dict[Key, ProvinceItem] = field(default_factory=dict)

    @classmethod
    def build(cls, filings: Iterable[Filing], units: UnitRegistry) -> _Index:
        index = cls()
        for filing in filings:
            index._add(filing, units)
        return index

    def _add(self, filing: Filing, units: UnitRegistry) -> None:
        where = filing.where
        year = where.year or 0
        if where.kind is Kind.REGISTRATION:
            self.registrations.append(filing)
        elif where.kind is Kind.FORWARDING:
            for item in filing.model.items:
                self.forwarded.setdefault((year, item.unit, item.project), (item, filing.path))
        elif where.kind is Kind.TRACKING:
            by, office = units.by_id.get(where.unit or ""), where.unit == units.office
            for record in filing.model.records:
                entry = TrackingEntry(record, filing.path, by, office)
                self.tracking[(year, record.unit, record.project)].append(entry)
        elif where.kind is Kind.RECOMMENDATION:
            for item in filing.model.items:
                self.recommended.setdefault((year, item.unit, item.project), (item, filing))
        elif where.kind is Kind.REVIEW and where.unit == units.office and year not in self.review:
            self.review[year] = filing
            for entry in filing.model.results:
                self.reviewed.setdefault((year, entry.unit, entry.project), entry)
            for item in filing.model.province:
                self.province.setdefault((year, item.unit, item.project), item)


@dataclass
class _YearContext:
    calendar: YearCalendar
    now: datetime
    review_filing: Filing | None

    @property
    def today(self) -> date:
        return self.now.astimezone(CHINA).date()

    def closed(self, deadline: str) -> bool:
        return self.now > self.calendar.deadline(deadline)

    def happened(self, day: date | None) -> bool:
        return day is not None and day <= self.today

    @property
    def review(self) -> Review | None:
        return self.review_filing.model if self.review_filing else None

    @property
    def review_path(self) -> str:
        return self.review_filing.path if self.review_filing else ""


# --- the machine -------------------------------------------------------------------------------


class _Timeline:
    """Transitions in order; each must be allowed from the current status."""

    def __init__(self) -> None:
        self.steps: list[Transition] = []

    @property
    def status(self) -> Status | None:
        return self.steps[-1].status if self.steps else None

    def go(self, status: Status, when: date, path: str, note: str) -> None:
        assert status in TRANSITIONS[self.status], f"{self.status} → {status} is not a transition ({path})"
        self.steps.append(Transition(status, when, path, note))


def _derive(
    filing: Filing, unit: Unit, units: UnitRegistry, index: _Index, ctx: _YearContext, late: bool
) -> ProjectRecord:
    """The project's record with only what has happened by `now` attached, then its timeline."""
    key = (ctx.calendar.year, unit.id, filing.where.project or "")
    form = filing.model
    record = ProjectRecord(
        year=key[0],
        project_id=key[2],
        unit=unit,
        parent=units.by_id.get(unit.parent or ""),
        registration=filing,
        timeline=[],
        status=S.REGISTERED,
        category=form.category,
        criteria=[],
        award=None,
        to_province=False,
        tracking=sorted(
            (t for t in index.tracking.get(key, ()) if ctx.happened(t.record.date)), key=lambda t: t.record.date
        ),
        withdrawal=form.withdrawal if form.withdrawal and ctx.happened(form.withdrawal.date) else None,
    )
    forwarded = index.forwarded.get(key) if unit.tier is Tier.GRASSROOTS else None
    if forwarded and ctx.happened(forwarded[0].date):
        record.forwarding, record.forwarding_path = forwarded
    recommended = index.recommended.get(key)
    if recommended and ctx.happened(recommended[0].opinion.date):
        _attach_recommendation(record, *recommended, units)
    entry = index.reviewed.get(key)
    if entry and ctx.review and record.recommendation and ctx.happened(ctx.review.meeting.date):
        record.review_path, record.reviewed_on = ctx.review_path, ctx.review.meeting.date
    timeline = _Timeline()
    _walk(timeline, record, ctx, late, entry if record.review_path else None, index.province.get(key))
    record.timeline = timeline.steps
    record.status = timeline.steps[-1].status
    return record


def _attach_recommendation(
    record: ProjectRecord, item: RecommendedProject, filing: Filing, units: UnitRegistry
) -> None:
    record.recommendation, record.recommendation_path = item, filing.path
    record.recommender = units.by_id.get(filing.where.unit or "")
    record.category = item.category
    record.criteria = [(c.criterion, c.evidence) for c in item.criteria]


def _walk(
    t: _Timeline,
    r: ProjectRecord,
    ctx: _YearContext,
    late: bool,
    reviewed: ReviewedProject | None,
    province: ProvinceItem | None,
) -> None:
    """The project's path through `TRANSITIONS`, as far as the filings and the clock take it."""
    if late:
        t.go(S.LATE, ctx.calendar.registration, r.path, "立项申报表在截止日后才提交，按《评选办法》不能参加评选")
        return
    if not _registered(t, r, ctx):
        return
    cutoff = min((d for d in (r.withdrawal and r.withdrawal.date, _recommended_on(r)) if d), default=date.max)
    registered = t.steps[-1].when
    for entry in r.tracking:
        if registered <= entry.record.date < cutoff:
            outcome = f"（认定：{entry.record.outcome}）" if entry.record.outcome else ""
            t.go(
                S.IN_PROGRESS,
                entry.record.date,
                entry.path,
                f"{entry.recorder}{entry.record.method}{outcome}：{entry.record.finding}",
            )
    if r.withdrawal:
        t.go(S.WITHDRAWN, r.withdrawal.date, r.path, f"撤回：{r.withdrawal.reason}")
    elif _recommended(t, r, ctx) and _reviewed(t, r, ctx, reviewed):
        _announced(t, r, ctx, province)


def _registered(t: _Timeline, r: ProjectRecord, ctx: _YearContext) -> bool:
    opinion = r.registration.model.unit_opinion
    if r.unit.tier is Tier.ORGAN:
        t.go(S.REGISTERED, opinion.date, r.path, "报市总工会“双创”考评领导小组办公室立项")
        return True
    parent = r.parent.name if r.parent else "所属上级"
    t.go(S.SUBMITTED, opinion.date, r.path, f"已报{parent}，待审核汇总")
    if r.forwarding and r.forwarding_path:
        when = max(r.forwarding.date, opinion.date)
        if not r.forwarding.forwarded:
            why = f"：{r.forwarding.reason}" if r.forwarding.reason else ""
            t.go(S.REFUSED, when, r.forwarding_path, f"{parent}审核不同意上报，未立项{why}")
            return False
        t.go(S.REGISTERED, when, r.forwarding_path, f"经{parent}审核汇总，报市总工会立项")
        return True
    if ctx.closed("registration"):
        t.go(S.LATE, ctx.calendar.registration, r.path, f"立项截止时{parent}未审核汇总上报，不能参加评选")
        return False
    if r.withdrawal:  # withdrawn while still with the parent
        t.go(S.WITHDRAWN, max(r.withdrawal.date, opinion.date), r.path, f"撤回：{r.withdrawal.reason}")
    return False  # not 立项 until the parent forwards it: nothing later can have happened


def _recommended_on(r: ProjectRecord) -> date | None:
    return r.recommendation.opinion.date if r.recommendation else None


def _recommended(t: _Timeline, r: ProjectRecord, ctx: _YearContext) -> bool:
    if r.recommendation and r.recommendation_path:
        body = r.recommender.name if r.recommender else "推荐单位"
        t.go(
            S.RECOMMENDED,
            r.recommendation.opinion.date,
            r.recommendation_path,
            f"{body}推荐申报{r.recommendation.category}",
        )
        return True
    if ctx.closed("recommendation"):
        t.go(S.NOT_RECOMMENDED, ctx.calendar.recommendation, r.path, "推荐截止时未被推荐上报")
    return False


def _reviewed(t: _Timeline, r: ProjectRecord, ctx: _YearContext, entry: ReviewedProject | None) -> bool:
    """评审中 from the recommendation deadline and again at the review meeting; then 已审定.

    The meeting's votes and 拟授奖 are not final until the chairman's office meeting has decided:
    they are attached to the record (and so shown anywhere) only from the 审定 on."""
    review, deadline = ctx.review, ctx.calendar.recommendation
    meeting = review.meeting.date if review and entry else None
    if ctx.closed("recommendation") and (meeting is None or meeting > deadline):
        assert r.recommendation_path is not None
        t.go(S.UNDER_REVIEW, max(deadline, t.steps[-1].when), r.recommendation_path, "推荐截止，等待评审")
    if review is None or entry is None or meeting is None:
        return False
    t.go(
        S.UNDER_REVIEW, meeting, ctx.review_path, "考评领导小组评审会评价和民主推荐，提出评审意见，提交主席办公会议审定"
    )
    approval = review.approval
    if approval is None or not ctx.happened(approval.date) or approval.date < meeting:
        return False
    t.go(
        S.APPROVED,
        approval.date,
        ctx.review_path,
        f"{approval.meeting}审定。评审会民主推荐：赞成 {entry.votes_for} 票、反对 {entry.votes_against} 票、"
        f"弃权 {entry.abstentions} 票；拟授奖：{entry.award}",
    )
    r.approval, r.review, r.award = approval, entry, entry.final.category
    return True


def _announced(t: _Timeline, r: ProjectRecord, ctx: _YearContext, province: ProvinceItem | None) -> None:
    """The award (or none) at the announcement; then, for an award, the provincial recommendation."""
    assert ctx.review is not None and r.approval is not None and r.review is not None
    notice = ctx.review.announcement
    if notice is None or not ctx.happened(notice.date) or notice.date < r.approval.date:
        return  # nothing of the award or the province is public before the 通报
    r.announcement = notice
    if province is not None and province.recommend and r.award is not None:
        r.to_province, r.province_reason = True, province.reason
    changed = f"；主席办公会议审定为{r.review.final}：{r.review.decision_note}" if r.review.changed_at_approval else ""
    t.go(
        AWARD_STATUS[r.award] if r.award else S.NO_AWARD,
        notice.date,
        ctx.review_path,
        f"通报评选结果（{notice.number}）{changed}",
    )
    if r.to_province:
        t.go(S.PROVINCE, notice.date, ctx.review_path, f"推荐上报省总工会：{r.province_reason}")
