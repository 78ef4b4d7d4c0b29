"""What the rules (大工发[2011]18号) fix: tiers, categories, focus areas, criteria, the calendar.

These are code, not data: they change only when the rules change, and every year's filings
are checked against them. The year's calendar can be overridden in `submissions/programme.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo


class Tier(StrEnum):
    ORGAN = "工会领导机关"
    GRASSROOTS = "基层工会"


class Category(StrEnum):
    INNOVATION = "创新成果"
    EXCELLENCE = "创优成果"

    @property
    def award(self) -> str:
        return "创新成果奖" if self is Category.INNOVATION else "创优成果奖"


class FocusArea(StrEnum):
    """二、评选内容."""

    SKILLS = "提升职工素质"
    LABOUR_RELATIONS = "协调劳动关系"
    RIGHTS = "维护职工合法权益"
    GRASSROOTS_VITALITY = "增强基层工会活力"
    SELF_BUILDING = "加强工会自身建设"
    # The rules' list is open ("特别是……等方面"): other focus areas are named in 其他内容.
    OTHER = "其他"


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    tier: Tier
    category: Category
    text: str


def _criteria(prefix: str, tier: Tier, category: Category, *texts: str) -> list[Criterion]:
    return [Criterion(f"{prefix}-{i}", tier, category, t) for i, t in enumerate(texts, start=1)]


# 四、评选标准. Ids: LD = 工会领导机关, JC = 基层工会; CX = 创新, CY = 创优.
CRITERIA: dict[str, Criterion] = {
    c.id: c
    for c in [
        *_criteria(
            "LD-CX",
            Tier.ORGAN,
            Category.INNOVATION,
            "在工作的机制、载体、形式、内容、方法、措施等方面有新突破，在市以上（含市）首创，具有工作指导意义。",
            "重点工作创造性地深化、拓展、突破，成功做法和经验在全总、省总和国家、省召开的工作会议和经验交流会上作介绍"
            "（不包括书面发言），或以现场会、文件等形式推广。",
            "重点工作形成规范、科学、完整的机制、体系，得到市以上领导批示，并纳入领导决策以及工作方案和法律、法规之中。",
        ),
        *_criteria(
            "LD-CY",
            Tier.ORGAN,
            Category.EXCELLENCE,
            "在推进重点工作深化和落实措施上力度较大，取得明显成效。",
            "工作项目在全市领先，超额完成市总工会确定的工作目标和任务，得到上级工会的充分肯定和职工群众的广泛赞誉。",
            "工作中形成的好经验、好做法、重大典型等在市总工会召开的工作会议和经验交流会议上作介绍，并在全市推广。",
        ),
        *_criteria(
            "JC-CX",
            Tier.GRASSROOTS,
            Category.INNOVATION,
            "在工作机制、载体、形式、内容、方法、措施等方面有新突破，在全市具有推广价值。",
            "工作经验在市以上工会召开的工作会议和经验交流会上作介绍（包括书面发言），或以现场会、文件等形式推广。",
            "工作成果（含调查报告）得到全总、省总、市总及市级领导批示，并纳入领导决策以及总体工作部署。",
        ),
        *_criteria(
            "JC-CY",
            Tier.GRASSROOTS,
            Category.EXCELLENCE,
            "在推进重点工作深化和落实措施上取得明显成效，得到市总工会充分肯定和表彰。",
            "工作成果在本地区、本行业领先并得到推广，工作项目在本地区或全市产生较大影响。",
            "工作经验在区市县、产业及市总工会部门召开的工作会议和经验交流会议上作介绍，或得到区市县党政领导充分肯定，"
            "并作出批示。",
        ),
    ]
}


def criteria_for(tier: Tier, category: Category) -> list[Criterion]:
    return [c for c in CRITERIA.values() if c.tier is tier and c.category is category]


# 五、六: the default calendar, as (month, day); "3月20日前" is read as "until the end of 20 March".
DEFAULT_DEADLINES: dict[str, tuple[int, int]] = {
    "grassroots_to_parent": (3, 10),
    "registration": (3, 20),
    "recommendation": (11, 15),
    "results": (11, 30),
}
# The section of the rules that sets each deadline, as late hints cite it.
DEADLINE_SECTIONS: dict[str, str] = {
    "grassroots_to_parent": "《评选办法》五.2",
    "registration": "《评选办法》五.2",
    "recommendation": "《评选办法》六.2",
    "results": "《评选办法》六.2",
}
# 八、组织领导: the leading group as the rules of 2011 name it. A year whose settings register no
# group of its own is judged against this one (and `check` says so).
LEADING_GROUP_2011 = {
    "chair": "陈凤荣",
    "vice_chairs": ("曲朝阳",),
    "members": ("王光宇", "于波", "段建华", "王强", "周萍", "罗军胜"),
}
TIMEZONE = "Asia/Shanghai"
CHINA = ZoneInfo(TIMEZONE)


def end_of_day(day: date) -> datetime:
    """The last instant of the day in China: "3月10日前" / "24 时前" means before 00:00:00 of the
    next day, so 23:59:59.5 is on time (a datetime has no instant between this and midnight)."""
    return datetime.combine(day, time.max, tzinfo=CHINA)
