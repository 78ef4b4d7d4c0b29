"""The windows the web form offers: each tier's registration deadlines and each list's window (审核汇总,
跟踪考核, 推荐上报) for the years around the build, as plain data, from the same table `check --base`
judges by (history/windows.py).

The browser picks the year by the clerk's own clock (China time): the first year whose window is
open for what she files. A year whose window has just closed is still shown, with the exception path,
because the office may grant an exception (《评选办法》五: a late registration cannot take part); a
window that has not opened yet is named with the day it opens (check refuses a filing before it)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ..history.deadline_exceptions import exceptions_path
from ..history.windows import DEADLINE_LABELS, window_for
from ..model.programme import Programme
from ..model.rules import CHINA, DEFAULT_DEADLINES, Tier
from ..paths import Kind

# Years the page knows: the build's year and two after it (a page may be read long after it is built).
AHEAD = 2


def form_calendar(programme: Programme, now: datetime, office: str, lists: Mapping[str, Kind]) -> dict[str, Any]:
    """{"tiers": {tier: [deadline field, ...]}, "lists": {list id: {"opens", "closes", "label"}},
    "labels": {field: ...}, "years": {"2026": {field: "2026-03-10", ..., "moved": [field, ...]}}}.
    `lists`: the web form's list ids and the kind of filing each makes."""
    year = now.astimezone(CHINA).year
    tiers = {tier.value: [limit.deadline for limit in window_for(Kind.REGISTRATION, tier).limits] for tier in Tier}
    windows = {}
    for list_id, kind in lists.items():
        window = window_for(kind)
        windows[list_id] = {
            "opens": window.opens_after,
            "closes": [limit.deadline for limit in window.limits],
            "label": window.label,
        }
    fields = list(DEFAULT_DEADLINES)
    years: dict[str, Any] = {}
    for y in range(year - 1, year + AHEAD + 1):
        calendar = programme.calendar(y)
        years[str(y)] = {
            **{name: getattr(calendar, name).isoformat() for name in fields},
            "moved": list(calendar.moved),
            "note": calendar.note or "",
            "exceptions": exceptions_path(y, office),
        }
    labels = {name: DEADLINE_LABELS[name] for name in fields}
    return {"tiers": tiers, "lists": windows, "labels": labels, "years": years}
