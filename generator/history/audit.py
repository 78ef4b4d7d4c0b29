"""The audit of what landed: every landing on `main`, judged by the rules in force when it landed.

`main`'s first-parent history is the record. One `git log --first-parent --name-status` pass
lists every landing (commit) and the files it added, modified or deleted; each is judged by
`programme.yaml` and the office's exceptions as they stood on main just before it:

- a filing added outside its window (E450), or edited or deleted after its window closed (E454,
  E455): a registration after the registration deadline (its frozen parts: calendar_rules.FROZEN),
  a forwarding list after it too, a recommendation after the recommendation deadline, tracking
  and the review after the results deadline; a review's results edited after the 审定 (E456) or
  after the 通报 (E457), the 通报 itself edited once issued (E458). An exception on main before
  the landing, until its new deadline, covers any of these (a forwarding list's entries: their
  registrations' exceptions). An edit's finding stands until a correcting change restores what was
  fixed or an exception granted since covers the edit (then it is kept as resolved); while it
  stands, `on_record` holds what the site and the 通报 show instead (`as_on_record`).
- time runs forward: a landing's time is the forge's `merged_at` when the forge's landings are
  given (`--landings FILE`), else its committer time, marked unverified. Along the first-parent
  history a time earlier than the landing before it (E461: backdated), a time git stores but no
  calendar can hold (E462), a committer time that disagrees with the forge's (E463) and a merge
  message naming a pull request the forge did not merge as this commit (E464) are findings; a
  backdated landing is judged at the time of the landing before it (it cannot be earlier).
- history up to the first 审计起点 that names a commit of main is imported and not audited;
  moving 审计起点 (E452) or a passed deadline (E453) is a finding and erases nothing. Later imports
  are declared in programme.yaml's 导入记录: a record counts for a landing that came before
  审计起点 was first set, or after the record itself was on main (E465 otherwise).

Every signed statement (statements.py) is credited to the landing that first brought it as it
stands, with that landing's pull request and approvers from the forge (none from a commit message).

Git: the log, one `cat-file --batch` for the settings and exceptions as they stood at each of
their versions, one more for the versions the judgement and the attribution need. No git process
per commit or per file.

Public API:

    audit(repo_root, subs, ref="HEAD", landings=None) -> AuditReport
    start_log(repo_root, ref) / first_parent_log   # the git log, started before the settings load
    audit_log(log, subs, landings=None) -> AuditReport
    AuditReport.landings: dict[str, Landing]       # by repo-relative path of each filing on `ref`
    AuditReport.findings / resolved / problems(path) / credit(path, key) / late() / on_record
    as_on_record(subs, report) -> Submissions      # the files as they stand on record, for the site and 通报
    require_full_history(repo_root)                # IncompleteHistory on a shallow clone
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from ..clock import shown
from ..diagnostics import Finding, error, warning
from ..filings import limits, parse_filing
from ..model.deadline_exceptions import Grant
from ..model.programme import CHINA, ImportRecord, Programme, end_of_day
from ..paths import SUBMISSIONS, FilingPath, Kind, classify
from ..read.source import Source, SourceError, decode
from ..submissions import Submissions
from . import gitproc
from .changes import RevisionError, not_a_repository
from .gitlog import LogEntry, StartedLog, first_parent_log
from .landings import ForgeLanding
from .statements import REVIEW_RESULTS, changed_parts, statements
from .windows import DEADLINE_LABELS, landing_limits, window_for

PROGRAMME_PATH = f"{SUBMISSIONS}/programme.yaml"
_FOLDER = f"{SUBMISSIONS}/"
_PULL = re.compile(r"^Merge pull request #([0-9]+) ")
UNVERIFIED = "未经平台核实"
# How far a merge commit's committer time may lie from the forge's merged_at (the forge writes both).
TOLERANCE = timedelta(minutes=5)
_FLOOR = datetime(1970, 1, 1, tzinfo=CHINA)
# When each kind's content is fixed: edits and deletions landing after this deadline are findings.
CLOSES = {
    Kind.REGISTRATION: "registration",
    Kind.FORWARDING: "registration",
    Kind.RECOMMENDATION: "recommendation",
    Kind.TRACKING: "results",
    Kind.REVIEW: "results",
}


class IncompleteHistory(RevisionError):
    """A shallow clone: the record cannot be read whole."""


SHALLOW = (
    "这是浅克隆（只取了最近的部分提交历史），无法核对主分支的完整记录：逾期、合并时间和签字都会算错，因此停止。"
    "请先取回完整历史：git fetch --unshallow（GitHub Actions 里给 actions/checkout 设 fetch-depth: 0），再运行。"
)


def require_full_history(repo_root: Path) -> None:
    """IncompleteHistory on a shallow clone; nothing for a full one or a folder that is no repository."""
    try:
        shallow = gitproc.is_shallow(repo_root)
    except gitproc.GitError:
        return  # not a repository: the caller says so, or has no history to show
    if shallow:
        raise IncompleteHistory(SHALLOW)


def pull_request(subject: str) -> int | None:
    """The pull request a merge message claims (GitHub's wording): only ever compared with the forge."""
    found = _PULL.match(subject)
    return int(found.group(1)) if found else None


class Credit(NamedTuple):
    """Who brought something to main, and when: one landing (a first-parent commit)."""

    commit: str
    time: datetime  # the landing time judged by (the forge's merged_at when verified)
    verified: bool  # time and pull request are the forge's record
    pull: int | None = None  # the pull request merged as this commit, from the forge only
    approvers: tuple[str, ...] | None = None  # the forge's approving accounts; None when not recorded
    merged_by: str = ""
    imported: ImportRecord | None = None  # a declared import (导入记录)
    audited: bool = True  # False for history up to 审计起点
    arrived: dict[str, datetime] | None = None  # path → when its landed content reached the forge

    def arrival(self, path: str) -> datetime | None:
        return self.arrived.get(path) if self.arrived else None


class Landing(NamedTuple):
    """When a filing reached main. A named tuple: as immutable as a frozen dataclass, and cheaper
    to build ten thousand times."""

    path: str
    kind: Kind
    commit: str  # the first-parent commit of `main` that added the file
    time: datetime  # when that commit landed
    audited: bool = True  # False when it landed in imported history (up to 审计起点, or a declared import)
    late: bool = False  # landed outside its window with no exception on `main` before it
    deadline: datetime | None = None  # the deadline it missed (or the opening it came before), when late
    missed: str = ""  # which one, in words: 立项截止, 推荐上报截止, … or 受理开始
    exception: Grant | None = None  # the exception it landed under, if it needed one
    last_commit: str = ""  # the last first-parent commit that changed it
    last_time: datetime | None = None
    last_pull: int | None = None  # the pull request that merged the current content (from the forge)
    verified: bool = False  # `time` is the forge's
    imported: ImportRecord | None = None


@dataclass(slots=True)
class AuditReport:
    landings: dict[str, Landing] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)  # corrected since, or covered by a later exception
    commits: int = 0
    verified: bool = False  # the forge's landings were given
    credits: dict[str, Credit] = field(default_factory=dict)  # by commit
    statements: dict[tuple[str, str], Credit] = field(default_factory=dict)  # (path, statement key)
    exceptions_used: dict[str, Grant] = field(default_factory=dict)  # path → the exception an edit landed under
    affected: dict[str, list[Finding]] = field(default_factory=dict)  # path → findings about it
    # path → the content on record (bytes) of a file changed or deleted after it was fixed, while that
    # finding stands: what the site and the 通报 show instead of the change that does not count
    on_record: dict[str, bytes] = field(default_factory=dict)

    def late(self) -> list[Landing]:
        return [landing for landing in self.landings.values() if landing.late]

    def late_registrations(self) -> frozenset[str]:
        """Registrations that landed after their deadline without an exception (逾期未立项)."""
        return frozenset(landing.path for landing in self.late() if landing.kind is Kind.REGISTRATION)

    def landed_at(self, path: str) -> datetime | None:
        """When a filing reached main; None for imported history, whose times say nothing."""
        landing = self.landings.get(path)
        return landing.time if landing is not None and landing.audited else None

    def credit(self, path: str, key: str = "") -> Credit | None:
        """The landing that brought a statement of a file as it stands (or the file's current content)."""
        found = self.statements.get((path, key))
        if found is not None:
            return found
        landing = self.landings.get(path)
        return self.credits.get(landing.last_commit) if landing is not None else None

    def problems(self, path: str) -> list[Finding]:
        return self.affected.get(path, [])

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def audit(
    repo_root: Path, subs: Submissions, ref: str = "HEAD", landings: dict[str, ForgeLanding] | None = None
) -> AuditReport:
    """Walk `ref`'s first-parent history once; RevisionError when it cannot be read (IncompleteHistory
    for a shallow clone)."""
    require_full_history(repo_root)
    log = first_parent_log(repo_root, ref)
    try:
        return audit_log(log, subs, landings)
    finally:
        log.close()


