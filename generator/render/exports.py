"""Per-year downloads of the registry and the results: CSV (UTF-8 with BOM), XLSX and JSON.

Spreadsheets run formulas: a cell from a filing that starts like one is written as text
(XLSX) or with a leading apostrophe (CSV), so opening an export never computes anything.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import datetime
from functools import partial
from json.encoder import encode_basestring

import xlsxwriter

from .context import ProjectView, YearView
from .tree import DocsTree

REGISTRY_COLUMNS = [
    "年度",
    "项目编号",
    "项目名称",
    "单位",
    "单位编号",
    "层级",
    "所属上级",
    "评选内容",
    "拟申报类别",
    "当前状态",
    "本单位意见日期",
    "获奖",
    "推荐省总",
    "记录文件",
]
RESULTS_COLUMNS = ["年度", "奖项", "层级", "单位", "项目名称", "项目编号", "推荐省总", "记录文件"]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def registry_row(p: ProjectView) -> list[str]:
    r = p.record
    return [
        str(p.year),
        p.id,
        p.name,
        p.unit.name,
        p.unit.id,
        p.tier.value,
        r.parent.name if r.parent else "",
        "、".join(a.value for a in p.form.focus_areas),
        r.category.value if r.category else "",
        r.standing.value,
        p.form.unit_opinion.date.isoformat(),
        r.announced_award.award if r.announced_award else "",
        "是" if r.announced_province else "",
        p.path,
    ]


def results_rows(year: YearView) -> list[list[str]]:
    rows = []
    for category, tiers in year.awarded:
        for tier, projects in tiers:
            rows += [
                [
                    str(year.year),
                    category.award,
                    tier.value,
                    p.unit.name,
                    p.name,
                    p.id,
                    "是" if p.record.to_province else "",
                    p.path,
                ]
                for p in projects
            ]
    awarded = {p.id for _, tiers in year.awarded for _, ps in tiers for p in ps}
    rows += [
        [str(year.year), "", p.tier.value, p.unit.name, p.name, p.id, "是", p.path]
        for p in year.to_province
        if p.id not in awarded
    ]
    return rows


def write_exports(tree: DocsTree, year: YearView, now: datetime) -> None:
    """The year's registry and (once announced) results; a table without rows is not written.
    Each file is made only when its rows changed since the last build (DocsTree.add_made)."""
    tables = {
        "registry": (REGISTRY_COLUMNS, [registry_row(p) for p in year.projects]),
        "results": (RESULTS_COLUMNS, results_rows(year)),
    }
    day = now.date().isoformat()  # the spreadsheet's creation time is the day's
    for name, (columns, rows) in tables.items():
        if not rows:
            continue  # nothing is offered, so nothing is written: a header row alone says nothing
        stem = f"{year.year}/exports/{year.year}-{name}"
        inputs = hashlib.blake2b(json.dumps([columns, rows], ensure_ascii=False).encode(), digest_size=16).hexdigest()
        tree.add_made(f"{stem}.csv", inputs, partial(to_csv, columns, rows))
        tree.add_made(f"{stem}.xlsx", f"{inputs}|{day}", partial(to_xlsx, columns, rows, now))
        tree.add_made(f"{stem}.json", inputs, partial(to_json, columns, rows))


def _defused(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def to_csv(columns: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[_defused(c) for c in row] for row in rows])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def to_xlsx(columns: list[str], rows: list[list[str]], now: datetime) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    # A fixed creation time keeps the file byte-identical between builds of the same day.
    book.set_properties({"created": now.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)})
    sheet = book.add_worksheet("名录")
    head = book.add_format({"bold": True, "bg_color": "#E8EEF7", "border": 1})
    for c, title in enumerate(columns):
        sheet.write_string(0, c, title, head)
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row):
            sheet.write_string(r, c, cell)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    for c, title in enumerate(columns):
        sheet.set_column(c, c, 28 if title in ("项目名称", "单位", "所属上级", "记录文件") else 12)
    book.close()
    return out.getvalue()


def to_json(columns: list[str], rows: list[list[str]]) -> bytes:
    """`json.dumps(records, ensure_ascii=False, indent=1)`, byte for byte, with the C encoder's
    string escaping (an indented dump runs the pure-Python encoder: seconds at ten thousand rows)."""
    if not rows:
        return b"[]"
    keys = [f"  {encode_basestring(c)}: " for c in columns]
    records = (
        " {\n" + ",\n".join(k + encode_basestring(v) for k, v in zip(keys, row, strict=True)) + "\n }" for row in rows
    )
    return ("[\n" + ",\n".join(records) + "\n]").encode("utf-8")
