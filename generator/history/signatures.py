"""Who signed: every changed file needs the signature of the body that owns it.

A signature is a registered signer's approval of the pull request (the reviews JSON, see
`approvals.py`), or, on a forge without reviews, a commit signed with the signer's registered
SSH key (verified by git against an allowed-signers file built from the registry). Either one
covers a file only if the file's content being merged is the content the signer saw: an
approval whose commit differs from the merge result in that file was given before a later
change and counts for nothing. The change is the whole diff of the base against the merge
result, so a merge commit that rewrites a file is judged like any other edit. The owner comes
from `ownership.py`; the registry is the BASE revision's, never the change's own. A commit's
author e-mail proves nothing and is not read.

For files with signed statements (an opinion's 领导签字 and 日期, an exception's 批准人 and
批准日期), each statement the change adds must name a signer whose signature covers the file,
dated no later than that signature.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel

from ..diagnostics import Finding, error
from ..filings import Filing, parse_filing
from ..model.base import Opinion
from ..model.exceptions import Grant
from ..model.programme import CHINA, Programme
from ..model.units import Signer, UnitRegistry
from ..ownership import Body, Owner, leading_group_signers, owner_of, signer_accounts
from ..paths import SUBMISSIONS, FilingPath, classify
from ..read.source import Source
from . import gitproc
from .approvals import Approval
from .changes import Change
from .gitlog import log_format, parse_log

APPROVED = "批准合并请求"
SIGNED_COMMIT = "SSH 签名提交"


@dataclass(frozen=True, slots=True)
class Signature:
    account: str
    time: datetime
    commit: str
    how: str  # APPROVED or SIGNED_COMMIT
    covers: frozenset[str]  # changed paths whose merged content is the content signed


@dataclass(frozen=True, slots=True)
class Statement:
    """A name and a date written in a file as a signature (领导签字/日期, 批准人/批准日期)."""

    loc: tuple[str | int, ...]
    name: str
    day: date
    item: BaseModel  # the opinion or grant, compared with the base's to find what the change adds


def allowed_signers(units: UnitRegistry) -> str:
    """git's allowed-signers file: each registered key may sign as its owner's forge account."""
    lines = {
        f'{s.account.lower()} namespaces="git" {" ".join(s.ssh_key.split()[:2])}'
        for unit in units.units
        for s in unit.signers
        if s.ssh_key
    }
    return "\n".join(sorted(lines)) + "\n"


def signature_findings(
    repo_root: Path,
    base: str,
    changes: list[Change],
    units: UnitRegistry | None,
    approvals: list[Approval] | None,
    current: dict[str, Filing],
    programme: Programme | None = None,
) -> list[Finding]:
    """`programme`: the base's settings (the leading group's 组长 signs exceptions)."""
    if not changes or units is None:
        return []
    paths = frozenset(c.path for c in changes)
    signatures = _signatures(repo_root, base, paths, units, approvals or [])
    judge = _Judge(units, signatures, approvals is not None, current, programme)
    return [finding for change in changes for finding in judge.change(change)]


# --- collecting signatures ---------------------------------------------------------------------


def _signatures(
    root: Path, base: str, paths: frozenset[str], units: UnitRegistry, approvals: list[Approval]
) -> list[Signature]:
    unsaved = _uncommitted(root)
    found = [
        Signature(a.account, a.time, a.commit, APPROVED, _unchanged_since(root, a.commit, paths, unsaved))
        for a in approvals
    ]
    for sha, account, when in _signed_commits(root, base, units):
        found.append(Signature(account, when, sha, SIGNED_COMMIT, _unchanged_since(root, sha, paths, unsaved)))
    return found


def _uncommitted(root: Path) -> frozenset[str]:
    """Paths whose working-tree content is not HEAD's: nobody can have signed them yet."""
    changed, untracked = gitproc.run_together(
        root,
        ["diff", "--name-only", "-z", "--no-renames", "HEAD"],
        ["ls-files", "--others", "--exclude-standard", "-z", "--", SUBMISSIONS],
    )
    return frozenset(gitproc.split_z((changed + b"\0" + untracked).decode("utf-8", "replace")))


