"""Every count the site shows, from one function over project records.

The home page, the year pages, the registry, the results, the units and the statistics all ask
`figures()`; none counts for itself, so no two pages can disagree. Results count only once the
通报 is on record: an approved but unannounced result is not public yet. 立项 counts, and every
breakdown of them (by parent, focus area, category, tier), count only projects that were 立项:
a form still with its parent, refused by it or late is filed but not registered.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lifecycle.status import ProjectRecord, Status
from ..model.review import Announcement
from ..model.rules import Category, FocusArea, Tier

DIRECT = "工会领导机关（直报市总工会）"  # the parent column of a leadership organ's own projects


@dataclass(frozen=True, slots=True)
class Figures:
    projects: int
    statuses: dict[Status, int]  # by standing: an award stays an award when it also goes to the province
    awards: dict[Category, int]  # announced awards, every category present (0 when none)
    province: int  # announced recommendations to the provincial federation
    reviewed: bool  # the review meeting is on record for some project
    approved: bool  # the chairman's office meeting has approved the results
    announcement: Announcement | None  # the 通报, once it is on record
    registered: int = 0  # projects that were 立项 (withdrawn later or not)
    by_parent: dict[str, int] = field(default_factory=dict)  # 立项 by parent's name (DIRECT for organs), most first
    by_area: dict[FocusArea, int] = field(default_factory=dict)  # 立项 by focus area (several per project)
    by_category: dict[Category | None, int] = field(default_factory=dict)  # 立项 by category claimed
    by_tier: dict[Tier, int] = field(default_factory=dict)  # 立项 by tier, every tier present

    @property
    def announced(self) -> bool:
        return self.announcement is not None

    @property
    def awarded(self) -> int:
        return sum(self.awards.values())


def announced(record: ProjectRecord) -> bool:
    return record.announcement is not None


def figures(records: Iterable[ProjectRecord]) -> Figures:
    """The counts of a set of projects (a year, a unit, all years): one pass."""
    statuses: Counter[Status] = Counter()
    awards: Counter[Category] = Counter()
    parents: Counter[str] = Counter()
    areas: Counter[FocusArea] = Counter()
    claimed: Counter[Category | None] = Counter()
    tiers: Counter[Tier] = Counter()
    total = province = registered = 0
    reviewed = approved = False
    notice: Announcement | None = None
    for r in records:
        total += 1
        statuses[r.standing] += 1
        if r.registered:
            registered += 1
            parents[r.parent.name if r.parent else DIRECT] += 1
            areas.update(r.registration.model.focus_areas)
            claimed[r.category] += 1
            tiers[r.tier] += 1
        reviewed = reviewed or r.reviewed_on is not None
        approved = approved or r.approval is not None
        if announced(r):
            notice = notice or r.announcement
            if r.award is not None:
                awards[r.award] += 1
            province += r.to_province
    return Figures(
        projects=total,
        statuses={s: statuses[s] for s in Status if statuses[s]},
        awards={c: awards[c] for c in Category},
        province=province,
        reviewed=reviewed,
        approved=approved,
        announcement=notice,
        registered=registered,
        by_parent=dict(parents.most_common()),
        by_area={a: areas[a] for a in FocusArea},
        by_category={**{c: claimed[c] for c in Category}, None: claimed[None]},
        by_tier={t: tiers[t] for t in Tier},
    )
