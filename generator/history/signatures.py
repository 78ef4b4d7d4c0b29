"""Who signed (item 4): an opinion is added or changed only in commits by the unit's signers.

A file that holds an opinion speaks for the unit whose folder it is in (the folder says who
writes the file): a registration carries the unit's own opinion, a forwarding list the parent's,
a recommendation the recommender's, the review and the exceptions the office's. Each commit of
the change that touched such a file must be authored with an e-mail the registry of the BASE
revision lists for that unit; where the registry gives the signer's SSH key, the commit must
carry a good signature by that key, checked by git against an allowed-signers file built from
the registry. All commits are read in one `git log` pass.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Finding, error
from ..model.units import Signer, Unit, UnitRegistry
from ..paths import SUBMISSIONS, FilingPath, Kind, classify
from .changes import Change, open_repo
from .gitlog import log_format, parse_log

OPINION_KINDS = {Kind.REGISTRATION, Kind.FORWARDING, Kind.RECOMMENDATION, Kind.REVIEW, Kind.EXCEPTIONS}
# Characters that would make an e-mail a pattern in an allowed-signers file; such an entry is left out.
_PATTERN_CHARS = re.compile(r"[*?,!\"\s]")
_SIGNATURE_STATES = {
    "G": "有效签名", "B": "签名无效（内容被改动或签名损坏）", "U": "签名的钥匙不是登记的钥匙",
    "X": "签名已过期", "Y": "签名的钥匙已过期", "R": "签名的钥匙已被吊销", "E": "无法验证签名", "N": "没有签名",
}


@dataclass(frozen=True, slots=True)
class SignedCommit:
    sha: str
    email: str
    state: str  # git's %G?
    principal: str  # git's %GS: the allowed-signers principal whose key made a good signature
    paths: tuple[str, ...]


def allowed_signers(units: UnitRegistry) -> str:
    """git's allowed-signers file: each registered key may sign as its owner's e-mail, for git only."""
    lines = []
    for unit in units.units:
        for signer in unit.signers:
            if signer.ssh_key and not _PATTERN_CHARS.search(signer.email):
                key = " ".join(signer.ssh_key.split()[:2])
                lines.append(f'{signer.email.lower()} namespaces="git" {key}')
    return "\n".join(sorted(set(lines))) + "\n"


def opinion_owners(changes: list[Change]) -> dict[str, str]:
    """Changed files that hold an opinion → the unit whose opinion it is (the folder's unit)."""
    owners = {}
    for change in changes:
        where = classify(change.path)
        if isinstance(where, FilingPath) and where.kind in OPINION_KINDS and where.unit:
            owners[change.path] = where.unit
    return owners


def read_commits(repo_root: Path, base: str, head: str, units: UnitRegistry) -> list[SignedCommit]:
    """Every commit in base..head with its author e-mail, signature state and touched files."""
    with tempfile.TemporaryDirectory(prefix="shuangchuang-signers-") as folder:
        signers_file = Path(folder) / "allowed_signers"
        signers_file.write_text(allowed_signers(units), encoding="utf-8")
        repo = open_repo(repo_root)
        try:
            output = repo.git(c=f"gpg.ssh.allowedSignersFile={signers_file}").log(
                log_format("%H", "%ae", "%G?", "%GS"), "-z", "--no-renames", "--full-history", "--name-status",
                f"{base}..{head}", "--", SUBMISSIONS)
        finally:
            repo.close()
    return [SignedCommit(e.fields[0], e.fields[1], e.fields[2], e.fields[3], tuple(p for _, p in e.files))
            for e in parse_log(output, 4)]


def signer_findings(repo_root: Path, base: str, changes: list[Change], units: UnitRegistry | None,
                    head: str = "HEAD") -> list[Finding]:
    owners = opinion_owners(changes)
    if not owners or units is None:
        return []
    found: list[Finding] = []
    for commit in read_commits(repo_root, base, head, units):
        for path in commit.paths:
            unit = units.by_id.get(owners.get(path, ""))
            if unit is not None:
                found.extend(_judge(commit, path, unit))
    return found


def _judge(commit: SignedCommit, path: str, unit: Unit) -> list[Finding]:
    short = commit.sha[:10]
    if not unit.signers:
        return [error("E422", f"单位名录没有为{unit.name}登记签字人，无法确认提交 {short} 是否由本单位签字", path,
                      hint="请考评办公室在 submissions/units.yaml 中为本单位登记“签字人”（姓名、邮箱）。")]
    signers = [s for s in unit.signers if s.email.lower() == commit.email.lower()]
    if not signers:
        names = "、".join(s.name for s in unit.signers)
        return [error("E420", f"提交 {short} 的作者邮箱 {commit.email} 不是单位名录中{unit.name}签字人的邮箱，"
                              f"不能代表{unit.name}填写或修改意见", path,
                      hint=f"请由本单位登记的签字人（{names}）用登记的邮箱提交（git config user.email 设置邮箱）；"
                           "签字人有变动，请考评办公室先更新单位名录。")]
    keyed = [s for s in signers if s.ssh_key]
    if keyed and not (commit.state == "G" and commit.principal.lower() == commit.email.lower()):
        return [_unsigned(commit, path, keyed[0])]
    return []


def _unsigned(commit: SignedCommit, path: str, signer: Signer) -> Finding:
    state = _SIGNATURE_STATES.get(commit.state, f"签名状态 {commit.state}")
    return error("E421", f"提交 {commit.sha[:10]} 需要{signer.name}登记的 SSH 钥匙签名，但{state}", path,
                 hint="用登记的钥匙签名提交：git config gpg.format ssh，git config user.signingkey 钥匙文件路径，"
                      "再用 git commit -S 提交；合并到主分支只能用“合并提交”，压缩合并和变基合并会丢掉签名。")
