"""Every page of the site: its path, its title and the template that renders its body.

Pages are not Markdown: `page` records them in the docs tree and `frame.fill_site` writes each
one, autoescaped, into a frame that MkDocs built (frame.py). A title may be any text, a project's
name included: it is escaped where the theme shows it, never parsed.
"""

from __future__ import annotations

import struct
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from .. import signing
from ..catalogue import CODES
from ..model.programme import YearCalendar
from ..model.registration import GrassrootsRegistration, OrganRegistration
from ..model.rules import CHINA, CRITERIA, Category, Criterion, Tier, criteria_for
from . import charts
from .context import PageSite, ProjectView, SiteContext, UnitSite, YearView
from .fill_data import edit_links
from .frame import Chrome, Page
from .printform import QrCodes, QrOnDemand, form_extras
from .search_entries import unit_search_words
from .tree import DocsTree


def page(
    tree: DocsTree,
    path: str,
    title: str,
    template: str,
    *,
    search: bool = True,
    search_words: str = "",
    search_text: str = "",
    description: str = "",
    updated: date | None = None,
    **context: object,
) -> None:
    """The page at `path` (a docs-tree path ending in .md; the site has it as .html)."""
    tree.add_page(Page(path, title, template, context, search, search_words, search_text, description, updated))


SITE = "大连市工会工作“双创”成果"
ORGANISER = "大连市总工会“双创”考评领导小组办公室"


GUIDE_SHOTS = ("fill-guide-1.png", "fill-guide-2.png", "fill-guide-3.png")


@cache
def guide_shots() -> dict[str, tuple[int, int]]:
    """Each screenshot of the guide by its pixel size (from its PNG header): the page keeps their
    space while they load, lazily, below the text a phone shows first (refreshed shots keep theirs)."""
    assets = resources.files("generator.render") / "assets"
    sizes = {}
    for name in GUIDE_SHOTS:
        header = (assets / name).read_bytes()[:24]
        sizes[name] = struct.unpack(">II", header[16:24])  # IHDR: width, height
    return sizes


def chrome_for(site: SiteContext) -> Chrome:
    """The site's address, and the footer's contact: the office's, from the latest year's 公示 settings."""
    contact = ""
    for year in sorted(site.programme.notices, reverse=True):
        n = site.programme.notices[year]
        parts = [p for p in (n.phone and f"电话 {n.phone}", n.email and f"电子邮箱 {n.email}") if p]
        if parts:
            contact = f"联系{n.objection_office or ORGANISER}：{'，'.join(parts)}。"
            break
    return Chrome(site.programme.site_url, "", contact)


def write_pages(tree: DocsTree, site: SiteContext, codes: QrCodes | QrOnDemand) -> None:
    today = site.now.astimezone(CHINA).date()
    common: dict[str, Any] = {"site": site, "programme": site.programme, "updated": today}
    page(
        tree,
        "index.md",
        "首页",
        "home.html.j2",
        description=f"{SITE}：当前阶段、截止日、最新评选结果，查找项目，在线填报立项申报表。",
        **common,
    )
    page(
        tree,
        "guide.md",
        "申报指南",
        "guide.html.j2",
        forms=_form_fields(),
        criteria_groups=_criteria_groups(),
        calendar=guide_calendar(site),
        signing=signing,
        shots=guide_shots(),
        description="“双创”申报指南：日程和截止日、在线填报和命令行两种办法、领导怎么在网上批准（签字）、表格和评选标准。",
        **common,
    )
    page(
        tree,
        "registry.md",
        "项目名录",
        "registry.html.j2",
        description="历年“双创”立项项目：按年份、单位、评选内容、类别和状态筛选，下载 CSV 和 Excel。",
        **common,
    )
    page(
        tree,
        "results.md",
        "评选结果",
        "results_index.html.j2",
        categories=list(Category),
        description="历年大连市工会工作创新成果奖、创优成果奖和推荐上报省总工会的项目，附通报全文。",
        **common,
    )
    page(
        tree,
        "stats.md",
        "统计",
        "stats.html.j2",
        charts=charts.site_charts(site),
        description="“双创”项目按所属上级、评选内容、类别和年份的统计。",
        **common,
    )
    page(
        tree,
        "units.md",
        "参评单位",
        "units.html.j2",
        tiers=list(Tier),
        description="参评“双创”的工会领导机关和基层工会名录，每个单位历年的项目和获奖情况。",
        **common,
    )
    # Out of the theme's search: its table of every code crowds out the pages a name is searched for.
    page(
        tree,
        "guide/codes.md",
        "检查结果代码说明",
        "codes.html.j2",
        search=False,
        codes=CODES,
        description="“双创”申报文件检查结果的每个代码：含义、依据的条款和改正办法。",
        **common,
    )
    words = unit_search_words(site)
    for unit in site.units.units:
        children = {c.id: site.by_unit.get(c.id, []) for c in site.units.children(unit.id)}
        page(
            tree,
            f"units/{unit.id}.md",
            unit.name,
            "unit.html.j2",
            unit=unit,
            search_words=words[unit.id],
            projects=site.by_unit.get(unit.id, []),
            description=f"{unit.name}（{unit.tier.value}）历年的“双创”项目、进展和获奖情况。",
            **{
                **common,
                "site": UnitSite(
                    site.units, children, tuple(site.pending_for_unit(unit.id)), tuple(site.unit_filings(unit.id))
                ),
            },
        )
    for year in site.years:
        _year_pages(tree, site, year, common, codes)


