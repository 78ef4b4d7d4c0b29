"""The parent's forwarding list (审核汇总): its opinion on each grassroots registration it forwards."""

from __future__ import annotations

from pydantic import Field

from .base import Form, Opinion, Slug


class ForwardedProject(Opinion):
    unit: Slug = Field(alias="单位", description="所属基层工会的单位编号。")
    project: Slug = Field(alias="项目", description="项目编号（即该单位申报表的文件名，不含 .yaml）。")


class Forwarding(Form):
    """Written by a parent (区市县总工会、开放先导区工会、产业工会、市总事业发展部) in its own folder."""

    items: list[ForwardedProject] = Field(
        alias="审核汇总", min_length=1, description="本单位审核同意、报市总工会的所属基层工会立项项目。"
    )
