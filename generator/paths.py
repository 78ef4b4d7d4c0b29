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
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .diagnostics import Finding, error
from .model.ids import SLUG, windows_reserved

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
YEAR = re.compile(r"^20[0-9]{2}$")
FIRST_YEAR, LAST_YEAR = 2000, 2099  # the years YEAR accepts: one rule for folders, `new` and times


def year_problem(year: int) -> str | None:
    """Why `year` cannot be a year of the programme, or None."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return f"年份 {year} 不在 {FIRST_YEAR}–{LAST_YEAR} 年之间（年度文件夹只能是这些年份）"


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
    # str.split, not PurePosixPath: the audit classifies every path of the history (10,000s), and
    # the parts are the same for the relative, forward-slash paths classify is given.
    parts = rel.split("/")
    if "" in parts or "." in parts:
        parts = [part for part in parts if part and part != "."]
    if not parts or parts[0] != SUBMISSIONS:
        return error("E006", "文件不在 submissions/ 目录内", rel, hint="申报文件只能放在 submissions/ 目录下。")
    inner = tuple(parts[1:])
    if refused := _unportable(inner, rel):
        return refused
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
        return error(
            "E010",
            f"“{year}”不是年份文件夹",
            rel,
            hint="路径应为 submissions/年份/单位编号/项目编号.yaml，例如 submissions/2026/xigang/legal-aid.yaml。",
        )
    if not SLUG.match(unit):
        return error(
            "E011",
            f"单位文件夹“{unit}”不是有效的单位编号",
            rel,
            hint="单位编号只能用小写英文字母、数字和短横线，见 submissions/units.yaml。",
        )
    if stem in RESERVED:
        return FilingPath(RESERVED[stem], rel, int(year), unit)
    if not SLUG.match(stem):
        return error(
            "E012",
            f"文件名“{stem}”不是有效的项目编号",
            rel,
            hint="项目编号只能用小写英文字母、数字和短横线（例如 legal-aid-station），不能用中文或空格。",
        )
    return FilingPath(Kind.REGISTRATION, rel, int(year), unit, stem)


def _unportable(parts: tuple[str, ...], rel: str) -> Finding | None:
    """A name Windows cannot hold: checked out there, the file would be missing or unreadable."""
    for part in parts:
        if problem := _unportable_name(part):
            code, message, hint = problem
            return error(code, message, rel, hint=hint)
    return None


def _unportable_name(part: str) -> tuple[str, str, str] | None:
    if part.endswith((".", " ")):
        return (
            "E014",
            f"“{part}”以{'点' if part.endswith('.') else '空格'}结尾，Windows 上无法保存",
            "把结尾的点或空格删掉，重新命名。",
        )
    if windows_reserved(part):
        return (
            "E015",
            f"“{part}”是 Windows 的保留名称，Windows 上无法保存",
            "con、prn、aux、nul、com0–com9、lpt0–lpt9（不论大小写、带不带扩展名）都不能作名称；换一个编号。",
        )
    return None


def case_collisions(rels: Iterable[str]) -> list[Finding]:
    """Names in one folder that differ only by case: on Windows and macOS they are one file (or
    folder), so one would be lost at checkout. Each clash is reported once, at the highest
    folder where it happens, on the spelling that is not all lower case (ids are)."""
    rels = list(rels)
    if not _may_collide(rels):
        return []
    spellings: dict[str, set[str]] = {}
    for rel in rels:
        parts = [part for part in rel.split("/") if part and part != "."]
        for depth in range(1, len(parts) + 1):
            written = "/".join(parts[:depth])
            spellings.setdefault(written.casefold(), set()).add(written)
    findings: list[Finding] = []
    clashing: set[str] = set()
    for folded in sorted(spellings, key=lambda f: (f.count("/"), f)):
        if len(spellings[folded]) < 2 or folded.rpartition("/")[0] in clashing:
            continue
        clashing.add(folded)
        kept, *others = sorted(spellings[folded], key=lambda w: (w != w.lower(), w))
        is_file = not any(other.startswith(folded + "/") for other in spellings)
        for other in others:
            findings.append(
                error(
                    "E016",
                    f"“{other}”与“{kept}”只差大小写，在 Windows 和 macOS 上是同一个{'文件' if is_file else '文件夹'}",
                    other,
                    hint="文件名和文件夹名一律用小写：把其中一个改名，或把内容合并到另一个里。",
                )
            )
    return findings


def _may_collide(rels: list[str]) -> bool:
    """Whether two paths, or two of their folders, differ only by case (the quick look: ten
    thousand files sit in a few hundred folders)."""
    if len({rel.casefold() for rel in rels}) != len(set(rels)):
        return True
    folders: set[str] = set()
    for folder in {rel.rpartition("/")[0] for rel in rels}:
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return len({folder.casefold() for folder in folders}) != len(folders)


def _misplaced(rel: str) -> Finding:
    return error(
        "E013",
        "文件放错了位置",
        rel,
        hint="申报表的路径应为 submissions/年份/单位编号/项目编号.yaml；单位名录和评选设置在 submissions/ 下。",
    )


def registration_path(year: int, unit: str, project: str) -> str:
    return f"{SUBMISSIONS}/{year}/{unit}/{project}.yaml"


def body_filing_path(year: int, unit: str, kind: Kind) -> str:
    """Where `unit` keeps its one file of `kind` for the year (forwarding, tracking, …)."""
    stem = next(name for name, k in RESERVED.items() if k is kind)
    return f"{SUBMISSIONS}/{year}/{unit}/{stem}.yaml"
