"""The year's 通报 on the site: the same document `announce` writes, published once it is on record.

The results page shows it as part of the site; beside it goes the printable A4 version
(`YEAR/tongbao-YEAR.html`, self-contained), which on a narrow screen reflows to the width.
"""

from __future__ import annotations

from ..lifecycle.announcement import YearAnnouncement, award_sections, render_html
from .context import YearView
from .tree import DocsTree

# On a screen narrower than the sheet, the printable page reflows; printing keeps the A4 layout.
_NARROW = (
    "<style>@media screen and (max-width: 230mm) { .page { width: auto; min-height: 0; margin: 0; "
    "padding: 6mm 5mm; box-shadow: none; } body { font-size: 13pt; } .masthead { font-size: 22pt; } "
    "h1 { font-size: 17pt; } table { font-size: 11pt; } }</style>\n</head>"
)


# The site's copy has a way back and a print button (not printed); `announce`'s file has neither.
_BAR = (
    "<style>.sc-notice-bar { display: flex; gap: 1rem; align-items: center; justify-content: space-between; "
    "max-width: 210mm; margin: 0 auto; padding: 3mm 5mm; font: 12pt sans-serif; } "
    ".sc-notice-bar a { color: #b71c1c; } .sc-notice-bar button { font: inherit; padding: .3em 1em; cursor: pointer; } "
    "@media print { .sc-notice-bar { display: none; } }</style>\n</head>"
)


def _bar(year: int) -> str:
    return (
        '<body>\n<nav class="sc-notice-bar" aria-label="通报页面">'
        f'<a href="results.html">← 返回 {year} 年评选结果</a>'
        '<button type="button" id="sc-print">打印通报</button></nav>\n'
        '<script>document.getElementById("sc-print").addEventListener("click", function () { window.print(); });</script>'
    )


def year_announcement(year: YearView, sample: bool) -> YearAnnouncement | None:
    """The 通报 as announced; None until its date and number are on record."""
    records = [p.record for p in year.projects if p.record.announcement is not None]
    if not records:
        return None
    province = [p.record for p in year.to_province]
    approval = records[0].approval
    assert approval is not None  # only approved records are announced
    return YearAnnouncement(
        year.year,
        approval,
        records[0].announcement,
        award_sections(records, year.unit_order),
        province,
        sample,
    )


def printable_path(year: int) -> str:
    return f"{year}/tongbao-{year}.html"


def write_notice(tree: DocsTree, year: YearView, sample: bool) -> None:
    doc = year_announcement(year, sample)
    if doc is not None:
        html = render_html(doc).replace("</head>", _NARROW.removesuffix("</head>") + _BAR, 1)
        tree.add(printable_path(year.year), html.replace("<body>", _bar(year.year), 1))
