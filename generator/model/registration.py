"""The registration form (立项申报表): 附件1 for leadership organs, 附件2 for grassroots unions.

The parent's opinion on a grassroots form is not in this file: the parent writes it in its own
forwarding list (审核汇总, see `forwarding.py`), so each file is written by one body only.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from .base import Form, IsoDate, Name, Opinion, Text, one_line
from .rules import Category, FocusArea, Tier

ProjectName = Name


class Withdrawal(Form):
    date: IsoDate = Field(alias="日期", description="决定撤回的日期。")
    reason: Text = Field(alias="原因", description="撤回的原因。")


# The two forms share most fields; each lists them in the paper form's order, so templates
# and schemas read top to bottom like the form. The FieldInfo objects are shared, not copied.
_UNIT = Field(alias="单位", description="申报单位的全称（或单位编号），与单位名录一致。")
_PROJECT_NAME = Field(alias="项目名称", description="工作项目的名称，不超过 80 字。")
_CONTENT = Field(alias="主要内容", description="项目的主要内容：做什么、怎么做、预期成效。")
_FOCUS_AREAS = Field(
    alias="评选内容", min_length=1, description="项目围绕的重点工作，可多选；不在所列方面的选“其他”，并填写“其他内容”。"
)
_OTHER_FOCUS = Field(
    default=None,
    alias="其他内容",
    description="评选内容选了“其他”时必填：用一句话写明围绕的重点工作（不超过 40 字），例如“职工文化建设”。",
)
OtherFocus = one_line(min_length=1, max_length=40)
_CATEGORY = Field(default=None, alias="拟申报类别", description="拟申报的类别，推荐时再最终确定。")
_WITHDRAWAL = Field(default=None, alias="撤回", description="立项后决定不再参评时填写；已立项的表不能删除，只能撤回。")
_OPINION_HELP = "本单位意见，领导签字并注明日期。"


class OrganRegistration(Form):
    """附件1：大连市工会领导机关“双创”成果立项申报表."""

    tier: ClassVar[Tier] = Tier.ORGAN

    form: Literal["领导机关立项申报表"] = Field(alias="表", description="固定填写“领导机关立项申报表”。")
    unit: Name = _UNIT
    project_name: ProjectName = _PROJECT_NAME
    content: Text = _CONTENT
    unit_opinion: Opinion = Field(alias="单位意见", description=_OPINION_HELP)
    focus_areas: list[FocusArea] = _FOCUS_AREAS
    other_focus: OtherFocus | None = _OTHER_FOCUS
    category: Category | None = _CATEGORY
    withdrawal: Withdrawal | None = _WITHDRAWAL


class GrassrootsRegistration(Form):
    """附件2：大连市基层工会“双创”成果立项申报表."""

    tier: ClassVar[Tier] = Tier.GRASSROOTS

    form: Literal["基层工会立项申报表"] = Field(alias="表", description="固定填写“基层工会立项申报表”。")
    unit: Name = _UNIT
    parent: Name = Field(
        alias="所属上级", description="所属区市县总工会、开放先导区工会、产业工会或市总部门的全称（或编号）。"
    )
    project_name: ProjectName = _PROJECT_NAME
    content: Text = _CONTENT
    unit_opinion: Opinion = Field(alias="本单位意见", description=_OPINION_HELP)
    focus_areas: list[FocusArea] = _FOCUS_AREAS
    other_focus: OtherFocus | None = _OTHER_FOCUS
    category: Category | None = _CATEGORY
    withdrawal: Withdrawal | None = _WITHDRAWAL


Registration = OrganRegistration | GrassrootsRegistration
REGISTRATION_FORMS: dict[Tier, type[OrganRegistration] | type[GrassrootsRegistration]] = {
    Tier.ORGAN: OrganRegistration,
    Tier.GRASSROOTS: GrassrootsRegistration,
}