def _unchanged_since(root: Path, commit: str, paths: frozenset[str], unsaved: frozenset[str]) -> frozenset[str]:
    """The paths whose content at `commit` is the content being merged (HEAD's, when saved)."""
    try:
        differ = set(
            gitproc.split_z(
                gitproc.text(
                    root, "diff", "--name-only", "-z", "--no-renames", "--end-of-options", commit, "HEAD", "--"
                )
            )
        )
    except gitproc.GitError:
        return frozenset()  # a commit this clone does not have: it covers nothing
    return frozenset(p for p in paths if p not in differ and p not in unsaved)


def _signed_commits(root: Path, base: str, units: UnitRegistry) -> list[tuple[str, str, datetime]]:
    """(commit, signer's account, commit time) of each commit in base..HEAD with a good signature
    by a registered key. One `git log` pass."""
    keys = allowed_signers(units)
    if keys == "\n":
        return []
    with tempfile.TemporaryDirectory(prefix="shuangchuang-signers-") as folder:
        signers_file = Path(folder) / "allowed_signers"
        signers_file.write_text(keys, encoding="utf-8")
        output = gitproc.text(
            root,
            "log",
            log_format("%H", "%G?", "%GS", "%ct"),
            "-z",
            f"{base}..HEAD",
            config=[f"gpg.ssh.allowedSignersFile={signers_file}"],
        )
    return [
        (e.fields[0], e.fields[2], datetime.fromtimestamp(int(e.fields[3]), CHINA))
        for e in parse_log(output, 4)
        if e.fields[1] == "G" and e.fields[2]
    ]


# --- judging each change -----------------------------------------------------------------------


class _Judge:
    def __init__(
        self,
        units: UnitRegistry,
        signatures: list[Signature],
        given: bool,
        current: dict[str, Filing],
        programme: Programme | None = None,
    ) -> None:
        self.programme = programme
        self.units = units
        self.signatures = signatures
        self.given = given  # whether approvals were given at all
        self.current = current

    def change(self, change: Change) -> Iterator[Finding]:
        owner = owner_of(change.path, self.units)
        line = 1 if change.path in self.current else 0
        if owner.body is Body.UNIT and owner.unit not in self.units.by_id:
            yield error(
                "E425",
                f"单位“{owner.unit}”不在主分支的单位名录中，不能以它的名义提交文件",
                change.path,
                line,
                1 if line else 0,
                hint="新单位须由考评办公室先在 submissions/units.yaml 中登记（连同签字人）并合并到主分支，"
                "再另开合并请求申报；同一个合并请求里新加的单位不能申报。",
            )
            return
        extra = leading_group_signers(owner, change.path, self.programme)
        accounts = {a.lower() for a in [*signer_accounts(owner, self.units), *(s.account for s in extra)]}
        if not accounts:
            yield error(
                "E422",
                f"单位名录没有为{owner.describe(self.units)}登记签字人，无法签字",
                change.path,
                line,
                1 if line else 0,
                hint="请考评办公室先在 submissions/units.yaml 中为该单位登记“签字人”（姓名、职务、账号）并合并到主分支。",
            )
            return
        valid = [s for s in self.signatures if s.account.lower() in accounts and change.path in s.covers]
        if not valid:
            yield self._unsigned(change, owner, accounts, line)
            return
        filing = self.current.get(change.path)
        if filing is not None:
            yield from self._statements(change, filing, owner, valid)

    def _unsigned(self, change: Change, owner: Owner, accounts: set[str], line: int) -> Finding:
        who = owner.describe(self.units)
        reasons = []
        for s in self.signatures:
            if s.account.lower() not in accounts and s.how == APPROVED:
                reasons.append(f"{s.account} 的批准不算：不是{who}登记的签字人")
            elif s.account.lower() in accounts and change.path not in s.covers:
                reasons.append(f"{s.account} 的{s.how}（提交 {s.commit[:10]}）之后文件又有改动，须重新批准")
        if not self.given and not reasons:
            reasons.append("本次检查没有批准记录（--approvals），也没有登记钥匙签名的提交")
        detail = f"（{'；'.join(dict.fromkeys(reasons))}）" if reasons else ""
        return error(
            "E420",
            f"修改这个文件需要{who}签字，但没有{who}签字人对当前内容的批准{detail}",
            change.path,
            line,
            1 if line else 0,
            hint=_how_to_sign(owner, self.units),
        )

    def _statements(self, change: Change, filing: Filing, owner: Owner, valid: list[Signature]) -> Iterator[Finding]:
        before = _base_statements(change)
        signers = [(s, self._signer(owner, s.account, change.path)) for s in valid]
        for stmt in statements(filing.model):
            if stmt.item in before:
                continue  # signed when it was first written; this change leaves it as it was
            mark = filing.mark(*stmt.loc)
            by_name = [(s, who) for s, who in signers if who is not None and who.name == stmt.name]
            if not by_name:
                names = "、".join(f"{who.name}（{s.account}）" for s, who in signers if who is not None) or "、".join(
                    s.account for s in valid
                )
                yield error(
                    "E423",
                    f"“{_label(stmt.loc)}”写的是“{stmt.name}”，但签字的不是此人：签字（{valid[0].how}）的是 {names}",
                    filing.path,
                    mark.line,
                    mark.column,
                    hint="签字人一栏只能写实际批准本合并请求的领导在单位名录中登记的姓名；"
                    f"请改成批准人的姓名，或请“{stmt.name}”本人（须是登记的签字人）批准。",
                )
                continue
            latest = max(s.time for s, _ in by_name)
            if stmt.day > latest.date():
                yield error(
                    "E424",
                    f"签字日期 {stmt.day} 晚于{stmt.name}签字（{by_name[0][0].how}）的时间 "
                    f"{latest:%Y-%m-%d %H:%M}（北京时间）",
                    filing.path,
                    mark.line,
                    mark.column,
                    hint="签字日期不能晚于批准的日期：改成实际批准的日期（或更早的签字日期）后请领导重新批准。",
                )

    def _signer(self, owner: Owner, account: str, path: str = "") -> Signer | None:
        unit = self.units.by_id.get(owner.unit or "")
        found = unit.signer(account) if unit is not None else None
        extra = leading_group_signers(owner, path, self.programme)
        return found or next((s for s in extra if s.account.lower() == account.lower()), None)


