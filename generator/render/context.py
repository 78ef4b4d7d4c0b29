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
from ..model.base import SLUG, Opinion
from ..model.programme import CHINA, Programme, YearCalendar
from ..model.rules import Category, Tier
from ..model.units import Unit, UnitRegistry
from ..paths import Kind
from ..submissions import Submissions
from .figures import Figures, announced, figures
from .pending import PendingFiling
from .stage import Stage, current_stage
from .templating import to_html

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
    version: str | None = None  # the commit of main that last changed the registration (else the built one)

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

    def unit_filings(self, unit_id: str) -> list[UnitFiling]:
        return self.filings_by_unit.get(unit_id, [])

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
) -> SiteContext:
    """`late`: registrations the git audit found landed after their deadline (for 逾期未立项)."""
    assert subs.units is not None, "the build stops on an unreadable unit registry"

    def version(path: str) -> str | None:
        # A file's own last change on main, not the built commit: the same content keeps the same
        # address from build to build, so its pages stay as they are (incremental.py).
        found = landing(path) if landing is not None else None
        return (getattr(found, "last_commit", "") or getattr(found, "commit", "") or commit) if found else commit

    by_year: dict[int, list[ProjectView]] = defaultdict(list)
    by_unit: dict[str, list[ProjectView]] = defaultdict(list)
    for record in derive_projects(subs, now, late):
        if not (SLUG.match(record.project_id) and SLUG.match(record.unit.id)):
            continue  # never build a path from anything else; `check` reports such files
        path = record.registration.path
        timeline = [(t, repo_links(subs.programme, version(t.path), t.path)) for t in record.timeline]
        view = ProjectView(
            record,
            repo_links(subs.programme, version(path), path),
            timeline,
            landed_at(path) if landed_at else None,
            version=version(path),
        )
        if landing is not None:
            view.unit_landing = landing(path)
            view.parent_landing = landing(record.forwarding_path) if record.forwarding_path else None
        by_year[record.year].append(view)
        by_unit[record.unit.id].append(view)
    years = sorted({*by_year, _china_year(now)}, reverse=True)
    order = unit_order(subs.units)
    views = [YearView(y, subs.programme.calendar(y), by_year.get(y, []), order) for y in years]
    current = next((v for v in views if v.year == _china_year(now)), None)
    stage = current_stage(subs.programme, now, current.figures if current else figures(()))
    return SiteContext(
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


def _china_year(now: datetime) -> int:
    return now.astimezone(CHINA).year