def audit_log(log: StartedLog, subs: Submissions, landings: dict[str, ForgeLanding] | None = None) -> AuditReport:
    """The audit of a started `first_parent_log` (see `audit`)."""
    walk = _Walk(log.root, subs, landings)
    try:
        # Newest first and reversed here: git's --reverse buffers the whole walk and costs more
        # than the rest of the audit. The paths are classified while git is still writing.
        entries = log.read(walk.classify)
    except gitproc.GitError as exc:
        if exc.not_a_repository:
            raise not_a_repository(log.root) from None
        raise RevisionError(f"无法读取“{log.ref}”的提交历史") from None
    entries.reverse()
    return walk.run(entries)


class _Suspect(NamedTuple):
    """A change to a filing that may have come too late: judged once its versions are read."""

    where: FilingPath
    commit: str
    before: str  # the commit of the version it changed
    time: datetime
    closed: tuple[datetime, str] | None  # the deadline that fixed its content, when passed
    deleted: bool
    grants: dict[str, Grant]  # the exceptions in force when it landed (never changed in place)


class _Walk:
    def __init__(self, repo_root: Path, subs: Submissions, landings: dict[str, ForgeLanding] | None) -> None:
        self.repo_root = repo_root
        self.subs = subs
        self.forge = landings
        self.office = subs.units.office if subs.units else None
        self.grants: dict[str, Grant] = {}
        self.programme = Programme()  # the rules in force: programme.yaml as it stood on main
        self._units = subs.units.by_id if subs.units else {}
        self._windows: dict[
            tuple[int | None, Kind, str | None], tuple[datetime | None, list[tuple[datetime, str]]]
        ] = {}
        self._paths: dict[str, FilingPath | None] = {}
        self._versions: dict[str, list[str]] = defaultdict(
            list
        )  # path → commits of its versions since it was last added
        self._suspects: list[_Suspect] = []
        self._honoured: set[int] = set()  # ids of import records that counted
        self._late_forwardings: list[tuple[FilingPath, str, datetime, dict[str, Grant]]] = []
        self._record_at: dict[str, str] = {}  # path → the version on record, for a change that does not count
        self.report = AuditReport(verified=landings is not None)

    # --- the walk -----------------------------------------------------------------------------

    def run(self, entries: list[LogEntry]) -> AuditReport:
        """`entries`: the first-parent history, oldest first."""
        self._times(entries)
        entries = [e for e in entries if any(p.startswith(_FOLDER) for _, p in e.files)]
        texts = self._settings_texts(entries)
        versions = self._programmes(entries, texts)
        start, set_at = self._audit_from(versions, entries)
        importing = start is not None and any(e.fields[0].startswith(start) for e in entries)
        if start is not None and not importing:
            self.report.findings.append(
                warning(
                    "W451",
                    f"审计起点“{start}”不在主分支的提交历史中，已审计全部历史",
                    PROGRAMME_PATH,
                    hint="在仓库根目录运行 shuangchuang init，把“审计起点”设为导入旧记录的提交，"
                    "再按提示提交合并（git log --first-parent 可查提交编号）。",
                )
            )
        final = versions[next(reversed(versions))] if versions else self.subs.programme
        before_audit = set_at is not None
        for entry in entries:
            sha = entry.fields[0]
            imported = None if importing else self._import_for(entry, final if before_audit else None)
            credit = self.report.credits[sha]
            if importing or imported is not None:
                credit = self.report.credits[sha] = credit._replace(audited=False, imported=imported)
            self._commit(entry, credit)
            if sha in versions:
                self._adopt(versions[sha], sha, credit.time)
            if importing and sha.startswith(start or "\0"):
                importing = False
            if sha == set_at:
                before_audit = False
        self.report.commits = len(entries)
        self._unhonoured_imports(final, entries)
        self._judge_and_credit()
        self.report.findings.extend(self._late_findings())
        return self.report

    def _times(self, entries: list[LogEntry]) -> None:
        """Each landing's time, and the findings about time: one look at every first-parent commit."""
        latest = _FLOOR
        for entry in entries:
            sha, seconds, subject = entry.fields[0], entry.fields[1], entry.fields[2]
            files = [p for _, p in entry.files if p.startswith(_FOLDER)] or [PROGRAMME_PATH]
            try:
                git_time: datetime | None = datetime.fromtimestamp(int(seconds), CHINA)
            except (ValueError, OverflowError, OSError):
                git_time = None
                self._commit_finding(
                    files,
                    "E462",
                    f"提交 {sha[:10]} 的提交时间（{seconds} 秒）超出可用的日期范围",
                    "这个时间不可能是真实的合并时间；请由系统维护人员查明这次合并是怎样进入主分支的，"
                    "并由考评办公室决定是否以更正提交恢复记录。",
                )
            forge = self.forge.get(sha) if self.forge is not None else None
            when = forge.merged_at if forge is not None else git_time
            if forge is not None and git_time is not None and abs(git_time - forge.merged_at) > TOLERANCE:
                self._commit_finding(
                    files,
                    "E463",
                    f"提交 {sha[:10]} 的提交时间 {shown(git_time)} 与平台记录的合并时间 {shown(forge.merged_at)}"
                    f"（合并请求 #{forge.number}）不符",
                    "合并时间以平台记录为准；提交时间被改过，说明这次合并不是平台按规则做的，请系统维护人员查明。",
                )
            claimed = pull_request(subject)
            if self.forge is not None and claimed is not None and (forge is None or forge.number != claimed):
                really = f"平台记录的是合并请求 #{forge.number}" if forge else "平台没有把任何合并请求合并为这个提交"
                self._commit_finding(
                    files,
                    "E464",
                    f"提交 {sha[:10]} 的说明写着合并请求 #{claimed}，但{really}",
                    "合并请求编号只以平台记录为准；这次合并的签字无从核对，请系统维护人员查明它是怎样进入主分支的。",
                )
            if when is None:
                when = latest
            elif when < latest:
                self._commit_finding(
                    files,
                    "E461",
                    f"提交 {sha[:10]} 的合并时间 {shown(when)} 早于它之前合并的提交（{shown(latest)}）：时间倒流",
                    "主分支上后合并的提交不可能更早；这次合并的时间被改过（倒签），按前一次合并的时间审计。"
                    "请系统维护人员查明，需要时由考评办公室登记例外或以更正提交恢复记录。",
                )
                when = latest
            latest = when
            self.report.credits[sha] = Credit(
                sha,
                when,
                forge is not None,
                forge.number if forge else None,
                forge.approvers if forge else None,
                forge.merged_by if forge else "",
                arrived=forge.arrived if forge else None,
            )

    def _commit_finding(self, files: list[str], code: str, message: str, hint: str) -> None:
        found = error(code, message, files[0], hint=hint)
        self.report.findings.append(found)
        for path in files:
            self.report.affected.setdefault(path, []).append(found)

    def _import_for(self, entry: LogEntry, final: Programme | None) -> ImportRecord | None:
        """The import record that counts for this landing: one on main before it, or, for history
        before 审计起点 was first set, one declared since (`final`)."""
        names = [entry.fields[0], *entry.fields[3].split()[1:]]  # the commit, or a branch tip it merged
        known: tuple[ImportRecord, ...] = (*self.programme.imports, *(final.imports if final is not None else ()))
        for record in known:
            if any(name.startswith(record.commit) for name in names):
                self._honoured.add(id(record))
                return record
        return None

    def _unhonoured_imports(self, final: Programme, entries: list[LogEntry]) -> None:
        for record in final.imports:
            if id(record) in self._honoured:
                continue
            names = any(
                any(n.startswith(record.commit) for n in (e.fields[0], *e.fields[3].split()[1:])) for e in entries
            )
            what = "登记在这次合并之后，不算数" if names else "不是主分支上改动了申报文件的提交，也不是被合并的分支"
            self.report.findings.append(
                error(
                    "E465",
                    f"导入记录的提交 {record.commit} {what}",
                    PROGRAMME_PATH,
                    hint="导入须事先登记：先把“导入记录”（写被合并的分支的最后一个提交）合并到主分支，再合并导入；"
                    "已经合并的改动不能事后登记为导入，请由考评办公室登记例外或以更正提交恢复记录。",
                )
            )

    def _settings_texts(self, entries: list[LogEntry]) -> dict[str, bytes]:
        """programme.yaml and the office's exceptions at every version, in one git process."""
        names = []
        for entry in entries:
            for status, path in entry.files:
                if status != "D" and (path == PROGRAMME_PATH or self._office_exceptions(path)):
                    names.append(f"{entry.fields[0]}:{path}")
        return gitproc.read_blobs(self.repo_root, names)

    def _office_exceptions(self, path: str) -> FilingPath | None:
        where = self._filing(path)
        return where if where is not None and where.kind is Kind.EXCEPTIONS and where.unit == self.office else None

    def _programmes(self, entries: list[LogEntry], texts: dict[str, bytes]) -> dict[str, Programme]:
        """programme.yaml at each first-parent commit that changed it (defaults where deleted)."""
        self._texts = texts
        changed = {e.fields[0]: status for e in entries for status, path in e.files if path == PROGRAMME_PATH}
        return {
            sha: Programme() if status == "D" else self._programme(texts.get(f"{sha}:{PROGRAMME_PATH}"))
            for sha, status in changed.items()
        }

    def _programme(self, data: bytes | None) -> Programme:
        model = self._model(FilingPath(Kind.PROGRAMME, PROGRAMME_PATH), data)
        return model if model is not None else self.programme

    def _model(self, where: FilingPath, data: bytes | None) -> Any:
        if data is None:
            return None
        try:
            text = decode(data, where.path, limits(where.kind)[0])
        except SourceError:
            return None
        filing, _ = parse_filing(where, Source(where.path, text))
        return filing.model if filing is not None else None

    def _audit_from(self, versions: dict[str, Programme], entries: list[LogEntry]) -> tuple[str | None, str | None]:
        """The first 审计起点 set on main that names a commit of its history, and the commit that set
        it. Moving it is a finding until it is moved back, and changes nothing. (A value naming no
        commit of main exempts nothing, so it may be corrected: `init` does that.)"""
        shas = [e.fields[0] for e in entries]
        first: str | None = None
        set_at: str | None = None
        moves = []
        for sha, programme in versions.items():
            value = programme.audit_from
            if first is None:
                if value is not None and any(s.startswith(value) for s in shas):
                    first, set_at = value, sha  # the office sets it once, after importing old records
            elif value != first:
                moves.append(
                    error(
                        "E452",
                        f"提交 {sha[:10]} 把“审计起点”从 {first} 改为 {value or '（删除）'}；审计仍从原起点开始",
                        PROGRAMME_PATH,
                        hint="审计起点只在导入旧记录时设定一次，改动它会抹去此后合并记录的时限审计；请改回原值。"
                        "以后的导入请登记在“导入记录”里。",
                    )
                )
        last = versions[next(reversed(versions))].audit_from if versions else None
        if last == first:
            self.report.resolved.extend(moves)  # moved back: the record says so, nothing stands
        else:
            self.report.findings.extend(moves)
        return (first if first is not None else self.subs.programme.audit_from), set_at

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

    def _commit(self, entry: LogEntry, credit: Credit) -> None:
        sha, when, audited = credit.commit, credit.time, credit.audited
        landings = self.report.landings
        exception_files = []
        for status, path in entry.files:
            where = self._filing(path)
            if where is None:
                continue
            versions = self._versions[path]
            if status == "D":
                if audited and path in landings:
                    self._suspect(where, sha, versions[-1] if versions else sha, when, deleted=True)
                landings.pop(path, None)
                versions.clear()
            elif status == "A" or path not in landings:
                versions[:] = [sha]
                landings[path] = self._landing(where, credit, self._missed(where, when) if audited else None)
            else:
                if audited:
                    self._suspect(where, sha, versions[-1], when, deleted=False)
                versions.append(sha)
                landings[path] = landings[path]._replace(last_commit=sha, last_time=when, last_pull=credit.pull)
            if where.kind is Kind.EXCEPTIONS and where.unit == self.office:
                exception_files.append((where, status))
        # An exception counts for what lands after it, never for the commit that brings it.
        for where, status in exception_files:
            self._read_grants(sha, where, deleted=status == "D")

    def _suspect(self, where: FilingPath, sha: str, before: str, when: datetime, deleted: bool) -> None:
        """Note a change to judge once the versions are read: after its window closed, or any change
        of a review (its 审定 and 通报 fix parts of it as they land)."""
        name = CLOSES.get(where.kind)
        if name is None or where.year is None:
            return
        deadline = self.programme.calendar(where.year).deadline(name)
        closed = (deadline, DEADLINE_LABELS[name]) if when > deadline else None
        if closed is None and where.kind is not Kind.REVIEW:
            return
        grant = self.grants.get(where.path)
        if grant is not None and when <= end_of_day(grant.new_deadline):
            self.report.exceptions_used[where.path] = grant
            return
        self._suspects.append(_Suspect(where, sha, before, when, closed, deleted, self.grants))

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

    def _landing(self, where: FilingPath, credit: Credit, missed: tuple[datetime, str] | None) -> Landing:
        # Built once with every field: replacing fields afterwards costs more than the rest of the walk.
        sha, when = credit.commit, credit.time
        grant = self.grants.get(where.path) if missed is not None else None
        late = missed is not None and not (grant is not None and when <= end_of_day(grant.new_deadline))
        if late and where.kind is Kind.FORWARDING:
            self._late_forwardings.append((where, sha, when, self.grants))  # its entries' exceptions may cover it
        return Landing(
            where.path,
            where.kind,
            sha,
            when,
            credit.audited,
            late,
            missed[0] if late and missed else None,
            missed[1] if late and missed else "",
            grant if not late else None,
            sha,
            when,
            credit.pull,
            credit.verified,
            credit.imported,
        )

    def _missed(self, where: FilingPath, when: datetime) -> tuple[datetime, str] | None:
        opening, deadlines = self._window(where)
        if opening is not None and when <= opening:
            return opening, "受理开始"
        for deadline, label in deadlines:  # a loop, not next(genexpr): this runs once per landing
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

    def _read_grants(self, sha: str, where: FilingPath, deleted: bool) -> None:
        prefix = f"{SUBMISSIONS}/{where.year}/"
        self.grants = {p: g for p, g in self.grants.items() if not p.startswith(prefix)}
        if deleted:
            return
        model = self._model(where, self._texts.get(f"{sha}:{where.path}"))
        if model is not None:
            self.grants.update({g.path: g for g in model.grants if g.path.startswith(prefix)})

    # --- after the walk: the versions it needs, read at once ------------------------------------

    def _judge_and_credit(self) -> None:
        multi = {
            path: versions
            for path, versions in self._versions.items()
            if len(versions) > 1 and path in self.report.landings
        }
        names = {f"{s.before}:{s.where.path}" for s in self._suspects}
        names |= {f"{s.commit}:{s.where.path}" for s in self._suspects if not s.deleted}
        suspected = {s.where.path for s in self._suspects}
        names |= {f"{self._versions[p][-1]}:{p}" for p in suspected if self._versions.get(p)}
        names |= {f"{sha}:{path}" for path, versions in multi.items() for sha in versions}
        names |= {f"{sha}:{where.path}" for where, sha, _, _ in self._late_forwardings}
        texts = gitproc.read_blobs(self.repo_root, names)
        models: dict[str, Any] = {}

        def model(sha: str, where: FilingPath) -> Any:
            name = f"{sha}:{where.path}"
            if name not in models:
                models[name] = self._model(where, texts.get(name))
            return models[name]

        self._judge(model, texts)
        self._credit(multi, model)
        self._excepted_forwardings(model)

    def _excepted_forwardings(self, model: Any) -> None:
        """A late forwarding list whose every entry's registration was excepted until after it landed
        is covered by those exceptions (五.2: the parent forwards what the office let in late)."""
        landings = self.report.landings
        for where, sha, when, grants in self._late_forwardings:
            landing = landings.get(where.path)
            forwarded = model(sha, where)
            if landing is None or landing.commit != sha or forwarded is None:
                continue
            if all(_covered(grants, _registration(where, item), when) for item in forwarded.items):
                landings[where.path] = landing._replace(late=False, deadline=None, missed="")

    def _judge(self, model: Any, texts: dict[str, bytes]) -> None:
        baseline: dict[str, tuple[FilingPath, Any, str]] = {}
        by_path: dict[str, list[Finding]] = defaultdict(list)
        latest: dict[str, datetime] = {}
        for s in self._suspects:
            before = model(s.before, s.where)
            after = None if s.deleted else model(s.commit, s.where)
            late = self._late_edit(s, before, after)
            if late is not None:
                baseline.setdefault(s.where.path, (s.where, before, s.before))
                by_path[s.where.path].append(late)
                latest[s.where.path] = s.time
        for path, found in sorted(by_path.items()):
            grant = self.grants.get(path)  # the exceptions on main now: one granted since may excuse the edits
            if grant is not None and latest[path] <= end_of_day(grant.new_deadline):
                self.report.resolved.extend(found)
                self.report.exceptions_used[path] = grant
                continue
            where, before, before_sha = baseline[path]
            versions = self._versions.get(path)
            final = model(versions[-1], where) if versions else None
            parts = () if where.kind is Kind.REGISTRATION else tuple(type(before).model_fields) if before else ()
            if before is not None and final is not None and not changed_parts(where.kind, before, final, parts):
                self.report.resolved.extend(found)  # a correcting change restored it
                continue
            self.report.findings.extend(found)
            self.report.affected.setdefault(path, []).extend(found)
            if f"{before_sha}:{path}" in texts:
                self.report.on_record[path] = texts[f"{before_sha}:{path}"]
                self._record_at[path] = before_sha

    def _late_edit(self, s: _Suspect, before: Any, after: Any) -> Finding | None:
        verb = "删除" if s.deleted else "修改"
        at = f"{shown(s.time)} 合并的提交 {s.commit[:10]}"
        hint = (
            "已经定下的记录不能再改（《评选办法》五、六）。确需更正，请先由考评办公室在当年的例外文件中登记此文件"
            "并合并到主分支，再合并更正；或以更正提交恢复原来的内容。"
        )
        if s.where.kind is Kind.REVIEW and before is not None:
            if before.announcement is not None:
                if after is None or before.announcement != after.announcement:
                    return error(
                        "E458",
                        f"通报（{before.announcement.number}）已经发出，{at}{verb}了通报",
                        s.where.path,
                        hint=hint,
                    )
                parts = changed_parts(Kind.REVIEW, before, after, REVIEW_RESULTS)
                if parts:
                    return error(
                        "E457",
                        f"通报（{before.announcement.number}）发出之后，{at}{verb}了评选结果：{'、'.join(parts)}",
                        s.where.path,
                        hint=hint,
                    )
            elif before.approval is not None:
                parts = changed_parts(Kind.REVIEW, before, after, ("meeting", "results", "approval"))
                if parts:
                    return error(
                        "E456",
                        f"评审结果已经主席办公会议审定（{before.approval.meeting}），{at}{verb}了：{'、'.join(parts)}",
                        s.where.path,
                        hint=hint,
                    )
        if s.closed is None:
            return None
        if s.where.kind is Kind.FORWARDING and before is not None and after is not None:
            was = {(i.unit, i.project): i for i in before.items}
            changed = [i for i in after.items if was.get((i.unit, i.project)) != i]
            kept = {(i.unit, i.project) for i in after.items}
            if all(key in kept for key in was) and all(
                _covered(s.grants, _registration(s.where, i), s.time) for i in changed
            ):
                return None  # only entries whose registrations the office let in late (五.2)
        deadline, label = s.closed
        if s.deleted:
            return error(
                "E455",
                f"{label}时间 {shown(deadline)} 已过，{at}删除了这份{s.where.kind.value}",
                s.where.path,
                hint=hint,
            )
        parts = changed_parts(s.where.kind, before, after)
        if not parts:
            return None
        return error(
            "E454",
            f"{label}时间 {shown(deadline)} 已过，{at}修改了这份{s.where.kind.value}：{'、'.join(parts)}",
            s.where.path,
            hint=hint,
        )

    def _credit(self, multi: dict[str, list[str]], model: Any) -> None:
        """Each statement of a file with several versions, credited to the first version of the
        unbroken run of versions that carry it as it stands now."""
        credits = self.report.credits
        for path, at in self._record_at.items():  # credited as the record stands, not as changed
            versions = self._versions.get(path, [])
            if at in versions:
                multi[path] = versions[: versions.index(at) + 1]
        for path, versions in multi.items():
            where = self._paths[path]
            assert where is not None
            states = [model(sha, where) for sha in versions]
            stated = [statements(where.kind, state) if state is not None else None for state in states]
            if stated[-1] is None:
                continue
            for key, value in stated[-1].items():
                first = len(stated) - 1
                while first > 0 and (earlier := stated[first - 1]) is not None and earlier.get(key) == value:
                    first -= 1
                self.report.statements[(path, key)] = credits[versions[first]]

    def _late_findings(self) -> list[Finding]:
        found = []
        when = cache(shown)  # many landings share a merge time and a deadline
        for landing in sorted(self.report.late(), key=lambda item: item.path):
            assert landing.deadline is not None
            finding = error(
                "E450",
                f"{landing.kind.value}于 {when(landing.time)} 合并到主分支（提交 {landing.commit[:10]}），"
                f"不在受理期内（{landing.missed}时间 {when(landing.deadline)}），也没有事先登记的例外",
                landing.path,
                hint="按《评选办法》，不按时申报的不能参加评选；网站上此项标注为逾期。例外须在合并之前登记在主分支上。",
            )
            found.append(finding)
            self.report.affected.setdefault(landing.path, []).append(finding)
        return found


