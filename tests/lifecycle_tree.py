"""A small, valid year of filings after registration, written as real files in a temp repository.

Tests change one file to break one rule, then find the finding by code at a line they locate
in the text they wrote, so no line number is hard-coded.
"""

from __future__ import annotations

from pathlib import Path

from generator.diagnostics import Finding
from generator.validate.tree import load_submissions

YEAR = 2026

ORGAN = """\
表: 领导机关立项申报表
单位: 大连市西岗区总工会
项目名称: {name}
主要内容: 在全区建立劳动争议调解工作站。
单位意见:
  意见: 同意申报。
  领导签字: 张志刚
  日期: 2026-03-12
评选内容:
  - 协调劳动关系
  - 其他
其他内容: 诉调对接
拟申报类别: 创新成果
"""
GRASSROOTS = """\
表: 基层工会立项申报表
单位: {unit}
所属上级: 大连市西岗区总工会
项目名称: {name}
主要内容: 建设户外劳动者服务驿站。
本单位意见:
  意见: 同意申报。
  领导签字: 林娜
  日期: 2026-03-05
评选内容:
  - 增强基层工会活力
拟申报类别: 创优成果
"""
FORWARDING = """\
审核汇总:
  - 单位: xigang-bayi-street
    项目: street-b
    审核结论: 同意上报
    理由: 服务户外劳动者，符合全区重点工作。
    意见: 经审核，同意上报。
    领导签字: 张志刚
    日期: 2026-03-10
"""
TRACKING = """\
跟踪考核记录:
  - 单位: xigang-bayi-street
    项目: street-b
    日期: 2026-06-12
    方式: 实地调查
    情况: 驿站已建成开放。
    认定: 予以认定
    记录人: 张志刚
"""
RECOMMENDATION = """\
推荐上报:
  - 单位: xigang
    项目: organ-a
    申报类别: 创新成果
    符合标准:
      - 标准: LD-CX-1
        佐证: 在全市率先建立诉调对接机制。
    推荐意见:
      意见: 同意推荐。
      领导签字: 张志刚
      日期: 2026-11-10
  - 单位: xigang-bayi-street
    项目: street-b
    申报类别: 创优成果
    符合标准:
      - 标准: JC-CY-3
        佐证: 2026 年 10 月在区工会工作推进会上作经验介绍。
    推荐意见:
      意见: 同意推荐。
      领导签字: 张志刚
      日期: 2026-11-10
"""
REVIEW = """\
评审会:
  日期: 2026-11-20
  出席成员: [陈凤荣, 曲朝阳, 王光宇, 于波, 段建华]
评审结果:
  - 单位: xigang
    项目: organ-a
    赞成: 5
    反对: 0
    弃权: 0
    评审意见: 全市首创。
    拟授奖: 创新成果奖
  - 单位: xigang-bayi-street
    项目: street-b
    赞成: 4
    反对: 1
    弃权: 0
    评审意见: 成效明显。
    拟授奖: 创优成果奖
主席办公会议审定:
  日期: 2026-11-25
  会议: 2026年第20次主席办公会议
推荐省总:
  - 单位: xigang
    项目: organ-a
    推荐: 是
    理由: 符合省总工会标准。
通报:
  日期: 2026-11-28
  文号: 大工发〔2026〕40号
"""

FILES = {
    "xigang/organ-a.yaml": ORGAN.format(name="劳动争议调解网络"),
    "xigang/organ-w.yaml": ORGAN.format(name="已撤回的项目")
    + "撤回:\n  日期: 2026-06-01\n  原因: 并入年度重点工作。\n",
    "xigang-bayi-street/street-b.yaml": GRASSROOTS.format(unit="西岗区八一路街道总工会", name="社区职工服务驿站"),
    "xigang-renmin-square/square-c.yaml": GRASSROOTS.format(unit="西岗区人民广场街道总工会", name="职工家庭开放日"),
    "xigang/forwarding.yaml": FORWARDING,
    "xigang/tracking.yaml": TRACKING,
    "xigang/recommendation.yaml": RECOMMENDATION,
    "bangongshi/review.yaml": REVIEW,
}


def write_year(root: Path, files: dict[str, str] | None = None) -> None:
    for rel, text in (files or FILES).items():
        target = root / "submissions" / str(YEAR) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def put(root: Path, rel: str, text: str) -> str:
    """Write one filing of the year; returns its repo-relative path."""
    target = root / "submissions" / str(YEAR) / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return f"submissions/{YEAR}/{rel}"


def findings(root: Path) -> list[Finding]:
    return load_submissions(root).findings


def position(text: str, needle: str, nth: int = 1) -> tuple[int, int]:
    """(line, column) where the value after `needle` starts (or the needle itself if it ends in ':')."""
    start = -1
    for _ in range(nth):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    if needle.endswith(":"):
        return line, column + len(needle) - len(needle.lstrip(" -"))
    key, _, _ = needle.rpartition(": ")
    return line, column + len(key) + 2
