"""The forge's word on who approved: GitHub's "list reviews for a pull request" JSON, read offline.

    [{"user": {"login": "xigang-linna"}, "state": "APPROVED",
      "submitted_at": "2026-03-08T02:00:00Z", "commit_id": "<the head commit reviewed>"}, …]

A reviewer's latest decisive review counts (approving, requesting changes, or an approval
dismissed by a later push); comments decide nothing. Whether the approval still covers a file is
judged against the repository (`signatures.py`), not taken from the forge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model.programme import CHINA
from ..read.json_file import JsonFileError, load_json

DECISIVE = {"APPROVED", "CHANGES_REQUESTED", "DISMISSED"}
_SHA = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")


class ApprovalsError(Exception):
    """The approvals file cannot be read; the message is for the user."""


@dataclass(frozen=True, slots=True)
class Approval:
    account: str  # the forge login
    commit: str  # the head commit the reviewer saw
    time: datetime  # submitted_at, in China time


def load_approvals(path: Path) -> list[Approval]:
    try:
        data = load_json(path, "批准记录文件")
    except JsonFileError as exc:
        raise ApprovalsError(str(exc)) from None
    return effective_approvals(parse_reviews(data, str(path)))


def parse_reviews(data: object, where: str) -> list[tuple[str, str, str, datetime]]:
    """(login, state, commit, submitted_at) of each review, in the order the forge gave them."""
    if not isinstance(data, list):
        raise ApprovalsError(f"批准记录文件 {where} 应是审核记录的列表（GitHub 合并请求 reviews 接口的返回内容）")
    reviews = []
    for i, item in enumerate(data, 1):
        if isinstance(item, dict) and "account" in item:  # `shuangchuang forge reviews`: any forge
            item = {**item, "user": {"login": item["account"]}}
        try:
            login, state = item["user"]["login"], item["state"]
            commit, submitted = item.get("commit_id") or "", item.get("submitted_at")
        except (TypeError, KeyError):
            raise ApprovalsError(f"批准记录文件 {where} 第 {i} 条缺少 user.login 或 state") from None
        if not isinstance(login, str) or not isinstance(state, str) or not isinstance(commit, str):
            raise ApprovalsError(f"批准记录文件 {where} 第 {i} 条的 user.login、state 或 commit_id 不是文字")
        if submitted is None:
            continue  # a pending review has not been submitted
        reviews.append((login, state, commit, _time(submitted, where, i)))
    return reviews


def effective_approvals(reviews: list[tuple[str, str, str, datetime]]) -> list[Approval]:
    latest: dict[str, tuple[str, str, datetime]] = {}
    for login, state, commit, when in sorted(reviews, key=lambda r: r[3]):
        if state in DECISIVE:
            latest[login.lower()] = (state, commit, when)
    return [
        Approval(login, commit, when)
        for login, (state, commit, when) in latest.items()
        if state == "APPROVED" and _SHA.match(commit)
    ]


def _time(value: object, where: str, i: int) -> datetime:
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if moment.tzinfo is not None:
            moment.astimezone(CHINA)  # the last hours of year 9999 have no China time
    except (ValueError, OverflowError):
        raise ApprovalsError(f"批准记录文件 {where} 第 {i} 条的 submitted_at “{value}”不是 ISO 8601 时间") from None
    if moment.tzinfo is None:
        raise ApprovalsError(f"批准记录文件 {where} 第 {i} 条的 submitted_at 没有时区")
    return moment.astimezone(CHINA)