def _registration(where: FilingPath, item: Any) -> str:
    return f"{SUBMISSIONS}/{where.year}/{item.unit}/{item.project}.yaml"


def _covered(grants: dict[str, Grant], path: str, when: datetime) -> bool:
    grant = grants.get(path)
    return grant is not None and when <= end_of_day(grant.new_deadline)


def as_on_record(subs: Submissions, report: AuditReport | None) -> Submissions:
    """`subs` with each file changed or deleted after it was fixed shown as it stood on record
    (the change does not count until an exception or a correcting change); `subs` itself when none."""
    if report is None or not report.on_record:
        return subs
    kept = {f.path: f for f in subs.filings}
    for path, data in sorted(report.on_record.items()):
        where = classify(path)
        if not isinstance(where, FilingPath):
            continue
        try:
            text = decode(data, path, limits(where.kind)[0])
        except SourceError:
            continue
        filing, _ = parse_filing(where, Source(path, text))
        if filing is not None:
            kept[path] = filing
    return replace(subs, filings=sorted(kept.values(), key=lambda f: f.path))


def audit_or_none(
    repo_root: Path, subs: Submissions, landings: dict[str, ForgeLanding] | None = None
) -> AuditReport | None:
    """The audit, or None for a tree that is not a git repository (an export, a test folder):
    with no landing record nothing can be shown late or dated. IncompleteHistory on a shallow clone."""
    try:
        return audit(repo_root, subs, landings=landings)
    except IncompleteHistory:
        raise
    except RevisionError:
        return None
