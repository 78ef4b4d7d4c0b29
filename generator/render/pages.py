"""Write every page of the docs tree: constant front matter, then one autoescaped HTML block.

Nothing from a filing is ever written into Markdown source or front matter: the front matter
holds our own titles (made of fixed words, years and SLUG-checked ids) and flags, and the
body is a raw HTML block that Python-Markdown passes through untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model.registration import GrassrootsRegistration, OrganRegistration
from ..model.rules import CRITERIA, Category, Criterion, Tier, criteria_for
from . import charts
from .context import SiteContext, YearView
from .printform import QrCodes, form_extras
from .templating import render
from .tree import DocsTree

# Titles are ours; this keeps them free of anything YAML or Markdown could read as syntax.
_SAFE_TITLE = re.compile(r"^[\w\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”《》 ·-]+$")


def front_matter(title: str, *, hide: Iterable[str] = (), search: bool = True) -> str:
    if not _SAFE_TITLE.match(title):
        raise ValueError(f"unsafe page title: {title!r}")
    lines = ["---", f"title: {title}"]
    hidden = list(hide)
    if hidden:
        lines.append("hide:")
        lines.extend(f"  - {h}" for h in hidden)
    if not search:
        lines += ["search:", "  exclude: true"]
    return "\n".join([*lines, "---", "", ""])


# Navigation is in the tabs; a table of contents would be empty (headings are in raw HTML).
HIDE = ("navigation", "toc")


def page(tree: DocsTree, path: str, title: str, template: str, *, search: bool = True, **context: object) -> None:
    base = "../" * path.count("/")
    body = render(template, base=base, **context)
    tree.add(path, front_matter(title, hide=HIDE, search=search) + body.strip() + "\n")


def write_pages(tree: DocsTree, site: SiteContext, codes: QrCodes) -> None:
    common = {"site": site, "programme": site.programme}
    page(tree, "index.md", "首页", "home.html.j2", **common)
    page(tree, "guide.md", "申报指南", "guide.html.j2", forms=_form_fields(), criteria_groups=_criteria_groups(), **common)
    page(tree, "registry.md", "项目名录", "registry.html.j2", **common)
    page(tree, "results.md", "评选结果", "results_index.html.j2", categories=list(Category), **common)
    page(tree, "stats.md", "统计", "stats.html.j2", charts=charts.site_charts(site), **common)
    page(tree, "units.md", "参评单位", "units.html.j2", tiers=list(Tier), **common)
    for unit in site.units.units:
        page(tree, f"units/{unit.id}.md", f"单位 {unit.id}", "unit.html.j2", unit=unit,
             projects=site.by_unit.get(unit.id, []), **common)
    for year in site.years:
        _year_pages(tree, site, year, common, codes)


def _year_pages(tree: DocsTree, site: SiteContext, year: YearView, common: dict, codes: QrCodes) -> None:
    y = year.year
    page(tree, f"{y}/index.md", f"{y} 年项目名录", "year.html.j2", year=year, **common)
    page(tree, f"{y}/results.md", f"{y} 年评选结果", "year_results.html.j2", year=year, **common)
    for p in year.projects:
        page(tree, p.page, f"{y} 年项目 {p.id}", "project.html.j2", search=False,
             p=p, criteria=CRITERIA, **common)
        page(tree, p.form_page, f"{y} 年立项申报表 {p.id}", "form.html.j2",
             search=False, p=p, **form_extras(p, site.commit, codes, site.share(p.page)), **common)


def _form_fields() -> list[tuple[str, Tier, list[tuple[str, str]]]]:
    """The guide's description of each form, from the models (the single source of truth)."""
    forms = []
    for attachment, model in (("附件1", OrganRegistration), ("附件2", GrassrootsRegistration)):
        fields = [(f.alias or name, f.description or "") for name, f in model.model_fields.items()]
        forms.append((attachment, model.tier, fields))
    return forms


def _criteria_groups() -> list[tuple[tuple[Tier, Category], list[Criterion]]]:
    return [((t, c), criteria_for(t, c)) for t in Tier for c in Category]
