"""The recommendation (推荐上报, by 15 November): a recommending body's list of achievements.

Written in the body's own folder: `submissions/<year>/<body>/recommendation.yaml`. A body is a
leadership organ; it recommends its own projects and those of its grassroots units (事业发展部
for the units directly under the city federation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from .base import Form, Opinion, Text
from .project_ref import ProjectRef
from .rules import CRITERIA, Category

if TYPE_CHECKING:
    CriterionId = str
else:  # one of the rules' criterion ids, as a Literal: the schema lists them for editors
    CriterionId = Literal[tuple(CRITERIA)]


class CriterionMet(Form):
    criterion: CriterionId = Field(
        alias="标准",
        description="项目符合的一条评选标准（见《评选办法》第四条）。文件里写标准的编号："
        "LD = 工会领导机关，JC = 基层工会；CX = 创新成果，CY = 创优成果；最后是第几条，例如 JC-CX-2。",
    )
    evidence: Text = Field(
        alias="佐证", description="事实依据：做了什么、何时、在哪里，例如会议名称、文件文号、领导批示。"
    )


class RecommendedProject(ProjectRef):
    category: Category = Field(alias="申报类别", description="推荐申报的类别。")
    criteria: list[CriterionMet] = Field(
        alias="符合标准", json_schema_extra={"minItems": 1}, description="项目符合的评选标准，至少一条，每条附佐证。"
    )
    opinion: Opinion = Field(alias="推荐意见", description="推荐单位的意见，领导签字并注明日期。")


class Recommendation(Form):
    """Written by a district/county federation, an open-pilot-zone union, an industry union,
    事业发展部, or a leadership organ for its own projects."""

    items: list[RecommendedProject] = Field(
        alias="推荐上报", min_length=1, description="本单位推荐上报市总工会考评办公室的“双创”成果。"
    )
