"""The audit of what landed (item 6): when each filing reached `main`, and whether it was late.

`main`'s first-parent history is the record of what the hosting site merged and when (a merge
commit's committer time is set by the site, not by the author), so one
`git log --first-parent --name-status` pass over `submissions/` gives every filing's landing
commit and time. A landing is late when it falls outside its window and no exception was on
`main` before it. History up to and including the configured starting point (审计起点:
imported records) is not audited.

After the merge only the landing time is known: the grassroots hand-over (10 March, judged on
the pull request's opening) is checked by `check --base`, not here; nor are edits of content.

Public API (used by the site):

    audit(repo_root: Path, subs: Submissions, ref: str = "HEAD") -> AuditReport
    AuditReport.landings: dict[str, Landing]   # by repo-relative path of each filing on `ref`
    AuditReport.findings: list[Finding]        # E450 per late landing, E451 if 审计起点 is not found
    AuditReport.commits: int                   # first-parent commits read
    AuditReport.late() -> list[Landing]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

import git

from ..clock import shown
from ..diagnostics import Finding, error, warning
from ..filings import limits, parse_filing
from ..model.exceptions import Grant
from ..model.programme import CHINA, end_of_day
from ..paths import SUBMISSIONS, FilingPath, Kind, classify
from ..read.source import Source, SourceError, decode
from ..submissions import Submissions
from .changes import RevisionError, open_repo
from .gitlog import log_format, parse_log
from .windows import DEADLINE_LABELS, landing_limits, window_for


@dataclass(frozen=True, slots=True)
class Landing:
    path: str
    kind: Kind
    commit: str  # the first-parent commit of `main` that added the file
    time: datetime  # when that commit landed (committer time, Asia/Shanghai)
    audited: bool = True  # False when it landed in imported history (up to 审计起点)
    late: bool = False  # landed outside its window with no exception on `main` before it
    deadline: datetime | None = None  # the deadline it missed (or the opening it came before), when late
    missed: str = ""  # which one, in words: 立项截止, 推荐上报截止, … or 受理开始
    exception: Grant | None = None  # the exception it landed under, if it needed one
    last_commit: str = ""  # the last first-parent commit that changed it
    last_time: datetime | None = None


@dataclass(slots=True)
class AuditReport:
    landings: dict[str, Landing] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    commits: int = 0

    def late(self) -> list[Landing]:
        return [landing for landing in self.landings.values() if landing.late]

    def late_registrations(self) -> frozenset[str]:
        """Registrations that landed after their deadline without an exception (逾期未立项)."""
        return frozenset(landing.path for landing in self.late() if landing.kind is Kind.REGISTRATION)

    def landed_at(self, path: str) -> datetime | None:
        """When a filing reached main; None for imported history, whose times say nothing."""
        landing = self.landings.get(path)
        return landing.time if landing is not None and landing.audited else None


def audit(repo_root: Path, subs: Submissions, ref: str = "HEAD") -> AuditReport:
    """Walk `ref`'s first-parent history once; raises RevisionError when it cannot be read."""
    repo = open_repo(repo_root)
    try:
        try:
            output = repo.git.log(log_format("%H", "%ct"), "-z", "--first-parent", "--no-renames",
                                  "--name-status", "--reverse", ref, "--", SUBMISSIONS)
        except git.GitCommandError:
            raise RevisionError(f"无法读取“{ref}”的提交历史") from None
        return _Walk(repo, subs).run(parse_log(output, 2))
    finally:
        repo.close()


