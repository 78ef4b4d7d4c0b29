"""The office's exceptions (逾期申报例外): a late filing may go through only with one on record.

Kept at `submissions/<year>/<office>/exceptions.yaml`; only the city office may write it (its
folder routes review to the office), and an exception counts only once it is on the base
branch, so nobody can grant themselves one in the pull request that needs it.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .base import LINE, SLUG_PATTERN, Form, IsoDate, Name, Text

_SLUG = SLUG_PATTERN.strip("^$")
# A filing's path as written in the repository: submissions/<year>/<unit>/<file>.yaml
FILING_PATH_PATTERN = rf"^submissions/20[0-9]{{2}}/{_SLUG}/{_SLUG}\.yaml$"
FilingPathText = Annotated[str, StringConstraints(pattern=FILING_PATH_PATTERN), LINE]


class Grant(Form):
    """One exception: which filing, why, until when, and who granted it."""

    path: FilingPathText = Field(
        alias="文件", description="例外适用的申报文件路径，例如 submissions/2026/xigang-bayi-street/legal-aid.yaml。"
    )
    reason: Text = Field(alias="原因", description="准予逾期的原因。")
    new_deadline: IsoDate = Field(
        alias="新截止日期", description="此文件的新截止日（当日 24 时即次日 00:00:00 前，北京时间）。"
    )
    granted_by: Name = Field(alias="批准人", description="批准例外的领导姓名。")
    granted_on: IsoDate = Field(alias="批准日期", description="批准日期，写成 YYYY-MM-DD。")


class Exceptions(Form):
    """Written by the city office (考评办公室) in its own folder of the year."""

    grants: list[Grant] = Field(
        alias="例外", min_length=1, description="考评领导小组批准的逾期申报例外，每个文件一条。"
    )
