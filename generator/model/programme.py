"""The programme settings (`submissions/programme.yaml`): the site, and each year's calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from pydantic import Field

from .base import Form, IsoDate, Name, Text, one_line
from .rules import CHINA as CHINA  # re-exported: the calendar's zone, where it was always imported from
from .rules import DEFAULT_DEADLINES, LEADING_GROUP_2011
from .rules import end_of_day as end_of_day
from .units import Account


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
    phone: one_line(pattern=r"^[0-9+()\- ]{5,30}$") | None = Field(
        default=None, alias="电话", description="联系电话，例如 0411-82345678。"
    )
    email: one_line(pattern=r"^[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}$") | None = Field(
        default=None, alias="电子邮箱", description="受理异议的电子邮箱。"
    )
    address: Name | None = Field(default=None, alias="地址", description="书面异议的寄送地址。")


class Threshold(StrEnum):
    """A share of a whole, as the office sets the review meeting's quorum and majority."""

    MAJORITY = "过半数"  # more than half
    TWO_THIRDS = "三分之二以上"  # two thirds or more
    ALL = "全体"

    def met(self, part: int, whole: int) -> bool:
        if self is Threshold.MAJORITY:
            return 2 * part > whole
        if self is Threshold.TWO_THIRDS:
            return 3 * part >= 2 * whole
        return part >= whole

    def needed(self, whole: int) -> int:
        """The smallest part that meets the threshold."""
        return next(n for n in range(whole + 1) if self.met(n, whole)) if whole else 0


class LeadingGroup(Form):
    """八、组织领导: the year's 考评领导小组. Its members hold the review meeting; its 组长 may
    approve exceptions (逾期申报例外) besides the office's signers."""

    chair: Name = Field(alias="组长", description="考评领导小组组长的姓名，例如“陈凤荣”。")
    chair_account: Account | None = Field(
        default=None,
        alias="组长账号",
        description="可选：组长在代码托管平台上的用户名（不带 @）。登记后，组长批准合并请求即可签批逾期申报例外。",
    )
    vice_chairs: list[Name] = Field(default_factory=list, alias="副组长", description="副组长的姓名。")
    members: list[Name] = Field(default_factory=list, alias="成员", description="其他成员的姓名。")
    quorum: Threshold = Field(
        default=Threshold.MAJORITY,
        alias="出席要求",
        description="评审会须有多少成员出席才能举行：过半数（默认）、三分之二以上 或 全体。",
    )
    majority: Threshold = Field(
        default=Threshold.MAJORITY,
        alias="通过要求",
        description="拟授奖须有多少出席成员赞成：过半数（默认）、三分之二以上 或 全体。",
    )

    @property
    def everyone(self) -> list[str]:
        """组长, 副组长 and 成员, each once, in that order."""
        return list(dict.fromkeys([self.chair, *self.vice_chairs, *self.members]))


class Programme(Form):
    sample: bool = Field(default=False, alias="示例数据", description="为 true 时，网站每页都标明“示例数据”。")
    title: Name = Field(default="大连市工会工作“双创”成果", alias="网站标题")
    repo_url: one_line(pattern=r"^https://[^\s\"'<>]+$") | None = Field(
        default=None,
        alias="仓库地址",
        description="托管本仓库的网址，用于链接到文件及其历史，例如 https://github.com/dlftu/shuangchuang。",
    )
    site_url: one_line(pattern=r"^https://[^\s\"'<>]+$") | None = Field(
        default=None,
        alias="网站地址",
        description="公示网站的网址，用于二维码和可分享的链接，例如 https://dlftu-sample.github.io/shuangchuang/。"
        "不填时站内链接用相对地址，二维码指向仓库里的文件。",
    )
    audit_from: one_line(pattern=r"^[0-9a-f]{7,40}$") | None = Field(
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

    leading_groups: dict[int, LeadingGroup] = Field(
        default_factory=dict,
        alias="考评领导小组",
        description="按年份登记考评领导小组（《评选办法》八）：组长、副组长、成员，以及评审会的出席要求和通过要求，"
        "例如 2026: {组长: 陈凤荣, 副组长: [曲朝阳], 成员: [王光宇, 于波]}。",
    )

    def leading_group(self, year: int) -> LeadingGroup:
        """The year's leading group as registered, else the one the rules name (八)."""
        found = self.leading_groups.get(year)
        if found is not None:
            return found
        default = LEADING_GROUP_2011
        return LeadingGroup(
            chair=default["chair"], vice_chairs=list(default["vice_chairs"]), members=list(default["members"])
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