class _Walk:
    def __init__(self, repo: git.Repo, subs: Submissions) -> None:
        self.repo = repo
        self.subs = subs
        self.office = subs.units.office if subs.units else None
        self.grants: dict[str, Grant] = {}
        self.report = AuditReport()

    def run(self, entries: list) -> AuditReport:
        start = self.subs.programme.audit_from
        importing = start is not None and any(e.fields[0].startswith(start) for e in entries)
        if start is not None and not importing:
            self.report.findings.append(warning(
                "E451", f"审计起点“{start}”不在主分支的提交历史中，已审计全部历史", f"{SUBMISSIONS}/programme.yaml",
                hint="把“审计起点”改成导入旧记录的那个提交的编号（git log --first-parent 可查）。"))
        for entry in entries:
            sha, when = entry.fields[0], datetime.fromtimestamp(int(entry.fields[1]), CHINA)
            self._commit(sha, when, entry.files, audited=not importing)
            if importing and sha.startswith(start or "\0"):
                importing = False
        self.report.commits = len(entries)
        self.report.findings.extend(self._late_findings())
        return self.report

    def _commit(self, sha: str, when: datetime, files: list[tuple[str, str]], audited: bool) -> None:
        exception_files = []
        for status, path in files:
            where = classify(path)
            if not isinstance(where, FilingPath) or where.year is None:
                continue
            if status == "D":
                self.report.landings.pop(path, None)
            elif status == "A" or path not in self.report.landings:
                self.report.landings[path] = self._landing(where, sha, when, audited)
            else:
                old = self.report.landings[path]
                self.report.landings[path] = replace(old, last_commit=sha, last_time=when)
            if where.kind is Kind.EXCEPTIONS and where.unit == self.office:
                exception_files.append((where, status))
        # An exception counts for what lands after it, never for the commit that brings it.
        for where, status in exception_files:
            self._read_grants(sha, where, deleted=status == "D")

    def _landing(self, where: FilingPath, sha: str, when: datetime, audited: bool) -> Landing:
        landing = Landing(where.path, where.kind, sha, when, audited, last_commit=sha, last_time=when)
        if not audited:
            return landing
        missed = self._missed(where, when)
        if missed is None:
            return landing
        grant = self.grants.get(where.path)
        if grant is not None and when <= end_of_day(grant.new_deadline):
            return replace(landing, exception=grant)
        return replace(landing, late=True, deadline=missed[0], missed=missed[1])

    def _missed(self, where: FilingPath, when: datetime) -> tuple[datetime, str] | None:
        assert where.year is not None
        calendar = self.subs.programme.calendar(where.year)
        unit = self.subs.units.by_id.get(where.unit or "") if self.subs.units else None
        window = window_for(where.kind, unit.tier if unit else None)
        opening = window.opening(calendar)
        if opening is not None and when <= opening:
            return opening, "受理开始"
        for limit in landing_limits(window):
            if when > calendar.deadline(limit.deadline):
                return calendar.deadline(limit.deadline), DEADLINE_LABELS[limit.deadline]
        return None

    def _read_grants(self, sha: str, where: FilingPath, deleted: bool) -> None:
        prefix = f"{SUBMISSIONS}/{where.year}/"
        self.grants = {p: g for p, g in self.grants.items() if not p.startswith(prefix)}
        if deleted:
            return
        try:
            text = decode((self.repo.commit(sha).tree / where.path).data_stream.read(), where.path,
                          limits(where.kind)[0])
        except (KeyError, SourceError):
            return
        filing, _ = parse_filing(where, Source(where.path, text))
        if filing is not None:
            self.grants.update({g.path: g for g in filing.model.grants if g.path.startswith(prefix)})

    def _late_findings(self) -> list[Finding]:
        found = []
        for landing in sorted(self.report.late(), key=lambda item: item.path):
            assert landing.deadline is not None
            found.append(error(
                "E450", f"{landing.kind.value}于 {shown(landing.time)} 合并到主分支（提交 {landing.commit[:10]}），"
                        f"不在受理期内（{landing.missed}时间 {shown(landing.deadline)}），也没有事先登记的例外",
                landing.path,
                hint="按《评选办法》，不按时申报的不能参加评选；网站上此项标注为逾期。例外须在合并之前登记在主分支上。"))
        return found





def audit_or_none(repo_root: Path, subs: Submissions) -> AuditReport | None:
    """The audit, or None for a tree that is not a git repository (an export, a test folder):
    with no landing record nothing can be shown late or dated."""
    try:
        return audit(repo_root, subs)
    except RevisionError:
        return None
