"""When each changed file's content reached the forge: the proof of "handed over on time".

Commit dates are written by the author and prove nothing, and a pull request's opening time says
nothing about content pushed to it later (an early, empty pull request must not carry a late
filing). What the forge itself records is the start of each check run, with the commit it ran
on. So the content of a file arrived at the earliest `started_at` of a check run (of the checks
workflow, by the GitHub Actions app) whose head commit already had that exact blob at that path.
When no such run is known (the first run of this content, or offline), it arrives now: the run
that is checking it is the first to see it. A pull request hands its content over no earlier than
it was opened, so the opening time is a lower bound.

The check runs come in as a file in the checks API's JSON shape (`GET
/repos/{owner}/{repo}/commits/{ref}/check-runs`, one response, a list of responses or a list of
runs), so `check` stays offline: the workflow fetches them, a test writes them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..clock import Clock
from . import gitproc

# Only a check run made by GitHub Actions counts: anyone with write access can post commit
# statuses or check runs of another app under any name, not under this app.
ACTIONS_APP = "github-actions"


class CheckRunApp(BaseModel):
    model_config = ConfigDict(extra="ignore")
    slug: str = ""


class CheckRun(BaseModel):
    """One entry of the checks API's `check_runs`: only the fields that prove arrival."""

    model_config = ConfigDict(extra="ignore")
    name: str = ""
    head_sha: str = Field(pattern=r"^[0-9a-f]{40}$")
    started_at: datetime | None = None
    app: CheckRunApp | None = None


class CheckRunsError(ValueError):
    """The check-runs file cannot be used; the message is for the user."""


def load_check_runs(path: Path, name: str | None = None) -> list[CheckRun]:
    """The Actions app's runs in the file (of check `name` when given), with a start time."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CheckRunsError(f"无法读取检查记录文件 {path}：{exc.strerror}") from None
    except ValueError as exc:
        raise CheckRunsError(f"检查记录文件 {path} 不是 JSON：{exc}") from None
    runs: list[CheckRun] = []
    for index, raw in enumerate(_entries(data)):
        try:
            run = CheckRun.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            raise CheckRunsError(
                f"检查记录文件 {path} 第 {index + 1} 条记录的 {where} 不对（{first['msg']}）；"
                "应为 GitHub “list check runs for a Git reference” 接口返回的 JSON"
            ) from None
        if run.started_at is None or run.app is None or run.app.slug != ACTIONS_APP:
            continue
        if name is None or run.name == name:
            runs.append(run)
    return runs


def _entries(data: Any) -> Iterable[Any]:
    """Runs from one API response, a list of responses, or a list of runs."""
    items = data if isinstance(data, list) else [data]
    for item in items:
        if isinstance(item, dict) and "check_runs" in item:
            yield from item["check_runs"] if isinstance(item["check_runs"], list) else [item["check_runs"]]
        else:
            yield item


@dataclass(frozen=True, slots=True)
class Arrival:
    moment: datetime
    proof: str  # in the clerk's words: which record the time comes from


def arrivals(
    repo_root: Path, paths: list[str], runs: list[CheckRun], clock: Clock, opened_at: datetime | None = None
) -> dict[str, Arrival]:
    """Each path's arrival: the earliest run whose head had the working tree's blob there, never
    before the pull request was opened (`opened_at`, when known).

    One pass over the runs, oldest first; a run whose commit is not in the local repository
    (e.g. a force-pushed head) proves nothing and is skipped.
    """
    now = Arrival(clock.now, "本次检查开始的时间（平台此前没有检查过这份内容）")
    if not paths:
        return {}
    found: dict[str, Arrival] = {}
    wanted = _working_blobs(repo_root, paths)
    pending = {p for p, blob in wanted.items() if blob is not None}
    for run in sorted(runs, key=lambda r: r.started_at or clock.now):
        if not pending:
            break
        there = _blobs_at(repo_root, run.head_sha, pending)
        if there is None:
            continue
        for path in sorted(pending):
            if there.get(path) == wanted[path]:
                assert run.started_at is not None
                seen = max(run.started_at, opened_at) if opened_at else run.started_at
                found[path] = Arrival(seen, f"平台检查记录：{run.head_sha[:10]} 上的检查“{run.name}”开始的时间")
                pending.discard(path)
    return {p: found.get(p, now) for p in paths}


def _working_blobs(root: Path, paths: list[str]) -> dict[str, str | None]:
    """The blob id each path has in the working tree (None when it is not a file there).

    Hashed as git hashes a blob; the checkout in CI applies no filters, so it is the id of the
    committed content."""
    blobs: dict[str, str | None] = {}
    for path in paths:
        file = root / path
        blobs[path] = _blob_id(file.read_bytes()) if file.is_file() and not file.is_symlink() else None
    return blobs


def _blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _blobs_at(root: Path, sha: str, paths: set[str]) -> dict[str, str] | None:
    """The blob ids the paths have in commit `sha`; None when this clone has no such commit."""
    try:
        return gitproc.blob_ids(root, sha, paths)
    except gitproc.GitError:
        return None
