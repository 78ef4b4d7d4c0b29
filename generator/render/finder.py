"""Per-year data for the browser: the project finder's index and the registry table's rows.

Both are JavaScript files that hand a JSON value to a callback (`scData`), so they load with a
plain <script> tag and work from `file://` too. Units are listed once and referenced by
index, which keeps ten thousand projects a year to a few hundred kilobytes.
"""

from __future__ import annotations

import json

from ..lifecycle.status import Status
from ..model.rules import Category, FocusArea, Tier
from .context import YearView
from .templating import STATUS_CLASS

STATUSES = list(Status)
AREAS = list(FocusArea)
CATEGORIES = list(Category)
TIERS = list(Tier)


def as_script(kind: str, year: int, value: object) -> str:
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # Line and paragraph separators end a JS string in pre-2019 engines.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"scData({json.dumps(kind)},{year},{data});\n"


def finder_index(year: YearView) -> str:
    """[project id, project name, unit index]; a substring match on either name finds it."""
    units: dict[str, int] = {}
    unit_names: list[str] = []
    rows = []
    for p in year.projects:
        if p.unit.id not in units:
            units[p.unit.id] = len(unit_names)
            unit_names.append(p.unit.name)
        rows.append([p.id, p.name, units[p.unit.id]])
    return as_script("finder", year.year, {"u": unit_names, "p": rows})


def table_data(year: YearView) -> str:
    """The registry table: units (with tier and parent) once, then one short row per project."""
    units: dict[str, int] = {}
    unit_rows: list[list[object]] = []

    def unit_index(unit_id: str, name: str, tier: Tier, parent: int) -> int:
        if unit_id not in units:
            units[unit_id] = len(unit_rows)
            unit_rows.append([unit_id, name, TIERS.index(tier), parent])
        return units[unit_id]

    rows = []
    for p in year.projects:
        parent = p.record.parent
        parent_index = unit_index(parent.id, parent.name, parent.tier, -1) if parent else -1
        u = unit_index(p.unit.id, p.unit.name, p.tier, parent_index)
        mask = sum(1 << AREAS.index(a) for a in p.form.focus_areas)
        category = CATEGORIES.index(p.record.category) if p.record.category else -1
        award = CATEGORIES.index(p.record.announced_award) if p.record.announced_award else -1
        rows.append(
            [
                p.id,
                p.name,
                u,
                STATUSES.index(p.record.standing),
                mask,
                category,
                award,
                1 if p.record.announced_province else 0,
            ]
        )
    return as_script(
        "table",
        year.year,
        {
            "statuses": [s.value for s in STATUSES],
            "statusClasses": [STATUS_CLASS.get(s, "ok") for s in STATUSES],
            "areas": [a.value for a in AREAS],
            "categories": [c.value for c in CATEGORIES],
            "tiers": [t.value for t in TIERS],
            "units": unit_rows,
            "rows": rows,
        },
    )
