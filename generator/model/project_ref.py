"""A reference to one registered project: the unit's id and the project's id (its file name)."""

from __future__ import annotations

from pydantic import Field

from .base import Form, Slug


class ProjectRef(Form):
    """Filings after registration name a project by where its registration lies:
    submissions/<year>/<单位>/<项目>.yaml."""

    unit: Slug = Field(alias="单位", description="项目的申报单位编号（见 submissions/units.yaml）。")
    project: Slug = Field(alias="项目", description="项目编号，即该单位申报表的文件名（不含 .yaml）。")