def _how_to_sign(owner: Owner, units: UnitRegistry) -> str:
    who = owner.describe(units)
    if owner.body is Body.MAINTAINERS:
        people = "、".join(units.maintainers)
        return f"请系统维护人员（{people}）之一在合并请求上批准（Approve）。"
    unit = units.by_id.get(owner.unit or "")
    people = "、".join(f"{s.name}（{s.position}，账号 {s.account}）" for s in (unit.signers if unit else []))
    return (
        f"领导签字就是批准：请{who}的签字人 {people} 在合并请求的“Files changed”页点“Review changes”→“Approve”。"
        "批准之后文件再有改动，须重新批准。没有审核功能的平台上，可由签字人用单位名录登记的 SSH 钥匙签名提交。"
    )


def _base_statements(change: Change) -> list[BaseModel]:
    if change.base_text is None:
        return []
    where = classify(change.path)
    if not isinstance(where, FilingPath):
        return []
    filing, _ = parse_filing(where, Source(change.path, change.base_text))
    return [s.item for s in statements(filing.model)] if filing is not None else []


def statements(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[Statement]:
    """Every signed name in a filing, with where it is (for messages)."""
    if isinstance(model, Opinion):
        yield Statement((*loc, "领导签字"), model.signer, model.date, model)
    elif isinstance(model, Grant):
        yield Statement((*loc, "批准人"), model.granted_by, model.granted_on, model)
    for name, info in type(model).model_fields.items():
        value, label = getattr(model, name), info.alias or name
        if isinstance(value, BaseModel):
            yield from statements(value, (*loc, label))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from statements(item, (*loc, label, i))


def _label(loc: tuple[str | int, ...]) -> str:
    """本单位意见·领导签字, 审核汇总第 2 项·领导签字."""
    text = ""
    for part in loc:
        text += f"第 {part + 1} 项" if isinstance(part, int) else ("·" if text else "") + part
    return text
