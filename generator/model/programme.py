"""The programme settings (`submissions/programme.yaml`): the site, and each year's calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from .base import LINE, Form, IsoDate, Name, Text
from .rules import CHINA as CHINA  # re-exported: the calendar's zone, where it was always imported from
from .rules import DEFAULT_DEADLINES
from .rules import end_of_day as end_of_day


class CalendarOverride(Form):
    """One year's departures from the rules' dates (e.g. a deadline moved for a holiday)."""

    grassroots_to_parent: IsoDate | None = Field(
        default=None, alias="基层报送截止", description="基层工会报所属上级的截止日（默认 3 月 10 日）。"
    )
    registration: IsoDate | None = Field(
        default=None, alias="立项截止", description="报市总工会考评办公室的截止日（默认 3 月 20 日）。"
    )
    recommendation: IsoDate | None = Field(
        default=None, alias="推荐截止", description="推荐上报截止日（默认 11 月 15 日）。"
    )
    results: IsoDate | None = Field(
        default=None, alias="通报截止", description="通报评选结果截止日（默认 11 月 30 日）。"
    )
    note: Text | None = Field(default=None, alias="说明", description="调整的理由，例如节假日顺延。")


class NoticeSettings(Form):
    """How a year's results are made public: the 公示 period and where to raise an objection (异议)."""

    period_start: IsoDate | None = Field(default=None, alias="公示开始", description="公示期第一天，例如 2025-11-28。")
    period_end: IsoDate | None = Field(default=None, alias="公示结束", description="公示期最后一天，例如 2025-12-04。")
    objection_office: Name | None = Field(
        default=None, alias="异议受理", description="受理异议的部门，例如“市总工会‘双创’考评领导小组办公室”。"
    )
    contact: Name | None = Field(default=None, alias="联系人", description="受理异议的联系人。")
    phone: Annotated[str, StringConstraints(pattern=r"^[0-9+()\- ]{5,30}$"), LINE] | None = Field(
        default=None, alias="电话", description="联系电话，例如 0411-82345678。"
    )
    email: Annotated[str, StringConstraints(pattern=r"""^[^@\s<>"']+@[^@\s<>"']+\.[A-Za-z]{2,}$"""), LINE] | None = (
        Field(default=None, alias="电子邮箱", description="受理异议的电子邮箱。")
    )
    address: Name | None = Field(default=None, alias="地址", description="书面异议的寄送地址。")


class Programme(Form):
    sample: bool = Field(default=False, alias="示例数据", description="为 true 时，网站每页都标明“示例数据”。")
    title: Name = Field(default="大连市工会工作“双创”成果", alias="网站标题")
    repo_url: Annotated[str, StringConstraints(pattern=r"""^https://[^\s"'<>]+$"""), LINE] | None = Field(
        default=None,
        alias="仓库地址",
        description="托管本仓库的网址，用于链接到文件及其历史，例如 https://github.com/dlftu/shuangchuang。",
    )
    site_url: Annotated[str, StringConstraints(pattern=r"""^https://[^\s"'<>]+$"""), LINE] | None = Field(
        default=None,
        alias="网站地址",
        description="公示网站的网址，用于二维码和可分享的链接，例如 https://dlftu-sample.github.io/shuangchuang/。"
        "不填时站内链接用相对地址，二维码指向仓库里的文件。",
    )
    audit_from: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{7,40}$"), LINE] | None = Field(
        default=None,
        alias="审计起点",
        description="此提交（含）及之前的主分支历史是导入的旧记录，不做时限审计；填提交编号（7 到 40 位）。",
    )
    calendars: dict[int, CalendarOverride] = Field(
        default_factory=dict, alias="日程调整", description="按年份调整截止日，例如 2027: {立项截止: 2027-03-22}。"
    )
    notices: dict[int, NoticeSettings] = Field(
        default_factory=dict,
        alias="公示",
        description="按年份填写评选结果的公示期和异议受理方式，"
        "例如 2025: {公示开始: 2025-11-28, 公示结束: 2025-12-04, 电话: 0411-82345678}。",
    )

    def calendar(self, year: int) -> YearCalendar:
        override = self.calendars.get(year)
        days = {
            name: (getattr(override, name, None) if override else None) or date(year, m, d)
            for name, (m, d) in DEFAULT_DEADLINES.items()
        }
        # Adjusted only where a day differs from the rules: an entry that restates them changes nothing.
        moved = tuple(name for name, (m, d) in DEFAULT_DEADLINES.items() if days[name] != date(year, m, d))
        return YearCalendar(
            year=year, overridden=bool(moved), moved=moved, note=override.note if override and moved else None, **days
        )

    def notice(self, year: int) -> NoticeSettings | None:
        return self.notices.get(year)


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """A year's deadlines as days; `deadline(name)` is the last instant of that day in China."""

    year: int
    grassroots_to_parent: date
    registration: date
    recommendation: date
    results: date
    overridden: bool = False  # some day differs from the rules' default
    moved: tuple[str, ...] = ()  # which deadlines differ
    note: str | None = None  # the office's reason

    def deadline(self, name: str) -> datetime:
        return end_of_day(getattr(self, name))
