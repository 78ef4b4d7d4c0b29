"""The tracking record (跟踪考核记录): what a parent or the office saw of a project during the year.

Written in the recorder's own folder: `submissions/<year>/<parent or office>/tracking.yaml`.
Any number of records per project; only the project's parent or the office may write them.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Form, IsoDate, Name, Text, one_line
from .project_ref import ProjectRef

Link = one_line(pattern=r"^https://[^\s\"'<>]+$", max_length=500)


class TrackingMethod(StrEnum):
    """六、1: 实地调查、召开座谈会、广泛征求意见, and the materials a unit hands in."""

    FIELD_VISIT = "实地调查"
    FORUM = "座谈会"
    OPINIONS = "征求意见"
    DOCUMENT = "收到材料"
    INSPECTION = "督查考核"


class TrackingOutcome(StrEnum):
    """六.1 跟踪考核和认定: what the parent (or the office) found the project to be, when it says so."""

    CONFIRMED = "予以认定"
    PENDING = "暂缓认定"
    REJECTED = "不予认定"


class TrackingRecord(ProjectRef):
    date: IsoDate = Field(alias="日期", description="跟踪考核的日期，写成 YYYY-MM-DD。")
    method: TrackingMethod = Field(alias="方式", description="跟踪考核的方式。")
    finding: Text = Field(alias="情况", description="看到了什么、项目进展和成效、存在的问题。")
    outcome: TrackingOutcome | None = Field(
        default=None,
        alias="认定",
        description="可选：本次考核的认定结论：予以认定、暂缓认定 或 不予认定（项目是否达到立项时的目标）。",
    )
    recorder: Name = Field(alias="记录人", description="填写本条记录的工作人员姓名。")
    evidence: list[Link] = Field(
        default_factory=list, alias="佐证", description="可选：照片、简报、文件等材料的网址（以 https:// 开头）。"
    )


class Tracking(Form):
    """Written by a parent (for its grassroots units) or by the office (for any project)."""

    records: list[TrackingRecord] = Field(
        alias="跟踪考核记录", min_length=1, description="本单位对所属项目的跟踪考核记录，每次一条，按日期先后排列。"
    )
