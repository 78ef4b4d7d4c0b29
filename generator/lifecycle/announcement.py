"""The year's announcement (通报评选结果): collected from the approved results, rendered as a document.

`collect` gathers what the chairman's office meeting approved (nothing before its approval is on
record); `render_markdown` and `render_html` only lay it out. Both are autoescaped by Jinja2. In
the Markdown (for the site: MkDocs renders it with fenced code and attribute lists), Markdown
syntax is used only for our own words; every value from a filing sits in a block of HTML, on one
line that begins with a tag, where no Markdown syntax applies (escaping one more character would
not be a defence: a fence or an attribute list is made of ordinary characters).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..model.review import Announcement, Approval
from ..model.rules import Category, Tier
from ..model.units import UnitRegistry
from .status import ProjectRecord, derive_projects

if TYPE_CHECKING:
    from ..submissions import Submissions

TEMPLATES = Path(__file__).parent / "templates"
ORDINALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class TierGroup:
    tier: Tier
    projects: list[ProjectRecord]


@dataclass(frozen=True)
class AwardSection:
    category: Category
    groups: list[TierGroup]  # only tiers with at least one project

    @property
    def award_name(self) -> str:
        return f"大连市工会工作{self.category.award}"

    @property
    def count(self) -> int:
        return sum(len(g.projects) for g in self.groups)


@dataclass(frozen=True)
class YearAnnouncement:
    year: int
    approval: Approval
    notice: Announcement | None  # None while the 通报 is not yet on record: a draft
    sections: list[AwardSection]
    province: list[ProjectRecord]
    sample: bool

    @property
    def title(self) -> str:
        return f"关于通报{self.year}年度大连市工会工作创新成果和创优成果评选结果的通知"

    @property
    def awarded(self) -> list[ProjectRecord]:
        return [p for s in self.sections for g in s.groups for p in g.projects]


def announcement_for(
    subs: Submissions, year: int, now: datetime, late: Collection[str] = ()
) -> YearAnnouncement | None:
    """The year's approved results at `now`; None while no approval by the chairman's meeting is on record."""
    records = [r for r in derive_projects(subs, now, late) if r.year == year and r.approval is not None]
    if not records:
        return None
    sections = award_sections(records, unit_order(subs.units))
    records.sort(key=lambda r: _announcement_key(r, unit_order(subs.units)))
    notice = next((r.announcement for r in records if r.announcement is not None), None)
    approval = records[0].approval
    assert approval is not None  # only approved records were kept
    return YearAnnouncement(
        year, approval, notice, sections, [r for r in records if r.to_province], subs.programme.sample
    )


def unit_order(units: UnitRegistry | None) -> dict[str, int]:
    """The registry's order (departments, districts, zones, industries, …) is the official one."""
    return {u.id: i for i, u in enumerate(units.units)} if units else {}


def award_sections(records: Iterable[ProjectRecord], order: Mapping[str, int]) -> list[AwardSection]:
    """Awarded projects grouped by award, then tier, in registry order: the 通报's layout, on
    paper and on the site alike."""
    ranked = sorted(records, key=lambda r: _announcement_key(r, order))
    sections = []
    for category in Category:
        groups = [TierGroup(tier, [r for r in ranked if r.award is category and r.tier is tier]) for tier in Tier]
        if any(g.projects for g in groups):
            sections.append(AwardSection(category, [g for g in groups if g.projects]))
    return sections


def _announcement_key(record: ProjectRecord, order: Mapping[str, int]) -> tuple[int, str]:
    return order.get(record.unit.id, len(order)), record.project_id


# --- rendering ---------------------------------------------------------------------------------

# C0/C1 controls (Python-Markdown's placeholders are made of STX and ETX) and line separators.
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def line_of_text(value: object) -> object:
    """A value as one line of plain text (then autoescaped): no line can start inside it, so it
    cannot open a fence or end the HTML block around it."""
    if not isinstance(value, str):
        return value
    return " ".join(_NOT_TEXT.sub(" ", value).split())


def document_date(day: date) -> str:
    """A date as an official document writes it: 2026年3月5日 (the site spaces it: templating.cn_date)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _environment(markdown: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=line_of_text if markdown else None,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["document_date"] = document_date
    env.globals["ordinal"] = lambda i: ORDINALS[i] if i < len(ORDINALS) else str(i + 1)
    return env


def render_markdown(doc: YearAnnouncement) -> str:
    return _environment(markdown=True).get_template("announcement.md.j2").render(doc=doc)


def render_html(doc: YearAnnouncement) -> str:
    return _environment(markdown=False).get_template("announcement.html.j2").render(doc=doc)
