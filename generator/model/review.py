"""The review and its results (评审与审定), written by the office in its own folder.

`submissions/<year>/<office>/review.yaml` grows through the second half of November: the review
meeting and its results first, then the chairman's office meeting's approval, the provincial
recommendation, and the announcement (通报). Later sections stay empty until they happen.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from .base import Form, IsoDate, Name, Text
from .project_ref import ProjectRef
from .recommendation import CriterionId
from .rules import Category


class Award(StrEnum):
    INNOVATION = "创新成果奖"
    EXCELLENCE = "创优成果奖"
    NONE = "不授奖"

    @property
    def category(self) -> Category | None:
        return {Award.INNOVATION: Category.INNOVATION, Award.EXCELLENCE: Category.EXCELLENCE}.get(self)


_YES = {"是": True, "否": False}


def _yes_no(value: Any) -> Any:
    return _YES.get(value.strip(), value) if isinstance(value, str) else value


YesNo = Annotated[bool, BeforeValidator(_yes_no), WithJsonSchema({"enum": ["是", "否", True, False]})]
Votes = Annotated[int, Field(ge=0, le=1000)]


class ReviewMeeting(Form):
    date: IsoDate = Field(alias="日期", description="评审会召开的日期。")
    members: list[Name] = Field(alias="出席成员", min_length=1, description="出席评审会的考评领导小组成员姓名。")


class ReviewedProject(ProjectRef):
    votes_for: Votes = Field(alias="赞成", description="民主推荐赞成票数。")
    votes_against: Votes = Field(alias="反对", description="反对票数。")
    abstentions: Votes = Field(alias="弃权", description="弃权票数。")
    opinion: Text = Field(alias="评审意见", description="评审会对项目的评价意见。")
    award: Award = Field(alias="拟授奖", description="评审会提出的授奖建议。")
    category_note: Text | None = Field(
        default=None, alias="类别调整理由", description="拟授奖（或审定）类别与推荐申报类别不同时，写明理由。"
    )
    category_criteria: list[CriterionId] = Field(
        default_factory=list,
        alias="依据标准",
        description="授奖类别与推荐申报类别不同时必填：项目符合的那一类别的评选标准编号（《评选办法》四），"
        "例如 LD-CY-1。",
    )
    decision: Award | None = Field(
        default=None,
        alias="审定",
        description="主席办公会议审定后填写：对本项目的审定结果。不填即按“拟授奖”审定；与拟授奖不同时须填“审定理由”。",
    )
    decision_note: Text | None = Field(
        default=None, alias="审定理由", description="审定结果与拟授奖不同时，写明主席办公会议的理由。"
    )

    @property
    def final(self) -> Award:
        """The award as the chairman's office meeting decided it: as proposed unless it said otherwise."""
        return self.decision or self.award

    @property
    def changed_at_approval(self) -> bool:
        return self.decision is not None and self.decision is not self.award


class Approval(Form):
    date: IsoDate = Field(alias="日期", description="市总工会主席办公会议审定的日期。")
    meeting: Name = Field(alias="会议", description="会议名称或纪要编号，例如“2025年第18次主席办公会议”。")
    note: Text | None = Field(default=None, alias="审定意见", description="可选：会议对评审结果的意见。")


class ProvinceItem(ProjectRef):
    recommend: YesNo = Field(alias="推荐", description="是否推荐上报省总工会：填“是”或“否”。")
    reason: Text = Field(alias="理由", description="推荐或不推荐的理由（是否符合省总工会“双创”成果标准）。")


class Announcement(Form):
    date: IsoDate = Field(alias="日期", description="通报评选结果的日期（每年 11 月底前）。")
    number: Name = Field(alias="文号", description="通报的文号，例如“大工发〔2025〕35号”。")


class Review(Form):
    """Written by the office (市总工会“双创”考评领导小组办公室) only."""

    meeting: ReviewMeeting = Field(alias="评审会", description="“双创”成果评审会。")
    results: list[ReviewedProject] = Field(
        alias="评审结果", min_length=1, description="评审会对每个推荐项目的民主推荐结果和评审意见。"
    )
    approval: Approval | None = Field(default=None, alias="主席办公会议审定", description="主席办公会议审定后填写。")
    province: list[ProvinceItem] = Field(
        default_factory=list, alias="推荐省总", description="审定后填写：哪些成果推荐上报省总工会。"
    )
    announcement: Announcement | None = Field(default=None, alias="通报", description="通报评选结果后填写。")
