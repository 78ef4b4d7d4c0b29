"""Collect what the pages show: one pass over the filings and the lifecycle's project records.

Like mkdocstrings' `collect()`, this gathers data and renders nothing. Every value from a
filing stays a plain string here; escaping happens once, in the autoescaped templates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from ..lifecycle.announcement import award_sections, unit_order
from ..lifecycle.status import ProjectRecord, Status, Transition, derive_projects
from ..model.base import SLUG, Opinion
from ..model.programme import CHINA, Programme, YearCalendar
from ..model.rules import Category, Tier
from ..model.units import Unit, UnitRegistry
from ..submissions import Submissions

# Seam for the git history (issue 3, `generator/history/audit.py`): given a filing's
# repo-relative path, when it landed on the main branch. None until that module is wired in.
LandedAt = Callable[[str], datetime | None]
# How a file's current content reached main (the audit's Landing: pull request, time), or None.
LandingOf = Callable[[str], Any]

ATTACHMENT = {Tier.ORGAN: "附件1", Tier.GRASSROOTS: "附件2"}
FORM_TITLE = {
    Tier.ORGAN: "大连市工会领导机关“双创”成果立项申报表",
    Tier.GRASSROOTS: "大连市基层工会“双创”成果立项申报表",
}
AWARD_STATUS = {Category.INNOVATION: Status.AWARD_INNOVATION, Category.EXCELLENCE: Status.AWARD_EXCELLENCE}


@dataclass(frozen=True, slots=True)
class RepoLinks:
    """Where a filing lives on the hosting site, at the built commit."""

    file: str | None = None  # at the built commit
    history: str | None = None
    latest: str | None = None  # on the default branch: stable from build to build


def repo_links(programme: Programme, commit: str | None, path: str) -> RepoLinks:
    if not programme.repo_url:
        return RepoLinks()
    base, ref = programme.repo_url.rstrip("/"), commit or "HEAD"
    return RepoLinks(f"{base}/blob/{ref}/{path}", f"{base}/commits/{ref}/{path}", f"{base}/blob/HEAD/{path}")


@dataclass
class ProjectView:
    record: ProjectRecord
    links: RepoLinks
    timeline: list[tuple[Transition, RepoLinks]]
    landed_at: datetime | None = None
    unit_landing: Any = None  # the registration's Landing: how its opinion was verified
    parent_landing: Any = None  # the parent's forwarding list's Landing

    @property
    def parent_opinion(self) -> Opinion | None:
        return self.record.forwarding

    @property
    def form(self):  # the registration model: OrganRegistration | GrassrootsRegistration
        return self.record.registration.model

    @property
    def year(self) -> int:
        return self.record.year

    @property
    def id(self) -> str:
        return self.record.project_id

    @property
    def name(self) -> str:
        return self.form.project_name

    @property
    def unit(self) -> Unit:
        return self.record.unit

    @property
    def tier(self) -> Tier:
        return self.record.unit.tier

    @property
    def attachment(self) -> str:
        return ATTACHMENT[self.tier]

    @property
    def form_title(self) -> str:
        return FORM_TITLE[self.tier]

    @property
    def page(self) -> str:
        return f"{self.year}/projects/{self.id}.md"

    @property
    def form_page(self) -> str:
        return f"{self.year}/forms/{self.id}.md"

    @property
    def path(self) -> str:
        return self.record.registration.path


@dataclass(frozen=True, slots=True)
class Stage:
    """Where the year is now, and the next deadline."""

    year: int
    name: str
    what: str
    deadline_label: str
    deadline: datetime
    days_left: int


@dataclass
class YearView:
    year: int
    calendar: YearCalendar
    projects: list[ProjectView]
    unit_order: dict[str, int] = field(default_factory=dict)

    @cached_property
    def status_counts(self) -> dict[Status, int]:
        counts: dict[Status, int] = defaultdict(int)
        for p in self.projects:
            counts[p.record.status] += 1
        return {s: counts[s] for s in Status if counts[s]}

    @cached_property
    def awarded(self) -> list[tuple[Category, list[tuple[Tier, list[ProjectView]]]]]:
        """The announcement's layout (award, then tier, registry order), shared with `announce`."""
        views = {p.record.project_id: p for p in self.projects}
        sections = award_sections([p.record for p in self.projects], self.unit_order)
        return [(s.category, [(g.tier, [views[r.project_id] for r in g.projects]) for g in s.groups])
                for s in sections]

    @cached_property
    def award_counts(self) -> list[tuple[Category, int]]:
        return [(c, sum(len(ps) for _, ps in tiers)) for c, tiers in self.awarded]

    @cached_property
    def to_province(self) -> list[ProjectView]:
        return [p for p in self.projects if p.record.to_province]

    @property
    def has_results(self) -> bool:
        return bool(self.awarded or self.to_province)


