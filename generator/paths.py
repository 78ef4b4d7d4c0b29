"""Where each kind of filing lives. The path says what a file is and who may write it.

    submissions/units.yaml                       单位名录            the office
    submissions/programme.yaml                   评选设置（日程）    the office
    submissions/<year>/<unit>/<project>.yaml     立项申报表          the unit
    submissions/<year>/<unit>/forwarding.yaml    审核汇总            the unit, as a parent
    submissions/<year>/<unit>/tracking.yaml      跟踪考核记录        the unit, as a parent or office
    submissions/<year>/<unit>/recommendation.yaml 推荐上报           the unit, as a recommender
    submissions/<year>/<office>/review.yaml      评审与审定结果      the office
    submissions/<year>/<office>/exceptions.yaml  逾期申报例外        the office
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from .diagnostics import Finding, error
from .model.base import SLUG

SUBMISSIONS = "submissions"
SCHEMAS = "schemas"  # submissions/schemas/: JSON Schemas for editors, generated, not filings


class Kind(StrEnum):
    UNITS = "单位名录"
    PROGRAMME = "评选设置"
    REGISTRATION = "立项申报表"
    FORWARDING = "审核汇总"
    TRACKING = "跟踪考核记录"
    RECOMMENDATION = "推荐上报"
    REVIEW = "评审与审定结果"
    EXCEPTIONS = "逾期申报例外"


TOP_LEVEL = {"units.yaml": Kind.UNITS, "programme.yaml": Kind.PROGRAMME}
RESERVED = {
    "forwarding": Kind.FORWARDING,
    "tracking": Kind.TRACKING,
    "recommendation": Kind.RECOMMENDATION,
    "review": Kind.REVIEW,
    "exceptions": Kind.EXCEPTIONS,
}
YEAR = re.compile(r"^20\d\d$")
# Files a folder may hold besides filings: documentation for people, never read as data.
IGNORED_NAMES = {"README.md", "说明.md", ".gitkeep"}


@dataclass(frozen=True, slots=True)
class FilingPath:
    kind: Kind
    path: str  # relative to the repository, forward slashes
    year: int | None = None
    unit: str | None = None
    project: str | None = None  # registrations only


def classify(rel: str) -> FilingPath | Finding | None:
    """What the file at `rel` (relative to the repo) is; None for files that are not filings."""
    parts = _parts(rel)
    if not parts or parts[0] != SUBMISSIONS:
        return error("E006", "文件不在 submissions/ 目录内", rel, hint="申报文件只能放在 submissions/ 目录下。")
    inner = parts[1:]
    if inner and (inner[-1] in IGNORED_NAMES or inner[0] == SCHEMAS):
        return None
    if len(inner) == 1 and inner[0] in TOP_LEVEL:
        return FilingPath(TOP_LEVEL[inner[0]], rel)
    if len(inner) != 3:
        return _misplaced(rel)
    year, unit, name = inner
    stem, dot, suffix = name.rpartition(".")
    if suffix in ("yml", "YAML", "YML") and dot:
        return error("E009", f"文件扩展名应为 .yaml，不是 .{suffix}", rel, hint=f"把文件改名为 {stem}.yaml。")
    if suffix != "yaml" or not dot:
        return _misplaced(rel)
    if not YEAR.match(year):
        return error("E010", f"“{year}”不是年份文件夹", rel, hint="路径应为 submissions/年份/单位编号/项目编号.yaml，例如 submissions/2026/xigang/legal-aid.yaml。")
    if not SLUG.match(unit):
        return error("E011", f"单位文件夹“{unit}”不是有效的单位编号", rel, hint="单位编号只能用小写英文字母、数字和短横线，见 submissions/units.yaml。")
    if stem in RESERVED:
        return FilingPath(RESERVED[stem], rel, int(year), unit)
    if not SLUG.match(stem):
        return error("E012", f"文件名“{stem}”不是有效的项目编号", rel,
                     hint="项目编号只能用小写英文字母、数字和短横线（例如 legal-aid-station），不能用中文或空格。")
    return FilingPath(Kind.REGISTRATION, rel, int(year), unit, stem)


def _parts(rel: str) -> tuple[str, ...]:
    """PurePosixPath(rel).parts, without pathlib's parsing for a plain path (a tree is 10,000)."""
    parts = rel.split("/")
    if "" in parts or "." in parts:  # "//", "./", a leading or trailing "/": pathlib normalises
        return PurePosixPath(rel).parts
    return tuple(parts)


def _misplaced(rel: str) -> Finding:
    return error("E013", "文件放错了位置", rel,
                 hint="申报表的路径应为 submissions/年份/单位编号/项目编号.yaml；单位名录和评选设置在 submissions/ 下。")


def registration_path(year: int, unit: str, project: str) -> str:
    return f"{SUBMISSIONS}/{year}/{unit}/{project}.yaml"


def body_filing_path(year: int, unit: str, kind: Kind) -> str:
    """Where `unit` keeps its one file of `kind` for the year (forwarding, tracking, …)."""
    stem = next(name for name, k in RESERVED.items() if k is kind)
    return f"{SUBMISSIONS}/{year}/{unit}/{stem}.yaml"
