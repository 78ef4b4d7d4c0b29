"""`check --base`: the calendar and the signatures applied to what a change does (the whole diff)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..clock import Clock
from ..diagnostics import Finding
from ..filings import parse_filing, text_of
from ..model.programme import Programme
from ..model.units import UnitRegistry
from ..paths import SUBMISSIONS, TOP_LEVEL, FilingPath, classify
from ..read.source import Source
from ..submissions import Submissions
from .approvals import Approval
from .arrival import CheckRun, arrivals
from .calendar_rules import PROGRAMME_PATH, ChangeContext, calendar_findings, calendar_notes, programme_findings
from .changes import BaseRevision, Change, Status
from .exceptions import load_book
from .signatures import signature_findings


@dataclass(slots=True)
class ChangeReport:
    base: str
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the calendar that was applied, in words


@dataclass(frozen=True, slots=True)
class Diff:
    """What the change does: files under submissions/, and tracked files elsewhere."""

    changes: list[Change]
    outside: list[Change]

    @property
    def years(self) -> set[int] | None:
        """The year folders the change touches; None when it touches anything else (the registry,
        the settings, code), which may change what any year's filings are judged by."""
        if self.outside:
            return None
        found: set[int] = set()
        for change in self.changes:
            where = classify(change.path)
            if not isinstance(where, FilingPath) or where.year is None:
                return None
            found.add(where.year)
        return found


def read_diff(repo_root: Path, ref: str) -> Diff:
    """Raises RevisionError when `ref` cannot be read."""
    with BaseRevision(repo_root, ref) as base:
        return Diff(base.changes(), base.changes_outside())


def check_change(
    repo_root: Path,
    ref: str,
    clock: Clock,
    subs: Submissions,
    approvals: list[Approval] | None = None,
    *,
    check_runs: list[CheckRun] | None = None,
    opened_at: datetime | None = None,
    diff: Diff | None = None,
) -> ChangeReport:
    """Raises RevisionError when `ref` cannot be read. `approvals`: the pull request's reviews
    (None when none were given: then only SSH-signed commits can sign). `check_runs`: the forge's
    record of when it first saw each content (see arrival.py); without it, content arrives now.
    `diff`: the change, when the caller has already read it (`read_diff`)."""
    with BaseRevision(repo_root, ref) as base:
        changes = diff.changes if diff is not None else base.changes()
        outside = diff.outside if diff is not None else base.changes_outside()
        arrived = arrivals(
            repo_root, [c.path for c in changes if c.status is not Status.DELETED], check_runs or [], clock, opened_at
        )
        units = _base_model(base, "units.yaml", subs) or subs.units
        programme = _base_model(base, "programme.yaml", subs) or Programme()
        years = sorted(
            {
                w.year
                for w in map(classify, (c.path for c in changes))
                if isinstance(w, FilingPath) and w.year is not None
            }
        )
        book = load_book(base, units.office if units else None, years, subs.filings)
        ctx = ChangeContext(clock, programme, units, book, {f.path: f for f in subs.filings}, arrived)
        report = ChangeReport(base.sha, changes, calendar_findings(changes, ctx), calendar_notes(programme, years))
        if any(c.path == PROGRAMME_PATH for c in changes):
            report.findings.extend(programme_findings(programme, subs.programme, clock))
    assert units is None or isinstance(units, UnitRegistry)
    current = {f.path: f for f in subs.filings}
    report.findings.extend(
        signature_findings(repo_root, report.base, [*changes, *outside], units, approvals, current, programme)
    )
    return report


def _base_model(base: BaseRevision, name: str, subs: Submissions) -> Any:
    """The registry or the settings as they stand on the base (authority never comes from the
    change); the model already loaded when the change leaves the file as it was."""
    path = f"{SUBMISSIONS}/{name}"
    text = base.text(path)
    if text is None:
        return None
    where = FilingPath(TOP_LEVEL[name], path)
    loaded = subs.units if name == "units.yaml" else subs.programme
    if loaded is not None and text_of(where, subs.repo_root / path) == text:
        return loaded
    filing, _ = parse_filing(where, Source(path, text))
    return filing.model if filing else None
