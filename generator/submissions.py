"""The whole `submissions/` tree, loaded once: the unit registry, the settings, every filing.

Like MkDocs' `Files`, this is what the later stages pass around. Loading never raises for
anything a file holds; every problem becomes a located `Finding`.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from .cache import CleanBlobs, FilingCache, cache_folder
from .diagnostics import Finding, error
from .filings import REGISTRATION_BY_FORM, Filing, default_model, load_filing, load_filing_data
from .model.programme import Programme
from .model.registration import REGISTRATION_FORMS
from .model.units import UnitRegistry
from .paths import SUBMISSIONS, TOP_LEVEL, YEAR, FilingPath, Kind, case_collisions, classify


@dataclass(slots=True)
class Submissions:
    repo_root: Path
    units: UnitRegistry | None = None
    programme: Programme = field(default_factory=Programme)
    filings: list[Filing] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    checked: int = 0  # of `files`, those asked for (all of them when none were named)
    wanted: set[str] | None = None  # the files and folders asked for; None: all
    matched: set[str] = field(default_factory=set)  # what of `wanted` was found, and the files it chose

    def of_kind(self, kind: Kind, year: int | None = None) -> list[Filing]:
        return [f for f in self.filings if f.where.kind is kind and (year is None or f.where.year == year)]

    def registrations(self, year: int | None = None) -> list[Filing]:
        return self.of_kind(Kind.REGISTRATION, year)

    def years(self) -> list[int]:
        return sorted({f.where.year for f in self.filings if f.where.year is not None})

    def is_chosen(self, rel: str, record: bool = True) -> bool:
        """Whether `rel` was asked for, itself or through a folder; records what matched."""
        if self.wanted is None:
            return True
        hits = [w for w in (rel, *(p.as_posix() for p in PurePosixPath(rel).parents)) if w in self.wanted]
        if not record:
            return bool(hits)
        self.matched.update(hits)
        if hits:
            self.matched.add(rel)
        return bool(hits)

    def reports(self, finding: Finding) -> bool:
        """Whether a rule's finding is shown: for a file asked for, or the registry."""
        return self.wanted is None or finding.path in self.matched or "units.yaml" in finding.path

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def submission_files(
    repo_root: Path, years: Collection[int] | None = None
) -> Iterator[tuple[os.DirEntry[str], str, bool]]:
    """Every file under submissions/ with its repo-relative path, sorted, and whether it is a
    linked folder (yielded, never entered); with `years`, the year folders of other years are not
    entered. One `scandir` per folder: its entries say what they are without another system call each."""
    stack = [(repo_root / SUBMISSIONS, SUBMISSIONS)]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            continue
        folders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if years is None or rel != SUBMISSIONS or not _other_year(entry.name, years):
                    folders.append((Path(entry.path), f"{rel}/{entry.name}"))
            else:
                linked_folder = entry.is_symlink() and entry.is_dir()
                yield entry, f"{rel}/{entry.name}", linked_folder
        stack.extend(reversed(folders))


def _other_year(name: str, years: Collection[int]) -> bool:
    return bool(YEAR.match(name)) and int(name) not in years


