"""The programme settings (`submissions/programme.yaml`): the site, and each year's calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from pydantic import Field

from .base import Form, IsoDate, Name, Text, one_line
from .rules import DEFAULT_DEADLINES, TIMEZONE

CHINA = ZoneInfo(TIMEZONE)


class CalendarOverride(Form):
    """One year's departures from the rules' dates (e.g. a deadline moved for a holiday)."""

    grassroots_to_parent: IsoDate | None = Field(default=None, alias="基层报送截止",
                                                 description="基层工会报所属上级的截止日（默认 3 月 10 日）。")
    registration: IsoDate | None = Field(default=None, alias="立项截止",
                                         description="报市总工会考评办公室的截止日（默认 3 月 20 日）。")
    recommendation: IsoDate | None = Field(default=None, alias="推荐截止", description="推荐上报截止日（默认 11 月 15 日）。")
    results: IsoDate | None = Field(default=None, alias="通报截止", description="通报评选结果截止日（默认 11 月 30 日）。")
    note: Text | None = Field(default=None, alias="说明", description="调整的理由，例如节假日顺延。")


class Programme(Form):
    sample: bool = Field(default=False, alias="示例数据", description="为 true 时，网站每页都标明“示例数据”。")
    title: Name = Field(default="大连市工会工作“双创”成果", alias="网站标题")
    repo_url: one_line(pattern=r"^https://[^\s\"'<>]+$") | None = Field(default=None, alias="仓库地址",
                                 description="托管本仓库的网址，用于链接到文件及其历史，例如 https://github.com/dlftu/shuangchuang。")
    audit_from: one_line(pattern=r"^[0-9a-f]{7,40}$") | None = Field(default=None, alias="审计起点",
                                   description="此提交（含）及之前的主分支历史是导入的旧记录，不做时限审计；填提交编号（7 到 40 位）。")
    calendars: dict[int, CalendarOverride] = Field(default_factory=dict, alias="日程调整",
                                                   description="按年份调整截止日，例如 2027: {立项截止: 2027-03-22}。")

    def calendar(self, year: int) -> YearCalendar:
        override = self.calendars.get(year)
        days = {
            name: (getattr(override, name, None) if override else None) or date(year, m, d)
            for name, (m, d) in DEFAULT_DEADLINES.items()
        }
        return YearCalendar(year=year, overridden=override is not None, **days)


@dataclass(frozen=True, slots=True)
class YearCalendar:
    """A year's deadlines as days; `deadline(name)` is the last instant of that day in China."""

    year: int
    grassroots_to_parent: date
    registration: date
    recommendation: date
    results: date
    overridden: bool = False

    def deadline(self, name: str) -> datetime:
        return end_of_day(getattr(self, name))


def end_of_day(day: date) -> datetime:
    """The last instant of the day in China: "3月10日前" / "24 时前" means before 00:00:00 of the
    next day, so 23:59:59.5 is on time (a datetime has no instant between this and midnight)."""
    return datetime.combine(day, time.max, tzinfo=CHINA)
