"""The registration windows the web form offers: each tier's deadlines for the years around the
build, as plain data, from the same table `check --base` judges by (history/windows.py).

The browser picks the year by the clerk's own clock (China time): the first year whose window has
not closed for her tier. A year whose window has just closed is still shown, with the exception path,
because the office may grant an exception (《评选办法》五: a late registration cannot take part)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..history.deadline_exceptions import exceptions_path
from ..history.windows import DEADLINE_LABELS, window_for
from ..model.programme import Programme
from ..model.rules import CHINA, Tier
from ..paths import Kind

# Years the page knows: the build's year and two after it (a page may be read long after it is built).
AHEAD = 2


def registration_calendar(programme: Programme, now: datetime, office: str) -> dict[str, Any]:
    """{"tiers": {tier: [deadline field, ...]}, "labels": {...}, "years": {"2026": {field: "2026-03-10", ...}}}"""
    year = now.astimezone(CHINA).year
    tiers = {tier.value: [limit.deadline for limit in window_for(Kind.REGISTRATION, tier).limits] for tier in Tier}
    fields = sorted({name for names in tiers.values() for name in names})
    years: dict[str, Any] = {}
    for y in range(year - 1, year + AHEAD + 1):
        calendar = programme.calendar(y)
        years[str(y)] = {
            **{name: getattr(calendar, name).isoformat() for name in fields},
            "moved": bool(set(calendar.moved) & set(fields)),
            "note": calendar.note or "",
            "exceptions": exceptions_path(y, office),
        }
    return {"tiers": tiers, "labels": {name: DEADLINE_LABELS[name] for name in fields}, "years": years}
