"""The workflows' own scripts on a simulated GitHub runner (see harness.py for what is simulated)."""

from __future__ import annotations

import os
import subprocess

import pytest
from gitrepo import GRASSROOTS, LINNA, LINNA_ACCOUNT, ORGAN, ZHANG, ZHANG_ACCOUNT

from .scenario import Site

BAYI = "submissions/2026/xigang-bayi-street/legal-aid.yaml"
XIGANG = "submissions/2026/xigang/mediation.yaml"
CHECK = "检查本次变更（格式、日程、签字人）"
ERROR = "::error file="

root_only = pytest.mark.skipif(os.geteuid() != 0, reason="a workspace owned by another uid needs root to make")


def register_grassroots(site: Site, number: int, pushed: str, written: str | None = None) -> str:
    site.author.branch(f"pr{number}")
    site.author.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    site.author.commit("Register", written or pushed, LINNA)
    head = site.push(number, pushed, f"pr{number}")
    site.approve(number, LINNA_ACCOUNT, pushed)
    return head


def register_organ(site: Site, number: int, pushed: str) -> str:
    site.author.branch(f"pr{number}")
    site.author.write(XIGANG, ORGAN.format(name="调解网络"))
    site.author.commit("Register", pushed, ZHANG)
    head = site.push(number, pushed, f"pr{number}")
    site.approve(number, ZHANG_ACCOUNT, pushed)
    return head


@root_only
def test_the_workspace_is_one_git_refuses_without_the_scripts_help(site: Site) -> None:
    """The simulation reproduces the container: root, a foreign-owned workspace, a fresh HOME."""
    ws = site.runner.workspace(site.forge.sha("main"))
    assert ws.stat().st_uid != os.geteuid()
    proc = subprocess.run(
        ["git", "rev-parse", "HEAD"],
        cwd=ws,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(site.runner.scratch)},
    )
    assert proc.returncode != 0 and "dubious ownership" in proc.stderr


def test_a_valid_filing_passes_with_its_summary(site: Site) -> None:
    register_grassroots(site, 1, "2026-03-05T09:00:00+08:00", "2026-03-05T08:55:00+08:00")
    job = site.checks_job(1, now="2026-03-05T09:01:00+08:00", action="opened")
    assert job.ok, job.out
    check = job.step(CHECK)
    assert check.code == 0 and "与基准版本" in check.out and ERROR not in check.out
    assert job.summary.startswith("## 申报文件检查\n\n检查完毕：") and "没有发现问题" in job.summary
    assert job.step("审核分派（CODEOWNERS）与 JSON Schema 是否最新").code == 0


def test_a_late_filing_fails_with_an_annotation_on_the_file(site: Site) -> None:
    register_organ(site, 2, "2026-03-21T00:00:30+08:00")
    job = site.checks_job(2, now="2026-03-21T00:01:00+08:00", action="opened")
    check = job.step(CHECK)
    assert check.code == 1
    assert f"{ERROR}{XIGANG},line=1,col=1,title=错误[E402]::" in check.out
    assert "<td>E402</td>" in job.summary and f"{XIGANG}:1:1" in job.summary
    # the other filing checks still run and report after the failure
    assert job.step("审核分派（CODEOWNERS）与 JSON Schema 是否最新").code == 0


def test_an_early_opened_pull_request_with_late_content_is_late(site: Site) -> None:
    site.author.branch("pr3")
    site.author.write(BAYI, GRASSROOTS.format(name="占位"))
    site.author.commit("Placeholder", "2026-02-01T09:00:00+08:00", LINNA)
    site.push(3, "2026-02-01T09:00:00+08:00", "pr3")
    site.author.write(BAYI, GRASSROOTS.format(name="社区法律援助驿站"))
    site.author.commit("The real content, dated before the deadline by its author", "2026-03-09T09:00:00+08:00", LINNA)
    site.push(3, "2026-03-12T09:30:00+08:00", "pr3")
    site.approve(3, LINNA_ACCOUNT, "2026-03-12T09:40:00+08:00")
    job = site.checks_job(3, now="2026-03-12T10:00:00+08:00")
    check = job.step(CHECK)
    assert check.code == 1, check.out + check.err
    assert f"{ERROR}{BAYI},line=1,col=1,title=错误[E401]::" in check.out
    assert "2026-03-12 09:30:00" in check.out  # the arrival: GitHub's run for the push that brought it


def test_content_the_forge_saw_on_time_stays_on_time_when_judged_later(site: Site) -> None:
    register_grassroots(site, 4, "2026-03-10T23:59:59+08:00", "2026-03-10T22:59:00+08:00")
    job = site.checks_job(4, now="2026-03-12T10:00:00+08:00")  # a queued job: the run's creation counts
    assert job.step(CHECK).code == 0, job.out


def test_a_deploy_dispatched_on_another_branch_is_refused(site: Site) -> None:
    job = site.dispatched("deploy.yml", "build", "feature", now="2026-03-05T10:00:00+08:00", until="只发布主分支")
    guard = job.step("只发布主分支")
    assert guard.code == 1 and "::error title=只能发布主分支::" in guard.out and "refs/heads/feature" in guard.out
    assert not job.ok
    main = site.dispatched("deploy.yml", "build", "main", now="2026-03-05T10:00:00+08:00", until="只发布主分支")
    assert main.step("只发布主分支").code == 0


@pytest.mark.parametrize(
    ("path", "code"),
    [(BAYI, "false"), ("generator/new_module.py", "true"), ("submissions/schemas/units.schema.json", "true")],
)
def test_the_tests_run_only_when_something_besides_filings_changed(site: Site, path: str, code: str) -> None:
    site.author.branch("pr10")
    site.author.write(path, GRASSROOTS.format(name="社区法律援助驿站") if path == BAYI else "x = 1\n")
    site.author.commit("Change", "2026-03-05T09:00:00+08:00", LINNA)
    site.push(10, "2026-03-05T09:00:00+08:00", "pr10")
    job = site.tests_job(10, now="2026-03-05T09:01:00+08:00", job="changes")
    assert job.ok, job.out
    assert job.outputs["diff"] == {"code": code}


def test_a_file_name_that_is_a_workflow_command_is_printed_harmlessly(site: Site) -> None:
    site.author.branch("pr11")
    site.author.write("::stop-commands::x", "x\n")
    site.author.commit("A file named like a workflow command", "2026-03-05T09:00:00+08:00", LINNA)
    site.push(11, "2026-03-05T09:00:00+08:00", "pr11")
    changes = site.tests_job(11, now="2026-03-05T09:01:00+08:00", job="changes")
    filing = site.checks_job(11, now="2026-03-05T09:01:00+08:00")
    for line in (changes.out + filing.out).splitlines():
        assert not line.lstrip().startswith("::stop-commands"), line
