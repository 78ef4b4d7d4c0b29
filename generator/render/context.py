"""Collect what the pages show: one pass over the filings and the lifecycle's project records.

Like mkdocstrings' `collect()`, this gathers data and renders nothing. Every value from a
filing stays a plain string here; escaping happens once, in the autoescaped templates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

from ..lifecycle.announcement import award_sections, unit_order
from ..lifecycle.status import ProjectRecord, Transition, derive_projects
from ..lifecycle.status import Status as S
from ..model.base import SLUG, Opinion
from ..model.programme import CHINA, Programme, YearCalendar
from ..model.registration import GrassrootsRegistration, OrganRegistration
from ..model.rules import Category, Tier
from ..model.units import Unit, UnitRegistry
from ..paths import SUBMISSIONS, Kind
from ..submissions import Submissions
from .figures import Figures, announced, figures
from .pending import PendingFiling
from .stage import Stage, current_stage
from .templating import to_html

# Seams for the git history (`generator/history/audit.py`): given a filing's repo-relative path,
# when it landed on the main branch; and the landing (the audit's Credit: time, pull request,
# approvers, verified or not) that brought a statement of a file (path, statement key), or None.
LandedAt = Callable[[str], datetime | None]
LandingOf = Callable[..., Any]

ATTACHMENT = {Tier.ORGAN: "附件1", Tier.GRASSROOTS: "附件2"}
FORM_TITLE = {
    Tier.ORGAN: "大连市工会领导机关“双创”成果立项申报表",
    Tier.GRASSROOTS: "大连市基层工会“双创”成果立项申报表",
}


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
    timeline: list[tuple[Transition, RepoLinks, Any]]  # each step, its file's links, the landing that brought it
    landed_at: datetime | None = None
    unit_landing: Any = None  # the audit's Credit of the unit's opinion: who approved it, when, in which PR
    parent_landing: Any = None  # the same for the parent's opinion in its 审核汇总
    exceptions: list[tuple[Any, Any]] = field(default_factory=list)  # (Grant, its Credit) for this project's files
    problems: list[Any] = field(default_factory=list)  # the audit's findings about this project's files
    version: str | None = None  # the commit of main that last changed the registration (else the built one)

    @property
    def parent_opinion(self) -> Opinion | None:
        return self.record.forwarding

    @property
    def form(self) -> OrganRegistration | GrassrootsRegistration:
        model: OrganRegistration | GrassrootsRegistration = self.record.registration.model
        return model

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


def share_address(site_url: str | None, page: str) -> str | None:
    return f"{site_url.rstrip('/')}/{to_html(page)}" if site_url else None


@dataclass(frozen=True)
class PageSite:
    """What a project's page or its printable form reads of the site: nothing of the other projects,
    so that a change to one project leaves ten thousand others' pages as they are (their inputs
    are digested by value, incremental.py). A template asking for more stops the build
    (StrictUndefined): add it here, and to the digest with it."""

    site_url: str | None

    def share(self, page: str) -> str | None:
        return share_address(self.site_url, page)


@dataclass(frozen=True)
class UnitSite:
    """What a unit's page reads of the site: the registry, its own pending filings and its
    children's projects (their count is shown), so that it changes only when they do."""

    units: UnitRegistry
    by_unit: dict[str, list[ProjectView]]
    pending: tuple[PendingFiling, ...]
    filings: tuple[UnitFiling, ...] = ()  # its own 审核汇总, tracking and recommendation files

    def pending_for_unit(self, unit_id: str) -> list[PendingFiling]:
        return [f for f in self.pending if f.unit_id == unit_id]

    def unit_filings(self, unit_id: str) -> list[UnitFiling]:
        return list(self.filings)

    def unit_figures(self, unit_id: str) -> Figures:
        return figures_of(self.by_unit.get(unit_id, []))


def figures_of(projects: list[ProjectView]) -> Figures:
    return figures(p.record for p in projects)


@dataclass
class YearView:
    year: int
    calendar: YearCalendar
    projects: list[ProjectView]
    unit_order: dict[str, int] = field(default_factory=dict)
    exceptions: list[tuple[Any, Any]] = field(default_factory=list)  # (Grant, its Credit): the year's exceptions
    problems: list[Any] = field(default_factory=list)  # the audit's findings about the year's files

    @cached_property
    def figures(self) -> Figures:
        return figures_of(self.projects)

    @cached_property
    def awarded(self) -> list[tuple[Category, list[tuple[Tier, list[ProjectView]]]]]:
        """The announcement's layout (award, then tier, registry order), shared with `announce`;
        only once the 通报 is on record."""
        views = {p.record.project_id: p for p in self.projects}
        sections = award_sections([p.record for p in self.projects if announced(p.record)], self.unit_order)
        return [(s.category, [(g.tier, [views[r.project_id] for r in g.projects]) for g in s.groups]) for s in sections]

    @cached_property
    def to_province(self) -> list[ProjectView]:
        return [p for p in self.projects if p.record.to_province and announced(p.record)]

    @property
    def has_results(self) -> bool:
        return self.figures.announced

    @cached_property
    def notice(self) -> ProjectRecord | None:
        """A record carrying the 通报 (its approval and announcement), once announced."""
        return next((p.record for p in self.projects if announced(p.record)), None)


