"""A year of 2026 landed on main step by step, each step a pull request merged at a chosen time: the
files the steps write and `merge`, which lands one (for the tests of the record and of the site
built from it)."""

from __future__ import annotations

from gitrepo import ZHANG, GitRepo
from lifecycle_tree import FORWARDING, GRASSROOTS, ORGAN, RECOMMENDATION, REVIEW, TRACKING

Y = "submissions/2026"
ORGAN_A = f"{Y}/xigang/organ-a.yaml"
STREET_B = f"{Y}/xigang-bayi-street/street-b.yaml"
SQUARE_C = f"{Y}/xigang-renmin-square/square-c.yaml"
FORWARDED = f"{Y}/xigang/forwarding.yaml"
REVIEWED = f"{Y}/bangongshi/review.yaml"
EXCEPTIONS = f"{Y}/bangongshi/exceptions.yaml"

MEETING, APPROVAL = REVIEW.split("主席办公会议审定:")
APPROVAL, NOTICE = ("主席办公会议审定:" + APPROVAL).split("通报:")
NOTICE = "通报:" + NOTICE
SQUARE_FORWARDED = """  - 单位: xigang-renmin-square
    项目: square-c
    审核结论: 同意上报
    理由: 职工家庭开放日贴近职工，符合全区重点工作。
    意见: 经审核，同意上报。
    领导签字: 张志刚
    日期: 2026-03-22
"""


def merge(repo: GitRepo, branch: str, files: dict[str, str | None], when: str, message: str | None = None) -> str:
    """A pull request of one commit merged into main at `when` (China time); None deletes a file."""
    repo.branch(branch)
    for path, text in files.items():
        if text is None:
            repo.remove(path)
        else:
            repo.write(path, text)
    repo.commit(branch, f"{when[:10]}T08:00:00+08:00", ZHANG)
    repo.checkout("main")
    return repo.merge(branch, f"{when}+08:00", message)


STEPS = {
    "registered": (
        {
            ORGAN_A: ORGAN.format(name="劳动争议调解网络"),
            STREET_B: GRASSROOTS.format(unit="西岗区八一路街道总工会", name="社区职工服务驿站"),
            SQUARE_C: GRASSROOTS.format(unit="西岗区人民广场街道总工会", name="职工家庭开放日"),
        },
        "2026-03-08T10:00:00",
    ),
    "forwarded": ({FORWARDED: FORWARDING.replace("2026-03-10", "2026-03-18")}, "2026-03-18T10:00:00"),
    "tracked": ({f"{Y}/xigang/tracking.yaml": TRACKING}, "2026-06-12T10:00:00"),
    "recommended": ({f"{Y}/xigang/recommendation.yaml": RECOMMENDATION}, "2026-11-10T10:00:00"),
    "met": ({REVIEWED: MEETING}, "2026-11-20T10:00:00"),
    "approved": ({REVIEWED: MEETING + APPROVAL}, "2026-11-25T10:00:00"),
    "announced": ({REVIEWED: REVIEW}, "2026-11-28T10:00:00"),
}


def a_year(repo: GitRepo, until: str = "announced") -> dict[str, str]:
    """A year of 2026 landed on time, step by step up to `until`; the merge commit of each step by name."""
    done = {}
    for name, (files, when) in STEPS.items():
        done[name] = merge(repo, name, dict(files), when)
        if name == until:
            break
    return done
