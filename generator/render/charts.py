"""Bar charts as inline SVG, drawn at build time: no chart service, no script, no CDN."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..model.rules import Category
from .context import SiteContext, YearView
from .templating import render

# 400 px wide: on a 390 px phone the labels stay near their 12 px size.
BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH = 16, 10, 170, 190, 40


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    series: tuple[str, ...]  # one or two series names, e.g. ("立项", "获奖")
    rows: tuple[tuple[str, tuple[int, ...]], ...]

    @property
    def svg(self) -> Markup:
        peak = max((max(values) for _, values in self.rows), default=0) or 1
        band = BAR_HEIGHT * len(self.series) + GAP
        bars = []
        for i, (label, values) in enumerate(self.rows):
            top = i * band + GAP // 2
            for s, value in enumerate(values):
                bars.append(
                    {
                        "label": label if s == 0 else "",
                        "value": value,
                        "series": s,
                        "y": top + s * BAR_HEIGHT,
                        "w": round(BAR_WIDTH * value / peak, 1),
                    }
                )
        return Markup(
            render(
                "chart.svg.j2",
                chart=self,
                bars=bars,
                height=band * len(self.rows) + GAP,
                label_width=LABEL_WIDTH,
                bar_width=BAR_WIDTH,
                bar_height=BAR_HEIGHT - 3,
                width=LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH,
            )
        )


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    charts: tuple[Chart, ...]


def site_charts(site: SiteContext) -> list[Section]:
    overview = Chart(
        "历年立项与获奖项目数",
        ("立项", "获奖"),
        tuple(
            (f"{y.year} 年", (y.figures.registered, y.figures.awarded))
            for y in sorted(site.years, key=lambda y: y.year)
            if y.projects
        ),
    )
    sections = [Section("历年概况", (overview,))] if overview.rows else []
    for year in site.years:
        if year.projects:
            sections.append(Section(f"{year.year} 年", _year_charts(site, year)))
    return sections


def _year_charts(site: SiteContext, year: YearView) -> tuple[Chart, ...]:
    fig = year.figures  # every count from figures(): 立项 projects only
    return (
        Chart("按所属上级", ("项目数",), tuple((k, (v,)) for k, v in fig.by_parent.items())),
        Chart("按评选内容（可多选）", ("项目数",), tuple((a.value, (n,)) for a, n in fig.by_area.items())),
        Chart(
            "按类别",
            ("拟申报", "获奖"),
            (
                *((c.value, (fig.by_category[c], fig.awards[c])) for c in Category),
                ("未填拟申报类别", (fig.by_category[None], 0)),
            ),
        ),
        Chart("按层级", ("项目数",), tuple((t.value, (n,)) for t, n in fig.by_tier.items())),
    )