FILING_LABELS = {
    Kind.FORWARDING: "审核汇总（所属基层工会立项项目的审核结论）",
    Kind.TRACKING: "跟踪考核记录",
    Kind.RECOMMENDATION: "推荐上报",
}


@dataclass(frozen=True, slots=True)
class UnitFiling:
    """A filing a unit makes about others' projects (or its own recommendation), for its page."""

    year: int
    label: str
    path: str
    entries: int  # projects (forwarding, recommendation) or records (tracking) it holds
    refused: int  # forwarding entries that say 不同意上报
    links: RepoLinks


def unit_filings(subs: Submissions, commit: str | Callable[[str], str | None] | None) -> dict[str, list[UnitFiling]]:
    """`commit`: the built commit, or each file's version (its own last commit on main)."""
    version = commit if callable(commit) else (lambda _path: commit)
    found: dict[str, list[UnitFiling]] = defaultdict(list)
    for filing in subs.filings:
        where = filing.where
        if where.kind not in FILING_LABELS or where.year is None or not SLUG.match(where.unit or ""):
            continue
        model = filing.model
        items = model.records if where.kind is Kind.TRACKING else model.items
        refused = sum(not i.forwarded for i in items) if where.kind is Kind.FORWARDING else 0
        links = repo_links(subs.programme, version(filing.path), filing.path)
        found[where.unit or ""].append(
            UnitFiling(where.year, FILING_LABELS[where.kind], filing.path, len(items), refused, links)
        )
    for listed in found.values():
        listed.sort(key=lambda f: (-f.year, f.path))
    return dict(found)


@dataclass
class SiteContext:
    programme: Programme
    units: UnitRegistry
    years: list[YearView]  # newest first
    now: datetime
    commit: str | None
    stage: Stage
    by_unit: dict[str, list[ProjectView]] = field(default_factory=dict)
    pending: list[PendingFiling] = field(default_factory=list)  # open pull requests, when the forge was read
    filings_by_unit: dict[str, list[UnitFiling]] = field(default_factory=dict)  # a parent's 审核汇总, tracking…
    record_problems: list[Any] = field(default_factory=list)  # every finding of the audit of main
    verified: bool = False  # landing times and pull requests are the forge's record

    def unit_filings(self, unit_id: str) -> list[UnitFiling]:
        return self.filings_by_unit.get(unit_id, [])

    @property
    def general_problems(self) -> list[Any]:
        """The audit's findings about the shared files (settings, the history's times), for the home page."""
        return [f for f in self.record_problems if not f.path.startswith(f"{SUBMISSIONS}/20")]

    @property
    def current(self) -> YearView | None:
        return next((y for y in self.years if y.year == _china_year(self.now)), None)

    def share(self, page: str) -> str | None:
        """The page's stable address on the public site, when the programme names the site's URL."""
        return share_address(self.programme.site_url, page)

    def pending_for_year(self, year: int) -> list[PendingFiling]:
        return [f for f in self.pending if f.year == year]

    def pending_for_unit(self, unit_id: str) -> list[PendingFiling]:
        return [f for f in self.pending if f.unit_id == unit_id]

    def unit_figures(self, unit_id: str) -> Figures:
        return figures_of(self.by_unit.get(unit_id, []))

    @property
    def guide_calendar(self) -> YearCalendar:
        """The guide shows the calendar of the year the home page counts down to."""
        return self.programme.calendar(self.stage.year)

    @property
    def latest_results(self) -> YearView | None:
        return next((y for y in self.years if y.has_results), None)


