"""The whole `submissions/` tree, loaded once: the unit registry, the settings, every filing.

Like MkDocs' `Files`, this is what the later stages pass around. Loading never raises for
anything a file holds; every problem becomes a located `Finding`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from .diagnostics import Finding, error
from .filings import REGISTRATION_BY_FORM, Filing, default_model, load_filing
from .model.programme import Programme
from .model.registration import REGISTRATION_FORMS
from .model.units import UnitRegistry
from .paths import SUBMISSIONS, TOP_LEVEL, FilingPath, Kind, case_collisions, classify


@dataclass(slots=True)
class Submissions:
    repo_root: Path
    units: UnitRegistry | None = None
    programme: Programme = field(default_factory=Programme)
    filings: list[Filing] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    checked: int = 0  # of `files`, those asked for (all of them when none were named)

    def of_kind(self, kind: Kind, year: int | None = None) -> list[Filing]:
        return [f for f in self.filings if f.where.kind is kind and (year is None or f.where.year == year)]

    def registrations(self, year: int | None = None) -> list[Filing]:
        return self.of_kind(Kind.REGISTRATION, year)

    def years(self) -> list[int]:
        return sorted({f.where.year for f in self.filings if f.where.year is not None})

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def submission_files(repo_root: Path) -> Iterator[tuple[Path, str]]:
    """Every file under submissions/ with its repo-relative path, sorted; links are yielded too."""
    top = repo_root / SUBMISSIONS
    for folder, dirs, files in os.walk(top):
        dirs.sort()
        here = Path(folder)
        for name in [*sorted(files), *[d for d in dirs if (here / d).is_symlink()]]:
            full = here / name
            yield full, full.relative_to(repo_root).as_posix()


def load_submissions(repo_root: Path, only: Iterable[str] | None = None) -> Submissions:
    """Load the tree; with `only` (files or folders), report per-file findings for those alone.

    Rules that span files always see the whole tree: a file checked alone is still checked
    against its neighbours (a project id another unit already uses, say).
    """
    from .validate.rules import check_rules  # rules build on this module's types

    result = Submissions(repo_root)
    wanted = {w.rstrip("/") for w in only} if only is not None else None
    located = [(full, rel, _classify(full, rel)) for full, rel in submission_files(repo_root)]
    located.sort(key=lambda item: _load_order(item[2]))
    matched: set[str] = set()
    for clash in case_collisions(rel for _, rel, _ in located):
        _keep(result, [clash], _chosen(clash.path, wanted, set()))
    for full, rel, where in located:
        if where is None:
            continue
        result.files += 1
        chosen = _chosen(rel, wanted, matched)
        result.checked += chosen
        report = chosen or (isinstance(where, FilingPath) and where.year is None)
        if isinstance(where, Finding):
            _keep(result, [where], report)
            continue
        filing, findings = load_filing(where, full, repo_root, repo_root / SUBMISSIONS, _picker(result))
        _keep(result, findings, report)
        if filing is not None:
            _adopt(result, filing)
    if result.units is None and not any(f.path.endswith("units.yaml") for f in result.findings):
        result.findings.append(error("E300", "缺少单位名录 submissions/units.yaml", f"{SUBMISSIONS}/units.yaml",
                                     hint="单位名录由考评办公室维护；没有它就无法核对申报单位。"))
    result.findings.extend(_not_found(w) for w in sorted((wanted or set()) - matched))
    rule_findings = check_rules(result)
    _keep(result, [f for f in rule_findings if wanted is None or f.path in matched or "units.yaml" in f.path], True)
    result.findings.sort(key=Finding.sort_key)
    return result


def load_settings(repo_root: Path) -> Submissions:
    """Only the unit registry and the programme settings, for commands that read no filings
    (routing, scaffolding, the audit): at ten thousand filings a year, loading all is seconds."""
    result = Submissions(repo_root)
    for name, kind in TOP_LEVEL.items():
        full, rel = repo_root / SUBMISSIONS / name, f"{SUBMISSIONS}/{name}"
        if not full.exists():
            continue
        result.files += 1
        filing, findings = load_filing(FilingPath(kind, rel), full, repo_root, repo_root / SUBMISSIONS)
        result.findings.extend(findings)
        if filing is not None:
            _adopt(result, filing)
    return result


def _not_found(rel: str) -> Finding:
    outside = classify(rel)
    if isinstance(outside, Finding) and outside.code == "E006":
        return outside
    return error("E001", "找不到这个文件", rel,
                 hint="检查路径是否写对；路径从仓库根目录算起，例如 submissions/2026/xigang/legal-aid.yaml。")


def _classify(full: Path, rel: str) -> FilingPath | Finding | None:
    if full.is_symlink() and full.is_dir():  # before the layout: a linked folder is not a misplaced file
        return error("E005", "这是一个符号链接，不接受", rel, hint="请把真实的文件放在 submissions/ 目录下，不要用链接。")
    return classify(rel)


def _chosen(rel: str, wanted: set[str] | None, matched: set[str]) -> bool:
    """Whether `rel` was asked for, itself or through a folder; records what matched."""
    if wanted is None:
        return True
    hits = [w for w in (rel, *(p.as_posix() for p in PurePosixPath(rel).parents)) if w in wanted]
    matched.update(hits)
    if hits:
        matched.add(rel)
    return bool(hits)


def _load_order(where: FilingPath | Finding | None) -> tuple[int, str]:
    if isinstance(where, FilingPath):
        first = {Kind.UNITS: 0, Kind.PROGRAMME: 1}.get(where.kind, 2)
        return first, where.path
    return 3, where.path if isinstance(where, Finding) else ""


def _keep(result: Submissions, findings: list[Finding], report: bool) -> None:
    if report:
        result.findings.extend(findings)


def _adopt(result: Submissions, filing: Filing) -> None:
    kind = filing.where.kind
    if kind is Kind.UNITS:
        result.units = filing.model
    elif kind is Kind.PROGRAMME:
        result.programme = filing.model
    result.filings.append(filing)


def _picker(result: Submissions):
    """A registration is held against the form of its unit's tier (a wrong "表" is then named as
    such); without a known unit, against the form it names."""

    def pick(where: FilingPath, data: Any) -> type[BaseModel] | None:
        if where.kind is Kind.REGISTRATION:
            unit = result.units.by_id.get(where.unit or "") if result.units else None
            if unit is not None:
                return REGISTRATION_FORMS[unit.tier]
            form = data.get("表") if isinstance(data, dict) else None
            if isinstance(form, str) and form in REGISTRATION_BY_FORM:
                return REGISTRATION_BY_FORM[form]
        return default_model(where, data)

    return pick
