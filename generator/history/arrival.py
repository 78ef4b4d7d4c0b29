"""When each changed file's content reached the forge: the proof of "handed over on time".

Commit dates are written by the author and prove nothing, and a pull request's opening time says
nothing about content pushed to it later (an early, empty pull request must not carry a late
filing). What proves arrival is a record the forge itself wrote, with a server-set time, about a
head the pull request had: on GitHub the runs of the checks workflow on main (titled
`检查 #N <sha>` from the event), on Gitea/Forgejo the statuses Actions writes for the check job
(see `generator/forge/`). Every push counts, force-pushed-away heads included: a rebase after
the deadline keeps the earlier evidence, because the match is by content, the blob at that path.

So the content of a file arrived at the earliest record whose commit had that exact blob at that
path, never before the pull request was opened. With no such record it arrives now: the check
that is running is the first to see it. Nothing with a client-chosen time (check runs'
`started_at`, commit dates) is read.

The records come in as a file, `check --arrivals FILE` (written by `shuangchuang forge arrivals`):

    [{"commit": "<sha>", "at": "2026-03-10T14:59:58Z", "source": "…",
      "blobs": {"submissions/…/x.yaml": "<blob id>"}}, …]

`blobs` (optional) gives each path's blob at that commit, for commits this clone does not have;
without it the local repository is asked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from ..clock import Clock
from . import gitproc


class ArrivalEvidence(BaseModel):
    """One record of the forge: this commit was on the forge at `at` (server time)."""

    model_config = ConfigDict(extra="ignore")
    commit: str = Field(pattern=r"^[0-9a-f]{40}([0-9a-f]{24})?$")
    at: AwareDatetime
    source: str = ""
    blobs: dict[str, str] | None = None


class ArrivalsError(ValueError):
    """The arrivals file cannot be used; the message is for the user."""


def load_arrivals(path: Path) -> list[ArrivalEvidence]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ArrivalsError(f"无法读取送达记录文件 {path}：{exc.strerror}") from None
    except ValueError as exc:
        raise ArrivalsError(f"送达记录文件 {path} 不是 JSON：{exc}") from None
    if not isinstance(data, list):
        raise ArrivalsError(
            f"送达记录文件 {path} 应是记录的列表（由 shuangchuang forge arrivals 生成），每条含 commit 和 at"
        )
    found = []
    for index, raw in enumerate(data, 1):
        try:
            found.append(ArrivalEvidence.model_validate(raw))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ArrivalsError(
                f"送达记录文件 {path} 第 {index} 条的 {where} 不对（{first['msg']}）；"
                "每条应有 commit（40 位提交编号）和 at（带时区的时间）"
            ) from None
    return found


@dataclass(frozen=True, slots=True)
class Arrival:
    moment: datetime
    proof: str  # in the clerk's words: which record the time comes from


def arrivals(
    repo_root: Path,
    paths: list[str],
    records: list[ArrivalEvidence],
    clock: Clock,
    opened_at: datetime | None = None,
) -> dict[str, Arrival]:
    """Each path's arrival: the earliest record whose commit had the working tree's blob there,
    never before the pull request was opened (`opened_at`, when known).

    One pass over the records, oldest first; a record whose commit is neither in the local
    repository nor described by its `blobs` proves nothing and is skipped."""
    now = Arrival(clock.now, "本次检查开始的时间（平台此前没有这份内容的送达记录）")
    if not paths:
        return {}
    found: dict[str, Arrival] = {}
    wanted = _working_blobs(repo_root, paths)
    pending = {p for p, blob in wanted.items() if blob is not None}
    for record in sorted(records, key=lambda r: r.at):
        if not pending:
            break
        there = record.blobs if record.blobs is not None else _blobs_at(repo_root, record.commit, pending)
        if there is None:
            continue
        for path in sorted(pending):
            if there.get(path) == wanted[path]:
                seen = max(record.at, opened_at) if opened_at else record.at
                source = record.source or f"平台记录：提交 {record.commit[:10]}"
                found[path] = Arrival(seen, f"{source}（提交 {record.commit[:10]} 已含这份内容）")
                pending.discard(path)
    return {p: found.get(p, now) for p in paths}


def _working_blobs(root: Path, paths: list[str]) -> dict[str, str | None]:
    """The blob id each path has in the working tree (None when it is not a file there).

    Hashed as git hashes a blob; the judge's checkout applies no filters, so it is the id of the
    committed content."""
    blobs: dict[str, str | None] = {}
    for path in paths:
        file = root / path
        blobs[path] = gitproc.blob_id(file.read_bytes()) if file.is_file() and not file.is_symlink() else None
    return blobs


def _blobs_at(root: Path, sha: str, paths: set[str]) -> dict[str, str] | None:
    """The blob ids the paths have in commit `sha`; None when this clone has no such commit."""
    try:
        return gitproc.blob_ids(root, sha, paths)
    except gitproc.GitError:
        return None