def read_submissions(
    repo_root: Path, only: Iterable[str] | None = None, *, use_cache: bool = True, years: Collection[int] | None = None
) -> Submissions:
    """Load the tree, each file on its own; with `only` (files or folders), keep per-file findings
    for those alone; with `years`, only those year folders (and every file outside year folders:
    the registry, the settings). The rules that span files are the caller's next step
    (`validate.tree`); none spans years.

    Clean files git tracks come from the cache when their blob id is the one stored (see
    `cache.py`); `use_cache=False` reads every file (the same findings, slower).
    """
    result = Submissions(repo_root, wanted={w.rstrip("/") for w in only} if only is not None else None)
    loader = _Loader(repo_root, result, use_cache)
    located = [(full, rel, _classify(rel, linked)) for full, rel, linked in submission_files(repo_root, years)]
    located.sort(key=lambda item: _load_order(item[2]))
    for clash in case_collisions(rel for _, rel, _ in located):
        _keep(result, [clash], result.is_chosen(clash.path, record=False))
    with paused_gc():
        for full, rel, where in located:
            if where is None:
                continue
            result.files += 1
            chosen = result.is_chosen(rel)
            result.checked += chosen
            report = chosen or (isinstance(where, FilingPath) and where.year is None)
            if isinstance(where, Finding):
                _keep(result, [where], report)
                continue
            filing, findings = loader.load(where, full)
            _keep(result, findings, report)
            if filing is not None:
                _adopt(result, filing)
        loader.finish()
    if result.units is None and not any(f.path.endswith("units.yaml") for f in result.findings):
        result.findings.append(
            error(
                "E300",
                "缺少单位名录 submissions/units.yaml",
                f"{SUBMISSIONS}/units.yaml",
                hint="单位名录由考评办公室维护；没有它就无法核对申报单位。",
            )
        )
    result.findings.extend(_not_found(w) for w in sorted((result.wanted or set()) - result.matched))
    result.findings.sort(key=Finding.sort_key)
    return result


class _Loader:
    """One pass's reading: the folders already resolved, and the cache once the registry and the
    settings (loaded first) say which entries still hold."""

    def __init__(self, repo_root: Path, result: Submissions, use_cache: bool) -> None:
        self.repo_root = repo_root
        self.top = repo_root / SUBMISSIONS
        self.result = result
        self.pick = _picker(result)
        self.folders: dict[str, str] = {}
        self.settings: list[str] = []  # the registry's and the settings' data: part of the cache's key
        self.cache: FilingCache | None = None
        # git lists the clean files while the tree is scanned and the settings are read.
        self.clean = CleanBlobs.start(repo_root) if use_cache and cache_folder() is not None else None
        self.opened = self.clean is None  # no cache to open

    def load(self, where: FilingPath, full: os.DirEntry[str]) -> tuple[Filing | None, list[Finding]]:
        if where.kind in (Kind.UNITS, Kind.PROGRAMME):
            filing, findings, data = load_filing_data(where, full, self.repo_root, self.top, self.pick, self.folders)
            self.settings.append(json.dumps([where.kind, data], ensure_ascii=False, sort_keys=True))
            return filing, findings
        if not self.opened and self.clean is not None:
            self.opened = True
            self.cache = FilingCache.open(self.repo_root, "\n".join(self.settings), self.clean)
        if self.cache is not None:
            hit, model = self.cache.get(where.path)
            if hit:
                return Filing(where, model, full), []
        filing, findings, _ = load_filing_data(where, full, self.repo_root, self.top, self.pick, self.folders)
        if self.cache is not None and filing is not None and not findings:
            self.cache.put(where.path, filing.model)
        return filing, findings

    def finish(self) -> None:
        if self.cache is not None:
            self.cache.save()
        if self.clean is not None:
            self.clean.result()  # a tree without filings never asked: git's answers are collected


@contextmanager
def paused_gc() -> Iterator[None]:
    """Loading makes hundreds of thousands of objects and no cycles: the collector would rescan
    them again and again as they pile up. It is switched back on (if it was) afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


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
    return error(
        "E018",
        "找不到这个文件",
        rel,
        hint="检查路径是否写对；路径从仓库根目录算起，例如 submissions/2026/xigang/legal-aid.yaml。",
    )


def _classify(rel: str, linked_folder: bool) -> FilingPath | Finding | None:
    if linked_folder:  # before the layout: a linked folder is not a misplaced file
        return error(
            "E005", "这是一个符号链接，不接受", rel, hint="请把真实的文件放在 submissions/ 目录下，不要用链接。"
        )
    return classify(rel)


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


def _picker(result: Submissions) -> Callable[[FilingPath, Any], type[BaseModel] | None]:
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
