"""The Forgejo/Gitea workflow set (.forgejo/workflows) on the simulated runner, through the same
scenarios as GitHub's: an honest filing, a late one, forged evidence, a dismissed approval, the
merge at midnight; plus what only this forge does (a force push keeps its proof in the timeline).

The forge is the fake's Gitea dialect (Forgejo's names); the jobs fetch main with git from the
forge's address, install main's checker and judge the pull request's head as data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fakeforge import gitea_user
from gitrepo import GRASSROOTS, LINNA, LINNA_ACCOUNT, ORGAN, ZHANG, ZHANG_ACCOUNT

from .gitea_scenario import GiteaSite

XIGANG = "submissions/2026/xigang/mediation.yaml"
BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
CHECKOUT = "取出主分支的程序（不用 actions/checkout：内网取不到 GitHub 上的 action）"
CHECK = "检查本次变更（格式、日程、签字人）"
MERGE = "按此刻检查，通过则合并"
LATE = "::error file=submissions/2026/xigang/mediation.yaml,line=1,col=1,title=错误[E402]::"


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory, tree: Path) -> Iterator[GiteaSite]:
    made = GiteaSite.create(tmp_path_factory.mktemp("forgejo-side"), tree)
    yield made
    made.close()


def organ_filing(site: GiteaSite, number: int, pushed: str, branch: str = "pr", name: str = "调解网络") -> str:
    site.author.branch(branch)
    site.author.write(XIGANG, ORGAN.format(name=name))
    site.author.commit("Register", pushed, ZHANG)
    return site.push(number, pushed, branch)


def test_an_on_time_filing_signed_by_its_leader_is_green(site: GiteaSite) -> None:
    organ_filing(site, 1, "2026-03-15T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-15T10:05:00+08:00")
    assert job.ran and job.ok, job.out
    assert job.step(CHECKOUT).code == 0
    assert LATE not in job.out


def test_a_late_filing_is_red(site: GiteaSite) -> None:
    organ_filing(site, 1, "2026-03-21T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-21T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-21T10:05:00+08:00")
    assert job.ran and not job.ok
    assert LATE in job.step(CHECK).out


def test_a_pull_request_that_rewrites_the_checker_is_judged_by_mains(site: GiteaSite) -> None:
    site.author.branch("pr")
    for script in ("judge-pull.sh", "install-check.sh"):
        site.author.write(f".github/scripts/{script}", "#!/bin/sh\nexit 0\n")
    site.author.write(".forgejo/workflows/checks.yml", "on: pull_request_target\njobs: {}\n")
    site.author.write(XIGANG, ORGAN.format(name="调解网络"))
    site.author.commit("Register, and pass everything", "2026-03-21T09:00:00+08:00", ZHANG)
    site.push(1, "2026-03-21T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-21T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-21T10:05:00+08:00")
    assert job.ran and not job.ok
    assert LATE in job.step(CHECK).out


def test_statuses_written_by_accounts_prove_nothing_and_a_forged_required_status_merges_nothing(
    site: GiteaSite,
) -> None:
    head = organ_filing(site, 1, "2026-03-21T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-21T10:00:00+08:00")
    # A maintainer's token (or a branch's workflow) writes our context and the required status.
    maintainer = gitea_user("dlftu-it-wanglei")
    site.gitea._add_status(head, "checks.yml / 检查申报文件 (pull_request_target)", "success", maintainer)
    site.gitea._add_status(head, "合并检查", "success", maintainer)
    merge = site.comment(1, "/合并", at="2026-03-21T11:00:00+08:00")
    assert merge.ran and not merge.ok
    assert "错误[E402]" in merge.step(MERGE).out
    assert site.gitea.pulls[1]["merged"] is False
    assert "此刻的检查没有通过，未合并" in site.gitea.comments[1][-1]


def test_a_dismissed_approval_is_no_signature(site: GiteaSite) -> None:
    organ_filing(site, 1, "2026-03-15T09:00:00+08:00")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-15T10:00:00+08:00")
    site.gitea.dismiss(1, ZHANG_ACCOUNT)
    job = site.checks_job(1, now="2026-03-15T10:05:00+08:00")
    assert job.ran and not job.ok
    assert "E420" in job.step(CHECK).out


def grassroots_filing(site: GiteaSite, number: int, pushed: str) -> str:
    site.author.branch("pr")
    site.author.write(BAYI, GRASSROOTS.format(name="法律援助驿站"))
    site.author.commit("Register", pushed, LINNA)
    return site.push(number, pushed)


def test_a_grassroots_filing_that_reached_the_forge_after_10_march_is_late(site: GiteaSite) -> None:
    grassroots_filing(site, 1, "2026-03-11T09:00:00+08:00")
    site.approve(1, LINNA_ACCOUNT, "2026-03-11T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-11T10:05:00+08:00")
    assert job.ran and not job.ok
    assert "title=错误[E401]" in job.step(CHECK).out and "平台提交状态" in job.step(CHECK).out


def test_content_pushed_before_a_force_push_keeps_its_proof(site: GiteaSite) -> None:
    grassroots_filing(site, 1, "2026-03-09T09:00:00+08:00")
    # After the deadline, the same content on a new commit (reworded), force-pushed: the forge's
    # status of the old head, found through the timeline, still proves the content's arrival.
    when = "2026-03-12T09:00:00+08:00"
    who = {"GIT_COMMITTER_NAME": LINNA[0], "GIT_COMMITTER_EMAIL": LINNA[1], "GIT_COMMITTER_DATE": when}
    site.author.git("commit", "-q", "--amend", "-m", "Register (reworded)", env=who)
    site.push(1, when, force=True)
    site.approve(1, LINNA_ACCOUNT, "2026-03-12T10:00:00+08:00")
    job = site.checks_job(1, now="2026-03-12T10:05:00+08:00")
    assert job.ran and job.ok, job.out
    # …and with the timeline's push record gone, the old head is unknown: the content arrived late.
    site.gitea.timeline[1].clear()
    again = site.checks_job(1, now="2026-03-12T10:10:00+08:00")
    assert not again.ok and "title=错误[E401]" in again.step(CHECK).out


def test_the_deadline_holds_at_the_moment_of_merge(site: GiteaSite) -> None:
    organ_filing(site, 1, "2026-03-20T20:00:00+08:00", branch="first", name="调解网络")
    site.approve(1, ZHANG_ACCOUNT, "2026-03-20T20:10:00+08:00")
    assert site.checks_job(1, now="2026-03-20T20:15:00+08:00").ok  # green before midnight
    site.author.checkout("main")
    site.author.branch("second")
    site.author.write("submissions/2026/xigang/night-school.yaml", ORGAN.format(name="职工夜校"))
    site.author.commit("Register", "2026-03-20T21:00:00+08:00", ZHANG)
    site.push(2, "2026-03-20T21:00:00+08:00", branch="second")
    site.approve(2, ZHANG_ACCOUNT, "2026-03-20T21:10:00+08:00")

    main_before = site.forge.sha("main")
    merged = site.comment(2, "/合并", at="2026-03-20T23:59:00+08:00")
    assert merged.ok, merged.out
    pull = site.gitea.pulls[2]
    assert pull["merged"] is True and site.forge.sha("main") == pull["merge_commit_sha"] != main_before
    assert site.gitea.statuses[pull["head"]["sha"]][-1]["context"] == "合并检查"

    # Green at 20:15, asked to merge 30 seconds after midnight: judged now, late, not merged.
    late = site.comment(1, "/合并", at="2026-03-21T00:00:30+08:00")
    assert late.ran and not late.ok and site.gitea.pulls[1]["merged"] is False
    assert "错误[E402]" in late.step(MERGE).out and "未合并" in site.gitea.comments[1][-1]


def test_a_comment_that_is_not_the_merge_command_starts_nothing(site: GiteaSite) -> None:
    organ_filing(site, 1, "2026-03-15T09:00:00+08:00")
    job = site.comment(1, "请领导审核", at="2026-03-15T10:00:00+08:00")
    assert not job.ran
