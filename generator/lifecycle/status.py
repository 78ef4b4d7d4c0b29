"""Each project's status and timeline, derived from the filings.

MINIMAL STAND-IN written on the `site` branch so the public site runs before the lifecycle
(issue 4, branch `life`) lands. It knows only the registration stage (已立项 / 已撤回); the
integrator keeps the full module from `life`, which has exactly this interface.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from ..filings import Filing
from ..model.rules import Category
from ..model.units import Unit
from ..submissions import Submissions


class Status(StrEnum):
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


@dataclass(frozen=True)
class Transition:
    status: Status
    when: date
    path: str
    note: str


@dataclass
class ProjectRecord:
    year: int
    project_id: str
    unit: Unit
    parent: Unit | None
    registration: Filing
    timeline: list[Transition]
    status: Status
    category: Category | None
    criteria: list[tuple[str, str]] = field(default_factory=list)
    award: Category | None = None
    to_province: bool = False


def derive_projects(subs: Submissions, now: datetime) -> list[ProjectRecord]:
    """One record per registration whose unit is in the registry, in path order."""
    units = subs.units.by_id if subs.units else {}
    records = []
    for filing in subs.registrations():
        unit = units.get(filing.where.unit or "")
        if unit is None or filing.where.year is None or filing.where.project is None:
            continue
        records.append(_record(filing, unit, units.get(unit.parent or "")))
    return records


def _record(filing: Filing, unit: Unit, parent: Unit | None) -> ProjectRecord:
    form = filing.model
    timeline = [Transition(Status.REGISTERED, form.unit_opinion.date, filing.path, "")]
    if form.withdrawal is not None:
        timeline.append(Transition(Status.WITHDRAWN, form.withdrawal.date, filing.path, form.withdrawal.reason))
    assert filing.where.year is not None and filing.where.project is not None
    return ProjectRecord(
        year=filing.where.year, project_id=filing.where.project, unit=unit, parent=parent,
        registration=filing, timeline=timeline, status=timeline[-1].status, category=form.category,
    )
