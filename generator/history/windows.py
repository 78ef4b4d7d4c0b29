"""When each kind of filing is accepted: the calendar of sections 五 and 六 as a table.

A window opens the second after one deadline (or is open from the start) and closes at the end
of one or more deadlines, each measured against one of two times: `arrived` (when the file's
content reached the forge, see arrival.py: the handing over) or `now` (when it lands).

Readings of the rules:
- 五.2: a grassroots union hands its registration to its parent by 10 March (the content reaching
  the forge in an open pull request is the handing over) and the parent forwards it to the city office by 20 March (the
  merge); a leadership organ registers with the office by 20 March. The parent's forwarding list
  is the parent's review of those registrations: due by 20 March too.
- 六.1: tracking happens "during the year", after the projects are registered, until the results.
- 六.2: recommendations reach the office by 15 November; the review meeting, the chairman's
  approval and the announcement follow, by the end of November.
- The registry, the settings and the exceptions are the office's running records: any time.
A deadline that falls on a public holiday stays where it is unless that year's calendar in
programme.yaml moves it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ..model.programme import YearCalendar
from ..model.rules import Tier
from ..paths import Kind

ClockName = Literal["arrived", "now"]

# The calendar's deadlines by the names of YearCalendar, as the messages call them.
DEADLINE_LABELS = {
    "grassroots_to_parent": "基层工会报送所属上级截止",
    "registration": "立项截止",
    "recommendation": "推荐上报截止",
    "results": "通报评选结果截止",
}
CLOCK_LABELS = {"arrived": "这份内容送达平台的时间", "now": "本次合并（检查）的时间"}


@dataclass(frozen=True, slots=True)
class Limit:
    deadline: str  # a YearCalendar field
    clock: ClockName


@dataclass(frozen=True, slots=True)
class Window:
    opens_after: str | None  # a YearCalendar field; None: open from the start
    limits: tuple[Limit, ...]  # all must hold; empty: never closes
    label: str  # what the window is for, in the clerk's words

    def opening(self, calendar: YearCalendar) -> datetime | None:
        return calendar.deadline(self.opens_after) if self.opens_after else None


_ANY_TIME = Window(None, (), "随时")
WINDOWS: dict[tuple[Kind, Tier | None], Window] = {
    (Kind.REGISTRATION, Tier.GRASSROOTS): Window(
        None, (Limit("grassroots_to_parent", "arrived"), Limit("registration", "now")), "基层工会立项申报"
    ),
    (Kind.REGISTRATION, Tier.ORGAN): Window(None, (Limit("registration", "now"),), "工会领导机关立项申报"),
    (Kind.FORWARDING, None): Window(None, (Limit("registration", "now"),), "所属上级审核汇总"),
    (Kind.TRACKING, None): Window("registration", (Limit("results", "now"),), "跟踪考核"),
    (Kind.RECOMMENDATION, None): Window("registration", (Limit("recommendation", "now"),), "推荐上报"),
    (Kind.REVIEW, None): Window("recommendation", (Limit("results", "now"),), "评审、审定与通报"),
    (Kind.UNITS, None): _ANY_TIME,
    (Kind.PROGRAMME, None): _ANY_TIME,
    (Kind.EXCEPTIONS, None): _ANY_TIME,
}


def window_for(kind: Kind, tier: Tier | None = None) -> Window:
    """The window of a kind; a registration's depends on the unit's tier (organ if unknown)."""
    if kind is Kind.REGISTRATION:
        return WINDOWS[(kind, tier or Tier.ORGAN)]
    return WINDOWS[(kind, None)]


def landing_limits(window: Window) -> tuple[Limit, ...]:
    """The limits that history can check: after the merge only the landing time is known."""
    return tuple(limit for limit in window.limits if limit.clock == "now")


def unexcepted_entries(
    year: int, entries: Iterable[tuple[str, str]], moment: datetime, granted: Callable[[str], datetime | None]
) -> list[str]:
    """五.2 with an exception: a parent forwards what it was handed, so the office's exception for
    a late grassroots registration covers the parent's entry for it. Of a forwarding list's
    `entries` (unit, project) that land late at `moment`, those whose registration has no
    exception (`granted(path)`: its new deadline) covering that moment, as "unit/project"."""
    return [
        f"{unit}/{project}"
        for unit, project in entries
        if (deadline := granted(f"submissions/{year}/{unit}/{project}.yaml")) is None or moment > deadline
    ]
