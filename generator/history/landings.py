"""The forge's record of what landed on main (`audit --landings FILE`, `build --landings FILE`).

The file is what `shuangchuang forge landings` writes: a JSON list, one object per commit of main
that the forge merged as a pull request:

    {"commit": "<sha of the merge commit on main>", "number": 12,
     "merged_at": "2027-03-18T09:30:00Z", "merged_by": "<account>",
     "reviews": [{"account": "...", "state": "APPROVED", "commit_id": "...", "submitted_at": "..."}]}

`reviews` may be left out (approvers then unknown); so may `arrived`, `{path: time}`: when the
content each filing landed with first reached the forge (its arrival record, see arrival.py), for
the filings whose window measures arrival (a grassroots registration's hand-over). Every time here was set by the forge's
server, so it is what the audit judges by; the PR number comes only from here, never from a
commit message.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model.programme import CHINA


class LandingsError(Exception):
    """The file cannot be used; the message says where and how to fix it (Chinese)."""


@dataclass(frozen=True, slots=True)
class ForgeLanding:
    commit: str
    number: int
    merged_at: datetime  # China time
    merged_by: str
    approvers: tuple[str, ...] | None  # accounts whose latest review approves; None when not recorded
    arrived: dict[str, datetime] | None = None  # path → when the landed content reached the forge


def _time(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise LandingsError(f"{where}：时间应是 ISO 8601 格式的文字，例如 2027-03-18T09:30:00Z")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise LandingsError(f"{where}：“{value}”不是 ISO 8601 格式的时间，例如 2027-03-18T09:30:00Z") from None
    if moment.tzinfo is None:
        raise LandingsError(f"{where}：时间“{value}”没有时区；平台的记录带时区（如 Z 或 +08:00）")
    return moment.astimezone(CHINA)


def _approvers(reviews: object, where: str) -> tuple[str, ...] | None:
    if reviews is None:
        return None
    if not isinstance(reviews, list):
        raise LandingsError(f"{where}：“reviews”应是列表")
    latest: dict[str, tuple[datetime, str]] = {}
    for at, review in enumerate(reviews):
        # The forge client's Review (account), or GitHub's own shape (user.login).
        user = review.get("user") if isinstance(review, dict) else None
        account = review.get("account") if isinstance(review, dict) else None
        account = account if account is not None else (user.get("login") if isinstance(user, dict) else None)
        if not isinstance(account, str):
            raise LandingsError(f"{where} 的第 {at + 1} 条审核：应有 account、state、submitted_at")
        when = _time(review.get("submitted_at"), f"{where} 的第 {at + 1} 条审核")
        state = str(review.get("state", ""))
        if state in ("COMMENTED", "PENDING"):
            continue  # a comment neither approves nor withdraws an approval
        if account not in latest or when >= latest[account][0]:
            latest[account] = (when, state)
    return tuple(sorted(a for a, (_, state) in latest.items() if state == "APPROVED"))


def _arrived(value: object, where: str) -> dict[str, datetime] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise LandingsError(f"{where}：“arrived”应是“文件路径: 时间”的对象")
    return {str(path): _time(at, f"{where} 的 arrived.{path}") for path, at in value.items()}


def read_landings(path: Path) -> dict[str, ForgeLanding]:
    """The landings by commit; LandingsError when the file is missing or not in this shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LandingsError(f"无法读取合并记录文件 {path}：{exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LandingsError(
            f"{path} 不是 UTF-8 编码的 JSON：{exc}；请用 shuangchuang forge landings 重新生成"
        ) from None
    if not isinstance(data, list):
        raise LandingsError(f"{path}：应是一个列表，每个合并一项；请用 shuangchuang forge landings 重新生成")
    found: dict[str, ForgeLanding] = {}
    for at, item in enumerate(data):
        where = f"{path} 的第 {at + 1} 项"
        if not isinstance(item, dict):
            raise LandingsError(f"{where}：应是一个对象（commit、number、merged_at、merged_by）")
        commit, number = item.get("commit"), item.get("number")
        if not isinstance(commit, str) or len(commit) < 7 or not isinstance(number, int) or isinstance(number, bool):
            raise LandingsError(f"{where}：应有 commit（提交编号）和 number（合并请求编号，整数）")
        found[commit] = ForgeLanding(
            commit,
            number,
            _time(item.get("merged_at"), where),
            str(item.get("merged_by") or ""),
            _approvers(item.get("reviews"), where),
            _arrived(item.get("arrived"), where),
        )
    return found