def _year_pages(
    tree: DocsTree, site: SiteContext, year: YearView, common: dict[str, Any], codes: QrCodes | QrOnDemand
) -> None:
    y = year.year
    page(
        tree,
        f"{y}/index.md",
        f"{y} 年项目名录",
        "year.html.j2",
        year=year,
        description=f"{y} 年“双创”立项项目名录：各单位的项目、进展和状态。",
        **common,
    )
    page(
        tree,
        f"{y}/results.md",
        f"{y} 年评选结果",
        "year_results.html.j2",
        year=year,
        description=f"{y} 年大连市工会工作“双创”成果评选结果：获奖项目、公示期和异议受理方式。",
        **common,
    )
    # A project's pages see the site only through PageSite: each depends on its own project alone.
    common = {**common, "site": PageSite(site.programme.site_url)}
    for p in year.projects:
        shown = {**common, "updated": _changed(p) or common["updated"]}
        about = f"{p.unit.name}的“双创”项目“{p.name}”（{y} 年）：进展、审核和评选结果。"
        page(
            tree,
            p.page,
            p.name,
            "project.html.j2",
            search_text=f"{p.unit.name} {y} 年“双创”项目 {p.record.standing.value}",
            p=p,
            criteria=CRITERIA,
            edit=edit_links(p, site.programme.repo_url, site.programme.platform),
            description=about,
            **shown,
        )
        page(
            tree,
            p.form_page,
            f"立项申报表：{p.name}",
            "form.html.j2",
            search=False,
            p=p,
            **form_extras(p, p.version, codes, site.share(p.page)),
            description=f"可打印的立项申报表：{about}",
            **shown,
        )


def _changed(p: ProjectView) -> date | None:
    """The day of the project's latest step on record."""
    days = [step[0].when for step in p.timeline]
    return max(days) if days else None


def guide_calendar(site: SiteContext) -> YearCalendar:
    """The year a reader of the guide plans for: this year until its results are due, then the next."""
    year = site.now.astimezone(CHINA).year
    calendar = site.programme.calendar(year)
    return site.programme.calendar(year + 1) if site.now > calendar.deadline("results") else calendar


def _form_fields() -> list[tuple[str, Tier, list[tuple[str, str]]]]:
    """The guide's description of each form, from the models (the single source of truth)."""
    forms = []
    for attachment, model in (("附件1", OrganRegistration), ("附件2", GrassrootsRegistration)):
        fields = [(f.alias or name, f.description or "") for name, f in model.model_fields.items()]
        forms.append((attachment, model.tier, fields))
    return forms


def _criteria_groups() -> list[tuple[tuple[Tier, Category], list[Criterion]]]:
    return [((t, c), criteria_for(t, c)) for t in Tier for c in Category]
