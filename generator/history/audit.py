"""The audit of what landed (item 6): when each filing reached `main`, and whether it was late.

`main`'s first-parent history is the record of what the hosting site merged and when (a merge
commit's committer time is set by the site, not by the author), so one
`git log --first-parent --name-status` pass over `submissions/` gives every filing's landing
commit and time. A landing is late when it falls outside its window and no exception was on
`main` before it. History up to and including the configured starting point (审计起点:
imported records) is not audited.

Each landing is judged by the rules in force when it landed: `programme.yaml` as it stood on
main just before that commit. Its versions are read from the same `git log` pass (the commits
that changed it are in the log; their blobs are read once each). Moving a deadline after it had
passed, or moving 审计起点 once set, is itself a finding (E453, E452) and never excuses or erases
an earlier landing: the audit keeps the first 审计起点 and the calendar each landing met.

How each file reached main is recorded from the landing commit's message: GitHub writes
"Merge pull request #N from …" on the merge commit it makes, and a pull request could only be
merged with its approvals checked (branch protection's required check); the site says so and
links to the pull request, and names nobody the history cannot vouch for.

After the merge only the landing time is known: the grassroots hand-over (10 March, judged on
the pull request's opening) is checked by `check --base`, not here; nor are edits of content.

Public API (used by the site):

    audit(repo_root: Path, subs: Submissions, ref: str = "HEAD") -> AuditReport
    start_log(repo_root: Path, ref: str) -> StartedLog     # the git log, started before the settings load
    audit_log(log: StartedLog, subs: Submissions) -> AuditReport
    AuditReport.landings: dict[str, Landing]   # by repo-relative path of each filing on `ref`
    AuditReport.findings: list[Finding]        # E450 per late landing, E451 if 审计起点 is not found,
                                               # E452/E453 for 审计起点 or a passed deadline moved
    AuditReport.commits: int                   # first-parent commits read
    AuditReport.late() -> list[Landing]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..clock import shown
from ..diagnostics import Finding, error, warning
from ..filings import limits, parse_filing
from ..model.exceptions import Grant
from ..model.programme import CHINA, Programme, end_of_day
from ..paths import SUBMISSIONS, FilingPath, Kind, classify
from ..read.source import Source, SourceError, decode
from ..submissions import Submissions
from . import gitproc
from .changes import RevisionError, not_a_repository
from .gitlog import LogEntry, StartedLog, first_parent_log
from .windows import DEADLINE_LABELS, landing_limits, unexcepted_entries, window_for


class Landing(NamedTuple):
    """When a filing reached main. A named tuple, not a frozen dataclass: as immutable, and built
    ten thousand times in an audit at a fifth of the cost."""

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
    last_pull: int | None = None  # the pull request that merged the current content, if GitHub merged it


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
    log = first_parent_log(repo_root, ref)
    try:
        return audit_log(log, subs)
    finally:
        log.close()


def audit_log(log: StartedLog, subs: Submissions) -> AuditReport:
    """The audit of a started `first_parent_log` (see `audit`)."""
    walk = _Walk(log.root, subs)
    try:
        # Newest first and reversed here: git's --reverse buffers the whole walk and costs more
        # than the rest of the audit. The paths are classified while git is still writing.
        entries = log.read(walk.classify)
    except gitproc.GitError as exc:
        if exc.not_a_repository:
            raise not_a_repository(log.root) from None
        raise RevisionError(f"无法读取“{log.ref}”的提交历史") from None
    # The commits that changed something under submissions/ (what a log of the folder would list).
    return walk.run([e for e in reversed(entries) if any(p.startswith(_FOLDER) for _, p in e.files)])


PROGRAMME_PATH = f"{SUBMISSIONS}/programme.yaml"
_FOLDER = f"{SUBMISSIONS}/"
_PULL = re.compile(r"^Merge pull request #(\d+) ")


def pull_request(subject: str) -> int | None:
    """The pull request GitHub's merge commit (or merge queue) names in its message."""
    found = _PULL.match(subject)
    return int(found.group(1)) if found else None