@dataclass
class SiteContext:
    programme: Programme
    units: UnitRegistry
    years: list[YearView]  # newest first
    now: datetime
    commit: str | None
    stage: Stage
    by_unit: dict[str, list[ProjectView]] = field(default_factory=dict)

    @property
    def current(self) -> YearView | None:
        return next((y for y in self.years if y.year == self.now.year), None)

    @property
    def latest_results(self) -> YearView | None:
        return next((y for y in self.years if y.has_results), None)


def collect(subs: Submissions, now: datetime, commit: str | None = None, late: Collection[str] = (),
            landed_at: LandedAt | None = None, landing: LandingOf | None = None) -> SiteContext:
    """`late`: registrations the git audit found landed after their deadline (for 逾期未立项)."""
    assert subs.units is not None, "the build stops on an unreadable unit registry"
    by_year: dict[int, list[ProjectView]] = defaultdict(list)
    by_unit: dict[str, list[ProjectView]] = defaultdict(list)
    for record in derive_projects(subs, now, late):
        if not (SLUG.match(record.project_id) and SLUG.match(record.unit.id)):
            continue  # never build a path from anything else; `check` reports such files
        path = record.registration.path
        timeline = [(t, repo_links(subs.programme, commit, t.path)) for t in record.timeline]
        view = ProjectView(record, repo_links(subs.programme, commit, path), timeline,
                           landed_at(path) if landed_at else None)
        if landing is not None:
            view.unit_landing = landing(path)
            view.parent_landing = landing(record.forwarding_path) if record.forwarding_path else None
        by_year[record.year].append(view)
        by_unit[record.unit.id].append(view)
    years = sorted({*by_year, now.year}, reverse=True)
    order = unit_order(subs.units)
    views = [YearView(y, subs.programme.calendar(y), by_year.get(y, []), order) for y in years]
    return SiteContext(subs.programme, subs.units, views, now, commit, current_stage(subs.programme, now),
                       dict(by_unit))


_STAGES = [
    ("grassroots_to_parent", "立项申报", "各单位对全年拟实施的创新、创优项目立项，填写立项申报表。",
     "基层工会报所属上级截止"),
    ("registration", "审核汇总", "上级工会审核汇总所属基层工会的立项；工会领导机关向市总工会报送立项。",
     "立项报送市总工会截止"),
    ("recommendation", "项目实施与跟踪考核", "各单位实施项目，上级工会跟踪考核；准备推荐上报。", "推荐上报截止"),
    ("results", "评审与审定", "考评领导小组评审、民主推荐，主席办公会议审定，通报评选结果。", "通报评选结果截止"),
]


def current_stage(programme: Programme, now: datetime) -> Stage:
    today = now.astimezone(CHINA)
    for year in (today.year, today.year + 1):
        calendar = programme.calendar(year)
        for name, stage, what, label in _STAGES:
            deadline = calendar.deadline(name)
            if today <= deadline:
                if year > today.year:
                    stage, what = "结果已通报", f"{today.year} 年评选结果已通报；{year} 年立项申报即将开始。"
                return Stage(year, stage, what, label, deadline, _days_between(today.date(), deadline.date()))
    raise AssertionError("a year always has a next deadline")


def _days_between(start: date, end: date) -> int:
    return (end - start).days
