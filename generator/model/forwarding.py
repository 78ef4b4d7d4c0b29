"""The parent's forwarding list (审核汇总): its decision and opinion on each grassroots registration.

五.2: a grassroots union hands its registration to its parent by 10 March; by 20 March the parent
reviews it and forwards it to the city office, or does not. Each entry records that decision
(同意上报 / 不同意上报) with the parent's opinion; a refusal says why (理由), so the unit has a
record and a reason. An entry covers the registration's content as it stood when the parent
signed: a later change to that content needs the parent to sign the entry again.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Form, Opinion, Slug, Text


class ForwardingDecision(StrEnum):
    FORWARD = "同意上报"
    REFUSE = "不同意上报"


class ForwardedProject(Opinion):
    unit: Slug = Field(alias="单位", description="所属基层工会的单位编号。")
    project: Slug = Field(alias="项目", description="项目编号（即该单位申报表的文件名，不含 .yaml）。")
    decision: ForwardingDecision = Field(
        alias="审核结论",
        description="“同意上报”：报市总工会考评办公室立项；“不同意上报”：不立项，须在“理由”中写明原因。",
    )
    reason: Text | None = Field(
        default=None, alias="理由", description="不同意上报时必填：写明理由，申报单位和公示网站都能看到。"
    )

    @property
    def forwarded(self) -> bool:
        return self.decision is ForwardingDecision.FORWARD


class Forwarding(Form):
    """Written by a parent (区市县总工会、开放先导区工会、产业工会、市总事业发展部) in its own folder."""

    items: list[ForwardedProject] = Field(
        alias="审核汇总",
        min_length=1,
        description="本单位对所属基层工会每个立项项目的审核结论和意见（同意上报或不同意上报）。",
    )