class _Walk:
    def __init__(self, repo_root: Path, subs: Submissions) -> None:
        self.repo_root = repo_root
        self.subs = subs
        self.office = subs.units.office if subs.units else None
        self.grants: dict[str, Grant] = {}
        self.programme = Programme()  # the rules in force: programme.yaml as it stood on main
        self._units = subs.units.by_id if subs.units else {}
        self._windows: dict[
            tuple[int | None, Kind, str | None], tuple[datetime | None, list[tuple[datetime, str]]]
        ] = {}
        self._paths: dict[str, FilingPath | None] = {}
        self.report = AuditReport()

    def run(self, entries: list[LogEntry]) -> AuditReport:
        versions = self._programmes(entries)
        start = self._audit_from(versions, entries)
        importing = start is not None and any(e.fields[0].startswith(start) for e in entries)
        if start is not None and not importing:
            self.report.findings.append(
                warning(
                    "E451",
                    f"审计起点“{start}”不在主分支的提交历史中，已审计全部历史",
                    PROGRAMME_PATH,
                    hint="把“审计起点”改成导入旧记录的那个提交的编号（git log --first-parent 可查）。",
                )
            )
        for entry in entries:
            sha, when = entry.fields[0], datetime.fromtimestamp(int(entry.fields[1]), CHINA)
            self._commit(sha, when, entry.fields[2], entry.files, audited=not importing)
            if sha in versions:
                self._adopt(versions[sha], sha, when)
            if importing and sha.startswith(start or "\0"):
                importing = False
        self.report.commits = len(entries)
        self.report.findings.extend(self._late_findings())
        return self.report

    def _programmes(self, entries: list[LogEntry]) -> dict[str, Programme]:
        """programme.yaml at each first-parent commit that changed it (defaults where deleted), all
        read by one git process."""
        changed = {e.fields[0]: status for e in entries for status, path in e.files if path == PROGRAMME_PATH}
        texts = gitproc.read_blobs(
            self.repo_root, [f"{sha}:{PROGRAMME_PATH}" for sha, status in changed.items() if status != "D"]
        )
        return {
            sha: Programme() if status == "D" else self._programme(texts.get(f"{sha}:{PROGRAMME_PATH}"))
            for sha, status in changed.items()
        }

    def _programme(self, data: bytes | None) -> Programme:
        if data is None:
            return self.programme
        where = FilingPath(Kind.PROGRAMME, PROGRAMME_PATH)
        try:
            text = decode(data, PROGRAMME_PATH, limits(Kind.PROGRAMME)[0])
        except SourceError:
            return self.programme
        filing, _ = parse_filing(where, Source(PROGRAMME_PATH, text))
        return filing.model if filing is not None else Programme()

    def _audit_from(self, versions: dict[str, Programme], entries: list[LogEntry]) -> str | None:
        """The first 审计起点 set on main that names a commit of its history; moving it later is a
        finding and changes nothing. (A value naming no commit of main exempts nothing, so it may be
        corrected: that is how a copied programme.yaml is first pointed at the import.)"""
        shas = [e.fields[0] for e in entries]
        first: str | None = None
        for sha, programme in versions.items():
            value = programme.audit_from
            if first is None:
                if value is not None and any(s.startswith(value) for s in shas):
                    first = value  # the office sets it once, after importing old records
            elif value != first:
                self.report.findings.append(
                    error(
                        "E452",
                        f"提交 {sha[:10]} 把“审计起点”从 {first} 改为 {value or '（删除）'}；审计仍从原起点开始",
                        PROGRAMME_PATH,
                        hint="审计起点只在导入旧记录时设定一次，改动它会抹去此后合并记录的时限审计；请改回原值。",
                    )
                )
        return first if first is not None else self.subs.programme.audit_from

    def _adopt(self, programme: Programme, sha: str, when: datetime) -> None:
        """From the next commit on, `programme` is the rule; a deadline moved after it passed is a finding."""
        for year in sorted({*self.programme.calendars, *programme.calendars}):
            old, new = self.programme.calendar(year), programme.calendar(year)
            for name, label in DEADLINE_LABELS.items():
                was, now = old.deadline(name), new.deadline(name)
                if was != now and min(was, now) < when:
                    self.report.findings.append(
                        error(
                            "E453",
                            f"提交 {sha[:10]} 于 {shown(when)} 把 {year} 年的{label}从 {shown(was)} 改为 {shown(now)}，"
                            "此时截止时间已过",
                            PROGRAMME_PATH,
                            hint="截止时间过后不能再改日程：逾期的个别文件应由考评办公室在例外文件中事先登记。"
                            "此前合并的文件仍按当时的日程审计。",
                        )
                    )
        self.programme = programme
        self._windows = {}

    def _commit(self, sha: str, when: datetime, subject: str, files: list[tuple[str, str]], audited: bool) -> None:
        pull = pull_request(subject)
        landings = self.report.landings
        exception_files = []
        for status, path in files:
            where = self._filing(path)
            if where is None:
                continue
            if status == "D":
                landings.pop(path, None)
            elif status == "A" or path not in landings:
                landings[path] = self._landing(
                    where, sha, when, audited, pull, self._missed(where, when) if audited else None
                )
            else:
                landings[path] = landings[path]._replace(last_commit=sha, last_time=when, last_pull=pull)
            if where.kind is Kind.EXCEPTIONS and where.unit == self.office:
                exception_files.append((where, status))
        # An exception counts for what lands after it, never for the commit that brings it.
        for where, status in exception_files:
            self._read_grants(sha, where, deleted=status == "D")

    def classify(self, files: list[tuple[str, str]]) -> None:
        """Classify the paths of the log as they are read (order does not matter for this)."""
        for _, path in files:
            self._filing(path)

    def _filing(self, path: str) -> FilingPath | None:
        """The filing at `path` when it is one of a year (what the audit follows); each path classified once."""
        if path not in self._paths:
            where = classify(path) if path.startswith(_FOLDER) else None
            self._paths[path] = where if isinstance(where, FilingPath) and where.year is not None else None
        return self._paths[path]

    def _landing(
        self,
        where: FilingPath,
        sha: str,
        when: datetime,
        audited: bool,
        pull: int | None,
        missed: tuple[datetime, str] | None,
    ) -> Landing:
        # Built once with every field: replacing fields afterwards costs more than the rest of the walk.
        grant = self.grants.get(where.path) if missed is not None else None
        if (
            missed is not None
            and grant is None
            and where.kind is Kind.FORWARDING
            and self._entries_excepted(sha, where, when)
        ):
            missed = None  # every entry's registration was excepted: its exception covers the entry (五.2)
        if missed is None or (grant is not None and when <= end_of_day(grant.new_deadline)):
            return Landing(
                where.path,
                where.kind,
                sha,
                when,
                audited,
                exception=grant,
                last_commit=sha,
                last_time=when,
                last_pull=pull,
            )
        return Landing(
            where.path,
            where.kind,
            sha,
            when,
            audited,
            True,
            missed[0],
            missed[1],
            last_commit=sha,
            last_time=when,
            last_pull=pull,
        )

    def _missed(self, where: FilingPath, when: datetime) -> tuple[datetime, str] | None:
        opening, limits = self._window(where)
        if opening is not None and when <= opening:
            return opening, "受理开始"
        for deadline, label in limits:  # a loop, not next(genexpr): this runs once per landing
            if when > deadline:
                return deadline, label
        return None

    def _window(self, where: FilingPath) -> tuple[datetime | None, list[tuple[datetime, str]]]:
        """The opening and landing deadlines of a filing's window under the rules in force,
        computed once per year, kind and unit (until the rules change)."""
        key = (where.year, where.kind, where.unit)
        found = self._windows.get(key)
        if found is None:
            assert where.year is not None
            unit = self._units.get(where.unit or "")
            window = window_for(where.kind, unit.tier if unit else None)
            calendar = self.programme.calendar(where.year)
            found = self._windows[key] = (
                window.opening(calendar),
                [
                    (calendar.deadline(limit.deadline), DEADLINE_LABELS[limit.deadline])
                    for limit in landing_limits(window)
                ],
            )
        return found

    def _entries_excepted(self, sha: str, where: FilingPath, when: datetime) -> bool:
        """A late forwarding list whose every entry is a registration excepted until after `when`."""
        try:
            text = decode(self._blob(sha, where.path), where.path, limits(where.kind)[0])
        except (KeyError, SourceError):
            return False
        filing, _ = parse_filing(where, Source(where.path, text))
        if filing is None:
            return False

        def granted(path: str) -> datetime | None:
            grant = self.grants.get(path)
            return end_of_day(grant.new_deadline) if grant else None

        entries = [(i.unit, i.project) for i in filing.model.items]
        return not unexcepted_entries(where.year or 0, entries, when, granted)

    def _read_grants(self, sha: str, where: FilingPath, deleted: bool) -> None:
        prefix = f"{SUBMISSIONS}/{where.year}/"
        self.grants = {p: g for p, g in self.grants.items() if not p.startswith(prefix)}
        if deleted:
            return
        try:
            text = decode(self._blob(sha, where.path), where.path, limits(where.kind)[0])
        except (KeyError, SourceError):
            return
        filing, _ = parse_filing(where, Source(where.path, text))
        if filing is not None:
            self.grants.update({g.path: g for g in filing.model.grants if g.path.startswith(prefix)})

    def _blob(self, sha: str, path: str) -> bytes:
        """A filing's content at a commit of the log; KeyError when it is not a file there."""
        return gitproc.read_blobs(self.repo_root, [f"{sha}:{path}"])[f"{sha}:{path}"]

    def _late_findings(self) -> list[Finding]:
        found = []
        when = cache(shown)  # many landings share a merge time and a deadline
        for landing in sorted(self.report.late(), key=lambda item: item.path):
            assert landing.deadline is not None
            found.append(
                error(
                    "E450",
                    f"{landing.kind.value}于 {when(landing.time)} 合并到主分支（提交 {landing.commit[:10]}），"
                    f"不在受理期内（{landing.missed}时间 {when(landing.deadline)}），也没有事先登记的例外",
                    landing.path,
                    hint="按《评选办法》，不按时申报的不能参加评选；网站上此项标注为逾期。例外须在合并之前登记在主分支上。",
                )
            )
        return found


def audit_or_none(repo_root: Path, subs: Submissions) -> AuditReport | None:
    """The audit, or None for a tree that is not a git repository (an export, a test folder):
    with no landing record nothing can be shown late or dated."""
    try:
        return audit(repo_root, subs)
    except RevisionError:
        return None