def collect(
    subs: Submissions,
    now: datetime,
    commit: str | None = None,
    late: Collection[str] = (),
    landed_at: LandedAt | None = None,
    landing: LandingOf | None = None,
    pending: Sequence[PendingFiling] = (),
    record: Any = None,
) -> SiteContext:
    """`late`: registrations the git audit found landed after their deadline (for 逾期未立项).
    `record`: the audit of main (an AuditReport): late landings, landing times, credits and
    findings are taken from it."""
    assert subs.units is not None, "the build stops on an unreadable unit registry"
    if record is not None:
        late, landed_at, landing = record.late_registrations(), record.landed_at, record.credit
    grants = _grants(subs, landing)

    def version(path: str) -> str | None:
        # A file's own last change on main, not the built commit: the same content keeps the same
        # address from build to build, so its pages stay as they are (incremental.py).
        if record is not None:
            found = record.landings.get(path)
            return (found.last_commit or found.commit or commit) if found is not None else commit
        credit = landing(path) if landing is not None else None
        return (getattr(credit, "last_commit", "") or getattr(credit, "commit", "") or commit) if credit else commit

    by_year: dict[int, list[ProjectView]] = defaultdict(list)
    by_unit: dict[str, list[ProjectView]] = defaultdict(list)
    for project in derive_projects(subs, now, late):
        if not (SLUG.match(project.project_id) and SLUG.match(project.unit.id)):
            continue  # never build a path from anything else; `check` reports such files
        path = project.registration.path
        timeline = [
            (t, repo_links(subs.programme, version(t.path), t.path), _step_landing(t, project, landing))
            for t in project.timeline
        ]
        view = ProjectView(
            project,
            repo_links(subs.programme, version(path), path),
            timeline,
            landed_at(path) if landed_at else None,
            version=version(path),
        )
        if landing is not None:
            view.unit_landing = landing(path, "unit_opinion")
            if project.forwarding_path:
                view.parent_landing = landing(project.forwarding_path, f"item:{project.unit.id}/{project.project_id}")
        files = _files_of(project)
        view.exceptions = [grants[f] for f in files if f in grants]
        if record is not None:
            view.problems = [p for f in files for p in record.problems(f)]
        by_year[project.year].append(view)
        by_unit[project.unit.id].append(view)
    years = sorted({*by_year, _china_year(now)}, reverse=True)
    order = unit_order(subs.units)
    views = [YearView(y, subs.programme.calendar(y), by_year.get(y, []), order) for y in years]
    for year_view in views:
        folder = f"{SUBMISSIONS}/{year_view.year}/"
        year_view.exceptions = [item for path, item in sorted(grants.items()) if path.startswith(folder)]
        if record is not None:
            year_view.problems = [f for f in record.findings if f.path.startswith(folder)]
    current = next((v for v in views if v.year == _china_year(now)), None)
    stage = current_stage(subs.programme, now, current.figures if current else figures(()))
    site = SiteContext(
        subs.programme,
        subs.units,
        views,
        now,
        commit,
        stage,
        dict(by_unit),
        list(pending),
        unit_filings(subs, version),
    )
    if record is not None:
        site.record_problems, site.verified = list(record.findings), record.verified
    return site


def _files_of(project: ProjectRecord) -> list[str]:
    """The files that make up a project's record (the review's and the office's are the year's)."""
    found = [project.registration.path, project.forwarding_path, project.recommendation_path, project.review_path]
    found += [t.path for t in project.tracking]
    return list(dict.fromkeys(f for f in found if f))


def _grants(subs: Submissions, landing: LandingOf | None) -> dict[str, tuple[Any, Any]]:
    """The office's exceptions on record, by the file each covers, with the landing that registered it."""
    office = subs.units.office if subs.units else None
    found: dict[str, tuple[Any, Any]] = {}
    for filing in subs.filings:
        if filing.where.kind is Kind.EXCEPTIONS and filing.where.unit == office:
            for grant in filing.model.grants:
                credit = landing(filing.path, f"grant:{grant.path}") if landing is not None else None
                found.setdefault(grant.path, (grant, credit))
    return found


def _step_landing(t: Transition, project: ProjectRecord, landing: LandingOf | None) -> Any:
    """The landing that brought what a step of the timeline rests on; None for a step the calendar
    makes (a deadline passed) or without a record of main."""
    if landing is None:
        return None
    ref = f"{project.unit.id}/{project.project_id}"
    key = {
        S.SUBMITTED: "unit_opinion",
        S.WITHDRAWN: "withdrawal",
        S.RECOMMENDED: f"item:{ref}",
        S.REFUSED: f"item:{ref}",
        S.APPROVED: "approval",
        S.AWARD_INNOVATION: "announcement",
        S.AWARD_EXCELLENCE: "announcement",
        S.NO_AWARD: "announcement",
        S.PROVINCE: f"province:{ref}",
    }.get(t.status)
    if t.status is S.REGISTERED:
        key = "unit_opinion" if t.path == project.registration.path else f"item:{ref}"
    elif t.status is S.IN_PROGRESS:
        key = f"record:{ref}:{t.when}"
    elif t.status is S.UNDER_REVIEW and t.path == project.review_path:
        key = f"result:{ref}"
    elif t.status is S.LATE and t.path == project.registration.path and "截止日后才提交" in t.note:
        key = ""  # the late landing itself
    return landing(t.path, key) if key is not None else None


def _china_year(now: datetime) -> int:
    return now.astimezone(CHINA).year
