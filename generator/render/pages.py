"""Every page of the site: its path, its title and the template that renders its body.

Pages are not Markdown: `page` records them in the docs tree and `frame.fill_site` writes each
one, autoescaped, into a frame that MkDocs built (frame.py). A title may be any text, a project's
name included: it is escaped where the theme shows it, never parsed.
"""

from __future__ import annotations

from ..forms.data import edit_links
from ..model.registration import GrassrootsRegistration, OrganRegistration
from ..model.rules import CRITERIA, Category, Criterion, Tier, criteria_for
from . import charts
from .context import PageSite, SiteContext, UnitSite, YearView
from .frame import Page
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
    **context: object,
) -> None:
    """The page at `path` (a docs-tree path ending in .md; the site has it as .html)."""
    tree.add_page(Page(path, title, template, context, search, search_words))


def write_pages(tree: DocsTree, site: SiteContext, codes: QrCodes | QrOnDemand) -> None:
    common = {"site": site, "programme": site.programme}
    page(tree, "index.md", "首页", "home.html.j2", **common)
    page(
        tree,
        "guide.md",
        "申报指南",
        "guide.html.j2",
        forms=_form_fields(),
        criteria_groups=_criteria_groups(),
        **common,
    )
    page(tree, "registry.md", "项目名录", "registry.html.j2", **common)
    page(tree, "results.md", "评选结果", "results_index.html.j2", categories=list(Category), **common)
    page(tree, "stats.md", "统计", "stats.html.j2", charts=charts.site_charts(site), **common)
    page(tree, "units.md", "参评单位", "units.html.j2", tiers=list(Tier), **common)
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
            **{
                **common,
                "site": UnitSite(
                    site.units, children, tuple(site.pending_for_unit(unit.id)), tuple(site.unit_filings(unit.id))
                ),
            },
        )
    for year in site.years:
        _year_pages(tree, site, year, common, codes)


def _year_pages(tree: DocsTree, site: SiteContext, year: YearView, common: dict, codes: QrCodes | QrOnDemand) -> None:
    y = year.year
    page(tree, f"{y}/index.md", f"{y} 年项目名录", "year.html.j2", year=year, **common)
    page(tree, f"{y}/results.md", f"{y} 年评选结果", "year_results.html.j2", year=year, **common)
    # A project's pages see the site only through PageSite: each depends on its own project alone.
    common = {**common, "site": PageSite(site.programme.site_url)}
    for p in year.projects:
        page(
            tree,
            p.page,
            p.name,
            "project.html.j2",
            search=False,
            p=p,
            criteria=CRITERIA,
            edit=edit_links(p, site.programme.repo_url),
            **common,
        )
        page(
            tree,
            p.form_page,
            f"立项申报表：{p.name}",
            "form.html.j2",
            search=False,
            p=p,
            **form_extras(p, p.version, codes, site.share(p.page)),
            **common,
        )


def _form_fields() -> list[tuple[str, Tier, list[tuple[str, str]]]]:
    """The guide's description of each form, from the models (the single source of truth)."""
    forms = []
    for attachment, model in (("附件1", OrganRegistration), ("附件2", GrassrootsRegistration)):
        fields = [(f.alias or name, f.description or "") for name, f in model.model_fields.items()]
        forms.append((attachment, model.tier, fields))
    return forms


def _criteria_groups() -> list[tuple[tuple[Tier, Category], list[Criterion]]]:
    return [((t, c), criteria_for(t, c)) for t in Tier for c in Category]
