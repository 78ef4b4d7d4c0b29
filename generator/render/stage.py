"""Where the programme stands today: the year's stage from its filings, the calendar only ahead.

What has happened is read from the record (the review meeting, the approval, the 通报); the
calendar only says what is due next. So the site never announces results nobody has filed,
and a missed deadline shows as missed rather than as done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..model.programme import CHINA, Programme
from .figures import Figures
from .templating import cn_date

# (deadline, stage before it, what happens, the deadline's label), in calendar order.
_WINDOWS = [
    (
        "grassroots_to_parent",
        "立项申报",
        "各单位对全年拟实施的创新、创优项目立项，填写立项申报表。",
        "基层工会报所属上级截止",
    ),
    (
        "registration",
        "审核汇总",
        "上级工会审核汇总所属基层工会的立项；工会领导机关向市总工会报送立项。",
        "立项报送市总工会截止",
    ),
    ("recommendation", "项目实施与跟踪考核", "各单位实施项目，上级工会跟踪考核；准备推荐上报。", "推荐上报截止"),
    (
        "results",
        "评审与审定",
        "推荐已截止：考评领导小组评审、民主推荐，主席办公会议审定，然后通报评选结果。",
        "通报评选结果截止",
    ),
]
RESULTS_LABEL = _WINDOWS[-1][3]


@dataclass(frozen=True, slots=True)
class Stage:
    year: int  # the year whose deadline the home page counts down to (the guide shows its calendar)
    name: str
    what: str
    deadline_label: str
    deadline: datetime
    days_left: int  # negative once the deadline has passed with the step not on record

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def current_stage(programme: Programme, now: datetime, year_figures: Figures) -> Stage:
    """`year_figures`: the counts of the current calendar year's projects at `now`."""
    today = now.astimezone(CHINA)
    year = today.year
    calendar = programme.calendar(year)
    notice = year_figures.announcement
    if notice is not None:
        nxt = programme.calendar(year + 1)
        return _stage(
            year + 1,
            "结果已通报",
            f"{year} 年评选结果已于 {cn_date(notice.date)}通报（{notice.number}）；{year + 1} 年立项申报即将开始。",
            _WINDOWS[0][3],
            nxt.deadline("grassroots_to_parent"),
            today.date(),
        )
    results = calendar.deadline("results")
    if year_figures.approved:
        return _stage(
            year,
            "已审定，待通报",
            "主席办公会议已审定评选结果，考评办公室将通报评选结果。",
            RESULTS_LABEL,
            results,
            today.date(),
        )
    if year_figures.reviewed:
        return _stage(
            year,
            "评审中",
            "评审会已召开，等待市总工会主席办公会议审定，然后通报评选结果。",
            RESULTS_LABEL,
            results,
            today.date(),
        )
    for name, stage, what, label in _WINDOWS:
        deadline = calendar.deadline(name)
        if today <= deadline:
            return _stage(year, stage, what, label, deadline, today.date())
    return _stage(
        year,
        "评审与审定",
        f"通报截止日已过，{year} 年评选结果尚未通报；以考评办公室的通知为准。",
        RESULTS_LABEL,
        results,
        today.date(),
    )


def _stage(year: int, name: str, what: str, label: str, deadline: datetime, today: date) -> Stage:
    return Stage(year, name, what, label, deadline, (deadline.date() - today).days)
