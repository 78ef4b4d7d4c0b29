"""Issue 17 on the simulated runner: main's code judges, the forge's clock proves, nobody judged holds a key.

Each scenario is an attack (or an honest filing the old design judged wrongly) played through the
real workflows: the event GitHub would send, the workflow file GitHub would read (main's for
pull_request_target and issue_comment), actions/checkout's ref/path, the fake forge's own clock.
"""

from __future__ import annotations

import json

from gitrepo import GRASSROOTS, LINNA, LINNA_ACCOUNT, ORGAN, ZHANG, ZHANG_ACCOUNT

from .scenario import API, Site

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
XIGANG = "submissions/2026/xigang/mediation.yaml"
CHECK = "检查本次变更（格式、日程、签字人）"
MERGE = "按此刻检查，通过则合并"
LATE = "::error file=submissions/2026/xigang/mediation.yaml,line=1,col=1,title=错误[E402]::"


def organ_filing(site: Site, number: int, pushed: str, path: str = XIGANG, branch: str = "pr") -> str:
    site.author.branch(branch)
    site.author.write(path, ORGAN.format(name="调解网络"))
    site.author.commit("Register", pushed, ZHANG)
    return site.push(number, pushed, branch)


def test_an_on_time_filing_signed_by_its_leader_is_green(site: Site) -> None:
    organ_filing(site, 1, "2026-03-15T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-15T10:05:00+08:00")
    assert job.ran and job.ok, job.out
    assert "与基准版本" in job.step(CHECK).out
