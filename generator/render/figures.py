"""Every count the site shows, from one function over project records.

The home page, the year pages, the registry, the results, the units and the statistics all ask
`figures()`; none counts for itself, so no two pages can disagree. Results count only once the
通报 is on record: an approved but unannounced result is not public yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..lifecycle.status import ProjectRecord, Status
from ..model.review import Announcement
from ..model.rules import Category


@dataclass(frozen=True, slots=True)
class Figures:
    projects: int
    statuses: dict[Status, int]  # by standing: an award stays an award when it also goes to the province
    awards: dict[Category, int]  # announced awards, every category present (0 when none)
    province: int  # announced recommendations to the provincial federation
    reviewed: bool  # the review meeting is on record for some project
    approved: bool  # the chairman's office meeting has approved the results
    announcement: Announcement | None  # the 通报, once it is on record

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
    total = province = 0
    reviewed = approved = False
    notice: Announcement | None = None
    for r in records:
        total += 1
        statuses[r.standing] += 1
        reviewed = reviewed or r.review is not None
        approved = approved or r.approval is not None
        if announced(r):
            notice = notice or r.announcement
            if r.award is not None:
                awards[r.award] += 1
            province += r.to_province
    return Figures(
        total,
        {s: statuses[s] for s in Status if statuses[s]},
        {c: awards[c] for c in Category},
        province,
        reviewed,
        approved,
        notice,
    )
